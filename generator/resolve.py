"""Merge per-article records into one briefing: one actor per real-world actor,
one event per real-world encounter, every claim tied to its sentence.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import Counter, defaultdict

from slugify import slugify

from .encounters import absorb, circumstances_agree
from .names import display_name, is_name_suffix, person_key
from .records import ArticleExtraction, LocalActor
from .knowledge import Knowledge, grammar, load as load_knowledge, normalize
from .overrides import Override, apply_overrides
from .model import MENTION_ORDER, Actor, Article, Briefing, Event, Evidence, Mention, Quote, Role, Sentence

GRAMMAR = grammar()  # English function words (generator/data/grammar.yml)


def resolve(articles: list[Article], extractions: list[ArticleExtraction], spacy_model: str = "") -> Briefing:
    known = load_knowledge()
    by_id = {a.id: a for a in articles}
    for extraction in extractions:
        by_id[extraction.article].sentences = [Sentence(i, s, e) for i, (s, e) in enumerate(extraction.sentences)]
    sentences = {e.article: _SentenceFinder(e.sentences) for e in extractions}
    keys = _global_keys(extractions, known)
    actors, local_to_id = _build_actors(extractions, keys, sentences)
    for extraction in extractions:
        for local in extraction.actors:
            if local.affiliation is not None:
                actor = actors[local_to_id[(extraction.article, local.index)]]
                target = local_to_id[(extraction.article, local.affiliation)]
                if actor.affiliation is None and target != actor.id:
                    actor.affiliation = target
    quotes = _quotes(extractions, local_to_id, by_id, sentences)
    events = _events(extractions, local_to_id, by_id, sentences)
    ordered_articles = sorted(articles, key=lambda a: (a.date, a.path))
    briefing = Briefing(ordered_articles, sorted(actors.values(), key=lambda a: a.id), quotes, events,
                        spacy_model=spacy_model)
    apply_overrides(briefing, _governments_named_after_leaders(briefing))
    return briefing


def _governments_named_after_leaders(briefing: Briefing) -> list[Override]:
    """"The Biden administration" is the United States: an organisation named after a person
    plus "administration" or "government" stands for the country that person leads."""
    people: dict[str, Actor] = {}
    for actor in briefing.actors:
        if actor.type == "person" and actor.affiliation:
            for form in (actor.name, *actor.aliases):
                people.setdefault(normalize(form), actor)
            people.setdefault(normalize(actor.name).split()[-1], actor)
    by_id = {a.id: a for a in briefing.actors}
    merges = []
    for actor in briefing.actors:
        words = normalize(actor.name).split()
        if actor.type == "organization" and len(words) >= 2 and words[-1] in GRAMMAR.government_words:
            leader = people.get(" ".join(words[:-1]))
            if leader is not None and by_id.get(leader.affiliation, None) is not None \
                    and by_id[leader.affiliation].type == "country":
                merges.append(Override(match=actor.id, merge_into=leader.affiliation))
    return merges


def _local_key(local: LocalActor, known: Knowledge) -> tuple[str, str]:
    if local.type == "person":
        return ("person", person_key(local.name, known))
    return (local.type, normalize(local.name))


def _global_keys(extractions: list[ArticleExtraction], known: Knowledge) -> dict[tuple[str, int], tuple[str, str]]:
    """A corpus-wide key for every local actor; a lone surname joins the one full name it fits."""
    keys = {}
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    by_name: dict[tuple[str, str], tuple[str, str]] = {}  # (the same names recur in article after article)
    for extraction in extractions:
        for local in extraction.actors:
            key = by_name.get((local.type, local.name))
            if key is None:
                key = by_name[(local.type, local.name)] = _local_key(local, known)
            keys[(extraction.article, local.index)] = key
            if key[0] == "person" and len(key[1].split()) >= 2:
                full_by_surname[key[1].split()[-1]].add(key[1])
    mentions = Counter()
    for extraction in extractions:
        for local in extraction.actors:
            mentions[keys[(extraction.article, local.index)]] += len(local.mentions)
    org_keys = {name for kind, name in keys.values() if kind == "organization"}
    longer_names: dict[tuple[str, ...], set[str]] = defaultdict(set)  # two or more words -> names starting
    for name in {name for kind, name in keys.values() if kind == "person"}:  # or ending with them
        words = name.split()
        for n in range(2, len(words)):
            longer_names[tuple(words[:n])].add(name)
            longer_names[tuple(words[-n:])].add(name)
    corpus_keys: dict[tuple[str, str], tuple[str, str]] = {}
    for key in set(keys.values()):
        kind, name = key
        words = name.split()
        longer = set(longer_names.get(tuple(words), ())) if len(words) >= 2 else set()
        corpus_keys[key] = key
        if kind == "person" and len(longer) == 1:  # "Ashraf Ghani" in one article, "Mohammad Ashraf Ghani" in
            corpus_keys[key] = ("person", longer.pop())  # another; "Yoon Suk" where another names Yoon Suk Yeol
        elif kind in ("person", "organization") and len(words) == 1 and name in full_by_surname:
            full = _dominant(full_by_surname[name], mentions)
            if full:
                corpus_keys[key] = ("person", full)
        elif kind == "organization":
            corpus_keys[key] = ("organization", _without_country_prefix(name, org_keys, known))
    return {place: corpus_keys[key] for place, key in keys.items()}


def _dominant(full_names: set[str], mentions: Counter) -> str | None:
    """The one full name a lone surname stands for: the only one, or one named far more often."""
    ranked = sorted(full_names, key=lambda k: -mentions[("person", k)])
    if len(ranked) == 1 or mentions[("person", ranked[0])] >= 3 * mentions[("person", ranked[1])]:
        return ranked[0]
    return None


def _without_country_prefix(name: str, org_keys: set[str], known: Knowledge) -> str:
    """'us department of defense' and 'united states department of defense' are one body."""
    words = name.split()
    for cut in (1, 2):
        country = known.country(" ".join(words[:cut]))
        if country and len(words) > cut:
            rest = " ".join(words[cut:])
            full = f"{normalize(country)} {rest}"
            if full in org_keys and full != name:
                return full
            if rest in org_keys:
                return rest
    return name


class _SentenceFinder:
    """The index of the sentence holding an offset of an article's body (Article.sentence_at's, without
    the Sentence: resolve asks 650,000 times at 10,000 articles)."""

    def __init__(self, sentences: list[tuple[int, int]]):
        self.starts, self.ends = [s for s, _ in sentences], [e for _, e in sentences]

    def at(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset) - 1
        return i if i >= 0 and offset < self.ends[i] else None


def _build_actors(extractions, keys, sentences) -> tuple[dict[str, Actor], dict[tuple[str, int], str]]:
    """The corpus's actors, and the actor id of every (article, local actor)."""
    grouped: dict[tuple[str, str], list[tuple[str, LocalActor]]] = defaultdict(list)
    for extraction in extractions:
        for local in extraction.actors:
            grouped[keys[(extraction.article, local.index)]].append((extraction.article, local))
    actors: dict[str, Actor] = {}
    local_to_id: dict[tuple[str, int], str] = {}
    used_ids: set[str] = {"index"}  # actors/index is the actors list; an actor named Index gets index-2
    for key in sorted(grouped):
        members = grouped[key]
        kind = key[0]
        name = _best_name(kind, members)
        actor_id = _unique_id(slugify(name) or "actor", used_ids)
        actor = Actor(id=actor_id, name=name, type=kind)
        forms, roles_seen = [], set()
        for article_id, local in members:
            sentence_at = sentences[article_id].at
            for m in local.mentions:
                actor.mentions.append(Mention(article_id, m.start, m.end, m.text, m.field,
                                              sentence_at(m.start) if m.field == "body" else None))
                forms.append(m.text)
            for r in local.roles:
                if r.text.casefold() not in roles_seen:
                    roles_seen.add(r.text.casefold())
                    actor.roles.append(Role(r.text, article_id, r.start, r.end, sentence_at(r.start)))
        seen = {_spelling(name)}  # every spelling as written: "O'Hara" and "O’Hara", "U.S." and "US"
        for form in dict.fromkeys(forms):  # (each form once: the same one recurs in every article)
            form = " ".join(form.split())
            if _spelling(form) not in seen:
                seen.add(_spelling(form))
                actor.aliases.append(form)
        actor.aliases.sort()
        actor.mentions.sort(key=MENTION_ORDER)
        actors[actor_id] = actor
        for article_id, local in members:
            local_to_id[(article_id, local.index)] = actor_id
    return actors, local_to_id


def _spelling(form: str) -> str:
    return form.casefold().removeprefix("the ")


def _best_name(kind: str, members) -> str:
    if kind != "person":
        names = Counter(local.name for _, local in members)
        return max(names, key=lambda n: (names[n], -len(n), n))
    counts: Counter = Counter()
    for text, n in Counter(m.text for _, local in members for m in local.mentions).items():
        counts[" ".join(display_name(text).split())] += n
    for _, local in members:
        counts[local.name] += 0
    full = [n for n in counts if len(n.split()) >= 2] or list(counts)
    best = max(full, key=lambda n: (counts[n], -len(n), n))
    shorter = _without_initials(best)  # "Dana J. Whitcombe" reads "Dana Whitcombe"
    return shorter if len(shorter.split()) >= 2 else best


def _without_initials(name: str) -> str:
    """A person's name as it is said: no middle initials, no "Jr." or "III"."""
    words = name.replace(",", " ").split()
    kept = [w for i, w in enumerate(words)
            if not (0 < i < len(words) - 1 and len(w.rstrip(".")) == 1)
            and not is_name_suffix(w)]
    return " ".join(kept)


def _unique_id(base: str, used: set[str]) -> str:
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def _short_hash(*parts) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:10]


def _quotes(extractions, local_to_id, by_id, sentences) -> list[Quote]:
    quotes = []
    for extraction in extractions:
        article = by_id[extraction.article]
        for q in extraction.quotes:
            speaker = local_to_id[(extraction.article, q.speaker)] if q.speaker is not None else None
            quotes.append(Quote(id="q-" + _short_hash(article.id, q.start, q.end, q.kind), article=article.id,
                                speaker=speaker, text=q.text, kind=q.kind, cue=q.cue, start=q.start, end=q.end,
                                sentence=sentences[article.id].at(q.start)))
    return sorted(quotes, key=lambda q: (by_id[q.article].date, q.article, q.start, q.kind))


def _events(extractions, local_to_id, by_id, sentences) -> list[Event]:
    events: list[Event] = []
    same_people: dict[tuple[frozenset[str], str], list[Event]] = defaultdict(list)  # only these can be one
    # the events the extractor kept apart in one article with the very same people (an earlier visit, say)
    kept_apart: dict[tuple[str, frozenset[int]], list[Event]] = defaultdict(list)
    for extraction in extractions:
        article = by_id[extraction.article]
        for e in extraction.events:
            participants = sorted({local_to_id[(extraction.article, p)] for p in e.participants})
            if len(participants) < 2:
                continue
            evidence = []
            for place in e.evidence:
                text = article.text[place.start:place.end] if place.field == "body" else article.title
                evidence.append(Evidence(article.id, place.start, place.end, text, place.field,
                                         sentences[article.id].at(place.start) if place.field == "body" else None))
            event = Event(id="", type=e.type, participants=participants, location=e.location, date=e.date,
                          status=e.status, articles=[article.id], evidence=evidence, cue=e.cue)
            bucket = same_people[(frozenset(participants), event.status)]
            apart = kept_apart[(article.id, frozenset(e.participants))]
            for other in bucket:
                if _same_event(other, event) and not any(other is a for a in apart):
                    _absorb(other, event)
                    apart.append(other)
                    break
            else:
                events.append(event)
                bucket.append(event)
                apart.append(event)
    taken: set[str] = set()
    for event in events:
        first = event.evidence[0]
        event.id = "e-" + _short_hash(first.article, first.field, first.start, event.participants, event.status)
        while event.id in taken:  # one sentence can tell two encounters of the same people
            event.id = "e-" + _short_hash(event.id, event.date, event.type)
        taken.add(event.id)
    return sorted(events, key=lambda e: (e.date or "9999", e.id))


def _same_event(a: Event, b: Event) -> bool:
    """The same encounter reported twice, of two events of the same people (those `_events` compares):
    same status and place (the very same name: two articles may name two places of one name), dates that
    agree (encounters.py)."""
    if not circumstances_agree(a, b, exact_place=True):
        return False
    # undated reports in two articles: the same place must say it is one meeting
    return bool(a.date and b.date) or bool(a.location and a.location == b.location) or set(a.articles) == set(b.articles)


def _absorb(into: Event, other: Event) -> None:
    absorb(into, other)
    for article in other.articles:
        if article not in into.articles:
            into.articles.append(article)
