"""`briefing serve`: build, serve the site on 127.0.0.1 and rebuild whenever an input changes.

A template change re-renders from the model already in memory; a change to an article,
content/actors.yml or mkdocs.yml reads the content again (the extraction cache keeps unchanged
articles). Pages served get a small script that reloads them after each successful rebuild.
"""
from __future__ import annotations

import functools
import http.server
import json
import logging
import os
import threading
from pathlib import Path

from .build import BuildError, Project, build, make_briefing
from .pages import template_problems

log = logging.getLogger("briefing")

def watched_paths(project: Project, content: Path) -> list[Path]:
    return [Path(content), project.templates_dir, project.config_file]


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of every file under the given files and folders; hidden files are skipped."""
    state: dict[str, tuple[int, int]] = {}
    for root in map(Path, paths):
        if root.is_file():
            files = [root]
        elif root.is_dir():
            files = [p for p in root.rglob("*")
                     if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)]
        else:
            files = []
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                continue
            state[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return state


def changed_files(previous: dict[str, tuple[int, int]], current: dict[str, tuple[int, int]]) -> set[str]:
    """The files added, removed or modified between two snapshots."""
    return {path for path in set(current) | set(previous) if current.get(path) != previous.get(path)}


def serve(project: Project, content: Path, site_dir: Path, port: int = 8000, interval: float = 1.0,
          stop: threading.Event | None = None, on_ready=None) -> None:
    """Build, serve site_dir on http://127.0.0.1:port/ and rebuild whenever an input changes.

    Runs until `stop` (a threading.Event) is set, or Ctrl-C. `port` 0 picks a free port; `on_ready(url)` is
    called once the first build is done and the server listens. Inputs are checked every `interval`
    seconds: a change under the templates folder re-renders from the model already made; a change to an
    article, content/actors.yml or mkdocs.yml extracts again (the cache keeps unchanged articles). A failed
    build is logged and the previous site stays served. Every HTML page served carries a small script
    that reloads it after a successful rebuild.
    """
    from .config import ConfigError, load_settings
    from .extract import ModelNotInstalled

    stop = stop or threading.Event()
    site_dir = Path(site_dir).absolute()
    content = Path(content)
    preview = _Preview()
    briefing = None

    def rebuild(reuse_model: bool) -> None:
        nonlocal briefing, project
        try:
            if not reuse_model:
                project = Project(project.root, load_settings(project.config_file))
                briefing = None
            if briefing is None:
                problems = template_problems(project.templates_dir)  # before the model loads
                if problems:
                    raise BuildError("template problem(s):\n  " + "\n  ".join(problems))
                briefing = make_briefing(content, project.settings, project.root / project.settings.cache_dir)
            build(project, content, site_dir, briefing=briefing)
            preview.version += 1
            log.info("site rebuilt (build %d)", preview.version)
        except (BuildError, ConfigError, ModelNotInstalled) as error:
            log.error("rebuild failed (still serving the previous site): %s", error)
        except Exception:  # keep serving whatever happens in a rebuild
            log.exception("rebuild failed (still serving the previous site)")

    state = snapshot(watched_paths(project, content))  # before the first build: a change during it counts
    rebuild(reuse_model=True)
    handler = functools.partial(type("_Handler", (_PreviewHandler,), {"preview": preview}), directory=str(site_dir))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise BuildError(f"cannot serve on 127.0.0.1:{port}: {error.strerror or error}") from None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"serving {site_dir} on {url} (Ctrl-C to stop)", flush=True)
    if on_ready is not None:
        on_ready(url)
    try:
        while not stop.wait(interval):
            current = snapshot(watched_paths(project, content))
            changed = changed_files(state, current)
            if not changed:
                continue
            templates = str(project.templates_dir.resolve())
            only_templates = all(str(Path(path).resolve()).startswith(templates + os.sep) for path in changed)
            log.info("%d file(s) changed%s; rebuilding", len(changed), " (templates only)" if only_templates else "")
            state = current
            rebuild(reuse_model=only_templates)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _Preview:
    """What the preview server shares with the watch loop: the number of successful builds."""

    def __init__(self):
        self.version = 0


_VERSION_PATH = "/__briefing__/version"
_RELOAD = ("<script>(function(){var v=%s;function poll(){fetch(%s,{cache:'no-store'})"
           ".then(function(r){return r.text()}).then(function(t){if(t!==v){location.reload()}else{setTimeout(poll,1000)}})"
           ".catch(function(){setTimeout(poll,2000)})}setTimeout(poll,1000)})();</script>")


class _PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the site folder; HTML pages get the reload script, and the build number is served."""
    preview: _Preview

    def do_GET(self):  # noqa: N802 - the base class's name
        port = self.server.server_address[1]
        if self.headers.get("Host", "").lower() not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            # another name for this address (DNS rebinding) would let a web page read the preview
            self.send_error(421, "Misdirected Request", f"served only as 127.0.0.1:{port} or localhost:{port}")
            return None
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == _VERSION_PATH:
            return self._send(str(self.preview.version).encode(), "text/plain; charset=utf-8")
        local = Path(self.translate_path(self.path))
        if local.is_dir() and path.endswith("/"):
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            try:
                html = local.read_bytes()
            except OSError:
                return super().do_GET()
            script = (_RELOAD % (json.dumps(str(self.preview.version)), json.dumps(_VERSION_PATH))).encode()
            at = html.rfind(b"</body>")
            html = html[:at] + script + html[at:] if at >= 0 else html + script
            return self._send(html, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, data: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        log.debug("%s " + format, self.address_string(), *args)
