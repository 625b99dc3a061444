"""The `briefing.json` export, as specified in shared/spec/briefing-json.md.

Written record by record, one per line: at 10,000 articles the whole document
held as dicts and then as one string cost the build several hundred megabytes.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from . import __version__
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
    """The export, written beside its place and swapped in when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    with tmp.open("w", encoding="utf-8") as out:
        out.write(f'{{\n "schema_version": {SCHEMA_VERSION},\n "generated_with": '
                  f'{dump({"generator": __version__, "spacy_model": briefing.spacy_model})}')
        for key, records in sections(briefing):
            out.write(f",\n {dump(key)}: [")
            for n, record in enumerate(records):
                out.write(("," if n else "") + "\n  " + dump(record))
            out.write("\n ]")
        out.write("\n}\n")
    tmp.replace(path)
