"""Meetings, visits, talks and calls in one article: who, where, when, and whether.

A trigger word (a meeting verb or noun from `data/meetings.yml`) anchors each
event; its participants are the actors in its syntactic roles (subject,
object, "with"/"between" phrases, modifiers like "US–Taliban talks"), its
place the location after "in"/"at" or the place visited, its date the nearest
date expression, and its status the words that govern it (will, plan to,
cancelled, called off). Habitual, hypothetical and negated meetings are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..knowledge import Knowledge, normalize
from . import dates
from .actors import ActorGrouper
from .records import LocalEvent, Place

# A news dateline opening the lede: "ROME - ", "WASHINGTON — ", "KABUL, Afghanistan - ".
DATELINE = re.compile(r"([A-Z][A-Z.' ]*[A-Z.])(?:, [A-Z][\w. ]+)? [-\u2013\u2014]+ ")


@dataclass
class PartialMention:
    """A meeting told with fewer than two participants ("Merkel spoke after the meeting"): not an
    event by itself, but one side of a gathering the article reports elsewhere."""
    participants: set[int]
    status: str
    date: str | None
    location: str | None
    evidence: Place
    blocs: list[int] | None  # set when the mention is the gathering itself ("European leaders gathered")
    trigger: Token = field(repr=False)


class EventFinder:
    def __init__(self, doc: Doc, body_offset: int, article_date: date, known: Knowledge, actors: ActorGrouper, refer,
                 to_place, turn_speaker=lambda char: None):
        self.doc = doc
        self.text = doc.text  # spaCy rebuilds Doc.text on every read: read it once
        self.offset = body_offset
        self.article_date = article_date
        self.known = known
        self.actors = actors
        self.refer = refer  # (token, before) -> actor index; resolves pronouns and titles
        self.to_place = to_place
        self.turn_speaker = turn_speaker  # doc offset -> speaker of a transcript turn
        words = known.meetings
        self.verb_type = {lemma: kind for kind, lemmas in words["verbs"].items() for lemma in lemmas}
        self.noun_type = {noun: kind for kind, nouns in words["nouns"].items() for noun in nouns}
        self.status_verbs = {lemma: status for status, lemmas in words["status_verbs"].items() for lemma in lemmas}
        self.events: list[LocalEvent] = []
        self.title_event: LocalEvent | None = None
        self.title_upcoming = False
        self.title_names_place = False
        self.past_tense: set[int] = set()  # ids of events told in the past tense
        self.earlier: set[int] = set()  # ids of events told as earlier than the story ("previously")
        self.trigger_of: dict[int, Token] = {}  # event id -> the word that marked it
        self.partial: list[PartialMention] = []
        self.joining: list[PartialMention] = []  # people put at "the meeting" told before

    def find(self) -> None:
        self._title_meeting(self.doc.char_span(0, self.offset - 2, alignment_mode="contract"))
        for sentence in self.doc.sents:
            if sentence.start_char < self.offset - 2:
                continue
            for token in sentence:
                kind = self._trigger(token)
                if kind:
                    self._event_at(token, kind, sentence)
        self._gathering()
        self._complete_from_partial()
        self._apply_frame(dates_only=True)
        self._date_from_sequence()
        self._merge()
        self._join_told_meetings()
        self._apply_frame(dates_only=False)
        self._absorb_title_meeting()

    def _trigger(self, token: Token) -> str | None:
        if token.pos_ == "VERB" and token.lemma_ in self.known.meetings["gathering_verbs"]:
            transitive = any(c.dep_ == "dobj" for c in token.children)  # "the senator convened top surrogates"
            return "meeting" if transitive or self._blocs(token) is not None else None
        if token.pos_ == "VERB" and token.lemma_ in self.verb_type:
            both = self._both_sides(token)  # "the two men talked", "both sides will meet"
            if token.lemma_ in self.known.meetings["need_partner"] and not both and not any(
                    self._actor(t, token) is not None for t in self._with_conjuncts(self._partner_preps(token))):
                return None  # "X and Y spoke" is two speeches as often as one talk; "spoke to reporters" none
            subjects = self._subjects(token)  # "X and Y (agreed to) meet", "X invited Y to meet"
            together = both or len(subjects) > 1 or any(s.conjuncts for s in subjects)
            if token.lemma_ in self.known.meetings["need_object"] and not together:
                partners = [c for c in token.children if c.dep_ == "dobj"]
                if token.lemma_ not in self.known.meetings["object_only"]:
                    partners += self._partner_preps(token)
                if not any(self._actor(t, token) is not None for t in self._with_conjuncts(partners)):
                    return None  # "met the deadline", "received support from X"
            return self.verb_type[token.lemma_]
        if token.pos_ in ("NOUN", "PROPN") and self._meeting_noun(token):
            if token.lower_ in self.known.meetings["named_only"] and not token.is_title:
                return None  # "a dynamic dialogue" is a relationship; "the Strategic Dialogue" a meeting
            if token.lower_ in self.known.meetings["need_partner_nouns"] and not self._partner_preps(token) \
                    and not (token.dep_ == "dobj" and self._partner_preps(token.head)):
                return None  # "had breakfast with X" is a meeting; "a state dinner" alone is not
            return self.noun_type[token.lower_]
        return None

    def _meeting_noun(self, token: Token) -> bool:
        """A noun for a meeting, but not a "news conference" or "press conference" (an audience of reporters)."""
        return token.lower_ in self.noun_type and not (
            token.i > 0 and self.doc[token.i - 1].lower_ in self.known.meetings["not_meeting_modifiers"])

    # --- the parts of one event ---------------------------------------------------------
    def _event_at(self, trigger: Token, kind: str, sentence: Span) -> None:
        status = self._status(trigger)
        if status is None:
            return
        participants = self._participants(trigger)
        hosts, places = self._visited(trigger) if kind == "visit" else ([], [])
        if kind == "visit" and trigger.pos_ == "VERB" and not hosts and not self._partner_preps(trigger) \
                and not any(c.dep_ == "dobj" for c in trigger.children):
            return  # "freedom to travel": no destination, no host
        location = self._location(trigger)
        if kind == "visit" and trigger.pos_ == "VERB" and location is None and not hosts:
            visited = [c for c in trigger.children if c.dep_ == "dobj" and c.ent_type_ in ("FAC", "LOC", "ORG")]
            location = self._entity_text(visited[0]) if visited else None  # "will visit Capitol Hill"
        partners = self._purpose_partners(trigger) if kind == "visit" else set()
        if partners:  # "travel to Brussels to brief Allies at NATO": a visit to NATO, in Brussels
            place = next((p for p in places if p), None)
            self._add(kind, participants - set(hosts) | partners, place or location, trigger, sentence, status)
            return
        if hosts:
            for host, place in zip(hosts, places):
                self._add(kind, participants | {host}, place or location, trigger, sentence, status)
            return
        separate = self._separate_partners(trigger, participants)
        if separate:  # "bilateral meetings with officials from A, B and C": one meeting each
            for partner in separate:
                self._add(kind, participants - set(separate) | {partner}, location, trigger, sentence, status)
            return
        self._add(kind, participants, location, trigger, sentence, status)

    def _purpose_partners(self, trigger: Token) -> set[int]:
        """Whom a trip is for, from its purpose clause: "to meet X", "to brief Allies at NATO", "to consult with X"."""
        found = set()
        for clause in trigger.children:
            if clause.dep_ not in ("advcl", "xcomp") or clause.lemma_ not in self.known.meetings["purpose_verbs"] \
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

    def _add(self, kind, participants: set[int], location, trigger: Token, sentence: Span, status: str) -> None:
        if self._both_sides(trigger):  # "the two sides discussed": exactly the two the text is about
            participants = set(self._salient_participants(trigger)) or participants
        if len(participants) < 2 and self._refers_back(trigger, status):
            return
        if len(participants) == 1 and not self._has_subject(trigger):
            carried = self._carried_subject(sentence)
            if carried is not None:
                participants = participants | {carried}
        participants = self._one_side_each(participants)
        prefer = "past" if status == "held" else "future"  # a cancelled meeting was still to come
        field, start = self.to_place(sentence.start_char)
        text = sentence.text.rstrip()
        evidence = Place(start, start + len(text), field)
        if len(participants) < 2:
            if kind in ("meeting", "talks"):
                self.partial.append(PartialMention(participants, status, self._date(trigger, sentence, prefer),
                                                   location, evidence, self._blocs(trigger), trigger))
            return
        if trigger.pos_ in ("NOUN", "PROPN") and _told_again(trigger) and not self._partner_preps(trigger) \
                and any(e.status == status and set(e.participants) & participants for e in self.events):
            self.joining.append(PartialMention(participants, status, None, None, evidence, None, trigger))
            return  # "his advisers were at the meeting": they join the meeting told before
        when = self._date(trigger, sentence, prefer)
        if status == "planned" and when and when < self.article_date.isoformat()[:len(when)]:
            status = "held"  # "invited him to visit her in January 2012": a plan whose date had passed
        event = LocalEvent(kind, sorted(participants), location, when, status, [evidence], cue=trigger.text)
        self.events.append(event)
        self.trigger_of[id(event)] = trigger
        verb = trigger if trigger.pos_ == "VERB" else trigger.head
        if self._told_in_past(verb):
            self.past_tense.add(id(event))
        if any(c.dep_ == "advmod" and c.lower_ in self.known.meetings["earlier_words"]
               for t in (trigger, verb) for c in t.children):
            self.earlier.add(id(event))  # "Obama has met previously with Clinton": not the story's meeting

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

    def _join_told_meetings(self) -> None:
        """"Some of his advisers, including his wife, Jane, were at the meeting": "the meeting" is the
        last one told before with any of these people, and they join it."""
        for mention in self.joining:
            def told_last(event: LocalEvent) -> tuple[int, int]:  # where the text last told it before the mention
                before = [(p.field == "body", p.start) for p in event.evidence
                          if p.field == "title" or p.start < mention.evidence.start]
                return max(before, default=(-1, -1))
            told = [e for e in self.events if e.status == mention.status and set(e.participants) & mention.participants
                    and told_last(e) >= (0, 0)]
            if not told:
                continue
            meeting = max(told, key=told_last)
            meeting.participants = sorted(self._one_side_each(set(meeting.participants) | mention.participants))
            if mention.evidence not in meeting.evidence:
                meeting.evidence.append(mention.evidence)

    def _blocs(self, trigger: Token) -> list[int] | None:
        """The bodies a gathering brings together ("European leaders gathered" -> the EU; "a summit of
        27 leaders" -> none named), or None when the trigger is not a gathering of many."""
        words = self.known.meetings
        collective = set(words["collective_nouns"])
        if trigger.pos_ == "VERB":
            members = [s for s in self._subjects(trigger) if s.lower_ in collective]
        else:
            members = [o for p in trigger.children if p.dep_ == "prep" and p.lower_ == "of"
                       for o in p.children if o.dep_ == "pobj" and o.lower_ in collective]
            if trigger.head.lower_ in collective and trigger.dep_ == "compound":
                members.append(trigger.head)  # "summit leaders"
            if not members and trigger.lower_ in words["gathering_nouns"]:
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

    def _gathering(self) -> None:
        """One event for a gathering of many ("European leaders gathered Friday", "a summit of 27
        leaders") whose members the article names one at a time: the people told at "the
        meeting", "the talks" of the same status and date join the bodies it brings together."""
        anchors = [m for m in self.partial if m.blocs is not None]
        if not anchors:
            return
        anchor = anchors[0]
        members, evidence = set(anchor.participants) | set(anchor.blocs), [anchor.evidence]
        when, place = anchor.date, anchor.location
        gathering_nouns = set(self.known.meetings["gathering_nouns"])
        for mention in self.partial:
            if mention is anchor or mention.status != anchor.status or not dates.agree(when, mention.date):
                continue
            people = {p for p in mention.participants if self.actors.actors[p].type == "person"}
            itself = mention.blocs is not None or mention.trigger.lower_ in gathering_nouns  # "a conclave held in ..."
            if not (itself or _told_again(mention.trigger) and people):
                continue
            members |= people | set(mention.blocs or [])
            when = dates.finer(when, mention.date)
            if itself:  # a place told with someone's words at "the meeting" is rarely where it was
                place = place or mention.location
            if mention.evidence not in evidence:
                evidence.append(mention.evidence)
        members = self._one_side_each(members)
        if len(members) >= 2:
            self.events.append(LocalEvent("meeting", sorted(members), place, when, anchor.status,
                                          sorted(evidence, key=lambda p: (p.field != "title", p.start)),
                                          cue=anchor.trigger.text))

    def _complete_from_partial(self) -> None:
        """A meeting told again with one side or none ("the meeting in Oslo on Wednesday ran
        long", "Thursday's meeting") is the nearest meeting told in full with those people:
        its date and place complete that one."""
        for mention in self.partial:
            if mention.blocs is not None or not (mention.date or mention.location) \
                    or mention.trigger.tag_ in ("NNS", "NNPS"):
                continue  # "we had many meetings yesterday" tells of others
            partners = self._with_conjuncts(self._partner_preps(mention.trigger))
            if any(self._actor(p, mention.trigger) is None for p in partners):
                continue  # "a roundtable with all ministers of finance": others, whom the text does not name
            if not mention.participants and not _told_again(mention.trigger):
                continue
            told = [e for e in self.events if e.status == mention.status and id(e) not in self.earlier
                    and mention.participants <= set(e.participants) and dates.agree(e.date, mention.date)
                    and e.evidence[0].field == mention.evidence.field]
            if not mention.participants:  # "Thursday's meeting": one told before
                told = [e for e in told if e.evidence[0].start < mention.evidence.start]
            if not told:
                continue
            event = min(told, key=lambda e: abs(e.evidence[0].start - mention.evidence.start))
            event.date = dates.finer(event.date, mention.date)
            event.location = event.location or mention.location
            if mention.evidence not in event.evidence:
                event.evidence.append(mention.evidence)

    def _date_from_sequence(self) -> None:
        """"Following his meeting with Ryan, Trump met with House members": an undated meeting
        told as following another in the same sentence took place the same day."""
        for event in (e for e in self.events if e.date is None and id(e) in self.trigger_of):
            trigger = self.trigger_of[id(event)]
            for other in self.events:
                before = self.trigger_of.get(id(other))
                if not other.date or before is None or before.sent.start != trigger.sent.start:
                    continue
                ancestors = list(before.ancestors)
                if any(t.i == trigger.i for t in ancestors) and any(
                        t.lower_ in self.known.meetings["sequence_words"] for t in ancestors[:2]):
                    event.date = other.date
                    break

    def _one_side_each(self, participants: set[int]) -> set[int]:
        """A person and the country or body they act for are one side: the person stays."""
        return participants - ({self.actors.actors[p].affiliation for p in participants} - {None})

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

    def _both_sides(self, trigger: Token) -> bool:
        """"The two delegations agreed to meet", "both sides discussed"."""
        verb = trigger if trigger.pos_ == "VERB" else trigger.head
        for subject in self._subjects(verb):
            if subject.lower_ in self.known.meetings["pair_nouns"] and any(
                    c.lower_ in ("two", "both") for c in subject.children):
                return True
        return False

    def _refers_back(self, trigger: Token, status: str) -> bool:
        """"Today's meeting in Geneva was ...": the meeting the title announces, told again;
        its date and place complete that meeting. True when it was used so."""
        title = self.title_event
        if title is None or trigger.pos_ not in ("NOUN", "PROPN") or status != "held":
            return False
        if not _told_again(trigger):
            return False
        sentence = trigger.sent
        title.date = title.date or self._date(trigger, sentence, "past")
        title.location = title.location or self._location(trigger)
        field, start = self.to_place(sentence.start_char)
        title.evidence.append(Place(start, start + len(sentence.text.rstrip()), field))
        return True

    def _has_subject(self, trigger: Token) -> bool:
        """Whether the clause of the meeting names who acts; a meeting inside a noun phrase
        ("an investigation into Clinton's meetings") has no clause to leave a subject out of."""
        head = trigger if trigger.pos_ == "VERB" else trigger.head
        if head.pos_ == "ADP" and head.head.pos_ in ("NOUN", "PROPN"):
            return True
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)

    def _expand_groups(self, tokens: list[Token]) -> list[Token]:
        """"officials from Uzbekistan, Tajikistan and Kazakhstan", "surrogates (including Nina
        Turner and Shailene Woodley)" stand for all of them."""
        out = list(tokens)
        for token in out:  # grows as it goes: "some of his advisers, including his wife, Jane"
            if self.actors.actor_of(token) is not None or len(out) > 50:
                continue
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "including", "like"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            out += [obj, *obj.conjuncts]
        return out

    def _participants(self, trigger: Token) -> set[int]:
        tokens: list[Token] = []
        if trigger.pos_ == "VERB":
            tokens += self._subjects(trigger)
            if trigger.lemma_ in self.known.meetings["object_partners"]:
                tokens += [c for c in trigger.children if c.dep_ in ("dobj",)]
            tokens += self._partner_preps(trigger)
        else:
            tokens += [c for c in trigger.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
            possessors = [c for c in trigger.children if c.dep_ == "poss" and c.lower_ in ("his", "her")]
            if possessors:  # "his recent trips": the one "his" stands for made them
                index = self._subject_after(trigger)  # "Following his meeting with Ryan, Trump met ..."
                if index is None:
                    index = self.refer(possessors[0], possessors[0].idx)
                return set() if index is None else {index} | self._partners_of_noun(trigger)
            tokens += self._partner_preps(trigger)
            head = trigger.head
            if trigger.dep_ == "nsubj" and head.dep_ == "advcl" and any(
                    c.dep_ == "mark" and c.lower_ in ("after", "as", "when", "while", "before") for c in head.children):
                tokens += self._subjects(head.head)  # "Renzi said after the meeting broke up"
            if trigger.dep_ in ("dobj", "pobj", "nsubjpass", "attr") and head.i != trigger.i:
                verb = head if head.pos_ in ("VERB", "AUX") else head.head
                # not another meeting: "Obama's visit was preceded by a visit from Clinton" are two
                tokens += [s for s in self._subjects(verb) if s.lower_ not in self.noun_type]
                dated_by = trigger.dep_ == "pobj" and head.lower_ in self.known.meetings["time_preps"]
                if verb.lemma_ not in ("lead", "head") and not dated_by:  # "led a delegation with experts", "alluded
                    tokens += self._partner_preps(verb)  # to the election during a meeting" name no partner
        found = set()
        for token in self._expand_groups(self._with_conjuncts(tokens)):
            index = self._actor(token, trigger)
            if index is not None:
                found.add(index)
        return found

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

    def _subjects(self, verb: Token) -> list[Token]:
        node = verb
        for _ in range(4):
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
            if node.dep_ == "relcl" and any(s.tag_ in ("WP", "WDT") for s in subjects):
                return [node.head]  # "Suu Kyi, who had breakfast with Biden"
            if subjects:
                return [s if s.dep_ != "agent" else next(iter(s.children), s) for s in subjects]
            hosting = node.head.lemma_ in self.known.meetings["host_verbs"]
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
        """Who a meeting is with: "with X", "between X and Y"; for a gathering noun also the body
        it is "of" or held "at" ("a meeting of the C5+1", "a seminar at the Pontifical Academy")."""
        partners = set(self.known.meetings["partner_preps"])
        gathering = token.pos_ in ("NOUN", "PROPN") and token.lower_ in self.noun_type
        out = []
        for prep in token.children:
            if prep.dep_ != "prep":
                continue
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if prep.lower_ in partners:
                out += objects
            elif gathering and prep.lower_ in ("of", "at"):
                for obj in objects:  # "of the C5+1 diplomatic platform": the body is a modifier
                    named = [obj] + [t for t in obj.subtree if t.i < obj.i]  # its modifiers
                    found = [self.actors.actor_of(t) for t in named if self.actors.actor_of(t) is not None]
                    out += [t for t, i in zip([t for t in named if self.actors.actor_of(t) is not None], found)
                            if self.actors.actors[i].type == "organization"][:1]
        if token.lemma_ in self.known.meetings["idiom_verbs"] and not out:  # "sat face to face with X"
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
            out.append(token)
            out += [t for t in token.conjuncts if t not in out]
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
            if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                for obj in child.children:  # "the rest of the Senate Democratic caucus"
                    index = self.actors.actor_of(obj) if obj.dep_ != "pobj" else self._actor(obj, trigger)
                    if index is not None:
                        return index
        group_nouns, side_nouns = self.known.meetings["group_nouns"], self.known.meetings["side_nouns"]
        if token.lower_ in group_nouns or any(c.lower_ in group_nouns for c in token.children):
            return self._latest_before(trigger, {"organization"})  # "the group", "organization leaders"
        if token.lower_ in side_nouns and token.pos_ == "NOUN":
            earlier = self._earlier_same_noun(token)
            if earlier is not None:
                return earlier
        if token.lower_ in side_nouns or token.pos_ == "PRON" and token.lower_ in ("it", "they"):
            return self._latest_before(trigger, {"organization", "country"})
        if token.pos_ == "PRON" and token.lower_ in ("he", "she"):
            return self.refer(token, token.idx)
        if token.lower_ in ("i", "we", "me", "us", "my", "our"):
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

    def _visited(self, trigger: Token) -> tuple[list[int], list[str | None]]:
        """The hosts of a visit and the places visited ("visited Moscow" -> Russia, Moscow)."""
        targets = [c for c in trigger.children if c.dep_ == "dobj"]
        for prep in trigger.children:
            if prep.dep_ == "prep" and prep.lower_ in ("to", "in", "of"):
                targets += [c for c in prep.children if c.dep_ == "pobj"]
        hosts, places = [], []
        for token in self._with_conjuncts(targets):
            name = self._entity_text(token)
            city = self.known.capitals.get(_key(name)) or (  # "visit to Rangoon": Myanmar, in Rangoon
                self.known.city_country(name) if token.ent_type_ in ("GPE", "LOC") else None)
            country = self.known.country(name) or city
            if country:
                hosts.append(self.actors.known_actor(country, token))
                places.append(name if city else None)
        return hosts, places

    def _entity_text(self, token: Token) -> str:
        if token.ent_type_:
            span = [t for t in token.doc[max(0, token.i - 4):token.i + 5] if t.ent_iob_ != "O" and t.ent_type_ == token.ent_type_]
            for ent in token.doc.ents:
                if ent.start <= token.i < ent.end:
                    return ent.text
            return " ".join(t.text for t in span)
        return token.text

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
                if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and self._is_place(obj):
                            return self._entity_text(obj)
                        if obj.dep_ == "pobj" and obj.pos_ == "NOUN" and prep.lower_ == "at" and any(  # "at the Vatican guest house"
                                c.dep_ == "compound" and c.ent_type_ in ("GPE", "FAC", "LOC", "ORG") for c in obj.children):
                            first = min(c.i for c in obj.children if c.dep_ in ("compound", "amod"))
                            return self.doc[first:obj.i + 1].text
            for clause in anchor.children:  # "will meet Trump when he visits Israel"
                if clause.dep_ in ("advcl", "relcl") and clause.lemma_ in ("visit", "travel", "arrive"):
                    named = [t for t in clause.children if t.dep_ == "dobj" and t.ent_type_ in ("GPE", "LOC", "FAC")]
                    named += [o for p in clause.children if p.dep_ == "prep" and p.lower_ in ("in", "to")
                              for o in p.children if o.dep_ == "pobj" and o.ent_type_ in ("GPE", "LOC", "FAC")]
                    if named:
                        return self._entity_text(named[0])
        for location in self.actors.locations:  # a place named in the same sentence
            if trigger.sent.start_char <= location.start < trigger.sent.end_char:
                token = self.doc[location.first_token]
                if token.head.lower_ in ("in", "at"):
                    return location.text
        governing = [t for t in trigger.ancestors if t.pos_ in ("VERB", "AUX") and t.lemma_ not in self.known.reporting_verbs]
        for anchor in anchors + governing[:2]:  # "talks in China": a country when no city is given;
            for prep in anchor.children:  # "was at the Vatican participating in a seminar"
                if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and obj.ent_type_ in ("GPE", "LOC", "FAC"):
                            return self._entity_text(obj)
        return None

    def _is_place(self, token: Token) -> bool:
        if token.ent_type_ in ("GPE", "LOC", "FAC"):
            name = self._entity_text(token)
            return self.known.country_names.get(_key(name)) is None
        return False

    def _status(self, trigger: Token) -> str | None:
        """held, planned, cancelled; None for habitual, hypothetical or negated meetings."""
        words = self.known.meetings
        chain, parallel = [trigger], set()
        node = trigger
        for _ in range(5):
            if node.head.i == node.i or node.dep_ == "pobj" and node.head.lower_ in words["time_preps"]:
                break  # "After her meeting with Obama, the White House announced ...": not what was announced
            if node.dep_ == "conj":
                parallel.add(node.head.i)  # "thanked them for inviting us and receiving us": not an invitation
            node = node.head
            chain.append(node)
        if any(t.lower_ in words["aim_nouns"] and t.pos_ == "NOUN" for t in chain[1:5]):
            return None  # "an effort to return to talks"
        if any(t.lemma_ in words["refusal_verbs"] for t in chain[1:4]):
            return None  # "the Taliban refuse to negotiate with the government"
        for token in chain[:3]:
            children = list(token.children)
            if any(c.dep_ == "neg" for c in children):
                return None
            if any(c.lower_ in words["habitual_words"] for c in children):
                return None
            auxes = [c.lower_ for c in children if c.dep_ in ("aux", "auxpass")]
            if "would" in auxes and "have" in auxes:
                return None
        for token in chain[:4]:
            lemma = token.lemma_
            phrase = f"{token.lower_} {next((c.lower_ for c in token.children if c.dep_ == 'prt'), '')}".strip()
            if self.status_verbs.get(lemma) == "cancelled" and token.i not in parallel or phrase in words["cancel_phrases"] or lemma == "cancellation":
                return "cancelled"
        for token in chain[:4]:
            if self.status_verbs.get(token.lemma_) == "planned" and token.i not in parallel:
                return "planned"
            auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
            if auxes & {"will", "'ll", "shall", "would"} or ("going" in auxes):
                return "planned"
            if token.tag_ in ("VBD", "VBZ", "VBP", "MD") and token is not trigger:
                break  # a finite verb ends the clause that governs the meeting
        infinitive = trigger.head
        if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ == "dobj" and infinitive.tag_ == "VB" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in infinitive.children) \
                and self.status_verbs.get(infinitive.lemma_) != "held":
            return "planned"  # "called on the government to block Trump's visit", "came to prepare the visit"
        if any(c.lower_ in words["future_words"] for c in trigger.children) \
                or any(self._still_ahead(c) for token in chain[:3] for c in token.children):
            return "planned"
        when = self._date_phrase(trigger, trigger.sent)
        if when is not None and trigger.tag_ == "VBG" and any(
                c.dep_ == "aux" and c.lower_ in ("is", "are", "am", "'s", "'re") for c in trigger.children):
            return "planned"  # "he is meeting with Clinton on Tuesday night": arranged, still to come
        if when is not None and any(t.lower_ in words["future_words"] for t in when) \
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

    # --- the title of a readout: "X and Y Before Their Meeting" ---------------------------
    def _title_meeting(self, sentence: Span | None) -> None:
        if sentence is None:
            return
        kinds = [self.noun_type[t.lower_] for t in sentence if self._meeting_noun(t)] + [
            self.verb_type[t.lemma_.lower()] for t in sentence  # "Ministers Meet in Oslo"
            if t.lemma_.lower() in self.verb_type and t.lemma_.lower() not in self.known.meetings["need_partner"]]
        if not kinds:
            return
        surnames = {a.name.split()[-1].lower(): a.index for a in self.actors.actors if a.type == "person"}
        people = {self.actors.actor_of(t) for t in sentence if self.actors.actor_of(t) is not None}
        people |= {surnames[t.lower_] for t in sentence if t.lower_ in surnames}  # names the model missed in a title
        people = {i for i in people if self.actors.actors[i].type == "person"} or people
        if len(people) < 2:
            return
        same_day = any(t.lower_ in self.known.meetings["same_day_title_words"] for t in sentence)
        self.title_upcoming = any(t.lower_ == "before" for t in sentence)
        when = self.article_date.isoformat() if same_day else None
        cue = next((t for t in sentence if self._meeting_noun(t) or t.lemma_.lower() in self.verb_type), None)
        places = [t for t in sentence if t.dep_ == "pobj" and t.head.lower_ in ("in", "at")
                  and t.ent_type_ in ("GPE", "LOC", "FAC")]
        places.sort(key=lambda t: (cue is not None and t.i < cue.i, abs(t.i - cue.i) if cue is not None else 0))
        named = self._entity_text(places[0]) if places else None  # "truce in Syria; ... meeting in China": China
        self.title_names_place = named is not None  # "… Meet in Oslo": the headline says where
        place = named or self._dateline()
        self.title_event = LocalEvent(kinds[0], sorted(people), place, when, self._title_status(sentence),
                                      [Place(0, len(sentence.text.rstrip()), "title")],
                                      cue=cue.text if cue is not None else "")

    def _frame(self) -> tuple[str | None, str | None, int]:
        """When and where a report's opening paragraph sets its story ("This week, ... in Tashkent"):
        the date if it lies within two weeks before the article, the first place named, and
        where the frame stops applying (three paragraphs on). Short lines before the lede (the
        headline repeated, a deck) only add to it."""
        paragraphs, at = [], self.offset
        for block in self.text[self.offset:].split("\n\n"):
            if block.strip():
                paragraphs.append((at, at + len(block)))
            at += len(block) + 2
        if not paragraphs:
            return None, None, 0
        first = next((i for i, (a, b) in enumerate(paragraphs[:3]) if len(self.text[a:b].split()) >= 20), 0)
        opening_start, opening_end = paragraphs[0][0], paragraphs[first][1]  # with the lines before it
        limit = paragraphs[min(first + 3, len(paragraphs) - 1)][1]
        when = place = None
        for ent in self.doc.ents:
            if not (opening_start <= ent.start_char < opening_end):
                continue
            if ent.label_ == "DATE" and when is None:
                resolved = dates.resolve(ent.text, self.article_date, "past")
                if resolved and len(resolved) >= 7 and 0 <= (self.article_date - date.fromisoformat(
                        (resolved + "-01")[:10])).days <= 31 and (len(resolved) == 7 or (
                        self.article_date - date.fromisoformat(resolved)).days <= 14):
                    when = resolved
            if ent.label_ in ("GPE", "LOC", "FAC") and place is None and ent.root.head.lower_ in ("in", "to", "at") \
                    and not self.known.country_names.get(_key(ent.text)):
                place = ent.text
        datelines = (DATELINE.match(self.text, start, end) for start, end in paragraphs[:first + 1])
        dateline = next((d for d in datelines if d), None)  # "ROME - Sanders met ...", after the headline
        if place is None and dateline:
            place = dateline.group(1).title()
        return when, place, limit

    def _apply_frame(self, dates_only: bool) -> None:
        """Held meetings told soon after the opening, with no date or place of their own, take the
        frame's: the date before meetings told twice are merged (it keeps an earlier one apart),
        the place after (a meeting told once with its venue and once without is one)."""
        when, place, limit = self._frame()
        for event in self.events:
            first = event.evidence[0]
            if first.field != "body" or first.start + self.offset > limit or event.status != "held" \
                    or id(event) in self.earlier or not dates.agree(event.date, when) \
                    or self.title_upcoming and id(event) in self.past_tense:  # told before the meeting: an earlier one
                continue
            if event.date is None and when:
                event.date = when
            if event.location is None and place and not dates_only:
                event.location = place

    def _title_status(self, title: Span) -> str:
        """Headlines are Title Case and parse poorly: their status words are read as words."""
        words = [t.lower_ for t in title]

        def is_form_of(word: str, status: str) -> bool:  # "Postpones", "Cancelled", "Plans"
            verbs = [v for v, st in self.status_verbs.items() if st == status]
            return any(word.startswith(v[:-1] if v.endswith("e") else v) and len(word) - len(v) <= 3 for v in verbs)
        if any(is_form_of(w, "cancelled") for w in words) \
                or any(f"{a} {b}" in self.known.meetings["cancel_phrases"] for a, b in zip(words, words[1:])):
            return "cancelled"
        meeting_words = set(self.noun_type) | set(self.verb_type)
        for i, word in enumerate(words[:-1]):  # "to Meet", "Will Visit", "Plans Summit", "Set to Hold Talks"
            following = words[i + 1:i + 4]
            if word in ("to", "will") and following[0] in meeting_words:
                return "planned"
            if is_form_of(word, "planned") and (following[0] in meeting_words or following[:1] == ["to"]
                                                and any(w in meeting_words for w in following[1:])):
                return "planned"
        return "held"

    def _sides(self, participants: list[int]) -> set[int]:
        """Participants with the countries they act for: a title's "Swedish and Norwegian Ministers"
        meet in the text as the two foreign ministers."""
        return set(participants) | {self.actors.actors[p].affiliation for p in participants} - {None}

    def _absorb_title_meeting(self) -> None:
        """The meeting a title announces is usually told again in the text: one event, not two."""
        title = self.title_event
        if title is None:
            return
        lede_end = self.offset + 600
        for event in self.events:
            if self.title_upcoming and id(event) in self.past_tense:
                continue  # said before the meeting: a meeting told in the past tense was an earlier one
            if all(self.actors.actors[p].type == "country" for p in title.participants):
                shared = self._sides(event.participants) & set(title.participants)  # "Swedish and Norwegian Ministers"
            else:
                shared = set(event.participants) & set(title.participants)
            in_lede = event.evidence[0].field == "body" and event.evidence[0].start + self.offset < lede_end
            if event.status == title.status and (len(shared) >= 2 or (shared and in_lede)):
                if title.location and (self.title_names_place or not event.location
                                       or event.location in title.location):  # "D.C." in "Washington, D.C."
                    event.location = title.location  # the headline (else the dateline) says where it was
                event.date = event.date or title.date
                event.evidence.insert(0, title.evidence[0])
                self._absorb_retellings(event, set(title.participants))
                return
        self.events.insert(0, title)
        self._absorb_retellings(title, set())

    def _absorb_retellings(self, meeting: LocalEvent, title_sides: set[int]) -> None:
        """The headline's meeting told again by its sides ("The two teams discussed ..." after "West
        met the Taliban" under "U.S. Delegation Meeting with Taliban"): one event."""
        sides = title_sides | set(meeting.participants)
        for other in [e for e in self.events if e is not meeting]:
            if set(other.participants) <= sides and compatible(meeting, other) \
                    and not (self.title_upcoming and id(other) in self.past_tense):
                absorb(meeting, other)
                self.events.remove(other)

    def _dateline(self) -> str | None:
        """A readout's place line ("Washington, D.C.", "Jerusalem, Israel") before the text."""
        for location in self.actors.locations:
            if location.start < self.offset:
                continue
            if location.start - self.offset > 200:
                break
            line_start = max(self.offset, self.text.rfind("\n", 0, location.start) + 1)
            line_end = self.text.find("\n", location.start)
            line = self.text[line_start:line_end if line_end != -1 else None].strip()
            if len(line.split()) <= 5:
                return line
            break
        return None

    # --- one event per encounter -----------------------------------------------------------
    def _merge(self) -> None:
        """One event per encounter: a meeting told twice with the same sides ("West" in one
        sentence, "the two teams" - the US - in the next) keeps the more exact participants."""
        merged: list[LocalEvent] = []
        for event in self.events:
            for other in merged:
                same_people = set(other.participants) == set(event.participants)
                same_sides = self._side_keys(other) == self._side_keys(event) \
                    and event.evidence[0] not in other.evidence  # "met X and held talks with Y's officials": two
                earlier = self.title_upcoming and (id(other) in self.past_tense) != (id(event) in self.past_tense)
                if (same_people or same_sides) and compatible(other, event) and not earlier:
                    absorb(other, event)
                    other.participants = sorted(self._one_side_each(set(other.participants) | set(event.participants)))
                    break
            else:
                merged.append(event)
        self.events = merged

    def _side_keys(self, event: LocalEvent) -> set[int]:
        """Each participant as the side it is on: a person as the country they act for (not as
        their party or chamber: meeting House members is not meeting the Speaker)."""
        def side(p: int) -> int:
            country = self.actors.actors[p].affiliation
            return country if country is not None and self.actors.actors[country].type == "country" else p
        return {side(p) for p in event.participants}


def compatible(a: LocalEvent, b: LocalEvent) -> bool:
    """One meeting told twice in an article: same status, date and place that agree."""
    return a.status == b.status and dates.agree(a.date, b.date) and places_agree(a.location, b.location)


def places_agree(a: str | None, b: str | None) -> bool:
    """Places that can be one: either untold, or one within the other ("Vatican", "the Vatican guest house")."""
    return not (a and b) or a in b or b in a


def absorb(into: LocalEvent, other: LocalEvent) -> None:
    into.date = dates.finer(into.date, other.date)
    into.location = max(into.location or "", other.location or "", key=len) or None  # the more exact
    for place in other.evidence:
        if place not in into.evidence:
            into.evidence.append(place)


def _told_again(trigger: Token) -> bool:
    """A meeting noun the reader already knows of: "the talks", "Friday's meeting", not "a meeting"."""
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another") for c in trigger.children)


def _key(text: str) -> str:
    return normalize(text)
