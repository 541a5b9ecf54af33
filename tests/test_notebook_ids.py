"""Every notebook's cell ids are unique (nbformat otherwise renames one with a warning when it is read)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for folder in ("lessons", "solutions", "exercises") for p in (ROOT / folder).glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_cell_ids_are_unique(notebook: Path) -> None:
    ids = [cell.get("id") for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]]
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    assert not repeated, f"{notebook.relative_to(ROOT)}: repeated cell ids {repeated}"
