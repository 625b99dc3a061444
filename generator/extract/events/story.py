"""The story a report tells: the meeting its headline announces, the date and place its opening
(or dateline) sets, and one event per encounter however often the text retells it - told twice,
told again by its sides or with one side, people put "at the meeting", a gathering of many.
"""
from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from ...knowledge import grammar, normalize
from ... import dates
from ...encounters import absorb, circumstances_agree
from ...records import LocalEvent, Place
from .mentions import told_again

GRAMMAR = grammar()  # English function words (generator/data/grammar.yml)


# A news dateline opening the lede: "ROME - ", "WASHINGTON — ", "KABUL, Afghanistan - ".
DATELINE = re.compile(r"([A-Z][A-Z.' ]*[A-Z.])(?:, [A-Z][\w. ]+)? [-\u2013\u2014]+ ")


class StoryFrame:
    """Part of EventFinder: reading the article as a whole once every mention is found."""

    def _title_meeting(self, sentence: Span | None) -> None:
        if sentence is None:
            return
        kinds = [self.noun_type[t.lower_] for t in sentence if self._meeting_noun(t)] + [
            self.verb_type[t.lemma_.lower()] for t in sentence  # "Ministers Meet in Oslo"
            if t.lemma_.lower() in self.verb_type and t.lemma_.lower() not in self.known.meetings.need_partner]
        if not kinds:
            return
        surnames = {a.name.split()[-1].lower(): a.index for a in self.actors.actors if a.type == "person"}
        people = {self.actors.actor_of(t) for t in sentence if self.actors.actor_of(t) is not None}
        people |= {surnames[t.lower_] for t in sentence if t.lower_ in surnames}  # names the model missed in a title
        people = {i for i in people if self.actors.actors[i].type == "person"} or people
        if len(people) < 2:
            return
        same_day = any(t.lower_ in self.known.meetings.same_day_title_words for t in sentence)
        self.title_upcoming = any(t.lower_ == "before" for t in sentence)
        when = self.article_date.isoformat() if same_day else None
        cue = next((t for t in sentence if self._meeting_noun(t) or t.lemma_.lower() in self.verb_type), None)
        places = [t for t in sentence if t.dep_ == "pobj" and t.head.lower_ in self.known.meetings.place_preps
                  and t.ent_type_ in ("GPE", "LOC", "FAC")]
        places.sort(key=lambda t: (cue is not None and t.i < cue.i, abs(t.i - cue.i) if cue is not None else 0))
        named = self._entity_text(places[0]) if places else None  # "truce in Syria; ... meeting in China": China
        self.title_names_place = named is not None  # "… Meet in Oslo": the headline says where
        place = named or self._dateline()
        self.title_event = LocalEvent(kinds[0], sorted(people), place, when, self._title_status(sentence),
                                      [Place(0, len(sentence.text.rstrip()), "title")],
                                      cue=cue.text if cue is not None else "")

    def _title_status(self, title: Span) -> str:
        """Headlines are Title Case and parse poorly: their status words are read as words."""
        words = [t.lower_ for t in title]

        def is_form_of(word: str, status: str) -> bool:  # "Postpones", "Cancelled", "Plans"
            verbs = [v for v, st in self.status_verbs.items() if st == status]
            return any(word.startswith(v[:-1] if v.endswith("e") else v) and len(word) - len(v) <= 3 for v in verbs)
        if any(is_form_of(w, "cancelled") for w in words) \
                or any(f"{a} {b}" in self.known.meetings.cancel_phrases for a, b in zip(words, words[1:])):
            return "cancelled"
        meeting_words = set(self.noun_type) | set(self.verb_type)
        for i, word in enumerate(words[:-1]):  # "to Meet", "Will Visit", "Plans Summit", "Set to Hold Talks"
            following = words[i + 1:i + 4]
            if word in GRAMMAR.headline_future_words and following[0] in meeting_words:
                return "planned"
            if is_form_of(word, "planned") and (following[0] in meeting_words or following[:1] == ["to"]
                                                and any(w in meeting_words for w in following[1:])):
                return "planned"
        return "held"

    def _dateline(self) -> str | None:
        """A readout's place line ("Washington, D.C.", "Jerusalem, Israel") before the text."""
        for location in self.actors.locations:
            if location.start < self.offset:
                continue
            if location.start - self.offset > self.known.meetings.dateline_reach:
                break
            line_start = max(self.offset, self.text.rfind("\n", 0, location.start) + 1)
            line_end = self.text.find("\n", location.start)
            line = self.text[line_start:line_end if line_end != -1 else None].strip()
            if len(line.split()) <= 5:
                return line
            break
        return None

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
                meetings = self.known.meetings
                if resolved and len(resolved) >= 7 and 0 <= (self.article_date - date.fromisoformat(
                        (resolved + "-01")[:10])).days <= meetings.frame_days and (len(resolved) == 7 or (
                        self.article_date - date.fromisoformat(resolved)).days <= meetings.frame_days_exact):
                    when = resolved
            if ent.label_ in ("GPE", "LOC", "FAC") and place is None \
                    and ent.root.head.lower_ in GRAMMAR.whereabouts_prepositions \
                    and not self.known.country_names.get(normalize(ent.text)):
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

    def _absorb_title_meeting(self) -> None:
        """The meeting a title announces is usually told again in the text: one event, not two."""
        title = self.title_event
        if title is None:
            return
        lede_end = self.offset + self.known.meetings.lede_reach
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
            if set(other.participants) <= sides and circumstances_agree(meeting, other) \
                    and not (self.title_upcoming and id(other) in self.past_tense):
                absorb(meeting, other)
                self.events.remove(other)  # a person told there stands for the body they act through
                meeting.participants = sorted(self._one_side_each(set(meeting.participants) | set(other.participants)))

    def _hosts_act_for_the_country_visited(self) -> None:
        """"Whitcombe visited Ruritania ... While in Strelsau, Whitcombe met with President Marek, Ambassador
        Novak": officials met in the country their visitors travelled to, whom the text gives no
        country of their own, are its officials. Not at a summit or conference, where many meet
        on neutral ground."""
        visited = {self.actors.country_of(p) for e in self.events if e.type == "visit" for p in e.participants
                   if self.actors.actors[p].type == "country"}
        gatherings = set(self.known.meetings.gathering_nouns)
        for event in self.events:
            country = self._place_country(event.location)
            trigger = self.trigger_of.get(id(event))
            told = " ".join(self._evidence_text(place) for place in event.evidence).lower()
            if country not in visited or trigger is None or any(word in gatherings for word in re.findall(r"\w+", told)):
                continue
            if not any(self.actors.country_of(p) not in (None, country) for p in event.participants):
                continue  # no visitor from elsewhere
            for p in event.participants:
                actor = self.actors.actors[p]
                if actor.type == "person" and actor.affiliation is None and actor.roles:
                    actor.affiliation = self.actors.known_actor(country, trigger, names_it=False)

    def _evidence_text(self, place: Place) -> str:
        start = place.start + (self.offset if place.field == "body" else 0)
        return self.text[start:start + place.end - place.start]

    def _place_country(self, place: str | None) -> str | None:
        if not place:
            return None
        return self.known.country(place) or self.known.capitals.get(normalize(place)) or self.known.city_country(place)

    def _sides(self, participants: list[int]) -> set[int]:
        """Participants with the countries they act for: a title's "Swedish and Norwegian Ministers"
        meet in the text as the two foreign ministers."""
        return set(participants) | {self.actors.actors[p].affiliation for p in participants} - {None}

    def _refers_back(self, trigger: Token, status: str) -> bool:
        """"Today's meeting in Geneva was ...": the meeting the title announces, told again;
        its date and place complete that meeting. True when it was used so."""
        title = self.title_event
        if title is None or trigger.pos_ not in ("NOUN", "PROPN") or status != "held":
            return False
        if not told_again(trigger):
            return False
        sentence = trigger.sent
        title.date = title.date or self._date(trigger, sentence, "past")
        title.location = title.location or self._location(trigger)
        field, start = self.to_place(sentence.start_char)
        title.evidence.append(Place(start, start + len(sentence.text.rstrip()), field))
        return True

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
        gathering_nouns = set(self.known.meetings.gathering_nouns)
        for mention in self.partial:
            if mention is anchor or mention.status != anchor.status or not dates.agree(when, mention.date):
                continue
            people = {p for p in mention.participants if self.actors.actors[p].type == "person"}
            itself = mention.blocs is not None or mention.trigger.lower_ in gathering_nouns  # "a conclave held in ..."
            if not (itself or told_again(mention.trigger) and people):
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
            if not mention.participants and not told_again(mention.trigger):
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
                        t.lower_ in self.known.meetings.sequence_words for t in ancestors[:2]):
                    event.date = other.date
                    break

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
                if (same_people or same_sides) and circumstances_agree(other, event) and not earlier:
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
