"""Work done by a forked process beside the build (generator/forks.py): the same result as done here,
however the process ends."""
from __future__ import annotations

import atexit
import logging
import os
import threading
import time
import weakref
from pathlib import Path

import pytest

from generator import forks
from generator.forks import Ahead, Forked, Spawned


@pytest.fixture
def forking(monkeypatch):
    """Forks even if an earlier test (Dask's) left a thread in this process: the functions forked here
    take no lock."""
    monkeypatch.setattr(forks, "can_fork", lambda copying=False: True)


def _write_pid(path):
    path.write_text(str(os.getpid()))


def test_the_function_runs_in_a_forked_process_and_join_waits_for_it(tmp_path, forking):
    target = tmp_path / "out"
    work = Forked("the export", _write_pid, target)
    work.join()
    assert target.read_text() != str(os.getpid())  # written, and by another process


@pytest.mark.parametrize("forked", [True, False])
def test_the_work_lets_go_of_its_arguments_once_done(tmp_path, monkeypatch, forked):
    """The export holds the model: once written, the model's memory is free for MkDocs."""
    monkeypatch.setattr(forks, "can_fork", lambda copying=False: forked)

    class Model:
        pass

    model = Model()
    alive = weakref.ref(model)
    work = Forked("the export", lambda held, path: _write_pid(path), model, tmp_path / "out")
    del model
    assert alive() is not None
    work.join()
    assert alive() is None and (tmp_path / "out").is_file()


def test_a_process_that_dies_is_made_good_in_this_one(tmp_path, forking, caplog):
    target, parent = tmp_path / "out", os.getpid()

    def dies_when_forked(path):
        if os.getpid() != parent:
            os._exit(9)  # killed, say
        _write_pid(path)

    Forked("the export", dies_when_forked, target).join()
    assert target.read_text() == str(parent)
    assert any("the export: the process writing it ended early (exit code 9)" in m for m in caplog.messages)


def test_an_error_of_the_function_is_raised_in_this_process(tmp_path, forking):
    def fails(path):
        raise OSError(f"{path}: no space left on device")

    work = Forked("the export", fails, tmp_path / "out")
    with pytest.raises(OSError, match="no space left"):
        work.join()


def test_cancel_stops_the_process(tmp_path, forking):
    work = Forked("the export", time.sleep, 60)
    started = time.monotonic()
    work.cancel()
    assert time.monotonic() - started < 10 and not work.process.is_alive()


def test_with_another_thread_running_nothing_is_forked_and_join_does_the_work(tmp_path):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forks.can_fork()
        work = Forked("the export", _write_pid, tmp_path / "out")
    finally:
        stop.set()
        other.join()
    assert work.process is None and not (tmp_path / "out").exists()
    work.join()
    assert (tmp_path / "out").read_text() == str(os.getpid())


def test_from_both_ends_does_every_item_once_in_two_processes_and_hands_over_what_the_other_learnt(forking):
    parent = os.getpid()
    learnt = []

    def square(n):
        time.sleep(0.005)  # (so that both processes take some items)
        learnt.append(n)
        return n * n, os.getpid()

    found, handed = forks.from_both_ends(200, square, lambda: sorted(learnt))
    assert sorted(found) == list(range(200)) and all(found[n][0] == n * n for n in found)
    theirs = sorted(n for n, (_, pid) in found.items() if pid != parent)
    assert 0 < len(theirs) < 200
    assert handed == theirs and sorted(learnt) == sorted(set(range(200)) - set(theirs))


def test_from_both_ends_does_the_items_of_a_dead_process_here(forking):
    parent = os.getpid()

    def dies_when_forked(n):
        time.sleep(0.005)
        if os.getpid() != parent:
            os._exit(9)
        return n + 1

    found, handed = forks.from_both_ends(50, dies_when_forked, lambda: "never sent")
    assert found == {n: n + 1 for n in range(50)} and handed is None


def test_from_both_ends_raises_an_error_of_either_process_here(forking):
    def fails_on_the_last(n):
        time.sleep(0.005)
        if n == 49:
            raise ValueError(f"item {n} is broken")
        return n

    with pytest.raises(ValueError, match="item 49 is broken"):
        forks.from_both_ends(50, fails_on_the_last)



def test_no_process_that_reads_the_model_is_forked_from_a_large_process(tmp_path, monkeypatch):
    """A forked process reading the whole model ends up with a copy of most of this process's memory: it is
    forked only while this process holds less than COPYING_LIMIT."""
    monkeypatch.setattr(forks.threading, "active_count", lambda: 1)  # (an earlier test may have left a thread)
    monkeypatch.setattr(forks, "resident_bytes", lambda: forks.COPYING_LIMIT + 1)
    assert forks.can_fork() and not forks.can_fork(copying=True)
    work = Forked("the export", _write_pid, tmp_path / "out")
    assert work.process is None
    work.join()
    assert (tmp_path / "out").read_text() == str(os.getpid())
    monkeypatch.setattr(forks, "resident_bytes", lambda: forks.COPYING_LIMIT - 1)
    assert forks.can_fork(copying=True)


def test_resident_bytes_grow_with_what_this_process_holds():
    before = forks.resident_bytes()
    held = bytearray(64 * 2**20)
    held[::4096] = b"x" * len(held[::4096])  # (touched: resident)
    assert forks.resident_bytes() >= before + 60 * 2**20


def test_a_value_found_ahead_comes_from_a_forked_process(forking):
    with Ahead(os.getpid) as ahead:
        assert ahead.result() != os.getpid() and ahead.result() == ahead.result()
    assert not ahead.process.is_alive()


def test_the_process_finding_a_value_ahead_ends_without_waiting_to_be_asked(forking):
    """(A process waiting to hand its value over would keep a copy of what the build changes meanwhile.)"""
    ahead = Ahead(os.getpid)
    ahead.process.join(timeout=30)
    assert ahead.process.exitcode == 0 and ahead.result() != os.getpid()


def test_a_value_found_ahead_by_a_process_that_failed_or_died_is_found_here(forking):
    parent = os.getpid()

    def dies_when_forked():
        if os.getpid() != parent:
            os._exit(9)
        return "found here"

    def fails_when_forked():
        if os.getpid() != parent:
            raise OSError("no such folder")
        return "found here too"

    assert Ahead(dies_when_forked).result() == "found here"
    assert Ahead(fails_when_forked).result() == "found here too"
    with pytest.raises(OSError, match="always"):
        Ahead(_fails, "always").result()


def _fails(why):
    raise OSError(why)


def test_with_another_thread_running_a_value_is_found_here_when_asked():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        ahead = Ahead(os.getpid)
    finally:
        stop.set()
        other.join()
    assert ahead.process is None and ahead.result() == os.getpid()


def test_a_spawned_process_gives_its_value_its_error_and_its_log_records_here(caplog):
    """A fresh interpreter (none of this process's memory): its value and its error come back, its log
    records are logged here by their loggers."""
    caplog.set_level(logging.INFO, logger="briefing")
    assert Spawned(os.getpid).result() != os.getpid()
    with pytest.raises(ValueError, match="invalid literal"):
        Spawned(int, "x").result()
    Spawned(logging.getLogger("briefing").info, "from %s", "the other process").result()
    record = next(r for r in caplog.records if r.getMessage() == "from the other process")
    assert record.name == "briefing" and record.process != os.getpid()
    assert Spawned(forks.can_fork).result()  # (it runs no thread: it may fork, as MkDocs does for its pages)


def _leaving_a_mark_at_exit(path: str) -> int:  # (in a fresh process)
    atexit.register(Path(path).write_text, "torn down")
    return os.getpid()


def test_a_spawned_process_ends_at_once_once_its_value_is_handed_over(tmp_path):
    """Not torn down object by object (MkDocs' process, at 10,000 articles, took half a second to): what it
    would do at its exit is not done, and it has ended when its value comes."""
    work = Spawned(_leaving_a_mark_at_exit, str(tmp_path / "mark"))
    assert work.result() == work.process.pid
    assert work.process.exitcode == 0 and not (tmp_path / "mark").exists()


def test_cancel_stops_the_spawned_process():
    work = Spawned(time.sleep, 60)
    started = time.monotonic()
    work.cancel()
    assert not work.process.is_alive() and time.monotonic() - started < 30


def _resident_after(share: str) -> tuple[int, int, int]:  # (in a fresh process: a clean heap)
    """Resident bytes with 300 MB of small blocks held, once every other one is dropped, and once the freed
    memory is released."""
    blocks = [b"x" * 100_000 for _ in range(3_000)]
    held = forks.resident_bytes()
    del blocks[::2]  # holes in the heap: freed, but not at its end
    dropped = forks.resident_bytes()
    forks.release_free_memory()
    return held, dropped, forks.resident_bytes()


@pytest.mark.skipif(not os.uname().sysname == "Linux", reason="malloc_trim is glibc's")
def test_memory_freed_by_the_build_is_handed_back_to_the_system():
    """The build's process kept 350 MB it had freed (small blocks among blocks still used); MkDocs builds
    beside it only under a limit of resident memory."""
    held, dropped, released = Spawned(_resident_after, "").result()
    assert dropped > held - 50 * 2**20  # freed, yet still resident
    assert released < dropped - 100 * 2**20  # handed back
