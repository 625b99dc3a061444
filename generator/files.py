"""Files written whole or not at all: beside their place first, then renamed into it.

A build killed or failing half-way leaves the previous file (or none), never half of one; the file
beside is removed when the writing fails.
"""
from __future__ import annotations

import os
import shutil
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
