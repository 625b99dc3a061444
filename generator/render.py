"""Render the briefing model into the Markdown pages MkDocs builds the site from.

Templates are Jinja2 files under `templates/`; they get the model objects as
data (never as template source) plus a few helpers:

* filters: `md` (article-derived text → inert Markdown/HTML text), `fmt_date`,
  `mermaid_label`, `tag`;
* links (URLs relative to the page being rendered, to the `.md` file, which
  MkDocs turns into the right site URL): `actor_link(id)`, `event_link(event)`,
  `article_link(id)`, `sentence_link(article_id, index)`;
* ready-made Markdown links with escaped labels: `actor_ref(id)`,
  `event_ref(event)`, `article_ref(id)`;
* lookups and derived data: `actor_by_id`, `article_by_id`, `event_by_id`,
  `event_title`, `events_of`, `quotes_by`, `met_with`, `articles_of`,
  `first_seen`, `last_seen`, `article_body`, `extracted_from`, `who_met_whom`,
  `sorted_events`, `newest_quotes`, `by_month`.

A page is written only when its bytes changed, and generated `.md` files that
were not produced by this run are deleted.
"""
from __future__ import annotations

import json
import logging
import posixpath
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path
from urllib.parse import quote as url_quote

import jinja2

from .model import Actor, Article, Briefing, Event, Quote

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
    "timeline": "timeline.md.j2",
    "tags": "tags.md.j2",
}
REPORTS_DIR = "reports"
ASSETS_DIR = "assets"
ACTOR_TYPES = ("person", "organization", "country")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


# --------------------------------------------------------------------------- escaping

_MD_ESCAPE = re.compile(r"([\\`*_{}\[\]()#!|])")
_LIST_START = re.compile(r"^(\s*)([-+>=]|\d+(?=[.)]))")


def md(value) -> str:
    """Article-derived text as inert Markdown: no HTML, no links, no emphasis, no attributes.

    Whitespace (newlines included) collapses to single spaces, so the text stays on
    the line the template put it on and cannot open a block (list, heading, table).
    """
    if value is None:
        return ""
    text = re.sub(r"\s+", " ", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_ESCAPE.sub(r"\\\1", text)
    # Only meaningful at the start of a line: "- x", "+ x", "1. x", "= x", "> x".
    match = _LIST_START.match(text)
    if match:
        head = match.group(2)
        if head[0].isdigit():
            text = text[:match.end()] + "\\" + text[match.end():]
        else:
            text = text[:match.start(2)] + "\\" + text[match.start(2):]
    return text


def mermaid_label(value) -> str:
    """Text safe inside a quoted Mermaid label: every character that could end or
    change the label becomes a Mermaid entity code."""
    out = []
    for ch in " ".join(str(value or "").split()):
        if ch.isalnum() or ch in " .,'()/:-–—’":
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


_PLAIN = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def plain(value) -> str:
    """Text with no character that HTML could read as markup or an entity.

    For front matter: Material puts `page.meta.title` and tag names into the HTML
    unescaped (and `striptags` would turn `&lt;` back into `<`), so page titles and
    tags from article text must not hold `<`, `>` or `&` at all.
    """
    return " ".join(str(value or "").split()).translate(_PLAIN)


def yaml_text(value) -> str:
    """plain(value) as a YAML (JSON) string, for front matter such as `title:`."""
    return json.dumps(plain(value) or "untitled", ensure_ascii=False)


def tag(value) -> str:
    """A tag name for Material's tags plugin, as a YAML string (front matter)."""
    return json.dumps(re.sub(r"[\"'`\\]", "", plain(value)) or "untitled", ensure_ascii=False)


_IRREGULAR = {"person": "people", "Person": "People"}


def plural(word: str, count: int | None = None) -> str:
    """`country` → `countries`; with a count, "1 country" / "5 countries"."""
    word = str(word)
    many = _IRREGULAR.get(word) or (word[:-1] + "ies" if re.search(r"[^aeiou]y$", word) else
                                     word + "es" if re.search(r"(s|x|ch|sh)$", word) else word + "s")
    if count is None:
        return many
    return f"{count} {word if count == 1 else many}"


def css_class(value) -> str:
    """A value reduced to a CSS class name."""
    return re.sub(r"[^a-z0-9-]+", "-", str(value or "").lower()).strip("-") or "none"


def fmt_date(value, default: str = "date unknown") -> str:
    """23 September 2019; "September 2019" or "2019" for partial ISO dates."""
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
    """An http(s) URL fit for a Markdown link target, or None."""
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
    text: str
    sentence: int | None = None
    anchor: str | None = None
    classes: str = ""


@dataclass
class Diagram:
    text: str
    shown: int
    total: int


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

    # dates ----------------------------------------------------------------
    def article_date(self, article_id: str) -> date:
        article = self.article_by_id.get(article_id)
        return article.date if article else date.min

    def event_sort_key(self, event: Event) -> tuple:
        """Dated events by date, then undated ones by their article's date."""
        seen = max((self.article_date(a) for a in event.articles), default=date.min)
        return (event.date is None, event.date or "", seen.isoformat(), event.id)

    def first_seen(self, actor: Actor) -> date | None:
        dates = [self.article_date(a) for a in actor.articles if a in self.article_by_id]
        return min(dates) if dates else None

    def last_seen(self, actor: Actor) -> date | None:
        dates = [self.article_date(a) for a in actor.articles if a in self.article_by_id]
        return max(dates) if dates else None

    # lists ----------------------------------------------------------------
    def sorted_events(self, events=None, newest_first: bool = False) -> list[Event]:
        events = list(self.briefing.events if events is None else events)
        dated = sorted((e for e in events if e.date), key=self.event_sort_key, reverse=newest_first)
        undated = sorted((e for e in events if not e.date), key=self.event_sort_key, reverse=newest_first)
        return dated + undated

    def newest_quotes(self, quotes=None) -> list[Quote]:
        quotes = list(self.briefing.quotes if quotes is None else quotes)
        return sorted(quotes, key=lambda q: (-self.article_date(q.article).toordinal(), q.article, q.start))

    def articles_of(self, actor: Actor) -> list[Article]:
        found = [self.article_by_id[a] for a in actor.articles if a in self.article_by_id]
        return sorted(found, key=lambda a: (a.date, a.id), reverse=True)

    def events_of(self, actor_id: str) -> list[Event]:
        return self.sorted_events(self.events_by_actor.get(actor_id, []), newest_first=True)

    def quotes_by(self, actor_id: str | None) -> list[Quote]:
        return self.newest_quotes(self.quotes_by_actor.get(actor_id, []))

    def met_with(self, actor_id: str) -> list[tuple[str, int]]:
        """Who an actor shared an event with, most often first."""
        counts: Counter[str] = Counter()
        for event in self.events_by_actor.get(actor_id, []):
            for other in set(event.participants) - {actor_id}:
                counts[other] += 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], self.name(kv[0]).lower()))

    def most_active(self, limit: int = 10) -> list[Actor]:
        return sorted(self.briefing.actors, key=lambda a: (-len(a.mentions), a.name.lower()))[:limit]

    def by_month(self, events=None) -> list[tuple[str, list[Event]]]:
        """(heading, events) by month, oldest first; year-only dates and undated events last."""
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
        groups: dict[str, list[Actor]] = defaultdict(list)
        for actor in self.briefing.actors:
            groups[actor.type].append(actor)
        order = [t for t in ACTOR_TYPES if t in groups] + sorted(t for t in groups if t not in ACTOR_TYPES)
        return [(t, sorted(groups[t], key=lambda a: a.name.lower())) for t in order]

    def quotes_by_speaker(self) -> list[tuple[str | None, list[Quote]]]:
        speakers = sorted((s for s in self.quotes_by_actor if s is not None), key=lambda s: self.name(s).lower())
        out = [(s, self.quotes_by(s)) for s in speakers]
        if None in self.quotes_by_actor:
            out.append((None, self.quotes_by(None)))
        return out

    def extracted_from(self, article_id: str) -> dict:
        return {
            "actors": sorted(self.actors_by_article.get(article_id, []), key=lambda a: a.name.lower()),
            "quotes": sorted(self.quotes_by_article.get(article_id, []), key=lambda q: q.start),
            "events": self.sorted_events(self.events_by_article.get(article_id, [])),
        }

    # names ----------------------------------------------------------------
    def name(self, actor_id: str | None) -> str:
        actor = self.actor_by_id.get(actor_id or "")
        return actor.name if actor else (actor_id or "unknown")

    def event_title(self, event: Event) -> str:
        names = [self.name(p) for p in event.participants]
        if len(names) > 1:
            joined = ", ".join(names[:-1]) + " and " + names[-1]
        else:
            joined = names[0] if names else "unknown parties"
        return f"{event.type.capitalize()}: {joined}"

    # article body ---------------------------------------------------------
    def article_body(self, article: Article) -> list[list[Segment]]:
        """The body as paragraphs of segments; every sentence is its own segment
        (anchor `s-N`), a blank line in the text starts a new paragraph."""
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

    # diagrams -------------------------------------------------------------
    def who_met_whom(self, limit: int, focus: str | None = None, events=None) -> Diagram:
        """A Mermaid graph of who shared an event with whom, at most `limit` edges."""
        pairs: dict[tuple[str, str], list[Event]] = defaultdict(list)
        for event in self.briefing.events if events is None else events:
            for a, b in combinations(sorted(set(event.participants)), 2):
                if focus is None or focus in (a, b):
                    pairs[(a, b)].append(event)
        ranked = sorted(pairs.items(), key=lambda kv: (-len(kv[1]), -max(self._when(e) for e in kv[1]),
                                                         self.name(kv[0][0]).lower(), self.name(kv[0][1]).lower()))
        shown = ranked[:max(0, limit)]
        if not shown:
            return Diagram("", 0, len(pairs))
        nodes: dict[str, str] = {}
        for (a, b), _ in shown:
            for actor in (a, b):
                nodes.setdefault(actor, f"n{len(nodes)}")
        lines = ["graph LR"]
        for actor, node in nodes.items():
            lines.append(f'    {node}["{mermaid_label(self.name(actor))}"]')
            if actor == focus:
                lines.append(f"    style {node} stroke-width:3px")
        for (a, b), found in shown:
            held = [e for e in found if e.status == "held"]
            if len(found) == 1:
                label = found[0].type if found[0].status == "held" else f"{found[0].type} ({found[0].status})"
            else:
                label = f"{len(found)} events"
            arrow = "---" if held else "-.-"
            lines.append(f'    {nodes[a]} {arrow}|"{mermaid_label(label)}"| {nodes[b]}')
        return Diagram("\n".join(lines), len(shown), len(pairs))

    def _when(self, event: Event) -> int:
        if event.date:
            try:
                parts = [int(p) for p in event.date.split("-")[:3]] + [1, 1]
                return date(parts[0], parts[1] or 1, parts[2] or 1).toordinal()
            except ValueError:
                pass
        return max((self.article_date(a).toordinal() for a in event.articles), default=0)


# --------------------------------------------------------------------------- links


def page_url(page: str, target: str, anchor: str | None = None) -> str:
    """A link from `page` to the Markdown file `target` (both relative to the docs folder)."""
    here = posixpath.dirname(page) or "."
    relative = posixpath.relpath(target, here) if target != page else posixpath.basename(target)
    return url_quote(relative, safe="/.-_~") + (f"#{anchor}" if anchor else "")


def actor_page(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def event_page(event_id: str) -> str:
    return f"events/{event_id}.md"


def article_page(article_id: str) -> str:
    return f"articles/{article_id}.md"


class Links:
    """The link helpers for one page."""

    def __init__(self, page: str, index: Index):
        self.page = page
        self.index = index

    def actor_link(self, actor_id: str) -> str:
        return page_url(self.page, actor_page(actor_id))

    def event_link(self, event) -> str:
        return page_url(self.page, event_page(event if isinstance(event, str) else event.id))

    def article_link(self, article_id: str) -> str:
        return page_url(self.page, article_page(article_id))

    def sentence_link(self, article_id: str, sentence: int | None) -> str:
        return page_url(self.page, article_page(article_id), f"s-{sentence}" if sentence is not None else None)

    def actor_ref(self, actor_id: str | None) -> str:
        if actor_id and actor_id in self.index.actor_by_id:
            return f"[{md(self.index.name(actor_id))}]({self.actor_link(actor_id)})"
        return md(actor_id or "unattributed")

    def event_ref(self, event) -> str:
        event = self.index.event_by_id.get(event) if isinstance(event, str) else event
        if event is None:
            return "unknown event"
        return f"[{md(self.index.event_title(event))}]({self.event_link(event)})"

    def article_ref(self, article_id: str) -> str:
        article = self.index.article_by_id.get(article_id)
        if article is None:
            return md(article_id)
        return f"[{md(article.title)}]({self.article_link(article_id)})"

    def globals(self) -> dict:
        return {name: getattr(self, name) for name in (
            "actor_link", "event_link", "article_link", "sentence_link", "actor_ref", "event_ref", "article_ref")}


# --------------------------------------------------------------------------- environment


def make_environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md, fmt_date=fmt_date, mermaid_label=mermaid_label, tag=tag, css_class=css_class, plural=plural,
                       plain=plain, yaml_text=yaml_text)
    env.globals.update(fmt_date=fmt_date, md=md, safe_url=safe_url, plural=plural)
    return env


def template_names(templates_dir: Path) -> list[str]:
    """Every template file (*.j2) under templates_dir, as loader names."""
    if not templates_dir.is_dir():
        return []
    return sorted(p.relative_to(templates_dir).as_posix() for p in templates_dir.rglob("*.j2") if p.is_file())


def report_templates(templates_dir: Path) -> list[str]:
    folder = templates_dir / REPORTS_DIR
    if not folder.is_dir():
        return []
    return sorted(f"{REPORTS_DIR}/{p.name}" for p in folder.glob("*.md.j2") if p.is_file())


def base_context(briefing: Briefing, index: Index, settings, templates_dir: Path) -> dict:
    reports = [{"name": name.split("/")[-1][:-len(".md.j2")],
                "page": f"{REPORTS_DIR}/{name.split('/')[-1][:-len('.j2')]}"} for name in report_templates(templates_dir)]
    dates = [a.date for a in briefing.articles]
    return {
        "briefing": briefing,
        "articles": briefing.articles,
        "actors": briefing.actors,
        "quotes": briefing.quotes,
        "events": briefing.events,
        "settings": settings,
        "diagram_limit": getattr(settings, "diagram_limit", 25),
        "period": (min(dates), max(dates)) if dates else None,
        "reports": reports,
        "actor_by_id": index.actor_by_id,
        "article_by_id": index.article_by_id,
        "event_by_id": index.event_by_id,
        "actor_name": index.name,
        "event_title": index.event_title,
        "events_of": index.events_of,
        "quotes_by": index.quotes_by,
        "met_with": index.met_with,
        "articles_of": index.articles_of,
        "first_seen": index.first_seen,
        "last_seen": index.last_seen,
        "article_body": index.article_body,
        "extracted_from": index.extracted_from,
        "who_met_whom": index.who_met_whom,
        "sorted_events": index.sorted_events,
        "newest_quotes": index.newest_quotes,
        "most_active": index.most_active,
        "by_month": index.by_month,
        "actors_by_type": index.by_type,
        "quotes_by_speaker": index.quotes_by_speaker,
    }


def planned_pages(briefing: Briefing, templates_dir: Path) -> list[tuple[str, str, dict]]:
    """(output page, template, extra context) for every page of the site."""
    t = PAGE_TEMPLATES
    pages = [("index.md", t["index"], {}), ("actors/index.md", t["actor_index"], {}),
             ("events/index.md", t["event_index"], {}), ("articles/index.md", t["article_index"], {}),
             ("quotes.md", t["quotes"], {}), ("timeline.md", t["timeline"], {})]
    if (templates_dir / t["tags"]).is_file():
        pages.append(("tags.md", t["tags"], {}))
    pages += [(actor_page(a.id), t["actor"], {"actor": a}) for a in briefing.actors]
    pages += [(event_page(e.id), t["event"], {"event": e}) for e in briefing.events]
    pages += [(article_page(a.id), t["article"], {"article": a}) for a in briefing.articles]
    for name in report_templates(templates_dir):
        pages.append((f"{REPORTS_DIR}/{name.split('/')[-1][:-len('.j2')]}", name, {}))
    return pages


# --------------------------------------------------------------------------- rendering


def render_pages(briefing: Briefing, templates_dir: Path, out_dir: Path, settings) -> list[Path]:
    """Render every page into out_dir; returns the pages' paths (written or unchanged).

    Raises jinja2.TemplateError (UndefinedError, TemplateSyntaxError, ...) on a
    template problem; nothing is deleted in that case.
    """
    templates_dir, out_dir = Path(templates_dir), Path(out_dir)
    env = make_environment(templates_dir)
    index = Index(briefing)
    context = base_context(briefing, index, settings, templates_dir)
    rendered: dict[Path, bytes] = {}
    for page, template_name, extra in planned_pages(briefing, templates_dir):
        template = env.get_template(template_name)
        text = template.render({**context, **Links(page, index).globals(), "page": page, **extra})
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
        rendered[out_dir / page] = text.encode("utf-8")

    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for path, data in rendered.items():
        if write_if_changed(path, data):
            written += 1
    copied = copy_assets(templates_dir / ASSETS_DIR, out_dir / ASSETS_DIR)
    removed = remove_stale(out_dir, set(rendered))
    log.info("pages: %d rendered, %d written, %d stale removed, %d asset(s) updated",
             len(rendered), written, removed, copied)
    return list(rendered)


def write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
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
    for folder in sorted((p for p in out_dir.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


def clean(out_dir: Path) -> None:
    if out_dir.exists():
        shutil.rmtree(out_dir)
