"""An article's text laid out for its page: paragraphs of sentences (each an anchor), and in them the
names of actors, marked so that a template links them without changing a character of the text."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import Sentence

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")  # a blank line between paragraphs of an article


@dataclass
class Segment:
    """A piece of an article paragraph: a sentence (with its anchor) or text between sentences."""
    text: str  # the raw text of the piece: show it with `|md`
    sentence: int | None = None  # the sentence's index, None for text between sentences
    anchor: str | None = None  # "s-N", the id the piece carries (only a sentence's first piece has one)
    classes: str = ""  # "sentence", or "sentence quote" when a quote overlaps it
    parts: list[tuple[str, str | None]] = field(default_factory=list)  # the text in pieces: (text, actor id
    # of the name it is, or None); the pieces join to `text`. A name links to its actor's page once a paragraph.


def paragraphs(text: str, sentences: list[Sentence], quoted: list[int],
               names: list[tuple[int, int, str]]) -> list[list[Segment]]:
    """An article's body as paragraphs of Segments: `quoted` are the indexes of sentences holding a quote,
    `names` where the body names an actor (`body_names`). Nothing else is read: the page records digest
    these arguments rather than the segments (see `answered_from`)."""
    pieces: list[tuple[int, int, int | None]] = []  # (start, end, sentence index or None)
    pos = 0
    for sentence in sorted(sentences, key=lambda s: (s.start, s.end)):
        start, end = max(sentence.start, pos), min(sentence.end, len(text))
        if end <= start:
            continue
        if start > pos:
            pieces.append((pos, start, None))
        pieces.append((start, end, sentence.index))
        pos = end
    if pos < len(text):
        pieces.append((pos, len(text), None))
    if not sentences:
        pieces = [(0, len(text), None)]

    laid_out: list[list[Segment]] = [[]]
    linked: set[str] = set()  # actors linked in the paragraph so far
    for piece_start, piece_end, index in pieces:
        pos = piece_start
        for n, gap in enumerate([*PARAGRAPH_BREAK.finditer(text, piece_start, piece_end), None]):
            start, end = pos, gap.start() if gap else piece_end
            pos = gap.end() if gap else piece_end
            part = text[start:end]
            if n > 0 and laid_out[-1]:
                laid_out.append([])
                linked = set()
            if index is None:
                if part and (laid_out[-1] or part.strip()):
                    laid_out[-1].append(Segment(" ", parts=[(" ", None)]) if not part.strip() else
                                        Segment(part, parts=_pieces(text, start, end, names, linked)))
                continue
            if not part.strip():
                continue
            classes = "sentence quote" if index in quoted else "sentence"
            anchor = f"s-{index}" if n == 0 else None
            laid_out[-1].append(Segment(part, index, anchor, classes, _pieces(text, start, end, names, linked)))
    for paragraph in laid_out:
        while paragraph and paragraph[-1].sentence is None and not paragraph[-1].text.strip():
            paragraph.pop()
    return [p for p in laid_out if p]


def body_names(mentions: list[tuple[int, int, str]], length: int) -> list[tuple[int, int, str]]:
    """Where the body names an actor: (start, end, actor id), in order, none overlapping (the longer
    of two names starting at one place); from the body's mentions as (start, -end, actor id)."""
    found = sorted(mentions)
    names, reach = [], 0
    for start, negative_end, actor_id in found:
        if start >= reach and 0 <= start < -negative_end <= length:
            names.append((start, -negative_end, actor_id))
            reach = -negative_end
    return names


def _pieces(text: str, start: int, end: int, names: list[tuple[int, int, str]],
            linked: set[str]) -> list[tuple[str, str | None]]:
    """text[start:end] in pieces, the first name of each actor in the paragraph marked with its id."""
    parts, pos = [], start
    for name_start, name_end, actor_id in names[bisect.bisect_left(names, (start,)):]:
        if name_start >= end:
            break
        if name_end > end or actor_id in linked:
            continue
        linked.add(actor_id)
        if name_start > pos:
            parts.append((text[pos:name_start], None))
        parts.append((text[name_start:name_end], actor_id))
        pos = name_end
    if pos < end:
        parts.append((text[pos:end], None))
    return parts
