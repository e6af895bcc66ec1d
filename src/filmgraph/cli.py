"""The ``filmgraph`` command: parses arguments, calls the Python API, prints, sets the exit code.

Heavy libraries are imported inside each command so that ``--help`` and errors stay fast.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .console import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    OneLineParser,
    Terminated,
    error,
    one_line,
    seconds,
    sigterm_raises,
)
from .errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, FilmgraphError, UsageError

if TYPE_CHECKING:
    from rdflib import Graph

    from .sparql_client import SparqlClient

if TYPE_CHECKING:
    from .query import Query


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
    if args.base_url is not None and not args.all:
        raise UsageError("--base-url is where the files of --all will be published: use it with --all")
    out = args.out or "-"
    fmt = args.format
    if fmt is None and not args.all:
        fmt = "jsonld" if args.frame else (format_for_path(out) if out != "-" else "turtle")
    if args.graph:
        from .query import iri_param

        args.graph = str(iri_param("--graph", args.graph))
    if args.context_url not in (None, "default"):
        if fmt != "jsonld":
            raise UsageError("--context-url is for JSON-LD exports (--format jsonld or --frame film)")
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", args.context_url):
            raise UsageError(f"--context-url {args.context_url!r}: give an absolute http(s) URL of the context")
    dataset = files_dataset(args.data, args.graph) if args.data else bundled_dataset(not args.data_only)
    if args.all:
        for path in export_all(dataset, out, args.base_url):
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
        print(one_line(message), file=sys.stderr)


def _project_turtle_files() -> list[Path]:
    """Turtle under ontology/ and data/ (at any depth, no dot files) of the project in the current directory."""
    found = sorted(
        path for folder in ("ontology", "data") for path in Path(folder).rglob("*.ttl")
        if not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    if not found:
        raise UsageError("no Turtle files under ontology/ or data/ here: run in the project folder or name FILEs")
    return found


# --- filmgraph link ... ---------------------------------------------------------------------


def _progress() -> Callable[[str], None] | None:
    """A progress printer for stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def say(message: str) -> None:
        print(f"filmgraph: {message}", file=sys.stderr, flush=True)

    return say


def _client(args: argparse.Namespace) -> SparqlClient:
    """The polite SPARQL client for ``--endpoint``, with ``--no-cache`` and terminal progress."""
    from .sparql_client import SparqlClient

    say = _progress()
    return SparqlClient(
        args.endpoint,
        timeout=args.timeout,
        use_cache=not args.no_cache,
        progress=(lambda _event, detail: say(detail)) if say else None,
    )


def _link_graph(args: argparse.Namespace) -> Graph:
    """The bundled graph, or the FILEs given with the ontology mixed in."""
    from .graph import load, load_ontology, parse_files

    return parse_files(args.files, load_ontology()) if args.files else load()


def _cmd_link_check(args: argparse.Namespace) -> int:
    from .links import check_links, render_check_json, render_check_text

    client = _client(args)
    graph = _link_graph(args)
    report = check_links(graph, client, progress=_progress())
    if args.format == "json":
        sys.stdout.write(render_check_json(report))
    elif not report.results:
        print("no Wikidata links in the graph")
    else:
        sys.stdout.write(render_check_text(report))
    return EXIT_OK if report.passes(strict=args.strict) else EXIT_PROBLEMS


def _cmd_link_cast(args: argparse.Namespace) -> int:
    from .cast_check import check_cast, render_cast_text

    reports = check_cast(_link_graph(args), _client(args))
    if not reports:
        print("no film with a Wikidata link and performances in the graph")
        return EXIT_OK
    sys.stdout.write(render_cast_text(reports))
    return EXIT_OK if all(r.passes() for r in reports) else EXIT_PROBLEMS


def _cmd_link_suggest(args: argparse.Namespace) -> int:
    from .atomic import check_writable
    from .links import curie, review_csv, suggest_links, write_review

    if args.out and args.out != "-":
        check_writable(args.out)  # before the slow part: the network lookups
    client = _client(args)
    graph = _link_graph(args)
    report = suggest_links(graph, client, progress=_progress())
    entities = {s.entity for s in report.suggestions}
    summary = (
        f"{len(report.suggestions)} candidate(s) for {len(entities)} of "
        f"{len(report.considered)} unlinked entities"
    )
    if report.without_candidates:
        summary += "; none found for " + ", ".join(curie(e) for e in report.without_candidates)
    if args.out and args.out != "-":
        write_review(report.suggestions, args.out)
        print(f"wrote {args.out}: {summary}")
        print("mark the rows to keep with 'yes' in the 'approved' column, then run "
              f"'filmgraph link apply {args.out}'")
    else:
        sys.stdout.write(review_csv(report.suggestions))
        error(summary)
    return EXIT_OK


def _cmd_link_apply(args: argparse.Namespace) -> int:
    from .links import ReviewRejected, apply_links, curie

    try:
        report = apply_links(args.review, args.data, client=None if args.no_verify else _client(args))
    except ReviewRejected as exc:
        where = args.data or "the data file"
        if len(exc.problems) == 1:  # one error, one line
            error(f"{exc.problems[0]}; nothing written to {where}")
            return EXIT_USAGE
        for problem in exc.problems:
            error(problem)
        error(f"{len(exc.problems)} problem(s) in {args.review}; nothing written to {where}")
        return EXIT_USAGE
    for entity, qid, label in report.added:
        print(f"added skos:exactMatch wd:{qid} to {curie(entity)} ({label})")
    for entity, qid in report.unchanged:
        print(f"already linked: {curie(entity)} -> wd:{qid}")
    if report.added:
        print(f"{report.data}: {len(report.added)} link(s) added; the data conforms to the shapes")
    else:
        print(f"{report.data}: no approved rows to add; file unchanged")
    return EXIT_OK


def _cmd_link_quickstatements(args: argparse.Namespace) -> int:
    from .atomic import atomic_write
    from .links import quickstatements

    client = _client(args)
    graph = _link_graph(args)
    report = quickstatements(graph, client, progress=_progress())
    if args.out and args.out != "-":
        atomic_write(args.out, report.text())
    else:
        sys.stdout.write(report.text())
    for problem in report.problems:
        error(problem)
    if sys.stderr.isatty() or (args.out and args.out != "-"):
        print(
            f"filmgraph: {len(report.statements)} statement(s) missing from Wikidata, "
            f"{report.present} already there, {len(report.unlinked)} value(s) without a Wikidata link left out",
            file=sys.stderr,
        )
    return EXIT_PROBLEMS if report.problems else EXIT_OK


def _add_link_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``filmgraph link check|suggest|apply|quickstatements``."""
    from .sparql_client import WIKIDATA_ENDPOINT

    link = sub.add_parser(
        "link",
        help="check, suggest and apply Wikidata links; give back what Wikidata lacks",
        description="Work with the graph's links to Wikidata. Requests go one at a time, with a "
        "User-Agent naming filmgraph and a contact (set FILMGRAPH_CONTACT), and are cached on disk.",
    )
    commands = link.add_subparsers(dest="link_command", metavar="SUBCOMMAND", parser_class=OneLineParser)
    commands.required = True

    def remote(p: argparse.ArgumentParser) -> None:
        p.add_argument("files", nargs="*", metavar="FILE", help="RDF files (default: the bundled graph)")
        p.add_argument("--endpoint", default=WIKIDATA_ENDPOINT, metavar="URL",
                       help=f"SPARQL endpoint (default: {WIKIDATA_ENDPOINT})")
        p.add_argument("--no-cache", action="store_true", help="ask the endpoint even if a cached answer is fresh")
        timeout(p)

    def timeout(p: argparse.ArgumentParser) -> None:
        p.add_argument("--timeout", type=seconds, default=65.0, metavar="SECONDS",
                       help="give up on a request after this many seconds, retries included (default: 65)")

    p = commands.add_parser("check", help="check every Wikidata link: item exists, label and type fit")
    remote(p)
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="report format")
    p.add_argument("--strict", action="store_true", help="fail on warnings (doubtful types) too")
    p.set_defaults(func=_cmd_link_check)

    p = commands.add_parser("cast", help="confirm each performance against the film item's cast statements "
                            "(P161 with the P453 character role)")
    remote(p)
    p.set_defaults(func=_cmd_link_cast)

    p = commands.add_parser("suggest", help="propose items for unlinked entities, as a CSV file to review")
    remote(p)
    p.add_argument("--out", "-o", metavar="FILE", help="write the review file here (default: standard output)")
    p.set_defaults(func=_cmd_link_suggest)

    p = commands.add_parser("apply", help="add the approved rows of a review file to the data as links")
    p.add_argument("review", metavar="FILE", help="review file written by 'filmgraph link suggest'")
    p.add_argument("--data", metavar="FILE",
                   help="Turtle data file to change (default: the file under data/ that holds the Wikidata links)")
    p.add_argument("--endpoint", default=WIKIDATA_ENDPOINT, metavar="URL",
                   help=f"where each new link is checked before it is written (default: {WIKIDATA_ENDPOINT})")
    p.add_argument("--no-cache", action="store_true", help="ask the endpoint even if a cached answer is fresh")
    p.add_argument("--no-verify", action="store_true",
                   help="write the approved links without checking them at the endpoint (offline use)")
    timeout(p)
    p.set_defaults(func=_cmd_link_apply)

    p = commands.add_parser("quickstatements",
                            help="print QuickStatements for what the graph knows and Wikidata's film item lacks")
    remote(p)
    p.add_argument("--out", "-o", metavar="FILE", help="write the statements here (default: standard output)")
    p.set_defaults(func=_cmd_link_quickstatements)


def _query_source(value: str) -> Query:
    """What QUERY names: standard input, a query file, or a library query."""
    import os

    from .query import load_query, read_query_file

    if value == "-" or os.path.isfile(value) or value.endswith((".rq", ".sparql")) or "/" in value:
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
    """Print ``text`` (``out`` None or ``-``), or write it atomically to the file ``out``."""
    if out is None or out == "-":
        sys.stdout.write(text)
        return
    from .atomic import atomic_write

    atomic_write(out, text)  # a failure is one FilmgraphError line; the old file stays


def _run_federated(args: argparse.Namespace, params: dict[str, str]) -> int:
    """A federated query: the local part on the graph, the Wikidata part in batches at the endpoint."""
    from .federate import run as run_federated
    from .graph import load, load_ontology, parse_files
    from .query import iri_param
    from .results import Result, render
    from .sparql_client import WIKIDATA_ENDPOINT, SparqlClient

    if args.engine:
        raise UsageError("--wikidata runs its local part with rdflib; leave out --engine")
    graph = parse_files(args.data, load_ontology()) if args.data else load()
    client = SparqlClient(args.endpoint or WIKIDATA_ENDPOINT, timeout=args.timeout or 65.0, use_cache=not args.no_cache)
    terms = {key: iri_param(key, value) for key, value in params.items()}
    columns, rows = run_federated(args.query, graph, client, terms)
    result = Result.select(columns, [[row.get(column) for column in columns] for row in rows])
    _emit(render(result, _query_format(args, "SELECT")), args.out)
    return EXIT_OK


def _cmd_query(args: argparse.Namespace) -> int:
    from .errors import UsageError
    from .query import DEFAULT_ENGINE, bundled_engine, list_queries, prepare, run, with_film

    params = _query_params(args.param)
    if args.list:
        from rdflib import Literal

        from .results import Result, render

        rows = [
            (Literal(q.name), Literal(q.title), Literal(", ".join(p.describe() for p in q.params)))
            for q in list_queries()
        ]
        from .federate import list_queries as federated_queries

        rows += [
            (Literal(q.name), Literal(q.title), Literal(", ".join(["--wikidata", *(f"{p} (IRI)" for p in q.params)])))
            for q in federated_queries()
        ]
        listing = Result.select(["name", "title", "params"], sorted(rows, key=lambda row: str(row[0])))
        fmt = _query_format(args, "SELECT") if args.format or args.out else "table"
        _emit(render(listing, fmt), args.out)
        return EXIT_OK
    if args.show:
        if args.query:
            raise UsageError("give either QUERY or --show NAME, not both")
        shown = _query_source(args.show)
        bound = with_film(shown, params, bundled_engine(DEFAULT_ENGINE)) if params else {}
        _emit(prepare(shown, bound) if params else shown.text, args.out)
        return EXIT_OK
    if not args.query:
        raise UsageError("name a query (see --list), a query FILE, or - for standard input")
    if args.wikidata:
        return _run_federated(args, params)
    if args.no_ontology and not args.data:
        raise UsageError("--no-ontology goes with --data FILE ...; the bundled graph always has its ontology")
    if args.out == "":
        raise UsageError("--out needs a file name (or - for standard output)")
    if args.endpoint and (args.data or args.engine):
        raise UsageError("--endpoint runs the query remotely; --data and --engine are local")
    chosen = _query_source(args.query)
    fmt = _query_format(args, chosen.kind)
    graph = None
    if args.data:  # each file in the source graph it declares, if any; the ontology in its own
        from .datasets import files_dataset, new_dataset, ontology_dataset

        graph = files_dataset(args.data, dataset=new_dataset() if args.no_ontology else ontology_dataset())
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
    if not args.endpoint:
        _note_unknown_iris(chosen, params, graph)
    return EXIT_OK


def _note_unknown_iris(chosen: Query, params: dict[str, str], graph: Graph | None) -> None:
    """A hint on stderr for an IRI parameter the graph never mentions (an empty answer is then no surprise)."""
    from rdflib import URIRef

    from .namespaces import compact_iri
    from .query import bundled_graph, to_term

    given = [(param, params[param.name]) for param in chosen.params if param.name in params]
    iris = [term for param, value in given if isinstance(term := to_term(param, value), URIRef)]
    if not iris:
        return
    graph = graph if graph is not None else bundled_graph()  # already parsed for the query
    for iri in iris:
        if (iri, None, None) not in graph and (None, None, iri) not in graph:
            error(f"note: {compact_iri(str(iri))} does not occur in the graph; is the IRI right?")


def _cmd_passages(args: argparse.Namespace) -> int:
    from .namespaces import compact_iri
    from .passages import check_source, passages, read_source

    found = passages(lang=args.lang)
    if args.source is None:
        for p in found:
            sys.stdout.write(f"{compact_iri(p.node)}\t{p.start}-{p.end}\t{compact_iri(p.source)}\t{p.label}\n")
        return EXIT_OK
    sources = sorted({p.source for p in found})
    if args.of is None and len(sources) != 1:
        names = ", ".join(compact_iri(s) for s in sources)
        raise UsageError(f"passages point into several sources ({names}): say which one --source is with --of IRI")
    source = sources[0]
    if args.of:
        from .links import expand

        named = expand(args.of)
        if named is None:
            raise UsageError(f"--of {args.of!r}: not an IRI or a known prefixed name")
        source = named
    text = read_source(args.source)
    problems = check_source(found, source, text)
    for problem in problems:
        error(f"{args.source}: {problem}")
    if problems:
        return EXIT_PROBLEMS
    for p in found:
        if p.source == source:
            quoted = " ".join(p.text(text).split())
            sys.stdout.write(f"{compact_iri(p.node)} ({p.label}) [{p.start}-{p.end}]\n    {quoted}\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    from . import __version__

    parser = OneLineParser(
        prog="filmgraph",
        description="A knowledge graph of film narratives: validate, query and export it.",
    )
    parser.add_argument("--version", action="version", version=f"filmgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
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

    p = sub.add_parser("fmt", help="rewrite Turtle under ontology/ and data/ in the canonical form")
    p.add_argument("files", nargs="*", metavar="FILE", help="Turtle files (default: all under ontology/, data/)")
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
    p.add_argument("--graph", metavar="IRI", help="with --data: the named graph in nq and trig for the files "
                   "that declare no fg:SourceGraph of their own (default: the default graph)")
    p.add_argument("--frame", choices=("film",), help="JSON-LD: a framed document per film instead of the flat graph")
    p.add_argument("--film", metavar="IRI", help="with --frame film: only this film (IRI, film:slug or slug)")
    p.add_argument("--context-url", nargs="?", const="default", metavar="URL",
                   help="JSON-LD: write the context as a URL instead of inline: "
                   "https://w3id.org/filmgraph/context.jsonld (default), or a mirror of it")
    p.add_argument("--base-url", metavar="URL", help="with --all: where the files will be published, for "
                   "void.ttl's download URLs (default: https://w3id.org/filmgraph/dist/VERSION/)")
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

    p = sub.add_parser(
        "passages",
        help="list the source passages behind events, motives and claims, or check them in a copy of the source",
        description="Without --source, list each node's passage as positions in its source. With --source FILE "
        "(your own copy of the source text), check that it is the same text (SHA-256 and length) and print "
        "every passage cut from it; exit 1 if the copy differs.",
    )
    p.add_argument("--source", "-s", metavar="FILE",
                   help="a copy of the source text to check and read the passages from")
    p.add_argument("--of", metavar="IRI", help="which source FILE is, when passages point into several")
    p.add_argument("--lang", default="en", help="language of the node labels (default: en)")
    p.set_defaults(func=_cmd_passages)

    _add_link_commands(sub)
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
        help="query these RDF files (plus the bundled ontology) instead of the bundled graph; a file "
        "declaring a fg:SourceGraph is in that named graph")
    add("--no-ontology", action="store_true", help="with --data: leave the ontology out")
    add("--endpoint", metavar="URL", help="run the query on this SPARQL 1.1 endpoint")
    add("--timeout", type=seconds, metavar="SECONDS", help="with --endpoint or --wikidata: give up on "
        "a request after this many seconds, the whole answer and any retries included (default: 65); "
        "on the local graph: stop the query after this many (default: no limit)")
    add("--allow-network", action="store_true",
        help="let SERVICE clauses reach other endpoints over the network")
    add("--wikidata", action="store_true",
        help="run a federated query (see --list): the local part here, the Wikidata part in batches "
        "at --endpoint (default: Wikidata's query service)")
    add("--no-cache", action="store_true", help="with --wikidata: ask the endpoint again, ignoring cached answers")
    p.set_defaults(func=_cmd_query)


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
