"""Extraction on a Dask cluster, for archives larger than one machine reads in good time.

The articles to extract are sent to the cluster in chunks; each worker process loads the spaCy
pipeline once (by name: it must be installed on the workers) and sends back the same plain records
as the local process pool. Everything else stays on the client: the extraction cache (written by
the client, so a run on any executor reuses it), resolve, render and the site. A chunk whose worker
dies is run again elsewhere (`RETRIES`); an article whose extraction fails comes back as its error,
named in the build's problems as with the local pool.

`address` is a scheduler's address ("tcp://10.0.0.5:8786") or "local": a LocalCluster of
single-threaded worker processes on this machine, to try it. Its workers are forked from this
process once it has loaded the pipeline, as the local pool's are (spawned workers each loading
their own made the cluster 13 % slower than the pool on 2 cores).
"""
from __future__ import annotations

import logging
import threading
from typing import Iterable, Iterator

from ..model import Article
from ..records import ArticleExtraction

RETRIES = 2  # times a chunk is sent again when its worker died
CHUNK = 16  # articles per task: the same batches nlp.pipe reads in the local pool

_loaded: dict[str, object] = {}  # on a worker: the pipelines it loaded, by name
_loading = threading.Lock()


class ClusterError(RuntimeError):
    pass


def extract_on_cluster(address: str, model: str, label: str | None, articles: Iterable[Article],
                       workers: int = 2) -> Iterator[tuple[Article, ArticleExtraction | Exception]]:
    """Each article with its records (or its error), as the chunks come back. `label`: the client's
    model label (the cache key); a worker with another model is an error, not a silent mix."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ClusterError("Dask is not installed: pip install -e '.[dask]' (on the workers too)") from None
    logging.getLogger("distributed").setLevel(logging.WARNING)  # its start and stop chatter is not the build's
    articles = list(articles)
    chunks = [articles[i:i + CHUNK] for i in range(0, len(articles), CHUNK)]
    cluster = None
    try:
        if address == "local":
            import dask

            _pipeline(model)  # loaded once here: the workers are forked with it, as the process pool's are
            with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
            client = Client(cluster)
        else:
            client = Client(address, timeout="10s")  # (a scheduler answers in well under a second)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot connect to the Dask scheduler at {address}: {error}") from None
    try:
        futures = client.map(_extract_chunk, chunks, model=model, pure=False, retries=RETRIES)
        for future, (worker_label, results) in as_completed(futures, with_results=True):
            future.release()  # nothing kept on the cluster once the client has it
            if label is not None and worker_label != label:
                raise ClusterError(f"the workers read with {worker_label}, this machine with {label}: "
                                   f"install the same model on both (extra.briefing.spacy_model)")
            yield from results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _extract_chunk(articles: list[Article], model: str) -> tuple[str, list]:
    """On a worker: its pipeline's label and each article with its records or error."""
    from .pipeline import _extract_chunk_with, model_label

    nlp = _pipeline(model)
    return model_label(nlp), list(_extract_chunk_with(nlp, articles, len(articles)))


def _pipeline(model: str):
    """The worker's pipeline, loaded on its first chunk only."""
    with _loading:
        if model not in _loaded:
            from .pipeline import load_pipeline

            _loaded[model] = load_pipeline(model)
        return _loaded[model]
