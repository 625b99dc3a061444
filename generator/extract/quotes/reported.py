"""Reported speech: "X said (that) Y", "Y, X said", "according to X, Y"."""
from __future__ import annotations

from spacy.tokens import Token

from ...records import LocalQuote
from .common import WORD


class ReportedSpeech:
    """Indirect quotes (a part of QuoteFinder)."""

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
