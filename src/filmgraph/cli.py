"""The ``filmgraph`` command: parses arguments, calls the Python API, prints, sets the exit code.

Heavy libraries are imported inside each command so that ``--help`` and errors stay fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, FilmgraphError, UsageError


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit with 2 and one clear line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n(see '{self.prog} --help')\n")


def _cmd_validate(args: argparse.Namespace) -> int:
    from .graph import load, parse_files
    from .validate import RENDERERS, validate

    graph = parse_files(args.files) if args.files else load(include_ontology=False)
    report = validate(graph)
    sys.stdout.write(RENDERERS[args.format](report))
    return EXIT_OK if report.passes(strict=args.strict) else EXIT_PROBLEMS


def _cmd_stats(args: argparse.Namespace) -> int:
    from .graph import load, load_ontology, parse_files
    from .stats import render_stats, stats

    graph = parse_files(args.files, load_ontology()) if args.files else load()
    counts = stats(graph)
    if args.format == "json":
        import json

        sys.stdout.write(json.dumps(counts, indent=2) + "\n")
    else:
        sys.stdout.write(render_stats(counts))
    return EXIT_OK


def _cmd_fmt(args: argparse.Namespace) -> int:
    from .canonical import canonicalise_file, check_files

    paths = [Path(p) for p in args.files] or _project_turtle_files()
    if args.check:
        stale = check_files(paths)
        for path in stale:
            print(f"{path}: not in canonical form (run 'filmgraph fmt {path}')")
        return EXIT_PROBLEMS if stale else EXIT_OK
    for path in paths:
        if canonicalise_file(path):
            print(f"reformatted {path}")
    return EXIT_OK


def _project_turtle_files() -> list[Path]:
    """Turtle under ontology/ and data/ of the project in the current directory."""
    found = sorted([*Path("ontology").glob("*.ttl"), *Path("data").glob("*.ttl")])
    if not found:
        raise UsageError("no Turtle files under ontology/ or data/ here: run in the project folder or name FILEs")
    return found


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    from . import __version__

    parser = _Parser(
        prog="filmgraph",
        description="A knowledge graph of film narratives: validate, query and export it.",
    )
    parser.add_argument("--version", action="version", version=f"filmgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("validate", help="check the bundled graph (or FILEs) against the SHACL shapes")
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files to validate (default: the bundled graph)")
    p.add_argument("--format", "-f", choices=("text", "json", "turtle"), default="text", help="report format")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("stats", help="count films, people, characters, events, links and triples")
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files (default: the bundled graph)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(func=_cmd_stats)

    p = sub.add_parser("fmt", help="rewrite Turtle under ontology/ and data/ in the canonical form")
    p.add_argument("files", nargs="*", metavar="FILE", help="Turtle files (default: ontology/*.ttl data/*.ttl)")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 and name files not in canonical form")
    p.set_defaults(func=_cmd_fmt)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run one subcommand and return its exit code; user errors never show a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except FilmgraphError as exc:
        print(f"filmgraph: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("filmgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
