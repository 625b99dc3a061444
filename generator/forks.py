"""Work done by a forked process while the build goes on: a machine of two cores does two things at once.

A process is forked only while this one runs no other thread (the preview's server, a Dask client): a
process forked beside a thread can find a lock that thread held taken for ever. Then, or should the
forked process fail or die, the work is done in the build's own process, so the result is the same.
"""
from __future__ import annotations

import gc
import logging
import logging.handlers
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import threading
from contextlib import contextmanager

log = logging.getLogger("briefing")


COPYING_LIMIT = 512 * 2**20  # resident bytes of this process above which no process reading the model is forked


def can_fork(copying: bool = False) -> bool:
    """Whether a process forked now is safe: no other thread runs, and the system forks. `copying`: the
    forked process reads the whole model (the export, the pages' check), and so ends up with a copy of
    most of this process's memory (each object it reads is written to: its reference count); it is forked
    only while this process holds less than COPYING_LIMIT (at 10,000 articles, 0.9 GB: a copy took the
    build's peak from 1.1 to 1.8 GB, over its budget of 1.5)."""
    if threading.active_count() != 1 or not hasattr(os, "fork"):
        return False
    return not copying or resident_bytes() < COPYING_LIMIT


def resident_bytes() -> int:
    """This process's resident memory now (its peak where the system does not say)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # (kilobytes on Linux)


def release_free_memory() -> None:
    """Hand back to the system the memory this process has freed but the C library keeps (glibc's
    malloc_trim). After a stage that made and dropped millions of objects (the cached records once resolved,
    the render's values and records) the build's process held 350 MB more than it used at 10,000 articles:
    counted against the build's memory, and against the limit under which MkDocs builds beside it
    (site.MkDocsBeside). Nothing where the C library has no such call."""
    try:
        import ctypes

        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


class Forked:
    """`function(*args)` run by a forked process from now on (unless can_fork(copying) says no: then
    by `join`); `join` waits for it. Its result is what it leaves on disk: should it fail, `join` runs it
    again in this process (so that its error, if any, is raised here). `copying`: it reads the model."""

    def __init__(self, what: str, function, *args, copying: bool = True):
        self.what, self.function, self.args = what, function, args
        self.process = None
        if can_fork(copying):
            self.process = multiprocessing.get_context("fork").Process(target=_quietly, args=(function, args),
                                                                      daemon=True)
            self.process.start()

    def join(self) -> None:
        """Waits for the work, or does it here; then lets go of its arguments (the model: MkDocs, after the
        export, reuses its memory)."""
        try:
            if self.process is not None:
                self.process.join()
                if self.process.exitcode == 0:
                    return
                log.warning("%s: the process writing it ended early (exit code %s); written again in this one",
                            self.what, self.process.exitcode)
            self.function(*self.args)
        finally:
            self.args = ()

    def cancel(self) -> None:
        """Stops the process (its output is not wanted)."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
        if self.process is not None:
            self.process.join()
        self.args = ()


class Ahead:
    """`function(*args)`, a value, found by a forked process from now on while the build goes on (work that
    reads no model: `Forked`, the value left in a file); `result()` waits for it, or finds it here when no
    process could be forked or it failed. The process ends once the value is written: one waiting to hand
    it over would keep a copy of each part of this process's memory written meanwhile (at 10,000 articles
    it grew to 500 MB)."""

    def __init__(self, function, *args):
        self.file = tempfile.TemporaryFile()
        self.work = Forked(f"{function.__name__} (found ahead)", _keeping, self.file, function, args, copying=False)
        self._found = None

    @property
    def process(self):
        return self.work.process

    def __enter__(self):
        return self

    def __exit__(self, *error) -> None:
        self.cancel()

    def result(self):
        if self._found is None:
            self.work.join()
            self.file.seek(0)
            self._found = pickle.load(self.file)
            self.cancel()
        return self._found[0]

    def cancel(self) -> None:
        """Stops the process (its value is not wanted, or has come)."""
        self.work.cancel()
        self.file.close()


def _keeping(file, function, args) -> None:
    """The value of function(*args), written to `file` (from its start: a process that died may have begun)."""
    found = (function(*args),)
    file.seek(0)
    file.truncate()
    pickle.dump(found, file)
    file.flush()


def _quietly(function, args) -> None:  # (in the forked process)
    """Its exit code says whether it succeeded; the error itself is raised again by `join`."""
    try:
        function(*args)
    except BaseException:
        os._exit(1)


@contextmanager
def collector_paused():
    """Python's cyclic collector off meanwhile: around making hundreds of thousands of short-lived objects
    (a manifest encoded or unpickled) while the build holds the million a render leaves, which the collector
    would walk again and again (1.0 s instead of 0.3 at 10,000 articles). Cycles, if any, are collected
    on a later walk."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class Spawned:
    """`function(*args)` run by a fresh interpreter from now on (spawned: it shares none of this process's
    memory, so what it allocates is all it adds, however much this one writes meanwhile; a forked one would
    end up with a copy of every page of the model this process's export reads); `result()` waits for its
    value, or raises its error here, and logs its log records here (they come through the same pipe: the
    process runs no thread, so that it can fork in turn). The function and its arguments must be importable
    and picklable; it starts in a second or so (its imports)."""

    def __init__(self, function, *args):
        self.what = function.__name__
        context = multiprocessing.get_context("spawn")
        self._receiver, sender = context.Pipe(duplex=False)
        levels = {name: found.level for name, found in logging.root.manager.loggerDict.items()
                  if isinstance(found, logging.Logger) and found.level != logging.NOTSET}
        self.process = context.Process(target=_spawned, args=(function, args, sender, logging.getLogger().level,
                                                              levels))
        self.process.start()
        sender.close()

    def result(self):
        try:
            while True:
                try:
                    with collector_paused():  # (MkDocs' answer: the previous site's files, tens of thousands)
                        message = self._receiver.recv()
                except EOFError:
                    self.process.join()
                    message = ("done", False, RuntimeError(f"the process running {self.what} ended early "
                                                           f"(exit code {self.process.exitcode})"))
                if message[0] == "log":
                    logging.getLogger(message[1].name).handle(message[1])  # (by the logger of its name)
                    continue
                _, succeeded, value = message
                break
            self.process.join()
        finally:
            self._receiver.close()
        if not succeeded:
            raise value
        return value

    def cancel(self) -> None:
        """Stops the process (its result is not wanted)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self._receiver.close()


class _Sending(logging.handlers.QueueHandler):
    """Each log record (its message made) sent through the pipe, in the process itself: no thread."""

    def enqueue(self, record: logging.LogRecord) -> None:
        self.queue.send(("log", record))


def _spawned(function, args, sender, level: int, levels: dict[str, int]) -> None:  # (in the spawned process)
    dies_with_its_parent()
    logging.getLogger().handlers[:] = [_Sending(sender)]
    logging.getLogger().setLevel(level)
    for name, found in levels.items():
        logging.getLogger(name).setLevel(found)
    try:
        outcome = ("done", True, function(*args))  # (the last message; the others are log records)
    except BaseException as error:
        outcome = ("done", False, error)
    try:
        sender.send(outcome)
    except Exception:  # an error that does not pickle
        sender.send(("done", False, RuntimeError(f"{type(outcome[2]).__name__}: {outcome[2]}")))
    # Ended at once, its value handed over: an interpreter torn down object by object took half a second
    # after MkDocs built the pages of 10,000 articles, which the build waited for.
    sender.close()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os._exit(0)


def dies_with_its_parent() -> None:
    """Where the system allows it (Linux), this process is killed when the one that started it dies: a
    killed build leaves nothing running. (Not a daemon process, which could not fork one of its own.)"""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def claim(claims, n: int, who: int) -> bool:
    """Whether `who` takes item n of a shared array of claims (0: nobody yet); False: another has it."""
    with claims.get_lock():
        if claims[n] == 0:
            claims[n] = who
        return claims[n] == who


MINE, THEIRS = 1, 2


def from_both_ends(count: int, do, state=lambda: None, copying: bool = False) -> tuple[dict[int, object], object]:
    """`do(n)` for every n in range(count): this process from the first on, a forked one from the last back,
    each taking the next item neither has taken, until they meet. Returns every result by n, and what the
    forked process's `state()` gave once it stopped (None when there was none: the forked process can hand
    over what it learnt on the way). Items a dead forked process took are done here; an error of `do` in it
    is raised by doing its item here. `copying`: see can_fork."""
    if count < 2 or not can_fork(copying):
        return {n: do(n) for n in range(count)}, None
    context = multiprocessing.get_context("fork")
    claims = context.Array("b", count)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_from_the_end, args=(count, do, state, claims, sender), daemon=True)
    process.start()
    sender.close()
    results: dict[int, object] = {}
    try:
        for n in range(count):
            if not claim(claims, n, MINE):
                break  # the other process came this far
            results[n] = do(n)
        try:
            theirs, handed = receiver.recv()
        except EOFError:  # it died (or failed): its items are done here
            theirs, handed = {}, None
    except BaseException:
        process.kill()  # (its results are not wanted)
        raise
    finally:
        receiver.close()
        process.join()
    results.update(theirs)
    for n in range(count):
        if n not in results:
            results[n] = do(n)
    return results, handed


def _from_the_end(count: int, do, state, claims, sender) -> None:  # (in the forked process)
    done = {}
    for n in range(count - 1, -1, -1):
        if not claim(claims, n, THEIRS):
            break
        done[n] = do(n)
    sender.send((done, state()))
    sender.close()
