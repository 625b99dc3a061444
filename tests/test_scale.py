"""Navigation that scales: a synthetic briefing with 100 and 1,000 actors, rendered and built.

No spaCy: the model is made by hand (generator.model dataclasses) with the same
shape at both sizes (an actor is mentioned in about two articles, a person says
one thing, events have two participants), ten times larger the second time.
Only the index pages may grow with the number of actors: every other page
repeats the nav, which lists only the index pages, so its size must not depend
on the size of the briefing, and the site's bytes per page must stay flat.

Run with `-s` to see the figures (pages, MB, seconds) quoted in reports.
"""
from __future__ import annotations

import random
import shutil
import statistics
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator.build import Project
from generator.config import load_settings
from generator.model import Actor, Article, Briefing, Event, Evidence, Mention, Quote, Role, Sentence
from generator.render import render_pages
from generator.site import run_mkdocs

REPO = Path(__file__).resolve().parents[1]
GIVEN = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hassan", "Ingrid", "Jamal", "Katya", "Luis",
         "Mariam", "Nikolai", "Olga", "Pedro", "Qadir", "Rosa", "Samir", "Tanya", "Umar", "Vera", "Wen", "Ximena",
         "Yusuf", "Zofia", "Ali", "Bea", "Chen", "Dana"]
FAMILY = ["Abbott", "Bakr", "Castillo", "Dorn", "Eriksen", "Fadel", "Garcia", "Horvat", "Ivanova", "Jensen", "Kaur",
          "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rahimi", "Silva", "Tanaka", "Urban", "Vargas",
          "Weber", "Xu", "Yilmaz", "Zanetti", "Arslan", "Brandt", "Costa", "Duarte", "Esposito", "Farouk", "Gallo",
          "Haddad", "Iqbal", "Jovanovic", "Kowalski", "Larsen", "Mendes", "Nakamura"]
TOPICS = ["grain exports", "border crossings", "fishing quotas", "energy prices", "a prisoner exchange",
          "election monitors", "water rights", "shipping lanes", "debt relief", "a ceasefire"]
PLACES = ["Geneva", "Vienna", "Doha", "Oslo", "Nairobi", "Jakarta", "Lima", "Tbilisi"]
STATUSES = ["held", "held", "held", "planned", "cancelled"]
TYPES = ["meeting", "visit", "talks", "call"]


def synthetic_briefing(actors: int, seed: int = 7) -> Briefing:
    """`actors` actors over actors/10 articles, with quotes, roles and events of a fixed shape."""
    rng = random.Random(seed)
    names = [f"{g} {f}" for g in GIVEN for f in FAMILY]
    rng.shuffle(names)
    people = names[:int(actors * 0.6)]
    cast: list[Actor] = [Actor(id=f"p-{i:05d}", name=n, type="person", aliases=[n.split()[1]])
                         for i, n in enumerate(people)]
    cast += [Actor(id=f"o-{i:05d}", name=f"{rng.choice(FAMILY)} {rng.choice(['Institute', 'Council', 'Bank'])} {i}",
                   type="organization") for i in range(int(actors * 0.25))]
    cast += [Actor(id=f"c-{i:05d}", name=f"Republic {i}", type="country", aliases=[f"Rep. {i}"])
             for i in range(actors - len(cast))]
    for actor in cast:
        if actor.type == "person":
            actor.affiliation = cast[rng.randrange(len(people), len(cast))].id

    n_articles = max(1, actors // 10)
    slots: list[list[Actor]] = [[] for _ in range(n_articles)]
    for actor in cast:
        for article in rng.sample(range(n_articles), k=min(n_articles, rng.choice([1, 2, 2, 3]))):
            slots[article].append(actor)

    articles, quotes, events = [], [], []
    start_day = date(2023, 1, 1)
    for a, present in enumerate(slots):
        article_id = f"a-{a:05d}"
        text, sentences, spoken = "", [], []
        for actor in present:
            topic = rng.choice(TOPICS)
            if actor.type == "person" and rng.random() < 0.5:
                said = f"We will keep working on {topic} with our partners"
                sentence = f"\u201c{said},\u201d {actor.name} said on Monday."
                spoken.append((actor, said, len(text) + 1, len(sentences)))
            else:
                sentence = f"{actor.name} discussed {topic} with officials in {rng.choice(PLACES)}."
            at = len(text)
            sentences.append(Sentence(len(sentences), at, at + len(sentence)))
            offset = at + sentence.index(actor.name)
            actor.mentions.append(Mention(article_id, offset, offset + len(actor.name), actor.name,
                                          sentence=len(sentences) - 1))
            if actor.type == "person" and not actor.roles:
                actor.roles.append(Role("envoy", article_id, offset, offset + len(actor.name), len(sentences) - 1))
            text += sentence + ("\n\n" if len(sentences) % 4 == 0 else " ")
        articles.append(Article(id=article_id, path=f"{article_id}.md", title=f"Synthetic report {a}",
                                date=start_day + timedelta(days=a % 365), text=text.strip(), source="Test Wire",
                                url=f"https://news.example.org/{article_id}", tags=[rng.choice(TOPICS)],
                                sentences=sentences))
        for actor, said, at, index in spoken:
            quotes.append(Quote(id=f"q-{len(quotes):05d}", article=article_id, speaker=actor.id, text=said,
                                kind="direct", cue="say", start=at, end=at + len(said), sentence=index))
        for first, second in zip(present[0::2], present[1::2]):  # pairs named in the same article meet
            sentence = sentences[present.index(first)]
            events.append(Event(id=f"e-{len(events):05d}", type=rng.choice(TYPES),
                                participants=[first.id, second.id], location=rng.choice(PLACES),
                                date=(start_day + timedelta(days=a % 365)).isoformat(), status=rng.choice(STATUSES),
                                articles=[article_id],
                                evidence=[Evidence(article_id, sentence.start, sentence.end,
                                                   text[sentence.start:sentence.end], index=sentence.index)]))
    return Briefing(articles=articles, actors=cast, quotes=quotes, events=events, spacy_model="synthetic")


@dataclass
class Built:
    actors: int
    site: Path
    pages: int
    total_bytes: int
    page_bytes: int  # HTML pages only
    seconds_render: float
    seconds_mkdocs: float

    def size(self, page: str) -> int:
        return (self.site / page).stat().st_size

    def sizes(self, folder: str) -> list[int]:
        return [p.stat().st_size for p in (self.site / folder).glob("*/index.html")]


def build(root: Path, actors: int) -> Built:
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    project = Project(root, load_settings(root / "mkdocs.yml"))
    briefing = synthetic_briefing(actors)
    began = time.perf_counter()
    render_pages(briefing, project.templates_dir, project.pages_dir, project.settings)
    rendered = time.perf_counter()
    site = root / "site"
    run_mkdocs(project, site)
    done = time.perf_counter()
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    return Built(actors, site, len(html), sum(p.stat().st_size for p in files), sum(p.stat().st_size for p in html),
                 rendered - began, done - rendered)


@pytest.fixture(scope="module")
def sizes(tmp_path_factory) -> tuple[Built, Built]:
    root = tmp_path_factory.mktemp("scale")
    small, large = build(root / "100", 100), build(root / "1000", 1000)
    for b in (small, large):
        print(f"\n{b.actors:>5} actors: {b.pages} pages, site {b.total_bytes / 1e6:.1f} MB "
              f"(HTML {b.page_bytes / 1e6:.1f} MB, {b.page_bytes / b.pages / 1e3:.1f} kB per page; "
              f"search index {b.size('search/search_index.json') / 1e6:.2f} MB); "
              f"render {b.seconds_render:.1f} s, MkDocs {b.seconds_mkdocs:.1f} s; "
              f"home {b.size('index.html') / 1e3:.1f} kB, median actor page "
              f"{statistics.median(b.sizes('actors')) / 1e3:.1f} kB, actor index "
              f"{b.size('actors/index.html') / 1e3:.0f} kB")
    return small, large


def test_pages_other_than_indexes_do_not_grow(sizes):
    small, large = sizes
    assert large.pages > 8 * small.pages  # ten times the briefing
    assert large.size("index.html") <= 1.5 * small.size("index.html")  # the home page is a summary
    for folder in ("actors", "events", "articles"):
        ratio = statistics.median(large.sizes(folder)) / statistics.median(small.sizes(folder))
        assert ratio <= 1.5, (folder, ratio)
        assert max(large.sizes(folder)) <= 1.5 * max(small.sizes(folder)) + 10_000, folder


def test_site_grows_linearly(sizes):
    small, large = sizes
    assert large.page_bytes / large.pages <= 1.5 * small.page_bytes / small.pages
    assert large.total_bytes / large.pages <= 1.5 * small.total_bytes / small.pages
    search_small = small.size("search/search_index.json") / small.pages
    assert large.size("search/search_index.json") / large.pages <= 1.5 * search_small
    # The indexes grow with what they list, and no faster.
    for index in ("actors/index.html", "events/index.html", "articles/index.html", "quotes/index.html",
                  "timeline/index.html", "tags/index.html"):
        assert large.size(index) <= 1.5 * 10 * small.size(index), index


def test_nav_lists_only_the_index_pages(sizes):
    small, large = sizes
    for built in sizes:
        page = next((built.site / "actors").glob("p-*/index.html")).read_text(encoding="utf-8")
        nav = page.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
        assert nav.count('class="md-nav__link') <= 12, nav.count('class="md-nav__link')
        assert "/actors/p-" not in nav and "../p-" not in nav
