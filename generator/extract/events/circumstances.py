"""When, where and whether: a meeting's date from its own or a governing clause, its place from
"in"/"at" phrases, the place visited or the clause above, and its status (held, planned,
cancelled, or none for habitual, hypothetical, refused and negated meetings) from the words that
govern it.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ...knowledge import grammar, normalize
from ... import dates

GRAMMAR = grammar()  # English function words (generator/data/grammar.yml)


class Circumstances:
    """Part of EventFinder: the date, place, status and tense of one meeting mention."""

    def _status(self, trigger: Token) -> str | None:
        """held, planned, cancelled; None for habitual, hypothetical or negated meetings."""
        words = self.known.meetings
        chain, parallel = [trigger], set()
        node = trigger
        for _ in range(5):
            if node.head.i == node.i or node.dep_ == "pobj" and node.head.lower_ in words.time_preps:
                break  # "After her meeting with Obama, the White House announced ...": not what was announced
            if node.dep_ == "conj":
                parallel.add(node.head.i)  # "thanked them for inviting us and receiving us": not an invitation
            node = node.head
            chain.append(node)
        if any(t.lower_ in words.aim_nouns and t.pos_ == "NOUN" for t in chain[1:5]):
            return None  # "an effort to return to talks"
        if any(t.lemma_ in words.refusal_verbs for t in chain[1:4]):
            return None  # "the Taliban refuse to negotiate with the government"
        for token in chain[:3]:
            children = list(token.children)
            if any(c.dep_ == "neg" for c in children):
                return None
            if any(c.lower_ in words.habitual_words for c in children):
                return None
            auxes = [c.lower_ for c in children if c.dep_ in ("aux", "auxpass")]
            if "would" in auxes and "have" in auxes:
                return None
        for token in chain[:4]:
            lemma = token.lemma_
            phrase = f"{token.lower_} {next((c.lower_ for c in token.children if c.dep_ == 'prt'), '')}".strip()
            if self.status_verbs.get(lemma) == "cancelled" and token.i not in parallel or phrase in words.cancel_phrases or lemma == "cancellation":
                return "cancelled"
        for token in chain[:4]:
            if self.status_verbs.get(token.lemma_) == "planned" and token.i not in parallel:
                return "planned"
            auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
            if auxes & GRAMMAR.future_auxiliaries or ("going" in auxes):
                return "planned"
            if token.tag_ in ("VBD", "VBZ", "VBP", "MD") and token is not trigger:
                break  # a finite verb ends the clause that governs the meeting
        infinitive = trigger.head
        if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ == "dobj" and infinitive.tag_ == "VB" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in infinitive.children) \
                and self.status_verbs.get(infinitive.lemma_) != "held":
            return "planned"  # "called on the government to block Trump's visit", "came to prepare the visit"
        if any(c.lower_ in words.future_words for c in trigger.children) \
                or any(self._still_ahead(c) for token in chain[:3] for c in token.children):
            return "planned"
        when = self._date_phrase(trigger, trigger.sent)
        if when is not None and trigger.tag_ == "VBG" and any(
                c.dep_ == "aux" and c.lower_ in GRAMMAR.present_be for c in trigger.children):
            return "planned"  # "he is meeting with Clinton on Tuesday night": arranged, still to come
        if when is not None and any(t.lower_ in words.future_words for t in when) \
                and not when.text.lower().startswith("the next"):  # "met again the next day": a story's past
            return "planned"  # "to continue negotiating over the coming days"
        return "held"

    @staticmethod
    def _still_ahead(token: Token) -> bool:
        """"a full day ahead of us, including a summit", "the talks ahead": still to come; not
        "talks ahead of the summit", which dates them by another event."""
        if token.lower_ != "ahead" or token.dep_ != "advmod":
            return False
        objects = [o for p in token.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
        return all(o.pos_ == "PRON" for o in objects)

    @staticmethod
    def _told_in_past(verb: Token) -> bool:
        """Whether the finite verb a meeting hangs on is past: "met", "had met", "had a chance to visit"."""
        node = verb
        for _ in range(3):
            if node.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(c.dep_ == "aux" and c.tag_ in ("VBD", "VBZ", "VBP", "MD")
                                                               for c in node.children):
                break
            if node.dep_ not in ("xcomp", "acl", "dobj") or node.head.i == node.i:
                break
            node = node.head  # "had a chance to visit": up through "chance" to "had"
        return node.tag_ == "VBD" or any(c.dep_ == "aux" and c.tag_ == "VBD" for c in node.children)

    def _date(self, trigger: Token, sentence: Span, prefer: str) -> str | None:
        phrase = self._date_phrase(trigger, sentence)
        if phrase is None:
            return None
        text = phrase.text
        if phrase.end < len(self.doc) and self.doc[phrase.end].lower_ == "ahead":
            text += " ahead"  # "a full day ahead (of us)": today
        return dates.resolve(text, self.article_date, prefer)

    def _date_phrase(self, trigger: Token, sentence: Span) -> Span | None:
        """The date told in the meeting's own clause ("met on Tuesday", "Thursday's meeting"),
        else in a clause that governs it ("On Monday, after days of talks, the two met"); never
        one from a clause of its own ("who surprised him last week") or the date of the saying
        ("officials said Wednesday that ... will meet")."""
        governing = [trigger]
        while governing[-1].head.i != governing[-1].i:
            governing.append(governing[-1].head)
        clauses = [t for t in governing if t.i == trigger.i or t.pos_ in ("VERB", "AUX")]
        ranked = []
        for ent in sentence.ents:
            if ent.label_ != "DATE" or trigger.i in range(ent.start, ent.end):
                continue
            clause = self._clause_of(ent.root, trigger)
            if clause not in clauses or clause.i != trigger.i and clause.lemma_ in self.known.reporting_verbs:
                continue
            ranked.append((clauses.index(clause), abs(ent.start - trigger.i), ent))
        if not ranked:
            return None
        return min(ranked, key=lambda r: r[:2])[2]

    @staticmethod
    def _clause_of(token: Token, trigger: Token) -> Token:
        """The verb (or the meeting word itself) whose clause a date expression belongs to."""
        node = token
        while node.head.i != node.i:
            node = node.head
            if node.i == trigger.i or node.pos_ in ("VERB", "AUX"):
                return node
        return node

    def _location(self, trigger: Token) -> str | None:
        verb = trigger if trigger.pos_ == "VERB" else trigger.head
        if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
            return self._entity_text(verb.head)  # "moved to China, where Kerry met ..."
        anchors = [trigger]
        if trigger.pos_ != "VERB" and trigger.head.i != trigger.i:
            anchors.append(trigger.head)
        anchors[1:1] = [c for c in trigger.children if c.dep_ == "acl"]  # "a conclave held in Bratislava"
        if trigger.pos_ == "VERB":  # "met Sanders at the Vatican guest house", the place hung on the object
            anchors += [c for c in trigger.children if c.dep_ == "dobj"]
        for anchor in anchors:
            for prep in anchor.children:
                if prep.dep_ == "prep" and prep.lower_ in self.known.meetings.place_preps:
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and self._is_place(obj):
                            return self._entity_text(obj)
                        if obj.dep_ == "pobj" and obj.pos_ == "NOUN" and prep.lower_ == "at" and any(  # "at the Vatican guest house"
                                c.dep_ == "compound" and c.ent_type_ in ("GPE", "FAC", "LOC", "ORG") for c in obj.children):
                            first = min(c.i for c in obj.children if c.dep_ in ("compound", "amod"))
                            return self.doc[first:obj.i + 1].text
            for clause in anchor.children:  # "will meet Trump when he visits Israel"
                if clause.dep_ in ("advcl", "relcl") and clause.lemma_ in GRAMMAR.travel_verbs:
                    named = [t for t in clause.children if t.dep_ == "dobj" and t.ent_type_ in ("GPE", "LOC", "FAC")]
                    named += [o for p in clause.children if p.dep_ == "prep" and p.lower_ in GRAMMAR.arrival_prepositions
                              for o in p.children if o.dep_ == "pobj" and o.ent_type_ in ("GPE", "LOC", "FAC")]
                    if named:
                        return self._entity_text(named[0])
        for location in self.actors.locations:  # a place named in the same sentence
            if trigger.sent.start_char <= location.start < trigger.sent.end_char:
                token = self.doc[location.first_token]
                if token.head.lower_ in self.known.meetings.place_preps:
                    return location.text
        governing = [t for t in trigger.ancestors if t.pos_ in ("VERB", "AUX") and t.lemma_ not in self.known.reporting_verbs]
        for anchor in anchors + governing[:2]:  # "talks in China": a country when no city is given;
            for prep in anchor.children:  # "was at the Vatican participating in a seminar"
                if prep.dep_ == "prep" and prep.lower_ in self.known.meetings.place_preps:
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and obj.ent_type_ in ("GPE", "LOC", "FAC"):
                            return self._entity_text(obj)
        return None

    def _is_place(self, token: Token) -> bool:
        if token.ent_type_ in ("GPE", "LOC", "FAC"):
            name = self._entity_text(token)
            return self.known.country_names.get(normalize(name)) is None
        return False

    def _entity_text(self, token: Token) -> str:
        if token.ent_type_:
            span = [t for t in token.doc[max(0, token.i - 4):token.i + 5] if t.ent_iob_ != "O" and t.ent_type_ == token.ent_type_]
            for ent in token.doc.ents:
                if ent.start <= token.i < ent.end:
                    return ent.text
            return " ".join(t.text for t in span)
        return token.text
