"""What the extraction stage hands on: plain per-article records, no spaCy objects.

Offsets are into the article body (`field="body"`) or its title (`field="title"`).
Actors here are local to one article; `resolve` merges them across the corpus.
Slotted dataclasses: a 10,000-article archive holds millions of these.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


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

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ArticleExtraction":
        actors = []
        for a in data["actors"]:
            a = dict(a)
            a["mentions"] = [LocalMention(**m) for m in a["mentions"]]
            a["roles"] = [LocalRole(**r) for r in a["roles"]]
            actors.append(LocalActor(**a))
        events = []
        for e in data["events"]:
            e = dict(e)
            e["evidence"] = [Place(**p) for p in e["evidence"]]
            events.append(LocalEvent(**e))
        return cls(article=data["article"], sentences=[tuple(s) for s in data["sentences"]], actors=actors,
                   quotes=[LocalQuote(**q) for q in data["quotes"]], events=events)
