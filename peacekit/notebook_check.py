"""The student's check command: run an exercise notebook and list which exercises pass.

``python -m peacekit check exercises/00-start-here.ipynb`` (or
``make check NB=exercises/00-start-here.ipynb``) prints one line per exercise,
then a summary, and exits 0 only when every exercise passed and no cell raised
an error.

Why not plain ``pytest --nbval``: nbval compares a cell's new output with the
output saved in the notebook. A student who runs an unsolved notebook and
saves it makes the "not yet" line the reference; a student who clears the
outputs and saves leaves nothing to compare. Both would pass. So this command

1. runs a temporary COPY of the notebook (outputs cleared) with nbval in lax
   mode, never touching the student's file;
2. sets ``PEACEKIT_STRICT=1`` for the kernel, so a failing check raises;
3. sets ``PEACEKIT_REPORT`` to a file every check appends its result to, so
   the verdict per exercise comes from the checks themselves;
4. takes the list of exercises from the pristine exercise notebook
   (``exercises/`` of the kit, same name), so a deleted, skipped or never-run
   check cell is reported as a failure in a plain sentence.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import nbformat

__all__ = ["ExerciseStatus", "check_ids", "main", "run_check"]

_CHECK_CALL = re.compile(r"""\bcheck\(\s*(?P<q>["'])(?P<id>\d{1,2}\.\d{1,2})(?P=q)""")
REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class ExerciseStatus:
    """The verdict for one exercise."""

    exercise_id: str
    passed: bool
    line: str


def check_ids(nb: nbformat.NotebookNode) -> dict[str, int]:
    """Return ``{exercise id: code-cell number (1-based)}`` for every check call in ``nb``."""
    found: dict[str, int] = {}
    number = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        number += 1
        for match in _CHECK_CALL.finditer(cell.source):
            found.setdefault(match.group("id"), number)
    return found


def _pristine_path(student: Path, nb: nbformat.NotebookNode, given: Path | None) -> Path | None:
    if given is not None:
        return given
    names = []
    origin = nb.metadata.get("peacekit", {}).get("generated_from")
    if isinstance(origin, str):
        names.append(Path(origin).name)
    names.append(student.name)
    from peacekit.data import original_exercise

    for name in names:
        candidate = original_exercise(name, start=student.parent)
        if candidate is not None:
            return candidate
    return None


def _cell_errors(junit: Path) -> dict[int, str]:
    """Return ``{code-cell number (1-based): last error line}`` from nbval's JUnit XML."""
    errors: dict[int, str] = {}
    if not junit.is_file():
        return errors
    try:
        tree = ET.parse(junit)
    except ET.ParseError:
        return errors
    for case in tree.iter("testcase"):
        match = re.search(r"Cell (\d+)", case.get("name", ""))
        if not match:
            continue
        for tag in ("failure", "error"):
            node = case.find(tag)
            if node is None:
                continue
            text = (node.text or "") + "\n" + (node.get("message") or "")
            text = re.sub(r"(\x1b|#x1B)\[[0-9;]*m", "", text)
            candidates = [
                ln.strip()
                for ln in text.splitlines()
                if re.match(r"^\s*[A-Za-z_][\w.]*(Error|Exception|Warning|NotPassed|Interrupt)(:|\s*$)", ln)
            ]
            errors[int(match.group(1)) + 1] = candidates[-1] if candidates else "the cell failed"
    return errors


def _read_report(path: Path) -> dict[str, dict[str, object]]:
    results: dict[str, dict[str, object]] = {}
    if not path.is_file():
        return results
    for raw in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(raw)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            results[record["id"]] = record  # the last run of a check counts
    return results


def run_check(
    notebook: str | Path,
    *,
    pristine: str | Path | None = None,
    timeout: int = 300,
    verbose: bool = False,
) -> tuple[int, list[str]]:
    """Run ``notebook`` strictly on a temporary copy and judge every exercise.

    Parameters
    ----------
    notebook : str or Path
        The student's notebook. It is read, never written.
    pristine : str or Path, optional
        The original exercise notebook whose check ids must all pass
        (default: the kit's ``exercises/`` notebook of the same name).
    timeout : int
        Seconds one cell may run.
    verbose : bool
        Also print nbval's own output.

    Returns
    -------
    (int, list of str)
        The exit status (0 all passed, 1 not yet, 2 could not run) and the
        lines of the report.
    """
    student = Path(notebook)
    lines: list[str] = []
    if not student.is_file():
        return 2, [f"There is no notebook at {student}. Give the path of your exercise notebook, "
                   "e.g. exercises/00-start-here.ipynb."]
    try:
        nb = nbformat.read(student, as_version=4)
    except Exception as exc:
        return 2, [f"{student} could not be read as a notebook ({type(exc).__name__}: {exc})."]

    origin = _pristine_path(student, nb, Path(pristine) if pristine else None)
    if origin is not None:
        try:
            expected = list(check_ids(nbformat.read(origin, as_version=4)))
        except Exception as exc:
            return 2, [f"The original exercise notebook {origin} could not be read ({exc})."]
    else:
        expected = list(check_ids(nb))
        lines.append(f"Note: no original exercise notebook named {student.name} was found in exercises/, "
                     "so only the check cells in your notebook are counted.")
    present = check_ids(nb)

    with tempfile.TemporaryDirectory(prefix="peacekit-check-") as tmp:
        tmpdir = Path(tmp)
        copy = tmpdir / student.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nbformat.write(nb, copy)
        (tmpdir / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        report = tmpdir / "report.jsonl"
        junit = tmpdir / "junit.xml"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        env.update({
            "PEACEKIT_STRICT": "1",
            "PEACEKIT_REPORT": str(report),
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        })
        # The copy runs in a temporary folder: give its kernel the data the
        # notebook would read where it is (a student's clone, not the package's).
        try:
            from peacekit.data import ENV_VAR, data_dir

            env[ENV_VAR] = str(data_dir(start=student.resolve().parent))
        except ValueError:
            pass
        cmd = [
            sys.executable, "-m", "pytest", str(copy),
            "--nbval-lax", "--nbval-current-env",
            f"--nbval-cell-timeout={timeout}",
            "-c", str(tmpdir / "pytest.ini"), "--rootdir", str(tmpdir),
            "-p", "no:cacheprovider", "-q", "--tb=short",
            f"--junitxml={junit}",
        ]
        try:
            proc = subprocess.run(
                cmd, cwd=tmpdir, env=env, stdin=subprocess.DEVNULL,
                capture_output=True, text=True, encoding="utf-8", errors="replace",
                timeout=timeout * max(len(nb.cells), 1) + 120,
            )
        except subprocess.TimeoutExpired:
            return 1, lines + ["❌ The notebook took too long to run; look for a cell that never ends."]
        if verbose:
            lines.append(proc.stdout + proc.stderr)
        results = _read_report(report)
        errors = _cell_errors(junit)
        if proc.returncode not in (0, 1):
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            return 2, lines + [f"The notebook could not be run (nbval exit {proc.returncode}):", tail]

    statuses: list[ExerciseStatus] = []
    check_cells = set()
    for ex_id in expected:
        cell = present.get(ex_id)
        if cell is not None:
            check_cells.add(cell)
        record = results.get(ex_id)
        if cell is None:
            statuses.append(ExerciseStatus(ex_id, False, (
                f"❌ Exercise {ex_id} not checked — its check cell, check(\"{ex_id}\", ...), is missing "
                f"from your notebook. Copy it back from the original exercise notebook."
            )))
        elif record is None:
            why = errors.get(cell)
            reason = f"it stopped with {why}" if why else "it was skipped"
            statuses.append(ExerciseStatus(ex_id, False, (
                f"❌ Exercise {ex_id} not checked — the check cell (code cell {cell}) did not run to "
                f"the check: {reason}."
            )))
        elif record.get("passed") is True:
            statuses.append(ExerciseStatus(ex_id, True, f"✅ Exercise {ex_id} passed — {record.get('message', '')}"))
        else:
            statuses.append(ExerciseStatus(ex_id, False, f"❌ Exercise {ex_id} not yet — {record.get('message', '')}"))
    other_errors = {cell: err for cell, err in errors.items()
                    if cell not in check_cells and "ExerciseNotPassed" not in err}
    lines += [s.line for s in statuses]
    first_lines = {}
    for cell_number, cell_node in enumerate((c for c in nb.cells if c.cell_type == "code"), start=1):
        text = next((ln.strip() for ln in cell_node.source.splitlines() if ln.strip()), "")
        first_lines[cell_number] = text if len(text) <= 50 else text[:47] + "..."
    # A student finds a cell by its exercise, not by its number.
    checks_in_order = sorted((c, ex) for ex, c in present.items() if c is not None)
    for cell, err in sorted(other_errors.items()):
        owner = next((ex for c, ex in checks_in_order if c >= cell), None)
        where = f"A cell of Exercise {owner}" if owner else "A cell after the last exercise"
        lines.append(
            f"⚠️  {where} (code cell {cell}, starting `{first_lines.get(cell, '')}`) "
            f"raised an error: {err}"
        )

    passed = sum(s.passed for s in statuses)
    total = len(statuses)
    summary = f"Summary: {passed} of {total} exercise(s) passed"
    if other_errors:
        summary += f"; {len(other_errors)} other cell(s) raised an error"
    ok = total > 0 and passed == total and not other_errors
    if total == 0:
        summary = "Summary: this notebook has no exercises to check"
    summary += ". All done." if ok else ". Not done yet."
    lines.append(summary)
    return (0 if ok else 1), lines


def main(argv: list[str] | None = None) -> int:
    """``python -m peacekit check NOTEBOOK``: print the report, return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m peacekit check",
        description="Run an exercise notebook from a fresh kernel and list which exercises pass.",
    )
    parser.add_argument("notebook", type=Path, help="your exercise notebook, e.g. exercises/00-start-here.ipynb")
    parser.add_argument("--pristine", type=Path, default=None,
                        help="the original exercise notebook (default: exercises/ of the kit, same name)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds one cell may run (default 300)")
    parser.add_argument("--verbose", action="store_true", help="also show nbval's output")
    args = parser.parse_args(argv)
    print(f"Checking {args.notebook} from a fresh kernel (this takes a few seconds)…", flush=True)
    status, lines = run_check(args.notebook, pristine=args.pristine, timeout=args.timeout, verbose=args.verbose)
    for line in lines:
        try:
            print(line)
        except UnicodeEncodeError:
            print(line.encode("ascii", "replace").decode("ascii"))
    return status
