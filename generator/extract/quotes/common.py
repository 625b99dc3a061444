"""Patterns the quote modules share."""
from __future__ import annotations

import re

WORD = re.compile(r"\w+")
