"""`briefing add`: articles as analysts find them, from a web address or a news feed, saved in content/.

A page is downloaded (redirects followed, a User-Agent naming the tool, a time-out), its main text,
title, date, author and site name are taken by trafilatura (as `sources` reads a saved page), and it
is written as `content/<date>-<slug>.md` with front matter, then read back as the build reads it:
the file appears whole and valid, or not at all. An address already in content/ (its `url`, or the
address it redirected to) or a text already there is not added twice. A feed (RSS or Atom, read by
feedparser) adds each entry's article that is not in content/ yet; `feeds.yml` at the project root
lists an analyst's feeds.
"""
from __future__ import annotations

import http.client
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from slugify import slugify

from . import __version__, yaml_input
from .files import written
from .sources import (ArticleError, MAX_HTML_BYTES, is_web_address, read_article, read_folder, read_html,
                      text_fingerprint)

USER_AGENT = f"briefing-generator/{__version__} (a news briefing tool; fetches pages an analyst asked for)"
MIN_TEXT_CHARS = 300  # less main text than this is a front page, a paywall or an error page: not an article
HTML_TYPES = ("text/html", "application/xhtml+xml")
UNLABELLED = ("application/octet-stream", "text/plain")  # what servers send for a file they cannot name


class AddError(Exception):
    """Why an address gave no article; the message starts with the address."""


@dataclass
class Added:
    """What became of one address."""
    url: str
    path: Path | None = None  # the file written
    title: str = ""
    undated: bool = False  # no date on the page: dated the day it was fetched
    skipped: str = ""  # why nothing was written although nothing went wrong
    error: str = ""

    def line(self) -> str:
        if self.error:
            return f"error: {self.error}"
        if self.skipped:
            return f"skipped {self.url}: {self.skipped}"
        note = " (no date on the page: dated the day it was fetched)" if self.undated else ""
        return f"added {self.path}: {self.title}{note}"


@dataclass
class Known:
    """The addresses and texts already in content/, so that nothing is added twice."""
    urls: dict[str, str] = field(default_factory=dict)  # address -> file
    texts: dict[str, str] = field(default_factory=dict)  # text_fingerprint -> file

    @classmethod
    def of(cls, content: Path) -> Known:
        known = cls()
        for article in read_folder(content).articles:
            if article.url:
                known.urls[_plain_url(article.url)] = article.path
            known.texts[text_fingerprint(article.text)] = article.path
        return known


# --------------------------------------------------------------------------- fetching


def fetch(url: str, timeout: float, accept: str) -> tuple[str, str, str | None, bytes]:
    """(the address it ended at, its content type, its charset if the server names one, its bytes);
    AddError naming `url` when it fails."""
    if not is_web_address(url):
        raise AddError(f"{url}: not an http(s) address")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
            data = response.read(MAX_HTML_BYTES + 1)
            final = response.geturl()
    except urllib.error.HTTPError as error:
        raise AddError(f"{url}: the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise AddError(f"{url}: no answer within {timeout:g} s (setting fetch_timeout, or --timeout)") from None
        raise AddError(f"{url}: cannot reach {urllib.parse.urlsplit(url).hostname} ({error.reason})") from None
    except (TimeoutError, socket.timeout):
        raise AddError(f"{url}: no answer within {timeout:g} s (setting fetch_timeout, or --timeout)") from None
    except (http.client.HTTPException, OSError, ValueError) as error:
        raise AddError(f"{url}: the download failed ({type(error).__name__}: {error})") from None
    if len(data) > MAX_HTML_BYTES:
        raise AddError(f"{url}: more than {MAX_HTML_BYTES // 2**20} MB: not an article page")
    return final, kind, charset, data


def _plain_url(url: str) -> str:
    """An address as compared: no fragment, no trailing slash, host in lower case."""
    parts = urllib.parse.urlsplit(url.strip())
    return urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/") or "/",
                                    parts.query, ""))


# --------------------------------------------------------------------------- articles


def add_url(url: str, content: Path, known: Known, timeout: float, today: date | None = None) -> Added:
    """Download one page and write it into `content` as an article, unless it is there already."""
    url = url.strip()
    if _plain_url(url) in known.urls:
        return Added(url, skipped=f"already in content/ ({known.urls[_plain_url(url)]})")
    try:
        final, kind, charset, data = fetch(url, timeout, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
        if kind not in HTML_TYPES and not (kind in UNLABELLED and _looks_like_html(data)):
            raise AddError(f"{url}: not a web page but {kind}")
        if _plain_url(final) in known.urls:
            return Added(url, skipped=f"already in content/ ({known.urls[_plain_url(final)]}, at {final})")
        meta, text = _article(url, data, charset)
    except AddError as error:
        return Added(url, error=str(error))
    repeated = known.texts.get(text_fingerprint(text))
    if repeated:
        return Added(url, skipped=f"the same text is already in content/ ({repeated})")
    meta["url"] = final
    undated = "date" not in meta
    if undated:
        meta["date"] = (today or date.today()).isoformat()
        meta["note"] = "no date found on the page: dated the day it was fetched"
    try:
        path = _write(content, meta, text)
    except AddError as error:
        return Added(url, error=str(error))
    known.urls[_plain_url(url)] = known.urls[_plain_url(final)] = path.name
    known.texts[text_fingerprint(text)] = path.name
    return Added(url, path=path, title=meta["title"], undated=undated)


def _article(url: str, data: bytes, charset: str | None) -> tuple[dict, str]:
    """Front matter and text of a downloaded page; AddError when it holds no article. Without a charset
    from the server, trafilatura finds the page's own (its meta tag, or a guess)."""
    try:
        found, text, _ = read_html(_decoded(data, charset))
    except ArticleError as error:
        raise AddError(f"{url}: {error}") from None
    paragraphs = [" ".join(p.split()) for p in text.split("\n") if p.strip()]
    title = " ".join(str(found.get("title") or "").split())
    if paragraphs and title and paragraphs[0] == title:  # the headline, which the title already holds
        paragraphs = paragraphs[1:]
    text = "\n\n".join(paragraphs)
    if len(text) < MIN_TEXT_CHARS:
        raise AddError(f"{url}: not an article ({len(text)} characters of text; an article has at least "
                       f"{MIN_TEXT_CHARS})")
    meta = {"title": title or paragraphs[0][:120]}
    day = str(found.get("date") or "")[:10]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        meta["date"] = day
    for key in ("source", "author"):
        if found.get(key):
            meta[key] = " ".join(str(found[key]).split())
    return meta, text


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _decoded(data: bytes, charset: str | None) -> str | bytes:
    if charset:
        try:
            return data.decode(charset, errors="replace")
        except LookupError:  # a charset Python does not know
            pass
    return data


def _write(content: Path, meta: dict, text: str) -> Path:
    """content/<date>-<slug>.md, written beside and renamed into place once the build reads it back."""
    content.mkdir(parents=True, exist_ok=True)
    stem = f"{meta['date']}-{slugify(meta['title'], max_length=60, word_boundary=True) or 'article'}"
    path, n = content / f"{stem}.md", 2
    while path.exists():
        path, n = content / f"{stem}-{n}.md", n + 1
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    try:
        with written(path, check=lambda staged: read_article(staged, path.name)) as out:
            out.write(f"---\n{front}---\n\n{text}\n")
    except ArticleError as error:
        raise AddError(f"{meta.get('url')}: the page gave no readable article ({error})") from None
    return path


# --------------------------------------------------------------------------- feeds


def feed_links(url: str, timeout: float) -> list[str]:
    """The article addresses of an RSS or Atom feed, in its order; AddError naming the feed."""
    import feedparser

    _, kind, _, data = fetch(url, timeout, "application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5")
    if kind in HTML_TYPES:
        raise AddError(f"{url}: a web page, not a feed (give it without --feed to add it as an article)")
    parsed = feedparser.parse(data)
    links = [link for link in dict.fromkeys(str(entry.get("link") or "").strip() for entry in parsed.entries) if link]
    if not links and (parsed.bozo or not parsed.get("version")):  # (a well-formed feed may be empty)
        why = getattr(parsed, "bozo_exception", None) or "neither RSS nor Atom"
        raise AddError(f"{url}: not a readable RSS or Atom feed ({why})")
    return links


def read_feed_list(path: Path) -> list[str]:
    """The feeds of feeds.yml: a list of addresses, or of `{url: ..., name: ...}`; ValueError naming the file."""
    try:
        data = yaml_input.load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"{path}: cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: invalid YAML: {error}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValueError(f"{path}: a list of feed addresses is expected (- https://...)")
    feeds = []
    for number, entry in enumerate(data, 1):
        address = entry.get("url") if isinstance(entry, dict) else entry
        if not isinstance(address, str) or not re.match(r"^https?://\S+$", address.strip()):
            raise ValueError(f"{path}: entry {number} is not an http(s) address: {entry!r}")
        feeds.append(address.strip())
    return feeds


def add_all(urls: list[str], feeds: list[str], content: Path, timeout: float, progress=None) -> list[Added]:
    """Every article of `urls` and of the feeds, each once; `progress` wraps the list (a progress bar)."""
    known = Known.of(content)
    todo, outcomes = list(urls), []
    for feed in feeds:
        try:
            todo += feed_links(feed, timeout)
        except AddError as error:
            outcomes.append(Added(feed, error=str(error)))
    todo = list(dict.fromkeys(todo))
    for url in progress(todo) if progress else todo:
        outcomes.append(add_url(url, content, known, timeout))
    return outcomes
