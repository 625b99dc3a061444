"""When two reports of a meeting are one encounter, and what the one keeps of both: the rule the
extraction applies to the reports of one article (extract/events/story.py) and resolve to those
of different articles. Plain records only (model.Event or records.LocalEvent); no spaCy."""
from __future__ import annotations

from . import dates


def places_agree(a: str | None, b: str | None, exact: bool = False) -> bool:
    """Places that can be one: either untold, or the same; within one article also one inside the other
    ("Vatican", "the Vatican guest house"), which across articles may be two places of one name (`exact`)."""
    if not (a and b):
        return True
    return a == b if exact else (a in b or b in a)


def circumstances_agree(a, b, exact_place: bool = False) -> bool:
    """The same status, dates that agree (one may be coarser) and places that agree."""
    return a.status == b.status and dates.agree(a.date, b.date) and places_agree(a.location, b.location, exact_place)


def absorb(into, other) -> None:
    """`other` told again in `into`: the finer date, the more exact place, each piece of evidence once."""
    into.date = dates.finer(into.date, other.date)
    into.location = max(into.location or "", other.location or "", key=len) or None
    for place in other.evidence:
        if place not in into.evidence:
            into.evidence.append(place)
