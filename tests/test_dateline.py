"""Datelines: the place and day a release opens with («МОСКВА, 5 марта. /ТАСС/.») date and
place the events it reports, and the document carries them.

The texts are written for these tests in the manner of the seeds (press releases of
international organizations); none is copied from the seeds or the dev set.
"""

from datetime import date

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.extract.dateline import other_time
from kg.extract.dates import find_dates
from kg.extract.document import read as read_text
from kg.graph.rdf import document_iri, to_graph
from kg.graph.validate import validate
from kg.graph.vocab import KG, RES
from kg.records import Dated, Document

from facts import event_strings

MEETING = ("Генеральный секретарь ОДКБ Имангали Тасмагамбетов провёл встречу "
           "с Министром иностранных дел Республики Беларусь Максимом Рыженковым.")
MET = "Meeting: Встреча: Имангали Тасмагамбетов — Максим Рыженков"

# [text, the dateline as written, its place, its day]
DATELINES = [
    # place, then date, on a line of its own
    [f"Минск, 19 апреля 2024 года\n{MEETING}", "Минск, 19 апреля 2024 года", "Минск", "2024-04-19"],
    # date, then place
    [f"19.04.2024, Бишкек\n{MEETING}", "19.04.2024, Бишкек", "Бишкек", "2024-04-19"],
    # an agency's: upper case, the agency after it, the year from the text
    [f"МОСКВА, 5 марта. /ТАСС/. {MEETING} План сотрудничества на 2024 г. подписан.",
     "МОСКВА, 5 марта", "Москва", "2024-03-05"],
    [f"Нью-Йорк, 3 июня 2024 года (Синьхуа) -- {MEETING}", "Нью-Йорк, 3 июня 2024 года", "Нью-Йорк", "2024-06-03"],
    # RIA Novosti's short months
    [f"САНКТ-ПЕТЕРБУРГ, 12 мар 2024 — РИА Новости. {MEETING}", "САНКТ-ПЕТЕРБУРГ, 12 мар 2024",
     "Санкт-Петербург", "2024-03-12"],
    # «г.» says it is a city though neither natasha nor the dictionary knows «ЧОЛПОН-АТА»
    [f"Г. ЧОЛПОН-АТА, 20 сентября 2023 года\n{MEETING}", "Г. ЧОЛПОН-АТА, 20 сентября 2023 года", "Чолпон-Ата",
     "2023-09-20"],
    # natasha's name, unknown to the dictionary
    [f"Чолпон-Ата, 20 сентября 2023 года\n{MEETING}", "Чолпон-Ата, 20 сентября 2023 года", "Чолпон-Ата", "2023-09-20"],
    # the dictionary's place, unseen by natasha
    [f"Нур-Султан, 20 сентября 2023 года\n{MEETING}", "Нур-Султан, 20 сентября 2023 года", "Нур-Султан", "2023-09-20"],
    # particles stay in lower case
    [f"РОСТОВ-НА-ДОНУ, 14 октября 2024 г. {MEETING}", "РОСТОВ-НА-ДОНУ, 14 октября 2024 г.", "Ростов-на-Дону",
     "2024-10-14"],
    # natasha takes «ЖЕНЕВА» for an organization; the dictionary knows it as a place
    [f"ЖЕНЕВА, 12 мая 2023 г. {MEETING}", "ЖЕНЕВА, 12 мая 2023 г.", "Женева", "2023-05-12"],
    # under a headline
    [f"Встреча в Министерстве иностранных дел\n\nМинск, 19 апреля 2024 года\n{MEETING}",
     "Минск, 19 апреля 2024 года", "Минск", "2024-04-19"],
    # no year anywhere: the place stands, the day is unknown
    [f"МОСКВА, 5 марта. /ТАСС/. {MEETING}", "МОСКВА, 5 марта", "Москва", None],
]

NO_DATELINE = [
    # the date and place of a sentence, not a dateline
    f"19 апреля 2024 года в Минске состоялось заседание Совета министров иностранных дел СНГ. {MEETING}",
    # a date, but no place before it
    f"Сегодня, 5 марта 2024 года. {MEETING}",
    # a first line too long for a headline: what follows is the text, not its dateline
    f"{MEETING} {MEETING}\nМинск, 19 апреля 2024 года",
    # a place, but no date
    f"Минск, Бишкек и Астана.\n{MEETING}",
    f"Минск, 12 стран.\n{MEETING}",
    # a dateline stands on the first line or under a headline, not lower
    f"Встреча в Министерстве\nИтоги визита\nМинск, 19 апреля 2024 года\n{MEETING}",
]


@pytest.mark.parametrize("text, written, place, day", DATELINES)
def test_a_dateline_is_read(models, text, written, place, day):
    line = read_text(Document("release.txt", text), models).dateline
    assert (line.text, line.place.normal, line.place.type) == (written, place, "LOC")
    assert (line.when and line.when.start.isoformat()) == day


@pytest.mark.parametrize("text", NO_DATELINE)
def test_no_dateline(models, read, text):
    assert read_text(Document("release.txt", text), models).dateline is None
    kb = read(text)
    assert not kb.document_dates and not kb.document_places


def test_the_dateline_dates_and_places_the_meeting_and_the_document(read):
    kb = read({"release.txt": f"Минск, 19 апреля 2024 года\n{MEETING}"})
    assert f"{MET} | 2024-04-19 | Минск" in event_strings(kb)
    assert kb.document_dates == {"release.txt": Dated(date(2024, 4, 19))}
    assert kb.entities[kb.document_places["release.txt"]].label == "Минск"


@pytest.mark.parametrize("text, place", [
    (f"ЖЕНЕВА, 12 мая 2023 г. {MEETING}", "Женева"),                  # natasha's organization
    (f"Г. ЧОЛПОН-АТА, 20 сентября 2023 года\n{MEETING}", "Чолпон-Ата"),  # no name for natasha
])
def test_the_dateline_s_place_is_a_place_of_the_graph(read, text, place):
    kb = read({"release.txt": text})
    entity = kb.entities[kb.document_places["release.txt"]]
    assert (entity.type, entity.label) == ("LOC", place)
    assert f"{MET} | {kb.document_dates['release.txt'].start} | {place}" in event_strings(kb)


def test_the_document_carries_its_dateline_in_the_graph(read):
    kb = read({"release.txt": f"МОСКВА, 5 марта 2024 года. /ТАСС/. {MEETING}", "other.txt": MEETING})
    graph = to_graph(kb)
    release, other = URIRef(document_iri("release.txt")), URIRef(document_iri("other.txt"))
    assert (release, KG.datelineDate, Literal("2024-03-05", datatype=XSD.date)) in graph
    assert (release, KG.datelinePlace, RES["place/moskva"]) in graph
    assert not set(graph.triples((other, KG.datelineDate, None))) | set(graph.triples((other, KG.datelinePlace, None)))
    report = validate(graph)
    assert report.conforms, report.text


# [what the release says after «МИНСК, 19 апреля 2024 года.», the meeting's date | place]
SENTENCE_OWN = [
    # a sentence's own date and place win
    ["17 апреля в Бресте " + MEETING[0].lower() + MEETING[1:], "2024-04-17 | Брест"],
    ["В Бресте " + MEETING[0].lower() + MEETING[1:], "2024-04-19 | Брест"],
    # dated days away, it reports another occasion: the dateline's place is not its place
    ["12 апреля " + MEETING[0].lower() + MEETING[1:], "2024-04-12 | "],
    # «накануне», «вчера», «в тот же день» are the dateline's occasion
    ["Накануне " + MEETING[0].lower() + MEETING[1:], "2024-04-18 | Минск"],
    ["Вчера " + MEETING[0].lower() + MEETING[1:], "2024-04-18 | Минск"],
    ["Ранее в тот же день " + MEETING[0].lower() + MEETING[1:], "2024-04-19 | Минск"],
    # «накануне визита» is no day
    ["Накануне визита " + MEETING[0].lower() + MEETING[1:], "2024-04-19 | Минск"],
]


@pytest.mark.parametrize("sentence, expected", SENTENCE_OWN)
def test_a_sentence_s_own_date_and_place_win(read, sentence, expected):
    kb = read(f"МИНСК, 19 апреля 2024 года. {sentence}")
    assert f"{MET} | {expected}" in event_strings(kb)


OTHER_TIMES = [
    "Ранее " + MEETING[0].lower() + MEETING[1:],
    "Недавно " + MEETING[0].lower() + MEETING[1:],
    "Прежде " + MEETING[0].lower() + MEETING[1:],
    "В прошлом году " + MEETING[0].lower() + MEETING[1:],
    "На прошлой неделе " + MEETING[0].lower() + MEETING[1:],
    "В следующем году " + MEETING[0].lower() + MEETING[1:].replace("провёл", "проведёт"),
    "На следующей неделе " + MEETING[0].lower() + MEETING[1:].replace("провёл", "проведёт"),
    "В 2019 году " + MEETING[0].lower() + MEETING[1:],
]


@pytest.mark.parametrize("sentence", OTHER_TIMES)
def test_a_sentence_of_another_time_takes_nothing_from_the_dateline(read, sentence):
    kb = read(f"МИНСК, 19 апреля 2024 года. {sentence}")
    assert {e for e in event_strings(kb) if e.startswith(MET)} == {f"{MET} |  | "}


# Sentences of the dateline's occasion though they hold a word of another time.
SAME_TIME = [
    "Прежде всего стороны обсудили повестку заседания.",
    "Стороны обсудили выполнение ранее достигнутых договорённостей.",
    "Министр представил недавно назначенного посла.",
]


@pytest.mark.parametrize("sentence", SAME_TIME)
def test_words_of_another_time_in_other_roles(sentence):
    assert not other_time(sentence, None, Dated(date(2024, 4, 19)))


def test_yesterday_counts_from_the_dateline_not_from_the_last_date(read):
    kb = read("МОСКВА, 5 марта 2024 года. 1 марта 2024 года в Минске прошло заседание Совета министров обороны СНГ. "
              f"Вчера {MEETING[0].lower() + MEETING[1:]}")
    assert f"{MET} | 2024-03-04 | Москва" in event_strings(kb)


def test_a_date_without_its_year_takes_the_dateline_s(read):
    kb = read(f"МОСКВА, 5 марта. /ТАСС/. 4 марта {MEETING[0].lower() + MEETING[1:]} План на 2024 г. подписан.")
    assert f"{MET} | 2024-03-04 | Москва" in event_strings(kb)


def test_the_same_day_counts_from_the_last_date(read):
    kb = read("МОСКВА, 5 марта 2024 года. 1 марта в Минске прошло заседание Совета министров обороны СНГ. "
              f"В тот же день {MEETING[0].lower() + MEETING[1:]}")
    assert f"{MET} | 2024-03-01 | " in event_strings(kb)


def test_a_leap_day_moved_to_another_year(read):
    kb = read(f"29 февраля 2024 года состоялось заседание Совета. Соглашение 2023 г. продлено 1 марта. {MEETING}")
    assert "Session: Заседание Совета | 2024-02-29 | " in event_strings(kb)


# [text, reference, the last date given, the day found]
ANAPHORIC_DAYS = [
    ["В тот же день делегация посетила Бишкек.", "2024-04-19"],
    ["В этот же день делегация посетила Бишкек.", "2024-04-19"],
    ["Тем же днём стороны подписали меморандум.", "2024-04-19"],
    ["Накануне министр встретился с послом.", "2024-04-18"],
    ["Днём ранее делегацию принял президент.", "2024-04-18"],
    ["На следующий день состоялось заседание.", "2024-04-20"],
    ["На другой день состоялось заседание.", "2024-04-20"],
    ["Днём позже состоялось заседание.", "2024-04-20"],
]


@pytest.mark.parametrize("text, expected", ANAPHORIC_DAYS)
def test_days_counted_from_the_last_date_given(text, expected):
    found = find_dates(text, date(2024, 1, 1), published=date(2024, 5, 1), previous=date(2024, 4, 19))
    assert [m.start_date.isoformat() for m in found] == [expected]


def test_relative_days_count_from_the_publication_date():
    found = find_dates("Вчера министр встретился с послом.", date(2024, 4, 19), published=date(2024, 5, 1))
    assert [m.start_date.isoformat() for m in found] == ["2024-04-30"]
