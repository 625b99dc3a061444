"""Rendering only the pages whose inputs changed (generator/render/depends.py).

Each page's record holds what it read; a page renders again exactly when one of those changed,
and the pages an incremental render leaves alone are byte for byte what a full render makes.
The small invented model of test_render and one-line templates show which reads count; the
fixture articles, extracted with the real model, show it on the shipped templates for an added,
an edited and a removed article, a template change and an override change.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import logging
import re
import shutil
import sys
from array import array
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import tree
from test_render import TEMPLATES, make_briefing

from generator.build import make_briefing as briefing_of_folder
from generator.config import Settings
from generator.model import Mention, Quote
from generator.render import render_pages
from generator.render.depends import MAGIC, VOLATILE, PageRecord, PageRecords, condensed, freeze, scope, tracked
from generator.render.index import Index
from generator.render.plan import PAGE_TEMPLATES
from generator.render.reads import reading

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
CONTENT_ARTICLE = Path(__file__).resolve().parents[1] / "content" / "00-taliban-visit-russia-china.md"


def render(caplog, briefing, templates: Path, out: Path, records: Path | None) -> dict:
    """render_pages; how many pages it rendered (rather than kept: from its log line), which files changed
    and which pages rendered (their records' fingerprints changed: a page rendered again to the same text
    leaves its file as it was)."""
    caplog.set_level(logging.INFO, logger="briefing")
    caplog.clear()
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.md")} if out.exists() else {}
    fingerprints = _fingerprints(records)
    render_pages(briefing, templates, out, Settings(), records=records)
    line = next(m for m in caplog.messages if m.startswith("pages: "))
    planned, count = map(int, re.match(r"pages: (\d+) planned, (\d+) rendered", line).groups())
    assert planned == len(list(out.rglob("*.md")))
    changed = {p.relative_to(out).as_posix() for p in out.rglob("*.md") if before.get(p) != p.stat().st_mtime_ns}
    assert len(changed) <= count
    now = _fingerprints(records)
    return {"planned": planned, "count": count, "changed": changed,
            "rendered": {page for page, fingerprint in now.items() if fingerprints.get(page) != fingerprint}}


def _fingerprints(records: Path | None) -> dict[str, str]:
    try:
        return {page: record.fingerprint for page, record in stored_records(records).old.items()}
    except (AttributeError, OSError, ValueError, KeyError):  # none, or a broken file (a test writes one)
        return {}


def stored_records(records: Path) -> PageRecords:
    """The records file as the next render reads it (with the salt it was written with)."""
    data = records.read_bytes()
    return PageRecords(records, json.loads(data[len(MAGIC):data.index(b"\n", len(MAGIC))])["salt"])


def one_line_templates(root: Path, **pages: str) -> Path:
    """A templates folder whose every page template is one word, except those given (by key)."""
    folder = root / "templates"
    for key, name in PAGE_TEMPLATES.items():
        if key in ("reference", "tags", "report_index"):
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(pages.get(key, key) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def model():
    return make_briefing()


def test_a_page_renders_again_only_when_a_field_it_shows_changes(caplog, tmp_path, model):
    templates = one_line_templates(tmp_path, actor="{{ actor.name }}")
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    assert render(caplog, model, templates, out, records)["count"] > 3  # first time: every page

    more = copy.deepcopy(model)
    petrov = next(a for a in more.actors if a.id == "ivan-petrov")
    petrov.mentions.append(Mention("a-moscow", 60, 66, "Petrov", sentence=1))
    assert render(caplog, more, templates, out, records)["count"] == 0  # his page shows his name only

    petrov.name = "Ivan P. Petrov"
    result = render(caplog, more, templates, out, records)
    assert result["count"] == 1 and result["changed"] == {"actors/ivan-petrov.md"}
    assert (out / "actors/ivan-petrov.md").read_text() == "Ivan P. Petrov\n"


def _reused(caplog) -> int:
    line = next(m for m in caplog.messages if m.startswith("pages: "))
    return int(re.search(r"(\d+) of the inputs read known unchanged", line).group(1))


def test_fields_of_an_unchanged_quote_event_or_article_are_taken_over_and_a_changed_one_computed(caplog, tmp_path,
                                                                                               model):
    """The fields a page read of a quote, an event or an article are not computed again while the object's
    stamp (all its fields) is the one of the last render; a change to any field of it is seen."""
    templates = one_line_templates(tmp_path, actor="{% for q in quotes_by(actor.id) %}{{ q.text }}{% endfor %}",
                                   event="{{ event.location }}", article="{{ article.title }}")
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, model, templates, out, records)
    assert _reused(caplog) == 0
    assert render(caplog, model, templates, out, records)["count"] == 0
    assert _reused(caplog) >= 3  # the quote's, the event's and the article's fields

    changed = copy.deepcopy(model)
    changed.quotes[0].text, changed.quotes[0].cue = "We want peace later", "tell"  # a field read, one not read
    changed.events[0].location = "Kazan"
    changed.articles[0].title = "Envoys meet in Kazan"
    result = render(caplog, changed, templates, out, records)
    assert {"actors/ivan-petrov.md", "events/e-1.md", "articles/a-moscow.md"} <= result["changed"]
    assert (out / "actors/ivan-petrov.md").read_text() == "We want peace later\n"
    assert (out / "events/e-1.md").read_text() == "Kazan\n"
    full = tmp_path / "full"
    render(caplog, changed, templates, full, None)
    assert tree(out) == tree(full)


def test_an_objects_stamp_is_made_of_its_values_not_of_which_objects_hold_them():
    """Stamps are digests of marshals in its first format, which marks neither objects written twice nor
    interned strings: an equal object whose strings are not shared the same way (read from the cache
    rather than just extracted) has the same stamp."""
    from generator.render.depends import _marshalled_digest

    shared = sys.intern("a-moscow")
    apart = "".join(["a-", "moscow"])
    assert apart is not shared
    assert _marshalled_digest(("Quote", (shared, shared, [(1, 2)]))) \
        == _marshalled_digest(("Quote", (apart, "".join(["a-", "moscow"]), [(1, 2)])))
    assert _marshalled_digest(("Quote", (shared, shared))) != _marshalled_digest(("Quote", (shared, "a-doha")))
    assert _marshalled_digest(("Quote", (shared,))) != _marshalled_digest(("Quote", [shared]))


def test_a_stamp_tells_every_field_apart(model):
    """A date, a list of small records: each field's change changes the object's stamp."""
    from generator.render.depends import Inputs

    def stamps(briefing):
        inputs = Inputs(Index(briefing), [], {}, None)
        return {f"{kind}:{obj.id}": inputs.stamp(f"{kind}:{obj.id}") for kind, objects in
                (("article", briefing.articles), ("actor", briefing.actors), ("event", briefing.events),
                 ("quote", briefing.quotes)) for obj in objects}

    before = stamps(model)
    changed = copy.deepcopy(model)
    changed.articles[0].date = changed.articles[0].date + timedelta(days=1)
    changed.actors[0].mentions[0].end += 1
    changed.events[0].evidence[0].sentence += "."
    after = stamps(changed)
    assert {scope for scope in before if before[scope] != after[scope]} == {
        f"article:{model.articles[0].id}", f"actor:{model.actors[0].id}", f"event:{model.events[0].id}"}


def test_a_helper_of_its_object_alone_is_taken_over_while_the_object_is_the_same(caplog, tmp_path, model):
    """mentions_in and roles_of answer from the actor alone (`of_its_object`): their answers are taken over
    while the actor's stamp is the same, and a new mention of the actor is seen."""
    templates = one_line_templates(tmp_path, actor="{{ mentions_in(actor, 'a-moscow')|length }} "
                                                   "{{ roles_of(actor)|length }}")
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, model, templates, out, records)
    before = (out / "actors/ivan-petrov.md").read_text()
    assert render(caplog, model, templates, out, records)["count"] == 0 and _reused(caplog) >= 4
    more = copy.deepcopy(model)
    petrov = next(a for a in more.actors if a.id == "ivan-petrov")
    petrov.mentions.append(Mention("a-moscow", 60, 66, "Petrov", sentence=1))
    result = render(caplog, more, templates, out, records)
    assert result["changed"] == {"actors/ivan-petrov.md"}
    assert (out / "actors/ivan-petrov.md").read_text() != before
    full = tmp_path / "full"
    render(caplog, more, templates, full, None)
    assert tree(out) == tree(full)


def changed_pages(caplog, model, templates: Path, out: Path, records: Path, change) -> set[str]:
    """The pages whose files a change to the model rewrites (rendered first from `model`), once checked
    to be those of a full render of the changed model."""
    render(caplog, model, templates, out, records)
    changed = copy.deepcopy(model)
    change(changed)
    result = render(caplog, changed, templates, out, records)
    full = out.parent / "full"
    shutil.rmtree(full, ignore_errors=True)
    render(caplog, changed, templates, full, None)
    assert tree(out) == tree(full)
    return result["changed"]


def test_the_helpers_of_an_actor_page_are_taken_over_while_its_neighbourhood_is_the_same(caplog, tmp_path, model):
    """events_of, quotes_by, first_seen, met_with, network(focus=...) and the rest answer from the actor's
    neighbourhood (`around_its_actor`): taken over while it is the same, and computed again when something
    in it changes that the actor's own fields do not show: a quote's words, an article's date, the name of
    someone it met. The pages are then those of a full render."""
    templates = one_line_templates(tmp_path, actor=(
        "{{ events_of(actor.id)|length }} {% for q in quotes_by(actor.id) %}{{ q.text }}{% endfor %} "
        "{{ first_seen(actor) }} {% for other, n in met_with(actor.id) %}{{ other }} {{ n }}{% endfor %} "
        "{% for q in main_quotes(quotes_by(actor.id), 1) %}{{ q.text }}{% endfor %} "
        "{{ network(5, focus=actor.id).nodes|map(attribute='name')|join(',') }}"))
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, model, templates, out, records)
    assert render(caplog, model, templates, out, records)["count"] == 0 and _reused(caplog) >= 8

    def changed_by(change) -> set[str]:
        return changed_pages(caplog, model, templates, out, records, change)

    def words(briefing):
        briefing.quotes[0].text = "We want peace soon"

    def date_of_article(briefing):
        briefing.articles[0].date = date(2019, 9, 30)

    def name_of_the_other(briefing):
        next(a for a in briefing.actors if a.id == "taliban").name = "The Taliban"

    assert "actors/ivan-petrov.md" in changed_by(words)
    assert {"actors/ivan-petrov.md", "actors/taliban.md"} <= changed_by(date_of_article)
    assert "actors/ivan-petrov.md" in changed_by(name_of_the_other)


def test_an_event_pages_title_and_network_are_taken_over_while_its_neighbourhood_is_the_same(caplog, tmp_path,
                                                                                             model):
    """event_title, network(events=[event]) and a link's label to an event answer from the event and its
    participants' names (`around_its_event`): taken over while those are the same, computed again when a
    participant is renamed; the pages are then those of a full render."""
    key = json.dumps
    assert scope(key(["call", "event_title", ["@event:e-1"], []])) == "around:event:e-1"
    assert scope(key(["call", "network", [5], [["events", ["@event:e-1"]]]])) == "around:event:e-1"
    assert scope(key(["label", "event", "e-1"])) == "around:event:e-1"
    assert scope(key(["call", "network", [5], [["events", ["@event:e-1", "@event:e-2"]]]])) is None
    assert scope(key(["call", "network", [5], []])) is None  # (the whole archive's)
    templates = one_line_templates(tmp_path, event=(
        "{{ event_title(event) }} {{ network(5, events=[event]).nodes|map(attribute='name')|join(',') }}"),
        actor="{% for e in events_of(actor.id) %}{{ event_ref(e) }}{% endfor %}")
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, model, templates, out, records)
    unchanged = render(caplog, model, templates, out, records)
    assert unchanged["count"] == 0
    taken = {key for key, where in _stored_scopes(records).items() if where.startswith("around:event:")}
    assert {json.loads(k)[0] for k in taken} == {"call", "label"} and len(taken) >= 3
    def renamed(briefing):
        next(a for a in briefing.actors if a.id == "taliban").name = "The Taliban"

    assert {f"events/{e.id}.md" for e in model.events if "taliban" in e.participants} \
        <= changed_pages(caplog, model, templates, out, records, renamed)


def test_an_article_pages_body_and_findings_are_taken_over_while_its_neighbourhood_is_the_same(caplog, tmp_path,
                                                                                               model):
    """article_body and extracted_from answer from the article, its quotes, where its body names whom, the
    names of the actors it names and the events it reports (`around_its_article`): taken over while those
    are the same, computed again when a name it links moves or an actor it names is renamed; the pages are
    then those of a full render."""
    key = json.dumps
    assert scope(key(["call", "article_body", ["@article:a-moscow"], []])) == "around:article:a-moscow"
    assert scope(key(["call", "extracted_from", ["a-moscow"], []])) == "around:article:a-moscow"
    templates = one_line_templates(tmp_path, article=(
        "{% for paragraph in article_body(article) %}{% for s in paragraph %}{{ s.parts }}{% endfor %}{% endfor %} "
        "{% set found = extracted_from(article.id) %}{{ found.actors|map(attribute='name')|join(',') }} "
        "{{ found.quotes|length }} {{ found.events|length }}"))
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, model, templates, out, records)
    assert render(caplog, model, templates, out, records)["count"] == 0
    taken = {json.loads(k)[1] for k, where in _stored_scopes(records).items() if where == "around:article:a-moscow"}
    assert taken == {"article_body", "extracted_from"}

    def changed_by(change) -> set[str]:
        return changed_pages(caplog, model, templates, out, records, change)

    def shorter_name(briefing):  # "Ivan Petrov" linked as "Petrov"
        mention = next(a for a in briefing.actors if a.id == "ivan-petrov").mentions[0]
        mention.start += len("Ivan ")

    def renamed(briefing):
        next(a for a in briefing.actors if a.id == "taliban").name = "The Taliban"

    assert "articles/a-moscow.md" in changed_by(shorter_name)
    assert "articles/a-moscow.md" in changed_by(renamed)


def _stored_scopes(records: Path) -> dict[str, str]:
    """Each key of a records file with a scope, and that scope."""
    table = stored_records(records).table
    return {table[n]: table.scope(n) for n in range(len(table)) if table.scope(n) is not None}


def test_pages_checked_by_two_processes_keep_what_one_process_keeps(caplog, tmp_path, model, monkeypatch):
    """The recorded pages are checked by this process and a forked one (forks.from_both_ends), which hands
    over the values and stamps it computed: the same pages kept, and the same records for the next render."""
    import time

    from generator import forks
    from generator.render import write
    from generator.render.depends import Inputs

    templates = one_line_templates(tmp_path, actor="{% for q in quotes_by(actor.id) %}{{ q.text }}{% endfor %} "
                                                   "{{ mentions_in(actor, 'a-moscow')|length }}",
                                   event="{{ event.location }}", article="{{ article.title }}")
    real_check, real_share = Inputs.page_fingerprint, write.from_both_ends
    handed = []

    def slow_check(self, identity, keys):  # (so that both processes take some pages)
        time.sleep(0.02)
        return real_check(self, identity, keys)

    def sharing(count, do, state, copying):
        found, state_of_the_other = real_share(count, do, state, copying)
        handed.append(state_of_the_other)
        return found, state_of_the_other

    monkeypatch.setattr(write, "from_both_ends", sharing)
    saved = {}
    for two in (False, True):
        monkeypatch.setattr(forks, "can_fork", lambda copying=False: two)
        monkeypatch.setattr(Inputs, "page_fingerprint", slow_check if two else real_check)
        out, records = tmp_path / f"docs-{two}", tmp_path / f"pages-{two}.json"
        render(caplog, model, templates, out, records)
        assert render(caplog, model, templates, out, records)["count"] == 0
        stored = stored_records(records)
        saved[two] = ({page: record.fingerprint for page, record in stored.old.items()}, list(stored.table),
                      stored.values, stored.stamps, _reused(caplog))
    assert handed[-1] is not None and handed[-1][2] > 0  # the forked process took over values of its own pages
    assert saved[True] == saved[False]


def test_taken_over_values_that_do_not_fit_the_records_are_computed(caplog, tmp_path, model):
    templates = one_line_templates(tmp_path, event="{{ event.location }}")
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, model, templates, out, records)
    data = records.read_bytes()
    header_end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC):header_end])
    header["sizes"]["values"] -= 8  # a value short (tampered, or cut off)
    records.write_bytes(MAGIC + json.dumps(header).encode() + data[header_end:-8])
    changed = copy.deepcopy(model)
    changed.events[0].location = "Kazan"
    assert render(caplog, changed, templates, out, records)["changed"] == {"events/e-1.md"}
    assert _reused(caplog) == 0 and (out / "events/e-1.md").read_text() == "Kazan\n"


def test_a_page_renders_again_when_a_helper_it_called_answers_otherwise(caplog, tmp_path, model):
    templates = one_line_templates(tmp_path, actor="{{ plural('quote', quotes_by(actor.id)|length) }}")
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, model, templates, out, records)
    more = copy.deepcopy(model)
    more.quotes.append(Quote(id="q-2", article="a-moscow", speaker="taliban", text="No comment today", kind="direct",
                             cue="say", start=0, end=5, sentence=0))
    result = render(caplog, more, templates, out, records)
    assert result["changed"] == {"actors/taliban.md", "quotes/t.md"}  # (a new page); Petrov's count is the same
    assert (out / "actors/taliban.md").read_text() == "1 quote\n"


def test_a_new_quote_renders_its_speakers_letter_page_and_no_other(caplog, tmp_path, model):
    """On the shipped templates a letter page lists its speakers, not every quote: a new quote changes
    its speaker's row, and no other letter page, however many quotes the letter holds; a new unattributed
    quote changes page 1 of those only."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    first = model.quotes[0]

    def quote(n: int, speaker: str | None) -> Quote:
        return Quote(id=f"q-{speaker}-{n}", article=first.article, speaker=speaker, text=f"Words {n} of {speaker}",
                     kind="direct", cue="say", start=first.start - n, end=first.end, sentence=first.sentence)

    model.quotes = [quote(n, speaker) for n in range(150) for speaker in ("ivan-petrov", "taliban", None)]
    render(caplog, model, templates, out, records)
    assert not (out / "quotes" / "i").exists()  # 150 quotes of one speaker: one row, no numbered page
    assert (out / "quotes/unattributed/pages/2.md").exists()  # the unattributed quotes: newest first, paged
    model.quotes.append(quote(150, "ivan-petrov"))
    rendered = render(caplog, model, templates, out, records)["rendered"]
    assert {name for name in rendered if name.startswith("quotes/")} == {"quotes/i.md"}
    row = next(line for line in (out / "quotes/i.md").read_text().splitlines() if line.startswith("| [Ivan Petrov]"))
    assert "[151](../actors/ivan-petrov.md#quotes)" in row and "Words 150 of ivan-petrov" in row
    model.quotes.append(quote(150, None))  # changes page 1 of the unattributed quotes, not the older ones
    rendered = render(caplog, model, templates, out, records)["rendered"]
    assert {name for name in rendered if name.startswith("quotes/")} == {"quotes/unattributed.md"}
    assert "Words 150 of None" in (out / "quotes/unattributed.md").read_text()


def test_an_article_page_depends_on_what_its_body_is_laid_out_from(caplog, tmp_path, model):
    """article_body is checked by what it lays out (the text, the sentences, the quoted ones, the names in
    it), not by its segments: the page renders again when a name or a quote in it moves, not otherwise."""
    page = ("{% for p in article_body(article) %}{% for s in p %}{{ s.classes }}:"
            "{% for text, actor in s.parts %}{{ actor or '' }}{% endfor %};{% endfor %}{% endfor %}")
    templates = one_line_templates(tmp_path, article=page)
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, model, templates, out, records)
    assert (out / "articles/a-moscow.md").read_text() == "sentence:ivan-petrovtaliban;:;sentence quote:;sentence:;\n"
    assert render(caplog, copy.deepcopy(model), templates, out, records)["count"] == 0
    moved = copy.deepcopy(model)
    moved.quotes[0].start, moved.quotes[0].end, moved.quotes[0].sentence = 0, 5, 0  # the quote in sentence 0
    petrov, taliban = moved.actors
    taliban.mentions.append(petrov.mentions.pop())  # his name now links the Taliban
    moved.actors = [taliban]
    result = render(caplog, moved, templates, out, records)
    assert "articles/a-moscow.md" in result["changed"]
    assert (out / "articles/a-moscow.md").read_text() == "sentence quote:taliban;:;sentence:;sentence:;\n"
    edited = copy.deepcopy(moved)  # a word of the text, no offset moved: laid out again (the same here)
    article = next(a for a in edited.articles if a.id == "a-moscow")
    assert "e" in article.text
    article.text = article.text.replace("e", "E", 1)
    assert "articles/a-moscow.md" in render(caplog, edited, templates, out, records)["rendered"]
    assert render(caplog, copy.deepcopy(edited), templates, out, records)["rendered"] == set()


def test_pictures_are_checked_by_what_they_draw(caplog, tmp_path, model):
    """network and activity_chart are checked by what they are drawn from: an actor's page renders again
    when a meeting of theirs is added or a name in their network changes, not otherwise."""
    page = ("{% set net = network(5, actor.id) %}{% for link in net.links %}{{ link.a }}-{{ link.b }}x{{ link.events }} "
            "{% endfor %}{% for node in net.nodes %}{{ node.name }} {% endfor %}"
            "{{ activity_chart(actor).values }}")
    templates = one_line_templates(tmp_path, actor=page)
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, model, templates, out, records)
    assert (out / "actors/ivan-petrov.md").read_text().startswith("ivan-petrov-talibanx1 ")
    assert render(caplog, copy.deepcopy(model), templates, out, records)["count"] == 0
    more = copy.deepcopy(model)
    more.events.append(copy.deepcopy(more.events[0]))
    more.events[-1].id = "e-2"
    result = render(caplog, more, templates, out, records)
    assert {"actors/ivan-petrov.md", "actors/taliban.md"} <= result["changed"]
    assert (out / "actors/ivan-petrov.md").read_text().startswith("ivan-petrov-talibanx2 ")
    more.actors[1].name = "The Taliban"  # a name his network shows
    assert "actors/ivan-petrov.md" in render(caplog, more, templates, out, records)["changed"]
    assert "The Taliban" in (out / "actors/ivan-petrov.md").read_text()


@pytest.mark.parametrize("shows_total", [False, True])
def test_a_numbered_page_of_a_list_depends_on_its_own_items_unless_it_shows_the_total(caplog, tmp_path, model,
                                                                                      shows_total):
    """paginate(sorted_events()) on a numbered page reads its own events and how many pages there are: an
    event added after them leaves it as it is, unless the page shows the list's total."""
    def with_events(count: int):
        briefing = copy.deepcopy(model)
        briefing.events = [dataclasses.replace(model.events[0], id=f"e-{n}", date=f"2019-09-{10 + n}")
                           for n in range(count)]
        return briefing

    page = ("{% set shown = paginate(sorted_events(), 2) %}{{ paging.number }}/{{ paging.count }}:"
            "{% for e in shown.items %} {{ e.id }}{% endfor %}" + (" of {{ shown.total }}" if shows_total else ""))
    templates = one_line_templates(tmp_path, timeline=page)
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, with_events(5), templates, out, records)
    assert (out / "timeline/pages/2.md").read_text().startswith("2/3: e-2 e-3")
    rendered = render(caplog, with_events(6), templates, out, records)["rendered"]  # the 6th goes on page 3
    timeline = {name for name in rendered if name.startswith("timeline")}
    assert timeline == ({"timeline.md", "timeline/pages/2.md", "timeline/pages/3.md"} if shows_total
                        else {"timeline/pages/3.md"})
    assert (out / "timeline/pages/3.md").read_text().startswith("3/3: e-4 e-5")
    rendered = render(caplog, with_events(7), templates, out, records)["rendered"]  # a 4th page: every pager changes
    assert {"timeline.md", "timeline/pages/2.md", "timeline/pages/3.md", "timeline/pages/4.md"} <= rendered


def test_a_new_meeting_changes_page_1_of_the_timeline_only(caplog, tmp_path, model):
    """On the shipped templates: the timeline (newest first, numbered pages from the oldest) gets a meeting
    dated after all the others, then an undated one reported by the newest article: each renders page 1
    again and none of the numbered pages (oldest first, the pages after an added event would all shift)."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    out, records = tmp_path / "docs", tmp_path / "pages.records"

    def meeting(n: int, dated: bool = True):
        return dataclasses.replace(model.events[0], id=f"e-{n}",
                                   date=(date(2019, 1, 1) + timedelta(days=n)).isoformat() if dated else None)

    model.events = [meeting(n) for n in range(250)]
    render(caplog, model, templates, out, records)
    assert "1 January 2019" in (out / "timeline/pages/2.md").read_text()  # the oldest chunk
    model.events.append(meeting(250))
    rendered = render(caplog, model, templates, out, records)["rendered"]
    assert {name for name in rendered if name.startswith("timeline")} == {"timeline.md"}
    assert "8 September 2019" in (out / "timeline.md").read_text()  # the new meeting's date
    model.events.append(meeting(251, dated=False))
    rendered = render(caplog, model, templates, out, records)["rendered"]
    assert {name for name in rendered if name.startswith("timeline")} == {"timeline.md"}
    assert "## Undated" in (out / "timeline.md").read_text()


def test_a_numbered_page_of_a_newest_first_list_depends_on_its_chunk_only(caplog, tmp_path, model):
    """Page 3 of an actor's quotes (newest first, two a page) shows the two oldest; a new quote changes
    page 1 and nothing else until the quotes fill a new chunk, which adds a page and changes the
    page count every page shows."""
    def with_quotes(count: int):
        briefing = copy.deepcopy(model)
        first = briefing.quotes[0]
        briefing.quotes = [Quote(id=f"q-{n}", article=first.article, speaker=first.speaker, text=f"Words {n}",
                                 kind="direct", cue="say", start=first.start - n, end=first.end, sentence=first.sentence)
                           for n in range(count)]  # the newest first: each added one earlier in the article
        return briefing

    page = ("{% set shown = paginate(quotes_by(actor.id), 2, newest_first=true) %}"
            "{{ paging.number }}/{{ paging.count }}:{% for q in shown.items %} {{ q.text }}{% endfor %}")
    templates = one_line_templates(tmp_path, actor=page)
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, with_quotes(5), templates, out, records)
    assert (out / "actors/ivan-petrov/pages/2.md").read_text() == "2/3: Words 0 Words 1\n"
    assert (out / "actors/ivan-petrov.md").read_text() == "1/3: Words 4\n"
    result = render(caplog, with_quotes(6), templates, out, records)
    # rendered: his page 1 only: not his numbered pages, nor the letter page of his quotes (the page's
    # object, his quotes' group, grew, but the page reads nothing of it)
    assert result["changed"] == {"actors/ivan-petrov.md"} and result["count"] == 1
    assert (out / "actors/ivan-petrov.md").read_text() == "1/3: Words 5 Words 4\n"
    result = render(caplog, with_quotes(7), templates, out, records)  # a third whole chunk: one more page
    assert result["changed"] == {"actors/ivan-petrov.md", "actors/ivan-petrov/pages/2.md",
                                 "actors/ivan-petrov/pages/3.md", "actors/ivan-petrov/pages/4.md"}
    full = tmp_path / "full"
    render(caplog, with_quotes(7), templates, full, None)
    assert tree(full) == tree(out)


def test_a_new_chunk_renders_the_last_numbered_pages_only_not_every_one(caplog, tmp_path, model):
    """A numbered page of a newest-first list links to the pages just after it, not to the last one, and
    does not print how many there are: the chunk a new quote completes changes the pages near the end
    (and page 1), never the oldest ones; the pager says "Page 2", and a full render agrees."""
    def with_quotes(count: int):
        briefing = copy.deepcopy(model)
        first = briefing.quotes[0]
        briefing.quotes = [Quote(id=f"q-{n}", article=first.article, speaker=first.speaker, text=f"Words {n}",
                                 kind="direct", cue="say", start=first.start - n, end=first.end, sentence=first.sentence)
                           for n in range(count)]
        return briefing

    page = ("{% set shown = paginate(quotes_by(actor.id), 1, newest_first=true) %}"
            "{{ paging.number }}/{{ paging.count }}:{% for q in shown.items %} {{ q.text }}{% endfor %}"
            "{% include 'partials/pager.md.j2' %}")
    templates = one_line_templates(tmp_path, actor=page)
    shutil.copy(TEMPLATES / "partials" / "pager.md.j2", templates / "partials" / "pager.md.j2")
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, with_quotes(10), templates, out, records)  # page 1 the newest, pages 2-10 one each
    second = (out / "actors/ivan-petrov/pages/2.md").read_text()
    assert second.startswith("2/4: Words 0") and "Page 2:" in second and " of " not in second
    assert "Page 1 of 10:" in (out / "actors/ivan-petrov.md").read_text()
    result = render(caplog, with_quotes(11), templates, out, records)
    changed = {page for page in result["changed"] if page.startswith("actors/")}
    assert changed == {"actors/ivan-petrov.md", "actors/ivan-petrov/pages/9.md", "actors/ivan-petrov/pages/10.md",
                       "actors/ivan-petrov/pages/11.md"}
    full = tmp_path / "full"
    render(caplog, with_quotes(11), templates, full, None)
    assert tree(full) == tree(out)


def test_a_link_depends_on_the_label_it_shows_not_on_the_whole_actor(caplog, tmp_path, model):
    templates = one_line_templates(tmp_path, event="{{ actor_ref(event.participants[0]) }}")
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, model, templates, out, records)
    more = copy.deepcopy(model)
    more.actors[0].mentions.append(Mention("a-moscow", 60, 66, "Petrov", sentence=1))
    assert render(caplog, more, templates, out, records)["count"] == 0
    more.actors[0].name = "Ivan P. Petrov"
    result = render(caplog, more, templates, out, records)
    assert result["count"] == 1 and result["changed"] == {"events/e-1.md"}
    assert "Ivan P. Petrov" in (out / "events/e-1.md").read_text()


def test_a_changed_template_renders_only_the_pages_that_load_it(caplog, tmp_path, model):
    templates = one_line_templates(tmp_path, actor="{% include 'partials/name.md.j2' %}")
    (templates / "partials" / "name.md.j2").write_text("{{ actor.name }}", encoding="utf-8")
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, model, templates, out, records)
    (templates / "partials" / "name.md.j2").write_text("Name: {{ actor.name }}", encoding="utf-8")
    result = render(caplog, model, templates, out, records)
    assert result["count"] == 2 and result["changed"] == {"actors/ivan-petrov.md", "actors/taliban.md"}


def test_what_cannot_be_named_again_makes_its_page_render_every_time(caplog, tmp_path, model):
    """A helper given an argument the next build cannot find again (a Mention) makes its page volatile,
    as the template reference page is (its examples run on the whole model)."""
    with reading() as keys:
        tracked("count", len)([Mention("a", 0, 1, "x")])
    assert keys == {VOLATILE}
    with reading() as keys:
        tracked("count", len)(model.actors[:1])
    assert keys == {("call", "count", (("@actor:ivan-petrov",),), ())}
    assert freeze("@home") == "@@home"  # a string never passes for an object

    out, records = tmp_path / "docs", tmp_path / "pages.records"
    assert render(caplog, model, TEMPLATES, out, records)["count"] > 10
    again = render(caplog, model, TEMPLATES, out, records)
    assert again["count"] == 1 and again["changed"] == set()  # reference.md, rendered to the same bytes


def test_records_of_other_settings_or_a_broken_file_render_everything(caplog, tmp_path, model):
    templates = one_line_templates(tmp_path)
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    first = render(caplog, model, templates, out, records)["count"]
    records.write_text("{not json", encoding="utf-8")
    assert render(caplog, model, templates, out, records)["count"] == first
    assert render(caplog, model, templates, out, records)["count"] == 0
    (out / "actors" / "taliban.md").write_text("edited by hand\n", encoding="utf-8")
    result = render(caplog, model, templates, out, records)
    assert result["changed"] == {"actors/taliban.md"}
    assert (out / "actors" / "taliban.md").read_text() == "actor\n"


# --------------------------------------------------------------------------- shipped templates, real articles


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """Briefings of the fixture articles: as they are, with one more, with one edited, with one removed,
    and with an actors.yml renaming an actor; extracted once."""
    root = tmp_path_factory.mktemp("depends")
    settings, cache = Settings(), root / "cache"
    made = {}

    def folder(name: str, change=None):
        content = root / name
        shutil.copytree(ARTICLES, content)
        if change:
            change(content)
        made[name] = briefing_of_folder(content, settings, cache)

    folder("base")
    folder("added", lambda c: shutil.copy(CONTENT_ARTICLE, c / CONTENT_ARTICLE.name))
    folder("removed", lambda c: (c / "camp-david.txt").unlink())

    def edit(content: Path):
        path = content / "moscow-talks.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n\n\"We will meet again in spring,\" the envoy said.\n",
                        encoding="utf-8")

    folder("edited", edit)
    base = made["base"]
    person = next(a for a in base.actors if a.type == "person")
    folder("renamed", lambda c: (c / "actors.yml").write_text(
        f"- match: {person.name}\n  name: {person.name} Junior\n", encoding="utf-8"))
    assert any(a.name == f"{person.name} Junior" for a in made["renamed"].actors)
    return made


@pytest.mark.parametrize("change", ["added", "edited", "removed", "renamed"])
def test_an_incremental_render_equals_a_full_one_and_renders_less(caplog, tmp_path, folders, change):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    render(caplog, folders["base"], templates, out, records)
    again = render(caplog, folders[change], templates, out, records)
    full = tmp_path / "full"
    render(caplog, folders[change], templates, full, None)
    assert tree(out) == tree(full)
    assert again["changed"] and again["count"] < again["planned"]  # some pages were kept as they were


def test_a_template_edit_equals_a_full_render(caplog, tmp_path, folders):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    out, records = tmp_path / "docs", tmp_path / "pages.records"
    everything = render(caplog, folders["base"], templates, out, records)["count"]
    partial = templates / "partials" / "quote.md.j2"
    partial.write_text(partial.read_text(encoding="utf-8") + "\n<!-- reviewed -->\n", encoding="utf-8")
    again = render(caplog, folders["base"], templates, out, records)
    full = tmp_path / "full"
    render(caplog, folders["base"], templates, full, None)
    assert tree(out) == tree(full)
    assert 0 < again["count"] < everything
    assert all("reviewed" in (out / page).read_text() for page in again["changed"] if page.startswith("actors/"))


def test_records_keep_each_pages_keys_and_drop_keys_no_page_reads_once_they_are_many(tmp_path):
    """The table of keys is written as it is while few of its keys are unused (no renumbering of millions
    of keys each build), and without the unused ones once they are a tenth or more."""
    path = tmp_path / "pages.records"
    book = PageRecords(path, "salt")
    keys = [f'["name","k{n}"]' for n in range(20)]
    book.new = {"a.md": PageRecord("f1", 1, 1, 1, book.stored(keys[:19])), "c.md": PageRecord("f2", 1, 1, 1, book.stored(keys[19:]))}
    book.save()
    again = PageRecords(path, "salt")
    again.new = {"a.md": again.old["a.md"]}  # page c is gone: 19 of 20 keys are read
    again.save()
    kept = PageRecords(path, "salt")
    assert len(kept.table) == 20 and set(kept.old) == {"a.md"} and list(kept.old["a.md"].keys) == keys[:19]
    kept.new = {"b.md": PageRecord("f3", 1, 1, 1, kept.stored(keys[5:10]))}  # page a is gone: 5 of 20 are read
    kept.save()
    last = PageRecords(path, "salt")
    assert list(last.table) == keys[5:10] and list(last.old["b.md"].keys) == keys[5:10] and set(last.old) == {"b.md"}


def test_records_read_back_every_key_with_its_scope_value_and_number(tmp_path):
    """The keys (any text), the object each one's value depends on, their values and the stamps come back
    as they were saved; a key the records hold keeps its number, a new one is numbered after them; a cut
    off file, or one of other settings, is no records."""
    path = tmp_path / "pages.records"
    book = PageRecords(path, "salt")
    keys = sorted(condensed({("field", "actor", "peña-nieto", "name"), ("field", "quote", "q-1", "text"),
                             ("label", "actor", "x"), ("call", "mentions_in", ("@actor:a-1", "a-2"), ()),
                             ("name", "emoji 🙂 and “quotes”")}))
    book.new = {"a.md": PageRecord("f", 1, 2, 3, book.stored(keys[:3])),
                "b.md": PageRecord("g", 2, 3, 4, book.stored(keys[1:]))}
    book.save(array("Q", range(1, 6)), {"actor:peña-nieto": "s1"})
    again = PageRecords(path, "salt")
    assert list(again.old["a.md"].keys) == keys[:3] and list(again.old["b.md"].keys) == keys[1:]
    assert again.old["b.md"][:4] == ("g", 2, 3, 4)
    assert [again.table.scope(n) for n in range(5)] == [scope(key) for key in keys]
    assert {scope(key) for key in keys} == {None, "actor:peña-nieto", "quote:q-1", "actor:a-1"}
    assert again.values.tolist() == [1, 2, 3, 4, 5] and again.stamps == {"actor:peña-nieto": "s1"}
    new_key = '["label", "actor", "y"]'
    assert again.stored([keys[4], new_key, keys[0]]).ids.tolist() == [4, 5, 0]
    again.new = {"c.md": PageRecord("h", 1, 1, 1, again.stored([keys[4], new_key, keys[0]])), **again.old}
    again.save()
    last = PageRecords(path, "salt")
    assert list(last.old["c.md"].keys) == [keys[4], new_key, keys[0]] and last.table.scope(5) is None
    assert list(last.old["a.md"].keys) == keys[:3] and len(last.table) == 6
    assert last.stored([new_key, keys[1]]).ids.tolist() == [5, 1]  # (found by the hashes the records keep)
    assert PageRecords(path, "other salt").old == {}
    path.write_bytes(path.read_bytes()[:-3])
    assert PageRecords(path, "salt").old == {} and len(PageRecords(path, "salt").table) == 0
