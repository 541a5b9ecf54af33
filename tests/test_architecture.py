"""The code-shape rules of docs/architecture.md, checked on the source.

* no function or method in ``peacekit/`` longer than 80 lines;
* no ``style="`` in Python source under ``peacekit/``: styling is by ``pk-``
  classes in :func:`peacekit.style.css`, used from templates;
* no attribute set on a widget from outside it (``box.controls = …``,
  ``box.refresh = …``): a widget is a :class:`peacekit.widgets.Panel`
  subclass that sets its own attributes;
* widget modules under ``peacekit/widgets/`` stay small (≤ 150 lines).

Each rule has a self-test on a planted offender, so a rule that can no
longer fire is caught too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "peacekit"
MAX_FUNCTION_LINES = 80
MAX_WIDGET_MODULE_LINES = 150

#: Local names that hold a widget being assembled.
WIDGET_NAMES = {"box", "panel"}


def _rel(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:  # a planted file in a temporary folder
        return path.name


def long_functions(path: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """``path:name`` of each function longer than ``limit`` lines (decorators excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.end_lineno - node.lineno + 1 > limit:
                found.append(f"{_rel(path)}:{node.name}")
    return found


#: ``style="``, ``style='`` or ``style=\"`` (an inline style attribute written in Python source).
STYLE_ATTRIBUTE = re.compile(r"""\bstyle=\\?["']""")


def style_attributes(path: Path) -> list[str]:
    """``style:path`` when the Python source writes an inline ``style`` attribute."""
    return [f"style:{_rel(path)}"] if STYLE_ATTRIBUTE.search(path.read_text(encoding="utf-8")) else []


def widget_assignments(path: Path) -> list[str]:
    """``assign:path:attr`` for each ``box.attr = …`` on a local widget name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for target in targets:
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in WIDGET_NAMES:
                found.append(f"assign:{_rel(path)}:{target.attr}")
    return found


def offenders() -> set[str]:
    found: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        found.update(long_functions(path))
        found.update(style_attributes(path))
        found.update(widget_assignments(path))
    return found


def test_the_code_keeps_its_shape() -> None:
    found = sorted(offenders())
    assert not found, "These break docs/architecture.md's code-shape rules:\n" + "\n".join(found)


def big_modules(folder: Path, limit: int = MAX_WIDGET_MODULE_LINES) -> list[str]:
    """``path (N lines)`` of each module in ``folder`` longer than ``limit`` lines."""
    return [
        f"{_rel(p)} ({len(p.read_text(encoding='utf-8').splitlines())} lines)"
        for p in sorted(folder.glob("*.py"))
        if len(p.read_text(encoding="utf-8").splitlines()) > limit
    ]


def test_widget_modules_are_small() -> None:
    big = big_modules(PACKAGE / "widgets")
    assert not big, f"Widget modules over {MAX_WIDGET_MODULE_LINES} lines: {big}"


def test_module_size_rule_fires_on_a_planted_module(tmp_path: Path) -> None:
    (tmp_path / "small.py").write_text("x = 1\n" * MAX_WIDGET_MODULE_LINES, encoding="utf-8")
    assert big_modules(tmp_path) == []
    (tmp_path / "big.py").write_text("x = 1\n" * (MAX_WIDGET_MODULE_LINES + 1), encoding="utf-8")
    assert big_modules(tmp_path) == [f"big.py ({MAX_WIDGET_MODULE_LINES + 1} lines)"]


@pytest.mark.parametrize(
    ("source", "rule", "expected"),
    [
        ("def f():\n" + "    x = 1\n" * 79 + "    return x\n", long_functions, ["planted.py:f"]),
        ("def f():\n" + "    x = 1\n" * 78 + "    return x\n", long_functions, []),
        ("H = '<p style=\"color:red\">'\n", style_attributes, ["style:planted.py"]),
        ("H = '<p class=\"pk-x\">'\n", style_attributes, []),
        ('H = "<p style=\'color:red\'>"\n', style_attributes, ["style:planted.py"]),
        ("panel = object()\npanel.refresh = print\n", widget_assignments, ["assign:planted.py:refresh"]),
        ("box = object()\nbox.controls: dict = {}\n", widget_assignments, ["assign:planted.py:controls"]),
        ("box = object()\nbox.controls = {}\n", widget_assignments, ["assign:planted.py:controls"]),
        ("self.controls = {}\n", widget_assignments, []),
    ],
)
def test_rules_fire_on_planted_code(tmp_path: Path, source: str, rule, expected) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(source, encoding="utf-8")
    assert rule(planted) == expected
