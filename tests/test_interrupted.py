"""Interrupted and concurrent builds (generator/build.py, generator/site.py): a build killed at any stage leaves the
previous site as it was and, once the next build has run, nothing behind; two builds of one
project never run at once.

The killed builds are real `briefing build` processes, sent SIGKILL when their log reaches a
stage (extraction, the end of the render, MkDocs); a build killed between the two renames of its
swap is set up by hand; the others build the small invented model of test_render.
"""
from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import copy_project, tree
from test_render import make_briefing

from generator.build import BuildError, build_lock
from generator.build import build as build_site
from generator.site import spare_folder, work_folder

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
CONTENT_ARTICLE = Path(__file__).resolve().parents[1] / "content" / "00-taliban-visit-russia-china.md"


def debris(folder: Path) -> list[str]:
    """What a build may leave beside the site: hidden temporary files and folders (but the spare tree,
    the site one build older, which the next build brings up to date: generator/site.py)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != ".site.spare")


def test_leftovers_are_removed_and_a_site_lost_in_the_middle_of_a_swap_comes_back(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    build_site(project, tmp_path / "content", site, briefing=make_briefing())
    before = tree(site)
    # a build killed between the two renames of its swap: no site, the old one in the work folder
    work = work_folder(site)
    (work / "new").mkdir(parents=True)
    (work / "new" / "index.html").write_text("half of a new site")
    site.rename(work / "old")
    (tmp_path / ".site-new-x1y2").mkdir()  # and what earlier versions left
    (tmp_path / ".site-briefing.json").write_text("{")
    build_site(project, tmp_path / "content", site, briefing=make_briefing())
    assert tree(site) == before
    assert debris(tmp_path) == []


def test_a_second_build_fails_at_once_with_no_wait_and_otherwise_waits(tmp_path, caplog):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    with build_lock(project):
        with pytest.raises(BuildError, match=rf"another build of .* is running \(process {os.getpid()}\)"):
            build_site(project, tmp_path / "content", site, briefing=make_briefing(), wait=False)
    assert not site.exists()

    released = threading.Event()

    def hold():
        with build_lock(project):
            started.set()
            time.sleep(1.5)
            released.set()

    started = threading.Event()
    holder = threading.Thread(target=hold)
    holder.start()
    started.wait(10)
    caplog.set_level(logging.INFO, logger="briefing")
    build_site(project, tmp_path / "content", site, briefing=make_briefing())
    holder.join()
    assert released.is_set() and (site / "index.html").exists()
    assert any(m.startswith(f"waiting for the build of process {os.getpid()} to end") for m in caplog.messages)


def _build_command(project: Path, content: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "generator.cli", "--project", str(project), "build", "--content", str(content),
            "--site", str(site)]


def _kill_when(cmd: list[str], marker: str) -> None:
    """Run the build and SIGKILL it as soon as its log shows `marker`."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if marker in line:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL, "".join(seen)


@pytest.mark.parametrize("marker", ["to extract", "pages: ", "Building documentation"],
                         ids=["extraction", "render", "mkdocs"])
def test_a_build_killed_at_any_stage_keeps_the_site_and_the_next_build_leaves_nothing(tmp_path, marker):
    project = copy_project(tmp_path / "project")
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(ARTICLES, content)
    build_site(project, content, site)
    before = tree(site)
    shutil.copy(CONTENT_ARTICLE, content)  # something to do
    _kill_when(_build_command(project.root, content, site), marker)
    assert tree(site) == before
    stray = project.root / ".cache" / "briefing" / "ab" / ".entry.json.tmp"  # as if killed writing the cache
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("{")
    build_site(project, content, site)
    assert debris(tmp_path) == [] and not list((project.root / ".cache").rglob("*.tmp"))
    assert tree(spare_folder(site)) == before  # the site the killed build would have replaced, kept as spare
    clean_project = copy_project(tmp_path / "clean")
    clean = tmp_path / "clean-site"
    build_site(clean_project, content, clean)
    assert tree(site) == tree(clean)
