"""Print the count tables of docs/codebook.md section 9 from datasets/.

Run ``python tools/codebook_counts.py`` and paste the output under "## 9. Counts"
(after the paragraph that says how the tables were made) whenever claims.csv changes.
Orders follow the data: sources and themes as in their csv files, claim and evidence
types as in the enums of datapackage.json.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "datasets"


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def enum(field: str) -> list[str]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] == "claims":
            for f in resource["schema"]["fields"]:
                if f["name"] == field:
                    return f["constraints"]["enum"]
    raise KeyError(field)


def main() -> None:
    claims, sources, themes = rows("claims"), rows("sources"), rows("themes")
    kind = {s["source_id"]: s["kind"] for s in sources}
    seed = {s["source_id"] for s in sources if s["seed"] == "true"}
    out = [f"Total claims: {len(claims)}", "", "Claims per source (`kind` from `sources.csv`)", "",
           "| source_id | kind | claims | by author | reported | descriptive (no stance) |",
           "|---|---|---:|---:|---:|---:|"]
    for s in sources:
        sid = s["source_id"]
        cs = [c for c in claims if c["source_id"] == sid]
        out.append(f"| {sid} | {s['kind']} | {len(cs)} | "
                   f"{sum(c['speaker_role'] == 'author' for c in cs)} | "
                   f"{sum(c['speaker_role'] == 'reported' for c in cs)} | "
                   f"{sum(c['stance'] == '' for c in cs)} |")
    out += ["", "Claims per theme, and how many sources of each kind address it", "",
            "| theme_id | claims | commentary sources | news sources | primary sources | sources | sources with a stance |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    few, few_seed = [], []
    for t in themes:
        tid = t["theme_id"]
        cs = [c for c in claims if c["theme_id"] == tid]
        srcs = {c["source_id"] for c in cs}
        by_kind = [sum(kind[x] == k for x in srcs) for k in ("commentary", "news", "primary")]
        with_stance = {c["source_id"] for c in cs if c["stance"] != ""}
        out.append(f"| {tid} | {len(cs)} | {by_kind[0]} | {by_kind[1]} | {by_kind[2]} | {len(srcs)} | {len(with_stance)} |")
        if len(srcs) < 3:
            few.append(tid)
        if len(srcs & seed) < 3:
            few_seed.append(tid)
    for field, title in (("claim_type", "claim_type"), ("evidence_type", "evidence_type")):
        out += ["", f"Claims per {title}", "", f"| {field} | claims |", "|---|---:|"]
        for value in enum(field):
            out.append(f"| {value} | {sum(c[field] == value for c in claims)} |")
    out += ["", "Claims per stance", "", "| stance | claims |", "|---|---:|"]
    for value in ("-2", "-1", "0", "1", "2"):
        out.append(f"| {value} | {sum(c['stance'] == value for c in claims)} |")
    out.append(f"| (empty: descriptive) | {sum(c['stance'] == '' for c in claims)} |")
    out += ["", "Themes addressed by fewer than 3 sources: " + (", ".join(few) or "none"), "",
            "Themes addressed by fewer than 3 of the seed articles: " + (", ".join(few_seed) or "none")]
    print("\n".join(out))


if __name__ == "__main__":
    main()
