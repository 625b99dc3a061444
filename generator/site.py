"""The site stage: MkDocs turns the rendered pages into the site folder (the whole build: build.py;
the preview: serve.py).

A build writes into one folder next to the site folder (`work_folder`) and swaps the new
site in only when everything succeeded, so a failed or killed build leaves the previous
site intact; the next build removes what a killed one left. The site one build older is kept
beside it (`spare_folder`): the next build brings it up to date with what changed and swaps it
in, instead of linking every unchanged file into a new folder and deleting the old site.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .files import beside, link_or_copy, write_text
from .forks import Spawned, resident_bytes
from .pages import compiled_folder, read_stamp, write_stamp
from .render.context import compiled_templates
from .project import BuildError, Project

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

log = logging.getLogger("briefing")


# --------------------------------------------------------------------------- publishing


@dataclass
class Built:
    """What an MkDocs build made from what (incremental.Incremental), as plain data: it may come from
    another process."""
    previous_outputs: dict[str, int] | None  # the previous site's files (its manifest's), when incremental
    carry: list[str]  # the outputs to bring over from the previous site (incremental.carry_over)
    manifest: bytes  # this build's (incremental.manifest_json)


def mkdocs_built(project: Project, site_dir: Path, strict: bool = False, previous: Path | None = None,
                 full: bool = False, outputs: dict | None = None, only_incremental: bool = False,
                 ahead=None) -> Built | None:
    """run_mkdocs, what it built as a Built (None when `only_incremental` and the build had to be full)."""
    plugin = run_mkdocs(project, site_dir, strict=strict, previous=previous, full=full,
                        outputs=(lambda: outputs) if outputs is not None else None, only_incremental=only_incremental,
                        ahead=ahead)
    if plugin is None:
        return None
    from .incremental import manifest_json

    return Built(plugin.previous["outputs"] if plugin.previous is not None else None, plugin.carry,
                 manifest_json(plugin.manifest()))


def publish(project: Project, work: Path, site_dir: Path, strict: bool = False, full: bool = False,
            outputs=None, mkdocs: MkDocsBeside | None = None, meanwhile: Callable[[], None] = lambda: None) -> None:
    """MkDocs builds the rendered pages into `work`/new (only the changed ones when the previous site
    allows it) and the export written into `work` joins them; `meanwhile` is done first (it writes the
    export), or while MkDocs builds in the process `mkdocs` (MkDocsBeside). The files the build did not
    write come from the previous site: the spare tree (the site one build ago, `spare_folder`) is brought
    up to date when its record vouches for it, otherwise they are linked into `new`. The new site then
    takes the place of the old in one step (`swap`), and the old one is kept as the next build's spare. A
    full build leaves a spare of its own: links to every file of the new site (`_linked_copy`). `outputs`:
    see incremental.plan."""
    from .incremental import carry_over, write_manifest

    new = work / "new"
    new.mkdir(parents=True)
    built = mkdocs.built(meanwhile) if mkdocs is not None else None
    if mkdocs is None:
        meanwhile()
    if built is None:
        built = mkdocs_built(project, new, strict, site_dir, full, outputs() if outputs is not None else None)
    for name in ("briefing.json", *(p.name for p in (work / "tables").iterdir())):
        (work / name if name == "briefing.json" else work / "tables" / name).replace(new / name)
    written = _files_under(new)
    spare = spare_folder(site_dir)
    record = _take_spare_record(project, site_dir, spare)  # (gone from disk: a build killed now leaves none)
    target, changed = new, None
    if built.previous_outputs is not None:  # an incremental build: what differs from the live site is known
        removed = set(built.previous_outputs) - set(built.carry) - set(written)
        changed = sorted(set(written) | removed)
        if record is not None:
            _bring_up_to_date(spare, site_dir, new, record["changed"], written, removed)
            target = spare
            log.info("site: the spare tree brought up to date (%d files changed since it was live)",
                     len(set(record["changed"]) | set(changed)))
    outputs = None
    if target is new:
        carry_over(site_dir, new, built.carry)  # last: only into paths nothing writes any more
    if changed is not None:  # the previous outputs (checked against the previous site by plan) and this build's
        outputs = {path: size for path, size in built.previous_outputs.items() if path not in removed}
        outputs.update((path, (target / path).stat().st_size) for path in written)
    write_manifest(target, built.manifest, outputs)
    old = swap(target, site_dir, work / "old")
    if changed is None:  # a full build: it makes the next build's spare, not the first incremental one
        _clear(spare)
        _linked_copy(site_dir, spare)
        _keep_spare_record(project, site_dir, spare, [])
        return  # (the old site is in `work`, which the build removes)
    if old is not None and old != spare:
        _clear(spare)
        old.rename(spare)
    if old is not None and changed is not None:
        _keep_spare_record(project, site_dir, spare, changed)


BESIDE_FROM = 2_000  # articles from which MkDocs may build beside the export (its start-up, a second, pays)
BESIDE_LIMIT = 1_088 * 2**20  # resident bytes of the build's process from which MkDocs builds in it, after the export
AHEAD_PAGES = 500  # new pages the render tells of at most (a message the pipe holds while MkDocs starts)
AHEAD_LIMIT = 16 * 2**20  # bytes of pages MkDocs converts ahead at most: their HTML waits in its memory


class MkDocsBeside:
    """An incremental MkDocs build of the site in `work`/new in a spawned process (forks.Spawned), while this
    process writes the export (at 10,000 articles the export's 4 s and MkDocs' 10 s were one after the other
    on a machine of two cores). The process is spawned before the pages are rendered (`wanted`): it imports
    MkDocs and reads the previous site's manifest meanwhile (a second at 10,000 articles, 0.15 GiB), and
    builds once told to (`start`). `possible` says whether it may, after the render: the spawned MkDocs
    holds 0.4 GiB of its own at 10,000 articles, which the build's budget of 1.5 GiB leaves room for after
    a rebuild's render (1.0 GiB) but not after a full one (1.25 GiB: 1.64 GiB in all); else it is
    cancelled. Only an incremental build: a full one is made by `publish` in this process, after the
    export, reusing the model's memory."""

    def __init__(self, project: Project, work: Path, site_dir: Path):
        import multiprocessing

        told, self._go = multiprocessing.Pipe(duplex=False)
        self.process = Spawned(_built_when_told, project, work / "new", site_dir, told)
        told.close()
        self._ahead = 0  # bytes of the pages told of (written)

    @staticmethod
    def wanted(site_dir: Path, articles: int) -> bool:
        return articles >= BESIDE_FROM and site_dir.is_dir()

    @staticmethod
    def possible() -> bool:
        return resident_bytes() < BESIDE_LIMIT

    def coming(self, pages: list[str]) -> None:
        """The render is about to write these pages (of the pages folder), which were not there: links to
        them resolve in the pages MkDocs converts ahead (`written`). Not told of more than AHEAD_PAGES."""
        if len(pages) <= AHEAD_PAGES:
            self._tell(("coming", pages))

    def written(self, page: str, path: Path, size: int) -> None:
        """The render wrote `page` (of the pages folder) to `path`: MkDocs turns it into HTML meanwhile
        (incremental.ConvertedAhead), up to AHEAD_LIMIT bytes."""
        if self._ahead < AHEAD_LIMIT:
            self._ahead += size
            self._tell(("page", page, str(path)))

    def _tell(self, message) -> None:
        """A message while the pages render; a process that is gone is told nothing more (`built` says why)."""
        try:
            self._go.send(message)
        except OSError:
            self._ahead = AHEAD_LIMIT

    def start(self, outputs: dict | None) -> None:
        """Builds, now that the pages are rendered; `outputs`: see incremental.plan."""
        self._go.send(("build", outputs))
        self._go.close()

    def built(self, meanwhile: Callable[[], None]) -> Built | None:
        """What MkDocs built (None: a full build is needed), once `meanwhile` is done here."""
        try:
            meanwhile()
        except BaseException:
            self.cancel()
            raise
        return self.process.result()

    def cancel(self) -> None:
        self._go.close()
        self.process.cancel()


def _built_when_told(project: Project, site_dir: Path, previous: Path, told) -> Built | None:  # (spawned)
    """mkdocs_built (incremental only) once `told` gives the previous site's outputs; meanwhile MkDocs is
    imported, the previous manifest read, and each page the render writes converted to HTML as it is told of
    (incremental.ConvertedAhead). None when the pipe closes unsaid (not wanted)."""
    from mkdocs.commands.build import build  # noqa: F401  (imported while the pages are rendered)

    from . import incremental

    manifest = incremental.read_ahead(previous)
    ahead, waiting = None, []
    while True:
        if waiting and not told.poll():  # (told of every page written so far: one converted)
            ahead.convert(*waiting.pop(0))
            continue
        try:
            message = told.recv()
        except EOFError:
            return None
        if message[0] == "build":
            return mkdocs_built(project, site_dir, False, previous, False, message[1], True, ahead=ahead or None)
        if ahead is None:
            ahead = _converting_ahead(project, site_dir, manifest)
        if ahead and message[0] == "coming":
            ahead.coming(message[1])
        elif ahead:
            waiting.append(message[1:])


def _converting_ahead(project: Project, site_dir: Path, manifest: dict | None):
    """An incremental.ConvertedAhead for the files of the previous build's manifest; False when there is
    none or the settings cannot be read (the build says why)."""
    from mkdocs import exceptions

    from .incremental import ConvertedAhead

    if manifest is None:
        return False
    try:
        return ConvertedAhead(_load_mkdocs_config(project, site_dir, False), manifest["files"])
    except (exceptions.MkDocsException, exceptions.Abort, BuildError):
        return False


# --------------------------------------------------------------------------- the spare tree
#
# Linking every unchanged file of the previous site into a new folder, and deleting the old site once
# the new one is in place, costs two file system operations per file of the site however little
# changed (80,000 for a site of 40,000 pages). Instead the old site is kept beside the new one as the
# spare tree; the next build brings it up to date with what changed since (what the last build wrote or
# removed, and what this one writes or removes) and swaps it in. The live site is never written to:
# the spare receives files by rename or by a new link, never by writing into a file both share.

SPARE_RECORD = "spare.json"  # in the cache folder: what the spare tree is, and how it differs from the site
DOCS_HASHES = "docs-hashes.json"  # in the cache folder: the pages' hashes by size and time (incremental.KnownHashes)


def spare_folder(site_dir: Path) -> Path:
    """The site as it was one build ago, beside it (on the same file system, ignored by git)."""
    return site_dir.parent / f".{site_dir.name}.spare"


def _manifest_digest(folder: Path) -> str | None:
    from .incremental import MANIFEST

    try:
        return hashlib.sha256((folder / MANIFEST).read_bytes()).hexdigest()
    except OSError:
        return None


def _take_spare_record(project: Project, site_dir: Path, spare: Path) -> dict | None:
    """The spare's record when it still describes the spare and the site (then removed, since the spare is
    about to change); None otherwise."""
    path = project.root / project.settings.cache_dir / SPARE_RECORD
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    path.unlink(missing_ok=True)
    valid = (isinstance(record, dict) and record.get("site") == str(site_dir)
             and isinstance(record.get("changed"), list) and all(isinstance(p, str) for p in record["changed"])
             and record.get("spare") is not None and record.get("spare") == _manifest_digest(spare)
             and record.get("live") is not None and record.get("live") == _manifest_digest(site_dir))
    return record if valid else None


def _keep_spare_record(project: Project, site_dir: Path, spare: Path, changed: list[str]) -> None:
    path = project.root / project.settings.cache_dir / SPARE_RECORD
    write_text(path, json.dumps({"site": str(site_dir), "spare": _manifest_digest(spare),
                                 "live": _manifest_digest(site_dir), "changed": changed}))


def _bring_up_to_date(spare: Path, site_dir: Path, new: Path, changed_before: list[str], written: list[str],
                      removed: set[str]) -> None:
    """Make the spare (the site before the live one) the new site: the files the last build changed as
    they are in the live site, then this build's files moved in from `new`, its removed files gone."""
    from .incremental import MANIFEST

    this_build = set(written)
    emptied = set()
    for relative in changed_before:
        if relative in this_build or relative in removed or not _inside_tree(relative):
            continue
        live, target = site_dir / relative, spare / relative
        if live.is_file():
            _link_over(live, target)
        elif target.is_file() or target.is_symlink():  # removed by the last build
            target.unlink()
            emptied.add(target.parent)
    for relative in written:
        target = spare / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        (new / relative).replace(target)
    for relative in removed:
        if _inside_tree(relative) and relative != MANIFEST:
            (spare / relative).unlink(missing_ok=True)
            emptied.add((spare / relative).parent)
    for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):  # as a full build has none
        while folder != spare and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _linked_copy(source: Path, target: Path) -> None:
    """`target` as a tree of new links to the files of `source` (copies where links are not possible).
    A full build rewrote every file anyway; without this, the first incremental build after it would link
    every file of the site into a new folder instead of bringing a spare up to date (40,000 pages: seconds)."""
    for folder, _, files in os.walk(source):
        into = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(into, exist_ok=True)
        for name in files:
            link_or_copy(os.path.join(folder, name), os.path.join(into, name))


def _inside_tree(relative: str) -> bool:
    return not relative.startswith("/") and ".." not in relative.split("/")


def _link_over(source: Path, target: Path) -> None:
    """`target` becomes another name of `source`'s file (a copy where links are not possible), replacing
    what was there in one step: the file the name had before is left untouched."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = beside(target)
    temporary.unlink(missing_ok=True)  # (left by a killed build: it may share a file with the live site)
    link_or_copy(source, temporary)
    temporary.replace(target)


def _files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _clear(path: Path) -> None:
    """Remove a folder with what it holds, or a file or link; nothing when there is none."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


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
        _clear(path)
    if leftovers:
        log.info("removed what an interrupted build left: %s", ", ".join(p.name for p in leftovers))


def remember_site(project: Project, site_dir: Path, inputs: str, counts: str, problems: int) -> None:
    """What the next build checks to stop early (site_current), and what the command line says of the site
    (`counts`, the input problems skipped) without reading its briefing.json."""
    write_stamp(project, {"pages": str(project.pages_dir), "inputs": inputs, "site": str(site_dir),
                           "manifest": _manifest_digest(site_dir), "counts": counts, "problems": problems})


def site_files(site_dir: Path) -> dict[str, int]:
    """Every file of a site folder and its size (incremental.site_outputs)."""
    from .incremental import site_outputs

    return site_outputs(site_dir)


def site_current(project: Project, site_dir: Path, inputs: str, outputs=None) -> bool:
    """Whether `site_dir` is the site a build of these pages would make: built from them last time,
    untouched since (its manifest and files), and with the same mkdocs.yml, packages and theme.
    `outputs`: see incremental.plan."""
    from . import incremental

    stamp = read_stamp(project)
    if stamp.get("site") != str(site_dir) or stamp.get("inputs") != inputs:
        return False
    manifest = _manifest_digest(site_dir)
    if manifest is None or manifest != stamp.get("manifest"):
        return False
    config = _load_mkdocs_config(project, site_dir, strict=False)
    previous, _, _ = incremental.plan(config, project.config_file, site_dir, outputs=outputs)
    return previous is not None


def run_mkdocs(project: Project, site_dir: Path, strict: bool = False, previous: Path | None = None,
               full: bool = False, outputs=None, only_incremental: bool = False, ahead=None):
    """Build the site from the rendered pages with MkDocs, in this process, into the empty folder
    `site_dir`; returns the build's incremental.Incremental plugin (what was built from what), or None
    with `only_incremental` when the build would be full or its settings cannot be read (`site_dir` left
    empty).

    With `previous` (the site folder of the last build) and its manifest still valid, only the pages
    that changed are rendered: the caller then carries the other outputs over from `previous`
    (incremental.carry_over, `.carry`). Otherwise, or with `full`, every page is. `previous` is
    only read. `outputs`: see incremental.plan. `ahead`: pages converted while they were rendered
    (incremental.ConvertedAhead).
    """
    from mkdocs import exceptions

    from . import incremental

    compiled = compiled_templates(compiled_folder(project) / "theme")
    hashes = project.root / project.settings.cache_dir / DOCS_HASHES
    try:
        try:
            config = _load_mkdocs_config(project, site_dir, strict)
            manifest, prints, why = incremental.plan(config, project.config_file, previous, strict=strict,
                                                     full=full, outputs=outputs)
        except (exceptions.MkDocsException, exceptions.Abort, BuildError):
            if only_incremental:  # (the build the caller makes then says what is wrong)
                return None
            raise
        if manifest is not None:
            try:
                plugin = _build(config, incremental.Incremental(manifest, previous, compiled, hashes, ahead),
                                dirty=True)
                log.info("site: incremental build, %s of %s pages rendered, %s of them to HTML while the pages were "
                         "written and %s by a second process (%s files gone; %s of %s files read, the others "
                         "unchanged in size and time)", f"{len(plugin.rebuilt):,}", f"{plugin.pages:,}",
                         plugin.taken_ahead, plugin.beside.taken if plugin.beside else 0,
                         f"{plugin.removed:,}", f"{plugin.read:,}", f"{len(plugin.files):,}")
            except incremental.NotIncremental as error:
                why = str(error)
                manifest = None
                _empty(site_dir)
                config = _load_mkdocs_config(project, site_dir, strict)
        if manifest is None and only_incremental:
            return None
        if manifest is None:
            log.info("site: full build (%s)", why)
            plugin = _build(config, incremental.Incremental(None, compiled=compiled, hashes=hashes), dirty=False)
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
    from mkdocs.structure import pages
    from mkdocs.utils import get_build_date

    from .incremental import PLUGIN_NAME, DirtyNotice
    from .lean_pages import LeanPages

    config.plugins[PLUGIN_NAME] = plugin  # registers its events
    config.plugins["briefing/lean-pages"] = LeanPages()  # memory that does not grow with every page
    notice = DirtyNotice()
    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(notice)
    config.plugins.on_startup(command="build", dirty=dirty)
    today = get_build_date()  # every page's (the sitemap's lastmod), made once: 40,000 pages took 0.35 s
    pages.get_build_date = lambda: today
    try:
        build(config, dirty=dirty)
    finally:
        pages.get_build_date = get_build_date
        config.plugins.on_shutdown()
        logger.removeFilter(notice)
    return plugin


def _empty(folder: Path) -> None:
    for path in Path(folder).iterdir():
        _clear(path)


def _without_build_time(gzipped: Path) -> None:
    """MkDocs stamps the build time into the sitemap's gzip header; two builds of the
    same articles must be byte-identical, so the stamp is zeroed."""
    import gzip

    if gzipped.is_file():
        gzipped.write_bytes(gzip.compress(gzip.decompress(gzipped.read_bytes()), mtime=0))


def swap(new: Path, site_dir: Path, backup: Path) -> Path | None:
    """Put `new` in place of `site_dir`; returns where the old site is now (None when there was none).
    Where the system can exchange two folders in one step (Linux's renameat2), a reader always finds a
    whole site, and the old one is where `new` was; elsewhere the old site is moved to `backup` first
    (for an instant there is no site; a build killed then is put right by the next one)."""
    if (site_dir.exists() or site_dir.is_symlink()) and _exchange(new, site_dir):
        return new
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
    return backup


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
