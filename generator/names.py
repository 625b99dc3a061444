"""Person names as keys and as shown: plain Python, shared by extraction and resolution."""
from __future__ import annotations

import re

from .knowledge import Knowledge, load, normalize

ROMAN = re.compile(r"[IVX]{2,5}")


def display_name(text: str) -> str:
    """Names shouted in transcripts ("WHITCOMBE") read as names ("Whitcombe")."""
    if text.isupper() and len(text) > 3:  # a regnal number stays as written: "Abdullah II"
        particles = load().name_particles
        return " ".join(w if k and ROMAN.fullmatch(w) else w.capitalize() if w.lower() not in particles
                        else w.lower() for k, w in enumerate(text.split()))  # ("XI JINPING" is Xi Jinping)
    return text


def person_key(name: str, known: Knowledge) -> str:
    """Full-name key without middle initials, suffixes and nicknames: "Joseph R. Biden Jr." = "Joe Biden"."""
    words = [re.sub(r"^(al|el|ad|as|ash|an)-", "", w) for w in normalize(name).split()]
    words = [w for w in words if len(w) > 1 and w not in known.name_suffixes]
    if words:
        words[0] = known.nicknames.get(words[0], words[0])
    return " ".join(words)


def is_name_suffix(word: str) -> bool:
    """"Jr.", "III": a word after a name that is no part of the person's key."""
    return word.rstrip(".").lower() in load().name_suffixes
