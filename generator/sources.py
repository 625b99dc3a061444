"""Read and validate the articles of a content folder.

One bad file never stops the others: each problem is recorded with the file's
path (and line where there is one) and the build goes on without that file.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import frontmatter
import ftfy
import yaml
from slugify import slugify

from .model import Article, Problem

ARTICLE_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm"}
KNOWN_KEYS = {"title", "date", "source", "url", "author", "tags", "license"}
MAX_BYTES = 20 * 1024 * 1024


class ArticleError(ValueError):
    """An article that cannot be read; the message says why."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class Sources:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_folder(folder: Path) -> Sources:
    """Every article under `folder`, in path order, with the problems found."""
    found = Sources()
    if not folder.is_dir():
        found.problems.append(Problem(str(folder), "content folder does not exist"))
        return found
    seen_text: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if path.suffix.lower() not in ARTICLE_SUFFIXES or path.name.lower() == "readme.md":
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        try:
            article = read_article(path, relative)
        except ArticleError as error:
            found.problems.append(Problem(relative, str(error), error.line))
            continue
        fingerprint = hashlib.sha256(article.text.strip().encode()).hexdigest()
        if fingerprint in seen_text:
            found.problems.append(Problem(relative, f"same text as {seen_text[fingerprint]}; counted once"))
            continue
        seen_text[fingerprint] = relative
        found.articles.append(article)
    _make_ids_unique(found.articles)
    return found


def read_article(path: Path, relative: str) -> Article:
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise ArticleError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if b"\x00" in raw:
        raise ArticleError("binary file (contains NUL bytes), not an article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(f"not UTF-8 text (byte {error.start}: {raw[error.start:error.start + 1]!r})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleError("empty file")
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        meta, body = _read_html(text)
    elif suffix == ".txt":
        meta, body = _read_txt(text)
    else:
        meta, body = _read_markdown(text)
    return _make_article(meta, body, relative)


def _read_markdown(text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        raise ArticleError("no YAML front matter (the file must start with '---' and give title and date)", 1)
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ArticleError(f"invalid YAML front matter: {problem}", line) from None
    if not isinstance(post.metadata, dict):
        raise ArticleError("front matter is not a mapping of keys to values", 1)
    unknown = sorted(set(post.metadata) - KNOWN_KEYS)
    if unknown:
        raise ArticleError(f"unknown front matter key(s): {', '.join(map(str, unknown))} "
                           f"(allowed: {', '.join(sorted(KNOWN_KEYS))})", 1)
    return dict(post.metadata), post.content


def _read_txt(text: str) -> tuple[dict, str]:
    """Title on the first line; an optional `Date: YYYY-MM-DD` line may follow."""
    lines = text.lstrip("\n").split("\n")
    meta: dict = {"title": lines[0].strip()}
    rest = lines[1:]
    if rest and rest[0].lower().startswith("date:"):
        meta["date"] = rest[0].split(":", 1)[1].strip()
        rest = rest[1:]
    return meta, "\n".join(rest).strip("\n")


def _read_html(text: str) -> tuple[dict, str]:
    import trafilatura

    extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    if extracted is None or not (extracted.text or "").strip():
        raise ArticleError("no article text found in the HTML page")
    meta = {key: getattr(extracted, key, None) for key in ("title", "date", "author", "url")}
    meta["source"] = getattr(extracted, "sitename", None)
    return {k: v for k, v in meta.items() if v}, extracted.text


def _make_article(meta: dict, body: str, relative: str) -> Article:
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ArticleError("missing 'title'", 1)
    body = ftfy.fix_text(body).strip("\n")
    if not body.strip():
        raise ArticleError("the article has no text after its front matter")
    url = _optional_text(meta, "url")
    if url and not url.lower().startswith(("http://", "https://")):
        raise ArticleError(f"'url' must be an http(s) address, not {url[:60]!r}", 1)
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    if not isinstance(tags, list):
        raise ArticleError("'tags' must be a list", 1)
    return Article(
        id="a-" + (slugify(str(Path(relative).with_suffix(""))) or "article"),
        path=relative,
        title=ftfy.fix_text(title.strip()),
        date=parse_date(meta.get("date")),
        text=body,
        source=_optional_text(meta, "source"),
        url=url,
        author=_optional_text(meta, "author"),
        tags=[str(t) for t in tags],
        license=_optional_text(meta, "license"),
    )


def parse_date(value) -> date:
    if value is None or value == "":
        raise ArticleError("missing 'date' (YYYY-MM-DD)", 1)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ArticleError(f"'date' is not a real YYYY-MM-DD date: {str(value)[:40]!r}", 1) from None


def _optional_text(meta: dict, key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    return ftfy.fix_text(str(value)).strip() or None


def _make_ids_unique(articles: list[Article]) -> None:
    seen: dict[str, int] = {}
    for article in articles:
        if article.id in seen:
            seen[article.id] += 1
            article.id = f"{article.id}-{seen[article.id]}"
        else:
            seen[article.id] = 1
