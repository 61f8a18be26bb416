"""Scoring against factRuEval gold: the reader, the name rules and each row of the table.

The fixture `data/factrueval_mini` is two invented news items in the factRuEval format
(`gold/`) and what a build might have made of them (`predicted/`); every expected figure
below is counted by hand from those files.
"""

from pathlib import Path

import pytest

from kg.eval.gold import Agent, Meeting, MentionSpan, parse_refs, read_document, read_gold
from kg.eval.match import head_word, overlapping, same_meeting, same_organization, same_person, same_title
from kg.eval.report import format_errors, format_report
from kg.eval.score import compare, evaluate, trimmed

MINI = Path(__file__).parent / "data" / "factrueval_mini"
GOLD, PREDICTED = MINI / "gold", MINI / "predicted"
FACTRUEVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "factrueval-dev"


# ---------------------------------------------------------------- reading the gold

def test_objects_become_mentions_from_first_span_to_last():
    doc = read_document(GOLD / "doc_1.txt")
    assert [(m.type, m.text) for m in doc.mentions] == [
        ("LOC", "Эстонии"), ("PER", "Карл Мяги"), ("LOC", "Таллине"), ("LOC", "Канады"),
        ("PER", "Анной Лоран"), ("ORG", "ассоциации «Северный мост"),
    ]


def test_locorg_counts_as_organization_on_request():
    doc = read_document(GOLD / "doc_1.txt", locorg="ORG")
    assert [m.text for m in doc.mentions if m.type == "ORG"] == ["Эстонии", "Канады", "ассоциации «Северный мост"]


def test_meeting_participants_are_named_by_their_coref_entity():
    meeting, = read_document(GOLD / "doc_1.txt").meetings
    assert meeting.participants == (Agent(("Мяги Карл", "Карл", "Мяги"), True),
                                    Agent(("Лоран Анна", "Анна", "Лоран"), True))


def test_occupation_has_every_wording_of_the_position_and_the_place():
    first, second = read_document(GOLD / "doc_1.txt").occupations
    assert first.titles == ("Министр иностранных дел",)
    assert first.where == Agent(("Эстония",), False)
    assert second.titles == ("послом", "послом Канады")
    assert second.evidence == ("Министр иностранных дел Эстонии Карл Мяги встретился в Таллине "
                               "с послом Канады Анной Лоран.")


def test_occupations_repeated_for_modality_count_once_and_slots_may_be_missing():
    occupations = read_document(GOLD / "doc_2.txt").occupations
    assert [(o.who.names[0], o.titles, o.where and o.where.names[0]) for o in occupations] == [
        ("Петрова Ольга", ("Председатель", "Председатель Северного морского банка"), "Северный морской банк"),
        ("Соколов Иван", ("министром",), None),
        ("Соколов Иван", (), "ЛУКОЙЛ"),
    ]


REFS = [
    # a fact slot's value, the references read from it: (kind, id, names)
    ("obj5 Сандали Виторио", [("obj", "5", ("Сандали Виторио",))]),
    ("obj144 Турецкая республика | Турция", [("obj", "144", ("Турецкая республика", "Турция"))]),
    ("obj143 Украина | obj144 Турция", [("obj", "143", ("Украина",)), ("obj", "144", ("Турция",))]),
    ("span27603 Посол Японии в России | span27602 Посол",
     [("span", "27603", ("Посол Японии в России",)), ("span", "27602", ("Посол",))]),
    ("займ/возвращение займа", [("", "", ("займ/возвращение займа",))]),
]


@pytest.mark.parametrize("value, expected", REFS)
def test_fact_values_name_entities_and_their_alternatives(value, expected):
    assert [(r.kind, r.id, r.texts) for r in parse_refs(value)] == expected


# ---------------------------------------------------------------- name rules

PEOPLE = [
    # gold name, our name, same person?
    ("Сандали Виторио", "Виторио Сандали", True),          # either order
    ("Налбандов Александр", "Александром Налбандовым", True),  # inflected
    ("Налбандов Александр", "Налбандовым", True),          # one part is enough
    ("Юрий Лужков", "Юрия", True),
    ("Андрей Санников", "Андреем", True),
    ("Алёна Фёдорова", "Алена Федоровой", True),           # ё is е
    ("ОБАМА", "Барак Обама", True),                        # case does not matter
    ("Иван Петров", "Иванов", False),                      # a suffix is not an ending
    ("Мария Захарова", "Марина", False),
    ("Ху Цзиньтао", "Ху Ши", False),                       # parts under three letters do not count
    ("Рой Джонс", "Рая", False),                           # nor do stems under three letters
    ("Кравец Игорь", "Кравца", True),                      # a vowel that drops out when inflected
    ("Сандали Виторио", "Налбандов", False),
]


@pytest.mark.parametrize("gold, ours, expected", PEOPLE)
def test_person_names_match_by_any_one_part(gold, ours, expected):
    assert same_person([gold], [ours]) is expected


ORGANIZATIONS = [
    # gold name, our name, same organization?
    ("Министерство иностранных дел", "МИД", True),         # acronym of the other's words
    ("Европейский союз", "ЕС", True),
    ("Соединённые Штаты Америки", "США", True),
    ("ОАО «Газпром»", "Газпром", True),                    # quotes and a form of incorporation
    ("Грузия", "МИД Грузии", True),                        # every word of one is in the other
    ("Палата представителей", "палаты представителей Конгресса США", True),
    ("Московский государственный университет", "Американский университет", False),
    ("Россия", "Российская Федерация", False),             # an adjective is not its country
    ("Газпром", "Роснефть", False),
]


@pytest.mark.parametrize("gold, ours, expected", ORGANIZATIONS)
def test_organizations_match_by_normalized_name(gold, ours, expected):
    assert same_organization([gold], [ours]) is expected


TITLES = [
    # gold position, our title, same post?
    ("чрезвычайный и полномочный посол", "посол", True),
    ("заместителем министра иностранных дел", "заместитель министра", True),
    ("заместителем министра иностранных дел", "министр иностранных дел", False),
    ("главой", "глава партии", True),
    ("первый замминистра энергетики", "замминистра", True),
    ("премьер-министр", "премьер-министром", True),
    ("послом Канады", "посол", True),
    ("министр", "посол", False),
]


@pytest.mark.parametrize("gold, ours, expected", TITLES)
def test_titles_match_by_head_word(gold, ours, expected):
    assert same_title([gold], [ours]) is expected


def test_head_word_is_the_first_noun():
    assert head_word("чрезвычайный и полномочный посол Италии в Грузии") == "посол"


def test_a_gold_occupation_without_a_position_accepts_any_title():
    assert same_title([], ["министр"])


# ---------------------------------------------------------------- matching

def test_a_meeting_needs_every_gold_participant_each_by_its_own_person():
    gold = Meeting("d.txt", (Agent(("Бут Виктор",), True), Agent(("Бут Алла",), True)))
    viktor, alla, lawyer = (Agent((name,), True) for name in ("Виктор Бут", "Алла Бут", "Сабрина Шрофф"))
    assert not same_meeting(gold, Meeting("d.txt", (viktor,)))
    assert same_meeting(gold, Meeting("d.txt", (alla, lawyer, viktor)))


def test_lenient_matching_is_one_to_one():
    gold = [MentionSpan("d.txt", 0, 17, "ORG", "Промышленный банк"), MentionSpan("d.txt", 19, 23, "ORG", "ICBC")]
    ours = [MentionSpan("d.txt", 0, 24, "ORG", "Промышленный банк (ICBC)")]
    outcome = compare(gold, ours, overlapping)
    assert (outcome.score.matched, outcome.errors.missed) == (1, (gold[1],))


def test_quotes_and_punctuation_around_a_span_do_not_count():
    text = "Акции «Газпрома», по словам аналитиков"
    assert trimmed(MentionSpan("d.txt", 6, 17, "ORG", ""), text).text == "Газпрома"


# ---------------------------------------------------------------- the report

EXPECTED = [
    # row, gold, predicted, matched, F1
    ("PER", 5, 6, 4, 8 / 11),             # «Иваном» is short of «Иваном Соколовым»; «ЛУКОЙЛа» is no person
    ("ORG", 3, 2, 1, 2 / 5),              # «Северный мост» without «ассоциации»
    ("LOC", 5, 6, 5, 10 / 11),            # «Позже» is no place
    ("mentions", 13, 14, 10, 20 / 27),
    ("mentions lenient", 13, 14, 12, 24 / 27),
    ("Meeting", 2, 3, 1, 2 / 5),          # Петрова met Соколов, not Norway
    ("Occupation", 5, 3, 3, 3 / 4),       # Соколов at ЛУКОЙЛ not found; Лоран's bare «посол» is no Occupation
    ("Occupation, bare titles too", 5, 4, 3, 2 / 3),   # ... but counts here, a miss: it lacks Канада
]


@pytest.fixture(scope="module")
def report():
    return evaluate(GOLD, PREDICTED)


@pytest.mark.parametrize("row, gold, predicted, matched, f1", EXPECTED)
def test_each_row_counts_what_a_reader_would(report, row, gold, predicted, matched, f1):
    score = report.score(row)
    assert (score.gold, score.predicted, score.matched) == (gold, predicted, matched)
    assert score.precision == pytest.approx(matched / predicted)
    assert score.recall == pytest.approx(matched / gold)
    assert score.f1 == pytest.approx(f1)


def test_locorg_as_organization_moves_countries_to_the_org_row():
    report = evaluate(GOLD, PREDICTED, locorg="ORG")
    assert [(report.score(t).gold, report.score(t).matched) for t in ("ORG", "LOC")] == [(6, 1), (2, 2)]


def test_errors_list_what_was_missed_and_what_was_made_up(report):
    missed, spurious = report.errors("Occupation, bare titles too")
    assert [(o.who.names[0], o.where.names[0]) for o in missed] == [("Лоран Анна", "Канада"),
                                                                    ("Соколов Иван", "ЛУКОЙЛ")]
    assert [(o.who.names[0], o.titles, o.where) for o in spurious] == [("Анна Лоран", ("посол",), None)]


def test_error_listing_shows_the_gold_sentence(report):
    assert format_errors(report, "Meeting").splitlines()[:3] == [
        "## Meeting: missed 1",
        "doc_2.txt Meeting: Петрова Ольга + Соколов Иван",
        "    Позже Петрова обсудила с министром Иваном Соколовым планы «ЛУКОЙЛа».",
    ]


def test_report_is_a_markdown_table(report):
    assert format_report(report) == """\
| | gold | predicted | P | R | F1 |
|---|---:|---:|---:|---:|---:|
| PER | 5 | 6 | 0.667 | 0.800 | 0.727 |
| ORG | 3 | 2 | 0.500 | 0.333 | 0.400 |
| LOC | 5 | 6 | 0.833 | 1.000 | 0.909 |
| mentions | 13 | 14 | 0.714 | 0.769 | 0.741 |
| mentions lenient | 13 | 14 | 0.857 | 0.923 | 0.889 |
| Meeting | 2 | 3 | 0.333 | 0.500 | 0.400 |
| Occupation | 5 | 3 | 1.000 | 0.600 | 0.750 |
| Occupation, bare titles too | 5 | 4 | 0.750 | 0.600 | 0.667 |"""


# ---------------------------------------------------------------- the dev set

@pytest.mark.corpus
@pytest.mark.slow
def test_dev_set_scores(request):
    if not request.config.getoption("--corpus", default=False):
        pytest.skip("needs --corpus")
    if not FACTRUEVAL.is_dir():
        pytest.skip(f"{FACTRUEVAL} is absent")
    gold = read_gold(FACTRUEVAL)
    assert (len(gold), sum(len(d.meetings) for d in gold), sum(len(d.occupations) for d in gold)) == (122, 5, 207)
    report = evaluate(FACTRUEVAL, request.getfixturevalue("dev_set_out"))  # the session's `kg build --mentions`
    print("\n" + format_report(report))
    assert report.score("PER").gold == 741
    # The targets of issue 3 on the dev set: a drop below them is a regression.
    assert report.score("mentions").f1 >= 0.85
    assert report.score("Meeting").f1 >= 0.60
    assert report.score("Occupation").f1 >= 0.70
