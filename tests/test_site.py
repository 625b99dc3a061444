"""The whole build, end to end, on the repository's content/ with the real spaCy model."""
from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from conftest import copy_project, tree

from generator.build import BuildError, Project
from generator.config import Settings
from generator.serve import changed_files, snapshot
from generator.build import build as build_site
from generator.site import swap

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One real build (model load, extraction, MkDocs); returns (project, site folder, warnings)."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    records = _Records()
    logging.getLogger("mkdocs").addHandler(records)
    try:
        site = build_site(project, CONTENT, project.root / "site")
    finally:
        logging.getLogger("mkdocs").removeHandler(records)
    return project, site, [r.getMessage() for r in records.records]


def test_site_has_home_export_and_actor_pages(built):
    project, site, warnings = built
    assert (site / "index.html").is_file()
    data = json.loads((site / "briefing.json").read_text())
    assert data["schema_version"] == 1 and len(data["articles"]) == 1
    for actor in ("zamir-kabulov", "taliban"):
        assert (site / "actors" / actor / "index.html").is_file(), actor
    kabulov = (site / "actors" / "zamir-kabulov" / "index.html").read_text()
    assert "Zamir Kabulov" in kabulov and "diplomatic assistance" in kabulov
    assert (project.pages_dir / "assets" / "briefing.css").is_file()
    assert (site / "assets" / "briefing.css").is_file()
    assert warnings == []  # no broken link or missing anchor reported by MkDocs
    from generator.pages import compiled_folder
    assert list((compiled_folder(project) / "theme").glob("*.cache"))  # the theme's templates kept compiled
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site-")]  # no leftovers


def test_the_export_is_the_one_of_the_model_written_here(built, tmp_path):
    """The build writes briefing.json and the CSV tables beside the render (forks.Forked): the files
    are those the model's export gives, byte for byte."""
    from generator.build import make_briefing, write_export

    project, site, _ = built
    briefing = make_briefing(CONTENT, project.settings, project.root / project.settings.cache_dir)
    write_export(briefing, tmp_path, project.settings)
    for name in ("briefing.json", "actors.csv", "quotes.csv", "meetings.csv"):
        written = tmp_path / name if name.endswith(".json") else tmp_path / "tables" / name
        assert (site / name).read_bytes() == written.read_bytes(), name


def test_search_indexes_articles_and_entities_but_not_their_lists(built):
    """Search finds an article by its text and an actor by its page; the lists of quotes, meetings and
    articles repeat article text, so they stay out of the index (a third of it at 10,000 articles)."""
    project, site, _ = built
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    body = " ".join(d["text"] for d in docs if d["location"].startswith("articles/a-"))
    assert "Kabulov" in body
    assert any(d["location"] == "actors/zamir-kabulov/" for d in docs)
    sections = {d["location"].split("#")[1] for d in docs
                if "#" in d["location"] and d["location"].startswith(("actors/", "events/", "articles/"))}
    assert not sections & {"meetings-and-visits", "met-with", "articles", "evidence", "actors", "events"}
    quotes = [d for d in docs if d["location"].endswith("#quotes")]  # once each: the article's list, with speakers
    assert quotes and all(d["location"].startswith("articles/") for d in quotes)
    assert "Kabulov" in quotes[0]["text"]
    assert not any(d["location"].startswith(("tags/", "quotes/")) for d in docs)
    kabulov = (site / "actors" / "zamir-kabulov" / "index.html").read_text()
    assert 'id="quotes"' in kabulov  # the sections are on the page, with stable anchors


def test_every_sentence_link_resolves(built):
    _, site, _ = built
    pages = list((site / "actors").rglob("index.html")) + list((site / "events").rglob("index.html"))
    checked = 0
    ids_cache: dict[Path, set[str]] = {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#]*)#(s-\d+)"', html):
            url, anchor = href
            target_dir = Path(posixpath.normpath(posixpath.join(str(page.parent), url)))
            target = target_dir / "index.html"
            assert target.is_file(), (page, url)
            if target not in ids_cache:
                ids_cache[target] = set(re.findall(r'\sid="([^"]+)"', target.read_text(encoding="utf-8")))
            assert anchor in ids_cache[target], (page, url, anchor)
            checked += 1
    assert checked >= 10


def test_failed_build_leaves_the_previous_site(built, tmp_path):
    """A template that fails while rendering: the error names it, the old site stays as it was."""
    project, site, _ = built
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    templates = tmp_path / "templates"
    shutil.copytree(project.templates_dir, templates)
    with (templates / "event.md.j2").open("a") as f:
        f.write("{{ event.no_such_field }}\n")
    broken = Project(project.root, Settings(templates_dir=str(templates)))
    with pytest.raises(BuildError, match=r"event\.md\.j2:\d+: .*no_such_field"):
        build_site(broken, CONTENT, site)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site-")]


def test_syntax_error_fails_before_the_model_loads(tmp_path):
    project = copy_project(tmp_path / "project")
    (project.templates_dir / "partials" / "quote.md.j2").write_text("{% if %}\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    with pytest.raises(BuildError, match=r"templates/partials/quote\.md\.j2:1:"):
        build_site(project, tmp_path / "no-such-content", site)
    assert (site / "index.html").read_text() == "old"


def test_swap_exchanges_the_folders_in_one_step_where_the_system_can(tmp_path, monkeypatch):
    """With renameat2 the site folder is never missing, not even for an instant."""
    from generator import site as site_module

    calls = []
    real = site_module._exchange
    monkeypatch.setattr(site_module, "_exchange", lambda a, b: calls.append((a, b)) or real(a, b))
    old, new = tmp_path / "site", tmp_path / "new"
    old.mkdir()
    (old / "a").write_text("old")
    new.mkdir()
    (new / "b").write_text("new")
    renamed = []
    monkeypatch.setattr(Path, "rename", lambda self, target: renamed.append(self) or os.rename(self, target))
    kept = swap(new, old, tmp_path / "backup")
    assert calls == [(new, old)] and [p.name for p in old.iterdir()] == ["b"]
    assert renamed == []  # one exchange, no moment without a site
    assert kept == new and [p.name for p in kept.iterdir()] == ["a"]  # the old site, for the caller to keep


def test_swap_replaces_the_folder_where_the_system_cannot_exchange_two(tmp_path, monkeypatch):
    from generator import site as site_module

    monkeypatch.setattr(site_module, "_exchange", lambda a, b: False)  # macOS, or a file system without it
    old, new = tmp_path / "site", tmp_path / "new"
    old.mkdir()
    (old / "a").write_text("old")
    new.mkdir()
    (new / "b").write_text("new")
    kept = swap(new, old, tmp_path / "backup")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup", "site"]
    assert [p.name for p in old.iterdir()] == ["b"] and [p.name for p in kept.iterdir()] == ["a"]


def test_watch_notices_added_changed_and_removed_files(tmp_path):
    content, config = tmp_path / "content", tmp_path / "mkdocs.yml"
    content.mkdir()
    config.write_text("site_name: x\n")
    paths = [content, tmp_path / "templates", config]  # a missing folder is fine
    state = snapshot(paths)
    assert changed_files(state, snapshot(paths)) == set()
    (content / "a.md").write_text("one")
    assert changed_files(state, state := snapshot(paths)) == {str(content / "a.md")}
    (content / ".hidden.swp").write_text("editor noise")
    assert changed_files(state, snapshot(paths)) == set()
    (content / "a.md").write_text("one, longer")
    assert changed_files(state, state := snapshot(paths)) == {str(content / "a.md")}
    config.unlink()
    assert changed_files(state, snapshot(paths)) == {str(config)}


def test_the_spare_tree_becomes_the_next_site_and_no_build_writes_into_the_live_one(tmp_path, caplog):
    """Each build keeps the site it replaced beside the new one (the spare) and the next build brings the
    spare up to date with what changed since, instead of linking every file again. A build must never
    write into the files of the live site (the spare shares the unchanged ones with it): the site each
    build replaced is, byte for byte, the site the build before made. The last site is the one a clean
    build makes."""
    from test_render import make_briefing

    from generator.build import build as build_site
    from generator.model import Actor, Mention
    from generator.site import spare_folder

    def with_second_actor(title: str):
        briefing = make_briefing(title=title)
        body = briefing.articles[0].text
        at = body.index("Moscow")
        briefing.actors.append(Actor(id="moscow", name="Moscow", type="organization",
                                     mentions=[Mention("a-moscow", at, at + 6, "Moscow", sentence=0)]))
        return briefing

    versions = [make_briefing(), make_briefing(title="Envoys meet again"), with_second_actor("Envoys meet again"),
                with_second_actor("Envoys meet once more"), make_briefing(title="Envoys part"),  # a page comes, goes
                make_briefing(title="Envoys part again")]  # (and goes from the spare, which still had it)
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    made = []
    caplog.set_level(logging.INFO, logger="briefing")
    for number, briefing in enumerate(versions):
        caplog.clear()
        build_site(project, tmp_path / "content", site, briefing=briefing)
        if number == 0:  # a full build leaves a spare too: links to its own files
            assert tree(spare_folder(site)) == tree(site)
        if number >= 1:  # (the first incremental build too: it does not link every file anew)
            assert tree(spare_folder(site)) == made[-1]
            assert any("spare tree brought up to date" in m for m in caplog.messages), caplog.messages
        made.append(tree(site))
    assert "actors/moscow/index.html" in made[2] and "actors/moscow/index.html" not in made[4]
    clean = copy_project(tmp_path / "clean")
    build_site(clean, tmp_path / "content", tmp_path / "clean-site", briefing=versions[-1])
    assert tree(site) == tree(tmp_path / "clean-site")
    assert [p for p in site.rglob("*") if p.is_dir() and not any(p.iterdir())] == []  # no folder a page left


def test_a_build_that_fails_while_bringing_the_spare_up_to_date_loses_nothing(tmp_path, monkeypatch):
    """The spare's record goes before the spare changes: a build stopped half way leaves the live site as
    it was, and the next build, finding no record, links the site anew and keeps a sound spare."""
    from test_render import make_briefing

    from generator import site as site_module
    from generator.build import build as build_site

    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    for title in ("Envoys meet", "Envoys meet again"):
        build_site(project, tmp_path / "content", site, briefing=make_briefing(title=title))
    live = tree(site)
    real = site_module._bring_up_to_date

    def half_way(spare, site_dir, new, changed_before, written, removed):
        real(spare, site_dir, new, changed_before, written[:len(written) // 2], set())
        raise OSError("disk full")

    monkeypatch.setattr(site_module, "_bring_up_to_date", half_way)
    with pytest.raises(OSError, match="disk full"):
        build_site(project, tmp_path / "content", site, briefing=make_briefing(title="Envoys part"))
    assert tree(site) == live
    monkeypatch.undo()
    build_site(project, tmp_path / "content", site, briefing=make_briefing(title="Envoys part"))
    assert tree(site_module.spare_folder(site)) == live
    build_site(copy_project(tmp_path / "clean"), tmp_path / "content", tmp_path / "clean-site",
               briefing=make_briefing(title="Envoys part"))
    assert tree(site) == tree(tmp_path / "clean-site")


def test_mkdocs_beside_is_told_of_pages_up_to_its_limits_and_never_stops_the_render(monkeypatch):
    """The render tells the spawned MkDocs of the pages it writes until AHEAD_LIMIT bytes (their HTML waits
    in that process's memory) and of the new pages to come when they are few (one message, which the pipe
    holds while MkDocs starts); a process that is gone is told nothing more, and the render goes on."""
    import multiprocessing

    from generator import site

    monkeypatch.setattr(site, "AHEAD_LIMIT", 100)
    beside = site.MkDocsBeside.__new__(site.MkDocsBeside)  # (its pipe without its process)
    receiver, beside._go = multiprocessing.Pipe(duplex=False)
    beside._ahead = 0
    for name in ("a.md", "b.md", "c.md"):
        beside.written(name, Path("staged") / name, 60)
    beside.coming(["new.md"])
    beside.coming([f"p{n}.md" for n in range(site.AHEAD_PAGES + 1)])
    told = []
    while receiver.poll():
        told.append(receiver.recv())
    assert told == [("page", "a.md", str(Path("staged/a.md"))), ("page", "b.md", str(Path("staged/b.md"))),
                    ("coming", ["new.md"])]
    receiver.close()
    beside._ahead = 0
    beside.written("d.md", Path("staged/d.md"), 10)  # (the process gone: no error)
    beside.coming(["later.md"])
    assert beside._ahead == site.AHEAD_LIMIT
