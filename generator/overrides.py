"""Analyst overrides: `actors.yml` in the content folder corrects the actor list.

Each entry matches one actor by its id, name or any alias and says what to do:

```yaml
- match: Presiden Biden          # an actor's id, name or alias
  merge_into: Joe Biden          # fold it into another actor (its mentions, quotes, meetings)
- match: Brexit
  drop: true                     # not an actor at all
- match: Zamir Kabulov
  name: Zamir N. Kabulov         # rename (the old name stays an alias)
  type: person                   # person | organization | country
  roles: [special envoy for Afghanistan]
  affiliation: Russia            # an actor's id, name or alias
  aliases: [Kabulov]
```

Entries that match nothing are reported, and the build goes on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yaml_input
from .knowledge import normalize
from .model import MENTION_ORDER, Actor, Briefing, Problem, Role

OVERRIDES_FILE = "actors.yml"
KEYS = {"match", "merge_into", "drop", "name", "type", "roles", "affiliation", "aliases"}
TYPES = {"person", "organization", "country"}


@dataclass
class Override:
    match: str
    line: int | None = None
    merge_into: str | None = None
    drop: bool = False
    name: str | None = None
    type: str | None = None
    roles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)


def read_overrides(content: Path) -> tuple[list[Override], list[Problem]]:
    """The overrides in `content/actors.yml`, if there is one, and what is wrong with them."""
    path = content / OVERRIDES_FILE
    if not path.is_file():
        return [], []
    try:
        nodes = yaml_input.compose(path.read_text(encoding="utf-8-sig"))
        data = yaml_input.load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        return [], [Problem(OVERRIDES_FILE, f"invalid YAML: {getattr(error, 'problem', error)}",
                            mark.line + 1 if mark else None)]
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [Problem(OVERRIDES_FILE, "must be a list of entries, each with a 'match' key", 1)]
    overrides, problems = [], []
    for number, entry in enumerate(data):
        line = nodes.value[number].start_mark.line + 1 if nodes is not None else None
        if not isinstance(entry, dict) or not isinstance(entry.get("match"), str):
            problems.append(Problem(OVERRIDES_FILE, "entry needs a 'match' naming an actor", line))
            continue
        unknown = sorted(set(entry) - KEYS)
        if unknown:
            problems.append(Problem(OVERRIDES_FILE, f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(KEYS))})", line))
            continue
        if entry.get("type") is not None and entry["type"] not in TYPES:
            problems.append(Problem(OVERRIDES_FILE, f"type must be one of {', '.join(sorted(TYPES))}", line))
            continue
        overrides.append(Override(
            match=entry["match"], line=line, merge_into=entry.get("merge_into"), drop=bool(entry.get("drop")),
            name=entry.get("name"), type=entry.get("type"), roles=_strings(entry.get("roles")),
            affiliation=entry.get("affiliation"), aliases=_strings(entry.get("aliases"))))
    return overrides, problems


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


class _Index:
    """Find actors by id, name or alias."""

    def __init__(self, actors: list[Actor]):
        self.by_key: dict[str, Actor] = {}
        for actor in actors:
            for form in [actor.name, *actor.aliases]:
                self.by_key.setdefault(normalize(form), actor)
        for actor in actors:
            self.by_key[actor.id] = actor

    def find(self, text: str) -> Actor | None:
        return self.by_key.get(text) or self.by_key.get(normalize(text))


def apply_overrides(briefing: Briefing, overrides: list[Override]) -> list[Problem]:
    """Apply the overrides in place; returns a problem for each entry that matched nothing."""
    problems: list[Problem] = []
    index = _Index(briefing.actors)
    replaced: dict[str, str | None] = {}  # old id -> new id, or None when dropped
    for override in overrides:
        actor = index.find(override.match)
        if actor is None or actor.id in replaced:
            problems.append(Problem(OVERRIDES_FILE, f"'{override.match}' matches no actor", override.line))
            continue
        if override.drop:
            replaced[actor.id] = None
            continue
        if override.merge_into:
            target = index.find(override.merge_into)
            if target is None or target is actor:
                problems.append(Problem(OVERRIDES_FILE, f"merge_into '{override.merge_into}' matches no other actor",
                                        override.line))
                continue
            _merge(actor, target)
            replaced[actor.id] = target.id
            continue
        if override.name and override.name != actor.name:
            actor.aliases = sorted({*actor.aliases, actor.name} - {override.name})
            actor.name = override.name
        if override.type:
            actor.type = override.type
        for alias in override.aliases:
            if alias not in actor.aliases and alias != actor.name:
                actor.aliases.append(alias)
        for role in override.roles:
            if all(r.text != role for r in actor.roles):
                actor.roles.append(Role(role, article="", start=0, end=0))
        if override.affiliation:
            target = index.find(override.affiliation)
            if target is None:
                problems.append(Problem(OVERRIDES_FILE, f"affiliation '{override.affiliation}' matches no actor",
                                        override.line))
            else:
                actor.affiliation = target.id
    if replaced:
        _repoint(briefing, replaced)
    return problems


def _merge(source: Actor, target: Actor) -> None:
    target.mentions = sorted(target.mentions + source.mentions, key=MENTION_ORDER)
    target.aliases = sorted({*target.aliases, *source.aliases, source.name} - {target.name})
    target.roles += [r for r in source.roles if all(r.text != t.text for t in target.roles)]
    target.affiliation = target.affiliation or source.affiliation


def _final(actor_id: str | None, replaced: dict[str, str | None]) -> str | None:
    seen = set()
    while actor_id in replaced and actor_id not in seen:
        seen.add(actor_id)
        actor_id = replaced[actor_id]
    return actor_id


def _repoint(briefing: Briefing, replaced: dict[str, str | None]) -> None:
    """Point quotes, events and affiliations at the merged actors; forget dropped ones."""
    briefing.actors = [a for a in briefing.actors if a.id not in replaced]
    for actor in briefing.actors:
        actor.affiliation = _final(actor.affiliation, replaced)
    for quote in briefing.quotes:
        quote.speaker = _final(quote.speaker, replaced)
    events = []
    for event in briefing.events:
        event.participants = sorted({p for p in (_final(p, replaced) for p in event.participants) if p})
        if len(event.participants) >= 2:
            events.append(event)
    briefing.events = events

