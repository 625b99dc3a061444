"""Word classes the quote modules share."""
from __future__ import annotations

import re

WORD = re.compile(r"\w+")
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "it", "we"}
UNNAMED_DETERMINERS = {"a", "an", "another", "one", "some", "any", "each", "every"}
# A short note in parentheses opening or closing a transcript turn: a stage direction, not speech.
STAGE_DIRECTION_FIRST = re.compile(r"\([^()\n]{1,40}\)")
STAGE_DIRECTION_LAST = re.compile(r"\([^()\n]{1,40}\)$")
