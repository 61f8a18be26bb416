"""A text's dateline: the place and day a press release or a news item opens with, in
either order, with the punctuation agencies use:

    Минск, 19 апреля 2024 года
    МОСКВА, 5 марта. /ТАСС/. Генеральный секретарь ...
    19.04.2024, Бишкек
    Нью-Йорк, 3 июня (Синьхуа) -- ...
    САНКТ-ПЕТЕРБУРГ, 12 мар — РИА Новости.

It stands on the first line, or on the second under a headline. The dateline dates and
places the events the text reports unless their sentence gives its own date or place, or
speaks of another time (`other_time`); the document carries it in the graph.

>>> opening = find_opening("МОСКВА, 5 марта. /ТАСС/. Генеральный секретарь ОДКБ провёл встречу.")
>>> opening.place, opening.date
('МОСКВА', '5 марта.')
>>> parse_day("5 мар", 2024), parse_day("19.04.2024", None)
(Dated(start=datetime.date(2024, 3, 5), end=None), Dated(start=datetime.date(2024, 4, 19), end=None))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from kg import names
from kg.records import LOC, Dated, Dateline, Mention, ParsedDocument

from .dates import MONTH_NUMBERS, MONTHS, find_dates, year_hint

# A city as agencies write it: «Минск», «МОСКВА», «Нью-Йорк», «Ростов-на-Дону», «Нижний Новгород».
CITY_PART = r"[А-ЯЁ][а-яё]+|[А-ЯЁ]{2,}"
PARTICLES = {"на", "де", "ла", "ле", "дель", "ду", "дос", "сюр"}  # lower case inside a name
LINK = rf"-(?:(?:{'|'.join(sorted(PARTICLES))})-)?"
CITY_WORD = rf"(?:{CITY_PART})(?:{LINK}(?:{CITY_PART}))*(?![А-ЯЁа-яё])"
PLACE = rf"(?P<prefix>[гГ]\.\s*)?(?P<place>{CITY_WORD}(?:\s+{CITY_WORD})?)"
# «19.04.2024», «19 апреля 2024 года», «5 марта», «14 сентября 2023 г.», «5 мар»
DATE = (
    r"(?P<date>\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})"
    r"|\d{1,2}\s+(?P<month>[а-яё]{3,8})\.?(?:\s+(?:19|20)\d\d(?:\s*(?:года|год|г\.))?)?)"
)
# What may follow: the line's end, a full stop, «/ТАСС/», «(Синьхуа)», «— РИА Новости», «:».
END = r"(?:(?=\s*(?:[.(/:—–-]|$))|(?<=\.)(?=\s))"

OPENINGS = (
    re.compile(rf"\s*{PLACE}\s*,\s*{DATE}{END}"),   # Минск, 19 апреля 2024 года
    re.compile(rf"\s*{DATE}\s*,\s*{PLACE}{END}"),   # 19.04.2024, Бишкек
)

# RIA Novosti's months: «МОСКВА, 5 мар — РИА Новости».
SHORT_MONTHS = {"янв": 1, "фев": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8,
                "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12}
# A headline may stand above the dateline; a longer first line is already the text.
MAX_HEADLINE = 150
# A sentence dated this many days from the dateline still reports the dateline's occasion
# («накануне», «позавчера»); further off, it reports another.
NEAR_DAYS = 2

# «ранее достигнутых договорённостей», «недавно созданной»: the adverb qualifies a participle,
# and the sentence may well report the dateline's occasion.
PARTICIPLE = r"\s+[а-яё]*(?:нн|т|вш|щ|ем|им)(?:ых|ые|ый|ая|ое|ой|ого|ому|ую|ым|ыми|ий|ие|их|ее|ей|его|ему)(?!\w)"
# Words that move a sentence off the dateline's day: what it reports happened at another time.
OTHER_TIME_WORDS = (
    rf"ранее(?!,?\s+в\s+(?:тот|этот)\s+же\s+день|{PARTICIPLE})",  # Ранее министр посетил Бишкек
    rf"недавно(?!{PARTICIPLE})",                     # Недавно в Минске прошла конференция
    r"прежде(?!\s+всего)",                          # Прежде стороны встречались в Астане (not «прежде всего»)
    r"в\s+прошлом\s+(?:году|месяце)",                # В прошлом году встреча прошла в Ташкенте
    r"на\s+прошлой\s+неделе",                        # На прошлой неделе министр посетил Душанбе
    r"в\s+(?:следующем|будущем)\s+(?:году|месяце)",  # В следующем году сессия пройдёт в Ереване
    r"на\s+следующей\s+неделе",                      # На следующей неделе состоится заседание
)
OTHER_TIMES = re.compile(rf"(?<!\w)(?:{'|'.join(OTHER_TIME_WORDS)})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Opening:
    """A dateline as found in the text, before its place is checked."""
    text: str           # «МОСКВА, 5 марта»
    start: int          # the place's character offsets in the text
    stop: int
    place: str
    date: str
    prefixed: bool      # «г. Бишкек»: the word says it is a city


def find_opening(text: str) -> Opening | None:
    """The place and date a text's first line (or second, under a headline) opens with."""
    lines = (line for line in re.finditer(r"[^\n]+", text) if line.group().strip())
    for number, line in enumerate(lines):
        for pattern in OPENINGS:
            match = pattern.match(line.group())
            if match and _is_month(match["month"]):
                start = line.start() + match.start("place")
                return Opening(re.sub(r"(?<!г)\.$", "", match.group().strip()), start, start + len(match["place"]),
                               match["place"], match["date"], bool(match["prefix"]))
        if number or len(line.group().strip()) > MAX_HEADLINE:
            return None
    return None


def _is_month(word: str | None) -> bool:
    return word is None or word in MONTH_NUMBERS or word in SHORT_MONTHS


def parse_day(text: str, year: int | None) -> Dated | None:
    """The dateline's day; a date without its year takes `year`, the first the text gives."""
    match = re.search(r"(?<=\d\s)[а-яё]+", text)
    if match and match.group() in SHORT_MONTHS:
        text = text[:match.start()] + MONTHS[SHORT_MONTHS[match.group()]][1] + text[match.end():]
    found = find_dates(text, date(year, 1, 1) if year else None)
    return Dated(found[0].start_date, found[0].end_date) if found and found[0].start == 0 else None


def text_year(document: ParsedDocument) -> int | None:
    """The first year a text writes: in a full date, or with «г.» / «года»."""
    for sentence in document.sentences:
        written = [m.start_date.year for m in find_dates(sentence.text) if m.has_year]
        year = written[0] if written else year_hint(sentence.text)
        if year:
            return year
    return None


# ---------------------------------------------------------------- the place as a mention

def with_dateline(document: ParsedDocument) -> ParsedDocument:
    """The document with its dateline, if it has one, and the dateline's place named as a place.

    natasha may miss an upper-case city or take it for an organization («ЖЕНЕВА»); the
    dateline's place is a place whichever it said."""
    opening = find_opening(document.text)
    place = _place(document, opening) if opening else None
    if opening is None or place is None:
        return document
    when = parse_day(opening.date.rstrip("."), text_year(document))
    return replace(_with_mention(document, place), dateline=Dateline(opening.text, when, place))


def _place(document: ParsedDocument, opening: Opening) -> Mention | None:
    sentence = next((s for s in document.sentences if s.start <= opening.start < s.stop), None)
    if sentence is None:
        return None
    tokens = [t for t in sentence.tokens if opening.start <= t.start and t.stop <= opening.stop]
    if not tokens or tokens[0].start != opening.start or tokens[-1].stop != opening.stop:
        return None
    natasha = [m for m in sentence.mentions if m.start < opening.stop and opening.start < m.stop]
    if not (opening.prefixed or any(m.type == LOC for m in natasha)
            or any(names.is_place_name(word) for word in opening.place.split())):
        return None  # «Сегодня, 5 марта.»: a date, but no place before it
    normal = _as_named(opening.place, natasha)
    return Mention(document.id, sentence.index, tokens[0].index, tokens[-1].index,
                   opening.start, opening.stop, LOC, opening.place, normal)


def _as_named(place: str, natasha: list[Mention]) -> str:
    """«МОСКВА» as «Москва», «РОСТОВ-НА-ДОНУ» as «Ростов-на-Дону»; natasha's nominative otherwise."""
    if not place.isupper():
        same = [m.normal for m in natasha if m.type == LOC and m.text == place]
        return same[0] if same else place
    parts = re.split(r"([-\s]+)", place.lower())
    return "".join(p if (i and p in PARTICLES) else p.capitalize() for i, p in enumerate(parts))


def _with_mention(document: ParsedDocument, place: Mention) -> ParsedDocument:
    sentence = document.sentences[place.sent]
    kept = [m for m in sentence.mentions if m.stop <= place.start or place.stop <= m.start]
    mentions = tuple(sorted(kept + [place], key=lambda m: m.first))
    sentences = list(document.sentences)
    sentences[place.sent] = replace(sentence, mentions=mentions)
    return replace(document, sentences=tuple(sentences))


# ---------------------------------------------------------------- what the dateline covers

def other_time(text: str, own: Dated | None, day: Dated | None) -> bool:
    """Whether a sentence reports another occasion than the dateline's: it says «ранее» or
    «в прошлом году», names another year, or is dated more than a day or two away.

    >>> other_time("Ранее министр посетил Бишкек.", None, None)
    True
    >>> other_time("Ранее в тот же день министр выступил.", None, None)
    False
    """
    if OTHER_TIMES.search(text):
        return True
    hint = year_hint(text)
    if hint and (day is None or hint != day.start.year):
        return True
    return bool(own and day and not _near(own, day.start))


def _near(own: Dated, day: date) -> bool:
    margin = timedelta(days=NEAR_DAYS)
    return own.start - margin <= day <= (own.end or own.start) + margin
