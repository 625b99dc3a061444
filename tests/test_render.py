"""Rendering the model into Markdown pages: no spaCy model needed (the briefing is built by hand)."""
from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import quote as url_quote

import jinja2
import markdown
import pytest

from generator.build import BuildError, Project, check
from generator.config import Settings
from generator.model import (Actor, Article, Briefing, Event, Evidence, Mention, Quote, Role, Sentence)
from generator.pages import render, template_problems
from generator.render import Index, fmt_date, html_url, md, page_url, render_pages

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"
HOSTILE_TITLE = ("</title><script>alert(1)</script> [x](javascript:alert(1)) {{ 7*7 }} ![img](http://e.com/i.png) "
                 "&lt;script&gt;alert(2)&lt;/script&gt;")
HOSTILE_QUOTE = "We will <script>alert(1)</script> [click](javascript:alert(1)) {{ 7*7 }}"


def make_briefing(title: str = "Envoys meet in Moscow", quote_text: str = "We want peace now") -> Briefing:
    body = (f"Russian envoy Ivan Petrov met Taliban negotiators in Moscow on Monday. "
            f"\"{quote_text},\" Petrov said.\n\n"
            "The talks will resume next month, officials said.")
    s1_end = body.index(" \"")
    s2_start = body.index("\"")
    s2_end = body.index("\n\n")
    s3_start = body.index("The talks")
    article = Article(id="a-moscow", path="moscow.md", title=title, date=date(2019, 9, 23), text=body,
                      source="Example News", url="https://example.com/news?id=1&x=(2)", tags=["diplomacy"],
                      sentences=[Sentence(0, 0, s1_end), Sentence(1, s2_start, s2_end),
                                 Sentence(2, s3_start, len(body))])
    petrov_at = body.index("Ivan Petrov")
    taliban_at = body.index("Taliban")
    petrov = Actor(id="ivan-petrov", name="Ivan Petrov", type="person", aliases=["Petrov"], affiliation="taliban",
                   roles=[Role("Russian envoy", "a-moscow", 0, 13, sentence=0)],
                   mentions=[Mention("a-moscow", petrov_at, petrov_at + 11, "Ivan Petrov", sentence=0)])
    taliban = Actor(id="taliban", name="Taliban", type="organization",
                    mentions=[Mention("a-moscow", taliban_at, taliban_at + 7, "Taliban", sentence=0)])
    q_start = body.index(quote_text)
    quote = Quote(id="q-1", article="a-moscow", speaker="ivan-petrov", text=quote_text, kind="direct", cue="say",
                  start=q_start, end=q_start + len(quote_text), sentence=1)
    event = Event(id="e-1", type="meeting", participants=["ivan-petrov", "taliban"], location="Moscow",
                  date="2019-09-16", status="held", articles=["a-moscow"],
                  evidence=[Evidence("a-moscow", 0, s1_end, body[:s1_end], index=0),
                            Evidence("a-moscow", 0, len(title), title, field="title")])
    return Briefing(articles=[article], actors=[petrov, taliban], quotes=[quote], events=[event])


@pytest.fixture
def pages(tmp_path) -> Path:
    out = tmp_path / "docs"
    render_pages(make_briefing(), TEMPLATES, out, Settings())
    return out


def read_pages(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}


def to_html(text: str) -> str:
    """The Markdown as MkDocs would turn it into HTML (same extensions as mkdocs.yml)."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    return markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables", "toc", "admonition",
                                               "pymdownx.superfences"])


def test_every_page_is_rendered(pages):
    found = set(read_pages(pages))
    assert {"index.md", "actors/index.md", "actors/ivan-petrov.md", "actors/taliban.md", "events/index.md",
            "events/e-1.md", "articles/index.md", "articles/a-moscow.md", "quotes.md", "timeline.md"} <= found
    assert any(name.startswith("reports/") for name in found)
    assert (pages / "assets" / "briefing.css").read_text() == (TEMPLATES / "assets" / "briefing.css").read_text()


def test_templates_are_kept_compiled_for_the_next_render_and_an_edit_is_seen(tmp_path):
    """Jinja's bytecode cache (`compiled`): the pages of a render from compiled templates are those of a
    render that compiles them, and an edited template is compiled again (Jinja knows it by its text)."""
    templates, compiled = tmp_path / "templates", tmp_path / "compiled"
    shutil.copytree(TEMPLATES, templates)
    render_pages(make_briefing(), templates, tmp_path / "first", Settings(), compiled=compiled)
    kept = sorted(p.name for p in compiled.iterdir())
    assert len(kept) >= 10  # (one file a template)
    render_pages(make_briefing(), templates, tmp_path / "again", Settings(), compiled=compiled)
    assert read_pages(tmp_path / "again") == read_pages(tmp_path / "first")
    assert sorted(p.name for p in compiled.iterdir()) == kept  # nothing compiled again
    actor = templates / "actor.md.j2"
    actor.write_text(actor.read_text(encoding="utf-8").replace("\n", "\nEdited here.\n", 1), encoding="utf-8")
    render_pages(make_briefing(), templates, tmp_path / "edited", Settings(), compiled=compiled)
    assert "Edited here." in (tmp_path / "edited" / "actors" / "ivan-petrov.md").read_text(encoding="utf-8")


def test_quotes_are_on_one_page_per_letter_of_their_speaker(tmp_path):
    """A new article changes the letter pages of its speakers only; each speaker's newest quote, and each
    unattributed quote, is on exactly one of them."""
    briefing = make_briefing()
    petrov, taliban = briefing.actors
    emile = Actor(id="emile-zola", name="Émile Zola", type="person")
    briefing.actors.append(emile)
    first = briefing.quotes[0]
    briefing.quotes += [
        Quote(id="q-2", article="a-moscow", speaker="emile-zola", text="J'accuse", kind="direct", cue="say",
              start=first.start, end=first.end, sentence=1),
        Quote(id="q-3", article="a-moscow", speaker=None, text="Nobody said this", kind="direct", cue=None,
              start=first.start, end=first.end, sentence=1)]
    out = tmp_path / "docs"
    render_pages(briefing, TEMPLATES, out, Settings())
    found = read_pages(out)
    groups = {name: text for name, text in found.items() if name.startswith("quotes/")}
    assert set(groups) == {"quotes/i.md", "quotes/e.md", "quotes/unattributed.md"}
    for quote in ("We want peace now", "J'accuse", "Nobody said this"):
        assert sum(quote in text for text in groups.values()) == 1, quote
    assert "J'accuse" in groups["quotes/e.md"] and "Émile Zola" in groups["quotes/e.md"]
    index = to_html(found["quotes.md"])
    for name in groups:
        assert f'href="{name}"' in index
    assert "3 quotes from 2 speakers" in found["quotes.md"]


def test_article_page_wraps_every_sentence_and_keeps_paragraphs(pages):
    html = to_html((pages / "articles" / "a-moscow.md").read_text())
    for index in range(3):
        assert f'id="s-{index}"' in html
    assert re.search(r'<span class="sentence quote" id="s-1">', html)
    # the blank line in the text starts a new paragraph: sentence 2 opens its own <p>
    assert '<p><span class="sentence" id="s-2">' in html
    assert 'href="https://example.com/news?id=1&amp;x=%282%29"' in html


@pytest.mark.parametrize("span, marked", [("Taliban negotiators in Moscow on Monday. \"We", [0, 1]),
                                          ("Petrov said.\n\nThe talks", [1, 2]), ("Monday. ", [0]),
                                          ("\n\n", []), ("officials said.", [2])])
def test_an_article_marks_every_sentence_a_quote_overlaps(span, marked):
    """A quote (reported across sentences, without a sentence of its own) marks each sentence it overlaps."""
    briefing = make_briefing()
    article = briefing.articles[0]
    start = article.text.index(span)
    briefing.quotes = [Quote(id="q-9", article="a-moscow", speaker=None, text=span, kind="indirect", cue="say",
                             start=start, end=start + len(span))]
    body = Index(briefing).article_body(article)
    assert sorted(s.sentence for p in body for s in p if "quote" in s.classes) == marked


def test_sentence_links_land_on_existing_anchors(pages):
    texts = read_pages(pages)
    links = 0
    for page, text in texts.items():
        for target, anchor in re.findall(r"\]\(([^)#\s]*\.md)#(s-\d+)\)", text):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
            assert resolved in texts, (page, target)
            assert f'id="{anchor}"' in texts[resolved], (page, target, anchor)
            links += 1
    assert links >= 5
    actor = texts["actors/ivan-petrov.md"]
    assert "../articles/a-moscow.md#s-1" in actor  # the quote's sentence
    assert "../articles/a-moscow.md#s-0" in actor  # the role's sentence
    event = texts["events/e-1.md"]
    assert "../articles/a-moscow.md#s-0" in event
    assert "](../articles/a-moscow.md) (headline)" in event  # title evidence → article top


def test_page_links_are_relative_to_the_page():
    assert page_url("actors/x.md", "articles/a.md", "s-12") == "../articles/a.md#s-12"
    assert page_url("index.md", "actors/x.md") == "actors/x.md"
    assert page_url("articles/a.md", "articles/a.md", "s-1") == "a.md#s-1"


def test_page_links_agree_with_relpath():
    """page_url computes relative paths by itself (it is called hundreds of thousands of times):
    the same answer as posixpath.relpath for every pair of pages, odd paths included."""
    pages = ["index.md", "quotes.md", "actors/index.md", "actors/x.md", "actors/actors.md", "reports/index.md",
             "reports/weekly/index.md", "reports/weekly/2019-w38.md", "reports/weekly.md", "a/b/c.md",
             "./x.md", "reports/../tags.md", "a b/ü.md"]
    for page in pages:
        for target in pages:
            if target != page:
                expected = posixpath.relpath(target, posixpath.dirname(page) or ".")
                assert page_url(page, target) == url_quote(expected, safe="/.-_~"), (page, target)


def test_actor_page_lists_roles_meetings_then_quotes(pages):
    text = (pages / "actors" / "ivan-petrov.md").read_text()
    # page 1 of an actor is boosted in search, so that a search for a name puts it first; no tags
    assert text.startswith('---\ntitle: "Ivan Petrov"\nsearch:\n  boost: 10')
    assert "tags:" not in text.split("\n---\n", 1)[0]
    # the summary names the roles with a link to the sentence giving each; meetings come before quotes
    assert re.search(r"- \*\*Role:\*\* Russian envoy \(\[1\]\(\.\./articles/a-moscow\.md#s-\d+\)\)", text), text
    assert text.index("## Meetings and visits") < text.index("## Quotes") < text.index("## Timeline")
    assert "We want peace now" in text
    assert "[Taliban](taliban.md)" in text  # affiliation and who they met
    # who they met, drawn as SVG with nodes linking to the partners' pages, and the same as a list
    svg = re.search(r'<div class="picture network".*?</svg>', text, re.S).group(0)
    assert '<a xlink:href="../taliban/">' in svg and ">Ivan Petrov</text>" in svg
    assert "- [Taliban](taliban.md) · 1 event" in text and "<details" not in text  # "Met with" lists them
    assert "16 September 2019" in text and "held" in text


def test_an_actors_article_list_links_five_sentences_then_the_rest_by_the_article(tmp_path):
    """A country named in every sentence of a long article would otherwise fill its page with links."""
    briefing = make_briefing()
    article = briefing.articles[0]
    sentences = [f"Talks on Taliban aid went on for day {n}." for n in range(1, 8)]
    article.text = " ".join(sentences)
    starts = [article.text.index(s) for s in sentences]
    article.sentences = [Sentence(i, start, start + len(s)) for i, (start, s) in enumerate(zip(starts, sentences))]
    taliban = briefing.actors[1]
    taliban.mentions = [Mention("a-moscow", start + 14, start + 21, "Taliban", sentence=i) for i, start in enumerate(starts)]
    out = tmp_path / "docs"
    render_pages(briefing, TEMPLATES, out, Settings())
    text = (out / "actors" / "taliban.md").read_text()
    entry = next(line for line in text.splitlines() if line.startswith("- ") and "mentioned in" in line)
    assert re.findall(r"\[(\d+)\]\(\.\./articles/a-moscow\.md#s-\d+\)", entry) == ["1", "2", "3", "4", "5"]
    assert entry.endswith(" and [2 more](../articles/a-moscow.md)"), entry


@pytest.mark.parametrize("field", ["title", "quote"])
def test_hostile_text_renders_as_text(tmp_path, field):
    briefing = make_briefing(title=HOSTILE_TITLE) if field == "title" else make_briefing(quote_text=HOSTILE_QUOTE)
    out = tmp_path / "docs"
    render_pages(briefing, TEMPLATES, out, Settings())
    for page, text in read_pages(out).items():
        html = to_html(text)
        assert "<script" not in text.lower() and "<script" not in html.lower(), page
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter is YAML data, not Markdown
        assert "](javascript:" not in body and "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', html))
        assert "<img" not in html, page
        assert "49" not in re.sub(r"<svg.*?</svg>", "", text, flags=re.S), page  # (a picture's coordinates aside)
    article = to_html((out / "articles" / "a-moscow.md").read_text())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    if field == "title":
        assert "&amp;lt;script&amp;gt;alert(2)" in article  # an entity in the text stays text
    assert "{{ 7*7 }}" in article
    assert "[x](javascript:alert(1))" in article or "[click](javascript:alert(1))" in article


def test_md_escapes_markdown_and_html():
    assert md("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert md("[x](y) *b* _i_ `c` {: .x} | ! # \\") == r"\[x\]\(y\) \*b\* \_i\_ \`c\` \{: .x\} \| \! \# \\"
    assert md("- item") == r"\- item" and md("1. item") == r"1\. item" and md("> quote") == r"&gt; quote"
    assert md("line one\n\n# two") == r"line one \# two"
    assert md(None) == ""
    assert fmt_date("2019-09") == "September 2019" and fmt_date(None) == "date unknown"
    assert fmt_date(date(2019, 9, 3)) == "3 September 2019"


def test_unchanged_pages_are_not_rewritten_and_stale_pages_go(tmp_path):
    out = tmp_path / "docs"
    briefing = make_briefing()
    paths = render_pages(briefing, TEMPLATES, out, Settings())
    past = 1_000_000_000_000_000_000
    for path in paths:
        os.utime(path, ns=(past, past))
    (out / "actors" / "gone.md").write_text("stale")
    render_pages(briefing, TEMPLATES, out, Settings())
    assert all(path.stat().st_mtime_ns == past for path in paths)
    assert not (out / "actors" / "gone.md").exists()

    briefing.actors[1].name = "The Taliban"
    render_pages(briefing, TEMPLATES, out, Settings())
    assert (out / "actors" / "taliban.md").stat().st_mtime_ns != past
    assert (out / "articles" / "index.md").stat().st_mtime_ns == past  # names no actor


def test_a_build_keeps_only_the_templates_compiled_and_the_records_of_this_version(tmp_path):
    from generator.pages import compiled_folder

    project = Project(tmp_path, Settings())
    shutil.copytree(TEMPLATES, project.templates_dir)
    older = compiled_folder(project).parent / "0123456789abcdef"
    older.mkdir(parents=True)
    (older / "__jinja2_x.cache").write_bytes(b"compiled by another version")
    old_records = tmp_path / project.settings.cache_dir / "pages.json"
    old_records.write_text('{"version": 2}', encoding="utf-8")
    assert render(project, make_briefing())
    assert [p.name for p in compiled_folder(project).parent.iterdir()] == [compiled_folder(project).name]
    assert any(compiled_folder(project).iterdir())
    assert not old_records.exists() and (tmp_path / project.settings.cache_dir / "pages.records").is_file()


def test_undefined_name_in_a_template_names_the_file(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    with (templates / "actor.md.j2").open("a") as f:
        f.write("\n{{ no_such_thing }}\n")
    with pytest.raises(jinja2.UndefinedError):
        render_pages(make_briefing(), templates, tmp_path / "docs", Settings())
    project = Project(tmp_path, Settings())
    with pytest.raises(BuildError, match=r"templates/actor\.md\.j2:\d+: 'no_such_thing' is undefined"):
        render(project, make_briefing())
    assert not (tmp_path / "build" / "docs").exists()  # nothing written on failure


def test_check_lists_broken_templates_and_articles(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "event.md.j2").write_text("# {{ event.id }\n")
    (templates / "timeline.md.j2").unlink()
    content = tmp_path / "content"
    content.mkdir()
    (content / "bad.md").write_text("no front matter\n")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    problems = check(Project(tmp_path, Settings()), content)
    assert any("bad.md" in p and "front matter" in p for p in problems)
    assert any(p.startswith("templates/event.md.j2:1:") for p in problems)
    assert any("timeline.md.j2" in p and "missing" in p for p in problems)
    assert template_problems(TEMPLATES) == []


def test_hostile_text_through_mkdocs(tmp_path):
    """The real MkDocs + Material build of hostile pages: no live script, link or image anywhere,
    the <title> and header (which Material fills unescaped from page titles) included."""
    from generator.site import run_mkdocs

    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    project = Project(tmp_path, Settings())
    briefing = make_briefing(title=HOSTILE_TITLE, quote_text=HOSTILE_QUOTE)
    briefing.actors[0].name = "Ivan </title><script>alert(3)</script> Petrov"
    briefing.articles[0].tags = ["<b>bold</b>", 'x" onmouseover="alert(1)']
    render_pages(briefing, TEMPLATES, project.pages_dir, Settings())
    site = tmp_path / "site"
    run_mkdocs(project, site)
    pages = list(site.rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert 'href="javascript:' not in html, page
        assert not re.search(r"<[^>]*\sonmouseover=", html) and "<b>bold" not in html, page
        assert '<img src="http://e.com' not in html, page
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<" not in title, (page, title)
    article = (site / "articles" / "a-moscow" / "index.html").read_text()
    assert 'id="s-1"' in article and "{{ 7*7 }}" in article


def test_home_event_and_actor_pages_draw_pictures_with_their_numbers(pages):
    home = (pages / "index.md").read_text()
    network = re.search(r'<div class="picture network".*?</svg>', home, re.S).group(0)
    assert network.count("<circle") == 2 and '<a xlink:href="actors/taliban/">' in network
    assert "<summary>Who met whom, as a list (1 pair)</summary>" in home
    assert '<div class="picture chart chart-time"' in home and "| September 2019 | 1 |" not in home
    assert re.search(r"\| Sep 2019 \| 1 \|", home)  # meetings per month, as a table too
    assert '<div class="picture chart chart-ranking"' in home and "[Ivan Petrov](actors/ivan-petrov.md) | 1 |" in home
    assert 'href="quotes.csv" download' in home and 'href="briefing.json"' in home
    event = next((pages / "events").glob("*.md")).read_text()
    assert event.count("<circle") == 2 and '<a xlink:href="../../actors/ivan-petrov/">' in event


def test_html_links_follow_the_sites_addresses():
    assert html_url("actors/a.md", "actors/b.md") == "../b/"
    assert html_url("actors/a.md", "index.md") == "../../"
    assert html_url("index.md", "actors/b.md") == "actors/b/"
    assert html_url("actors/index.md", "quotes.csv") == "../quotes.csv"
    assert html_url("actors/a.md", "actors/b.md", directory_urls=False) == "b.html"
    assert html_url("reports/x/index.md", "index.md", directory_urls=False) == "../../index.html"


def test_two_templates_making_one_page_is_an_error_naming_both(tmp_path):
    """Ids made by the generator never clash with a page's name; an event given the id "index" by hand would
    write over the event index, and is refused before anything is written."""
    from generator.render.write import PageError

    briefing = make_briefing()
    briefing.events[0].id = "index"
    with pytest.raises(PageError, match=r"events/index.md would be made twice: by event_index.md.j2 "
                                                r"\(the whole model\) and by event.md.j2 \(event index\)"):
        render_pages(briefing, TEMPLATES, tmp_path / "docs", Settings())
    assert not (tmp_path / "docs").exists()


def test_a_page_outside_the_pages_folder_is_refused(tmp_path):
    from generator.render.write import PageError

    briefing = make_briefing()
    briefing.actors[1].id = "../../escaped"
    with pytest.raises(PageError, match=r"actors/../../escaped.md: a page outside the pages folder"):
        render_pages(briefing, TEMPLATES, tmp_path / "docs", Settings())
    assert not (tmp_path / "escaped.md").exists() and not (tmp_path / "docs").exists()


def test_tags_without_a_letter_or_digit_get_names_of_their_own():
    from generator.render.text import tag

    names = {tag(".."), tag("/"), tag("..."), tag("peace talks")}
    assert len(names) == 4 and tag("peace talks") == '"peace talks"'
    assert tag("") == tag('"') == '"untitled"'


def test_a_week_separates_its_own_meetings_from_earlier_ones_its_articles_recall(tmp_path):
    """The weekly digest of 23-29 September 2019: the meeting of the week, one planned after it, one
    of 2012 and one of March 2019 that its article recalls, and an undated one, each in its section."""
    briefing = make_briefing()  # an article of Monday 23 September 2019
    first = briefing.events[0]
    briefing.events = [dataclasses.replace(first, id=f"e-{name}", date=when, status=status)
                       for name, when, status in [("week", "2019-09-24", "held"), ("later", "2019-10-02", "planned"),
                                                  ("old", "2012", "held"), ("spring", "2019-03", "held"),
                                                  ("undated", None, "held"), ("month", "2019-09", "held")]]
    (week,) = Index(briefing).weeks()
    assert [e.id for e in week.events_during] == ["e-month", "e-week"]  # September 2019 overlaps the week
    assert [e.id for e in week.events_after] == ["e-later"]
    assert [e.id for e in week.events_before] == ["e-spring", "e-old"]  # newest first
    assert [e.id for e in week.events_undated] == ["e-undated"]
    out = tmp_path / "docs"
    render_pages(briefing, TEMPLATES, out, Settings())
    digest = (out / "reports" / "weekly-digest" / "2019-w39.md").read_text()
    sections = {title: body for title, body in re.findall(r"^## ([^\n]+)\n\n(.*?)(?=^## |\Z)", digest, re.S | re.M)}
    assert "e-week.md" in sections["Meetings this week"] and "e-old.md" not in sections["Meetings this week"]
    assert "e-old.md" in sections["Earlier meetings recalled"] and "2012 ·" in sections["Earlier meetings recalled"]
    assert "e-later.md" in sections["Planned for later"] and "e-undated.md" in sections["Undated"]


def test_names_in_article_text_link_to_their_actors_and_the_text_reads_as_written(pages):
    html = to_html((pages / "articles" / "a-moscow.md").read_text())
    body = html[html.index('id="s-0"') - 30:html.index('id="s-2"') + 200]
    assert '<a class="name" href="../actors/ivan-petrov.md">Ivan Petrov</a>' in body
    assert '<a class="name" href="../actors/taliban.md">Taliban</a>' in body
    # once a paragraph: "Petrov said" in the same paragraph is not linked again
    assert body.count("actors/ivan-petrov.md") == 1
    visible = re.sub(r"<[^>]+>", "", body[body.index("<span"):body.rindex("</span>")])
    text = make_briefing().articles[0].text
    assert re.sub(r"\s+", " ", visible).replace("&quot;", '"') == re.sub(r"\s+", " ", text)


def test_index_tables_have_filter_tools_and_a_speaker_on_every_quote(pages):
    actors = (pages / "actors" / "index.md").read_text()
    assert '<div class="table-tools" data-choose="Type,Country"></div>' in actors
    assert "| [Ivan Petrov](ivan-petrov.md) | person | [Taliban](taliban.md) |  |" in actors  # no country known
    events = (pages / "events" / "index.md").read_text()
    assert 'data-choose="Type,Status" data-dates="Date"' in events
    assert '| <time datetime="2019-09-16">16 September 2019</time> | [' in events
    quotes = (pages / "quotes.md").read_text()
    rows = [line for line in quotes.splitlines() if line.startswith("| <time")]
    assert len(rows) == len(make_briefing().quotes)
    assert all("[Ivan Petrov](actors/ivan-petrov.md)" in row for row in rows)


def test_lists_of_events_and_quotes_come_in_the_models_order_whatever_order_they_are_given_in():
    """sorted_events and newest_quotes put any list in the order of the whole model (sorted once, each
    list by its items' places); a list holding an object that is not the model's own is sorted by the
    order's key itself, with the same result."""
    day = date(2024, 5, 1)
    articles = [Article(id=f"a{n}", path=f"{n}.md", title=f"Story {n}", date=day.replace(day=n + 1), text="x" * 50)
                for n in range(4)]
    events = [Event(id=f"e{n}", type="meeting", participants=["ann", "bo"], location=None, status="held", date=d,
                    articles=[f"a{n}"])
              for n, d in enumerate(["2024-04-02", None, "2024-03", "2024-04-01"])]
    quotes = [Quote(id=f"q{n}", article=f"a{n % 4}", speaker="ann", text=f"Words {n}", kind="direct", cue="say",
                    start=10 - n, end=20) for n in range(8)]
    index = Index(Briefing(articles=articles, actors=[], quotes=quotes, events=events))
    assert [e.id for e in index.sorted_events()] == ["e2", "e3", "e0", "e1"]  # dated by date, then the undated
    assert [e.id for e in index.sorted_events(newest_first=True)] == ["e1", "e0", "e3", "e2"]
    assert [q.id for q in index.newest_quotes()] == ["q7", "q3", "q6", "q2", "q5", "q1", "q4", "q0"]
    some = [events[3], events[1], events[2]]
    assert [e.id for e in index.sorted_events(reversed(some))] == ["e2", "e3", "e1"]
    assert [q.id for q in index.newest_quotes(quotes[::3])] == ["q3", "q6", "q0"]
    stranger = dataclasses.replace(events[0], id="e9")  # not in the model: sorted by the key itself
    assert [e.id for e in index.sorted_events([stranger, *some], newest_first=True)] == ["e1", "e9", "e3", "e2"]
    copy = dataclasses.replace(quotes[3])  # the model's id, another object
    assert [q.id for q in index.newest_quotes([quotes[0], copy, quotes[6]])] == ["q3", "q6", "q0"]


def test_a_speakers_quotes_are_the_newest_quotes_of_that_speaker_and_the_whole_network_is_made_once():
    """quotes_by and quotes_by_any take each speaker's quotes from one pass over the model's order; the
    network of every event, asked for by several pages, is laid out from pairs counted once."""
    day = date(2024, 5, 1)
    articles = [Article(id=f"a{n}", path=f"{n}.md", title=f"Story {n}", date=day.replace(day=n + 1), text="x" * 50)
                for n in range(4)]
    speakers = ["ann", "bo", None, "cy"]
    quotes = [Quote(id=f"q{n}", article=f"a{n % 4}", speaker=speakers[n % 3], text=f"Words {n}", kind="direct",
                    cue="say", start=10 - n, end=20) for n in range(9)]
    events = [Event(id=f"e{n}", type="meeting", participants=pair, location=None, status=status, date="2024-05-02",
                    articles=["a1"]) for n, (pair, status) in enumerate([(["ann", "bo"], "held"),
                                                                        (["bo", "ann"], "planned"),
                                                                        (["bo", "cy", "ann"], "held")])]
    index = Index(Briefing(articles=articles, actors=[], quotes=quotes, events=events))
    newest = index.newest_quotes()
    for speaker in ("ann", "bo", None, "cy", "nobody"):
        assert index.quotes_by(speaker) == [q for q in newest if q.speaker == speaker]
    assert index.quotes_by_any(["bo", "ann", "bo"]) == [q for q in newest if q.speaker in ("ann", "bo")]
    assert index.quotes_by_any("bo") == index.quotes_by("bo")
    index.quotes_by("ann").clear()  # a list of the caller's own
    assert len(index.quotes_by("ann")) == 3
    whole = index.network(5)
    assert {(link.a, link.b, link.events) for link in whole.links} == {("ann", "bo", 3), ("ann", "cy", 1),
                                                                         ("bo", "cy", 1)}
    assert index.network(5) == whole and index.network(1) != whole  # (the pairs kept; the limit applied anew)
    assert Index(index.briefing).network(5) == whole
