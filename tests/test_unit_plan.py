"""The teacher's unit: one rubric everywhere, a calendar whose minutes add up,
prerequisites and the research cut-off computed, an alternative task for every
lesson with a content note, and a hub image recipe that installs the kit as a
hub needs it.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from peacekit import rubric

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "teacher-guide.md"


def _builder():
    spec = importlib.util.spec_from_file_location("build_teacher_guide", ROOT / "tools" / "build_teacher_guide.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tables(markdown: str) -> list[list[str]]:
    """Every Markdown table in a text, as its list of lines."""
    tables, current = [], []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line.strip())
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _rubric_table(markdown: str) -> list[str]:
    found = [t for t in _tables(markdown) if t[0].startswith("| criterion |") and "excellent" in t[0]]
    assert len(found) == 1, f"expected one rubric table, found {len(found)}"
    return found[0]


def _lesson_09_text() -> str:
    nb = json.loads((ROOT / "lessons" / "09-your-argument.ipynb").read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


# ------------------------------------------------------------------ one rubric


def test_lesson_09_and_the_guide_show_the_same_rubric() -> None:
    lesson = _rubric_table(_lesson_09_text())
    guide = _rubric_table(GUIDE.read_text(encoding="utf-8"))
    assert lesson == guide
    assert "\n".join(lesson) == rubric.markdown_table()


def test_the_rubric_has_four_levels_and_the_rows_lesson_09_asks_for() -> None:
    assert rubric.scores() == (1, 2, 3, 4)
    assert all(len(c.descriptors) == 4 and all(c.descriptors) for c in rubric.criteria())
    from peacekit.checks.lesson09 import RUBRIC, SCORES

    assert RUBRIC == rubric.keys() and SCORES == rubric.scores()
    lesson = _lesson_09_text()
    for label in ("claim", "reasons", "evidence", "counter-argument", "rebuttal", "limits"):
        assert label in lesson.lower(), f"lesson 09 never asks for {label!r}"
    assert "limits" in rubric.keys()


def test_the_grade_conversion_covers_every_total_once() -> None:
    n = len(rubric.criteria())
    bands = rubric.grade_bands()
    totals = [t for low, high, _ in bands for t in range(low, high + 1)]
    assert totals == list(range(n * min(rubric.scores()), n * max(rubric.scores()) + 1))
    assert [lv.score for _, _, lv in bands] == list(rubric.scores())
    guide = GUIDE.read_text(encoding="utf-8")
    assert rubric.grades_table() in guide


def test_lesson_09_rubric_cell_is_up_to_date() -> None:
    found = _builder().synced_lesson_09()
    assert found is not None
    _path, current, wanted = found
    assert current == wanted, "lessons/09-your-argument.ipynb's rubric cell is stale: run `make guide`"


# ------------------------------------------------------------------ the calendar


def _lesson_minutes() -> dict[str, dict[str, int]]:
    out = {}
    for nb_path in sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb")):
        meta = json.loads(nb_path.read_text(encoding="utf-8"))["metadata"]["peacekit"]
        out[meta["lesson"]] = {k: int(v) for k, v in meta["minutes"].items()}
    return out


def test_calendar_minutes_fit_every_period_and_add_up_to_the_lessons() -> None:
    lessons = _lesson_minutes()
    rows = _builder().calendar_rows()
    plans = {r["plan"] for r in rows}
    assert plans == {"45", "90"}
    for plan in plans:
        used: dict[str, int] = defaultdict(int)
        length = {}
        per_lesson: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for r in (r for r in rows if r["plan"] == plan):
            assert r["minutes"] >= 0, r
            length[r["period"]] = int(r["period_minutes"])
            if r["where"] == "class":
                used[r["period"]] += r["minutes"]
            if r["lesson"]:
                per_lesson[r["lesson"]][r["part"]] += r["minutes"]
        for period, minutes in used.items():
            assert minutes <= length[period], f"plan {plan}, period {period}: {minutes} min > {length[period]}"
        assert set(per_lesson) == set(lessons), f"plan {plan} leaves out lessons {set(lessons) - set(per_lesson)}"
        for lesson, parts in per_lesson.items():
            for part in ("teaching", "exercises"):
                assert parts[part] == lessons[lesson][part], (plan, lesson, part)
    core = {r["period"] for r in rows if r["plan"] == "45" and "if you add it" not in r["period"]}
    assert len(core) == 10
    assert len({r["period"] for r in rows if r["plan"] == "90" and "if you add it" not in r["period"]}) == 5


def test_calendar_catches_a_lesson_that_grows(tmp_path: Path) -> None:
    """The sum can fail: a lesson whose metadata asks for more minutes overflows its period."""
    builder = _builder()
    for name in ("lessons", "docs"):
        (tmp_path / name).mkdir()
    (tmp_path / "docs" / "unit-calendar.csv").write_bytes((ROOT / "docs" / "unit-calendar.csv").read_bytes())
    for nb_path in (ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        if nb["metadata"]["peacekit"]["lesson"] == "04":
            nb["metadata"]["peacekit"]["minutes"]["teaching"] += 10
        (tmp_path / "lessons" / nb_path.name).write_text(json.dumps(nb), encoding="utf-8")
    rows = [r for r in builder.calendar_rows(tmp_path) if r["plan"] == "45"]
    period = next(r["period"] for r in rows if r["lesson"] == "04")
    assert sum(r["minutes"] for r in rows if r["period"] == period and r["where"] == "class") > 45


def test_guide_renders_the_calendars_and_the_prerequisites_from_metadata() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    builder = _builder()
    assert builder.calendar_markdown("45") in guide
    assert builder.calendar_markdown("90") in guide
    assert builder.prerequisites_markdown() in guide
    for nb_path in (ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"):
        for need in json.loads(nb_path.read_text(encoding="utf-8"))["metadata"]["peacekit"].get("prerequisites", []):
            assert need in guide
    assert "<!-- peacekit:" not in guide, "a marker was left unfilled"


# ------------------------------------------------------------------ currency and sensitivity


def test_research_cut_off_is_the_latest_timeline_row() -> None:
    with (ROOT / "datasets" / "timeline.csv").open(encoding="utf-8", newline="") as handle:
        latest = max(r["date"] for r in csv.DictReader(handle) if r["date"])
    assert f"Research stops on {latest}" in GUIDE.read_text(encoding="utf-8")


def test_every_lesson_with_a_content_note_has_an_alternative_task() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide.split("### Alternative tasks", 1)[1].split("\n### ", 1)[0]
    offered = {m.group(1) for m in re.finditer(r"^\| (\d\d) \|", section, flags=re.M)}
    noted = set()
    for nb_path in (ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        if any("content note" in "".join(c["source"]).lower() for c in nb["cells"]):
            noted.add(nb["metadata"]["peacekit"]["lesson"])
    assert noted, "no lesson has a content note: the test would prove nothing"
    assert noted <= offered, f"lessons with a content note but no alternative task: {sorted(noted - offered)}"


def test_guide_has_the_unit_sections() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for heading in ("## The two-week unit", "### Before the unit: a confidential check-in",
                    "### If a student discloses something", "### If students clash",
                    "### If major news breaks during the unit", "### Before you teach: a checklist",
                    "### Updating timeline rows, figures and positions", "### What to collect",
                    "### Moderating", "### A students' copy without solutions"):
        assert heading in guide, heading


# ------------------------------------------------------------------ the hub image recipe


def test_hub_image_installs_the_kit_as_a_hub_needs_it() -> None:
    text = (ROOT / "hub" / "Dockerfile").read_text(encoding="utf-8")
    steps = " ".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert re.search(r"ARG JUPYTERHUB_VERSION\s", steps + " ") and "ARG JUPYTERHUB_VERSION=" not in steps
    assert '"jupyterhub==${JUPYTERHUB_VERSION}"' in steps
    assert "nbgitpuller" in steps
    install = re.search(r"pip install ([^&]*)", steps)
    assert install and " -e " not in f" {install.group(1)} ", "a hub image needs a plain install, not -e"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "jupyterhub" not in pyproject.split("[project.optional-dependencies]")[0].lower()


@pytest.mark.parametrize("part", ["unit-plan.md", "sensitivity.md", "assessment.md", "deployment.md", "currency.md"])
def test_unit_parts_are_in_the_guide(part: str) -> None:
    text = (ROOT / "docs" / "teacher-guide" / part).read_text(encoding="utf-8")
    first_heading = next(line for line in text.splitlines() if line.startswith("## "))
    assert first_heading in GUIDE.read_text(encoding="utf-8")


# ------------------------------------------------------------------ printable sheets


def _printables():
    spec = importlib.util.spec_from_file_location("build_printables", ROOT / "tools" / "build_printables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_printables_build_offline_from_the_data(tmp_path: Path) -> None:
    import peacekit as pk

    tool = _printables()
    written = tool.build(tmp_path)
    assert sorted(p.name for p in written) == sorted(tool.SHEETS)
    for path in written:
        page = path.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and "@page" in page
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), f"{path.name} loads something from the network"
    ten = tool.notebook_list("03", "ten")
    to_code = (tmp_path / "claims-to-code.html").read_text(encoding="utf-8")
    assert len(ten) == 10 and all(f"<h2>{cid} · " in to_code for cid in ten)
    assert "coded" not in to_code.lower() and "stance:" not in to_code.lower()  # the kit's codes are not shown
    to_check = (tmp_path / "claims-to-check.html").read_text(encoding="utf-8")
    assert all(f"<h2>{cid}</h2>" in to_check for cid in tool.notebook_list("06", "to_check"))
    cards = (tmp_path / "role-cards.html").read_text(encoding="utf-8")
    negotiators = pk.parties().query("kind != 'author'")
    assert cards.count('<div class="card">') == len(negotiators)
    sourcing = (tmp_path / "sourcing-table.html").read_text(encoding="utf-8")
    import html as _html

    assert all(_html.escape(str(label)) in sourcing for label in pk.sources()["short_label"])
    sheet = (tmp_path / "rubric.html").read_text(encoding="utf-8")
    assert all(c.label in sheet for c in rubric.criteria())
    form = (tmp_path / "check-in.html").read_text(encoding="utf-8")
    assert form.count('<div class="item">') == 4 and "lesson 08" in form


def test_printables_escape_dataset_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import peacekit as pk

    data = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", data)
    themes = (data / "themes.csv").read_text(encoding="utf-8")
    (data / "themes.csv").write_text(themes.replace("Can guarantees be relied on?", "<script>alert(1)</script>"),
                                     encoding="utf-8")
    monkeypatch.setenv("PEACEKIT_DATA", str(data))
    assert "<script>alert(1)</script>" in set(pk.themes()["label"])
    tool = _printables()
    page = tool.claims_to_code()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ------------------------------------------------------------------ reading support


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_seed_text_has_a_summary_and_every_summary_a_text() -> None:
    sources = _csv(ROOT / "datasets" / "sources.csv")
    seeds = {r["source_id"] for r in sources if r.get("seed", "true").strip().lower() in ("true", "1", "yes")}
    summaries = {r["source_id"]: r["summary"] for r in _csv(ROOT / "docs" / "reading-summaries.csv")}
    assert seeds and seeds <= set(summaries), f"no summary for {sorted(seeds - set(summaries))}"
    assert set(summaries) <= {r["source_id"] for r in sources}
    for source_id, summary in summaries.items():
        assert 60 <= len(summary.split()) <= 180, f"{source_id}: a summary is one paragraph"
    guide = GUIDE.read_text(encoding="utf-8")
    assert _builder().summaries_markdown() in guide


def test_every_case_term_is_cited_by_timeline_rows() -> None:
    events = {r["event_id"]: r for r in _csv(ROOT / "datasets" / "timeline.csv")}
    terms = _csv(ROOT / "docs" / "case-glossary.csv")
    assert len({t["term"] for t in terms}) == len(terms), "a term is listed twice"
    for term in terms:
        cited = [e.strip() for e in term["event_ids"].split(";") if e.strip()]
        assert cited, f"{term['term']} has no citation"
        missing = [e for e in cited if e not in events]
        assert not missing, f"{term['term']} cites rows that are not in timeline.csv: {missing}"
        assert all(events[e]["source_url"].startswith("http") for e in cited)
    table = _builder().case_glossary_markdown()
    assert table in GUIDE.read_text(encoding="utf-8")
    for place in ("Crimea", "Minsk", "Budapest", "NPT", "International Criminal Court"):
        assert place in table


def test_claims_named_in_the_sensitivity_table_say_what_the_table_says() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    row = next(line for line in guide.splitlines() if line.startswith("| 07 |") and "genocide" in line)
    named = re.findall(r"\bC\d{3}\b", row)
    claims = {r["claim_id"]: r for r in _csv(ROOT / "datasets" / "claims.csv")}
    assert named
    for claim_id in named:
        assert "genocid" in claims[claim_id]["quote"].lower(), claim_id
