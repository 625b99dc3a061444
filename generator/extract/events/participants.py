"""Who takes part in a meeting: the actors in its syntactic roles (subject, object, "with" and
"between" phrases, modifiers like "US-Taliban talks"), the people a description or pronoun stands
for, the host of a visit, and the partners of a trip's purpose.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ...knowledge import grammar, normalize

GRAMMAR = grammar()  # English function words (generator/data/grammar.yml)


class Participants:
    """Part of EventFinder: a meeting word's participants, read through the parse."""

    def _participants(self, trigger: Token) -> set[int]:
        tokens: list[Token] = []
        if trigger.pos_ == "VERB":
            tokens += self._subjects(trigger)
            if trigger.lemma_ in self.known.meetings.object_partners:
                tokens += [c for c in trigger.children if c.dep_ in ("dobj",)]
            tokens += self._partner_preps(trigger)
        else:
            tokens += [c for c in trigger.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
            possessors = [c for c in trigger.children if c.dep_ == "poss" and c.lower_ in GRAMMAR.person_possessives]
            if possessors:  # "his recent trips": the one "his" stands for made them
                index = self._subject_after(trigger)  # "Following his meeting with Ryan, Trump met ..."
                if index is None:
                    index = self.refer(possessors[0], possessors[0].idx)
                return set() if index is None else {index} | self._partners_of_noun(trigger)
            tokens += self._partner_preps(trigger)
            head = trigger.head
            if trigger.dep_ == "nsubj" and head.dep_ == "advcl" and any(
                    c.dep_ == "mark" and c.lower_ in GRAMMAR.time_conjunctions for c in head.children):
                tokens += self._subjects(head.head)  # "Marek said after the meeting broke up"
            if trigger.dep_ in ("dobj", "pobj", "nsubjpass", "attr") and head.i != trigger.i:
                verb = head if head.pos_ in ("VERB", "AUX") else head.head
                # not another meeting: "Obama's visit was preceded by a visit from Clinton" are two
                tokens += [s for s in self._subjects(verb) if s.lower_ not in self.noun_type]
                dated_by = trigger.dep_ == "pobj" and head.lower_ in self.known.meetings.time_preps
                if verb.lemma_ not in self.known.leading_verbs and not dated_by:  # "led a delegation with experts", "alluded
                    tokens += self._partner_preps(verb)  # to the election during a meeting" name no partner
        found = set()
        for token in self._expand_groups(self._with_conjuncts(tokens)):
            index = self._actor(token, trigger)
            if index is not None:
                found.add(index)
        return found

    def _subjects(self, verb: Token) -> list[Token]:
        node = verb
        for _ in range(4):
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
            if node.dep_ == "relcl" and any(s.tag_ in ("WP", "WDT") for s in subjects):
                return [node.head]  # "Suu Kyi, who had breakfast with Biden"
            if subjects:
                return [s if s.dep_ != "agent" else next(iter(s.children), s) for s in subjects]
            hosting = node.head.lemma_ in self.known.meetings.host_verbs
            if (node.dep_ == "xcomp" or hosting and node.dep_ == "advcl") \
                    and any(c.dep_ == "dobj" for c in node.head.children):
                invited = [c for c in node.head.children if c.dep_ == "dobj"]  # "told Kerry to negotiate": Kerry
                if hosting:  # "Ryan invited Trump to meet": both
                    invited += [c for c in node.head.children if c.dep_ == "nsubj"]
                return invited
            if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl", "relcl", "prep", "pobj", "dobj") \
                    and node.head.i != node.i:
                if node.dep_ == "relcl":
                    return [node.head]
                node = node.head
                continue
            break
        return []

    def _partner_preps(self, token: Token) -> list[Token]:
        """Who a meeting is with: "with X", "between X and Y", the host of "at X's residence"; for a
        gathering noun also the body
        it is "of" or held "at" ("a meeting of the C5+1", "a seminar at the Royal Academy")."""
        partners = set(self.known.meetings.partner_preps)
        gathering = token.pos_ in ("NOUN", "PROPN") and token.lower_ in self.noun_type
        out = []
        for prep in token.children:
            if prep.dep_ != "prep":
                continue
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if prep.lower_ == "at":  # "a meeting at Clinton's residence": the host
                out += [c for obj in objects if obj.lower_ in self.known.meetings.host_places
                        for c in obj.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
            if prep.lower_ in partners:
                out += objects
            elif gathering and prep.lower_ in GRAMMAR.gathering_prepositions:
                for obj in objects:  # "of the C5+1 diplomatic platform": the body is a modifier
                    named = [obj] + [t for t in obj.subtree if t.i < obj.i]  # its modifiers
                    found = [self.actors.actor_of(t) for t in named if self.actors.actor_of(t) is not None]
                    out += [t for t, i in zip([t for t in named if self.actors.actor_of(t) is not None], found)
                            if self.actors.actors[i].type == "organization"][:1]
        if token.lemma_ in self.known.meetings.idiom_verbs and not out:  # "sat face to face with X"
            for prep in (t for t in token.subtree if t.dep_ == "prep" and t.lower_ == "with" and t.head.i != token.i):
                between = list(prep.ancestors)
                between = between[:between.index(token)]
                if len(between) <= 3 and not any(t.pos_ in ("VERB", "AUX") or self.actors.actor_of(t) is not None
                                                 for t in between):
                    out += [c for c in prep.children if c.dep_ == "pobj"]
        return out

    def _with_conjuncts(self, tokens: list[Token]) -> list[Token]:
        out = []
        for token in tokens:
            listed = [token, *token.conjuncts]
            for item in list(listed):  # "Marek, Head of Presidential Administration Dana Whitcombe, Chief of
                for title in item.children:  # Defense Ana Novak": a list the model read as an apposition
                    if title.dep_ == "appos" and title.lower_ in self.known.titles:
                        names = [t for t in title.subtree if t.dep_ == "pobj" and self._is_person(t)]
                        listed += [n for name in names for n in (name, *name.conjuncts)]
            out += [t for t in listed if t not in out]
        return out

    def _is_person(self, token: Token) -> bool:
        index = self.actors.actor_of(token)
        return index is not None and self.actors.actors[index].type == "person"

    def _expand_groups(self, tokens: list[Token]) -> list[Token]:
        """"officials from Uzbekistan, Tajikistan and Kazakhstan", "surrogates (including Nina
        Turner and Shailene Woodley)" stand for all of them."""
        out = list(tokens)
        for token in out:  # grows as it goes: "some of his advisers, including his wife, Jane"
            if self.actors.actor_of(token) is not None or len(out) > 50:
                continue
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in GRAMMAR.member_prepositions | GRAMMAR.example_prepositions:
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            out += [obj, *obj.conjuncts]
        return out

    def _actor(self, token: Token, trigger: Token) -> int | None:
        index = self.actors.actor_of(token)
        if index is not None and self.actors.actors[index].type != "location":
            return index
        for child in token.children:  # "the conference host, Uzbekistan's President Shavkat Mirziyoyev"
            if child.dep_ == "appos" and self.actors.actor_of(child) is not None:
                return self.actors.actor_of(child)
            named = self.actors.actor_of(child)  # "actress Shailene Woodley" parsed with the name under the title
            if token.lower_ in self.known.titles and named is not None and self.actors.actors[named].type == "person":
                return named
        if token.tag_ == "NN" and token.lower_ in self.known.titles and any(
                c.dep_ == "poss" or c.lower_ == "the" for c in token.children):
            index = self.refer(token, token.idx)  # "the party's presumptive nominee": a person, not the party
            if index is not None and self.actors.actors[index].type == "person":
                return index
        for child in token.children:  # "Taliban negotiators", "Russian diplomats", "officials of X"
            if child.dep_ in ("compound", "amod", "poss", "nmod"):
                index = self.actors.actor_of(child)
                if index is not None:
                    return index
            if child.dep_ == "prep" and child.lower_ in GRAMMAR.member_prepositions:
                for obj in child.children:  # "the rest of the Senate Democratic caucus"
                    index = self.actors.actor_of(obj) if obj.dep_ != "pobj" else self._actor(obj, trigger)
                    if index is not None:
                        return index
        group_nouns, side_nouns = self.known.meetings.group_nouns, self.known.meetings.side_nouns
        if token.lower_ in group_nouns or any(c.lower_ in group_nouns for c in token.children):
            return self._latest_before(trigger, {"organization"})  # "the group", "organization leaders"
        if token.lower_ in side_nouns and token.pos_ == "NOUN":
            earlier = self._earlier_same_noun(token)
            if earlier is not None:
                return earlier
        if token.lower_ in side_nouns or token.pos_ == "PRON" and token.lower_ in GRAMMAR.group_subject_pronouns:
            return self._latest_before(trigger, {"organization", "country"})
        if token.pos_ == "PRON" and token.lower_ in GRAMMAR.person_subject_pronouns:
            return self.refer(token, token.idx)
        if token.lower_ in GRAMMAR.first_person_words:
            return self.turn_speaker(token.idx)  # in a transcript, the one speaking
        if token.lower_ == "you" and self.title_event is not None:
            speaker = self.turn_speaker(token.idx)
            others = [p for p in self.title_event.participants if p != speaker]
            return others[0] if speaker is not None and len(others) == 1 else None
        if token.pos_ in ("NOUN", "PROPN") and token.lower_ in self.known.titles:
            return self.refer(token, token.idx)  # "the president", "the spokesman"
        return None

    def _earlier_same_noun(self, token: Token) -> int | None:
        """"the delegation": whose delegation the text named earlier ("a US delegation",
        "West led a delegation")."""
        for earlier in reversed(self.doc[:token.i]):
            if earlier.lower_ != token.lower_:
                continue
            for child in earlier.children:
                if child.dep_ in ("compound", "amod", "poss", "nmod"):
                    index = self.actors.actor_of(child)
                    if index is not None:
                        return index
            if earlier.dep_ in ("dobj", "pobj") and earlier.head.pos_ == "VERB":
                for subject in self._subjects(earlier.head):
                    index = self.actors.actor_of(subject)
                    if index is not None:
                        return index
        return None

    def _latest_before(self, token: Token, types: set[str]) -> int | None:
        return self.actors.latest(token.idx, types)

    def _has_subject(self, trigger: Token) -> bool:
        """Whether the clause of the meeting names who acts; a meeting inside a noun phrase
        ("an investigation into Clinton's meetings") has no clause to leave a subject out of."""
        head = trigger if trigger.pos_ == "VERB" else trigger.head
        if head.pos_ == "ADP" and head.head.pos_ in ("NOUN", "PROPN"):
            return True
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)

    def _carried_subject(self, sentence: Span) -> int | None:
        """The actor the text is about when a clause leaves the subject out."""
        for token in sentence:
            if token.dep_ in ("nsubj", "nsubjpass") and not self._meeting_noun(token):  # "Obama's visit" is no actor
                index = self._actor(token, token)
                if index is not None:
                    return index
        if sentence.start > 0:
            previous = self.doc[sentence.start - 1].sent
            for token in previous:
                if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT":
                    index = self.actors.actor_of(token)
                    if index is not None:
                        return index
        return None

    def _subject_after(self, trigger: Token) -> int | None:
        """The person a possessive in a fronted phrase looks ahead to: the subject of the main clause."""
        root = trigger.sent.root
        if not trigger.i < root.i:
            return None
        for subject in (c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > trigger.i):
            index = self.actors.actor_of(subject)
            if index is not None and self.actors.actors[index].type == "person":
                return index
        return None

    def _partners_of_noun(self, trigger: Token) -> set[int]:
        """Partners named by "with"/"between" after a meeting noun (a visit's host comes from its destination)."""
        if self.noun_type.get(trigger.lower_) == "visit":
            return set()
        found = (self._actor(t, trigger) for t in self._with_conjuncts(self._partner_preps(trigger)))
        return {i for i in found if i is not None}

    def _salient_participants(self, trigger: Token) -> list[int]:
        """Who "the two sides" are: the two people named just before in the sentence ("the
        meeting between Obama and Sanders ... when the two men talked"), else the meeting the
        title announces, else the last one told."""
        named = {self.actors.actor_of(t) for t in trigger.sent if t.i < trigger.i} - {None}
        people = [i for i in named if self.actors.actors[i].type == "person"]
        if len(people) == 2:
            return people
        if self.title_event is not None:
            return self.title_event.participants
        return self.events[-1].participants if self.events else []

    def _purpose_partners(self, trigger: Token) -> set[int]:
        """Whom a trip is for, from its purpose clause: "to meet X", "to brief Allies at NATO", "to consult with X"."""
        found = set()
        for clause in trigger.children:
            if clause.dep_ not in ("advcl", "xcomp") or clause.lemma_ not in self.known.meetings.purpose_verbs \
                    or not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
                continue
            objects = [c for c in clause.children if c.dep_ == "dobj"] + self._partner_preps(clause)
            for token in self._with_conjuncts(objects):
                index = self._actor(token, trigger)
                if index is not None:
                    found.add(index)
            for prep in clause.children:  # "to brief Allies at NATO headquarters": the body they are at
                for obj in (c for c in prep.children if prep.lower_ == "at" and c.dep_ == "pobj"):
                    index = self._actor(obj, trigger)
                    if index is not None and self.actors.actors[index].type == "organization":
                        found.add(index)
        return found

    def _separate_partners(self, trigger: Token, participants: set[int]) -> list[int]:
        """The partners of plural meetings ("meetings", "bilateral talks") listed as countries."""
        plural = trigger.tag_ in ("NNS", "NNPS") or any(c.lower_ == "bilateral" for c in trigger.children)
        if not plural or trigger.lower_ == "talks" and not any(c.lower_ == "bilateral" for c in trigger.children):
            return []
        countries = [p for p in participants if self.actors.actors[p].type == "country"]
        return sorted(countries) if len(countries) >= 2 and len(countries) < len(participants) else []

    def _visited(self, trigger: Token) -> tuple[list[int], list[str | None]]:
        """The hosts of a visit and the places visited ("visited Moscow" -> Russia, Moscow)."""
        targets = [c for c in trigger.children if c.dep_ == "dobj"]
        for prep in trigger.children:
            if prep.dep_ == "prep" and prep.lower_ in GRAMMAR.visit_prepositions:
                targets += [c for c in prep.children if c.dep_ == "pobj"]
        hosts, places = [], []
        for token in self._with_conjuncts(targets):
            name = self._entity_text(token)
            city = self.known.capitals.get(normalize(name)) or (  # "visit to Rangoon": Myanmar, in Rangoon
                self.known.city_country(name) if token.ent_type_ in ("GPE", "LOC") else None)
            country = self.known.country(name) or city
            if country:
                hosts.append(self.actors.known_actor(country, token))
                places.append(name if city else None)
        return hosts, places
