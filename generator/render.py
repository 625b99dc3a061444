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

Every name is documented on the generated page reference.md (generator/reference.py).

Report formats: each `templates/reports/NAME.md.j2` renders to `reports/NAME/index.md`
(site: reports/NAME/); with `per: KIND` in its first comment it renders once per
item to `reports/NAME/<slug>.md`, and `reports/NAME/index.md` lists the items.

A page is written only when its bytes changed, and generated `.md` files that
were not produced by this run are deleted.
"""
from __future__ import annotations

import json
import logging
import posixpath
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from urllib.parse import quote as url_quote

import jinja2
from slugify import slugify

from .model import Actor, Article, Briefing, Event, Mention, Quote
from . import pictures
from .paging import Paging, continuation_page
from .pictures import Chart, Network

log = logging.getLogger("briefing")

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
    "report_items": "partials/report_items.md.j2",
}
# Pages rendered only when their template exists (older template folders may lack them).
OPTIONAL_PAGES = {"tags": "tags.md", "report_index": "reports/index.md", "reference": "reference.md"}
REPORTS_DIR = "reports"
ASSETS_DIR = "assets"
ACTOR_TYPES = ("person", "organization", "country")
STATUS_ORDER = ("held", "planned", "cancelled")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


# --------------------------------------------------------------------------- escaping

_MD_ESCAPE = re.compile(r"([\\`*_{}\[\]()#!|])")
_LIST_START = re.compile(r"^(\s*)([-+>=]|\d+(?=[.)]))")


def md(value) -> str:
    """Article-derived text as inert Markdown: no HTML, no links, no emphasis, no attributes.

    Whitespace (newlines included) collapses to single spaces, so the text stays on
    the line the template put it on and cannot open a block (list, heading, table).
    Use it on every piece of article text (titles, quotes, names) a page shows.

    Example: {{ "<b>Ivan</b> said *no* [here](http://x.example)"|md }}
    """
    if value is None:
        return ""
    text = re.sub(r"\s+", " ", str(value)).strip()  # (“ £” read as “£” once a control character went)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_ESCAPE.sub(r"\\\1", text)
    text = text.replace("~", "&#126;")  # "~~~" would open a fenced block (even a Mermaid one)
    if text.startswith("="):
        text = "&#61;" + text[1:]  # Python-Markdown has no "\=" escape
    # Only meaningful at the start of a line: "- x", "+ x", "1. x", "> x".
    match = _LIST_START.match(text)
    if match:
        head = match.group(2)
        if head[0].isdigit():
            text = text[:match.end()] + "\\" + text[match.end():]
        else:
            text = text[:match.start(2)] + "\\" + text[match.start(2):]
    return text


_PLAIN = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def plain(value) -> str:
    """Text with no character that HTML could read as markup or an entity.

    For front matter: Material puts `page.meta.title` and tag names into the HTML
    unescaped (and `striptags` would turn `&lt;` back into `<`), so page titles and
    tags from article text must not hold `<`, `>` or `&` at all.

    Example: {{ "Q&A <live>"|plain }}
    """
    return " ".join(str(value or "").split()).translate(_PLAIN)


def yaml_text(value) -> str:
    """plain(value) as a YAML (JSON) string, for front matter such as `title:`.

    Example: title: {{ 'Talks "resume" in Doha'|yaml_text }}
    """
    return json.dumps(plain(value) or "untitled", ensure_ascii=True)  # no raw control characters in YAML


def tag(value) -> str:
    """A tag name for Material's tags plugin, as a YAML string (front matter).

    Example: tags: [{{ "peace talks"|tag }}]
    """
    return json.dumps(re.sub(r"[\"'`\\]", "", plain(value)) or "untitled", ensure_ascii=False)


_IRREGULAR = {"person": "people", "Person": "People"}


def plural(word: str, count: int | None = None) -> str:
    """`country` → `countries`; with a count, "1 country" / "5 countries".

    Example: {{ plural("country") }}, {{ plural("person", 1) }}, {{ plural("meeting", actors|length) }}
    """
    word = str(word)
    many = _IRREGULAR.get(word) or (word[:-1] + "ies" if re.search(r"[^aeiou]y$", word) else
                                     word + "es" if re.search(r"(s|x|ch|sh)$", word) else word + "s")
    if count is None:
        return many
    return f"{count} {word if count == 1 else many}"


def css_class(value) -> str:
    """A value reduced to a CSS class name (lower case, letters, digits and hyphens).

    Example: <span class="status-{{ "Held (maybe)"|css_class }}">
    """
    return re.sub(r"[^a-z0-9-]+", "-", str(value or "").lower()).strip("-") or "none"


def fmt_date(value, default: str = "date unknown") -> str:
    """A date for reading: 23 September 2019; "September 2019" or "2019" for partial ISO dates;
    `default` when there is no date. Takes a `date` or an ISO string.

    Example: {{ "2019-09-23"|fmt_date }} · {{ fmt_date("2019-09") }} · {{ fmt_date(none, "undated") }}
    """
    if value is None or value == "":
        return default
    if isinstance(value, date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    parts = str(value).split("-")
    try:
        if len(parts) >= 3:
            return f"{int(parts[2][:2])} {MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
        return str(int(parts[0]))
    except (ValueError, IndexError):
        return md(value)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a Markdown link target, or None (any other scheme).

    Example: {{ safe_url("https://example.com/a b") }} · {{ safe_url("javascript:alert(1)") }}
    """
    if not url:
        return None
    url = url.strip()
    if not re.match(r"^https?://[^\s/]", url, re.IGNORECASE):
        return None
    return url_quote(url, safe=":/?#@!$&'*+,;=%~-._[]")


# --------------------------------------------------------------------------- derived data


@dataclass
class Segment:
    """A piece of an article paragraph: a sentence (with its anchor) or text between sentences."""
    text: str  # the raw text of the piece: show it with `|md`
    sentence: int | None = None  # the sentence's index, None for text between sentences
    anchor: str | None = None  # "s-N", the id the piece carries (only a sentence's first piece has one)
    classes: str = ""  # "sentence", or "sentence quote" when a quote overlaps it


@dataclass
class QuoteGroup:
    """The speakers whose names start with one letter, and their quotes: one page of the quotes
    (`quote_groups()`), so a new article changes a few small pages, not one that holds every quote."""
    key: str  # "a" ... "z", "0-9", "other", or "unattributed"
    title: str  # "A", "0–9", "Other", "Unattributed"
    page: str  # "quotes/a.md"
    speakers: list[tuple[str | None, list[Quote]]] = field(default_factory=list)  # by name; quotes newest first

    @property
    def count(self) -> int:
        return sum(len(quotes) for _, quotes in self.speakers)

    @property
    def quotes(self) -> list[tuple[str | None, Quote]]:
        """(speaker id, quote) pairs in the page's order, for `paginate`."""
        return [(speaker, quote) for speaker, quotes in self.speakers for quote in quotes]


@dataclass
class Period:
    """An ISO week or a calendar month, by article publication date (from `weeks()` and `months()`)."""
    key: str  # "2019-W38" or "2019-09"
    kind: str  # week | month
    title: str  # "Week 38, 2019 (16–22 September)" or "September 2019"
    start: date  # first day (a Monday for a week)
    end: date  # last day (a Sunday for a week)
    articles: list[Article] = field(default_factory=list)  # published in the period, oldest first
    events: list[Event] = field(default_factory=list)  # reported by those articles, by date
    quotes: list[Quote] = field(default_factory=list)  # from those articles, in reading order
    new_actors: list[Actor] = field(default_factory=list)  # first seen in the period, by name


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


@dataclass
class Index:
    """Lookups over the model, computed once per render."""
    briefing: Briefing
    actor_by_id: dict[str, Actor] = field(default_factory=dict)
    article_by_id: dict[str, Article] = field(default_factory=dict)
    event_by_id: dict[str, Event] = field(default_factory=dict)
    events_by_actor: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    quotes_by_actor: dict[str | None, list[Quote]] = field(default_factory=lambda: defaultdict(list))
    quotes_by_article: dict[str, list[Quote]] = field(default_factory=lambda: defaultdict(list))
    events_by_article: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    actors_by_article: dict[str, list[Actor]] = field(default_factory=lambda: defaultdict(list))
    _affiliates: dict[str, list[Actor]] | None = field(default=None, repr=False)
    _period_cache: dict[str, list[Period]] = field(default_factory=dict, repr=False)
    _mentions_by_article: dict[str, dict[str, list[Mention]]] = field(default_factory=dict, repr=False)
    _quote_groups: list[QuoteGroup] | None = field(default=None, repr=False)
    _recent: dict[tuple, list] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        b = self.briefing
        self.actor_by_id = {a.id: a for a in b.actors}
        self.article_by_id = {a.id: a for a in b.articles}
        self.event_by_id = {e.id: e for e in b.events}
        for event in b.events:
            for participant in dict.fromkeys(event.participants):
                self.events_by_actor[participant].append(event)
            for article in dict.fromkeys(event.articles or [v.article for v in event.evidence]):
                self.events_by_article[article].append(event)
        for quote in b.quotes:
            self.quotes_by_actor[quote.speaker].append(quote)
            self.quotes_by_article[quote.article].append(quote)
        for actor in b.actors:
            for article in actor.articles:
                self.actors_by_article[article].append(actor)

    def _remembered(self, key: tuple, compute) -> list:
        """A copy of a list computed for one of the last few pages: the numbered pages of a long list
        (paging.py) ask for the same list in turn, and sorting 20,000 events for each is quadratic."""
        found = self._recent.get(key)
        if found is None:
            found = self._recent[key] = compute()
            if len(self._recent) > 32:
                del self._recent[next(iter(self._recent))]
        return list(found)

    # dates ----------------------------------------------------------------
    def article_date(self, article_id: str) -> date:
        article = self.article_by_id.get(article_id)
        return article.date if article else date.min

    def event_sort_key(self, event: Event) -> tuple:
        """Dated events by date, then undated ones by their article's date."""
        seen = max((self.article_date(a) for a in event.articles), default=date.min)
        return (event.date is None, event.date or "", seen.isoformat(), event.id)

    def first_seen(self, actor: Actor) -> date | None:
        """The date of the first article that names an actor.

        Example: {{ fmt_date(first_seen(actors[0])) }}
        """
        dates = [self.article_date(a) for a in actor.articles if a in self.article_by_id]
        return min(dates) if dates else None

    def last_seen(self, actor: Actor) -> date | None:
        """The date of the latest article that names an actor.

        Example: {{ fmt_date(last_seen(actors[0])) }}
        """
        dates = [self.article_date(a) for a in actor.articles if a in self.article_by_id]
        return max(dates) if dates else None

    # lists ----------------------------------------------------------------
    def sorted_events(self, events=None, newest_first: bool = False) -> list[Event]:
        """Events (all by default) by date, undated ones last (by their article's date).

        Example: {% for event in sorted_events(newest_first=true)[:2] %}{{ event_ref(event) }}; {% endfor %}
        """
        events = list(self.briefing.events if events is None else events)

        def compute() -> list[Event]:
            dated = sorted((e for e in events if e.date), key=self.event_sort_key, reverse=newest_first)
            undated = sorted((e for e in events if not e.date), key=self.event_sort_key, reverse=newest_first)
            return dated + undated

        return self._remembered(("events", newest_first, *(e.id for e in events)), compute)

    def events_with_status(self, status: str) -> list[Event]:
        """The events of one status ("held", "planned", "cancelled"), newest first.

        Example: {{ plural("planned meeting", events_with_status("planned")|length) }}
        """
        return self._remembered(("status", status), lambda: self.sorted_events(
            [e for e in self.briefing.events if e.status == status], newest_first=True))

    def newest_quotes(self, quotes=None) -> list[Quote]:
        """Quotes (all by default), those of the newest articles first, each article's in reading order.

        Example: {% for quote in newest_quotes()[:1] %}“{{ quote.text|md }}” ({{ actor_ref(quote.speaker) }}){% endfor %}
        """
        quotes = list(self.briefing.quotes if quotes is None else quotes)
        return self._remembered(("quotes", *(q.id for q in quotes)), lambda: sorted(
            quotes, key=lambda q: (-self.article_date(q.article).toordinal(), q.article, q.start)))

    def articles_of(self, actor: Actor) -> list[Article]:
        """The articles that name an actor, newest first.

        Example: {% for article in articles_of(actors[0])[:2] %}{{ article_ref(article.id) }}; {% endfor %}
        """
        return self._remembered(("articles", actor.id), lambda: sorted(
            (self.article_by_id[a] for a in actor.articles if a in self.article_by_id),
            key=lambda a: (a.date, a.id), reverse=True))

    def mentions_in(self, actor: Actor, article_id: str) -> list[Mention]:
        """Where an article names an actor (grouped once per actor, so long actor pages stay linear).

        Example: {{ mentions_in(actors[0], actors[0].mentions[0].article)|length }} mention(s)
        """
        grouped = self._mentions_by_article.get(actor.id)
        if grouped is None:
            grouped = defaultdict(list)
            for mention in actor.mentions:
                grouped[mention.article].append(mention)
            self._mentions_by_article[actor.id] = grouped
        return grouped.get(article_id, [])

    def events_of(self, actor_id: str) -> list[Event]:
        """The events an actor took part in, newest first.

        Example: {{ plural("event", events_of(actors[0].id)|length) }}
        """
        return self.sorted_events(self.events_by_actor.get(actor_id, []), newest_first=True)

    def quotes_by(self, actor_id: str | None) -> list[Quote]:
        """What an actor said, newest first; `quotes_by(none)` gives the unattributed quotes.

        Example: {{ plural("quote", quotes_by(actors[0].id)|length) }}
        """
        return self.newest_quotes(self.quotes_by_actor.get(actor_id, []))

    def met_with(self, actor_id: str) -> list[tuple[str, int]]:
        """Who an actor shared an event with, most often first: (actor id, number of events) pairs.

        Example: {% for other, count in met_with(events[0].participants[0]) %}{{ actor_ref(other) }} ({{ count }}); {% endfor %}
        """
        def compute() -> list[tuple[str, int]]:
            counts: Counter[str] = Counter()
            for event in self.events_by_actor.get(actor_id, []):
                for other in set(event.participants) - {actor_id}:
                    counts[other] += 1
            return sorted(counts.items(), key=lambda kv: (-kv[1], self.name(kv[0]).lower()))

        return self._remembered(("met_with", actor_id), compute)

    def most_active(self, limit: int = 10) -> list[Actor]:
        """The actors named most often, at most `limit`.

        Example: {{ most_active(3)|map(attribute="name")|map("md")|join(", ") }}
        """
        return sorted(self.briefing.actors, key=lambda a: (-len(a.mentions), a.name.lower()))[:limit]

    def by_month(self, events=None) -> list[tuple[str, list[Event]]]:
        """(heading, events) pairs by month of the event's date, oldest first; year-only dates and
        undated events last.

        Example: {% for heading, group in by_month() %}{{ heading }}: {{ group|length }}; {% endfor %}
        """
        groups: dict[str, list[Event]] = defaultdict(list)
        for event in self.sorted_events(events):
            key = (event.date or "")[:7] if event.date and len(event.date) >= 7 else (event.date or "")
            groups[key].append(event)
        months = sorted(k for k in groups if len(k) == 7)
        years = sorted(k for k in groups if len(k) == 4)
        out = [(fmt_date(k), groups[k]) for k in months]
        out += [(f"{k} (month unknown)", groups[k]) for k in years]
        out += [(k, groups[k]) for k in sorted(k for k in groups if k and len(k) not in (4, 7))]
        if "" in groups:
            out.append(("Undated", groups[""]))
        return out

    def by_type(self) -> list[tuple[str, list[Actor]]]:
        """(type, actors) pairs: people, organisations, countries (then any other type), each by name.

        Example: {% for type, group in actors_by_type() %}{{ plural(type, group|length) }}; {% endfor %}
        """
        groups: dict[str, list[Actor]] = defaultdict(list)
        for actor in self.briefing.actors:
            groups[actor.type].append(actor)
        order = [t for t in ACTOR_TYPES if t in groups] + sorted(t for t in groups if t not in ACTOR_TYPES)
        return [(t, sorted(groups[t], key=lambda a: a.name.lower())) for t in order]

    def quotes_by_speaker(self) -> list[tuple[str | None, list[Quote]]]:
        """(speaker id, quotes) pairs by speaker name; the unattributed quotes last, under None.

        Example: {% for speaker, group in quotes_by_speaker() %}{{ actor_name(speaker) }} ({{ group|length }}); {% endfor %}
        """
        speakers = sorted((s for s in self.quotes_by_actor if s is not None), key=lambda s: self.name(s).lower())
        out = [(s, self.quotes_by(s)) for s in speakers]
        if None in self.quotes_by_actor:
            out.append((None, self.quotes_by(None)))
        return out

    def quote_groups(self) -> list[QuoteGroup]:
        """The quotes by the first letter of their speaker's name (A–Z, 0–9, Other), then the
        unattributed ones: one page each, linked from `quotes.md`.

        Example: {% for group in quote_groups() %}[{{ group.title }}]({{ page_link(group.page) }}) ({{ group.count }}) {% endfor %}
        """
        if self._quote_groups is None:
            groups: dict[str, QuoteGroup] = {}
            for speaker, quotes in self.quotes_by_speaker():
                key = _letter(self.name(speaker)) if speaker is not None else "unattributed"
                if key not in groups:
                    title = {"0-9": "0–9", "other": "Other", "unattributed": "Unattributed"}.get(key, key.upper())
                    groups[key] = QuoteGroup(key, title, f"quotes/{key}.md")
                groups[key].speakers.append((speaker, quotes))
            order = {"0-9": 1, "other": 2, "unattributed": 3}
            self._quote_groups = sorted(groups.values(), key=lambda g: (order.get(g.key, 0), g.key))
        return self._quote_groups

    def extracted_from(self, article_id: str) -> dict:
        """What was found in one article: a dict with `actors` (by name), `quotes` (in reading order)
        and `events` (by date).

        Example: {% set found = extracted_from(articles[0].id) %}{{ found.actors|length }} actors, {{ found.quotes|length }} quotes, {{ found.events|length }} events
        """
        return {
            "actors": sorted(self.actors_by_article.get(article_id, []), key=lambda a: a.name.lower()),
            "quotes": sorted(self.quotes_by_article.get(article_id, []), key=lambda q: q.start),
            "events": self.sorted_events(self.events_by_article.get(article_id, [])),
        }

    # reports --------------------------------------------------------------
    def actors_of_type(self, type: str) -> list[Actor]:  # noqa: A002 - the field's name
        """The actors of one type (person, organization, country), by name.

        Example: {{ actors_of_type("country")|map(attribute="name")|map("md")|join(", ") }}
        """
        return sorted((a for a in self.briefing.actors if a.type == type), key=lambda a: (a.name.lower(), a.id))

    def officials_of(self, actor_id: str) -> list[Actor]:
        """The people whose affiliation is this actor (a country's or an organisation's officials), by name.

        Example: {% for country in actors_of_type("country") %}{{ country.name|md }}: {{ officials_of(country.id)|map(attribute="name")|map("md")|join(", ") or "none" }}; {% endfor %}
        """
        if self._affiliates is None:
            self._affiliates = defaultdict(list)
            for actor in self.briefing.actors:
                if actor.affiliation and actor.type == "person":
                    self._affiliates[actor.affiliation].append(actor)
        return sorted(self._affiliates.get(actor_id, []), key=lambda a: (a.name.lower(), a.id))

    def events_involving(self, actor_ids, newest_first: bool = True) -> list[Event]:
        """The events any of these actors (ids) took part in, each once, newest first.

        Example: {{ plural("event", events_involving(events[0].participants)|length) }}
        """
        if isinstance(actor_ids, str):
            actor_ids = [actor_ids]
        found = {e.id: e for actor in actor_ids for e in self.events_by_actor.get(actor, [])}
        return self.sorted_events(found.values(), newest_first=newest_first)

    def quotes_by_any(self, actor_ids) -> list[Quote]:
        """What any of these actors (ids) said, newest first.

        Example: {{ plural("quote", quotes_by_any(actors|map(attribute="id")|list)|length) }}
        """
        if isinstance(actor_ids, str):
            actor_ids = [actor_ids]
        return self.newest_quotes(q for actor in dict.fromkeys(actor_ids) for q in self.quotes_by_actor.get(actor, []))

    def notable_quotes(self, quotes=None, limit: int = 10) -> list[Quote]:
        """The most notable of some quotes (all by default): direct quotes with a known speaker first, then
        those of the most often named speakers, then the newest; at most `limit`.

        Example: {% for quote in notable_quotes(limit=1) %}“{{ quote.text|md }}” ({{ actor_ref(quote.speaker) }}){% endfor %}
        """
        quotes = list(self.briefing.quotes if quotes is None else quotes)

        def rank(quote: Quote) -> tuple:
            speaker = self.actor_by_id.get(quote.speaker or "")
            return (quote.kind != "direct", speaker is None, -(len(speaker.mentions) if speaker else 0),
                    -self.article_date(quote.article).toordinal(), quote.article, quote.start)

        return sorted(quotes, key=rank)[:max(0, limit)]

    def weeks(self) -> list[Period]:
        """Every ISO week in which an article was published, oldest first, as Periods.

        Example: {% for week in weeks()[:2] %}{{ week.title }}: {{ plural("article", week.articles|length) }}; {% endfor %}
        """
        return self._periods("week")

    def months(self) -> list[Period]:
        """Every calendar month in which an article was published, oldest first, as Periods.

        Example: {% for month in months()[:2] %}{{ month.title }}: {{ plural("event", month.events|length) }}; {% endfor %}
        """
        return self._periods("month")

    def _periods(self, kind: str) -> list[Period]:
        if kind in self._period_cache:
            return self._period_cache[kind]
        periods: dict[str, Period] = {}
        of_article: dict[str, Period] = {}
        for article in sorted(self.briefing.articles, key=lambda a: (a.date, a.id)):
            key, start, end, title = period_bounds(article.date, kind)
            period = periods.get(key)
            if period is None:
                period = periods[key] = Period(key, kind, title, start, end)
            period.articles.append(article)
            of_article[article.id] = period
        for period in periods.values():
            ids = {a.id for a in period.articles}
            events = {e.id: e for a in ids for e in self.events_by_article.get(a, [])}
            period.events = self.sorted_events(events.values())
            period.quotes = [q for a in period.articles for q in sorted(self.quotes_by_article.get(a.id, []),
                                                                          key=lambda q: q.start)]
        for actor in self.briefing.actors:
            first = self.first_seen(actor)
            if first is not None:
                period = periods.get(period_bounds(first, kind)[0])
                if period is not None:
                    period.new_actors.append(actor)
        for period in periods.values():
            period.new_actors.sort(key=lambda a: (a.name.lower(), a.id))
        self._period_cache[kind] = sorted(periods.values(), key=lambda p: p.start)
        return self._period_cache[kind]

    # names ----------------------------------------------------------------
    def name(self, actor_id: str | None) -> str:
        """An actor's name from its id (the id itself when no actor has it; "unknown" for None).

        Example: {{ actor_name(actors[0].id)|md }}
        """
        actor = self.actor_by_id.get(actor_id or "")
        return actor.name if actor else (actor_id or "unknown")

    def event_title(self, event: Event) -> str:
        """A readable title for an event: its type and its participants' names.

        Example: {{ event_title(events[0])|md }}
        """
        names = [self.name(p) for p in event.participants]
        if len(names) > 1:
            joined = ", ".join(names[:-1]) + " and " + names[-1]
        else:
            joined = names[0] if names else "unknown parties"
        return f"{event.type.capitalize()}: {joined}"

    # article body ---------------------------------------------------------
    def article_body(self, article: Article) -> list[list[Segment]]:
        """An article's body as paragraphs (lists) of Segments; every sentence is its own segment
        (anchor `s-N`), a blank line in the text starts a new paragraph.

        Example: {{ article_body(articles[0])|length }} paragraphs; the first starts “{{ article_body(articles[0])[0][0].text[:40]|md }}”
        """
        quoted = set()
        for quote in self.quotes_by_article.get(article.id, []):
            for sentence in article.sentences:
                if sentence.start < quote.end and quote.start < sentence.end:
                    quoted.add(sentence.index)
            if quote.sentence is not None:
                quoted.add(quote.sentence)
        text = article.text
        pieces: list[tuple[str, int | None]] = []
        pos = 0
        for sentence in sorted(article.sentences, key=lambda s: (s.start, s.end)):
            start, end = max(sentence.start, pos), min(sentence.end, len(text))
            if end <= start:
                continue
            if start > pos:
                pieces.append((text[pos:start], None))
            pieces.append((text[start:end], sentence.index))
            pos = end
        if pos < len(text):
            pieces.append((text[pos:], None))
        if not article.sentences:
            pieces = [(text, None)]

        paragraphs: list[list[Segment]] = [[]]
        for piece, index in pieces:
            parts = re.split(r"\n[ \t]*\n\s*", piece)
            for n, part in enumerate(parts):
                if n > 0 and paragraphs[-1]:
                    paragraphs.append([])
                if index is None:
                    if part and (paragraphs[-1] or part.strip()):
                        paragraphs[-1].append(Segment(" " if not part.strip() else part))
                    continue
                if not part.strip():
                    continue
                classes = "sentence quote" if index in quoted else "sentence"
                anchor = f"s-{index}" if n == 0 else None
                paragraphs[-1].append(Segment(part, index, anchor, classes))
        for paragraph in paragraphs:
            while paragraph and paragraph[-1].sentence is None and not paragraph[-1].text.strip():
                paragraph.pop()
        return [p for p in paragraphs if p]

    # pictures (generator/pictures.py; drawn by partials/network.md.j2 and partials/chart.md.j2) -------
    def network(self, limit: int, focus: str | None = None, events=None) -> Network:
        """Who shared an event with whom, laid out for `partials/network.md.j2`: the `limit` actors in most
        events; `focus` puts one actor in the middle with those they met; `events` draws only those events
        (their participants on a ring).

        Example: {% with network = network(diagram_limit) %}{{ network.shown }} of {{ network.total }} actors{% endwith %}
        """
        ring = events is not None
        if events is None:  # with a focus, only that actor's events (actor pages stay linear)
            events = self.briefing.events if focus is None else self.events_by_actor.get(focus, [])
        pairs: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for event in events:
            for a, b in combinations(sorted(set(event.participants)), 2):
                if focus is None or focus in (a, b):
                    pairs[(a, b)][0] += 1
                    pairs[(a, b)][1] += event.status == "held"
        names = {actor: self.name(actor) for pair in pairs for actor in pair}
        return pictures.network({pair: (count, held) for pair, (count, held) in pairs.items()}, names, limit,
                                focus=focus, ring=ring)

    def activity_chart(self, actor: Actor) -> Chart:
        """An actor's mentions, quotes and meetings per month (per year past four years), for
        `partials/chart.md.j2`; months without any stay in, as empty columns.

        Example: {% with chart = activity_chart(actors[0]) %}{{ chart.columns|length }} columns{% endwith %}
        """
        counts = [Counter(self._month(self.article_date(m.article)) for m in actor.mentions),
                  Counter(self._month(self.article_date(q.article)) for q in self.quotes_by_actor.get(actor.id, [])),
                  Counter(self._month(date.fromordinal(self._when(e))) for e in self.events_by_actor.get(actor.id, []))]
        return self._over_time(f"{actor.name}: mentions, quotes and meetings", ["mentions", "quotes", "meetings"],
                               counts)

    def meetings_chart(self) -> Chart:
        """Every event per month of its date (of its first article when undated), stacked by status.

        Example: {% with chart = meetings_chart() %}{{ chart.series|join(", ") }}{% endwith %}
        """
        statuses = sorted({e.status for e in self.briefing.events},
                          key=lambda s: (STATUS_ORDER.index(s) if s in STATUS_ORDER else len(STATUS_ORDER), s))
        counts = [Counter(self._month(date.fromordinal(self._when(e))) for e in self.briefing.events if e.status == s)
                  for s in statuses]
        return self._over_time("Meetings per month, by status", statuses, counts, stacked=True)

    def most_quoted_chart(self, limit: int = 10) -> Chart:
        """The `limit` actors quoted most often (direct and reported), as a ranking.

        Example: {{ most_quoted_chart(3).columns|join(", ") }}
        """
        ranked = sorted(((speaker, len(quotes)) for speaker, quotes in self.quotes_by_actor.items()
                         if speaker in self.actor_by_id),
                        key=lambda item: (-item[1], self.name(item[0]).lower()))[:limit]
        return pictures.ranking_chart("Most quoted actors", "quotes",
                                      [(speaker, self.name(speaker), count) for speaker, count in ranked])

    def weeks_chart(self, week: Period, count: int = 8) -> Chart:
        """A week against the weeks before it (`count` in all, empty ones included): articles,
        events and quotes of each, by publication date; the week itself is marked current.

        Example: {% with chart = weeks_chart(weeks()[-1]) %}{{ chart.columns[-1] }}{% endwith %}
        """
        known = {p.key: p for p in self.weeks()}
        columns, values = [], []
        for back in range(count - 1, -1, -1):
            key, *_ = period_bounds(week.start - timedelta(weeks=back), "week")
            period = known.get(key)
            columns.append(key)
            values.append([len(period.articles), len(period.events), len(period.quotes)] if period else [0, 0, 0])
        return pictures.time_chart(f"{week.title} against the weeks before", columns,
                                   ["articles", "events", "quotes"], values, current=len(columns) - 1)

    @staticmethod
    def _month(day: date) -> str:
        return f"{day.year}-{day.month:02d}"

    def _over_time(self, title: str, series: list[str], counts: list[Counter], stacked: bool = False) -> Chart:
        """Series counted by month as one chart, every month from the first to the last (by year past 48)."""
        months = sorted({m for c in counts for m in c})
        if not months:
            return pictures.time_chart(title, [], series, [], stacked)
        first, last = months[0], months[-1]
        keys = []
        year, month = int(first[:4]), int(first[5:])
        while f"{year}-{month:02d}" <= last:
            keys.append(f"{year}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if len(keys) > 48:
            years = sorted({k[:4] for k in keys})
            keys = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
            counts = [Counter({k: sum(v for m, v in c.items() if m[:4] == k) for k in keys}) for c in counts]
            labels = keys
        else:
            labels = [f"{MONTHS[int(k[5:]) - 1][:3]} {k[:4]}" for k in keys]
        return pictures.time_chart(title, labels, series, [[c.get(k, 0) for c in counts] for k in keys], stacked)

    def _when(self, event: Event) -> int:
        if event.date:
            try:
                parts = [int(p) for p in event.date.split("-")[:3]] + [1, 1]
                return date(parts[0], parts[1] or 1, parts[2] or 1).toordinal()
            except ValueError:
                pass
        return max((self.article_date(a).toordinal() for a in event.articles), default=0)


def period_bounds(day: date, kind: str) -> tuple[str, date, date, str]:
    """(key, first day, last day, title) of the ISO week or the month holding a date."""
    if kind == "week":
        year, week, weekday = day.isocalendar()
        start = day - timedelta(days=weekday - 1)
        end = start + timedelta(days=6)
        if start.month == end.month:
            span = f"{start.day}–{end.day} {MONTHS[end.month - 1]}"
        else:
            span = f"{start.day} {MONTHS[start.month - 1]} – {end.day} {MONTHS[end.month - 1]}"
        return f"{year}-W{week:02d}", start, end, f"Week {week}, {year} ({span})"
    start = day.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return f"{day.year}-{day.month:02d}", start, end, f"{MONTHS[day.month - 1]} {day.year}"


# --------------------------------------------------------------------------- links


def _letter(name: str) -> str:
    """The page a speaker's quotes go on: the first letter of the name, transliterated ("Émile" -> "e")."""
    first = slugify(name)[:1]
    return first if first.isalpha() and first.isascii() else "0-9" if first.isdigit() else "other"


def page_url(page: str, target: str, anchor: str | None = None) -> str:
    """A link from `page` to the Markdown file `target` (both relative to the docs folder)."""
    here = posixpath.dirname(page) or "."
    relative = _relative(target, here) if target != page else posixpath.basename(target)
    return url_quote(relative, safe="/.-_~") + (f"#{anchor}" if anchor else "")


def html_url(page: str, target: str, directory_urls: bool = True) -> str:
    """A link from `page` to the Markdown file `target` as the built site spells it, for raw HTML
    (an SVG picture), where MkDocs does not turn `.md` links into page URLs."""
    def site_path(md_path: str) -> str:
        if not md_path.endswith(".md"):
            return md_path  # a file such as briefing.json keeps its name
        stem = md_path[:-3]
        if not directory_urls:
            return stem + ".html"
        return stem[:-len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    here, there = site_path(page), site_path(target)
    folder = here.rsplit("/", 1)[0] if "/" in here else "."
    relative = _relative(there.rstrip("/"), folder) if there.rstrip("/") else posixpath.relpath(".", folder)
    if (there.endswith("/") or not there) and relative != ".":
        relative += "/"
    return url_quote("./" if relative == "." else relative, safe="/.-_~")


def _relative(target: str, folder: str) -> str:
    """posixpath.relpath(target, folder) for plain relative paths, without asking the operating system
    for the current folder twice a call (a large briefing makes hundreds of thousands of links)."""
    into = [] if folder == "." else folder.split("/")
    parts = target.split("/")
    if any(part in ("", ".", "..") for part in into + parts):
        return posixpath.relpath(target, folder)
    common = 0
    while common < len(into) and common < len(parts) and into[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(into) - common) + parts[common:]) or "."


def actor_page(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def event_page(event_id: str) -> str:
    return f"events/{event_id}.md"


def article_page(article_id: str) -> str:
    return f"articles/{article_id}.md"


class Links:
    """The link helpers for one page: every URL is relative to the page being rendered."""

    def __init__(self, page: str, index: Index, reports: dict[str, Report] | None = None,
                 directory_urls: bool = True):
        self.page = page
        self.index = index
        self.reports = reports or {}
        self.directory_urls = directory_urls  # mkdocs.yml's use_directory_urls

    def actor_link(self, actor_id: str) -> str:
        """The URL of an actor's page.

        Example: [{{ actors[0].name|md }}]({{ actor_link(actors[0].id) }})
        """
        return page_url(self.page, actor_page(actor_id))

    def actor_url(self, actor_id: str) -> str:
        """The URL of an actor's page as the built site spells it, for raw HTML such as an SVG picture
        (in Markdown use `actor_link`).

        Example: <a href="{{ actor_url(actors[0].id) }}">{{ actors[0].name|e }}</a>
        """
        return html_url(self.page, actor_page(actor_id), self.directory_urls)

    def file_url(self, name: str) -> str:
        """The URL of a file the build writes beside the pages (`briefing.json`, `actors.csv`,
        `quotes.csv`, `meetings.csv`), for an HTML link.

        Example: <a href="{{ file_url('quotes.csv') }}" download>quotes.csv</a>
        """
        return html_url(self.page, name, self.directory_urls)

    def event_link(self, event) -> str:
        """The URL of an event's page (takes an Event or its id).

        Example: [details]({{ event_link(events[0]) }})
        """
        return page_url(self.page, event_page(event if isinstance(event, str) else event.id))

    def article_link(self, article_id: str) -> str:
        """The URL of an article's page.

        Example: [read]({{ article_link(articles[0].id) }})
        """
        return page_url(self.page, article_page(article_id))

    def sentence_link(self, article_id: str, sentence: int | None) -> str:
        """The URL of one sentence (anchor `s-N`) on an article's page; the article's top for None.

        Example: [source]({{ sentence_link(quotes[0].article, quotes[0].sentence) }})
        """
        return page_url(self.page, article_page(article_id), f"s-{sentence}" if sentence is not None else None)

    def page_link(self, target: str) -> str:
        """The URL of any page, given as its Markdown path in the docs folder.

        Example: [the timeline]({{ page_link("timeline.md") }}) · [reports]({{ page_link("reports/index.md") }})
        """
        return page_url(self.page, target)

    def report_link(self, name: str, item: str | None = None) -> str:
        """The URL of a report by name, or of one item's page in a per-item report (by its slug).

        Example: [weekly digests]({{ report_link("weekly-digest") }})
        """
        report = self.reports.get(name)
        if report is None:
            raise jinja2.UndefinedError(f"no report named {name!r} (known: {', '.join(self.reports) or 'none'})")
        if item is None:
            return page_url(self.page, report.page)
        for found in report.items:
            if found.slug == item:
                return page_url(self.page, found.page)
        raise jinja2.UndefinedError(f"report {name!r} has no item {item!r}")

    def actor_ref(self, actor_id: str | None) -> str:
        """A Markdown link to an actor's page, its name escaped; plain text when no such actor.

        Example: {{ actor_ref(actors[0].id) }}
        """
        if actor_id and actor_id in self.index.actor_by_id:
            return f"[{md(self.index.name(actor_id))}]({self.actor_link(actor_id)})"
        return md(actor_id or "unattributed")

    def event_ref(self, event) -> str:
        """A Markdown link to an event's page, titled with `event_title` (takes an Event or its id).

        Example: {{ event_ref(events[0]) }}
        """
        event = self.index.event_by_id.get(event) if isinstance(event, str) else event
        if event is None:
            return "unknown event"
        return f"[{md(self.index.event_title(event))}]({self.event_link(event)})"

    def article_ref(self, article_id: str) -> str:
        """A Markdown link to an article's page, its title escaped.

        Example: {{ article_ref(articles[0].id) }}
        """
        article = self.index.article_by_id.get(article_id)
        if article is None:
            return md(article_id)
        return f"[{md(article.title)}]({self.article_link(article_id)})"

    def globals(self) -> dict:
        return {name: getattr(self, name) for name in LINK_HELPERS}


LINK_HELPERS = ("actor_link", "actor_url", "file_url", "event_link", "article_link", "sentence_link", "page_link", "report_link",
                "actor_ref", "event_ref", "article_ref")


# --------------------------------------------------------------------------- environment


# Filters registered on the environment (`{{ value|name }}`); FUNCTIONS are also callable by name.
FILTERS = {"md": md, "fmt_date": fmt_date, "plural": plural, "tag": tag,
           "css_class": css_class, "plain": plain, "yaml_text": yaml_text}
FUNCTIONS = {"fmt_date": fmt_date, "md": md, "plural": plural, "safe_url": safe_url}


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """The Jinja2 environment of every page: StrictUndefined (an undefined name, attribute or filter is an
    error naming the template and line), no autoescaping (pages are Markdown: escape with `|md`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.globals.update(FUNCTIONS)
    return env


def template_names(templates_dir: Path) -> list[str]:
    """Every template file (*.j2) under templates_dir, as loader names."""
    if not templates_dir.is_dir():
        return []
    return sorted(p.relative_to(templates_dir).as_posix() for p in templates_dir.rglob("*.j2") if p.is_file())


# --------------------------------------------------------------------------- reports

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
    "group": ("QuoteGroup", "the speakers of one letter and their quotes", "quote_group.md.j2"),
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
        "met_with": index.met_with,
        "articles_of": index.articles_of,
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
        "actors_of_type": index.actors_of_type,
        "quotes_by_speaker": index.quotes_by_speaker,
        "quote_groups": index.quote_groups,
        "officials_of": index.officials_of,
        "events_involving": index.events_involving,
        "quotes_by_any": index.quotes_by_any,
        "weeks": index.weeks,
        "months": index.months,
    }


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


def render_pages(briefing: Briefing, templates_dir: Path, out_dir: Path, settings) -> list[Path]:
    """Render every page into out_dir; returns the pages' paths (written or unchanged).

    Raises jinja2.TemplateError (UndefinedError, TemplateSyntaxError, ...) on a
    template problem; nothing is written or deleted in that case.
    """
    templates_dir, out_dir = Path(templates_dir), Path(out_dir)
    env = make_environment(templates_dir)
    index = Index(briefing)
    reports = discover_reports(templates_dir)
    for report in reports:
        report.items = report_items(report, index) if report.per else []
    by_name = {r.name: r for r in reports}
    context = base_context(briefing, index, settings, reports)
    rendered: list[Path] = []
    staged: dict[Path, None] = {}  # changed pages wait beside their place until every page has rendered
    existed = out_dir.exists()
    try:
        for first_page, template_name, extra in planned_pages(briefing, templates_dir, reports, index):
            template = env.get_template(template_name)
            number = count = 1
            while number <= count:  # page 1 tells how many pages its longest list needs
                page = continuation_page(first_page, number)
                paging = Paging(first_page, number, settings.page_size)
                values = {**context, **Links(page, index, by_name, settings.use_directory_urls).globals(), "page": page, "paging": paging,
                          "paginate": paging.paginate, **extra}
                if template_name == PAGE_TEMPLATES["reference"]:
                    from .reference import build_reference

                    # the examples run paginate on a paging of their own, not the page's
                    values["reference"] = build_reference(env, {**values, "paginate": Paging(page).paginate})
                text = template.render(values)
                text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
                if number == 1:
                    count = paging.count
                number += 1
                path = out_dir / page
                rendered.append(path)
                if stage_if_changed(path, text.encode("utf-8")):
                    staged[path] = None
                elif path in staged:  # a page planned twice: the last rendering wins
                    _staged(path).unlink(missing_ok=True)
                    del staged[path]
    except BaseException:
        for path in staged:
            _staged(path).unlink(missing_ok=True)
        _remove_empty_folders(out_dir, including_root=not existed)
        raise
    for path in staged:
        _staged(path).replace(path)
    copied = copy_assets(templates_dir / ASSETS_DIR, out_dir / ASSETS_DIR)
    removed = remove_stale(out_dir, set(rendered))
    log.info("pages: %d rendered, %d written, %d stale removed, %d asset(s) updated",
             len(set(rendered)), len(staged), removed, copied)
    return rendered


def _staged(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def stage_if_changed(path: Path, data: bytes) -> bool:
    """Write data beside path (see _staged) unless path already holds it; True if staged.
    Pages are not kept in memory, so rendering thousands of them needs no more than one."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    _staged(path).write_bytes(data)
    return True


def write_if_changed(path: Path, data: bytes) -> bool:
    if not stage_if_changed(path, data):
        return False
    _staged(path).replace(path)
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
    """Delete generated .md files this run did not produce, and folders left empty."""
    removed = 0
    for path in sorted(out_dir.rglob("*.md")):
        if path not in keep and path.is_file():
            path.unlink()
            removed += 1
    for path in out_dir.rglob(".*.md.tmp"):  # left by a build that was killed while rendering
        path.unlink(missing_ok=True)
    _remove_empty_folders(out_dir)
    return removed


def _remove_empty_folders(root: Path, including_root: bool = False) -> None:
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if including_root and not any(root.iterdir()):
        root.rmdir()
