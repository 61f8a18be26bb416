"""Where each entity is mentioned, and which entities one sentence names together.

Besides the five relations, the graph records two weaker things an analyst counts on:
- a `kg:MentionCount` for every `kg:mentionedIn` pair: how many times the document names
  the entity (an event: how many of its sentences tell of it);
- a `kg:CoMention` for every two named entities (persons, organizations, places, events
  named by name) in one sentence,
  `kg:count` sentences in all: GDELT's co-occurrence network, which says nothing of how
  the two are related.

>>> from kg.records import Entity, Mention
>>> a, b = (Mention("d.txt", 0, i, i, i, i + 1, "PER", n, n) for i, n in enumerate("AB"))
>>> kb = KnowledgeBase(documents=["d.txt"], mentions=[(a, "a"), (b, "b"), (a, "a")],
...                    entities={e: Entity(e, "PER", e, docs={"d.txt"}) for e in "ab"})
>>> mention_counts(kb), co_mentions(kb)
({('a', 'd.txt'): 2, ('b', 'd.txt'): 1}, {('a', 'b'): 1})
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

from kg import ids
from kg.records import KnowledgeBase

from .plain import Lit, Triple
from .vocab import IRI, RESOURCE_IRI, XSD_INTEGER


def mention_counts(kb: KnowledgeBase) -> dict[tuple[str, str], int]:
    """(entity id, doc id) -> mentions, for every document an entity is mentioned in."""
    named = Counter((entity_id, mention.doc_id) for mention, entity_id in kb.mentions)
    told = Counter((entity.id, evidence.doc_id) for entity in kb.entities.values() for evidence in entity.evidence)
    return {(entity.id, doc_id): named[entity.id, doc_id] or told[entity.id, doc_id] or 1
            for entity in kb.entities.values() for doc_id in sorted(entity.docs)}


def co_mentions(kb: KnowledgeBase) -> dict[tuple[str, str], int]:
    """(entity id, entity id), in id order -> the sentences that name both."""
    sentences: dict[tuple[str, int], set[str]] = defaultdict(set)
    for mention, entity_id in kb.mentions:
        sentences[mention.doc_id, mention.sent].add(entity_id)
    pairs: Counter = Counter()
    for named in sentences.values():
        ordered = sorted(named)
        pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
    return dict(sorted(pairs.items()))


def mention_triples(kb: KnowledgeBase, document: Callable[[str], str]) -> Iterator[Triple]:
    """The kg:MentionCount and kg:CoMention nodes; `document` gives a doc id's IRI."""
    for (entity_id, doc_id), count in mention_counts(kb).items():
        node = f"{RESOURCE_IRI}mentions/{ids.digest(entity_id, doc_id)}"
        yield node, IRI.type, IRI.MentionCount
        yield node, IRI.mentionOf, RESOURCE_IRI + entity_id
        yield node, IRI.inDocument, document(doc_id)
        yield node, IRI.count, Lit(str(count), None, XSD_INTEGER)
    for (first, second), count in co_mentions(kb).items():
        node = f"{RESOURCE_IRI}co/{ids.digest(first, second)}"
        yield node, IRI.type, IRI.CoMention
        yield node, IRI.member, RESOURCE_IRI + first
        yield node, IRI.member, RESOURCE_IRI + second
        yield node, IRI.count, Lit(str(count), None, XSD_INTEGER)
