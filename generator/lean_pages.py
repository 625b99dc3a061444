"""Keep MkDocs's memory small on sites of many thousand pages.

MkDocs converts every page to HTML before it writes any, and keeps each page's
Markdown and HTML to the end of the build: at 1,000 articles that is most of
the 300 MB the site step needs, and it grows with every article. This plugin,
added by `site.run_mkdocs`, drops the Markdown once a page is converted, holds
the HTML compressed until the page is written, and drops it once written.
Page titles, links, anchors, the search index and the tags are unaffected.
"""
from __future__ import annotations

import re
import zlib

from material.plugins.tags.plugin import TagsPlugin
from mkdocs.plugins import BasePlugin, event_priority


def tags_plugins(config) -> list[TagsPlugin]:
    return [p for p in config.plugins.values() if isinstance(p, TagsPlugin) and p.config.enabled]


def tags_listing(config) -> str | None:
    """How a page asks Material's tags plugin for a listing (`<!-- material/tags -->`), as the plugin
    matches it (a case-insensitive regex); None without the plugin."""
    directives = sorted({p.config.listings_directive for p in tags_plugins(config)})
    return "|".join(r"<!--\s*?" + re.escape(d) for d in directives) or None


class LeanPages(BasePlugin):
    def __init__(self):
        super().__init__()
        self.held: dict[str, bytes] = {}  # page URL -> compressed HTML
        self.listings: set[str] = set()  # URLs of pages with a tags listing, kept whole

    @event_priority(100)  # before the tags plugin replaces its marker
    def on_page_markdown(self, markdown, *, page, config, files):
        listing = tags_listing(config)
        if listing and re.search(listing, markdown, re.I):
            self.listings.add(page.url)
        return markdown

    @event_priority(-100)  # after every other plugin has seen the HTML
    def on_page_content(self, html, *, page, config, files):
        if page.url in self.listings:
            return html  # the tags plugin fills its listings into this HTML before pages are written
        self.held[page.url] = zlib.compress(html.encode("utf-8"), 1)
        page.markdown = ""  # "" and not None: MkDocs reads None as "not read yet"
        return ""

    @event_priority(100)  # before the search plugin and the theme read page.content
    def on_page_context(self, context, *, page, config, nav):
        held = self.held.pop(page.url, None)
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")
        return context

    @event_priority(-100)
    def on_post_page(self, output, *, page, config):
        page.content = ""
        return output
