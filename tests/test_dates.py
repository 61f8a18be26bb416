from datetime import date

import pytest

from kg.extract.dates import find_dates, year_hint

REF = date(2025, 10, 15)  # a Wednesday

CASES = [
    # written dates, any case of the month, with or without г./года
    ["Форум прошёл 31 октября 2025 г.", None, [("2025-10-31", None)]],
    ["Соглашение подписано 28 апреля 2023 года.", None, [("2023-04-28", None)]],
    ["21 ноября 2022 года в Москве", None, [("2022-11-21", None)]],
    ["Демонстрация 1-го мая 2020 г. отменена", None, [("2020-05-01", None)]],
    ["к 5 декабрю 2021", None, [("2021-12-05", None)]],
    ["Итоги 31 Октября 2025", None, [("2025-10-31", None)]],
    ["В 2002 году страна вступила в ВТО.", REF, []],
    # numeric
    ["Дата: 20.09.2025", None, [("2025-09-20", None)]],
    ["Дата: 20.09.25.", None, [("2025-09-20", None)]],
    ["Опубликовано 2025-09-20", None, [("2025-09-20", None)]],
    ["Дата 31.02.2025 ошибочна", None, []],
    ["Приказ от 01.13.2025", None, []],
    # ranges
    ["с 11 по 15 сентября т.г.", REF, [("2025-09-11", "2025-09-15")]],
    ["с 11 по 15 сентября 2023 года", None, [("2023-09-11", "2023-09-15")]],
    ["Выставка 11-15 сентября 2023 г.", None, [("2023-09-11", "2023-09-15")]],
    ["Выставка 11 – 15 сентября 2023 г.", None, [("2023-09-11", "2023-09-15")]],
    ["с 30 сентября по 2 октября 2024 года", None, [("2024-09-30", "2024-10-02")]],
    ["с 28 октября по 1 ноября", REF, [("2025-10-28", "2025-11-01")]],
    ["с 30 декабря по 2 января 2024 года", None, [("2023-12-30", "2024-01-02")]],
    ["с 28 октября по 1 ноября", None, []],
    # year taken from the reference
    ["Встреча 14 сентября", REF, [("2025-09-14", None)]],
    ["Встреча 14 сентября", None, []],
    ["в понедельник 28 июня", REF, [("2025-06-28", None)]],
    ["10 марта т. г.", REF, [("2025-03-10", None)]],
    ["10 марта текущего года", REF, [("2025-03-10", None)]],
    ["10 марта этого года", REF, [("2025-03-10", None)]],
    ["10 марта сего года", REF, [("2025-03-10", None)]],
    ["10 марта прошлого года", REF, [("2024-03-10", None)]],
    ["10 марта следующего года", REF, [("2026-03-10", None)]],
    ["10 марта прошлого года", None, []],
    # relative days
    ["Вчера министр заявил", REF, [("2025-10-14", None)]],
    ["сегодня", REF, [("2025-10-15", None)]],
    ["позавчера", REF, [("2025-10-13", None)]],
    ["в понедельник", REF, [("2025-10-13", None)]],
    ["во вторник", REF, [("2025-10-14", None)]],
    ["в среду", REF, [("2025-10-15", None)]],
    ["в минувшую пятницу", REF, [("2025-10-10", None)]],
    ["в следующий понедельник", REF, [("2025-10-20", None)]],
    ["вчера и в понедельник", None, []],
    # several mentions, in order
    [
        "вчера, 14 октября, и 20.09.2025",
        REF,
        [("2025-10-14", None), ("2025-10-14", None), ("2025-09-20", None)],
    ],
    # not dates
    ["5 тыс. участников", REF, []],
    ["более 150 стран", REF, []],
    ["7 панельных дискуссий", REF, []],
    ["на полях 77-й сессии", REF, []],
    ["в начале XXI века", REF, []],
    ["Резолюция 2250 Совбеза", REF, []],
    ["в 19 часов", REF, []],
    ["формат 2+2", REF, []],
    ["версия 1.2.3", REF, []],
]


def date_pairs(mentions):
    return [(m.start_date.isoformat(), m.end_date and m.end_date.isoformat()) for m in mentions]


@pytest.mark.parametrize("text, reference, expected", CASES)
def test_find_dates(text, reference, expected):
    assert date_pairs(find_dates(text, reference)) == expected


SPANS = [
    ["Форум прошёл 31 октября 2025 г. в Казани", ["31 октября 2025 г."]],
    ["в понедельник 28 июня прошла встреча", ["в понедельник 28 июня"]],
    ["с 11 по 15 сентября т.г. и вчера", ["с 11 по 15 сентября т.г.", "вчера"]],
    ["Дата 20.09.2025, итоги 2025-09-21.", ["20.09.2025", "2025-09-21"]],
    ["Выставка 11–15 сентября 2023 года открыта", ["11–15 сентября 2023 года"]],
]


@pytest.mark.parametrize("text, expected", SPANS)
def test_spans(text, expected):
    mentions = find_dates(text, REF)
    assert [m.text for m in mentions] == expected
    assert all(text[m.start:m.stop] == m.text for m in mentions)


HAS_YEAR = [
    ["31 октября 2025 г.", True],
    ["20.09.25", True],
    ["14 сентября", False],
    ["14 сентября прошлого года", False],
    ["вчера", False],
]


@pytest.mark.parametrize("text, expected", HAS_YEAR)
def test_has_year(text, expected):
    assert [m.has_year for m in find_dates(text, REF)] == [expected]


YEAR_HINTS = [
    ["План работы на 2023 г.", 2023],
    ["в 2023 году", 2023],
    ["итоги 2023 года", 2023],
    ["Резолюция 2250", None],
    ["в 1800 году", None],
    ["20.09.2025", None],
]


@pytest.mark.parametrize("text, expected", YEAR_HINTS)
def test_year_hint(text, expected):
    assert year_hint(text) == expected
