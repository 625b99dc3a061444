"""`briefing add` (generator/add.py): articles from web addresses and feeds, served from 127.0.0.1.

A local HTTP server serves invented pages and feeds (never the internet): an article, an undated
one, a page with too little text, a redirect, a PDF, a 404, a 500, a server too slow to answer,
an RSS and an Atom feed and a broken one.
"""
from __future__ import annotations

import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.add import USER_AGENT, Known, add_all, add_url, read_feed_list
from generator.cli import main
from generator.sources import read_folder

WEB = Path(__file__).resolve().parent / "fixtures" / "web"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Coastal Ledger: World</title><link>{base}/</link>
<item><title>Harbour talks resume in Velmora</title><link>{base}/article</link></item>
<item><title>Council weighs new ferry line</title><link>{base}/undated</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title><id>urn:x</id><updated>2026-11-30T00:00:00Z</updated>
<entry><title>Harbour talks resume</title><id>urn:a</id><updated>2026-11-30T00:00:00Z</updated>
<link href="{base}/article"/></entry></feed>"""


class Pages(BaseHTTPRequestHandler):
    seen_agents: list[str] = []

    def do_GET(self):  # noqa: N802 - the base class's name
        Pages.seen_agents.append(self.headers.get("User-Agent", ""))
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path.split("?")[0]
        if path in ("/article", "/undated", "/short"):
            return self._send(200, "text/html; charset=utf-8", (WEB / f"{path[1:]}.html").read_bytes())
        if path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return None
        if path == "/unlabelled":  # an HTML page a server sends as bytes of no known type
            return self._send(200, "application/octet-stream", (WEB / "undated.html").read_bytes())
        if path == "/report.pdf":
            return self._send(200, "application/pdf", b"%PDF-1.4 not a web page")
        if path == "/broken":
            return self._send(500, "text/html", b"<h1>Internal Server Error</h1>")
        if path == "/slow":
            time.sleep(2)
            try:
                return self._send(200, "text/html", (WEB / "article.html").read_bytes())
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting, as it should
                return None
        if path == "/rss.xml":
            return self._send(200, "application/rss+xml", RSS.format(base=base).encode())
        if path == "/atom.xml":
            return self._send(200, "application/atom+xml", ATOM.format(base=base).encode())
        if path == "/bad.xml":
            return self._send(200, "application/xml", b"<rss><channel><item><title>unclosed")
        return self._send(404, "text/html", b"<h1>Not Found</h1>")

    def _send(self, status: int, kind: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def articles_in(content: Path) -> list:
    found = read_folder(content)
    assert found.problems == []  # every file written is an article the build reads
    return found.articles


def test_an_article_is_written_with_its_front_matter_and_read_back_by_the_build(server, tmp_path):
    content = tmp_path / "content"
    outcome = add_url(f"{server}/article", content, Known(), timeout=5)
    assert outcome.error == "" and outcome.path == content / "2026-11-30-harbour-talks-resume-in-velmora.md"
    text = outcome.path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Harbour talks resume in Velmora\ndate: '2026-11-30'\n")
    assert "source: The Coastal Ledger\n" in text and "author: Imke Rasmussen\n" in text
    assert f"url: {server}/article\n" in text
    [article] = articles_in(content)
    assert article.title == "Harbour talks resume in Velmora" and article.date == date(2026, 11, 30)
    assert article.text.startswith("VELMORA — Foreign Minister Odalys Brennholt met")  # the headline is the title
    assert "All rights reserved" not in article.text and "Sport" not in article.text  # only the main text
    assert '"We have agreed to meet again before the end of the year," Brennholt' in article.text
    assert Pages.seen_agents[-1] == USER_AGENT and "briefing-generator" in USER_AGENT


def test_an_html_page_sent_without_its_type_is_still_read(server, tmp_path):
    outcome = add_url(f"{server}/unlabelled", tmp_path / "content", Known(), timeout=5)
    assert outcome.error == "" and outcome.title == "Council weighs new ferry line"


def test_an_undated_page_is_dated_the_day_it_was_fetched_and_says_so(server, tmp_path):
    content = tmp_path / "content"
    outcome = add_url(f"{server}/undated", content, Known(), timeout=5, today=date(2026, 12, 4))
    assert outcome.undated and "no date on the page" in outcome.line()
    text = outcome.path.read_text(encoding="utf-8")
    assert "date: '2026-12-04'\n" in text and "note: 'no date found on the page: dated the day it was fetched'" in text
    assert articles_in(content)[0].date == date(2026, 12, 4)


@pytest.mark.parametrize("path, why", [
    ("/missing", "the server answered 404 Not Found"),
    ("/broken", "the server answered 500 Internal Server Error"),
    ("/report.pdf", "not a web page but application/pdf"),
    ("/short", "not an article (29 characters of text; an article has at least 300)"),
    ("/slow", "no answer within 0.5 s"),
])
def test_what_is_not_an_article_is_named_with_its_address_and_writes_nothing(server, tmp_path, path, why):
    content = tmp_path / "content"
    content.mkdir()
    outcome = add_url(f"{server}{path}", content, Known(), timeout=0.5)
    assert outcome.path is None and outcome.error.startswith(f"{server}{path}: ") and why in outcome.error
    assert list(content.iterdir()) == []  # nothing half-written


@pytest.mark.parametrize("url, why", [
    ("ftp://files.example.org/a.html", "not an http(s) address"),
    ("file:///etc/passwd", "not an http(s) address"),
    ("javascript:alert(1)", "not an http(s) address"),
    ("http://127.0.0.1:9/closed", "cannot reach 127.0.0.1"),
])
def test_an_address_that_cannot_be_fetched_is_named(tmp_path, url, why):
    outcome = add_url(url, tmp_path / "content", Known(), timeout=2)
    assert outcome.error.startswith(f"{url}: ") and why in outcome.error
    assert not (tmp_path / "content").exists() or not list((tmp_path / "content").iterdir())


def test_nothing_is_added_twice_by_address_redirect_or_text(server, tmp_path):
    content = tmp_path / "content"
    first = add_all([f"{server}/article"], [], content, timeout=5)
    assert [o.path is not None for o in first] == [True]
    again = add_all([f"{server}/article", f"{server}/article#comments", f"{server}/moved"], [], content, timeout=5)
    assert [o.path for o in again] == [None, None, None]
    assert "already in content/" in again[0].skipped and "already in content/" in again[1].skipped
    assert "already in content/" in again[2].skipped and f"at {server}/article" in again[2].skipped
    assert len(articles_in(content)) == 1
    # the same text under another address (a copy moved elsewhere) is skipped too
    copy = content / first[0].path.name
    copy.write_text(copy.read_text(encoding="utf-8").replace(f"{server}/article", "https://mirror.example.org/x"),
                    encoding="utf-8")
    assert "the same text is already in content/" in add_all([f"{server}/article"], [], content, timeout=5)[0].skipped


def test_a_feed_adds_each_new_article_once_and_a_second_run_adds_nothing(server, tmp_path):
    content = tmp_path / "content"
    first = add_all([], [f"{server}/rss.xml"], content, timeout=5)
    assert sorted(o.title for o in first if o.path) == ["Council weighs new ferry line", "Harbour talks resume in Velmora"]
    assert len(articles_in(content)) == 2
    again = add_all([], [f"{server}/rss.xml", f"{server}/atom.xml"], content, timeout=5)
    assert [o.path for o in again] == [None, None] and all("already in content/" in o.skipped for o in again)
    assert len(articles_in(content)) == 2


def test_an_atom_feed_is_read_too(server, tmp_path):
    outcomes = add_all([], [f"{server}/atom.xml"], tmp_path / "content", timeout=5)
    assert [o.title for o in outcomes] == ["Harbour talks resume in Velmora"]


@pytest.mark.parametrize("path, why", [
    ("/bad.xml", "not a readable RSS or Atom feed"),
    ("/article", "a web page, not a feed"),
    ("/missing", "the server answered 404"),
])
def test_a_bad_feed_is_named_and_the_other_feeds_still_count(server, tmp_path, path, why):
    outcomes = add_all([], [f"{server}{path}", f"{server}/atom.xml"], tmp_path / "content", timeout=5)
    assert outcomes[0].error.startswith(f"{server}{path}: ") and why in outcomes[0].error
    assert outcomes[1].path is not None


def test_feeds_yml_lists_the_feeds_and_a_wrong_entry_is_named(tmp_path):
    listing = tmp_path / "feeds.yml"
    listing.write_text("- https://example.org/rss.xml\n- url: https://example.org/atom.xml\n  name: Ledger\n",
                       encoding="utf-8")
    assert read_feed_list(listing) == ["https://example.org/rss.xml", "https://example.org/atom.xml"]
    listing.write_text("- https://example.org/rss.xml\n- not an address\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"feeds.yml: entry 2 is not an http\(s\) address"):
        read_feed_list(listing)


def test_the_command_adds_from_feeds_yml_prints_each_address_and_fails_on_a_bad_one(server, tmp_path, capsys):
    project = tmp_path / "project"
    project.mkdir()
    (project / "feeds.yml").write_text(f"- {server}/rss.xml\n", encoding="utf-8")
    content = tmp_path / "content"
    assert main(["--project", str(project), "add", "--feeds", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert sum(line.startswith("added ") for line in out.splitlines()) == 2 and "2 article(s) added" in out
    assert main(["--project", str(project), "add", "--feeds", "--content", str(content)]) == 0
    assert "0 article(s) added" in capsys.readouterr().out  # idempotent
    assert main(["--project", str(project), "add", f"{server}/missing", "--content", str(content)]) == 1
    assert f"error: {server}/missing: the server answered 404" in capsys.readouterr().err
    assert main(["--project", str(project), "add", "--content", str(content)]) == 2


def test_add_help_shows_an_example_of_each_form(capsys):
    with pytest.raises(SystemExit):
        main(["add", "--help"])
    text = capsys.readouterr().out
    assert "briefing add https://" in text and "briefing add --feed https://" in text and "briefing add --feeds" in text


def test_an_alias_in_feeds_yml_is_refused(tmp_path):
    listing = tmp_path / "feeds.yml"
    listing.write_text("- &f https://example.org/rss.xml\n- *f\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"feeds.yml: invalid YAML: .*alias \(\*f\) is not allowed"):
        read_feed_list(listing)
