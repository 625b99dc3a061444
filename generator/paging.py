"""Long lists split over numbered pages, so that no page grows with the archive.

An actor named in 5,000 articles would otherwise get one page of megabytes, which
browsers load slowly and MkDocs builds slowly. A template asks for a list's share
of the page being rendered with `paginate(items)`; the renderer renders page 1,
sees how many pages the longest list needs, and renders the same template again
for pages 2, 3, ... at `continuation_page(page, n)`. Every list of one template
shares the page number: page 2 of an actor shows quotes 101-200, meetings 101-200
and so on, and a list that has run out shows nothing.

A list that grows at its front (newest first, `paginate(items, newest_first=true)`)
keeps its numbered pages when an item is added: page 1 shows the newest items (half
to one and a half `page_size` of them), and the numbered pages hold fixed chunks of
the older ones counted from the oldest, each oldest first (page 2: the first 100
ever, page 3: the next 100, ...). A new item changes page 1 only, and once every
`page_size` items adds a numbered page.
"""
from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass


def continuation_page(page: str, number: int) -> str:
    """The Markdown path of page `number` of `page`: "actors/x.md" → "actors/x/pages/2.md",
    "reports/y/index.md" → "reports/y/pages/2.md" (never a path another page can have)."""
    if number == 1:
        return page
    folder, name = posixpath.split(page)
    stem = name[:-len(".md")] if name.endswith(".md") else name
    base = folder if stem == "index" else posixpath.join(folder, stem)
    return posixpath.join(base, "pages", f"{number}.md")


@dataclass(slots=True)
class PageSlice:
    """One page's share of a long list (from `paginate`)."""
    items: list  # the items on this page (empty when the list ended on an earlier page)
    number: int  # the page being rendered, from 1
    first: int  # position of the first item in the whole list, from 1 (0 when none is here)
    _total: int  # (see total)
    oldest_first: bool = False  # a numbered page of a newest-first list: positions count from the oldest
    _on_read: Callable[[], None] | None = None  # notes that the page read the length (render/reads.py)

    @property
    def total(self) -> int:
        """Items in the whole list (on a numbered page of a newest-first list: those the numbered pages hold,
        counted up to the two pages after this one, so that a chunk added far off leaves this page as it is)."""
        if self._on_read is not None:
            self._on_read()
        return self._total

    @property
    def last(self) -> int:
        """Position of the last item on this page in the whole list."""
        return self.first + len(self.items) - 1 if self.items else 0

    @property
    def rest(self) -> bool:
        """True when the list goes on after this page (on page 1 of a newest-first list: older items)."""
        return self.last < self.total

    @property
    def span(self) -> str:
        """" (1–100 of 5000)" on page 1 of a list split over pages, " (101–200)" on a numbered page (which
        stays as it is when the list grows past it), " (101–200, oldest first)" on a numbered page of a
        newest-first list; "" for a list that fits: `## Quotes{{ shown.span }}`."""
        if self.items and self.oldest_first:  # (always a continuation)
            return f" ({self.first}–{self.last}, oldest first)"
        if not self.items or not (self.first > 1 or self.rest):  # (a numbered page does not read the total)
            return ""
        return f" ({self.first}–{self.last})" if self.number > 1 else f" ({self.first}–{self.last} of {self.total})"


@dataclass(slots=True)
class PageLink:
    number: int  # page number
    page: str  # its Markdown path, for page_link
    current: bool = False  # the page being rendered


@dataclass
class Paging:
    """The pagination of the page being rendered: its number, how many pages it spans, links to the others."""
    page: str  # page 1's Markdown path
    number: int = 1  # the page being rendered, from 1
    size: int = 100  # items of one list on one page (setting `page_size`)
    count: int = 1  # pages needed by the longest list paginated so far (see `total_known`)
    growing: bool = False  # a list paginated on this page is newest first

    def paginate(self, items, size: int | None = None, newest_first: bool = False) -> PageSlice:
        """This page's share of a long list: at most `page_size` items (setting) or `size`; the rest go on
        numbered pages of their own (`actors/x/pages/2.md`, ...), made by rendering the same template again.
        Every list of a page shares the page number; show `partials/pager.md.j2` for the links between them.
        `newest_first=true` for a list whose new items come first: page 1 shows the newest (half to one and
        a half `size` of them), the numbered pages fixed chunks of the older ones, oldest first, which a new
        item leaves as they are (the next build renders them again only when a chunk is added).

        Example: {% set shown = paginate(quotes, 2) %}{{ shown.first }}-{{ shown.last }} of {{ shown.total }}
        """
        size = max(1, size or self.size)
        self.growing = self.growing or newest_first
        if newest_first and self.number > 1:
            if hasattr(items, "chunk"):  # a helper's answer: the page notes only its chunk (render/reads.py)
                archived, chunk = items.chunk(size, self.number - 2)  # (chunks counted up to NEAR pages on)
                total = archived * size
            else:
                items = list(items)
                archived, chunk = newest_chunk(items, size, self.number - 2)
                total = len(items)
            self.count = max(self.count, archived + 1)
            first = (self.number - 2) * size + 1 if chunk else 0
            return PageSlice(chunk[::-1], self.number, first, total, oldest_first=True)
        if newest_first:
            items = list(items)  # page 1: the newest items, those no numbered page holds
            archived = _archived(len(items), size)
            self.count = max(self.count, archived + 1)
            shown = items[:len(items) - archived * size]
            return PageSlice(shown, 1, 1 if shown else 0, len(items))
        start = (self.number - 1) * size
        if hasattr(items, "page"):  # a helper's answer: the page notes its own items and the count of pages
            pages, shown, length, on_read = items.page(size, self.number)
            self.count = max(self.count, pages)
            return PageSlice(shown, self.number, start + 1 if shown else 0, length, _on_read=on_read)
        items = list(items)
        self.count = max(self.count, pages_needed(len(items), size))
        shown = items[start:start + size]
        return PageSlice(shown, self.number, start + 1 if shown else 0, len(items))

    @property
    def total_known(self) -> bool:
        """False on a numbered page with a newest-first list: it knows the pages near it, not how many there
        are (a new chunk at the far end would otherwise change every numbered page); the pager then says
        "Page 7", not "Page 7 of 1,200"."""
        return self.number == 1 or not self.growing

    @property
    def suffix(self) -> str:
        """" (page 2)" on a numbered page, "" on page 1: for titles, `{{ actor.name ~ paging.suffix }}`."""
        return f" (page {self.number})" if self.number > 1 else ""

    @property
    def pages(self) -> list[PageLink | None]:
        """Links to the first, last and nearby pages; None stands for a gap ("…")."""
        wanted = {1, self.count, *range(self.number - 2, self.number + 3)}
        links: list[PageLink | None] = []
        for n in sorted(n for n in wanted if 1 <= n <= self.count):
            if links and links[-1] is not None and links[-1].number < n - 1:
                links.append(None)
            links.append(PageLink(n, continuation_page(self.page, n), n == self.number))
        return links

    @property
    def previous(self) -> str | None:
        """Markdown path of the page before (None on page 1)."""
        return continuation_page(self.page, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        """Markdown path of the page after (None on the last)."""
        return continuation_page(self.page, self.number + 1) if self.number < self.count else None


NEAR = 3  # a numbered page of a newest-first list counts the chunks up to its own + NEAR (the pages it links to)


def pages_needed(length: int, size: int) -> int:
    """How many pages of `size` items a list (in its own order) of `length` items fills."""
    return -(-length // size)


def newest_chunk(items: list, size: int, number: int) -> tuple[int, list]:
    """How a newest-first list is laid out on numbered pages: the number of whole chunks of `size` its
    oldest items make (less the newest, which page 1 shows with the rest), and chunk `number` of them
    counted from the oldest (the items of page `number + 2`, newest first). Read with list's own methods,
    so that a list noting its reads (render/reads.py) is not noted whole."""
    length = list.__len__(items)
    archived = _archived(length, size)
    if number >= archived:
        return archived, []
    end = length - number * size
    return archived, list.__getitem__(items, slice(end - size, end))


def _archived(length: int, size: int) -> int:
    """How many whole chunks of `size` the numbered pages of a newest-first list of `length` items hold:
    as many as leave page 1 at least half a chunk (so page 1 shows half to one and a half `size` items,
    a hub page that every new article changes stays small, and no page 1 is ever empty)."""
    return max(0, (length - (size + 1) // 2) // size)
