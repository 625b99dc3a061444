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
