"""Property tests (hypothesis): article text is data.

Arbitrary bytes, text and front matter never crash the article reader (the only
error it raises is ArticleError, which names the problem), and arbitrary titles,
names, quotes and sentences never come out of the renderer as live markup.

No spaCy model: the briefing is built by hand, and Markdown is turned into HTML
with Python-Markdown and the extensions listed in the project's mkdocs.yml, as
MkDocs does. Examples are kept few so the file runs in seconds.
"""
from __future__ import annotations

import re
import tempfile
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.config import Settings, _Loader
from generator.model import Actor, Article, Briefing, Event, Evidence, Mention, Quote, Role, Sentence
from generator.render import md, render_pages
from generator.sources import (ARTICLE_SUFFIXES, KNOWN_KEYS, MAX_CHARS, MAX_TITLE_CHARS, ArticleError,
                               _make_article, clean_text, read_article)

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"

# Derandomized: the same examples on every run, so a failure is reproducible and CI is not flaky.
FAST = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
# Whole-site rendering is slower: fewer examples, and no shrinking (it can take minutes here).
SLOW = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow])

# Pieces of markup an article might carry; hypothesis glues them to arbitrary text.
HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:alert(1)'>x</a>",
    "[click](javascript:alert(1))", "![x](http://evil/x.png)", "<http://evil/>", "{{ 7*7 }}", "{% for x in y %}",
    "{#", "#}", "{: onclick=alert(1) }", "<!--", "-->", "&lt;script&gt;", "&#60;script&#62;", "```", "~~~",
    "~~~mermaid", "!!! note", "[TOC]", "| a | b |", "|---|", "---", "===", "* ", "- ", "+ ", "1. ", "> ", "# ",
    "    ", "\n", "\n\n", "\t", "\\", "`", "*", "_", "<", ">", "&", "\"", "'", "“", "”", "javascript:",
    "<svg onload=alert(1)>", "<iframe src=javascript:alert(1)>", "[x]: javascript:alert(1)", "[x][]", "\u2028",
    "\x00", "\x1b", "\ufeff", "\r\n", "Jane Doe", "Владимир Путин", "习近平", "São Tomé",
]
hostile_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=8).map("".join),
)


def nonblank(strategy):
    return strategy.filter(lambda s: s.strip() and not s.isspace())


# --------------------------------------------------------------------------- the reader


def _check_article(article: Article) -> None:
    """What every article the reader lets through must look like."""
    assert isinstance(article, Article)
    assert article.id.startswith("a-") and re.fullmatch(r"[a-z0-9-]+", article.id), article.id
    assert isinstance(article.title, str) and article.title.strip() and len(article.title) <= MAX_TITLE_CHARS
    assert "\n" not in article.title and "\r" not in article.title
    assert isinstance(article.date, date) and not isinstance(article.date, datetime)
    assert isinstance(article.text, str) and article.text.strip() and len(article.text) <= MAX_CHARS
    assert "\r" not in article.text and "\x00" not in article.text
    assert article.url is None or re.match(r"^https?://", article.url, re.IGNORECASE)
    assert all(isinstance(t, str) and t for t in article.tags)
    for value in (article.source, article.author, article.license):
        assert value is None or isinstance(value, str)


def _read_bytes(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        try:
            return read_article(path, path.name)
        except ArticleError as error:
            assert str(error), "an ArticleError must say what is wrong"
            assert error.line is None or error.line >= 1
            return error


@FAST
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".md", ".txt"]))
def test_arbitrary_bytes_never_crash_the_reader(data, suffix):
    result = _read_bytes(data, suffix)
    if isinstance(result, Article):
        _check_article(result)


@SLOW
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: f"<html><body><p>{t}</p></body></html>".encode())))
def test_arbitrary_html_pages_never_crash_the_reader(data):
    result = _read_bytes(data, ".html")
    if isinstance(result, Article):
        _check_article(result)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile_text,
                    st.dates(), st.datetimes())
yaml_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                           max_leaves=8)
front_keys = st.one_of(st.sampled_from(sorted(KNOWN_KEYS)), st.text(max_size=8))


@FAST
@given(meta=st.dictionaries(front_keys, yaml_values, max_size=7), body=hostile_text,
       line_ending=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans())
def test_arbitrary_front_matter_never_crashes_the_reader(meta, body, line_ending, bom):
    front = yaml.safe_dump(meta, allow_unicode=True, default_flow_style=False)
    text = f"---\n{front}---\n{body}\n".replace("\n", line_ending)
    result = _read_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass"), ".md")
    if isinstance(result, Article):
        _check_article(result)


@FAST
@given(front=st.text(max_size=120), body=hostile_text)
def test_arbitrary_front_matter_text_never_crashes_the_reader(front, body):
    """Not even YAML: whatever sits between the '---' lines."""
    result = _read_bytes(f"---\n{front}\n---\n{body}\n".encode("utf-8", "surrogatepass"), ".md")
    if isinstance(result, Article):
        _check_article(result)


@FAST
@given(title=hostile_text, day=st.one_of(st.dates(), st.datetimes(), hostile_text, st.integers(), st.none(),
                                          st.lists(st.integers(), max_size=2)),
       extra=st.dictionaries(front_keys, yaml_values, max_size=5), body=hostile_text,
       relative=st.text(min_size=1, max_size=20).map(lambda s: s.replace("\x00", "") + ".md"))
def test_make_article_raises_only_article_error(title, day, extra, body, relative):
    meta = {**extra, "title": title, "date": day}
    try:
        article = _make_article(meta, body, relative)
    except ArticleError as error:
        assert str(error)
        return
    _check_article(article)


def test_a_good_article_passes_the_same_checks(tmp_path):
    path = tmp_path / "harbour.md"
    path.write_text("---\ntitle: Harbour talks\ndate: 2024-05-06\nurl: https://example.org/a\ntags: [ports]\n---\n"
                    "Union leaders met the harbour board on Monday.\n", encoding="utf-8")
    _check_article(read_article(path, "harbour.md"))
    assert set(ARTICLE_SUFFIXES) >= {".md", ".txt", ".html"}


# --------------------------------------------------------------------------- Markdown → HTML


def _markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions of the project's mkdocs.yml, as MkDocs runs it."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    names, options = [], {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            (name, value), = entry.items()
            names.append(name)
            options[name] = value or {}
        else:
            names.append(entry)
    return markdown.Markdown(extensions=names, extension_configs=options)


MARKDOWN = _markdown()


def to_html(source: str) -> str:
    MARKDOWN.reset()
    return MARKDOWN.convert(source)


# (the templates' own pictures are SVG: their shapes are allowed, never a script, style or foreign object in them)
FORBIDDEN_TAGS = {"script", "img", "iframe", "object", "embed", "foreignobject", "use", "animate", "set", "math",
                  "style", "link", "meta", "base", "form", "input", "button", "textarea", "video", "audio", "source",
                  "frame", "frameset"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}


class Markup(HTMLParser):
    """The tags, attributes and visible text of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return _spaces("".join(self.text))

    def live_markup(self) -> list[str]:
        """Everything in the fragment that would run or load something."""
        found = []
        for tag, attrs in self.tags:
            if tag in FORBIDDEN_TAGS:
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on"):
                    found.append(f"<{tag} {name}=…>")
                target = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
                if name in URL_ATTRIBUTES and target.startswith(("javascript:", "vbscript:", "data:")):
                    found.append(f"<{tag} {name}={value!r}>")
        return found


def _spaces(text: str) -> str:
    """Text as a reader sees it: whitespace collapsed, control characters (which Markdown
    and browsers drop, and ftfy removes from articles) left out."""
    return " ".join(re.sub(r"[\x00-\x08\x0e-\x1b\x7f]", "", text).split())


@FAST
@given(text=hostile_text)
def test_md_renders_as_exactly_its_text_in_a_paragraph(text):
    html = to_html(md(text))
    markup = Markup(html)
    assert markup.live_markup() == [], html
    assert {tag for tag, _ in markup.tags} <= {"p"}, html
    assert markup.visible == _spaces(text), html


@FAST
@given(text=hostile_text, context=st.sampled_from(["- {}", "1. {}", "# {}", "## {} (3)", "> {}",
                                                    "| a |\n|---|\n| {} |", "**Type:** {}", "“{}”"]))
def test_md_stays_text_wherever_a_template_puts_it(text, context):
    html = to_html(context.format(md(text)))
    markup = Markup(html)
    assert markup.live_markup() == [], html
    assert _spaces(text) in markup.visible, html


@FAST
@given(paragraphs=st.lists(hostile_text, min_size=2, max_size=5))
def test_md_paragraphs_stay_paragraphs(paragraphs):
    """Article bodies are one md() call per paragraph, separated by blank lines (as
    article.md.j2 writes them): no paragraph may open a block (a fence, a list, a
    table, a heading) that swallows the next ones."""
    paragraphs = [p for p in paragraphs if p.strip()]
    html = to_html("\n\n".join(md(p) for p in paragraphs))
    markup = Markup(html)
    assert markup.live_markup() == [], html
    assert {tag for tag, _ in markup.tags} <= {"p"}, html
    assert markup.visible == _spaces(" ".join(paragraphs)), html


def test_md_on_the_known_hostile_strings():
    for text in HOSTILE:
        if text.strip():
            markup = Markup(to_html(md(text)))
            assert markup.live_markup() == [] and markup.visible == _spaces(text), text


# --------------------------------------------------------------------------- whole pages


def hand_made_briefing(title: str, name: str, quote_text: str, sentence: str, source: str, tag: str,
                       role: str, place: str) -> Briefing:
    """One article, two actors, a quote and a meeting: every text field from the test, cleaned
    as the article reader cleans what it reads (the renderer only ever gets such text)."""
    title, name, quote_text, sentence, source, tag, role, place = (
        clean_text(t) for t in (title, name, quote_text, sentence, source, tag, role, place))
    title = " ".join(title.split()) or "untitled"
    lead = f"{sentence} "
    quoted = f"“{quote_text},” said {name}."
    tail = f"\n\n{name} met the council in {place} on Monday."
    body = lead + quoted + tail
    s0 = (0, len(lead.rstrip()))
    s1 = (len(lead), len(lead) + len(quoted))
    s2 = (len(lead) + len(quoted) + 2, len(body))
    article = Article(id="a-story", path="story.md", title=title, date=date(2024, 5, 6), text=body, source=source,
                      url="https://news.example.org/a?b=1&c=(2)", author=source, tags=[tag], license=source,
                      sentences=[Sentence(0, *s0), Sentence(1, *s1), Sentence(2, *s2)])
    q_start = len(lead) + 1
    person = Actor(id="person", name=name, type="person", aliases=[name + " Jr", quote_text],
                   roles=[Role(role, "a-story", *s0, sentence=0)], affiliation="council",
                   mentions=[Mention("a-story", s1[1] - len(name) - 1, s1[1] - 1, name, sentence=1)])
    council = Actor(id="council", name=place or "Council", type="organization",
                    mentions=[Mention("a-story", 0, 1, place, field="title")])
    quote = Quote(id="q-1", article="a-story", speaker="person", text=quote_text, kind="direct", cue="say",
                  start=q_start, end=q_start + len(quote_text), sentence=1)
    paraphrase = Quote(id="q-2", article="a-story", speaker="council", text=sentence, kind="indirect", cue=role,
                       start=0, end=s0[1], sentence=0)
    event = Event(id="e-1", type="meeting", participants=["council", "person"], location=place,
                  date="2024-05-06", status="held", articles=["a-story"], cue=role,
                  evidence=[Evidence("a-story", s2[0], s2[1], body[s2[0]:s2[1]], index=2),
                            Evidence("a-story", 0, len(title), title, field="title")])
    return Briefing(articles=[article], actors=[council, person], quotes=[quote, paraphrase], events=[event],
                    spacy_model="test")


def split_front_matter(page: str) -> tuple[dict, str]:
    if not page.startswith("---\n"):
        return {}, page
    end = page.index("\n---\n", 3)
    return yaml.safe_load(page[4:end]) or {}, page[end + 5:]


@SLOW
@given(title=nonblank(hostile_text), name=nonblank(hostile_text), quote_text=nonblank(hostile_text),
       sentence=nonblank(hostile_text), source=hostile_text, tag=nonblank(hostile_text), role=nonblank(hostile_text),
       place=nonblank(hostile_text))
def test_rendered_pages_hold_no_live_markup(title, name, quote_text, sentence, source, tag, role, place):
    briefing = hand_made_briefing(title, name, quote_text, sentence, source, tag, role, place)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "docs"
        pages = render_pages(briefing, TEMPLATES, out, Settings())
        texts = {page.relative_to(out).as_posix(): page.read_text(encoding="utf-8") for page in pages}
    assert texts
    for page, text in texts.items():
        front, body = split_front_matter(text)
        for key in ("title",):
            if key in front:
                assert not set(str(front[key])) & set("<>&"), (page, front[key])
        for value in front.get("tags") or []:
            assert not set(str(value)) & set("<>&"), (page, value)
        html = to_html(body)
        markup = Markup(html)
        assert markup.live_markup() == [], (page, html)
    article_page = Markup(to_html(split_front_matter(texts["articles/a-story.md"])[1])).visible
    assert _spaces(clean_text(title)) in article_page
    assert _spaces(clean_text(quote_text)) in article_page
    actor_page = Markup(to_html(split_front_matter(texts["actors/person.md"])[1])).visible
    assert f"“{_spaces(clean_text(quote_text))}”" in actor_page


def test_the_hostile_quote_reads_correctly_on_the_actor_page(tmp_path):
    quote = "We will not be silenced <script>x</script>"
    briefing = hand_made_briefing("Harbour council row", "Jane Doe", quote, "Protesters gathered on Monday.",
                                  "Coastal Gazette", "ports", "spokeswoman", "Portsmouth")
    render_pages(briefing, TEMPLATES, tmp_path / "docs", Settings())
    html = to_html(split_front_matter((tmp_path / "docs" / "actors" / "person.md").read_text(encoding="utf-8"))[1])
    markup = Markup(html)
    assert markup.live_markup() == []
    assert "“We will not be silenced <script>x</script>”" in markup.visible
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_template_syntax_in_article_text_is_shown_not_run(tmp_path):
    briefing = hand_made_briefing("Poster reads {{ 7*7 }}", "Jane Doe", "The slogan was {{ 7*7 }} {% for x in y %}",
                                  "The words {% for x in y %} were painted on the wall.", "Gazette {{ 6*7 }}",
                                  "{{ config }}", "spokeswoman {{ 8*8 }}", "Portsmouth")
    render_pages(briefing, TEMPLATES, tmp_path / "docs", Settings())
    for name, expected in [("articles/a-story.md", ["Poster reads {{ 7*7 }}", "{% for x in y %}", "Gazette {{ 6*7 }}"]),
                           ("actors/person.md", ["The slogan was {{ 7*7 }} {% for x in y %}", "spokeswoman {{ 8*8 }}"])]:
        page = (tmp_path / "docs" / name).read_text(encoding="utf-8")
        visible = Markup(to_html(split_front_matter(page)[1])).visible
        for text in expected:
            assert text in visible, (name, text)
        assert not re.search(r"\b(49|42|64)\b", visible), name


@pytest.mark.parametrize("text", ["~~~", "~~~mermaid", "```"])
def test_a_fence_line_in_an_article_does_not_open_a_code_block(text):
    """Python-Markdown's superfences opens a fenced block on '~~~' too, not only on backticks."""
    paragraphs = ["First paragraph.", text, "graph LR; A-->B", text, "Last paragraph."]
    markup = Markup(to_html("\n\n".join(md(p) for p in paragraphs)))
    assert {tag for tag, _ in markup.tags} <= {"p"}
