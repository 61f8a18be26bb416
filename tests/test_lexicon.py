"""The lexicon beside the NER model: names of countries, regions, cities and international
organizations, places after «г.», «пос.», «район», and the Wikidata IDs the graph links to."""

import re

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL

from kg.extract.document import read as read_text
from kg.graph.rdf import to_graph
from kg.graph.validate import validate
from kg.names.lexicon import (
    Entry,
    Lexicon,
    abbreviates,
    lexicon,
    lookup,
    may_begin,
    place_of_adjective,
    place_of_demonym,
)
from kg.records import Document

from facts import event_strings, fact_strings


def mentions(models, text):
    doc = read_text(Document("t.txt", text), models)
    return {(m.type, m.text, m.normal) for s in doc.sentences for m in s.mentions}


NAMES = [
    # every name of an entry, in the nominative or in an oblique case the normalizer left
    ("Российская Федерация", "Россия"),
    ("РФ", "Россия"),
    ("Соединенных Штатов Америки", "США"),
    ("Америка", "США"),
    ("ФРГ", "Германия"),
    ("Соединённое Королевство", "Великобритания"),
    ("Белоруссии", "Беларусь"),
    ("Кыргызская Республика", "Киргизия"),
    ("Подмосковье", "Московская область"),
    ("Тульской обл.", "Тульская область"),
    ("ОДКБ", "Организация Договора о коллективной безопасности"),
    ("МАГАТЭ", "Международное агентство по атомной энергии"),
    ("Евросоюз", "Европейский союз"),
    ("Интерполу", "Интерпол"),
]


@pytest.mark.parametrize("name, canonical", NAMES)
def test_the_lexicon_knows_every_name_of_an_entry(name, canonical):
    assert lookup(name).name == canonical


def test_a_word_that_is_no_name_of_the_lexicon_is_not_guessed():
    assert lookup("Кремль") is None and lookup("Гуантанамо") is None


def test_a_name_two_entries_share_names_neither():
    luxembourg = Entry("Люксембург", "country", "LOC", "Q32", ("Люксембург",), (), (), "")
    city = Entry("Люксембург (город)", "city", "LOC", "", ("Люксембург",), (), (), "")
    assert "люксембург" not in Lexicon([luxembourg, city]).by_name


def test_the_lexicon_as_data_holds_together():
    entries = lexicon().entries
    cities = {e.name for e in entries if e.kind == "city"}
    assert {e.capital for e in entries if e.capital} <= cities        # a capital is a city of the lexicon
    assert all(re.fullmatch(r"Q[1-9][0-9]*", e.wikidata) for e in entries if e.wikidata)
    ids = [e.wikidata for e in entries if e.wikidata]
    assert len(ids) == len(set(ids))                                 # one entry an item


def test_adjectives_demonyms_and_wikidata_ids():
    assert place_of_demonym("россиянин").name == "Россия" and lookup("Киргизия").capital == "Бишкек"
    assert place_of_adjective("британский").name == "Великобритания"
    assert place_of_adjective("подмосковный").name == "Московская область"
    assert (lookup("Германия").wikidata, lookup("ООН").wikidata, lookup("ОДКБ").wikidata) == ("Q183", "Q1065", "")


ABBREVIATIONS = [
    ("ОДКБ", "Организация Договора о коллективной безопасности", True),   # initials
    ("МАГАТЭ", "Международное агентство по атомной энергии", True),        # more than one letter a word
    ("ГКНБ", "Государственный комитет национальной безопасности Кыргызской Республики", True),
    ("ЮНЕСКО", "Организация Объединённых Наций по вопросам образования, науки и культуры", True),  # the lexicon
    ("КНР", "Шанхай", False),
    ("ЕС", "Эстония", False),
]


@pytest.mark.parametrize("short, full, expected", ABBREVIATIONS)
def test_an_abbreviation_spells_its_full_name(short, full, expected):
    assert abbreviates(short, full) is expected


PLACES = [
    # an abbreviated place word and the name after it
    ("Международная конференция прошла в г. Бишкеке.", ("LOC", "г. Бишкеке", "город Бишкек")),
    ("Семья переехала в пос. Заречный.", ("LOC", "пос. Заречный", "посёлок Заречный")),
    ("Свадьбу сыграли в с. Ивановка.", ("LOC", "с. Ивановка", "село Ивановка")),
    ("Праздник прошёл в с. Большие Вязёмы.", ("LOC", "с. Большие Вязёмы", "село Большие Вязёмы")),
    ("В г. Бишкеке Министерство культуры открыло музей.", ("LOC", "г. Бишкеке", "город Бишкек")),
    ("Новый завод построили в г. Королёве.", ("LOC", "г. Королёве", "город Королёв")),
    # a region word abbreviated after its adjective, spelled out
    ("Дом стоит в Зареченском р-не.", ("LOC", "Зареченском р-не", "Зареченский район")),
    # a name of the lexicon the model missed
    ("Сборная выиграла чемпионат Европы по шахматам.", ("LOC", "Европы", "Европа")),
    # an international organization the model took for a place or a person
    ("Решение СНГ поддержали в ЕС.", ("ORG", "ЕС", "ЕС")),
    ("Правительство выделило грант Интерполу.", ("ORG", "Интерполу", "Интерпол")),
]


@pytest.mark.parametrize("text, expected", PLACES, ids=lambda v: v[:32] if isinstance(v, str) else None)
def test_places_and_organizations_the_model_misses(models, text, expected):
    assert expected in mentions(models, text)


NOT_PLACES = [
    ("В 2020 г. Москва ответила резко.", "г. Москва"),        # «г.» after a year is the year
    ("Все штаты проголосовали за поправку.", "штаты"),          # a common noun, though «Штаты» are США
]


@pytest.mark.parametrize("text, wrong", NOT_PLACES, ids=lambda v: v[:32])
def test_no_place_where_a_reader_sees_none(models, text, wrong):
    assert not any(text_ == wrong and type_ == "LOC" for type_, text_, _ in mentions(models, text))


def test_a_place_after_g_inside_an_organization_is_one_inner_place(models):
    doc = read_text(Document("t.txt", "Сотрудники администрации г. Бишкека провели рейд."), models)
    assert [(m.type, m.text) for s in doc.sentences for m in s.inner] == [("LOC", "г. Бишкека")]


REGIONS = [
    # «обл.» inside a delegation's name leaves the delegation whole
    ("Делегация Тульской обл. прибыла в Москву.", ("ORG", "Делегация Тульской обл"), True),
    # a lowercase word before «р-не» names no district
    ("Магазин закрыли в соседнем р-не.", ("LOC", "соседнем р-не"), False),
]


@pytest.mark.parametrize("text, mention, present", REGIONS, ids=lambda v: v[:32] if isinstance(v, str) else None)
def test_an_abbreviated_region_only_after_its_name(models, text, mention, present):
    found = {(type_, text_) for type_, text_, _ in mentions(models, text)}
    assert (mention in found) is present


def test_the_conference_in_g_bishkek_has_its_place(read):
    kb = read("20 сентября 2023 года в г. Бишкеке состоялась международная конференция по борьбе с терроризмом.")
    assert "Conference: Международная конференция по борьбе с терроризмом | 2023-09-20 | Бишкек" in event_strings(kb)


def test_a_post_named_by_the_adjective_of_a_country_the_text_calls_otherwise(read):
    kb = read("Британский премьер Гордон Браун прибыл в Вашингтон. Великобритания поддержала решение.")
    assert "Гордон Браун holdsPosition премьер @ Великобритания" in fact_strings(kb)


def test_an_entity_of_the_lexicon_is_the_same_as_its_wikidata_item(read):
    kb = read("Канцлер ФРГ прибыл в Париж. Германия и Франция подписали соглашение в Париже.")
    graph = to_graph(kb)
    same = {str(o) for s, o in graph.subject_objects(OWL.sameAs)}
    assert {"http://www.wikidata.org/entity/Q183", "http://www.wikidata.org/entity/Q142",
            "http://www.wikidata.org/entity/Q90"} <= same
    germany = next(e for e in kb.entities.values() if e.label == "Германия")
    assert (URIRef("https://w3id.org/kgnews/id/" + germany.id), OWL.sameAs,
            URIRef("http://www.wikidata.org/entity/Q183")) in graph
    assert validate(graph).conforms


def test_every_name_of_several_words_may_begin_with_its_first_word_as_written_or_inflected():
    """The gazetteer skips the lookups of several words after a word no such name begins with:
    the test that no name of the lexicon is lost so."""
    forms = [n for e in lexicon().entries for n in e.names if " " in n]
    assert len(forms) > 50
    assert all(may_begin(form.split()[0]) for form in forms)
    assert may_begin("Соединённых") and may_begin("Европейского") and may_begin("Шанхайской")
    assert not may_begin("Вчера") and not may_begin("Министр")
