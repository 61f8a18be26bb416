"""The evaluation as a person reads it: the table of scores, and the errors behind a row."""

from __future__ import annotations

from .gold import Agent, Meeting, MentionSpan
from .score import ROWS, EvalReport


def format_report(report: EvalReport) -> str:
    """A Markdown table: one row a score, gold and predicted counts, P, R, F1."""
    lines = ["| | gold | predicted | P | R | F1 |", "|---|---:|---:|---:|---:|---:|"]
    for row in ROWS:
        s = report.score(row)
        lines.append(f"| {row} | {s.gold} | {s.predicted} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    return "\n".join(lines)


def describe(item) -> str:
    if isinstance(item, MentionSpan):
        return f"{item.doc} {item.start}-{item.end} {item.type} «{item.text}»"
    if isinstance(item, Meeting):
        return f"{item.doc} Meeting: {' + '.join(_shown(a) for a in item.participants)}" + _context(item.evidence)
    where = f" @ {_shown(item.where)}" if item.where else ""
    titles = " | ".join(item.titles) or "?"
    return f"{item.doc} Occupation: {_shown(item.who)} — {titles}{where}" + _context(item.evidence)


def _shown(agent: Agent) -> str:
    return agent.names[0] if agent.names else "?"


def _context(evidence: str) -> str:
    return f"\n    {evidence}" if evidence else ""


def format_errors(report: EvalReport, row: str) -> str:
    """The listing behind `--errors ROW`: every missed gold item, then every spurious prediction."""
    missed, spurious = report.errors(row)
    return "\n".join([f"## {row}: missed {len(missed)}"] + [describe(i) for i in missed]
                     + [f"## {row}: spurious {len(spurious)}"] + [describe(i) for i in spurious])
