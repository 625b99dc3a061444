"""The word lists of generator/data/: each key of meetings.yml and speech.yml is a typed field, and
each field is read by the extraction code, so no list sits in the data unused."""
from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from generator import knowledge
from generator.knowledge import MeetingWords, SpeechWords, load

PACKAGE = Path(knowledge.__file__).resolve().parent


@pytest.mark.parametrize("cls, attribute", [(MeetingWords, "meetings"), (SpeechWords, "speech")])
def test_every_word_list_is_read_by_the_code(cls, attribute):
    code = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))  # (fields are declared bare)
    unread = [f.name for f in fields(cls) if not re.search(rf"\b{attribute}\.{f.name}\b|\bwords\.{f.name}\b|"
                                                            rf"\bspeech\.{f.name}\b", code)]
    assert unread == []


def test_lists_are_read_once_into_frozensets():
    known = load()
    assert isinstance(known.meetings.need_partner, frozenset) and "discuss" in known.meetings.need_partner
    assert isinstance(known.meetings.verbs["meeting"], frozenset)
    assert known.speech.according_to == "according" and known.speech.min_turn_words == 4
    assert known.quote_verbs >= known.speech.quote_only_verbs


def test_a_key_the_code_does_not_declare_is_an_error_naming_the_file(monkeypatch):
    real = knowledge._load

    def with_extra(name):
        data = dict(real(name))
        data["forgotten_list"] = ["a", "b"]
        return data

    monkeypatch.setattr(knowledge, "_load", with_extra)
    with pytest.raises(KeyError, match=r"generator/data/speech.yml: keys not read: \['forgotten_list'\]"):
        knowledge._typed(SpeechWords, "speech.yml")
