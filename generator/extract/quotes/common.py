"""Word classes the quote modules share."""
from __future__ import annotations

import re

WORD = re.compile(r"\w+")
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "it", "we"}
UNNAMED_DETERMINERS = {"a", "an", "another", "one", "some", "any", "each", "every"}
