"""Build, check and serve the site: model → Markdown pages → MkDocs → site folder.

A build writes into a fresh folder next to the site folder and swaps it in only
when everything succeeded, so a failed build leaves the previous site intact.
"""
from __future__ import annotations

import functools
import http.server
import logging
import os
import shutil
import tempfile
import threading
import time
import traceback
from pathlib import Path

import jinja2

from .build import BuildError, Project, make_briefing
from .render import PAGE_TEMPLATES, make_environment, render_pages, template_names

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

log = logging.getLogger("briefing")


# --------------------------------------------------------------------------- build


def build_site(project: Project, content: Path, site_dir: Path, strict: bool = False) -> Path:
    """Extract, render the pages, run MkDocs and write briefing.json; returns the site folder."""
    from .export import write_json

    site_dir = Path(site_dir).absolute()
    problems = template_problems(project.templates_dir)  # fail fast, before the model loads
    if problems:
        raise BuildError("template problem(s):\n  " + "\n  ".join(problems))
    briefing = make_briefing(Path(content), project.settings, project.root / project.settings.cache_dir, strict)
    render(project, briefing)

    site_dir.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        run_mkdocs(project, new, strict=strict)
        write_json(briefing, new / "briefing.json")
        swap(new, site_dir)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    log.info("site: %s (%d articles, %d actors, %d quotes, %d events)", site_dir, len(briefing.articles),
             len(briefing.actors), len(briefing.quotes), len(briefing.events))
    return site_dir


def render(project: Project, briefing) -> list[Path]:
    """render_pages with template errors turned into BuildError (file, line, message)."""
    try:
        return render_pages(briefing, project.templates_dir, project.pages_dir, project.settings)
    except jinja2.TemplateError as error:
        raise BuildError(describe_template_error(error, project.templates_dir)) from None


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


def run_mkdocs(project: Project, site_dir: Path, strict: bool = False) -> None:
    """Build the site from the rendered pages with MkDocs, in this process."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    overrides = {"site_dir": str(site_dir)}
    if strict:
        overrides["strict"] = True
    try:
        config = load_config(config_file=str(project.config_file), **overrides)
        docs = Path(config.docs_dir).resolve()
        if docs != project.pages_dir.resolve():
            raise BuildError(f"{project.config_file}: docs_dir is {docs} but the pages are rendered into "
                             f"{project.pages_dir} (extra.briefing.pages_dir); make them match")
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (exceptions.MkDocsException, exceptions.Abort) as error:
        raise BuildError(f"MkDocs: {error}") from None


def swap(new: Path, site_dir: Path) -> None:
    """Put `new` in place of `site_dir`; the old site is removed only once the new one is in place."""
    backup = None
    if site_dir.exists() or site_dir.is_symlink():
        backup = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
        backup.rmdir()
        site_dir.rename(backup)
    try:
        new.rename(site_dir)
    except OSError:
        if backup is not None:
            backup.rename(site_dir)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


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


# --------------------------------------------------------------------------- serve


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


def watch_once(paths: list[Path], previous: dict[str, tuple[int, int]]) -> tuple[bool, dict[str, tuple[int, int]]]:
    """(changed?, new snapshot): any file added, removed or modified since `previous`."""
    current = snapshot(paths)
    return current != previous, current


def serve(project: Project, content: Path, site_dir: Path, port: int, interval: float = 1.0) -> None:
    """Build, serve site_dir on 127.0.0.1:port and rebuild whenever the inputs change (Ctrl-C stops)."""
    from .config import ConfigError, load_settings

    site_dir = Path(site_dir).absolute()
    build_site(project, content, site_dir)
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"serving {site_dir} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    state = snapshot(watched_paths(project, content))
    try:
        while True:
            time.sleep(interval)
            changed, state = watch_once(watched_paths(project, content), state)
            if not changed:
                continue
            log.info("change detected; rebuilding")
            try:
                project = Project(project.root, load_settings(project.config_file))
                build_site(project, content, site_dir)
            except (BuildError, ConfigError) as error:
                log.error("rebuild failed (still serving the previous site): %s", error)
            except Exception:  # keep serving whatever happens in a rebuild
                log.exception("rebuild failed (still serving the previous site)")
            state = snapshot(watched_paths(project, content))
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        log.debug("%s " + format, self.address_string(), *args)
