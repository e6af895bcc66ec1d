"""``filmgraph link check|cast|suggest|apply|quickstatements``: the graph's links to Wikidata."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..console import OneLineParser, error, seconds
from ..errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from ..formats import WIKIDATA_ENDPOINT
from .output import Commands, emit

if TYPE_CHECKING:
    from rdflib import Graph

    from ..sparql_client import SparqlClient


def _progress() -> Callable[[str], None] | None:
    """A progress printer for stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def say(message: str) -> None:
        print(f"filmgraph: {message}", file=sys.stderr, flush=True)

    return say


def _client(args: argparse.Namespace) -> SparqlClient:
    """The polite SPARQL client for ``--endpoint``, with ``--no-cache`` and terminal progress."""
    from ..sparql_client import SparqlClient

    say = _progress()
    return SparqlClient(
        args.endpoint,
        timeout=args.timeout,
        use_cache=not args.no_cache,
        progress=(lambda _event, detail: say(detail)) if say else None,
    )


def _link_graph(args: argparse.Namespace) -> Graph:
    """The bundled graph, or the FILEs given with the ontology mixed in."""
    from ..datasets import load
    from ..graph import load_ontology, parse_files

    return parse_files(args.files, load_ontology()) if args.files else load()


def _cmd_link_check(args: argparse.Namespace) -> int:
    from ..links import check_links, render_check_json, render_check_text

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
    from ..links.cast import check_cast, render_cast_text

    reports = check_cast(_link_graph(args), _client(args))
    if not reports:
        print("no film with a Wikidata link and performances in the graph")
        return EXIT_OK
    sys.stdout.write(render_cast_text(reports))
    return EXIT_OK if all(r.passes() for r in reports) else EXIT_PROBLEMS


def _cmd_link_suggest(args: argparse.Namespace) -> int:
    from ..atomic import check_writable
    from ..links import review_csv, suggest_links
    from ..namespaces import compact_iri as curie

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
    emit(review_csv(report.suggestions), args.out)
    if args.out and args.out != "-":
        print(f"wrote {args.out}: {summary}")
        print("mark the rows to keep with 'yes' in the 'approved' column, then run "
              f"'filmgraph link apply {args.out}'")
    else:
        error(summary)
    return EXIT_OK


def _cmd_link_apply(args: argparse.Namespace) -> int:
    from ..links import ReviewRejected, apply_links
    from ..namespaces import compact_iri as curie

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
    from ..links import quickstatements

    client = _client(args)
    graph = _link_graph(args)
    report = quickstatements(graph, client, progress=_progress())
    emit(report.text(), args.out)
    for problem in report.problems:
        error(problem)
    if sys.stderr.isatty() or (args.out and args.out != "-"):
        print(
            f"filmgraph: {len(report.statements)} statement(s) missing from Wikidata, "
            f"{report.present} already there, {len(report.unlinked)} value(s) without a Wikidata link left out",
            file=sys.stderr,
        )
    return EXIT_PROBLEMS if report.problems else EXIT_OK


def add_link_commands(sub: Commands) -> None:
    """``filmgraph link check|cast|suggest|apply|quickstatements``."""
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
