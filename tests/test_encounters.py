"""When two reports of a meeting are one encounter (generator/encounters.py): the rule the extraction
applies within an article and resolve across articles. Plain records, no model."""
from __future__ import annotations

import pytest

from generator.encounters import absorb, circumstances_agree, places_agree
from generator.records import LocalEvent, Place


def report(date=None, location=None, status="held", start=0) -> LocalEvent:
    return LocalEvent("meeting", [0, 1], location, date, status, [Place(start, start + 10)])


@pytest.mark.parametrize("a, b, within, across", [
    (report("2024-03-05"), report("2024-03"), True, True),  # a coarser date agrees
    (report("2024-03-05"), report("2024-03-06"), False, False),
    (report(status="held"), report(status="planned"), False, False),
    (report(location="Vatican"), report(location="the Vatican guest house"), True, False),  # inside: one article only
    (report(location="Paris"), report(location="Paris"), True, True),
    (report(location="Paris"), report(location="Rome"), False, False),
    (report(location="Paris"), report(), True, True),  # an untold place agrees with any
], ids=["coarser-date", "other-day", "other-status", "place-inside-another", "same-place", "other-place",
        "untold-place"])
def test_two_reports_are_one_encounter_when_status_date_and_place_agree(a, b, within, across):
    assert circumstances_agree(a, b) is within
    assert circumstances_agree(a, b, exact_place=True) is across


def test_places_agree_is_symmetric_and_an_untold_place_agrees():
    assert places_agree("Vatican", "the Vatican guest house") and places_agree("the Vatican guest house", "Vatican")
    assert not places_agree("Vatican", "the Vatican guest house", exact=True)
    assert places_agree(None, "Rome", exact=True) and places_agree(None, None)


def test_the_one_keeps_the_finer_date_the_more_exact_place_and_each_evidence_once():
    kept, told_again = report("2024-03", "Vatican", start=0), report("2024-03-05", "the Vatican guest house", start=40)
    told_again.evidence.append(Place(0, 10))  # the same sentence, found again
    absorb(kept, told_again)
    assert (kept.date, kept.location) == ("2024-03-05", "the Vatican guest house")
    assert kept.evidence == [Place(0, 10), Place(40, 50)]
