"""Read and validate the articles of a content folder.

One bad file never stops the others: each problem is recorded with the file's
path (and line where there is one) and the build goes on without that file.
Nothing is ever written into the content folder.

What makes a file unreadable (each is a `Problem` naming the file):

* not UTF-8 (the line of the first bad byte is given), binary (NUL or control
  bytes), empty, or no text after the front matter; a byte-order mark and
  CRLF or CR line endings are fine;
* front matter that is not YAML (line of the mistake), that is never closed
  with a second `---`, that is not a mapping, that has an unknown key (line of
  the key), or a `title`, `date` or `url` that is missing or wrong: the date
  must be a real YYYY-MM-DD day, the url an http(s) address. YAML is read
  with a safe loader only: tags such as `!!python/object` are errors, never run;
* too big for the language model, with the limits below. spaCy refuses texts
  over 1,000,000 characters, and its parse needs about 0.5 GB of memory and
  10 seconds per 200,000 characters, so longer articles are turned away
  rather than stalling the build; split such a file into several articles.

  - `MAX_FILE_BYTES` (2 MB; `MAX_HTML_BYTES`, 20 MB, for saved web pages, whose
    markup is mostly not text): a bigger file is not even read;
  - `MAX_CHARS` (200,000 characters, some 30,000 words) for the article text;
  - `MAX_LINE_CHARS` (50,000 characters) for one line (of the text taken out
    of a web page, for those): no paragraph of prose is that long; such a line
    is embedded data, minified code or a text whose line breaks were lost (the
    line is named);
  - `MAX_TITLE_CHARS` (1,000 characters) for the title.

The same text twice (whitespace aside; other file name, title or URL) is read
once: the first file in path order is kept and each copy is a problem naming it.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import ftfy
import yaml
from slugify import slugify
from yaml.reader import ReaderError

from . import yaml_input
from .model import Article, Problem

ARTICLE_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm"}
KNOWN_KEYS = {"title", "date", "source", "url", "author", "tags", "license", "note"}  # note: for the analyst, unused
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_HTML_BYTES = 20 * 1024 * 1024  # saved web pages carry scripts, styles and inline images
MAX_CHARS = 200_000
MAX_LINE_CHARS = 50_000
MAX_TITLE_CHARS = 1_000
MAX_FRONT_MATTER_CHARS = 20_000

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ].*)?$")
_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")


class ArticleError(ValueError):
    """An article that cannot be read; the message says why, `line` where (1-based, in the file)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class Sources:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_folder(folder: Path, cache=None) -> Sources:
    """Every article under `folder`, in path order, with the problems found.

    `cache` (a cache.ArticleCache) keeps the articles already read, by their file's bytes:
    repairing and validating thousands of unchanged files is most of a rebuild's reading."""
    found = Sources()
    folder = Path(folder)
    if not folder.is_dir():
        found.problems.append(Problem(str(folder), "content folder does not exist"))
        return found
    seen_text: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        relative = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if _through_a_link(path, folder):  # it could publish any file the builder can read
            found.problems.append(Problem(relative, "a symbolic link: not followed (copy the article in instead)"))
            continue
        if path.suffix.lower() not in ARTICLE_SUFFIXES or path.name.lower() == "readme.md":
            continue
        dropped: list[ArticleError] = []
        try:
            if cache is not None:  # (an article with a field left out is not kept: its warning is said each time)
                article = cache.read(path, relative, lambda p, r: read_article(p, r, dropped), keep=lambda: not dropped)
            else:
                article = read_article(path, relative, dropped)
        except ArticleError as error:
            found.problems.append(Problem(relative, str(error), error.line))
            continue
        except Exception as error:  # a reader bug must not sink the other articles
            found.problems.append(Problem(relative, f"could not be read ({type(error).__name__}: {error})"))
            continue
        found.problems += [Problem(relative, str(warning), warning.line) for warning in dropped]
        fingerprint = cache.text_fingerprint(article) if cache is not None else text_fingerprint(article.text)
        if fingerprint in seen_text:
            found.problems.append(Problem(relative, f"same text as {seen_text[fingerprint]}; counted once"))
            continue
        seen_text[fingerprint] = relative
        found.articles.append(article)
    _make_ids_unique(found.articles)
    return found


def _through_a_link(path: Path, folder: Path) -> bool:
    """Whether the file, or a folder between it and the content folder, is a symbolic link."""
    while path != folder:
        if path.is_symlink():
            return True
        path = path.parent
    return False


# Mojibake that was also Unicode-normalised: "SÃ©golÃ¨ne" arrives as "SÃ©golÃ ̈ne", the "¨" split into a space
# and a combining mark. Put the spacing accent back so that ftfy can repair the word ("Ségolène").
_SPACING_ACCENTS = {"\u0308": "\u00a8", "\u0301": "\u00b4", "\u0327": "\u00b8", "\u0304": "\u00af"}
_SPLIT_ACCENT = re.compile("([\u00c2\u00c3\u00c5]) ([\u0308\u0301\u0327\u0304])")


def is_web_address(text: str) -> bool:
    """An http(s) address with a host: what an article's `url` and `briefing add` accept."""
    return re.match(r"^https?://[^\s/]", text, re.IGNORECASE) is not None


def clean_text(text: str) -> str:
    """Text as the rest of the generator gets it: mis-encodings repaired (ftfy), line
    and page breaks as newlines, and no control characters (ftfy leaves some C1 ones,
    which YAML front matter and HTML cannot hold)."""
    text = _SPLIT_ACCENT.sub(lambda m: m.group(1) + _SPACING_ACCENTS[m.group(2)], text)
    text = ftfy.fix_text(text, uncurl_quotes=False).replace("\v", "\n").replace("\f", "\n")
    return _CONTROL_CHARS.sub("", text)


def text_fingerprint(text: str) -> str:
    """Equal for the same text however it is wrapped or spaced."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def read_article(path: Path, relative: str, dropped: list[ArticleError] | None = None) -> Article:
    """One article file; raises ArticleError (with the line where there is one) if it cannot be read.
    With `dropped`, an optional field that is wrong (a `url` that is not http(s), `tags` that are not
    words) is left out and its problem added to `dropped`, and the article is kept."""
    path = Path(path)
    suffix = path.suffix.lower()
    html = suffix in {".html", ".htm"}
    limit = MAX_HTML_BYTES if html else MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise ArticleError(f"file is {size / (1024 * 1024):.1f} MB; an article may be at most "
                               f"{limit // (1024 * 1024)} MB and {MAX_CHARS:,} characters "
                               "(split it into several articles)")
        raw = path.read_bytes()
    except OSError as error:
        raise ArticleError(f"cannot be read: {error.strerror or error}") from None
    if len(raw) > limit:  # grew since stat()
        raise ArticleError(f"file is larger than {limit // (1024 * 1024)} MB")
    if b"\x00" in raw or len(_CONTROL_BYTES.findall(raw[:8192])) > 8:
        raise ArticleError("binary file (contains NUL or control bytes), not an article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise ArticleError(f"not UTF-8 text (byte {error.start}: {raw[error.start:error.start + 1]!r}); "
                           "save the file as UTF-8", line) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise ArticleError("empty file")
    if html:  # saved pages often hold long lines of markup: only the text taken out of them counts
        meta, body, lines = read_html(text)
        _check_line_lengths(body, numbered=False)
        return _make_article(meta, body, relative, lines, dropped)
    _check_line_lengths(text)
    if suffix == ".txt":
        meta, body, lines = _read_txt(text)
    else:
        meta, body, lines = _read_markdown(text)
    return _make_article(meta, body, relative, lines, dropped)


def _check_line_lengths(text: str, numbered: bool = True) -> None:
    if len(text) <= MAX_LINE_CHARS:
        return
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            raise ArticleError(f"{'line' if numbered else 'a paragraph'} is {len(line):,} characters long; "
                               f"a line may be at most {MAX_LINE_CHARS:,} "
                               "(embedded data, or text whose line breaks were lost?)", number if numbered else None)


# --------------------------------------------------------------------------- formats


class _SafeLoader(yaml_input.Loader):
    """PyYAML's safe loader without aliases (yaml_input.py), and dates stay text so that an impossible one
    ("2021-02-30") is reported by parse_date instead of failing inside the YAML library."""


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _read_markdown(text: str) -> tuple[dict, str, dict[str, int]]:
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise ArticleError("no YAML front matter (the file must start with a '---' line, then title and date, "
                           "then another '---' line)", 1)
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise ArticleError("the front matter opened by '---' on line 1 is never closed by another '---' line", 1)
    meta, key_lines = load_front_matter("\n".join(lines[1:end]), first_line=2)
    return meta, "\n".join(lines[end + 1:]), key_lines


def load_front_matter(source: str, first_line: int = 2) -> tuple[dict, dict[str, int]]:
    """The front matter as a dict (safely loaded), and the file line of each key.

    `first_line` is the file line the YAML text starts on (2: after the opening '---').
    """
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise ArticleError(f"front matter is {len(source):,} characters long (at most {MAX_FRONT_MATTER_CHARS:,})",
                           first_line)
    loader = None
    try:
        loader = _SafeLoader(source)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(str(error.problem or error.context or "syntax error").split())
        raise ArticleError(f"invalid YAML front matter: {problem}",
                           first_line + mark.line if mark is not None else first_line) from None
    except ReaderError as error:
        line = first_line + source[:max(0, error.position)].count("\n")
        raise ArticleError(f"invalid YAML front matter: character {error.character!r} is not allowed", line) from None
    except yaml.YAMLError as error:
        raise ArticleError(f"invalid YAML front matter: {' '.join(str(error).split())[:200]}", first_line) from None
    except RecursionError:
        raise ArticleError("invalid YAML front matter: nested too deeply", first_line) from None
    except (ValueError, TypeError, OverflowError) as error:  # a value PyYAML cannot build
        raise ArticleError(f"invalid YAML front matter: {error}", first_line) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ArticleError(f"front matter is not a mapping of keys to values (it is a {yaml_input.kind_of(data)})",
                           first_line)
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_lines.setdefault(str(key_node.value), first_line + key_node.start_mark.line)
    unknown = sorted(str(key) for key in data if key not in KNOWN_KEYS)
    if unknown:
        raise ArticleError(f"unknown front matter key(s): {', '.join(repr(k)[1:-1] for k in unknown)} "
                           f"(allowed: {', '.join(sorted(KNOWN_KEYS))})",
                           min((key_lines.get(k, first_line) for k in unknown), default=first_line))
    return data, key_lines


def _read_txt(text: str) -> tuple[dict, str, dict[str, int]]:
    """Title on the first line; an optional `Date: YYYY-MM-DD` line may follow."""
    lines = text.split("\n")
    first = next(n for n, line in enumerate(lines) if line.strip())  # the file is not blank
    meta: dict = {"title": lines[first].strip()}
    where = {"title": first + 1, "date": first + 2}
    rest = lines[first + 1:]
    if rest and rest[0].lower().startswith("date:"):
        meta["date"] = rest[0].split(":", 1)[1].strip()
        rest = rest[1:]
    return meta, "\n".join(rest), where


def read_html(text: str | bytes) -> tuple[dict, str, dict[str, int]]:
    """Front matter values and main text of a web page (trafilatura); ArticleError when it has no text."""
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    except Exception as error:  # trafilatura and lxml raise many kinds
        raise ArticleError(f"the HTML page could not be read ({type(error).__name__}: {error})") from None
    if extracted is None or not (getattr(extracted, "text", None) or "").strip():
        raise ArticleError("no article text found in the HTML page")
    meta = {key: getattr(extracted, key, None) for key in ("title", "date", "author", "url")}
    meta["source"] = getattr(extracted, "sitename", None)
    return {k: v for k, v in meta.items() if v}, extracted.text, {}


# --------------------------------------------------------------------------- fields


def _make_article(meta: dict, body: str, relative: str, lines: dict[str, int] | None = None,
                  dropped: list[ArticleError] | None = None) -> Article:
    """An Article from front matter values and body text; ArticleError when a field is wrong (an
    optional one is left out instead, its problem in `dropped`, when that list is given)."""
    lines = lines or {}

    def at(key: str) -> int:
        return lines.get(key, 1)

    def optional(read):
        try:
            return read()
        except ArticleError as error:
            if dropped is None:
                raise
            dropped.append(ArticleError(f"{error}; the field is left out", error.line))
            return None

    title = _text_field(meta, "title", at("title"))
    if not title:
        raise ArticleError("missing 'title'", at("title"))
    title = " ".join(clean_text(title).split())
    if len(title) > MAX_TITLE_CHARS:
        raise ArticleError(f"'title' is {len(title):,} characters long (at most {MAX_TITLE_CHARS:,})", at("title"))
    if not isinstance(body, str):
        raise ArticleError("the article text is not text")
    if len(body) > MAX_CHARS:
        raise ArticleError(f"the article is {len(body):,} characters long; an article may be at most "
                           f"{MAX_CHARS:,} (split it into several articles)")
    body = clean_text(body).strip("\n")
    if not body.strip():
        raise ArticleError("the article has no text after its front matter" if relative.endswith((".md", ".markdown"))
                           else "the article has no text after its title")
    day = parse_date(meta.get("date"), at("date"))

    def url():
        found = _text_field(meta, "url", at("url"))
        if found and not is_web_address(found):
            raise ArticleError(f"'url' must be an http(s) address, not {found[:60]!r}", at("url"))
        return found

    tags = optional(lambda: _tags(meta.get("tags"), at("tags"))) or []
    optional(lambda: _text_field(meta, "note", at("note")))  # (for the analyst; a wrong one is still said)
    return Article(
        id="a-" + (slugify(str(Path(relative).with_suffix(""))) or "article"),
        path=relative,
        title=title,
        date=day,
        text=body,
        source=optional(lambda: _text_field(meta, "source", at("source"))),
        url=optional(url),
        author=optional(lambda: _text_field(meta, "author", at("author"))),
        tags=list(dict.fromkeys(t for t in (" ".join(clean_text(t).split()) for t in tags) if t)),
        license=optional(lambda: _text_field(meta, "license", at("license"))),
    )


def _tags(tags, line: int) -> list[str]:
    if tags is None or tags == "":
        return []
    if isinstance(tags, str):
        return [t.strip() for t in tags.split(",") if t.strip()]
    if isinstance(tags, list) and all(_is_scalar(t) for t in tags):
        return [str(t).strip() for t in tags if t is not None and str(t).strip()]
    raise ArticleError("'tags' must be a list of words (or one comma-separated line)", line)


def parse_date(value, line: int | None = 1) -> date:
    """A front matter date: a date, or text starting YYYY-MM-DD that names a real day."""
    if value is None or value == "":
        raise ArticleError("missing 'date' (YYYY-MM-DD)", line)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip() if _is_scalar(value) else ""
    if not _ISO_DAY.match(text):
        raise ArticleError(f"'date' must be YYYY-MM-DD, not {yaml_input.shown(value)}", line)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ArticleError(f"'date' {text[:10]} is not a real date", line) from None


def _text_field(meta: dict, key: str, line: int) -> str | None:
    """A text value (numbers read as text; a list of words joined with commas), or None."""
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, list) and key in ("author", "source", "license") and all(_is_scalar(v) for v in value):
        value = ", ".join(str(v) for v in value if v is not None)
    if not _is_scalar(value):
        raise ArticleError(f"'{key}' must be text, not a {yaml_input.kind_of(value)}", line)
    return " ".join(clean_text(str(value)).split()) or None


def _is_scalar(value) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, date))


def _make_ids_unique(articles: list[Article]) -> None:
    """Article ids come from file paths; a clash gets the first free `-2`, `-3`… that no
    other article's own id uses, in path order (so ids are stable from build to build)."""
    taken = {article.id for article in articles}
    assigned: set[str] = set()
    for article in articles:
        if article.id in assigned:
            base, n = article.id, 2
            while f"{base}-{n}" in taken or f"{base}-{n}" in assigned:
                n += 1
            article.id = f"{base}-{n}"
        assigned.add(article.id)
