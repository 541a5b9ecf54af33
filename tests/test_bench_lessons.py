"""The lesson benchmark's table and summary are computed from the run (bench/bench_lessons.py).

Synthetic timings with round numbers, so every ratio can be checked by hand;
no kernel is started.
"""

from __future__ import annotations

import sys

from nbhelpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import bench_lessons as bench  # noqa: E402

RESULTS = {
    bench.FLOOR: [(2.0, 100.0), (2.0, 100.0), (2.0, 100.0)],
    bench.KIT_IMPORTS: [(1.0, 90.0), (1.0, 90.0), (1.0, 90.0)],
    "00-with-a-chart": [(1.5, 95.0), (1.4, 95.0), (1.6, 95.0)],
    "02-without": [(0.8, 70.0), (1.0, 70.0), (0.9, 70.0)],
    "04-too-slow": [(2.5, 120.0), (2.4, 120.0), (2.6, 120.0)],
}
CHARTS = {bench.FLOOR: True, bench.KIT_IMPORTS: True, "00-with-a-chart": True, "02-without": False,
          "04-too-slow": True}


def _row(text: str, name: str) -> list[str]:
    return [cell.strip() for cell in next(line for line in text.splitlines() if line.startswith(f"| {name} |"))
            .strip("|").split("|")]


def test_the_table_gives_each_ratio_and_verdict():
    text, all_ok = bench.table(RESULTS)
    assert not all_ok
    assert _row(text, "00-with-a-chart") == ["00-with-a-chart", "1.50", "0.75", "0.70–0.80", "1.50", "95", "0.95",
                                             "yes"]
    assert _row(text, "04-too-slow") == ["04-too-slow", "2.50", "1.25", "1.20–1.30", "2.50", "120", "1.20",
                                         "no: time, memory"]
    assert _row(text, bench.KIT_IMPORTS)[-1] == "—" and _row(text, bench.FLOOR)[4] == "2.00"
    assert bench.table({k: v for k, v in RESULTS.items() if k != "04-too-slow"})[1]


def test_the_summary_groups_lessons_by_whether_they_imported_altair():
    lines = bench.summary(RESULTS, CHARTS).splitlines()
    assert lines[0] == "- The floor took 1.00 s longer than the same imports through the kit (2.00 s against 1.00 s, medians)."
    assert lines[1].startswith("- Lessons whose kernel imported altair (they draw a chart), 00, 04: 0.75–1.25 × ")
    assert "(single rounds 0.70–1.30 ×), 1.50–2.50 × the same imports" in lines[1]
    assert lines[1].endswith("peak RSS 0.95–1.20 × the floor's.")
    assert lines[2].endswith("these lessons would take 1.25–1.75 × the floor's time.")  # (1.5 + 1) / 2, (2.5 + 1) / 2
    assert lines[3].startswith("- Lessons whose kernel did not import altair, 02: 0.45 × the floor's time")
    assert len(lines) == 4
