"""The whole build, one call per stage: sources → extract → resolve → overrides → render → site.

`build` below reads top to bottom as a build runs; `check` runs the reading stages without writing.
"""
from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import shutil
import sys
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl  # (not on Windows: builds there are not locked)
except ImportError:  # pragma: no cover
    fcntl = None

from .cache import ArticleCache, ExtractionCache, cache_key
from . import site
from .config import Settings
from .export import write_csv, write_json
from .extract import installed_model_label
from .extract.cluster import ClusterError, extract_on_cluster  # (Dask itself only when used)
from .forks import Ahead, Forked, can_fork, dies_with_its_parent, release_free_memory
from .records import ArticleExtraction
from .model import Article, Briefing, Problem
from .overrides import OVERRIDES_FILE, apply_overrides, read_overrides
from .pages import compiled_folder, page_inputs, pages_current, read_stamp, render, render_inputs, template_problems
from .project import BuildError, Project
from .resolve import resolve
from .sources import Sources, read_folder
from .versions import code_digest

log = logging.getLogger("briefing")


def build(project: Project, content: Path, site_dir: Path, strict: bool = False, briefing: Briefing | None = None,
          full: bool = False, wait: bool = True) -> Path:
    """Articles in `content` to a site in `site_dir` (with briefing.json and the CSV tables); returns the site.

    One build of a project runs at a time (`build_lock`; `wait=False` fails instead of waiting). A build
    whose articles, templates and settings are those of the last one stops once the articles are read.
    `briefing`: a model already made from `content` to render instead of extracting again (the preview,
    after a template change). MkDocs renders only the pages that changed when the previous site allows it;
    `full` renders every page. What is being made stays beside the site until it is complete (site.py).
    """
    site_dir = Path(site_dir).absolute()
    content = Path(content)
    with build_lock(project, wait) as interrupted:
        site.clear_leftovers(site_dir)
        if interrupted:  # the last build was killed: it may have been writing a cache entry
            for path in (project.root / project.settings.cache_dir).rglob(".*.tmp"):
                path.unlink(missing_ok=True)
        problems = template_problems(project.templates_dir, compiled_folder(project))  # fail fast, before the model
        if problems:
            raise BuildError("template problem(s):\n  " + "\n  ".join(problems))
        inputs = extracted = None
        if briefing is None:
            cache_root = project.root / project.settings.cache_dir
            with Beside.ahead(project.settings, cache_root) as beside:  # the model loaded while the files are read
                sources = read_sources(content, project.settings, cache_root, strict)  # 1. sources
                model = model_inputs(sources, content, project.settings)
                inputs = page_inputs(project, model.encode()) if model else None
                stamp = read_stamp(project)
                if inputs and not strict and not full and pages_current(project, stamp, inputs) \
                        and site.site_current(project, site_dir, inputs):  # nothing to extract, resolve or render
                    log.info("site: unchanged, %s is the site of these pages (%s)", site_dir,
                             stamp.get("counts", "?"))
                    return site_dir
                extracted = extract(sources, project.settings, cache_root, strict, beside)  # 2. extract
        # the previous site's files (incremental.plan), listed by a forked process while the build resolves and
        # renders (not while it reads files itself: the two slowed each other)
        scanning = Ahead(site.site_files, site_dir) if site_dir.is_dir() and not (strict or full) else nullcontext()
        with scanning as scan:
            outputs = scan.result if scan is not None else None
            if extracted is not None:
                briefing = resolved(extracted, content, strict)  # 3. resolve, 4. overrides
                extracted = None
                release_free_memory()  # (the records, now resolved)
            inputs = inputs or render_inputs(project, briefing)
            counts = (f"{len(briefing.articles)} articles, {len(briefing.actors)} actors, "
                      f"{len(briefing.quotes)} quotes, {len(briefing.events)} events")
            problems = len(briefing.problems)
            work = site.work_folder(site_dir)
            work.mkdir(parents=True)
            mkdocs = None
            try:
                export = Forked("the export", write_export, briefing, work, project.settings)  # beside the render
                # when the export is written here (the model too big to fork), MkDocs may build meanwhile
                mkdocs = site.MkDocsBeside(project, work, site_dir) if (
                    export.process is None and not (strict or full)
                    and site.MkDocsBeside.wanted(site_dir, len(briefing.articles))) else None
                try:
                    rendered = render(project, briefing, inputs, onlooker=mkdocs)  # 5. render: the Markdown pages
                except BaseException:
                    export.cancel()
                    raise
                if not rendered and not strict and not full and site.site_current(project, site_dir, inputs, outputs):
                    export.cancel()
                    log.info("site: unchanged, %s is the site of these pages (%s)", site_dir, counts)
                    return site_dir
                release_free_memory()  # (what the render made; MkDocs builds beside only under a limit)
                if mkdocs is not None and site.MkDocsBeside.possible():
                    mkdocs.start(outputs() if outputs else None)
                elif mkdocs is not None:
                    mkdocs.cancel()
                    mkdocs = None
                briefing = None  # (the export holds the model until it is written; then MkDocs reuses its memory)
                site.publish(project, work, site_dir, strict=strict, full=full, outputs=outputs,  # 6. site
                             mkdocs=mkdocs, meanwhile=export.join)
                if not strict:  # (a strict build may have warned: the next strict one must see every page again)
                    site.remember_site(project, site_dir, inputs, counts, problems)
            finally:
                if mkdocs is not None:  # (ended by now, unless the build failed)
                    mkdocs.cancel()
                shutil.rmtree(work, ignore_errors=True)
            log.info("site: %s (%s)", site_dir, counts)
            return site_dir


def write_export(briefing: Briefing, work: Path, settings: Settings) -> None:
    """briefing.json and the CSV tables, into the folder the site is made in."""
    write_json(briefing, work / "briefing.json")
    write_csv(briefing, work / "tables", settings.use_directory_urls)


@contextmanager
def build_lock(project: Project, wait: bool = True):
    """One build of a project at a time: an exclusive lock on `.cache/briefing/build.lock`, which holds
    the builder's process id while it builds. The operating system lets the lock go when its process
    ends, however it ends, so a killed build never blocks the next; it yields whether the last build
    was killed (its id was still there). `wait=False` raises BuildError instead of waiting."""
    path = project.root / project.settings.cache_dir / "build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "?"
                if not wait:
                    raise BuildError(f"another build of {project.root} is running (process {holder}); "
                                     f"run again once it has ended, or without --no-wait to wait for it") from None
                log.warning("waiting for the build of process %s to end (%s)", holder, path)
                fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        interrupted = bool(handle.read().strip())
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield interrupted
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()  # (closing the file lets the lock go)


def check(project: Project, content: Path) -> list[str]:
    """Every problem in the articles and templates, without loading a model or building."""
    from .overrides import read_overrides
    from .sources import read_folder

    content = Path(content)
    problems = []
    for problem in read_folder(content).problems + read_overrides(content)[1]:
        path = Path(problem.path)
        if not path.is_absolute() and path != content:
            problem.path = str(content / path)
        problems.append(str(problem))
    problems += template_problems(project.templates_dir)
    docs_dir = _configured_docs_dir(project)
    if docs_dir is not None and docs_dir != project.pages_dir.resolve():
        problems.append(f"{project.config_file}: docs_dir ({docs_dir}) differs from extra.briefing.pages_dir "
                        f"({project.pages_dir})")
    return problems


def _configured_docs_dir(project: Project) -> Path | None:
    import yaml

    from .config import _Loader

    try:
        data = yaml.load(project.config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError):
        return None
    return (project.config_file.parent / str(data.get("docs_dir") or "docs")).resolve()


def read_sources(content: Path, settings: Settings, cache_root: Path | None = None, strict: bool = False) -> Sources:
    """The articles of a content folder, read and validated; their problems are logged."""
    cache = ArticleCache(cache_root or Path(settings.cache_dir))
    sources = read_folder(content, cache)
    cache.save_keys()
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
    """Read (unless `sources` were read already), extract, resolve and correct: the briefing model of a
    content folder (what `build` makes before it renders; `extract` and `serve` use it alone)."""
    cache_root = cache_root or Path(settings.cache_dir)
    if sources is None:
        sources = read_sources(content, settings, cache_root, strict)
    extracted = extract(sources, settings, cache_root, strict)
    return resolved(extracted, content, strict)


def resolved(extracted: Extracted, content: Path, strict: bool = False) -> Briefing:
    """The resolve and overrides stages: the articles' records merged into one model, the analyst's
    corrections applied (its objects last: `lasting_objects`)."""
    with lasting_objects():
        briefing = resolve(extracted.articles, extracted.records, spacy_model=extracted.spacy_model)
        briefing.problems = extracted.problems
        return correct(briefing, content, strict)


@dataclass
class Extracted:
    """What the extract stage hands on: the articles it could extract, their records, the pipeline's label
    (which the export names), and every problem so far (reading and extraction)."""
    articles: list[Article]
    records: list[ArticleExtraction]
    spacy_model: str
    problems: list[Problem]


def extract(sources: Sources, settings: Settings, cache_root: Path, strict: bool = False,
            beside: Beside | None = None) -> Extracted:
    """The extract stage: each article's records from the cache, or made by spaCy (the model is loaded only
    when an article is not cached); an article whose extraction fails is a problem, not the end. `beside`:
    a process started before the articles were read (Beside.ahead), for a few new ones."""
    pipeline = beside.pipeline if beside is not None else Pipeline(settings.spacy_model)
    problems = list(sources.problems)
    records = extract_with_cache(pipeline, sources.articles, ExtractionCache(cache_root, pipeline.label),
                                 settings.worker_count, problems, cluster=settings.dask_scheduler, beside=beside)
    if strict and len(problems) > len(sources.problems):
        raise BuildError(f"extraction failed on {len(problems) - len(sources.problems)} article(s) (--strict)")
    done = {e.article for e in records}
    return Extracted([a for a in sources.articles if a.id in done], records, pipeline.label, problems)


def correct(briefing: Briefing, content: Path, strict: bool = False) -> Briefing:
    """The overrides stage: the analyst's `content/actors.yml` applied to the resolved actors; an entry that
    matches nothing is a problem (an error with `strict`)."""
    overrides, problems = read_overrides(content)
    problems += apply_overrides(briefing, overrides)
    for problem in problems:
        log.warning("%s", problem)
    briefing.problems = list(briefing.problems) + problems
    if strict and problems:
        raise BuildError(f"{len(problems)} problem(s) in {Path(content) / 'actors.yml'} (--strict)")
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
    def label_known(self) -> bool:
        """Whether `label` is known without loading the pipeline."""
        return self._label is not None

    @property
    def label(self) -> str:
        if self._label is None:
            self.nlp  # a pipeline found only by loading it (a path spaCy resolves itself)
        return self._label


POOL_FROM = 8  # new articles per process from which a pool extracts them; fewer are extracted by one (Beside)


def extract_with_cache(pipeline: Pipeline, articles: list[Article], cache: ExtractionCache, processes: int,
                       problems: list[Problem], cluster: str = "",
                       beside: Beside | None = None) -> list[ArticleExtraction]:
    """Records for every article: from the cache where they are current, else extracted (by a pool of
    `processes` on this machine, or on the Dask cluster at `cluster`, generator/extract/cluster.py).

    An extracted article's records go to the cache and are read back once the workers are gone: this
    process does not hold ten thousand articles' records while the workers hold their models. A few new
    articles are extracted by one process forked before the cached records are read (`Beside`, or the one
    given, started earlier): loading the model and reading the cache take their time side by side."""
    new = [a for a in articles if not cache.holds(a)]
    log.info("%d article(s), %d from cache, %d to extract%s", len(articles), len(articles) - len(new), len(new),
             f" on the Dask cluster {cluster}" if cluster and new else "")
    if new and not cluster and len(new) < POOL_FROM * processes:
        beside = beside or (Beside(pipeline) if can_fork() else None)
        if beside is not None:
            beside.extract(new, cache)
    elif beside is not None:
        beside.cancel()
        beside = None
    waiting = {a.id for a in new} if beside else set()
    with lasting_objects():
        found = {a.id: None if a.id in waiting else cache.get(a) for a in articles}
    extracted = beside.finish(problems) if beside else []
    todo = [a for a in articles if found[a.id] is None and a.id not in waiting]  # new, or an entry not valid
    if todo and cluster:
        results = extract_on_cluster(cluster, pipeline.name, pipeline.label, todo, workers=processes)
    elif todo:
        from .extract import extract_all

        results = extract_all(pipeline.nlp, todo, processes=processes if len(todo) >= POOL_FROM * processes else 1)
    try:
        for article, records in _progress(results, total=len(todo)) if todo else ():
            if _stored(cache, article, records, problems):
                extracted.append(article)
    except ClusterError as error:  # unreachable, or another model on its workers
        raise BuildError(str(error)) from None
    for article in extracted:
        found[article.id] = cache.get(article)
        if found[article.id] is None:
            raise BuildError(f"{article.path}: its records were written to the cache ({cache.folder}) "
                             f"but could not be read back")
    cache.save_checked()
    return [found[a.id] for a in articles if found[a.id] is not None]


@contextmanager
def lasting_objects():
    """Around a stage making millions of objects that last (the cached records read, the model resolved):
    Python's cyclic garbage collector, which walked every object each time their number grew by a quarter
    (half the time of reading ten thousand articles' records), waits until the stage ends and then leaves
    its objects out of its walks (gc.freeze). Records and models hold no reference cycles: an object
    dropped is freed at once, frozen or not. What is garbage already is collected first, so that none is
    frozen (the preview builds again and again in one process; objects frozen before are not walked
    again). (Not around extracting: spaCy's objects do hold cycles.)"""
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
        gc.freeze()  # (not when the stage failed: its traceback's cycles stay collectable)
    finally:
        if enabled:
            gc.enable()


def _stored(cache: ExtractionCache, article: Article, records, problems: list[Problem]) -> bool:
    """An extraction's records into the cache (True), or its error as a problem."""
    if isinstance(records, Exception):
        problems.append(Problem(article.path, f"extraction failed: {type(records).__name__}: {records}"))
        log.warning("%s: extraction failed: %s", article.path, records)
        return False
    cache.put(article, records)
    return True


class Beside:
    """A few articles extracted by one forked process into the cache while this one goes on (reading the
    cached records); `finish` waits for it. Should the process die, this one extracts them itself. The
    process loads the model as soon as it starts, and may be started before the articles are known
    (`ahead`); it is given them by `extract`, or stopped by `cancel`."""

    def __init__(self, pipeline: Pipeline):
        import multiprocessing

        self.pipeline, self.articles, self.cache = pipeline, [], None
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        given, self.giver = context.Pipe(duplex=False)
        self.process = context.Process(target=self._run, args=(given, sender), daemon=True)
        self.process.start()
        sender.close()
        given.close()

    @classmethod
    @contextmanager
    def ahead(cls, settings: Settings, cache_root: Path):
        """A Beside started before the articles are read, so that the model loads meanwhile (a second a
        build that brings a new article), stopped if it was given nothing to extract; None when it cannot
        help (no process may be forked, a Dask cluster extracts, the model's version is known only by
        loading it)."""
        pipeline = Pipeline(settings.spacy_model)
        beside = cls(pipeline) if can_fork() and not settings.dask_scheduler and pipeline.label_known else None
        try:
            yield beside
        finally:
            if beside is not None:  # (given nothing, or its build failed; else it has ended)
                beside.cancel()

    def extract(self, articles: list[Article], cache: ExtractionCache) -> None:
        self.articles, self.cache = articles, cache
        self.giver.send((articles, str(cache.folder), cache.model))

    def _run(self, given, sender) -> None:  # (in the forked process)
        from .extract import extract_all

        dies_with_its_parent()  # (it holds the build's lock: a killed build must not leave it waiting)
        self.giver.close()  # (this end open here, the parent's end closing would never be seen)
        self.pipeline.nlp  # (loaded while the articles are read)
        try:
            articles, folder, model = given.recv()
        except EOFError:  # nothing to extract
            return
        cache = ExtractionCache(Path(folder), model)
        failed = []
        for article, records in extract_all(self.pipeline.nlp, articles):
            if isinstance(records, Exception):
                failed.append((article.id, records))
            else:
                cache.put(article, records)
        sender.send(failed)

    def cancel(self) -> None:
        self.giver.close()
        self.process.terminate()
        self.process.join()

    def finish(self, problems: list[Problem]) -> list[Article]:
        """The articles whose records are now in the cache; the others' errors as problems."""
        try:
            failed = dict(self.receiver.recv())
        except EOFError:  # the process died (killed, out of memory): extracted here instead
            failed = None
        self.process.join()
        if failed is None:
            log.warning("the extraction process ended early; extracting %d article(s) in this one",
                        len(self.articles))
            from .extract import extract_all

            results = extract_all(self.pipeline.nlp, self.articles)
        else:
            results = ((a, failed.get(a.id)) for a in self.articles)
        return [a for a, records in results if records is None or _stored(self.cache, a, records, problems)]


def _progress(iterable, total: int, desc: str = "extracting", unit: str = "article"):
    """A progress bar on a terminal; quiet in CI logs."""
    if not sys.stderr.isatty() or total < 5:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, unit=unit, desc=desc)
