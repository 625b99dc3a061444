"""The whole build, one call per stage: sources → extract → resolve → render → site."""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from .cache import ExtractionCache
from .config import Settings
from .extract import extract_all, load_pipeline, model_label
from .extract.records import ArticleExtraction
from .model import Article, Briefing
from .resolve import resolve
from .sources import read_folder

log = logging.getLogger("briefing")


class BuildError(RuntimeError):
    pass


@dataclass
class Project:
    """Where things are: the folder holding mkdocs.yml, templates/ and the settings."""
    root: Path
    settings: Settings

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def pages_dir(self) -> Path:
        return self.root / self.settings.pages_dir

    @property
    def templates_dir(self) -> Path:
        return self.root / self.settings.templates_dir


def make_briefing(content: Path, settings: Settings, cache_root: Path | None = None, strict: bool = False) -> Briefing:
    """Read, extract and resolve: the briefing model of a content folder."""
    sources = read_folder(content)
    for problem in sources.problems:
        log.warning("%s", problem)
    if strict and sources.problems:
        raise BuildError(f"{len(sources.problems)} problem(s) in {content} (--strict)")
    if not sources.articles:
        raise BuildError(f"no readable articles in {content}")
    nlp = load_pipeline(settings.spacy_model)
    label = model_label(nlp)
    cache = ExtractionCache(cache_root or Path(settings.cache_dir), label)
    extractions = extract_with_cache(nlp, sources.articles, cache, settings.worker_count)
    briefing = resolve(sources.articles, extractions, spacy_model=label)
    briefing.problems = sources.problems
    return briefing


def extract_with_cache(nlp, articles: list[Article], cache: ExtractionCache, processes: int) -> list[ArticleExtraction]:
    found = {a.id: cache.get(a) for a in articles}
    todo = [a for a in articles if found[a.id] is None]
    log.info("%d article(s), %d from cache, %d to extract", len(articles), len(articles) - len(todo), len(todo))
    if todo:
        processes = processes if len(todo) >= 8 * processes else 1
        todo_by_id = {a.id: a for a in todo}
        for records in _progress(extract_all(nlp, todo, processes=processes), total=len(todo)):
            found[records.article] = records
            cache.put(todo_by_id[records.article], records)
    return [found[a.id] for a in articles]


def _progress(iterable, total: int):
    """A progress bar on a terminal; quiet in CI logs."""
    if not sys.stderr.isatty() or total < 5:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, unit="article", desc="extracting")
