"""Roles and affiliations: titles split off names, appositions, parties, delegations, successors."""
from __future__ import annotations

import re

from spacy.tokens import Token

from ...knowledge import grammar, normalize
from ...names import display_name
from ...records import LocalActor, LocalRole
from .mentions import MAX_ROLE_WORDS, doc_text

GRAMMAR = grammar()  # English function words (generator/data/grammar.yml)


class RoleFinder:
    """The roles and affiliations of the grouped actors (a part of ActorGrouper)."""

    def add_roles(self) -> None:
        """Titles before a name and appositions after it become roles; a country or
        organisation named in the role becomes the person's affiliation."""
        tokens_of: dict[int, list[int]] = {}
        for token_index, actor_index in sorted(self.token_actor.items()):
            tokens_of.setdefault(actor_index, []).append(token_index)
        for actor in self.actors:
            if actor.type != "person":
                continue
            for mention_tokens in self._mention_token_runs(actor.index, tokens_of):
                first, last = mention_tokens[0], mention_tokens[-1]
                for role_tokens in (self._prefix_role(first), self._apposition_role(last)):
                    if not role_tokens:
                        continue
                    role_tokens = self._role_tokens(role_tokens, actor.index)
                    if not role_tokens:
                        continue
                    if actor.affiliation is None:
                        actor.affiliation = self._affiliation(role_tokens)
                    backing = {i for t in role_tokens if self._backs(t) for i in (t.i, t.i + 1, t.i + 2)}
                    text = "".join(t.text_with_ws for t in self.doc[role_tokens[0].i:role_tokens[-1].i + 1]
                                   if t.i not in backing).strip(" ,")  # "the Sanders-supporting party": "the party"
                    if text.isupper():  # a shouted transcript label: "FOREIGN MINISTER"
                        text = " ".join(w.lower() if w.lower() in GRAMMAR.name_small_words else w.capitalize()
                                        for w in text.split())
                    sentence = self.doc[first.i].sent
                    field, start = self.to_place(sentence.start_char)
                    if field == "title":
                        start = 0
                    if len(text.split()) > MAX_ROLE_WORDS:
                        continue  # its body counts, but a sentence is no role to show
                    if all(r.text.casefold() != text.casefold() for r in actor.roles):
                        actor.roles.append(LocalRole(text, start, start + len(sentence.text)))
                for evidence in (self._named_after, self._titled_apposition, self._group_member, self._clause_country):
                    if actor.affiliation is None:  # (actor 0 is an actor: no `or` between these)
                        actor.affiliation = evidence(last)
                if actor.affiliation is None:
                    actor.affiliation = self._party(first, last)
                if actor.affiliation is None:
                    actor.affiliation = self._principal_body(first)
                if actor.affiliation is None:  # "her campaign chairman X, communications director Y and …"
                    head = self._list_head(last)
                    actor.affiliation = self._principal_body(head) if head is not None else None
                if actor.affiliation is None and first.lower_ in self.known.title_bodies:  # "Pope Francis"
                    actor.affiliation = self._body(self.known.title_bodies[first.lower_], first)
        self._delegation_leaders()
        self._successors()
        for actor in self.actors:  # once every title has named its body: "her campaign chairman" above,
            if actor.type == "person" and actor.affiliation is None:  # and every leader has theirs
                actor.affiliation = self._own_body(actor)
            if actor.type == "person" and actor.affiliation is None:
                actor.affiliation = next((found for run in self._mention_token_runs(actor.index, tokens_of)
                                          if (found := self._subordinate_of(run[-1])) is not None), None)
            if actor.type == "person" and actor.affiliation is None:
                actor.affiliation = self._court_of(actor)

    def _role_tokens(self, tokens: list[Token], owner: int) -> list[Token]:
        """The words of a role as an analyst would write it, or none when it is no role. A
        headline's words before it go ("Readout of President" -> "President"), and so do a
        leading "the", "a", "now"; an honorific alone ("Mr.") is no role, nor a role naming
        someone else ("Minister of Defense Ivo Marek" as the foreign minister's)."""
        breaks = [k for k, t in enumerate(tokens) if t.lower_ in self.known.role_breakers]
        if breaks:
            tokens = tokens[breaks[-1] + 1:]
        while tokens and (tokens[0].lower_ in self.known.role_openers or tokens[0].is_punct):
            tokens = tokens[1:]
        words = [t.lower_.rstrip(".") for t in tokens if not t.is_punct]
        if not words or all(w in self.known.honorifics for w in words):
            return []
        for t in tokens:
            index = self.token_actor.get(t.i)
            if index is not None and index != owner and self.actors[index].type == "person" \
                    and not self._backs(t):  # (but "the Sanders-supporting party" holds an adjective)
                return []
        return tokens

    def _backs(self, token: Token) -> bool:
        """A name made an adjective by a participle: "Sanders-supporting", "Clinton-backing"."""
        doc = self.doc
        return token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and doc[token.i + 2].tag_ in ("VBG", "VBN")

    def _named_after(self, last: Token) -> int | None:
        """ "President Ashraf Ghani of Afghanistan": the country or body right after the name."""
        doc = self.doc
        if last.i + 2 < len(doc) and doc[last.i + 1].lower_ == "of":
            following = doc[last.i + 2]
            if following.lower_ == "the" and last.i + 3 < len(doc):
                following = doc[last.i + 3]
            index = self.token_actor.get(following.i)
            if index is not None and self.actors[index].type in ("country", "organization"):
                return index
        return None

    @staticmethod
    def _name_head(last: Token) -> Token:
        """The word a name's parse hangs on: from "Kevin" + "McCarthy" to the head of the name."""
        while last.dep_ in ("compound", "flat") and last.head.i != last.i:
            last = last.head
        return last

    def _surname(self, index: int) -> str:
        return display_name(self.actors[index].name).split()[-1]

    def _named_body(self, surname: str, word: str) -> int | None:
        """The body the article names after a person: "the Sanders campaign", "the Obama administration"."""
        return self.by_key.get(("organization", normalize(f"{surname} {word}")))

    def _possessor(self, token: Token) -> int | None:
        """The person a possessor stands for: a name ("Clinton's aides"), or "his"/"her", the person
        named last before it."""
        index = self.token_actor.get(token.i)
        if index is None and token.tag_ == "PRP$" and token.lower_ in GRAMMAR.person_possessives:
            index = self.latest(token.idx, {"person"})
        return index if index is not None and self.actors[index].type == "person" else None

    def _titled_apposition(self, last: Token) -> int | None:
        """ "the Russian foreign minister, Sergey Lavrov": the name stands in apposition to a title
        whose own words name the country or body."""
        head = self._name_head(last)
        if head.dep_ != "appos" or not self._is_title_word(head.head):
            return None
        title = head.head  # its words, and what follows "of": "The leader of the Anti-Defamation League, X"
        name = {t.i for t in head.subtree}
        return self._affiliation([t for t in title.subtree if t.i not in name])

    PARTY_LABEL = re.compile(r"\s*[(,]\s*([A-Z])(?:\s*[-–]\s*[A-Z][\w.]*\.?)?\s*[),]")

    def _group_member(self, last: Token) -> int | None:
        """A person named as one of a group: "Afghan leaders including former President Hamid
        Karzai", "the two leading Republicans, Donald Trump and Ted Cruz": the group's country,
        party or body."""
        node = self._name_head(last)
        group = None
        while node.dep_ == "conj" and node.head.i != node.i:
            head = node.head
            if head.tag_ in ("NNS", "NNPS") and head.i + 1 < len(self.doc) and self.doc[head.i + 1].text == ",":
                group = head  # "the two leading Republicans, Trump and Cruz" parsed as a list of three
                break
            node = head
        if group is None and node.dep_ == "pobj" and node.head.lower_ in GRAMMAR.example_prepositions:
            group = node.head.head  # "Afghan leaders including X"
        if group is None and node.dep_ == "appos":
            group = node.head
        if group is None or group.tag_ not in ("NNS", "NNPS"):
            return None  # a group of many, not one person's description
        for word in [group, *(c for c in group.children if c.dep_ in ("amod", "compound"))]:
            party = self.known.party_adjectives.get(word.lower_) or self.known.party_adjectives.get(word.lower_[:-1])
            if party:  # "Republicans", "Democratic lawmakers"
                return self.known_actor(party, word, kind="organization")
            index = self.token_actor.get(word.i)
            if index is not None and self.actors[index].type in ("country", "organization"):
                return index  # "Afghan leaders", "NATO officials"
        for owner in (c for c in group.children if c.dep_ == "poss"):  # "Clinton's top aides, including …":
            index = self.token_actor.get(owner.i)  # the campaign of the person the group belongs to, if named
            if index is not None and self.actors[index].type == "person":
                surname = self._surname(index)
                return next((body for word in self.known.person_bodies
                             if (body := self._named_body(surname, word)) is not None), None)
        return None

    def _clause_country(self, last: Token) -> int | None:
        """ "Derek Mitchell, who served as U.S. ambassador to Burma,": the country of a post a relative
        clause gives — a country only, as a past post tells a nationality but not an employer."""
        doc = self.doc
        if last.i + 3 >= len(doc) or doc[last.i + 1].text != "," or doc[last.i + 2].lower_ != "who":
            return None
        role = []
        for t in doc[last.i + 3:min(len(doc), last.i + 16)]:
            if t.text in (",", ";", ":") or t.lower_ in GRAMMAR.role_clause_ends:
                break
            role.append(t)
        verbs = [k for k, t in enumerate(role) if t.lemma_ in GRAMMAR.role_verbs]
        if not verbs:
            return None
        role = role[verbs[0] + 1:]
        role = role[1:] if role and role[0].lower_ == "as" else role
        if not role or not any(self._is_title_word(t) for t in role):
            return None
        for t in role:
            if self._word_before(t, role[0]) in GRAMMAR.post_prepositions:
                continue
            index = self.token_actor.get(t.i)
            if index is not None and self.actors[index].type == "country":
                return index
            canonical = self.known.country(t.text.rstrip("."))
            if canonical:
                return self.known_actor(canonical, t, names_it=False)
        return None

    def _successors(self) -> None:
        """ "X, Mexico's ambassador to Washington, will be replaced by Y", "Y succeeds X": the successor
        to a post acts for the body the one they follow acts for."""
        for verb in (t for t in self.doc if t.lemma_ in self.known.succession_verbs and t.pos_ == "VERB"):
            passive = any(c.dep_ == "auxpass" for c in verb.children)
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            other = next((o for c in verb.children if c.dep_ == ("agent" if passive else "dobj")
                          for o in ([c] if not passive else [x for x in c.children if x.dep_ == "pobj"])), None)
            if subject is None or other is None:
                continue
            old, new = (subject, other) if passive else (other, subject)
            before, after = self.token_actor.get(old.i), self.token_actor.get(new.i)
            if before is None or after is None or before == after:
                continue
            if self.actors[before].type == self.actors[after].type == "person" and self.actors[after].affiliation is None:
                self.actors[after].affiliation = self.actors[before].affiliation

    def _court_of(self, judge: LocalActor) -> int | None:
        """ "Justice Antonin Scalia" in an article that names one court ("the Supreme Court"): that court."""
        if not any(role.text.casefold() in self.known.court_titles for role in judge.roles):
            return None
        courts = [a.index for a in self.actors if a.type == "organization" and a.name.split()[-1] == "Court"]
        return courts[0] if len(courts) == 1 else None

    def _subordinate_of(self, last: Token) -> int | None:
        """ "his two deputies, Majority Leader Kevin McCarthy and Whip Steve Scalise": people named as
        someone's deputies, aides or advisers act for the body that person acts for."""
        node = self._name_head(last)
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        group = node.head if node.dep_ == "appos" else None
        if group is None or group.lemma_ not in self.known.subordinate_nouns:
            return None
        owner = next((c for c in group.children if c.dep_ == "poss"), None)
        index = self._possessor(owner) if owner is not None else None
        return self.actors[index].affiliation if index is not None else None

    def _list_head(self, last: Token) -> Token | None:
        """The first word of the first name in a list a name is a later member of."""
        node = self._name_head(last)
        if node.dep_ != "conj":
            return None
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        index = self.token_actor.get(node.i)
        if index is None or self.actors[index].type != "person":
            return None
        start = node.i
        while start - 1 >= 0 and self.token_actor.get(start - 1) == index:
            start -= 1
        return self.doc[start]

    def _principal_body(self, first: Token) -> int | None:
        """ "Clinton spokesman Brian Fallon", "her campaign chairman John Podesta": the campaign of the
        person whose title it is — the one the article names, or the one the title itself names."""
        role = self._prefix_role(first)
        if not role:
            return None
        before = self.doc[role[0].i - 1] if role[0].i > first.sent.start else None
        principal = self._possessor(before) if before is not None else None  # "Clinton", "her"
        if role[0].text[:1].isupper() and not self._is_title_word(role[0]) and self.is_surname(role[0].text):
            surname = role[0].text  # the name the model left in the title: "Clinton spokesman"
        elif principal is not None:
            surname = self._surname(principal)
        else:
            return None
        in_title = [w for w in self.known.person_bodies if any(t.lower_ == w for t in role)]
        for word in in_title + [w for w in self.known.person_bodies if w not in in_title]:
            body = self._named_body(surname, word)
            if body is not None:
                return body
            if word in in_title:  # the title names the body: "her campaign chairman", whatever else is named
                return self.known_actor(f"{surname} {word}", role[0], kind="organization", names_it=False)
        return None

    def publisher_speaks_through(self, source: str | None) -> None:
        """An institution's own release names its spokesperson bare ("Spokesperson Ned Price" on the
        State Department's page): they speak for the publisher."""
        body = self.known.organization(source) if source else None
        if body is None:
            return
        for actor in self.actors:
            if actor.type == "person" and actor.affiliation is None \
                    and any(role.text.casefold() in self.known.spokesperson_roles for role in actor.roles):
                first = min(i for i, index in self.token_actor.items() if index == actor.index)
                actor.affiliation = self.known_actor(body, self.doc[first], kind="organization", names_it=False)

    def _delegation_leaders(self) -> None:
        """ "Sherwood-Randall led a US delegation", "West led a delegation including representatives
        from the Department of State": the leader acts for the country the delegation comes from."""
        for noun in (t for t in self.doc if t.lower_ in self.known.delegation_nouns):
            verb = noun.head
            if noun.dep_ != "dobj" or verb.lemma_ not in self.known.leading_verbs:
                continue
            country = self._delegation_country(noun)
            if country is None:
                continue
            for leader in self._leaders(verb):
                if self.actors[leader].affiliation is None:
                    self.actors[leader].affiliation = country

    def _leaders(self, verb: Token) -> list[int]:
        """The people who lead: the subject's (a title's: "the Assistant ..., Dr. Doe,"), or where the
        model found no subject, the person named last before the verb in its clause."""
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects:
            for t in reversed(self.doc[verb.sent.start:verb.i]):
                index = self.token_actor.get(t.i)
                if index is not None and self.actors[index].type == "person":
                    return [index]
                if t.pos_ in ("VERB", "AUX"):
                    break
            return []
        leaders = []
        for name in (s for subject in subjects for s in (subject, *subject.conjuncts)):
            people = [i for t in name.subtree if (i := self.token_actor.get(t.i)) is not None
                      and self.actors[i].type == "person"]
            leaders += people[:1]
        return leaders

    def _delegation_country(self, noun: Token) -> int | None:
        """The country a delegation comes from: named on it ("a US delegation") or the country of the
        first body its members come from ("including representatives from the Department of State")."""
        for t in noun.subtree:
            index = self.token_actor.get(t.i)
            if index is None or self.actors[index].type == "person":
                continue
            country = self.country_of(index)
            if country is not None:
                return self.known_actor(country, t, names_it=False)
        return None

    def country_of(self, index: int) -> str | None:
        """The country an actor is, is a body of ("United States Department of State"), or acts for."""
        actor = self.actors[index]
        if actor.type == "country":
            return actor.name
        if actor.type == "organization":
            words = actor.name.split()
            return next((c for n in (3, 2, 1) if (c := self.known.country(" ".join(words[:n])))), None)
        return self.country_of(actor.affiliation) if actor.affiliation is not None else None

    def _own_body(self, person: LocalActor) -> int | None:
        """The body named after a person ("the Hillary Clinton campaign", or "the Clinton campaign"
        when the article names one Clinton) is the body they act through."""
        surname = self._surname(person.index)
        for word in (w for w in self.known.person_bodies if w not in self.known.generic_org_words):
            index = self._named_body(surname, word)  # (not "the Obama administration": its leader acts for the state)
            if index is None:
                continue
            if self.is_surname(surname) or any(person.name in m.text for m in self.actors[index].mentions):
                return index
        return None

    def _party(self, first: Token, last: Token) -> int | None:
        """A party label after the name ("Sen. Jane Doe (D-Ohio)", "Rep. John Roe, R-Texas,") or a
        party adjective before it ("Republican Paul Ryan", "Democratic Sen. Jane Doe")."""
        label = self.PARTY_LABEL.match(doc_text(self.doc), last.idx + len(last.text))
        if label and label.group(1) in self.known.party_labels:
            span = self.doc.char_span(label.start(1), label.end(1), alignment_mode="expand")
            if span is not None:
                return self.known_actor(self.known.party_labels[label.group(1)], span[0], "organization")
        i = first.i - 1  # back over the title and its lowercase words: "Democratic presidential nominee X"
        while i >= max(first.sent.start, first.i - 4) and (self._is_title_word(self.doc[i]) or (
                self.doc[i].is_lower and self.doc[i].pos_ in ("ADJ", "NOUN"))):
            i -= 1
        if i >= first.sent.start and self.doc[i].lower_ in self.known.party_adjectives:
            return self.known_actor(self.known.party_adjectives[self.doc[i].lower_], self.doc[i], "organization")
        return None

    def _mention_token_runs(self, index: int, tokens_of: dict[int, list[int]]) -> list[list[Token]]:
        runs, current = [], []
        for i in tokens_of.get(index, []):
            if current and i != current[-1].i + 1:
                runs.append(current)
                current = []
            current.append(self.doc[i])
        if current:
            runs.append(current)
        return runs

    def _is_title_word(self, token: Token) -> bool:
        return token.lower_ in self.known.titles or token.lower_ in self.known.title_modifiers

    def _prefix_role(self, first: Token) -> list[Token]:
        tokens: list[Token] = []
        i = first.i - 1
        sentence_start = first.sent.start
        while i >= sentence_start:
            t = self.doc[i]
            if t.i in self.token_actor and self.actors[self.token_actor[t.i]].type == "person":
                break
            possessive = t.tag_ == "POS" and tokens and i > sentence_start and self.doc[i - 1].text[:1].isupper()
            modifier = tokens and t.is_lower and t.pos_ in ("ADJ", "NOUN") and self._is_title_word(tokens[0])
            if self._is_title_word(t) or (t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ", "NOUN")) \
                    or (t.lower_ in GRAMMAR.title_joiners and tokens) or possessive or modifier:
                # "Uzbekistan's President", "White House press secretary"
                tokens.insert(0, t)
                i -= 1
                continue
            break
        while tokens and tokens[0].lower_ in GRAMMAR.title_joiners:
            tokens.pop(0)
        if any(t.lower_ in self.known.titles for t in tokens):
            return tokens
        return []

    def _apposition_role(self, last: Token) -> list[Token]:
        doc = self.doc
        i = last.i + 1
        if i >= len(doc) or doc[i].text != ",":
            return []
        tokens = []
        j = i + 1
        while j < len(doc) and j < i + 24 and doc[j].text not in (",", ".", ";", ":", "“", "\"", "(") and "\n" not in doc[j].text:
            if doc[j].lower_ in GRAMMAR.relative_pronouns:
                break  # "a fellow at the Council who ran the Agency": the role ends with the clause
            if doc[j].pos_ in ("VERB", "AUX") and doc[j].dep_ not in ("amod", "compound"):  # "governing body" stays
                return []
            tokens.append(doc[j])
            j += 1
        else:
            if j == i + 24:
                return []  # no end in sight: a sentence, not a role
            if j + 1 < len(doc) and doc[j].text == ",":  # "president of soccer's world governing body, FIFA,"
                first = j + 2 if doc[j + 1].lower_ == "the" else j + 1
                body = self.token_actor.get(first)
                run = [t for t in doc[first:first + 6] if self.token_actor.get(t.i) == body]
                after = doc[run[-1].i + 1] if run and run[-1].i + 1 < len(doc) else None
                if body is not None and self.actors[body].type == "organization" \
                        and (after is None or after.text in (",", ".", ";") or after.lower_ in GRAMMAR.wh_relatives):
                    tokens += [doc[j], *run]
        if not tokens or not any(t.lower_ in self.known.titles for t in tokens):
            return []
        if tokens[0].i in self.token_actor and self.actors[self.token_actor[tokens[0].i]].type == "person":
            return []
        return tokens

    def _affiliation(self, role_tokens: list[Token]) -> int | None:
        """The country or body a role names: "Russian President", "Uzbekistan's foreign minister",
        "a professor at the Asia-Pacific Center", "spokesman for the campaign". A country after
        "for", "to", "on", "in" or "at" is the post, not the employer ("envoy for Afghanistan",
        "ambassador to the U.S.")."""
        posted = any(t.lower_ in self.known.posted_titles for t in role_tokens)
        running = any(t.lower_ in self.known.candidacy_words for t in role_tokens)
        for t in role_tokens:  # a body first: "the Washington director for MoveOn.org" works for MoveOn.org
            index = self.token_actor.get(t.i)
            if index is None or self.actors[index].type != "organization" or self._backs(t):
                continue  # (not "the Sanders-supporting Working Families Party": a body it backs)
            if posted and self._word_before(t, role_tokens[0]) == "to":
                continue  # "ambassador to the United Nations"
            if running and self.actors[index].name in self.known.seats.values():
                continue  # "Wisconsin Senate candidate"
            return index
        for t in role_tokens:
            post = self._word_before(t, role_tokens[0]) in GRAMMAR.post_prepositions
            index = self.token_actor.get(t.i)
            if index is not None and self.actors[index].type == "country" and not post:
                return index
            canonical = self.known.country(t.text)
            if canonical and not post:
                return self.known_actor(canonical, t)
        words = " ".join(t.text for t in role_tokens if not t.is_punct).casefold()
        body = next((b for title, b in self.known.title_bodies.items() if words == title or words.endswith(" " + title)),
                    None) or self._seat(role_tokens)
        if body:
            return self._body(body, role_tokens[-1])
        if any(t.text == "administration" and t.i > 0 and self.doc[t.i - 1].is_lower for t in role_tokens):
            # "a former adviser on Syria in the administration": the one administration the article names
            named = {a.index for a in self.actors for m in a.mentions if a.type in ("organization", "country")
                     and m.text.endswith(" administration") and m.text[:1].isupper()}
            return named.pop() if len(named) == 1 else None
        return None

    def _body(self, canonical: str, token: Token) -> int:
        """The actor of the body or state a title belongs to, which the title only points at."""
        kind = "country" if self.known.country(canonical) else "organization"
        return self.known_actor(canonical, token, kind=kind, names_it=False)

    def _word_before(self, token: Token, first: Token) -> str | None:
        """The word before the name a token is part of, past "the": "to" for "United" and "Nations" in
        "ambassador to the United Nations"; None at the role's first word."""
        index = self.token_actor.get(token.i)
        i = token.i - 1
        while i >= first.i and ((index is not None and self.token_actor.get(i) == index) or self.doc[i].lower_ == "the"):
            i -= 1
        return self.doc[i].lower_ if i >= first.i else None

    def _seat(self, role_tokens: list[Token]) -> str | None:
        """"Ohio Rep.", "New York Sen.": the legislature a state named before the title seats its holder in."""
        for k in range(1, len(role_tokens)):
            for start in (k - 1, k - 2):
                state = " ".join(t.text for t in role_tokens[max(start, 0):k]).casefold()
                if (state, role_tokens[k].lower_) in self.known.seats:
                    return self.known.seats[(state, role_tokens[k].lower_)]
        return None
