"""The graph as RDF: the ontology's terms, the mapping, Turtle, the store, export, validation."""
