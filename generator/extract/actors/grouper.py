"""One article's mentions grouped into local actors: a surname joins the full name the article gave."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ...knowledge import Knowledge, normalize
from ...names import display_name, person_key
from ...records import LocalActor, LocalMention
from .mentions import Mention
from .roles import RoleFinder


class ActorGrouper(RoleFinder):
    """Group one article's mentions into local actors."""

    def __init__(self, doc: Doc, known: Knowledge, to_place, body_offset: int = 0, written: str | None = None):
        self.doc = doc
        self.written = written  # the text as written, where the doc has straight quotation marks
        self.body_offset = body_offset
        self.known = known
        self.to_place = to_place  # doc offset -> (field, offset)
        self.actors: list[LocalActor] = []
        self.by_key: dict[tuple[str, str], int] = {}
        self.token_actor: dict[int, int] = {}  # token index -> actor index
        self.locations: list[Mention] = []

    def add(self, mentions: list[Mention]) -> None:
        if self.written is not None:  # names as written: "D’Souza", not the model's "D'Souza"
            mentions = [replace(m, text=self.written[m.start:m.end]) for m in mentions]
        people = [m for m in mentions if m.kind == "person"]
        keys = [person_key(display_name(m.text), self.known) for m in people]
        person_words = {w for key in keys for w in key.split()} | {normalize(display_name(m.text)) for m in people}
        # an "organisation" that is a person the article names ("Trump", "ROME - Bernie Sanders")
        promoted = {id(m) for m in mentions if m.kind == "organization" and m.canonical is None
                    and self._names_person(m.text, person_words)}
        people += [m for m in mentions if id(m) in promoted]
        full_names = {person_key(display_name(m.text), self.known): m for m in people if len(person_key(display_name(m.text), self.known).split()) >= 2}
        surnames: dict[str, set[str]] = {}
        for key in full_names:
            surnames.setdefault(key.split()[-1], set()).add(key)
        for m in mentions:
            if m.kind == "location":
                self.locations.append(m)
                continue
            kind = "person" if id(m) in promoted else m.kind
            name = display_name(m.text) if kind == "person" else m.text
            if kind == "country":
                key = ("country", m.canonical)
                name = m.canonical
            elif kind == "organization":
                key = ("organization", normalize(m.canonical or name))
                name = m.canonical or name
                if m.canonical is None and " " not in key[1]:  # "Harbour" after "the Harbour Front"
                    longer = [k for k in self.by_key if k[0] == "organization" and k[1].split()[0] == key[1]]
                    if len(longer) == 1:
                        key = longer[0]
            else:
                pkey = person_key(name, self.known)
                if not pkey:
                    continue
                if len(pkey.split()) == 1:
                    matches = surnames.get(pkey) or {k for k in full_names if pkey in k.split()[1:]} \
                        or {k for k in full_names if k.split()[0] == pkey}
                    if len(matches) > 1:  # two people share the surname: take the one named last before
                        before = [(full_names[k].start, k) for k in matches if full_names[k].start <= m.start]
                        matches = {max(before)[1]} if before else matches
                    if len(matches) == 1:
                        pkey = next(iter(matches))
                else:  # "Ashraf Ghani" and "Mohammad Ashraf Ghani", "Suu Kyi" and "Aung San Suu Kyi": one person
                    words = pkey.split()
                    longer = {k for k in full_names if len(k.split()) > len(words)  # or "Yoon Suk" of "Yoon Suk Yeol"
                              and words in (k.split()[-len(words):], k.split()[:len(words)])}
                    if len(longer) == 1:
                        pkey = next(iter(longer))
                key = ("person", pkey)
            self._attach(key, name, kind, m)

    @staticmethod
    def _names_person(name: str, person_words: set[str]) -> bool:
        """An "organisation" that is a person the article names ("Trump", "ROME - Bernie Sanders")."""
        words = normalize(name).split()
        return 0 < len(words) <= 3 and words[-1] in person_words and all(w[:1].isupper() for w in name.split())

    def _attach(self, key, name, kind, m: Mention, claim_tokens: bool = True) -> None:
        index = self.by_key.get(key)
        if index is None:
            index = len(self.actors)
            self.by_key[key] = index
            self.actors.append(LocalActor(index=index, name=name, type=kind, known=m.canonical is not None))
        actor = self.actors[index]
        if kind == "person" and len(name.split()) > len(actor.name.split()):
            actor.name = name
        field, start = self.to_place(m.start)
        actor.mentions.append(LocalMention(start, start + (m.end - m.start), m.text, field))
        for i in range(m.first_token, m.last_token + 1 if claim_tokens else m.first_token):
            self.token_actor[i] = index

    def _full_names_ending(self, key: str) -> list[str]:
        """The keys of the people named in full whose last name is `key`."""
        return [k[1] for k in self.by_key if k[0] == "person" and len(k[1].split()) > 1 and k[1].split()[-1] == key]

    def is_surname(self, word: str) -> bool:
        """Whether a word is the last name of exactly one person the article named in full."""
        return len(self._full_names_ending(person_key(word, self.known))) == 1

    def person_named(self, span: Span) -> int:
        """The person a name the model missed stands for: a surname joins the full name the
        article gave ("Trump" -> "Donald Trump"), else a new person."""
        text = self.written[span.start_char:span.end_char] if self.written is not None else span.text
        name = display_name(text)
        key = person_key(name, self.known)
        if len(key.split()) == 1:
            full = self._full_names_ending(key)
            if len(full) == 1:
                key = full[0]
        self._attach(("person", key), name, "person",
                     Mention(span.start_char, span.end_char, text, "person", None, span.start, span.end - 1))
        return self.by_key[("person", key)]

    def latest(self, before: int, types: set[str]) -> int | None:
        """The actor of these types named last before a doc offset."""
        best, best_at = None, -1
        for actor in self.actors:
            if actor.type not in types:
                continue
            for mention in actor.mentions:
                at = mention.start + self.body_offset if mention.field == "body" else mention.start
                if best_at < at < before:
                    best, best_at = actor.index, at
        return best

    def actor_of(self, token: Token) -> int | None:
        return self.token_actor.get(token.i)

    def known_actor(self, canonical: str, token: Token, kind: str = "country", names_it: bool = True) -> int:
        """The local actor of a known country or organisation, creating it from a token that names it
        (or, with `names_it` false, only points at it: "congressman" is no name of the House)."""
        key = (kind, canonical if kind == "country" else normalize(canonical))
        if key not in self.by_key:
            m = Mention(token.idx, token.idx + len(token.text), token.text, kind, canonical, token.i, token.i)
            self._attach(key, canonical, kind, m, claim_tokens=names_it)
        return self.by_key[key]
