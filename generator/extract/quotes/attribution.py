"""Who a quote is attributed to by the words next to it and by the parse of its sentence."""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Token

from ...knowledge import grammar

GRAMMAR = grammar()  # English function words (generator/data/grammar.yml)


class QuoteAttribution:
    """The attribution rules of the sieve, strongest first (a part of QuoteFinder)."""

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
        if i < len(doc) and doc[i].idx - end <= 4 and doc[i].lower_ not in GRAMMAR.relative_pronouns:
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
                                and c.lower_ not in GRAMMAR.clause_subjects), None)
                if subject is not None and subject.lower_ in GRAMMAR.dummy_subjects and not self._is_quote_verb(token):
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
            if subject is not None and subject.lower_ not in GRAMMAR.relative_pronouns | GRAMMAR.dummy_subjects \
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
