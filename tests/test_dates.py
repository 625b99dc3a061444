"""Date expressions resolved against the article's date, at the precision the text gives: no model needed."""
from __future__ import annotations

from datetime import date

import pytest

from generator.dates import precision, resolve

CASES = [
    # (expression, article date, tense the event is told in, expected ISO date or None)
    ("Sept. 13", date(2019, 9, 23), "past", "2019-09-13"),
    ("on Sept. 13", date(2019, 9, 23), "past", "2019-09-13"),
    ("on Saturday", date(2016, 4, 18), "past", "2016-04-16"),
    ("Saturday", date(2016, 4, 18), "future", "2016-04-23"),
    ("last Tuesday", date(2019, 9, 23), "past", "2019-09-17"),
    ("yesterday", date(2019, 9, 23), "past", "2019-09-22"),
    ("tomorrow", date(2019, 9, 23), "future", "2019-09-24"),
    ("next month", date(2019, 9, 23), "future", "2019-10"),
    ("last month", date(2019, 9, 23), "past", "2019-08"),
    ("next month", date(2019, 12, 5), "future", "2020-01"),
    ("June 29 and 30", date(2022, 7, 1), "past", "2022-06-29"),
    ("Dec. 28", date(2020, 1, 3), "past", "2019-12-28"),  # last year's December
    ("Jan. 5", date(2019, 12, 20), "future", "2020-01-05"),  # next year's January
    ("Nov. 5", date(2019, 9, 23), "future", "2019-11-05"),
    ("in October", date(2019, 9, 23), "future", "2019-10"),
    ("in August", date(2019, 9, 23), "past", "2019-08"),
    ("the end of September", date(2019, 9, 23), "past", "2019-09"),
    ("earlier this month", date(2019, 9, 23), "past", "2019-09"),
    ("May 4, 2017", date(2019, 9, 23), "past", "2017-05-04"),
    ("March 2018", date(2019, 9, 23), "past", "2018-03"),
    ("2019-09-13", date(2019, 9, 23), "past", "2019-09-13"),
    ("2019", date(2019, 9, 23), "past", "2019"),
    ("in 2018", date(2019, 9, 23), "past", "2018"),
    ("last year", date(2019, 9, 23), "past", "2018"),
    ("next year", date(2019, 9, 23), "future", "2020"),
    ("this week", date(2019, 9, 23), "past", "2019-09"),  # a week is told at month precision, as the gold does
    ("recently", date(2019, 9, 23), "past", None),
    ("in the coming weeks", date(2019, 9, 23), "future", None),
    ("the 1990s", date(2019, 9, 23), "past", None),
    ("may", date(2019, 9, 23), "past", None),  # the verb, not the month
]


@pytest.mark.parametrize("text, article_date, tense, expected", CASES,
                         ids=[f"{c[0]}@{c[1]}-{c[2]}" for c in CASES])
def test_resolve(text, article_date, tense, expected):
    assert resolve(text, article_date, tense) == expected


@pytest.mark.parametrize("text, expected", [
    ("Sept. 13", "day"),
    ("on Saturday", "day"),
    ("June 29 and 30", "day"),
    ("next month", "month"),
    ("in October", "month"),
    ("March 2018", "month"),
    ("2019", "year"),
    ("last year", "year"),
    ("recently", None),
    ("may", None),
])
def test_precision(text, expected):
    assert precision(text) == expected


def test_resolved_length_matches_precision():
    """The ISO string is exactly as long as its precision: YYYY-MM-DD, YYYY-MM or YYYY."""
    lengths = {"day": 10, "month": 7, "year": 4}
    for text, article_date, tense, expected in CASES:
        level = precision(text)
        resolved = resolve(text, article_date, tense)
        if resolved is not None:
            assert len(resolved) == lengths[level], (text, resolved, level)


def test_past_is_never_after_and_future_never_before_the_article():
    """The same words point back for what happened and forward for what is planned."""
    article_date = date(2019, 9, 23)
    for text in ("Sept. 2", "Monday", "Friday", "Oct. 4", "Aug. 12", "Jan. 5", "Dec. 28"):
        past = resolve(text, article_date, "past")
        future = resolve(text, article_date, "future")
        assert past is not None and future is not None, text
        assert past <= article_date.isoformat(), (text, past)
        assert future[:7] >= article_date.isoformat()[:7], (text, future)
        assert (date.fromisoformat(future) - date.fromisoformat(past)).days <= 366, (text, past, future)
