"""SPARQL: queries on the built graph, screened before they run, their worker processes; pushing to
and querying other stores."""
