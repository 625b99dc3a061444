"""The briefing model: plain dataclasses that templates and the JSON export read.

Every claim carries where it came from (article id and character offsets into
the article's body), so any page can link a claim back to its sentence.
The many small records are slotted dataclasses: a large archive holds millions.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter


@dataclass(slots=True)
class Sentence:
    """A sentence of an article body; `index` is its anchor on the article page."""
    index: int
    start: int
    end: int


@dataclass
class Article:
    id: str
    path: str
    title: str
    date: date
    text: str
    source: str | None = None
    url: str | None = None
    author: str | None = None
    tags: list[str] = field(default_factory=list)
    license: str | None = None
    sentences: list[Sentence] = field(default_factory=list)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding a character offset of the body (binary search; sentences are in order)."""
        starts = self.__dict__.get("_sentence_starts")
        if starts is None or len(starts) != len(self.sentences):
            starts = self.__dict__["_sentence_starts"] = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None


@dataclass(slots=True)
class Mention:
    """Where an actor is named. `field` is "body" or "title"."""
    article: str
    start: int
    end: int
    text: str
    field: str = "body"
    sentence: int | None = None


MENTION_ORDER = attrgetter("article", "field", "start")  # the order of an actor's mentions (a sort key)


@dataclass(slots=True)
class Role:
    """A role or title given to an actor, with the sentence that says so."""
    text: str
    article: str
    start: int
    end: int
    sentence: int | None = None


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: str  # person | organization | country
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    affiliation: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return sorted({m.article for m in self.mentions})


@dataclass(slots=True)
class Quote:
    id: str
    article: str
    speaker: str | None
    text: str
    kind: str  # direct | indirect
    cue: str | None
    start: int
    end: int
    sentence: int | None = None


@dataclass(slots=True)
class Evidence:
    article: str
    start: int
    end: int
    sentence: str
    field: str = "body"
    index: int | None = None  # sentence anchor on the article page


@dataclass(slots=True)
class Event:
    id: str
    type: str  # meeting | visit | talks | call
    participants: list[str]
    location: str | None
    date: str | None  # ISO at the precision the text supports
    status: str  # held | planned | cancelled
    articles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    cue: str = ""  # the word that marked the encounter in the first evidence


@dataclass(slots=True)
class Problem:
    """Something wrong with an input file; the build goes on without it."""
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class Briefing:
    articles: list[Article]
    actors: list[Actor]
    quotes: list[Quote]
    events: list[Event]
    problems: list[Problem] = field(default_factory=list)
    spacy_model: str = ""
