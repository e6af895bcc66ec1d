"""Exception types of filmgraph, each carrying the exit code the CLI should use."""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class FilmgraphError(Exception):
    """Base class: a problem a user can act on, reported in one line without a traceback."""

    exit_code: int = EXIT_USAGE


class UsageError(FilmgraphError):
    """A wrong option, parameter or name (exit 2)."""


class InputError(FilmgraphError):
    """An unreadable file or a syntax error; the message is ``FILE:LINE:COL: reason`` (exit 2)."""


class EndpointError(FilmgraphError):
    """A SPARQL endpoint could not be used: unreachable, timed out, or answered the wrong thing."""


class CheckFailed(FilmgraphError):
    """A check ran and found problems (not conformant, broken link): exit 1."""

    exit_code = EXIT_PROBLEMS


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name if it has none), for a one-line error."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
