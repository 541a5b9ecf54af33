"""Benchmark the lessons against an imports-only notebook: run time and kernel peak memory.

What is measured
----------------
Each lesson in ``lessons/``, a *floor* notebook that only imports pandas,
altair and ipywidgets, and a reference with the same imports through the kit
(below) are executed cell by cell with jupyter_client (as nbval does), each
in a fresh kernel, in the same run, in interleaved rounds (round 1: floor,
reference, 00, 01, …; round 2: reference, 00, 01, …, floor; each round
starts one place later, so no notebook always runs first), so a busy machine
slows the floor and the lessons alike.

* **time**: wall-clock seconds from starting the kernel to the last cell's
  result (what a student waits for with "Run all", plus the kernel start);
* **peak RSS**: the kernel process's high-water mark of resident memory
  (``VmHWM`` in ``/proc/self/status``), read by one cell appended after the
  notebook's own cells. Linux only.

Reported per lesson: the median over the rounds, the ratio to the floor's
median (the figure the targets are read on), and the lowest and highest ratio
to the floor of the same round (how much the machine's load moved them).
Targets (issue 12): every lesson's peak RSS ≤ 1.1 × the floor and its time
≤ 1.15 × the floor.

A second reference notebook imports the same libraries *through the kit*
(``pk.setup()`` first, so altair comes in through the kit's import hook,
which defers jsonschema's IRI parser; docs/charts.md). Its column, "× kit
imports", shows what a lesson costs beyond the kit's own way of importing
the libraries: how much of a lesson's margin under the floor comes from that
cheaper import, and how much its cells cost.

The kernels share a datasets cache of the run's own (``peacekit._store``):
``--cache warm`` (default) fills it once before the rounds, as a student's
earlier lesson would; ``--cache cold`` turns it off, so each kernel checks the
datasets itself (a student's very first lesson).

Usage::

    .venv/bin/python bench/bench_lessons.py               # 3 rounds, print the table
    .venv/bin/python bench/bench_lessons.py --rounds 2 --write   # ... and refresh docs/benchmarks.md
    .venv/bin/python bench/bench_lessons.py --rounds 1 --only 05 --cells   # ... and each cell's seconds

``--cells`` prints every cell's time (from sending it to the kernel being idle
again) after each run, with the first line of its code: where a lesson spends
its time, measured in the kernel itself.

Exit status 0 (a missed target is reported, not an error), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_lessons:start -->", "<!-- bench_lessons:end -->"
RSS_TARGET, TIME_TARGET = 1.10, 1.15
FLOOR_SOURCE = "import pandas as pd\nimport altair as alt\nimport ipywidgets as widgets"
FLOOR, KIT_IMPORTS = "floor (imports only)", "the same imports through the kit (reference)"
KIT_IMPORTS_SOURCE = "import peacekit as pk\npk.setup()\n" + FLOOR_SOURCE
PROBE = (
    "import re as _re, sys as _sys\n"
    "print('PEAK_KB', _re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
    "print('ALTAIR', int('altair' in _sys.modules))"
)


def _imports_notebook(source: str = FLOOR_SOURCE):
    from nbformat.v4 import new_code_cell, new_notebook

    return new_notebook(
        cells=[new_code_cell(source)],
        metadata={"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    )


def run_once(nb, cwd: Path, cells: list[tuple[float, str]] | None = None) -> tuple[float, float, bool]:
    """Run ``nb``'s code cells in a fresh kernel; return (seconds, peak RSS in MB, altair imported).

    When ``cells`` is a list, each cell's (seconds, first line of code) is appended to it.

    jupyter_client directly (what nbval does): start the kernel, send each code
    cell, wait until the kernel is idle again. A cell that raises is an error.
    """
    from jupyter_client.manager import start_new_kernel

    sources = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    probe_text: list[str] = []

    def hook(msg: dict) -> None:
        if msg["msg_type"] == "stream":
            probe_text.append(msg["content"].get("text", ""))

    start = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(cwd))
    try:
        for index, source in enumerate(sources, start=1):
            sent = time.perf_counter()
            reply = kc.execute_interactive(source, timeout=600, output_hook=lambda msg: None)
            if cells is not None:
                cells.append((time.perf_counter() - sent, (source.strip().splitlines() or [""])[0]))
            if reply["content"].get("status") != "ok":
                content = reply["content"]
                raise RuntimeError(f"cell {index} raised {content.get('ename')}: {content.get('evalue')}")
        seconds = time.perf_counter() - start
        kc.execute_interactive(PROBE, timeout=60, output_hook=hook)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    match = re.search(r"PEAK_KB (\d+)", "".join(probe_text))
    altair = re.search(r"ALTAIR ([01])", "".join(probe_text))
    if not match or not altair:
        raise RuntimeError(f"the memory probe printed nothing: {probe_text}")
    return seconds, int(match.group(1)) / 1024, altair.group(1) == "1"


def _use_cache(cache: str) -> None:
    """Give the kernels a datasets cache of this run's own (peacekit._store), warmed or turned off.

    ``warm``: an empty folder, filled once before the rounds by checking the
    shipped datasets in a separate process, as a student's earlier lesson
    would (what every lesson but a student's very first one meets).
    ``cold``: no cache, so each kernel checks the datasets itself.
    """
    if cache == "cold":
        os.environ["PEACEKIT_CACHE"] = "off"
        return
    import atexit
    import shutil
    import subprocess
    import tempfile

    folder = tempfile.mkdtemp(prefix="peacekit-bench-cache-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["PEACEKIT_CACHE"] = folder
    subprocess.run([sys.executable, "-c", "import peacekit as pk; pk.claims()"], cwd=ROOT / "lessons", check=True)


def measure(rounds: int, only: list[str] | None, cells: bool = False,
            cache: str = "warm") -> tuple[dict[str, list[tuple[float, float]]], dict[str, bool]]:
    """Each notebook's (seconds, peak MB) per round, and whether its kernel imported altair."""
    import nbformat

    lessons = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
    if only:
        lessons = [p for p in lessons if any(p.name.startswith(o) for o in only)]
    notebooks = {FLOOR: (_imports_notebook(), ROOT / "lessons"),
                 KIT_IMPORTS: (_imports_notebook(KIT_IMPORTS_SOURCE), ROOT / "lessons")}
    for path in lessons:
        notebooks[path.stem] = (nbformat.read(path, as_version=4), path.parent)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in notebooks}
    charts: dict[str, bool] = dict.fromkeys(notebooks, False)
    os.environ.pop("PEACEKIT_STATIC", None)
    _use_cache(cache)
    names = list(notebooks)
    for r in range(1, rounds + 1):
        shift = (r - 1) % len(names)  # each round starts one place later: no notebook is always first
        for name in names[shift:] + names[:shift]:
            nb, cwd = notebooks[name]
            timed: list[tuple[float, str]] | None = [] if cells else None
            seconds, peak, altair = run_once(nb, cwd, timed)
            results[name].append((seconds, peak))
            charts[name] |= altair
            print(f"round {r}: {name:40s} {seconds:6.2f} s {peak:7.1f} MB", flush=True)
            for cell_seconds, first_line in timed or []:
                print(f"    {cell_seconds:6.3f} s  {first_line[:70]}", flush=True)
    return results, charts


def _span(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else f"{values[0]:.2f}"


def summary(results: dict[str, list[tuple[float, float]]], charts: dict[str, bool]) -> str:
    """Sentences that sum the table up by group: lessons whose kernel imported altair, and the rest.

    Computed from the run, so the figures the docs discuss are never typed by hand.
    """
    median = {name: statistics.median(t for t, _ in runs) for name, runs in results.items()}
    peak = {name: statistics.median(m for _, m in runs) for name, runs in results.items()}
    floor, kit = median[FLOOR], median[KIT_IMPORTS]
    lines = [f"The floor took {floor - kit:.2f} s longer than the same imports through the kit "
             f"({floor:.2f} s against {kit:.2f} s, medians)."]
    for drew, label in ((True, "imported altair (they draw a chart)"), (False, "did not import altair")):
        names = [n for n in results if n not in (FLOOR, KIT_IMPORTS) and charts[n] == drew]
        if not names:
            continue
        rounds = [x / f for n in names for (x, _), (f, _) in zip(results[n], results[FLOOR])]
        lines.append(
            f"Lessons whose kernel {label}, {', '.join(n[:2] for n in names)}: "
            f"{_span([median[n] / floor for n in names])} × the floor's time by median "
            f"(single rounds {_span(rounds)} ×), {_span([median[n] / kit for n in names])} × the "
            f"same imports through the kit; peak RSS {_span([peak[n] / peak[FLOOR] for n in names])} × the floor's."
        )
        if drew:  # what the import through the kit is worth to them
            lines.append(
                "With the libraries imported as in a plain notebook (that difference added), these lessons "
                f"would take {_span([(median[n] + floor - kit) / floor for n in names])} × the floor's time."
            )
    return "\n".join(f"- {line}" for line in lines)


def table(results: dict[str, list[tuple[float, float]]]) -> tuple[str, bool]:
    """The Markdown table, and whether every lesson meets both targets.

    ``results`` holds both references (:data:`FLOOR`, :data:`KIT_IMPORTS`) and the
    lessons; the references get no verdict.
    """
    f_time = statistics.median(t for t, _ in results[FLOOR])
    f_rss = statistics.median(m for _, m in results[FLOOR])
    k_time = statistics.median(t for t, _ in results[KIT_IMPORTS])
    lines = [
        "| notebook | time (s, median) | × floor | × floor, each round | × kit imports "
        "| peak RSS (MB, median) | × floor | targets met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    all_ok = True
    for name, runs in results.items():
        t = statistics.median(x for x, _ in runs)
        m = statistics.median(y for _, y in runs)
        rt, rm = t / f_time, m / f_rss
        reference = name in (FLOOR, KIT_IMPORTS)
        ok = reference or (rt <= TIME_TARGET and rm <= RSS_TARGET)
        all_ok &= ok
        verdict = "—" if reference else ("yes" if ok else
                  "no: " + ", ".join(w for w, bad in (("time", rt > TIME_TARGET), ("memory", rm > RSS_TARGET)) if bad))
        rounds = [x / f for (x, _), (f, _) in zip(runs, results[FLOOR])]  # paired by round
        lines.append(f"| {name} | {t:.2f} | {rt:.2f} | {_span(rounds)} | {t / k_time:.2f} | {m:.0f} | {rm:.2f} | {verdict} |")
    return "\n".join(lines), all_ok


def write_doc(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    block = f"{START}\n{text}\n{END}"
    if START in doc and END in doc:
        doc = doc[: doc.index(START)] + block + doc[doc.index(END) + len(END):]
    else:
        doc = doc.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(doc, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lessons vs an imports-only notebook: time and kernel peak RSS.")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--only", nargs="*", help="lesson number prefixes, e.g. 01 05")
    parser.add_argument("--write", action="store_true", help="refresh the figures in docs/benchmarks.md")
    parser.add_argument("--cells", action="store_true", help="also print each cell's time (seconds) after each run")
    parser.add_argument("--cache", choices=("warm", "cold"), default="warm",
                        help="the datasets check kept from an earlier kernel (warm, default) or done in each (cold)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        print("--rounds must be at least 1")
        return 2
    if not Path("/proc/self/status").exists():
        print("peak RSS is read from /proc/self/status: run this on Linux.")
        return 2
    results, charts = measure(args.rounds, args.only, cells=args.cells, cache=args.cache)
    text, ok = table(results)
    text += "\n\n" + summary(results, charts)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    stamp = (
        f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {args.rounds} interleaved rounds, "
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {load:.1f} at the end; datasets check "
        f"{'kept from an earlier kernel (warm cache)' if args.cache == 'warm' else 'done in each kernel (cold cache)'}; "
        f"targets: time ≤ {TIME_TARGET} × and peak RSS ≤ {RSS_TARGET} × the floor."
    )
    report = f"{stamp}\n\n{text}\n\n{'Every lesson meets both targets.' if ok else 'Some lessons miss a target (see the last column).'}"
    print("\n" + report)
    if args.write:
        write_doc(report)
        print(f"\nwrote the figures into {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
