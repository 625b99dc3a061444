"""End to end in a real browser: the built site, served on loopback, driven in headless Chromium.

home page → Material's search for "Kabulov" → his actor page → his quote → its
provenance link → the highlighted sentence on the article page. Screenshots of
every step go to test-artifacts/browser/ (git-ignored; CI keeps them).

Needs Debian's `chromium` (`apt-get install chromium`, which .ci/run does) and the
Python `playwright` driver; never `playwright install`. Without them the tests
fail when the CI variable is set and are skipped otherwise.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.build import Project
from generator.config import load_settings
from generator.build import build as build_site

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUOTE = "We have been providing diplomatic assistance"
TIMEOUT_MS = 15_000


def _unavailable(reason: str):
    """Fail in CI (the browser test must run there), skip on a developer machine."""
    message = f"{reason}; install Debian's chromium (apt-get install chromium, as .ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site built from the repository's content/ with a copy of mkdocs.yml and templates/."""
    root = tmp_path_factory.mktemp("browser-project")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    project = Project(root, load_settings(root / "mkdocs.yml"))
    return build_site(project, CONTENT, root / "site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


@pytest.fixture(scope="module")
def base_url(site):
    """The site served on 127.0.0.1 at a free port, for the module's tests."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python playwright driver is not installed (pip install -e '.[test]')")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that may load nothing but the served site (no fonts or scripts from the web)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.route(re.compile(r"^(?!" + re.escape(base_url) + r"/).*"), lambda route: route.abort())
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield page
    finally:
        context.close()


def shot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def background(page, selector: str) -> str:
    """The colour actually painted behind an element: its own or the nearest ancestor's."""
    return page.eval_on_selector(selector, """element => {
        for (let node = element; node; node = node.parentElement) {
            const colour = getComputedStyle(node).backgroundColor;
            if (colour && colour !== "transparent" && colour !== "rgba(0, 0, 0, 0)") return colour;
        }
        return "rgba(0, 0, 0, 0)";
    }""")


# --------------------------------------------------------------------------- tests


def test_search_actor_quote_and_highlighted_sentence(page, base_url):
    # 1. The home page, a briefing.
    page.goto(f"{base_url}/")
    page.locator("h1", has_text="Briefing").wait_for()
    assert page.locator("h2", has_text="Most active actors").is_visible()
    assert page.locator("h2", has_text="Latest quotes").is_visible()
    shot(page, "01-home")
    # The who-met-whom network is drawn (SVG made at build time).
    assert page.locator("div.network svg circle").count() >= 2
    page.locator("h2", has_text="Who met whom").scroll_into_view_if_needed()
    shot(page, "01-home-who-met-whom")
    page.evaluate("window.scrollTo(0, 0)")

    # 2. Material's search finds the actor by his surname.
    search = page.locator("input.md-search__input")
    if not search.is_visible():  # narrow screens: the search opens from a header button
        page.locator("label[for='__search']:visible").first.click()
    search.click()
    search.press_sequentially("Kabulov")
    result = page.locator("a.md-search-result__link[href*='actors/zamir-kabulov/']").first
    result.wait_for(state="visible")
    shot(page, "02-search-kabulov")

    # 3. His actor page, with his quote.
    result.click()
    page.wait_for_url(re.compile(r".*/actors/zamir-kabulov/(\?[^#]*)?(#.*)?$"))
    page.locator("h1", has_text="Zamir Kabulov").wait_for()
    quote = page.locator("article blockquote", has_text=QUOTE).first
    quote.wait_for(state="visible")
    shot(page, "03-actor-zamir-kabulov")

    # 4. Its provenance link leads to the sentence, highlighted, on the article page.
    link = quote.locator("a[href*='#s-']").first
    href = link.get_attribute("href")
    anchor = href.split("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(r".*/articles/[^/]+/#" + re.escape(anchor) + "$"))
    sentence = page.locator(f"[id='{anchor}']")
    sentence.wait_for(state="visible")
    assert QUOTE in sentence.inner_text()
    page.wait_for_function("id => document.getElementById(id).matches(':target')", arg=anchor)
    assert sentence.evaluate("element => element.matches(':target')")
    highlight = background(page, f"[id='{anchor}']")
    page_background = background(page, "article.md-content__inner")
    assert highlight != page_background, (highlight, page_background)
    assert sentence.evaluate("""element => {
        const box = element.getBoundingClientRect();
        return box.bottom > 0 && box.top < window.innerHeight;
    }"""), "the highlighted sentence is not scrolled into view"
    path = unquote(urlsplit(page.url).path)
    shot(page, "04-article-highlighted-sentence")

    # The article page says where the text came from.
    assert page.locator("article li", has_text="Date:").first.is_visible()
    assert page.locator("article li", has_text="Source:").first.is_visible()
    assert path.startswith("/articles/")
    assert page.errors == []


def test_direct_link_highlights_and_dark_palette(page, base_url, site):
    """A provenance link opened directly (no instant navigation), and the dark palette."""
    article = next((site / "articles").glob("*/index.html")).parent.name
    page.goto(f"{base_url}/articles/{article}/#s-1")
    sentence = page.locator("[id='s-1']")
    sentence.wait_for(state="visible")
    assert sentence.evaluate("element => element.matches(':target')")
    light = background(page, "[id='s-1']")
    assert light != background(page, "article.md-content__inner")

    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert background(page, "[id='s-1']") != background(page, "article.md-content__inner")
    shot(page, "05-article-dark")

    page.emulate_media(media="print")
    assert not page.locator("header.md-header").is_visible()
    page.screenshot(path=str(ARTIFACTS / "06-article-print.png"), full_page=True)
    assert page.errors == []


def test_search_finds_a_quote_by_its_words(page, base_url):
    page.goto(f"{base_url}/actors/")  # any page: search works the same everywhere
    search = page.locator("input.md-search__input")
    if not search.is_visible():
        page.locator("label[for='__search']:visible").first.click()
    search.click()
    search.press_sequentially("diplomats fall silent")
    results = page.locator("a.md-search-result__link", has_text="guns begin to speak")
    results.first.wait_for(state="visible")
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    listed = [i for i, h in enumerate(hrefs) if "/articles/" in h and h.endswith("#quotes")]
    assert listed, hrefs  # the article's list of quotes, which names the speaker
    assert "Zamir Kabulov" in results.nth(listed[0]).text_content()
    shot(page, "07-search-quote-words")
    assert page.errors == []


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "mobile"])
def test_pictures_draw_offline_with_no_request_to_another_host(browser, base_url, site, width):
    """Home, an actor, an event and a weekly digest with every request to another host blocked and
    recorded: the network and the charts are drawn, nothing asks another host, no console error."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    outside, errors = [], []

    def route(request_route):
        if request_route.request.url.startswith(base_url + "/"):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    event = next((site / "events").glob("*/index.html")).parent.name
    week = next(p.parent.name for p in (site / "reports" / "weekly-digest").glob("*/index.html"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, path, nodes, bars in [("home", "/", 2, 2), ("actor", "/actors/zamir-kabulov/", 2, 0),
                                    ("event", f"/events/{event}/", 2, 0),
                                    ("digest", f"/reports/weekly-digest/{week}/", 0, 1)]:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        drawn = page.eval_on_selector_all("div.network svg circle", "els => els.filter(e => e.getBBox().width > 0).length")
        marks = page.eval_on_selector_all("div.chart svg rect", "els => els.filter(e => e.getBBox().height > 0).length")
        assert drawn >= nodes and marks >= bars, (name, drawn, marks)
        if nodes:  # a node links to its actor's page
            href = page.locator("div.network svg a").first.get_attribute("xlink:href")
            assert page.request.get(urljoin(page.url, href)).ok, href
        page.screenshot(path=str(ARTIFACTS / f"pictures-{name}-{width}.png"), full_page=True)
    context.close()
    assert outside == [] and errors == [], (outside, errors)


def _search(page, words: str) -> list[str]:
    """The links of the search results for `words`, best first (top-level results only)."""
    search = page.locator("input.md-search__input")
    if not search.is_visible():
        page.locator("label[for='__search']:visible").first.click()
    search.click()
    search.press_sequentially(words)
    page.locator("li.md-search-result__item > a.md-search-result__link").first.wait_for(state="visible")
    page.wait_for_timeout(300)  # the worker answers each key; let the last answer land
    hrefs = page.eval_on_selector_all("li.md-search-result__item > a.md-search-result__link",
                                      "links => links.map(a => a.getAttribute('href'))")
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.parametrize("name, actor", [("Taliban", "taliban"), ("Russia", "russia"), ("Kabulov", "zamir-kabulov")])
def test_searching_a_name_puts_the_actors_page_first(page, base_url, name, actor):
    page.goto(f"{base_url}/")
    results = _search(page, name)
    assert results[0] == f"/actors/{actor}/", results[:5]
    shot(page, f"08-search-{actor}-first")
    assert page.errors == []


def test_the_template_reference_is_out_of_the_readers_way(page, base_url):
    page.goto(f"{base_url}/")
    nav = page.eval_on_selector_all("nav.md-nav--primary a", "links => links.map(a => a.textContent.trim())")
    assert "Reports" in nav and "Data" in nav and "Template reference" not in nav
    assert "/reference/" not in _search(page, "template reference")
    page.goto(f"{base_url}/reports/")
    page.locator("article a[href*='reference']").first.click()  # ... reached from the Reports page
    page.locator("h1", has_text="Template reference").wait_for()


def test_an_actors_meetings_come_first_then_quotes_then_the_timeline(page, base_url):
    page.goto(f"{base_url}/actors/taliban/")
    meetings = page.locator("h2#meetings-and-visits")
    assert meetings.bounding_box()["y"] < 900  # on the first screen
    tops = [page.locator(f"h2#{anchor}").bounding_box()["y"] for anchor in ("meetings-and-visits", "timeline")]
    assert tops == sorted(tops)
    page.goto(f"{base_url}/actors/zamir-kabulov/")
    tops = [page.locator(f"h2#{anchor}").bounding_box()["y"] for anchor in ("meetings-and-visits", "quotes", "timeline")]
    assert tops == sorted(tops)
    assert page.locator("li", has_text="Roles:").count() + page.locator("li", has_text="Role:").count() >= 1
    shot(page, "09-actor-order")
    assert page.errors == []


def _visible_rows(page) -> list[list[str]]:
    return page.eval_on_selector_all("article table tbody tr:not([hidden])",
                                     "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))")


def test_index_tables_sort_and_filter_offline(page, base_url, site):
    page.goto(f"{base_url}/events/")
    form = page.locator("form.table-filter")
    form.wait_for()
    everything = _visible_rows(page)
    assert len(everything) >= 3
    form.locator("select[aria-label='Status']").select_option("cancelled")
    rows = _visible_rows(page)
    assert rows and all(row[4] == "cancelled" for row in rows) and len(rows) < len(everything)
    form.locator("select[aria-label='Status']").select_option("")
    form.locator("input[aria-label='From']").fill("2019-09-01")
    form.locator("input[aria-label='To']").fill("2019-09-30")
    rows = _visible_rows(page)
    assert rows and all("September 2019" in row[0] for row in rows), rows
    shot(page, "10-events-filtered-by-date")

    page.goto(f"{base_url}/actors/")
    form = page.locator("form.table-filter")
    form.locator("select[aria-label='Type']").select_option("person")
    assert {row[1] for row in _visible_rows(page)} == {"person"}
    form.locator("select[aria-label='Type']").select_option("")
    mentions = page.locator("article table th", has_text="Mentions")
    mentions.click()
    mentions.click()  # descending
    counts = [int(row[4]) for row in _visible_rows(page)]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    shot(page, "11-actors-sorted-by-mentions")

    page.goto(f"{base_url}/articles/")
    page.locator("form.table-filter input[aria-label='From']").fill("2030-01-01")  # after every article
    assert _visible_rows(page) == []
    assert page.locator("form.table-filter output").inner_text() == f"0 of {len(list((site / 'articles').glob('*/index.html')))} rows"

    page.goto(f"{base_url}/quotes/")
    page.locator("form.table-filter input[type='search']").fill("diplomatic assistance")
    rows = _visible_rows(page)
    assert len(rows) == 1 and rows[0][1] == "Zamir Kabulov" and QUOTE in rows[0][2]
    shot(page, "12-quotes-filtered")
    assert page.errors == []


def test_names_in_the_article_text_link_to_their_actors(page, base_url, site):
    article = next((site / "articles").glob("*/index.html")).parent.name
    page.goto(f"{base_url}/articles/{article}/")
    sentence = page.locator("span.sentence", has_text=QUOTE).first
    text_before = sentence.inner_text()
    link = sentence.locator("a.name", has_text="Zamir Kabulov")
    assert link.count() == 1 and "Zamir Kabulov" in text_before
    shot(page, "13-article-names-linked")
    link.click()
    page.locator("h1", has_text="Zamir Kabulov").wait_for()
    assert page.errors == []
