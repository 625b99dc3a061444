"""Build and check the site: model → Markdown pages → MkDocs → site folder (the preview: serve.py).

A build writes into one folder next to the site folder (`work_folder`) and swaps the new
site in only when everything succeeded, so a failed or killed build leaves the previous
site intact; the next build removes what a killed one left. One build per project runs at
a time (`build_lock`).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import traceback
from contextlib import contextmanager
from pathlib import Path

import jinja2

try:
    import fcntl  # (not on Windows: builds there are not locked)
except ImportError:  # pragma: no cover
    fcntl = None

from .build import BuildError, Project, make_briefing, model_inputs, read_sources
from .files import write_text
from .versions import code_digest
from .render.write import PageError
from .render import PAGE_TEMPLATES, discover_reports, make_environment, render_pages, template_names

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

log = logging.getLogger("briefing")


# --------------------------------------------------------------------------- build


def build_site(project: Project, content: Path, site_dir: Path, strict: bool = False, briefing=None,
               full: bool = False, wait: bool = True) -> Path:
    """Extract, render the pages, run MkDocs and write briefing.json; returns the site folder.

    `briefing`: a model already made from `content` (make_briefing) to render instead of extracting again,
    as `serve` does when only templates changed. MkDocs rebuilds only the pages that changed when the
    previous site's manifest allows it (generator/incremental.py); `full` rebuilds every page. One build
    of a project runs at a time (`build_lock`; `wait=False` fails instead of waiting). Everything being
    made goes into one folder beside the site (`work_folder`), swapped in only when complete.
    """
    site_dir = Path(site_dir).absolute()
    with build_lock(project, wait) as interrupted:
        _clear_leftovers(site_dir)
        if interrupted:  # the last build was killed: it may have been writing a cache entry
            for path in (project.root / project.settings.cache_dir).rglob(".*.tmp"):
                path.unlink(missing_ok=True)
        return _build_site(project, Path(content), site_dir, strict, briefing, full)


def _build_site(project: Project, content: Path, site_dir: Path, strict: bool, briefing, full: bool) -> Path:
    from .export import write_csv, write_json
    from .incremental import carry_over, write_manifest

    problems = template_problems(project.templates_dir)  # fail fast, before the model loads
    if problems:
        raise BuildError("template problem(s):\n  " + "\n  ".join(problems))
    inputs = None
    if briefing is None:
        cache_root = project.root / project.settings.cache_dir
        sources = read_sources(content, project.settings, cache_root, strict)
        model = model_inputs(sources, content, project.settings)
        inputs = page_inputs(project, model.encode()) if model else None
        stamp = _read_stamp(project)
        if inputs and not strict and not full and _pages_current(project, stamp, inputs) \
                and _site_current(project, site_dir, inputs):  # nothing to extract, resolve or render
            log.info("site: unchanged, %s is the site of these pages (%s)", site_dir, stamp.get("counts", "?"))
            return site_dir
        briefing = make_briefing(content, project.settings, cache_root, strict, sources=sources)
    inputs = inputs or render_inputs(project, briefing)
    rendered = render(project, briefing, inputs)
    counts = (f"{len(briefing.articles)} articles, {len(briefing.actors)} actors, {len(briefing.quotes)} quotes, "
              f"{len(briefing.events)} events")
    if not rendered and not strict and not full and _site_current(project, site_dir, inputs):
        log.info("site: unchanged, %s is the site of these pages (%s)", site_dir, counts)
        return site_dir
    work = work_folder(site_dir)
    new = work / "new"
    new.mkdir(parents=True)
    try:
        # the export is written now and the model let go, so that MkDocs reuses its memory
        write_json(briefing, work / "briefing.json")
        write_csv(briefing, work / "tables", project.settings.use_directory_urls)
        briefing = None
        built = run_mkdocs(project, new, strict=strict, previous=site_dir, full=full)
        (work / "briefing.json").replace(new / "briefing.json")
        for table in (work / "tables").iterdir():
            table.replace(new / table.name)
        carry_over(site_dir, new, built.carry)  # last: only into paths nothing writes any more
        write_manifest(new, built.manifest())
        swap(new, site_dir, work / "old")
        if not strict:  # (a strict build may have warned: the next strict one must see every page again)
            _remember_site(project, site_dir, inputs, counts)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("site: %s (%s)", site_dir, counts)
    return site_dir


def work_folder(site_dir: Path) -> Path:
    """What a build of `site_dir` is making: one known folder beside it (renaming the new site into
    place must stay on one file system), removed when the build ends or, after a build was killed,
    when the next one starts. Ignored by git (`.*.building/`)."""
    return site_dir.parent / f".{site_dir.name}.building"


def _clear_leftovers(site_dir: Path) -> None:
    """Remove what a killed build left; put back a site it was swapping out when it died."""
    work = work_folder(site_dir)
    old = work / "old"
    if old.is_dir() and not site_dir.exists() and not site_dir.is_symlink():
        old.rename(site_dir)  # killed between the two renames of `swap`
        log.warning("%s: restored the site an interrupted build was replacing", site_dir)
    leftovers = [work] if work.exists() else []
    # (the names earlier versions gave their temporary files and folders)
    leftovers += [p for p in site_dir.parent.glob(f".{site_dir.name}-*")
                  if p.name.startswith((f".{site_dir.name}-new-", f".{site_dir.name}-old-", f".{site_dir.name}-csv-"))
                  or p.name == f".{site_dir.name}-briefing.json"]
    for path in leftovers:
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    if leftovers:
        log.info("removed what an interrupted build left: %s", ", ".join(p.name for p in leftovers))


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


def render(project: Project, briefing, inputs: str | None = None) -> bool:
    """render_pages with template errors turned into BuildError (file, line, message); skipped (False)
    when the model, the templates, the settings and the generator are those the pages were last made
    from (`inputs`, from render_inputs)."""
    inputs = inputs or render_inputs(project, briefing)
    if _pages_current(project, _read_stamp(project), inputs):
        log.info("pages: unchanged since the last build (same model, templates and settings)")
        return False
    try:
        render_pages(briefing, project.templates_dir, project.pages_dir, project.settings,
                     records=project.root / project.settings.cache_dir / "pages.json")
    except jinja2.TemplateError as error:
        raise BuildError(describe_template_error(error, project.templates_dir)) from None
    except PageError as error:
        raise BuildError(str(error)) from None
    _write_stamp(project, {"pages": str(project.pages_dir), "inputs": inputs})
    return True


def _stamp_path(project: Project) -> Path:
    return project.root / project.settings.cache_dir / "rendered.json"


def _read_stamp(project: Project) -> dict:
    """What the last build made: its pages' inputs and the site built from them."""
    try:
        stamp = json.loads(_stamp_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _write_stamp(project: Project, stamp: dict) -> None:
    write_text(_stamp_path(project), json.dumps(stamp))


def _pages_current(project: Project, stamp: dict, inputs: str) -> bool:
    """Whether the pages folder holds the pages of these inputs (written by the last render)."""
    return stamp.get("pages") == str(project.pages_dir) and stamp.get("inputs") == inputs and project.pages_dir.is_dir()


def _remember_site(project: Project, site_dir: Path, inputs: str, counts: str) -> None:
    from .incremental import MANIFEST

    manifest = hashlib.sha256((site_dir / MANIFEST).read_bytes()).hexdigest()
    _write_stamp(project, {"pages": str(project.pages_dir), "inputs": inputs, "site": str(site_dir),
                           "manifest": manifest, "counts": counts})


def _site_current(project: Project, site_dir: Path, inputs: str) -> bool:
    """Whether `site_dir` is the site a build of these pages would make: built from them last time,
    untouched since (its manifest and files), and with the same mkdocs.yml, packages and theme."""
    from . import incremental

    stamp = _read_stamp(project)
    if stamp.get("site") != str(site_dir) or stamp.get("inputs") != inputs:
        return False
    try:
        manifest = hashlib.sha256((site_dir / incremental.MANIFEST).read_bytes()).hexdigest()
    except OSError:
        return False
    if manifest != stamp.get("manifest"):
        return False
    config = _load_mkdocs_config(project, site_dir, strict=False)
    previous, _, _ = incremental.plan(config, project.config_file, site_dir)
    return previous is not None


def render_inputs(project: Project, briefing) -> str:
    """page_inputs of a model already made (the preview's, after a template change): the whole model."""
    return page_inputs(project, json.dumps(briefing, default=_fields, ensure_ascii=False).encode())


def page_inputs(project: Project, model: bytes) -> str:
    """A digest of everything the pages are rendered from: the model (or what it is made of: build's
    model_inputs), every template file, the settings and the generator's own code and data."""
    digest = hashlib.sha256(code_digest().encode())
    for path in sorted(project.templates_dir.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(project.templates_dir)).encode() + b"\0" + path.read_bytes())
    digest.update(project.settings.page_shaping().encode())
    digest.update(model)
    return digest.hexdigest()


def _fields(value):
    """A model object as the list of its fields' values, for json.dumps (much faster than asdict)."""
    if dataclasses.is_dataclass(value):
        return [getattr(value, f.name) for f in dataclasses.fields(value)]
    return str(value)  # dates


def describe_template_error(error: jinja2.TemplateError, templates_dir: Path) -> str:
    """`templates/actor.md.j2:12: 'x' is undefined` for any Jinja error."""
    message = error.message or error.__class__.__name__
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = error.filename or error.name or "?"
        return f"{_short(where, templates_dir)}:{error.lineno}: {message}"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"{templates_dir}: template not found: {error.name}"
    root = str(Path(templates_dir).resolve())
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if f.filename and str(Path(f.filename).resolve()).startswith(root)]
    if frames:
        frame = frames[-1]
        return f"{_short(frame.filename, templates_dir)}:{frame.lineno}: {message}"
    return f"{templates_dir}: {message}"


def _short(filename: str, templates_dir: Path) -> str:
    path = Path(filename)
    try:
        return str(Path(templates_dir).name / path.resolve().relative_to(Path(templates_dir).resolve()))
    except ValueError:
        return str(path)


def run_mkdocs(project: Project, site_dir: Path, strict: bool = False, previous: Path | None = None,
               full: bool = False):
    """Build the site from the rendered pages with MkDocs, in this process, into the empty folder
    `site_dir`; returns the build's incremental.Incremental plugin (what was built from what).

    With `previous` (the site folder of the last build) and its manifest still valid, only the pages
    that changed are rendered: the caller then carries the other outputs over from `previous`
    (incremental.carry_over, `.carry`). Otherwise, or with `full`, every page is. `previous` is
    only read.
    """
    from mkdocs import exceptions

    from . import incremental

    try:
        config = _load_mkdocs_config(project, site_dir, strict)
        manifest, prints, why = incremental.plan(config, project.config_file, previous, strict=strict, full=full)
        if manifest is not None:
            try:
                plugin = _build(config, incremental.Incremental(manifest, previous), dirty=True)
                log.info("site: incremental build, %s of %s pages rendered (%s files gone)",
                         f"{len(plugin.rebuilt):,}", f"{plugin.pages:,}", f"{plugin.removed:,}")
            except incremental.NotIncremental as error:
                why = str(error)
                manifest = None
                _empty(site_dir)
                config = _load_mkdocs_config(project, site_dir, strict)
        if manifest is None:
            log.info("site: full build (%s)", why)
            plugin = _build(config, incremental.Incremental(None), dirty=False)
    except (exceptions.MkDocsException, exceptions.Abort) as error:
        raise BuildError(f"MkDocs: {error}") from None
    _without_build_time(Path(site_dir) / "sitemap.xml.gz")
    plugin.fingerprint = prints
    return plugin


def _load_mkdocs_config(project: Project, site_dir: Path, strict: bool):
    from mkdocs.config import load_config

    overrides = {"site_dir": str(site_dir)}
    if strict:
        overrides["strict"] = True
    config = load_config(config_file=str(project.config_file), **overrides)
    docs = Path(config.docs_dir).resolve()
    if docs != project.pages_dir.resolve():
        raise BuildError(f"{project.config_file}: docs_dir is {docs} but the pages are rendered into "
                         f"{project.pages_dir} (extra.briefing.pages_dir); make them match")
    return config


def _build(config, plugin, dirty: bool):
    """One MkDocs build with the incremental plugin added; returns the plugin (what was built)."""
    from mkdocs.commands.build import build

    from .incremental import PLUGIN_NAME, DirtyNotice
    from .lean_pages import LeanPages

    config.plugins[PLUGIN_NAME] = plugin  # registers its events
    config.plugins["briefing/lean-pages"] = LeanPages()  # memory that does not grow with every page
    notice = DirtyNotice()
    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(notice)
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()
        logger.removeFilter(notice)
    return plugin


def _empty(folder: Path) -> None:
    for path in Path(folder).iterdir():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _without_build_time(gzipped: Path) -> None:
    """MkDocs stamps the build time into the sitemap's gzip header; two builds of the
    same articles must be byte-identical, so the stamp is zeroed."""
    import gzip

    if gzipped.is_file():
        gzipped.write_bytes(gzip.compress(gzip.decompress(gzipped.read_bytes()), mtime=0))


def swap(new: Path, site_dir: Path, backup: Path) -> None:
    """Put `new` in place of `site_dir`. Where the system can exchange two folders in one step (Linux's
    renameat2), a reader always finds a whole site; elsewhere the old site is moved to `backup` first
    (for an instant there is no site; a build killed then is put right by the next one). The old site
    is removed only once the new one is in place."""
    if (site_dir.exists() or site_dir.is_symlink()) and _exchange(new, site_dir):
        shutil.rmtree(new, ignore_errors=True)  # (now the old site)
        return
    if site_dir.exists() or site_dir.is_symlink():
        site_dir.rename(backup)
    else:
        backup = None
    try:
        new.rename(site_dir)
    except OSError:
        if backup is not None:
            backup.rename(site_dir)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (renameat2 with RENAME_EXCHANGE); False where it cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


# --------------------------------------------------------------------------- check


def template_problems(templates_dir: Path) -> list[str]:
    """Every template that is missing or does not compile."""
    templates_dir = Path(templates_dir)
    if not templates_dir.is_dir():
        return [f"{templates_dir}: templates folder does not exist"]
    problems = []
    for name in sorted(set(PAGE_TEMPLATES.values()) - {PAGE_TEMPLATES["tags"]}):
        if not (templates_dir / name).is_file():
            problems.append(f"{templates_dir / name}: missing page template")
    env = make_environment(templates_dir)
    for name in template_names(templates_dir):
        try:
            env.get_template(name)
        except jinja2.TemplateError as error:
            problems.append(describe_template_error(error, templates_dir))
    try:
        discover_reports(templates_dir)  # report names and `per:` declarations
    except jinja2.TemplateError as error:
        problems.append(describe_template_error(error, templates_dir))
    return problems


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
