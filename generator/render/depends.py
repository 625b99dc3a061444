"""What each page read while it rendered, so that the next build renders again only the pages whose
inputs changed.

While a page renders, everything it reads through its context is noted as a key: a data name it
resolves (`actors`, `briefing`, ...), each helper it calls with its arguments (`quotes_by("x")`), each
field it reads of a model object (`actor.name`, `quotes|map(attribute="text")`), each lookup in
`actor_by_id` and the like, the label of each link it makes (an actor's name for `actor_ref`), the
items of a report when it reads them, and each template file it loads. A page of a helper's list split
by `paginate` reads its own items and the number of pages, not the whole list (reads.NotedList). A model
object (or a quote group) in a value counts by its id: what the page shows of it is in the fields it
read. The page's record keeps the keys and one fingerprint of their values. The next build computes the value of each key on the new
model (once per key, however many pages share it) and renders a page only when its fingerprint
changed; the other pages keep their files, which are exactly what rendering them again would give.
The fields read of a quote, an event, an article or an actor, and the answers of a helper that reads
only its first argument's object (`reads.of_its_object`), are not computed again while that object is
the same as last time (one stamp of all its fields, `Inputs.stamp`): their values come from the records.
So are the answers of the helpers of an actor page that read one actor's neighbourhood (its events, its
quotes, their articles' dates: `reads.around_its_actor`) while one stamp of that neighbourhood is the same,
those of an event page's title and network (`reads.around_its_event`: the event, its participants' names)
and those of an article's body and findings (`reads.around_its_article`).

This holds because a template reaches the model only through its context and reads fields through
Jinja (attributes, `attribute=` of filters); helpers answer from their arguments and the model alone.
A helper argument that cannot be named again on the next build (a Mention, a Segment) makes its page
render every time, as does the template reference page; so would a template printing a whole object
(`{{ actor }}`, `|tojson`), whose fields Jinja does not see it read: show fields instead. Another
version of the generator or other settings render every page.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import json
import marshal
import operator
import os
import sys
from array import array
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import jinja2
from jinja2.runtime import Context

from .. import pictures
from ..files import written
from ..model import Actor, Article, Event, Evidence, Mention, Quote, Role, Sentence
from ..paging import newest_chunk, pages_needed
from . import reads
from .article_text import Segment
from .index import Index, Moment, QuoteGroup
from .periods import Period
from .reads import NotedList, Whole, note
from .reports import Report, ReportItem

VERSION = 4  # of the records file; another version is read as no records
VOLATILE = ("volatile",)  # a key whose value is never the same twice

# --------------------------------------------------------------------------- naming arguments


class Untracked(Exception):
    """An argument that cannot be named again on the next build."""


_KINDS = {Actor: "actor", Event: "event", Article: "article", Quote: "quote", QuoteGroup: "group"}
# values whose repr holds all they show (no model object inside): digested by their repr
_PLAIN = {str, int, float, bool, type(None), date, Mention, Role, Sentence, Evidence, Segment,
          pictures.Network, pictures.Chart}
_SCALARS = {str, int, float, bool, type(None)}
# the small records among them, digested by the tuple of their fields (a dataclass's own repr is slow, and
# an article page's segments or an actor's mentions are many)
_FIELDS_OF = {cls: operator.attrgetter(*(f.name for f in fields(cls))) for cls in (Mention, Role, Sentence, Evidence, Segment)}
_PLAIN_BY_REPR = frozenset(_PLAIN - set(_FIELDS_OF))  # (a list of these alone: one repr)


def freeze(value):
    """A helper's argument as a hashable, JSON-able key part; an object of the model (or a period, a
    quote group, a report or a report item) as "@kind:id", found again in the next build's model."""
    if value is None or isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, str):
        return "@" + value if value.startswith("@") else value
    kind = _KINDS.get(type(value))
    if kind:
        return f"@{kind}:{value.id}"
    if isinstance(value, Period):
        return f"@period:{value.kind}:{value.key}"
    if isinstance(value, Report):
        return f"@report:{value.name}"
    if isinstance(value, ReportItem):
        return f"@item:{value.page}"
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    raise Untracked(type(value).__name__)


def _noted(*key) -> None:
    """note(key), or the page is volatile when a part of the key cannot be named."""
    try:
        note(tuple(freeze(part) if i >= 2 else part for i, part in enumerate(key)))
    except Untracked:
        note(VOLATILE)


def _frozen(*key) -> tuple | None:
    try:
        return tuple(freeze(part) if i >= 2 else part for i, part in enumerate(key))
    except Untracked:
        return None


def _materialised(value):
    """Generators (a template's `|map(...)`) become lists, so that they can be both noted and used."""
    if isinstance(value, (str, bytes, Mapping, list, tuple)) or not hasattr(value, "__iter__"):
        return value
    return list(value)


def tracked(name: str, helper):
    """`helper` noting each call (name and arguments) while a page renders."""
    @functools.wraps(helper)
    def call(*args, **kwargs):
        if reads._reads is None:
            return helper(*args, **kwargs)
        args = tuple(_materialised(a) for a in args)
        kwargs = {k: _materialised(v) for k, v in kwargs.items()}
        key = _frozen("call", name, args, tuple(sorted(kwargs.items())))
        if key is None:
            note(VOLATILE)
            return helper(*args, **kwargs)
        found = helper(*args, **kwargs)
        if type(found) is list:  # noted when the page reads it (a numbered page may read one chunk)
            return NotedList(key, found)
        note(key)
        return found

    return call


class TrackedMapping(Mapping):
    """A lookup table of the context (`actor_by_id`) noting each key looked up; iterating notes it all."""

    def __init__(self, name: str, table: dict):
        self.name, self.table = name, table

    def __getitem__(self, key):
        _noted("get", self.name, key)
        return self.table[key]

    def __contains__(self, key):
        _noted("get", self.name, key)
        return key in self.table

    def __iter__(self):
        note(("name", self.name))
        return iter(self.table)

    def __len__(self):
        note(("name", self.name))
        return len(self.table)


class TrackingContext(Context):
    """Notes each data name (`environment.tracked_names`) a template resolves."""

    def resolve_or_missing(self, key: str):
        if key in getattr(self.environment, "tracked_names", ()):
            note(("name", key))
        return super().resolve_or_missing(key)


class TrackingEnvironment(jinja2.Environment):
    """Notes each template a page loads (its own, includes, imports, extends) and each field of a model
    object it reads (`actor.name`, `quotes|map(attribute="text")`)."""
    context_class = TrackingContext

    def getattr(self, obj, attribute):
        kind = _KINDS.get(type(obj))
        if kind and reads._reads is not None:
            reads._reads.add(("field", kind, obj.id, attribute))
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        kind = _KINDS.get(type(obj))
        if kind and reads._reads is not None and isinstance(argument, str):
            reads._reads.add(("field", kind, obj.id, argument))
        return super().getitem(obj, argument)

    def get_template(self, name, parent=None, globals=None):
        if isinstance(name, str):
            note(("template", name if parent is None else self.join_path(name, parent)))
        return super().get_template(name, parent, globals)

    def select_template(self, names, parent=None, globals=None):
        note(VOLATILE)  # the first of several that exists: rare, not worth naming
        return super().select_template(names, parent, globals)


_STAMPED = ("quote", "event", "article", "actor")
_FIELDS_PREFIXES = {kind: json.dumps(["fields", kind, ""], ensure_ascii=False)[:-2] for kind in _STAMPED}


_ANSWER_KINDS = ("call", "chunks", "chunk", "pages", "slice")  # the keys of a helper's answer, or of a part of it
_AROUND_PREFIXES = tuple(f'["{kind}", "' for kind in _ANSWER_KINDS)
_AROUND = "around:"  # the scope of a neighbourhood: "around:actor:a-1", "around:event:e-1"
_EVENT_LABEL = '["label", "event", "'  # a link's label to an event: its title (Index.event_title)


def scope(key: str) -> str | None:
    """What alone makes the key's value: a model object ("quote:q-1") for the fields read of it and the
    calls of a helper marked `of_its_object`, an actor's, an event's or an article's neighbourhood
    ("around:actor:a-1") for the answers of a helper marked `around_its_actor`, `around_its_event` or
    `around_its_article` and for the label of a link to an event; else None. (Read from the key's text
    without parsing it, ids being slugs, with nothing JSON escapes; but for the neighbourhoods.)"""
    if key.startswith(_AROUND_PREFIXES):
        start = key.find('"', 3) + 4
        if key[start:key.find('"', start)] in reads.AROUND:
            return _around(_parse(key, 0)[0])
    if key.startswith(_EVENT_LABEL):
        return _id_at(key, len(_EVENT_LABEL), _AROUND + "event")
    if key.startswith('["fields", "'):
        for kind, prefix in _FIELDS_PREFIXES.items():
            if key.startswith(prefix):
                return _id_at(key, len(prefix), kind)
    elif key.startswith('["call", "'):
        end = key.find('"', 10)
        if key[10:end] in reads.OF_ITS_OBJECT and key.startswith('", ["@', end):  # its first argument an object
            start = end + len('", ["@')
            colon = key.find(":", start)
            kind = key[start:colon]
            if kind in _STAMPED:
                return _id_at(key, colon + 1, kind)
    return None


def _around(key: list) -> str | None:
    """The neighbourhood of the actor, event or article a helper's key names, when its other arguments are
    plain."""
    for kind, which in reads.AROUND[key[1]].items():
        args, kwargs = list(key[2]), dict(key[3])
        if isinstance(which, int):
            named = args.pop(which) if which < len(args) else None
        else:
            named = kwargs.pop(which, None)
        if kind == "event" and type(named) is list and len(named) == 1:  # (`events=[event]`)
            named = named[0]
        plain = all(type(v) in _SCALARS and not (isinstance(v, str) and v.startswith("@"))
                    for v in [*args, *kwargs.values()])
        if isinstance(named, str) and named.startswith(f"@{kind}:"):
            named = named[len(kind) + 2:]
        elif kind == "event":  # (an actor or an article may be named by its id; an event is an Event)
            continue
        if plain and isinstance(named, str) and not named.startswith("@") and "\\" not in named:
            return f"{_AROUND}{kind}:{named}"
    return None


def _id_at(key: str, start: int, kind: str) -> str | None:
    end = key.find('"', start)
    found = key[start:end]
    return None if end < 0 or "\\" in found else f"{kind}:{found}"


def condensed(keys: set) -> frozenset[str]:
    """A page's keys as JSON strings (how records keep them), the fields it read of each model object
    as one key: ["fields", kind, id, "name,type"]."""
    fields_read: dict[tuple[str, str], set[str]] = {}
    out = set()
    for key in keys:
        if key[0] == "field":
            fields_read.setdefault((key[1], key[2]), set()).add(key[3])
        else:
            out.add(json.dumps(key, ensure_ascii=False))
    out.update(json.dumps(("fields", kind, id_, ",".join(sorted(names))), ensure_ascii=False)
               for (kind, id_), names in fields_read.items())
    return frozenset(out)


def tracking(context: dict) -> dict:
    """The context a page sees: its helpers noting their calls, its lookup tables their keys."""
    return {name: tracked(name, value) if callable(value) else
            TrackedMapping(name, value) if isinstance(value, dict) else value
            for name, value in context.items()}


# --------------------------------------------------------------------------- fingerprints


class Fingerprints:
    """Digests of values. A model object is named by its kind and id only: the fields a page reads of it
    are keys of their own (so are a quote group's); a reads.Whole is its object's stamp. Objects such as
    periods are digested once per build (each kept alive meanwhile, so that its id cannot be reused by
    another object)."""

    def __init__(self, stamp=None):
        self._known: dict[int, tuple[object, str]] = {}
        self._fields: dict[type, list[str]] = {}
        self._stamp = stamp  # a model object's stamp (Inputs.stamp), for reads.Whole

    def of(self, value) -> str:
        if type(value) is Whole:
            return f"<whole {self._stamp(value.object)}>"
        if type(value) in _PLAIN:
            getter = _FIELDS_OF.get(type(value))
            return f"{type(value).__name__}{getter(value)!r}" if getter else repr(value)
        kind = _KINDS.get(type(value))
        if kind:
            return f"<{kind} {value.id}>"
        if isinstance(value, (list, tuple)):  # (not kept: most are made for one call)
            types = set(map(type, value))
            first = type(value[0]) if value else None
            same = len(types) == 1
            if first is Whole and same:  # the objects of a neighbourhood: their stamps
                return _digest("whole:" + ",".join(map(self._stamp, map(operator.attrgetter("object"), value))))
            kind = _KINDS.get(first)
            if kind and same:  # a list of quotes, of events, ...
                return _digest(kind + ":" + "\n".join(map(_ID, value)))
            getter = _FIELDS_OF.get(first)
            if getter and same:  # an actor's mentions, an article's segments: one repr of their fields
                return _digest(first.__name__ + repr(list(map(getter, value))))
            if first is tuple and same and _SCALARS.issuperset(map(type, chain.from_iterable(value))):
                return _digest("rows" + repr(value))  # rows of plain values (what a picture is drawn from)
            if _PLAIN_BY_REPR.issuperset(types):
                return _digest(repr(value))
            return _digest("[" + ",".join(self.of(v) for v in value) + "]")
        if isinstance(value, dict):
            return _digest("{" + ",".join(f"{self.of(k)}:{self.of(v)}" for k, v in value.items()) + "}")
        if type(value) is Moment:  # (one per quote and meeting of a timeline: not kept)
            return f"<moment {value.date} {self.of(value.event or value.quote)}>"
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if isinstance(value, ReportItem):
            near = [(n.slug, n.title, n.page, self.of(n.value)) if n else None for n in (value.previous, value.next)]
            digest = _digest(repr((value.slug, value.title, value.page, self.of(value.value), near)))
        elif isinstance(value, Report):  # (its items are a key of their own: see NotedList)
            digest = _digest(repr((value.name, value.template, value.title, value.description, value.per,
                                   value.page)))
        elif is_dataclass(value):
            names = self.field_names(type(value))
            digest = _digest(type(value).__name__ + repr([self.of(getattr(value, n)) for n in names]))
        else:
            digest = _digest(repr(value))
        self._known[id(value)] = (value, digest)
        return digest


    def field_names(self, cls) -> list[str]:
        names = self._fields.get(cls)
        if names is None:
            names = self._fields[cls] = [f.name for f in fields(cls)]
        return names


_ID = operator.attrgetter("id")
_parse = json.JSONDecoder().scan_once  # a key (a JSON array) to lists: json.loads without its wrapping


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _marshalled_digest(value) -> str:
    """A digest of plain values (strings, numbers, tuples and lists of them) by their marshal, made four
    times as fast as their repr (twice as fast as a pickle); in marshal's first format, which marks neither
    objects already written nor interned strings, so that equal values give equal bytes whether or not
    they share objects."""
    return hashlib.blake2b(marshal.dumps(value, 0), digest_size=12).hexdigest()


# --------------------------------------------------------------------------- the values of keys now


class Inputs:
    """The value of each key on the model being rendered: each key computed once."""

    def __init__(self, index: Index, reports: list[Report], context: dict, env: jinja2.Environment):
        self.index, self.context, self.env = index, context, env  # (the context as base_context made it)
        self.reports = {r.name: r for r in reports}
        self.items = {item.page: item for r in reports for item in _all(r.items)}
        self.fingerprints = Fingerprints(self._stamp_of)
        self._values: dict[str, int] = {}
        self._fields: dict[tuple[int, str], str] = {}  # (id of a model object, field) -> digest (see _field)
        self._lists: dict[str, object] = {}  # a paged list's helper call -> its answer (see _compute)
        self._by_number: list[int | None] = []  # value(table[n]) of the records' table of keys (page_fingerprint)
        self._table: KeyTable | None = None
        self._quotes: dict[str, Quote] | None = None
        self._named: dict[str, object] = {}  # "@quote:q-1" -> the quote, of those thawed (600,000 names in keys)
        self._stamps: dict[str, str] = {}
        self.previous: tuple[array, dict[str, str]] = (array("Q"), {})  # the records' values and stamps
        self.reused = 0  # keys whose value came from the records (their object's stamp unchanged)
        self.taken_at_once = 0  # those of them taken over before any page was checked (take_over_unchanged)

    def stamp(self, scope: str) -> str:
        """One digest of every field of a quote, event, article or actor ("quote:q-1"), or of an actor's
        neighbourhood ("around:actor:a-1", Index.neighbourhood), an event's ("around:event:e-1",
        Index.event_neighbourhood) or an article's ("around:article:a-1", Index.article_neighbourhood): the
        same stamp, the same value of every key of its `scope`. (The fields as they are, lists of small
        records as tuples: exactly what their digests are made from, in one marshal.)"""
        found = self._stamps.get(scope)
        if found is None and scope.startswith(_AROUND):
            kind, _, id_ = scope[len(_AROUND):].partition(":")
            index = self.index
            around = {"actor": index.neighbourhood, "event": index.event_neighbourhood,
                      "article": index.article_neighbourhood}[kind](id_)
            found = self._stamps[scope] = _marshalled_digest(tuple(map(self._stamped, around)))
        elif found is None:
            obj = self._find(*scope.split(":", 1))
            found = self._stamps[scope] = "missing" if obj is None else _object_stamp(obj)
        return found

    def _stamped(self, part):
        """A part of a neighbourhood with its objects (reads.Whole) as their stamps: one, a list of them, or
        plain values as they are."""
        if type(part) is Whole:
            return self._stamp_of(part.object)
        if type(part) is list and part and type(part[0]) is Whole:
            return [self._stamp_of(whole.object) for whole in part]
        return part

    def _stamp_of(self, obj) -> str:
        """The stamp of a model object (a quote, an event, an article, an actor)."""
        return self.stamp(f"{_KINDS[type(obj)]}:{obj.id}")

    def _stamp_every_object(self) -> None:
        """The stamp of every quote, event, article and actor, made in one loop a kind (per scope, each name
        parsed and its object looked up, they took 1.2 s at 10,000 articles instead of 1.0)."""
        self._find("quote", "")  # (the quotes by id)
        stamps = self._stamps
        for kind, by_id in (("quote", self._quotes), ("event", self.index.event_by_id),
                            ("article", self.index.article_by_id), ("actor", self.index.actor_by_id)):
            prefix = kind + ":"
            for id_, obj in by_id.items():
                stamps[prefix + id_] = _object_stamp(obj)

    def value(self, key: str) -> int:
        """A 64-bit digest of the key and its value now."""
        found = self._values.get(key)
        if found is None:
            text = f"{key}={self._compute(_parse(key, 0)[0])}".encode("utf-8", "surrogatepass")
            found = self._values[key] = int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")
        return found

    def take_over_unchanged(self, table: KeyTable) -> None:
        """The records' value of every stored key of `table` whose object's stamp is the same as when it was
        computed, taken over at once before any page is checked: the stamps compared once per object, and
        the values by numpy over the whole table, instead of per key as each page reads it (at 10,000
        articles, 750,000 of a million keys were taken over one by one)."""
        values, stamps = self.previous
        stored = table.stored
        if not stored or len(values) < stored or not stamps:
            return
        import numpy

        self._stamp_every_object()
        scopes = table.scope_names()
        same = numpy.fromiter((stamps.get(where) == self.stamp(where) for where in scopes), dtype=bool,
                              count=len(scopes))
        scope_of = numpy.frombuffer(table.scope_numbers(), dtype=numpy.int32)
        old = numpy.frombuffer(values, dtype=numpy.uint64)[:stored]
        taken = (old != 0) & (scope_of >= 0) & numpy.append(same, False)[scope_of]  # (-1, no scope: the False)
        self._table, self._by_number = table, [v or None for v in numpy.where(taken, old, 0).tolist()]
        self.taken_at_once = int(numpy.count_nonzero(taken))
        self.reused += self.taken_at_once

    def page_fingerprint(self, identity: tuple, keys: StoredKeys) -> str:
        """One digest of a page's identity and the values of every key it read: the sum of the keys'
        digests (in any order, each key once) with the identity's."""
        known, table = self._by_number, keys.table  # (the values by key number: summed without a Python loop)
        if self._table is not table:  # (one records' table a render: numbers of another mean other keys)
            self._table, known[:] = table, []
        if len(known) < len(table):
            known.extend([None] * (len(table) - len(known)))
        try:
            total = sum(map(known.__getitem__, keys.ids))
        except TypeError:  # some not computed yet (nor taken over: take_over_unchanged)
            for n in keys.ids:
                if known[n] is None:
                    known[n] = self.value(table[n])
            total = sum(map(known.__getitem__, keys.ids))
        return _digest(f"{identity!r}\n{total % 2**64:016x}")

    def handed_over(self) -> tuple[array, dict[str, str], int]:
        """What this render learnt (the values by key number, the stamps, how many values it took over),
        for another process's `take_over` (a forked process that checked part of the pages)."""
        return array("Q", (v or 0 for v in self._by_number)), self._stamps, self.reused

    def take_over(self, handed: tuple[array, dict[str, str], int], table: KeyTable) -> None:
        """The values and stamps another process computed on the same model and records' `table` of keys
        (`handed_over`)."""
        values, stamps, reused = handed
        known = self._by_number
        if self._table is not table:
            self._table, known[:] = table, []
        if len(known) < len(values):
            known.extend([None] * (len(values) - len(known)))
        for n, value in enumerate(values):
            if value and known[n] is None:
                known[n] = value
        for scope_, stamp in stamps.items():
            self._stamps.setdefault(scope_, stamp)
        self.reused += reused - self.taken_at_once  # (those it took at once, before it was forked, are counted)

    def known(self, table: KeyTable) -> tuple[array, dict[str, str]]:
        """The value of each key of `table` computed (or taken over) in this render (0 where none was), and
        the stamps of the objects of the fields keys among them: what the next render takes over. (Every
        stamp made in this render, by either process, is kept: the keys that were not checked against a
        stamp, those new to the records, are the only ones read for their object.)"""
        known = self._by_number if self._table is table else []
        values = array("Q", (v or 0 for v in known))
        values.extend([0] * (len(table) - len(values)))
        stamps = self._stamps  # (the memo itself: a copy of 155,000 stamps came at the build's peak memory)
        old = self.previous[0] if len(self.previous[0]) <= len(table) else array("Q")
        for n in (n for n in range(len(table)) if values[n] and (n >= len(old) or not old[n])):
            where = table.scope(n)
            if where is not None and where not in stamps:
                stamps[where] = self.stamp(where)
        return values, stamps

    def _compute(self, key: list) -> str:
        kind = key[0]
        if kind == "volatile":
            return os.urandom(8).hex()
        if kind == "name":
            return self.fingerprints.of(self.context.get(key[1]))
        if kind == "get":
            table = self.context.get(key[1])
            return self.fingerprints.of(table.get(self._thaw(key[2])) if isinstance(table, dict) else None)
        if kind == "template":
            try:
                return _digest(self.env.loader.get_source(self.env, key[1])[0])
            except jinja2.TemplateNotFound:
                return "missing"
        if kind == "report_items":
            report = self.reports.get(key[1])
            return self.fingerprints.of(_all(report.items)) if report else "missing"
        if kind == "label":
            return repr(self._label(key[1], key[2]))
        if kind == "fields":
            found = self._find(key[1], key[2])
            if found is None:
                return "missing"
            return repr([self._field(found, name) for name in key[3].split(",")])
        if kind in ("call", "chunks", "chunk", "pages", "slice"):
            if kind == "call":
                found = self._answer(key, cheaper=True)
                return found.reason if isinstance(found, _NoAnswer) else self.fingerprints.of(found)
            # the numbered pages of a list read its chunks or slices, each a key: the list is made once for all
            memo = repr(key[1:4])
            found = self._lists.get(memo)
            if found is None:
                found = self._lists[memo] = self._answer(key)
            if isinstance(found, _NoAnswer):
                return found.reason
            if kind == "pages":  # (reads.NotedList.page)
                return str(pages_needed(len(found), key[4]))
            if kind == "slice":
                start = (key[5] - 1) * key[4]
                return self.fingerprints.of(found[start:start + key[4]])
            archived, chunk = newest_chunk(found, key[4], key[5] if kind == "chunk" else 0)
            if kind == "chunks" and len(key) > 5:  # counted up to a limit (reads.NotedList.chunk)
                archived = min(archived, key[5])
            return self.fingerprints.of(chunk) if kind == "chunk" else str(archived)
        return os.urandom(8).hex()  # a key of another version

    def _answer(self, key: list, cheaper: bool = False):
        """What the helper of a call key answers now, or _NoAnswer (no such helper or argument now, or an
        error, which the page shows when rendered: it must render). `cheaper`: of a helper marked
        `answered_from`, what its answer is made from (the same digest for the same answer, and cheaper)."""
        helper = self.context.get(key[1])
        try:
            args, kwargs = self._thaw(key[2]), dict(self._thaw(key[3]))
        except LookupError:
            return _NoAnswer("missing")
        if not callable(helper):
            return _NoAnswer("missing")
        if cheaper and hasattr(helper, "answered_from"):  # (reads.answered_from)
            helper = getattr(helper.__self__, helper.answered_from)
        try:
            return helper(*args, **kwargs)
        except Exception as error:
            return _NoAnswer(f"error {type(error).__name__}: {error}")

    def _field(self, found, name: str) -> str:
        """The digest of one field of a model object (pages read the same field in several sets of fields)."""
        memo = (id(found), name)
        digest = self._fields.get(memo)
        if digest is None:
            digest = self._fields[memo] = self.fingerprints.of(getattr(found, name, None))
        return digest

    def _label(self, kind: str, key: str):
        """What a link to an object shows (None when there is no such object)."""
        index = self.index
        if kind == "actor":
            return index.name(key) if key in index.actor_by_id else None
        if kind == "event":
            event = index.event_by_id.get(key)
            return index.event_title(event) if event else None
        if kind == "article":
            article = index.article_by_id.get(key)
            return article.title if article else None
        if kind == "report":
            name, item = key
            report = self.reports.get(name)
            if report is None or item is None:
                return report and report.page
            return next((i.page for i in _all(report.items) if i.slug == item), None)
        return os.urandom(8).hex()

    def _thaw(self, value):
        """A frozen argument as what it names in this model (LookupError when that is gone)."""
        if type(value) is str and value.startswith("@"):
            if value.startswith("@@"):
                return value[1:]
            kind, key = value[1:].split(":", 1)
            found = self._find(kind, key)
            if found is None:
                raise LookupError(value)
            if kind in _STAMPED:
                self._named[value] = found
            return found
        if type(value) is list:  # (plain values as they are, a model object found by its name without a call)
            named, thaw = self._named, self._thaw
            return [thaw(v) if type(v) is list else named.get(v) or (thaw(v) if type(v) is str and v.startswith("@")
                                                                      else v) for v in value]
        return value

    def _find(self, kind: str, key: str):
        index = self.index
        if kind == "actor":
            return index.actor_by_id.get(key)
        if kind == "event":
            return index.event_by_id.get(key)
        if kind == "article":
            return index.article_by_id.get(key)
        if kind == "quote":
            if self._quotes is None:
                self._quotes = {q.id: q for q in index.briefing.quotes}
            return self._quotes.get(key)
        if kind == "period":
            period_kind, key = key.split(":", 1)
            return next((p for p in index._periods(period_kind) if p.key == key), None)
        if kind == "group":
            return next((g for g in index.quote_groups() if g.key == key), None)
        if kind == "report":
            return self.reports.get(key)
        if kind == "item":
            return self.items.get(key)
        return None


def _object_stamp(obj) -> str:
    """Inputs.stamp of a model object: its fields as they are, lists of small records as tuples."""
    values = _every_field(type(obj))(obj)
    if not _SCALARS.issuperset(map(type, values)):
        values = tuple(map(_flat, values))
    return _marshalled_digest((type(obj).__name__, values))


@functools.cache
def _every_field(cls) -> operator.attrgetter:
    """Gets the tuple of every field of an object of a model class (each has several)."""
    return operator.attrgetter(*(f.name for f in fields(cls)))


def _flat(value):
    """A field's value for a stamp: a list of small records as their fields' tuples, a date as its text."""
    if type(value) is list and value and type(value[0]) in _FIELDS_OF:
        return [type(value[0]).__name__, *map(_FIELDS_OF[type(value[0])], value)]
    if type(value) is date:
        return value.isoformat()
    return value


class _NoAnswer(NamedTuple):
    reason: str


def _all(items) -> list:
    return items.unnoted() if isinstance(items, NotedList) else items


# --------------------------------------------------------------------------- records between builds


class PageRecord(NamedTuple):
    fingerprint: str  # Inputs.page_fingerprint when it was rendered
    count: int  # the numbered pages page 1 needed (see paging.py)
    size: int  # the file's size and modification time when recorded: a file changed since renders again
    mtime: int
    keys: StoredKeys  # what it read (JSON strings: see condensed)


class KeyTable:
    """Every key of the records once, numbered, with the object its value depends on alone (`scope`).

    The 40,000 pages of a large archive read a million different keys: as strings (with a dict to number
    them) they took 300 MB and most of a second to read. They are kept as the bytes of the records file
    instead, one key a line; a key is decoded when its value is computed. A rendered page's keys are found
    among them by their hashes (kept in the records: made again, a million of them took a second), sorted
    only when a page renders. A key's scope is found once, when the key is new to the records, and kept."""

    def __init__(self, data: bytes = b"", base: int = 0, starts: array | None = None,
                 scope_of: array | None = None, scopes: list[str] | None = None, hashes: array | None = None):
        self._data, self._base = data, base  # the keys from data[base:], each ending with "\n" (JSON has none)
        self._starts = starts if starts is not None else array("Q", [0])  # where key n starts; then the end
        self._scope_of = scope_of if scope_of is not None else array("i")  # index into scopes, -1: none
        self._scopes = scopes or []
        self._hashes = hashes if hashes is not None else array("q")  # each stored key's (_key_hash)
        self._added: list[str] = []  # keys new to the records, numbered after the stored ones
        self._added_hashes = array("q")
        self._sorted: tuple[array, array] | None = None  # the stored hashes sorted, and their keys' numbers
        self._added_numbers: dict[str, int] = {}
        self._added_scope_of = array("i")  # their scopes' indexes (-2: not found yet)
        self._scope_numbers: dict[str, int] | None = None

    @property
    def stored(self) -> int:
        return len(self._starts) - 1

    def __len__(self) -> int:
        return self.stored + len(self._added)

    def __getitem__(self, n: int) -> str:
        if n < self.stored:
            return self._bytes(n)[:-1].decode("utf-8", "surrogatepass")
        return self._added[n - self.stored]

    def __iter__(self) -> Iterator[str]:
        return (self[n] for n in range(len(self)))

    def _bytes(self, n: int) -> bytes:
        """Stored key n with its newline."""
        return self._data[self._base + self._starts[n]:self._base + self._starts[n + 1]]

    def scope_names(self) -> list[str]:
        """The scopes of the keys, by their numbers in `scope_numbers`."""
        return self._scopes

    def scope_numbers(self) -> array:
        """Each stored key's scope, as its index in `scope_names` (-1: none)."""
        return self._scope_of

    def scope(self, n: int) -> str | None:
        """The model object whose fields alone make key n's value (see `scope`)."""
        if n < self.stored:
            found = self._scope_of[n]
            return self._scopes[found] if found >= 0 else None
        found = self._added_scope_of[n - self.stored]
        if found == -2:  # not found yet
            found = self._added_scope_of[n - self.stored] = self._scope_index(scope(self._added[n - self.stored]))
        return self._scopes[found] if found >= 0 else None

    def _scope_index(self, where: str | None) -> int:
        """The index of a scope in the table's scopes (added if new), -1 for none."""
        if where is None:
            return -1
        if self._scope_numbers is None:
            self._scope_numbers = {name: n for n, name in enumerate(self._scopes)}
        found = self._scope_numbers.get(where)
        if found is None:
            found = self._scope_numbers[where] = len(self._scopes)
            self._scopes.append(where)
        return found

    def number(self, key: str) -> int:
        """The key's number; a new one, at the end, when the table does not hold it."""
        n = self._added_numbers.get(key)
        if n is not None:
            return n
        line = key.encode("utf-8", "surrogatepass") + b"\n"
        wanted = _key_hash(line)
        if self.stored:
            n = self._stored_number(line, wanted)
            if n is not None:
                return n
        n = self._added_numbers[key] = len(self)
        self._added.append(key)
        self._added_hashes.append(wanted)
        self._added_scope_of.append(-2)
        return n

    def _stored_number(self, line: bytes, wanted: int) -> int | None:
        """The number of a stored key (with its newline), found by its hash among the stored keys' hashes,
        sorted once (16 bytes a key: a dict of the keys took 170 MB at 10,000 articles)."""
        if self._sorted is None:
            import numpy  # (here: 11 MB that a build rendering no recorded page, the first one, does without)

            hashes = numpy.frombuffer(self._hashes, dtype=numpy.int64)
            order = numpy.argsort(hashes, kind="stable")  # (a tenth of a second for a million, as a sort in numpy)
            self._sorted = array("q", hashes[order].tobytes()), array("I", order.astype(numpy.uint32).tobytes())
        hashes, order = self._sorted
        at = bisect.bisect_left(hashes, wanted)
        while at < len(hashes) and hashes[at] == wanted:
            if self._bytes(order[at]) == line:
                return order[at]
            at += 1
        return None

    def sections(self, kept: list[int] | None) -> tuple[Iterator, array, array, list[str], array]:
        """The keys (all, or those `kept`, in that order) as they are written: their bytes (made a part at a
        time: a million keys at once would be the render's peak of memory), where each starts (then the
        end), their scopes' indexes, the scopes, and their hashes."""
        numbers = range(len(self)) if kept is None else kept
        # where each key starts: the stored ones' as they are, when all are kept
        starts = array("Q", self._starts) if kept is None else array("Q", [0])
        for n in range(self.stored, len(self)) if kept is None else kept:
            if n < self.stored:
                size = self._starts[n + 1] - self._starts[n]
            else:
                key = self._added[n - self.stored]
                size = len(key) + 1 if key.isascii() else len(key.encode("utf-8", "surrogatepass")) + 1
            starts.append(starts[-1] + size)
        for n in range(self.stored, len(self)):
            self.scope(n)  # (found for every new key)
        scope_of, scopes = self._scope_of + self._added_scope_of, self._scopes
        hashes = self._hashes + self._added_hashes if self.stored else self._added_hashes  # (no copy at first)
        if kept is not None:  # (the scopes of the dropped keys go with them)
            hashes = array("q", map(hashes.__getitem__, kept))
            scope_of = array("i", map(scope_of.__getitem__, kept))
            used = sorted(set(scope_of) - {-1})
            renumbered = {old: new for new, old in enumerate(used)}
            scope_of = array("i", (renumbered.get(n, -1) for n in scope_of))
            scopes = [scopes[n] for n in used]
        return self._parts(numbers), starts, scope_of, scopes, hashes

    def _parts(self, numbers) -> Iterator:
        if isinstance(numbers, range):  # every key: the stored ones as they are
            yield memoryview(self._data)[self._base:self._base + self._starts[-1]]
            numbers = range(self.stored, len(self))
        for at in range(0, len(numbers), 10_000):
            yield "".join(f"{self[n]}\n" for n in numbers[at:at + 10_000]).encode("utf-8", "surrogatepass")


class StoredKeys:
    """A record's keys as numbers into the table of keys shared by every record."""
    __slots__ = ("table", "ids")

    def __init__(self, table: KeyTable, ids):
        self.table, self.ids = table, array("I", ids)

    def __iter__(self) -> Iterator[str]:
        table = self.table
        return (table[i] for i in self.ids)


MAGIC = b"briefing page records\n"
_SECTIONS = ("keys", "starts", "scope_of", "hashes", "ids", "values")


class PageRecords:
    """Every page's record, kept in one file of the cache between builds: a line of JSON (the pages, the
    stamps, the sizes of the sections) and then the sections in binary (`_SECTIONS`, numbers little-endian)."""

    def __init__(self, path: Path | None, salt: str):
        self.path, self.salt = path, salt
        self.old: dict[str, PageRecord] = {}
        self.new: dict[str, PageRecord] = {}
        self.table = KeyTable()  # every key of the old and new records, once
        self.values: array = array("Q")  # the value of each key of the table when last computed (0: none)
        self.stamps: dict[str, str] = {}  # the stamps of the objects of fields keys then (Inputs.stamp)
        if path is None:
            return
        try:
            data = path.read_bytes()
            header = json.loads(data[len(MAGIC):data.index(b"\n", len(MAGIC))]) if data.startswith(MAGIC) else {}
            if header.get("version") == VERSION and header.get("salt") == self.salt:
                self._read(data, header)
        except (OSError, ValueError, KeyError, TypeError, IndexError, OverflowError):
            self.old, self.table, self.values, self.stamps = {}, KeyTable(), array("Q"), {}  # unreadable: all render

    def _read(self, data: bytes, header: dict) -> None:
        at = data.index(b"\n", len(MAGIC)) + 1
        sections = {}
        for name in _SECTIONS:
            size = header["sizes"][name]
            sections[name] = (at, at + size)
            at += size
        if at != len(data):
            raise ValueError("sections of another length")
        starts, scope_of, hashes, ids, values = (_numbers(code, data, *sections[name])
                                                 for code, name in zip("QiqIQ", _SECTIONS[1:]))
        scopes = [str(name) for name in header["scopes"]]
        count = len(starts) - 1
        keys_start, keys_end = sections["keys"]
        if count < 0 or starts[0] != 0 or starts[-1] != keys_end - keys_start or len(scope_of) != count \
                or len(hashes) != count or _largest(scope_of) >= len(scopes) or _largest(ids) >= count:
            raise ValueError("sections that do not fit")
        self.table = KeyTable(data, keys_start, starts, scope_of, scopes, hashes)
        at = 0
        for page, fingerprint, pages, size, mtime, length in header["pages"]:
            self.old[str(page)] = PageRecord(str(fingerprint), int(pages), int(size), int(mtime),
                                             StoredKeys(self.table, ids[at:at + length]))
            at += length
        if at != len(ids):
            raise ValueError("ids of another length")
        stamps = header["stamps"]
        if len(values) == count and isinstance(stamps, dict) \
                and all(type(k) is str and type(v) is str for k, v in stamps.items()):
            self.values, self.stamps = values, stamps  # (else every key is computed: the pages are still known)

    def stored(self, keys: Iterable[str]) -> StoredKeys:
        """A new record's keys in the shared table."""
        return StoredKeys(self.table, map(self.table.number, keys))

    def save(self, values: array | None = None, stamps: dict[str, str] | None = None) -> None:
        """The new records, with the value of each key computed in this render and the stamps of their
        objects (Inputs.known), which the next render takes over where the object is the same."""
        if self.path is None:
            return
        import numpy

        table = self.table
        used = numpy.zeros(len(table), dtype=bool)  # the keys some page reads now
        for record in self.new.values():
            used[numpy.frombuffer(record.keys.ids, dtype=numpy.uint32)] = True
        values = values if values is not None and len(values) == len(table) else array("Q", bytes(8 * len(table)))
        kept = None
        if numpy.count_nonzero(used) < len(table) * 0.9:  # a tenth are keys no page reads now (pages gone or
            kept = numpy.flatnonzero(used).tolist()  # changed): dropped
            values = array("Q", map(values.__getitem__, kept))
        parts, starts, scope_of, scopes, hashes = table.sections(kept)
        renumbered = None if kept is None else {old: new for new, old in enumerate(kept)}
        count = sum(len(r.keys.ids) for r in self.new.values())
        sizes = dict(zip(_SECTIONS, [starts[-1], len(starts) * starts.itemsize, len(scope_of) * scope_of.itemsize,
                                     len(hashes) * hashes.itemsize, count * array("I").itemsize,
                                     len(values) * values.itemsize]))
        compact = functools.partial(json.dumps, ensure_ascii=True, separators=(",", ":"))
        stamps = list((stamps or {}).items())
        # Written a part at a time (at 40,000 pages the header alone, as one string, and the sections as bytes
        # came at the render's peak of memory): the header line, then the sections.
        with written(self.path, binary=True) as out:
            out.write(MAGIC)
            out.write(f'{{"version":{VERSION},"salt":{compact(self.salt)},"sizes":{compact(sizes)},'
                      f'"scopes":{compact(scopes)},"stamps":{{'.encode("ascii"))
            for at in range(0, len(stamps), 10_000):
                out.write((("," if at else "") + compact(dict(stamps[at:at + 10_000]))[1:-1]).encode("ascii"))
            out.write(b'},"pages":[')
            pages = list(self.new.items())
            for at in range(0, len(pages), 10_000):
                rows = [[page, r.fingerprint, r.count, r.size, r.mtime, len(r.keys.ids)]
                        for page, r in pages[at:at + 10_000]]
                out.write((("," if at else "") + compact(rows)[1:-1]).encode("ascii"))
            out.write(b"]}\n")
            for part in parts:
                out.write(part)
            for numbers in (starts, scope_of, hashes):
                out.write(_little(numbers))
            for r in self.new.values():
                out.write(_little(r.keys.ids if renumbered is None else
                                  array("I", map(renumbered.__getitem__, r.keys.ids))))
            out.write(_little(values))


def _largest(numbers: array) -> int:
    """The largest of some numbers (-1 for none), at numpy's speed (a million ids a build)."""
    import numpy

    return int(numpy.frombuffer(numbers, dtype=numbers.typecode).max()) if len(numbers) else -1


def _key_hash(line: bytes) -> int:
    """A key's (with its newline) 64-bit hash, the same in every process (unlike `hash`)."""
    return int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(), "little", signed=True)


def _little(numbers: array):
    """The numbers as little-endian bytes (the array itself on a little-endian machine: no copy)."""
    if sys.byteorder != "little":
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers


def _numbers(code: str, data: bytes, start: int, end: int) -> array:
    found = array(code)
    found.frombytes(memoryview(data)[start:end])
    if sys.byteorder != "little":
        found.byteswap()
    return found
