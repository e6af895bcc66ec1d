"""What every command shares: declaring a subcommand, progress lines on stderr, writing the output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ..console import one_line

#: The ``sub`` object of ``add_subparsers``, to which each command module adds its commands.
Commands = argparse._SubParsersAction
Handler = Callable[[argparse.Namespace], int]


def command(
    sub: Commands, name: str, func: Handler, help: str, description: str | None = None
) -> argparse.ArgumentParser:
    """A new subcommand ``name`` run by ``func``."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help, description=description)
    parser.set_defaults(func=func)
    return parser


def say(args: argparse.Namespace, message: str) -> None:
    """A progress line on stderr, unless --quiet."""
    if not getattr(args, "quiet", False):
        print(one_line(message), file=sys.stderr)


def emit(text: str, out: str | None) -> None:
    """Print ``text`` (``out`` None or ``-``), or write it atomically to the file ``out``."""
    if out is None or out == "-":
        sys.stdout.write(text)
        return
    from ..atomic import atomic_write

    atomic_write(out, text)  # a failure is one FilmgraphError line; the old file stays
