"""Periods of publication (ISO weeks and months) for digests, and the days a partial ISO date spans."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model import Actor, Article, Event, Quote
from .text import MONTHS


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

    @property
    def events_during(self) -> list[Event]:
        """The period's events that took place (or are planned) within it, by date."""
        return [e for e in self.events if e.date and date_range(e.date)[1] >= self.start
                and date_range(e.date)[0] <= self.end]

    @property
    def events_before(self) -> list[Event]:
        """Earlier events the period's articles mention (dated before it began), newest first."""
        return [e for e in reversed(self.events) if e.date and date_range(e.date)[1] < self.start]

    @property
    def events_after(self) -> list[Event]:
        """Events the period's articles date after it (planned ones, mostly), by date."""
        return [e for e in self.events if e.date and date_range(e.date)[0] > self.end]

    @property
    def events_undated(self) -> list[Event]:
        """The period's events whose articles give no date."""
        return [e for e in self.events if not e.date]


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


def date_range(iso: str) -> tuple[date, date]:
    """The first and last day an ISO date at any precision stands for: "2016" is the whole year,
    "2016-09" the month. A date that is not one spans nothing (from date.max to date.min)."""
    try:
        parts = [int(p) for p in iso.split("-")[:3]]
        if len(parts) == 3:
            return date(*parts), date(*parts)
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        return date.max, date.min
