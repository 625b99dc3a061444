"""The whole build, one call per stage: sources → extract → resolve → render → site."""
from __future__ import annotations

import hashlib
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from .cache import ArticleCache, ExtractionCache, cache_key
from .config import Settings
from .extract import installed_model_label
from .extract.cluster import ClusterError, extract_on_cluster  # (Dask itself only when used)
from .records import ArticleExtraction
from .model import Article, Briefing, Problem
from .overrides import OVERRIDES_FILE, apply_overrides, read_overrides
from .resolve import resolve
from .sources import Sources, read_folder
from .versions import code_digest

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


def read_sources(content: Path, settings: Settings, cache_root: Path | None = None, strict: bool = False) -> Sources:
    """The articles of a content folder, read and validated; their problems are logged."""
    sources = read_folder(content, ArticleCache(cache_root or Path(settings.cache_dir)))
    for problem in sources.problems:
        log.warning("%s", problem)
    if strict and sources.problems:
        raise BuildError(f"{len(sources.problems)} problem(s) in {content} (--strict)")
    if not sources.articles:
        raise BuildError(f"no readable articles in {content}")
    return sources


def model_inputs(sources: Sources, content: Path, settings: Settings) -> str | None:
    """A digest of everything the model is made of, known before extracting or resolving anything: each
    article's cache key (its text, title and date, the model, the extraction code) and its other fields,
    the reading problems, content/actors.yml and the generator's code. None when the model's version
    cannot be known without loading it (a pipeline given as a path)."""
    label = installed_model_label(settings.spacy_model)
    if label is None:
        return None
    digest = hashlib.sha256(f"{code_digest()}\0{label}\0".encode())
    for article in sources.articles:
        digest.update(cache_key(article, label).encode())
        digest.update(json.dumps([article.path, article.source, article.url, article.author, article.tags,
                                  article.license], ensure_ascii=False).encode())
    for problem in sources.problems:
        digest.update(f"problem {problem}\0".encode())
    overrides = Path(content) / OVERRIDES_FILE
    digest.update(overrides.read_bytes() if overrides.is_file() else b"no overrides")
    return digest.hexdigest()


def make_briefing(content: Path, settings: Settings, cache_root: Path | None = None, strict: bool = False,
                  sources: Sources | None = None) -> Briefing:
    """Read (unless `sources` were read already), extract and resolve: the briefing model of a content folder."""
    cache_root = cache_root or Path(settings.cache_dir)
    if sources is None:
        sources = read_sources(content, settings, cache_root, strict)
    pipeline = Pipeline(settings.spacy_model)
    cache = ExtractionCache(cache_root, pipeline.label)
    problems = list(sources.problems)
    extractions = extract_with_cache(pipeline, sources.articles, cache, settings.worker_count, problems,
                                     cluster=settings.dask_scheduler)
    done = {e.article for e in extractions}
    articles = [a for a in sources.articles if a.id in done]
    briefing = resolve(articles, extractions, spacy_model=pipeline.label)
    overrides, override_problems = read_overrides(content)
    override_problems += apply_overrides(briefing, overrides)
    for problem in override_problems:
        log.warning("%s", problem)
    problems += override_problems
    briefing.problems = problems
    if strict and override_problems:
        raise BuildError(f"{len(override_problems)} problem(s) in {content / 'actors.yml'} (--strict)")
    if strict and len(problems) > len(sources.problems):
        raise BuildError(f"extraction failed on {len(problems) - len(sources.problems)} article(s) (--strict)")
    return briefing


class Pipeline:
    """The spaCy pipeline, loaded on first use: a build whose articles are all cached needs only its
    label (the cache's key), read from the installed package."""

    def __init__(self, name: str):
        self.name = name
        self._nlp = None
        self._label = installed_model_label(name)

    @property
    def nlp(self):
        if self._nlp is None:
            from .extract import load_pipeline, model_label

            self._nlp = load_pipeline(self.name)
            self._label = model_label(self._nlp)
        return self._nlp

    @property
    def label(self) -> str:
        if self._label is None:
            self.nlp  # a pipeline found only by loading it (a path spaCy resolves itself)
        return self._label


def extract_with_cache(pipeline: Pipeline, articles: list[Article], cache: ExtractionCache, processes: int,
                       problems: list[Problem], cluster: str = "") -> list[ArticleExtraction]:
    """Records for every article: from the cache where they are current, else extracted (by a pool of
    `processes` on this machine, or on the Dask cluster at `cluster`, generator/extract/cluster.py)."""
    found = {a.id: cache.get(a) for a in articles}
    todo = [a for a in articles if found[a.id] is None]
    log.info("%d article(s), %d from cache, %d to extract%s", len(articles), len(articles) - len(todo), len(todo),
             f" on the Dask cluster {cluster}" if cluster and todo else "")
    if not todo:
        return [found[a.id] for a in articles if found[a.id] is not None]
    if cluster:
        results = extract_on_cluster(cluster, pipeline.name, pipeline.label, todo, workers=processes)
    else:
        from .extract import extract_all

        results = extract_all(pipeline.nlp, todo, processes=processes if len(todo) >= 8 * processes else 1)
    try:
        for article, records in _progress(results, total=len(todo)):
            if isinstance(records, Exception):
                problems.append(Problem(article.path, f"extraction failed: {type(records).__name__}: {records}"))
                log.warning("%s: extraction failed: %s", article.path, records)
                continue
            found[article.id] = records
            cache.put(article, records)
    except ClusterError as error:  # unreachable, or another model on its workers
        raise BuildError(str(error)) from None
    return [found[a.id] for a in articles if found[a.id] is not None]


def _progress(iterable, total: int, desc: str = "extracting", unit: str = "article"):
    """A progress bar on a terminal; quiet in CI logs."""
    if not sys.stderr.isatty() or total < 5:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, unit=unit, desc=desc)
