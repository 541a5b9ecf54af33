"""Generate ``exercises/NN-topic.ipynb`` from ``solutions/NN-topic.ipynb``.

The solution notebook is the single source. In code cells, the answer sits
between two lines ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (each alone
on its line, indentation allowed). The generator replaces each block with
placeholders that still run: a comment telling the student what to write and
``name = ...`` for every top-level name the block assigns (found with
:mod:`ast`), so the check cell after it runs and says "replace the ...".
In markdown cells, text between the same markers becomes
``_Write your answer here._``. Outputs and execution counts are stripped.

Running it twice changes nothing (idempotent); ``--check`` exits 1 when an
exercise notebook is stale, which is what ``tests/test_exercises.py`` does in
memory.

``exercises/`` is where students work, so a rebuild never overwrites a
notebook a student has run or edited. Each generated notebook carries, in its
metadata (``peacekit.generated_sha256``), the SHA-256 of the text the
generator wrote; a notebook with saved outputs, or whose text no longer
hashes to that value, is skipped with a one-line note. ``--force`` replaces it
anyway, after copying it to ``NAME.ipynb.bak``. Usage::

    python tools/generate_exercises.py            # rebuild every untouched exercise
    python tools/generate_exercises.py --check    # only report stale files
    python tools/generate_exercises.py --force    # also replace edited ones (keeps a .bak)
    python -m peacekit build-exercises            # the same, via the package
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import shutil
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

import nbformat

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
MARKDOWN_PLACEHOLDER = "_Write your answer here._"
ROOT = Path(__file__).resolve().parent.parent
_CELL_METADATA_DROP = ("execution", "collapsed", "scrolled", "ExecuteTime")
HASH_KEY = "generated_sha256"


class SolutionMarkerError(ValueError):
    """A solution notebook has unbalanced or nested solution markers."""


def assigned_names(code: str) -> list[str]:
    """Return the top-level names that ``code`` assigns, in order of first assignment.

    Covers ``x = ...``, ``x: T = ...``, ``x += ...``, tuple unpacking,
    ``for x in ...``, ``with ... as x``, ``def``/``class`` and imports.
    """
    tree = ast.parse(code)
    names: list[str] = []

    def add_target(node: ast.AST) -> None:
        if isinstance(node, ast.Name):
            if node.id not in names:
                names.append(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for elt in node.elts:
                add_target(elt)
        elif isinstance(node, ast.Starred):
            add_target(node.value)

    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                add_target(target)
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
            add_target(stmt.target)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            add_target(stmt.target)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                if item.optional_vars is not None:
                    add_target(item.optional_vars)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if stmt.name not in names:
                names.append(stmt.name)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for alias in stmt.names:
                name = (alias.asname or alias.name).split(".")[0]
                if name != "*" and name not in names:
                    names.append(name)
    return names


def _blocks(lines: list[str], where: str) -> list[tuple[int, int]]:
    """Return (begin, end) line indexes of each solution block."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate(lines):
        text = line.strip()
        if text == BEGIN:
            if start is not None:
                raise SolutionMarkerError(f"{where}: line {i + 1} opens a solution block inside another one")
            start = i
        elif text == END:
            if start is None:
                raise SolutionMarkerError(f"{where}: line {i + 1} closes a solution block that was not opened")
            spans.append((start, i))
            start = None
        elif text.startswith((BEGIN, END)):
            # a marker followed by other text would be silently missed: refuse it
            raise SolutionMarkerError(f"{where}: line {i + 1}: put {BEGIN!r}/{END!r} alone on their line")
    if start is not None:
        raise SolutionMarkerError(f"{where}: a solution block opened on line {start + 1} is never closed")
    return spans


def _code_placeholder(block: list[str], indent: str, where: str) -> list[str]:
    code = textwrap.dedent("\n".join(block))
    try:
        names = assigned_names(code)
    except SyntaxError as exc:
        raise SolutionMarkerError(f"{where}: the solution does not parse ({exc.msg}, line {exc.lineno})") from exc
    if not names:
        return [f"{indent}# Your code here (see the question above).", f"{indent}pass"]
    listed = ", ".join(f"`{n}`" for n in names)
    out = [f"{indent}# Your code here: set {listed} (replace each ... with your answer)."]
    out += [f"{indent}{name} = ..." for name in names]
    return out


def exercise_source(source: str, *, cell_type: str, where: str = "cell") -> str:
    """Return a cell's source with every solution block replaced by a placeholder."""
    lines = source.split("\n")
    spans = _blocks(lines, where)
    if not spans:
        return source
    out: list[str] = []
    pos = 0
    for begin, end in spans:
        out += lines[pos:begin]
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        if cell_type == "code":
            out += _code_placeholder(lines[begin + 1 : end], indent, where)
        else:
            out.append(f"{indent}{MARKDOWN_PLACEHOLDER}")
        pos = end + 1
    out += lines[pos:]
    return "\n".join(out)


def make_exercise(solution: nbformat.NotebookNode, *, name: str = "notebook") -> nbformat.NotebookNode:
    """Return the exercise notebook generated from a solution notebook (a copy)."""
    nb = copy.deepcopy(solution)
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index + 1}"
        if cell.cell_type in ("code", "markdown"):
            cell.source = exercise_source(cell.source, cell_type=cell.cell_type, where=where)
        for key in _CELL_METADATA_DROP:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    meta = nb.metadata.setdefault("peacekit", {})
    meta["generated_from"] = f"solutions/{name}"
    return nb


def render(nb: nbformat.NotebookNode) -> str:
    """Serialise a notebook the way JupyterLab saves it (indent 1, final newline)."""
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamp(nb: nbformat.NotebookNode) -> str:
    """Render ``nb`` with the hash of its own text (without the hash) in its metadata."""
    nb.metadata.setdefault("peacekit", {}).pop(HASH_KEY, None)
    nb.metadata["peacekit"][HASH_KEY] = _digest(render(nb))
    return render(nb)


def generate(solution_path: Path) -> str:
    """Return the exercise text for one solution notebook (nothing is written)."""
    solution = nbformat.read(solution_path, as_version=4)
    return stamp(make_exercise(solution, name=solution_path.name))


def touched(text: str) -> str | None:
    """Say why an exercise notebook's ``text`` looks run or edited by a student, or None.

    Untouched means: no saved outputs or execution counts, and the text hashes
    to the value the generator stored in it. A notebook generated before the
    hash existed counts as untouched only if it is exactly what the generator
    writes today minus the hash (checked by the caller through ``legacy``).
    """
    try:
        data = json.loads(text)
        cells = data.get("cells", [])
        if any(c.get("outputs") or c.get("execution_count") for c in cells if c.get("cell_type") == "code"):
            return "it has saved outputs (it was run)"
        stored = data.get("metadata", {}).get("peacekit", {}).get(HASH_KEY)
        if stored is None:
            return "it has no generator hash"
        nb = nbformat.reads(text, as_version=4)
    except Exception:
        return "it is not a notebook the generator wrote"
    nb.metadata["peacekit"].pop(HASH_KEY, None)
    if _digest(render(nb)) != stored:
        return "its content differs from what the generator wrote (it was edited)"
    return None


def stale(root: Path = ROOT) -> list[str]:
    """Return sentences naming every exercise notebook that does not match its solution."""
    problems = []
    for sol in sorted((root / "solutions").glob("*.ipynb")):
        target = root / "exercises" / sol.name
        if not target.exists():
            problems.append(f"exercises/{sol.name} is missing")
        elif target.read_text(encoding="utf-8") != generate(sol):
            problems.append(f"exercises/{sol.name} is stale")
    for ex in sorted((root / "exercises").glob("*.ipynb")):
        if not (root / "solutions" / ex.name).exists():
            problems.append(f"exercises/{ex.name} has no solutions/{ex.name}")
    return problems


def _legacy(text: str, new_text: str) -> bool:
    """True when ``text`` is ``new_text`` without its hash (a notebook written before the hash)."""
    try:
        nb = nbformat.reads(new_text, as_version=4)
    except Exception:
        return False
    nb.metadata["peacekit"].pop(HASH_KEY, None)
    return render(nb) == text


def build(
    paths: Iterable[Path], *, root: Path = ROOT, force: bool = False, notes: list[str] | None = None
) -> list[Path]:
    """Write the exercise notebook for each solution path; return those that changed.

    A notebook a student ran or edited (see :func:`touched`) is left alone and
    a sentence is appended to ``notes``; with ``force`` it is copied to
    ``NAME.ipynb.bak`` first, then replaced.
    """
    changed = []
    (root / "exercises").mkdir(exist_ok=True)
    for sol in paths:
        text = generate(sol)
        target = root / "exercises" / sol.name
        if target.exists():
            current = target.read_text(encoding="utf-8", errors="replace")
            if current == text:
                continue
            why = touched(current)
            if why is not None and not _legacy(current, text):
                rel = target.relative_to(root)
                if not force:
                    if notes is not None:
                        notes.append(f"skipped {rel}: {why}; --force replaces it (keeping {rel.name}.bak)")
                    continue
                shutil.copy2(target, target.with_name(target.name + ".bak"))
                if notes is not None:
                    notes.append(f"kept the old {rel} as {rel.name}.bak ({why})")
        target.write_text(text, encoding="utf-8", newline="\n")
        changed.append(target)
    return changed


def main(argv: list[str] | None = None) -> int:
    """Command line: rebuild (default) or ``--check`` the exercise notebooks."""
    parser = argparse.ArgumentParser(prog="build-exercises", description=__doc__.split("\n")[0])
    parser.add_argument("solutions", nargs="*", type=Path, help="solution notebooks (default: all in solutions/)")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if any exercise is stale")
    parser.add_argument("--force", action="store_true",
                        help="also replace exercise notebooks a student ran or edited (each is kept as .bak)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository root")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.check:
            problems = stale(root)
            for p in problems:
                print(p)
            if problems:
                print("Run `make exercises` (or python -m peacekit build-exercises) to rebuild them.")
                return 1
            print("exercises/ is up to date.")
            return 0
        paths = args.solutions or sorted((root / "solutions").glob("*.ipynb"))
        notes: list[str] = []
        changed = build(paths, root=root, force=args.force, notes=notes)
    except SolutionMarkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in changed:
        print(f"wrote {path.relative_to(root)}")
    for note in notes:
        print(note)
    skipped = sum(note.startswith("skipped") for note in notes)
    print(f"{len(changed)} exercise notebook(s) changed, {skipped} skipped, "
          f"{len(paths) - len(changed) - skipped} already up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
