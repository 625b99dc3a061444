"""The render stage's glue: templates checked, the pages rendered when anything they are made from
changed (the stamp of the last render), and template errors told by file and line."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import shutil
import traceback
from pathlib import Path

import jinja2

from .files import write_text
from .project import BuildError, Project
from .render import PAGE_TEMPLATES, discover_reports, make_environment, render_pages, template_names
from .render.write import PageError
from .versions import code_digest

log = logging.getLogger("briefing")


def template_problems(templates_dir: Path, compiled: Path | None = None) -> list[str]:
    """Every template that is missing or does not compile (`compiled`: make_environment's)."""
    templates_dir = Path(templates_dir)
    if not templates_dir.is_dir():
        return [f"{templates_dir}: templates folder does not exist"]
    problems = []
    for name in sorted(set(PAGE_TEMPLATES.values()) - {PAGE_TEMPLATES["tags"]}):
        if not (templates_dir / name).is_file():
            problems.append(f"{templates_dir / name}: missing page template")
    env = make_environment(templates_dir, compiled)
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


def render(project: Project, briefing, inputs: str | None = None, onlooker=None) -> bool:
    """render_pages with template errors turned into BuildError (file, line, message); skipped (False)
    when the model, the templates, the settings and the generator are those the pages were last made
    from (`inputs`, from render_inputs). `onlooker`: see render_pages."""
    inputs = inputs or render_inputs(project, briefing)
    if pages_current(project, read_stamp(project), inputs):
        log.info("pages: unchanged since the last build (same model, templates and settings)")
        return False
    cache, compiled = project.root / project.settings.cache_dir, compiled_folder(project)
    (cache / "pages.json").unlink(missing_ok=True)  # (the records as an earlier version kept them)
    for folder in compiled.parent.glob("*"):  # the templates compiled by other versions
        if folder != compiled:
            shutil.rmtree(folder, ignore_errors=True)
    try:
        render_pages(briefing, project.templates_dir, project.pages_dir, project.settings,
                     records=cache / "pages.records", compiled=compiled, onlooker=onlooker)
    except jinja2.TemplateError as error:
        raise BuildError(describe_template_error(error, project.templates_dir)) from None
    except PageError as error:
        raise BuildError(str(error)) from None
    write_stamp(project, {"pages": str(project.pages_dir), "inputs": inputs})
    return True


def compiled_folder(project: Project) -> Path:
    """Where the project's templates are kept compiled between builds (the theme's too: site.py). Jinja
    knows a template by its text, not by the environment that compiled it: one folder per version of the
    generator and of the packages that compile."""
    import importlib.metadata

    versions = [code_digest()] + [importlib.metadata.version(p) for p in ("jinja2", "mkdocs", "mkdocs-material")]
    key = hashlib.sha256(" ".join(versions).encode()).hexdigest()[:16]
    return project.root / project.settings.cache_dir / "templates" / key


def stamp_path(project: Project) -> Path:
    return project.root / project.settings.cache_dir / "rendered.json"


def read_stamp(project: Project) -> dict:
    """What the last build made: its pages' inputs and the site built from them."""
    try:
        stamp = json.loads(stamp_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def write_stamp(project: Project, stamp: dict) -> None:
    write_text(stamp_path(project), json.dumps(stamp))


def pages_current(project: Project, stamp: dict, inputs: str) -> bool:
    """Whether the pages folder holds the pages of these inputs (written by the last render)."""
    return stamp.get("pages") == str(project.pages_dir) and stamp.get("inputs") == inputs and project.pages_dir.is_dir()


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
