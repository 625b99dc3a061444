"""Settings from mkdocs.yml (generator/config.py)."""
from __future__ import annotations

import pytest

from generator.config import ConfigError, Settings, load_settings


def test_an_alias_bomb_in_mkdocs_yml_is_refused_at_once(tmp_path):
    """Settings are single values, checked by type: a nested alias (nine levels of nine) is never walked."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, before in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{before}"] * 9) + "]")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nbombs:\n" + "\n".join("  " + line for line in lines)
                      + "\nextra:\n  briefing:\n    page_size: *i\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"extra.briefing.page_size must be a int, not a list$") as refused:
        load_settings(config)
    assert len(str(refused.value)) < 300  # the value is named by its kind, never written out


def test_settings_are_read_with_their_defaults(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nuse_directory_urls: false\nextra:\n  briefing:\n    page_size: 50\n",
                      encoding="utf-8")
    settings = load_settings(config)
    assert settings.page_size == 50 and settings.use_directory_urls is False
    assert settings.diagram_limit == Settings().diagram_limit
