"""Benchmark the widgets: how long until a widget shows its new content.

What is measured
----------------
For every control of the seven widgets of the design's list (claims side by
side :func:`peacekit.compare_widget`, stance matrix
:func:`peacekit.stance_matrix_widget`, article reader
:func:`peacekit.reader_widget`, term explorer
:func:`peacekit.term_explorer_widget`, timeline
:func:`peacekit.timeline_widget`, negotiation table
:func:`peacekit.negotiation_widget`, argument builder
:func:`peacekit.argument_builder_widget`), and of the corroboration view
:func:`peacekit.corroborate_widget`, the script sets the control's value in
Python (``control.value = v``; ``button.click()`` for buttons) and times the
assignment. ipywidgets runs the widget's observers synchronously, so when the
assignment returns the HTML views and chart specs are up to date; that is
"the new content ready" on the kernel side. Every widget is built with a
comm that serialises each state message to JSON the way the kernel does
(``jupyter_client.session.json_packer``), so the timing includes preparing
the messages for the browser but not the network hop or the browser's own
drawing.

Each control is cycled through several valid values (taken from the
control's own options, so the script works on any dataset) until it has at
least ``--samples`` timings (default 60); p50 and p95 are reported per
control and per widget (all controls pooled). The control is put back to its
first value before the next control is timed.

Two corpora: the shipped ``datasets/`` and a synthetic one about 100× larger
(written to a temporary folder): the shipped themes, terms, parties,
positions, timeline and facts are copied; the shipped sources, articles and
claims are kept and about 500 synthetic sources are added, each an article
made of shipped paragraphs in random order, with claims whose quotes are cut
from their own article's paragraphs (so every quote is in its text).

Also measured: the time ``import peacekit`` adds after pandas, altair and
ipywidgets are imported (median of fresh subprocesses), the time to import
each widget module on first use, and the build time and peak memory of each
widget on the 100× corpus (one fresh subprocess per widget and measurement).

Usage::

    .venv/bin/python bench/bench_widgets.py            # print the tables
    .venv/bin/python bench/bench_widgets.py --write    # ... and refresh docs/benchmarks.md
    .venv/bin/python bench/bench_widgets.py --quick    # fewer samples (a smoke run)
    .venv/bin/python bench/bench_widgets.py --quick --only timeline   # one widget

Exit status 0 (a missed target is reported, not an error), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import importlib.metadata as metadata
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
DOC = ROOT / "docs" / "benchmarks.md"

#: p95 targets in milliseconds, per corpus.
TARGET_MS: dict[str, float] = {"shipped": 50.0, "100x": 200.0}
#: Target for the import time of peacekit beyond its dependencies.
IMPORT_TARGET_MS = 100.0

#: Widgets benchmarked: key -> (number in the design's list, public function name, title).
WIDGETS: dict[str, tuple[int, str, str]] = {
    "compare": (1, "compare_widget", "Claims side by side"),
    "matrix": (2, "stance_matrix_widget", "Stance matrix"),
    "reader": (3, "reader_widget", "Article reader"),
    "terms": (4, "term_explorer_widget", "Term explorer"),
    "timeline": (5, "timeline_widget", "Timeline"),
    "negotiation": (6, "negotiation_widget", "Negotiation table"),
    "builder": (7, "argument_builder_widget", "Argument builder"),
    "corroborate": (8, "corroborate_widget", "Corroboration"),
}

#: Terms typed into the term explorer's text box (one or two terms each).
TERM_INPUTS: tuple[str, ...] = (
    "Kyiv, Kiev",
    "NATO",
    "security guarantees",
    "invasion, operation",
    "peace",
    "Putin, Zelensky",
    "troops",
    "sanctions, reparations",
)

#: Texts typed into the argument builder's text areas (claim, reasons, counter-argument,
#: rebuttal, limits): short and long, one line and several (reasons are one per line).
BUILDER_TEXTS: tuple[str, ...] = (
    "A ceasefire along the current line should come first.",
    "Talks stall while both sides expect to gain.\nSecurity guarantees need enforcement.\nSanctions relief can be staged.",
    "",
    "Reason one.\nReason two.",
    "The argument relies on " + "statements made before the talks and on dated positions; " * 6,
    "x",
)

#: The name typed into the argument builder, so that every change is also saved to a file
#: (in a temporary folder), as it is for a student who gave their name.
BUILDER_NAMES: tuple[str, ...] = ("Student A", "Student B", "Student C")

#: While one control is timed, set other controls first so that the timed one has work to do:
#: widget -> control -> {other control: index of the option to choose}. The stance matrix lists a
#: cell's claims only when both a source and a theme are chosen; the argument builder's
#: counter-claims need a theme and a stance.
CONTEXT: dict[str, dict[str, dict[str, int]]] = {
    "matrix": {"cell_source": {"cell_theme": 1}, "cell_theme": {"cell_source": 1}},
    # the argument builder lists counter-claims only once a theme and a stance are chosen
    "builder": {"counter_claim": {"theme": 1, "stance": 1}},
}

#: Tables copied unchanged into the synthetic corpus.
COPIED = (
    "themes.csv",
    "terms.csv",
    "parties.csv",
    "positions.csv",
    "timeline.csv",
    "nato_members.csv",
    "figures.csv",
    "datapackage.json",
)


# --------------------------------------------------------------------------
# The synthetic corpus
# --------------------------------------------------------------------------


def _read_csv(file: Path) -> tuple[list[str], list[dict[str, str]]]:
    with file.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(file: Path, header: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    with file.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(header), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, stripped (as :func:`peacekit.data.split_paragraphs`)."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return [b.strip() for b in blocks if b.strip()]


def _quote_from(paragraph: str, rng: random.Random) -> str:
    """A run of 6–30 whole words cut from ``paragraph`` (an exact substring of it)."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(paragraph + " "):
        if ch.isspace():
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    if len(spans) <= 6:
        return paragraph.strip()
    length = rng.randint(6, min(30, len(spans)))
    first = rng.randrange(0, len(spans) - length + 1)
    return paragraph[spans[first][0] : spans[first + length - 1][1]]


def make_synthetic_corpus(
    dest: Path, *, scale: int = 100, seed: int = 20250913, source: Path = DATASETS
) -> dict[str, int]:
    """Write a corpus about ``scale`` times the shipped one into ``dest``.

    The shipped sources, articles and claims are kept (the copied positions
    cite shipped claim ids) and synthetic ones are added until there are
    ``scale`` times as many sources, claims and article words.

    Parameters
    ----------
    dest : Path
        An empty or missing folder; it becomes a datasets folder.
    scale : int, optional
        How many times larger than the shipped corpus (default 100).
    seed : int, optional
        Seed of the random generator (the corpus is reproducible).
    source : Path, optional
        The datasets folder to grow (default: the shipped one).

    Returns
    -------
    dict
        ``{"sources": n, "claims": n, "words": n}`` of the written corpus.
    """
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "articles").mkdir(exist_ok=True)
    for name in COPIED:
        if (source / name).exists():
            shutil.copyfile(source / name, dest / name)

    src_header, sources = _read_csv(source / "sources.csv")
    claim_header, claims = _read_csv(source / "claims.csv")
    pool: list[str] = []
    words_shipped = 0
    for row in sources:
        text = (source / row["text_file"]).read_text(encoding="utf-8")
        shutil.copyfile(source / row["text_file"], dest / row["text_file"])
        pool.extend(_paragraphs(text))
        words_shipped += len(text.split())
    reported = sorted({r["speaker"] for r in claims if r["speaker_role"] == "reported"}) or ["A reported speaker"]
    paraphrases = [r["paraphrase"] for r in claims]
    events = [r["event_ids"] for r in claims if r["event_ids"]]
    themes = [r["theme_id"] for r in _read_csv(source / "themes.csv")[1]]
    genres = ("op-ed", "news-analysis", "advocacy", "analysis")
    claim_types = ("fact", "cause", "value", "policy", "prediction")
    evidence_types = ("precedent", "statistic", "expert", "official", "analogy", "none")

    n_sources = scale * len(sources)
    n_claims = scale * len(claims)
    target_words = scale * words_shipped
    extra = n_sources - len(sources)
    words_per_article = max(200, (target_words - words_shipped) // max(extra, 1))
    claims_left = n_claims - len(claims)
    out_sources = list(sources)
    out_claims = list(claims)
    total_words = words_shipped
    next_claim = 10000  # synthetic ids C10000, C10001, ... never clash with shipped C001..C999
    for k in range(extra):
        sid = f"synth-{k + 1:04d}"
        paras: list[str] = []
        words = 0
        while words < words_per_article:
            p = rng.choice(pool)
            paras.append(p)
            words += len(p.split())
        text = "\n\n".join(paras) + "\n"
        (dest / "articles" / f"{sid}.txt").write_text(text, encoding="utf-8")
        total_words += len(text.split())
        out_sources.append(
            {
                **{h: "" for h in src_header},
                "source_id": sid,
                "short_label": f"Synthetic source {k + 1:04d}",
                "title": f"Synthetic article {k + 1}",
                "title_confidence": "unknown",
                "outlet_confidence": "unknown",
                "author_confidence": "unknown",
                "date": f"{rng.randint(2014, 2025)}-{rng.randint(1, 12):02d}",
                "date_precision": "month",
                "date_confidence": "unknown",
                "genre": (genre := rng.choice(genres)),
                # columns of the primary-documents schema, filled when the shipped table has them
                **({"kind": "news" if genre == "news-analysis" else "commentary"} if "kind" in src_header else {}),
                **({"completeness": "full"} if "completeness" in src_header else {}),
                **({"seed": "false"} if "seed" in src_header else {}),
                "url_confidence": "unknown",
                "text_file": f"articles/{sid}.txt",
                "word_count": str(len(text.split())),
                "provenance": "Synthetic benchmark text: shipped paragraphs in random order.",
            }
        )
        n_here = claims_left // (extra - k)
        claims_left -= n_here
        author = f"Author (synthetic source {k + 1:04d})"
        for _ in range(n_here):
            number = rng.randrange(len(paras))
            is_author = rng.random() < 0.75
            stance = rng.choice(["-2", "-1", "0", "1", "2", "", ""])
            out_claims.append(
                {
                    "claim_id": f"C{next_claim}",
                    "source_id": sid,
                    "theme_id": rng.choice(themes),
                    "speaker": author if is_author else rng.choice(reported),
                    "speaker_role": "author" if is_author else "reported",
                    "stance": stance,
                    "claim_type": rng.choice(claim_types),
                    "evidence_type": rng.choice(evidence_types),
                    "quote": _quote_from(paras[number], rng),
                    "paraphrase": rng.choice(paraphrases),
                    "paragraph": str(number + 1),
                    "event_ids": rng.choice(events) if events and rng.random() < 0.2 else "",
                }
            )
            next_claim += 1
    _write_csv(dest / "sources.csv", src_header, out_sources)
    _write_csv(dest / "claims.csv", claim_header, out_claims)
    return {"sources": len(out_sources), "claims": len(out_claims), "words": total_words}


# --------------------------------------------------------------------------
# A comm that serialises messages like a kernel
# --------------------------------------------------------------------------


def install_json_comm() -> dict[str, int]:
    """Make new widgets use a comm that JSON-encodes every message it sends.

    Returns a dict whose ``"bytes"`` and ``"messages"`` grow as messages are
    sent (useful to see how much a change sends to the browser).
    """
    import comm
    from comm.base_comm import BaseComm
    from jupyter_client.session import json_packer

    counter = {"bytes": 0, "messages": 0}

    class JsonComm(BaseComm):
        """Encodes each message as a kernel would, then drops it."""

        kernel = True  # ipywidgets only sends when the comm has a kernel

        def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None,
                        buffers: Any = None, **keys: Any) -> None:
            payload = json_packer({"msg_type": msg_type, "data": data, "metadata": metadata or {}})
            counter["bytes"] += len(payload) + sum(len(b) for b in buffers or ())
            counter["messages"] += 1

    comm.create_comm = lambda *args, **kwargs: JsonComm(*args, **kwargs)
    return counter


# --------------------------------------------------------------------------
# Values to cycle each control through
# --------------------------------------------------------------------------


def _option_values(control: Any) -> list[Any]:
    """The values of a selection widget's options (``(label, value)`` pairs or plain)."""
    values = []
    for option in control.options:
        values.append(option[1] if isinstance(option, tuple) else option)
    return values


def _spread(values: Sequence[Any], k: int) -> list[Any]:
    """At most ``k`` values spread evenly over ``values`` (first and last kept)."""
    if len(values) <= k:
        return list(values)
    step = (len(values) - 1) / (k - 1)
    return [values[round(i * step)] for i in range(k)]


def control_values(name: str, control: Any) -> list[Any] | None:
    """Valid values to cycle ``control`` through (``None``: a button, clicked instead).

    Consecutive values differ, and so do the last and the first, so every
    assignment in the cycle fires the observers.
    """
    import ipywidgets as widgets

    if isinstance(control, widgets.Button):
        return None
    first = control.value
    if isinstance(control, widgets.Checkbox):
        return [not first, first]
    if isinstance(control, widgets.Textarea):
        values = [t for t in BUILDER_TEXTS if t != first]
        return values + [first]
    if isinstance(control, widgets.Text):
        pool = BUILDER_NAMES if name == "name" else TERM_INPUTS
        values = [t for t in pool if t != first]
        return values + ([first] if first else [])
    if isinstance(control, widgets.SelectMultiple) and name.startswith("evidence_"):
        # the argument builder's evidence: a student picks a few items, not half the corpus
        options = _option_values(control)
        picks: list[tuple[Any, ...]] = []
        for size, at in ((1, 0), (2, 1), (3, 2), (1, 3), (5, 4), (2, 5)):
            spread = _spread(options, 6 * size)
            chosen = tuple(spread[at::6][:size]) or tuple(options[:1])
            if chosen not in picks and chosen != tuple(first):
                picks.append(chosen)
        return picks + [tuple(first)]
    if isinstance(control, widgets.SelectMultiple):
        options = _option_values(control)
        n = len(options)
        subsets: list[tuple[Any, ...]] = [
            tuple(options[:1]),
            tuple(options[: max(2, n // 2)]),
            tuple(options[1::2]) or tuple(options[-1:]),
            tuple(options[-1:]),
            tuple(options[: max(1, (3 * n) // 4)]),
            tuple(options),
        ]
        if name == "speakers":  # none picked = all speakers
            subsets.append(())
        values: list[Any] = []
        for s in subsets:
            if s not in values and s != tuple(first):
                values.append(s)
        return values + [tuple(first)]
    if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.Select)):
        options = [v for v in _option_values(control) if v != first]
        return _spread(options, 8) + [first]
    if isinstance(control, (widgets.IntSlider, widgets.BoundedIntText)):
        options = [v for v in range(control.min, control.max + 1) if v != first]
        return _spread(options, 8) + [first]
    raise TypeError(f"Do not know how to drive control {name!r} ({type(control).__name__}).")


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------


@dataclass
class ControlTiming:
    """Timings (seconds) of one control of one widget on one corpus."""

    widget: str
    control: str
    kind: str
    samples: list[float] = field(default_factory=list)
    message_bytes: int = 0

    @property
    def p50(self) -> float:
        """Median of the samples (seconds)."""
        return percentile(self.samples, 50)

    @property
    def p95(self) -> float:
        """95th percentile of the samples (seconds)."""
        return percentile(self.samples, 95)


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (linear interpolation, like numpy's default)."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _is_max_rows(error: BaseException) -> bool:
    """True when altair refused a chart for having more than 5,000 data rows."""
    return type(error).__name__ == "MaxRowsError"


class lifted_max_rows:
    """Context: altair's 5,000-row limit lifted (to time a widget that hits it)."""

    def __enter__(self) -> None:
        import altair as alt

        self._enabler = alt.data_transformers.disable_max_rows()
        self._enabler.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._enabler.__exit__(*exc)


def build_widget(key: str, path: Path | None) -> Any:
    """Build one benchmarked widget on the corpus at ``path``.

    The argument builder gets a student's name and a temporary ``save_dir``,
    so every change is also saved (as for a student who typed their name)
    and nothing is written into the working folder.
    """
    import peacekit as pk

    function: Callable[..., Any] = getattr(pk, WIDGETS[key][1])
    if key == "terms":
        return function(TERM_INPUTS[0], path=path)
    if key == "builder":
        return function(path=path, name=BUILDER_NAMES[0], save_dir=_builder_dir())
    return function(path=path)


_BUILDER_DIRS: list[Path] = []


def _builder_dir() -> Path:
    """A fresh temporary folder for the argument builder's saved entries (removed at exit)."""
    import atexit

    folder = Path(tempfile.mkdtemp(prefix="peacekit-bench-builder-"))
    if not _BUILDER_DIRS:
        atexit.register(lambda: [shutil.rmtree(d, ignore_errors=True) for d in _BUILDER_DIRS])
    _BUILDER_DIRS.append(folder)
    return folder


def time_widget(key: str, path: Path | None, *, samples: int, counter: dict[str, int]) -> tuple[float, list[ControlTiming]]:
    """Build a widget, then time every one of its controls.

    Returns the build time (seconds) and one :class:`ControlTiming` per control.
    Exceptions from building the widget propagate.
    """
    gc.collect()
    start = time.perf_counter()
    box = build_widget(key, path)
    build = time.perf_counter() - start
    return build, time_controls(key, box, samples=samples, counter=counter)


def time_controls(key: str, box: Any, *, samples: int, counter: dict[str, int]) -> list[ControlTiming]:
    """Time every control of a built widget (see the module docstring)."""
    import ipywidgets as widgets

    results = []
    for name, control in box.controls.items():
        context = {}
        for other, index in CONTEXT.get(key, {}).get(name, {}).items():
            context[other] = box.controls[other].value
            box.controls[other].value = _option_values(box.controls[other])[index]
        values = control_values(name, control)
        timing = ControlTiming(key, name, type(control).__name__)
        before = counter["bytes"]
        if values is None:  # a button: each click is one sample
            for _ in range(samples):
                t0 = time.perf_counter()
                control.click()
                timing.samples.append(time.perf_counter() - t0)
        else:
            first = control.value
            while len(timing.samples) < samples:
                for value in values:
                    t0 = time.perf_counter()
                    control.value = value
                    timing.samples.append(time.perf_counter() - t0)
            if control.value != first:
                control.value = first
        timing.message_bytes = (counter["bytes"] - before) // max(1, len(timing.samples))
        for other, value in context.items():
            box.controls[other].value = value
        results.append(timing)
    widgets.Widget.close_all()  # free the widget (and its views) before the next one
    return results


# --------------------------------------------------------------------------
# Import time and memory (fresh subprocesses)
# --------------------------------------------------------------------------

_IMPORT_SNIPPET = """
import time
import pandas, altair, ipywidgets
t0 = time.perf_counter()
import peacekit
t1 = time.perf_counter()
import importlib
for name in {modules!r}:
    importlib.import_module(name)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def import_times(repeats: int = 10) -> dict[str, float]:
    """Median seconds of ``import peacekit`` (and of its widget modules) after its dependencies.

    Each repeat is a fresh interpreter that first imports pandas, altair and
    ipywidgets, then times ``import peacekit``, then the benchmarked widgets' modules.
    """
    import peacekit

    modules = [peacekit._LAZY[function] for _, function, _ in WIDGETS.values()]  # where each widget lives
    code = _IMPORT_SNIPPET.format(modules=modules)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
    package: list[float] = []
    widget_modules: list[float] = []
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)  # warm the bytecode cache
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
        a, b = out.stdout.split()
        package.append(float(a))
        widget_modules.append(float(b))
    return {"peacekit": statistics.median(package), "widget_modules": statistics.median(widget_modules)}


def measure_memory(key: str, path: Path | None, *, lift_max_rows: bool = False) -> dict[str, float]:
    """Build time, RSS growth and tracemalloc peak of building one widget in fresh processes."""
    base = [sys.executable, str(Path(__file__).resolve()), "--_memory", key]
    if path is not None:
        base += ["--_path", str(path)]
    if lift_max_rows:
        base += ["--_lift"]
    rss = json.loads(subprocess.run(base + ["--_mode", "rss"], check=True, capture_output=True, text=True).stdout)
    traced = json.loads(subprocess.run(base + ["--_mode", "trace"], check=True, capture_output=True, text=True).stdout)
    return {**rss, **traced}


def _memory_status() -> dict[str, float]:
    """Current (``VmRSS``) and peak (``VmHWM``) resident set size of this process, in MiB.

    Read from /proc/self/status: ``getrusage``'s ``ru_maxrss`` is no good in a
    subprocess on Linux, because it keeps the parent's high-water mark across
    fork and exec. Elsewhere, both values fall back to ``ru_maxrss``.
    """
    try:
        values = {}
        for line in Path("/proc/self/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0]) / 1024
        if len(values) == 2:
            return values
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20
    return {"VmRSS": peak, "VmHWM": peak}


def _memory_child(key: str, path: Path | None, mode: str, *, lift: bool = False) -> None:
    """Run in a subprocess: build one widget and print its memory figures as JSON."""
    import pandas  # noqa: F401  (dependencies loaded before measuring)
    import altair  # noqa: F401
    import ipywidgets  # noqa: F401

    import peacekit

    install_json_comm()
    peacekit.setup()
    if lift:
        lifted_max_rows().__enter__()
    if mode == "rss":
        before = _memory_status()["VmRSS"]
        t0 = time.perf_counter()
        box = build_widget(key, path)
        seconds = time.perf_counter() - t0
        peak = _memory_status()["VmHWM"]
        print(json.dumps({"build_cold_s": seconds, "rss_growth_mb": peak - before, "rss_mb": peak}))
    else:
        import tracemalloc

        tracemalloc.start()
        box = build_widget(key, path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(json.dumps({"traced_peak_mb": peak / 2**20}))
    del box


# --------------------------------------------------------------------------
# The machine
# --------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """nproc, CPU model, RAM, OS, Python and key library versions."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    info = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
    }
    for name in ("pandas", "numpy", "altair", "ipywidgets", "anywidget", "traitlets"):
        try:
            info[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            info[name] = "not installed"
    return info


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def markdown_tables(result: dict[str, Any]) -> str:
    """The result as Markdown (used for the terminal and for docs/benchmarks.md)."""
    lines: list[str] = []
    lines.append("### Per widget (all controls pooled)\n")
    lines.append("| corpus | widget | build (ms) | samples | p50 (ms) | p95 (ms) | target p95 | |")
    lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    failures: list[str] = []
    for corpus, per in result["corpora"].items():
        for key, data in per["widgets"].items():
            number, func, title = WIDGETS[key]
            name = f"{number}. {title} (`{func}`)"
            if data.get("failure"):
                failures.append(f"{corpus}, {title}: `{data['failure']}`")
            if "p95" not in data:
                lines.append(f"| {corpus} | {name} | fails | | | | ≤ {TARGET_MS[corpus]:.0f} ms | **fails to build** |")
                continue
            verdict = "**fails to build**; timed with altair's row limit lifted" if data.get("lifted") else _verdict(data["ok"])
            lines.append(
                f"| {corpus} | {name} | {_ms(data['build'])} | {data['n']} | "
                f"{_ms(data['p50'])} | {_ms(data['p95'])} | ≤ {TARGET_MS[corpus]:.0f} ms | {verdict} |"
            )
    if failures:
        lines.append("")
        lines += [f"- Build failure — {f}" for f in failures]
    lines.append("\n### Per control\n")
    lines.append("| corpus | widget | control | kind | samples | p50 (ms) | p95 (ms) | KiB sent per change | |")
    lines.append("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- |")
    for corpus, per in result["corpora"].items():
        for row in per["controls"]:
            lines.append(
                f"| {corpus} | {row['widget']} | `{row['control']}` | {row['kind']} | {row['n']} | "
                f"{_ms(row['p50'])} | {_ms(row['p95'])} | {row['kib']:.1f} | {_verdict(row['ok'])} |"
            )
    imp = result["import"]
    lines.append("\n### Import time (median of fresh interpreters, after pandas, altair, ipywidgets)\n")
    lines.append("| what | median (ms) | target | |")
    lines.append("| --- | ---: | ---: | --- |")
    lines.append(
        f"| `import peacekit` | {_ms(imp['peacekit'])} | ≤ {IMPORT_TARGET_MS:.0f} ms | "
        f"{_verdict(imp['peacekit'] * 1000 <= IMPORT_TARGET_MS)} |"
    )
    lines.append(
        f"| then the benchmarked widgets' modules (first use of `pk.compare_widget` etc.) | {_ms(imp['widget_modules'])} | — | |"
    )
    lines.append("\n### Building each widget on the 100× corpus (fresh process each)\n")
    lines.append("| widget | build, cold (ms) | tracemalloc peak (MiB) | peak RSS growth (MiB) | peak RSS of the process (MiB) |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for key, mem in result["memory"].items():
        number, func, title = WIDGETS[key]
        lifted = " (row limit lifted)" if result["corpora"]["100x"]["widgets"][key].get("lifted") else ""
        lines.append(
            f"| {number}. {title}{lifted} | {_ms(mem['build_cold_s'])} | {mem['traced_peak_mb']:.1f} | "
            f"{mem['rss_growth_mb']:.1f} | {mem['rss_mb']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def summarise(result: dict[str, Any]) -> list[str]:
    """One sentence per target: met or missed, with the worst offender."""
    out = []
    for corpus, per in result["corpora"].items():
        for key, data in per["widgets"].items():
            if data.get("failure"):
                out.append(
                    f"{corpus}: {WIDGETS[key][2]} (`{WIDGETS[key][1]}`) **fails to build** "
                    f"(`{data['failure']}`)"
                    + ("; its controls were timed with altair's row limit lifted." if data.get("lifted") else ".")
                )
        target = TARGET_MS[corpus]
        missed = [r for r in per["controls"] if not r["ok"]]
        worst = max(per["controls"], key=lambda r: r["p95"])
        if not missed:
            out.append(
                f"{corpus}: every control's p95 is within {target:.0f} ms (slowest: "
                f"{worst['widget']} `{worst['control']}`, p95 {_ms(worst['p95'])} ms)."
            )
        else:
            names = ", ".join(f"{r['widget']} `{r['control']}` ({_ms(r['p95'])} ms)" for r in missed)
            out.append(f"{corpus}: target p95 ≤ {target:.0f} ms **missed** by {names}.")
    imp = result["import"]["peacekit"] * 1000
    out.append(
        f"import: `import peacekit` takes {imp:.1f} ms after its dependencies "
        f"({'within' if imp <= IMPORT_TARGET_MS else '**over**'} the {IMPORT_TARGET_MS:.0f} ms target)."
    )
    return out


def collect(*, samples: int, scale: int, import_repeats: int, keep: Path | None) -> dict[str, Any]:
    """Run every measurement and return the figures as a dict."""
    import peacekit as pk

    pk.setup()  # as every notebook does (the offline chart renderer)
    counter = install_json_comm()
    result: dict[str, Any] = {"machine": machine(), "samples": samples, "scale": scale, "corpora": {}}
    result["machine"]["load_before"] = _load()
    tmp = Path(tempfile.mkdtemp(prefix="peacekit-bench-")) if keep is None else keep
    try:
        synthetic = tmp / "datasets"
        if not (synthetic / "claims.csv").exists():
            sizes = make_synthetic_corpus(synthetic, scale=scale)
        else:
            sizes = _sizes(synthetic)
        result["sizes"] = {"shipped": _sizes(DATASETS), "100x": sizes}
        for corpus, path in (("shipped", None), ("100x", synthetic)):
            per: dict[str, Any] = {"widgets": {}, "controls": []}
            for key in WIDGETS:
                print(f"  timing {key} on {corpus} ...", file=sys.stderr, flush=True)
                failure = None
                try:
                    build, timings = time_widget(key, path, samples=samples, counter=counter)
                except Exception as error:  # a widget that cannot be built is a finding, not a crash
                    failure = f"{type(error).__name__}: {str(error).splitlines()[0]}"
                    print(f"    building it failed: {failure}", file=sys.stderr, flush=True)
                    if not _is_max_rows(error):
                        per["widgets"][key] = {"failure": failure, "lifted": False, "ok": False}
                        continue
                    with lifted_max_rows():
                        build, timings = time_widget(key, path, samples=samples, counter=counter)
                pooled = [s for t in timings for s in t.samples]
                per["widgets"][key] = {
                    "build": build,
                    "n": len(pooled),
                    "p50": percentile(pooled, 50),
                    "p95": percentile(pooled, 95),
                    "ok": failure is None and percentile(pooled, 95) * 1000 <= TARGET_MS[corpus],
                    "failure": failure,
                    "lifted": failure is not None,
                }
                for t in timings:
                    per["controls"].append(
                        {
                            "widget": key,
                            "control": t.control,
                            "kind": t.kind,
                            "n": len(t.samples),
                            "p50": t.p50,
                            "p95": t.p95,
                            "kib": t.message_bytes / 1024,
                            "ok": t.p95 * 1000 <= TARGET_MS[corpus],
                        }
                    )
            result["corpora"][corpus] = per
        print("  import time ...", file=sys.stderr, flush=True)
        result["import"] = import_times(import_repeats)
        result["memory"] = {}
        for key in WIDGETS:
            print(f"  memory {key} at 100x ...", file=sys.stderr, flush=True)
            lift = bool(result["corpora"]["100x"]["widgets"][key].get("lifted"))
            result["memory"][key] = measure_memory(key, synthetic, lift_max_rows=lift)
        result["machine"]["load_after"] = _load()
    finally:
        if keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def _load() -> str:
    """The 1-, 5- and 15-minute load averages (other work on the machine skews timings)."""
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _sizes(folder: Path) -> dict[str, int]:
    _, sources = _read_csv(folder / "sources.csv")
    _, claims = _read_csv(folder / "claims.csv")
    words = sum(len((folder / r["text_file"]).read_text(encoding="utf-8").split()) for r in sources)
    return {"sources": len(sources), "claims": len(claims), "words": words}


# --------------------------------------------------------------------------
# docs/benchmarks.md
# --------------------------------------------------------------------------

BEGIN = "<!-- BEGIN GENERATED FIGURES (bench/bench_widgets.py --write) -->"
END = "<!-- END GENERATED FIGURES -->"


def generated_section(result: dict[str, Any]) -> str:
    """The generated part of docs/benchmarks.md: machine, sizes, verdicts, tables."""
    m = result["machine"]
    s = result["sizes"]
    lines = [BEGIN, "", f"Measured on {m['date']} with `bench/bench_widgets.py` ({result['samples']}+ samples per control).", ""]
    lines.append("- **Machine:** " + f"{m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, {m['os']}; "
                 f"load average (1/5/15 min) {m.get('load_before', '?')} at the start, {m.get('load_after', '?')} at the end.")
    lines.append(
        f"- **Software:** Python {m['python']}, pandas {m['pandas']}, numpy {m['numpy']}, altair {m['altair']}, "
        f"ipywidgets {m['ipywidgets']}, anywidget {m['anywidget']}, traitlets {m['traitlets']}."
    )
    lines.append("")
    lines.append("| corpus | sources | claims | article words |")
    lines.append("| --- | ---: | ---: | ---: |")
    for corpus in ("shipped", "100x"):
        z = s[corpus]
        lines.append(f"| {corpus} | {z['sources']:,} | {z['claims']:,} | {z['words']:,} |")
    lines.append("")
    lines.append("**Targets:**")
    lines.append("")
    lines += [f"- {sentence}" for sentence in summarise(result)]
    lines.append("")
    lines.append(markdown_tables(result))
    lines.append(END)
    return "\n".join(lines)


DOC_HEAD = """# Benchmarks

How quickly do the comparison widgets answer a click, and how quickly does the
kit load? This page is for maintainers and for teachers who want to know
whether the widgets will keep up on a classroom machine or a shared JupyterHub.

Run them yourself with `make bench` (prints the tables) or
`.venv/bin/python bench/bench_widgets.py --write` (also refreshes the figures
below). A run takes a few minutes; nothing touches the network.

## Method

- **What "answering" means.** For every control (dropdown, multi-select, check
  box, slider, text box, text area, button) of the seven widgets of the
  design's list — 1 claims side by side (`compare_widget`), 2 stance matrix
  (`stance_matrix_widget`), 3 article reader (`reader_widget`), 4 term
  explorer (`term_explorer_widget`), 5 timeline (`timeline_widget`), 6
  negotiation table (`negotiation_widget`), 7 argument builder
  (`argument_builder_widget`) — and of the corroboration view
  (`corroborate_widget`, numbered 8 here), the script sets the control's value from Python (`control.value = v`, or
  `button.click()`) and times that assignment. ipywidgets runs the widget's
  observers synchronously, so when the assignment returns every HTML view and
  chart specification is up to date. The widgets are given a comm that encodes
  each message for the browser as JSON, the way the kernel does, so that cost
  is included. Not included: the trip to the browser and the browser drawing
  the new content (seen in the browser tests, not timed here).
- **Values.** Each control is cycled through several valid values taken from
  its own options (all themes or dates spread over the list, several subsets of
  sources or themes, both states of a check box, years spread over a year box's
  range, several typed terms, short and long texts typed into the argument
  builder and one to five pieces of evidence picked in it, button clicks), repeated until it has at least 60 timings. The stance matrix's two
  cell dropdowns are timed with the other one set, so that each change lists a
  cell's claims, and the argument builder's counter-claim dropdown with a
  theme and a stance chosen. The argument builder is given a student's name and a
  temporary folder, so each change also saves the entries to a file there, as
  it does for a student who typed their name. p50 and p95 are reported per control and per widget (all its
  controls pooled). Targets: p95 ≤ 50 ms on the shipped data and ≤ 200 ms on a
  corpus 100× larger. "KiB sent per change" is the JSON the kernel would send
  to the browser per change. The "build" column is the time to create the
  widget in the benchmark process (the data loaders' cache is warm after the
  first widget of each corpus, and the first widget with a chart, the stance
  matrix, also pays `import altair`; cold build times are in the memory table).
- **The 100× corpus** is generated into a temporary folder: the shipped themes,
  deal terms, parties, positions, timeline and facts are copied; the shipped
  sources, articles and claims are kept, and synthetic sources are added until
  there are 100 times as many sources, claims and article words. Each
  synthetic article is made of shipped paragraphs in random order and each
  synthetic claim quotes a run of words of its own article, so the corpus
  obeys the same rules as the real data (it passes `python -m peacekit
  validate`; keep a copy with `--keep DIR`). Widgets get it through `path=`.
- **Import time.** In a fresh interpreter pandas, altair and ipywidgets are
  imported first, then `import peacekit` is timed (median of 10 interpreters;
  target ≤ 100 ms). `import peacekit` is lazy; the cost of the widget modules
  on first use is shown separately.
- **Memory.** Each widget is built on the 100× corpus in a fresh interpreter
  (after importing the dependencies), once for the cold build time (including
  reading the CSV files) and the peak resident set size (`VmHWM` in
  `/proc/self/status`, and its growth over the size before building;
  `getrusage`'s `ru_maxrss` is not used because on Linux a subprocess inherits
  its parent's high-water mark), and once under `tracemalloc` for the peak of
  Python-level allocations.

Figures vary between runs, more on a busy machine (the load average during
the run is recorded with the figures); the p95 of a control whose updates take
under a millisecond is set by the occasional garbage collection or scheduling
delay, not by the widget.

## Results

"""


def write_doc(result: dict[str, Any], *, notes: str | None = None) -> None:
    """Write or refresh docs/benchmarks.md, keeping any hand-written text after the figures."""
    section = generated_section(result)
    tail = ""
    if DOC.exists():
        old = DOC.read_text(encoding="utf-8")
        if END in old:
            tail = old.split(END, 1)[1]
    if not tail.strip():
        tail = "\n\n" + (notes or DEFAULT_NOTES)
    DOC.write_text(DOC_HEAD + section + tail.rstrip() + "\n", encoding="utf-8")


DEFAULT_NOTES = """## Notes

Hand-written notes on the latest figures go here (the script keeps this part).
"""


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="refresh docs/benchmarks.md with the figures")
    parser.add_argument("--quick", action="store_true", help="10 samples per control, 3 import runs (smoke run)")
    parser.add_argument("--samples", type=int, default=60, help="timings per control (default 60)")
    parser.add_argument("--scale", type=int, default=100, help="size of the synthetic corpus (default 100×)")
    parser.add_argument("--keep", type=Path, default=None, help="write the synthetic corpus here and keep it")
    parser.add_argument("--json", type=Path, default=None, help="also save the raw figures as JSON")
    parser.add_argument("--only", nargs="+", choices=sorted(WIDGETS), help="time only these widgets (not with --write)")
    parser.add_argument("--_memory", help=argparse.SUPPRESS)
    parser.add_argument("--_path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--_mode", help=argparse.SUPPRESS)
    parser.add_argument("--_lift", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._memory:
        _memory_child(args._memory, args._path, args._mode, lift=args._lift)
        return 0
    samples = 10 if args.quick else args.samples
    if samples < 1 or args.scale < 1:
        parser.error("--samples and --scale must be at least 1")
    if args.write and samples < 50:
        parser.error("--write needs at least 50 samples per control (drop --quick)")
    if args.only:
        if args.write:
            parser.error("--write needs every widget (drop --only)")
        for key in [k for k in WIDGETS if k not in args.only]:
            del WIDGETS[key]
    t0 = time.perf_counter()
    result = collect(samples=samples, scale=args.scale, import_repeats=3 if args.quick else 10, keep=args.keep)
    result["wall_s"] = time.perf_counter() - t0
    print(markdown_tables(result))
    for sentence in summarise(result):
        print(sentence)
    print(f"(benchmark wall time {result['wall_s']:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    if args.write:
        write_doc(result)
        print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
