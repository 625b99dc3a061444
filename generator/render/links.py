"""Links between pages: every URL relative to the page being rendered."""
from __future__ import annotations

import posixpath

import jinja2
from urllib.parse import quote as url_quote

from .reads import NotedList, note
from .index import Index
from .reports import Report
from .text import md


def page_url(page: str, target: str, anchor: str | None = None) -> str:
    """A link from `page` to the Markdown file `target` (both relative to the docs folder)."""
    here = posixpath.dirname(page) or "."
    relative = _relative(target, here) if target != page else posixpath.basename(target)
    return url_quote(relative, safe="/.-_~") + (f"#{anchor}" if anchor else "")


def html_url(page: str, target: str, directory_urls: bool = True) -> str:
    """A link from `page` to the Markdown file `target` as the built site spells it, for raw HTML
    (an SVG picture), where MkDocs does not turn `.md` links into page URLs."""
    def site_path(md_path: str) -> str:
        if not md_path.endswith(".md"):
            return md_path  # a file such as briefing.json keeps its name
        stem = md_path[:-3]
        if not directory_urls:
            return stem + ".html"
        return stem[:-len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    here, there = site_path(page), site_path(target)
    folder = here.rsplit("/", 1)[0] if "/" in here else "."
    relative = _relative(there.rstrip("/"), folder) if there.rstrip("/") else posixpath.relpath(".", folder)
    if (there.endswith("/") or not there) and relative != ".":
        relative += "/"
    return url_quote("./" if relative == "." else relative, safe="/.-_~")


def _relative(target: str, folder: str) -> str:
    """posixpath.relpath(target, folder) for plain relative paths, without asking the operating system
    for the current folder twice a call (a large briefing makes hundreds of thousands of links)."""
    into = [] if folder == "." else folder.split("/")
    parts = target.split("/")
    if any(part in ("", ".", "..") for part in into + parts):
        return posixpath.relpath(target, folder)
    common = 0
    while common < len(into) and common < len(parts) and into[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(into) - common) + parts[common:]) or "."


def actor_page(actor_id: str) -> str:
    return f"actors/{actor_id}.md"  # (resolve never gives an actor the id "index")


def event_page(event_id: str) -> str:
    return f"events/{event_id}.md"


def article_page(article_id: str) -> str:
    return f"articles/{article_id}.md"


class Links:
    """The link helpers for one page: every URL is relative to the page being rendered."""

    def __init__(self, page: str, index: Index, reports: dict[str, Report] | None = None,
                 directory_urls: bool = True):
        self.page = page
        self.index = index
        self.reports = reports or {}
        self.directory_urls = directory_urls  # mkdocs.yml's use_directory_urls

    def actor_link(self, actor_id: str) -> str:
        """The URL of an actor's page.

        Example: [{{ actors[0].name|md }}]({{ actor_link(actors[0].id) }})
        """
        return page_url(self.page, actor_page(actor_id))

    def actor_url(self, actor_id: str) -> str:
        """The URL of an actor's page as the built site spells it, for raw HTML such as an SVG picture
        (in Markdown use `actor_link`).

        Example: <a href="{{ actor_url(actors[0].id) }}">{{ actors[0].name|e }}</a>
        """
        return html_url(self.page, actor_page(actor_id), self.directory_urls)

    def file_url(self, name: str) -> str:
        """The URL of a file the build writes beside the pages (`briefing.json`, `actors.csv`,
        `quotes.csv`, `meetings.csv`), for an HTML link.

        Example: <a href="{{ file_url('quotes.csv') }}" download>quotes.csv</a>
        """
        return html_url(self.page, name, self.directory_urls)

    def event_link(self, event) -> str:
        """The URL of an event's page (takes an Event or its id).

        Example: [details]({{ event_link(events[0]) }})
        """
        return page_url(self.page, event_page(event if isinstance(event, str) else event.id))

    def article_link(self, article_id: str) -> str:
        """The URL of an article's page.

        Example: [read]({{ article_link(articles[0].id) }})
        """
        return page_url(self.page, article_page(article_id))

    def sentence_link(self, article_id: str, sentence: int | None) -> str:
        """The URL of one sentence (anchor `s-N`) on an article's page; the article's top for None.

        Example: [source]({{ sentence_link(quotes[0].article, quotes[0].sentence) }})
        """
        return page_url(self.page, article_page(article_id), f"s-{sentence}" if sentence is not None else None)

    def page_link(self, target: str) -> str:
        """The URL of any page, given as its Markdown path in the docs folder.

        Example: [the timeline]({{ page_link("timeline.md") }}) · [reports]({{ page_link("reports/index.md") }})
        """
        return page_url(self.page, target)

    def report_link(self, name: str, item: str | None = None) -> str:
        """The URL of a report by name, or of one item's page in a per-item report (by its slug).

        Example: [weekly digests]({{ report_link("weekly-digest") }})
        """
        note(("label", "report", (name, item)))
        report = self.reports.get(name)
        if report is None:
            raise jinja2.UndefinedError(f"no report named {name!r} (known: {', '.join(self.reports) or 'none'})")
        if item is None:
            return page_url(self.page, report.page)
        items = report.items
        for found in items.unnoted() if isinstance(items, NotedList) else items:
            if found.slug == item:
                return page_url(self.page, found.page)
        raise jinja2.UndefinedError(f"report {name!r} has no item {item!r}")

    def actor_ref(self, actor_id: str | None) -> str:
        """A Markdown link to an actor's page, its name escaped; plain text when no such actor.

        Example: {{ actor_ref(actors[0].id) }}
        """
        note(("label", "actor", actor_id))
        if actor_id and actor_id in self.index.actor_by_id:
            return f"[{md(self.index.name(actor_id))}]({self.actor_link(actor_id)})"
        return md(actor_id or "unattributed")

    def event_ref(self, event) -> str:
        """A Markdown link to an event's page, titled with `event_title` (takes an Event or its id).

        Example: {{ event_ref(events[0]) }}
        """
        note(("label", "event", event if isinstance(event, str) else event.id))
        event = self.index.event_by_id.get(event) if isinstance(event, str) else event
        if event is None:
            return "unknown event"
        return f"[{md(self.index.event_title(event))}]({self.event_link(event)})"

    def article_ref(self, article_id: str) -> str:
        """A Markdown link to an article's page, its title escaped.

        Example: {{ article_ref(articles[0].id) }}
        """
        note(("label", "article", article_id))
        article = self.index.article_by_id.get(article_id)
        if article is None:
            return md(article_id)
        return f"[{md(article.title)}]({self.article_link(article_id)})"

    def globals(self) -> dict:
        return {name: getattr(self, name) for name in LINK_HELPERS}


LINK_HELPERS = ("actor_link", "actor_url", "file_url", "event_link", "article_link", "sentence_link", "page_link", "report_link",
                "actor_ref", "event_ref", "article_ref")


# --------------------------------------------------------------------------- environment
