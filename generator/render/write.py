"""Rendering every planned page to a Markdown file, writing only the files whose bytes changed."""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from ..files import beside
from ..forks import from_both_ends
from ..model import Briefing
from ..paging import Paging, continuation_page
from .context import base_context, make_environment
from ..versions import code_digest
from .depends import VOLATILE, Inputs, PageRecord, PageRecords, _digest, condensed, tracking
from .reads import NotedList, reading
from .index import Index
from .links import Links
from .plan import PAGE_TEMPLATES, planned_pages
from .reference import build_reference
from .reports import discover_reports, report_items

log = logging.getLogger("briefing")
ASSETS_DIR = "assets"


def render_pages(briefing: Briefing, templates_dir: Path, out_dir: Path, settings,
                 records: Path | None = None, compiled: Path | None = None,
                 onlooker=None) -> list[Path]:
    """Render every page into out_dir; returns the pages' paths (written or unchanged).

    `records`: the file keeping what each page read (depends.py); a page none of whose inputs changed
    since it was rendered keeps its file without rendering. `compiled`: where the compiled templates are
    kept. `onlooker` (the site's MkDocs, which converts pages meanwhile) is told of the pages about to be
    made that were not there (`coming(pages)`), then of each page whose bytes changed as soon as they are in
    `path` (`written(page, path, size)`: beside the page's file, which takes its place once every page has
    rendered). Raises jinja2.TemplateError (UndefinedError, TemplateSyntaxError, ...) on a template problem;
    nothing is written or deleted in that case.
    """
    templates_dir, out_dir = Path(templates_dir), Path(out_dir)
    env = make_environment(templates_dir, compiled)
    index = Index(briefing)
    reports = discover_reports(templates_dir)
    for report in reports:  # a page that reads a report's items depends on all of them
        report.items = NotedList(("report_items", report.name), report_items(report, index) if report.per else [])
    by_name = {r.name: r for r in reports}
    plain = base_context(briefing, index, settings, reports)
    context = tracking(plain)
    env.tracked_names = {name for name, value in plain.items() if not callable(value) and not isinstance(value, dict)}
    inputs = Inputs(index, reports, plain, env)
    book = PageRecords(records, _digest(code_digest() + settings.page_shaping()))
    inputs.previous = (book.values, book.stamps)
    inputs.take_over_unchanged(book.table)
    planned = list(planned_pages(briefing, templates_dir, reports, index))
    current = _still_current(planned, book, inputs, out_dir, settings.page_size)
    if onlooker is not None:
        onlooker.coming([first_page for first_page, _, _ in planned if first_page not in book.old])
    rendered: list[Path] = []
    made_by: dict[str, str] = {}  # page -> the template (and object) it is rendered from
    staged: dict[Path, None] = {}  # changed pages wait beside their place until every page has rendered
    existed = out_dir.exists()
    made = 0
    try:
        for first_page, template_name, extra in planned:
            template = env.get_template(template_name)
            number = count = 1
            while number <= count:  # page 1 tells how many pages its longest list needs
                page = continuation_page(first_page, number)
                path = out_dir / page
                if page.startswith("/") or ".." in page.split("/"):  # an id from a tampered cache, say
                    raise PageError(f"{page}: a page outside the pages folder ({template_name}, {_what(extra)})")
                if page in made_by:
                    raise PageError(f"{page} would be made twice: by {made_by[page]} and by {template_name} "
                                           f"({_what(extra)})")
                made_by[page] = f"{template_name} ({_what(extra)})"
                rendered.append(path)
                if page in current:
                    book.new[page] = old = book.old[page]
                    count = old.count if number == 1 else count
                    number += 1
                    continue
                paging = Paging(first_page, number, settings.page_size)
                values = {**context, **Links(page, index, by_name, settings.use_directory_urls).globals(),
                          "page": page, "paging": paging, "paginate": paging.paginate, **extra}
                with reading() as keys:
                    keys.add(("template", template_name))
                    if template_name == PAGE_TEMPLATES["reference"]:
                        keys.add(VOLATILE)
                        # the examples run paginate on a paging of their own, not the page's
                        values["reference"] = build_reference(env, {**values, "paginate": Paging(page).paginate})
                    text = template.render(values)
                text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
                data = text.encode("utf-8")
                made += 1
                if number == 1:
                    count = paging.count
                keys = book.stored(condensed(keys))
                identity = _identity(template_name, page, number, settings.page_size, inputs, extra)
                book.new[page] = PageRecord(inputs.page_fingerprint(identity, keys), count, 0, 0, keys)
                number += 1
                if stage_if_changed(path, data):
                    staged[path] = None
                    if onlooker is not None:
                        onlooker.written(page, beside(path), len(data))
    except BaseException:
        for path in staged:
            beside(path).unlink(missing_ok=True)
        _remove_empty_folders(out_dir, including_root=not existed)
        raise
    for path in staged:
        beside(path).replace(path)
    for page, record in book.new.items():
        if not record.size:  # rendered now: the file as it is now
            stat = (out_dir / page).stat()
            book.new[page] = record._replace(size=stat.st_size, mtime=stat.st_mtime_ns)
    book.save(*inputs.known(book.table))
    copied = copy_assets(templates_dir / ASSETS_DIR, out_dir / ASSETS_DIR)
    removed = remove_stale(out_dir, set(rendered))
    log.info("pages: %d planned, %d rendered (the others' inputs unchanged), %d written, %d stale removed, "
             "%d asset(s) updated; %d of the inputs read known unchanged without computing them",
             len(set(rendered)), made, len(staged), removed, copied, inputs.reused)
    return rendered


def _identity(template_name: str, page: str, number: int, page_size: int, inputs: Inputs, extra: dict) -> tuple:
    """What a page is, beside what it read: part of its fingerprint."""
    return template_name, page, number, page_size, inputs.fingerprints.of(extra)


def _still_current(planned: list, book: PageRecords, inputs: Inputs, out_dir: Path, page_size: int) -> set[str]:
    """The pages whose file is the one recorded and none of whose inputs changed: the fingerprints of the
    recorded pages computed by two processes while this one is small enough to fork (forks.from_both_ends,
    can_fork; the forked one hands over the values and stamps it computed, which the records keep)."""
    checks = []
    for first_page, template_name, extra in planned:
        first = book.old.get(first_page)
        for number in range(1, (first.count if first else 1) + 1):
            page = continuation_page(first_page, number)
            old = book.old.get(page)
            if old and _unchanged(out_dir / page, old):
                checks.append((page, _identity(template_name, page, number, page_size, inputs, extra), old))
    found, handed = from_both_ends(len(checks), lambda n: inputs.page_fingerprint(checks[n][1], checks[n][2].keys),
                                   inputs.handed_over, copying=True)
    if handed is not None:
        inputs.take_over(handed, book.table)
    return {page for n, (page, _, old) in enumerate(checks) if found[n] == old.fingerprint}


class PageError(ValueError):
    """Two templates (or two objects) would write the same page (an object whose id is a page's name),
    or a page would be written outside the pages folder."""


def _what(extra: dict) -> str:
    """The object a page is rendered for, for messages: 'actor x', 'report y', or 'the whole model'."""
    for name, value in extra.items():
        if hasattr(value, "id"):
            return f"{name} {value.id}"
        if hasattr(value, "name") and isinstance(value.name, str):
            return f"{name} {value.name}"
    return "the whole model"


def _unchanged(path: Path, record: PageRecord) -> bool:
    """Whether the page's file is still the one its record was made with (size and modification time)."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return stat.st_size == record.size and stat.st_mtime_ns == record.mtime


def stage_if_changed(path: Path, data: bytes) -> bool:
    """Write data beside path (files.beside) unless path already holds it; True if staged.
    Pages are not kept in memory, so rendering thousands of them needs no more than one."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    beside(path).write_bytes(data)
    return True


def write_if_changed(path: Path, data: bytes) -> bool:
    if not stage_if_changed(path, data):
        return False
    beside(path).replace(path)
    return True


def copy_assets(source: Path, target: Path) -> int:
    """Copy templates/assets/ (the stylesheet) into the docs folder, when changed."""
    if not source.is_dir():
        return 0
    count = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        if write_if_changed(target / path.relative_to(source), path.read_bytes()):
            count += 1
    return count


def remove_stale(out_dir: Path, keep: set[Path]) -> int:
    """Delete generated .md files this run did not produce, and folders left empty: one walk of the
    folder with plain strings (40,000 pages at 10,000 articles)."""
    keep_names = {str(path) for path in keep}
    removed = 0
    for folder, subfolders, files in os.walk(out_dir, topdown=False):
        for name in files:
            path = os.path.join(folder, name)
            if name.startswith(".") and name.endswith(".md.tmp"):  # left by a build killed while rendering
                os.unlink(path)
            elif name.endswith(".md") and path not in keep_names:
                os.unlink(path)
                removed += 1
        if folder != str(out_dir) and not os.listdir(folder):
            os.rmdir(folder)
    return removed


def _remove_empty_folders(root: Path, including_root: bool = False) -> None:
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if including_root and not any(root.iterdir()):
        root.rmdir()
