"""How the ``filmgraph`` process talks to its caller: one-line errors, checked argument types, signals.

Every user error is one line on stderr and exit 2, argument errors included (argparse's own
usage block is left to ``--help``). A SIGTERM is turned into an exception, as Python does with
SIGINT, so that what is being written is cleaned up before the process exits with 143
(128 + 15, the shell's convention, as 130 is for SIGINT).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import signal
import sys
import threading
from collections.abc import Iterator
from typing import NoReturn

from .errors import EXIT_USAGE

#: Exit codes after a signal: 128 + the signal's number.
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM
#: A message longer than this is cut (a 100 kB argument is not echoed back in full).
MAX_MESSAGE = 400


class Terminated(BaseException):
    """A SIGTERM, raised where the program was, so that ``finally`` and clean-ups run (like
    KeyboardInterrupt, not an Exception: ``except Exception`` must not swallow it)."""


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` made safe to print as one line: control characters and line separators escaped
    (a newline in a file name prints as ``\\n``), and cut to ``limit`` characters."""
    safe = "".join(ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for ch in text)
    if len(safe) > limit:
        safe = f"{safe[:limit]}… ({len(safe) - limit} more characters)"
    return safe


def error(message: str) -> None:
    """Print ``filmgraph: MESSAGE`` as one line on stderr."""
    print(f"filmgraph: {one_line(message)}", file=sys.stderr, flush=True)


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line, ``filmgraph: SUBCOMMAND: MESSAGE``, exit 2."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the subcommand and where help is, then exit 2."""
        command = self.prog.removeprefix("filmgraph").strip()
        where = f"{command}: " if command else ""
        error(f"{where}{message} (see '{self.prog} --help')")
        self.exit(EXIT_USAGE)


def seconds(text: str) -> float:
    """An argparse type: a finite number of seconds above 0 and at most a day."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(f"give a number of seconds above 0 and at most 86400, not {text!r}")
    return value


def _raise_terminated(signum: int, frame: object) -> None:
    """The SIGTERM handler."""
    raise Terminated


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """Within the block, a SIGTERM raises :class:`Terminated` (main thread only; restored after)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
