"""Whether a meeting happened, as the sentence states it, and whether by phone: only a held one joins
people by kg:metWith, and a call joins the caller with each one called."""

import pytest
from rdflib import RDF

from kg.extract.document import extract_document
from kg.graph.rdf import to_graph
from kg.graph.validate import validate
from kg.graph.vocab import KG
from kg.records import CANCELLED, HELD, MET_WITH, PARTICIPANT, PHONE, PLANNED, UNCERTAIN, Document

from facts import fact_strings

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


def test_calls_by_phone_join_the_caller_with_each_not_the_others_with_each_other(read):
    kb = read("Сергей Лавров провёл телефонные переговоры с Антонио Гутеррешем и Анной Смирновой.")
    met = fact_strings(kb)
    assert {"Антонио Гутерреш metWith Сергей Лавров", "Анна Смирнова metWith Сергей Лавров"} <= met
    assert "Анна Смирнова metWith Антонио Гутерреш" not in met
    call = next(e for e in kb.entities.values() if e.kind == "Meeting")
    assert call.mode == PHONE and call.label.startswith("Телефонный разговор: ")


def test_a_meeting_in_person_joins_everyone_in_it(read):
    kb = read("Сергей Лавров встретился с Антонио Гутеррешем и Анной Смирновой.")
    assert "Анна Смирнова metWith Антонио Гутерреш" in fact_strings(kb)


def test_a_call_is_a_meeting_of_its_own_class(read):
    graph = to_graph(read("Сергей Лавров провёл телефонный разговор с Антонио Гутеррешем."))
    calls = set(graph.subjects(RDF.type, KG.PhoneCall))
    assert calls and calls <= set(graph.subjects(RDF.type, KG.Meeting))
    assert validate(graph).conforms
