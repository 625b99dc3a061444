"""A speaker phrase as an actor: a name, a pronoun, a title, a statement's author."""
from __future__ import annotations

from spacy.tokens import Token

from ...knowledge import grammar

from ..actors import proper_name_run

GRAMMAR = grammar()  # English function words (generator/data/grammar.yml)


class SpeakerResolution:
    """From a reporting verb's subject to an actor (a part of QuoteFinder)."""

    def speaker_of(self, verb: Token, before: int) -> int | None:
        """Who the reporting verb (or "according to") attributes the words to."""
        if verb.lower_ == self.known.speech.according_to:
            for to in verb.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return self.resolve_noun(obj, before)
            return None
        node = verb
        for _ in range(4):
            agent = next((o for c in node.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
            if node is verb and agent is not None and not self._inside(agent):
                return self.speaker_noun(agent, before)  # "Rubio was asked by moderator Gerard Baker whether …"
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass") and not self._inside(c)] or \
                [c for c in node.children if c.i < node.i and c.dep_ in ("compound", "dep") and c.pos_ == "PROPN"
                 and not c.ent_type_]  # the model sometimes hangs the subject on the verb: "Trump joked"
            if node is not verb and not self._is_quote_verb(node):  # "X said it was far too soon but added, “…”"
                subjects = [s for s in subjects if s.lower_ not in GRAMMAR.dummy_subjects]
            if subjects and subjects[0].lower_ in GRAMMAR.relative_pronouns and node.dep_ == "relcl":
                return self.resolve_noun(node.head, before)  # "Marek, who confirmed that ..."
            if subjects:  # (two subjects when the model hangs the quoted clause's on the verb too)
                # "…, said X" first, then the nearest: a dateline the model takes for a second subject
                # ("Geneva (AFP) – Senator Jane Doe has said") stands further off
                for subject in sorted(subjects, key=lambda t: (t.i < verb.i, abs(t.i - verb.i))):
                    found = self.speaker_noun(subject, before)
                    if found is not None:
                        return found
                if any(t.pos_ in ("PRON", "PROPN") or self._title_of(t) for t in subjects):
                    return None
            if node.dep_ == "relcl":
                return self.resolve_noun(node.head, before)
            if node.dep_ == "xcomp" and node.head.lemma_ in self.known.prompting_verbs:
                controller = next((c for c in node.head.children if c.dep_ == "dobj"), None)
                if controller is not None:  # "That prompted Rubio to make a joke and call Trump “very flexible”"
                    return self.speaker_noun(controller, before)
            if node.dep_ == "acl" and node.head.lemma_ in self.known.speech_nouns \
                    and node.head.dep_ == "dobj":  # "Trump issued a statement saying that …": its issuer
                node = node.head.head
                continue
            reported = node.head  # (a clause that reports nothing itself, under a report outside any quote)
            if node.dep_ == "advcl" and reported.dep_ == "ccomp" and not self._is_quote_verb(reported) \
                    and self._is_quote_verb(reported.head) and not self._inside(reported.head):
                node = node.head.head  # "told Newsmax that Romney “had …,” adding, “…”": the teller adds
                continue
            if node.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp", "prep", "acl", "dep") and node.head.i != node.i:
                node = node.head
                continue
            break
        for child in verb.children:  # "…," said Ivo Marek (parsed as an object); "Continued Stone:"
            if child.dep_ in ("dobj", "attr", "npadvmod", "oprd") and child.i > verb.i \
                    and verb.lemma_ not in self.known.target_verbs:  # (not "Skelly called Braynard “a smart guy”")
                found = self.resolve_noun(child, before, pronouns=False)
                if found is None and child.i == verb.i + 1 and verb.i + 2 < len(self.doc) \
                        and self.doc[verb.i + 2].text.startswith((":", ",")):
                    found = self.speaker_noun(child, before)
                if found is not None and self.actors.actors[found].type == "person":
                    return found
        if verb.tag_ == "VBG" and verb.i == verb.sent.start and not any(c.dep_ in ("nsubj", "nsubjpass")
                                                                       for c in verb.children):
            return self._subject_before(verb.idx - self.offset, 0)  # "X stated that … . Adding, “…”"
        if verb.dep_ == "ROOT" and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
            left = verb.i - 1  # the model lost the subject: "In a statement, her adviser, Jane Doe, said:"
            while left > verb.sent.start and self.doc[left].is_punct:
                left -= 1
            if (self.doc[left].pos_ in ("PROPN", "NOUN") or self.doc[left].text[:1].isupper()) \
                    and not self._inside(self.doc[left]) \
                    and not self._is_object(self.doc[left]):  # (not "… wanted to hire 300 Canadians, said")
                found = self.speaker_noun(self._phrase_head(self.doc[left], verb.i), before)
                if found is not None:
                    return found
            opening = verb.sent[0]  # "Sanders, meanwhile, who sits at zero such endorsements, said ...":
            while opening.i + 1 < verb.i and self.doc[opening.i + 1].pos_ == "PROPN":  # the person the
                opening = self.doc[opening.i + 1]  # sentence opens with, set off by a comma
            if opening.i + 1 < verb.i and self.doc[opening.i + 1].text == "," and opening.text[:1].isupper():
                index = self.speaker_noun(opening, before)
                if index is not None and self.actors.actors[index].type == "person":
                    return index
        if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
            return self._person_right_before(verb)
        return None

    def _person_right_before(self, verb: Token) -> int | None:
        """A person named right before a verb the parse gave no subject, a party label between:
        "…, Speaker Jane Doe (R-Ohio) said “…”"."""
        left = verb.i - 1
        if left >= 0 and self.doc[left].text == ")":
            while left > 0 and self.doc[left].text != "(" and verb.i - left < 12:
                left -= 1
            left -= 1
        if left < 0 or self.doc[left].pos_ != "PROPN" or self._inside(self.doc[left]):
            return None
        found = self.actors.actor_of(self.doc[left])
        return found if found is not None and self.actors.actors[found].type == "person" else None

    @staticmethod
    def _is_object(token: Token) -> bool:
        """Whether a word is (in) the object of some verb, so no speaker (a preposition's object may be
        a name the parse misplaced: "Near the end of the show, host Jane Doe remarked …")."""
        while token.dep_ in ("compound", "amod", "nummod", "flat", "conj") and token.head.i != token.i:
            token = token.head
        return token.dep_ in ("dobj", "dative")

    def speaker_noun(self, token: Token, before: int) -> int | None:
        """The actor a speaker phrase stands for; a name the model missed there is a person."""
        found = self.resolve_noun(token, before)
        if found is None and not self._inside(token):
            span = proper_name_run(token, self.known)
            if span is None and self.actors.is_surname(token.text):  # "Waters tweeted" opening a sentence
                span = self.doc[token.i:token.i + 1]
            if span is not None:
                return self.actors.person_named(span)
        return found

    def resolve_noun(self, token: Token, before: int, pronouns: bool = True) -> int | None:
        """The actor a subject noun stands for: a name, a pronoun, a title or a group."""
        direct = self.actors.actor_of(token)
        if direct is not None:
            return direct
        lower = token.lower_
        if pronouns and lower in GRAMMAR.person_pronouns:
            subject = self._latest_subject(token, before)  # actor 0 is an actor: no `or`
            return subject if subject is not None else self._latest(before, {"person"})
        if pronouns and lower in GRAMMAR.group_pronouns:
            return self._latest(before, {"organization", "country"}) if lower != "we" else None
        # the noun's own modifiers name it ("Taliban spokesman", "newspaper Haaretz"); what follows
        # a preposition does not ("his meeting with Sanders" is no Sanders)
        named = [t for t in token.subtree if not self._inside(t) and t.i != token.i
                 and all(a.dep_ in ("compound", "amod", "poss", "appos", "nmod", "flat") or a.i == token.i
                         for a in self._path_to(t, token))]
        # a possessor ranks last: "Clinton's introducer, actress Jamie Lee Curtis" is Curtis
        owned = {t.i for t in named if any(a.dep_ == "poss" for a in self._path_to(t, token))}
        found = [(t.i in owned, self.actors.actor_of(t)) for t in named if self.actors.actor_of(t) is not None]
        rank = {"person": 0, "organization": 1, "country": 2}
        people = [i for _, i in sorted(found, key=lambda f: (rank[self.actors.actors[f[1]].type], f[0]))]
        if people and self.actors.actors[people[0]].type == "person":
            return people[0]
        if token.lemma_ in self.known.speech_nouns:  # "an email sent by Sanders", "a statement from X's office",
            authors = [t for t in token.subtree if t.dep_ in ("pobj", "poss") and not self._inside(t)  # "X released
                       and (t.dep_ == "poss" or t.head.lower_ in GRAMMAR.author_prepositions)  # a video that said"
                       and t.lemma_ not in self.known.speech_nouns]
            if token.dep_ == "dobj" and token.head.pos_ == "VERB":
                authors += [c for c in token.head.children if c.dep_ == "nsubj" and not self._inside(c)]
            for author in authors:
                found = self.resolve_noun(author, before, pronouns)
                if found is not None:
                    return found
        if self.known.is_title(token.text):  # "Speaker of the House Rep. Paul Ryan" parsed as "of ... Ryan"
            of_names = [self.actors.actor_of(t) for p in token.children if p.lower_ == "of" for t in p.subtree
                        if self.actors.actor_of(t) is not None and self.actors.actors[self.actors.actor_of(t)].type == "person"]
            if of_names:
                return of_names[-1]
        unnamed = token.tag_ == "NNS" or any(c.dep_ in ("det", "nummod") and c.lower_ in GRAMMAR.unnamed_determiners
                                             for c in token.children)
        title = None if unnamed else self._title_of(token)  # "a State Department official" is nobody we know
        last = token.right_edge  # "Vice President for news and talk Jane Doe called …" (not "spokesman for Jane Doe")
        if title and last.i > token.i and last.dep_ != "pobj" and not self._inside(last):
            named_last = self.actors.actor_of(last)
            if named_last is not None and self.actors.actors[named_last].type == "person":
                return named_last
        if title:  # "the spokesman said": the person named with that title, else the one the text is about
            found = self._person_with_title(title, before)
            if found is None and pronouns and token.pos_ == "NOUN":
                found = self._latest_subject(token, before)
            if found is None and pronouns and any(c.lower_ == "the" for c in token.children):
                found = self._protagonist(before)  # "the 71-year-old diplomat said"
            if found is not None:
                return found
        if people:
            return people[0]
        return None

    @staticmethod
    def _path_to(token: Token, ancestor: Token) -> list[Token]:
        """The tokens from `token` up to (not including) `ancestor`."""
        path = []
        while token.i != ancestor.i and token.head.i != token.i:
            path.append(token)
            token = token.head
        return path

    def _title_of(self, token: Token) -> str | None:
        words = [t.lower_ for t in token.subtree if t.i <= token.i][-3:]
        for width in (3, 2, 1):
            phrase = " ".join(words[-width:])
            if phrase in self.known.titles:
                return self.known.title_synonyms.get(phrase, phrase)
        return None

    def _person_with_title(self, title: str, before: int) -> int | None:
        """The person most recently named with this title ("the spokesman" -> the spokesman named before)."""
        best, best_at = None, -1
        for actor in self.actors.actors:
            if actor.type != "person":
                continue
            titled = any(title in self._synonyms(r.text) for r in actor.roles)
            for mention in actor.mentions:
                at = mention.start + (self.offset if mention.field == "body" else 0)
                if at >= before:
                    continue
                context = self._synonyms(self.text[max(0, at - 40):at]).rstrip()
                in_name = title in self._synonyms(mention.text).split()
                if (titled or in_name or context.endswith(title)) and at > best_at:
                    best, best_at = actor.index, at
        return best

    def _synonyms(self, text: str) -> str:
        text = text.lower()
        for word, canonical in self.known.title_synonyms.items():
            text = text.replace(word, canonical)
        return text

    def _latest_subject(self, pronoun: Token, before: int) -> int | None:
        """The person a pronoun refers to: the last person who was a subject in the
        text before, or a speaker of an earlier quote; persons only named in passing lose."""
        start = self.doc[max(0, pronoun.sent.start - 1)].sent.start if pronoun.sent.start > 0 else 0
        start = self.doc[max(0, start - 1)].sent.start if start > 0 else 0
        best, best_rank = None, (-1, -1)
        for token in self.doc[start:pronoun.i]:
            index = self.actors.actor_of(token)
            if token.tag_ == "WP" and token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "relcl":
                index = self.actors.actor_of(token.head.head)  # "Suu Kyi, who had breakfast with Biden": Suu Kyi
                if index is not None and self.actors.actors[index].type == "person" and not self._inside(token):
                    best, best_rank = max((best, best_rank), (index, (0, token.idx)), key=lambda b: b[1])
                continue
            if index is None or self.actors.actors[index].type != "person" or self._inside(token):
                continue
            head = token
            while head.dep_ in ("compound", "flat", "appos", "conj") and head.head.i != head.i:
                head = head.head
            if head.dep_ in ("nsubj", "nsubjpass"):
                speaking = head.head.lemma_ in self.reporting  # "Whitcombe also said that the mayor ..."
                rank = (int(speaking), token.idx)
                if rank > best_rank:
                    best, best_rank = index, rank
        return best

    def _protagonist(self, before: int) -> int | None:
        """The person named most often before a doc offset (the latest of a tie): who a
        definite description ("the diplomat") stands for when no one was named with its title."""
        counts = {}
        for actor in self.actors.actors:
            if actor.type != "person":
                continue
            at = [m.start + (self.offset if m.field == "body" else 0) for m in actor.mentions]
            at = [a for a in at if a < before]
            if at:
                counts[actor.index] = (len(at), max(at))
        return max(counts, key=counts.get) if counts else None

    def _latest(self, before: int, types: set[str]) -> int | None:
        return self.actors.latest(before, types)
