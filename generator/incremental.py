"""Incremental MkDocs builds: render again only the pages whose Markdown changed.

A full MkDocs build renders every page of the site although a new article changes a few
dozen of them. After every build a manifest (`MANIFEST`, in the site folder) records what
the site was built from: a fingerprint of everything that shapes every page (the bytes of
mkdocs.yml, the installed packages, this code, theme overrides), the navigation and the tag
listings, a content hash, output path, title, anchors and front matter of every file of the
docs folder, the files each page's links looked for and did not find, where each page's entries
are in the search index, and the size of every file of the site. The hashes of the docs folder's
files are kept by their size and modification time in the project's cache folder (`KnownHashes`),
so that a build reads only the files that changed.

The next build runs MkDocs in its `dirty` mode into an empty folder with the `Incremental`
plugin, which

* marks as modified (to be written) exactly the files whose hash differs from the manifest,
  the new ones, the pages of the navigation and those holding a tags listing, and every page
  that names a file that was added (its links looked for it in vain: `MissedLinks`) or removed
  (its name is in the page's Markdown: `Linking`), as a link to it resolves differently; theme
  files, 404.html, the sitemaps and the search index are written by every build;
* gives Material's tags plugin the front matter (with the tags) of every page that is not
  rendered, from the manifest, so the tags listing is complete, and their anchors to MkDocs'
  link validation;
* merges the search index: the previous entries of the pages not rendered (copied from the
  previous index's bytes, where the manifest says each page's are) and the new ones of the pages
  rendered, in the order of a full build.
  In every build (full ones too) each page's entries are taken from the search plugin as soon
  as the page is indexed and kept as their JSON, compressed; the index is written from them,
  as the plugin would write it, so that no build holds the entries of 40,000 pages as objects.

The Markdown of the modified pages is turned into HTML by two processes: MkDocs from the first page
on, a process forked once the files are known from the last page back, until they meet
(`RenderedBeside`); MkDocs takes the HTML of the pages the other process rendered and makes the
rest of each page (plugins, theme, search) itself.

Then `carry_over` brings the output of every unmodified file from the previous site, as a
hard link (a copy where links are not possible): only files nothing writes any more, once
MkDocs is done, so the previous site is never written to. The output of removed files is not
carried over.

Anything the manifest cannot vouch for means a full build (`NotIncremental`, or the reason
`plan` gives): no or unreadable manifest, another fingerprint, strict mode (it must see
every page's warnings), a plugin other than Material's search and tags, a previous site that
is not what its manifest lists, a navigation or set of tag listings that changed. The result
is the site a full build makes of the same pages, file for file.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import marshal
import os
import posixpath
import re
import sys
import sysconfig
import zlib
from collections import defaultdict
from pathlib import Path, PurePath
from typing import Iterable, NamedTuple
from urllib.parse import quote

from material.plugins.search.plugin import SearchPlugin
from material.plugins.tags.plugin import TagsPlugin
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from .files import NotedFiles, link_or_copy, written
from .forks import MINE, THEIRS, can_fork, claim, collector_paused, from_both_ends
from .lean_pages import tags_listing, tags_plugins

log = logging.getLogger("briefing")

MANIFEST = ".briefing-build.json"
MANIFEST_VERSION = 3
HASHES_VERSION = 1
PLUGIN_NAME = "briefing-incremental"
SEARCH_INDEX = "search/search_index.json"


class NotIncremental(Exception):
    """This build cannot be made incrementally; the message says why. The caller builds in full."""


# --------------------------------------------------------------------------- deciding


def fingerprint(config, config_file: Path) -> str:
    """A hash of everything, beyond the docs folder, that can change any page of the site."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("manifest", str(MANIFEST_VERSION).encode())
    add("python", sys.version.encode())
    for path in _config_files(Path(config_file)):
        add(f"config:{path.name}", path.read_bytes())
    text = Path(config_file).read_text(encoding="utf-8", errors="replace")
    for name in sorted(set(re.findall(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)", text))):
        add(f"env:{name}", os.environ.get(name, "\0unset").encode())
    packages = sorted({f"{(d.metadata['Name'] or '').lower()}=={d.version}"  # (a set: run from the project's
                       for d in importlib.metadata.distributions()})  # folder, its .egg-info is listed twice)
    add("packages", "\n".join(packages).encode())
    here = Path(__file__).resolve().parent
    for name in ("incremental.py", "lean_pages.py", "site.py"):
        add(f"code:{name}", _source(here / name))
    installed = {Path(p).resolve() for p in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"])}
    for folder in map(Path, config.theme.dirs):  # theme overrides (custom_dir); installed themes go by version
        folder = folder.resolve()
        if any(folder.is_relative_to(root) for root in installed):
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            add(f"theme:{path.relative_to(folder).as_posix()}", path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def _source(path: Path) -> bytes:
    """A module's source as this process first read it (the code it runs, even if the file changes later)."""
    return path.read_bytes()


def _config_files(config_file: Path) -> list[Path]:
    """mkdocs.yml and the files it inherits from (INHERIT:)."""
    files, path = [], config_file.resolve()
    while path not in files and path.is_file():
        files.append(path)
        found = re.search(r"^INHERIT:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(#.*)?$", path.read_text(encoding="utf-8",
                                                                                         errors="replace"), re.M)
        if not found:
            break
        path = (path.parent / found.group(1)).resolve()
    return files


def unsupported_plugins(config) -> list[str]:
    """Plugins (and hooks) whose effect on a partial build is not known: any of them means a full build.
    Known: Material's search (merged by this module) and tags (given every page's tags)."""
    return [name for name, plugin in config.plugins.items() if type(plugin) not in (SearchPlugin, TagsPlugin)]


_READ_AHEAD: dict[str, tuple[list[int], dict]] = {}  # manifest path -> (its size and time, read_manifest's)


def read_ahead(site_dir: Path) -> dict | None:
    """read_manifest now, for the build that asks for it later (a spawned MkDocs reads it while the pages
    are rendered): given then while the file's size and time are the same."""
    path = Path(site_dir) / MANIFEST
    try:
        stat = os.stat(path)
    except OSError:
        return None
    data = read_manifest(site_dir)
    if data is not None:
        _READ_AHEAD[str(path)] = ([stat.st_size, stat.st_mtime_ns], data)
    return data


def read_manifest(site_dir: Path) -> dict | None:
    path = Path(site_dir) / MANIFEST
    ahead = _READ_AHEAD.pop(str(path), None)
    if ahead is not None:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if [stat.st_size, stat.st_mtime_ns] == ahead[0]:
            return ahead[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return None
    if not all(isinstance(data.get(key), dict) for key in ("files", "outputs")):
        return None
    if not isinstance(data.get("fingerprint"), str) or not isinstance(data.get("signature"), list):
        return None
    if not all(isinstance(entry, dict) and isinstance(entry.get("hash"), str) and _inside_site(entry.get("dest"))
               and isinstance(entry.get("title", ""), (str, type(None)))
               and isinstance(entry.get("anchors", []), list) and all(isinstance(a, str) for a in entry.get("anchors", []))
               and isinstance(entry.get("meta"), (dict, type(None)))
               and isinstance(entry.get("missed", []), list) and all(isinstance(m, str) for m in entry.get("missed", []))
               for entry in data["files"].values()):
        return None
    if not all(_inside_site(name) and isinstance(size, int) for name, size in data["outputs"].items()):
        return None
    search = data.get("search")
    if not isinstance(search, dict) or not all(
            type(span) is list and len(span) == 2 and all(type(n) is int for n in span) and 0 <= span[0] <= span[1]
            for span in search.values()):
        return None
    return data


def _inside_site(name) -> bool:
    """A relative path that stays inside the site folder (the manifest names what is carried over)."""
    return (isinstance(name, str) and name != "" and not name.startswith(("/", "\\"))
            and ".." not in name.replace("\\", "/").split("/"))


def plan(config, config_file: Path, previous_site: Path | None, strict: bool = False,
         full: bool = False, outputs=None) -> tuple[dict | None, str, str]:
    """(previous manifest or None, fingerprint, why a full build) for a build with this configuration.
    `outputs`: gives site_outputs(previous_site), found while the build went on (forks.Ahead)."""
    prints = fingerprint(config, config_file)
    if full:
        return None, prints, "asked for with --full"
    if strict:
        return None, prints, "strict mode checks every page"
    if previous_site is None or not Path(previous_site).is_dir():
        return None, prints, "no previous site"
    manifest = read_manifest(previous_site)
    if manifest is None:
        return None, prints, f"no readable {MANIFEST} in the previous site"
    if manifest.get("fingerprint") != prints:
        return None, prints, "mkdocs.yml, the theme, an installed package or the generator changed"
    unsupported = unsupported_plugins(config)
    if unsupported:
        return None, prints, f"plugin(s) {', '.join(unsupported)} may need every page"
    if (outputs() if outputs is not None else site_outputs(previous_site)) != manifest["outputs"]:
        return None, prints, "the previous site folder is not the one its manifest describes"
    return manifest, prints, ""


def site_outputs(site_dir: Path) -> dict[str, int]:
    """Every file of a site folder (but the manifest) and its size (plain strings and scandir: a site of
    40,000 pages has 80,000 files, and a Path object for each cost seconds)."""
    out = {}
    folders = [(os.fspath(site_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():  # (a link to a folder is not followed, as os.walk does not)
                    if not entry.is_symlink():
                        folders.append((entry.path, prefix + entry.name + "/"))
                elif prefix or entry.name != MANIFEST:
                    out[prefix + entry.name] = entry.stat().st_size
    return dict(sorted(out.items()))


# --------------------------------------------------------------------------- the plugin


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stat(path: str) -> list[int]:
    found = os.stat(path)
    return [found.st_size, found.st_mtime_ns]


class KnownHashes(NotedFiles):
    """The hash of each file of the docs folder (and whether it holds a tags listing) as it was when a build
    read it, by its size and modification time (files.NotedFiles): a build reads only the files whose size or
    time differ (at 10,000 articles every build read and hashed 40,000 files, 0.5 GB, to find the 130 a new
    article changed). Kept in the project's cache folder (the site's manifest says what the site was made of;
    this, what the files on disk hold); made for another docs folder or tags listing marker, it vouches for
    none."""

    def __init__(self, path: Path | None, docs_dir: str, marker: str):
        super().__init__(path, [HASHES_VERSION, os.path.realpath(docs_dir), marker],
                         valid=lambda noted: len(noted) == 2 and isinstance(noted[0], str)
                         and isinstance(noted[1], bool))

    def vouched(self, src_uri: str, stat: list[int]) -> tuple[str, bool] | None:
        noted = super().vouched(src_uri, stat)
        return (noted[0], noted[1]) if noted is not None else None


class MissedLinks:
    """The files each page's links looked for and did not find while MkDocs rendered it (`page`, between
    on_pre_page and on_page_content): when one of them appears, the page's HTML changes (the link resolves),
    although its Markdown does not. Kept in the manifest ("missed"), so that a later build finds the pages
    naming a new file without reading 40,000 pages for its name."""

    def __init__(self, files):
        self.by_page: dict[str, set[str]] = {}
        self.page: str | None = None
        self._find = files.get_file_from_path
        files.get_file_from_path = self.find  # (the link validation asks the build's Files for each link)

    def find(self, path: str):
        found = self._find(path)
        if found is None and self.page is not None:
            self.by_page.setdefault(self.page, set()).add(PurePath(path).as_posix())
        return found


def _folder_prefixes(folder: str) -> tuple[str, ...]:
    """How the path of a file inside `folder` starts, as MkDocs writes it (normalised, not resolved:
    resolving 40,000 paths costs seconds) or through the folder's real path."""
    return tuple({os.path.normpath(os.path.abspath(folder)) + os.sep, os.path.realpath(folder) + os.sep})


def _needles(src_uri: str) -> dict[str, set[bytes]]:
    """Words a page linking to this file would contain, by where the page is (over-approximated: a stray
    match only rebuilds more): {folder: words}, where a page uses the words of the deepest of those
    folders that holds it ("" holds every page).

    MkDocs resolves a link to a Markdown file ("k.md", "../quotes/k.md"), so those are the links
    whose output changes; an index page is also named by its folder ("../reports/digest/index.md").
    A link by folder URL ("k/") is left as written, whether or not its page exists.
    A bare stem would be too short a word ("k" of "quotes/k.md" is in every page). A link from
    outside a folder names the folder: every numbered page of every long list has a "2.md", but
    only the pages of actors/ann/ can link to actors/ann/pages/2.md without "ann/pages/2.md".
    """
    parts = src_uri.split("/")
    name = parts[-1]
    stem, ext = os.path.splitext(name)
    if ext.lower() in (".md", ".markdown") and stem.lower() in ("index", "readme"):
        return {"": _forms({name} | ({parts[-2]} if len(parts) > 1 else set()))}
    found = {"": _forms({"/".join(parts[-3:])})}  # from outside its folder's parent (or anywhere, near the top)
    if len(parts) >= 2:
        found["/".join(parts[:-1])] = _forms({name})  # from its own folder
    if len(parts) >= 3:
        found["/".join(parts[:-2])] = _forms({"/".join(parts[-2:])})  # from its folder's parent
    return found


def _forms(words: set[str]) -> set[bytes]:
    return {form.encode("utf-8") for word in words for form in (word, quote(word))}


def _linking(needles: set[bytes]) -> re.Pattern | None:
    """A whole path segment: "s.md" of quotes/s.md is not the end of "tags.md"."""
    return re.compile(rb"(?<![\w.%-])(?:" + b"|".join(map(re.escape, sorted(needles))) + rb")") if needles else None


class Linking:
    """Which pages name one of the files that appeared or disappeared (see _needles)."""

    def __init__(self, sources):
        self.words: dict[str, set[bytes]] = defaultdict(set)
        for src in sources:
            for folder, words in _needles(src).items():
                self.words[folder] |= words
        self._patterns: dict[str, tuple[set[bytes], re.Pattern | None]] = {}

    def names(self, page_uri: str, data: bytes) -> bool:
        if not self.words:
            return False
        folder = posixpath.dirname(page_uri)
        found = self._patterns.get(folder)
        if found is None:
            holding = [f for f in self.words if f == "" or folder == f or folder.startswith(f + "/")]
            words = set().union(*(self.words[f] for f in holding))
            found = self._patterns[folder] = (words, _linking(words))
        words, pattern = found
        # (a plain search for each word first: several times faster than the pattern, which then only
        # confirms the few pages holding one)
        return pattern is not None and any(word in data for word in words) and pattern.search(data) is not None


def _as_json(value) -> dict | None:
    """A page's front matter as the manifest can keep it (the tags plugin needs it of every page; reading
    40,000 pages' front matter again cost seconds), or None when JSON would change it (a date, say)."""
    try:
        return value if json.loads(json.dumps(value)) == value else None
    except (TypeError, ValueError):
        return None


def _entry_json(entry: dict) -> str:
    """One entry of the search index as the search plugin writes it (json.dumps of the whole index)."""
    return json.dumps(entry, separators=(",", ":"), default=str)


def _nav_signature(items) -> list:
    out = []
    for item in items or []:
        kind = type(item).__name__
        if kind == "Section":
            out.append([kind, item.title, _nav_signature(item.children)])
        else:
            out.append([kind, item.title, getattr(item, "url", None)])
    return out


class Incremental(BasePlugin):
    """Records what a build was made from; with a previous manifest, makes the build incremental.

    Added to `config.plugins` after load_config (and before on_startup). With `previous=None` it
    only records (a full build).
    """

    def __init__(self, previous: dict | None = None, previous_site: Path | None = None, compiled=None,
                 hashes: Path | None = None, ahead: ConvertedAhead | None = None):
        super().__init__()
        self.ahead = ahead  # pages converted while they were rendered
        self.taken_ahead = 0
        self.hashes_path = hashes  # where the docs folder's files' hashes are kept (KnownHashes)
        self.hashes: KnownHashes | None = None
        self.previous = previous
        self.previous_site = previous_site
        self.compiled = compiled  # Jinja's bytecode cache, keeping the theme's templates compiled
        self.files: dict[str, dict] = {}  # src_uri -> {hash, dest, title, anchors} of this build
        self.modified: set[str] = set()  # src_uri of the files to write
        self.signature: list | None = None
        self.nav = None
        self.page_urls: list[str] = []  # documentation pages in build order
        self.pages = 0
        self.rebuilt: list[str] = []  # page URLs rendered by this build
        self.removed = 0  # files of the previous build that are gone
        self.carry: list[str] = []  # outputs to bring from the previous site (see carry_over)
        self.fingerprint = ""  # set by the caller (plan)
        self.search_parts: dict[str, bytes] = {}  # page URL -> its search entries, as JSON (compressed)
        self.previous_entries: tuple[bytes, dict] = (b"", {})  # the previous index, where each page's are
        self.search_spans: dict[str, list[int]] = {}  # page URL -> [start, end] of its entries in the index written
        self._shareable: set[str] = set()  # src_uri of changed pages either process may render (RenderedBeside)
        self.beside: RenderedBeside | None = None  # (see on_nav)
        self.missed: MissedLinks | None = None  # (see on_files)
        self.read = 0  # files of the docs folder read by this build (the others vouched for by KnownHashes)

    @property
    def incremental(self) -> bool:
        return self.previous is not None

    def _search_plugin(self, config):
        found = [p for p in config.plugins.values() if isinstance(p, SearchPlugin) and p.config.enabled]
        return found[0] if found else None

    # ---------------------------------------------------------------- files

    @event_priority(-100)  # after any other plugin added or changed files
    def on_files(self, files, *, config):
        inside = _folder_prefixes(config.docs_dir)
        ours = [f for f in files if f.generated_by is None and (f.abs_src_path or "").startswith(inside)]
        previous = (self.previous or {}).get("files", {})
        current = {f.src_uri for f in ours}
        gone = set(previous) - current
        appeared = current - set(previous) if self.incremental else set()
        # A link to a file that appeared or disappeared resolves differently: rebuild the pages naming it (a
        # page names one that appeared when its links looked for it as it was rendered: its "missed" files).
        linking = Linking(gone if self.incremental else ())
        forced = self._forced(config)
        marker = tags_listing(config)
        listing = [re.compile(marker.encode(), re.I)] if marker else []
        self.missed = MissedLinks(files)
        self.hashes = KnownHashes(self.hashes_path, config.docs_dir, marker or "")
        stats = [_stat(f.abs_src_path) for f in ours]
        vouched = [self.hashes.vouched(f.src_uri, stats[n]) for n, f in enumerate(ours)]

        def read(n: int) -> tuple[str, bool, bool]:  # (hash, holds a tags listing, names a new or gone file)
            file = ours[n]
            page = file.is_documentation_page()
            names_new_file = page and not appeared.isdisjoint(previous.get(file.src_uri, {}).get("missed", ()))
            if vouched[n] is not None and not (page and linking.words):
                return *vouched[n], names_new_file
            with open(file.abs_src_path, "rb") as handle:
                data = handle.read()
            digest, lists_tags = vouched[n] or (_hash(data), page and any(p.search(data) for p in listing))
            return digest, lists_tags, names_new_file or (page and linking.names(file.src_uri, data))

        # The files to open, by two processes in an incremental build; a full build reads them in this process:
        # it is long anyway, and a forked process's copies of the pages it touches add to the build's peak memory.
        opened = [n for n, file in enumerate(ours)
                  if vouched[n] is None or linking.words and file.is_documentation_page()]
        found = {n: read(n) for n in set(range(len(ours))).difference(opened)}  # (from the record)
        done = from_both_ends(len(opened), lambda i: read(opened[i]))[0] if self.incremental else \
            {i: read(n) for i, n in enumerate(opened)}
        found.update((opened[i], result) for i, result in done.items())
        self.read = len(opened)
        for n, file in enumerate(ours):
            digest, lists_tags, names_new_file = found[n]
            entry = {"hash": digest, "dest": file.dest_uri}
            self.files[file.src_uri] = entry
            self.hashes.note(file.src_uri, stats[n], digest, lists_tags)
            before = previous.get(file.src_uri)
            changed = (before is None or before["hash"] != entry["hash"] or before["dest"] != entry["dest"])
            if file.is_documentation_page():
                plain = not (file.src_uri in forced or lists_tags)
                changed = changed or not plain or names_new_file
                if plain and changed:  # (forced pages and tags listings are never rendered beside)
                    self._shareable.add(file.src_uri)
            if changed or not self.incremental:
                self.modified.add(file.src_uri)
            file.is_modified = (lambda src=file.src_uri: src in self.modified)
        ours_ids = {id(f) for f in ours}  # (not `file in ours`: a list of 40,000 files, searched for each)
        for file in files:
            if id(file) not in ours_ids:
                file.is_modified = lambda: True  # theme files and generated ones: always written
        self.removed = len(gone)
        return files

    def _forced(self, config) -> set[str]:
        """Pages every build renders: the ones named by tags settings (the navigation is added in on_nav)."""
        pages = set()
        for plugin in tags_plugins(config):
            if plugin.config.tags_file:
                pages.add(plugin.config.tags_file)
            pages.update(plugin.config.tags_extra_files or {})
        return pages

    def on_nav(self, nav, *, config, files):
        for page in nav.pages:
            self.modified.add(page.file.src_uri)  # their titles make the navigation of every page
            self._shareable.discard(page.file.src_uri)
        self.nav = nav
        if self.incremental:
            if self.ahead is not None:  # (the others are shared with a second process; any page may be taken
                # ahead, the navigation's too: a tags listing, whose Markdown the tags plugin writes, is not the same)
                self._shareable -= self.ahead.matching(config, {src: self.files[src]["hash"] for src in self.modified
                                                                if src in self.files})
            shareable = [f.src_uri for f in files.documentation_pages() if f.src_uri in self._shareable]
            self.beside = RenderedBeside.start(config, files, shareable, self.missed)  # (in the order MkDocs reads them)
        return nav

    def on_pre_page(self, page, *, config, files):
        if self.missed is not None:
            self.missed.page = page.file.src_uri
        if self.beside is not None:
            self.beside.expect(page)
        if self.ahead is not None and page.file.src_uri in self.ahead.found:
            page.render = functools.partial(self._take_ahead, page)
        return page

    def _take_ahead(self, page, config, files) -> None:
        del page.render  # (the class's method again)
        if self.ahead.take(page, files, self.missed):
            self.taken_ahead += 1
        else:
            page.render(config, files)

    def on_page_content(self, html, *, page, config, files):
        if self.missed is not None:
            self.missed.page = None
        return html

    def on_build_error(self, *, error):
        if self.beside is not None and self.beside.process.is_alive():  # (it would wait to send, for ever)
            self.beside.process.kill()
            self.beside.process.join()

    # ---------------------------------------------------------------- after every page is read

    @event_priority(200)  # before Material's tags plugin (100) populates the listings
    def on_env(self, env, *, config, files):
        if self.compiled is not None and env.bytecode_cache is None:
            env.bytecode_cache = self.compiled  # (before a page loads a template)
        if self.beside is not None:
            self.beside.close()
        tags = tags_plugins(config)
        # Every tagged page links its tags to the listings, by the listing page's title: part of every page.
        listings = sorted([listing.id, listing.page.title] for plugin in tags for listing in plugin.listings)
        self.signature = [_nav_signature(self.nav.items), listings]
        if self.incremental and self.signature != self.previous.get("signature"):
            raise NotIncremental("the navigation or the tag listings changed")
        previous = (self.previous or {}).get("files", {})
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        self.pages = len(pages)
        self.page_urls = [page.url for page in pages]
        for page in pages:
            entry = self.files.get(page.file.src_uri)
            if entry is None:  # not from the docs folder
                continue
            if page.markdown is not None:  # read and rendered by this build
                entry["title"] = page.title
                entry["anchors"] = sorted(page.present_anchor_ids or ())
                entry["meta"] = _as_json(page.meta)
                missed = self.missed.by_page.get(page.file.src_uri) if self.missed is not None else None
                if missed:
                    entry["missed"] = sorted(missed)
                continue
            before = previous[page.file.src_uri]
            entry["title"], entry["anchors"] = before.get("title"), before.get("anchors", [])
            entry["meta"] = before.get("meta")
            if before.get("missed"):
                entry["missed"] = before["missed"]
            page.present_anchor_ids = set(entry["anchors"])  # for the link validation of rebuilt pages
            if tags:
                if entry["meta"] is not None:  # its front matter as it was read when the page was rendered
                    # (a copy: plugins may change a page's; marshal copies JSON's values 3 times as fast as deepcopy)
                    page.markdown, page.meta = "", marshal.loads(marshal.dumps(entry["meta"]))
                else:  # (one that JSON cannot hold: read again)
                    page.read_source(config)
                if "title" not in page.meta and entry["title"] is not None:
                    page.title = entry["title"]  # a title found when the page was rendered
                for plugin in tags:
                    if plugin.filter(page.file):
                        plugin.mappings.add(page, page.markdown)
                page.markdown = ""  # only its front matter was needed ("", as None reads "not read yet")
        for plugin in tags:  # in the order a full build adds them (ties in a listing keep it)
            data = plugin.mappings.data
            plugin.mappings.data = {p.url: data[p.url] for p in pages if p.url in data}
        return env

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context, *, page, config, nav):
        self.rebuilt.append(page.url)
        search = self._search_plugin(config)
        if search is not None and search.search_index.entries:
            # The page's entries, kept as the JSON the index will hold (compressed) instead of as objects:
            # at 40,000 pages the search plugin's list of entries grew by hundreds of megabytes.
            self.search_parts[page.url] = zlib.compress(",".join(map(_entry_json, search.search_index.entries))
                                                        .encode("utf-8"), 1)
            search.search_index.entries.clear()
        return context

    # ---------------------------------------------------------------- search index

    @event_priority(100)  # before the search plugin writes its index
    def _carry_and_merge(self, *, config):
        if self.incremental:
            outputs = self.previous["outputs"]
            self.carry = sorted({entry["dest"] for src, entry in self.files.items()
                                 if src not in self.modified and entry["dest"] in outputs})
            if self._search_plugin(config) is not None:  # the entries of the pages not rendered, as they were
                # (as bytes, where the manifest says: decoding and parsing 90 MB of JSON took 0.6 s)
                spans = self.previous["search"]
                try:
                    data = (Path(self.previous_site) / SEARCH_INDEX).read_bytes()
                except OSError:
                    raise NotIncremental("the previous search index is missing or unreadable") from None
                if any(end > len(data) for _, end in spans.values()):
                    raise NotIncremental("the previous search index is not the one its manifest describes")
                self.previous_entries = data, spans

    @event_priority(-100)  # after the search plugin wrote its index, of no entries (on_page_context took them)
    def _write_search_index(self, *, config):
        if self._search_plugin(config) is None:
            return
        path = Path(config.site_dir) / SEARCH_INDEX
        written = path.read_text(encoding="utf-8")  # {"config":{...},"docs":[]}
        if not written.endswith(',"docs":[]}'):  # (its form is fixed by the search plugin's version)
            raise RuntimeError(f"{path}: the search plugin wrote its index in a form this generator does not know")
        previous, spans = self.previous_entries
        rebuilt = set(self.rebuilt)
        with open(path, "wb") as out:  # what json.dumps of every entry, in page order, writes
            at = out.write(written[:-len("]}")].encode("utf-8"))
            for url in self.page_urls:  # (a page rendered now: its new entries, else those it had)
                part = self.search_parts.get(url)
                if part is not None:
                    entries = zlib.decompress(part)
                elif url in spans and url not in rebuilt:
                    entries = previous[spans[url][0]:spans[url][1]]
                else:
                    continue
                if self.search_spans:
                    at += out.write(b",")
                self.search_spans[url] = [at, at + len(entries)]
                at += out.write(entries)
            out.write(b"]}")

    @event_priority(-100)
    def _save_hashes(self, *, config):
        if self.hashes is not None:
            self.hashes.save()

    on_post_build = CombinedEvent(_carry_and_merge, _write_search_index, _save_hashes)

    # ---------------------------------------------------------------- manifest

    def manifest(self) -> dict:
        """What this build was made from; write_manifest adds the files of the site folder."""
        return {"version": MANIFEST_VERSION, "fingerprint": self.fingerprint, "signature": self.signature,
                "files": dict(sorted(self.files.items())), "search": self.search_spans}


class RenderedBeside:
    """Markdown to HTML, the larger part of an incremental build's work, shared with a process forked once
    MkDocs knows the files: MkDocs renders the changed pages from the first on, the other process from the
    last back, each taking the next page that neither has taken (`claims`), until they meet. For a page the
    other process took, MkDocs takes its result (the HTML, table of contents, title and anchors that
    `Page.render` makes) instead of rendering it (`expect`); the rest of the page's making (plugins, theme,
    search) stays in MkDocs. A page the other process could not render is rendered by MkDocs."""

    def __init__(self, shared: list[str], claims, receiver, process, missed: MissedLinks):
        self.number = {uri: n for n, uri in enumerate(shared)}
        self.claims, self.receiver, self.process = claims, receiver, process
        self.missed = missed
        self.found: dict[str, tuple] = {}
        self.done = False
        self.taken = 0  # pages whose HTML came from the other process

    @classmethod
    def start(cls, config, files, shared: list[str], missed: MissedLinks) -> RenderedBeside | None:
        """None (MkDocs renders every page) for fewer than two pages, or when no process may be forked
        (forks.can_fork: the preview's server runs a thread)."""
        if len(shared) < 2 or not can_fork():
            return None
        import multiprocessing

        context = multiprocessing.get_context("fork")
        claims = context.Array("b", len(shared))  # 0: not taken yet, MINE or THEIRS
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_render_pages, args=(config, files, shared, claims, sender, missed),
                                  daemon=True)
        process.start()
        sender.close()
        return cls(shared, claims, receiver, process, missed)

    def expect(self, page) -> None:
        """Before MkDocs reads a page: takes it, or, when the other process took it, makes MkDocs take its
        HTML from there (page.render answered by `_take`)."""
        n = self.number.get(page.file.src_uri)
        if n is not None and not claim(self.claims, n, MINE):
            page.render = functools.partial(self._take, page)

    def _take(self, page, config, files) -> None:
        del page.render  # (the class's method again)
        self._receive()
        rendered = self.found.pop(page.file.src_uri, None)
        if rendered is None:
            page.render(config, files)
            return
        _put(page, rendered, files, self.missed)
        self.taken += 1

    def _receive(self) -> None:
        """Every page the other process rendered, sent at once when it stopped (a page at a time, it would
        wait for this one to read each)."""
        if not self.done:
            try:
                self.found = self.receiver.recv()
            except EOFError:  # the process died: its pages are rendered here
                self.found = {}
            self.done = True

    def close(self) -> None:
        """Once MkDocs has read every page: the process has ended."""
        self._receive()
        self.process.join()


def _put(page, rendered: tuple, files, missed: MissedLinks) -> None:
    """What `Page.render` would have made of the page, made elsewhere (_rendered), into the page."""
    page.content, page.toc, page._title_from_render, page.present_anchor_ids, links, not_found = rendered
    if not_found:
        missed.by_page[page.file.src_uri] = not_found
    if links is not None:
        page.links_to_anchors = {files.get_file_from_path(u): found for u, found in links.items()}


def _rendered(page, missed: set[str] | None) -> tuple:
    """What `Page.render` made of a page, as _put takes it (the files its anchor links name by their path)."""
    links = None if page.links_to_anchors is None else \
        {f.src_uri: found for f, found in page.links_to_anchors.items()}
    return page.content, page.toc, page._title_from_render, page.present_anchor_ids, links, missed


def _render_pages(config, files, shared: list[str], claims, sender, missed: MissedLinks) -> None:  # (forked)
    from mkdocs.structure.pages import Page

    rendered = {}
    for n in range(len(shared) - 1, -1, -1):
        if not claim(claims, n, THEIRS):
            break  # MkDocs has come this far: it renders the rest
        file = files.get_file_from_path(shared[n])
        page = file.page or Page(None, file, config)
        try:
            config._current_page = page
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            page.render(config, files)
            rendered[shared[n]] = _rendered(page, missed.by_page.pop(shared[n], None))
        except Exception:  # rendered again by MkDocs in the other process, which reports the error
            pass
    sender.send(rendered)
    sender.close()


class ConvertedAhead:
    """Markdown to HTML of the pages the render writes, made while it renders, by the spawned MkDocs
    process (site.MkDocsBeside), whose core is idle until then: at 10,000 articles, one new article's 77
    pages took MkDocs 4 s of its 8 after the render. Each page is converted as `Page.render` converts it,
    its links resolved against the files of the previous build's manifest, the pages the render said it
    would add and those written so far;
    MkDocs takes the result (`Incremental.on_nav`) only when nothing it was made from differs: the file's
    bytes, the page's Markdown once the plugins have read it, the Markdown settings, and, for each link,
    the file it found (a page written later, or a file since removed, makes MkDocs render the page
    itself). What the conversion logged (a link to a page not written yet, say) is kept unsaid, and said
    when MkDocs takes the page: the same words, as every lookup they come from is the same."""

    def __init__(self, config, known: Iterable[str]):
        self.config = config
        self.names = set(known)  # the docs folder's files, as far as they are known yet
        self.setup = _markdown_setup(config)
        self.found: dict[str, _Converted] = {}  # by src_uri
        self._files: dict[str, object] = {}  # src_uri -> its File, once a link looked for it

    def coming(self, pages: Iterable[str]) -> None:
        """Pages about to be written (not there yet): links to them resolve."""
        self.names.update(pages)

    def convert(self, src_uri: str, path: str) -> None:
        """The page `src_uri` of the docs folder, whose bytes were just written to `path`."""
        from mkdocs.structure.pages import Page
        from mkdocs.utils import meta

        self.names.add(src_uri)
        try:  # (staged beside its place, or there by now)
            data = _read_either(path, os.path.join(self.config.docs_dir, src_uri))
            source = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")  # (as MkDocs reads it)
        except (OSError, UnicodeDecodeError):
            return
        config, looked = self.config, {}
        page = Page(None, self._file(src_uri), config)
        page.markdown, page.meta = meta.get_data(source)
        with _Heard() as heard:
            try:
                config._current_page = page
                page.render(config, _Lookup(self, looked))
            except Exception:  # (rendered by MkDocs, which reports the error)
                return
            finally:
                config._current_page = None
        missed = {name for name, url in looked.items() if url is None}
        self.found[src_uri] = _Converted(_hash(data), _hash(page.markdown.encode("utf-8")), looked,
                                         _rendered(page, missed or None), heard.records)

    def matching(self, config, hashes: dict[str, str]) -> set[str]:
        """The pages converted ahead that are the files MkDocs is about to render (`hashes`, by src_uri) with
        the same Markdown settings (`config`, the build's); the others are forgotten."""
        same = _markdown_setup(config) == self.setup
        self.found = {src: found for src, found in self.found.items() if same and hashes.get(src) == found.file_hash}
        return set(self.found)

    def take(self, page, files, missed: MissedLinks) -> bool:
        """The page's HTML from what was converted ahead, when nothing it was made from differs."""
        found = self.found.pop(page.file.src_uri, None)
        if found is None or page.markdown is None or _hash(page.markdown.encode("utf-8")) != found.markdown_hash:
            return False
        find = missed._find  # (not the page's own lookups: the manifest keeps those converted ahead)
        for name, url in found.looked.items():
            target = find(name)
            if (None if target is None or target.inclusion.is_excluded() else target.url) != url:
                return False
        _put(page, found.rendered, files, missed)
        for record in found.said:
            logging.getLogger(record.name).handle(record)
        return True

    def _file(self, src_uri: str):
        from mkdocs.structure.files import File

        found = self._files.get(src_uri)
        if found is None:
            config = self.config
            found = self._files[src_uri] = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
        return found


class _Converted(NamedTuple):
    """A page converted ahead, and what it was made from."""
    file_hash: str  # of the file's bytes (as Incremental.on_files hashes them)
    markdown_hash: str  # of the Markdown converted (the file's, without its front matter)
    looked: dict[str, str | None]  # each file a link looked for -> the URL it found (None: none)
    rendered: tuple  # what Page.render made (_rendered)
    said: list[logging.LogRecord]  # what the conversion logged, unsaid yet


def _read_either(path: str, other: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        with open(other, "rb") as handle:
            return handle.read()


class _Lookup:
    """The files `Page.render` asks for, as far as ConvertedAhead knows them; it notes what each link found."""

    def __init__(self, ahead: ConvertedAhead, looked: dict[str, str | None]):
        self.ahead, self.looked = ahead, looked

    def get_file_from_path(self, path: str):
        name = PurePath(path).as_posix()
        found = self.ahead._file(name) if name in self.ahead.names else None
        self.looked[name] = None if found is None else found.url
        return found


class _Heard(logging.Handler):
    """What was logged meanwhile, kept instead of shown (or sent to the build's log)."""

    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record) -> None:
        self.records.append(record)

    def __enter__(self):
        self.kept = [(logger, logger.handlers, logger.propagate) for logger in
                     (logging.getLogger(), *(found for found in logging.root.manager.loggerDict.values()
                                             if isinstance(found, logging.Logger) and found.handlers))]
        for logger, _, _ in self.kept:
            logger.handlers, logger.propagate = [self], False
        return self

    def __exit__(self, *exc) -> None:
        for logger, handlers, propagate in self.kept:
            logger.handlers, logger.propagate = handlers, propagate


def _markdown_setup(config) -> str:
    """What `Page.render` makes HTML with, beside the page: the Markdown extensions and their settings,
    the URLs' form and the link validation."""
    extensions = [e if isinstance(e, str) else type(e).__qualname__ for e in config.markdown_extensions]
    return json.dumps([extensions, config.mdx_configs, config.use_directory_urls, config.docs_dir,
                       config.site_dir, repr(config.validation)], sort_keys=True, default=_named)


def _named(value) -> str:
    return getattr(value, "__qualname__", type(value).__qualname__)


def carry_over(previous_site: Path, site_dir: Path, outputs: list[str]) -> int:
    """Bring these outputs of the previous site into the new one, where the build did not write them.

    Hard links where the file system allows (a copy elsewhere): nothing writes these files any
    more, so the previous site stays exactly as it was, and a failed build loses nothing.
    """
    previous_site, site_dir = Path(previous_site), Path(site_dir)
    count = 0
    for relative in outputs:
        target = site_dir / relative
        if target.exists():
            continue
        source = previous_site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, target)
        count += 1
    return count


def manifest_json(manifest: dict) -> bytes:
    """A build's manifest (Incremental.manifest) as the JSON write_manifest writes, but for the site's files,
    which it appends: what MkDocs' own process hands over (22 MB of bytes rather than 300,000 objects to
    pickle and unpickle at 10,000 articles)."""
    with collector_paused():  # (the encoder's lists)
        return json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_manifest(site_dir: Path, manifest: bytes, outputs: dict[str, int] | None = None) -> None:
    """Written last, once the site folder is complete: `manifest` (manifest_json) with every file in the
    folder (`outputs`, when the caller knows them, else read from the folder)."""
    outputs = dict(sorted(outputs.items())) if outputs is not None else site_outputs(site_dir)
    listed = json.dumps(outputs, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with written(Path(site_dir) / MANIFEST, binary=True) as out:
        out.write(manifest.removesuffix(b"}"))
        out.write(b',"outputs":' + listed + b"}\n")


class DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may be inaccurate; this one is checked (see the module), so the
    warning is replaced by the briefing's own line ("site: incremental build, N of M pages rebuilt")."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("A 'dirty' build is being performed")
                    or message.startswith("The directory contains stale files"))
