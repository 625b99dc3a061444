"""Dates of events at the precision the text gives, resolved against the article's date.

dateparser does the calendar work; this module only decides how precise the
expression is (day, month, year or nothing) and which direction a relative
expression points (past for what happened, future for what is planned).
"""
from __future__ import annotations

import re
from datetime import date, datetime

MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
WEEKDAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DAY_WORDS = r"(today|yesterday|tomorrow|tonight|day ahead)"
LEADING = re.compile(r"^(on|in|at|since|by|until|from|during|the|early|late|mid|earlier|later|"
                     r"(?:the )?(?:end|beginning|start|middle|first half|second half) of)[\s-]+", re.I)
RELATIVE = re.compile(r"\b(last|next|this|past|ago|coming)\b", re.I)


def precision(text: str) -> str | None:
    """'day', 'month', 'year' or None for how exactly an expression names a date."""
    lower = text.lower()
    if re.search(r"\d{4}-\d{2}-\d{2}", lower):
        return "day"
    has_month = re.search(rf"\b{MONTH}(?![a-z])", lower) and not re.search(r"\bmay\b(?!\s+\d)", lower) \
        or re.search(r"\bmay\s+\d", lower)
    if has_month and re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", re.sub(r"\b\d{4}\b", "", lower)):
        return "day"
    if re.search(rf"\b{WEEKDAY}\b", lower) or re.search(rf"\b{DAY_WORDS}\b", lower):
        return "day"
    if has_month or re.search(r"\b(last|next|this|the|that) (month|week)\b", lower):
        return "month"  # a week is told at month precision
    if re.search(r"\b(1[89]|20)\d{2}\b", lower) or re.search(r"\b(last|next|this) year\b", lower):
        return "year"
    return None


def agree(a: str | None, b: str | None) -> bool:
    """Two ISO dates at any precision can name the same day ("2019-09" and "2019-09-13")."""
    return not (a and b) or a.startswith(b) or b.startswith(a)


def finer(a: str | None, b: str | None) -> str | None:
    """The more precise of two dates that agree."""
    return b if b and (not a or len(b) > len(a)) else a


def has_explicit_month(text: str) -> bool:
    return bool(re.search(rf"\b{MONTH}(?![a-z])", text.lower())) and not re.fullmatch(r".*\bmay\b(?!\s+\d).*", text.lower())


def resolve(text: str, article_date: date, prefer: str = "past") -> str | None:
    """ISO date for a date expression, or None when the text gives no usable date."""
    level = precision(text)
    if level is None:
        return None
    import dateparser  # imported here: it is slow to import and only dates need it

    cleaned = re.split(r"\s+(?:and|to|through|-|–)\s+", text.strip(), maxsplit=1)[0]
    cleaned = re.sub(r"(?<![\d-])(\d{1,2})\s*[-–]\s*\d{1,2}\b(?!-)", r"\1", cleaned)  # "Oct. 1-2": the first day
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    for _ in range(3):
        cleaned = LEADING.sub("", cleaned)
    base = datetime(article_date.year, article_date.month, article_date.day, 12)
    if re.search(r"\bday ahead\b", cleaned, re.I):
        cleaned = "today"  # "a full day ahead of us"
    weekday = re.fullmatch(WEEKDAY, cleaned.strip().lower())
    if weekday and article_date.strftime("%A").lower() == weekday.group(1):
        return article_date.isoformat()  # "on Monday" in Monday's paper is that day
    if re.fullmatch(rf"{WEEKDAY}", cleaned.strip().lower()) or re.fullmatch(DAY_WORDS, cleaned.strip().lower()):
        prefer_from = prefer
    else:
        prefer_from = "current_period"
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer_from, "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False, "REQUIRE_PARTS": []}
    relative_period = re.search(r"\b(last|next|this|the|that) (month|week)\b", text, re.I)
    if relative_period and not has_explicit_month(text):
        word = relative_period.group(1).lower()
        cleaned = f"{'last' if word == 'last' else 'next' if word == 'next' else 'this'} {relative_period.group(2).lower()}"
        if cleaned.startswith("this"):
            cleaned = "today"
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if prefer_from == "current_period" and not RELATIVE.search(text) and not re.search(r"\b\d{4}\b", text):
        parsed = _nearest_year(parsed, base, prefer)
    if level == "day":
        return parsed.date().isoformat()
    if level == "month":
        return f"{parsed.year:04d}-{parsed.month:02d}"
    return f"{parsed.year:04d}"


def _nearest_year(parsed: datetime, base: datetime, prefer: str) -> datetime:
    """A month or day without a year is the nearest one in the direction of the tense."""
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(parsed.replace(year=year))
        except ValueError:
            continue
    month_start = base.replace(day=1, hour=0)
    if prefer == "future":
        ahead = [c for c in candidates if c >= month_start]
        return min(ahead) if ahead else parsed
    behind = [c for c in candidates if c <= base]
    return max(behind) if behind else parsed
