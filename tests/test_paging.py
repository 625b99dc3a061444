"""Long lists on numbered pages: the paths, the slices, and whole briefings rendered with a small page size."""
from __future__ import annotations

import posixpath
import re
import shutil

from generator.build import Project
from generator.config import Settings
from generator.model import Quote
from generator.paging import Paging, continuation_page
from generator.render import render_pages
from test_render import REPO, TEMPLATES, make_briefing, read_pages

LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


def test_continuation_pages_sit_beside_their_first_page():
    assert continuation_page("actors/x.md", 1) == "actors/x.md"
    assert continuation_page("actors/x.md", 2) == "actors/x/pages/2.md"
    assert continuation_page("reports/meetings-by-status/index.md", 3) == "reports/meetings-by-status/pages/3.md"
    assert continuation_page("timeline.md", 12) == "timeline/pages/12.md"


def test_paginate_slices_every_list_by_the_shared_page_number():
    paging = Paging("actors/x.md", number=2, size=3)
    long, short = paging.paginate(range(10)), paging.paginate("ab")
    assert (long.items, long.first, long.last, long.total, long.rest) == ([3, 4, 5], 4, 6, 10, True)
    assert (short.items, short.first, short.total) == ([], 0, 2)
    assert paging.count == 4 and paging.paginate(range(10), size=1).items == [1] and paging.count == 10
    assert paging.previous == "actors/x.md" and paging.next == "actors/x/pages/3.md"
    assert long.span == " (4–6)" and short.span == "" and paging.suffix == " (page 2)"
    assert Paging("actors/x.md", size=3).paginate(range(10)).span == " (1–3 of 10)"
    assert Paging("actors/x.md").paginate("ab").span == "" and Paging("actors/x.md").suffix == ""


def test_a_newest_first_list_keeps_its_numbered_pages_when_newer_items_come():
    """Page 1 holds the newest items (half to one and a half size of them); numbered pages fixed chunks of the older
    ones counted from the oldest, oldest first, which every newer item leaves as they are."""
    def pages(count: int, size: int = 3) -> list[list[int]]:
        items = list(range(count, 0, -1))  # item n is the n-th ever: newest first
        first = Paging("actors/x.md", 1, size)
        shown = [first.paginate(items, newest_first=True).items]
        for number in range(2, first.count + 1):
            shown.append(Paging("actors/x.md", number, size).paginate(items, newest_first=True).items)
        return shown

    assert pages(4) == [[4, 3, 2, 1]] and pages(5) == [[5, 4], [1, 2, 3]]
    assert pages(7) == [[7, 6, 5, 4], [1, 2, 3]]
    assert pages(9) == [[9, 8, 7], [1, 2, 3], [4, 5, 6]]
    for count in range(1, 40):
        before, after = pages(count), pages(count + 1)
        assert before[1:] == after[1:len(before)], count  # no numbered page changed
        assert sorted(n for page in after for n in page) == list(range(1, count + 2))  # each item once
        assert 2 <= len(after[0]) <= 4 or count + 1 < 2
    older = Paging("actors/x.md", 2, 3).paginate(range(9, 0, -1), newest_first=True)
    assert older.span == " (1–3, oldest first)" and older.oldest_first
    assert Paging("actors/x.md", 1, 3).paginate(range(9, 0, -1), newest_first=True).span == " (1–3 of 9)"


def test_page_links_keep_the_ends_and_the_neighbours():
    paging = Paging("timeline.md", number=6, size=1)
    paging.paginate(range(20))
    numbers = [link and link.number for link in paging.pages]
    assert numbers == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert [link.number for link in paging.pages if link and link.current] == [6]
    assert Paging("timeline.md").pages[0].page == "timeline.md"


def many_quotes(count: int):
    """The test briefing with `count` quotes by Ivan Petrov."""
    briefing = make_briefing()
    first = briefing.quotes[0]
    briefing.quotes = [Quote(id=f"q-{n}", article=first.article, speaker=first.speaker, text=f"Peace now, part {n}",
                             kind="direct", cue="say", start=first.start, end=first.end, sentence=first.sentence)
                       for n in range(count)]
    return briefing


def test_an_actor_with_many_quotes_gets_numbered_pages_holding_each_quote_once(tmp_path):
    out = tmp_path / "docs"
    render_pages(many_quotes(7), TEMPLATES, out, Settings(page_size=3))
    pages = read_pages(out)
    actor = {name: text for name, text in pages.items() if name.startswith("actors/ivan-petrov")}
    # the timeline (7 quotes and a meeting), newest first: page 1 holds the newest two, page 2 the
    # oldest three (oldest first), page 3 the next three
    assert set(actor) == {"actors/ivan-petrov.md", "actors/ivan-petrov/pages/2.md", "actors/ivan-petrov/pages/3.md"}
    timelines = {name: text[text.index("## Timeline"):] for name, text in actor.items()}
    for n in range(7):
        assert sum(f"Peace now, part {n}”" in text for text in timelines.values()) == 1, n
    assert "## Timeline (1–2 of 8)" in actor["actors/ivan-petrov.md"]
    assert "## Timeline (1–3, oldest first)" in actor["actors/ivan-petrov/pages/2.md"]
    assert "## Timeline (4–6, oldest first)" in actor["actors/ivan-petrov/pages/3.md"]
    older = timelines["actors/ivan-petrov/pages/2.md"]
    assert older.index("held") < older.index("part 6”") < older.index("part 5”")  # the meeting came first
    # page 1 shows the main quotes (at most ten, each text once) before the timeline; page 2 does not
    first = actor["actors/ivan-petrov.md"]
    assert "## Main quotes" not in first and first.count("Peace now, part") == 7 + 2
    assert "search:" in first and "boost" in first
    for name in ("actors/ivan-petrov/pages/2.md", "actors/ivan-petrov/pages/3.md"):
        assert "exclude: true" in actor[name] and "## Quotes" not in actor[name]
        assert "Page " in actor[name] and "## Articles" not in actor[name]  # one article: on page 1 only
    # the quote letter page gives the speaker one row (their count and newest quote): no numbered pages
    assert "quotes/i.md" in pages and not any(name.startswith("quotes/i/") for name in pages)
    row = next(line for line in pages["quotes/i.md"].splitlines() if "Ivan Petrov" in line)
    assert "[7](../actors/ivan-petrov.md#quotes)" in row and row.count("Peace now, part") == 1
    # every page link lands on a rendered page
    for name, text in pages.items():
        for target in LINK.findall(text):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
            assert resolved in pages, (name, target)

    render_pages(many_quotes(2), TEMPLATES, out, Settings(page_size=3))
    assert not (out / "actors" / "ivan-petrov").exists()  # fewer quotes: the numbered pages go
    assert "Page " not in (out / "actors" / "ivan-petrov.md").read_text()


def test_numbered_pages_build_with_mkdocs_without_a_broken_link(tmp_path):
    from generator.site import run_mkdocs

    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    settings = Settings(page_size=1)
    project = Project(tmp_path, settings)
    briefing = many_quotes(3)
    render_pages(briefing, TEMPLATES, project.pages_dir, settings)
    site = tmp_path / "site"
    run_mkdocs(project, site, strict=True)  # strict: a broken link or anchor fails the build
    numbered = {n: (site / "actors" / "ivan-petrov" / "pages" / str(n) / "index.html").read_text(encoding="utf-8")
                for n in (2, 3, 4)}  # the timeline, one item a page: 3 quotes and a meeting
    assert sum("Peace now, part 1" in page for page in numbered.values()) == 1
    assert 'href="../2/"' in numbered[3] and 'href="../3/"' in numbered[4]
    first = (site / "actors" / "ivan-petrov" / "index.html").read_text(encoding="utf-8")
    assert "Peace now, part 1" not in first[first.index('id="timeline"'):]
    assert (site / "timeline" / "index.html").exists() and (site / "events" / "index.html").exists()


def test_a_numbered_page_of_the_actor_index_does_not_print_the_totals(tmp_path):
    """The totals change with every new actor: page 1 prints them, the numbered pages say they continue."""
    import dataclasses

    briefing = make_briefing()
    first = briefing.actors[0]
    briefing.actors += [dataclasses.replace(first, id=f"zed-{n}", name=f"Zed Person {n}", aliases=[])
                        for n in range(6)]
    out = tmp_path / "docs"
    render_pages(briefing, TEMPLATES, out, Settings(page_size=1))  # five actors a page
    pages = read_pages(out)
    count = len(briefing.actors)
    assert f"{count} actors:" in pages["actors/index.md"]
    numbered = pages["actors/pages/2.md"]
    assert f"{count} actors" not in numbered and "Actors by name, continued (6–" in numbered


def test_a_numbered_page_with_a_newest_first_list_does_not_claim_how_many_pages_there_are():
    """Its count of chunks stops at the pages near it (render/reads.py), so only page 1 and pages holding
    other lists alone say "of N"."""
    plain = Paging("actors/x.md", 3, 2)
    plain.paginate(range(9))
    assert plain.total_known and plain.count == 5
    mixed = Paging("actors/x.md", 3, 2)
    mixed.paginate(range(9))
    mixed.paginate(list(range(30, 0, -1)), newest_first=True)
    assert not mixed.total_known
    first = Paging("actors/x.md", 1, 2)
    first.paginate(list(range(30, 0, -1)), newest_first=True)
    assert first.total_known
