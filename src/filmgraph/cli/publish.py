"""``filmgraph serve`` and ``publish``: the graph behind a SPARQL server, or into someone's store."""

from __future__ import annotations

import argparse
import sys

from ..console import Terminated, error, one_line, seconds
from ..errors import EXIT_OK, EXIT_PROBLEMS, FilmgraphError
from .output import Commands, command, say


def _port(text: str) -> int:
    """An argparse type: a TCP port from 1 to 65535."""
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"give a port from 1 to 65535, not {text!r}")
    return int(text)


def _cmd_serve(args: argparse.Namespace) -> int:
    from ..serving import check_bind, served

    ip = check_bind(args.bind, args.allow_remote)  # refused before anything is loaded
    if not ip.is_loopback:
        error(f"warning: serving on {args.bind}:{args.port}: anyone who can reach this machine there can query "
              "the graph (read-only, no password, no TLS)")
    try:
        with served(args.data, bind=args.bind, port=args.port, allow_remote=args.allow_remote) as server:
            print(f"SPARQL endpoint: {server.endpoint}")
            print(f"query page:      {server.query_page}")
            if not args.quiet:
                print(f"oxigraph server pid {server.pid}, temporary store {server.store}; Ctrl-C stops it")
            sys.stdout.flush()
            status = server.wait()
    except (KeyboardInterrupt, Terminated):
        say(args, "stopped the server and removed its temporary store")
        return EXIT_OK
    how = f"killed by signal {-status}" if status < 0 else f"exit {status}"
    raise FilmgraphError(f"the Oxigraph server stopped by itself ({how}); its temporary store is removed")


def _graph_name(name: str | None) -> str:
    from ..namespaces import compact_iri

    return "the default graph" if name is None else compact_iri(name)


def _cmd_publish(args: argparse.Namespace) -> int:
    from ..graph_store import check_store_url, plain_http_warning
    from ..publishing import publish
    from ..queries import iri_param

    graph = str(iri_param("--graph", args.graph)) if args.graph else None
    check_store_url(args.endpoint)
    warning = plain_http_warning(args.endpoint)
    if warning:
        error(warning)
    reports = publish(args.endpoint, args.data, graph=graph, default_graph=args.default_graph,
                      timeout=args.timeout, progress=lambda message: say(args, message))
    for report in reports:
        name = _graph_name(report.graph)
        if report.same:
            print(f"{name}: {report.sent} triples sent, the store holds the same")
            continue
        print(f"{name}: {report.sent} triples sent, the store holds {report.held}, not the same")
        for line in report.missing:
            print(f"  missing from the store: {one_line(line, 300)}")
        for line in report.unexpected:
            print(f"  in the store, not sent: {one_line(line, 300)}")
    sys.stdout.flush()
    return EXIT_OK if all(report.same for report in reports) else EXIT_PROBLEMS


def add_publish_commands(sub: Commands) -> None:
    """``serve`` and ``publish``."""
    p = command(
        sub, "serve", _cmd_serve, "serve the graph read-only over SPARQL (the Oxigraph server), until Ctrl-C",
        "Load the bundled graph (or --data FILEs, with the bundled ontology) into a temporary Oxigraph store "
        "and serve it read-only with 'oxigraph serve-read-only': the SPARQL endpoint at /query, a query page "
        "at /. Ctrl-C or SIGTERM stops the server and removes the store.",
    )
    p.add_argument("--data", nargs="+", metavar="FILE", help="serve these RDF files instead of the bundled graph")
    p.add_argument("--bind", default="127.0.0.1", metavar="ADDR",
                   help="IP address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=_port, default=7878, help="TCP port (default 7878)")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow a --bind address other machines can reach (0.0.0.0, a LAN address); prints a warning")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the two URLs")

    p = command(
        sub, "publish", _cmd_publish,
        "put the graph into a SPARQL 1.1 store (Graph Store Protocol), then check that it holds the same triples",
        "PUT each graph of the data (each source graph under its own IRI, the ontology under graph:ontology) "
        "into the store, replacing the graphs of those names, then GET each back and compare: exit 1 if the store "
        "holds other triples. Credentials come from FILMGRAPH_STORE_CREDENTIALS (user:password, HTTP Basic) or "
        "FILMGRAPH_STORE_TOKEN (a Bearer token), never from a flag.",
    )
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the store's Graph Store Protocol URL (Oxigraph: http://HOST:7878/store; "
                        "Fuseki: http://HOST:3030/DATASET/data)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--graph", metavar="IRI", help="put the union of all graphs into this one named graph instead")
    where.add_argument("--default-graph", action="store_true",
                       help="put the union of all graphs into the store's default graph instead")
    p.add_argument("--data", nargs="+", metavar="FILE", help="publish these RDF files instead of the bundled graph")
    p.add_argument("--timeout", type=seconds, default=65.0, metavar="SECONDS",
                   help="give up on a request after this long (default 65)")
    p.add_argument("--quiet", "-q", action="store_true", help="print no progress lines")
