"""Per-article caches, so a rebuild only reads and extracts the articles that changed.

An entry is keyed by everything that shapes its records: the article's id,
title, date and text, the extractor's version, the model's name and version,
and the extraction code and knowledge files. A corrupt or stale entry is recomputed, never trusted.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .extract import EXTRACTOR_VERSION
from .extract.records import ArticleExtraction
from .model import Article


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """The knowledge files and the extraction code: a change to either re-extracts."""
    digest = hashlib.sha256()
    package = resources.files("generator")
    for folder, suffix in (("data", ".yml"), ("extract", ".py")):
        for name in sorted(p.name for p in package.joinpath(folder).iterdir() if p.name.endswith(suffix)):
            digest.update(name.encode())
            digest.update(package.joinpath(folder, name).read_bytes())
    digest.update(package.joinpath("knowledge.py").read_bytes())
    return digest.hexdigest()


def cache_key(article: Article, model: str) -> str:
    digest = hashlib.sha256()
    for part in (EXTRACTOR_VERSION, model, extractor_fingerprint(), article.id, article.title,
                 article.date.isoformat(), article.text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


class ExtractionCache:
    def __init__(self, folder: Path, model: str):
        self.folder = folder
        self.model = model

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, article: Article) -> ArticleExtraction | None:
        key = cache_key(article, self.model)
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("key") != key:
                return None
            return ArticleExtraction.from_dict(data["records"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing or corrupt: extract again

    def put(self, article: Article, records: ArticleExtraction) -> None:
        key = cache_key(article, self.model)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": key, "records": records.to_dict()}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)


@lru_cache(maxsize=1)
def reader_fingerprint() -> str:
    """The article reader's code and the text repair library: a change to either reads every file again."""
    import ftfy
    import yaml

    digest = hashlib.sha256(resources.files("generator").joinpath("sources.py").read_bytes())
    digest.update(f"ftfy {ftfy.__version__} yaml {yaml.__version__}".encode())
    return digest.hexdigest()


class ArticleCache:
    """Articles as read (repaired, validated) from their files, keyed by the file's path and bytes."""
    FIELDS = ("id", "path", "title", "text", "source", "url", "author", "tags", "license")

    def __init__(self, folder: Path):
        self.folder = Path(folder) / "articles"

    def _key(self, path: Path, relative: str) -> str | None:
        try:
            raw = Path(path).read_bytes()
        except OSError:
            return None
        digest = hashlib.sha256(reader_fingerprint().encode())
        digest.update(relative.encode("utf-8") + b"\x00" + raw)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, path: Path, relative: str) -> Article | None:
        key = self._key(path, relative)
        if key is None:
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("key") != key:
                return None
            from datetime import date

            fields = {name: data["article"][name] for name in self.FIELDS}
            return Article(**fields, date=date.fromisoformat(data["article"]["date"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or corrupt: read the file again

    def put(self, path: Path, relative: str, article: Article) -> None:
        key = self._key(path, relative)
        if key is None:
            return
        fields = {name: getattr(article, name) for name in self.FIELDS}
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": key, "article": {**fields, "date": article.date.isoformat()}},
                                  ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)
