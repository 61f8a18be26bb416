"""Names to the nominative: persons part by part, organizations and places by their head.

natasha's own normalization leaves some names inflected ("Касым-Жомартом Токаевым")
or breaks them ("Астане" -> "Астан"); here every word is re-analysed with pymorphy and
inflected with the case and gender that all parts of the name agree on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pymorphy3 import MorphAnalyzer

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# When several cases fit every part, prefer the one news text uses most after a title.
CASE_PRIORITY = ("nomn", "gent", "ablt", "datv", "loct", "accs")
# UD's case and gender tags as pymorphy's; a word the tagger gave no tag (None) finds none.
UD_CASES: dict[str | None, str] = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt",
                                   "Loc": "loct"}
UD_GENDERS: dict[str | None, str] = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
NAME_ROLES = ("Surn", "Name", "Patr")
# Words an acronym skips: «Договора о коллективной безопасности» -> ДКБ
FUNCTION_WORDS = {"о", "об", "по", "и", "в", "во", "на", "для", "с", "со", "за", "при", "к", "от", "из"}
ABBREVIATION = re.compile(r"^[A-ZА-ЯЁ]{2,7}$")
_MASC_OBLIQUE = {
    "gent": (("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын"),
             ("ского", "ский"), ("цкого", "цкий")),
    "datv": (("ову", "ов"), ("еву", "ев"), ("ину", "ин"), ("ыну", "ын"), ("скому", "ский"), ("цкому", "цкий")),
    "ablt": (("овым", "ов"), ("евым", "ев"), ("иным", "ин"), ("ыным", "ын"), ("ским", "ский"), ("цким", "цкий")),
    "loct": (("ове", "ов"), ("еве", "ев"), ("ине", "ин"), ("ыне", "ын"), ("ском", "ский"), ("цком", "цкий")),
}
_FEMN_OBLIQUE = (("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына"), ("ской", "ская"),
                 ("цкой", "цкая"))
# The endings of a Russian man's surname in the nominative: «Абдукадыров» is no other case.
MASC_NOMINATIVE = tuple(sorted({nominative for endings in _MASC_OBLIQUE.values() for _, nominative in endings}))
# (gender, case) -> (ending, nominative ending): how unknown Russian surnames decline.
SURNAME_ENDINGS = {
    **{("masc", case): endings for case, endings in _MASC_OBLIQUE.items()},
    ("masc", "accs"): _MASC_OBLIQUE["gent"],
    **{("femn", case): _FEMN_OBLIQUE for case in ("gent", "datv", "ablt", "loct")},
    ("femn", "accs"): (("ову", "ова"), ("еву", "ева"), ("ину", "ина"), ("скую", "ская"), ("цкую", "цкая")),
}
# Foreign masculine names on a consonant decline like nouns: Олафом Шольцем -> Олаф Шольц; on a
# vowel and «й», the «й» comes back: Ли Хуэем -> Ли Хуэй.
FOREIGN_ENDINGS = {
    ("masc", "gent"): (("а", ""), ("я", "й")), ("masc", "accs"): (("а", ""), ("я", "й")),
    ("masc", "datv"): (("у", ""), ("ю", "й")),
    ("masc", "ablt"): (("ом", ""), ("ем", ""), ("ем", "й"), ("ой", "а"), ("ей", "я")),   # Илией -> Илия
    ("masc", "loct"): (("е", ""), ("е", "й")),
    # a woman's first name on «-а/-я» the dictionary does not know: Дильшодой Рахимовой -> Дильшода
    ("femn", "gent"): (("ы", "а"),), ("femn", "accs"): (("у", "а"), ("ю", "я")),
    ("femn", "ablt"): (("ой", "а"), ("ей", "я")),
}
VOWELS = set("аеёиоуыэюяaeiouy")
# Words that never begin a name's inflected head: prepositions and conjunctions inside names.
FUNCTION_POS = {"ADP", "CCONJ", "SCONJ", "PART", "PUNCT", "DET", "NUM"}


@dataclass(frozen=True)
class Word:
    text: str
    pos: str = ""
    case: str | None = None      # UD case from the tagger
    gender: str | None = None    # UD gender from the tagger


@lru_cache(maxsize=200_000)
def key(text: str) -> str:
    """A name as compared: lower case, е for ё, no quotes or brackets, single spaces."""
    text = text.lower().replace("ё", "е")
    return re.sub(r"[«»\"“”„'()]", "", re.sub(r"\s+", " ", text)).strip()


def initials(name: str) -> str:
    """«Организация Договора о коллективной безопасности» -> «ОДКБ»."""
    words = [w for w in re.split(r"[\s\-–]+", name) if w and w.lower() not in FUNCTION_WORDS]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


@lru_cache(maxsize=1)
def analyzer() -> MorphAnalyzer:
    return MorphAnalyzer()


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple:
    return tuple(analyzer().parse(word))


def restore_case(form: str, original: str) -> str:
    """Give an inflected form the capitals of the original: ДиКарло stays ДиКарло."""
    if original.isupper() and len(original) > 1:
        return form.upper()
    chars = [f.upper() if i < len(original) and original[i].isupper() else f
             for i, f in enumerate(form)]
    if original[:1].isupper():
        chars[0] = chars[0].upper()
    return "".join(chars)


def _split_hyphen(text: str) -> tuple[str, str]:
    """Only the last part of a hyphenated name declines: Касым-Жомартом, Жан-Пьера."""
    head, _, tail = text.rpartition("-")
    return (head + "-" if head else ""), tail


def _is_initial(text: str) -> bool:
    return len(text.rstrip(".")) <= 1 or (text.endswith(".") and len(text) <= 3)


# ---------------------------------------------------------------- persons

def _gender(parse) -> str | None:
    if "ms-f" in parse.tag:
        return "ms-f"
    return str(parse.tag.gender) if parse.tag.gender else None


def _role_parses(word: str, role: str) -> list:
    """Readings of a word as a first name, patronymic or surname; empty when it is none of these
    («Хренина» is only a common noun to the dictionary) or the dictionary does not know the
    word and only guesses («Эбботом», «Засем»: those decline by their ending)."""
    # A person's name is singular: plural readings only mislead the case choice.
    candidates = [p for p in parses(word) if p.tag.POS == "NOUN" and p.tag.number != "plur" and p.is_known]
    for preferred in (role, *NAME_ROLES):
        chosen = [p for p in candidates if preferred in p.tag]
        if chosen:
            return chosen
    return []


def _by_ending(word: str, case: str, gender: str | None, table: dict) -> str | None:
    """Names the dictionary does not know decline by their ending: Хренина -> Хренин, Шольцем -> Шольц."""
    for ending, replacement in table.get((gender or "masc", case), ()):
        stem = word[:len(word) - len(ending)]
        if word.lower().endswith(ending) and len(stem) > 1 and (replacement or stem[-1].lower() not in VOWELS):
            return stem + _soft(stem, ending, replacement)
    return None


def _soft(stem: str, ending: str, replacement: str) -> str:
    """A soft ending after a consonant leaves a soft sign: Ноэля -> Ноэль (Хуэя -> Хуэй after a
    vowel); «-ем» is soft too, but after «ц» and the hushing consonants (Шольцем -> Шольц):
    Эммануэлем -> Эммануэль, Засем -> Зась."""
    consonant = stem[-1].lower() not in VOWELS
    if consonant and replacement == "й" and ending[:1] in "яю":
        return "ь"
    if consonant and replacement == "" and ending == "ем" and stem[-1].lower() not in "цжшщч":
        return "ь"
    return replacement


def _roles(count: int) -> list[str]:
    if count == 1:
        return ["Surn"]
    return ["Name"] + ["Patr"] * (count - 2) + ["Surn"]


def _agreed(options: list[list], hint_case: str | None, hint_gender: str | None):
    """The case and gender every part of the name can take."""
    genders = {"masc", "femn"}
    for part in options:
        part_genders = {_gender(p) for p in part}
        if "ms-f" not in part_genders and part_genders & genders:
            genders &= part_genders
    gender = hint_gender if hint_gender in genders else (min(genders) if len(genders) == 1 else None)
    cases = set(CASES)
    for part in options:
        fitting = {p.tag.case for p in part if gender is None or _gender(p) in (gender, "ms-f", None)}
        if fitting:
            cases &= fitting
    if hint_case in cases:
        return hint_case, gender
    return next((c for c in CASE_PRIORITY if c in cases), None), gender


def _nominative(parse, gender: str | None) -> str | None:
    grams = {"nomn", "sing"} if "Sgtm" not in parse.tag else {"nomn"}
    if gender and _gender(parse) in ("ms-f", None) and "Surn" in parse.tag:
        grams.add(gender)
    form = parse.inflect(grams) or parse.inflect({"nomn"})
    return form.word if form else None


def normalize_person(words: list[Word]) -> list[str]:
    parts = [w for w in words if w.pos != "PUNCT" and w.text not in "-–—"]
    named = [w for w in parts if not _is_initial(w.text)]
    if not named:
        return [w.text for w in words]
    roles = dict(zip((id(w) for w in named), _roles(len(named))))
    tails = {id(w): _split_hyphen(w.text) for w in named}
    options = [_role_parses(tails[id(w)][1].lower(), roles[id(w)]) for w in named]
    hint = named[-1]
    known = [o for o in options if o]
    evident = UD_CASES.get(evident_case([w.text for w in named]))   # the endings first
    case, gender = _agreed(known, evident or UD_CASES.get(hint.case),
                           _first_name_gender(named) or _instrumental_gender(named) or UD_GENDERS.get(hint.gender))
    if not known and case == "nomn":   # «Алмасаддамом Саткалиевым» tagged nominative: the surname's ending says
        # («Чжан Хунвэем», «Нгуеном Ван Тхангом»: the last word's instrumental ending too)
        last = tails[id(hint)][1].lower()
        instrumental = len(named) > 1 and len(last) > 4 and last.endswith(("ом", "ем"))
        # («Ильхом Махкамов»: a nominative surname keeps a first name on «-ом» nominative)
        case = _case_by_ending(tails[id(hint)][1], gender) or (
            "ablt" if (_first_name_gender(named) or instrumental) and not nominative_surname(last) else case)
    result = []
    for word in words:
        if id(word) not in roles or case is None:
            result.append(word.text)
            continue
        prefix, tail = tails[id(word)]
        result.append(prefix + _inflect_part(tail, roles[id(word)], case, gender))
    return result


def _first_name_case(named: list[Word]) -> str | None:
    """«Дильшодой Рахимовой»: a first name the dictionary does not know, on a woman's
    instrumental ending, tells which of the surname's cases («-овой»: four of them) it is in."""
    if len(named) < 2 or any(p.is_known for p in parses(named[0].text.lower())):
        return None
    return "ablt" if named[0].text.lower().endswith(("ой", "ей")) and len(named[0].text) > 4 else None


def _instrumental_gender(named: list[Word]) -> str | None:
    """«Сунь Вэйдуном», the tagger saying feminine: no woman's name ends in «-ом»."""
    last = named[-1].text.lower() if named else ""
    return "masc" if len(named) > 1 and len(last) > 4 and last.endswith("ом") else None


def _first_name_gender(named: list[Word]) -> str | None:
    """«Рахулом»: a first name the dictionary does not know, in the masculine instrumental by its
    ending (the tagger calls «Рахулом Шармой» feminine for the surname's ending)."""
    if not named or any(p.is_known for p in parses(named[0].text.lower())):
        return None
    # «М. Йылдызом»: a surname alone after an initial the same way
    return "masc" if named[0].text.lower().endswith(("ом", "ем")) and len(named[0].text) > 4 else None


def evident_case(words: list[str]) -> str | None:
    """The case (as the parser writes it) a name's own endings show, whatever the tagger
    guessed: «Фаррух Абдукадыров» nominative, «Дилфузой Юлдашевой» instrumental."""
    if words and nominative_surname(words[-1]):
        return "Nom"
    named = [Word(w, "PROPN", None, None) for w in words if not _is_initial(w)]
    return "Ins" if _first_name_case(named) == "ablt" else None


def uninflected(words: list[str]) -> bool:
    """«Ганзориг Тумэнбаяр»: a name of several words, each ending in a hard consonant and known
    to no dictionary, shows no case ending: in the nominative, or a name that does not decline."""
    return len(words) > 1 and all(
        len(w) > 2 and w[-1].lower() not in VOWELS | {"й", "ь", "."} and w[-1].isalpha()
        and not any(p.is_known for p in parses(w.lower())) for w in words)


def nominative_surname(word: str) -> bool:
    """A word ending as a man's surname does in the nominative, whatever the tagger guessed."""
    return len(word) > 4 and word.lower().endswith(MASC_NOMINATIVE)


def _case_by_ending(surname: str, gender: str | None) -> str | None:
    """The oblique case a Russian surname's ending shows: «Саткалиевым» is instrumental."""
    for (ending_gender, case), endings in SURNAME_ENDINGS.items():
        if gender in (None, ending_gender) and any(surname.lower().endswith(e) for e, _ in endings):
            return case
    return None


def _inflect_part(tail: str, role: str, case: str, gender: str | None) -> str:
    known = _role_parses(tail.lower(), role)
    if not known:
        return (role == "Surn" and _by_ending(tail, case, gender, SURNAME_ENDINGS)) \
            or _by_ending(tail, case, gender, FOREIGN_ENDINGS) or tail
    candidates = [p for p in known if p.tag.case == case and (gender is None or _gender(p) in (gender, "ms-f", None))]
    if not candidates or "Fixd" in candidates[0].tag:
        return tail
    form = _nominative(candidates[0], gender)
    return restore_case(form, tail) if form else tail


# ---------------------------------------------------------------- organizations and places

def _head_index(words: list[Word]) -> int | None:
    for i, word in enumerate(words):
        if word.pos in FUNCTION_POS or word.text.startswith(("«", '"')):
            return None
        if word.pos in ("NOUN", "PROPN") or (word.pos != "ADJ" and not word.text[:1].islower()):
            return i
    return None


def _head_parse(word: Word):
    readings = parses(word.text.lower())
    # a participle used as a noun («поверенным»: «временный поверенный в делах»)
    candidates = [p for p in readings if p.tag.POS == "NOUN"] or [p for p in readings if "Subx" in p.tag]
    case = UD_CASES.get(word.case)
    for check in (lambda p: p.tag.case == case, lambda p: True):
        chosen = [p for p in candidates if check(p)]
        if chosen:
            return chosen[0]
    return None


def _agree_adjective(word: Word, head) -> str:
    grams = {"nomn", head.tag.number or "sing"}
    if head.tag.number != "plur" and head.tag.gender in ("masc", "femn", "neut"):
        grams.add(head.tag.gender)
    # of two adjectives a form may be («временным»: временный, временной), the commoner «-ый»
    for parse in sorted(parses(word.text.lower()), key=lambda p: p.normal_form.endswith("ой")):
        if parse.tag.POS in ("ADJF", "PRTF") and parse.tag.case == head.tag.case:
            form = parse.inflect(grams)
            if form:
                return restore_case(form.word, word.text)
    return word.text


def normalize_phrase(words: list[Word]) -> list[str]:
    """Organizations and places: inflect the leading adjectives and the head noun only."""
    texts = [w.text for w in words]
    joined = _joined_adjectives(words)   # «Чрезвычайным и Полномочным Послом»
    index = _head_index(words[joined:]) if joined else _head_index(words)
    index = index + joined if index is not None and joined else index
    if index is None or words[index].text.isupper():
        return texts
    head = _head_parse(words[index])
    if head is None or head.tag.case == "nomn" or "Fixd" in head.tag:
        return texts
    grams = {"nomn"} if "Pltm" in head.tag or "Sgtm" in head.tag else {"nomn", head.tag.number or "sing"}
    form = head.inflect(grams)
    if form is None:
        return texts
    texts[index] = restore_case(form.word, words[index].text)
    for i in range(index):
        if words[i].text != "и":
            texts[i] = _agree_adjective(words[i], head)
    return texts


ADJECTIVE_TAILS = ("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "ым", "им",
                   "ую", "юю", "ых", "их", "ыми", "ими", "ом", "ем")


def _joined_adjectives(words: list[Word]) -> int:
    """How many words open a phrase as adjectives joined by «и» before its noun («Чрезвычайным
    и Полномочным Послом»: 3); 0 when there is no «и» among them."""
    n = 0
    while n < len(words) - 1 and (words[n].pos == "ADJ" or words[n].text.lower().endswith(ADJECTIVE_TAILS)
                                  and words[n].pos == "PROPN" and words[n + 1].pos in ("NOUN", "PROPN", "ADJ")
                                  or words[n].text == "и" and n > 0):
        n += 1
    return n if any(w.text == "и" for w in words[:n]) else 0


def normalize(words: list[Word], type_: str) -> list[str]:
    """The nominative form of each word of a name, aligned with the words given."""
    return list(_normalized(tuple(words), type_))


@lru_cache(maxsize=100_000)  # a name comes back again and again, in a text and across texts
def _normalized(words: tuple[Word, ...], type_: str) -> tuple[str, ...]:
    return tuple(normalize_person(list(words)) if type_ == "PER" else normalize_phrase(list(words)))


def respace(spans, forms: list[str]) -> str:
    """Join normalized words with a space wherever the original tokens had a gap."""
    out = []
    for i, (span, form) in enumerate(zip(spans, forms)):
        if i and span.start > spans[i - 1].stop:
            out.append(" ")
        out.append(form)
    return "".join(out)


def is_place_name(word: str) -> bool:
    """The dictionary knows the word as a geographical name: Америки, Европы, Сибири."""
    return any("Geox" in p.tag for p in parses(word.lower()))


def is_person_noun(word: str) -> bool:
    """The dictionary's first reading is an animate noun: «фотограф» yes, «почившего» (a participle) no."""
    readings = parses(word.lower())
    return bool(readings) and readings[0].tag.POS == "NOUN" and "anim" in readings[0].tag
