"""The `briefing.json` export, as specified in shared/spec/briefing-json.md.

Written record by record, one per line: at 10,000 articles the whole document
held as dicts and then as one string cost the build several hundred megabytes.
"""
from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterator
from pathlib import Path

from . import __version__
from .files import written
from .model import Briefing

SCHEMA_VERSION = 1


def sections(briefing: Briefing) -> Iterator[tuple[str, Iterator[dict]]]:
    """(key, records) for every list of the document, in the spec's order; each record made when written."""
    yield "articles", (
        {"id": a.id, "path": a.path, "title": a.title, "date": a.date.isoformat(), "source": a.source,
         "url": a.url, "author": a.author, "tags": a.tags}
        for a in briefing.articles)
    yield "actors", (
        {"id": a.id, "name": a.name, "type": a.type, "aliases": a.aliases,
         "roles": [r.text for r in a.roles], "affiliation": a.affiliation,
         "role_sources": [{"text": r.text, "article": r.article, "start": r.start, "end": r.end} for r in a.roles],
         "mentions": [{"article": m.article, "start": m.start, "end": m.end,
                       **({"field": m.field} if m.field != "body" else {})} for m in a.mentions]}
        for a in briefing.actors)
    yield "quotes", (
        {"id": q.id, "article": q.article, "speaker": q.speaker, "text": q.text, "kind": q.kind,
         "cue": q.cue, "start": q.start, "end": q.end}
        for q in briefing.quotes)
    yield "events", (
        {"id": e.id, "type": e.type, "participants": e.participants, "location": e.location, "date": e.date,
         "status": e.status, "cue": e.cue, "articles": e.articles,
         "evidence": [{"article": v.article, "start": v.start, "end": v.end, "sentence": v.sentence,
                       **({"field": v.field} if v.field != "body" else {})} for v in e.evidence]}
        for e in briefing.events)
    yield "problems", ({"path": p.path, "line": p.line, "message": p.message} for p in briefing.problems)


def write_json(briefing: Briefing, path: Path) -> None:
    """The export, written record by record (a large archive's never whole in memory), whole or not at all."""
    dump = json.JSONEncoder(ensure_ascii=False).encode  # (one encoder: json.dumps makes one a call)

    with written(Path(path)) as out:
        out.write(f'{{\n "schema_version": {SCHEMA_VERSION},\n "generated_with": '
                  f'{dump({"generator": __version__, "spacy_model": briefing.spacy_model})}')
        for key, records in sections(briefing):
            out.write(f",\n {dump(key)}: [")
            for n, record in enumerate(records):
                out.write(("," if n else "") + "\n  " + dump(record))
            out.write("\n ]")
        out.write("\n}\n")


# --------------------------------------------------------------------------- CSV

CSV_FILES = ("actors.csv", "quotes.csv", "meetings.csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


def cell(value) -> str:
    """A value a spreadsheet shows as text: one starting like a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_rows(briefing: Briefing, directory_urls: bool = True) -> Iterator[tuple[str, list[str], Iterator[list]]]:
    """(file name, header, rows) of each CSV table: one row per actor, quote and meeting, with the
    article, its date, the sentence and the page on the site (relative to the site's root)."""
    from .render.links import actor_page, article_page, event_page, html_url  # pages as the site spells them

    articles = {a.id: a for a in briefing.articles}
    names = {a.id: a.name for a in briefing.actors}

    @functools.lru_cache(maxsize=None)  # (an article's page, once for all its quotes)
    def page(md_path: str) -> str:
        return html_url("index.md", md_path, directory_urls).removeprefix("./")

    def sentence_text(article_id: str, start: int) -> tuple[int | None, str]:
        article = articles[article_id]
        found = article.sentence_at(start)
        return (found.index, article.text[found.start:found.end]) if found is not None else (None, "")

    def actor_rows():
        for a in briefing.actors:
            named_in = a.articles  # (made from the mentions each time it is read)
            first = min(named_in, key=lambda i: (articles[i].date, i)) if named_in else None
            yield [a.id, a.name, a.type, "; ".join(r.text for r in a.roles), names.get(a.affiliation, ""),
                   "; ".join(a.aliases), len(a.mentions), len(named_in),
                   first or "", articles[first].date.isoformat() if first else "", page(actor_page(a.id))]

    def quote_rows():
        for q in briefing.quotes:
            article = articles[q.article]
            index, sentence = sentence_text(q.article, q.start)
            yield [q.id, names.get(q.speaker, ""), q.speaker or "", q.kind, q.cue or "", q.text, q.article,
                   article.date.isoformat(), index if index is not None else "", sentence,
                   page(article_page(q.article)) + (f"#s-{index}" if index is not None else "")]

    def meeting_rows():
        for e in briefing.events:
            first = e.evidence[0] if e.evidence else None
            article = articles.get(first.article) if first else None
            yield [e.id, e.type, e.status, e.date or "", e.location or "",
                   "; ".join(names.get(p, p) for p in e.participants), first.article if first else "",
                   article.date.isoformat() if article else "", first.sentence if first else "",
                   page(event_page(e.id))]

    yield "actors.csv", ["id", "name", "type", "roles", "affiliation", "aliases", "mentions", "articles",
                         "first_article", "first_date", "page"], actor_rows()
    yield "quotes.csv", ["id", "speaker", "speaker_id", "kind", "cue", "text", "article", "date", "sentence_index",
                         "sentence", "page"], quote_rows()
    yield "meetings.csv", ["id", "type", "status", "date", "place", "participants", "article", "article_date",
                           "sentence", "page"], meeting_rows()


def write_csv(briefing: Briefing, folder: Path, directory_urls: bool = True) -> list[Path]:
    """actors.csv, quotes.csv and meetings.csv in `folder`: UTF-8 with a byte-order mark, so a
    spreadsheet opens names such as "Peña" intact; every cell is text, never a formula."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = []
    for name, header, rows in csv_rows(briefing, directory_urls):
        path = folder / name
        with written(path, encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            for row in rows:
                writer.writerow([cell(value) for value in row])
        tables.append(path)
    return tables
