"""Every rule row's example, through the real pipeline (kg/rules/*.toml, kg/eval/examples.py).

One test per row: its example text must yield the lines it lists and none it forbids. The
texts are parsed once for the session. `make mutants` checks the other way round: that
deleting a row, or moving a window by one, makes some example here fail.
"""

from pathlib import Path

import pytest

from kg import rules
from kg.errors import KgError
from kg.eval.examples import Reader

ROWS = rules.packaged_rows()


@pytest.fixture(scope="session")
def examples_reader(models):
    reader = Reader(models)
    reader.prepare([example.text for row in ROWS for example in row.examples])
    return reader


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_the_example_of_each_rule_row(row, examples_reader):
    failures = examples_reader.check([row])
    assert not failures, "\n\n".join(map(str, failures))


def test_every_packaged_row_has_an_example():
    for name, text in rules.packaged_files():
        rules.read_rows(name, text, need_examples=True)


def test_every_table_and_window_has_rows():
    tables = {row.table for row in ROWS}
    assert tables == set(rules.TABLES)
    windows = {row.key for row in ROWS if row.table == "window"}
    assert windows == set(rules.Limits.__dataclass_fields__)


def test_a_key_is_written_once_in_its_table():
    seen = {}
    for row in ROWS:
        assert (row.table, row.key) not in seen, f"{row.source} repeats {seen[(row.table, row.key)]}"
        seen[(row.table, row.key)] = row.source


# ---------------------------------------------------------------- a user's rules

MEETING_NOUN = """\
# a domain's own meeting noun
[[met_with]]
lemma = "аудиенция"
reader = "with"
example = "Состоялась аудиенция Ивана Петрова с Олегом Сидоровым."
yields = ["Иван Петров metWith Олег Сидоров"]
"""


@pytest.fixture
def user_rules():
    """Install rule files for a test; the packaged rules alone again after it."""
    def install(*texts):
        rules.install([(f"user{n}.toml", text) for n, text in enumerate(texts)])
    yield install
    rules.install()


def test_a_users_row_adds_to_the_packaged_table(user_rules, examples_reader):
    text = "Состоялась аудиенция Ивана Петрова с Олегом Сидоровым."
    assert "Иван Петров metWith Олег Сидоров" not in examples_reader.lines(text)
    user_rules(MEETING_NOUN)
    assert rules.MET_WITH["аудиенция"] == "with" and "аудиенция" in rules.SYNTAX_LEMMAS
    assert "Иван Петров metWith Олег Сидоров" in examples_reader.lines(text)
    assert rules.fingerprint()


def test_the_packaged_rules_come_back(user_rules):
    user_rules(MEETING_NOUN)
    rules.install()
    assert "аудиенция" not in rules.MET_WITH and rules.fingerprint() == ""


@pytest.mark.parametrize("text, message", [
    ("[[met_with]]\nlemma = \"аудиенция\"\nreader = \"by\"\n",
     "user.toml:1: [[met_with]] 'аудиенция': reader must be one of with, receive"),
    ("# a comment\n\n[[meet_with]]\nlemma = \"x\"\n", "user.toml:3: unknown table [[meet_with]]"),
    ("[[event_noun]]\nlemma = \"x\"\nkind = \"Meeting\"\n\n[[event_noun]]\nlemma = \"y\"\n",
     "user.toml:5: [[event_noun]] 'y' needs kind"),
    ("[[state_post]]\nlemma = \"x\"\ncolour = \"red\"\n", "user.toml:1: [[state_post]] has no field 'colour'"),
    ("[[state_post]]\nlemma = \"\"\n", "user.toml:1: [[state_post]] needs lemma"),
    ("[[window]]\nname = \"modality_depth\"\nvalue = \"3\"\n",
     "user.toml:1: [[window]] 'modality_depth': a known window"),
    ("[[state_post]]\nlemma = \"x\"\nexample = \"Текст.\"\n",
     "user.toml:1: [[state_post]] 'x': an example needs yields"),
    ("[[state_post]\nlemma = \"x\"\n", "user.toml: "),
])
def test_a_malformed_row_is_one_line_naming_file_and_line(text, message):
    with pytest.raises(KgError) as error:
        rules.read_rows("user.toml", text)
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


def test_rule_files_are_read_from_a_file_or_a_folder(tmp_path):
    (tmp_path / "a.toml").write_text(MEETING_NOUN, encoding="utf-8")
    assert [name for name, _ in rules.load_files([tmp_path])] == [str(tmp_path / "a.toml")]
    assert rules.load_files([tmp_path / "a.toml"])[0][1] == MEETING_NOUN
    with pytest.raises(KgError, match="no such rules file"):
        rules.load_files([tmp_path / "missing.toml"])
    with pytest.raises(KgError, match="no .toml rule files"):
        rules.load_files([Path(tmp_path / "empty")] if (tmp_path / "empty").mkdir() is None else [])


def test_kg_build_with_a_rules_file(tmp_path, models):
    from kg.pipeline.build import build_graph

    from facts import fact_strings
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Вчера состоялась аудиенция Ивана Петрова с Олегом Сидоровым.",
                                           encoding="utf-8")
    (tmp_path / "audience.toml").write_text(MEETING_NOUN, encoding="utf-8")
    try:
        plain = fact_strings(build_graph(tmp_path / "in", models=models).kb)
        extended = fact_strings(build_graph(tmp_path / "in", models=models, rules=[tmp_path / "audience.toml"]).kb)
    finally:
        rules.install()
    assert "Иван Петров metWith Олег Сидоров" not in plain
    assert "Иван Петров metWith Олег Сидоров" in extended


def test_the_cache_keeps_apart_what_other_rules_read(user_rules):
    from kg.inputs.cache import Cache
    from kg.records import Document
    document = Document("a.txt", "Текст.")
    plain = Cache(Path("unused")).key(document)
    user_rules(MEETING_NOUN)
    assert Cache(Path("unused")).key(document) != plain


@pytest.mark.slow  # a kg process: rule files are installed for the process
def test_a_malformed_rules_file_is_one_line_and_writes_nothing(tmp_path):
    from conftest import SEEDS, run_kg
    (tmp_path / "bad.toml").write_text('[[met_with]]\nlemma = "аудиенция"\nreader = "by"\n', encoding="utf-8")
    result = run_kg("build", SEEDS, "-o", tmp_path / "out", "--rules", tmp_path / "bad.toml")
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert result.stderr.strip() == (f"kg: error: {tmp_path / 'bad.toml'}:1: [[met_with]] 'аудиенция': "
                                     "reader must be one of with, receive, hand, not 'by'")


@pytest.mark.slow  # a kg process: rule files are installed for the process
def test_kg_rules_checks_a_files_examples(tmp_path):
    from conftest import run_kg
    (tmp_path / "good.toml").write_text(MEETING_NOUN, encoding="utf-8")
    (tmp_path / "wrong.toml").write_text(MEETING_NOUN.replace("Олег Сидоров\"]", "Анна Смирнова\"]"), encoding="utf-8")
    good, wrong = run_kg("rules", tmp_path / "good.toml"), run_kg("rules", tmp_path / "wrong.toml")
    assert good.returncode == 0 and good.stdout.strip() == "1 rows, 1 with examples, 0 failing"
    assert wrong.returncode == 1 and "missing: Иван Петров metWith Анна Смирнова" in wrong.stderr
