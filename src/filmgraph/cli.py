"""The ``filmgraph`` command: parses arguments, calls the Python API, prints, sets the exit code.

Heavy libraries are imported inside each command so that ``--help`` and errors stay fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, FilmgraphError

if TYPE_CHECKING:
    from .query import Query


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

    if args.files:
        graph = parse_files(args.files, load_ontology())
    else:
        graph = load()
    counts = stats(graph)
    if args.format == "json":
        import json

        sys.stdout.write(json.dumps(counts, indent=2) + "\n")
    else:
        sys.stdout.write(render_stats(counts))
    return EXIT_OK


def _query_source(value: str) -> Query:
    """What QUERY names: standard input, a query file, or a library query."""
    from pathlib import Path

    from .query import load_query, read_query_file

    path = Path(value)
    if value == "-" or path.is_file() or path.suffix in (".rq", ".sparql") or "/" in value:
        return read_query_file(value)
    return load_query(value)


def _query_params(pairs: Sequence[str]) -> dict[str, str]:
    """``--param KEY=VALUE`` options as a dict; each key at most once."""
    from .errors import UsageError

    params: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        key = key.strip()
        if not equals or not key:
            raise UsageError(
                f"--param {pair!r}: write it as KEY=VALUE, e.g. --param film=film:stalker-1979"
            )
        if key in params:
            raise UsageError(f"--param {key} is given twice")
        params[key] = value
    return params


def _query_format(args: argparse.Namespace, kind: str | None) -> str:
    """--format, else the --out extension, else table (on a terminal), tsv, or turtle for graphs."""
    from pathlib import Path

    from .results import EXTENSIONS, check_format

    graph = kind in ("CONSTRUCT", "DESCRIBE")
    if args.format:
        check_format(kind or "SELECT", args.format)
        return str(args.format)
    if args.out:
        guessed = EXTENSIONS.get(Path(args.out).suffix.lower())
        if guessed and (guessed in ("turtle", "nt", "jsonld")) == graph:
            return guessed
    if graph:
        return "turtle"
    return "table" if not args.out and sys.stdout.isatty() else "tsv"


def _emit(text: str, out: str | None) -> None:
    """Print ``text``, or write it atomically to ``out``."""
    if out is None:
        sys.stdout.write(text)
        return
    from .atomic import atomic_write
    from .errors import InputError

    try:
        atomic_write(out, text)
    except OSError as exc:
        raise InputError(f"{out}: cannot be written ({exc.strerror or exc})") from None


def _cmd_query(args: argparse.Namespace) -> int:
    from .errors import UsageError
    from .query import list_queries, prepare, run

    params = _query_params(args.param)
    if args.list:
        from rdflib import Literal

        from .results import Result, render

        rows = [
            (Literal(q.name), Literal(q.title), Literal(", ".join(p.describe() for p in q.params)))
            for q in list_queries()
        ]
        listing = Result.select(["name", "title", "params"], rows)
        fmt = _query_format(args, "SELECT") if args.format or args.out else "table"
        _emit(render(listing, fmt), args.out)
        return EXIT_OK
    if args.show:
        if args.query:
            raise UsageError("give either QUERY or --show NAME, not both")
        shown = _query_source(args.show)
        _emit(prepare(shown, params) if params else shown.text, args.out)
        return EXIT_OK
    if not args.query:
        raise UsageError("name a query (see --list), a query FILE, or - for standard input")
    if args.endpoint and (args.data or args.engine):
        raise UsageError("--endpoint runs the query remotely; --data and --engine are local")
    chosen = _query_source(args.query)
    fmt = _query_format(args, chosen.kind)
    graph = None
    if args.data:
        from .graph import load_ontology, new_graph, parse_files

        graph = parse_files(args.data, new_graph() if args.no_ontology else load_ontology())
    from .query import DEFAULT_ENGINE
    from .results import render

    result = run(
        chosen,
        params,
        graph=graph,
        engine=args.engine or DEFAULT_ENGINE,
        endpoint=args.endpoint,
        allow_network=args.allow_network,
        timeout=args.timeout,
    )
    _emit(render(result, fmt), args.out)
    return EXIT_OK


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

    _add_query_parser(sub)
    return parser


def _add_query_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``query`` subcommand's options."""
    from .engines import ENGINES
    from .query import DEFAULT_ENGINE
    from .results import GRAPH_FORMATS, RESULT_FORMATS

    p = sub.add_parser(
        "query",
        help="run a library query, a query FILE or - (stdin) on the graph or an endpoint",
        description="Run a read-only SPARQL query on the bundled graph, on --data FILEs or on a "
        "SPARQL 1.1 --endpoint. Problems with the call, the query or the endpoint exit with 2.",
    )
    add = p.add_argument
    add("query", nargs="?", metavar="QUERY", help="a library query name, a .rq FILE, or -")
    add("--param", "-p", action="append", default=[], metavar="KEY=VALUE",
        help="bind a parameter (repeatable); an IRI is absolute or prefix:name")
    add("--list", "-l", action="store_true", help="list the library: name, title, parameters")
    add("--show", metavar="NAME", help="print a query (with --param: as it would run)")
    add("--format", "-f", metavar="FORMAT", choices=RESULT_FORMATS + GRAPH_FORMATS,
        help=f"SELECT/ASK: {', '.join(RESULT_FORMATS)}; CONSTRUCT/DESCRIBE: "
        f"{', '.join(GRAPH_FORMATS)} (default: from the --out extension, else table on a "
        "terminal, tsv otherwise, turtle for graphs)")
    add("--out", "-o", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    add("--engine", "-e", choices=ENGINES,
        help=f"the local SPARQL engine (default: {DEFAULT_ENGINE}; rdflib is the reference)")
    add("--data", "-d", nargs="+", action="extend", metavar="FILE",
        help="query these RDF files (plus the bundled ontology) instead of the bundled graph")
    add("--no-ontology", action="store_true", help="with --data: leave the ontology out")
    add("--endpoint", metavar="URL", help="run the query on this SPARQL 1.1 endpoint")
    add("--timeout", type=float, default=65.0, metavar="SECONDS",
        help="with --endpoint: give up after this many seconds (default: 65)")
    add("--allow-network", action="store_true",
        help="let SERVICE clauses reach other endpoints over the network")
    p.set_defaults(func=_cmd_query)


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
