"""kg: knowledge graphs from Russian-language news, from Python.

Build a graph from a folder of texts, or open one `kg build` wrote, then question it::

    import kg

    graph = kg.build("seeds")                      # in memory: nothing is written unless asked
    graph = kg.open("exports")                     # or a built one: its folder or its graph.ttl
    for row in graph.query("who-met-whom"):        # a saved query by name (or SPARQL text)
        print(row["person"], row["other"], row["date"])
    for fact in graph.facts("holdsPosition"):
        print(fact.subject, fact.object, fact.evidence)
    graph.to_rdflib(), graph.to_networkx()         # the graph in rdflib and networkx
    graph.save("exports")                          # graph.ttl, its store and graph.html

The names come from `kg.api`, imported on first use: `import kg` stays quick for the
command line and loads none of rdflib, natasha, pyoxigraph or networkx.
"""

from importlib import import_module as _import_module

from kg.errors import KgError

__all__ = ["Fact", "Graph", "KgError", "Page", "Rows", "__version__", "build", "open"]

# kg.api's names; no module kg/build.py or kg/open.py may exist, or `import kg.build` would
# put the module where the function belongs.
_API = ("build", "open", "Graph", "Fact", "Rows", "Page")


def __getattr__(name: str):
    """The public names of kg.api, imported when first asked for (PEP 562)."""
    if name in _API:
        value = getattr(_import_module("kg.api"), name)
    elif name == "__version__":
        value = _version()
    else:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    globals()[name] = value  # asked once: later look-ups find it without coming here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("kg")
    except PackageNotFoundError:  # the sources on sys.path, not installed
        return "unknown"
