#!/usr/bin/env python3
"""The baseline: bare `nlp.pipe` over the same texts, with the same model, on the same cores.

    .venv/bin/python bench/bare_pipe.py --content DIR [--project .] [--processes N] [--batch-size 16]

Articles are read with the generator's own reader and given to the model as the
generator gives them (title, blank line, body), so the only difference from
`briefing extract` is everything the generator does beyond the model. Prints
one JSON line: articles, tokens, and seconds for reading, loading and piping.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    began = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--project", type=Path, default=Path("."), help="folder holding mkdocs.yml (model, processes)")
    parser.add_argument("--processes", type=int, default=0, help="default: the generator's worker count")
    parser.add_argument("--batch-size", type=int, default=16, help="default: the generator's (extract_all)")
    args = parser.parse_args(argv)

    import spacy

    from generator.config import load_settings
    from generator.extract import nlp_text
    from generator.sources import read_folder

    settings = load_settings(args.project / "mkdocs.yml")
    processes = args.processes or settings.worker_count
    t0 = time.perf_counter()
    articles = read_folder(args.content).articles
    texts = [nlp_text(a)[0] for a in articles]
    t1 = time.perf_counter()
    nlp = spacy.load(settings.spacy_model)
    t2 = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, n_process=processes, batch_size=args.batch_size):
        tokens += len(doc)
    t3 = time.perf_counter()
    print(json.dumps({"articles": len(texts), "tokens": tokens, "model": settings.spacy_model,
                      "processes": processes, "batch_size": args.batch_size, "read_s": t1 - t0,
                      "load_s": t2 - t1, "pipe_s": t3 - t2, "total_s": t3 - began}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
