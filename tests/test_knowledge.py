"""The word lists of generator/data/: each key of meetings.yml, speech.yml and grammar.yml is a typed
field, each field is read by the extraction code, so no list sits in the data unused, and no rule
writes a word list in its code instead."""
from __future__ import annotations

import ast
import json
import re
from dataclasses import fields
from pathlib import Path

import pytest
from spacy.util import get_package_path

from generator import knowledge
from generator.config import Settings
from generator.knowledge import GrammarWords, MeetingWords, SpeechWords, load

PACKAGE = Path(knowledge.__file__).resolve().parent


@pytest.mark.parametrize("cls, attribute", [(MeetingWords, "meetings"), (SpeechWords, "speech"),
                                            (GrammarWords, "GRAMMAR")])
def test_every_word_list_is_read_by_the_code(cls, attribute):
    code = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))  # (fields are declared bare)
    unread = [f.name for f in fields(cls) if not re.search(rf"\b{attribute}\.{f.name}\b|\bwords\.{f.name}\b|"
                                                            rf"\bspeech\.{f.name}\b", code)]
    assert unread == []


# The values of the model's own fields (actor types, event kinds, statuses, quote kinds, evidence fields):
# rules compare with them, but they are the briefing's vocabulary, not English.
MODEL_VALUES = {"person", "organization", "country", "location", "meeting", "visit", "call", "talks", "held",
                "planned", "cancelled", "direct", "indirect", "title"}
RULE_CODE = ["extract", "resolve.py", "names.py", "dates.py", "records.py"]


def _parser_labels() -> set[str]:
    """The labels of the pipeline's tagger, parser and entity recogniser ("nsubj", "PRP$", "GPE"), as
    its package declares them: rules test tokens against these, and they are no word list."""
    meta = json.loads((get_package_path(Settings().spacy_model) / "meta.json").read_text(encoding="utf-8"))
    return {label for labels in meta["labels"].values() for label in labels}


def word_lists_in(package: Path) -> list[str]:
    """Each set, tuple or list of two or more English words written in the rule code under `package`."""
    allowed = _parser_labels() | MODEL_VALUES
    word = re.compile(r"^'?[a-z]+(?:'[a-z]+)?$")
    found = []
    for name in RULE_CODE:
        path = package / name
        for path in sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
                    words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                             and word.match(e.value) and e.value not in allowed]
                    if len(words) >= 2:
                        found.append(f"{path.relative_to(package).as_posix()}:{node.lineno}: {words}")
    return found


def test_no_rule_writes_a_word_list_in_its_code():
    """English words a rule tests tokens against live in generator/data/*.yml (the function words in
    grammar.yml), where they are read once and named."""
    assert word_lists_in(PACKAGE) == []


def test_the_check_for_word_lists_sees_one_and_passes_labels(tmp_path):
    (tmp_path / "extract").mkdir()
    (tmp_path / "extract" / "rule.py").write_text(
        'def is_relative(token):\n    return token.lower_ in ("who", "which", "that")\n\n\n'
        'def is_subject(token):\n    return token.dep_ in ("nsubj", "nsubjpass") and token.ent_type_ in ("GPE", "ORG")\n')
    assert word_lists_in(tmp_path) == ["extract/rule.py:2: ['who', 'which', 'that']"]


def test_a_word_yaml_reads_as_true_or_a_number_is_an_error_naming_the_file_and_key(monkeypatch):
    """YAML 1.1 reads a bare on, off, yes or no as a boolean: "on" would silently become "True"."""
    real = knowledge._load

    def with_bare_on(name):
        return {**real(name), "post_prepositions": ["for", True, "in"]}

    monkeypatch.setattr(knowledge, "_load", with_bare_on)
    with pytest.raises(ValueError, match=r"generator/data/grammar.yml: post_prepositions: \[True\] not a word"):
        knowledge._typed(GrammarWords, "grammar.yml")
    monkeypatch.undo()
    assert "on" in knowledge._typed(GrammarWords, "grammar.yml").post_prepositions


@pytest.mark.parametrize("name, variable", [("titles.yml", "titles"), ("parties.yml", "parties")])
def test_every_key_of_the_files_read_by_hand_is_read(name, variable):
    """titles.yml and parties.yml are read key by key into Knowledge (each into its own shape)."""
    import yaml

    code = (PACKAGE / "knowledge.py").read_text(encoding="utf-8")
    keys = yaml.safe_load((PACKAGE / "data" / name).read_text(encoding="utf-8"))
    assert [key for key in keys if f'{variable}["{key}"]' not in code] == []


def test_the_data_files_read_the_same_with_libyaml_as_with_pyyamls_own_reader():
    """knowledge._load reads with libyaml where PyYAML has it: the same data as the pure-Python reader."""
    import yaml

    for path in sorted((PACKAGE / "data").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert knowledge._load(path.name) == (yaml.safe_load(text) or {}), path.name
