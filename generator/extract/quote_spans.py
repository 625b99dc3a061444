"""Quotation spans on raw text, no model: every contiguous stretch in quotation marks.

One paragraph at a time, so a stray mark cannot swallow the rest of the
article; a quote runs on into the next paragraph when that one reopens it.
Scare quotes and names in quotation marks (titles, slogans) are no quotes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge import grammar

GRAMMAR = grammar()  # English function words (generator/data/grammar.yml)

OPENING = {"“": "”", "«": "»", "„": "”"}
CLOSING = {"”", "»"}
STRAIGHT = '"'
WORD = re.compile(r"\w+")
SENTENCE_BREAK = re.compile(r"[A-Za-z][a-z]{3,}[.!?]\s+[A-Z]")  # after a word of four letters or more: not "Mr. Smith"


@dataclass
class QuoteSpan:
    start: int  # the quoted words, marks excluded
    end: int
    runs_on: bool = False  # the paragraph ended inside the quote and the next one reopens it
    short: bool = False  # a term or two with no closing mark: a quote only where someone is said to say it


def _opens_here(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:/") and not after.isspace()


def _closes_here(text: str, i: int) -> bool:
    """A mark closes before a space or punctuation, or right after a comma or full stop even when a
    word follows with no space ('…audiences,"Jane Doe said')."""
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isalnum() or i > 0 and text[i - 1] in ",.!?"


def find_quote_spans(text: str, short: bool = False) -> list[QuoteSpan]:
    """Every contiguous quotation-marked span, paragraph by paragraph; with `short`, also the
    terms of one or two words that may be scare quotes, marked as such."""
    original = text
    text = text.replace("\'\'", ' "')  # two apostrophes as a double mark (same length, offsets kept)
    spans: list[QuoteSpan] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for number, (p_start, p_end) in enumerate(paragraphs):
        paragraph = text[p_start:p_end]
        found = _double_quotes(paragraph)
        if found is None:  # no double marks: British-style ‘…’ quotes, if any
            spans.extend(QuoteSpan(p_start + s, p_start + e) for s, e in _single_quotes(paragraph))
            continue
        spans_here, open_at = found
        for s, e in spans_here:
            spans.append(QuoteSpan(p_start + s, p_start + e))
        if open_at is not None:
            following = text[paragraphs[number + 1][0]:].lstrip() if number + 1 < len(paragraphs) else ""
            if following[:1] in OPENING or following[:1] == STRAIGHT:
                spans.append(QuoteSpan(p_start + open_at, p_end, runs_on=True))
    trimmed = []
    for span in spans:
        while span.start < span.end and original[span.start].isspace():
            span.start += 1
        while span.end > span.start and original[span.end - 1] in " '\n":
            span.end -= 1
        if _is_real_quote(original[span.start:span.end]):
            trimmed.append(span)
        elif short and _is_term(original[span.start:span.end]):
            span.short = True
            trimmed.append(span)
    return trimmed


def _is_term(words_text: str) -> bool:
    """One or two words, not all capitalised: a scare quote, or someone's word ("not ready")."""
    words = WORD.findall(words_text)
    return 0 < len(words) <= 2 and not all(w[0].isupper() or w[0].isdigit() for w in words)


def _double_quotes(paragraph: str) -> tuple[list[tuple[int, int]], int | None] | None:
    if not any(c in paragraph for c in '“”«»„"'):
        return None
    spans, open_at = [], None
    for i, c in enumerate(paragraph):
        if c in OPENING or (c == STRAIGHT and open_at is None and _opens_here(paragraph, i)):
            open_at = i + 1  # a second opening mark restarts: the first was stray
        elif (c in CLOSING or c == STRAIGHT) and open_at is not None and _closes_here(paragraph, i):
            spans.append((open_at, i))
            open_at = None
    return spans, open_at


def _single_quotes(paragraph: str) -> list[tuple[int, int]]:
    """British-style ‘…’ quotes; apostrophes inside words are skipped."""
    spans, open_at = [], None
    for i, c in enumerate(paragraph):
        if c == "‘" and open_at is None and _opens_here(paragraph, i):
            open_at = i + 1
        elif c == "’" and open_at is not None and _closes_here(paragraph, i):
            if len(WORD.findall(paragraph[open_at:i])) >= 4:
                spans.append((open_at, i))
            open_at = None
    return spans


def _is_real_quote(words_text: str) -> bool:
    """What is not a quote: a scare quote around a term or two ("so-called “peace plan”"),
    and a name in quotation marks, every word capitalised: a title of a work, a show, a
    slogan ("Saturday Night Live", “Tough Choices,”, "Make America Great Again"). A question
    or exclamation is speech, and so is an address ("Mr. President,")."""
    words = WORD.findall(words_text)
    if not words:
        return False
    stripped = words_text.strip()
    ends_like_speech = stripped[-1:] in ",.!?…—-"
    if len(words) <= 2 and not ends_like_speech:
        return False
    if stripped[-1:] in "!?" or words[0].lower() in GRAMMAR.address_words or SENTENCE_BREAK.search(stripped):
        return True  # (two sentences are speech too: “Like Dover. Or Leeds,”)
    named = [w for w in words if w.lower() not in GRAMMAR.headline_small_words]
    return not (2 <= len(words) <= 8 and named and all(w[0].isupper() or w[0].isdigit() for w in named))
