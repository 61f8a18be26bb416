"""The extraction rules as data: trigger words, word lists, windows and depths.

Each concern is a TOML file of this folder (`meetings.toml`, `titles.toml`, `windows.toml`…);
each `[[table]]` entry is one row: its key (a lemma, a word, a window's name), its value where
the table has one (the reader of a trigger, the kind of an event, the status a cue gives), and
an example — a Russian sentence written for it — with the facts it must yield and those it must
not. `tests/test_rules.py` runs every row's example through the real pipeline; `make mutants`
deletes each row in turn and moves each window by one, and the examples must notice.

The tables are module attributes that the extraction code imports (`from kg.rules import
EVENT_NOUNS`): `install()` refills them in place, with a user's rows added (`kg build --rules`),
so every importer sees the same rules.

>>> MET_WITH["встретиться"], EVENT_NOUNS["форум"], "министр" in POSITION_NOUNS
('with', 'Conference', True)
>>> LIMITS.modality_depth
3
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, from PyPI (a dependency on Python 3.10)
    import tomli as tomllib

from kg.errors import KgError
from kg.records import (
    ANY_EVENT,
    CANCELLED,
    CONFERENCE,
    CONSULTATION,
    MEETING,
    OPERATION,
    PHONE,
    PLANNED,
    SESSION,
    UNCERTAIN,
    VIDEO,
)

# The argument readers a trigger names (kg/extract/relations.py).
WITH = "with"            # agent (subject or genitive) + partner after «с»: X встретился с Y, встреча X с Y
RECEIVE = "receive"      # X принял Y (active), Y был принят X (passive)
HAND = "hand"            # X вручил Y (dative) a paper handed in person: верительные грамоты, послание
AT = "at"                # agent + event after «на»/«в»: X выступил на Z, выступление X на Z
OPENED = "opened"        # subject + the event that is the object: X открыл Z, Z модерировал X
SAID = "said"            # a verb of saying with «на» + event: X заявил на Z
ADDRESS = "address"      # X направил приветствие участникам Z, X обратился к участникам Z
IN = "in"                # agent + event after «в»/«на»: X принял участие в Z, X участвовал в Z
ROLE = "role"            # agents named by «организаторами Z выступили A и B», «организатор Z — A»
BY = "by"                # event modified by a participle with an agent: организованные X консультации
CHAIR = "chair"          # «под председательством X»: X took part in the event of the sentence
INITIATIVE = "initiative"  # «по инициативе X»: X organized the event of the sentence
HOLD = "hold"            # X провёл Z (Z an event noun): X organized Z

EVENT_KINDS = (MEETING, CONFERENCE, SESSION, CONSULTATION, OPERATION, ANY_EVENT)
STATUSES = (PLANNED, CANCELLED, UNCERTAIN)


@dataclass(frozen=True)
class Table:
    """One kind of row: the field that keys it, the field that gives its value (if any) and
    the values allowed there."""
    name: str
    key: str = "lemma"
    value: str | None = None
    values: tuple[str, ...] = ()


TABLES = {t.name: t for t in (
    Table("met_with", value="reader", values=(WITH, RECEIVE, HAND)),
    Table("handed_paper"),
    Table("light_verb"),
    Table("joint_meeting"),
    Table("delegation"),
    Table("leads"),
    Table("members"),
    Table("continued"),
    Table("holding_noun"),
    Table("spoke_at", value="reader", values=(AT, SAID, OPENED, ADDRESS, ROLE)),
    Table("copula_role"),
    Table("organized", value="reader", values=(ROLE, BY, HOLD, INITIATIVE, CHAIR)),
    Table("participated_in", value="reader", values=(IN, CHAIR)),
    Table("event_noun", value="kind", values=EVENT_KINDS),
    Table("anaphoric_event"),
    Table("occurred"),
    Table("event_container"),
    Table("label_preposition", key="word"),
    Table("modality", value="status", values=STATUSES),
    Table("negation"),
    Table("by_phone", value="mode", values=(PHONE, VIDEO)),
    Table("personal_pronoun"),
    Table("plural_pronoun"),
    Table("guest"),
    Table("visit_verb"),
    Table("title_verb"),
    Table("appointing_verb"),
    Table("title_synonym", value="means"),
    Table("state_post"),
    Table("profession"),
    Table("military_rank"),
    Table("position_prefix", key="prefix"),
    Table("not_occupation"),
    Table("honorific"),
    Table("nationality_ending", key="ending"),
    Table("place_prefix"),
    Table("place_descriptor"),
    Table("org_head"),
    Table("org_descriptor"),
    Table("company_form"),
    Table("government_head"),
    Table("field_noun"),
    Table("possessive"),
    Table("document_noun"),
    Table("thing_descriptor"),
    Table("common_abbreviation", key="word"),
    Table("window", key="name", value="value"),
)}
EXAMPLE_FIELDS = ("example", "yields", "absent", "also", "note")


@dataclass
class Limits:
    """How far the readers look: windows and depths (windows.toml)."""
    modality_depth: int = 0      # words up the tree that may say whether a meeting happened
    control_depth: int = 0       # infinitives up to the subject: «планируют [провести] переговоры»
    sentences_back: int = 0      # sentences a pronoun or a description looks back
    event_context: int = 0       # sentences a text still speaks of the same event
    event_label_words: int = 0   # words after an event noun that may name it
    titles_before_name: int = 0  # titles joined by commas before one name
    title_place_words: int = 0   # words after «в»/«на» where a title's place must start
    preposition_words: int = 0   # words after a trigger where its «на»/«в» may stand, when the parse lost it
    event_words: int = 0         # words after that preposition where the event may stand
    quoted_name_words: int = 0   # words a quoted name may run to
    place_name_words: int = 0    # words of a place name of the lexicon
    chair_depth: int = 0         # nouns up from «под председательством» to the event it describes


@dataclass(frozen=True)
class Example:
    """A text written for a row and what reading it must give."""
    text: str
    yields: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    table: str
    key: str
    value: Any
    source: str                      # file:line of its [[table]] header
    examples: tuple[Example, ...] = field(default=(), compare=False)

    @property
    def name(self) -> str:
        return f"{self.table}:{self.key}"


# ---------------------------------------------------------------- the tables the code imports

MET_WITH: dict[str, str] = {}          # meeting triggers and their readers
SPOKE_AT: dict[str, str] = {}
ORGANIZED: dict[str, str] = {}
PARTICIPATED_IN: dict[str, str] = {}
LIGHT_VERBS: set[str] = set()          # verbs that carry a meeting noun: «провёл переговоры»
JOINT_MEETINGS: set[str] = set()       # «трёхсторонняя встреча»: everyone named met everyone
DELEGATIONS: set[str] = set()          # groups that meet for the person heading them
LEADS: set[str] = set()                # «делегацию возглавил»: the heads of delegations at talks met
DELEGATION_MEMBERS: set[str] = set()   # «в составе делегации – A и B»: who a delegation met through
CONTINUED: set[str] = set()            # «беседа продолжилась с участием X»: X joins the meeting before
HOLDING_NOUNS: set[str] = set()        # «инициатором проведения форума»: a noun between a role and its event
COPULA_ROLES: set[str] = set()         # «организаторами выступили»: «выступить» as a copula
EVENT_NOUNS: dict[str, str] = {}       # nouns that name events, and their kind
ANAPHORIC_EVENTS: set[str] = set()     # words that refer back to the last event named
OCCURRED: set[str] = set()             # verbs saying that an event took place
EVENT_CONTAINERS: set[str] = set()     # nouns between a verb and its event: «в рамках форума»
LABEL_PREPOSITIONS: set[str] = set()   # prepositions that belong to an event's name
CANCELLING: dict[str, str] = {}        # words that say a meeting did not, will or may happen
NEGATIONS: set[str] = set()
COMPANY_FORMS: set[str] = set()        # «АО», «ООО»: «компания» after one refers back to it
BY_PHONE: dict[str, str] = {}         # words that make a meeting a call, by phone or video link
PERSONAL_PRONOUNS: set[str] = set()
PLURAL_PRONOUNS: set[str] = set()      # «они»: the people named together just before
HANDED_PAPERS: set[str] = set()        # «вручил верительные грамоты министру»: a paper handed in person
GUESTS: set[str] = set()               # «гости были приняты»: the visitor named before
VISIT_VERBS: set[str] = set()          # «прибыл», «находится с визитом»: who is visiting
TITLE_VERBS: set[str] = set()          # verbs giving a post in the instrumental: «стал министром»
APPOINTING_VERBS: set[str] = set()     # «назначил Сидорова министром»: the object holds the post
TITLE_SYNONYMS: dict[str, tuple[str, ...]] = {}  # a description's head and the titles it stands for
STATE_POSTS: set[str] = set()          # posts of a state: a place adjective says where they are held
PROFESSIONS: set[str] = set()          # jobs anywhere
POSITION_NOUNS: set[str] = set()       # STATE_POSTS | PROFESSIONS
MILITARY_RANKS: set[str] = set()       # «генерал-лейтенант»: a rank beside a post, not part of it
POSITION_PREFIXES: list[str] = []     # «экс-», «вице-»: a title's prefixes, in the order tried
NOT_OCCUPATIONS: set[str] = set()      # nouns for people that are no posts
HONORIFICS: set[str] = set()           # «г-н», «госпожа»: words of address between a post and the name
NATIONALITY_ENDINGS: list[str] = []    # «-анец», «-янин»: nouns for nationalities
PLACE_PREFIXES: set[str] = set()       # words before a place name that keep it a place
PLACE_DESCRIPTORS: set[str] = set()    # nouns naming a place by the name after them
ORG_HEADS: set[str] = set()            # head nouns of organization names
ORG_DESCRIPTORS: set[str] = set()      # ORG_HEADS | nouns naming an organization by a quoted name
GOVERNMENT_HEADS: set[str] = set()     # bodies named by the place or organization after them
FIELD_NOUNS: set[str] = set()          # «… в области связи»: the field an organization's name ends with
POSSESSIVES: set[str] = set()          # «наша Организация»
DOCUMENT_NOUNS: set[str] = set()
THING_DESCRIPTORS: set[str] = set()    # EVENT_NOUNS | DOCUMENT_NOUNS | nouns naming a thing by a quoted name
COMMON_ABBREVIATIONS: set[str] = set()  # «СМИ»: no names, whatever the capitals
SYNTAX_LEMMAS: set[str] = set()        # the parser runs only on sentences holding one of these
LIMITS = Limits()

_CONTAINERS: dict[str, Any] = {
    "met_with": MET_WITH, "spoke_at": SPOKE_AT, "organized": ORGANIZED, "participated_in": PARTICIPATED_IN,
    "light_verb": LIGHT_VERBS, "joint_meeting": JOINT_MEETINGS, "delegation": DELEGATIONS, "leads": LEADS,
    "members": DELEGATION_MEMBERS, "continued": CONTINUED, "holding_noun": HOLDING_NOUNS,
    "copula_role": COPULA_ROLES,
    "event_noun": EVENT_NOUNS, "anaphoric_event": ANAPHORIC_EVENTS, "occurred": OCCURRED,
    "event_container": EVENT_CONTAINERS, "label_preposition": LABEL_PREPOSITIONS,
    "company_form": COMPANY_FORMS,
    "modality": CANCELLING, "negation": NEGATIONS, "by_phone": BY_PHONE, "personal_pronoun": PERSONAL_PRONOUNS,
    "plural_pronoun": PLURAL_PRONOUNS,
    "guest": GUESTS, "handed_paper": HANDED_PAPERS, "visit_verb": VISIT_VERBS,
    "title_verb": TITLE_VERBS, "appointing_verb": APPOINTING_VERBS, "title_synonym": TITLE_SYNONYMS,
    "state_post": STATE_POSTS, "profession": PROFESSIONS, "military_rank": MILITARY_RANKS,
    "not_occupation": NOT_OCCUPATIONS, "honorific": HONORIFICS,
    "place_prefix": PLACE_PREFIXES, "place_descriptor": PLACE_DESCRIPTORS,
    "org_head": ORG_HEADS, "government_head": GOVERNMENT_HEADS,
    "field_noun": FIELD_NOUNS, "possessive": POSSESSIVES,
    "document_noun": DOCUMENT_NOUNS, "common_abbreviation": COMMON_ABBREVIATIONS,
}
_ORDERED = {"position_prefix": POSITION_PREFIXES, "nationality_ending": NATIONALITY_ENDINGS}  # order kept
_ACTIVE: list[Row] = []
_EXTRA: list[tuple[str, str]] = []     # (name, text) of the user's rule files installed
_ON_INSTALL: list[Callable[[], None]] = []


# ---------------------------------------------------------------- reading rows

def packaged_files() -> list[tuple[str, str]]:
    """(name, text) of the rule files shipped in this folder, in name order."""
    folder = files("kg.rules")
    found = [(entry.name, entry.read_text(encoding="utf-8")) for entry in folder.iterdir()
             if entry.name.endswith(".toml")]
    return sorted(found)


def read_rows(name: str, text: str, need_examples: bool = False) -> list[Row]:
    """The rows of one rule file; a malformed one is a KgError naming the file and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KgError(f"{name}: {error}") from None
    headers = _header_lines(text)
    rows = []
    for table, entries in data.items():
        if table not in TABLES:
            line = headers.get(table, [0])[0]
            raise KgError(f"{name}:{line}: unknown table [[{table}]] (one of: {', '.join(TABLES)})")
        if not isinstance(entries, list):
            raise KgError(f"{name}:{_line_of(text, table)}: [{table}] must be rows written [[{table}]]")
        lines = headers.get(table, [])
        for n, entry in enumerate(entries):
            where = f"{name}:{lines[n] if n < len(lines) else 0}"
            rows.append(_row(TABLES[table], entry, where, need_examples))
    return rows


def _header_lines(text: str) -> dict[str, list[int]]:
    """The line of each `[[table]]` header, in order, by table."""
    found: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]", line)
        if match:
            found.setdefault(match.group(1), []).append(number)
    return found


def _line_of(text: str, table: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if table in line:
            return number
    return 0


def _row(table: Table, entry: dict, where: str, need_examples: bool) -> Row:
    allowed = {table.key, *([table.value] if table.value else []), *EXAMPLE_FIELDS}
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise KgError(f"{where}: [[{table.name}]] has no field {unknown[0]!r} (fields: {', '.join(sorted(allowed))})")
    key = entry.get(table.key)
    if not isinstance(key, str) or not key.strip():
        raise KgError(f"{where}: [[{table.name}]] needs {table.key} = \"…\"")
    if table.key == "lemma":   # the tagger's lemmas spell ё as е: «трёхсторонний» is «трехсторонний»
        key = key.replace("ё", "е")
    value = entry.get(table.value) if table.value else None
    if table.value and value is None:
        raise KgError(f"{where}: [[{table.name}]] {key!r} needs {table.value} = …")
    if table.values and value not in table.values:
        raise KgError(f"{where}: [[{table.name}]] {key!r}: {table.value} must be one of {', '.join(table.values)}, "
                      f"not {value!r}")
    if table.name == "title_synonym" and not (isinstance(value, list) and value and all(
            isinstance(v, str) and v.strip() for v in value)):
        raise KgError(f"{where}: [[title_synonym]] {key!r}: means = [\"…\", …], the titles it stands for")
    if table.name == "window" and (not isinstance(value, int) or isinstance(value, bool) or value < 0
                                   or key not in Limits.__dataclass_fields__):
        raise KgError(f"{where}: [[window]] {key!r}: a known window ({', '.join(Limits.__dataclass_fields__)}) "
                      f"with a whole number value")
    if isinstance(value, list):
        value = tuple(value)
    examples = _examples(entry, where, table.name, key)
    if need_examples and not examples:
        raise KgError(f"{where}: [[{table.name}]] {key!r} needs an example with what it yields or must not")
    return Row(table.name, key, value, where, examples)


def _examples(entry: dict, where: str, table: str, key: str) -> tuple[Example, ...]:
    found = []
    for item in [entry] + list(entry.get("also", [])):
        if not isinstance(item, dict):
            raise KgError(f"{where}: [[{table}]] {key!r}: `also` holds tables {{example = …, yields = […]}}")
        if "example" not in item:
            if item is entry:
                continue
            raise KgError(f"{where}: [[{table}]] {key!r}: an `also` entry without example")
        text, yields, absent = item["example"], item.get("yields", []), item.get("absent", [])
        if not isinstance(text, str) or not all(isinstance(x, str) for x in [*yields, *absent]):
            raise KgError(f"{where}: [[{table}]] {key!r}: example is text, yields and absent lists of text")
        if not yields and not absent:
            raise KgError(f"{where}: [[{table}]] {key!r}: an example needs yields = […] or absent = […]")
        found.append(Example(text, tuple(yields), tuple(absent)))
    return tuple(found)


# ---------------------------------------------------------------- installing

def packaged_rows() -> list[Row]:
    return [row for name, text in packaged_files() for row in read_rows(name, text)]


def install(extra: list[tuple[str, str]] | None = None, rows: list[Row] | None = None) -> None:
    """Fill the tables from the packaged rows and the user's rule files `extra` ((name, text)
    pairs; a later row with the same key overrides an earlier one's value); or, for tests and
    mutants, from `rows` exactly."""
    if rows is None:
        extra = list(extra or [])
        rows = packaged_rows() + [row for name, text in extra for row in read_rows(name, text)]
        _EXTRA[:] = extra
    _fill(rows)
    _ACTIVE[:] = rows
    for callback in _ON_INSTALL:
        callback()


def installed() -> list[Row]:
    """The rows the tables hold now."""
    return list(_ACTIVE)


def extra_files() -> list[tuple[str, str]]:
    """The user's rule files installed, (name, text): what a worker process installs too."""
    return list(_EXTRA)


def ensure(extra: list[tuple[str, str]]) -> None:
    """Install the user's rule files unless they are the ones installed (a worker process
    receives them with every batch of texts)."""
    if list(extra) != _EXTRA:
        install(extra)


def fingerprint() -> str:
    """What the user's rules add, as a hash: part of the cache key of a text's extraction."""
    digest = hashlib.sha1()
    for name, text in _EXTRA:
        digest.update(f"{name}\x1f{text}\x1e".encode())
    return digest.hexdigest()[:16] if _EXTRA else ""


def on_install(callback: Callable[[], None]) -> None:
    """Run `callback` whenever the tables change (a memo of a table's contents empties itself)."""
    _ON_INSTALL.append(callback)


def _fill(rows: list[Row]) -> None:
    for container in [*_CONTAINERS.values(), *_ORDERED.values()]:
        container.clear()
    own: dict[str, set[str]] = {"org_descriptor": set(), "thing_descriptor": set()}
    ordered = _ORDERED
    limits: dict[str, int] = {}
    for row in rows:
        container = _CONTAINERS.get(row.table)
        if isinstance(container, dict):
            container[row.key] = row.value
        elif isinstance(container, set):
            container.add(row.key)
        elif row.table in own:
            own[row.table].add(row.key)
        elif row.table in ordered:
            if row.key not in ordered[row.table]:
                ordered[row.table].append(row.key)
        elif row.table == "window":
            limits[row.key] = row.value
    missing = sorted(set(Limits.__dataclass_fields__) - set(limits))
    if missing:
        raise KgError(f"no value for the window(s) {', '.join(missing)} (windows.toml)")
    for name, value in limits.items():
        setattr(LIMITS, name, value)
    _refill(POSITION_NOUNS, STATE_POSTS | PROFESSIONS)
    _refill(ORG_DESCRIPTORS, ORG_HEADS | own["org_descriptor"])
    _refill(THING_DESCRIPTORS, {word.split()[-1] for word in EVENT_NOUNS} | DOCUMENT_NOUNS | own["thing_descriptor"])
    _refill(SYNTAX_LEMMAS, set(MET_WITH) | set(SPOKE_AT) | set(ORGANIZED) | set(PARTICIPATED_IN)
            | OCCURRED | TITLE_VERBS | VISIT_VERBS)


def _refill(target: set[str], values: set[str]) -> None:
    target.clear()
    target.update(values)


def load_files(paths: list[Path]) -> list[tuple[str, str]]:
    """(name, text) of the rule files a user names: TOML files, or folders of them."""
    found = []
    for path in paths:
        if path.is_dir():
            chosen = sorted(path.glob("*.toml"))
            if not chosen:
                raise KgError(f"no .toml rule files in {path}")
        elif path.is_file():
            chosen = [path]
        else:
            raise KgError(f"no such rules file or folder: {path}")
        for file in chosen:
            try:
                found.append((str(file), file.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as error:
                raise KgError(f"cannot read rules file {file}: {error}") from None
    for name, text in found:
        read_rows(name, text)   # a malformed row fails here, before anything is built
    return found


install()
