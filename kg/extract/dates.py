"""Date mentions in Russian news text: written dates, numeric dates, ranges,
days given relative to the publication date («вчера») and to the last date the text
gave («в тот же день», «накануне»).

    >>> [m.start_date.isoformat() for m in find_dates("Форум прошёл 31 октября 2025 г.")]
    ['2025-10-31']
    >>> year_hint("План мероприятий на 2023 г.")
    2023
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    1: ("январь", "января", "январе", "январю", "январём", "январем", "янв."),
    2: ("февраль", "февраля", "феврале", "февралю", "февралём", "февралем", "февр."),
    3: ("март", "марта", "марте", "марту", "мартом"),
    4: ("апрель", "апреля", "апреле", "апрелю", "апрелем", "апр."),
    5: ("май", "мая", "мае", "маю", "маем"),
    6: ("июнь", "июня", "июне", "июню", "июнем"),
    7: ("июль", "июля", "июле", "июлю", "июлем"),
    8: ("август", "августа", "августе", "августу", "августом", "авг."),
    9: ("сентябрь", "сентября", "сентябре", "сентябрю", "сентябрём", "сентябрем", "сент."),
    10: ("октябрь", "октября", "октябре", "октябрю", "октябрём", "октябрем", "окт."),
    11: ("ноябрь", "ноября", "ноябре", "ноябрю", "ноябрём", "ноябрем", "нояб."),
    12: ("декабрь", "декабря", "декабре", "декабрю", "декабрём", "декабрем", "дек."),
}

# Nominative and accusative: "в среду", "пятница, 3 октября".
WEEKDAYS = {
    0: ("понедельник",),
    1: ("вторник",),
    2: ("среда", "среду"),
    3: ("четверг",),
    4: ("пятница", "пятницу"),
    5: ("суббота", "субботу"),
    6: ("воскресенье",),
}

PAST, NEXT = -1, 1

# Stems of the word between "в" and a weekday; any gender ending follows.
WEEKDAY_DIRECTIONS = {
    "минувш": PAST,   # в минувшую пятницу
    "прошедш": PAST,  # в прошедший вторник
    "прошл": PAST,    # в прошлый четверг
    "следующ": NEXT,  # в следующий понедельник
    "ближайш": NEXT,  # в ближайшую среду
    "будущ": NEXT,    # в будущий вторник
}

RELATIVE_DAYS = {
    "позавчера": -2,
    "вчера": -1,
    "сегодня": 0,
    "завтра": 1,
    "послезавтра": 2,
}

# Days counted from the last date the text gave, not from the day it was published.
ANAPHORIC_DAYS = {
    "в тот же день": 0,      # Ранее в тот же день министр выступил на конференции
    "в этот же день": 0,     # В этот же день делегация посетила Бишкек
    "тем же днём": 0,        # Тем же днём стороны подписали меморандум
    "тем же днем": 0,
    # the preposition («накануне визита») is left to the caller
    "накануне": -1,          # Накануне министр встретился с послом
    "днём ранее": -1,        # Днём ранее делегацию принял президент
    "днем ранее": -1,
    "на следующий день": 1,  # На следующий день состоялось заседание
    "на другой день": 1,
    "днём позже": 1,
    "днем позже": 1,
}

# Year offset from the reference; a space in a key may also be absent in text.
RELATIVE_YEARS = {
    "т. г.": 0,               # с 11 по 15 сентября т.г.
    "с. г.": 0,               # 5 марта с. г.
    "текущего года": 0,
    "этого года": 0,
    "сего года": 0,
    "нынешнего года": 0,
    "прошлого года": -1,
    "минувшего года": -1,
    "прошедшего года": -1,
    "позапрошлого года": -2,
    "следующего года": 1,
    "будущего года": 1,
}

# "20.09.25": two-digit years below the pivot are 20xx, the rest 19xx.
TWO_DIGIT_YEAR_PIVOT = 70


def compact(phrase: str) -> str:
    return "".join(phrase.lower().split())


def phrase_pattern(phrase: str) -> str:
    return r"\s*".join(re.escape(word) for word in phrase.split())


def alternation(phrases) -> str:
    return "|".join(phrase_pattern(p) for p in sorted(phrases, key=len, reverse=True))


MONTH_NUMBERS = {form: n for n, forms in MONTHS.items() for form in forms}
WEEKDAY_NUMBERS = {form: n for n, forms in WEEKDAYS.items() for form in forms}
YEAR_SHIFTS = {compact(phrase): shift for phrase, shift in RELATIVE_YEARS.items()}
ANAPHORIC_SHIFTS = {compact(phrase): shift for phrase, shift in ANAPHORIC_DAYS.items()}

YEAR_NUMBER = r"(?:19\d\d|20\d\d|2100)(?!\d)"
YEAR_WORD = r"(?:гг?\.|(?:года|году|годом|год|г)(?!\w))"  # 2023 г. / года / гг.
MONTH_WORD = alternation(MONTH_NUMBERS)
WEEKDAY_WORD = alternation(WEEKDAY_NUMBERS)


def day_part(name: str) -> str:
    return rf"(?<![\w.,])(?P<{name}>\d{{1,2}})(?:-?(?:ого|го|ое|е))?"  # 1-го мая


def month_part(name: str) -> str:
    return rf"(?P<{name}>{MONTH_WORD})(?!\w)"


def year_part(name: str) -> str:
    return rf"(?P<{name}>{YEAR_NUMBER})(?:\s*{YEAR_WORD})?"


YEAR_TAIL = (
    rf"(?:\s+(?:{year_part('year')}"
    rf"|(?P<rel_year>{alternation(RELATIVE_YEARS)})(?!\w)))?"
)
RANGE_START = (
    rf"{day_part('from_day')}"
    rf"(?:\s+{month_part('from_month')}(?:\s+{year_part('from_year')})?)?"
)
DAY_MONTH = rf"{day_part('day')}\s+{month_part('month')}{YEAR_TAIL}"

# The weekday is kept in the span but the day number decides the date.
SINGLE_DATE = rf"(?:(?<!\w)(?:(?:в|во)\s+)?(?:{WEEKDAY_WORD}),?\s+)?{DAY_MONTH}"
RANGE_WITH_PREPOSITIONS = rf"(?<!\w)со?\s+{RANGE_START}\s+(?:по|до)\s+{DAY_MONTH}"
RANGE_WITH_DASH = rf"{RANGE_START}\s*[-–—]\s*{DAY_MONTH}"
NUMERIC_DATE = (
    r"(?<![\w.,])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4}|\d{2})"
    rf"(?!\d|\.\d)(?:\s*{YEAR_WORD})?"
)
ISO_DATE = r"(?<![\w.-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\w-])"
RELATIVE_DAY = rf"(?<!\w)(?P<rel_day>{alternation(RELATIVE_DAYS)})(?!\w)"
ANAPHORIC_DAY = rf"(?<!\w)(?P<same_day>{alternation(ANAPHORIC_DAYS)})(?!\w)"
WEEKDAY_ALONE = (
    rf"(?<!\w)(?:в|во)\s+(?:(?P<direction>{alternation(WEEKDAY_DIRECTIONS)})\w*\s+)?"
    rf"(?P<weekday>{WEEKDAY_WORD})(?!\w)"
)
YEAR_HINT = re.compile(rf"(?<![\w.,])(?P<year>{YEAR_NUMBER})\s*{YEAR_WORD}", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int
    stop: int
    text: str
    start_date: date
    end_date: date | None = None
    has_year: bool = True


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 31.02, month 13: not a date, not an error
        return None


def resolve_year(match, reference):
    """(year, has_year), or None when the year is neither written nor inferable."""
    if match["year"]:
        return int(match["year"]), True
    if reference is None:
        return None
    shift = YEAR_SHIFTS[compact(match["rel_year"])] if match["rel_year"] else 0
    return reference.year + shift, False


def parse_single(match, reference):
    year = resolve_year(match, reference)
    if year is None:
        return None
    day = make_date(year[0], MONTH_NUMBERS[match["month"].lower()], int(match["day"]))
    return day and (day, None, year[1])


def range_start(match, end: date) -> date | None:
    month = MONTH_NUMBERS[match["from_month"].lower()] if match["from_month"] else end.month
    if match["from_year"]:
        year = int(match["from_year"])
    else:  # "с 30 декабря по 2 января 2024 года" starts in 2023
        year = end.year if month <= end.month else end.year - 1
    return make_date(year, month, int(match["from_day"]))


def parse_range(match, reference):
    single = parse_single(match, reference)
    if single is None:
        return None
    end, _, has_year = single
    start = range_start(match, end)
    return (start, end, has_year) if start and start < end else None


def full_year(digits: str) -> int:
    if len(digits) == 4:
        return int(digits)
    century = 2000 if int(digits) < TWO_DIGIT_YEAR_PIVOT else 1900
    return century + int(digits)


def parse_numeric(match, reference):
    day = make_date(full_year(match["year"]), int(match["month"]), int(match["day"]))
    return day and (day, None, True)


def parse_relative_day(match, reference):
    if reference is None:
        return None
    shift = RELATIVE_DAYS[match["rel_day"].lower()]
    return reference + timedelta(days=shift), None, False


def parse_anaphoric_day(match, reference):
    if reference is None:
        return None
    shift = ANAPHORIC_SHIFTS[compact(match["same_day"])]
    return reference + timedelta(days=shift), None, False


def nearest_weekday(reference: date, weekday: int, direction: int) -> date:
    if direction == NEXT:
        return reference + timedelta(days=(weekday - reference.weekday() - 1) % 7 + 1)
    # News reports the past: a bare weekday is the latest one on or before.
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


def parse_weekday(match, reference):
    if reference is None:
        return None
    weekday = WEEKDAY_NUMBERS[match["weekday"].lower()]
    direction = WEEKDAY_DIRECTIONS[match["direction"].lower()] if match["direction"] else PAST
    return nearest_weekday(reference, weekday, direction), None, False


# Which date each pattern counts from: the reference gives years, the publication date
# the days of «вчера» and «в среду», the last date given those of «в тот же день».
REFERENCE, PUBLISHED, PREVIOUS = "reference", "published", "previous"

PATTERNS = (
    (re.compile(RANGE_WITH_PREPOSITIONS, re.IGNORECASE), parse_range, REFERENCE),
    (re.compile(RANGE_WITH_DASH, re.IGNORECASE), parse_range, REFERENCE),
    (re.compile(SINGLE_DATE, re.IGNORECASE), parse_single, REFERENCE),
    (re.compile(NUMERIC_DATE, re.IGNORECASE), parse_numeric, REFERENCE),
    (re.compile(ISO_DATE), parse_numeric, REFERENCE),
    (re.compile(RELATIVE_DAY, re.IGNORECASE), parse_relative_day, PUBLISHED),
    (re.compile(WEEKDAY_ALONE, re.IGNORECASE), parse_weekday, PUBLISHED),
    (re.compile(ANAPHORIC_DAY, re.IGNORECASE), parse_anaphoric_day, PREVIOUS),
)


def match_pattern(pattern, parse, text: str, reference):
    for match in pattern.finditer(text):
        found = parse(match, reference)
        if found:
            yield DateMention(match.start(), match.end(), match.group(), *found)


def overlaps(a: DateMention, b: DateMention) -> bool:
    return a.start < b.stop and b.start < a.stop


def drop_overlaps(mentions: list[DateMention]) -> list[DateMention]:
    """Longest first; the result stays sorted by start."""
    kept: list[DateMention] = []
    for mention in sorted(mentions, key=lambda m: (m.start - m.stop, m.start)):
        i = bisect_right(kept, mention.start, key=lambda m: m.start)
        # Kept spans are disjoint and no shorter, so only these two can overlap.
        if not any(overlaps(mention, other) for other in kept[max(i - 1, 0):i + 1]):
            kept.insert(i, mention)
    return kept


def find_dates(text: str, reference: date | None = None, *,
               published: date | None = None, previous: date | None = None) -> list[DateMention]:
    """Date mentions, sorted and non-overlapping; undatable ones are left out. The reference
    gives missing years; «вчера» counts from `published`, «в тот же день» from `previous`,
    each the reference when not given.

    >>> [m.text for m in find_dates("вчера и 14 сентября", date(2025, 10, 15))]
    ['вчера', '14 сентября']
    >>> [str(m.start_date) for m in find_dates("Накануне, вчера", published=date(2025, 10, 15),
    ...                                         previous=date(2025, 10, 1))]
    ['2025-09-30', '2025-10-14']
    """
    anchors = {REFERENCE: reference, PUBLISHED: published or reference, PREVIOUS: previous or reference}
    found = [
        mention
        for pattern, parse, anchor in PATTERNS
        for mention in match_pattern(pattern, parse, text, anchors[anchor])
    ]
    return drop_overlaps(found)


def year_hint(text: str) -> int | None:
    """First year written with г./год, for a reference when no full date exists."""
    match = YEAR_HINT.search(text)
    return int(match["year"]) if match else None
