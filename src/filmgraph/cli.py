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


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import FORMATS, bundled_dataset, export, export_all, files_dataset, format_for_path, write_export
    from .jsonld import CONTEXT_URL

    if args.graph and not args.data:
        raise UsageError("--graph names the graph of --data files; the bundled graph has its own names")
    if args.all:
        if args.out in (None, "-"):
            raise UsageError("--all writes several files: give the folder with --out DIR")
        if args.format or args.frame or args.film or args.context_url:
            raise UsageError("--all writes every format: --format, --frame, --film and --context-url do not apply")
    out = args.out or "-"
    fmt = args.format
    if fmt is None and not args.all:
        fmt = "jsonld" if args.frame else (format_for_path(out) if out != "-" else "turtle")
    dataset = files_dataset(args.data, args.graph) if args.data else bundled_dataset(not args.data_only)
    if args.all:
        for path in export_all(dataset, out):
            _say(args, f"wrote {path}")
        return EXIT_OK
    context_url = CONTEXT_URL if args.context_url == "default" else args.context_url
    data = export(dataset, fmt, frame=args.frame, film=args.film, context_url=context_url)
    if out == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_export(data, out)
        _say(args, f"wrote {out} ({FORMATS[fmt].title}, {len(data)} bytes)")
    return EXIT_OK


def _cmd_context(args: argparse.Namespace) -> int:
    from .jsonld import context_text, project_context_check

    if not (args.check or args.write):
        sys.stdout.write(context_text())
        return EXIT_OK
    path, up_to_date = project_context_check(".", write=args.write)
    if up_to_date:
        _say(args, f"{path} is up to date")
        return EXIT_OK
    if args.write:
        _say(args, f"regenerated {path}")
        return EXIT_OK
    print(f"{path}: out of date with the ontology (run 'filmgraph context --write')")
    return EXIT_PROBLEMS


def _say(args: argparse.Namespace, message: str) -> None:
    """A progress line on stderr, unless --quiet."""
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr)


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

    formats = ("turtle", "jsonld", "nt", "nq", "trig", "xml")  # = export.FORMATS, without importing rdflib
    p = sub.add_parser(
        "export",
        help="write the graph as Turtle, JSON-LD, N-Triples, N-Quads, TriG or RDF/XML",
        description="Export the bundled graph (data + ontology), its data alone, or RDF files. "
        "Output is lossless and byte-identical from run to run; files are replaced atomically.",
    )
    p.add_argument("--format", "-f", choices=formats,
                   help="output format (default: guessed from --out's extension, else turtle)")
    p.add_argument("--out", "-o", metavar="FILE|DIR|-",
                   help="output file, '-' for standard output (default), or the folder for --all")
    p.add_argument("--all", action="store_true",
                   help="write every format, context.jsonld, framed films, void.ttl and SHA256SUMS into --out DIR")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--data-only", action="store_true", help="the bundled data without the ontology")
    what.add_argument("--data", nargs="+", metavar="FILE", help="export these RDF files instead of the bundled graph")
    p.add_argument("--graph", metavar="IRI", help="with --data: the named graph for the files in nq and trig "
                   "(default: the default graph)")
    p.add_argument("--frame", choices=("film",), help="JSON-LD: a framed document per film instead of the flat graph")
    p.add_argument("--film", metavar="IRI", help="with --frame film: only this film (IRI, film:slug or slug)")
    p.add_argument("--context-url", nargs="?", const="default", metavar="URL",
                   help="JSON-LD: write the context as a URL instead of inline: "
                   "https://w3id.org/filmgraph/context.jsonld (default), or a mirror of it")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but the data")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser(
        "context",
        help="print, check or regenerate the JSON-LD context generated from the ontology",
        description="Without options, print the context generated from the installed ontology. "
        "--check and --write work on ontology/context.jsonld of the project in the current folder.",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if ontology/context.jsonld is out of date")
    mode.add_argument("--write", action="store_true", help="regenerate ontology/context.jsonld from ontology/*.ttl")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    p.set_defaults(func=_cmd_context)
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
