"""The `briefing.json` export, as specified in shared/spec/briefing-json.md."""
from __future__ import annotations

import json
from pathlib import Path

from . import __version__
from .model import Briefing

SCHEMA_VERSION = 1


def to_json(briefing: Briefing) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_with": {"generator": __version__, "spacy_model": briefing.spacy_model},
        "articles": [
            {"id": a.id, "path": a.path, "title": a.title, "date": a.date.isoformat(), "source": a.source,
             "url": a.url, "author": a.author, "tags": a.tags}
            for a in briefing.articles
        ],
        "actors": [
            {"id": a.id, "name": a.name, "type": a.type, "aliases": a.aliases,
             "roles": [r.text for r in a.roles], "affiliation": a.affiliation,
             "role_sources": [{"text": r.text, "article": r.article, "start": r.start, "end": r.end} for r in a.roles],
             "mentions": [{"article": m.article, "start": m.start, "end": m.end, **({"field": m.field} if m.field != "body" else {})}
                          for m in a.mentions]}
            for a in briefing.actors
        ],
        "quotes": [
            {"id": q.id, "article": q.article, "speaker": q.speaker, "text": q.text, "kind": q.kind,
             "cue": q.cue, "start": q.start, "end": q.end}
            for q in briefing.quotes
        ],
        "events": [
            {"id": e.id, "type": e.type, "participants": e.participants, "location": e.location, "date": e.date,
             "status": e.status, "cue": e.cue, "articles": e.articles,
             "evidence": [{"article": v.article, "start": v.start, "end": v.end, "sentence": v.sentence,
                           **({"field": v.field} if v.field != "body" else {})} for v in e.evidence]}
            for e in briefing.events
        ],
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in briefing.problems],
    }


def write_json(briefing: Briefing, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_json(briefing), ensure_ascii=False, indent=1, sort_keys=False)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(path)
