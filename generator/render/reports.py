"""Report formats: templates/reports/*.md.j2, their declarations and their items."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..model import Article, Event
from .index import Index
from .periods import Period

REPORTS_DIR = "reports"


@dataclass
class ReportItem:
    """One page of a per-item report: a country, an actor, a week, ..."""
    slug: str  # page name inside the report folder
    title: str  # the item's name, e.g. an actor's name or a week's title
    page: str  # its Markdown page, e.g. "reports/country-brief/russia.md"
    value: object  # the item itself: an Actor, a Period, an Event or an Article
    previous: ReportItem | None = None  # the item before it in the report's order
    next: ReportItem | None = None  # the item after it


@dataclass
class Report:
    """A report format: one template in templates/reports/ (see the list `reports`)."""
    name: str  # file name without `.md.j2`; the report lives at `reports/<name>/`
    template: str  # e.g. "reports/weekly-digest.md.j2"
    title: str  # from `title:` in the template's first comment, else the name
    description: str = ""  # from `description:` in the template's first comment
    per: str | None = None  # from `per:`: one page per item of this kind; None for a single page
    page: str = ""  # its Markdown page (the index of its items for a per-item report)
    items: list[ReportItem] = field(default_factory=list)  # one per page of a per-item report


# `per:` in a report template's first comment → (variable holding the item, which items, in what order).
REPORT_KINDS = {
    "actor": ("actor", "every actor, by name"),
    "person": ("person", "every actor of type person, by name"),
    "organization": ("organization", "every actor of type organization, by name"),
    "country": ("country", "every actor of type country, by name"),
    "week": ("week", "every ISO week in which an article was published (a Period), oldest first"),
    "month": ("month", "every month in which an article was published (a Period), oldest first"),
    "event": ("event", "every event, by date"),
    "article": ("article", "every article, oldest first"),
}
DECLARATION_KEYS = ("title", "description", "per")
_REPORT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_FIRST_COMMENT = re.compile(r"\A\s*\{#-?(.*?)-?#\}", re.S)
_DECLARATION = re.compile(r"^\s*(%s)\s*:\s*(.*?)\s*$" % "|".join(DECLARATION_KEYS))


def report_templates(templates_dir: Path) -> list[str]:
    """The report templates: templates/reports/*.md.j2, as loader names."""
    folder = Path(templates_dir) / REPORTS_DIR
    if not folder.is_dir():
        return []
    return sorted(f"{REPORTS_DIR}/{p.name}" for p in folder.glob("*.md.j2") if p.is_file())


def read_declaration(source: str, name: str, filename: str | None = None) -> dict[str, str]:
    """`title:`, `description:` and `per:` lines of a template's first comment ({# ... #} at its very top).

    Other lines of that comment are free text. Raises jinja2.TemplateSyntaxError (file and line) for an
    unknown `per:` value.
    """
    found: dict[str, str] = {}
    match = _FIRST_COMMENT.match(source)
    if not match:
        return found
    first_line = source.count("\n", 0, match.start(1)) + 1
    for offset, line in enumerate(match.group(1).split("\n")):
        declared = _DECLARATION.match(line)
        if not declared or declared.group(1) in found:
            continue
        key, value = declared.group(1), declared.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key == "per" and value not in REPORT_KINDS:
            raise jinja2.TemplateSyntaxError(
                f"unknown report kind 'per: {value}' (known: {', '.join(REPORT_KINDS)})",
                first_line + offset, name, filename)
        found[key] = value
    return found


def discover_reports(templates_dir: Path) -> list[Report]:
    """Every report format in templates/reports/, with its declaration (items not filled in yet).

    Raises jinja2.TemplateSyntaxError for a bad file name or declaration.
    """
    reports = []
    for template in report_templates(templates_dir):
        path = Path(templates_dir) / template
        name = path.name[:-len(".md.j2")]
        if not _REPORT_NAME.match(name):
            raise jinja2.TemplateSyntaxError(
                f"report name {name!r}: use letters, digits, '-', '_' and '.' (it becomes the page's URL)",
                1, template, str(path))
        declared = read_declaration(path.read_text(encoding="utf-8"), template, str(path))
        title = declared.get("title") or name.replace("-", " ").replace("_", " ").capitalize()
        reports.append(Report(name=name, template=template, title=title, description=declared.get("description", ""),
                              per=declared.get("per"), page=f"{REPORTS_DIR}/{name}/index.md"))
    return reports


def report_items(report: Report, index: Index) -> list[ReportItem]:
    """The items of a per-item report, each with its page, linked to its neighbours."""
    b = index.briefing
    if report.per in ("actor", None):
        values = sorted(b.actors, key=lambda a: (a.name.lower(), a.id)) if report.per else []
    elif report.per in ("person", "organization", "country"):
        values = index.actors_of_type(report.per)
    elif report.per == "week":
        values = index.weeks()
    elif report.per == "month":
        values = index.months()
    elif report.per == "event":
        values = index.sorted_events()
    elif report.per == "article":
        values = sorted(b.articles, key=lambda a: (a.date, a.id))
    else:  # read_declaration refuses unknown kinds
        raise ValueError(report.per)
    items: list[ReportItem] = []
    for value in values:
        if isinstance(value, Period):
            slug, title = value.key.lower(), value.title
        elif isinstance(value, Event):
            slug, title = value.id, index.event_title(value)
        elif isinstance(value, Article):
            slug, title = value.id, value.title
        else:
            slug, title = value.id, value.name
        if slug == "index":
            slug = "index-item"
        items.append(ReportItem(slug, title, f"{REPORTS_DIR}/{report.name}/{slug}.md", value))
    for before, after in zip(items, items[1:]):
        before.next, after.previous = after, before
    return items


# --------------------------------------------------------------------------- pages
