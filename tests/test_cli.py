"""The `briefing` command: help with examples, the JSON export, bad input and clear errors.

Runs in-process through generator.cli.main; the project (and so the cache) is a tmp folder.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.knowledge import normalize
from generator.sources import read_folder

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SUBCOMMANDS = ["build", "extract", "check", "serve"]


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "articles", folder)
    return folder


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- help ------------------------------------------------------------------------------------

def test_help_lists_commands_with_examples(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out.lower()
    for name in SUBCOMMANDS:
        assert name in out
        assert f"briefing {name}" in out  # an example line for each command


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_command_help_has_an_example(capsys, name):
    with pytest.raises(SystemExit) as exited:
        main([name, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out.lower()
    assert f"briefing {name}" in out.split("example", 1)[1]


def test_unknown_command_fails(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["publish"])
    assert exited.value.code != 0
    assert "publish" in capsys.readouterr().err


# --- extract -----------------------------------------------------------------------------------

@pytest.fixture
def exported(capsys, content, project, tmp_path) -> dict:
    out_file = tmp_path / "x.json"
    code, out, err = run(capsys, "--project", project, "extract", "--content", content, "--out", out_file)
    assert code == 0, err
    assert str(out_file) in out
    assert list((project / ".cache").rglob("*.json")), "the cache belongs in the project folder"
    return json.loads(out_file.read_text(encoding="utf-8"))


def test_extract_writes_json_that_follows_the_spec(exported):
    data = exported
    assert data["schema_version"] == 1
    assert set(data["generated_with"]) >= {"generator", "spacy_model"}
    assert data["generated_with"]["spacy_model"]
    assert sorted(a["path"] for a in data["articles"]) == ["camp-david.txt", "moscow-talks.md"]
    for article in data["articles"]:
        assert set(article) >= {"id", "path", "title", "date"}
        assert len(article["date"]) == 10
    moscow = next(a for a in data["articles"] if a["path"] == "moscow-talks.md")
    assert moscow["title"] == "Taliban delegation holds talks in Moscow" and moscow["date"] == "2019-09-16"
    assert moscow["url"] == "https://example.com/world/moscow-talks"

    article_ids = {a["id"] for a in data["articles"]}
    actor_ids = [a["id"] for a in data["actors"]]
    assert len(actor_ids) == len(set(actor_ids))
    for actor in data["actors"]:
        assert set(actor) >= {"id", "name", "type", "aliases", "roles", "affiliation", "mentions"}
        assert actor["type"] in ("person", "organization", "country")
        assert isinstance(actor["aliases"], list) and isinstance(actor["roles"], list)
        assert actor["affiliation"] is None or actor["affiliation"] in actor_ids
        assert actor["mentions"] and all(m["article"] in article_ids for m in actor["mentions"])

    assert data["quotes"]
    for quote in data["quotes"]:
        assert set(quote) >= {"id", "article", "speaker", "text", "kind", "cue", "start", "end"}
        assert quote["kind"] in ("direct", "indirect")
        assert quote["article"] in article_ids
        assert quote["speaker"] is None or quote["speaker"] in actor_ids

    assert data["events"]
    for event in data["events"]:
        assert set(event) >= {"id", "type", "participants", "location", "date", "status", "articles", "evidence"}
        assert event["status"] in ("held", "planned", "cancelled")
        assert len(event["participants"]) >= 2 and set(event["participants"]) <= set(actor_ids)
        assert set(event["articles"]) <= article_ids and event["evidence"]
        assert event["date"] is None or len(event["date"]) in (4, 7, 10)
        for evidence in event["evidence"]:
            assert set(evidence) >= {"article", "start", "end", "sentence"}


def test_extract_offsets_index_the_article_body(exported, content):
    bodies = {a.path: a for a in read_folder(content).articles}
    by_id = {a["id"]: bodies[a["path"]] for a in exported["articles"]}
    for article in by_id.values():
        raw = (content / article.path).read_text(encoding="utf-8")
        first_paragraph = raw.index("\n\n", raw.index("Date:")) + 2 if article.path.endswith(".txt") \
            else raw.index("---\n", 4) + 4
        # offsets into the body are offsets into the file's text after its front matter
        assert len(article.text) == len(raw[first_paragraph:].rstrip("\n"))
    for quote in exported["quotes"]:
        text = by_id[quote["article"]].text
        if quote["kind"] == "direct":
            assert text[quote["start"]:quote["end"]] == quote["text"]
        else:
            assert quote["text"] in text[quote["start"]:quote["end"]]
    for actor in exported["actors"]:
        for m in actor["mentions"]:
            if m.get("field", "body") == "body":
                found = by_id[m["article"]].text[m["start"]:m["end"]]
                forms = {normalize(f) for f in [actor["name"], *actor["aliases"]]}
                assert normalize(found) in forms, (actor, found)


def test_extract_finds_the_people_quotes_and_meetings(exported):
    names = {a["id"]: a["name"] for a in exported["actors"]}
    speakers = {(q["text"].rstrip(",. "), names.get(q["speaker"])) for q in exported["quotes"] if q["kind"] == "direct"}
    assert ("We have been providing diplomatic assistance to the peace process", "Zamir Kabulov") in speakers
    assert ("The talks are dead", "Donald Trump") in speakers
    events = {(frozenset(names[p] for p in e["participants"]), e["status"], e["date"]) for e in exported["events"]}
    assert (frozenset({"Taliban", "Russia"}), "held", "2019-09-13") in events
    assert (frozenset({"Donald Trump", "Taliban"}), "cancelled", None) in events


# --- bad input ----------------------------------------------------------------------------------

@pytest.fixture
def mixed_content(tmp_path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(FIXTURES / "articles" / "moscow-talks.md", folder)
    shutil.copy(FIXTURES / "broken" / "bad-front-matter.md", folder)
    return folder


def test_broken_file_is_named_and_the_rest_is_extracted(capsys, caplog, mixed_content, project, tmp_path):
    out_file = tmp_path / "x.json"
    code, out, err = run(capsys, "--project", project, "extract", "--content", mixed_content, "--out", out_file)
    assert code == 0, err
    assert "bad-front-matter.md" in out + err + caplog.text
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert [a["path"] for a in data["articles"]] == ["moscow-talks.md"]
    assert [p["path"] for p in data["problems"]] == ["bad-front-matter.md"]


def test_broken_file_is_named_on_the_terminal(mixed_content, project, tmp_path):
    """The real command, as a user runs it: the bad file's path is printed."""
    out_file = tmp_path / "x.json"
    done = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(project), "extract",
                           "--content", str(mixed_content), "--out", str(out_file)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "bad-front-matter.md" in done.stdout + done.stderr
    assert out_file.exists()


CAMPAIGN_ARTICLE = """---
title: "Keller Campaign Manager Evades Question"
date: 2024-07-27
---
Questions are growing about when Democratic nominee Maria Keller will hold her next press conference.

When Rob Tanner, Keller’s campaign manager was asked at a lunch whether Keller would hold a press conference
before the vote, he laughed and said, “We’ll see.”

A columnist asked Tanner if a Keller administration would keep avoiding reporters.
"""


def test_the_export_does_not_depend_on_pythons_hash_order(project, tmp_path):
    """Python orders a set of words differently in each process (PYTHONHASHSEED): a rule that takes the first
    word of a set that fits would give another answer in CI than on the analyst's machine. Two processes
    with other seeds, no cache between them, must write the same export."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "campaign.md").write_text(CAMPAIGN_ARTICLE, encoding="utf-8")
    exports = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}.json"
        done = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(tmp_path / f"project-{seed}"),
                               "extract", "--content", str(content), "--out", str(out)],
                              capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        exports.append(out.read_text(encoding="utf-8"))
    assert "keller-campaign" in exports[0]  # the title names the campaign, not the administration
    assert exports[0] == exports[1]


def test_strict_fails_on_a_broken_file(capsys, mixed_content, project, tmp_path):
    out_file = tmp_path / "x.json"
    code, out, err = run(capsys, "--project", project, "extract", "--strict", "--content", mixed_content,
                         "--out", out_file)
    assert code != 0
    assert "strict" in err
    assert not out_file.exists()


def test_empty_content_folder_is_an_error(capsys, project, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(capsys, "--project", project, "extract", "--content", empty, "--out", tmp_path / "x.json")
    assert code != 0
    assert "no readable articles" in err


def test_missing_model_gives_a_clear_error(capsys, content, project, tmp_path):
    (project / "mkdocs.yml").write_text("site_name: Test\nextra:\n  briefing:\n    spacy_model: no_such_model\n",
                                        encoding="utf-8")
    code, out, err = run(capsys, "--project", project, "extract", "--content", content, "--out", tmp_path / "x.json")
    assert code != 0
    assert "no_such_model" in err and "not installed" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.json").exists()


def test_bad_setting_gives_a_clear_error(capsys, content, project, tmp_path):
    (project / "mkdocs.yml").write_text("site_name: Test\nextra:\n  briefing:\n    spacy_modle: x\n    processes: two\n",
                                        encoding="utf-8")
    code, out, err = run(capsys, "--project", project, "extract", "--content", content, "--out", tmp_path / "x.json")
    assert code != 0
    assert "spacy_modle" in err and "processes" in err
