"""A query looked at before Oxigraph parses it: whatever would reach the network, change
the graph or overflow the parser's stack is refused with an HTTP status and a one-line reason.

The text is read as SPARQL tokens (comments, strings and IRIs skipped), so a keyword in a
literal or a comment is no keyword. Where the reading is in doubt it errs towards code: a
word glued to a number, a dot or a hyphen is still looked at (`1SERVICE`, `ex:a.SERVICE`).
Oxigraph's parser and evaluator recurse once per bracket and per operator: about 4,500
nested parentheses, 2,200 nested braces, 2,600 BINDs or 6,900 `+` in a row overflowed an
8 MB stack (a crash, not an error), hence the limits on depth and on operators. Every shape
tried at the limits (100 deep, 1,000 operators: BINDs, UNIONs, FILTERs, property paths,
sub-selects, `!`) ran with a 4 MB stack.

>>> screen("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }").status
403
>>> print(screen('SELECT * WHERE { ?s rdfs:label "SERVICE" } # INSERT'))
None
>>> screen("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }").message
'the query nests brackets 5002 deep; at most 100 are allowed'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.graph.store import QUERY_GRAPHS

MAX_QUERY_BYTES = 1_000_000
MAX_DEPTH = 100
MAX_OPERATORS = 1_000
REMOTE_WORDS = {"SERVICE", "LOAD"}   # SPARQL's ways to make the engine fetch a URL
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
JOIN_WORDS = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "GRAPH", "SERVICE", "EXISTS", "NOT"}
OPEN, CLOSE = "([{", ")]}"
TOKEN = re.compile(r"""
    (?P<skip> \s+ | \#[^\r\n]*                                   # space, a comment to the line's end
      | (?: '''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
          | '(?:[^'\\\r\n]|\\.)*' | "(?:[^"\\\r\n]|\\.)*" )(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*)?  # a literal
      | <[^<>"{}|^`\\\x00-\x20]*>                                 # an IRI
      | [?$]\w+                                                   # a variable
      | (?:[^\W\d_][\w.\-]*)?:[\w:]*                              # a prefixed name (no dot or hyphen after ':')
      | \d+(?:\.\d+)?(?:[eE][+-]?\d+)? | \.\d+(?:[eE][+-]?\d+)? )   # a number
    | (?P<word> [^\W\d]\w* )
    | (?P<symbol> \|\| | && | [!<>]= | \^\^ | \S )
    """, re.X)


@dataclass(frozen=True)
class Refusal:
    status: int      # the HTTP status `kg serve` answers with
    message: str


@dataclass
class _Reading:
    """What one pass over the tokens found."""
    words: set
    depth: int = 0
    deepest: int = 0
    operators: int = 0


def screen(text: str, max_bytes: int = MAX_QUERY_BYTES, allow_update: bool = False,
           allow_remote: bool = False) -> Refusal | None:
    """The reason to refuse the query before it is parsed, or None."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return Refusal(413, f"the query is {size / 1000:,.0f} KB; at most {max_bytes / 1000:,.0f} KB "
                            "are allowed (--max-query-kb)")
    reading = read(text)
    remote = sorted(reading.words & REMOTE_WORDS)
    if remote and not allow_remote:
        return Refusal(403, f"{' and '.join(remote)} would make the engine fetch other URLs; "
                            "kg runs queries on this graph only")
    if reading.words & UPDATE_WORDS and not allow_update:
        return Refusal(403, "SPARQL Update is refused: this is a read-only query")
    if reading.deepest > MAX_DEPTH:
        return Refusal(400, f"the query nests brackets {reading.deepest} deep; at most {MAX_DEPTH} are allowed")
    if reading.operators > MAX_OPERATORS:
        return Refusal(400, f"the query has {reading.operators:,} operators and groups; at most "
                            f"{MAX_OPERATORS:,} are allowed")
    return None


def is_update(text: str) -> bool:
    return bool(read(text).words & UPDATE_WORDS)


def read(text: str) -> _Reading:
    """Keywords (upper case), bracket depth and operator count, outside comments, strings and IRIs.
    Commas and semicolons in an argument list and the rows of a VALUES block are not operators."""
    reading, brackets, values_at = _Reading(set()), [], None
    for found in TOKEN.finditer(text):
        kind, token = found.lastgroup, found.group()
        if kind == "word":
            word = token.upper()
            reading.words.add(word)
            reading.operators += word in JOIN_WORDS
            if word == "VALUES":
                values_at = len(brackets)
        elif kind == "symbol":
            in_data = values_at is not None and len(brackets) > values_at
            if token in OPEN:
                brackets.append(token)
                reading.deepest = max(reading.deepest, len(brackets))
            elif token in CLOSE:
                if brackets:
                    brackets.pop()
                if values_at is not None and len(brackets) <= values_at:
                    values_at = None if token == "}" else values_at
            if not in_data and not (token in ",;" and brackets[-1:] == ["("]) and token not in CLOSE:
                reading.operators += 1
    return reading


def query_graphs(text: str) -> dict:
    """The data and the ontology as the default graph, unless the query names its own (FROM).

    >>> query_graphs("SELECT * FROM <http://e/g> { ?s ?p ?o }")
    {}
    """
    return {} if "FROM" in read(text).words else {"default_graph": QUERY_GRAPHS}
