"""What the extraction stage hands on: plain per-article records, no spaCy objects.

Offsets are into the article body (`field="body"`) or its title (`field="title"`).
Actors here are local to one article; `resolve` merges them across the corpus.
Slotted dataclasses: a 10,000-article archive holds millions of these.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass


@dataclass(slots=True)
class Place:
    start: int
    end: int
    field: str = "body"


@dataclass(slots=True)
class LocalMention:
    start: int
    end: int
    text: str
    field: str = "body"


@dataclass(slots=True)
class LocalRole:
    text: str
    start: int  # the sentence that gives the role
    end: int


@dataclass(slots=True)
class LocalActor:
    index: int
    name: str
    type: str  # person | organization | country
    known: bool = False  # name comes from the knowledge files (a country or a known organisation)
    mentions: list[LocalMention] = field(default_factory=list)
    roles: list[LocalRole] = field(default_factory=list)
    affiliation: int | None = None  # index of a local country or organisation


@dataclass(slots=True)
class LocalQuote:
    text: str
    start: int
    end: int
    kind: str  # direct | indirect
    cue: str | None
    speaker: int | None


@dataclass(slots=True)
class LocalEvent:
    type: str
    participants: list[int]
    location: str | None
    date: str | None
    status: str
    evidence: list[Place] = field(default_factory=list)
    cue: str = ""  # the word that marks the encounter


@dataclass(slots=True)
class ArticleExtraction:
    article: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    actors: list[LocalActor] = field(default_factory=list)
    quotes: list[LocalQuote] = field(default_factory=list)
    events: list[LocalEvent] = field(default_factory=list)

    def to_row(self) -> list:
        """The records as nested lists of their fields' values, in the fields' order: what the cache keeps
        (ten thousand articles' records as objects with named fields took twice as long to read back)."""
        return _row(self)

    @classmethod
    def from_row(cls, row: list) -> "ArticleExtraction":
        """The records of `to_row`; TypeError or ValueError when the row is not one."""
        article, sentences, actors, quotes, events = row
        return cls(article, [tuple(s) for s in sentences],
                   [LocalActor(index, name, type_, known, [LocalMention(*m) for m in mentions],
                               [LocalRole(*r) for r in roles], affiliation)
                    for index, name, type_, known, mentions, roles, affiliation in actors],
                   [LocalQuote(*q) for q in quotes],
                   [LocalEvent(type_, participants, location, date, status, [Place(*p) for p in evidence], cue)
                    for type_, participants, location, date, status, evidence, cue in events])


def _row(value):
    if isinstance(value, (list, tuple)):
        return [_row(v) for v in value]
    if is_dataclass(value):
        return [_row(getattr(value, f.name)) for f in fields(value)]
    return value
