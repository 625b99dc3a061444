"""The README documents every command, option and setting the tool has (as sqlite-utils' docs tests do):
a new one added without a word for its users fails here."""
from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

import pytest

from generator.cli import make_parser
from generator.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = make_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_and_its_options_are_in_the_readme(command):
    assert f"briefing {command}" in README, command
    options = [o for a in _commands()[command]._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
    missing = [o for o in options if f"{o}" not in README]
    assert missing == [], (command, missing)


def test_the_top_level_options_are_in_the_readme():
    options = [o for a in make_parser()._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
    assert [o for o in options if o not in README] == []


def test_every_setting_is_in_the_readme():
    missing = [f.name for f in fields(Settings) if f"`{f.name}`" not in README]
    assert missing == []
