"""SPARQL: queries on the built graph, the HTTP endpoint and its workers, pushing to other stores."""
