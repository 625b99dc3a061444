"""What the page being rendered reads: the keys of its record (depends.py).

The renderer opens `reading()` around each page; the helpers, lookup tables, link labels and
templates note what they give the page with `note(key)`. Outside a page nothing is noted.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

_reads: set | None = None  # the keys noted by the page being rendered


def note(key: tuple) -> None:
    """Note that the page being rendered (if any) read `key`."""
    if _reads is not None:
        _reads.add(key)


@contextmanager
def reading() -> Iterator[set]:
    """The keys a page reads while the `with` block renders it."""
    global _reads
    outer, _reads = _reads, set()
    try:
        yield _reads
    finally:
        _reads = outer


class NotedList(list):
    """A list whose reading is noted as one key (a report's items: the pages of a per-item report
    depend on their own item, and only those that read the whole list on all of them)."""

    def __init__(self, key: tuple, items):
        super().__init__(items)
        self.key = key

    def __iter__(self):
        note(self.key)
        return super().__iter__()

    def __reversed__(self):
        note(self.key)
        return super().__reversed__()

    def __len__(self):
        note(self.key)
        return super().__len__()

    def __getitem__(self, index):
        note(self.key)
        return super().__getitem__(index)

    def __contains__(self, value):
        note(self.key)
        return super().__contains__(value)

    def unnoted(self) -> list:
        """The items, read by the renderer itself (not by a page)."""
        return list.copy(self)
