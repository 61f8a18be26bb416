"""Scoring a build with factRuEval-2016's own scripts, beside our scorer (`kg.eval.score`).

    figures = official_evaluate(Path("../shared/factrueval-dev"), Path("exports/eval"))
    print(format_official(figures))

The organizers' scripts (`GOLD/scripts/t1_eval.py` for mentions, `t3_eval.py` for facts;
read where they are, never copied here) read one response file a document from a folder:

- `book_N.task1`: a mention a line, `per|org|loc START LENGTH`, offsets in characters of
  `book_N.txt` from its first character, the offsets `mentions.jsonl` holds (the gold
  and our scorer use them as they are). Only names are written (`read_mentions` drops
  nominal mentions), and t1 runs with `-l`: gold LocOrg counts as Location.
- `book_N.task3`: facts separated by a blank line: `meeting` and a `participant : NAME`
  line a participant; `occupation`, `who : NAME`, `position : TITLE`, `where : ORG`.

The responses are written from what `read_predictions` reads out of a build, so the two
tables score the same predictions. Names: a person or a meeting participant is written by
its label; an occupation's organization by the name its evidence sentence uses for it
(«ОДКБ» rather than «Организация Договора о коллективной безопасности»: t3 compares
`where` with the way the text writes it) or the name its adjective there is made from
(«Британия» for «британский премьер»), else by its label. As in our "Occupation" row,
a title held at no organization (bare «известный журналист») is not written.

t3 compares strings after lower-casing, ё→е and unifying quotes and dashes, each test
value against all names of the gold entity (its mentions as written, its coref names and
first/last-name combinations), with a Levenshtein tolerance (1 edit from 2 characters,
2 from 9). Matches are weighted (a position counts half; mention spans by their tokens),
so the figures are fractional, and P is 1 when nothing was predicted.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError

from .gold import Agent, Meeting, MentionSpan, Occupation
from .score import Predictions, read_predictions

SCRIPTS = ("t1_eval.py", "t3_eval.py")
# The scripts take a document to be what precedes the first dot of any file named book_N.*.
DOCUMENT = re.compile(r"book_\d+")
TAGS = {"PER": "per", "ORG": "org", "LOC": "loc"}
# One row of their tables: name, P, R, F1, TP1, TP2, In Std., In Test.
ROW = re.compile(r"^(\w+)\s+" + r"\s+".join([r"(\d+(?:\.\d+)?)"] * 7) + r"\s*$")
MENTION_ROWS = {"per": "PER", "org": "ORG", "loc": "LOC", "overall": "mentions"}
FACT_ROWS = {"meeting": "Meeting", "occupation": "Occupation"}
# Letters an adjective shares with the place name it is made from: «британ|ский», «Британ|ия».
ADJECTIVE_STEM = 5
# A script runs in seconds on the dev set; its matching is an exhaustive search, so a limit.
TIMEOUT = 900


@dataclass(frozen=True)
class OfficialScore:
    """One row of a script's table."""
    precision: float
    recall: float
    f1: float
    gold: int          # "In Std.": gold items the script counts (ignored ones excluded)
    predicted: int     # "In Test."


@dataclass(frozen=True)
class OfficialReport:
    mentions: dict[str, OfficialScore]   # t1_eval.py -l: per, loc, org, overall
    facts: dict[str, OfficialScore]      # t3_eval.py: ownership, occupation, meeting, deal, overall
    scripts: Path
    responses: Path
    seconds: float = 0.0


# ---------------------------------------------------------------- response files

def _value(text: str) -> str:
    """One line, and no colon: t3 splits `role : value` on ':' and drops a document that has two."""
    return " ".join(text.replace(":", " ").split())


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def _label(agent: Agent) -> str:
    """read_agents lists an entity's rdfs:label before its skos:altLabels."""
    return agent.names[0] if agent.names else ""


def where_name(agent: Agent, sentence: str) -> str:
    """The organization's name as its fact's sentence writes it; a place the sentence names by
    an adjective made from one of its names, by that name; else its label.

    >>> where_name(Agent(("Организация Договора о коллективной безопасности", "ОДКБ"), False),
    ...            "Генсек ОДКБ Николай Бордюжа заявил...")
    'ОДКБ'
    >>> where_name(Agent(("Великобритания", "Британия", "Соединённое Королевство"), False),
    ...            "Британский премьер Гордон Браун прибыл в Вашингтон.")
    'Британия'
    """
    folded = _fold(sentence)
    found = {}
    for name in agent.names:
        if name.strip():
            at = re.search(r"(?<!\w)" + re.escape(_fold(name.strip())) + r"(?!\w)", folded)
            if at:
                found[name] = at.start()
    # the longest; of forms as long («Москвы», «Москве»), the first the sentence writes
    if found:
        return max(found, key=lambda name: (len(name), -found[name]))
    return _named_by_adjective(agent, folded) or _label(agent)


def _named_by_adjective(agent: Agent, folded: str) -> str:
    """«британский премьер» -> «Британия», «подмосковный губернатор» -> «Подмосковье»: the
    one-word name whose beginning a word of the sentence shares longest (ADJECTIVE_STEM letters at least)."""
    words = re.findall(r"\w+", folded)
    shared = [(_common_start(word, _fold(name.strip())), name) for name in agent.names
              if name.strip() and " " not in name.strip() for word in words]
    length, name = max(shared, default=(0, ""))
    return name if length >= ADJECTIVE_STEM else ""


def _common_start(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def task1_text(mentions: list[MentionSpan]) -> str:
    """`per 0 5` a PER mention at characters 0-5 (START and LENGTH); other types are not scored."""
    lines = [f"{TAGS[m.type]} {m.start} {m.end - m.start}"
             for m in sorted(mentions, key=lambda m: (m.start, m.end, m.type)) if m.type in TAGS and m.end > m.start]
    return "".join(line + "\n" for line in dict.fromkeys(lines))


def meeting_block(meeting: Meeting) -> list[str]:
    names = [_value(_label(agent)) for agent in meeting.participants]
    return ["meeting"] + [f"participant : {name}" for name in names if name]


def occupation_block(occupation: Occupation) -> list[str]:
    lines = ["occupation"]
    who = _value(_label(occupation.who))
    title = _value(occupation.titles[0]) if occupation.titles else ""
    where = _value(where_name(occupation.where, occupation.evidence)) if occupation.where else ""
    for role, value in (("who", who), ("position", title), ("where", where)):
        if value:
            lines.append(f"{role} : {value}")
    return lines


def task3_text(meetings: list[Meeting], occupations: list[Occupation], bare_titles: bool = False) -> str:
    blocks = [meeting_block(m) for m in meetings]
    blocks += [occupation_block(o) for o in occupations if o.where or bare_titles]
    texts = ["\n".join(block) + "\n" for block in blocks if len(block) > 1]
    return "\n".join(dict.fromkeys(texts))


def gold_documents(gold_dir: Path) -> list[str]:
    """The documents the scripts score: `book_N` for every file book_N.* of the folder."""
    stems = {p.name.split(".")[0] for p in gold_dir.iterdir()}
    return sorted((s for s in stems if DOCUMENT.fullmatch(s)), key=lambda s: int(s[5:]))


def write_responses(predictions: Predictions, documents: list[str], folder: Path, bare_titles: bool = False) -> Path:
    """book_N.task1 and book_N.task3 for each document (empty when nothing was found), and no other."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("*.task1"), *folder.glob("*.task3")]:
        old.unlink()
    for name in documents:
        doc = f"{name}.txt"
        (folder / f"{name}.task1").write_text(task1_text(predictions.mentions.get(doc, [])), encoding="utf-8")
        (folder / f"{name}.task3").write_text(
            task3_text(predictions.meetings.get(doc, []), predictions.occupations.get(doc, []), bare_titles),
            encoding="utf-8")
    return folder


# ---------------------------------------------------------------- running the scripts

def find_scripts(gold_dir: Path, scripts: Path | None = None) -> Path | None:
    """The folder holding t1_eval.py and t3_eval.py (GOLD/scripts by default), or None."""
    folder = scripts if scripts is not None else gold_dir / "scripts"
    return folder.resolve() if all((folder / name).is_file() for name in SCRIPTS) else None


def run_script(scripts: Path, script: str, gold_dir: Path, responses: Path, *options: str) -> str:
    """Run one script as the organizers did (from its folder), with this Python; its printed output."""
    command = [sys.executable, script, "-s", str(gold_dir.resolve()), "-t", str(responses.resolve()), *options]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run(command, check=False, cwd=scripts, env=env, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise KgError(f"{script} did not finish in {TIMEOUT} s") from None
    except OSError as error:
        raise KgError(f"{script} could not be started: {error.strerror or error}") from None
    out = done.stdout.decode("utf-8", errors="replace")
    if done.returncode:
        err = [line for line in done.stderr.decode("utf-8", errors="replace").splitlines() if line.strip()]
        raise KgError(f"{script} failed (exit {done.returncode}): {err[-1] if err else 'no message'}")
    lines = out.splitlines()
    for i, line in enumerate(lines):
        # a file it could not read is printed, and that document scored as empty: not a score to publish
        if line.startswith(("Failed to load", "WARNING")):
            raise KgError(f"{script}: {' '.join(s.strip() for s in lines[i:i + 3])}")
    return out


def parse_table(output: str, rows) -> dict[str, OfficialScore]:
    """The rows of the table a script prints (`Type`/`TAG`, then P R F1 TP1 TP2 In Std. In Test.)."""
    table = {}
    for line in output.splitlines():
        found = ROW.match(line.strip())
        if found:
            p, r, f1, _, _, gold, predicted = found.groups()[1:]
            table[found[1]] = OfficialScore(float(p), float(r), float(f1), int(gold), int(predicted))
    missing = [row for row in rows if row not in table]
    if missing:
        raise KgError(f"no {', '.join(missing)} row in the scorer's output: {output.strip()[-200:]!r}")
    return table


def official_evaluate(gold_dir: Path, predicted_dir: Path, scripts: Path | None = None,
                      responses: Path | None = None, bare_titles: bool = False,
                      predictions: Predictions | None = None) -> OfficialReport:
    """Write the responses of the build in predicted_dir (into predicted_dir/official by default)
    and score them with t1_eval.py -l and t3_eval.py against the gold documents of gold_dir."""
    started = time.perf_counter()
    folder = find_scripts(gold_dir, scripts)
    if folder is None:
        raise KgError(f"the task's scorers (t1_eval.py, t3_eval.py) are not in {scripts or gold_dir / 'scripts'}")
    documents = gold_documents(gold_dir)
    if not documents:
        raise KgError(f"no book_N documents in {gold_dir}: the task's scorers read only those")
    if predictions is None:
        predictions = read_predictions(predicted_dir)
    responses = write_responses(predictions, documents, responses or predicted_dir / "official", bare_titles)
    mentions = parse_table(run_script(folder, "t1_eval.py", gold_dir, responses, "-l"), MENTION_ROWS)
    facts = parse_table(run_script(folder, "t3_eval.py", gold_dir, responses), FACT_ROWS)
    return OfficialReport(mentions, facts, folder, responses, time.perf_counter() - started)


def format_official(report: OfficialReport) -> str:
    """A Markdown table in the form of our scorer's: gold and predicted counts as the scripts count them."""
    lines = ["| official (task's scripts) | gold | predicted | P | R | F1 |", "|---|---:|---:|---:|---:|---:|"]
    rows = [(f"official t1 {shown}" if key != "overall" else "official t1 (mentions, -l)", report.mentions[key])
            for key, shown in MENTION_ROWS.items()]
    rows += [(f"official {shown}", report.facts[key]) for key, shown in FACT_ROWS.items()]
    for name, s in rows:
        lines.append(f"| {name} | {s.gold} | {s.predicted} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    return "\n".join(lines)
