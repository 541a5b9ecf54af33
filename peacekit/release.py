"""``python -m peacekit release DIR``: write the students' copy of the kit.

The copy holds what a class needs and nothing a teacher keeps back:

- ``lessons/``, ``exercises/`` and ``datasets/``;
- the documents written for students (:data:`STUDENT_DOCS`);
- ``.peacekit/exercises/``: the pristine exercise notebooks, which the check
  command compares a student's notebook with (the student's own
  ``exercises/`` are their work, so they cannot be the reference);
- a short ``README.md`` for students.

It never holds ``solutions/``, the teacher guide (its answer notes), the
tests or the tools. The folder is meant to be committed to a ``student``
branch that an nbgitpuller link points at (docs/teacher-guide/deployment.md,
"A students' copy without solutions").

The kit itself (the ``peacekit`` package) is not copied: on a hub it is
installed in the image, and the lessons find the copy's ``datasets/`` from
their own folder (:func:`peacekit.data.data_dir`).
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from peacekit import __version__

__all__ = ["STUDENT_DOCS", "main", "release"]

#: The documents a student may read (all others in docs/ are for teachers).
STUDENT_DOCS = ("checking-your-work.md", "glossary.md", "codebook.md", "adding-a-source.md")

#: The folders copied whole from the kit.
FOLDERS = ("lessons", "exercises", "datasets")

#: Marks a folder as a student copy, so a later release may replace it.
MARKER = Path(".peacekit") / "release.json"

_README = """# peacekit: lessons for students

Open `lessons/00-start-here.ipynb` first. Each lesson `lessons/NN-topic.ipynb`
has an exercise notebook `exercises/NN-topic.ipynb`: fill in the `...`, run
each check cell, and use `hint("N.M")` when you are stuck.

To check a whole exercise notebook, open a terminal (File → New → Terminal)
in this folder and type, for example:

```
python -m peacekit check exercises/00-start-here.ipynb
```

It runs a copy of your notebook from a fresh kernel and never changes your
file. See `docs/checking-your-work.md`.

The data the lessons read is in `datasets/` (`datasets/README.md`). Words
are explained in `docs/glossary.md`.

Written by `python -m peacekit release` (peacekit {version}).
"""


def _kit_root() -> Path | None:
    root = Path(__file__).resolve().parent.parent
    return root if all((root / name).is_dir() for name in FOLDERS) else None


def release(target: str | Path, *, source: str | Path | None = None) -> list[Path]:
    """Write the students' copy of the kit into ``target``.

    Parameters
    ----------
    target : str or Path
        An empty or missing folder, or an earlier student copy (its
        ``.peacekit/release.json`` says so; its kit folders are replaced).
    source : str or Path, optional
        The kit checkout to copy from (default: the one this package is in).

    Returns
    -------
    list of Path
        The files written, relative to ``target``.

    Raises
    ------
    ValueError
        With one sentence, when there is no kit to copy from or ``target``
        is a folder that is neither empty nor an earlier student copy.
    """
    root = Path(source) if source is not None else _kit_root()
    if root is None or not all((root / name).is_dir() for name in FOLDERS):
        raise ValueError(
            "release copies lessons/, exercises/ and datasets/ from a clone of the kit; "
            "run it from a clone (git clone, then python -m peacekit release DIR)."
        )
    root = root.resolve()
    out = Path(target).expanduser().resolve()
    if out == root or root in out.parents:
        raise ValueError(f"{out} is inside the kit itself; choose a folder outside it.")
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file; give a folder for the students' copy.")
    if out.is_dir():
        others = [p for p in out.iterdir() if p.name != ".git"]
        if others and not (out / MARKER).is_file():
            raise ValueError(
                f"{out} is not empty and is not an earlier student copy; give an empty or new folder."
            )
        for name in (*FOLDERS, "docs", ".peacekit", "README.md", "solutions"):
            path = out / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    out.mkdir(parents=True, exist_ok=True)

    def ignore(_folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n in {"__pycache__", ".ipynb_checkpoints"} or n.endswith(".bak")}

    for name in FOLDERS:
        shutil.copytree(root / name, out / name, ignore=ignore)
    shutil.copytree(root / "exercises", out / ".peacekit" / "exercises", ignore=ignore)
    (out / "docs").mkdir()
    for name in STUDENT_DOCS:
        if (root / "docs" / name).is_file():
            shutil.copy2(root / "docs" / name, out / "docs" / name)
    (out / "README.md").write_text(_README.format(version=__version__), encoding="utf-8")
    (out / MARKER).write_text(
        json.dumps({"peacekit": __version__, "folders": list(FOLDERS), "docs": list(STUDENT_DOCS)}, indent=1)
        + "\n",
        encoding="utf-8",
    )
    return sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file() and ".git" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m peacekit release DIR``."""
    parser = argparse.ArgumentParser(
        prog="python -m peacekit release",
        description="Write a copy of the kit for students: lessons, exercises, datasets and student docs, "
        "without solutions/ or the teacher guide.",
    )
    parser.add_argument("folder", type=Path, help="an empty folder, or an earlier student copy to replace")
    args = parser.parse_args(argv)
    try:
        files = release(args.folder)
    except ValueError as exc:
        print(exc)
        return 2
    print(f"Wrote {len(files)} files to {args.folder} (no solutions/, no teacher guide).")
    print("To publish it, commit that folder to a student branch: docs/teacher-guide.md, "
          "\"A students' copy without solutions\".")
    return 0
