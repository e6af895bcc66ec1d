"""``filmgraph diff`` and ``filmgraph dump``: compare two versions of the graph; write a release dump."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..errors import EXIT_OK
from .output import Commands, command, say

if TYPE_CHECKING:
    from ..diffing import Change, Diff

#: How the default graph is named in the report.
DEFAULT_GRAPH_NAME = "(default graph)"


def _lines(name: str, change: Change, triples: bool) -> list[str]:
    """One report line for a graph (or all statements), and its triples with ``+``/``-`` if asked."""
    added, removed = change.counts()
    out = [f"{name}: {added} added, {removed} removed"]
    if triples:
        out += [f"- {line}" for line in change.removed] + [f"+ {line}" for line in change.added]
    return out


def render(change: Diff, triples: bool = False, gone: list[str] | None = None) -> str:
    """The report: the statements over all graphs, then each graph that changed, with its statements
    if ``triples`` (so each is listed once per graph), then the IRIs no longer described."""
    out = _lines("statements", change.statements, False)
    for graph, graph_change in change.graphs.items():
        out += _lines(f"graph <{graph}>" if graph else DEFAULT_GRAPH_NAME, graph_change, triples)
    if gone is not None:  # said even when none: a release must drop no IRI (docs/iri-policy.md)
        out.append(f"IRIs no longer described: {len(gone) or 'none'}")
        out += [f"  <{iri}>" for iri in gone]
    return "\n".join(out) + "\n"


def _cmd_diff(args: argparse.Namespace) -> int:
    from ..diffing import diff, vanished_subjects
    from ..releases import load_version

    old, new = load_version(args.old), load_version(args.new)
    gone = [str(iri) for iri in vanished_subjects(old, new)]
    sys.stdout.write(render(diff(old, new), args.triples, gone))
    return EXIT_OK


def _cmd_dump(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..releases import project_dump, write_dump

    if args.out not in (None, "-") and not str(args.out).endswith((".nq", ".nq.gz")):
        raise UsageError(f"{args.out}: a dump is N-Quads; name it .nq or .nq.gz (other formats: filmgraph export)")
    text = project_dump(args.folder)
    if args.out in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    write_dump(args.out, text)
    say(args, f"wrote {args.out} ({len(text.splitlines())} statements)")
    return EXIT_OK


def add_release_commands(sub: Commands) -> None:
    """``diff`` and ``dump``."""
    p = command(
        sub, "diff", _cmd_diff, "count (and list) the triples added and removed between two versions of the graph",
        "Compare two versions: release dumps (.nq, .nq.gz), RDF files or project folders (data/ and "
        "ontology/, such as an old commit's checkout). Prints the statements added and removed over all "
        "graphs, then per named graph (a statement moved between graphs counts in both), then the IRIs "
        "that the old version described and the new one no longer does.",
    )
    p.add_argument("old", metavar="OLD", help="the earlier version: a dump, an RDF file or a project folder")
    p.add_argument("new", metavar="NEW", help="the later version, likewise")
    p.add_argument("--triples", "-t", action="store_true",
                   help="also list the statements, '-' removed and '+' added, as N-Triples")

    p = command(
        sub, "dump", _cmd_dump, "write a release dump: the graph as canonical N-Quads (gzip for .gz)",
        "Write the canonical N-Quads of the bundled graph, or of a project FOLDER (data/ and ontology/, "
        "such as an old commit's checkout), as 'export -f nq' writes the bundled one; "
        "a name ending in .gz is compressed, byte-identical from run to run.",
    )
    p.add_argument("folder", nargs="?", metavar="FOLDER", help="a project folder (default: the bundled graph)")
    p.add_argument("--out", "-o", metavar="FILE|-", help="output file (.nq or .nq.gz), '-' for standard output "
                   "(default)")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but the data")
