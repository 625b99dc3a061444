"""Actors named in one article: entity mentions cleaned, typed and grouped.

spaCy's entities are the starting point; knowledge files correct their type
(countries, demonyms, capitals, known organisations), titles are split off
names and kept as roles, and surnames are tied to the full name the article
gives. Transcript speaker labels ("SECRETARY BLINKEN:") are mentions too.

Modules: `mentions` (entities cleaned and typed, names the model missed), `grouper` (mentions grouped
into actors), `roles` (titles, appositions and affiliations; a part of ActorGrouper).
"""
from .grouper import ActorGrouper
from .mentions import SPEAKER_LABEL, Mention, collect_mentions, proper_name_run

__all__ = ["SPEAKER_LABEL", "ActorGrouper", "Mention", "collect_mentions", "proper_name_run"]
