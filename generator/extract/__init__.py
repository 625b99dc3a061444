"""The spaCy stage: one article in, plain records out (actors, quotes, events).

spaCy is imported only when a pipeline is used (`pipeline.py`): the records, names and dates
read without it, so a build whose articles are all in the cache never loads the model.
"""
from __future__ import annotations

from .installed import ModelNotInstalled, installed_model_label, label_of

EXTRACTOR_VERSION = "1"

__all__ = ["EXTRACTOR_VERSION", "ModelNotInstalled", "installed_model_label", "label_of"]
_PIPELINE = {"load_pipeline", "model_label", "extract_doc",
             "extract_all", "nlp_text", "written_text", "STRAIGHT_QUOTES"}


def __getattr__(name: str):
    """`from generator.extract import load_pipeline` loads spaCy then, not before."""
    if name in _PIPELINE:
        from . import pipeline
        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
