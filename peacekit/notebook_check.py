"""The check command: run exercise notebooks and list which exercises pass.

``python -m peacekit check exercises/00-start-here.ipynb`` (or
``make check NB=exercises/00-start-here.ipynb``) prints one line per exercise,
then a summary, and exits 0 only when every exercise passed and no cell raised
an error (1: not yet; 2: the notebook could not be checked).

Given several notebooks or a folder, it checks a whole class in parallel
(``--jobs``), shows a progress bar, writes ``--csv FILE`` (one row per notebook
and exercise) and prints how many passed each exercise. ``--grade`` re-inserts
the check cells of the original exercise notebook, so a student's edited or
redefined check does not count.

Why not trust saved outputs (or plain ``pytest --nbval``): a student who runs
an unsolved notebook and saves it would make the "not yet" line the reference;
one who clears the outputs leaves nothing to compare. So this command

1. runs a COPY of the notebook held in memory (outputs cleared) from a fresh
   kernel, with the notebook's own folder as working directory, so a cell that
   reads a file beside the notebook works as in JupyterLab. The student's file
   is read, never written;
2. sets ``PEACEKIT_STRICT=1`` for the kernel: a failing check raises, and every
   check sends its verdict as a display message of its own type
   (:data:`peacekit.checks.core.RESULT_MIME`) that this command reads from the
   kernel's messages, not from a file the notebook's code could append to;
3. takes the list of exercises from the pristine exercise notebook (the kit's
   ``exercises/`` notebook of the same name), so a deleted, skipped or
   never-run check cell is reported as a failure in a plain sentence;
4. gives every cell a time limit (60 s by default, ``--timeout``) and names
   the cell that ran out of time, or the cell during which the kernel died.

What it cannot prevent: the notebook's code runs in the same kernel as the
checks, so code written on purpose to patch the kit (replace
``peacekit.checks.core.check``, register IPython hooks, print fake messages of
the result type from a check cell) can fool it. See docs/checking-your-work.md.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import logging
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CheckOutcome",
    "ExerciseStatus",
    "check_ids",
    "check_notebook",
    "graded_notebook",
    "main",
    "run_check",
]

_CHECK_CALL = re.compile(r"""\bcheck\(\s*(?P<q>["'])(?P<id>\d{1,2}\.\d{1,2})(?P=q)""")
_SKIP = re.compile(r"^\s*#\s*NBVAL_SKIP\b", re.M)
REPO_ROOT = Path(__file__).resolve().parent.parent
RESULT_MIME = "application/vnd.peacekit.check+json"  # same as peacekit.checks.core.RESULT_MIME
DEFAULT_TIMEOUT = 60
GRADE_PREFIX = "from peacekit.checks.core import check, hint  # the kit's own check (--grade)\n"
NEEDED = ("nbformat", "nbclient", "jupyter_client", "ipykernel")


@dataclass
class ExerciseStatus:
    """The verdict for one exercise."""

    exercise_id: str
    passed: bool
    line: str
    message: str = ""


@dataclass
class CheckOutcome:
    """Everything the check found about one notebook."""

    notebook: str
    status: int  # 0 all passed, 1 not yet, 2 could not be checked
    lines: list[str]
    exercises: list[ExerciseStatus] = field(default_factory=list)


# ------------------------------------------------------------------ reading


def check_ids(nb: Any) -> dict[str, int]:
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


def _ids_in(source: str) -> list[str]:
    return list(dict.fromkeys(m.group("id") for m in _CHECK_CALL.finditer(source)))


def _pristine_path(student: Path, nb: Any, given: Path | None) -> Path | None:
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


def _nearest_names(missing: Path) -> list[str]:
    """Return existing notebook paths whose name is close to ``missing`` (for "did you mean")."""
    folders = [missing.parent] if missing.parent.is_dir() else []
    folders += [Path("exercises"), REPO_ROOT / "exercises"]
    candidates: dict[str, str] = {}
    for folder in folders:
        try:
            for path in sorted(folder.glob("*.ipynb")):
                shown = str(path)
                try:
                    shown = str(path.resolve().relative_to(Path.cwd().resolve()))
                except ValueError:
                    pass
                candidates.setdefault(path.name.lower(), shown)
        except OSError:
            continue
    stem = missing.name.lower().removesuffix(".ipynb")
    stems = {c.removesuffix(".ipynb"): c for c in candidates}
    if re.fullmatch(r"\d{1,2}", stem):  # "make check NB=3": the lesson number
        close = [k for k in stems if k.startswith(f"{int(stem):02d}-")]
    else:
        close = difflib.get_close_matches(stem, list(stems), n=1, cutoff=0.6)
        if not close and len(stem) >= 4:  # "claims" or "start-here" alone
            close = [k for k in stems if stem in k]
    return [candidates[stems[c]] for c in close[:1]]


def _missing_notebook_sentence(student: Path) -> str:
    near = _nearest_names(student)
    tail = f" Did you mean {near[0]}?" if near else " Give the path of your exercise notebook, e.g. exercises/00-start-here.ipynb."
    return f"There is no notebook at {student}.{tail}"


def _is_lesson(student: Path, nb: Any) -> bool:
    """True for a lesson notebook (it may demonstrate a check, but has no exercises to check)."""
    meta = nb.metadata.get("peacekit")
    meta = meta if isinstance(meta, dict) else {}
    if meta.get("generated_from") or meta.get("kind") == "exercises":
        return False
    return student.resolve().parent.name == "lessons" or ("lesson" in meta and "kind" not in meta)


# ---------------------------------------------------------------- preparing


def graded_notebook(student_nb: Any, pristine_nb: Any) -> tuple[Any, dict[int, list[str]]]:
    """Return the notebook to grade and ``{cell index: exercise ids}`` of its trusted check cells.

    Every check cell of the pristine notebook replaces the student's cell that
    checks the same exercise (the student's version, edited or not, is
    ignored); one the student deleted is inserted where it stood relative to
    the check cells before and after it. Each trusted cell first imports the
    kit's own ``check``, so a ``check`` the student redefined is not used.
    """
    import copy

    nb = copy.deepcopy(student_nb)
    pristine = [(i, c) for i, c in enumerate(pristine_nb.cells) if c.cell_type == "code" and _ids_in(c.source)]
    student_ids = {i: _ids_in(c.source) for i, c in enumerate(nb.cells) if c.cell_type == "code"}
    # (sort key, cell): student cells keep their order; inserted cells slot in between.
    placed: list[tuple[float, int, Any, list[str] | None]] = [(float(i), 0, c, None) for i, c in enumerate(nb.cells)]
    used: set[int] = set()
    matches: list[int | None] = []
    for _, cell in pristine:
        wanted = set(_ids_in(cell.source))
        hit = next((i for i, ids in student_ids.items() if i not in used and wanted & set(ids)), None)
        if hit is not None:
            used.add(hit)
        matches.append(hit)
    last_student, last_pristine = -1, -1
    for k, ((p_index, p_cell), hit) in enumerate(zip(pristine, matches)):
        ids = _ids_in(p_cell.source)
        source = GRADE_PREFIX + p_cell.source
        if hit is not None:
            key = placed[hit][0]
            new = copy.deepcopy(p_cell)
            new.source = source
            placed[hit] = (key, 0, new, ids)
            last_student, last_pristine = hit, p_index
            continue
        later = [m for m in matches[k + 1:] if m is not None]
        position = last_student + (p_index - last_pristine)
        if later:
            position = min(position, later[0])
        position = min(position, len(nb.cells))
        new = copy.deepcopy(p_cell)
        new.source = source
        placed.append((position - 0.5, k + 1, new, ids))
        last_pristine = p_index
        last_student = position - 1 if position - 1 > last_student else last_student
    placed.sort(key=lambda item: (item[0], item[1]))
    nb.cells = [cell for _, _, cell, _ in placed]
    trusted = {index: ids for index, (_, _, _, ids) in enumerate(placed) if ids is not None}
    return nb, trusted


# ---------------------------------------------------------------- running


@dataclass
class _Run:
    """What happened to each code cell (keyed by 1-based code-cell number)."""

    errors: dict[int, str] = field(default_factory=dict)
    timed_out: dict[int, int] = field(default_factory=dict)
    skipped: set[int] = field(default_factory=set)
    died_at: int | None = None
    stuck_at: int | None = None
    tracebacks: list[str] = field(default_factory=list)


def _kernel_manager() -> Any:
    """A kernel manager whose python3 kernel is this Python (the kit's environment)."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    class _ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str, *args: Any, **kwargs: Any) -> KernelSpec:
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name="Python 3 (peacekit check)", language="python",
                resource_dir=str(REPO_ROOT),
            )

    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=_ThisPython())


def _error_line(output: Any) -> str:
    name = str(output.get("ename", "Error"))
    value = " ".join(str(output.get("evalue", "")).split())
    if len(value) > 160:
        value = value[:157] + "..."
    return f"{name}: {value}" if value else name


def _execute(
    nb: Any,
    folder: Path,
    *,
    timeout: int,
    progress: Callable[[int, int, str], None] | None,
) -> _Run:
    """Run every code cell of ``nb`` in a fresh kernel started in ``folder``."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    # After a cell runs out of time, nbclient leaves a task waiting for that cell's
    # output; asyncio would print its traceback when it is collected.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    run = _Run()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("PEACEKIT_REPORT", None)
    env.update({"PEACEKIT_STRICT": "1", "JUPYTER_PLATFORM_DIRS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    client = NotebookClient(
        nb, km=_kernel_manager(), timeout=timeout, allow_errors=True, interrupt_on_timeout=False,
        record_timing=False, startup_timeout=120, resources={"metadata": {"path": str(folder)}},
    )
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    with client.setup_kernel(env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        for number, (index, cell) in enumerate(code, start=1):
            if progress is not None:
                progress(number, len(code), _first_line(cell.source))
            skip_tags = {"nbval-skip", "skip-execution"} & set(cell.metadata.get("tags", []) or [])
            if _SKIP.search(cell.source) or skip_tags:
                run.skipped.add(number)
                continue
            try:
                client.execute_cell(cell, index)
            except CellTimeoutError:
                run.timed_out[number] = timeout
                if not _recover(client):
                    run.stuck_at = number
                    break
                continue
            except DeadKernelError:
                run.died_at = number
                break
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    run.errors[number] = _error_line(output)
                    run.tracebacks.append(
                        f"code cell {number}:\n" + re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(output.get("traceback", [])))
                    )
    return run


def _recover(client: Any) -> bool:
    """Interrupt a cell that ran out of time; True when the kernel answers again within 15 s."""
    from jupyter_core.utils import run_sync

    try:
        run_sync(client.km.interrupt_kernel)()
        msg_id = client.kc.execute("pass", silent=True, store_history=False)
        deadline = time.monotonic() + 15
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            reply = run_sync(client.kc.get_shell_msg)(timeout=remaining)
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return True
    except Exception:
        return False


def _first_line(source: str) -> str:
    text = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    return text if len(text) <= 50 else text[:47] + "..."


def _records(nb: Any, trusted: dict[int, list[str]] | None) -> dict[str, dict[str, Any]]:
    """Return ``{exercise id: record}`` from the check messages of the cells allowed to report them."""
    results: dict[str, dict[str, Any]] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        allowed = trusted.get(index) if trusted is not None else _ids_in(cell.source)
        if not allowed:
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {}) if output.get("output_type") in ("display_data", "execute_result") else {}
            record = data.get(RESULT_MIME)
            if isinstance(record, str):
                try:
                    record = json.loads(record)
                except ValueError:
                    continue
            if isinstance(record, dict) and record.get("id") in allowed:
                results[record["id"]] = record  # the last run of a check counts
    return results


# ---------------------------------------------------------------- judging


class _Unchecked(Exception):
    """The notebook cannot be checked; the message is the one line to show."""


def _read_notebooks(
    student: Path, pristine: str | Path | None, grade: bool
) -> tuple[Any, Any, list[str], list[str]]:
    """Read the student's notebook and its original.

    Returns ``(notebook, original or None, expected exercise ids, note lines)``;
    raises :class:`_Unchecked` with the sentence to show when it cannot be checked.
    """
    import nbformat

    if not student.is_file():
        raise _Unchecked(_missing_notebook_sentence(student))
    try:
        nb = nbformat.read(student, as_version=4)
    except Exception as exc:
        raise _Unchecked(
            f"{student} could not be read as a notebook ({type(exc).__name__}: {exc})."
        ) from None
    origin = _pristine_path(student, nb, Path(pristine) if pristine else None)
    if _is_lesson(student, nb):
        hint = f" Check exercises/{student.name} instead." if (REPO_ROOT / "exercises" / student.name).is_file() else ""
        raise _Unchecked(f"{student} is a lesson notebook, not an exercise notebook: it has no exercises to check.{hint}")
    if origin is not None:
        try:
            pristine_nb = nbformat.read(origin, as_version=4)
        except Exception as exc:
            raise _Unchecked(f"The original exercise notebook {origin} could not be read ({exc}).") from None
        return nb, pristine_nb, list(check_ids(pristine_nb)), []
    if grade:
        raise _Unchecked(f"No original exercise notebook was found for {student}; give it with --pristine.")
    note = (f"Note: no original exercise notebook named {student.name} was found in exercises/, "
            "so only the check cells in your notebook are counted.")
    return nb, None, list(check_ids(nb)), [note]


def _prepare(nb: Any, pristine_nb: Any, grade: bool) -> tuple[Any, dict[int, list[str]] | None, dict[str, int]]:
    """Clear the outputs (and, with ``grade``, put back the original check cells).

    Returns ``(notebook to run, trusted check cells or None, {exercise id: code cell})``.
    """
    present = check_ids(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    if not (grade and pristine_nb is not None):
        return nb, None, present
    nb, trusted = graded_notebook(nb, pristine_nb)
    code_index = {i: n for n, i in enumerate((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), 1)}
    present = {}
    for i, ids in trusted.items():
        for ex_id in ids:
            present.setdefault(ex_id, code_index[i])
    return nb, trusted, present


@dataclass
class _Verdicts:
    """Turn what happened in the kernel into sentences about exercises and cells."""

    nb: Any
    run: _Run
    present: dict[str, int]

    def __post_init__(self) -> None:
        self.first_lines = {n: _first_line(c.source) for n, c in
                            enumerate((c for c in self.nb.cells if c.cell_type == "code"), start=1)}
        self.checks_in_order = sorted((c, ex) for ex, c in self.present.items())
        self.stop = self.run.died_at or self.run.stuck_at

    def owner_of(self, cell: int) -> str:
        owner = next((ex for c, ex in self.checks_in_order if c >= cell), None)
        where = f"a cell of Exercise {owner}" if owner else "a cell after the last exercise"
        return f"{where} (code cell {cell}, starting `{self.first_lines.get(cell, '')}`)"

    def late_cells(self, cell: int) -> list[int]:
        """Cells between the previous check cell and ``cell`` that ran out of time."""
        previous = max((k for k in self.present.values() if k < cell), default=0)
        return sorted(c for c in self.run.timed_out if previous < c < cell)

    def status(self, ex_id: str, record: dict[str, Any] | None) -> ExerciseStatus:
        """The verdict for one expected exercise."""
        if record is not None:
            message = str(record.get("message", ""))
            if record.get("passed") is True:
                return ExerciseStatus(ex_id, True, f"✅ Exercise {ex_id} passed — {message}", message)
            return ExerciseStatus(ex_id, False, f"❌ Exercise {ex_id} not yet — {message}", message)
        message = self.why_not_checked(ex_id)
        return ExerciseStatus(ex_id, False, f"❌ Exercise {ex_id} not checked — {message}", message)

    def why_not_checked(self, ex_id: str) -> str:
        """Why the check of ``ex_id`` sent no verdict."""
        run, cell = self.run, self.present.get(ex_id)
        if cell is None:
            return (f"its check cell, check(\"{ex_id}\", ...), is missing from your notebook. "
                    "Copy it back from the original exercise notebook.")
        if cell in run.timed_out:
            return f"the check cell (code cell {cell}) ran out of time ({run.timed_out[cell]} s)."
        if self.late_cells(cell):
            late = self.late_cells(cell)[0]
            return (f"the check cell (code cell {cell}) could not check your answer: code cell {late} "
                    f"before it ran out of time ({run.timed_out[late]} s).")
        if self.stop is not None and cell >= self.stop:
            why = "the kernel died" if run.died_at else "a cell before it never stopped"
            return f"the check cell (code cell {cell}) did not run: {why} (code cell {self.stop})."
        if cell in run.skipped:
            return f"the check cell (code cell {cell}) did not run to the check: it was skipped."
        if cell in run.errors:
            return f"the check cell (code cell {cell}) did not run to the check: it stopped with {run.errors[cell]}."
        return f"the check cell (code cell {cell}) did not run to the check."

    def kernel_problems(self) -> list[str]:
        """One line per cell that ran out of time, and for a kernel that died or hung."""
        run, lines = self.run, []
        for cell, seconds in sorted(run.timed_out.items()):
            lines.append(f"⏱️  The cell ran out of time: {self.owner_of(cell)} was stopped after {seconds} s. "
                         "Look for a loop that never ends (or give more time with --timeout).")
        if run.died_at is not None:
            lines.append(f"💥 The kernel died while running {self.owner_of(run.died_at)} (maybe out of memory); "
                         "the cells after it did not run.")
        if run.stuck_at is not None:
            lines.append(f"⏱️  After {self.owner_of(run.stuck_at)} ran out of time, the kernel did not answer again; "
                         "the cells after it did not run.")
        return lines

    def error_lines(self, other_errors: dict[int, str]) -> list[str]:
        """One line per cell outside the checks that raised an error."""
        lines = []
        for cell, err in sorted(other_errors.items()):
            where = self.owner_of(cell)
            lines.append(f"⚠️  {where[0].upper()}{where[1:]} raised an error: {err}")
            if err.startswith("SystemExit"):
                lines.append("    (SystemExit comes from exit(), quit() or sys.exit(): remove that call from the notebook.)")
        return lines


def _summary(statuses: list[ExerciseStatus], other_errors: int, problems: int) -> tuple[str, bool]:
    """The summary line and whether the notebook is done."""
    passed = sum(s.passed for s in statuses)
    total = len(statuses)
    summary = f"Summary: {passed} of {total} exercise(s) passed"
    if other_errors:
        summary += f"; {other_errors} other cell(s) raised an error"
    ok = total > 0 and passed == total and not other_errors and not problems
    if total == 0:
        summary = "Summary: this notebook has no exercises to check"
    summary += ". All done." if ok else ". Not done yet."
    return summary, ok


def check_notebook(
    notebook: str | Path,
    *,
    pristine: str | Path | None = None,
    timeout: int = DEFAULT_TIMEOUT,
    verbose: bool = False,
    grade: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    on_start: Callable[[], None] | None = None,
) -> CheckOutcome:
    """Run ``notebook`` strictly on a copy in memory and judge every exercise.

    Parameters
    ----------
    notebook : str or Path
        The student's notebook. It is read, never written.
    pristine : str or Path, optional
        The original exercise notebook whose check ids must all pass
        (default: the kit's ``exercises/`` notebook of the same name, or the
        one named in the notebook's ``generated_from`` metadata).
    timeout : int
        Seconds one cell may run.
    verbose : bool
        Also list the tracebacks of the cells that raised.
    grade : bool
        Replace the check cells by the pristine notebook's (see :func:`graded_notebook`).
    progress : callable, optional
        ``progress(cell number, number of code cells, first line)`` before each cell.
    on_start : callable, optional
        Called once the notebook is found and readable, just before it runs.
    """
    student = Path(notebook)
    name = str(notebook)
    try:
        nb, pristine_nb, expected, lines = _read_notebooks(student, pristine, grade)
    except _Unchecked as exc:
        return CheckOutcome(name, 2, [str(exc)])
    nb, trusted, present = _prepare(nb, pristine_nb, grade)
    if on_start is not None:
        on_start()
    try:
        run = _execute(nb, student.resolve().parent, timeout=timeout, progress=progress)
    except Exception as exc:  # the kernel could not start
        return CheckOutcome(name, 2, lines + [f"The notebook could not be run: the kernel did not start "
                                              f"({type(exc).__name__}: {' '.join(str(exc).split())[:200]})."])
    results = _records(nb, trusted)
    if verbose:
        lines += run.tracebacks
    verdicts = _Verdicts(nb, run, present)
    statuses = [verdicts.status(ex_id, results.get(ex_id)) for ex_id in expected]
    check_cells = {present[ex_id] for ex_id in expected if ex_id in present}
    lines += [s.line for s in statuses]
    problems = verdicts.kernel_problems()
    lines += problems
    other_errors = {c: e for c, e in run.errors.items() if c not in check_cells and "ExerciseNotPassed" not in e}
    lines += verdicts.error_lines(other_errors)
    summary, ok = _summary(statuses, len(other_errors), len(problems))
    lines.append(summary)
    return CheckOutcome(name, 0 if ok else 1, lines, statuses)


def run_check(
    notebook: str | Path,
    *,
    pristine: str | Path | None = None,
    timeout: int = DEFAULT_TIMEOUT,
    verbose: bool = False,
    grade: bool = False,
) -> tuple[int, list[str]]:
    """Check one notebook; return ``(exit status, report lines)`` (see :func:`check_notebook`)."""
    outcome = check_notebook(notebook, pristine=pristine, timeout=timeout, verbose=verbose, grade=grade)
    return outcome.status, outcome.lines


# ---------------------------------------------------------------- class mode


def _expand(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _worker(path: Path, args: argparse.Namespace) -> CheckOutcome:
    """Check one notebook in its own process (a crash or hang stays there)."""
    cmd = [sys.executable, "-m", "peacekit", "check", "--worker-json", str(path), "--timeout", str(args.timeout)]
    if args.pristine:
        cmd += ["--pristine", str(args.pristine)]
    if args.grade:
        cmd.append("--grade")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PYTHONIOENCODING"] = "utf-8"
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", env=env,
                              timeout=args.timeout * 400 + 300)
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        return CheckOutcome(data["notebook"], data["status"], data["lines"],
                            [ExerciseStatus(**s) for s in data["exercises"]])
    except Exception as exc:
        return CheckOutcome(str(path), 2, [f"{path} could not be checked ({type(exc).__name__})."])


def _bar(done: int, total: int, width: int = 30) -> str:
    filled = int(width * done / total) if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} notebooks"


def check_class(
    paths: Sequence[Path], args: argparse.Namespace, *, out: Any = None
) -> tuple[int, list[CheckOutcome]]:
    """Check many notebooks in parallel; print a progress bar, the summary, and write the CSV."""
    out = out or sys.stdout
    notebooks = _expand(paths)
    if not notebooks:
        print("No notebooks found in " + ", ".join(str(p) for p in paths) + ".", file=out)
        return 2, []
    jobs = max(1, args.jobs or (os.cpu_count() or 1))
    outcomes: list[CheckOutcome | None] = [None] * len(notebooks)
    lock = threading.Lock()
    done = 0
    tty = hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
    print(f"Checking {len(notebooks)} notebooks, {jobs} at a time (at most {args.timeout} s per cell)…", file=out, flush=True)

    def one(index: int) -> None:
        nonlocal done
        outcome = _worker(notebooks[index], args)
        with lock:
            outcomes[index] = outcome
            done += 1
            end = "" if tty and done < len(notebooks) else "\n"
            print(("\r" if tty else "") + _bar(done, len(notebooks)), end=end, file=sys.stderr, flush=True)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, range(len(notebooks))))
    results = [o for o in outcomes if o is not None]

    per_exercise: dict[str, list[int]] = {}
    for outcome in results:
        for status in outcome.exercises:
            counts = per_exercise.setdefault(status.exercise_id, [0, 0])
            counts[0] += status.passed
            counts[1] += 1
    for outcome in results:
        verdict = {0: "all done", 1: "not done yet"}.get(outcome.status, "could not be checked")
        passed = sum(s.passed for s in outcome.exercises)
        detail = f"{passed} of {len(outcome.exercises)} passed, {verdict}" if outcome.exercises else verdict
        print(f"{outcome.notebook}: {detail}", file=out)
        if outcome.status == 2:
            print(f"    {outcome.lines[-1]}", file=out)
    print("Per exercise:", file=out)
    for ex_id in sorted(per_exercise, key=lambda e: tuple(int(p) for p in e.split("."))):
        ok, seen = per_exercise[ex_id]
        print(f"  Exercise {ex_id}: {ok} of {seen} notebook(s) passed", file=out)
    if args.csv:
        write_csv(Path(args.csv), results)
        print(f"Wrote {args.csv} ({sum(max(len(o.exercises), 1) for o in results)} rows).", file=out)
    worst = max((o.status for o in results), default=2)
    return worst, results


def write_csv(path: Path, outcomes: Sequence[CheckOutcome]) -> None:
    """One row per notebook and exercise: file, exercise, passed, message."""
    with open(path, "w", encoding="utf-8", newline="", errors="replace") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "exercise", "passed", "message"])
        for outcome in outcomes:
            if not outcome.exercises:
                writer.writerow([outcome.notebook, "", False, outcome.lines[-1] if outcome.lines else ""])
            for status in outcome.exercises:
                writer.writerow([outcome.notebook, status.exercise_id, status.passed, status.message])


# ---------------------------------------------------------------- command line


def missing_modules_sentence() -> str | None:
    """One sentence when this Python lacks what the check needs (e.g. run outside .venv), else None."""
    import importlib

    missing = []
    for name in NEEDED:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if not missing:
        return None
    windows = os.name == "nt"
    venv_python = REPO_ROOT / ".venv" / ("Scripts/python.exe" if windows else "bin/python")
    shown = ".venv\\Scripts\\python" if windows else ".venv/bin/python"
    if venv_python.is_file() and Path(sys.prefix).resolve() != (REPO_ROOT / ".venv").resolve():
        fix = (f"run it with the kit's Python instead: {shown} -m peacekit check ... "
               "(or make check NB=...), from the kit's folder")
    else:
        fix = "install the kit into it first: make install (or: python -m pip install -e . in the kit's folder)"
    return (f"The check needs {', '.join(missing)}, which this Python ({sys.executable}) does not have; "
            f"{fix}.")


def _print(line: str, *, file: Any = None) -> None:
    file = file or sys.stdout
    try:
        print(line, file=file, flush=True)
    except UnicodeEncodeError:
        print(line.encode("ascii", "replace").decode("ascii"), file=file, flush=True)


def _progress_printer() -> Callable[[int, int, str], None]:
    """Show "cell N of M" before each cell: on one rewritten line on a terminal, else one line each."""
    tty = hasattr(sys.stdout, "isatty") and sys.stdout.isatty()

    def show(number: int, total: int, first: str) -> None:
        text = f"  cell {number} of {total}"
        try:
            if tty:  # the line is overwritten by the next one, and cleared after the last
                sys.stdout.write(f"\r{text}: {first[:40]}\x1b[K")
            else:
                sys.stdout.write(text + "\n")
            sys.stdout.flush()
        except (UnicodeEncodeError, OSError):
            pass

    return show


def main(argv: list[str] | None = None) -> int:
    """``python -m peacekit check NOTEBOOK [NOTEBOOK | FOLDER ...]``: print the report, return the status."""
    parser = argparse.ArgumentParser(
        prog="python -m peacekit check",
        description="Run exercise notebooks from a fresh kernel and list which exercises pass.",
    )
    parser.add_argument("notebooks", type=Path, nargs="+",
                        help="your exercise notebook, e.g. exercises/00-start-here.ipynb; "
                             "several notebooks or a folder check a class")
    parser.add_argument("--pristine", type=Path, default=None,
                        help="the original exercise notebook (default: exercises/ of the kit, same name)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT,
                        help=f"seconds one cell may run (default {DEFAULT_TIMEOUT})")
    parser.add_argument("--verbose", action="store_true", help="also show the errors' tracebacks")
    parser.add_argument("--grade", action="store_true",
                        help="use the original notebook's check cells, not the student's copies")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks checked at once (default: CPU cores)")
    parser.add_argument("--csv", type=Path, default=None, help="write one row per notebook and exercise to this file")
    parser.add_argument("--worker-json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.timeout < 1:
        parser.error("--timeout must be at least 1 second")
    problem = missing_modules_sentence()
    if problem is not None:
        _print(problem)
        return 2

    if args.worker_json:
        outcome = check_notebook(args.notebooks[0], pristine=args.pristine, timeout=args.timeout, grade=args.grade)
        sys.stdout.write(json.dumps(asdict(outcome), ensure_ascii=True) + "\n")
        return outcome.status

    if len(args.notebooks) > 1 or args.notebooks[0].is_dir() or args.csv:
        missing = [p for p in args.notebooks if not p.exists()]
        for path in missing:
            _print(_missing_notebook_sentence(path))
        if missing:
            return 2
        status, _ = check_class(args.notebooks, args)
        return status

    notebook = args.notebooks[0]
    if not notebook.is_file():
        _print(_missing_notebook_sentence(notebook))
        return 2
    outcome = check_notebook(
        notebook, pristine=args.pristine, timeout=args.timeout, verbose=args.verbose, grade=args.grade,
        progress=_progress_printer(),
        on_start=lambda: _print(f"Checking {notebook} from a fresh kernel (at most {args.timeout} s per cell)…"),
    )
    if hasattr(sys.stdout, "isatty") and sys.stdout.isatty():
        sys.stdout.write("\r\x1b[K")  # clear the progress line
    for line in outcome.lines:
        _print(line)
    return outcome.status
