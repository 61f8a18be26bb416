"""Pronouns stand for the person named before them; mentions.jsonl shows each with that person."""

import json

from kg.eval.score import read_mentions
from kg.pipeline.build import mentions_jsonl


def referring(kb):
    rows = [json.loads(line) for line in mentions_jsonl(kb).splitlines()]
    labels = {row["entity"]: row["text"] for row in rows if row["kind"] == "name"}
    return [(row["text"], labels[row["entity"]]) for row in rows if row["kind"] == "pronoun"]


def test_a_pronoun_is_a_mention_of_the_subject_before_it(read):
    kb = read("Сергей Лавров встретился с Антонио Гутеррешем. Он также провёл переговоры с Анной Смирновой.")
    assert referring(kb) == [("Он", "Сергей Лавров")]


def test_a_pronoun_takes_a_person_of_its_gender(read):
    kb = read("Анна Смирнова поблагодарила Ивана Петрова. Она встретилась с Антонио Гутеррешем.")
    assert referring(kb) == [("Она", "Анна Смирнова")]


def test_a_pronoun_with_nobody_before_it_refers_to_nobody(read):
    assert referring(read("Он встретился с Антонио Гутеррешем в Женеве.")) == []


def test_pronouns_are_not_scored_as_names(read, tmp_path):
    path = tmp_path / "mentions.jsonl"
    path.write_text(mentions_jsonl(read("Сергей Лавров прибыл в Женеву. Там он встретился с Антонио Гутеррешем.")),
                    encoding="utf-8")
    assert "он" not in {m.text for ms in read_mentions(path).values() for m in ms}


def test_a_title_standing_for_a_person_is_a_mention_of_that_person(read):
    kb = read("Министр иностранных дел России Сергей Лавров прибыл в Женеву. Министр встретился с Антонио Гутеррешем.")
    rows = [json.loads(line) for line in mentions_jsonl(kb).splitlines()]
    labels = {row["entity"]: row["text"] for row in rows if row["kind"] == "name"}
    titles = [(row["text"], labels[row["entity"]]) for row in rows if row["kind"] == "title"]
    assert titles == [("Министр", "Сергей Лавров")]
