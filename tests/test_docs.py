"""The README as a front door and the docs behind it: the quick start's two commands are the
ones CI runs, every `make` target the README names exists, docs/index.md lists every page, and
every relative link of README.md, CHANGELOG.md and docs/*.md leads to a file and a heading
that are there. Text only: nothing is built or run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, ROOT / "CHANGELOG.md", *sorted(DOCS.glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def quick_start_commands() -> list[str]:
    """The commands of the quick start's sh block, comments cut off."""
    block = re.search(r"```sh\n(.*?)```", section(README.read_text(encoding="utf-8"), "Quick start"), re.DOTALL)
    assert block, "README.md: no sh block under ## Quick start"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def anchors(path: Path) -> set[str]:
    """GitHub's anchors of a page: each heading's slug (a repeated one with -1, -2...), and <a id>."""
    found: set[str] = set()
    for line in prose_lines(path.read_text(encoding="utf-8")):
        heading = re.match(r"#{1,6} (.*)", line)
        if heading:
            slug = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower()).replace(" ", "-")
            n = 0
            while (candidate := slug if n == 0 else f"{slug}-{n}") in found:
                n += 1
            found.add(candidate)
        found.update(re.findall(r'<a id="([^"]+)"></a>', line))
    return found


def test_the_quick_start_is_two_commands_and_ci_runs_its_tests():
    commands = quick_start_commands()
    assert commands == ["make build", "make test"], commands
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert commands[1] in ci, ".ci/run must run the README's test command"
    assert "make lint" in ci and "`make lint`" in section(README.read_text(encoding="utf-8"), "Everyday tasks")


def test_every_make_target_the_readme_names_exists():
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    named = set(re.findall(r"\bmake ([\w-]+)", README.read_text(encoding="utf-8")))
    assert named and named <= targets, named - targets


def test_the_index_lists_every_page():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    listed = set(LINK.findall(index))
    assert {page.name for page in DOCS.glob("*.md") if page.name != "index.md"} <= listed
    assert "../CHANGELOG.md" in listed and "../README.md" in listed


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_relative_links_lead_somewhere(page):
    broken = []
    for line in prose_lines(page.read_text(encoding="utf-8")):
        for target in LINK.findall(re.sub(r"`[^`]*`", "``", line)):
            if re.match(r"[a-z]+:", target):
                continue  # http(s), mailto: not checked here
            file, _, anchor = target.partition("#")
            path = (page.parent / file).resolve() if file else page
            if not path.exists():
                broken.append(f"{target}: no such file")
            elif anchor and path.suffix == ".md" and anchor not in anchors(path):
                broken.append(f"{target}: no such heading")
    assert not broken, f"{page.relative_to(ROOT)}: {broken}"
