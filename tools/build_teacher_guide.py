"""Assemble ``docs/teacher-guide.md`` from its parts.

The guide is written in pieces so each lesson's notes sit in their own file:
``docs/teacher-guide/intro.md``, the unit parts (:data:`UNIT_PARTS`), then
``docs/teacher-guide/lesson-NN.md``, then the appendices
(:data:`APPENDICES`). This script joins them after a "course at a glance"
table built from the lessons' own notebook metadata, so the table cannot
drift from the lessons.

Parts may hold markers that are replaced by text computed from the kit's
data (:data:`MARKERS`): the rubric (``peacekit/rubric.csv``), the unit
calendar (``docs/unit-calendar.csv`` with the lessons' minutes), the
prerequisites (the lessons' metadata) and the research cut-off (the latest
timeline row). The same run writes lesson 09's rubric cell (tagged
``peacekit-rubric``) from the rubric, so lesson and guide show one table.

Run it after editing any part (``make guide``); ``tests/test_teacher_guide.py``
fails when the assembled guide is out of date. Running it twice changes
nothing.
"""

from __future__ import annotations

import csv
import json
import re
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


UNIT_PARTS = ("unit-plan.md", "sensitivity.md", "assessment.md", "deployment.md", "currency.md")
APPENDICES = ("reading-support.md",)


def build(root: Path = ROOT) -> str:
    """Return the full text of the assembled guide."""
    parts = root / "docs" / "teacher-guide"
    chunks = [HEADER, at_a_glance(lesson_rows(root)), ""]
    known = {"intro.md", *UNIT_PARTS, *APPENDICES}
    # Any other part (e.g. checking-a-class.md) follows the unit parts, in name order.
    others = tuple(
        p.name for p in sorted(parts.glob("*.md"))
        if p.name not in known and not re.fullmatch(r"lesson-\d\d\.md", p.name)
    )
    for name in ("intro.md", *UNIT_PARTS, *others):
        part = parts / name
        if part.exists():
            chunks.append(fill_markers(part.read_text(encoding="utf-8").strip(), root) + "\n")
    for section in sorted(parts.glob("lesson-[0-9][0-9].md")):
        chunks.append("\n---\n\n" + fill_markers(section.read_text(encoding="utf-8").strip(), root) + "\n")
    for name in APPENDICES:
        part = parts / name
        if part.exists():
            chunks.append("\n---\n\n" + fill_markers(part.read_text(encoding="utf-8").strip(), root) + "\n")
    return "\n".join(chunks)


# ------------------------------------------------------------------ computed sections

def _peacekit(root: Path):
    sys.path.insert(0, str(root))
    try:
        import peacekit.rubric as rubric  # noqa: PLC0415
    finally:
        sys.path.pop(0)
    return rubric


def rubric_markdown(root: Path = ROOT) -> str:
    """The rubric table (criteria x levels), from peacekit/rubric.csv."""
    return _peacekit(root).markdown_table()


def grades_markdown(root: Path = ROOT) -> str:
    """The grade conversion table, from peacekit/rubric_levels.csv."""
    return _peacekit(root).grades_table()


def research_stops(root: Path = ROOT) -> str:
    """The date of the latest row of datasets/timeline.csv (ISO), the research cut-off."""
    with (root / "datasets" / "timeline.csv").open(encoding="utf-8", newline="") as handle:
        dates = [row["date"] for row in csv.DictReader(handle) if row.get("date")]
    return max(dates)


def prerequisites_markdown(root: Path = ROOT) -> str:
    """One line per lesson with its prerequisites, from the notebooks' metadata."""
    lines = ["| lesson | needs first (from the notebook's metadata) |", "| --- | --- |"]
    for nb_path in sorted((root / "lessons").glob("[0-9][0-9]-*.ipynb")):
        meta = json.loads(nb_path.read_text(encoding="utf-8"))["metadata"].get("peacekit", {})
        needs = "; ".join(meta.get("prerequisites", [])) or "nothing"
        lines.append(f"| {meta.get('lesson', nb_path.name[:2])} — {meta.get('title', nb_path.stem)} | {needs} |")
    return "\n".join(lines)


def calendar_rows(root: Path = ROOT) -> list[dict]:
    """The unit calendar (docs/unit-calendar.csv) with every row's minutes resolved.

    ``minutes`` may be a number, empty (the lesson's metadata minutes for
    that part), ``rest`` (the lesson's exercise minutes not done in class) or
    ``fit`` (the period's minutes not yet used, at most the lesson's exercise
    minutes). Rows for a lesson that does not exist (yet) are left out.
    """
    lessons = {r["lesson"]: r for r in lesson_rows(root)}
    with (root / "docs" / "unit-calendar.csv").open(encoding="utf-8", newline="") as handle:
        raw = [r for r in csv.DictReader(handle) if not r["lesson"] or r["lesson"] in lessons]
    length = {r["plan"]: int(r["period_minutes"]) for r in raw}
    used: dict[tuple[str, str], int] = {}
    in_class: dict[tuple[str, str], int] = {}
    rows = []
    for r in raw:
        lesson = lessons.get(r["lesson"])
        spec = r["minutes"].strip()
        if lesson is not None and r["part"] in ("teaching", "exercises") and spec == "":
            minutes = int(lesson[r["part"]])
        elif spec == "fit":
            minutes = min(int(lesson["exercises"]), length[r["plan"]] - used.get((r["plan"], r["period"]), 0))
        elif spec == "rest":
            minutes = int(lesson["exercises"]) - in_class.get((r["plan"], r["lesson"]), 0)
        else:
            minutes = int(spec)
        if r["where"] == "class":
            used[(r["plan"], r["period"])] = used.get((r["plan"], r["period"]), 0) + minutes
            if r["part"] == "exercises":
                in_class[(r["plan"], r["lesson"])] = in_class.get((r["plan"], r["lesson"]), 0) + minutes
        rows.append({**r, "minutes": minutes, "title": lesson["title"] if lesson else ""})
    return rows


def calendar_markdown(plan: str, root: Path = ROOT) -> str:
    """One plan of the calendar as a table: period, in class (minutes), homework."""
    rows = [r for r in calendar_rows(root) if r["plan"] == plan]
    periods: dict[str, dict] = {}
    for r in rows:
        p = periods.setdefault(r["period"], {"class": [], "home": [], "total": 0, "length": r["period_minutes"]})
        label = f"{r['lesson']} {r['part']}" if r["lesson"] else r["part"]
        item = f"{label} ({r['minutes']} min)" + (f": {r['what']}" if r["what"] else "")
        if r["where"] == "class":
            p["class"].append(item)
            p["total"] += r["minutes"]
        elif r["minutes"] > 0 or r["what"]:
            p["home"].append(item)
    lines = [
        f"| {'period' if plan == '45' else 'block'} | in class | minutes used of {rows[0]['period_minutes'] if rows else plan} | homework |",
        "| --- | --- | --- | --- |",
    ]
    for name, p in periods.items():
        lines.append(
            f"| {name} | {'<br>'.join(p['class'])} | {p['total']} | {'<br>'.join(p['home']) or '—'} |"
        )
    return "\n".join(lines)


def _csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cell(value: str) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def _with_confidence(value: str, confidence: str) -> str:
    return f"{value} ({confidence})" if value and confidence and confidence != "confirmed" else value


def summaries_markdown(root: Path = ROOT) -> str:
    """One paragraph per text (docs/reading-summaries.csv), headed by its metadata from sources.csv."""
    sources = {r["source_id"]: r for r in _csv_rows(root / "datasets" / "sources.csv")}
    claims = _csv_rows(root / "datasets" / "claims.csv")
    blocks = []
    for row in _csv_rows(root / "docs" / "reading-summaries.csv"):
        s = sources[row["source_id"]]
        who = ", ".join(
            part for part in (
                _with_confidence(s.get("outlet", ""), s.get("outlet_confidence", "")),
                _with_confidence(s.get("author", ""), s.get("author_confidence", "")),
                _with_confidence(s.get("date", "") or "undated", s.get("date_confidence", "")),
            ) if part
        )
        title = _with_confidence(s.get("title", ""), s.get("title_confidence", ""))
        n = sum(1 for c in claims if c["source_id"] == row["source_id"])
        blocks.append(
            f"#### {s['short_label']}\n\n*{title or '(no title)'}* — {who}; `{row['source_id']}`, "
            f"{n} coded claims in `datasets/claims.csv`.\n\n{' '.join(row['summary'].split())}"
        )
    return "\n\n".join(blocks)


def case_glossary_markdown(root: Path = ROOT) -> str:
    """The case's terms (docs/case-glossary.csv), each cited by timeline rows and their sources."""
    events = {r["event_id"]: r for r in _csv_rows(root / "datasets" / "timeline.csv")}
    lines = ["| term | what it is | cited (timeline rows and their sources) |", "| --- | --- | --- |"]
    for row in sorted(_csv_rows(root / "docs" / "case-glossary.csv"), key=lambda r: r["term"].casefold()):
        cites = []
        for event_id in (e.strip() for e in row["event_ids"].split(";") if e.strip()):
            e = events[event_id]
            cites.append(f"`{event_id}` ({e['date']}): [{_cell(e['source_title'])}]({e['source_url']})")
        lines.append(f"| **{_cell(row['term'])}** ({row['kind']}) | {_cell(row['explanation'])} | {'<br>'.join(cites)} |")
    return "\n".join(lines)


MARKERS = {
    "<!-- peacekit:rubric -->": rubric_markdown,
    "<!-- peacekit:grades -->": grades_markdown,
    "<!-- peacekit:research-stops -->": research_stops,
    "<!-- peacekit:prerequisites -->": prerequisites_markdown,
    "<!-- peacekit:calendar-45 -->": lambda root: calendar_markdown("45", root),
    "<!-- peacekit:calendar-90 -->": lambda root: calendar_markdown("90", root),
    "<!-- peacekit:summaries -->": summaries_markdown,
    "<!-- peacekit:case-glossary -->": case_glossary_markdown,
}


def fill_markers(text: str, root: Path = ROOT) -> str:
    """Replace every marker in ``text`` with its computed text."""
    for marker, make in MARKERS.items():
        if marker in text:
            text = text.replace(marker, make(root))
    return text


# ------------------------------------------------------------------ lesson 09's rubric cell

RUBRIC_TAG = "peacekit-rubric"
LESSON_09 = "09-your-argument.ipynb"


def rubric_cell_source(root: Path = ROOT) -> str:
    """The text of lesson 09's rubric cell."""
    rubric = _peacekit(root)
    levels = rubric.scores()
    return (
        "## 5. Peer-review rubric\n"
        "\n"
        f"Score each row from {levels[0]} to {levels[-1]}, and write one sentence of comment per row. A total "
        "is less useful than the\ncomments: say what would raise each score. Your teacher assesses with the "
        "same rubric.\n"
        "\n" + rubric.markdown_table()
    )


def synced_lesson_09(root: Path = ROOT) -> tuple[Path, str, str] | None:
    """(path, current text, text with the rubric cell rewritten), or None without lesson 09."""
    path = root / "lessons" / LESSON_09
    if not path.exists():
        return None
    current = path.read_text(encoding="utf-8")
    nb = json.loads(current)
    source = rubric_cell_source(root)
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if RUBRIC_TAG in tags or (cell["cell_type"] == "markdown" and "".join(cell["source"]).startswith(
                "## 5. Peer-review rubric")):
            cell["source"] = source.splitlines(keepends=True)
            if RUBRIC_TAG not in tags:
                cell.setdefault("metadata", {})["tags"] = [*tags, RUBRIC_TAG]
            break
    else:
        raise SystemExit(f"lessons/{LESSON_09} has no cell tagged {RUBRIC_TAG!r}; tag the rubric cell.")
    return path, current, json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write ``docs/teacher-guide.md``; with ``--check``, only report staleness."""
    argv = sys.argv[1:] if argv is None else argv
    text = build()
    lesson = synced_lesson_09()
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        stale = current != text
        if stale:
            print("docs/teacher-guide.md is out of date: run `make guide`.")
        if lesson is not None and lesson[1] != lesson[2]:
            print(f"lessons/{LESSON_09}'s rubric cell is out of date: run `make guide`.")
            stale = True
        if not stale:
            print("docs/teacher-guide.md is up to date.")
        return int(stale)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    if lesson is not None and lesson[1] != lesson[2]:
        lesson[0].write_text(lesson[2], encoding="utf-8")
        print(f"wrote the rubric cell of lessons/{LESSON_09}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
