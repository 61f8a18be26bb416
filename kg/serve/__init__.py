"""`kg serve`: the SPARQL endpoint over HTTP and the fair turns of its clients."""
