"""The template reference: every object, field, name, filter and helper a template can use.

Generated at every build from the code itself, so it cannot drift from it:

* objects and fields from the dataclasses (`dataclasses.fields`, the annotations as written, the class
  docstrings and each field's trailing `# comment`, else a note from FIELD_DOCS below), with an example
  value taken from the briefing being built;
* names from the actual template context (`context.base_context`), described by `context.CONTEXT_DOCS`;
* filters and helpers from the functions registered on the Jinja environment and in the context: their
  signatures and docstrings; the docstring's `Example:` is rendered with the briefing being built to show
  its output.

`templates/reference.md.j2` lays the result out as the page reference.md.
"""
from __future__ import annotations

import dataclasses
import functools
import inspect
import re
from dataclasses import dataclass, field
from datetime import date

from .. import config, model, paging, pictures
from . import article_text, context, index, links, periods, plan, reports

# Notes for fields that carry no trailing comment in their class (keys: "Class.field").
FIELD_DOCS = {
    "Sentence.index": "position of the sentence in the article (0-based); its anchor is `s-<index>`",
    "Sentence.start": "character offset of its start in the article body",
    "Sentence.end": "character offset just past its end",
    "Article.id": "stable id, from the file name; the page is `articles/<id>/`",
    "Article.path": "the file, relative to the content folder",
    "Article.title": "headline (raw text: show it with `|md`)",
    "Article.date": "publication date",
    "Article.text": "the body as plain text; every offset in the model points into it",
    "Article.source": "outlet, from front matter `source`",
    "Article.url": "original address (show it through `safe_url`)",
    "Article.author": "from front matter `author`",
    "Article.tags": "from front matter `tags`",
    "Article.license": "from front matter `license`",
    "Article.sentences": "the body's sentences, in order",
    "Mention.article": "id of the article",
    "Mention.start": "character offset of the name (into the title when `field` is \"title\")",
    "Mention.end": "character offset just past the name",
    "Mention.text": "the name as written",
    "Mention.field": "\"body\" or \"title\"",
    "Mention.sentence": "index of the sentence holding it (None in the title)",
    "Role.text": "the role, e.g. \"foreign minister\"",
    "Role.article": "id of the article that gives it",
    "Role.start": "character offset into the body",
    "Role.end": "character offset just past it",
    "Role.sentence": "index of the sentence that gives it",
    "Actor.id": "stable id; the page is `actors/<id>/`",
    "Actor.name": "canonical name",
    "Actor.aliases": "other names it goes by in the articles",
    "Actor.roles": "roles and titles given to it, with their sentences",
    "Actor.affiliation": "id of the actor (country or organisation) it belongs to",
    "Actor.mentions": "every place it is named",
    "Actor.articles": "ids of the articles that name it, sorted",
    "Quote.id": "stable id",
    "Quote.article": "id of the article it is in",
    "Quote.speaker": "actor id of who said it; None when unattributed",
    "Quote.text": "the words quoted (direct) or the reported content (indirect)",
    "Quote.cue": "the reporting verb, e.g. \"say\"",
    "Quote.start": "character offset into the body",
    "Quote.end": "character offset just past it",
    "Quote.sentence": "index of the sentence it starts in",
    "Evidence.article": "id of the article",
    "Evidence.start": "character offset of the sentence (into the title when `field` is \"title\")",
    "Evidence.end": "character offset just past it",
    "Evidence.sentence": "the sentence's text (raw: show it with `|md`)",
    "Evidence.field": "\"body\" or \"title\"",
    "Event.id": "stable id; the page is `events/<id>/`",
    "Event.participants": "actor ids of who met",
    "Event.location": "where, as written",
    "Event.articles": "ids of the articles that report it",
    "Event.evidence": "the sentences that report it",
    "Problem.path": "the input file",
    "Problem.message": "what is wrong",
    "Problem.line": "line in the file, when known",
    "Briefing.articles": "every article",
    "Briefing.actors": "every actor",
    "Briefing.quotes": "every quote",
    "Briefing.events": "every event",
    "Briefing.problems": "input files that could not be read, and why",
    "Briefing.spacy_model": "the spaCy pipeline that read the articles",
    "Settings.templates_dir": "the Jinja2 templates of the pages",
    "Settings.worker_count": "extraction processes actually used",
}

# A class whose dataclass carries no docstring of its own.
CLASS_DOCS = {
    "Article": "One news article from the content folder.",
    "Actor": "A person, organisation or country, with every place it is named.",
    "Quote": "Something an actor said: quoted word for word (direct) or reported (indirect).",
    "Evidence": "A sentence that reports an event.",
    "Event": "A meeting, visit, talk or call between actors.",
    "Briefing": "The whole model: what every page is rendered from (`briefing` in every template).",
}

# Documented besides every dataclass of generator.model: what helpers return, then the settings.
HELPER_CLASSES = (reports.Report, reports.ReportItem, periods.Period, index.QuoteGroup, index.Moment, article_text.Segment,
                  pictures.Network, pictures.Node, pictures.Link, pictures.Chart, pictures.Bar, pictures.Tick,
                  paging.Paging, paging.PageSlice, paging.PageLink, config.Settings)


def documented_classes() -> list[type]:
    """Every dataclass defined in generator.model (Briefing first, then in source order), then HELPER_CLASSES."""
    found = [obj for obj in vars(model).values()
             if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__]

    def line(cls) -> int:
        try:
            return inspect.getsourcelines(cls)[1]
        except (OSError, TypeError):
            return 0

    found.sort(key=lambda cls: (cls is not model.Briefing, line(cls)))
    return found + [cls for cls in HELPER_CLASSES if cls not in found]

# Markdown page of each page template (for the pages table).
PAGES = {
    "index": "`index.md` (home)", "actor_index": "`actors/index.md`", "actor": "`actors/<id>.md`, one per actor",
    "event_index": "`events/index.md`", "event": "`events/<id>.md`, one per event",
    "article_index": "`articles/index.md`", "article": "`articles/<id>.md`, one per article",
    "quotes": "`quotes.md` (lists the letters)", "quote_group": "`quotes/<letter>.md`, one per first letter of a speaker (and `quotes/unattributed.md`)",
    "timeline": "`timeline.md`", "tags": "`tags.md` (optional)",
    "report_index": "`reports/index.md` (lists every report)", "reference": "`reference.md` (this page)",
    "report_items": "`reports/<name>/index.md` of a per-item report (lists its pages)",
}


@dataclass
class FieldDoc:
    name: str
    type: str
    doc: str
    example: str | None = None
    links: list[str] = field(default_factory=list)  # documented classes named in the type


@dataclass
class ClassDoc:
    name: str
    anchor: str
    doc: str
    fields: list[FieldDoc]
    members: list[FieldDoc]  # properties and methods


@dataclass
class HelperDoc:
    name: str
    anchor: str
    usage: str  # how it is called, e.g. "value|fmt_date(default)" or "actor_link(actor_id: str) -> str"
    doc: str
    kind: str  # "filter", "filter and function" or "function"
    example: str | None = None
    output: str | None = None
    fence: str = "```"  # a code fence longer than any run of backticks in the example or its output
    links: list[str] = field(default_factory=list)


@dataclass
class NameDoc:
    name: str
    type: str
    doc: str
    where: str = ""
    links: list[str] = field(default_factory=list)


def build_reference(env, values: dict) -> dict:
    """The reference of the template model, for reference.md.j2 (`values`: the page's whole context)."""
    documented_types = documented_classes()
    documented = {cls.__name__ for cls in documented_types}
    samples = _samples(values)
    classes = [_class_doc(cls, samples.get(cls.__name__, []), documented) for cls in documented_types]

    names = []
    for name, value in values.items():
        if callable(value) or name == "reference" or name in context.PAGE_CONTEXT_DOCS:
            continue
        kind, doc = context.CONTEXT_DOCS.get(name, (type(value).__name__, ""))
        names.append(NameDoc(name, kind, doc, links=_links(kind, documented)))
    page_names = [NameDoc(name, kind, doc, where, _links(kind, documented))
                  for name, (kind, doc, where) in context.PAGE_CONTEXT_DOCS.items()]

    helpers: list[HelperDoc] = []
    for name, func in context.FILTERS.items():
        kind = "filter and function" if name in context.FUNCTIONS else "filter"
        helpers.append(_helper_doc(env, values, name, func, kind, documented))
    for name, func in context.FUNCTIONS.items():
        if name not in context.FILTERS:
            helpers.append(_helper_doc(env, values, name, func, "function", documented))
    functions = [_helper_doc(env, values, name, value, "function", documented) for name, value in values.items()
                 if callable(value) and name not in context.FUNCTIONS and name not in links.LINK_HELPERS
                 and not isinstance(value, type)]
    link_helpers = [_helper_doc(env, values, name, values[name], "function", documented) for name in links.LINK_HELPERS]

    return {
        "classes": classes,
        "names": names,
        "page_names": page_names,
        "filters": helpers,
        "functions": sorted(functions, key=lambda h: h.name),
        "links": link_helpers,
        "report_kinds": [{"per": per, "variable": variable, "which": which}
                         for per, (variable, which) in reports.REPORT_KINDS.items()],
        "declaration_keys": reports.DECLARATION_KEYS,
        "pages": [{"template": template, "page": PAGES.get(key, "")}
                  for key, template in plan.PAGE_TEMPLATES.items()],
    }


# --------------------------------------------------------------------------- classes


def _class_doc(cls, samples: list, documented: set[str]) -> ClassDoc:
    doc = inspect.getdoc(cls) or ""
    if not cls.__doc__ or doc.startswith(f"{cls.__name__}("):  # the docstring dataclass makes up
        doc = CLASS_DOCS.get(cls.__name__, "")
    comments = _field_comments(cls)
    fields = []
    for f in dataclasses.fields(cls):
        if f.name.startswith("_"):
            continue
        kind = _annotation(f.type)
        note = comments.get(f.name) or FIELD_DOCS.get(f"{cls.__name__}.{f.name}", "")
        fields.append(FieldDoc(f.name, kind, note, _example(samples, f.name), _links(kind, documented)))
    members = []
    names = {f.name for f in dataclasses.fields(cls)}
    for name, member in cls.__dict__.items():
        if name.startswith("_") or name in names:
            continue
        if isinstance(member, (property, functools.cached_property)):
            getter = member.fget if isinstance(member, property) else member.func
            kind = _annotation(inspect.signature(getter).return_annotation)
            note = FIELD_DOCS.get(f"{cls.__name__}.{name}") or inspect.getdoc(getter) or ""
            members.append(FieldDoc(name, kind, note, _example(samples, name), _links(kind, documented)))
        elif inspect.isfunction(member):
            signature = inspect.signature(member)
            params = [p for p in signature.parameters.values() if p.name != "self"]
            kind = _annotation(signature.return_annotation)
            doc = re.split(r"^Example:", inspect.getdoc(member) or "", flags=re.M)[0].strip()  # shown on its helper
            members.append(FieldDoc(f"{name}({', '.join(_parameter(p) for p in params)})", kind,
                                    doc, None, _links(kind, documented)))
    return ClassDoc(cls.__name__, _anchor(cls.__name__), doc, fields, members)


_COMMENTED_FIELD = re.compile(r"^\s+(\w+)\s*:[^#\n]*#\s*(.+?)\s*$")


def _field_comments(cls) -> dict[str, str]:
    """A dataclass's fields' trailing comments in its source: `kind: str  # direct | indirect`."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    found = {}
    for line in source.splitlines()[1:]:
        match = _COMMENTED_FIELD.match(line)
        if match and not line.lstrip().startswith(("def ", "@", "#")):
            comment = re.sub(r"^noqa\b.*", "", match.group(2)).strip()
            if comment:
                found.setdefault(match.group(1), comment)
    return found


def _samples(values: dict) -> dict[str, list]:
    """Instances of each documented class found in the briefing being built (a few of each)."""
    found: dict[str, list] = {}
    limit = 200

    def visit(obj, depth: int) -> None:
        if depth > 8:
            return
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            bucket = found.setdefault(type(obj).__name__, [])
            if len(bucket) >= limit:
                return
            bucket.append(obj)
            for f in dataclasses.fields(obj):
                if f.name not in ("previous", "next", "value"):
                    visit(getattr(obj, f.name), depth + 1)
        elif isinstance(obj, (list, tuple)):
            for item in obj[:limit]:
                visit(item, depth + 1)

    visit(values.get("briefing"), 0)
    visit(values.get("settings"), 0)
    for report in values.get("reports") or []:
        visit(report, 0)
    try:
        visit(values["weeks"](), 0)
        articles = values.get("articles") or []
        if articles:
            visit(values["article_body"](articles[0]), 0)
        visit(values["network"](values.get("diagram_limit", 40)), 0)
        visit(values["meetings_chart"](), 0)
    except Exception:  # examples are a nicety; a reference page is still made without them
        pass
    return found


def _example(samples: list, name: str) -> str | None:
    """The first non-empty value of a field among the samples, shown briefly."""
    for sample in samples:
        try:
            value = getattr(sample, name)
        except Exception:
            continue
        if value is None or value == "" or value == [] or value == {}:
            continue
        return _show(value)
    return None


def _show(value, depth: int = 0) -> str:
    if isinstance(value, str):
        text = " ".join(value.split())
        return '"' + (text[:70] + "…" if len(text) > 70 else text) + '"'
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return f"{type(value).__name__}(…)"
    if isinstance(value, (list, tuple)):
        if depth > 0:
            return "[…]" if isinstance(value, list) else "(…)"
        shown = [_show(v, depth + 1) for v in value[:2]]
        more = ", …" if len(value) > 2 else ""
        inner = ", ".join(shown) + more
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    if isinstance(value, dict):
        return "{…}"
    return str(value)


# --------------------------------------------------------------------------- helpers


def _helper_doc(env, values: dict, name: str, func, kind: str, documented: set[str]) -> HelperDoc:
    doc = inspect.getdoc(func) or ""
    example = None
    match = re.search(r"^Example:\s*(.+)\Z", doc, re.M | re.S)
    if match:
        example = match.group(1).strip()
        doc = doc[:match.start()].strip()
    try:
        signature = inspect.signature(func)
        params = list(signature.parameters.values())
        returns = _annotation(signature.return_annotation)
    except (TypeError, ValueError):
        params, returns = [], ""
    if kind.startswith("filter") and params:
        rest = ", ".join(_parameter(p) for p in params[1:])
        usage = f"{params[0].name}|{name}" + (f"({rest})" if rest else "")
    else:
        usage = f"{name}({', '.join(_parameter(p) for p in params)})"
    if returns:
        usage += f" -> {returns}"
    output = None
    if example:
        try:
            output = env.from_string(example).render(values)
            output = output if len(output) <= 500 else output[:500] + "…"
        except Exception as error:  # shown on the page: the example needs data this briefing lacks
            output = f"(not shown: {type(error).__name__}: {error})"
    longest = max((len(run) for run in re.findall(r"`+", (example or "") + (output or ""))), default=0)
    return HelperDoc(name, _anchor(f"{'filter' if kind.startswith('filter') else 'helper'}-{name}"), usage, doc,
                     kind, example, output, "`" * max(3, longest + 1), _links(returns, documented))


def _parameter(p: inspect.Parameter) -> str:
    text = p.name
    if p.annotation is not inspect.Parameter.empty:
        text += f": {_annotation(p.annotation)}"
    if p.default is not inspect.Parameter.empty:
        text += f" = {p.default!r}" if p.annotation is not inspect.Parameter.empty else f"={p.default!r}"
    return text


def _annotation(annotation) -> str:
    """An annotation as written in the source (modules use `from __future__ import annotations`)."""
    if annotation is inspect.Parameter.empty or annotation is inspect.Signature.empty:
        return ""
    if isinstance(annotation, str):
        return annotation
    return getattr(annotation, "__name__", str(annotation))


def _links(kind: str, documented: set[str]) -> list[str]:
    return [name for name in dict.fromkeys(re.findall(r"[A-Za-z_]\w*", kind or "")) if name in documented]


def _anchor(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
