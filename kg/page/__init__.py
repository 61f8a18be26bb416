"""The interactive page: the graph drawn with vis-network (pyvis's engine), offline."""
