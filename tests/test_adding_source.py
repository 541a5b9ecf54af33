"""Adding a source, as docs/adding-a-source.md describes, in a scratch copy.

* ``new-source`` end to end: the text is copied, a ``sources.csv`` row is
  started with every field to fill marked, the next free claim id (computed
  here independently) and the next commands are printed; it never
  overwrites an id or a file.
* Filling in the row and 16 claims of an invented op-ed (its own text,
  verbatim quotes on several themes and stances) makes the folder valid and
  the loaders show the new source.
* The slow test (issue 10, item 2): with that source added, ``validate``
  passes, every widget builds, every solution notebook passes the check
  command and every lesson runs under nbval — all pointed at the scratch
  copy through ``PEACEKIT_DATA``. One of the new claims contradicts a
  lesson's "every author …" generalisation (lesson 05: every author who
  takes a stance on guarantee-credibility doubts paper guarantees), so a
  lesson or solution that hard-codes that answer fails here.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import peacekit as pk
from peacekit.data import TO_FILL, count_words, find_quote
from peacekit.new_source import main as new_source
from peacekit.validation import validate

ROOT = Path(__file__).resolve().parent.parent
NEW = "example-weekly-2026"
AUTHOR = "Mara Ellison (invented)"

# An invented op-ed: every sentence is written for these tests.
ARTICLE = """Peace needs guarantees that bind

A ceasefire agreed this year would freeze the front line where it stands. Supporters say it would stop the killing at once.

I believe written guarantees can hold when the guarantors put their own credibility on the line. The Minsk agreements failed because nobody enforced them, not because paper is worthless.

Ukraine should be invited to join NATO as soon as the fighting stops. Anything less invites the next war.

European troops should patrol the ceasefire line for at least a decade. A small force would be a tripwire, not an army.

No government in Kyiv can sign away occupied land, and none should. A frontier drawn by force rewards force.

Limits on the size of Ukraine's army would leave it defenceless. Kyiv must decide for itself how many soldiers it keeps.

Those who ordered the deportation of children must stand trial. Justice delayed is a second crime against the families.

Frozen Russian assets should pay for rebuilding Ukraine's cities. Moscow caused the damage and Moscow should bear the cost.

Western governments must keep sending air defence until a settlement is signed. Pausing deliveries now would only embolden the Kremlin.

A Kremlin spokesman told reporters that Russia would never accept Western troops near its borders. That claim deserves scrutiny, not deference.

The danger of nuclear escalation has been overstated by those who want Ukraine to give in. Russia has threatened often and acted rarely.

Talks can begin now if both sides accept monitors. Negotiating while fighting is how most wars have ended.

Washington should chair the talks, because no other capital can guarantee the outcome. Europe alone lacks the weight.

The war began with the annexation of Crimea in 2014, not in 2022. The full invasion widened a war that was already eight years old.

Whether the Russian government changes is for Russians to decide. A settlement must work with whoever holds power in Moscow.
"""

# (theme_id, speaker_role, stance, claim_type, evidence_type, quote, paraphrase, event_ids)
CLAIMS = [
    ("guarantee-credibility", "author", "2", "value", "precedent",
     "I believe written guarantees can hold when the guarantors put their own credibility on the line.",
     "The writer trusts pledges on paper when those who give them stake their reputation.",
     "minsk-ii-2015"),
    ("nato-membership", "author", "2", "policy", "none",
     "Ukraine should be invited to join NATO as soon as the fighting stops.",
     "The writer wants an alliance invitation for Kyiv once the war ends.", ""),
    ("foreign-troops", "author", "2", "policy", "none",
     "European troops should patrol the ceasefire line for at least a decade.",
     "The writer calls for a long European military presence along the front.", ""),
    ("territory", "author", "-2", "value", "none",
     "No government in Kyiv can sign away occupied land, and none should.",
     "The writer rejects any Ukrainian cession of territory.", ""),
    ("army-limits", "author", "-2", "prediction", "none",
     "Limits on the size of Ukraine's army would leave it defenceless.",
     "The writer warns that capping Ukrainian forces would strip the country of protection.", ""),
    ("justice", "author", "2", "value", "none",
     "Those who ordered the deportation of children must stand trial.",
     "The writer demands prosecution of the officials behind the removal of minors.", ""),
    ("reparations", "author", "2", "policy", "none",
     "Frozen Russian assets should pay for rebuilding Ukraine's cities.",
     "The writer wants immobilised Russian money spent on reconstruction.", ""),
    ("western-support", "author", "2", "policy", "none",
     "Western governments must keep sending air defence until a settlement is signed.",
     "The writer asks allies to continue supplying anti-aircraft systems.", ""),
    ("russia-security", "reported", "-2", "policy", "official",
     "Russia would never accept Western troops near its borders",
     "A Kremlin spokesman is reported as ruling out allied soldiers close to Russia.", ""),
    ("russia-security", "author", "-1", "value", "none",
     "That claim deserves scrutiny, not deference.",
     "The writer doubts the Kremlin's stated fear should be taken at face value.", ""),
    ("nuclear-escalation", "author", "-2", "value", "none",
     "The danger of nuclear escalation has been overstated by those who want Ukraine to give in.",
     "The writer thinks fear of atomic war is exaggerated by advocates of concession.", ""),
    ("talks-now", "author", "1", "policy", "none",
     "Talks can begin now if both sides accept monitors.",
     "The writer supports immediate negotiations on condition of observers.", ""),
    ("talks-now", "author", "1", "fact", "analogy",
     "Negotiating while fighting is how most wars have ended.",
     "The writer notes that many conflicts were settled during combat.", ""),
    ("us-role", "author", "2", "policy", "none",
     "Washington should chair the talks, because no other capital can guarantee the outcome.",
     "The writer wants the United States to lead the negotiation.", ""),
    ("root-cause", "author", "", "fact", "none",
     "The war began with the annexation of Crimea in 2014, not in 2022.",
     "The writer dates the start of the conflict to the seizure of the peninsula.",
     "crimea-annexation-treaty-2014"),
    ("russia-regime", "author", "-1", "value", "none",
     "Whether the Russian government changes is for Russians to decide.",
     "The writer leaves regime change to Russian citizens.", ""),
]

SOURCE_ROW = {
    "short_label": "Example Weekly op-ed (invented, 2026)",
    "title": "Peace needs guarantees that bind",
    "title_confidence": "confirmed",
    "outlet": "Example Weekly (invented for the kit's tests)",
    "outlet_confidence": "confirmed",
    "author": AUTHOR,
    "author_confidence": "confirmed",
    "affiliation": "",
    "date": "2026-01-15",
    "date_precision": "day",
    "date_confidence": "confirmed",
    "genre": "op-ed",
    "kind": "commentary",
    "party_id": "",
    "completeness": "full",
    "url": "https://example.org/peace-needs-guarantees",
    "url_confidence": "confirmed",
    "provenance": "An invented op-ed written for the kit's tests; not a real publication.",
}


# ------------------------------------------------------------------ helpers


def read_table(file: Path) -> tuple[list[str], list[dict[str, str]]]:
    rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")))
    return rows[0], [dict(zip(rows[0], row)) for row in rows[1:]]


def write_table(file: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[row.get(name, "") for name in header] for row in rows])
    file.write_text(out.getvalue(), encoding="utf-8", newline="")


def highest_claim_number(file: Path) -> int:
    _, rows = read_table(file)
    return max(int(row["claim_id"][1:]) for row in rows)


def paragraph_of(quote: str) -> int:
    blocks = [b for b in ARTICLE.split("\n\n") if b.strip()]
    found = [n for n, block in enumerate(blocks, 1) if quote in block]
    assert len(found) == 1, quote
    return found[0]


def add_example_source(folder: Path, tmp_path: Path) -> str:
    """Run new-source, fill in the row and add the claims; return new-source's output."""
    text = tmp_path / "article.txt"
    text.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))  # a Windows editor's file
    out = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(out):
        assert new_source([NEW, "--text", str(text), "--data", str(folder)]) == 0
    # fill in every field marked TO FILL
    header, rows = read_table(folder / "sources.csv")
    for row in rows:
        if row["source_id"] == NEW:
            row.update(SOURCE_ROW)
    write_table(folder / "sources.csv", header, rows)
    # the claims, numbered from the next free id
    header, rows = read_table(folder / "claims.csv")
    first = highest_claim_number(folder / "claims.csv") + 1
    for offset, (theme, role, stance, ctype, etype, quote, paraphrase, events) in enumerate(CLAIMS):
        rows.append(
            {
                "claim_id": f"C{first + offset:03d}",
                "source_id": NEW,
                "theme_id": theme,
                "speaker": AUTHOR if role == "author" else "Kremlin spokesman (as reported)",
                "speaker_role": role,
                "stance": stance,
                "claim_type": ctype,
                "evidence_type": etype,
                "quote": quote,
                "paraphrase": paraphrase,
                "paragraph": str(paragraph_of(quote)),
                "event_ids": events,
            }
        )
    write_table(folder / "claims.csv", header, rows)
    return out.getvalue()


@pytest.fixture()
def scratch(tmp_path: Path) -> Path:
    target = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", target)
    return target


# ------------------------------------------------------------------ new-source


def test_new_source_starts_a_row_and_says_what_to_do_next(
    scratch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected_id = f"C{highest_claim_number(scratch / 'claims.csv') + 1:03d}"
    text = tmp_path / "article.txt"
    text.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    assert new_source([NEW, "--text", str(text), "--data", str(scratch)]) == 0
    out = capsys.readouterr().out
    # the text: copied with LF endings, its words counted
    copied = scratch / "articles" / f"{NEW}.txt"
    assert copied.read_bytes() == ARTICLE.encode("utf-8")
    words = count_words(ARTICLE)
    assert f"{words} words" in out
    # the row: computed fields filled, every other field marked
    _, rows = read_table(scratch / "sources.csv")
    row = next(r for r in rows if r["source_id"] == NEW)
    assert row["text_file"] == f"articles/{NEW}.txt"
    assert row["word_count"] == str(words)
    assert row["seed"] == "false"
    assert row["kind"] == TO_FILL and row["completeness"] == TO_FILL and row["date"] == TO_FILL
    # the next claim id is computed, and the next commands are named
    assert f"Next free claim id: {expected_id}" in out
    assert f"{expected_id},{NEW}," in out  # the claims template row
    for command in ("python -m peacekit validate", "make exercises", "make test"):
        assert command in out
    # until the row is filled in, the validator names each marked cell
    marked = [p for p in validate(scratch) if "still says 'TO FILL'" in p.message]
    assert {p.column for p in marked} >= {"kind", "completeness", "genre", "date"}
    assert all(p.file == "datasets/sources.csv" and p.row == len(rows) + 1 for p in marked)


def test_new_source_never_overwrites(scratch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "article.txt"
    text.write_text(ARTICLE, encoding="utf-8")
    before = {p: p.read_bytes() for p in scratch.rglob("*") if p.is_file()}

    def unchanged() -> bool:
        return {p: p.read_bytes() for p in scratch.rglob("*") if p.is_file()} == before

    _, rows = read_table(scratch / "sources.csv")
    taken = rows[0]["source_id"]
    assert new_source([taken, "--text", str(text), "--data", str(scratch)]) == 1
    assert "already in sources.csv" in capsys.readouterr().out and unchanged()
    (scratch / "articles" / "orphan-2026.txt").write_text("An earlier draft.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in scratch.rglob("*") if p.is_file()}
    assert new_source(["orphan-2026", "--text", str(text), "--data", str(scratch)]) == 1
    assert "already exists" in capsys.readouterr().out and unchanged()
    assert new_source(["Bad Id!", "--text", str(text), "--data", str(scratch)]) == 1
    assert "not a usable source id" in capsys.readouterr().out and unchanged()
    assert new_source(["fine-2026", "--text", str(tmp_path / "missing.txt"), "--data", str(scratch)]) == 1
    assert "there is no text file" in capsys.readouterr().out and unchanged()
    (tmp_path / "latin1.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    assert new_source(["fine-2026", "--text", str(tmp_path / "latin1.txt"), "--data", str(scratch)]) == 1
    assert "not UTF-8" in capsys.readouterr().out and unchanged()


def test_new_source_is_a_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "peacekit", "new-source", "--help"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0 and "--text" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "peacekit", "new-source", "x-2026"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr


# ------------------------------------------------------------------ a complete source


def test_a_filled_in_source_is_valid_and_loaded(scratch: Path, tmp_path: Path) -> None:
    add_example_source(scratch, tmp_path)
    problems = validate(scratch)
    assert [p for p in problems if not p.warning] == [], "\n".join(map(str, problems))
    claims = pk.claims(path=scratch)
    mine = claims[claims["source_id"] == NEW]
    assert len(mine) == len(CLAIMS) >= 15
    assert mine["theme_id"].nunique() >= 10 and mine["stance"].dropna().nunique() >= 3
    assert NEW in set(pk.sources(path=scratch)["source_id"])
    for quote in mine["quote"]:
        assert find_quote(pk.article(NEW, path=scratch), quote) is not None


def test_too_few_claims_for_the_new_source_are_named(scratch: Path, tmp_path: Path) -> None:
    add_example_source(scratch, tmp_path)
    header, rows = read_table(scratch / "claims.csv")
    keep = [r for r in rows if r["source_id"] != NEW] + [r for r in rows if r["source_id"] == NEW][:10]
    write_table(scratch / "claims.csv", header, keep)
    problems = [str(p) for p in validate(scratch)]
    assert any(f"'{NEW}' has 10 claims in claims.csv; a commentary text needs at least 15" in p for p in problems)


# ------------------------------------------------------------------ the whole kit on it (slow)


WIDGETS = [name for name in pk.__all__ if name.endswith("_widget")]


@pytest.mark.slow
def test_the_kit_absorbs_a_new_source(scratch: Path, tmp_path: Path, ipython_dir: Path) -> None:
    from nbhelpers import run_nbval

    add_example_source(scratch, tmp_path)
    failures: list[str] = []

    problems = [p for p in validate(scratch) if not p.warning]
    if problems:
        failures.append("validate:\n" + "\n".join(map(str, problems)))

    for name in WIDGETS:
        try:
            getattr(pk, name)(path=scratch)
        except Exception as exc:  # noqa: BLE001 - collect every failure
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
    try:
        pk.reader_widget(NEW, path=scratch)
    except Exception as exc:  # noqa: BLE001
        failures.append(f"reader_widget({NEW!r}): {type(exc).__name__}: {exc}")

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("PEACEKIT_STRICT", None)
    env.pop("PEACEKIT_REPORT", None)
    env["PEACEKIT_DATA"] = str(scratch)
    for notebook in sorted((ROOT / "solutions").glob("*.ipynb")):
        result = subprocess.run(
            [sys.executable, "-m", "peacekit", "check", str(notebook)],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=900,
        )
        if result.returncode != 0:
            lines = [line for line in result.stdout.splitlines() if "❌" in line or "not yet" in line]
            failures.append(
                f"check {notebook.relative_to(ROOT)} (exit {result.returncode}):\n  "
                + "\n  ".join(lines or result.stdout.splitlines()[-5:] + result.stderr.splitlines()[-5:])
            )

    for lesson in sorted((ROOT / "lessons").glob("*.ipynb")):
        run = run_nbval(lesson, ipython_dir=ipython_dir, strict=False, extra_env={"PEACEKIT_DATA": str(scratch)})
        if not run.passed:
            tail = [line for line in run.output.splitlines() if re.search(r"Error|error|FAILED", line)]
            failures.append(f"nbval {lesson.relative_to(ROOT)}:\n  " + "\n  ".join(tail[-8:]))

    assert not failures, "With a new source added:\n" + "\n".join(failures)
