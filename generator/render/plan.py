"""Which pages the site has, and from which template and context each is rendered."""
from __future__ import annotations

from pathlib import Path

from ..model import Briefing
from .index import Index
from .links import actor_page, article_page, event_page
from .reports import REPORT_KINDS, Report, discover_reports, report_items

# Page templates (relative to templates_dir) → the page they render.
PAGE_TEMPLATES = {
    "index": "index.md.j2",
    "actor_index": "actor_index.md.j2",
    "actor": "actor.md.j2",
    "event_index": "event_index.md.j2",
    "event": "event.md.j2",
    "article_index": "article_index.md.j2",
    "article": "article.md.j2",
    "quotes": "quotes.md.j2",
    "quote_group": "quote_group.md.j2",
    "timeline": "timeline.md.j2",
    "tags": "tags.md.j2",
    "report_index": "report_index.md.j2",
    "reference": "reference.md.j2",
    "data": "data.md.j2",
    "report_items": "partials/report_items.md.j2",
}
# Pages rendered only when their template exists (older template folders may lack them).
OPTIONAL_PAGES = {"tags": "tags.md", "report_index": "reports/index.md", "reference": "reference.md",
                  "data": "data.md"}


def planned_pages(briefing: Briefing, templates_dir: Path, reports: list[Report] | None = None,
                  index: Index | None = None) -> list[tuple[str, str, dict]]:
    """(output page, template, extra context) for every page of the site."""
    t = PAGE_TEMPLATES
    pages = [("index.md", t["index"], {}), ("actors/index.md", t["actor_index"], {}),
             ("events/index.md", t["event_index"], {}), ("articles/index.md", t["article_index"], {}),
             ("quotes.md", t["quotes"], {}), ("timeline.md", t["timeline"], {})]
    for key, page in OPTIONAL_PAGES.items():
        if (templates_dir / t[key]).is_file():
            pages.append((page, t[key], {}))
    pages += [(actor_page(a.id), t["actor"], {"actor": a}) for a in briefing.actors]
    pages += [(event_page(e.id), t["event"], {"event": e}) for e in briefing.events]
    pages += [(article_page(a.id), t["article"], {"article": a}) for a in briefing.articles]
    index = index or Index(briefing)
    pages += [(group.page, t["quote_group"], {"group": group}) for group in index.quote_groups()]
    if reports is None:
        reports = discover_reports(templates_dir)
        for report in reports:
            report.items = report_items(report, index) if report.per else []
    for report in reports:
        if not report.per:
            pages.append((report.page, report.template, {"report": report}))
            continue
        pages.append((report.page, t["report_items"], {"report": report}))
        variable = REPORT_KINDS[report.per][0]
        pages += [(item.page, report.template, {"report": report, "item": item, variable: item.value})
                  for item in report.items]
    return pages


# --------------------------------------------------------------------------- rendering
