"""Extraction on a Dask cluster (generator/extract/cluster.py): a LocalCluster of two worker processes
on this machine makes the same briefing.json, byte for byte, as the local process pool, and its
records land in the same extraction cache."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from generator.build import BuildError, make_briefing
from generator.config import Settings
from generator.export import write_json

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
CONTENT_ARTICLE = Path(__file__).resolve().parents[1] / "content" / "00-taliban-visit-russia-china.md"


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cluster") / "content"
    shutil.copytree(ARTICLES, folder)
    shutil.copy(CONTENT_ARTICLE, folder)
    return folder


def test_a_local_dask_cluster_writes_the_same_export_as_the_process_pool(content, tmp_path):
    here = make_briefing(content, Settings(processes=1), tmp_path / "cache-here")
    write_json(here, tmp_path / "here.json")
    settings = dataclasses.replace(Settings(processes=2), dask_scheduler="local")
    on_cluster = make_briefing(content, settings, tmp_path / "cache-cluster")
    write_json(on_cluster, tmp_path / "cluster.json")
    assert len(on_cluster.articles) == 3 and on_cluster.quotes and on_cluster.events
    assert (tmp_path / "cluster.json").read_bytes() == (tmp_path / "here.json").read_bytes()
    # the client wrote the cache: a second run extracts nothing and needs no cluster
    unreachable = dataclasses.replace(settings, dask_scheduler="tcp://127.0.0.1:9")
    again = make_briefing(content, unreachable, tmp_path / "cache-cluster")
    write_json(again, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "here.json").read_bytes()


def test_an_unreachable_scheduler_is_a_clear_error(content, tmp_path):
    settings = dataclasses.replace(Settings(), dask_scheduler="tcp://127.0.0.1:9")
    with pytest.raises(BuildError, match=r"cannot connect to the Dask scheduler at tcp://127.0.0.1:9"):
        make_briefing(content, settings, tmp_path / "cache")


def test_settings_of_the_executor_shape_no_page():
    assert Settings().page_shaping() == dataclasses.replace(Settings(), dask_scheduler="local",
                                                            processes=3).page_shaping()
    assert Settings().page_shaping() != Settings(page_size=5).page_shaping()


def test_a_worker_that_dies_loses_only_its_chunk_which_runs_again(tmp_path):
    """SIGKILL the worker that holds a chunk: the scheduler gives the chunk to another worker and the
    export is the same as the process pool's."""
    import os
    import signal
    import threading

    from dask.distributed import Client, LocalCluster

    content = tmp_path / "content"
    content.mkdir()
    for n in range(40):  # invented: three chunks of 16 at most
        (content / f"{n:02d}.md").write_text(
            f"---\ntitle: Harbour talks, round {n}\ndate: 2024-06-{1 + n % 28:02d}\n---\n"
            f"Port minister Odalys Brennholt met union leader Tavish Quenneville in Velmora on Monday. "
            f"\"We agreed on round {n},\" Brennholt said.\n", encoding="utf-8")
    here = make_briefing(content, Settings(processes=1), tmp_path / "cache-here")
    write_json(here, tmp_path / "here.json")

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        stop, killed = threading.Event(), []

        def kill_a_busy_worker():
            while not stop.is_set():
                busy = [address for address, tasks in client.processing().items() if tasks]
                if busy:
                    pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
                stop.wait(0.05)

        killer = threading.Thread(target=kill_a_busy_worker, daemon=True)
        killer.start()
        settings = dataclasses.replace(Settings(), dask_scheduler=cluster.scheduler_address)
        on_cluster = make_briefing(content, settings, tmp_path / "cache-cluster")
        stop.set()
        killer.join(timeout=10)
    assert killed, "no worker was killed while it held a chunk"
    write_json(on_cluster, tmp_path / "cluster.json")
    assert (tmp_path / "cluster.json").read_bytes() == (tmp_path / "here.json").read_bytes()
