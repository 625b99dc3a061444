"""Files written whole or not at all: beside their place first, then renamed into it.

A build killed or failing half-way leaves the previous file (or none), never half of one; the file
beside is removed when the writing fails.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TextIO


def link_or_copy(source: Path, target: Path) -> None:
    """`target` (which must not exist) as a hard link to `source`, or a copy where the file system cannot
    link: sites share the files that did not change between builds."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def beside(path: Path) -> Path:
    """Where `path` is written before it is renamed into place (hidden: no reader takes it for a file)."""
    return path.with_name(f".{path.name}.tmp")


@contextmanager
def written(path: Path, encoding: str = "utf-8", newline: str | None = None,
            check: Callable[[Path], None] | None = None, binary: bool = False) -> Iterator[TextIO]:
    """A text file (a binary one with `binary`) to write in the `with` block; it takes its place when the
    block ends without an error (and `check`, given the written file, raises none)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = beside(path)
    try:
        with (tmp.open("wb") if binary else tmp.open("w", encoding=encoding, newline=newline)) as out:
            yield out
        if check is not None:
            check(tmp)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    with written(path) as out:
        out.write(text)


RACY_NS = 2 * 10**9  # what is learnt of a file modified this close before it was looked at is not kept


class NotedFiles:
    """What a build learnt of some files (a hash, a check they passed), kept by each file's size and
    modification time as git's index keeps them: a later build takes it over for a file of the same size
    and time instead of reading the file again. A file modified less than RACY_NS before it was looked at
    may be written again within the same tick of the file system's clock, its size and time unchanged: what
    was learnt of it is not kept (it is looked at again next time). A record made for another `key` (a
    version, a folder), or unreadable, vouches for none; `valid` says whether what was noted of a file is of
    the expected form."""

    def __init__(self, path: Path | None, key: list, valid: Callable[[list], bool] = lambda noted: True):
        self.path, self.key = path, key
        self.known: dict[str, list] = {}  # name -> [size, time, *what was noted], as read
        self.now: dict[str, list] = {}  # the same, for the files this build noted
        self.added = False  # whether this build noted anything the record did not hold
        if path is None:
            return
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data["key"] != key:
                return
            self.known = {name: entry for name, entry in data["files"].items() if isinstance(entry, list)
                          and len(entry) >= 2 and type(entry[0]) is type(entry[1]) is int and valid(entry[2:])}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self.known = {}

    def vouched(self, name: str, stat: list[int]) -> list | None:
        """What was noted of the file when it had this size and time ([size, mtime_ns]); None if nothing."""
        entry = self.known.get(name)
        return entry[2:] if entry is not None and entry[:2] == stat else None

    def note(self, name: str, stat: list[int], *noted) -> None:
        """What this build learnt of the file, looked at just now with this size and time (once each: what
        was noted before is let go, or kept when the same)."""
        entry = self.known.pop(name, None)
        if entry is not None and entry[:2] == stat and entry[2:] == list(noted):
            self.now[name] = entry
        elif stat[1] < time.time_ns() - RACY_NS:
            self.now[name] = [*stat, *noted]
            self.added = True
        else:  # (modified a moment ago: not kept)
            self.added = self.added or entry is not None

    def save(self) -> None:
        """The files this build noted (only those: a file it did not look at is not vouched for again)."""
        if self.path is not None:
            write_text(Path(self.path), json.dumps({"key": self.key, "files": self.now}, separators=(",", ":")))


def stat_of(handle) -> list[int]:
    """An open file's size and modification time, as NotedFiles keeps them."""
    found = os.fstat(handle.fileno())
    return [found.st_size, found.st_mtime_ns]
