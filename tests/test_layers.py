"""kg's parts stand in layers, in the order a text goes through them: a part may import the
parts below it, never one above (no import runs upward, hidden in a function or not), so
there is no cycle between them.
"""

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"

# Bottom to top. A root module that every part shares sits in "base"; the CLI and the
# Python API sit on top of everything.
LAYERS = [
    {"records", "errors", "ids", "output", "text", "data"},
    {"rules"},
    {"inputs"},
    {"names"},
    {"nlp"},
    {"extract"},
    {"resolve"},
    {"graph"},
    {"sparql"},
    {"analysis"},
    {"page"},
    {"eval"},
    {"serve"},
    {"pipeline"},
    {"results", "exports"},
    {"api", "cli", "__init__", "__main__"},
]
LEVEL = {part: n for n, parts in enumerate(LAYERS) for part in parts}


def part_of(module: str) -> str:
    """kg.extract.ner.rules -> extract; kg.records -> records; kg -> __init__."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_of(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every kg import in a file, relative ones resolved, inside functions too."""
    module = module_of(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # «from kg import ids» imports the module kg.ids
            targets = [f"{target}.{a.name}" if target == "kg" else target for a in node.names]
            found += [(node.lineno, t) for t in targets if t == "kg" or t.startswith("kg.")]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("kg")]
    return found


def upward_imports() -> list[str]:
    wrong = []
    for path in sorted(KG.rglob("*.py")):
        here = part_of(module_of(path))
        for line, target in imports(path):
            there = part_of(target)
            if LEVEL[there] > LEVEL[here]:
                wrong.append(f"{path.relative_to(KG.parent)}:{line} ({here}) imports {target} ({there})")
    return wrong


def test_every_part_has_a_layer():
    parts = {part_of(module_of(p)) for p in KG.rglob("*.py")}
    assert parts <= set(LEVEL), f"parts without a layer: {sorted(parts - set(LEVEL))}"


def test_no_import_runs_upward():
    assert upward_imports() == []


@pytest.mark.parametrize("source, target, upward", [
    ("kg/page/render.py", "kg.analysis.measures", False),
    ("kg/analysis/networks.py", "kg.page.render", True),
    ("kg/graph/store.py", "kg.sparql.screen", True),
    ("kg/extract/relations.py", "kg.rules", False),
])
def test_the_layers_tell_upward_from_downward(source, target, upward):
    here, there = part_of(module_of(KG.parent / source)), part_of(target)
    assert (LEVEL[there] > LEVEL[here]) is upward
