"""``filmgraph validate``, ``stats``, ``fmt``, ``export`` and ``context``: the graph as a whole."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from ..formats import EXPORT_FORMATS, SHACL_ENGINES
from .output import Commands, command, say


def _cmd_validate(args: argparse.Namespace) -> int:
    from ..naming import bundled_naming, files_naming
    from ..stores import union_ntriples
    from ..validation import RENDERERS, validate

    data = union_ntriples(args.files or None)
    naming = files_naming(args.files) if args.files else bundled_naming()
    report = validate(data, prefixes=naming.prefixes, engine=args.engine)
    sys.stdout.write(RENDERERS[args.format](report))
    clashes = naming.clashes()
    if args.format == "text" and report.results and clashes:  # why some IRIs are written in full
        films = sorted({film for owners in clashes.values() for film in owners})
        print(f"note: films {', '.join(films)} bind {', '.join(p + ':' for p in clashes)} to namespaces of "
              "their own; IRIs in those are written in full")
    return EXIT_OK if report.passes(strict=args.strict) else EXIT_PROBLEMS


def _cmd_stats(args: argparse.Namespace) -> int:
    from ..counts import render_stats, stats
    from ..stores import files_store

    counts = stats(files_store(args.files, sources=False, named=False) if args.files else None)  # by pyoxigraph
    if args.format == "json":
        import json

        sys.stdout.write(json.dumps(counts, indent=2) + "\n")
    else:
        sys.stdout.write(render_stats(counts))
    return EXIT_OK


def _cmd_fmt(args: argparse.Namespace) -> int:
    from ..canonical import canonicalise_file, check_files

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
    """Turtle under ontology/ and data/ (at any depth, no dot files) of the project in the current directory."""
    found = sorted(
        path for folder in ("ontology", "data") for path in Path(folder).rglob("*.ttl")
        if not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    if not found:
        raise UsageError("no Turtle files under ontology/ or data/ here: run in the project folder or name FILEs")
    return found


def _check_export_options(args: argparse.Namespace) -> None:
    """Options that only make sense together (the API checks the values themselves)."""
    if args.graph and not args.data:
        raise UsageError("--graph names the graph of --data files; the bundled graph has its own names")
    if args.all:
        if args.out in (None, "-"):
            raise UsageError("--all writes several files: give the folder with --out DIR")
        if args.format or args.frame or args.film or args.context_url or args.with_union:
            raise UsageError(
                "--all writes every format: --format, --frame, --film, --context-url and --with-union do not apply"
            )
    if args.base_url is not None and not args.all:
        raise UsageError("--base-url is where the files of --all will be published: use it with --all")


def _store_export(args: argparse.Namespace, fmt: str) -> bytes | None:
    """N-Triples or N-Quads written straight from the files parsed by pyoxigraph (no rdflib parse),
    the same canonical lines as :func:`filmgraph.exporting.export` writes; None for files that may
    hold a language tag with a capital letter, which pyoxigraph keeps only in lower case."""
    from ..rdfc import store_nquads, store_ntriples
    from ..stores import CapitalLanguageTag, bundled_quads, files_quads

    try:
        quads = files_quads(args.data, graph_name=args.graph) if args.data else bundled_quads(not args.data_only)
    except CapitalLanguageTag:
        return None
    return (store_nquads(quads) if fmt == "nq" else store_ntriples(quads)).encode("utf-8")


def _cmd_export(args: argparse.Namespace) -> int:
    from ..datasets import files_dataset
    from ..exporting import FORMATS, bundled_dataset, export, export_all, format_for_path, write_export
    from ..jsonld import CONTEXT_URL
    from ..naming import files_naming

    _check_export_options(args)
    out = args.out or "-"
    fmt = args.format
    if fmt is None and not args.all:
        fmt = "jsonld" if args.frame else (format_for_path(out) if out != "-" else "turtle")
    if args.graph:
        from ..queries import iri_param

        args.graph = str(iri_param("--graph", args.graph))
    fast = fmt in ("nt", "nq") and not (args.all or args.frame or args.film or args.context_url
                                            or args.with_union)
    data = _store_export(args, fmt) if fast else None
    if data is None:
        dataset = files_dataset(args.data, args.graph) if args.data else bundled_dataset(not args.data_only)
        prefixes = files_naming(args.data).prefixes if args.data else None  # the files' own, or the bundled map
        if args.all:
            for path in export_all(dataset, out, args.base_url, prefixes):
                say(args, f"wrote {path}")
            return EXIT_OK
        context_url = CONTEXT_URL if args.context_url == "default" else args.context_url
        data = export(dataset, fmt, frame=args.frame, film=args.film, context_url=context_url, prefixes=prefixes,
                      with_union=args.with_union)
    if out == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_export(data, out)
        say(args, f"wrote {out} ({FORMATS[fmt].title}, {len(data)} bytes)")
    return EXIT_OK


def _cmd_context(args: argparse.Namespace) -> int:
    from ..context import context_text, project_context_check

    if not (args.check or args.write):
        sys.stdout.write(context_text())
        return EXIT_OK
    path, up_to_date = project_context_check(".", write=args.write)
    if up_to_date:
        say(args, f"{path} is up to date")
        return EXIT_OK
    if args.write:
        say(args, f"regenerated {path}")
        return EXIT_OK
    print(f"{path}: out of date with the ontology (run 'filmgraph context --write')")
    return EXIT_PROBLEMS


def add_check_commands(sub: Commands) -> None:
    """``validate`` and ``stats``."""
    p = command(sub, "validate", _cmd_validate, "check the bundled graph (or FILEs) against the SHACL shapes")
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files to validate (default: the bundled graph)")
    p.add_argument("--format", "-f", choices=("text", "json", "turtle"), default="text", help="report format")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--engine", choices=SHACL_ENGINES, default=SHACL_ENGINES[0],
                   help="fast: pyshacl-turbo and pyoxigraph, linear in the number of films (default); "
                        "pyshacl: the reference implementation, same report, slower")

    p = command(sub, "stats", _cmd_stats, "count films, people, characters, events, links and triples")
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files (default: the bundled graph)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format")


def add_file_commands(sub: Commands) -> None:
    """``fmt``, ``export`` and ``context``."""
    p = command(sub, "fmt", _cmd_fmt, "rewrite Turtle under ontology/ and data/ in the canonical form")
    p.add_argument("files", nargs="*", metavar="FILE", help="Turtle files (default: all under ontology/, data/)")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 and name files not in canonical form")

    p = command(
        sub, "export", _cmd_export, "write the graph as Turtle, JSON-LD, N-Triples, N-Quads, TriG or RDF/XML",
        "Export the bundled graph (data + ontology), its data alone, or RDF files. "
        "Output is lossless and byte-identical from run to run; files are replaced atomically.",
    )
    p.add_argument("--format", "-f", choices=EXPORT_FORMATS,
                   help="output format (default: guessed from --out's extension, else turtle)")
    p.add_argument("--out", "-o", metavar="FILE|DIR|-",
                   help="output file, '-' for standard output (default), or the folder for --all")
    p.add_argument("--all", action="store_true",
                   help="write every format, context.jsonld, framed films, void.ttl and SHA256SUMS into --out DIR")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--data-only", action="store_true", help="the bundled data without the ontology")
    what.add_argument("--data", nargs="+", metavar="FILE", help="export these RDF files instead of the bundled graph")
    p.add_argument("--graph", metavar="IRI", help="with --data: the named graph in nq and trig for the files "
                   "that declare no fg:SourceGraph of their own (default: the default graph)")
    p.add_argument("--with-union", action="store_true",
                   help="nq, trig: also write the union of all graphs (each triple once) as the default graph, "
                   "so that a SPARQL store loaded with its default settings answers the library queries "
                   "(loaded without it, a store's default graph is empty and only statement-sources answers)")
    p.add_argument("--frame", choices=("film",), help="JSON-LD: a framed document per film instead of the flat graph")
    p.add_argument("--film", metavar="IRI", help="with --frame film: only this film (IRI, film:slug or slug)")
    p.add_argument("--context-url", nargs="?", const="default", metavar="URL",
                   help="JSON-LD: write the context as a URL instead of inline: "
                   "https://w3id.org/filmgraph/context.jsonld (default), or a mirror of it")
    p.add_argument("--base-url", metavar="URL", help="with --all: where the files will be published, for "
                   "void.ttl's download URLs (default: https://w3id.org/filmgraph/dist/VERSION/)")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but the data")

    p = command(
        sub, "context", _cmd_context, "print, check or regenerate the JSON-LD context generated from the ontology",
        "Without options, print the context generated from the installed ontology. "
        "--check and --write work on ontology/context.jsonld of the project in the current folder.",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if ontology/context.jsonld is out of date")
    mode.add_argument("--write", action="store_true", help="regenerate ontology/context.jsonld from ontology/*.ttl")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
