"""The site stage: MkDocs turns the rendered pages into the site folder (the whole build: build.py;
the preview: serve.py).

A build writes into one folder next to the site folder (`work_folder`) and swaps the new
site in only when everything succeeded, so a failed or killed build leaves the previous
site intact; the next build removes what a killed one left.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path

from .pages import read_stamp, write_stamp
from .project import BuildError, Project

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

log = logging.getLogger("briefing")


# --------------------------------------------------------------------------- publishing


def publish(project: Project, work: Path, site_dir: Path, strict: bool = False, full: bool = False) -> None:
    """MkDocs builds the rendered pages into `work`/new (only the changed ones when the previous site
    allows it), the export written into `work` joins them, and the new site takes the place of the old
    in one step (`swap`)."""
    from .incremental import carry_over, write_manifest

    new = work / "new"
    new.mkdir(parents=True)
    built = run_mkdocs(project, new, strict=strict, previous=site_dir, full=full)
    for name in ("briefing.json", *(p.name for p in (work / "tables").iterdir())):
        (work / name if name == "briefing.json" else work / "tables" / name).replace(new / name)
    carry_over(site_dir, new, built.carry)  # last: only into paths nothing writes any more
    write_manifest(new, built.manifest())
    swap(new, site_dir, work / "old")


def work_folder(site_dir: Path) -> Path:
    """What a build of `site_dir` is making: one known folder beside it (renaming the new site into
    place must stay on one file system), removed when the build ends or, after a build was killed,
    when the next one starts. Ignored by git (`.*.building/`)."""
    return site_dir.parent / f".{site_dir.name}.building"


def clear_leftovers(site_dir: Path) -> None:
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


def remember_site(project: Project, site_dir: Path, inputs: str, counts: str) -> None:
    from .incremental import MANIFEST

    manifest = hashlib.sha256((site_dir / MANIFEST).read_bytes()).hexdigest()
    write_stamp(project, {"pages": str(project.pages_dir), "inputs": inputs, "site": str(site_dir),
                           "manifest": manifest, "counts": counts})


def site_current(project: Project, site_dir: Path, inputs: str) -> bool:
    """Whether `site_dir` is the site a build of these pages would make: built from them last time,
    untouched since (its manifest and files), and with the same mkdocs.yml, packages and theme."""
    from . import incremental

    stamp = read_stamp(project)
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
