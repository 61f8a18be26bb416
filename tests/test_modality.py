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
    # a future passive, «будет» given no tense by the tagger
    ("Завтра М. Петрова будет принята председателем Сената Иваном Сидоровым.", PLANNED),
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


def test_calls_by_phone_join_the_caller_with_each_never_as_a_meeting(read):
    kb = read("Сергей Лавров провёл телефонные переговоры с Антонио Гутеррешем и Анной Смирновой.")
    found = fact_strings(kb)
    assert {"Антонио Гутерреш calledWith Сергей Лавров", "Анна Смирнова calledWith Сергей Лавров"} <= found
    assert not any(" metWith " in f for f in found) and "Анна Смирнова calledWith Антонио Гутерреш" not in found
    calls = [e for e in kb.entities.values() if e.kind == "Call"]
    assert len(calls) == 2 and all(c.mode == PHONE and c.label.startswith("Телефонный разговор: ") for c in calls)


def test_a_host_meets_each_guest_the_guests_do_not_meet_each_other(read):
    found = fact_strings(read("Сергей Лавров встретился с Антонио Гутеррешем и Анной Смирновой."))
    assert {"Антонио Гутерреш metWith Сергей Лавров", "Анна Смирнова metWith Сергей Лавров"} <= found
    assert "Анна Смирнова metWith Антонио Гутерреш" not in found


def test_a_joint_meeting_joins_everyone_in_it(read):
    found = fact_strings(read("Состоялась трёхсторонняя встреча Сергея Лаврова с Антонио Гутеррешем "
                              "и Анной Смирновой."))
    assert "Анна Смирнова metWith Антонио Гутерреш" in found


def test_a_call_is_no_meeting(read):
    graph = to_graph(read("Сергей Лавров провёл телефонный разговор с Антонио Гутеррешем."))
    calls = set(graph.subjects(RDF.type, KG.PhoneCall))
    assert calls and calls <= set(graph.subjects(RDF.type, KG.Call))
    assert not calls & set(graph.subjects(RDF.type, KG.Meeting)) and not list(graph.subject_objects(KG.metWith))
    assert validate(graph).conforms
