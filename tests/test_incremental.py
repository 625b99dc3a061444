"""Incremental site builds (generator/incremental.py), end to end with the real model and MkDocs.

The key property: after adding, changing or removing an article, or editing a template, the
site built incrementally from the previous one is, file for file and byte for byte, the site a
full build makes of the same content in another folder. Anything the manifest cannot vouch
for (another mkdocs.yml, `--full`, a missing or broken manifest, a previous site that lost a
file, a changed navigation) is a full build, and a build that fails leaves the previous site
as it was.

One full build of two fixture articles is shared (`first`); every test builds on a copy of it.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import copy_project, noted, tree

from generator import incremental
from generator.build import Project, make_briefing
from generator.cli import main
from generator.config import Settings
from generator.pages import stamp_path
from generator.build import build as build_site

REPO = Path(__file__).resolve().parents[1]
ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
THIRD = REPO / "content" / "00-taliban-visit-russia-china.md"
NAV_PAGES = 9  # the pages of `nav:` in mkdocs.yml (tags.md, with the tags listing, is one of them)
REFERENCE = 1  # the template reference (out of the nav), rendered on every build: its examples show the model


def assert_same_site(built: Path, reference: Path) -> None:
    got, want = tree(built), tree(reference)
    assert sorted(set(got) - set(want)) == [], "files a full build does not make"
    assert sorted(set(want) - set(got)) == [], "files missing from the incremental build"
    assert [name for name in want if got[name] != want[name]] == [], "files that differ from a full build"


@dataclass
class First:
    root: Path
    project: Project
    content: Path
    briefing: object
    site: Path


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> First:
    root = tmp_path_factory.mktemp("incremental")
    project = copy_project(root / "project")
    content = root / "first"
    shutil.copytree(ARTICLES, content)
    briefing = make_briefing(content, project.settings, project.root / project.settings.cache_dir)
    site = build_site(project, content, root / "site", briefing=briefing)
    return First(root, project, content, briefing, site)


def briefing_of(first: First, content: Path):
    return make_briefing(content, first.project.settings, first.project.root / first.project.settings.cache_dir)


def previous_site(first: First, tmp_path: Path) -> Path:
    """A copy of the first site (copies get new mtimes, as a CI cache restore does)."""
    site = tmp_path / "site"
    shutil.copytree(first.site, site)
    return site


def build(caplog, project: Project, content: Path, site: Path, briefing, **options) -> str:
    """build_site; returns its one line saying how MkDocs built ('site: incremental build, ...' or 'site: full build (...)')."""
    caplog.set_level(logging.INFO, logger="briefing")
    caplog.clear()
    build_site(project, content, site, briefing=briefing, **options)
    lines = [m for m in caplog.messages if m.startswith(("site: incremental build", "site: full build"))]
    assert len(lines) == 1, caplog.messages
    return lines[0]


def rendered(line: str) -> tuple[int, int]:
    found = re.match(r"site: incremental build, ([\d,]+) of ([\d,]+) pages rendered", line)
    assert found, line
    return int(found.group(1).replace(",", "")), int(found.group(2).replace(",", ""))


def incremental_equals_full(caplog, first: First, tmp_path: Path, content: Path, briefing=None,
                            project: Project | None = None) -> tuple[int, int]:
    """Build `content` on a copy of the first site and, in full, into another folder; both must match."""
    project = project or first.project
    briefing = briefing or briefing_of(first, content)
    site = previous_site(first, tmp_path)
    line = build(caplog, project, content, site, briefing)
    counts = rendered(line)
    reference = tmp_path / "reference"
    assert build(caplog, project, content, reference, briefing).startswith("site: full build (no previous site)")
    assert_same_site(site, reference)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".site-", ".reference-"))]  # no leftovers
    return counts


# --------------------------------------------------------------------------- same site as a full build


def test_nothing_changed_renders_only_the_navigation(caplog, first, tmp_path):
    done, pages = incremental_equals_full(caplog, first, tmp_path, first.content, first.briefing)
    assert done == NAV_PAGES and pages > 3 * NAV_PAGES
    assert_same_site(tmp_path / "site", first.site)  # and the same bytes as the build before


def test_the_same_inputs_again_render_nothing_and_keep_the_site(caplog, first, tmp_path):
    """The second build of the same model, templates and settings renders no Markdown and, its site
    untouched, keeps it as it is; a site changed since, or a changed model, builds again."""
    site = previous_site(first, tmp_path)
    build(caplog, first.project, first.content, site, first.briefing)
    before = tree(site)
    caplog.clear()
    build_site(first.project, first.content, site, briefing=first.briefing)
    assert "pages: unchanged since the last build (same model, templates and settings)" in caplog.messages
    assert [m for m in caplog.messages if m.startswith("site: unchanged")], caplog.messages
    assert tree(site) == before
    assert_same_site(site, first.site)
    (site / "404.html").write_text("edited by hand", encoding="utf-8")
    assert build(caplog, first.project, first.content, site, first.briefing).startswith("site: ")  # built again
    assert_same_site(site, first.site)
    changed = briefing_of(first, first.content)
    changed.actors[0].name += " (renamed)"
    build(caplog, first.project, first.content, site, changed)
    assert not [m for m in caplog.messages if m.startswith("pages: unchanged")]
    assert " (renamed)" in (first.project.pages_dir / "actors" / f"{changed.actors[0].id}.md").read_text(encoding="utf-8")
    build(caplog, first.project, first.content, site, first.briefing)  # leave the pages as the other tests expect


def test_added_article(caplog, first, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(first.content, content)
    shutil.copy(THIRD, content)
    done, pages = incremental_equals_full(caplog, first, tmp_path, content)
    assert done < pages
    assert (tmp_path / "site" / "articles").is_dir()
    data = json.loads((tmp_path / "site" / "briefing.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 3


def test_changed_article(caplog, first, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(first.content, content)
    path = content / "moscow-talks.md"
    text = path.read_text(encoding="utf-8")
    assert "Saturday" in text
    path.write_text(text.replace("Saturday", "Sunday") + "\nThe talks will resume in Doha, officials said.\n",
                    encoding="utf-8")
    done, pages = incremental_equals_full(caplog, first, tmp_path, content)
    assert done < pages


def test_removed_article(caplog, first, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(first.content / "moscow-talks.md", content)
    done, pages = incremental_equals_full(caplog, first, tmp_path, content)
    assert done < pages
    before = {p.relative_to(first.site) for p in first.site.rglob("index.html")}
    after = {p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("index.html")}
    assert after < before  # the pages of the removed article and its actors are gone


def test_edited_template(caplog, first, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(first.project.templates_dir, templates)
    with (templates / "event.md.j2").open("a", encoding="utf-8") as f:
        f.write("\nSeen by the incremental test.\n")
    project = Project(first.project.root, Settings(templates_dir=str(templates)))
    done, pages = incremental_equals_full(caplog, first, tmp_path, first.content, first.briefing, project)
    events = len(first.briefing.events)
    assert events > 0 and done == NAV_PAGES + REFERENCE + events
    event = next((tmp_path / "site" / "events").glob("*/index.html"))
    assert "Seen by the incremental test." in event.read_text(encoding="utf-8")


def files_read(line: str) -> int:
    found = re.search(r"; ([\d,]+) of [\d,]+ files read", line)
    assert found, line
    return int(found.group(1).replace(",", ""))


def test_pages_are_vouched_for_by_size_and_time_and_a_link_that_now_resolves_renders_its_page_again(caplog, first,
                                                                                                  tmp_path):
    """A build reads only the pages whose size or modification time differ from those the build before
    noted with their hashes (in the cache folder). A page whose Markdown links to a page that is not there
    yet renders again when that page appears (the link then resolves) though its Markdown is the same: the
    manifest keeps the files each page's links looked for in vain. Either way the site is a full build's."""
    templates = tmp_path / "templates"
    shutil.copytree(first.project.templates_dir, templates)
    with (templates / "actor.md.j2").open("a", encoding="utf-8") as f:
        f.write("\nSee [the new report](../reports/new/index.md).\n")  # (not there yet)
    project = Project(first.project.root, Settings(templates_dir=str(templates)))
    site = previous_site(first, tmp_path)
    build(caplog, project, first.content, site, first.briefing)
    long_ago = time.time_ns() - 3600 * 10**9  # (a page written just before a build looked is read again)
    for path in project.pages_dir.rglob("*"):
        os.utime(path, ns=(long_ago, long_ago))
    stamp_path(project).unlink()  # (else the build knows that nothing changed without running MkDocs)
    assert files_read(build(caplog, project, first.content, site, first.briefing)) > 0  # (other times than noted)
    stamp_path(project).unlink()
    line = build(caplog, project, first.content, site, first.briefing)
    assert files_read(line) == 0 and rendered(line)[0] == NAV_PAGES

    (templates / "reports" / "new.md.j2").write_text("{#-\ntitle: New\n-#}\n# New\n\nA report.\n", encoding="utf-8")
    line = build(caplog, project, first.content, site, first.briefing)
    assert files_read(line) == 3  # the new report and two pages of the navigation that list it
    assert rendered(line)[0] == NAV_PAGES + 1 + len(first.briefing.actors)  # and every actor page
    actor = (site / "actors" / first.briefing.actors[0].id / "index.html").read_text(encoding="utf-8")
    assert 'href="../../reports/new/"' in actor  # rendered again: the link resolves
    build(caplog, project, first.content, tmp_path / "reference", first.briefing)
    assert_same_site(site, tmp_path / "reference")

    for path in project.pages_dir.rglob("*"):  # noted again, long ago
        os.utime(path, ns=(long_ago, long_ago))
    stamp_path(project).unlink()
    build(caplog, project, first.content, site, first.briefing)
    (templates / "reports" / "new.md.j2").unlink()  # the pages naming it are found by reading them for its name
    line = build(caplog, project, first.content, site, first.briefing)
    pages = sum(1 for p in project.pages_dir.rglob("*.md"))
    assert files_read(line) == pages and rendered(line)[0] >= NAV_PAGES + len(first.briefing.actors)
    actor = (site / "actors" / first.briefing.actors[0].id / "index.html").read_text(encoding="utf-8")
    assert 'href="../../reports/new/"' not in actor  # rendered again: the link no longer resolves
    shutil.rmtree(tmp_path / "reference")
    build(caplog, project, first.content, tmp_path / "reference", first.briefing)
    assert_same_site(site, tmp_path / "reference")


def test_known_hashes_vouch_only_for_files_written_well_before_they_were_noted(tmp_path):
    """A file noted with a modification time close to when the build looked may have been written again in
    the same tick of the clock: it is read again. A record of another docs folder, or unreadable, vouches
    for nothing."""
    docs, path = tmp_path / "docs", tmp_path / "hashes.json"
    docs.mkdir()
    noted = incremental.KnownHashes(path, str(docs), "")
    now = time.time_ns()
    noted.note("old.md", [5, now - 3 * 10**9], "h-old", False)
    noted.note("racy.md", [5, now - 10**9], "h-racy", True)
    noted.save()
    again = incremental.KnownHashes(path, str(docs), "")
    assert again.vouched("old.md", [5, now - 3 * 10**9]) == ("h-old", False)
    assert again.vouched("old.md", [6, now - 3 * 10**9]) is None  # another size
    assert again.vouched("racy.md", [5, now - 10**9]) is None
    assert incremental.KnownHashes(path, str(tmp_path), "").vouched("old.md", [5, now - 3 * 10**9]) is None
    path.write_text("{not json", encoding="utf-8")
    assert incremental.KnownHashes(path, str(docs), "").vouched("old.md", [5, now - 3 * 10**9]) is None


# --------------------------------------------------------------------------- full builds when in doubt


def test_changed_navigation_is_a_full_build(caplog, first, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(first.project.templates_dir, templates)
    (templates / "tags.md.j2").unlink()  # an optional page: the nav entry "Tags" no longer has a page
    project = Project(first.project.root, Settings(templates_dir=str(templates)))
    site = previous_site(first, tmp_path)
    line = build(caplog, project, first.content, site, first.briefing)
    assert line == "site: full build (the navigation or the tag listings changed)"
    build(caplog, project, first.content, tmp_path / "reference", first.briefing)
    assert_same_site(site, tmp_path / "reference")


def test_changed_mkdocs_yml_is_a_full_build(caplog, first, tmp_path):
    project = copy_project(tmp_path / "project")
    config = project.config_file
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: Briefing", "site_name: Other"),
                      encoding="utf-8")
    site = previous_site(first, tmp_path)
    line = build(caplog, project, first.content, site, first.briefing)
    assert line.startswith("site: full build (mkdocs.yml")
    assert "Other" in (site / "index.html").read_text(encoding="utf-8")
    assert "Other" in (site / "events" / "index.html").read_text(encoding="utf-8")


def test_full_option_is_a_full_build(caplog, first, tmp_path):
    site = previous_site(first, tmp_path)
    line = build(caplog, first.project, first.content, site, first.briefing, full=True)
    assert line == "site: full build (asked for with --full)"
    assert_same_site(site, first.site)


def test_full_option_on_the_command_line(monkeypatch, tmp_path):
    calls = []

    def fake(project, content, site, strict=False, briefing=None, full=False, wait=True):
        calls.append(full)
        return Path(site)

    monkeypatch.setattr("generator.build.build", fake)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for argv, full in ((["build", "--full"], True), (["build"], False)):
        assert main(["--project", str(tmp_path), "-q", *argv, "--site", str(tmp_path / "site")]) == 0
        assert calls.pop() is full


@pytest.mark.parametrize("damage", ["missing", "not json", "other version", "wrong shape", "anchors a number",
                                    "title a list", "output outside the site", "dest outside the site"])
def test_unusable_manifest_is_a_full_build(caplog, first, tmp_path, damage):
    """The manifest is data the last build wrote but cannot vouch for: anything wrong in it is a full build,
    never a crash, and no file outside the site is ever named from it."""
    site = previous_site(first, tmp_path)
    manifest = site / incremental.MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    if damage == "missing":
        manifest.unlink()
    elif damage == "not json":
        manifest.write_text(manifest.read_text(encoding="utf-8")[:100], encoding="utf-8")
    elif damage == "other version":
        manifest.write_text(json.dumps({**data, "version": 0}), encoding="utf-8")
    elif damage == "wrong shape":
        manifest.write_text(json.dumps({**data, "files": {"index.md": "abc"}}), encoding="utf-8")
    elif damage in ("anchors a number", "title a list", "dest outside the site"):
        field, value = {"anchors a number": ("anchors", 7), "title a list": ("title", ["x"]),
                        "dest outside the site": ("dest", "../../etc/x.html")}[damage]
        files = {name: {**entry, field: value} if name == "index.md" else entry for name, entry in data["files"].items()}
        manifest.write_text(json.dumps({**data, "files": files}), encoding="utf-8")
    else:
        manifest.write_text(json.dumps({**data, "outputs": {**data["outputs"], "../outside.html": 3}}), encoding="utf-8")
    line = build(caplog, first.project, first.content, site, first.briefing)
    assert line == f"site: full build (no readable {incremental.MANIFEST} in the previous site)"
    assert_same_site(site, first.site)


def test_the_previous_sites_files_are_found_by_a_forked_process_while_the_build_goes_on(caplog, first, tmp_path,
                                                                                        monkeypatch):
    """The previous site's files (80,000 at 10,000 articles) are listed beside the build, not at its end; a
    file lost from it is seen all the same (the next test, where no process is forked after Dask's tests)."""
    from generator import forks

    site = previous_site(first, tmp_path)
    monkeypatch.setattr(forks, "can_fork", lambda copying=False: True)
    real, seen = incremental.site_outputs, tmp_path / "listed by"

    def listing(folder):
        with open(seen, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {folder}\n")
        return real(folder)

    monkeypatch.setattr(incremental, "site_outputs", listing)
    content = tmp_path / "content"
    shutil.copytree(first.content, content)
    shutil.copy(THIRD, content)
    assert build(caplog, first.project, content, site, briefing_of(first, content)).startswith("site: incremental")
    listed = seen.read_text(encoding="utf-8").splitlines()
    assert f"{os.getpid()} {site}" not in listed and any(line.endswith(f" {site}") for line in listed)


def test_mkdocs_builds_in_a_process_of_its_own_while_this_one_writes_the_export(caplog, first, tmp_path, monkeypatch):
    """When the export is written by the build's own process (at 10,000 articles the model is too large to
    fork), an incremental MkDocs build runs meanwhile in a spawned process: the site a full build makes, the
    log line from that process; the full build it cannot make is made here, and so is any build once this
    process holds more than site.BESIDE_LIMIT (the memory the spawned MkDocs adds would go over budget)."""
    from generator import forks
    from generator import site as site_module

    monkeypatch.setattr(forks, "can_fork", lambda copying=False: not copying)
    monkeypatch.setattr(site_module, "BESIDE_FROM", 0)
    monkeypatch.setattr(site_module, "BESIDE_LIMIT", 2**62)
    content = tmp_path / "content"
    shutil.copytree(first.content, content)
    shutil.copy(THIRD, content)
    briefing = briefing_of(first, content)

    def built_by(line: str) -> int:
        return next(r for r in caplog.records if r.getMessage() == line).process

    site, reference = previous_site(first, tmp_path), tmp_path / "reference"
    line = build(caplog, first.project, content, site, briefing)
    assert line.startswith("site: incremental build") and built_by(line) != os.getpid()
    line = build(caplog, first.project, content, reference, briefing)
    assert line.startswith("site: full build (no previous site)") and built_by(line) == os.getpid()
    assert_same_site(site, reference)
    assert (site / "briefing.json").read_bytes() == (reference / "briefing.json").read_bytes()
    monkeypatch.setattr(site_module, "BESIDE_LIMIT", 0)
    site = previous_site(first, tmp_path / "limited")
    line = build(caplog, first.project, content, site, briefing)
    assert line.startswith("site: incremental build") and built_by(line) == os.getpid()


def test_mkdocs_beside_is_started_before_the_render_and_reads_the_manifest_meanwhile(caplog, first, tmp_path,
                                                                                   monkeypatch):
    """The spawned MkDocs starts before the pages are rendered (its imports and the previous manifest take
    their time beside the render) and builds once told; the manifest it read ahead is taken while the
    file is as it was, read again once it changed."""
    import generator.build as build_module
    from generator import forks
    from generator import site as site_module

    monkeypatch.setattr(forks, "can_fork", lambda copying=False: not copying)
    monkeypatch.setattr(site_module, "BESIDE_FROM", 0)
    monkeypatch.setattr(site_module, "BESIDE_LIMIT", 2**62)
    events = []
    monkeypatch.setattr(site_module.MkDocsBeside, "__init__", noted(events, "spawned", site_module.MkDocsBeside.__init__))
    monkeypatch.setattr(site_module.MkDocsBeside, "start", noted(events, "told", site_module.MkDocsBeside.start))
    monkeypatch.setattr(build_module, "render", noted(events, "render", build_module.render))
    content = tmp_path / "content"
    shutil.copytree(first.content, content)
    shutil.copy(THIRD, content)
    site = previous_site(first, tmp_path)
    line = build(caplog, first.project, content, site, briefing_of(first, content))
    assert events == ["spawned", "render", "told"] and line.startswith("site: incremental build")
    assert next(r for r in caplog.records if r.getMessage() == line).process != os.getpid()

    incremental.read_ahead(site)
    kept = incremental._READ_AHEAD[str(site / incremental.MANIFEST)][1]
    assert incremental.read_manifest(site) is kept
    assert incremental.read_manifest(site) == kept and incremental.read_manifest(site) is not kept  # (taken once)
    incremental.read_ahead(site)
    (site / incremental.MANIFEST).write_text((site / incremental.MANIFEST).read_text(encoding="utf-8") + " ",
                                             encoding="utf-8")
    again = incremental.read_manifest(site)
    assert again is not None and again is not kept and again == kept


class _Told:
    """The spawned MkDocs' end of its pipe, as when the render writes pages more slowly than they are
    converted: never a message waiting while one is converted."""

    def __init__(self, messages: list):
        self.messages = messages

    def poll(self) -> bool:
        return False

    def recv(self):
        if not self.messages:
            raise EOFError
        return self.messages.pop(0)


class _BesideHere:
    """site.MkDocsBeside building in this process, at the publish, from the messages the render sent it."""

    def __init__(self, project, work, site_dir):
        self.args, self.messages = (project, work / "new", site_dir), []

    wanted = possible = staticmethod(lambda *args: True)

    def coming(self, pages):
        self.messages.append(("coming", pages))

    def written(self, page, path, size):
        self.messages.append(("page", page, str(path)))

    def start(self, outputs):
        self.messages.append(("build", outputs))

    def built(self, meanwhile):
        from generator.site import _built_when_told

        meanwhile()
        return _built_when_told(*self.args, _Told(self.messages))

    def cancel(self):
        pass


def test_pages_converted_to_html_while_the_render_writes_them_are_taken_by_mkdocs(caplog, first, tmp_path,
                                                                                monkeypatch):
    """Each page the render writes is told to the spawned MkDocs, which turns it into HTML while the others
    render (incremental.ConvertedAhead); MkDocs takes that HTML for every page but the tags listing, and
    the site is the one a full build makes. (Its pages are all written: a new project.)"""
    from generator import forks
    from generator import site as site_module

    monkeypatch.setattr(forks, "can_fork", lambda copying=False: not copying)
    monkeypatch.setattr(site_module, "MkDocsBeside", _BesideHere)
    content = tmp_path / "content"
    shutil.copytree(first.content, content)
    shutil.copy(THIRD, content)
    briefing = briefing_of(first, content)
    site, project = previous_site(first, tmp_path), copy_project(tmp_path / "project")  # (every page written)
    line = build(caplog, project, content, site, briefing)
    ahead = int(re.search(r"(\d+) of them to HTML while the pages were written", line).group(1))
    shared = int(re.search(r"and (\d+) by a second process", line).group(1))
    assert ahead > 0 and shared == 0, line
    assert ahead == rendered(line)[0] - 1, line  # (but the tags listing, whose Markdown the tags plugin writes)
    build(caplog, project, content, tmp_path / "reference", briefing)
    assert_same_site(site, tmp_path / "reference")


def test_html_converted_ahead_is_taken_only_while_every_link_finds_what_it_found(first, tmp_path, caplog):
    """A page converted ahead whose link looked for a file not known yet (written later in the render), or
    found one that is gone since, is rendered again by MkDocs; so is one whose Markdown changed. Otherwise
    its HTML, table of contents and anchors are what MkDocs makes of it, and what its conversion logged (a
    link to a missing page) is said when MkDocs takes it, not before."""
    from mkdocs.structure.files import File, get_files
    from mkdocs.structure.pages import Page

    from generator.site import _load_mkdocs_config

    config = _load_mkdocs_config(first.project, tmp_path / "new", False)
    files = get_files(config)
    known = [f.src_uri for f in files]
    docs = Path(config.docs_dir)

    def made_by_mkdocs(src_uri: str):
        page = Page(None, files.get_file_from_path(src_uri), config)
        page.read_source(config)
        return page

    def taken(ahead, src_uri: str):
        page = made_by_mkdocs(src_uri)
        return page if ahead.take(page, files, incremental.MissedLinks(files)) else None

    name = "index.md"
    ahead = incremental.ConvertedAhead(config, known)
    ahead.convert(name, str(docs / name))
    page, reference = taken(ahead, name), made_by_mkdocs(name)
    reference.render(config, files)
    assert page is not None and page.content == reference.content and page.content.count("<a ") > 10
    assert (page.toc.items[0].title, page.present_anchor_ids, page._title_from_render) == \
           (reference.toc.items[0].title, reference.present_anchor_ids, reference._title_from_render)

    target = next(p for p in known if p.startswith("actors/") and p != "actors/index.md")
    assert target.rsplit("/", 1)[1] in (docs / name).read_text(encoding="utf-8")
    ahead = incremental.ConvertedAhead(config, [p for p in known if p != target])  # (written later)
    ahead.convert(name, str(docs / name))
    assert name in ahead.found and taken(ahead, name) is None

    ahead = incremental.ConvertedAhead(config, known + ["actors/gone.md"])  # (removed since)
    odd = tmp_path / "odd.md"
    odd.write_text("# Odd\n\n[gone](actors/gone.md)\n", encoding="utf-8")
    ahead.convert(name, str(odd))
    assert name in ahead.found and taken(ahead, name) is None  # (index.md's Markdown is not odd.md's either)

    odd.write_text("# Odd\n\n[nowhere](nowhere.md)\n", encoding="utf-8")
    files.append(File("odd.md", str(tmp_path), config.site_dir, config.use_directory_urls))
    ahead = incremental.ConvertedAhead(config, known + ["odd.md"])
    caplog.clear()
    ahead.convert("odd.md", str(odd))
    assert "odd.md" in ahead.found and caplog.records == []  # (the warning kept unsaid)
    assert taken(ahead, "odd.md") is not None
    assert [r.getMessage() for r in caplog.records] == [
        "Doc file 'odd.md' contains a link 'nowhere.md', but the target is not found among documentation files."]


def test_mkdocs_beside_that_cannot_read_its_settings_leaves_the_build_to_this_process(caplog, first, tmp_path,
                                                                                     monkeypatch):
    """A project whose MkDocs settings the spawned process cannot read (here: its pages folder is not
    there) leaves the build to the build's own process, which says what is wrong, if anything; the site is
    the one a full build makes."""
    from generator import forks
    from generator import site as site_module
    from generator.site import mkdocs_built

    monkeypatch.setattr(forks, "can_fork", lambda copying=False: not copying)
    monkeypatch.setattr(site_module, "BESIDE_FROM", 0)
    monkeypatch.setattr(site_module, "BESIDE_LIMIT", 2**62)
    project = copy_project(tmp_path / "fresh")
    site = previous_site(first, tmp_path)
    assert not project.pages_dir.exists()
    assert mkdocs_built(project, tmp_path / "new", previous=site, only_incremental=True) is None
    build(caplog, project, first.content, site, first.briefing)
    assert_same_site(site, first.site)


def test_previous_site_that_lost_a_file_is_a_full_build(caplog, first, tmp_path):
    site = previous_site(first, tmp_path)
    page = next((site / "actors").rglob("index.html"))
    page.unlink()
    line = build(caplog, first.project, first.content, site, first.briefing)
    assert line == "site: full build (the previous site folder is not the one its manifest describes)"
    assert page.is_file()
    assert_same_site(site, first.site)


def test_strict_is_a_full_build(first, tmp_path):
    from mkdocs.config import load_config

    config = load_config(config_file=str(first.project.config_file), site_dir=str(tmp_path / "x"))
    found, _, why = incremental.plan(config, first.project.config_file, first.site, strict=True)
    assert found is None and why.startswith("strict")
    found, _, why = incremental.plan(config, first.project.config_file, first.site)
    assert found is not None and why == ""


def test_failed_incremental_build_leaves_the_previous_site(monkeypatch, first, tmp_path):
    """MkDocs has written the changed pages when the build fails: the previous site is untouched."""
    site = previous_site(first, tmp_path)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}

    def failing(self, *, config):  # (in place of the search index's merge and writing)
        assert self.incremental and self.rebuilt  # an incremental build, pages written
        raise RuntimeError("disk full")

    monkeypatch.setattr(incremental.Incremental, "on_post_build", failing)
    content = tmp_path / "content"
    shutil.copytree(first.content, content)
    shutil.copy(THIRD, content)
    with pytest.raises(RuntimeError, match="disk full"):
        build_site(first.project, content, site, briefing=briefing_of(first, content))
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_incremental_build_with_lean_pages(monkeypatch, caplog, first, tmp_path):
    """Every build runs LeanPages (generator/lean_pages.py), which empties each page's Markdown and HTML once
    used: an incremental build with it still makes the site a full build makes."""
    from generator.lean_pages import LeanPages

    let_go = []
    written = LeanPages.on_post_page

    def counted(self, output, *, page, config):
        let_go.append(page.url)
        return written(self, output, page=page, config=config)

    monkeypatch.setattr(LeanPages, "on_post_page", counted)
    content = tmp_path / "content"
    shutil.copytree(first.content, content)
    shutil.copy(THIRD, content)
    done, pages = incremental_equals_full(caplog, first, tmp_path, content)
    assert done < pages
    assert len(let_go) == done + pages  # the incremental build's pages, then every page of the full one


def test_a_new_numbered_page_rebuilds_the_pages_naming_it_not_every_page_with_a_page_of_that_number():
    linking = incremental.Linking(["actors/ann/pages/3.md"])
    assert linking.names("actors/ann/pages/2.md", b"[3](3.md)")
    assert linking.names("actors/ann.md", b"[3](ann/pages/3.md)")
    assert linking.names("reports/x/index.md", b"[3](../../actors/ann/pages/3.md)")
    assert not linking.names("quotes/s/pages/2.md", b"[3](3.md)")  # its own page 3
    assert not linking.names("actors/bob.md", b"[3](bob/pages/3.md)")
    assert not linking.names("tags.md", b"[3](tags/pages/3.md)")
    assert incremental.Linking(["reports/digest/index.md"]).names("index.md", b"[d](reports/digest/index.md)")
    assert incremental.Linking(["timeline.md"]).names("actors/ann.md", b"[timeline](../timeline.md)")
    assert incremental.Linking(["events/e-1.md"]).names("actors/ann.md", b"[e](../events/e-1.md)")
    assert not incremental.Linking([]).names("actors/ann.md", b"[e](../events/e-1.md)")


def test_nothing_changed_is_known_before_any_extraction_or_resolve(caplog, tmp_path, monkeypatch):
    """A build of the same articles, overrides, templates and settings reads the articles (their cache keys
    tell what the model is made of) and stops: no extraction records are loaded, nothing is resolved."""
    from generator import build as build_module
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(ARTICLES, content)
    build_site(project, content, site)
    before = tree(site)

    def no_resolve(*args, **kwargs):
        raise AssertionError("resolved although nothing changed")

    monkeypatch.setattr(build_module, "resolve", no_resolve)
    caplog.set_level(logging.INFO, logger="briefing")
    caplog.clear()
    build_site(project, content, site)
    assert any(m.startswith(f"site: unchanged, {site} is the site of these pages (2 articles") for m in caplog.messages)
    assert tree(site) == before
    (content / "actors.yml").write_text("- match: Kabulov\n  name: Zamir N. Kabulov\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="resolved although nothing changed"):  # an override changes the model
        build_site(project, content, site)


def test_the_manifest_keeps_front_matter_only_when_json_gives_it_back_unchanged():
    """The front matter of pages not rendered comes from the manifest; one JSON would change (a date)
    is read from the page again."""
    from datetime import date

    kept = {"title": "Ann", "tags": ["Talks", "Moscow"], "search": {"exclude": True, "boost": 2}}
    assert incremental._as_json(kept) == kept
    assert incremental._as_json({"title": "Ann", "date": date(2024, 3, 4)}) is None
    assert incremental._as_json({"when": (1, 2)}) is None  # a tuple comes back as a list


def test_the_search_index_is_written_as_the_search_plugin_writes_it_one_page_at_a_time(first):
    """Each page's search entries are kept as JSON once the page is indexed, and the index is written from
    them: the file is json.dumps of the whole index, as the search plugin writes it, with every page's
    entries in page order; the manifest says where each page's entries are, so that the next build copies
    them without reading the index as JSON."""
    data = (first.site / incremental.SEARCH_INDEX).read_bytes()
    index = json.loads(data)
    assert data == json.dumps(index, separators=(",", ":")).encode() and set(index) == {"config", "docs"}
    urls = [entry["location"].split("#", 1)[0] for entry in index["docs"]]
    assert "articles/a-moscow-talks/" in urls and urls.index("") == 0  # the home page first, as MkDocs builds it
    assert len(set(urls)) == len([u for n, u in enumerate(urls) if n == 0 or urls[n - 1] != u])  # pages whole
    spans = incremental.read_manifest(first.site)["search"]
    in_order = sorted(spans.items(), key=lambda item: item[1])
    assert [url for url, _ in in_order] == list(dict.fromkeys(urls))
    assert [entry for _, (start, end) in in_order for entry in json.loads(b"[" + data[start:end] + b"]")] \
        == index["docs"]


def test_a_manifest_is_the_json_mkdocs_made_with_the_sites_files_added(first, tmp_path):
    """MkDocs' process hands its manifest over as JSON bytes (manifest_json), not as objects; the build
    adds the site folder's files, given or listed, and the file reads back as one manifest."""
    site = tmp_path / "site"
    shutil.copytree(first.site, site)
    manifest = incremental.read_manifest(site)
    outputs = manifest.pop("outputs")
    assert outputs and all(size >= 0 for size in outputs.values())
    incremental.write_manifest(site, incremental.manifest_json(manifest), {**outputs, "extra.html": 7})
    assert incremental.read_manifest(site) == {**manifest, "outputs": {**outputs, "extra.html": 7}}
    incremental.write_manifest(site, incremental.manifest_json(manifest))  # the folder listed
    assert incremental.read_manifest(site) == {**manifest, "outputs": outputs}


def test_a_manifest_whose_search_spans_are_not_spans_is_not_read(first, tmp_path):
    """The spans of the search entries decide what the next build copies: a manifest with a span that is
    not two growing offsets is no manifest (a full build)."""
    site = tmp_path / "site"
    shutil.copytree(first.site, site)
    manifest = json.loads((site / incremental.MANIFEST).read_text(encoding="utf-8"))
    for wrong in ([5, 2], [1], ["0", 4], None):
        manifest["search"][""] = wrong
        (site / incremental.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        assert incremental.read_manifest(site) is None


_BUILD_IN_A_PROCESS = """
import os, sys
import generator.incremental as incremental
if sys.argv[1] == "dies":  # having taken every page, the second process renders none
    def die(config, files, shared, claims, sender):
        for n in range(len(shared)):
            incremental._claim(claims, n, incremental.RenderedBeside.THEIRS)
        os._exit(1)
    incremental._render_pages = die
from generator.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("dies", [False, True], ids=["shared", "second-process-dies"])
def test_a_second_process_renders_part_of_the_changed_pages_to_html(first, tmp_path, caplog, dies):
    """MkDocs and a forked process share the Markdown-to-HTML of the changed pages (incremental.RenderedBeside,
    from both ends of the list); the site is a full build's, also when that process dies (MkDocs then
    renders its pages). (Built by a process of its own: no process is forked beside other threads, and
    earlier tests may leave some in this one.)"""
    import subprocess
    import sys

    content = tmp_path / "content"
    shutil.copytree(first.content, content)
    shutil.copy(THIRD, content)
    site = previous_site(first, tmp_path)
    run = subprocess.run([sys.executable, "-c", _BUILD_IN_A_PROCESS, "dies" if dies else "shares",
                          "--project", str(first.project.root), "build", "--content", str(content), "--site", str(site)],
                         capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 0, run.stderr
    line = next(m for m in run.stderr.splitlines() if "site: incremental build" in m)
    shared = int(re.search(r"and (\d+) by a second process", line).group(1))
    assert shared == 0 if dies else 0 < shared < rendered(line.split("INFO: ", 1)[-1])[0]
    build(caplog, first.project, content, tmp_path / "reference", briefing_of(first, content))
    assert_same_site(site, tmp_path / "reference")


def test_the_fingerprint_is_the_same_from_any_folder(first, monkeypatch):
    """Run from the project's own folder, Python lists its .egg-info as a second distribution of the same
    package: the site's fingerprint (and so an incremental build) must not depend on that."""
    import importlib.metadata

    from mkdocs.config import load_config

    config_file = first.project.config_file
    config = load_config(config_file=str(config_file), site_dir=str(first.site))
    before = incremental.fingerprint(config, config_file)
    listed = list(importlib.metadata.distributions())
    monkeypatch.setattr(importlib.metadata, "distributions", lambda: listed + listed[:1])
    assert incremental.fingerprint(config, config_file) == before


def test_with_other_threads_running_mkdocs_renders_every_page_itself():
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert incremental.RenderedBeside.start(None, None, ["a.md", "b.md"], None) is None
    finally:
        stop.set()
        other.join()
