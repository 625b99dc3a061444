"""Provenance in the built site: every link with a #fragment lands on an element with that id.

The site is built (real spaCy model, real MkDocs) from the repository's content/
plus two small invented articles in tests/fixtures/provenance/. Every HTML page
is read; every link into a page of the site that carries a fragment must point at
a page that exists and holds an element with that id. Sentence links (#s-N) must
land on a sentence of an article page.
"""
from __future__ import annotations

import json
import posixpath
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.build import Project
from generator.config import load_settings
from generator.build import build as build_site

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "provenance"


class _Page(HTMLParser):
    """The ids, the links (href) and the classes of the id-carrying elements of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, set[str]] = {}
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] = set((attrs.get("class") or "").split())
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    handle_startendtag = handle_starttag


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("provenance")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    for article in FIXTURES.glob("*.md"):
        shutil.copy(article, content / article.name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    project = Project(root, load_settings(root / "mkdocs.yml"))
    return build_site(project, content, root / "site")


@pytest.fixture(scope="module")
def pages(site) -> dict[str, _Page]:
    """Every built HTML page by its site path ("actors/taliban/index.html")."""
    parsed = {}
    for path in sorted(site.rglob("*.html")):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        parsed[path.relative_to(site).as_posix()] = page
    return parsed


def resolve(page: str, href: str, fragment_only: bool = True) -> tuple[str, str] | None:
    """(target page's site path, fragment) for a link inside the site (with a fragment), else None."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or (fragment_only and not parts.fragment) or not (parts.path or parts.fragment):
        return None
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    assert target != ".." and not target.startswith("../"), f"{page}: {href} leaves the site"
    if path.endswith("/") or not posixpath.splitext(target)[1]:
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, unquote(parts.fragment)


def test_every_fragment_link_lands_on_an_existing_anchor(pages):
    """Links to other pages and in-page links (table of contents, permalinks) alike."""
    checked, sentence_links = 0, Counter()
    broken = []
    for page, parsed in pages.items():
        for href in parsed.links:
            found = resolve(page, href)
            if found is None:
                continue
            target, fragment = found
            if target not in pages:
                broken.append(f"{page}: {href} → no page {target}")
                continue
            if fragment not in pages[target].ids:
                broken.append(f"{page}: {href} → {target} has no id {fragment!r}")
                continue
            checked += 1
            if fragment.startswith("s-"):
                assert target.startswith("articles/"), (page, href)
                assert "sentence" in pages[target].ids[fragment], (page, href, pages[target].ids[fragment])
                sentence_links[page.split("/")[0]] += 1
    print(f"\n{checked} fragment links checked over {len(pages)} pages; sentence links by section: "
          f"{dict(sentence_links)}")
    assert broken == [], "\n".join(broken)
    assert checked > 100
    # Sentence links come from every kind of page: home, actors, events, quotes, timeline, articles
    # (an article page links its extracted quotes to its own sentences).
    for section in ("index.html", "actors", "events", "quotes", "timeline", "articles"):
        assert sentence_links[section] > 0, (section, sentence_links)


def test_every_actor_page_links_its_claims_to_sentences(site, pages):
    """Each actor named in an article body links to a sentence (its mentions, roles, quotes, meetings);
    one named only in a headline links to the article."""
    data = json.loads((site / "briefing.json").read_text())
    assert len(data["articles"]) == 3
    for actor in data["actors"]:
        page = f"actors/{actor['id']}/index.html"
        assert page in pages, page
        targets = [t for t in (resolve(page, h, fragment_only=False) for h in pages[page].links) if t]
        in_body = [m for m in actor["mentions"] if m.get("field", "body") != "title"]
        if in_body:
            assert any(t.startswith("articles/") and f.startswith("s-") for t, f in targets), page
        else:
            assert any(t.startswith("articles/") for t, _ in targets), page
    quoted = {q["speaker"] for q in data["quotes"] if q["speaker"]}
    assert len(quoted) >= 3  # Kabulov, Holmberg, Dahl, Bennett, ...
    for speaker in quoted:
        html = (site / "actors" / speaker / "index.html").read_text(encoding="utf-8")
        assert 'class="quote"' in html, speaker


def test_article_pages_show_outlet_date_and_original_url(site):
    page = (site / "articles").glob("*/index.html")
    texts = {p.parent.name: p.read_text(encoding="utf-8") for p in page}
    fishing = next(t for name, t in texts.items() if "fishing" in name)
    assert "Example Wire" in fishing and "4 March 2024" in fishing
    assert 'href="https://news.example.org/2024/03/04/nordic-fishing-talks"' in fishing
    arctic = next(t for name, t in texts.items() if "arctic" in name)
    assert "Example Daily" in arctic and "12 March 2024" in arctic
    assert "https://daily.example.com/world/arctic-summit-postponed?id=42&amp;lang=en" in arctic


def test_search_covers_each_claim_once(site):
    """Actors, events and articles are searchable; the pages that only gather their claims
    again (the quote list, the reports; a report's list of its pages stays) are left out, so the index stays the size of the claims."""
    import json

    pages = {doc["location"].split("#")[0] for doc in
             json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]}
    assert any(p.startswith("actors/") and p != "actors/" for p in pages)
    assert any(p.startswith("events/") and p != "events/" for p in pages)
    assert any(p.startswith("articles/") and p != "articles/" for p in pages)
    assert "quotes/" not in pages
    assert "reports/meetings-by-status/" not in pages
    assert not [p for p in pages if p.startswith("reports/") and p.count("/") > 2]  # a digest or brief
    assert (site / "quotes" / "index.html").is_file()  # still built, only not indexed
