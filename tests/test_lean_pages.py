"""The memory-saving MkDocs plugin changes nothing in the site it builds."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import copy_project, tree
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin

from generator.build import Project, make_briefing
from generator.lean_pages import LeanPages
from generator.pages import render

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"


class _Pages(BasePlugin):
    """Remembers every page MkDocs built, to look at what it still holds afterwards."""

    def __init__(self):
        super().__init__()
        self.pages = []

    def on_post_page(self, output, *, page, config):
        self.pages.append(page)
        return output


def _mkdocs(project: Project, site: Path, lean: bool) -> list:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(config_file=str(project.config_file), site_dir=str(site))
    if lean:
        config.plugins["briefing/lean-pages"] = LeanPages()
    pages = config.plugins["test/pages"] = _Pages()
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return pages.pages


def test_lean_pages_build_the_same_site_and_let_go_of_each_page(tmp_path):
    project = copy_project(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    for article in sorted(FIXTURES.glob("*.md"))[:3]:
        shutil.copy(article, content / article.name)
    render(project, make_briefing(content, project.settings, tmp_path / ".cache"))
    tags = project.pages_dir / "tags.md"  # the listing marker as Material matches it, not only as shipped
    tags.write_text(tags.read_text().replace("<!-- material/tags -->", "<!--MATERIAL/tags-->"))

    _mkdocs(project, tmp_path / "plain", lean=False)
    pages = _mkdocs(project, tmp_path / "lean", lean=True)

    plain, lean = tree(tmp_path / "plain"), tree(tmp_path / "lean")
    assert lean.keys() == plain.keys()
    different = [name for name in plain if name != "sitemap.xml.gz" and plain[name] != lean[name]]
    assert different == []
    assert b"Kabulov" in lean["search/search_index.json"]  # the search plugin still saw every page
    assert len(pages) > 10
    assert all(page.content == "" and page.markdown == "" for page in pages if page.url != "tags/")
