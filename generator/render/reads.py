"""What the page being rendered reads: the keys of its record (depends.py).

The renderer opens `reading()` around each page; the helpers, lookup tables, link labels and
templates note what they give the page with `note(key)`. Outside a page nothing is noted.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import contextmanager
from typing import Iterator

from ..paging import NEAR, newest_chunk, pages_needed

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


def answered_from(inputs: str):
    """Marks an Index helper whose answer is a pure function of what its method `inputs` returns for the
    same arguments (and cheaper to digest than the answer): a page's record checks that instead of
    calling the helper (render/depends.py)."""
    def mark(helper):
        helper.answered_from = inputs
        return helper
    return mark


class Whole:
    """A model object among the inputs an `answered_from` method returns, standing for all its fields: the
    page records digest it as the object's stamp (render/depends.py), which they compute anyway, rather
    than its fields again (an article's text)."""
    __slots__ = ("object",)

    def __init__(self, obj):
        self.object = obj


OF_ITS_OBJECT: set[str] = set()  # the names of the helpers marked `of_its_object`


def of_its_object(helper):
    """Marks an Index helper whose answer is a function of its first argument, a model object, and of its
    other (plain) arguments alone: a page's record takes the answer's value over from the last render while
    that object is the same (render/depends.py, Inputs.stamp)."""
    OF_ITS_OBJECT.add(helper.__name__)
    return helper


AROUND: dict[str, dict[str, int | str]] = {}  # helper -> {"actor", "event" or "article": the argument naming it}


def around_its_actor(argument: int | str = 0):
    """Marks an Index helper whose answer is a function of one actor's neighbourhood (`Index.neighbourhood`:
    the actor, its events and quotes, the dates of their articles and the names of those it met) and of
    its other, plain, arguments; `argument` names the actor (an Actor or an id), by position or keyword. A
    page's record takes the answers over from the last render while that neighbourhood is the same, which
    is checked once for all the helpers of an actor page (render/depends.py)."""
    return _around("actor", argument)


def around_its_event(argument: int | str = 0):
    """Marks an Index helper whose answer is a function of one event's neighbourhood
    (`Index.event_neighbourhood`: the event and the names of its participants) and of its other, plain,
    arguments; `argument` names the event (an Event, or a list of that one event), by position or keyword.
    A page's record takes the answers over from the last render while that neighbourhood is the same
    (render/depends.py)."""
    return _around("event", argument)


def around_its_article(argument: int | str = 0):
    """Marks an Index helper whose answer is a function of one article's neighbourhood
    (`Index.article_neighbourhood`: the article, its quotes, the names it links, the actors it names and the
    events it reports) and of its other, plain, arguments; `argument` names the article (an Article or an
    id), by position or keyword. A page's record takes the answers over from the last render while that
    neighbourhood is the same (render/depends.py)."""
    return _around("article", argument)


def _around(kind: str, argument: int | str):
    def mark(helper):
        AROUND.setdefault(helper.__name__, {})[kind] = argument
        return helper
    return mark


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

    def page(self, size: int, number: int) -> tuple[int, list, int, Callable[[], None] | None]:
        """For `paginate(...)` (in the list's order) on page `number`: how many pages of `size` items the
        list needs, this page's items, the list's length and what notes that the page read the length;
        noting only the first two when the list is a helper's answer (a numbered page of the timeline keeps
        its items when an event is added after them); any other list is noted whole."""
        length = list.__len__(self)
        start = (number - 1) * size
        items = list.__getitem__(self, slice(start, start + size))
        if self.key[0] != "call":
            note(self.key)
            return pages_needed(length, size), items, length, None
        note(("pages", *self.key[1:], size))
        note(("slice", *self.key[1:], size, number))
        return pages_needed(length, size), items, length, functools.partial(note, self.key)

    def chunk(self, size: int, number: int) -> tuple[int, list]:
        """For `paginate(..., newest_first=true)` on numbered page `number`: how many whole chunks of
        `size` items (counted from the oldest) the list holds, counted up to `number + NEAR` (the page
        links to the pages just after its own, not to the last), and chunk `number` (oldest first),
        noting only those two things (a new item at the front changes neither, and a new chunk far off
        leaves the count as it is), when the list is a helper's answer; any other list is noted whole."""
        if self.key[0] != "call":
            note(self.key)
            return newest_chunk(self, size, number)
        note(("chunks", *self.key[1:], size, number + NEAR))
        note(("chunk", *self.key[1:], size, number))
        archived, chunk = newest_chunk(self, size, number)
        return min(archived, number + NEAR), chunk

