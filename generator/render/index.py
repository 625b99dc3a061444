"""Lookups and derived data over the model, for templates: computed once per render."""
from __future__ import annotations

import bisect
import operator
import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, timedelta
from itertools import combinations

from slugify import slugify

from .. import pictures
from ..model import Actor, Article, Briefing, Event, Mention, Quote
from ..pictures import Chart, Network
from .article_text import Segment, body_names, paragraphs
from .periods import Period, date_range, period_bounds
from .reads import Whole, answered_from, around_its_actor, around_its_article, around_its_event, of_its_object
from .text import MONTHS, fmt_date

_START = operator.attrgetter("start")

ACTOR_TYPES = ("person", "organization", "country")
STATUS_ORDER = ("held", "planned", "cancelled")


@dataclass
class QuoteGroup:
    """The speakers whose names start with one letter and their quotes: one page of the quotes
    (`quote_groups()`), so that a new quote changes a small page. The unattributed quotes are a group of
    their own, whose one speaker is None."""
    key: str  # "a" ... "z", "0-9", "other", or "unattributed"
    title: str  # "A", "0–9", "Other", "Unattributed"
    page: str  # "quotes/a.md"
    speakers: list[tuple[str | None, list[Quote]]] = field(default_factory=list)  # by name; quotes newest first

    @property
    def id(self) -> str:
        """The key: what names the group from one build to the next."""
        return self.key

    @property
    def count(self) -> int:
        return sum(len(quotes) for _, quotes in self.speakers)

    @cached_property  # (made once: every numbered page of the letter asks for it)
    def quotes(self) -> list[tuple[str | None, Quote]]:
        """(speaker id, quote) pairs in the page's order."""
        return [(speaker, quote) for speaker, quotes in self.speakers for quote in quotes]


@dataclass
class Moment:
    """One line of an actor's timeline (`timeline_of`): a meeting or a quote, with its date."""
    date: str  # ISO: the event's date, else (and for a quote) its article's date
    event: Event | None = None
    quote: Quote | None = None


class _Order:
    """Every event (or quote) of the model in one order, sorted once: a list of some of them is put in that
    order by their places, without the order's key computed again for each item of each list a page shows
    (at 10,000 articles the lists of 120,000 quotes and 20,000 events had cost a minute a build)."""

    def __init__(self, ordered: list):
        self.ordered = ordered
        self.place = {item.id: n for n, item in enumerate(ordered)}  # (numbers: no tuple for the collector)

    def of(self, items) -> list | None:
        """`items` (all when None) in this order; None when one is not the model's own object."""
        if items is None:
            return list(self.ordered)
        place, ordered = self.place, self.ordered
        if not all(item.id in place and ordered[place[item.id]] is item for item in items):
            return None
        return sorted(items, key=lambda item: place[item.id])


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
    _weeks_by_key: dict[str, Period] | None = field(default=None, repr=False)
    _mentions_by_article: dict[str, dict[str, list[Mention]]] = field(default_factory=dict, repr=False)
    _quote_groups: list[QuoteGroup] | None = field(default=None, repr=False)
    _recent: dict[tuple, list] = field(default_factory=dict, repr=False)
    _orders: dict[tuple, _Order] = field(default_factory=dict, repr=False)
    _seen_dates: dict[str, tuple[Actor, tuple[date, date] | None]] = field(default_factory=dict, repr=False)
    _quotes_in_order: dict[str | None, list[Quote]] | None = field(default=None, repr=False)
    _whole_network: tuple[list, list] | None = field(default=None, repr=False)
    _iso_dates: dict[str, str] | None = field(default=None, repr=False)
    _body_mentions: dict[str, tuple[array, list[str]]] | None = field(default=None, repr=False)

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

    def _newest_key(self, event: Event) -> tuple:
        seen = max((self.article_date(a) for a in event.articles), default=date.min).isoformat()
        return (event.date or seen, seen, event.id)

    @around_its_actor()
    def first_seen(self, actor: Actor) -> date | None:
        """The date of the first article that names an actor.

        Example: {{ fmt_date(first_seen(actors[0])) }}
        """
        seen = self._seen(actor)
        return seen[0] if seen else None

    @around_its_actor()
    def last_seen(self, actor: Actor) -> date | None:
        """The date of the latest article that names an actor.

        Example: {{ fmt_date(last_seen(actors[0])) }}
        """
        seen = self._seen(actor)
        return seen[1] if seen else None

    def _seen(self, actor: Actor) -> tuple[date, date] | None:
        """The dates of the first and the latest article that name an actor, made once an actor (the weeks
        and the months ask for every actor's)."""
        found = self._seen_dates.get(actor.id)
        if found is None or found[0] is not actor:  # (another object of that id: not the model's own)
            by_id = self.article_by_id
            dates = [by_id[a].date for a in {m.article for m in actor.mentions} if a in by_id]
            found = self._seen_dates[actor.id] = (actor, (min(dates), max(dates)) if dates else None)
        return found[1]

    # lists ----------------------------------------------------------------
    def sorted_events(self, events=None, newest_first: bool = False) -> list[Event]:
        """Events (all by default) by date, oldest first with the undated ones last (by their article's date);
        newest first, an undated event comes where its latest report's date puts it, so that a newly
        reported one is near the top (and a newest-first list only grows at its front).

        Example: {% for event in sorted_events(newest_first=true)[:2] %}{{ event_ref(event) }}; {% endfor %}
        """
        events = None if events is None else list(events)
        key = ("events", newest_first)
        if key not in self._orders:
            self._orders[key] = _Order(_events_in_order(self.briefing.events, self._newest_key, self.event_sort_key,
                                                        newest_first))
        found = self._orders[key].of(events)
        return found if found is not None else _events_in_order(events, self._newest_key, self.event_sort_key,
                                                                newest_first)

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
        quotes = None if quotes is None else list(quotes)
        found = self._quote_order().of(quotes)
        return found if found is not None else sorted(quotes, key=self._newest_quote_key)

    def _quote_order(self) -> _Order:
        if ("quotes",) not in self._orders:
            self._orders[("quotes",)] = _Order(sorted(self.briefing.quotes, key=self._newest_quote_key))
        return self._orders[("quotes",)]

    def _newest_quotes_by_speaker(self) -> dict[str | None, list[Quote]]:
        """Each speaker's quotes in the order of newest_quotes, made in one pass over that order (each
        speaker's list put in order on its own, for every actor page and quote group, took a second at
        10,000 articles)."""
        if self._quotes_in_order is None:
            self._quotes_in_order = defaultdict(list)
            for quote in self._quote_order().ordered:
                self._quotes_in_order[quote.speaker].append(quote)
        return self._quotes_in_order

    def _newest_quote_key(self, quote: Quote) -> tuple:
        return (-self.article_date(quote.article).toordinal(), quote.article, quote.start)

    def newest_articles(self) -> list[Article]:
        """Every article, the newest first (by date, then id).

        Example: {% for article in newest_articles()[:2] %}{{ article_ref(article.id) }}; {% endfor %}
        """
        return self._remembered(("newest articles",), lambda: sorted(
            self.briefing.articles, key=lambda a: (a.date, a.id), reverse=True))

    @around_its_actor()
    def articles_of(self, actor: Actor) -> list[Article]:
        """The articles that name an actor, newest first.

        Example: {% for article in articles_of(actors[0])[:2] %}{{ article_ref(article.id) }}; {% endfor %}
        """
        return self._remembered(("articles", actor.id), lambda: sorted(
            (self.article_by_id[a] for a in actor.articles if a in self.article_by_id),
            key=lambda a: (a.date, a.id), reverse=True))

    @of_its_object
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

    @around_its_actor()
    def events_of(self, actor_id: str) -> list[Event]:
        """The events an actor took part in, newest first.

        Example: {{ plural("event", events_of(actors[0].id)|length) }}
        """
        return self.sorted_events(self.events_by_actor.get(actor_id, []), newest_first=True)

    @around_its_actor()
    def quotes_by(self, actor_id: str | None) -> list[Quote]:
        """What an actor said, newest first; `quotes_by(none)` gives the unattributed quotes.

        Example: {{ plural("quote", quotes_by(actors[0].id)|length) }}
        """
        return list(self._newest_quotes_by_speaker().get(actor_id, ()))

    @answered_from("_main_quotes_inputs")
    def main_quotes(self, quotes, limit: int = 10) -> list[Quote]:
        """The most substantive of some quotes: the words reported most often (the same text in several
        articles) first, then the longest; each text once; at most `limit`.

        Example: {% for quote in main_quotes(quotes_by(quotes[0].speaker), 1) %}“{{ quote.text|md }}”{% endfor %}
        """
        reports: dict[str, set[str]] = defaultdict(set)
        best: dict[str, Quote] = {}
        for quote in self.newest_quotes(quotes):  # the newest report of a text stands for it
            words = _words(quote.text)
            reports[words].add(quote.article)
            best.setdefault(words, quote)
        ranked = sorted(best.items(), key=lambda item: (-len(reports[item[0]]), item[1].kind != "direct",
                                                        -len(item[0].split()), item[1].id))
        return [quote for _, quote in ranked[:max(0, limit)]]

    def _main_quotes_inputs(self, quotes, limit: int = 10) -> tuple:
        """All that main_quotes ranks: the quotes (as their stamps, not their words again), their articles'
        dates, and how many it keeps."""
        quotes = list(quotes)
        return [Whole(q) for q in quotes], [self.article_date(q.article).isoformat() for q in quotes], limit

    @of_its_object
    def roles_of(self, actor: Actor) -> list[tuple[str, list]]:
        """An actor's roles, each text once with every sentence that gives it: (text, roles) pairs, the
        most often given first.

        Example: {% for text, found in roles_of(actors[0])[:2] %}{{ text|md }} ({{ found|length }}); {% endfor %}
        """
        grouped: dict[str, list] = {}
        for role in actor.roles:
            grouped.setdefault(role.text, []).append(role)
        return sorted(grouped.items(), key=lambda kv: -len(kv[1]))

    @around_its_actor()
    def timeline_of(self, actor_id: str) -> list[Moment]:
        """An actor's meetings and quotes in one list, newest first: each a Moment with `event` or `quote`.

        Example: {% for moment in timeline_of(actors[0].id)[:2] %}{{ moment.date }} {{ "meeting" if moment.event else "quote" }}; {% endfor %}
        """
        def compute() -> list[Moment]:
            moments = [Moment(e.date or self._newest_key(e)[1], event=e) for e in self.events_by_actor.get(actor_id, [])]
            moments += [Moment(self.article_date(q.article).isoformat(), quote=q)
                        for q in self.quotes_by_actor.get(actor_id, [])]
            return sorted(moments, key=lambda m: (m.date, m.event is not None,
                                                  m.event.id if m.event else m.quote.article,
                                                  0 if m.event else m.quote.start), reverse=True)

        return self._remembered(("timeline", actor_id), compute)

    @around_its_actor()
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

    def neighbourhood(self, actor_id: str) -> tuple:
        """All that the helpers marked `around_its_actor` read of one actor: the actor, its events and its
        quotes in their lists' order (as their stamps: reads.Whole), the dates of the articles of all three
        (None where there is no such article) and the names of everyone in its events."""
        actor = self.actor_by_id.get(actor_id)
        events = self.events_by_actor.get(actor_id, [])
        quotes = self.quotes_by_actor.get(actor_id, [])
        articles = {m.article for m in actor.mentions} if actor else set()
        articles.update(q.article for q in quotes)
        for event in events:
            articles.update(event.articles)
        dates = [(a, self._article_dates().get(a)) for a in sorted(articles)]
        names = sorted({p: self.name(p) for event in events for p in event.participants}.items())
        return (Whole(actor) if actor else None, [Whole(e) for e in events], [Whole(q) for q in quotes], dates,
                names)

    def _article_dates(self) -> dict[str, str]:
        """Each article's date as text, made once (for the 5,000 actors and 10,000 articles of a large archive)."""
        if self._iso_dates is None:
            self._iso_dates = {id_: article.date.isoformat() for id_, article in self.article_by_id.items()}
        return self._iso_dates

    def event_neighbourhood(self, event_id: str) -> tuple:
        """All that the helpers marked `around_its_event` read of one event: the event (as its stamp:
        reads.Whole) and its participants' names (the ids of those with no actor)."""
        event = self.event_by_id.get(event_id)
        if event is None:
            return (None,)
        return Whole(event), [(p, self.name(p)) for p in event.participants]

    def article_neighbourhood(self, article_id: str) -> tuple:
        """All that the helpers marked `around_its_article` read of one article: the article, its quotes and
        the events it reports (as their stamps: reads.Whole), where its body names whom, the names of the
        actors it names, and the dates of the events' articles."""
        article = self.article_by_id.get(article_id)
        if article is None:
            return (None,)
        events = self.events_by_article.get(article_id, [])
        dates = [(a, self._article_dates().get(a)) for a in sorted({a for e in events for a in e.articles})]
        named = self._body_mentions_of(article_id)  # (packed, unsorted: the same mentions, the same bytes)
        return (Whole(article), [Whole(q) for q in self.quotes_by_article.get(article_id, [])],
                (named[0].tobytes(), named[1]) if named else None,
                [(a.id, a.name) for a in self.actors_by_article.get(article_id, [])], [Whole(e) for e in events],
                dates)

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

    def country_of(self, actor_id: str | None) -> Actor | None:
        """The country an actor belongs to: itself, its affiliation, or its affiliation's (a minister of a
        ministry of a country); None when no country is known.

        Example: {% with country = country_of(actors[0].id) %}{{ country.name if country else "none" }}{% endwith %}
        """
        seen = set()
        actor = self.actor_by_id.get(actor_id or "")
        while actor is not None and actor.id not in seen:
            if actor.type == "country":
                return actor
            seen.add(actor.id)
            actor = self.actor_by_id.get(actor.affiliation or "")
        return None

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

    @around_its_article()
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
        by_speaker, place = self._newest_quotes_by_speaker(), self._quote_order().place
        return sorted((q for actor in dict.fromkeys(actor_ids) for q in by_speaker.get(actor, ())),
                      key=lambda quote: place[quote.id])

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

    @around_its_event()
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
    @answered_from("_article_body_inputs")
    @around_its_article()
    def article_body(self, article: Article) -> list[list[Segment]]:
        """An article's body as paragraphs (lists) of Segments; every sentence is its own segment
        (anchor `s-N`), a blank line in the text starts a new paragraph.

        Example: {{ article_body(articles[0])|length }} paragraphs; the first starts “{{ article_body(articles[0])[0][0].text[:40]|md }}”
        """
        whole, quoted, names = self._article_body_inputs(article)
        return paragraphs(whole.object.text, whole.object.sentences, quoted, names)

    def _article_body_inputs(self, article: Article) -> tuple:
        """All that article_body lays out: the article (its text and sentences), the quoted sentences, the
        names in it."""
        quoted = set()
        sentences = sorted(article.sentences, key=_START)
        starts = [s.start for s in sentences]
        longest = max((s.end - s.start for s in sentences), default=0)
        for quote in self.quotes_by_article.get(article.id, []):
            # the sentences it overlaps start before its end, and not so long before its start that they end before it
            n = bisect.bisect_left(starts, quote.end) - 1
            while n >= 0 and starts[n] + longest > quote.start:
                if quote.start < sentences[n].end:
                    quoted.add(sentences[n].index)
                n -= 1
            if quote.sentence is not None:
                quoted.add(quote.sentence)
        return Whole(article), sorted(quoted), body_names(self._named_in_body(article.id), len(article.text))

    def _named_in_body(self, article_id: str) -> list[tuple[int, int, str]]:
        """Where an article's body names an actor: (start, -end, actor id), sorted."""
        found = self._body_mentions_of(article_id)
        return sorted(zip(found[0][0::2], found[0][1::2], found[1])) if found else []

    def _body_mentions_of(self, article_id: str) -> tuple[array, list[str]] | None:
        """Where an article's body names an actor, packed: the starts and negated ends, the actor ids, by
        actor and then in the actor's order of mentions. (Every article's found in one pass over the
        mentions, each article's asked for, and kept packed: as tuples, the 500,000 names of 10,000 articles
        took 49 MiB; sorted and digested as tuples for each article's stamp, 0.8 s a build.)"""
        if self._body_mentions is None:
            self._body_mentions = {}
            for actor in self.briefing.actors:
                for m in actor.mentions:
                    if m.field != "title":
                        found = self._body_mentions.get(m.article)
                        if found is None:
                            found = self._body_mentions[m.article] = (array("q"), [])
                        found[0].extend((m.start, -m.end))
                        found[1].append(actor.id)
        return self._body_mentions.get(article_id)

    # pictures (generator/pictures.py; drawn by partials/network.md.j2 and partials/chart.md.j2) -------
    @answered_from("_network_inputs")
    @around_its_actor("focus")  # (with no `events`: another argument than a plain one means no neighbourhood)
    @around_its_event("events")  # (`events=[event]`, an event page's)
    def network(self, limit: int, focus: str | None = None, events=None) -> Network:
        """Who shared an event with whom, laid out for `partials/network.md.j2`: the `limit` actors in most
        events; `focus` puts one actor in the middle with those they met; `events` draws only those events
        (their participants on a ring).

        Example: {% with network = network(diagram_limit) %}{{ network.shown }} of {{ network.total }} actors{% endwith %}
        """
        pairs, names, limit, focus, ring = self._network_inputs(limit, focus, events)
        return pictures.network({(a, b): (count, held) for a, b, count, held in pairs}, dict(names), limit,
                                focus=focus, ring=ring)

    def _network_inputs(self, limit: int, focus: str | None = None, events=None) -> tuple:
        """All that network lays out: the pairs (a, b, events, held ones), the names, and how."""
        if events is None and focus is None:  # (the whole model's, asked by several pages: made once)
            if self._whole_network is None:
                self._whole_network = self._pairs_and_names(self.briefing.events, None)
            return *self._whole_network, limit, focus, False
        if events is None:  # with a focus, only that actor's events (actor pages stay linear)
            return *self._pairs_and_names(self.events_by_actor.get(focus, []), focus), limit, focus, False
        return *self._pairs_and_names(events, focus), limit, focus, True

    def _pairs_and_names(self, events, focus: str | None) -> tuple[list, list]:
        """The pairs of actors who met in `events` (those with `focus` when given) as (a, b, events, held
        ones), and the names of those actors."""
        pairs: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for event in events:
            for a, b in combinations(sorted(set(event.participants)), 2):
                if focus is None or focus in (a, b):
                    pairs[(a, b)][0] += 1
                    pairs[(a, b)][1] += event.status == "held"
        names = {actor: self.name(actor) for pair in pairs for actor in pair}
        return [(a, b, count, held) for (a, b), (count, held) in pairs.items()], list(names.items())

    @answered_from("_activity_inputs")
    @around_its_actor()
    def activity_chart(self, actor: Actor) -> Chart:
        """An actor's mentions, quotes and meetings per month (per year past four years), for
        `partials/chart.md.j2`; months without any stay in, as empty columns.

        Example: {% with chart = activity_chart(actors[0]) %}{{ chart.columns|length }} columns{% endwith %}
        """
        title, series, counts = self._activity_inputs(actor)
        return self._over_time(title, series, [Counter(dict(months)) for months in counts])

    def _activity_inputs(self, actor: Actor) -> tuple:
        """All that activity_chart draws: its title, its series and their (month, count) pairs."""
        counts = [self._by_article_month(m.article for m in actor.mentions),
                  self._by_article_month(q.article for q in self.quotes_by_actor.get(actor.id, [])),
                  Counter(self._month(date.fromordinal(self._when(e))) for e in self.events_by_actor.get(actor.id, []))]
        return (f"{actor.name}: mentions, quotes and meetings", ["mentions", "quotes", "meetings"],
                [sorted(months.items()) for months in counts])

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
        known = self._remembered_weeks()
        columns, values = [], []
        for back in range(count - 1, -1, -1):
            key, *_ = period_bounds(week.start - timedelta(weeks=back), "week")
            period = known.get(key)
            columns.append(key)
            values.append([len(period.articles), len(period.events), len(period.quotes)] if period else [0, 0, 0])
        return pictures.time_chart(f"{week.title} against the weeks before", columns,
                                   ["articles", "events", "quotes"], values, current=len(columns) - 1)

    def _remembered_weeks(self) -> dict[str, Period]:
        """The weeks by key, made once (each of a thousand weekly digests asks)."""
        if self._weeks_by_key is None:
            self._weeks_by_key = {p.key: p for p in self.weeks()}
        return self._weeks_by_key

    @staticmethod
    def _month(day: date) -> str:
        return f"{day.year}-{day.month:02d}"

    def _by_article_month(self, article_ids) -> Counter:
        """Things counted by the month of their article (an actor's 5,000 mentions are in a few hundred)."""
        months: Counter = Counter()
        for article_id, count in Counter(article_ids).items():
            months[self._month(self.article_date(article_id))] += count
        return months

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
        first, last = date_range(event.date) if event.date else (date.max, date.min)
        if first <= last:  # (a date that is none spans nothing)
            return first.toordinal()
        return max((self.article_date(a).toordinal() for a in event.articles), default=0)


def _events_in_order(events, newest_key, sort_key, newest_first: bool) -> list[Event]:
    if newest_first:
        return sorted(events, key=newest_key, reverse=True)
    return sorted((e for e in events if e.date), key=sort_key) + sorted((e for e in events if not e.date), key=sort_key)


def _words(text: str) -> str:
    """A quote's words, lower case, without punctuation: the same words reported twice compare equal."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _letter(name: str) -> str:
    """The page a speaker's quotes go on: the first letter of the name, transliterated ("Émile" -> "e")."""
    first = slugify(name)[:1]
    return first if first.isalpha() and first.isascii() else "0-9" if first.isdigit() else "other"
