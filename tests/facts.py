"""Facts of a knowledge base as short readable strings, for golden tests."""

from kg.records import KnowledgeBase


def fact_strings(kb: KnowledgeBase) -> set[str]:
    label = {**{i: e.label for i, e in kb.entities.items()}, **{i: p.label for i, p in kb.positions.items()}}
    found = set()
    for r in kb.relations:
        if r.relation == "metWith":
            a, b = sorted((label[r.subject], label[r.object]))
            found.add(f"{a} metWith {b}")
        elif r.relation == "holdsPosition":
            position = kb.positions[r.object]
            where = label.get(position.where, "")
            found.add(f"{label[r.subject]} holdsPosition {position.title} @ {where}".rstrip(" @"))
        elif r.relation != "participant":
            found.add(f"{label[r.subject]} {r.relation} {label[r.object]}")
    return found


def event_strings(kb: KnowledgeBase) -> set[str]:
    """Events as «Kind: label | date | place»."""
    found = set()
    for e in kb.entities.values():
        if e.type == "EVENT":
            when = ""
            if e.when:
                when = e.when.start.isoformat() + (f"..{e.when.end.isoformat()}" if e.when.end else "")
            place = kb.entities[e.place].label if e.place else ""
            found.add(f"{e.kind}: {e.label} | {when} | {place}")
    return found
