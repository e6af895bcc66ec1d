"""Run a function in a worker process stopped at a deadline: local queries under ``--timeout``.

The worker is a fork of this process, so it has the parsed graph and the engine for free
(copy-on-write), and sends back the pickled answer, or the exception, through a pipe. At the
deadline it is killed by its pid (SIGKILL) and reaped, so no zombie is left. Its address space is
capped (RLIMIT_AS) at twice its size when forked, and at least :data:`MIN_BUDGET` more; its CPU
time (RLIMIT_CPU) at the deadline plus a second, so that it ends even if this process is killed
first. What it prints on stderr is passed on only with an answer: a failure is its one error
line (a worker out of memory prints the complaints of its allocator and garbage collector).
Nothing of this runs without a deadline: the plain path calls the function directly.
"""

from __future__ import annotations

import math
import os
import pickle
import select
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from typing import TypeVar

from .errors import FilmgraphError, UsageError

T = TypeVar("T")

#: The least memory the worker may take beyond what it had when forked (then as much again).
MIN_BUDGET = 128 << 20
OUT_OF_MEMORY = "out of memory (under --timeout a query may take as much again as the graph, at least 128 MB)"


class TimedOut(FilmgraphError):
    """The work passed its deadline and was stopped (exit 2)."""


def call_with_deadline(func: Callable[[], T], seconds: float) -> T:
    """``func()`` run in a forked worker: its return value, or its exception raised here; raise
    :class:`TimedOut` if it has not answered after ``seconds``."""
    if not hasattr(os, "fork"):
        raise UsageError("--timeout on a local query needs a system with fork()")
    sys.stdout.flush()
    sys.stderr.flush()
    with tempfile.TemporaryFile() as messages:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:
            _work(func, writer, messages.fileno(), seconds)  # never returns
        os.close(writer)
        answer: bytes | None = None
        try:
            answer = _read_until(reader, time.monotonic() + seconds)
        finally:
            os.close(reader)
            if answer is None:  # the deadline, or an exception (Ctrl-C, SIGTERM) while waiting
                os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        if answer is None or (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU):
            raise TimedOut(f"query stopped after {seconds:g} s (--timeout)")
        if not answer:
            raise FilmgraphError(f"query stopped ({_describe(status)}), most likely {OUT_OF_MEMORY}")
        outcome, value = pickle.loads(answer)
        if outcome == "error":
            raise value
        messages.seek(0)
        sys.stderr.write(messages.read().decode("utf-8", "replace"))
    return value


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything written to ``fd`` until the writer closes it, or None at the deadline."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not poller.poll(math.ceil(left * 1000)):
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _work(func: Callable[[], object], fd: int, messages: int, seconds: float) -> None:
    """The worker: limit itself, run ``func``, send the pickled outcome to ``fd``, and exit without
    clean-up; its stderr goes to ``messages``."""
    code = 0
    try:
        os.dup2(messages, 2)
        _limit(seconds)
        try:
            outcome: tuple[str, object] = ("ok", func())
        except MemoryError:
            outcome = ("error", FilmgraphError(f"query stopped: {OUT_OF_MEMORY}"))
        except BaseException as exc:  # sent back to be raised in the parent
            outcome = ("error", exc)
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an answer or exception that cannot be pickled
            data = pickle.dumps(("error", FilmgraphError(f"the query's answer could not be sent back ({exc})")))
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers


def _limit(seconds: float) -> None:
    """Cap the worker's address space and CPU time, where the platform allows it."""
    try:
        import resource
    except ImportError:
        return
    cpu = math.ceil(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    limit = size + max(size, MIN_BUDGET)
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _describe(status: int) -> str:
    """A wait status in words."""
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
