"""``filmgraph site OUT/``: build the static website of the graph (:func:`filmgraph.site.build_site`)."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_OK
from .output import Commands, command, say


def _cmd_site(args: argparse.Namespace) -> int:
    from ..site import build_site

    summary = build_site(args.out, args.data, site_url=args.site_url, replace=args.replace)
    say(args, f"wrote {plural(summary.pages, 'entity page')} ({plural(summary.files, 'file')}) to {summary.out} "
              f"in {summary.seconds:.1f} s")
    for iri in summary.refused:
        print(f"note: {iri}: gets no page (its path could leave the site's folder)", file=sys.stderr)
    return EXIT_OK


def plural(count: int, noun: str) -> str:
    """``1 entity page``, ``2 entity pages``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def add_site_command(sub: Commands) -> None:
    """``site``."""
    p = command(
        sub, "site", _cmd_site, "build a static website of the graph: home, ontology reference, a page per entity",
        "Write a static website into OUT: a home page (the dataset, its sources, licence, how to cite, "
        "downloads with SHA-256 checksums, statistics), the ontology reference, one page per entity at a path "
        "mirroring its IRI with its Turtle and JSON-LD beside it, and an .htaccess for content negotiation. "
        "OUT must be new, empty or a site this command wrote; it is replaced only once the new site is complete, "
        "and refused if it holds files that build did not write or that changed since (unless --replace).",
    )
    p.add_argument("out", metavar="OUT", help="the site's folder")
    p.add_argument("--data", nargs="+", metavar="FILE",
                   help="build the site of these RDF files (with the bundled ontology) instead of the bundled graph")
    p.add_argument("--site-url", metavar="URL",
                   help="where the site will be published (an http(s) folder URL ending in '/'): the .htaccess then "
                   "redirects the IRIs there (303), as w3id.org does; by default it serves the files in place")
    p.add_argument("--replace", action="store_true",
                   help="rebuild a previous site even if it holds files its build did not write or that changed "
                   "since, deleting them (by default the rebuild is refused, naming them)")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
