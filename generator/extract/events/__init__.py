"""Meetings, visits, talks and calls in one article; `finder.EventFinder` puts the parts together."""
from .finder import EventFinder

__all__ = ["EventFinder"]
