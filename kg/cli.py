"""The `kg` command line: one command a verb, each calling one library function."""

from __future__ import annotations

import os
import signal
import sys
import time
import webbrowser
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from kg.errors import KgError
from kg.text import visible


def _untyped_flags(params: list[Any]) -> list[Any]:
    """Typer (0.2x) labels every option with its type, `--list <bool>` too, yet a flag takes no
    value: kg's flags, --help too, show none. Only kg's commands do this; Typer is left as it is."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag:
            param.metavar = ""  # the name of an option's value, shown as its type: a flag has none
    return params


class _Command(TyperCommand):
    """A kg command: its flags show no type."""

    def get_params(self, ctx: Any) -> list[Any]:  # Any: a Context of the click that Typer carries
        return _untyped_flags(super().get_params(ctx))


class _Commands(TyperGroup):
    """kg's commands: their group's flags (--version, --help) show no type."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))


app = typer.Typer(cls=_Commands, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Build a knowledge graph from Russian news texts; query, export, validate and view it.")

# One OUT for every command: `kg build` writes there and the others read there (KG_OUT sets it).
DEFAULT_OUT = Path("exports")
OUT_ENV = "KG_OUT"


def _graph_file(value: Path) -> Path:
    from kg.graph.store import graph_file
    return graph_file(value)


GraphOption = Annotated[Path, typer.Option("--graph", "-g", envvar=OUT_ENV, callback=_graph_file, show_envvar=False,
                                           help="The build's folder or its graph.ttl (default: $KG_OUT or exports).")]
DEFAULT_GRAPH = DEFAULT_OUT
# kg build's and kg eval's: processes that read the texts
WorkersOption = Annotated[int | None, typer.Option("--workers", "-w", min=1,
                                                   help="Worker processes (default: all cores).")]


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    xml = "xml"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version
        typer.echo(f"kg {version('kg')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", "-V", is_eager=True, callback=_version,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Options before the command (the help text is the Typer app's)."""


def fail(message: str) -> None:
    typer.echo(f"kg: error: {visible(message)}", err=True)
    raise typer.Exit(1)


@app.command(cls=_Command)
def build(
    input_dir: Annotated[Path, typer.Argument(help="Folder of *.txt files (searched recursively), or a JSON Lines file "
                                                   "(.jsonl: id, text, optional date, url, title).")] = Path("seeds"),
    output_dir: Annotated[Path, typer.Option("--output", "-o", envvar=OUT_ENV, show_envvar=False,
                                             help="Where graph.ttl and graph.html go "
                                                  "(default: $KG_OUT or exports).")] = DEFAULT_OUT,
    mentions: Annotated[bool, typer.Option("--mentions",
                                           help="Also write mentions.jsonl (one line a mention).")] = False,
    page: Annotated[bool, typer.Option("--page/--no-page", help="Write the graph page graph.html.")] = True,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when any text had to be skipped.")] = False,
    max_mb: Annotated[float, typer.Option("--max-mb", help="Skip texts larger than this many megabytes.")] = 5.0,
    workers: WorkersOption = None,
    cache: Annotated[bool, typer.Option("--cache/--no-cache",
                                        help="Reuse the extraction of unchanged texts (OUT_DIR/.kg-cache).")] = True,
    watch: Annotated[bool, typer.Option("--watch",
                                        help="Stay up and build again whenever a "
                                             "text is added, changed or removed.")] = False,
    rules: Annotated[list[Path] | None, typer.Option("--rules",
                                                     help="A TOML file of rule rows (or a folder of them) added "
                                                          "to the packaged rules: a domain's own meeting words, "
                                                          "event nouns, titles. Repeatable.")] = None,
    cluster: Annotated[str | None, typer.Option("--cluster",
                                                help="Extract on a Dask cluster: its scheduler's ADDRESS "
                                                     "(tcp://host:8786), or local:N for N worker "
                                                     "processes here. Needs pip install 'kg[cluster]'.")] = None,
) -> None:
    """Build the graph from a folder of texts: kg build seeds -o exports"""
    from kg.pipeline.build import build as run_build, terminal_progress
    options: dict[str, Any] = {"mentions": mentions, "page": page, "progress": terminal_progress(),
                               "max_bytes": int(max_mb * 1_000_000), "workers": workers, "use_cache": cache,
                               "cluster": cluster, "rules": rules}
    if watch:
        from kg.pipeline.watch import Watcher
        watcher = Watcher(input_dir, output_dir, **options)
        result = watcher.build()
    else:
        result = run_build(input_dir, output_dir, **options)
    for note in result.notes:
        typer.echo(visible(note), err=True)
    for skipped in result.skipped:
        typer.echo(visible(f"skipped {skipped.path}: {skipped.reason}"), err=True)
    summary = result.summary()
    typer.echo(f"{summary['documents']} documents, {summary['triples']} triples in {summary['seconds']} s")
    typer.echo("entities:  " + ", ".join(f"{k} {v}" for k, v in summary["entities"].items()))
    typer.echo("relations: " + ", ".join(f"{k} {v}" for k, v in summary["relations"].items()))
    typer.echo(f"positions: {summary['positions']}")
    typer.echo("seconds:   " + _stages(summary))
    for path in result.written:
        typer.echo(f"wrote {path}")
    if strict and result.skipped:
        fail(f"{len(result.skipped)} text(s) skipped (--strict)")
    if watch:
        del result  # the first build's graph is not kept for the whole watch
        _watch(watcher)


def _stages(summary: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in summary["stages"].items())


def _watch(watcher) -> None:
    from kg.pipeline.watch import watch as run_watch
    typer.echo(f"watching {watcher.input_dir} (Ctrl-C to stop)")

    def report(rebuild) -> None:
        clock = time.strftime("%H:%M:%S")
        if rebuild.error:
            typer.echo(f"{clock} {rebuild.change()}: kg: error: {rebuild.error} (previous outputs kept)", err=True)
            return
        summary = rebuild.result.summary()
        skipped = f", {summary['skipped']} skipped" if summary["skipped"] else ""
        typer.echo(f"{clock} {rebuild.change()}: {summary['documents']} documents, {summary['triples']} triples"
                   f"{skipped} in {summary['seconds']} s ({_stages(summary)})")
    def stop(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)  # a service manager stops it as Ctrl-C does
    try:
        run_watch(watcher, report)
    except KeyboardInterrupt:
        typer.echo("stopped watching")


@app.command(cls=_Command)
def query(
    query: Annotated[str, typer.Argument(help="SPARQL text, a .rq file, or a saved query name (see --list).")] = "",
    graph: GraphOption = DEFAULT_GRAPH,
    format_: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format.")] = QueryFormat.table,
    list_: Annotated[bool, typer.Option("--list", help="List the saved queries.")] = False,
    bind: Annotated[list[str] | None, typer.Option("--bind", "-b",
                                                   help="NAME=VALUE for a saved query's VALUES ?NAME block.")] = None,
    allow_update: Annotated[bool, typer.Option("--allow-update",
                                               help="Run SPARQL Update (changes only the loaded copy).")] = False,
    allow_service: Annotated[bool, typer.Option("--allow-service",
                                                help="Let SERVICE (and LOAD with "
                                                     "--allow-update) fetch other URLs.")] = False,
    max_query_kb: Annotated[float, typer.Option("--max-query-kb", min=1,
                                                help="Longest query text, in kilobytes.")] = 1000,
    endpoint: Annotated[str | None, typer.Option("--endpoint",
                                                 help="Query this SPARQL endpoint URL "
                                                      "instead of the graph file.")] = None,
    graph_iri: Annotated[str | None, typer.Option("--graph-iri",
                                                  help="With --endpoint: the named graph "
                                                       "to query (as `kg push` loaded it).")] = None,
    width: Annotated[int, typer.Option("--width", min=0,
                                       help="Cut table cells at this many characters (0: never).")] = 80,
    full: Annotated[bool, typer.Option("--full", help="Never cut table cells (as --width 0).")] = False,
    strict: Annotated[bool, typer.Option("--strict",
                                         help="Refuse a query naming a kg: term "
                                              "the ontology does not define.")] = False,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1,
                                              help="Seconds the query may run before it is stopped.")] = 300.0,
    max_memory_mb: Annotated[float | None, typer.Option("--max-memory-mb", min=64,
                                                        help="Memory the query may use, in megabytes "
                                                             "(default: half the machine's).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1,
                                           help="With --endpoint: seconds the whole request may take.")] = 300.0,
) -> None:
    """Run SPARQL over the graph: kg query who-met-whom"""
    from kg.sparql import query as q
    if list_ or not query:
        for name, path in q.saved_queries().items():
            first = (path.read_text(encoding="utf-8", errors="replace").splitlines() or [""])[0].lstrip("# ")
            typer.echo(visible(f"{name:<22} {first}"))
        return
    source = q.query_text(query)   # an unknown name or file is said before anything starts
    if endpoint:
        from kg.sparql.remote import query as remote_query
        text, notes = _query_text(source, bind, strict)
        results = remote_query(endpoint, text, graph_iri, timeout=timeout)
    else:
        from kg.sparql.local import LocalQueries
        # The worker opens the graph while the query is read and bound here.
        with LocalQueries(graph, time_limit=time_limit, max_memory_mb=max_memory_mb, allow_update=allow_update,
                          allow_service=allow_service, max_query_bytes=int(max_query_kb * 1000)) as queries:
            text, notes = _query_text(source, bind, strict)
            results = queries.run(text)
    if format_ is QueryFormat.json:
        typer.echo(q.to_json(results))
    elif format_ is QueryFormat.csv:
        _write_data(q.to_csv(results))
    else:
        typer.echo(q.to_table(results, width=0 if full else width))
    for note in notes:
        typer.echo(f"kg: warning: {visible(note)}", err=True)


def _query_text(source: str, bind: list[str] | None, strict: bool) -> tuple[str, list[str]]:
    """The query's text with its values bound, and the notes on kg: terms it names."""
    from kg.sparql import query as q
    text = q.bind(source, q.parse_bindings(bind or []))
    notes = q.undefined_terms(text)
    if notes and strict:
        fail(notes[0] + " (--strict)")
    return text, notes


def _write_data(text: str) -> None:
    """CSV as it is into a file or a pipe; on a terminal, its control characters written out."""
    sys.stdout.write(visible(text, keep="\n\r\t") if sys.stdout.isatty() else text)


@app.command(cls=_Command)
def export(
    format_: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF format.")] = ExportFormat.ttl,
    graph: GraphOption = DEFAULT_GRAPH,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="File to write (default: beside the graph).")] = None,
) -> None:
    """Export the graph as Turtle, N-Triples, JSON-LD or RDF/XML, or its network as GraphML, GEXF or
    CSV nodes and edges (neo4j-admin import header): kg export -f graphml"""
    from kg.exports import export as run_export
    for path in run_export(graph, format_.value, output):
        typer.echo(f"wrote {path}")


class StatsFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command(cls=_Command)
def stats(
    graph: GraphOption = DEFAULT_GRAPH,
    format_: Annotated[StatsFormat, typer.Option("--format", "-f", help="Output format.")] = StatsFormat.table,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many entities a ranking lists.")] = 10,
) -> None:
    """Counts, the most central people and organizations, communities and components: kg stats"""
    from kg.analysis.stats import graph_stats, to_csv, to_json, to_table
    result = graph_stats(graph, top=top)
    if format_ is StatsFormat.json:
        typer.echo(to_json(result))
    elif format_ is StatsFormat.csv:
        _write_data(to_csv(result))
    else:
        typer.echo(visible(to_table(result)))


@app.command(cls=_Command)
def path(
    source: Annotated[str, typer.Argument(help="An entity's name or any of its forms: Медведев")],
    target: Annotated[str, typer.Argument(help="The other entity: Украина")],
    graph: GraphOption = DEFAULT_GRAPH,
    co_mentions: Annotated[bool, typer.Option("--co-mentions",
                                              help="Also go through co-mentions (used "
                                                   "anyway when no relation joins the two).")] = False,
) -> None:
    """How two entities are connected: shortest paths, each hop with its relation, date and sentence: \
kg path Медведев Украина"""
    from kg.analysis.paths import graph_paths, to_text
    typer.echo(visible(to_text(graph_paths(graph, source, target, co_mentions=co_mentions))))


@app.command(cls=_Command)
def validate(graph: GraphOption = DEFAULT_GRAPH) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl: kg validate"""
    from kg.graph.validate import validate as run_validate
    from kg.sparql.query import load_graph
    report = run_validate(load_graph(graph))
    if not report.conforms:
        typer.echo(report.text, err=True)
        fail(f"{graph} does not conform to the shapes")
    typer.echo(f"{graph} conforms to the shapes")


DEFAULT_GOLD = Path("../shared/factrueval-dev")


@app.command("eval", cls=_Command)
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="factRuEval-format folder: *.txt "
                                                  "with gold *.objects, *.facts...")] = DEFAULT_GOLD,
    output_dir: Annotated[Path, typer.Option("--output", "-o",
                                             help="Where the evaluated graph is built.")] = Path("exports/eval"),
    locorg: Annotated[str, typer.Option("--locorg", help="Score gold LocOrg mentions as LOC or ORG.")] = "LOC",
    errors: Annotated[str | None, typer.Option("--errors",
                                               help="List misses and false hits of a row: PER, "
                                                    "ORG, LOC, mentions, Meeting, Occupation.")] = None,
    workers: WorkersOption = None,
    official: Annotated[bool, typer.Option("--official/--no-official",
                                           help="Also score with the task's own "
                                                "scripts (t1_eval.py -l, t3_eval.py).")] = True,
    scripts: Annotated[Path | None, typer.Option("--scripts",
                                                 help="Folder of the task's t1_eval.py and "
                                                      "t3_eval.py (default: GOLD_DIR/scripts).")] = None,
) -> None:
    """Build the graph of an annotated corpus and score it: kg eval ../shared/factrueval-dev"""
    from kg.eval.report import format_errors, format_report
    from kg.eval.score import evaluate as run_evaluate
    from kg.pipeline.build import build as run_build, terminal_progress
    if not gold_dir.is_dir():
        fail(f"gold folder not found: {gold_dir}")
    run_build(gold_dir, output_dir, mentions=True, page=False, progress=terminal_progress(), workers=workers)
    report = run_evaluate(gold_dir, output_dir, locorg=locorg.upper())
    typer.echo(format_report(report))
    if errors:
        typer.echo(format_errors(report, errors))
    if official:
        from kg.eval.official import find_scripts, format_official, gold_documents, official_evaluate
        folder = find_scripts(gold_dir, scripts)
        if folder is None:
            typer.echo(f"official scorers skipped: no t1_eval.py and t3_eval.py in {scripts or gold_dir / 'scripts'}",
                       err=True)
        elif not gold_documents(gold_dir):
            typer.echo(f"official scorers skipped: no book_N documents in {gold_dir}", err=True)
        else:
            figures = official_evaluate(gold_dir, output_dir, scripts=folder)
            typer.echo(format_official(figures))
            typer.echo(f"(t1_eval.py -l and t3_eval.py of {folder}, responses in {figures.responses}, "
                       f"{figures.seconds:.1f} s)")


@app.command(cls=_Command)
def viz(
    graph: GraphOption = DEFAULT_GRAPH,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Page to write (default: graph.html beside the graph).")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Open the page in a web browser.")] = False,
    max_nodes: Annotated[int, typer.Option("--max-nodes", min=1,
                                           help="Above this many entities the page holds the "
                                                "most central ones (PageRank) and says so.")] = 5000,
) -> None:
    """Write the interactive graph page and optionally open it: kg viz --open"""
    from kg.analysis.networks import read_graph
    from kg.output import write_atomic
    from kg.page.render import render_page
    target = output or graph.with_name("graph.html")
    write_atomic(target, render_page(read_graph(graph), title=f"kg: {graph.name}", max_nodes=max_nodes))
    typer.echo(f"wrote {target}")
    if open_:
        webbrowser.open(target.resolve().as_uri())


@app.command(cls=_Command)
def serve(
    graph: GraphOption = DEFAULT_GRAPH,
    host: Annotated[str, typer.Option("--host",
                                      help="Address to listen on (loopback "
                                           "by default: only this machine).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="Port (0: any free one).")] = 7878,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1,
                                              help="Seconds a query may run before it is stopped.")] = 30.0,
    max_result_mb: Annotated[float, typer.Option("--max-result-mb", min=0.001,
                                                 help="Largest answer, in megabytes.")] = 20.0,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1,
                                         help="Queries answered at once (one process each).")] = 2,
    cors: Annotated[list[str] | None, typer.Option("--cors",
                                                   help="A web origin allowed to query "
                                                        "from a browser page (or '*').")] = None,
    memory: Annotated[bool, typer.Option("--memory",
                                         help="Each worker loads the graph into memory: queries "
                                              "about twice as fast, slower start, more memory.")] = False,
    max_memory_mb: Annotated[float | None, typer.Option("--max-memory-mb", min=64,
                                                        help="Memory a query worker may use, in "
                                                             "megabytes (default: half the machine's "
                                                             "memory shared by the workers).")] = None,
    max_query_kb: Annotated[float, typer.Option("--max-query-kb", min=1,
                                                help="Longest query text, in kilobytes.")] = 1000,
    max_connections: Annotated[int, typer.Option("--max-connections", min=1,
                                                 help="Requests answered at once (idle connections "
                                                      "not counted); more are answered 503.")] = 32,
    header_timeout: Annotated[float, typer.Option("--header-timeout", min=0.1,
                                                  help="Seconds a connection has to send the head "
                                                       "of a request.")] = 10.0,
) -> None:
    """Serve the graph read-only over the SPARQL 1.1 Protocol, with its page at /: kg serve"""
    from kg.serve.endpoint import Settings, serve as run_serve
    settings = Settings(host=host, port=port, workers=workers, time_limit=time_limit,
                        max_bytes=int(max_result_mb * 1_000_000), cors=tuple(cors or ()), in_memory=memory,
                        max_memory_mb=max_memory_mb, max_query_bytes=int(max_query_kb * 1000),
                        max_connections=max_connections, header_timeout=header_timeout)
    run_serve(graph, settings, announce=typer.echo)


@app.command(cls=_Command)
def push(
    endpoint: Annotated[str, typer.Option("--endpoint", help="The server's SPARQL Update endpoint URL.")],
    graph: GraphOption = DEFAULT_GRAPH,
    graph_iri: Annotated[str | None, typer.Option("--graph-iri", help="The named graph to replace.")] = None,
    store: Annotated[str | None, typer.Option("--store",
                                              help="The server's Graph Store Protocol URL (faster uploads).")] = None,
    chunk: Annotated[int, typer.Option("--chunk", min=1, help="Triples a request.")] = 20_000,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds the whole push may take.")] = 300.0,
) -> None:
    """Replace a named graph on a SPARQL server with the built graph: kg push --endpoint http://127.0.0.1:7878/update"""
    from kg.sparql.push import DEFAULT_GRAPH_IRI, Target, push as run_push
    target = Target(endpoint, graph_iri or DEFAULT_GRAPH_IRI, store, timeout=timeout)
    pushed = run_push(graph, target, chunk_triples=chunk)
    typer.echo(f"pushed {pushed.triples} triples from {graph} into <{pushed.graph_iri}> "
               f"({pushed.requests} request{'s' if pushed.requests != 1 else ''})")
    if pushed.unverified:
        typer.echo(visible(f"kg: warning: not verified: {pushed.unverified}"), err=True)


@app.command("rules")
def rules_command(
    paths: Annotated[list[Path] | None, typer.Argument(help="TOML files of rule rows, or folders of them.")] = None,
) -> None:
    """Check rule files for --rules: each row well formed, each example yielding what it says
    (under the packaged rules with these added). Without files, the packaged rules' tables."""
    from kg import rules
    if not paths:
        counts: dict[str, int] = {}
        for row in rules.installed():
            counts[row.table] = counts.get(row.table, 0) + 1
        for table, count in counts.items():
            typer.echo(f"{table:20} {count:4d} rows")
        return
    from kg.eval.examples import Reader
    extra = rules.load_files(paths)
    rules.install(extra)
    rows = [row for name, text in extra for row in rules.read_rows(name, text)]
    checked = [row for row in rows if row.examples]
    failures = Reader().check(checked)
    for failure in failures:
        typer.echo(str(failure), err=True)
    typer.echo(f"{len(rows)} rows, {len(checked)} with examples, {len(failures)} failing")
    if failures:
        raise typer.Exit(1)


def main() -> None:
    # SIGTERM (a service manager, `kill`) stops kg as Ctrl-C does: its workers stop with it.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    except KgError as error:
        typer.echo(f"kg: error: {visible(str(error))}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("kg: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # the last line of defence: one line, never a traceback
        if os.environ.get("KG_DEBUG"):
            raise
        typer.echo(visible(f"kg: internal error: {type(error).__name__}: {error} (set KG_DEBUG=1 for details)"),
                   err=True)
        sys.exit(70)


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
