"""`briefing serve`: serves the site on loopback and re-renders when a template changes.

One serve() runs in a thread on a copy of the project (one model load); the test edits its templates and
polls the served pages until they change, within a bounded time, then stops it with its stop event.
"""
from __future__ import annotations

import logging
import queue
import shutil
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.build import Project
from generator.config import load_settings
from generator.serve import serve

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 90  # seconds for any one change to show; a template-only rebuild takes about one


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(condition, what: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = condition()
        except (urllib.error.URLError, OSError):
            found = None
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def served(tmp_path):
    """(project, url) of serve() running in a thread; stopped and joined afterwards."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content", root / "content")
    project = Project(root, load_settings(root / "mkdocs.yml"))
    stop, ready = threading.Event(), queue.Queue()
    errors = []

    def run():
        try:
            serve(project, root / "content", root / "site", port=0, interval=0.2, stop=stop, on_ready=ready.put)
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
            ready.put(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        url = ready.get(timeout=300)
        assert url and not errors, errors
        yield project, url
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive(), "serve() did not stop"
    assert not errors, errors


def test_serve_rerenders_on_template_change(served, caplog):
    caplog.set_level(logging.INFO, logger="briefing")
    project, url = served
    home = fetch(url)
    assert "Most active actors" in home
    assert "__briefing__/version" in home  # the reload script
    version = fetch(url + "__briefing__/version")

    index = project.templates_dir / "index.md.j2"
    original = index.read_text(encoding="utf-8")
    index.write_text(original + "\nServe marker one.\n", encoding="utf-8")
    wait_for(lambda: "Serve marker one." in fetch(url), "the edited home template to be served")
    wait_for(lambda: fetch(url + "__briefing__/version") != version, "a new build number (open pages reload)")

    # A broken template: the error names the file and line, the previous site stays served.
    index.write_text(original + "\nServe marker one.\n{{ no_such_name }}\n", encoding="utf-8")
    wait_for(lambda: [r for r in caplog.records if "rebuild failed" in r.getMessage()], "the failed rebuild")
    failure = next(r.getMessage() for r in caplog.records if "rebuild failed" in r.getMessage())
    assert "index.md.j2:" in failure and "no_such_name" in failure
    assert "Serve marker one." in fetch(url)

    # Fixed, plus a new report template: both show up.
    index.write_text(original + "\nServe marker two.\n", encoding="utf-8")
    (project.templates_dir / "reports" / "live.md.j2").write_text("# Live report\n\n{{ actors|length }} actors\n",
                                                                 encoding="utf-8")
    wait_for(lambda: "Serve marker two." in fetch(url), "the fixed home template")
    assert "Live report" in wait_for(lambda: fetch(url + "reports/live/"), "the new report")
    # only templates changed: no extraction after the first build (made while the fixture set up)
    assert not [r for r in caplog.records if "to extract" in r.getMessage()]


def test_the_preview_answers_only_to_its_own_address(served):
    """Another host name for 127.0.0.1 (DNS rebinding) would let a web page read the preview."""
    _, url = served
    port = url.rstrip("/").rsplit(":", 1)[1]
    assert "Most active actors" in fetch(f"http://localhost:{port}/")
    request = urllib.request.Request(url, headers={"Host": f"attacker.example:{port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 421
