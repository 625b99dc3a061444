"""Who said each quote, and reported speech.

Quotation spans come from `quote_spans` (raw text, no model). A speaker comes
from a sieve, strongest rule first: the words right next to the quote ("…,"
X said / X said: "…"), the reporting verb of its sentence, the clause that
holds it, and last the speaker it goes on from (its paragraph, the paragraph
or sentence before). A speaker phrase then becomes an actor: a name, a
pronoun, a title, a statement's author. Someone unnamed stays None.
"""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from ..knowledge import Knowledge
from .actors import SPEAKER_LABEL, ActorGrouper, proper_name_run
from .quote_spans import find_quote_spans
from ..records import LocalQuote

WORD = re.compile(r"\w+")
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "it", "we"}
UNNAMED_DETERMINERS = {"a", "an", "another", "one", "some", "any", "each", "every"}
# A short note in parentheses opening or closing a transcript turn: a stage direction, not speech.
STAGE_DIRECTION_FIRST = re.compile(r"\([^()\n]{1,40}\)")
STAGE_DIRECTION_LAST = re.compile(r"\([^()\n]{1,40}\)$")


class QuoteFinder:
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
            and len(gap) < 200 and "\n" not in gap and not re.search(r"[.!?][\"”’']?\s", gap) and gap.rstrip(" “\"").endswith(",")

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
            if paragraph.split(" ", 1)[0] in self.known.question_markers and " " in paragraph:
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
            if current is not None and len(WORD.findall(text)) >= self.known.min_turn_words \
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

    def _attribute(self, start: int, end: int) -> tuple[int | None, str | None]:
        """Speaker and cue of the quote at doc offsets [start, end): the words right next to
        the quote first, then the reporting verbs of its sentence, then a dash."""
        speaker, cue = self._adjacent_speaker(start, end)
        if speaker is not None:
            return speaker, cue
        speaker, parsed_cue = self._parsed_speaker(start, end)
        return speaker, parsed_cue or cue

    # The words reporters put next to a quote: “…,” X said / “…,” said X / X said: “…”.
    NOUN_PHRASE = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "ADV", "AUX", "PART"}

    def _adjacent_speaker(self, start: int, end: int) -> tuple[int | None, str | None]:
        """The words after the quote attribute it when it ends in a comma or opens its sentence
        (“…,” X said / “Really?” X asked); a quote that ends a sentence of its own
        ("X said Y “caused death.” Z called …") belongs to the words before it."""
        marked = self.text[end - 1:end] in (",", "!", "?")  # “…,” beamed X: any verb attributes
        closes_clause = marked or self._opens_sentence(start)
        found = self._speaker_after_quote(end, start, marked) if closes_clause else None
        return found if found is not None else self._speaker_before_quote(start)

    def _opens_sentence(self, start: int) -> bool:
        before = self.text[max(0, start - 40):start - 1].rstrip(" \t\"'“‘«„")
        return not before or before[-1] in ".!?\n:”\""

    def _speaker_after_quote(self, end: int, start: int, any_verb: bool) -> tuple[int | None, str] | None:
        doc = self.doc
        i = bisect.bisect_left(self._token_starts(), end + 1)
        while i < len(doc) and doc[i].is_punct and doc[i].text not in "([" and "\n" not in doc[i].text_with_ws:
            i += 1
        if i < len(doc) and doc[i].idx - end <= 4 and doc[i].lower_ not in ("which", "that", "who"):
            return self._speaker_after(i, start, any_verb)  # (not "…its “Mooring Fees,” which lets …")
        return None

    def _speaker_before_quote(self, start: int) -> tuple[int | None, str | None]:
        """X said: “…” / X said, “…” / X: “…” / X did this -- “…”."""
        doc = self.doc
        j = bisect.bisect_left(self._token_starts(), start - 1) - 1  # the token before the opening mark
        while j >= 0 and doc[j].is_space:
            j -= 1
        if j >= 1 and doc[j].text.endswith((":", ",")):  # also "):"
            for k in range(j - 1, max(-1, j - 9), -1):  # ("told Breitbart News Daily host Matt Boyle, “…”")
                if "\n" in doc[k].text_with_ws or self._inside(doc[k]):
                    break
                if doc[k].pos_ in ("VERB", "AUX") and not self._is_quote_verb(doc[k]) and j - k > 4:
                    break  # another clause's verb
                if self._is_quote_verb(doc[k]):
                    speaker = self.speaker_of(doc[k], before=start)
                    if speaker is None and k + 1 < j:  # "Continued Stone: “…”"
                        speaker = self.speaker_noun(self._phrase_head(doc[k + 1], j), start)
                    return speaker, doc[k].lemma_
                if doc[k].lemma_ in self.known.speech_nouns:  # "X issued a statement, “…”"
                    return self.resolve_noun(doc[k], start), None
            if doc[j].text.endswith(":"):
                return self._colon_speaker(doc[j], start), None
        if j >= 1 and doc[j].text in ("--", "—", "–") and self._ends_sentence(start):
            return self._colon_speaker(doc[j], start), None  # "Trump also embraced waterboarding -- “….”"
        return None, None

    def _ends_sentence(self, start: int) -> bool:
        """Whether the quote opening at a doc offset closes its sentence (not "-- “…” --" set in one)."""
        span = next((s for s in self.direct_spans if s[0] == start), None)
        if span is None:
            return False
        after = self.text[span[1]:span[1] + 3].lstrip("”\"’' ")
        return self.text[span[1] - 1:span[1]] in (".", "!", "?") or not after or after[:1] in ".\n"

    def _colon_speaker(self, colon: Token, quote_start: int) -> int | None:
        """A colon with no reporting verb: "Kaine has taken the stance: “…”" (the person the
        sentence is about) or a label, "Rep. Jane Doe (D-Ohio): “…”"."""
        line_start = self.text.rfind("\n", 0, colon.idx) + 1
        label = [t for t in self.doc[colon.sent.start:colon.i] if t.idx >= line_start]
        dashes = [k for k, t in enumerate(label) if t.text in ("-", "--", "—", "–") and t.whitespace_]
        if dashes:  # a digest's "POLLS AGREE - Jane Doe: “…”"
            label = label[dashes[-1] + 1:]
        if 0 < len(label) <= 8:
            named = [self.actors.actor_of(t) for t in label if self.actors.actor_of(t) is not None]
            people = [i for i in named if self.actors.actors[i].type == "person"] or \
                [i for i in named if dashes and self.actors.actors[i].type == "organization"]
            if people and not any(t.pos_ in ("VERB", "AUX") for t in label):
                return people[-1]
            if dashes and not named and len(label) <= 4 and all(t.text[:1].isupper() or t.is_punct for t in label):
                return self.speaker_noun(label[-1], quote_start)  # a name the model missed there
        for token in reversed(self.doc[colon.sent.start:colon.i]):  # the clause the colon closes
            if token.pos_ in ("VERB", "AUX"):
                subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < colon.i
                                and c.lower_ not in ("what", "who", "which", "that")), None)
                if subject is not None and subject.lower_ in ("it", "this", "there") and not self._is_quote_verb(token):
                    break  # "Hold on, it gets stranger: “…”" is nobody's
                if subject is not None:
                    found = self.speaker_noun(subject, quote_start)
                    if found is not None:
                        return found
                    break
        before = self.actors.actor_of(self.doc[colon.i - 1]) if colon.i > 0 else None
        if before is not None and self.actors.actors[before].type == "person":
            return before  # "… doesn't surprise Republican pollster Daron Shaw: “…”"
        return None

    def _speaker_after(self, i: int, quote_start: int, any_verb: bool) -> tuple[int | None, str] | None:
        """“…,” said X (a name, a title, a pronoun) or “…,” X said, from token i on."""
        doc = self.doc
        limit = min(len(doc), i + 10)

        closing = self.text[:doc[i].idx].rstrip(" \t”\"’'")[-1:]  # the quote's last mark: ",", "!", "?"

        def is_verb(token: Token, subject_first: bool = False) -> bool:
            if self._introduces_next(token):
                return False  # "…," Trump said: “…” — his words follow, the ones before are another's
            if subject_first and closing in "!?" and token.lemma_ not in self.known.addressing_verbs and any(
                    c.i > token.i and c.dep_ in ("ccomp", "dobj") for c in token.children):
                return False  # after “…?” a new sentence with words of its own is another's: "Her critics cited
                # it as evidence …" (but “Really?” Trump asked reporters)
            if self._is_quote_verb(token):
                return True
            return any_verb and token.pos_ == "VERB" and token.dep_ != "amod"  # “Really?” Hannity pressed

        if is_verb(doc[i]):
            subject = next((c for c in doc[i].children if c.dep_ in ("nsubj", "nsubjpass") and c.i > i), None)
            if subject is not None:  # "…," said Florida-based strategist Al Cardenas
                return self.speaker_noun(subject, quote_start), doc[i].lemma_
            for k in range(i + 1, limit):
                token = doc[k]  # (a capitalised word the model tagged otherwise is a name too: "said Skelly")
                if token.pos_ in ("PROPN", "NOUN", "PRON") or token.text[:1].isupper() and token.is_alpha:
                    return self.speaker_noun(self._phrase_head(token, limit), quote_start), doc[i].lemma_
                if token.pos_ not in ("DET", "ADJ", "ADV", "NUM") or "\n" in token.text_with_ws:
                    return None
            return None
        k, nouns = i, []
        while k < limit:
            token = doc[k]
            if token.text == "(" or (token.text == "," and nouns):  # "Sen. Bernie Sanders (I-Vt.) said",
                closing = ")" if token.text == "(" else ","  # "Miller, a retired worker, said"
                close = next((x for x in range(k + 1, min(len(doc), k + 10)) if doc[x].text == closing), None)
                if close is None and token.text == ",":  # "X, the analyst who founded Y tweeted"
                    verb = next((x for x in doc[k + 1:min(len(doc), k + 16)] if x.sent == token.sent and (
                        self._is_quote_verb(x) or is_verb(x) and x.dep_ not in ("relcl", "acl", "amod"))), None)
                    if verb is not None and not (not any_verb and self._reports_other(verb)):
                        return self.speaker_noun(self._phrase_head(nouns[-1], k), quote_start), verb.lemma_
                if close is None:
                    return None
                k, limit = close + 1, min(len(doc), close + 4)
                continue
            if is_verb(token, subject_first=True) and nouns:
                if not any_verb and self._reports_other(token):
                    return None  # “… ASAP.” Adler said the campaign has yet to follow up: his own words
                subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.i >= i), None)
                head = subject if subject is not None else self._phrase_head(nouns[-1], k)
                return self.speaker_noun(head, quote_start), token.lemma_
            if token.is_space and "\n" not in token.text:
                k += 1  # a non-breaking space: "his friend\xa0Mahamat Saleh Oumar told"
                continue
            if token.pos_ not in self.NOUN_PHRASE and token.text not in (".", "-", "'s", "’s") \
                    or "\n" in token.text_with_ws or self._inside(token):
                return None
            if token.pos_ in ("PROPN", "NOUN", "PRON") or token.text[:1].isupper() and token.is_alpha:
                nouns.append(token)
            k += 1
        return None

    def _introduces_next(self, verb: Token) -> bool:
        """Whether a reporting verb ends in a colon opening the next quote ("Trump said: “…”")."""
        following = verb.i + 1
        while following < len(self.doc) and self.doc[following].dep_ in ("nsubj", "advmod", "npadvmod") \
                and following - verb.i <= 3:
            following += 1
        return following < len(self.doc) and self.doc[following].text == ":"

    @staticmethod
    def _reports_other(verb: Token) -> bool:
        """Whether a reporting verb after a quote that closed its sentence reports words of its own."""
        return any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)

    @staticmethod
    def _phrase_head(token: Token, limit: int) -> Token:
        """"Rubio spokesman Alex Conant": from any word of the phrase to its head (Conant); a possessor
        to what it owns ("the mayor's introducer")."""
        while token.dep_ in ("compound", "flat", "amod", "nmod", "poss") and token.i < token.head.i < limit:
            token = token.head
        return token

    def _is_quote_verb(self, token: Token) -> bool:
        if token.lemma_ not in self.known.quote_verbs or token.pos_ not in ("VERB", "AUX"):
            return False
        before = self.doc[token.i - 1] if token.i > 0 else None  # not "Trump's fired campaign manager"
        if token.dep_ == "amod" and before is not None and before.tag_ in ("POS", "DT", "PRP$", "JJ"):
            return False
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if infinitive and token.dep_ in ("relcl", "acl"):
            return False  # "a leader to counter terrorist threats" (but "went on to say")
        if token.lemma_ in self.known.bare_object_verbs and \
                any(c.dep_ in ("prep", "dative") for c in token.children):
            return False  # "as she put it", not "putting it into the file"
        particles = self.known.speech.object_verb_particles.get(token.lemma_)
        return not particles or any(c.lower_ in particles for c in token.children)  # "made clear", not "making X pay"

    def _token_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [t.idx for t in self.doc]
        return self._starts

    def _parsed_speaker(self, start: int, end: int) -> tuple[int | None, str | None]:
        """The subject of a reporting verb in the quote's sentence (or the sentence ending
        in a colon before it)."""
        sentences = []
        for token in self.doc.char_span(start, end, alignment_mode="expand") or []:
            if token.sent not in sentences:
                sentences.append(token.sent)
        if not sentences:
            return None, None
        first = sentences[0]
        if first.start > 0:
            before = self.doc[first.start - 1].sent
            if before.text.rstrip().endswith(":"):
                sentences.insert(0, before)
        candidates = []
        for sentence in sentences:
            for token in sentence:
                if self._in_span(token, start, end) or self._inside_other(token, start, end):
                    continue
                if self._is_quote_verb(token):  # the outermost verb whose phrase holds the quote first
                    holds = self._holds(token, start, end)  # ("X added that Y cannot say “…”" is X's),
                    distance = min(abs(token.idx - start), abs(token.idx - end))  # then a verb the quote
                    depth = sum(1 for _ in token.ancestors)  # hangs from through a joined clause, then
                    rank = depth * 1_000 if holds else 50_000 if self._above_quote(token, start, end) else 100_000
                    candidates.append((rank + distance, token))  # the nearest (not "a leader to counter …")
                elif token.lower_ == self.known.speech.according_to and any(c.lower_ == "to" for c in token.children):
                    candidates.append((1_000_000 + min(abs(token.idx - start), abs(token.idx - end)), token))
        earlier = [(start - verb.idx, verb) for _, verb in candidates if verb.idx < start]
        if earlier and self._set_off_by_dashes(start, end):  # "X lamented her gaffes - “…” - and voters
            candidates = earlier  # said …": the clause before the dashes
        for _, verb in sorted(candidates, key=lambda c: c[0]):
            speaker = self.speaker_of(verb, before=start)
            if speaker is not None:
                return speaker, ("according to" if verb.lower_ == self.known.speech.according_to else verb.lemma_)
            if any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN" for c in verb.children):
                break  # "sources have said he said “…”": the sources, unnamed
        dash = self._dash_speaker(end)
        if dash is not None:
            return dash, None
        if candidates:  # a reporting verb whose speaker is not named ("an official said"): nobody
            return None, sorted(candidates, key=lambda c: c[0])[0][1].lemma_
        return self._clause_subject(start, end), None

    def _set_off_by_dashes(self, start: int, end: int) -> bool:
        """A quote between two dashes inside a sentence: “ - “…” - ”."""
        before = self.text[max(0, start - 6):start].rstrip("“\"'‘ ")
        after = self.text[end:end + 6].lstrip("”\"'’ ")
        return before.endswith(("-", "—", "–")) and after.startswith(("-", "—", "–"))

    def _quote_head(self, start: int, end: int) -> Token | None:
        """The word the parse hangs the quote at doc offsets [start, end) on."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def _holds(self, verb: Token, start: int, end: int) -> bool:
        """Whether the quote at doc offsets [start, end) lies in the verb's own phrase, not in a
        clause merely joined to it ("Cruz said …, and Trump vowed to “bomb …”" is not Cruz's)."""
        node = self._quote_head(start, end)
        if node is None:
            return False
        while node.i != verb.i:  # (a clause joined deeper down is still reported: "X said that Y
            if node.head.i == node.i or node.dep_ in ("parataxis", "advcl") \
                    or node.dep_ == "conj" and node.head.i == verb.i:
                return False  # begged her and “would have crawled across the harbour”")
            node = node.head
        return True

    def _above_quote(self, verb: Token, start: int, end: int) -> bool:
        node = self._quote_head(start, end)
        return node is not None and any(a.i == verb.i for a in node.ancestors)

    def _clause_subject(self, start: int, end: int) -> int | None:
        """A quote set inside a sentence with no reporting verb is the words of the clause's
        subject: "Trump launched into a lament for the “countless Americans”"."""
        node = self._quote_head(start, end)
        if node is None:
            return None
        k = bisect.bisect_left(self._token_starts(), end)  # Obama's “if you like your plan” promise (not
        while k < len(self.doc) and (self.doc[k].is_punct or self.doc[k].is_space):  # Trump's “New York values”)
            k += 1
        after = self.doc[k] if k < len(self.doc) else None
        saying = any(t is not None and t.pos_ == "NOUN" and t.lemma_ in self.known.saying_nouns for t in (node.head, after))
        owner = next((c for n in (node, node.head) if n.pos_ == "NOUN" for c in n.children
                      if c.dep_ == "poss" and not start <= c.idx < end), None) if saying else None
        found = self.speaker_noun(owner, start) if owner is not None else None
        if found is not None and self.actors.actors[found].type == "person":
            return found  # Obama's “if you like your plan” promise (not "the court's “four justices”")
        for _ in range(8):
            if node.head.i == node.i:
                return None
            node = node.head
            if start <= node.idx < end or node.pos_ not in ("VERB", "AUX"):
                continue
            if node.dep_ == "ccomp" and node.head.i != node.i:
                continue  # "Hewlett sniped that Fiorina was “learning on the job”": the one who says so
            subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ not in ("who", "that", "which", "it", "this", "there") \
                    and not start <= subject.idx < end:  # (not "It's the appeal of the “…” pledge")
                return self.speaker_noun(subject, start)
        return None

    def _in_span(self, token: Token, start: int, end: int) -> bool:
        return start <= token.idx < end

    def _inside_other(self, token: Token, start: int, end: int) -> bool:
        return any(s <= token.idx < e for s, e in self.direct_spans if (s, e) != (start, end))

    def _dash_speaker(self, end: int) -> int | None:
        """“…” — Name."""
        tail = self.text[end:end + 8]
        m = re.match(r"[”\"»]?\s*[—–-]+\s*", tail)  # also on the next line: "…”\n\n—Jane Doe, Ohio"
        if not m:
            return None
        token = self._token_at(end + m.end())
        return self.speaker_noun(self._phrase_head(token, token.i + 4), end) if token is not None else None

    # --- speakers ------------------------------------------------------------------
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
                subjects = [s for s in subjects if s.lower_ not in ("it", "there", "this")]
            if subjects and subjects[0].lower_ in ("who", "that", "which") and node.dep_ == "relcl":
                return self.resolve_noun(node.head, before)  # "Musavi, who confirmed that ..."
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
        for child in verb.children:  # "…," said Zamir Kabulov (parsed as an object); "Continued Stone:"
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
        if pronouns and lower in PERSON_PRONOUNS:
            subject = self._latest_subject(token, before)  # actor 0 is an actor: no `or`
            return subject if subject is not None else self._latest(before, {"person"})
        if pronouns and lower in GROUP_PRONOUNS:
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
                       and (t.dep_ == "poss" or t.head.lower_ in ("by", "from"))  # a video that said"
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
        unnamed = token.tag_ == "NNS" or any(c.dep_ in ("det", "nummod") and c.lower_ in UNNAMED_DETERMINERS
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
                speaking = head.head.lemma_ in self.reporting  # "Westmacott also said that Obama ..."
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

    # --- reported speech --------------------------------------------------------------
    def find_indirect(self) -> None:
        clause_verbs = set(self.known.speech.clause_verbs)
        object_verbs = set(self.known.speech.object_verbs)
        particles = self.known.speech.object_verb_particles
        for token in self.doc[self._first_body_token():]:
            if self._inside(token):
                continue
            clause = None
            if token.lower_ == self.known.speech.according_to and any(c.lower_ == "to" for c in token.children):
                clause = self._according_clause(token)
            elif token.pos_ in ("VERB", "AUX") and token.lemma_ in clause_verbs | object_verbs:
                clause = self._reported_clause(token, clause_verbs, object_verbs, particles)
            if clause is None:
                continue
            start, end = clause
            text = self.body[start - self.offset:end - self.offset].strip(" ,;:")
            if len(WORD.findall(text)) < 3 or self._mostly_quoted(start, end):
                continue
            speaker = self.speaker_of(token, before=start if start < token.idx else token.idx)
            if speaker is None:
                continue
            s = start - self.offset + (len(self.text[start:end]) - len(self.text[start:end].lstrip(" ,;:")))
            cue = "according to" if token.lower_ == self.known.speech.according_to else token.lemma_
            self.quotes.append(LocalQuote(text, s, s + len(text), "indirect", cue, speaker))
            if token.dep_ == "advcl" and self._is_quote_verb(token.head):
                self._side_reports.add(s)  # "“…,” X told Y, after Y told X that …": X goes on speaking

    def _first_body_token(self) -> int:
        token = self._token_at(self.offset)
        return token.i if token is not None else 0

    def _reported_clause(self, verb: Token, clause_verbs, object_verbs, particles) -> tuple[int, int] | None:
        lemma = verb.lemma_
        if lemma in particles and not any(c.lower_ in particles[lemma] for c in verb.children):
            return None
        for child in verb.children:  # X said (that) Y / Y, X said
            if lemma in clause_verbs and child.dep_ == "ccomp" and (child.i > verb.i or self._before_comma(child, verb)):
                tokens = [t for t in child.subtree if not (t.dep_ == "mark" and t.head == child and t.i == child.left_edge.i)]
                return self._char_range(tokens)
        if lemma in clause_verbs and verb.dep_ == "parataxis" and verb.head.dep_ == "ROOT":  # Y, he said, Z
            inside = {t.i for t in verb.subtree}
            tokens = [t for t in verb.head.subtree if t.i not in inside]
            while tokens and tokens[-1].is_punct:
                tokens.pop()
            if tokens and tokens[-1].i - tokens[0].i + 1 - len(tokens) <= len(inside):
                return self._char_range([t for t in tokens if not t.is_punct or tokens[0].i < t.i < tokens[-1].i])
        if verb.dep_ == "relcl":
            return None  # "which Russia expressed its desire for": the object is elsewhere
        for child in verb.children:
            if lemma in object_verbs and child.dep_ in ("dobj", "ccomp") and child.i > verb.i:
                return self._char_range(list(child.subtree))
        return None

    @staticmethod
    def _before_comma(clause: Token, verb: Token) -> bool:
        """“Y, X said”: the clause ends in a comma right before the reporting words."""
        last = clause.right_edge
        return last.i + 1 < verb.i and verb.doc[last.i + 1].text == "," and clause.i < verb.i

    def _according_clause(self, according: Token) -> tuple[int, int] | None:
        sentence = according.sent
        if any(self._inside(t) for t in sentence):
            return None
        skip = {t.i for t in according.subtree}
        tokens = [t for t in sentence if t.i not in skip and not t.is_space]
        while tokens and tokens[0].is_punct:
            tokens.pop(0)
        while tokens and tokens[-1].is_punct:
            tokens.pop()
        if not tokens or (tokens[-1].i - tokens[0].i + 1) != len(tokens):
            return None  # the phrase sits inside the clause; keep the text contiguous
        return self._char_range(tokens)

    def _char_range(self, tokens: list[Token]) -> tuple[int, int] | None:
        tokens = [t for t in tokens if not t.is_space]
        if not tokens:
            return None
        first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
        if last.is_punct and last.text in ".;:":
            end = last.idx
        else:
            end = last.idx + len(last.text)
        return first.idx, end

    def _mostly_quoted(self, start: int, end: int) -> bool:
        inside = sum(max(0, min(e, end) - max(s, start)) for s, e in self.direct_spans)
        return inside > 0.9 * max(1, end - start)
