"""Briefing generator: news articles in, a browsable briefing site out."""

__version__ = "0.1.0"
