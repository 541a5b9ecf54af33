"""Write the printable sheets the teacher guide refers to, as print-ready HTML.

``make printables`` (or ``python tools/build_printables.py [FOLDER]``) writes
to ``printables/`` (default):

- ``sourcing-table.html``: lesson 02's sourcing table (``datasets/sources.csv``
  with how sure the kit is of each title, outlet, author and date);
- ``claims-to-code.html``: the claims of exercise 3.4 (the ``ten`` list of
  ``exercises/03-*.ipynb``) with their theme's proposition and a blank
  stance scale, without the kit's codes;
- ``claims-to-check.html``: the claims of exercise 6.1 (``to_check`` in
  ``exercises/06-*.ipynb``) with the timeline rows the kit links to them;
- ``role-cards.html``: one card per negotiator of lesson 08 (every party
  whose kind is not ``author``), with its latest stated positions and their
  evidence;
- ``rubric.html``: the unit's rubric and grade conversion (peacekit/rubric.py);
- ``check-in.html``: the confidential check-in form, from the template in
  ``docs/teacher-guide/sensitivity.md``.

Everything comes from the data and the exercise notebooks; nothing is read
from the network, and every text from the data is HTML-escaped.
"""

from __future__ import annotations

import ast
import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import peacekit as pk  # noqa: E402
from peacekit import rubric  # noqa: E402

OUT = ROOT / "printables"

_STYLE = """
@page { size: A4; margin: 15mm; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 11pt;
       line-height: 1.35; color: #000; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 4mm; } h2 { font-size: 13pt; margin: 4mm 0 2mm; }
p.meta { color: #333; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { border: 1px solid #444; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #eee; }
.card, .item { break-inside: avoid; page-break-inside: avoid; border: 1px solid #000; padding: 3mm 4mm;
               margin: 0 0 5mm; }
.card { break-after: page; page-break-after: always; }
.card:last-child { break-after: auto; page-break-after: auto; }
.scale span { display: inline-block; border: 1px solid #000; min-width: 12mm; text-align: center;
              margin-right: 2mm; padding: 1mm 0; }
.lines { border-bottom: 1px solid #999; height: 7mm; }
blockquote { margin: 1mm 0 2mm 4mm; font-style: italic; }
"""


def _page(title: str, body: str, note: str) -> str:
    e = html.escape
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>\n"
        f"<h1>{e(title)}</h1>\n<p class=\"meta\">{e(note)}</p>\n{body}\n</body></html>\n"
    )


def notebook_list(prefix: str, name: str, root: Path = ROOT) -> list[str]:
    """The list assigned to ``name`` in the exercise notebook ``exercises/<prefix>-*.ipynb``."""
    files = sorted((root / "exercises").glob(f"{prefix}-*.ipynb"))
    if not files:
        raise SystemExit(f"no exercises/{prefix}-*.ipynb: the sheet needs it.")
    pattern = re.compile(rf"^{re.escape(name)}\s*=\s*(\[.*?\])", flags=re.M | re.S)
    for cell in json.loads(files[0].read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            match = pattern.search("".join(cell["source"]))
            if match:
                return [str(v) for v in ast.literal_eval(match.group(1))]
    raise SystemExit(f"{files[0].name} assigns no list to {name!r}: the sheet needs it.")


def _source_labels() -> dict[str, str]:
    sources = pk.sources()
    label = "label" if "label" in sources.columns else "title"
    return {str(r["source_id"]): str(r.get(label) or r["source_id"]) for r in sources.to_dict("records")}


def claims_to_code(root: Path = ROOT) -> str:
    ids = notebook_list("03", "ten", root)
    claims = pk.claims().set_index("claim_id")
    themes = pk.themes().set_index("theme_id")
    labels = _source_labels()
    e = html.escape
    items = []
    for cid in ids:
        c = claims.loc[cid]
        theme = themes.loc[str(c["theme_id"])]
        quote = str(c["quote"]) if isinstance(c["quote"], str) and c["quote"] else f"(paraphrase) {c['paraphrase']}"
        items.append(
            f'<div class="item"><h2>{e(cid)} · {e(str(theme["label"]))}</h2>'
            f"<p><strong>Proposition:</strong> {e(str(theme['proposition']))}</p>"
            f"<blockquote>“{e(quote)}”</blockquote>"
            f"<p>— {e(str(c['speaker']))} ({e(str(c['speaker_role']))}), {e(labels.get(str(c['source_id']), str(c['source_id'])))}</p>"
            '<p class="scale">How far does the speaker agree with the proposition? '
            "<span>−2</span><span>−1</span><span>0</span><span>+1</span><span>+2</span></p>"
            '<p>Why (one line):</p><div class="lines"></div></div>'
        )
    return _page(
        "Lesson 03 — code these claims yourself",
        "\n".join(items),
        "Exercise 3.4. Decide how far the speaker agrees with the theme's proposition, from −2 (strongly "
        "disagrees) to +2 (strongly agrees); 0 is neutral or conditional. Code on your own first; compare "
        "with a partner and with the kit afterwards.",
    )


def claims_to_check(root: Path = ROOT) -> str:
    ids = notebook_list("06", "to_check", root)
    claims = pk.claims().set_index("claim_id")
    links = pk.claim_events()
    events = pk.timeline().set_index("event_id")
    labels = _source_labels()
    e = html.escape
    items = []
    for cid in ids:
        c = claims.loc[cid]
        linked = [str(x) for x in links[links["claim_id"] == cid]["event_id"]]
        rows = "".join(
            f"<tr><td>{e(eid)}</td><td>{e(str(events.loc[eid, 'date'])[:10])}</td><td>{e(str(events.loc[eid, 'event']))}</td></tr>"
            for eid in linked if eid in events.index
        )
        table = (
            f"<table><tr><th>event id</th><th>date</th><th>what the record says</th></tr>{rows}</table>"
            if rows else "<p>The kit links no timeline row to this claim: look for one yourself.</p>"
        )
        quote = str(c["quote"]) if isinstance(c["quote"], str) and c["quote"] else f"(paraphrase) {c['paraphrase']}"
        items.append(
            f'<div class="item"><h2>{e(cid)}</h2><blockquote>“{e(quote)}”</blockquote>'
            f"<p>— {e(str(c['speaker']))}, {e(labels.get(str(c['source_id']), str(c['source_id'])))}</p>{table}"
            "<p>Verdict: ☐ supported ☐ partly supported ☐ contradicted ☐ not checkable with the kit's data</p>"
            '<p>Evidence ids and why:</p><div class="lines"></div></div>'
        )
    return _page(
        "Lesson 06 — check these claims against the record",
        "\n".join(items),
        "Exercise 6.1. Read each claim, then the timeline rows the kit links to it (there may be others: "
        "search pk.timeline()). Two careful readers can disagree on 'supported' and 'partly supported': be "
        "ready to defend yours.",
    )


def role_cards(root: Path = ROOT) -> str:
    parties = pk.parties()
    negotiators = parties[parties["kind"].astype(str) != "author"]
    e = html.escape
    order = {"requires": 0, "rejects": 1, "accepts": 2}
    cards = []
    for party in negotiators.to_dict("records"):
        stated = pk.evaluate_package([], parties=[str(party["party_id"])])
        stated = stated[stated["position"].astype(str).isin(order)]
        stated = stated.assign(_o=stated["position"].astype(str).map(order)).sort_values(["_o", "term"])
        rows = "".join(
            f"<tr><td>{e(str(r['position']))}</td><td>{e(str(r['term']))}</td><td>{e(str(r['note']))}</td>"
            f"<td>{e(str(r['evidence_id']))}</td></tr>"
            for r in stated.to_dict("records")
        )
        cards.append(
            f'<div class="card"><h2>{e(str(party["label"]))}</h2>'
            f"<p>{e(str(party['description']))}</p>"
            "<table><tr><th>position</th><th>term</th><th>what the record shows</th><th>evidence</th></tr>"
            f"{rows}</table>"
            "<p>You may give up a position only if you can say why your best alternative to a deal has "
            "changed. Record every move.</p></div>"
        )
    return _page(
        "Lesson 08 — role cards for the negotiation",
        "\n".join(cards),
        "One card per negotiator, from the latest stated position of each party in datasets/positions.csv "
        "(terms with no stated position are left out). Evidence ids are claims (C…) or timeline events; "
        "look them up with pk.evaluate_package([], parties=[...]).",
    )


def rubric_sheet(root: Path = ROOT) -> str:
    e = html.escape
    levels = rubric.levels()
    head = "".join(f"<th>{lv.score} — {e(lv.name)}</th>" for lv in levels)
    rows = "".join(
        f"<tr><th>{e(c.label)}</th>" + "".join(f"<td>{e(d)}</td>" for d in c.descriptors) + "<td></td></tr>"
        for c in rubric.criteria()
    )
    grades = "".join(
        f"<tr><td>{low}–{high}</td><td>{lv.score} — {e(lv.name)}</td><td>{e(lv.suggested_grade)}</td></tr>"
        for low, high, lv in rubric.grade_bands()
    )
    body = (
        f"<table><tr><th>criterion</th>{head}<th>score</th></tr>{rows}</table>"
        f"<h2>Grade conversion (a suggestion)</h2><table><tr><th>total of the {len(rubric.criteria())} scores</th>"
        f"<th>band</th><th>suggested grade</th></tr>{grades}</table>"
        "<p>Comment on each row: what would raise the score?</p>" + '<div class="lines"></div>' * 6
    )
    return _page("The argument rubric (lesson 09)", body, "Argument by: ______________________   Theme: ______________________")


def sourcing_table(root: Path = ROOT) -> str:
    """Lesson 02's sourcing table: who wrote each text, where, when, and how sure the kit is of each."""
    sources = pk.sources()
    e = html.escape
    fields = [("title", "title"), ("outlet", "outlet"), ("author", "author"), ("date", "date"), ("genre", None)]
    head = "<tr><th>text</th>" + "".join(f"<th>{e(name)}</th>" for name, _ in fields) + "</tr>"

    def cell(row: dict, name: str, confidence: str | None) -> str:
        value = row.get(name)
        shown = "—" if value is None or (isinstance(value, float) and value != value) or str(value) in ("", "<NA>") else str(value)
        sure = row.get(f"{confidence}_confidence") if confidence else None
        note = f' <em>({e(str(sure))})</em>' if sure is not None and str(sure) not in ("", "<NA>", "nan") else ""
        return f"<td>{e(shown)}{note}</td>"

    rows = "".join(
        f"<tr><th>{e(str(r.get('short_label') or r['source_id']))}</th>"
        + "".join(cell(r, name, conf) for name, conf in fields) + "</tr>"
        for r in sources.to_dict("records")
    )
    return _page(
        "Lesson 02 — who wrote it, where, when, and how sure are we?",
        f"<table>{head}{rows}</table>",
        "From datasets/sources.csv. In brackets, how sure the kit is of each fact: confirmed (read on the "
        "page), inferred (worked out from other evidence: say 'probably'), unknown.",
    )


def check_in(root: Path = ROOT) -> str:
    """The confidential check-in form, taken from the template in the guide's sensitivity part."""
    text = (root / "docs" / "teacher-guide" / "sensitivity.md").read_text(encoding="utf-8")
    section = text.split("### Before the unit: a confidential check-in", 1)[1].split("\n### ", 1)[0]
    quoted = [line[1:].strip() for line in section.splitlines() if line.startswith(">")]
    if not quoted:
        raise SystemExit("docs/teacher-guide/sensitivity.md has no check-in template (a > block).")
    blocks: list[list[str]] = [[]]
    for line in quoted:
        if not line:
            blocks.append([])
        elif re.match(r"^\d+\. ", line) and blocks[-1]:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    e = html.escape
    parts = []
    for block in filter(None, blocks):
        joined = " ".join(block)
        item = re.match(r"^(\d+)\. (.*)$", joined)
        if item:
            parts.append(f'<div class="item"><p><strong>{item.group(1)}.</strong> {e(item.group(2))}</p>'
                         '<div class="lines"></div><div class="lines"></div></div>')
        else:
            parts.append(f"<p>{e(joined)}</p>")
    return _page("Before the unit: a confidential check-in", "\n".join(parts),
                 "Seen only by your teacher. You do not have to answer any question.")


SHEETS = {
    "sourcing-table.html": sourcing_table,
    "claims-to-code.html": claims_to_code,
    "claims-to-check.html": claims_to_check,
    "role-cards.html": role_cards,
    "rubric.html": rubric_sheet,
    "check-in.html": check_in,
}


def build(out: Path = OUT, root: Path = ROOT) -> list[Path]:
    """Write every sheet into ``out``; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in SHEETS.items():
        path = out / name
        path.write_text(make(root), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else OUT
    for path in build(out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
