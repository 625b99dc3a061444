"""Direct quotes: quotation spans, transcript turns, and a speaker going on from the quote before."""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from ...knowledge import Knowledge
from ...records import LocalQuote
from ..actors import SPEAKER_LABEL, ActorGrouper
from ..quote_spans import find_quote_spans
from .attribution import QuoteAttribution
from .common import WORD
from .reported import ReportedSpeech
from .speakers import SpeakerResolution

# A short note in parentheses opening or closing a transcript turn: a stage direction, not speech.
STAGE_DIRECTION_FIRST = re.compile(r"\([^()\n]{1,40}\)")
STAGE_DIRECTION_LAST = re.compile(r"\([^()\n]{1,40}\)$")


class QuoteFinder(QuoteAttribution, SpeakerResolution, ReportedSpeech):
    """Direct quotes and reported speech of one article, each with its speaker (see the package docstring)."""

    def __init__(self, doc: Doc, body_offset: int, known: Knowledge, actors: ActorGrouper, body: str | None = None):
        self.doc = doc
        self.text = doc.text  # spaCy rebuilds Doc.text on every read: read it once
        self.body = body if body is not None else self.text[body_offset:]  # as written: quote texts come from here
        self.offset = body_offset
        self.known = known
        self.actors = actors
        self.reporting = known.reporting_verbs
        self.quotes: list[LocalQuote] = []
        self.direct_spans: list[tuple[int, int]] = []  # doc offsets
        self.turns: list[tuple[int, int | None]] = []  # transcript turns: (body offset, speaker)
        self._quoted_key: tuple[int, int] | None = None
        self._quoted_starts: list[int] = []
        self._quoted_spans: list[list[int]] = []
        self._starts: list[int] | None = None
        self._side_reports: set[int] = set()  # body offsets of reports set in another report's clause

    # --- direct quotes -------------------------------------------------------------
    def find_direct(self) -> None:
        body = self.text[self.offset:]
        turn_speaker, turn_end = self._transcript_turns(body)
        previous: LocalQuote | None = None
        for span in find_quote_spans(body, short=True):
            start, end = span.start + self.offset, span.end + self.offset
            self.direct_spans.append((start, end))
            speaker, cue = self._attribute(start, end)
            if span.short and (speaker is None or not self._held_by_report(start, end)):
                self.direct_spans.pop()  # a term nobody is said to say is a scare quote: "the so-called “plan”"
                continue
            if speaker is None:
                speaker = turn_speaker(span.start)
            if speaker is None and previous is not None and self._split_from(previous, span.start):
                speaker, cue = previous.speaker, previous.cue
            text = self.body[span.start:span.end].strip()
            if self.known.is_courtesy(text):
                continue  # “Thank you, Mr. President,” she said: a courtesy, not a quote
            previous = LocalQuote(text, span.start, span.end, "direct", cue, speaker)
            self.quotes.append(previous)
        for quote in turn_end:
            if not any(s < quote.end and quote.start < e for s, e in ((q.start, q.end) for q in self.quotes)):
                self.quotes.append(quote)

    def _held_by_report(self, start: int, end: int) -> bool:
        """Whether a reporting verb's phrase holds the quote at doc offsets [start, end): "Ryan said he
        was “not ready”", "praised his “great charm”"."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(self._is_quote_verb(t) and not self._in_span(t, start, end)
                                        and self._holds(t, start, end) for t in span.sent)

    def _split_from(self, previous: LocalQuote, start: int) -> bool:
        """“The risk,” said Edward Leamer, an economist, “is that …”: one quote split by its
        attribution, so the second part is the same speaker's."""
        gap = self.body[previous.end:start]
        return previous.speaker is not None and previous.text.endswith(",") and previous.cue is not None \
            and len(gap) < self.known.speech.split_quote_gap and "\n" not in gap and not re.search(r"[.!?][\"”’']?\s", gap) and gap.rstrip(" “\"").endswith(",")

    def carry_speakers(self) -> None:
        """A quote with no speaker and no reporting words of its own goes on from the nearest
        quote or reported speech with one in its paragraph (the one before first); a quote that
        opens its paragraph, from the last one of the paragraph before; else from the person
        the sentence before it is about. Run after reported speech is found."""
        paragraphs = [m.start() for m in re.finditer(r"[^\n]+", self.body)]

        def paragraph_of(offset: int) -> int:
            return bisect.bisect_right(paragraphs, offset) - 1

        attributed: dict[int, list[LocalQuote]] = {}
        for quote in sorted((q for q in self.quotes if q.speaker is not None and q.start not in self._side_reports),
                            key=lambda q: q.start):
            attributed.setdefault(paragraph_of(quote.start), []).append(quote)
        for quote in sorted(self.quotes, key=lambda q: q.start):
            if quote.speaker is not None or quote.kind != "direct" or quote.cue is not None:
                continue  # (a cue with no speaker: someone unnamed said it, "one aide said")
            number = paragraph_of(quote.start)
            here = attributed.get(number, [])
            source = next((q for q in reversed(here) if q.start < quote.start), None) or \
                next((q for q in here if q.start > quote.start), None)
            opens = not self.body[paragraphs[number]:quote.start].strip(" \t\"'“‘«„")
            back = number - 1  # a statement quoted over several paragraphs, each opening with a mark:
            while source is None and opens and back >= 0:  # the last speaker before its first one
                if attributed.get(back):
                    source = attributed[back][-1]
                elif self.body[paragraphs[back]:paragraphs[back] + 1] in ('"', "“", "«", "„"):
                    back -= 1
                    continue
                break
            if source is not None:
                quote.speaker, quote.cue = source.speaker, quote.cue or source.cue
            elif opens and number > 0:  # "Valastro praised the governor. / “We need …”"
                quote.speaker = self._subject_before(paragraphs[number], paragraphs[number - 1])
            elif self._opens_sentence(quote.start + self.offset):  # "Bystrom agreed. “Mainstream …”"
                quote.speaker = self._subject_before(quote.start - 1, paragraphs[number])
            if quote.speaker is not None:
                here.append(quote)
                here.sort(key=lambda q: q.start)
                attributed[number] = here

    SCARE_QUOTE_WORDS = 4  # a sentence quoting no more than a phrase holds no quote of its own

    def _subject_before(self, offset: int, floor: int) -> int | None:
        """The person the sentence ending before a body offset (and starting after `floor`) is
        about, or who speaks in it ("since Trump spoke only in bromides"), when it holds no quote
        of its own; an aside in parentheses is passed over."""
        head = self.body[floor:offset].rstrip()
        if head.endswith(")") and "(" in head:
            offset = floor + head.rfind("(")
        i = bisect.bisect_left(self._token_starts(), self.offset + offset) - 1
        while i > 0 and (self.doc[i].is_space or self.doc[i].is_punct):
            i -= 1
        if i < 0 or self.doc[i].idx < self.offset + floor:
            return None
        sentence = self.doc[i].sent
        if sum(self._inside(t) and not t.is_punct for t in sentence) > self.SCARE_QUOTE_WORDS:
            return None
        speaking = self.known.quote_verbs | self.known.speaking_verbs
        verbs = [sentence.root] + [t for t in sentence if t.lemma_ in speaking and t.pos_ == "VERB" and not self._inside(t)]
        for verb in verbs:
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None:
                continue
            found = self.resolve_noun(subject, subject.idx + 1)
            if found is not None and self.actors.actors[found].type == "person":
                return found
        return None

    def _transcript_turns(self, body: str):
        """Speaker-labelled paragraphs of transcripts; each paragraph is a direct quote."""
        turns: list[tuple[int, int | None]] = []  # (start of turn, speaker)
        turn_quotes: list[LocalQuote] = []
        current: int | None = None
        labelled = False
        for match in re.finditer(r"[^\n]+", body):
            paragraph = match.group()
            label = SPEAKER_LABEL.match(paragraph)
            if paragraph.split(" ", 1)[0] in self.known.speech.question_markers and " " in paragraph:
                labelled, current = True, None  # "Q Mr. President, …": a reporter's question, nobody's quote
                text_start = match.start()
            elif label:
                labelled = True
                token = self._token_at(self.offset + match.start() + len(label.group(1)) - 1)
                current = self.actors.actor_of(token) if token is not None else None
                text_start = match.start() + label.end()
            elif labelled and current is not None and len(paragraph.split()) > 3:
                text_start = match.start()
            else:
                if labelled and len(paragraph.split()) <= 3:
                    continue
                current = None
                continue
            turns.append((match.start(), current))
            start, end = self._turn_words(text_start, match.end())
            text = self.body[start:end]
            if current is not None and len(WORD.findall(text)) >= self.known.speech.min_turn_words \
                    and not self.known.is_courtesy(text):
                turn_quotes.append(LocalQuote(text, start, end, "direct", "said", current))

        self.turns = turns

        def speaker_at(offset: int) -> int | None:
            owner = None
            for start, speaker in turns:
                if start <= offset:
                    owner = speaker
            return owner

        return speaker_at, turn_quotes

    def _turn_words(self, start: int, end: int) -> tuple[int, int]:
        """The spoken words of a turn at body offsets [start, end): without the stage directions or
        notes in parentheses that open or close it ("(Laughter.)", "(As interpreted.)")."""
        while True:
            segment = self.body[start:end]
            start += len(segment) - len(segment.lstrip())
            end -= len(segment) - len(segment.rstrip())
            opening = STAGE_DIRECTION_FIRST.match(self.body, start, end)
            closing = STAGE_DIRECTION_LAST.search(self.body, start, end)
            if opening:
                start = opening.end()
            elif closing and closing.start() > start:
                end = closing.start()
            else:
                return start, end

    def turn_speaker(self, char: int) -> int | None:
        """Who holds the floor at a doc offset of a transcript (None outside transcripts)."""
        owner = None
        for start, speaker in self.turns:
            if start + self.offset <= char:
                owner = speaker
        return owner

    def _token_at(self, char: int) -> Token | None:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _inside(self, token: Token) -> bool:
        return self._in_any_quote(token.idx)

    def _in_any_quote(self, char: int) -> bool:
        """Whether a doc offset lies inside a direct quote (binary search over merged spans)."""
        key = (len(self.direct_spans), len(self.quotes))
        if self._quoted_key != key:
            spans = sorted(self.direct_spans + [(q.start + self.offset, q.end + self.offset)
                                                for q in self.quotes if q.kind == "direct"])
            merged: list[list[int]] = []
            for s, e in spans:
                if merged and s <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], e)
                else:
                    merged.append([s, e])
            self._quoted_starts = [s for s, _ in merged]
            self._quoted_spans = merged
            self._quoted_key = key
        i = bisect.bisect_right(self._quoted_starts, char) - 1
        return i >= 0 and char < self._quoted_spans[i][1]
