"""The teacher guide is assembled from its parts and covers every lesson."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _builder():
    spec = importlib.util.spec_from_file_location("build_teacher_guide", ROOT / "tools" / "build_teacher_guide.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_guide_is_up_to_date():
    builder = _builder()
    current = (ROOT / "docs" / "teacher-guide.md").read_text(encoding="utf-8")
    assert current == builder.build(), "docs/teacher-guide.md is stale: run `make guide`"


def test_every_lesson_has_a_section_and_a_row():
    builder = _builder()
    rows = builder.lesson_rows()
    assert rows, "no lessons found"
    for row in rows:
        section = ROOT / "docs" / "teacher-guide" / f"lesson-{row['lesson']}.md"
        assert section.exists(), f"lesson {row['lesson']} has no teacher section ({section.name})"
        assert row["objectives"], f"lesson {row['lesson']} has no objectives in its metadata"


def test_guide_covers_deployment_and_facilitation():
    text = (ROOT / "docs" / "teacher-guide.md").read_text(encoding="utf-8")
    for heading in ("## Teaching a live and painful conflict", "## Assessment", "## Deploying to a class",
                    "nbgitpuller", "Binder", "conda"):
        assert heading in text, f"teacher guide lacks {heading!r}"
