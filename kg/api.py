"""kg from Python: a few nouns (`Graph`, `Rows`, `Fact`, `Page`) and verbs (`build`, `open`).

The work is done by the functions behind the commands (`kg.pipeline.build`,
`kg.sparql.query`, `kg.graph.store`, `kg.page.render`); this module gives them names a
notebook can use. Libraries load when first needed: `kg.open` and a query never load
natasha's models.

A tour on the texts bundled with the repository:

>>> import kg, tempfile
>>> from kg.data import PACKAGE
>>> graph = kg.build(PACKAGE.parent / "seeds")
>>> graph
<kg.Graph seeds: 2 documents, 9 people, 16 organizations, 11 places, 10 events, 38 facts>
>>> [(row["person"], row["other"], row["date"]) for row in graph.query("who-met-whom")][-1]
('Эмомали Рахмон', 'Имангали Тасмагамбетов', None)
>>> [row["title"] for row in graph.query("positions") if row["person"] == "Сергей Лавров"]
['министр иностранных дел']
>>> lavrov = [fact for fact in graph.facts("metWith") if fact.object == "Сергей Лавров"]
>>> print(lavrov[0])
Имангали Тасмагамбетов metWith Сергей Лавров (002_e5e59c7dfeaf13b1.txt, 2023-09-14)
>>> with tempfile.TemporaryDirectory() as folder:
...     written = sorted(path.name for path in graph.save(folder) if path.is_file())
...     same = kg.open(folder).query("who-met-whom") == graph.query("who-met-whom")
>>> written, same
(['graph.html', 'graph.ttl'], True)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.graph.plain import plain_triples
from kg.records import HOLDS_POSITION, MET_WITH, ORGANIZED, PARTICIPANT, PARTICIPATED_IN, SPOKE_AT
from kg.results import PAGE_HEIGHT, Fact, Page, PathType, Rows, day_of, rows_of

if TYPE_CHECKING:
    import networkx
    import rdflib

    from kg.graph.plain import PlainGraph
    from kg.inputs.load import Skipped
    from kg.pipeline.build import BuildResult
    from kg.records import KnowledgeBase
    from kg.sparql.local import LocalQueries

__all__ = ["Fact", "Graph", "Page", "Rows", "build", "open"]

GRAPH_FILE = "graph.ttl"
RELATIONS = (MET_WITH, SPOKE_AT, ORGANIZED, PARTICIPATED_IN, PARTICIPANT, HOLDS_POSITION)
# What the one-line summary counts: its name there -> the class counted.
COUNTED = {"documents": "kg:Document", "people": "kg:Person", "organizations": "kg:Organization",
           "places": "kg:Place", "events": "kg:Event", "facts": "rdf:Statement"}
COUNTS_QUERY = ("SELECT ?name (COUNT(DISTINCT ?x) AS ?count) WHERE { VALUES (?name ?class) { "
                + " ".join(f'("{name}" {term})' for name, term in COUNTED.items()) + " } ?x a ?class } GROUP BY ?name")
# Every rdf:Statement with its labels, document and sentence; the date is its event's: the
# object (spokeAt...), the subject (an event's kg:participant), or for metWith the meeting of
# both that the same document tells of (held: no other kg:status). {relation} narrows it.
FACTS_QUERY = """SELECT ?relation ?subject ?object ?document ?sentence ?evidence (MIN(?day) AS ?date) WHERE {
  {relation}
  ?statement a rdf:Statement ; rdf:subject ?x ; rdf:predicate ?p ; rdf:object ?y ;
             prov:wasDerivedFrom ?doc ; kg:evidence ?evidence ; kg:sentenceIndex ?sentence .
  ?doc kg:sourceFile ?document .
  ?x rdfs:label ?subject .
  ?y rdfs:label ?object .
  BIND(STRAFTER(STR(?p), "#") AS ?relation)
  OPTIONAL { ?y kg:date|kg:startDate ?objectDay }
  OPTIONAL { ?x kg:date|kg:startDate ?subjectDay }
  OPTIONAL { FILTER(?p = kg:metWith)
             ?meeting a kg:Meeting ; kg:participant ?x, ?y ; prov:wasDerivedFrom ?doc ;
                      kg:date|kg:startDate ?meetingDay .
             FILTER NOT EXISTS { ?meeting kg:status ?status FILTER(?status != kg:Held) } }
  BIND(COALESCE(?objectDay, ?subjectDay, ?meetingDay) AS ?day)
} GROUP BY ?statement ?relation ?subject ?object ?document ?sentence ?evidence"""


# ---------------------------------------------------------------- the verbs

def build(folder: PathType, *, workers: int = 1, cache: PathType | None = None, max_mb: float = 5.0,
          progress: Callable[[int, int, str], None] | None = None,
          rules: PathType | list[PathType] | None = None) -> Graph:
    """The graph of a folder of `*.txt` texts, built in memory; `save` writes it.

    `workers` processes read the texts (from 40 texts on; a script then needs its code under
    `if __name__ == "__main__":`, as multiprocessing does). With `cache`, a folder, each
    text's extraction is kept by content, as `kg build` keeps `OUT_DIR/.kg-cache`, and a
    build after a few texts changed reads only those. Texts larger than `max_mb` or unusable
    are skipped (`Graph.skipped`); `progress(done, total, name)` is called after each text.
`rules`, a TOML file of rule rows or a folder of them (or a list), adds a domain's own
meeting words, event nouns or titles to the packaged rules, as `kg build --rules`.

    >>> build("no/such/folder")
    Traceback (most recent call last):
    kg.errors.KgError: input folder not found: no/such/folder
    >>> graph = build("seeds", workers=2, cache="exports/.kg-cache")  # doctest: +SKIP
    """
    from kg.inputs.cache import Cache
    from kg.pipeline.build import build_graph
    folder = Path(folder)
    extra = [] if rules is None else [Path(p) for p in (rules if isinstance(rules, list) else [rules])]
    result = build_graph(folder, progress, max_bytes=int(max_mb * 1_000_000), workers=workers,
                         cache=Cache(Path(cache)) if cache is not None else None, rules=extra)
    return Graph(built=result, name=folder.name or str(folder))


def open(path: PathType) -> Graph:  # kg.open, as gzip.open: nothing here needs the builtin
    """A graph `kg build` (or `Graph.save`) wrote: its output folder, or its graph.ttl.

    Queries run on the Oxigraph store written beside the Turtle when it matches it, else on
    the Turtle loaded in memory (as `kg query`).

    >>> open("no/such/folder")
    Traceback (most recent call last):
    kg.errors.KgError: graph not found: no/such/folder (a folder `kg build` wrote, or its graph.ttl)
    >>> graph = open("exports")  # doctest: +SKIP
    """
    given = Path(path)
    graph_path = given / GRAPH_FILE if given.is_dir() else given
    if not given.exists():
        raise KgError(f"graph not found: {given} (a folder `kg build` wrote, or its {GRAPH_FILE})")
    if not graph_path.is_file():
        raise KgError(f"no {GRAPH_FILE} in {given} (build it: kg.build(texts).save(folder), or `kg build`)")
    return Graph(path=graph_path, name=str(given))


# ---------------------------------------------------------------- the graph

class Graph:
    """A built knowledge graph: made by `kg.build` (it then holds the resolved knowledge base)
    or `kg.open` (the Turtle and its store). `Graph(built=result)` wraps what
    `kg.pipeline.build.build_graph` returned.

    >>> graph = kg.build("seeds")  # doctest: +SKIP
    >>> graph.counts()["people"]  # doctest: +SKIP
    9
    """

    def __init__(self, *, built: BuildResult | None = None, path: PathType | None = None, name: str = ""):
        if built is not None and path is None:
            self._source: BuildResult | Path = built
        elif path is not None and built is None:
            self._source = Path(path)
        else:
            raise TypeError("Graph takes built= (a build's result) or path= (a graph.ttl), one of them")
        self.path = self._source if isinstance(self._source, Path) else None
        self.name = name or str(self.path or "graph")
        if self.path is not None:
            _ = self._store  # opened now: a file that is no graph fails here, not at the first query

    @property
    def kb(self) -> KnowledgeBase | None:
        """The resolved knowledge base (kg.records) of a graph built in memory; None when opened.

        >>> len(kg.build("seeds").kb.documents)  # doctest: +SKIP
        2
        """
        return None if isinstance(self._source, Path) else self._source.kb

    @property
    def skipped(self) -> list[Skipped]:
        """The texts a build could not use, each with its path and reason.

        >>> [(s.path, s.reason) for s in kg.build("texts").skipped]  # doctest: +SKIP
        [('empty.txt', 'empty file')]
        """
        return [] if isinstance(self._source, Path) else list(self._source.skipped)

    def query(self, query: str, /, **bindings: str) -> Rows:
        """Rows of a saved query (by name, see `kg query --list`), a `.rq` file or SPARQL text,
        run as `kg query` runs it (kg's prefixes predeclared; read-only). Each keyword fills
        the query's `VALUES ?name { ... }` block, as `kg query -b name=Лавров`.

        >>> graph.query("everything-about", name="Лавров")[0]["entity"]  # doctest: +SKIP
        'Сергей Лавров'
        """
        import warnings

        from kg.sparql import query as q
        text = q.bind(q.query_text(query), {name: str(value) for name, value in bindings.items()})
        for note in q.undefined_terms(text):  # a typo in a term gives no rows: say why
            warnings.warn(note, stacklevel=2)
        return rows_of(self._queries.run(text))

    def facts(self, relation: str | None = None) -> list[Fact]:
        """Every fact (one a relation read from one sentence), or those of one relation:
        metWith, spokeAt, organized, participatedIn, participant (an event's), holdsPosition;
        in document and sentence order. `pandas.DataFrame(graph.facts())` makes a table.

        >>> for fact in graph.facts("spokeAt"):  # doctest: +SKIP
        ...     print(fact.subject, "->", fact.object)
        Самат Ордабаев -> Всемирная Общественная Ассамблея
        """
        if relation is not None and relation not in RELATIONS:
            raise KgError(f"unknown relation '{relation}' (relations: {', '.join(RELATIONS)})")
        narrowed = f"VALUES ?p {{ kg:{relation} }}" if relation else ""
        rows = sorted(self.query(FACTS_QUERY.replace("{relation}", narrowed)),
                      key=lambda r: (r["document"], r["sentence"], r["relation"], r["subject"], r["object"]))
        return [Fact(r["relation"], r["subject"], r["object"], r["document"], r["evidence"], day_of(r["date"]))
                for r in rows]

    def counts(self) -> dict[str, int]:
        """How many documents, people, organizations, places, events and facts the graph holds.

        >>> graph.counts()  # doctest: +SKIP
        {'documents': 2, 'people': 9, 'organizations': 16, 'places': 10, 'events': 10, 'facts': 38}
        """
        return dict(self._counts)

    def to_rdflib(self) -> rdflib.Graph:
        """The graph as an rdflib Graph, with kg's prefixes bound (a new one at each call).

        >>> len(graph.to_rdflib())  # doctest: +SKIP
        1178
        """
        if isinstance(self._source, Path):
            from kg.sparql.query import load_graph
            return load_graph(self._source)
        from kg.graph.rdf import to_graph
        return to_graph(self._source.kb)

    def to_networkx(self) -> networkx.MultiDiGraph:
        """What the page draws, as a networkx MultiDiGraph keyed by IRI: people, organizations,
        places and events (label, type, aliases, positions, documents...), and the relations
        between them, each edge keyed by relation with its facts (date, document, evidence).

        >>> network = graph.to_networkx()  # doctest: +SKIP
        >>> sorted(d["label"] for _, d in network.nodes(data=True) if d["type"] == "person")[:2]  # doctest: +SKIP
        ['Антонио Гутерриш', 'Жан-Пьер Лакруа']
        """
        from kg.analysis.read import network_from_graph
        return network_from_graph(self._plain)

    def stats(self, top: int = 10):
        """`kg stats`: counts, the most central people and organizations over the relation and
        co-mention networks, communities and components (a `kg.analysis.stats.Stats`).

        >>> graph.stats().networks["relations"]["central"]["person"]["pagerank"][0]["name"]  # doctest: +SKIP
        'Имангали Тасмагамбетов'
        """
        from kg.analysis.light import light_networks
        from kg.analysis.stats import stats
        return stats(light_networks(self._store), top=top)

    def paths(self, source: str, target: str, *, co_mentions: bool = False):
        """`kg path`: the shortest paths between two entities named by any form, each hop with
        its relation, date, document and sentence (a `kg.analysis.paths.Paths`).

        >>> [hop.target for hop in graph.paths("Лавров", "Токаев").paths[0]]  # doctest: +SKIP
        ['Имангали Тасмагамбетов', 'Касым-Жомарт Токаев']
        """
        from kg.analysis.networks import networks_from_graph
        from kg.analysis.paths import shortest_paths
        return shortest_paths(networks_from_graph(self._plain), source, target, co_mentions=co_mentions)

    def page(self, path: PathType | None = None, *, title: str | None = None,
             height: int = PAGE_HEIGHT) -> Path | Page:
        """The interactive page (`kg viz`): written to `path`, which is returned; without a
        path, a `Page` a notebook shows inline, `height` pixels high.

        >>> graph.page("graph.html")  # doctest: +SKIP
        PosixPath('graph.html')
        >>> graph.page()  # in Jupyter: the page in the notebook  # doctest: +SKIP
        """
        from kg.page.render import render_page
        page = Page(render_page(self._plain, title=title or f"kg: {self.name}"), height)
        return page if path is None else page.save(path)

    def save(self, folder: PathType, *, page: bool = True, mentions: bool = False) -> list[Path]:
        """Write what `kg build` writes into `folder`: graph.ttl, the store `kg query` reads,
        graph.html (unless page=False) and, for a graph built in memory, mentions.jsonl when
        asked. Returns the paths written; `kg.open(folder)` reads them back.

        >>> graph.save("exports")  # doctest: +SKIP
        [PosixPath('exports/graph.ttl'), PosixPath('exports/store-c96aee7caec494c4'), PosixPath('exports/graph.html')]
        """
        if mentions and self.kb is None:
            raise KgError("mentions are known only to a graph built from texts (kg.build), not an opened one")
        from kg.pipeline.build import write_outputs
        return write_outputs(Path(folder), self._plain, turtle=self._turtle(), kb=self.kb if mentions else None,
                             title=f"kg: {self.name}" if page else None).paths

    def __repr__(self) -> str:
        counts = ", ".join(f"{count} {name}" for name, count in self._counts.items())
        return f"<kg.Graph {self.name}: {counts}>"

    def _repr_html_(self) -> str:  # Jupyter's
        rows = "".join(f"<tr><th style='text-align: left'>{name}</th><td>{count}</td></tr>"
                       for name, count in self._counts.items())
        return f"<table><caption>kg graph: {escape(self.name)}</caption>{rows}</table>"

    @cached_property
    def _store(self):
        """The Oxigraph store queries run on: the one beside an opened graph.ttl (or the file
        loaded), or the built graph loaded in memory."""
        if isinstance(self._source, Path):
            from kg.graph.store import open_store
            return open_store(self._source)
        from kg.graph.store import from_graph
        return from_graph(self._source.triples)

    @cached_property
    def _queries(self) -> LocalQueries:
        """The worker process queries run in, behind the walls of `kg serve`'s (no network, a
        memory and a time limit; a crash ends the worker, not this kernel), started at the
        first query and stopped with the graph. A graph built in memory is handed to it as
        Turtle in a temporary folder."""
        import weakref

        from kg.sparql.local import LocalQueries
        folder = None
        path = self.path
        if path is None:
            import tempfile
            folder = Path(tempfile.mkdtemp(prefix="kg-graph-"))
            path = folder / GRAPH_FILE
            path.write_bytes(self._turtle())
        queries = LocalQueries(path)
        weakref.finalize(self, _stop_queries, queries, folder)
        return queries

    @cached_property
    def _plain(self) -> PlainGraph:
        """The graph as plain triples, which the page and networkx read."""
        if isinstance(self._source, Path):
            from kg.graph.plain import PlainGraph
            return PlainGraph(plain_triples(self._store))
        return self._source.triples

    @cached_property
    def _counts(self) -> dict[str, int]:
        found = {row["name"]: row["count"] for row in self.query(COUNTS_QUERY)}
        return {name: found.get(name, 0) for name in COUNTED}

    def _turtle(self) -> bytes:
        """graph.ttl's bytes: as `kg build` writes them, or the opened file as it is."""
        if isinstance(self._source, Path):
            return self._source.read_bytes()
        from kg.graph.turtle import to_turtle
        from kg.graph.vocab import PREFIXES
        return to_turtle(self._source.triples, PREFIXES).encode("utf-8")


def _stop_queries(queries: LocalQueries, folder: Path | None) -> None:
    import shutil
    queries.close()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
