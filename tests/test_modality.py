"""Whether a meeting happened, as the sentence states it: only a held one joins people by kg:metWith."""

import pytest

from kg.extract.document import extract_document
from kg.records import CANCELLED, HELD, MET_WITH, PARTICIPANT, PLANNED, UNCERTAIN, Document

CASES = [
    ("Сергей Лавров встретился с Антонио Гутеррешем в Нью-Йорке.", HELD),
    ("Состоялась встреча Сергея Лаврова с Антонио Гутеррешем.", HELD),
    ("Сергей Лавров провёл переговоры с Антонио Гутеррешем.", HELD),
    # a negation in a relative clause is not the meeting's
    ("Сергей Лавров, который не был в Женеве, встретился с Антонио Гутеррешем.", HELD),
    ("Министр Сергей Лавров встретится с Антонио Гутеррешем в пятницу.", PLANNED),
    ("Сергей Лавров и Антонио Гутерреш планируют провести переговоры в Женеве.", PLANNED),
    ("Встреча Сергея Лаврова с Антонио Гутеррешем не состоится.", CANCELLED),
    ("Сергей Лавров отказался встретиться с Антонио Гутеррешем.", CANCELLED),
    ("Сергей Лавров не вёл переговоров с Антонио Гутеррешем.", CANCELLED),
    ("Сергей Лавров может встретиться с Антонио Гутеррешем на следующей неделе.", UNCERTAIN),
    ("Сергей Лавров надеется встретиться с Антонио Гутеррешем.", UNCERTAIN),
]


@pytest.mark.parametrize("text, status", CASES, ids=lambda v: v[:40] if isinstance(v, str) and len(v) > 12 else v)
def test_the_meeting_has_the_status_the_sentence_gives(models, text, status):
    facts = extract_document(Document("t.txt", text), models).facts
    assert {f.status for f in facts if f.relation == PARTICIPANT} == {status}


def test_only_a_held_meeting_joins_its_participants(read):
    kb = read("Сергей Лавров отказался встретиться с Антонио Гутеррешем.")
    assert not [r for r in kb.relations if r.relation == MET_WITH]
    meeting = next(e for e in kb.entities.values() if e.kind == "Meeting")
    assert meeting.status == CANCELLED
    assert len([r for r in kb.relations if r.relation == PARTICIPANT and r.object == meeting.id]) == 2


def test_a_meeting_held_later_in_the_text_is_held(read):
    kb = read("Сергей Лавров планирует встретиться с Антонио Гутеррешем. "
              "Сергей Лавров встретился с Антонио Гутеррешем в Женеве.")
    assert {e.status for e in kb.entities.values() if e.kind == "Meeting"} >= {HELD}
    assert [r for r in kb.relations if r.relation == MET_WITH]
