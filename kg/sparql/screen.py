"""A query decided on its parse before Oxigraph sees it: whatever would reach the network,
change the graph or overflow Oxigraph's stack is refused with an HTTP status and a one-line
reason, and so is whatever the parse is in doubt about.

The parser is tree-sitter's SPARQL grammar (`tree-sitter-sparql`): written in C, it parses
with a stack of its own instead of recursion, so no query nests deeply enough to crash it,
and a query is walked here one node at a time, never recursively. The decision reads the
parse tree, not the text: a keyword is a keyword where the grammar puts one, so an escaped
character in a prefixed name (`person:a\\#`), a `<` and a `>` around an expression
(`?a<1&&1>?a`), a comment or a string hides nothing. A parse with any error is refused: a
query kg cannot read is a query it cannot vouch for (Oxigraph's own message is given where it
has one, `kg.sparql.workers.syntax_refusal`).

Oxigraph's parser and evaluator recurse once per bracket and per operator: about 4,500
nested parentheses, 2,200 nested braces, 2,600 BINDs or 6,900 `+` in a row overflowed an
8 MB stack (a crash, not an error), hence the limits on depth and on operators. Every shape
tried at the limits (100 deep, 1,000 operators: BINDs, UNIONs, FILTERs, property paths,
sub-selects, `!`) ran with a 4 MB stack.

>>> screen("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }").status
403
>>> print(screen('SELECT * WHERE { ?s rdfs:label "SERVICE" } # INSERT'))
None
>>> screen("SELECT * WHERE { BIND(ex:a\\\\# AS ?q) SERVICE <http://example.org/> {} }").status
403
>>> screen("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }").message
'the query nests brackets more than 100 deep, the most allowed'
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kg.graph.store import QUERY_GRAPHS
from kg.text import shorten

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

MAX_QUERY_BYTES = 1_000_000
MAX_DEPTH = 100
MAX_OPERATORS = 1_000
# Parse-tree nodes (tree-sitter-sparql's names) that make the engine fetch a URL, and those
# of SPARQL Update.
REMOTE_NODES = {"service_graph_pattern": "SERVICE", "load": "LOAD"}
UPDATE_NODES = {"insert_data", "delete_data", "delete_where", "modify", "load", "clear", "drop", "create",
                "add", "move", "copy"}
JOIN_WORDS = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "GRAPH", "SERVICE", "EXISTS", "NOT"}
OPEN, CLOSE = "([{", ")]}"
FETCHING = re.compile(r"service|load", re.IGNORECASE)
SYNTAX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
MAX_MESSAGE = 160
# Tokens inside these are characters of a term, not operators of the query.
TERMS = {"iri_reference", "string", "prefixed_name", "blank_node_label", "lang_tag", "var", "comment"}
ARGUMENTS = {"arg_list", "expression_list"}   # commas there separate arguments
DATA = "data_block"                          # the rows of VALUES
# Kept for the hints that read the text (kg.sparql.query: unknown prefixes, kg: terms, column
# order): comments, strings, IRIs and names as tokens. Security never rests on it.
TOKEN = re.compile(r"""
    (?P<skip> \s+ | \#[^\r\n]*                                   # space, a comment to the line's end
      | (?: '''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
          | '(?:[^'\\\r\n]|\\.)*' | "(?:[^"\\\r\n]|\\.)*" )(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*)?  # a literal
      | <[^<>"{}|^`\\\x00-\x20]*>                                 # an IRI
      | [?$]\w+                                                   # a variable
      | (?:[^\W\d_][\w.\-]*)?:(?:[\w:]|\\[_~.\-!$&'()*+,;=/?\#@%])*  # a prefixed name, escapes too
      | \d+(?:\.\d+)?(?:[eE][+-]?\d+)? | \.\d+(?:[eE][+-]?\d+)? )   # a number
    | (?P<word> [^\W\d]\w* )
    | (?P<symbol> \|\| | && | [!<>]= | \^\^ | \S )
    """, re.VERBOSE)


@dataclass(frozen=True)
class Refusal:
    status: int      # the HTTP status `kg serve` answers with
    message: str


@dataclass
class Reading:
    """What one walk over the parse tree found."""
    remote: set[str] = field(default_factory=set)   # SERVICE, LOAD
    update: bool = False
    names_graphs: bool = False                       # FROM or FROM NAMED
    deepest: int = 0
    operators: int = 0
    error: tuple[int, int] | None = None             # (line, column) of the first parse error


def screen(text: str, max_bytes: int = MAX_QUERY_BYTES, allow_update: bool = False,
           allow_remote: bool = False) -> Refusal | None:
    """The reason to refuse the query before Oxigraph parses it, or None."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return Refusal(413, f"the query is {size / 1000:,.0f} KB; at most {max_bytes / 1000:,.0f} KB "
                            "are allowed (--max-query-kb)")
    reading = read(text)
    refusal = decide(reading, allow_update, allow_remote)
    if refusal is None and reading.error:
        return Refusal(400, syntax_message(text, reading))
    return refusal


def decide(reading: Reading, allow_update: bool = False, allow_remote: bool = False) -> Refusal | None:
    """What the query asks of the engine, and how large its parse is, against the limits."""
    if reading.remote and not allow_remote:
        return Refusal(403, f"{' and '.join(sorted(reading.remote))} would make the engine fetch other URLs; "
                            "kg runs queries on this graph only")
    if reading.update and not allow_update:
        return Refusal(403, "SPARQL Update is refused: this is a read-only query")
    if reading.deepest > MAX_DEPTH:
        return Refusal(400, f"the query nests brackets more than {MAX_DEPTH} deep, the most allowed")
    if reading.operators > MAX_OPERATORS:
        return Refusal(400, f"the query has more than {MAX_OPERATORS:,} operators and groups, the most allowed")
    return None


def syntax_message(text: str, reading: Reading) -> str:
    """Why a query is unreadable: Oxigraph's own line, column and message where asking its
    parser is safe (the brackets of the raw text, strings and comments too, so never fewer
    than Oxigraph sees, nest within the limit; and no word that could make it fetch a URL,
    since an ASK is evaluated as it is parsed); else where the screen's parse stopped."""
    if _raw_depth(text) <= MAX_DEPTH and reading.operators <= MAX_OPERATORS and not FETCHING.search(text):
        from pyoxigraph import Store

        from kg.graph.vocab import PREFIX_IRIS
        try:
            Store().query(text, prefixes=PREFIX_IRIS)
        except SyntaxError as problem:
            return oxigraph_syntax_message(str(problem))
        except (OSError, RuntimeError, ValueError):
            pass
    line, column = reading.error or (1, 1)
    return (f"malformed SPARQL at line {line}, column {column}: kg cannot read the query there "
            "(it reads SPARQL 1.1; \\u escapes and SPARQL 1.2's << >> are not accepted)")


def oxigraph_syntax_message(error: str) -> str:
    found = SYNTAX_ERROR.match(error)
    if not found:
        return f"malformed SPARQL: {shorten(error, MAX_MESSAGE)}"
    line, column, message = found.groups()
    return f"malformed SPARQL at line {line}, column {column}: {shorten(message, MAX_MESSAGE)}"


def _raw_depth(text: str) -> int:
    depth = deepest = 0
    for character in text:
        if character in OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif character in CLOSE:
            depth = max(0, depth - 1)
    return deepest


def is_update(text: str) -> bool:
    return read(text).update


def query_graphs(text: str) -> dict[str, Any]:
    """The data and the ontology as the default graph, unless the query names its own (FROM).

    >>> query_graphs("SELECT * FROM <http://e/g> { ?s ?p ?o }")
    {}
    """
    return {} if read(text).names_graphs else {"default_graph": QUERY_GRAPHS}


@lru_cache(maxsize=8)
def read(text: str) -> Reading:
    """Walk the parse tree once, one node at a time: what it asks of the engine, how deep its
    brackets nest, how many operators it has (commas of argument lists and VALUES rows aside).

    A carriage return is read as the line end it is to Oxigraph (and to SPARQL): the grammar
    here would let a comment run on past it, over a SERVICE Oxigraph sees. The walk stops
    where the query passes a limit: it is refused then, whatever follows."""
    tree = _parser().parse(text.replace("\r", "\n").encode("utf-8"))
    walk = _Walk(Reading())
    cursor = tree.walk()
    while True:
        node = cursor.node
        assert node is not None   # a cursor always stands on a node of the tree
        walk.visit(node)
        if walk.reading.deepest > MAX_DEPTH or walk.reading.operators > MAX_OPERATORS:
            return walk.reading
        kind = node.type
        if cursor.goto_first_child():
            walk.enter(kind)
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return walk.reading
            walk.leave()


class _Walk:
    """The state of a walk down the tree: the node types above, and the counts so far."""

    def __init__(self, reading: Reading):
        self.reading, self.path, self.data, self.depth = reading, [""], 0, 0

    def enter(self, kind: str) -> None:
        self.path.append(kind)
        self.data += kind == DATA

    def leave(self) -> None:
        self.data -= self.path.pop() == DATA

    def visit(self, node: Node) -> None:
        reading, kind = self.reading, node.type
        if node.is_error or node.is_missing:
            reading.error = reading.error or (node.start_point[0] + 1, node.start_point[1] + 1)
        elif kind in REMOTE_NODES:
            reading.remote.add(REMOTE_NODES[kind])
        if kind in UPDATE_NODES:
            reading.update = True
        elif kind == "dataset_clause":
            reading.names_graphs = True
        if node.child_count == 0 and not node.is_named:
            self.token(kind)

    def token(self, token: str) -> None:
        """One anonymous token (a keyword or a symbol) under the current path."""
        if TERMS.intersection(self.path[-2:]):
            return
        if token in OPEN:
            self.depth += 1
            self.reading.deepest = max(self.reading.deepest, self.depth)
        elif token in CLOSE:
            self.depth = max(0, self.depth - 1)
            return
        if self.data or (token in ",;" and self.path[-1] in ARGUMENTS):
            return
        if token in JOIN_WORDS or not token[:1].isalpha():
            self.reading.operators += 1


@lru_cache(maxsize=1)
def _parser() -> Parser:
    with warnings.catch_warnings():   # tree-sitter-sparql 0.1 hands its language over as an int
        warnings.simplefilter("ignore", DeprecationWarning)
        import tree_sitter_sparql
        from tree_sitter import Language, Parser
        return Parser(Language(tree_sitter_sparql.language()))
