"""What a graph gives back to Python (`kg.api`): rows of a query, facts with their evidence,
a page that shows itself in a notebook; and Oxigraph's terms adapted to them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas

PathType = str | PathLike
PAGE_HEIGHT = 600  # pixels of the page shown in a notebook


class Rows(list):
    """A query's answer: a list of dicts, one a row, variable -> value (an IRI or a
    literal's text; integers and booleans as Python's; None where unbound), with the
    query's `variables` in order.

    >>> rows = Rows([{"person": "Сергей Лавров", "date": "2023-09-14"}], ["person", "date"])
    >>> rows[0]["person"], rows.variables
    ('Сергей Лавров', ['person', 'date'])
    """

    def __init__(self, rows: Iterable[dict] = (), variables: Iterable[str] = ()):
        super().__init__(rows)
        self.variables = list(variables)

    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame, one column a variable (pandas is not installed with kg).

        >>> graph.query("positions").to_pandas().head()  # doctest: +SKIP
        """
        try:
            import pandas
        except ImportError as error:
            raise ImportError("Rows.to_pandas() needs pandas, which kg does not install: pip install pandas") from error
        return pandas.DataFrame(list(self), columns=self.variables)


@dataclass(frozen=True)
class Fact:
    """One relation read from one sentence: the labels of its subject and object, the
    document and the sentence it was read from, and its event's date (the first day of a
    span), if known.

    >>> fact = Fact("metWith", "Имангали Тасмагамбетов", "Сергей Лавров", "002.txt",
    ...             "14 сентября 2023 г. прошла встреча…", date(2023, 9, 14))
    >>> print(fact)
    Имангали Тасмагамбетов metWith Сергей Лавров (002.txt, 2023-09-14)
    """
    relation: str
    subject: str
    object: str
    document: str
    evidence: str
    date: date | None = None

    def __str__(self) -> str:
        when = f", {self.date}" if self.date else ""
        return f"{self.subject} {self.relation} {self.object} ({self.document}{when})"


@dataclass(frozen=True)
class Page:
    """The interactive page as HTML; a notebook shows it inline (in a sandboxed iframe).

    >>> inline = Page("<p>граф</p>", height=300)._repr_html_()
    >>> inline.split(" style=")[0], "height: 300px" in inline
    ('<iframe sandbox="allow-scripts" srcdoc="&lt;p&gt;граф&lt;/p&gt;"', True)
    """
    html: str
    height: int = PAGE_HEIGHT

    def save(self, path: PathType) -> Path:
        """Write the page to `path` (atomically) and return the path.

        >>> Page("<p>граф</p>").save("graph.html")  # doctest: +SKIP
        PosixPath('graph.html')
        """
        from kg.output import write_atomic
        return write_atomic(Path(path), self.html)

    def _repr_html_(self) -> str:
        return (f'<iframe sandbox="allow-scripts" srcdoc="{escape(self.html, quote=True)}" '
                f'style="width: 100%; height: {self.height}px; border: 0"></iframe>')


# ---------------------------------------------------------------- Oxigraph's terms, adapted

def rows_of(results) -> Rows:
    """kg.sparql.query's results as Rows: each cell None, an int or a bool for those
    datatypes, else its text (kg.sparql.query.text)."""
    from pyoxigraph import Literal

    from kg.sparql.query import XSD, text
    convert = {XSD + "integer": int, XSD + "boolean": lambda value: value in ("true", "1")}

    def value(term):
        if term is None:
            return None
        if isinstance(term, Literal) and not term.language and term.datatype.value in convert:
            return convert[term.datatype.value](term.value)
        return text(term)
    return Rows(({v: value(row.get(v)) for v in results.variables} for row in results.rows), results.variables)


def day_of(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:  # a date written by hand in another form
        return None


