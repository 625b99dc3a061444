"""Filters for templates: article text made inert Markdown, dates, plurals, YAML front matter values."""
from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from urllib.parse import quote as url_quote

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


# --------------------------------------------------------------------------- escaping

_MD_ESCAPE = re.compile(r"([\\`*_{}\[\]()#!|])")
_LIST_START = re.compile(r"^(\s*)([-+>=]|\d+(?=[.)]))")


def md(value) -> str:
    """Article-derived text as inert Markdown: no HTML, no links, no emphasis, no attributes.

    Whitespace (newlines included) collapses to single spaces, so the text stays on
    the line the template put it on and cannot open a block (list, heading, table).
    Use it on every piece of article text (titles, quotes, names) a page shows.

    Example: {{ "<b>Ivan</b> said *no* [here](http://x.example)"|md }}
    """
    if value is None:
        return ""
    text = re.sub(r"\s+", " ", str(value)).strip()  # (“ £” read as “£” once a control character went)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_ESCAPE.sub(r"\\\1", text)
    text = text.replace("~", "&#126;")  # "~~~" would open a fenced block (even a Mermaid one)
    if text.startswith("="):
        text = "&#61;" + text[1:]  # Python-Markdown has no "\=" escape
    # Only meaningful at the start of a line: "- x", "+ x", "1. x", "> x".
    match = _LIST_START.match(text)
    if match:
        head = match.group(2)
        if head[0].isdigit():
            text = text[:match.end()] + "\\" + text[match.end():]
        else:
            text = text[:match.start(2)] + "\\" + text[match.start(2):]
    return text


_PLAIN = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def plain(value) -> str:
    """Text with no character that HTML could read as markup or an entity.

    For front matter: Material puts `page.meta.title` and tag names into the HTML
    unescaped (and `striptags` would turn `&lt;` back into `<`), so page titles and
    tags from article text must not hold `<`, `>` or `&` at all.

    Example: {{ "Q&A <live>"|plain }}
    """
    return " ".join(str(value or "").split()).translate(_PLAIN)


def yaml_text(value) -> str:
    """plain(value) as a YAML (JSON) string, for front matter such as `title:`.

    Example: title: {{ 'Talks "resume" in Doha'|yaml_text }}
    """
    return json.dumps(plain(value) or "untitled", ensure_ascii=True)  # no raw control characters in YAML


def tag(value) -> str:
    """A tag name for Material's tags plugin, as a YAML string (front matter). A name without a letter
    or digit ("..", "/") would have an empty id on the tags page, the same as every other such name:
    it gets a short digest of its text.

    Example: tags: [{{ "peace talks"|tag }}]
    """
    name = re.sub(r"[\"'`\\]", "", plain(value))
    if not re.search(r"\w", name):
        name = f"tag {hashlib.sha256(name.encode()).hexdigest()[:6]}" if name.strip() else "untitled"
    return json.dumps(name, ensure_ascii=False)


_IRREGULAR = {"person": "people", "Person": "People"}


def plural(word: str, count: int | None = None) -> str:
    """`country` → `countries`; with a count, "1 country" / "5 countries".

    Example: {{ plural("country") }}, {{ plural("person", 1) }}, {{ plural("meeting", actors|length) }}
    """
    word = str(word)
    many = _IRREGULAR.get(word) or (word[:-1] + "ies" if re.search(r"[^aeiou]y$", word) else
                                     word + "es" if re.search(r"(s|x|ch|sh)$", word) else word + "s")
    if count is None:
        return many
    return f"{count} {word if count == 1 else many}"


def css_class(value) -> str:
    """A value reduced to a CSS class name (lower case, letters, digits and hyphens).

    Example: <span class="status-{{ "Held (maybe)"|css_class }}">
    """
    return re.sub(r"[^a-z0-9-]+", "-", str(value or "").lower()).strip("-") or "none"


def fmt_date(value, default: str = "date unknown") -> str:
    """A date for reading: 23 September 2019; "September 2019" or "2019" for partial ISO dates;
    `default` when there is no date. Takes a `date` or an ISO string.

    Example: {{ "2019-09-23"|fmt_date }} · {{ fmt_date("2019-09") }} · {{ fmt_date(none, "undated") }}
    """
    if value is None or value == "":
        return default
    if isinstance(value, date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    parts = str(value).split("-")
    try:
        if len(parts) >= 3:
            return f"{int(parts[2][:2])} {MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
        return str(int(parts[0]))
    except (ValueError, IndexError):
        return md(value)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a Markdown link target, or None (any other scheme).

    Example: {{ safe_url("https://example.com/a b") }} · {{ safe_url("javascript:alert(1)") }}
    """
    if not url:
        return None
    url = url.strip()
    if not re.match(r"^https?://[^\s/]", url, re.IGNORECASE):
        return None
    return url_quote(url, safe=":/?#@!$&'*+,;=%~-._[]")
