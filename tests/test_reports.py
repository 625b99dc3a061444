"""Report formats, the template reference and Zensical, on one real build of a copy of the project.

The spaCy model is loaded once for the module: the briefing made by the `built` fixture is handed to
every later build (build_site(..., briefing=...)).
"""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project

from generator import model
from generator.build import BuildError, Project, make_briefing
from generator.config import Settings
from generator.render.reference import FIELD_DOCS, documented_classes
from generator.render import (
    FILTERS,
    FUNCTIONS,
    LINK_HELPERS,
    Index,
    base_context,
    period_bounds,
)
from generator.build import build as build_site
from generator.pages import template_problems

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"

# A single-page report and a per-item one, added to the copy of the project as an analyst would.
CENSUS = """{#-
title: Actor census
description: Every actor id, from the model.
-#}
# {{ report.title|md }}

{{ actors|length }} actors: {% for actor in actors|sort(attribute="id") %}<code>{{ actor.id }}</code> {% endfor %}

{{ events|selectattr("status", "equalto", "held")|list|length }} held events; first article {{ articles[0].id }}
"""
DOSSIER = """{# per: person #}
# Dossier {{ person.name|md }}

slug {{ item.slug }}; {{ plural("role", person.roles|length) }}; {{ plural("quote", quotes_by(person.id)|length) }}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(project, briefing, site) of one real build, with the two reports above added."""
    project = copy_project(tmp_path_factory.mktemp("reports"))
    (project.templates_dir / "reports" / "actor-census.md.j2").write_text(CENSUS, encoding="utf-8")
    (project.templates_dir / "reports" / "dossier.md.j2").write_text(DOSSIER, encoding="utf-8")
    briefing = make_briefing(CONTENT, project.settings, project.root / project.settings.cache_dir)
    site = build_site(project, CONTENT, project.root / "site", briefing=briefing)
    return project, briefing, site


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def nav_links(html: str) -> set[str]:
    """The targets of the site navigation on a page (not its table of contents)."""
    return {href for href in re.findall(r'<a href="([^"#]*)" class="md-nav__link', html)}


def test_a_template_dropped_into_reports_is_rendered_from_the_model(built):
    project, briefing, site = built
    page = site / "reports" / "actor-census" / "index.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert "Actor census" in html and f"{len(briefing.actors)} actors:" in html
    for actor in briefing.actors:
        assert f"<code>{actor.id}</code>" in html, actor.id
    held = sum(e.status == "held" for e in briefing.events)
    assert f"{held} held events; first article {briefing.articles[0].id}" in text_of(html)


def test_a_per_item_report_renders_one_page_per_item_and_an_index(built):
    _, briefing, site = built
    people = [a for a in briefing.actors if a.type == "person"]
    assert people
    listing = (site / "reports" / "dossier" / "index.html").read_text(encoding="utf-8")
    for person in people:
        html = (site / "reports" / "dossier" / person.id / "index.html").read_text(encoding="utf-8")
        assert f"Dossier {person.name}" in html and f"slug {person.id};" in html
        assert f'href="{person.id}/"' in listing
    assert not (site / "reports" / "dossier" / "taliban").exists()  # an organisation, not a person


def test_reports_page_lists_every_report_and_no_report_is_in_the_nav(built):
    _, _, site = built
    reports = (site / "reports" / "index.html").read_text(encoding="utf-8")
    for name in ("actor-census", "dossier", "weekly-digest", "country-brief", "meetings-by-status"):
        assert f'href="{name}/"' in reports, name
    links = nav_links((site / "timeline" / "index.html").read_text(encoding="utf-8"))
    assert "../reports/" in links and "../reference/" not in links  # the reference is for template authors
    assert 'href="../reference/"' in reports  # ... linked from the Reports page
    assert not [link for link in links if "reports/" in link and link != "../reports/"], links


def test_weekly_digest_has_a_page_per_iso_week(built):
    _, briefing, site = built
    weeks = {period_bounds(a.date, "week")[0].lower() for a in briefing.articles}
    assert weeks
    listing = (site / "reports" / "weekly-digest" / "index.html").read_text(encoding="utf-8")
    for week in weeks:
        html = (site / "reports" / "weekly-digest" / week / "index.html").read_text(encoding="utf-8")
        assert f'href="{week}/"' in listing
        for heading in ("Meetings this week", "Notable quotes", "New actors"):
            assert heading in html, (week, heading)
    # the single week of the repository's content: every held or planned event it reports is listed
    (week,) = weeks
    html = (site / "reports" / "weekly-digest" / week / "index.html").read_text(encoding="utf-8")
    for event in briefing.events:
        if event.status in ("held", "planned"):
            assert f"events/{event.id}/" in html, event.id
    for actor in briefing.actors:  # everyone is new in the first week
        assert f"actors/{actor.id}/" in html, actor.id
    # the week against the seven before it: a chart, its last column the week itself, and a table
    chart = re.search(r'<div class="picture chart chart-time".*?</svg>', html, re.S).group(0)
    assert 'class="articles current"' in chart and f">{week.upper()}</text>" in chart
    assert html.count("<tr>") == 2 and "periods without any left out" in html  # the seven empty weeks: no rows


def test_country_brief_lists_officials_their_meetings_and_quotes(built):
    _, briefing, site = built
    countries = [a for a in briefing.actors if a.type == "country"]
    assert countries
    with_officials = 0
    for country in countries:
        html = (site / "reports" / "country-brief" / country.id / "index.html").read_text(encoding="utf-8")
        officials = [a for a in briefing.actors if a.type == "person" and a.affiliation == country.id]
        ids = {country.id} | {a.id for a in officials}
        for person in officials:
            assert f"actors/{person.id}/" in html, (country.id, person.id)
            with_officials += 1
        for event in briefing.events:
            if ids & set(event.participants):
                assert f"events/{event.id}/" in html, (country.id, event.id)
        for quote in briefing.quotes:
            if quote.speaker in ids and quote.sentence is not None:
                assert f"#s-{quote.sentence}" in html, (country.id, quote.id)
    assert with_officials >= 1  # the US and its envoy, at least


def test_template_reference_documents_every_field_and_helper(built):
    project, briefing, site = built
    html = (site / "reference" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    for cls in documented_classes():
        anchor = cls.__name__.lower()
        assert anchor in ids, cls
        section = html[html.index(f'id="{anchor}"'):]
        end = section.find("<h3", 10)
        section = section[:end] if end > 0 else section
        for field in dataclasses.fields(cls):
            if not field.name.startswith("_"):
                assert f"<code>{field.name}</code>" in section, (cls.__name__, field.name)
    model_classes = {c for c in vars(model).values() if dataclasses.is_dataclass(c) and c.__module__ == model.__name__}
    assert model_classes <= set(documented_classes())
    context = base_context(briefing, Index(briefing), project.settings, [])
    helpers = [name for name, value in context.items() if callable(value)]
    for name in [*FILTERS, *FUNCTIONS, *LINK_HELPERS, *helpers]:
        assert f"<code>{name}</code>" in html, name
    for name, value in context.items():
        if not callable(value):
            assert f"<code>{name}</code>" in html, name
    assert html.count("renders here as") >= len(FILTERS) + len(LINK_HELPERS)
    assert "(not shown:" not in html  # every example renders with this briefing
    assert "per: country" in html and "per: week" in html
    assert briefing.actors[0].name.split()[0] in html  # examples are taken from the briefing


def test_field_notes_name_existing_fields():
    """FIELD_DOCS only fills in fields without a comment; a note for a field that is gone is an error."""
    classes = {cls.__name__: cls for cls in documented_classes()}
    for key in FIELD_DOCS:
        name, attribute = key.split(".")
        assert name in classes, key
        cls = classes[name]
        assert attribute in {f.name for f in dataclasses.fields(cls)} or hasattr(cls, attribute), key


@pytest.mark.parametrize("name, source, expected", [
    ("broken", "# Broken\n\n{{ no_such_name }}\n", r"templates/reports/broken\.md\.j2:3: 'no_such_name' is undefined"),
    ("broken", "# Broken\n{{ actors|no_such_filter }}\n", r"templates/reports/broken\.md\.j2:2: No filter named 'no_such_filter'"),
    ("broken", "# Broken\n{% for a in actors %}{{ a.no_such_field }}{% endfor %}\n",
     r"templates/reports/broken\.md\.j2:2: .*no attribute 'no_such_field'"),
    ("broken", "{#-\ntitle: Broken\nper: contry\n-#}\n# {{ contry.name }}\n",
     r"templates/reports/broken\.md\.j2:3: unknown report kind 'per: contry'"),
    ("bad name", "# x\n", r"templates/reports/bad name\.md\.j2:1: report name 'bad name'"),
])
def test_broken_report_fails_with_file_and_line_and_the_site_stays(built, tmp_path, name, source, expected):
    project, briefing, site = built
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    templates = tmp_path / "templates"
    shutil.copytree(project.templates_dir, templates)
    (templates / "reports" / f"{name}.md.j2").write_text(source, encoding="utf-8")
    broken = Project(project.root, Settings(templates_dir=str(templates)))
    with pytest.raises(BuildError, match=expected):
        build_site(broken, CONTENT, site, briefing=briefing)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site-")]


def test_shipped_templates_have_no_problems():
    assert template_problems(REPO / "templates") == []


def zensical_command() -> list[str] | None:
    found = shutil.which("zensical") or shutil.which("zensical", path=str(Path(sys.executable).parent))
    return [found] if found else None


def test_zensical_build(built):
    """Zensical (Material's successor, which reads mkdocs.yml) builds the generated pages too."""
    command = zensical_command()
    if command is None:
        pytest.skip("zensical is not installed (optional: pip install zensical)")
    project, briefing, _ = built
    import yaml

    from generator.config import _Loader

    config = yaml.load(project.config_file.read_text(encoding="utf-8"), Loader=_Loader)
    site = project.root / "zensical-site"  # Zensical wants site_dir inside the project
    config["site_dir"] = str(site)
    config_file = project.root / "zensical-test.yml"  # beside mkdocs.yml: docs_dir is relative to it
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = subprocess.run([*command, "build", "-f", str(config_file)], cwd=project.root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "index.html").is_file()
    for actor in briefing.actors:
        assert (site / "actors" / actor.id / "index.html").is_file(), actor.id
    assert (site / "reference" / "index.html").is_file()
    assert (site / "reports" / "index.html").is_file()
    assert (site / "reports" / "actor-census" / "index.html").is_file()
    country = next(a for a in briefing.actors if a.type == "country")
    assert country.name in (site / "reports" / "country-brief" / country.id / "index.html").read_text(encoding="utf-8")
    week = period_bounds(briefing.articles[0].date, "week")[0].lower()
    assert (site / "reports" / "weekly-digest" / week / "index.html").is_file()
