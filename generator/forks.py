"""Work done by a forked process while the build goes on: a machine of two cores does two things at once.

A process is forked only while this one runs no other thread (the preview's server, a Dask client): a
process forked beside a thread can find a lock that thread held taken for ever. Then, or should the
forked process fail or die, the work is done in the build's own process, so the result is the same.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading

log = logging.getLogger("briefing")


def can_fork() -> bool:
    """Whether a process forked now is safe: no other thread runs, and the system forks."""
    return threading.active_count() == 1 and hasattr(os, "fork")


class Forked:
    """`function(*args)` run by a forked process from now on; `join` waits for it. Its result is what it
    leaves on disk: should it fail, `join` runs it again in this process (so that its error, if any, is
    raised here)."""

    def __init__(self, what: str, function, *args):
        self.what, self.function, self.args = what, function, args
        self.process = None
        if can_fork():
            self.process = multiprocessing.get_context("fork").Process(target=_quietly, args=(function, args),
                                                                      daemon=True)
            self.process.start()

    def join(self) -> None:
        if self.process is not None:
            self.process.join()
            if self.process.exitcode == 0:
                return
            log.warning("%s: the process writing it ended early (exit code %s); written again in this one",
                        self.what, self.process.exitcode)
        self.function(*self.args)

    def cancel(self) -> None:
        """Stops the process (its output is not wanted)."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
        if self.process is not None:
            self.process.join()


def _quietly(function, args) -> None:  # (in the forked process)
    """Its exit code says whether it succeeded; the error itself is raised again by `join`."""
    try:
        function(*args)
    except BaseException:
        os._exit(1)
