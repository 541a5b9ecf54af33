"""Every lesson notebook follows the kit's lesson anatomy.

These tests read the notebooks as JSON (they do not run them; the nbval tests
do that). They hold for every ``lessons/NN-*.ipynb``, whoever wrote it:

* notebook metadata ``peacekit`` carries lesson, title, question, objectives,
  minutes (teaching and exercises) and prerequisites, and the first cell
  states the same facts to the reader (the Carpentries' front matter);
* the last cell holds the key points and 3–5 discussion questions;
* a lesson has at most 45 cells (a lesson that grows past that is two lessons);
* the first code cell is ``import peacekit as pk`` then ``pk.setup()``;
* no code cell builds a path to the data by hand (``"../datasets/..."``),
  which breaks on a hub, on Binder or from another working directory;
* every lesson has a solution and an exercise notebook of the same name and a
  teacher-guide section ``docs/teacher-guide/lesson-NN.md``;
* notebooks are saved with their outputs stripped (nbformat 4, python3
  kernel), so a diff shows only what an author changed.

Incidents these prevent: a lesson whose metadata says 20 minutes while its
first cell says 30; a notebook saved with a traceback in its outputs; a
lesson that only runs from the repository root because it opens
``../datasets/claims.csv``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
NOTEBOOK_DIRS = ("lessons", "solutions", "exercises")
ALL_NOTEBOOKS = sorted(p for d in NOTEBOOK_DIRS for p in (ROOT / d).glob("[0-9][0-9]-*.ipynb"))
MAX_CELLS = 45

# A string literal that walks to the data by hand: "../datasets", "./datasets/x.csv",
# "datasets/claims.csv", "../anything", or a Path(...) / "datasets" join.
HAND_BUILT_PATH = re.compile(
    r"""(['"](\.{1,2}[/\\])+)"""  # "../..." or "./..."
    r"""|(['"][^'"\n]*\bdatasets[/\\])"""  # "datasets/..." anywhere in a literal
    r"""|(/\s*['"]datasets['"])""",  # Path(...) / "datasets"
)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _plain(text: str) -> str:
    """Markdown text without emphasis marks and with single spaces, for comparisons."""
    text = re.sub(r"[*_`>#]", "", text)
    return " ".join(text.split()).lower()


def _meta(nb: dict) -> dict:
    return nb.get("metadata", {}).get("peacekit", {})


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def test_there_are_lessons():
    assert LESSONS, "no lessons/NN-*.ipynb found"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_metadata_is_complete(path: Path):
    meta = _meta(_load(path))
    assert meta, f"{path.name}: notebook metadata has no 'peacekit' entry"
    for key in ("lesson", "title", "question", "objectives", "minutes", "prerequisites"):
        assert key in meta, f"{path.name}: metadata 'peacekit' lacks {key!r}"
    assert meta["lesson"] == path.name[:2], f"{path.name}: metadata lesson {meta['lesson']!r} is not the file's number"
    assert isinstance(meta["title"], str) and meta["title"].strip(), f"{path.name}: empty title"
    assert isinstance(meta["question"], str) and meta["question"].strip(), f"{path.name}: empty question"
    objectives = meta["objectives"]
    assert isinstance(objectives, list) and objectives, f"{path.name}: objectives should be a non-empty list"
    assert all(isinstance(o, str) and o.strip() for o in objectives), f"{path.name}: an objective is empty"
    minutes = meta["minutes"]
    assert isinstance(minutes, dict), f"{path.name}: minutes should be {{'teaching': n, 'exercises': n}}"
    for part in ("teaching", "exercises"):
        value = minutes.get(part)
        assert isinstance(value, int) and not isinstance(value, bool) and value >= 0, (
            f"{path.name}: minutes[{part!r}] should be a whole number, got {value!r}"
        )
    total = minutes["teaching"] + minutes["exercises"]
    assert 30 <= total <= 60, f"{path.name}: a lesson is about 45 minutes; metadata says {total}"
    assert isinstance(meta["prerequisites"], list), f"{path.name}: prerequisites should be a list (may be empty)"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_first_cell_states_the_front_matter(path: Path):
    nb = _load(path)
    meta = _meta(nb)
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown", f"{path.name}: the first cell should be markdown"
    text = _plain(_source(first))
    assert _plain(meta.get("question", "")) in text, f"{path.name}: the first cell does not state the question"
    for objective in meta.get("objectives", []):
        assert _plain(objective) in text, f"{path.name}: the first cell does not state the objective {objective!r}"
    minutes = meta.get("minutes", {})
    for part in ("teaching", "exercises"):
        assert re.search(rf"\b{minutes.get(part)}\b", text), (
            f"{path.name}: the first cell does not give the {part} minutes ({minutes.get(part)})"
        )
    assert "minute" in text, f"{path.name}: the first cell does not mention minutes"
    assert "prerequisite" in text, f"{path.name}: the first cell does not list prerequisites"
    for prerequisite in meta.get("prerequisites", []):
        assert _plain(prerequisite) in text, f"{path.name}: the first cell does not state the prerequisite {prerequisite!r}"


def _discussion_questions(markdown: str) -> list[str]:
    """Return the list items after a 'discussion' heading or bold label."""
    lines = markdown.splitlines()
    start = next((i for i, line in enumerate(lines) if "discussion" in line.lower()), None)
    if start is None:
        return []
    items: list[str] = []
    for line in lines[start + 1 :]:
        stripped = line.strip()
        if re.match(r"^#{1,6}\s", stripped) and items:
            break  # the next heading ends the list
        if re.match(r"^ ?([-*+]|\d+[.)])\s+\S", line):
            items.append(stripped)
        elif stripped and items and line[:1].isspace():
            items[-1] += " " + stripped  # an item wrapped over several lines
    return items


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_last_cell_has_key_points_and_discussion_questions(path: Path):
    nb = _load(path)
    last = nb["cells"][-1]
    assert last["cell_type"] == "markdown", f"{path.name}: the last cell should be markdown"
    text = _source(last)
    assert "key points" in text.lower(), f"{path.name}: the last cell has no 'Key points'"
    questions = _discussion_questions(text)
    assert 3 <= len(questions) <= 5, (
        f"{path.name}: the last cell should list 3–5 discussion questions after a 'Discussion' heading; "
        f"found {len(questions)}"
    )
    assert all("?" in q for q in questions), f"{path.name}: every discussion item should be a question"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_lesson_is_not_too_long(path: Path):
    n = len(_load(path)["cells"])
    assert n <= MAX_CELLS, f"{path.name} has {n} cells; more than {MAX_CELLS} means it is two lessons"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=[f"{p.parent.name}/{p.name}" for p in ALL_NOTEBOOKS])
def test_first_code_cell_imports_and_sets_up(path: Path):
    code = [c for c in _load(path)["cells"] if c["cell_type"] == "code"]
    assert code, f"{path.name}: no code cell"
    lines = [line.strip() for line in _source(code[0]).splitlines() if line.strip() and not line.strip().startswith("#")]
    assert "import peacekit as pk" in lines, f"{path.name}: the first code cell should say `import peacekit as pk`"
    assert "pk.setup()" in lines, f"{path.name}: the first code cell should call `pk.setup()`"
    assert lines.index("import peacekit as pk") < lines.index("pk.setup()")


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=[f"{p.parent.name}/{p.name}" for p in ALL_NOTEBOOKS])
def test_no_hand_built_paths(path: Path):
    for number, cell in enumerate(_load(path)["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        match = HAND_BUILT_PATH.search(_source(cell))
        assert match is None, (
            f"{path.parent.name}/{path.name} cell {number} builds a path by hand ({match.group(0)!r}); "
            "use the peacekit loaders (pk.claims(), pk.article(...)), which find datasets/ themselves"
        )


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_every_lesson_has_solutions_exercises_and_teacher_section(path: Path):
    for folder in ("solutions", "exercises"):
        twin = ROOT / folder / path.name
        assert twin.exists(), f"{path.name} has no {folder}/{path.name}"
        meta = _meta(_load(twin))
        assert meta.get("lesson") == path.name[:2], f"{folder}/{path.name}: metadata 'peacekit' lesson should be {path.name[:2]!r}"
    section = ROOT / "docs" / "teacher-guide" / f"lesson-{path.name[:2]}.md"
    assert section.exists(), f"{path.name} has no teacher-guide section docs/teacher-guide/{section.name}"
    assert section.read_text(encoding="utf-8").strip(), f"{section.name} is empty"


def test_no_orphan_solutions():
    lesson_names = {p.name for p in LESSONS}
    for folder in ("solutions", "exercises"):
        for nb in sorted((ROOT / folder).glob("[0-9][0-9]-*.ipynb")):
            assert nb.name in lesson_names, f"{folder}/{nb.name} has no lesson lessons/{nb.name}"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=[f"{p.parent.name}/{p.name}" for p in ALL_NOTEBOOKS])
def test_saved_stripped_nbformat4_python3(path: Path):
    nb = _load(path)
    assert nb.get("nbformat") == 4, f"{path.name}: nbformat should be 4"
    kernel = nb.get("metadata", {}).get("kernelspec", {})
    assert kernel.get("name") == "python3", f"{path.name}: kernelspec should be python3"
    for number, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.parent.name}/{path.name} cell {number} was saved with outputs"
            assert cell.get("execution_count") is None, (
                f"{path.parent.name}/{path.name} cell {number} was saved with an execution count"
            )
