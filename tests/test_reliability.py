"""Reliability end to end: hostile articles stay text, broken files are named and skipped,
builds are byte-identical, nothing is written into content/, and a failed or
interrupted build leaves the previous site as it was.

Real builds (spaCy model, extraction, MkDocs) on tmp copies of mkdocs.yml and
templates/, one per scenario, shared by the tests of that scenario:

* `hostile`: tests/fixtures/hostile, news articles carrying script tags, event
  handlers, javascript: links, Markdown images and Jinja syntax;
* `broken`: tests/fixtures/broken plus a 10 MB article and a 100,000-character
  line made at run time: every kind of bad file next to good ones (a
  byte-order mark, CRLF line endings, the same text twice, two people whose
  names slug alike, a name in Cyrillic);
* `broken_again`: the same folder built again in a fresh project (no cache),
  to compare byte for byte.
"""
from __future__ import annotations

import gzip
import json
import logging
import os
import re
import shutil
import struct
from dataclasses import dataclass
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import copy_project, tree

from generator import site as site_module
from generator.build import BuildError, Project
from generator.cache import ArticleCache
from generator.cli import main
from generator.config import Settings
from generator.model import Article
from generator.render import render_pages
from generator.build import build as build_site
from generator.sources import MAX_CHARS, MAX_FILE_BYTES, MAX_LINE_CHARS, read_folder

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

HOSTILE_TITLE = "Harbour council row over <script>alert('title')</script> {{ 7*7 }} leaflets"
HOSTILE_QUOTE = "“We will not be silenced <script>x</script>,”"
HOSTILE_TEXT = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))",
                "![x](http://evil/x.png)", "{{ 7*7 }}", "{% for x in y %}",
                "&lt;script&gt;alert(2)&lt;/script&gt; &amp; nothing else"]

GOOD_BROKEN = {  # the good articles of the broken folder: path -> title
    "2024-06-03-ferry-strike-talks.md": "Ferry unions and operators hold talks in Dover",
    "2024-06-04-copenhagen-book-fair.md": "Danish writer meets prime minister at book fair",
    "2024-06-05-austin-ranchers.md": "Texas ranchers take drought worries to the governor",
    "2024-06-06-sochi-talks.md": "Russian and Turkish presidents meet in Sochi",
    "bom.md": "Lighthouse keepers meet coastguard chief",
    "crlf.md": "Fishing crews meet harbour master",
}
BAD_BROKEN = {  # every bad file of the broken folder: path -> (line or None, words the message holds)
    "bad-front-matter.md": (4, ["YAML"]),
    "missing-date.md": (1, ["missing", "date"]),
    "impossible-date.md": (3, ["2024-02-30", "not a real date"]),
    "bad-month.txt": (2, ["2024-13-01", "not a real date"]),
    "unknown-key.md": (5, ["unknown", "rating"]),
    "unsafe-yaml.md": (2, ["YAML", "python/object"]),
    "unclosed-front-matter.md": (1, ["never closed"]),
    "latin1.md": (2, ["UTF-8"]),
    "binary.md": (None, ["binary"]),
    "empty.md": (None, ["empty"]),
    "huge.md": (None, ["MB", "split"]),
    "long-line.md": (7, ["100,000 characters"]),
    "copy-of-ferry-strike-talks.md": (None, ["same text as 2024-06-03-ferry-strike-talks.md", "counted once"]),
    "actors.yml": (3, ["colour"]),
}


# --------------------------------------------------------------------------- helpers


def stat_tree(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_mode, p.read_bytes())
            for p in sorted(folder.rglob("*"))}  # folders too: a new one would show


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@dataclass
class Built:
    project: Project
    content: Path
    site: Path
    warnings: list[str]
    data: dict
    content_before: dict
    content_after: dict
    build_date_configured: bool = False  # SOURCE_DATE_EPOCH was set before the build

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def actor(self, name: str) -> dict:
        found = [a for a in self.data["actors"] if a["name"] == name]
        assert len(found) == 1, (name, [a["name"] for a in self.data["actors"]])
        return found[0]


def build(root: Path, content: Path) -> Built:
    project = copy_project(root / "project")
    configured = "SOURCE_DATE_EPOCH" in os.environ
    before = stat_tree(content)
    warnings = _Warnings()
    logger = logging.getLogger("briefing")
    logger.addHandler(warnings)
    try:
        site = build_site(project, content, project.root / "site")
    finally:
        logger.removeHandler(warnings)
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    return Built(project, content, site, warnings.messages, data, before, stat_tree(content), configured)


def make_broken_content(folder: Path) -> Path:
    """tests/fixtures/broken plus the two big files, which are made here rather than kept in git."""
    shutil.copytree(FIXTURES / "broken", folder)
    paragraph = ("Harbour officials met union leaders on Monday to discuss the new rosters, and the talks "
                 "went on late into the evening before both sides said they would meet again.\n\n")
    with (folder / "huge.md").open("w", encoding="utf-8") as f:  # a 10 MB article
        f.write("---\ntitle: Ten megabytes of harbour news\ndate: 2024-06-13\n---\n\n")
        f.write(paragraph * (10 * 1024 * 1024 // len(paragraph) + 1))
    sentence = "The harbour board met the ferry operators again on Tuesday. "
    line = (sentence * (100_000 // len(sentence) + 1))[:100_000]
    (folder / "long-line.md").write_text(  # the long line is line 7
        "---\ntitle: One very long line\ndate: 2024-06-14\n---\n\nA short first paragraph.\n" + line + "\n",
        encoding="utf-8")
    return folder


class Page(HTMLParser):
    """Tags, attributes, script elements and visible text of an HTML document or fragment."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []  # a signature for each <script>: its src, or the start of its code
        self.text: list[str] = []
        self._in_script = False
        self._script_src = None
        self._script_code: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script, self._script_src, self._script_code = True, dict(attrs).get("src"), []

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script:
            code = "".join(self._script_code)
            if self._script_src:
                self.scripts.append("src:" + self._script_src.rsplit("/", 1)[-1])
            else:
                self.scripts.append("code:" + code.strip()[:20])
            self._in_script = False
            if "alert" in code:
                self.scripts.append("ALERT IN SCRIPT: " + code[:80])

    def handle_data(self, data):
        if self._in_script:
            self._script_code.append(data)
        else:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join("".join(self.text).split())

    def live_markup(self) -> list[str]:
        """Event handlers, javascript:/data: links, images, frames and the like."""
        found = []
        for tag, attrs in self.tags:
            if tag in ("img", "iframe", "object", "embed", "frame", "base"):
                found.append(f"<{tag}>")
            for name, value in attrs.items():
                if name.startswith("on"):
                    found.append(f"<{tag} {name}=…>")
                target = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
                if name in ("href", "src", "action", "formaction", "srcset", "xlink:href", "poster") and \
                        target.startswith(("javascript:", "vbscript:", "data:")):
                    found.append(f"<{tag} {name}={value}>")
                if name in ("src", "href", "srcset") and "evil" in target:
                    found.append(f"<{tag} {name}={value}>")
        return found


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


# --------------------------------------------------------------------------- scenarios


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(FIXTURES / "hostile", content)
    return build(root, content)


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("broken")
    return build(root, make_broken_content(root / "content"))


@pytest.fixture(scope="module")
def broken_again(broken, tmp_path_factory) -> Built:
    """The same content folder, built in a fresh project: fresh cache, fresh pages."""
    return build(tmp_path_factory.mktemp("broken-again"), broken.content)


# --------------------------------------------------------------------------- hostile articles


def test_hostile_article_is_built(hostile):
    paths = [a["path"] for a in hostile.data["articles"]]
    assert paths == ["2024-05-06-harbour-council-protest.md", "2024-05-07-javascript-link.md"]
    article = hostile.data["articles"][0]
    assert article["title"] == HOSTILE_TITLE  # the export keeps the data as it was written
    assert hostile.data["articles"][1]["url"] is None  # its javascript: link left out, the article kept


def test_no_page_holds_live_markup_from_an_article(hostile):
    """Only the theme's own scripts, no event handler, no javascript: link, no image from an article."""
    theme = Page((hostile.site / "404.html").read_text(encoding="utf-8"))  # a page with no article data
    assert theme.scripts and not theme.live_markup()
    pages = html_files(hostile.site)
    assert len(pages) > 10
    for path in pages:
        page = Page(path.read_text(encoding="utf-8"))
        assert page.live_markup() == [], path
        assert sorted(page.scripts) == sorted(theme.scripts), path


def test_search_index_and_other_json_hold_no_live_markup(hostile):
    index = json.loads((hostile.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    assert any("harbour" in d["text"].lower() for d in docs)
    for doc in docs:
        for field in ("title", "text"):
            fragment = Page(doc.get(field) or "")
            assert fragment.live_markup() == [] and fragment.scripts == [], (doc["location"], field)
    for path in hostile.site.rglob("*.json"):
        if path.name in ("briefing.json",):
            continue
        for text in json_strings(json.loads(path.read_text(encoding="utf-8"))):
            fragment = Page(text)
            assert fragment.live_markup() == [] and fragment.scripts == [], (path, text[:200])
    raw = (hostile.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script" not in raw.lower() and "<img" not in raw.lower()


def test_hostile_text_reads_as_written_on_the_article_page(hostile):
    article = hostile.data["articles"][0]
    page = Page(hostile.page(f"articles/{article['id']}"))
    for text in HOSTILE_TEXT + [HOSTILE_TITLE, "Coastal <img src=x onerror=alert('source')> Gazette",
                                "[Staff](javascript:alert('author'))", HOSTILE_QUOTE]:
        assert text in page.visible, text
    assert not re.search(r"\b49\b", page.visible)  # {{ 7*7 }} was not evaluated
    links = [attrs.get("href") for tag, attrs in page.tags if tag == "a" and attrs.get("href")]
    assert "https://news.example.org/2024/05/06/harbour-council?ref=a&b=%28c%29" in links


def test_hostile_quote_reads_correctly_on_the_speakers_page(hostile):
    jane = hostile.actor("Jane Doe")
    quotes = [q for q in hostile.data["quotes"] if q["speaker"] == jane["id"]]
    assert [q["text"] for q in quotes] == ["We will not be silenced <script>x</script>,"]
    html = hostile.page(f"actors/{jane['id']}")
    page = Page(html)
    assert HOSTILE_QUOTE in page.visible
    assert "silenced &lt;script&gt;x&lt;/script&gt;," in html
    assert page.live_markup() == []


def test_javascript_url_in_front_matter_is_refused_and_named(hostile):
    problems = {p["path"]: p for p in hostile.data["problems"]}
    problem = problems["2024-05-07-javascript-link.md"]
    assert problem["line"] == 5 and "http" in problem["message"]
    assert any("2024-05-07-javascript-link.md:5" in w for w in hostile.warnings)
    for path in html_files(hostile.site):
        assert 'href="javascript:' not in path.read_text(encoding="utf-8").lower(), path


@pytest.mark.parametrize("failure, exit_code, message", [
    (KeyboardInterrupt, 130, "interrupted"),
    (lambda: BuildError("MkDocs: disk full"), 1, "disk full"),
], ids=["interrupted", "failed"])
def test_interrupted_or_failed_build_leaves_the_previous_site(hostile, monkeypatch, capsys, failure, exit_code,
                                                               message):
    """Ctrl-C or an error while MkDocs writes the new site: the command says so, and the
    old site stays exactly as it was, with no half-built folder left next to it."""
    before = tree(hostile.site)

    def broken_mkdocs(project, site_dir, strict=False, **options):
        (Path(site_dir) / "index.html").write_text("half a site", encoding="utf-8")
        raise failure()

    monkeypatch.setattr(site_module, "run_mkdocs", broken_mkdocs)
    code = main(["--project", str(hostile.project.root), "build", "--content", str(hostile.content),
                 "--site", str(hostile.site), "--full"])  # (nothing changed: without --full, MkDocs would not run)
    assert code == exit_code
    assert message in capsys.readouterr().err
    assert tree(hostile.site) == before
    assert not [p for p in hostile.site.parent.iterdir() if p.name.startswith(".site") and p.name != ".site.spare"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox", "//evil.example/x",
                                 "ftp://files.example.org/a", "http:/evil", "file:///etc/passwd"])
def test_front_matter_links_must_be_http_and_a_bad_one_is_left_out(tmp_path, url):
    """A link that is not http(s) is dropped with a warning naming the file and line; the article builds."""
    (tmp_path / "a.md").write_text(f"---\ntitle: Talks\ndate: 2024-06-03\nurl: {json.dumps(url)}\n---\n"
                                   "Harbour officials met union leaders on Monday.\n", encoding="utf-8")
    for cache in (None, ArticleCache(tmp_path / "cache"), ArticleCache(tmp_path / "cache")):
        found = read_folder(tmp_path, cache)
        assert [(a.title, a.url) for a in found.articles] == [("Talks", None)]
        assert [(p.path, p.line) for p in found.problems] == [("a.md", 4)]  # said every time, cached or not
        assert "http" in found.problems[0].message and "left out" in found.problems[0].message


@pytest.mark.parametrize("url", ["https://news.example.org/a?b=1&c=(2)", "HTTP://NEWS.EXAMPLE.ORG/A"])
def test_http_links_are_kept(tmp_path, url):
    (tmp_path / "a.md").write_text(f"---\ntitle: Talks\ndate: 2024-06-03\nurl: {json.dumps(url)}\n---\n"
                                   "Harbour officials met union leaders on Monday.\n", encoding="utf-8")
    assert [a.url for a in read_folder(tmp_path).articles] == [url]


# --------------------------------------------------------------------------- broken files


def test_broken_folder_builds_every_good_article(broken):
    assert {a["path"]: a["title"] for a in broken.data["articles"]} == GOOD_BROKEN
    for article in broken.data["articles"]:
        assert (broken.site / "articles" / article["id"] / "index.html").is_file(), article["path"]


def test_every_bad_file_is_named_with_its_line(broken):
    problems = {p["path"]: p for p in broken.data["problems"]}
    assert set(problems) == set(BAD_BROKEN), sorted(problems)
    log = "\n".join(broken.warnings)
    for path, (line, words) in BAD_BROKEN.items():
        problem = problems[path]
        assert problem["line"] == line, (path, problem)
        for word in words:
            assert word in problem["message"], (path, word, problem["message"])
        assert (f"{path}:{line}:" if line else f"{path}:") in log, path


def test_unsafe_yaml_is_never_run(broken):
    for folder in (broken.content, broken.project.root, Path.cwd()):
        assert not list(folder.rglob("pwned.txt")), folder


def test_big_files_are_refused_with_the_documented_limits(broken):
    assert (broken.content / "huge.md").stat().st_size > 10 * 1024 * 1024 > MAX_FILE_BYTES
    assert MAX_CHARS < 1_000_000  # spaCy's own limit
    problems = {p["path"]: p["message"] for p in broken.data["problems"]}
    assert "10.0 MB" in problems["huge.md"]
    assert f"{MAX_LINE_CHARS:,}" in problems["long-line.md"]


def test_bom_and_crlf_articles_read_cleanly(broken):
    for name, sentence in [("bom", "Lighthouse keepers met coastguard chief Helen Ward in Plymouth"),
                           ("crlf", "Fishing crews met harbour master Tom Hale in Grimsby")]:
        markdown = (broken.project.pages_dir / "articles" / f"a-{name}.md").read_text(encoding="utf-8")
        assert "\ufeff" not in markdown and "\r" not in markdown
        assert sentence in Page(broken.page(f"articles/a-{name}")).visible
    bom = next(a for a in broken.data["articles"] if a["path"] == "bom.md")
    assert bom["title"] == GOOD_BROKEN["bom.md"]


def test_the_same_text_twice_is_counted_once(broken):
    titles = [a["title"] for a in broken.data["articles"]]
    assert titles.count(GOOD_BROKEN["2024-06-03-ferry-strike-talks.md"]) == 1
    assert not any(t.startswith("COPY") for t in titles)
    listing = Page(broken.page("articles")).visible
    assert listing.count(GOOD_BROKEN["2024-06-03-ferry-strike-talks.md"]) == 1
    quinn = [q for q in broken.data["quotes"] if q["text"].startswith("We are closer")]
    assert len(quinn) == 1


def test_names_that_slug_alike_get_their_own_pages(broken):
    """'Søren Larsen' (a Danish writer) and 'Soren Larsen' (a Texas rancher) both slug to soren-larsen."""
    soren, soeren = broken.actor("Soren Larsen"), broken.actor("Søren Larsen")
    assert soren["id"] != soeren["id"]
    assert {soren["id"], soeren["id"]} == {"soren-larsen", "soren-larsen-2"}
    for actor, quote, other_quote in [(soren, "Cattle matter", "Books matter"),
                                      (soeren, "Books matter", "Cattle matter")]:
        page = Page(broken.page(f"actors/{actor['id']}")).visible
        assert actor["name"] in page
        assert quote in page and other_quote not in page


def test_a_name_in_another_script_gets_a_working_page(broken):
    putin = broken.actor("Владимир Путин")
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", putin["id"]), putin["id"]
    page = Page(broken.page(f"actors/{putin['id']}")).visible
    assert "Владимир Путин" in page and "The talks were useful" in page
    # and it is linked from the actor list
    assert f'href="{putin["id"]}/"' in broken.page("actors")


def test_actor_ids_and_pages_are_unique(broken):
    ids = [a["id"] for a in broken.data["actors"]]
    assert len(ids) == len(set(ids))
    pages = {p.parent.name for p in (broken.site / "actors").glob("*/index.html")}
    assert set(ids) <= pages


def test_strict_fails_the_build_and_keeps_the_site(broken, capsys):
    before = tree(broken.site)
    code = main(["--project", str(broken.project.root), "build", "--strict", "--content", str(broken.content),
                 "--site", str(broken.site)])
    captured = capsys.readouterr()
    assert code != 0
    # every article problem is counted (actors.yml is read only after extraction)
    assert "strict" in captured.err and f"{len(BAD_BROKEN) - 1} problem(s)" in captured.err
    assert tree(broken.site) == before


def test_build_command_summarises_the_skipped_problems(broken, capsys, tmp_path):
    code = main(["--project", str(broken.project.root), "-q", "build", "--content", str(broken.content),
                 "--site", str(tmp_path / "site")])
    out = capsys.readouterr().out
    assert code == 0
    assert f"{len(BAD_BROKEN)} problem(s)" in out and "--strict" in out
    export = json.loads((tmp_path / "site" / "briefing.json").read_text(encoding="utf-8"))
    counts = f"{len(export['articles'])} articles, {len(export['actors'])} actors, {len(export['quotes'])} quotes"
    assert f"built {tmp_path / 'site'}: {counts}" in out  # (as the build recorded them: the export is not read)


# --------------------------------------------------------------------------- determinism


def test_two_builds_are_byte_identical(broken, broken_again):
    first, second = tree(broken.site), tree(broken_again.site)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    assert tree(broken.project.pages_dir) == tree(broken_again.project.pages_dir)


def test_the_export_has_no_build_time(broken):
    text = (broken.site / "briefing.json").read_text(encoding="utf-8")
    today = datetime.now(timezone.utc).date().isoformat()
    assert today not in text


def test_no_build_date_in_the_site(broken):
    """MkDocs stamps sitemap.xml.gz (gzip header) and the sitemap's <lastmod> with the day of
    the build unless SOURCE_DATE_EPOCH is set: the same input built tomorrow would differ."""
    if broken.build_date_configured:
        pytest.skip("a build date is configured (SOURCE_DATE_EPOCH)")
    today = datetime.now(timezone.utc).date()
    stamp = struct.unpack("<I", (broken.site / "sitemap.xml.gz").read_bytes()[4:8])[0]
    stamped = datetime.fromtimestamp(stamp, timezone.utc).date() if stamp else None
    assert stamped != today, "sitemap.xml.gz carries the build date in its gzip header"
    sitemap = gzip.decompress((broken.site / "sitemap.xml.gz").read_bytes()).decode()
    assert today.isoformat() not in sitemap + (broken.site / "sitemap.xml").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- briefing check


def test_check_lists_every_problem_and_fails(broken, capsys):
    code = main(["--project", str(broken.project.root), "check", "--content", str(broken.content)])
    out = capsys.readouterr().out
    assert code == 1
    for path, (line, _) in BAD_BROKEN.items():
        where = broken.content / path
        assert (f"{where}:{line}:" if line else f"{where}:") in out, path
    for path in GOOD_BROKEN:
        assert f"{broken.content / path}:" not in out
    assert f"{len(BAD_BROKEN)} problem(s)" in out


def test_check_also_lists_template_problems(broken, capsys, tmp_path):
    project = copy_project(tmp_path / "project")
    (project.templates_dir / "partials" / "quote.md.j2").write_text("{% if %}\n", encoding="utf-8")
    code = main(["--project", str(project.root), "check", "--content", str(broken.content)])
    out = capsys.readouterr().out
    assert code == 1
    assert "quote.md.j2:1:" in out and "latin1.md:2:" in out
    assert f"{len(BAD_BROKEN) + 1} problem(s)" in out
    assert not (project.root / "site").exists() and not (project.root / ".cache").exists()


def test_check_passes_a_clean_folder(capsys, tmp_path):
    project = copy_project(tmp_path / "project")
    code = main(["--project", str(project.root), "check", "--content", str(FIXTURES / "provenance")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 problem(s)" in out


# --------------------------------------------------------------------------- pages that could collide


def test_a_saved_web_page_may_have_long_lines_of_markup(tmp_path):
    """Only the text taken out of a page counts towards the line limit, not its inline scripts."""
    script = "var data = [" + ",".join(str(n) for n in range(30_000)) + "];"
    assert len(script) > MAX_LINE_CHARS
    (tmp_path / "page.html").write_text(
        "<html><head><title>Harbour talks resume</title><meta name='date' content='2024-06-03'>"
        f"<script>{script}</script></head><body><article><h1>Harbour talks resume</h1>"
        "<p>Union leaders met the harbour board in Dover on Monday to discuss the summer rosters, "
        "and both sides said afterwards that the talks had gone well.</p>"
        "<p>The board will publish its offer on Friday, a spokeswoman said.</p></article></body></html>",
        encoding="utf-8")
    found = read_folder(tmp_path)
    assert found.problems == [] and [a.title for a in found.articles] == ["Harbour talks resume"]
    assert "var data" not in found.articles[0].text


def test_article_ids_never_collide(tmp_path):
    """`x.md` and `x.txt` share an id; the second one's `-2` must not be an id another file owns."""
    body = "Harbour officials met union leaders on {day} to discuss rosters.\n"
    (tmp_path / "x").mkdir()
    for name, day in [("x.md", "Monday"), ("x-2.md", "Tuesday"), ("x/2.md", "Wednesday")]:
        (tmp_path / name).write_text(f"---\ntitle: Talks\ndate: 2024-06-03\n---\n{body.format(day=day)}",
                                     encoding="utf-8")
    (tmp_path / "x.txt").write_text(f"Talks\nDate: 2024-06-03\n\n{body.format(day='Thursday')}", encoding="utf-8")
    found = read_folder(tmp_path)
    assert found.problems == []
    ids = [a.id for a in found.articles]
    assert len(ids) == 4 and len(set(ids)) == 4, ids


def test_an_actor_named_index_does_not_replace_the_actor_list(tmp_path):
    """Actor pages are actors/<id>.md next to actors/index.md: an actor called "Index"
    (slug `index`) must get a page of its own, not overwrite the list of actors."""
    from generator.records import ArticleExtraction, LocalActor, LocalMention
    from generator.resolve import resolve

    text = "Index met Harbour Council on Monday."
    article = Article(id="a-x", path="x.md", title="Talks", date=date(2024, 6, 3), text=text)
    extraction = ArticleExtraction(article="a-x", sentences=[(0, len(text))], actors=[
        LocalActor(0, "Index", "organization", mentions=[LocalMention(0, 5, "Index")]),
        LocalActor(1, "Harbour Council", "organization", mentions=[LocalMention(10, 25, "Harbour Council")])])
    briefing = resolve([article], [extraction])
    pages = render_pages(briefing, REPO / "templates", tmp_path / "docs", Settings())
    names = [p.relative_to(tmp_path / "docs").as_posix() for p in pages]
    assert len(names) == len(set(names))
    listing = (tmp_path / "docs" / "actors" / "index.md").read_text(encoding="utf-8")
    assert listing.lstrip().startswith("# Actors"), \
        f"actors/index.md is the page of the actor 'Index', not the list of actors:\n{listing[:120]}"
    index_actor = next(a for a in briefing.actors if a.name == "Index")
    assert f"actors/{index_actor.id}.md" in names and index_actor.id != "index"


# --------------------------------------------------------------------------- last


def test_nothing_is_written_into_content(broken, hostile):
    """Runs last in this file: after the builds, `briefing check`, the strict and the failed builds."""
    for built in (broken, hostile):
        assert built.content_after == built.content_before
        assert stat_tree(built.content) == built.content_before
