"""``filmgraph query`` (library queries, query files, federated queries) and ``filmgraph passages``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..console import error, seconds
from ..errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from ..formats import DEFAULT_ENGINE, ENGINES, GRAPH_FORMATS, RESULT_FORMATS
from .output import Commands, command, emit

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

    from ..queries import Query


def _query_source(value: str) -> Query:
    """What QUERY names: standard input, a query file, or a library query."""
    import os

    from ..queries import load_query, read_query_file

    if value == "-" or os.path.isfile(value) or value.endswith((".rq", ".sparql")) or "/" in value:
        return read_query_file(value)
    return load_query(value)


def _query_params(pairs: Sequence[str], film: str | None = None) -> dict[str, str]:
    """``--param KEY=VALUE`` options as a dict, each key at most once, and ``--film NAME`` as
    ``film``: a name looked up among the films of the data (:class:`filmgraph.films.FilmName`)."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        key = key.strip()
        if not equals or not key:
            raise UsageError(
                f"--param {pair!r}: write it as KEY=VALUE, e.g. --param lang=en"
            )
        if key in params:
            raise UsageError(f"--param {key} is given twice")
        params[key] = value
    if film is not None:
        if "film" in params:
            raise UsageError("the film is given twice: use --film NAME or --param film=IRI, not both")
        from ..films import FilmName

        params["film"] = FilmName(film)
    return params


def _query_format(args: argparse.Namespace, kind: str | None) -> str:
    """--format, else the --out extension, else table (on a terminal), tsv, or turtle for graphs."""
    from ..results import check_format, format_for_out

    graph = kind in ("CONSTRUCT", "DESCRIBE")
    if args.format:
        check_format(kind or "SELECT", args.format)
        return str(args.format)
    guessed = format_for_out(args.out, graph) if args.out else None
    if guessed:
        return guessed
    if graph:
        return "turtle"
    return "table" if not args.out and sys.stdout.isatty() else "tsv"


def _run_federated(args: argparse.Namespace, params: dict[str, str]) -> int:
    """A federated query: the local part on the graph, the Wikidata part in batches at the endpoint."""
    from ..graph import load_ontology, parse_files
    from ..naming import files_naming
    from ..querying import federated
    from ..results import render

    if args.engine:
        raise UsageError("--wikidata runs its local part with rdflib; leave out --engine")
    graph = parse_files(args.data, load_ontology()) if args.data else None
    result = federated(
        args.query, graph, endpoint=args.endpoint, timeout=args.timeout, use_cache=not args.no_cache, params=params
    )
    emit(render(result, _query_format(args, "SELECT"), files_naming(args.data) if args.data else None), args.out)
    return EXIT_OK


def _data_source(paths: Sequence[str], engine: str, query: Query, *, ontology: bool) -> Graph | pyoxigraph.Store:
    """The --data files for ``engine``: parsed by pyoxigraph straight into a Store for oxigraph, by
    rdflib into a Dataset for rdflib; each file in the source graph it declares, the ontology in its own.
    The Store holds the union alone (half the memory) when neither ``query`` nor the ``films`` query
    that settles the film reads named graphs."""
    if engine == "oxigraph":
        from ..queries import load_query
        from ..stores import files_store
        from ..syntax import reads_named_graphs

        named = reads_named_graphs(query.text) or reads_named_graphs(load_query("films").text)
        return files_store(paths, ontology=ontology, named=named)
    from ..datasets import files_dataset, new_dataset, ontology_dataset

    return files_dataset(paths, dataset=ontology_dataset() if ontology else new_dataset())


def _run_one(args: argparse.Namespace, params: dict[str, str]) -> int:
    """A library query or query file on the bundled graph, --data FILEs or an --endpoint."""
    from ..naming import bundled_naming, files_naming
    from ..querying import query, unknown_iris
    from ..results import render

    if args.no_ontology and not args.data:
        raise UsageError("--no-ontology goes with --data FILE ...; the bundled graph always has its ontology")
    if args.out == "":
        raise UsageError("--out needs a file name (or - for standard output)")
    if args.endpoint and (args.data or args.engine):
        raise UsageError("--endpoint runs the query remotely; --data and --engine are local")
    chosen = _query_source(args.query)
    fmt = _query_format(args, chosen.kind)
    engine = args.engine or DEFAULT_ENGINE
    graph = _data_source(args.data, engine, chosen, ontology=not args.no_ontology) if args.data else None
    naming = files_naming(args.data) if args.data else bundled_naming()  # the names of the data read
    result = query(
        chosen, graph, engine, args.endpoint,
        allow_network=args.allow_network, timeout=args.timeout, params=params, naming=naming,
    )
    emit(render(result, fmt, naming), args.out)
    if not args.endpoint:  # an empty answer is then no surprise
        for iri in unknown_iris(chosen, params, graph, naming):
            error(f"note: {naming.people(str(iri))} does not occur in the graph; is the IRI right?")
    return EXIT_OK


def _cmd_query(args: argparse.Namespace) -> int:
    params = _query_params(args.param, args.film)
    if args.list:
        from ..querying import listing
        from ..results import render

        fmt = _query_format(args, "SELECT") if args.format or args.out else "table"
        emit(render(listing(), fmt), args.out)
        return EXIT_OK
    if args.show:
        from ..querying import bundled_engine, prepare, with_film

        if args.query:
            raise UsageError("give either QUERY or --show NAME, not both")
        shown = _query_source(args.show)
        bound = with_film(shown, params, bundled_engine(DEFAULT_ENGINE)) if params else {}
        emit(prepare(shown, bound) if params else shown.text, args.out)
        return EXIT_OK
    if not args.query:
        raise UsageError("name a query (see --list), a query FILE, or - for standard input")
    return _run_federated(args, params) if args.wikidata else _run_one(args, params)


def _cmd_passages(args: argparse.Namespace) -> int:
    from ..namespaces import compact_iri
    from ..passages import check_source, passages, read_source

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
        from ..links import expand

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


def add_query_command(sub: Commands) -> None:
    """The ``query`` subcommand and its options."""
    p = command(
        sub, "query", _cmd_query, "run a library query, a query FILE or - (stdin) on the graph or an endpoint",
        "Run a read-only SPARQL query on the bundled graph, on --data FILEs or on a "
        "SPARQL 1.1 --endpoint. Problems with the call, the query or the endpoint exit with 2.",
    )
    add = p.add_argument
    add("query", nargs="?", metavar="QUERY", help="a library query name, a .rq FILE, or -")
    add("--param", "-p", action="append", default=[], metavar="KEY=VALUE",
        help="bind a parameter (repeatable); an IRI is absolute or prefix:name")
    add("--film", metavar="NAME", help="the film to ask about when the data holds several: its IRI, film:SLUG "
        "or SLUG (binds the film parameter; default: the only film in the data)")
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


def add_passages_command(sub: Commands) -> None:
    """The ``passages`` subcommand."""
    p = command(
        sub, "passages", _cmd_passages,
        "list the source passages behind events, motives and claims, or check them in a copy of the source",
        "Without --source, list each node's passage as positions in its source. With --source FILE "
        "(your own copy of the source text), check that it is the same text (SHA-256 and length) and print "
        "every passage cut from it; exit 1 if the copy differs.",
    )
    p.add_argument("--source", "-s", metavar="FILE",
                   help="a copy of the source text to check and read the passages from")
    p.add_argument("--of", metavar="IRI", help="which source FILE is, when passages point into several")
    p.add_argument("--lang", default="en", help="language of the node labels (default: en)")
