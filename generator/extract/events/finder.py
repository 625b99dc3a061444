"""Meetings, visits, talks and calls in one article: who, where, when, and whether.

Each meeting word (`mentions`) anchors a mention; its participants come from the parse
(`participants`), its date, place and status from the clauses around it (`circumstances`).
Mentions with fewer than two sides, retellings and the headline's meeting are then read
against the whole report (`story`), so that each encounter is one event.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from ...knowledge import Knowledge
from ..actors import ActorGrouper
from ...records import LocalEvent, Place
from .circumstances import Circumstances
from .mentions import MeetingWords, told_again
from .participants import Participants
from .story import StoryFrame


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


class EventFinder(MeetingWords, Participants, Circumstances, StoryFrame):
    """The meetings of one article. Each part reads on its own: `mentions` (which words mark a
    meeting), `participants` (who), `circumstances` (when, where, whether) and `story` (the
    report as a whole: headline, opening, retellings)."""

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
        self.verb_type = {lemma: kind for kind, lemmas in words.verbs.items() for lemma in lemmas}
        self.noun_type = {noun: kind for kind, nouns in words.nouns.items() for noun in nouns}
        self.status_verbs = {lemma: status for status, lemmas in words.status_verbs.items() for lemma in lemmas}
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
        """Every mention in text order, then the report as a whole (the order matters: a retelling
        completes a meeting before the opening's date is lent, merging comes before its place;
        hosts are known once every meeting is)."""
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
        self._hosts_act_for_the_country_visited()

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
        if trigger.pos_ in ("NOUN", "PROPN") and told_again(trigger) and not self._partner_preps(trigger) \
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
        if any(c.dep_ == "advmod" and c.lower_ in self.known.meetings.earlier_words
               for t in (trigger, verb) for c in t.children):
            self.earlier.add(id(event))  # "Obama has met previously with Clinton": not the story's meeting

    def _one_side_each(self, participants: set[int]) -> set[int]:
        """A person and the country or body they act for are one side: the person stays."""
        return participants - ({self.actors.actors[p].affiliation for p in participants} - {None})
