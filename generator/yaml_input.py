"""YAML from files the build cannot vouch for (front matter, content/actors.yml, feeds.yml).

PyYAML's safe loader runs no code, but an alias repeats what its anchor holds: a 19 KB front
matter of nested aliases expands to megabytes (or gigabytes: the "billion laughs"). Nothing the
analyst writes needs one, so an alias is refused with the line it is on.
"""
from __future__ import annotations

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent


class Loader(yaml.SafeLoader):
    """The safe loader, refusing aliases (`*name`)."""

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, f"an alias (*{event.anchor}) is not allowed: write the value out",
                                event.start_mark)
        return super().compose_node(parent, index)


def load(text: str):
    return yaml.load(text, Loader=Loader)  # noqa: S506 - Loader is a SafeLoader


def compose(text: str):
    return yaml.compose(text, Loader=Loader)


def kind_of(value) -> str:
    """What a YAML value is, in words: "mapping", "list", "int", ..."""
    return {dict: "mapping", list: "list", set: "set", bytes: "binary value"}.get(type(value), type(value).__name__)


def shown(value) -> str:
    """A wrong value for an error message: a scalar as written (cut short), anything else by its kind only
    (the repr of an alias bomb would be gigabytes)."""
    if isinstance(value, (dict, list, set, bytes)):
        return f"a {kind_of(value)}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
