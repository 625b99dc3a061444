"""The words that mark a meeting: verbs and nouns from `data/meetings.yml`, with the checks
that keep "met the deadline", "a state dinner", "spoke to reporters" or "a news conference" out.
"""
from __future__ import annotations

from spacy.tokens import Token

from ...knowledge import grammar, normalize

GRAMMAR = grammar()  # English function words (generator/data/grammar.yml)


class MeetingWords:
    """Part of EventFinder: which tokens are meetings, and the "two sides" or bloc a gathering names."""

    def _trigger(self, token: Token) -> str | None:
        if token.pos_ == "VERB" and token.lemma_ in self.known.meetings.gathering_verbs:
            transitive = any(c.dep_ == "dobj" for c in token.children)  # "the senator convened top surrogates"
            return "meeting" if transitive or self._blocs(token) is not None else None
        if token.pos_ == "VERB" and token.lemma_ in self.verb_type:
            both = self._both_sides(token)  # "the two men talked", "both sides will meet"
            if token.lemma_ in self.known.meetings.need_partner and not both and not any(
                    self._actor(t, token) is not None for t in self._with_conjuncts(self._partner_preps(token))):
                return None  # "X and Y spoke" is two speeches as often as one talk; "spoke to reporters" none
            subjects = self._subjects(token)  # "X and Y (agreed to) meet", "X invited Y to meet"
            together = both or len(subjects) > 1 or any(s.conjuncts for s in subjects)
            if token.lemma_ in self.known.meetings.need_object and not together:
                partners = [c for c in token.children if c.dep_ == "dobj"]
                if token.lemma_ not in self.known.meetings.object_only:
                    partners += self._partner_preps(token)
                if not any(self._actor(t, token) is not None for t in self._with_conjuncts(partners)):
                    return None  # "met the deadline", "received support from X"
            return self.verb_type[token.lemma_]
        if token.pos_ in ("NOUN", "PROPN") and self._meeting_noun(token):
            if token.lower_ in self.known.meetings.named_only and not token.is_title:
                return None  # "a dynamic dialogue" is a relationship; "the Strategic Dialogue" a meeting
            if token.lower_ in self.known.meetings.need_partner_nouns and not self._partner_preps(token) \
                    and not (token.dep_ == "dobj" and self._partner_preps(token.head)):
                return None  # "had breakfast with X" is a meeting; "a state dinner" alone is not
            return self.noun_type[token.lower_]
        return None

    def _meeting_noun(self, token: Token) -> bool:
        """A noun for a meeting, but not a "news conference" or "press conference" (an audience of reporters)."""
        return token.lower_ in self.noun_type and not (
            token.i > 0 and self.doc[token.i - 1].lower_ in self.known.meetings.not_meeting_modifiers)

    def _both_sides(self, trigger: Token) -> bool:
        """"The two delegations agreed to meet", "both sides discussed"."""
        verb = trigger if trigger.pos_ == "VERB" else trigger.head
        for subject in self._subjects(verb):
            if subject.lower_ in self.known.meetings.pair_nouns and any(
                    c.lower_ in GRAMMAR.pair_words for c in subject.children):
                return True
        return False

    def _blocs(self, trigger: Token) -> list[int] | None:
        """The bodies a gathering brings together ("European leaders gathered" -> the EU; "a summit of
        27 leaders" -> none named), or None when the trigger is not a gathering of many."""
        words = self.known.meetings
        collective = set(words.collective_nouns)
        if trigger.pos_ == "VERB":
            members = [s for s in self._subjects(trigger) if s.lower_ in collective]
        else:
            members = [o for p in trigger.children if p.dep_ == "prep" and p.lower_ == "of"
                       for o in p.children if o.dep_ == "pobj" and o.lower_ in collective]
            if trigger.head.lower_ in collective and trigger.dep_ == "compound":
                members.append(trigger.head)  # "summit leaders"
            if not members and trigger.lower_ in words.gathering_nouns:
                modifiers = [c for c in trigger.children if c.dep_ in ("compound", "amod", "nmod")]
                bodies = [self.actors.actor_of(c) for c in modifiers]
                bodies = [b for b in bodies if b is not None and self.actors.actors[b].type == "organization"]
                return bodies or None  # "an EU summit"
        if not members:
            return None
        blocs = []
        for member in members:
            for modifier in member.children:
                if modifier.dep_ not in ("amod", "compound", "nmod", "poss"):
                    continue
                index = self.actors.actor_of(modifier)
                bloc = self.known.bloc_adjectives.get(normalize(modifier.text))
                if index is None and bloc:
                    index = self.actors.known_actor(bloc, modifier, kind="organization")
                if index is not None and self.actors.actors[index].type == "organization":
                    blocs.append(index)
        return blocs


def told_again(trigger: Token) -> bool:
    """A meeting noun the reader already knows of: "the talks", "Friday's meeting", not "a meeting"."""
    return any(c.dep_ in ("det", "poss") and c.lower_ not in GRAMMAR.indefinite_articles for c in trigger.children)
