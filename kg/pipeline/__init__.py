"""The corpus through the stages: the build, its worker processes, --watch rebuilds."""
