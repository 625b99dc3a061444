"""Render the briefing model into the Markdown pages MkDocs (or Zensical) builds the site from.

Templates are Jinja2 files under `templates/`; they get the model objects as
data (never as template source) plus a few helpers:

* filters: `md` (article-derived text → inert Markdown/HTML text), `fmt_date`,
  `plural`, `tag`, `css_class`, `plain`, `yaml_text`;
* links (URLs relative to the page being rendered, to the `.md` file, which
  MkDocs turns into the right site URL): `actor_link(id)`, `event_link(event)`,
  `article_link(id)`, `sentence_link(article_id, index)`, `page_link(path)`,
  `report_link(name)`;
* ready-made Markdown links with escaped labels: `actor_ref(id)`,
  `event_ref(event)`, `article_ref(id)`;
* lookups and derived data: `actor_by_id`, `article_by_id`, `event_by_id`,
  `event_title`, `events_of`, `quotes_by`, `met_with`, `articles_of`,
  `first_seen`, `last_seen`, `article_body`, `extracted_from`, `network`,
  `activity_chart`, `meetings_chart`, `most_quoted_chart`, `weeks_chart`,
  `sorted_events`, `newest_quotes`, `notable_quotes`, `by_month`, `weeks`, `months`,
  `officials_of`, `events_involving`, `quotes_by_any`, ...;
* `paginate(items)`: a long list's share of the page; the renderer renders the
  template again for each further page (generator/paging.py).

Every name is documented on the generated page reference.md (generator/render/reference.py).

Report formats: each `templates/reports/NAME.md.j2` renders to `reports/NAME/index.md`
(site: reports/NAME/); with `per: KIND` in its first comment it renders once per
item to `reports/NAME/<slug>.md`, and `reports/NAME/index.md` lists the items.

A page is written only when its bytes changed, and generated `.md` files that
were not produced by this run are deleted.

Modules, in the order a page is made: text (filters), periods (weeks and months), article_text (an
article's paragraphs, sentences and names), index (lookups and derived data),
reports (report formats), links, context (the environment and every name a template sees),
plan (which pages, from which template), write (rendering and writing the files);
reference builds the template reference page.
"""
from .context import FILTERS, FUNCTIONS, base_context, make_environment, template_names
from .article_text import Segment
from .index import Index, QuoteGroup
from .periods import Period, period_bounds
from .links import LINK_HELPERS, Links, html_url, page_url
from .plan import PAGE_TEMPLATES, planned_pages
from .reports import Report, ReportItem, discover_reports
from .text import fmt_date, md
from .write import render_pages

__all__ = ["FILTERS", "FUNCTIONS", "LINK_HELPERS", "PAGE_TEMPLATES", "Index", "Links", "Period", "QuoteGroup",
           "Report", "ReportItem", "Segment", "base_context", "discover_reports", "fmt_date", "html_url",
           "make_environment", "md", "page_url", "period_bounds", "planned_pages", "render_pages",
           "template_names"]
