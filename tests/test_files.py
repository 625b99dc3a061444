"""Files written whole or not at all (generator/files.py)."""
from __future__ import annotations

import pytest

from generator.files import beside, write_text, written


def test_a_file_takes_its_place_only_once_written_whole(tmp_path):
    path = tmp_path / "out" / "briefing.json"
    write_text(path, "first")
    with pytest.raises(RuntimeError):
        with written(path) as out:
            out.write("half of the sec")
            raise RuntimeError("killed")
    assert path.read_text() == "first" and not beside(path).exists()
    write_text(path, "second")
    assert path.read_text() == "second" and sorted(p.name for p in path.parent.iterdir()) == ["briefing.json"]


def test_a_check_that_fails_keeps_the_previous_file(tmp_path):
    path = tmp_path / "a.md"

    def refuse(staged):
        assert staged == beside(path) and staged.read_text() == "bad"
        raise ValueError("not an article")

    with pytest.raises(ValueError):
        with written(path, check=refuse) as out:
            out.write("bad")
    assert not path.exists() and not beside(path).exists()
