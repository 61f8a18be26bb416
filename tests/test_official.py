"""Scoring with factRuEval-2016's own scripts: the response files we write for them, reading
their tables, `kg eval` printing them, and the scripts themselves run on dev-set documents.

The scripts are read where the dev set keeps them (../shared/factrueval-dev/scripts);
the tests that need them are skipped when it is absent.
"""

import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KgError
from kg.eval.gold import Agent, Meeting, MentionSpan, Occupation, read_document
from kg.eval.official import (
    find_scripts,
    format_official,
    gold_documents,
    official_evaluate,
    parse_table,
    task1_text,
    task3_text,
    where_name,
    write_responses,
)
from kg.eval.score import Predictions

MINI = Path(__file__).parent / "data" / "factrueval_mini"
FACTRUEVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "factrueval-dev"
SCRIPTS = FACTRUEVAL / "scripts"
needs_scripts = pytest.mark.skipif(find_scripts(FACTRUEVAL) is None, reason=f"{SCRIPTS} is absent")

ODKB = Agent(("Организация Договора о коллективной безопасности", "ОДКБ"), False)
BORDYUZHA = Agent(("Николай Бордюжа", "Бордюжа", "Николая Бордюжи"), True)
SENTENCE = "Генеральный секретарь ОДКБ Николай Бордюжа заявил, что учения пройдут осенью."


# ---------------------------------------------------------------- response files

def test_a_mention_is_its_type_start_and_length():
    mentions = [MentionSpan("book_1.txt", 0, 5, "PER", "Карла"),
                MentionSpan("book_1.txt", 12, 19, "LOC", "Эстонии"),
                MentionSpan("book_1.txt", 6, 10, "ORG", "ОДКБ"),
                MentionSpan("book_1.txt", 6, 10, "ORG", "ОДКБ"),       # said twice: written once
                MentionSpan("book_1.txt", 20, 30, "DATE", "1 мая")]     # not a type the task scores
    assert task1_text(mentions) == "per 0 5\norg 6 4\nloc 12 7\n"
    assert task1_text([]) == ""


def test_where_is_the_name_the_sentence_writes():
    assert where_name(ODKB, SENTENCE) == "ОДКБ"
    assert where_name(ODKB, "Учения пройдут осенью.") == "Организация Договора о коллективной безопасности"  # the label
    usa = Agent(("США", "Соединённые Штаты"), False)
    assert where_name(usa, "посол в Соединённых Штатах") == "США"   # an inflected form is not found: the label
    moscow = Agent(("Москва", "Москве", "Москвы"), False)
    assert where_name(moscow, "отставка мэра Москвы и выборы в Москве") == "Москвы"   # as long: the first written
    assert where_name(ODKB, "Организация договора о коллективной безопасности (ОДКБ) провела учения") == (
        "Организация Договора о коллективной безопасности")                         # the longest, case aside


def test_an_occupation_writes_who_position_and_the_organization_as_written():
    occupation = Occupation("book_1.txt", BORDYUZHA, ("генеральный секретарь",), ODKB, SENTENCE)
    assert task3_text([], [occupation]) == textwrap.dedent("""\
        occupation
        who : Николай Бордюжа
        position : генеральный секретарь
        where : ОДКБ
        """)


def test_a_meeting_names_each_participant_by_its_label():
    meeting = Meeting("book_1.txt", (BORDYUZHA, Agent(("Сергей Лавров", "Лавровым"), True)), SENTENCE)
    assert task3_text([meeting], []) == "meeting\nparticipant : Николай Бордюжа\nparticipant : Сергей Лавров\n"


def test_facts_are_blocks_without_colons_and_bare_titles_are_left_out():
    meeting = Meeting("book_1.txt", (Agent(("Ан: Ли",), True), BORDYUZHA))
    bare = Occupation("book_1.txt", BORDYUZHA, ("известный\nжурналист",), None)
    assert task3_text([meeting, meeting], [bare]) == "meeting\nparticipant : Ан Ли\nparticipant : Николай Бордюжа\n"
    assert task3_text([], [bare], bare_titles=True) == (
        "occupation\nwho : Николай Бордюжа\nposition : известный журналист\n")


def test_every_gold_document_gets_both_files_and_no_other(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for name in ("book_7.txt", "book_7.objects", "book_12.txt", "README.md", "notes_1.txt"):
        (gold / name).write_text("", encoding="utf-8")
    assert gold_documents(gold) == ["book_7", "book_12"]
    out = tmp_path / "out"
    out.mkdir()
    (out / "book_99.task3").write_text("stale", encoding="utf-8")
    predictions = Predictions({"book_7.txt": [MentionSpan("book_7.txt", 0, 5, "PER", "Карла")]}, {},
                              {"book_12.txt": [Occupation("book_12.txt", BORDYUZHA, ("генсек",), ODKB, SENTENCE)]})
    write_responses(predictions, gold_documents(gold), out)
    assert sorted(p.name for p in out.iterdir()) == ["book_12.task1", "book_12.task3", "book_7.task1", "book_7.task3"]
    assert (out / "book_7.task1").read_text(encoding="utf-8") == "per 0 5\n"
    assert (out / "book_7.task3").read_text(encoding="utf-8") == ""
    assert "where : ОДКБ" in (out / "book_12.task3").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the scripts' tables

T1_OUTPUT = """\
Type    P        R        F1       TP1      TP2      In Std.  In Test.
per        0.9600   0.9420   0.9509   685.80   685.80      728      714
loc        1.0000   0.0000   0.0000     0.00     0.00       14        0
org        0.8510   0.8050   0.8274   532.10   532.10      661      625
overall    0.9240   0.8980   0.9108  2094.00  2094.00     2332     2266
"""
T3_OUTPUT = """\
Running evaluation, this might take a while...
TAG             P        R        F1       TP1      TP2      In Std.  In Test.
ownership         1.0000   0.0000   0.0000     0.00     0.00       17        0
occupation        0.8050   0.6370   0.7112   114.66   116.72      180      145
meeting           0.7500   0.6000   0.6667     3.00     3.00        5        4
deal              1.0000   0.0000   0.0000     0.00     0.00       29        0
overall           0.8000   0.5000   0.6000   117.66   119.72      231      149
"""


def test_the_tables_are_read_row_by_row():
    mentions = parse_table(T1_OUTPUT, ["per", "org", "loc", "overall"])
    assert (mentions["per"].precision, mentions["per"].recall, mentions["per"].f1) == (0.96, 0.942, 0.9509)
    assert (mentions["loc"].gold, mentions["loc"].predicted, mentions["loc"].precision) == (14, 0, 1.0)
    facts = parse_table(T3_OUTPUT, ["meeting", "occupation"])
    assert (facts["occupation"].gold, facts["occupation"].predicted, facts["occupation"].f1) == (180, 145, 0.7112)
    with pytest.raises(KgError, match="no meeting row"):
        parse_table("Running evaluation, this might take a while...\n", ["meeting"])


def fake_scripts(folder: Path, t1=T1_OUTPUT, t3=T3_OUTPUT, fail: str = "") -> Path:
    """Stand-ins that print the tables above (or fail as a script does) once sure they run as the real ones:
    from their own folder, given an absolute response folder."""
    folder.mkdir()
    checks = ("import os, sys\n"
              "assert os.path.isfile('t1_eval.py') and os.path.isabs(sys.argv[sys.argv.index('-t') + 1])\n")
    (folder / "t1_eval.py").write_text(checks + f"print({t1!r})\n", encoding="utf-8")
    (folder / "t3_eval.py").write_text(
        checks + (f"sys.stderr.write('Traceback (most recent call last):\\n  ...\\n{fail}\\n')\nsys.exit(1)\n" if fail
                  else f"print({t3!r})\n"), encoding="utf-8")
    return folder


def book_gold(tmp_path: Path) -> Path:
    """The mini gold renamed book_N, as the scripts name documents."""
    gold = tmp_path / "gold"
    gold.mkdir()
    for path in (MINI / "gold").iterdir():
        shutil.copy(path, gold / path.name.replace("doc_", "book_"))
    return gold


def test_a_failing_script_is_one_error_with_its_last_line(tmp_path):
    scripts = fake_scripts(tmp_path / "scripts", fail="AssertionError: missing files")
    with pytest.raises(KgError, match=r"t3_eval.py failed \(exit 1\): AssertionError: missing files"):
        official_evaluate(book_gold(tmp_path), MINI / "predicted", scripts=scripts, responses=tmp_path / "out")


def test_a_document_the_script_could_not_read_is_an_error(tmp_path):
    scripts = fake_scripts(tmp_path / "scripts", t1='Failed to load "x/book_1.task1"\nError: line 3')
    with pytest.raises(KgError, match="t1_eval.py: Failed to load"):
        official_evaluate(book_gold(tmp_path), MINI / "predicted", scripts=scripts, responses=tmp_path / "out")


def test_no_scripts_folder_is_found_as_none(tmp_path):
    assert find_scripts(tmp_path) is None
    assert find_scripts(tmp_path, fake_scripts(tmp_path / "elsewhere")) == (tmp_path / "elsewhere").resolve()


# ---------------------------------------------------------------- kg eval

@pytest.fixture
def no_build(monkeypatch):
    """`kg eval` with the build replaced by the mini fixture's predictions."""
    def build(gold_dir, output_dir, **_):
        output_dir.mkdir(parents=True, exist_ok=True)
        for path in (MINI / "predicted").iterdir():
            shutil.copy(path, output_dir / path.name.replace("doc_", "book_"))
    monkeypatch.setattr("kg.pipeline.build.build", build)


def test_kg_eval_prints_the_official_table_after_ours(tmp_path, no_build):
    gold, scripts = book_gold(tmp_path), fake_scripts(tmp_path / "scripts")
    result = CliRunner().invoke(app, ["eval", str(gold), "-o", str(tmp_path / "out"), "--scripts", str(scripts)])
    assert result.exit_code == 0, result.output
    ours, official = result.output.split("| official (task's scripts) |")
    assert ours.startswith("| | gold | predicted | P | R | F1 |") and "| Occupation |" in ours
    assert "| official t1 PER | 728 | 714 | 0.960 | 0.942 | 0.951 |" in official
    assert "| official t1 (mentions, -l) | 2332 | 2266 | 0.924 | 0.898 | 0.911 |" in official
    assert "| official Meeting | 5 | 4 | 0.750 | 0.600 | 0.667 |" in official
    assert "| official Occupation | 180 | 145 | 0.805 | 0.637 | 0.711 |" in official
    assert sorted(p.name for p in (tmp_path / "out" / "official").iterdir()) == [
        "book_1.task1", "book_1.task3", "book_2.task1", "book_2.task3"]


def test_kg_eval_without_scripts_says_so_in_one_line(tmp_path, no_build):
    gold = book_gold(tmp_path)
    result = CliRunner().invoke(app, ["eval", str(gold), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "official scorers skipped: no t1_eval.py and t3_eval.py in" in result.output
    assert "Traceback" not in result.output and "official t1" not in result.output
    skipped = CliRunner().invoke(app, ["eval", str(gold), "-o", str(tmp_path / "out"), "--no-official",
                                       "--scripts", str(fake_scripts(tmp_path / "scripts"))])
    assert skipped.exit_code == 0 and "official" not in skipped.output


# ---------------------------------------------------------------- the real scripts

TUNE_DOCUMENTS = ("book_58", "book_100", "book_115")   # from the half whose texts were studied


def gold_as_predictions(gold: Path) -> Predictions:
    """What a perfect build would have found: the gold annotation read by our own reader."""
    docs = [read_document(path) for path in sorted(gold.glob("*.txt"))]
    return Predictions({d.name: list(d.mentions) for d in docs}, {d.name: list(d.meetings) for d in docs},
                       {d.name: list(d.occupations) for d in docs})


@needs_scripts
def test_the_task_scripts_score_a_few_dev_documents(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for name in TUNE_DOCUMENTS:
        for path in FACTRUEVAL.glob(f"{name}.*"):
            (gold / path.name).symlink_to(path)
    perfect = official_evaluate(gold, tmp_path, scripts=SCRIPTS, responses=tmp_path / "perfect",
                                predictions=gold_as_predictions(gold))
    assert perfect.scripts == SCRIPTS.resolve()
    # the gold read by our reader and written back scores 1: offsets and names are what the scripts expect
    assert perfect.mentions["per"].gold > 10 and perfect.mentions["overall"].f1 == 1.0
    assert perfect.facts["meeting"].gold == 1 and perfect.facts["meeting"].f1 == 1.0
    assert perfect.facts["occupation"].gold >= 5 and perfect.facts["occupation"].f1 == 1.0
    nothing = official_evaluate(gold, tmp_path, scripts=SCRIPTS, responses=tmp_path / "empty",
                                predictions=Predictions({}, {}, {}))
    assert nothing.mentions["overall"].recall == 0 and nothing.mentions["overall"].predicted == 0
    assert nothing.facts["occupation"].recall == 0
    assert nothing.facts["occupation"].gold == perfect.facts["occupation"].gold
    assert "| official Meeting | 1 | 0 |" in format_official(nothing)


@pytest.mark.corpus
@pytest.mark.slow
@needs_scripts
def test_official_figures_of_a_dev_set_build(request, tmp_path):
    if not request.config.getoption("--corpus", default=False):
        pytest.skip("needs --corpus")
    # the session's `kg build --mentions` of the dev set, read-only: the responses go to tmp_path
    report = official_evaluate(FACTRUEVAL, request.getfixturevalue("dev_set_out"), responses=tmp_path / "official")
    print("\n" + format_official(report))
    assert len(list(report.responses.glob("*.task1"))) == len(list(report.responses.glob("*.task3"))) == 122
    mentions, facts = report.mentions, report.facts
    # the gold as the scripts count it (items of the "ignored" kinds left out)
    assert (mentions["per"].gold, facts["meeting"].gold, facts["occupation"].gold) == (728, 5, 180)
    assert 0.85 <= mentions["per"].f1 <= 1 and 0.8 <= mentions["overall"].f1 <= 1
    assert 0.6 <= mentions["org"].f1 <= 1 and 0.8 <= mentions["loc"].f1 <= 1
    assert 0.5 <= facts["occupation"].f1 <= 1 and facts["occupation"].predicted > 50
    assert 0.3 <= facts["meeting"].f1 <= 1
