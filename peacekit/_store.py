"""Checked datasets kept between kernels, so a lesson does not check the same files again.

The loaders check a whole datasets folder once per kernel (about 0.1 s for
the shipped data: every rule of ``python -m peacekit validate`` that they
share). Every lesson starts a new kernel, so that check ran in every lesson
although the files had not changed. This module keeps its result (the
typed tables and the problems the loaders refuse) in a small file and
reads it back, in a few milliseconds, when nothing it depends on changed.

What a kept result depends on, all part of its key:

* the folder, and the name and **content** of every file the check reads
  (hashed: about a millisecond for the shipped data, more as the texts
  grow), so an edit that
  keeps a file's size and time, or a copy that keeps its time, is seen;
* the source code of the kit's modules that hold the rules and build the
  tables (so a changed rule checks again), the kit's version, and the
  versions of Python, pandas, numpy, pyarrow and Frictionless (the tables
  are pickled pandas objects; Frictionless checks what the kit does not).

Where: the folder named by the environment variable ``PEACEKIT_CACHE`` (give
a full path), else ``$XDG_CACHE_HOME/peacekit``, else ``~/.cache/peacekit``.
``PEACEKIT_CACHE=off`` turns it off. At most :data:`KEEP` results are kept
(the oldest go). A folder that cannot be written, a file that cannot be read
or a result that does not unpickle is not an error: the folder is then
checked as before. Only the kit writes these files; a folder it makes is
private to the user, and on Linux and macOS a result is read (with
:mod:`pickle`, like other caches of the scientific Python stack) only when
the user owns the file.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata as metadata
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["KEEP", "cache_dir", "key", "load", "save"]

#: The environment variable that names the cache folder (``off`` turns the cache off).
ENV = "PEACEKIT_CACHE"
#: How many results are kept; the least recently written go first.
KEEP = 16
#: The kit's modules whose code decides what a check returns.
_RULE_MODULES = ("data.py", "schema.py", "validation.py", "_store.py")


def cache_dir() -> Path | None:
    """The folder results are kept in, or None when ``PEACEKIT_CACHE`` is ``off``."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "peacekit"


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """A digest of the rule modules' code and of the versions a pickled table depends on."""
    import numpy as np
    import pandas as pd

    from peacekit import __version__

    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _RULE_MODULES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    versions = [__version__, sys.version, pd.__version__, np.__version__, str(pickle.HIGHEST_PROTOCOL)]
    for package in ("pyarrow", "frictionless"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} none")
    digest.update(" ".join(versions).encode())
    return digest.hexdigest()


def key(folder: str, state: tuple[Any, ...]) -> str:
    """The name of the result of checking ``folder``: its files' names and contents, and the rules' code.

    ``state`` lists the files the check reads (``peacekit.data._folder_stamps``:
    each entry's first item is the file's path, absolute or relative to
    ``folder``); their times are not used, their contents are.
    """
    digest = hashlib.sha256(_code_version().encode())
    digest.update(folder.encode() + b"\0")
    base = Path(folder)
    for entry in state:
        name = str(entry[0])
        file = Path(name) if os.path.isabs(name) else base / name
        digest.update(name.encode() + b"\0")
        try:
            if file.is_file():
                digest.update(hashlib.sha256(file.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable\0")
    return digest.hexdigest()[:40]


def load(name: str) -> Any | None:
    """The kept result called ``name``, or None when there is none (or it cannot be read)."""
    where = cache_dir()
    if where is None:
        return None
    try:
        with open(where / f"{name}.pickle", "rb") as handle:
            if not _own(handle.fileno()):
                return None
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing, partial or stale file: check again
        return None


def _own(descriptor: int) -> bool:
    """True when the open file belongs to this user (always on systems without user ids).

    A pickle can run code when read, so a result some other account wrote
    (``PEACEKIT_CACHE`` set to a shared folder) is not read.
    """
    getuid = getattr(os, "getuid", None)
    return getuid is None or os.fstat(descriptor).st_uid == getuid()


def save(name: str, value: Any) -> None:
    """Keep ``value`` as ``name``; silently does nothing when the cache folder cannot be written."""
    where = cache_dir()
    if where is None:
        return
    temporary = None
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)  # the user's own
        handle, temporary = tempfile.mkstemp(dir=where, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, where / f"{name}.pickle")  # atomic: a reader sees all or nothing
        temporary = None
        _prune(where)
    except Exception:  # noqa: BLE001 - e.g. a read-only home or a full disk: the kit works without the cache
        if temporary is not None:
            try:
                os.remove(temporary)
            except OSError:
                pass


#: A half-written result older than this (seconds) was left by a kernel that stopped while writing.
STALE_PART = 3600


def _prune(where: Path) -> None:
    """Remove the oldest results beyond :data:`KEEP`, and half-written ones left by a stopped kernel."""
    kept = []
    now = time.time()
    for entry in os.scandir(where):
        try:
            info = entry.stat()
        except OSError:
            continue
        if entry.name.endswith(".pickle"):
            kept.append((info.st_mtime_ns, entry.path))
        elif entry.name.endswith(".part") and now - info.st_mtime > STALE_PART:
            try:
                os.remove(entry.path)
            except OSError:
                continue
    for _, path in sorted(kept, reverse=True)[KEEP:]:
        try:
            os.remove(path)
        except OSError:
            continue
