"""Network analysis of a built graph: centrality, communities, paths and the network exports."""
