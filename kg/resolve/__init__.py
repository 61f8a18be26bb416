"""Entity resolution across sentences and documents."""
