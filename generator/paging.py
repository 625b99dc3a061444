"""Long lists split over numbered pages, so that no page grows with the archive.

An actor named in 5,000 articles would otherwise get one page of megabytes, which
browsers load slowly and MkDocs builds slowly. A template asks for a list's share
of the page being rendered with `paginate(items)`; the renderer renders page 1,
sees how many pages the longest list needs, and renders the same template again
for pages 2, 3, ... at `continuation_page(page, n)`. Every list of one template
shares the page number: page 2 of an actor shows quotes 101-200, meetings 101-200
and so on, and a list that has run out shows nothing.
"""
from __future__ import annotations

import posixpath
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
    total: int  # items in the whole list

    @property
    def last(self) -> int:
        """Position of the last item on this page in the whole list."""
        return self.first + len(self.items) - 1 if self.items else 0

    @property
    def rest(self) -> bool:
        """True when the list goes on after this page."""
        return self.last < self.total

    @property
    def span(self) -> str:
        """" (101–200 of 5000)" for a list split over pages, "" for one that fits: `## Quotes{{ shown.span }}`."""
        return f" ({self.first}–{self.last} of {self.total})" if self.items and self.rest or self.first > 1 else ""


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
    count: int = 1  # pages needed by the longest list paginated so far

    def paginate(self, items, size: int | None = None) -> PageSlice:
        """This page's share of a long list: at most `page_size` items (setting) or `size`; the rest go on
        numbered pages of their own (`actors/x/pages/2.md`, ...), made by rendering the same template again.
        Every list of a page shares the page number; show `partials/pager.md.j2` for the links between them.

        Example: {% set shown = paginate(quotes, 2) %}{{ shown.first }}-{{ shown.last }} of {{ shown.total }}
        """
        items = list(items)
        size = max(1, size or self.size)
        self.count = max(self.count, -(-len(items) // size))
        start = (self.number - 1) * size
        shown = items[start:start + size]
        return PageSlice(shown, self.number, start + 1 if shown else 0, len(items))

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
