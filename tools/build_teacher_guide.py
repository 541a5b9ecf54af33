"""Assemble ``docs/teacher-guide.md`` from its parts.

The guide is written in pieces so each lesson's notes sit in their own file:
``docs/teacher-guide/intro.md``, ``docs/teacher-guide/lesson-NN.md`` and any other
``docs/teacher-guide/*.md`` part (after the lessons, by file name). This
script joins them after a "course at a glance" table built from the lessons'
own notebook metadata, so the table cannot drift from the lessons.

Run it after editing any part (``make guide``); ``tests/test_teacher_guide.py``
fails when the assembled guide is out of date. Running it twice changes
nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ROOT / "docs" / "teacher-guide"
OUT = ROOT / "docs" / "teacher-guide.md"

HEADER = """\
# peacekit — teacher guide

<!-- Assembled by tools/build_teacher_guide.py from docs/teacher-guide/*.md and the lessons'
metadata. Edit the parts, then run `make guide`. -->

A teaching kit on the competing arguments over ending the war in Ukraine. Students read five
real, conflicting articles, break them into claims, compare the claims side by side, check them
against dated and cited facts, and build and defend an argument of their own.

"""


def lesson_rows(root: Path = ROOT) -> list[dict]:
    """Return one dict per lesson notebook, from its ``peacekit`` metadata."""
    rows = []
    for nb_path in sorted((root / "lessons").glob("[0-9][0-9]-*.ipynb")):
        meta = json.loads(nb_path.read_text(encoding="utf-8"))["metadata"].get("peacekit", {})
        minutes = meta.get("minutes", {})
        rows.append(
            {
                "lesson": meta.get("lesson", nb_path.name[:2]),
                "title": meta.get("title", nb_path.stem),
                "question": meta.get("question", ""),
                "teaching": minutes.get("teaching", ""),
                "exercises": minutes.get("exercises", ""),
                "objectives": meta.get("objectives", []),
                "file": nb_path.name,
            }
        )
    return rows


def at_a_glance(rows: list[dict]) -> str:
    """Return the Markdown "course at a glance" table."""
    lines = [
        "## The course at a glance",
        "",
        "| lesson | central question | minutes (teaching + exercises) | objectives |",
        "| --- | --- | --- | --- |",
    ]
    for r in rows:
        objectives = "<br>".join(f"• {o}" for o in r["objectives"])
        minutes = f"{r['teaching']} + {r['exercises']}"
        title = f"**{r['lesson']} — {r['title']}**<br>`lessons/{r['file']}`"
        lines.append(f"| {title} | {r['question']} | {minutes} | {objectives} |")
    return "\n".join(lines) + "\n"


def build(root: Path = ROOT) -> str:
    """Return the full text of the assembled guide."""
    parts = root / "docs" / "teacher-guide"
    chunks = [HEADER, at_a_glance(lesson_rows(root)), ""]
    intro = parts / "intro.md"
    if intro.exists():
        chunks.append(intro.read_text(encoding="utf-8").strip() + "\n")
    lessons = sorted(parts.glob("lesson-[0-9][0-9].md"))
    for section in lessons:
        chunks.append("\n---\n\n" + section.read_text(encoding="utf-8").strip() + "\n")
    # any other part (e.g. course-website.md) follows the lessons, in file-name order
    for section in sorted(set(parts.glob("*.md")) - set(lessons) - {intro}):
        chunks.append("\n---\n\n" + section.read_text(encoding="utf-8").strip() + "\n")
    return "\n".join(chunks)


def main(argv: list[str] | None = None) -> int:
    """Write ``docs/teacher-guide.md``; with ``--check``, only report staleness."""
    argv = sys.argv[1:] if argv is None else argv
    text = build()
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print("docs/teacher-guide.md is out of date: run `make guide`.")
            return 1
        print("docs/teacher-guide.md is up to date.")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
