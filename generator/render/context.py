"""What a template sees: the Jinja2 environment, its filters and every name of the context."""
from __future__ import annotations

from pathlib import Path

import jinja2

from ..model import Briefing
from .depends import TrackingEnvironment
from .index import Index
from .reports import Report
from .text import css_class, fmt_date, md, plain, plural, safe_url, tag, yaml_text


# Filters registered on the environment (`{{ value|name }}`); FUNCTIONS are also callable by name.
FILTERS = {"md": md, "fmt_date": fmt_date, "plural": plural, "tag": tag,
           "css_class": css_class, "plain": plain, "yaml_text": yaml_text}
FUNCTIONS = {"fmt_date": fmt_date, "md": md, "plural": plural, "safe_url": safe_url}


def make_environment(templates_dir: Path, compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment of every page: StrictUndefined (an undefined name, attribute or filter is an
    error naming the template and line), no autoescaping (pages are Markdown: escape with `|md`); it notes
    the templates and data names a page reads (depends.py). `compiled`: a folder keeping each template
    compiled, for the next build (Jinja's bytecode cache, by the template's text)."""
    env = TrackingEnvironment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        bytecode_cache=compiled_templates(compiled) if compiled else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.globals.update(FUNCTIONS)
    return env


def compiled_templates(folder: Path) -> jinja2.FileSystemBytecodeCache:
    """Jinja's cache of compiled templates in `folder` (compiling them took half a second of each build)."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def template_names(templates_dir: Path) -> list[str]:
    """Every template file (*.j2) under templates_dir, as loader names."""
    if not templates_dir.is_dir():
        return []
    return sorted(p.relative_to(templates_dir).as_posix() for p in templates_dir.rglob("*.j2") if p.is_file())


# --------------------------------------------------------------------------- reports


# What each data name (not a helper) in every template's context holds: (type, description).
CONTEXT_DOCS = {
    "briefing": ("Briefing", "the whole model"),
    "articles": ("list[Article]", "every article, in reading order of content/"),
    "actors": ("list[Actor]", "every actor, by id"),
    "quotes": ("list[Quote]", "every quote"),
    "events": ("list[Event]", "every meeting, visit, talk and call"),
    "settings": ("Settings", "the `extra.briefing` settings of mkdocs.yml"),
    "diagram_limit": ("int", "most actors drawn in a who-met-whom network (setting `diagram_limit`)"),
    "period": ("tuple[date, date] | None", "the first and the last article date (None without articles)"),
    "reports": ("list[Report]", "every report format in templates/reports/, by name"),
    "actor_by_id": ("dict[str, Actor]", "actors by id: `actor_by_id[quote.speaker]`"),
    "article_by_id": ("dict[str, Article]", "articles by id"),
    "event_by_id": ("dict[str, Event]", "events by id"),
    "page": ("str", "the Markdown path of the page being rendered, e.g. \"actors/taliban.md\""),
    "paging": ("Paging", "the page's number among the numbered pages of its long lists (see `paginate`)"),
}
# Names only some pages have: (type, description, the pages that have it).
PAGE_CONTEXT_DOCS = {
    "actor": ("Actor", "the actor of the page", "actor.md.j2; reports with per: actor"),
    "event": ("Event", "the event of the page", "event.md.j2; reports with per: event"),
    "article": ("Article", "the article of the page", "article.md.j2; reports with per: article"),
    "report": ("Report", "the report being rendered", "templates/reports/*; partials/report_items.md.j2"),
    "item": ("ReportItem", "the item of the page (its title, page, neighbours; `item.value` is the item)",
             "reports with per:"),
    "person": ("Actor", "the person of the page", "reports with per: person"),
    "organization": ("Actor", "the organisation of the page", "reports with per: organization"),
    "country": ("Actor", "the country of the page", "reports with per: country"),
    "week": ("Period", "the ISO week of the page", "reports with per: week"),
    "month": ("Period", "the month of the page", "reports with per: month"),
    "reference": ("dict", "the documented template model (objects, names, helpers)", "reference.md.j2"),
    "group": ("QuoteGroup", "the speakers of one letter (or the unattributed quotes)", "quote_group.md.j2"),
}


def base_context(briefing: Briefing, index: Index, settings, reports: list[Report]) -> dict:
    """Every name a template can use, except the link helpers (per page) and the page's own names."""
    dates = [a.date for a in briefing.articles]
    return {
        "briefing": briefing,
        "articles": briefing.articles,
        "actors": briefing.actors,
        "quotes": briefing.quotes,
        "events": briefing.events,
        "settings": settings,
        "diagram_limit": settings.diagram_limit,
        "period": (min(dates), max(dates)) if dates else None,
        "reports": reports,
        "actor_by_id": index.actor_by_id,
        "article_by_id": index.article_by_id,
        "event_by_id": index.event_by_id,
        "actor_name": index.name,
        "event_title": index.event_title,
        "events_of": index.events_of,
        "mentions_in": index.mentions_in,
        "quotes_by": index.quotes_by,
        "main_quotes": index.main_quotes,
        "roles_of": index.roles_of,
        "timeline_of": index.timeline_of,
        "met_with": index.met_with,
        "articles_of": index.articles_of,
        "newest_articles": index.newest_articles,
        "first_seen": index.first_seen,
        "last_seen": index.last_seen,
        "article_body": index.article_body,
        "extracted_from": index.extracted_from,
        "network": index.network,
        "activity_chart": index.activity_chart,
        "meetings_chart": index.meetings_chart,
        "most_quoted_chart": index.most_quoted_chart,
        "weeks_chart": index.weeks_chart,
        "sorted_events": index.sorted_events,
        "events_with_status": index.events_with_status,
        "newest_quotes": index.newest_quotes,
        "notable_quotes": index.notable_quotes,
        "most_active": index.most_active,
        "by_month": index.by_month,
        "actors_by_type": index.by_type,
        "country_of": index.country_of,
        "actors_of_type": index.actors_of_type,
        "quotes_by_speaker": index.quotes_by_speaker,
        "quote_groups": index.quote_groups,
        "officials_of": index.officials_of,
        "events_involving": index.events_involving,
        "quotes_by_any": index.quotes_by_any,
        "weeks": index.weeks,
        "months": index.months,
    }
