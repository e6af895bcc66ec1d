"""The ``filmgraph`` command: parses arguments, calls the Python API, prints, sets the exit code.

Each command lives in a module of this package (:mod:`.data`, :mod:`.queries`, :mod:`.links`,
:mod:`.publish`, :mod:`.pictures`, :mod:`.site`).
Arguments are parsed before anything heavy is imported: rdflib, pyoxigraph and pySHACL are imported
inside the commands, so that ``--version``, ``--help`` and usage errors stay fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..console import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    OneLineParser,
    Terminated,
    error,
    sigterm_raises,
)
from ..errors import EXIT_OK, EXIT_USAGE, FilmgraphError
from .data import add_check_commands, add_file_commands
from .links import add_link_commands
from .pictures import add_picture_command
from .publish import add_publish_commands
from .queries import add_passages_command, add_query_command
from .releases import add_release_commands
from .site import add_site_command


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    from .. import __version__

    parser = OneLineParser(
        prog="filmgraph",
        description="A knowledge graph of film narratives: validate, query and export it.",
    )
    parser.add_argument("--version", action="version", version=f"filmgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    sub.required = True
    add_check_commands(sub)
    add_query_command(sub)
    add_file_commands(sub)
    add_passages_command(sub)
    add_link_commands(sub)
    add_publish_commands(sub)
    add_picture_command(sub)
    add_site_command(sub)
    add_release_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run one subcommand and return its exit code; user errors never show a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with sigterm_raises():
            return int(args.func(args))
    except FilmgraphError as exc:
        error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_INTERRUPTED
    except Terminated:
        error("terminated")
        return EXIT_TERMINATED
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a path the checks above let through (too long, unreadable, ...)
        where = f"{exc.filename}: " if exc.filename is not None else ""
        error(f"{where}{exc.strerror or exc}")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
