"""Where a project's things are (mkdocs.yml, templates/, the settings), and the error a build stops with."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Settings


class BuildError(RuntimeError):
    """The build cannot go on; the message names the file and the problem. Nothing built is lost."""


@dataclass
class Project:
    """Where things are: the folder holding mkdocs.yml, templates/ and the settings."""
    root: Path
    settings: Settings

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def pages_dir(self) -> Path:
        return self.root / self.settings.pages_dir

    @property
    def templates_dir(self) -> Path:
        return self.root / self.settings.templates_dir
