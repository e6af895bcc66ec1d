"""Counts of the main kinds of node in a graph (``filmgraph stats``)."""

from __future__ import annotations

from rdflib import Graph
from rdflib.graph import ConjunctiveGraph

from . import resources
from .datasets import load, union

#: The order in which the counts are reported.
KINDS = (
    "films",
    "people",
    "characters",
    "performances",
    "places",
    "objects",
    "events",
    "claims",
    "wikidata links",
    "triples",
)


def stats(graph: Graph | None = None) -> dict[str, int]:
    """Counts per kind (subclasses included, via the ontology in the graph), in KINDS order."""
    graph = union(graph) if isinstance(graph, ConjunctiveGraph) else graph  # a Dataset: all its graphs
    graph = graph if graph is not None else load()
    rows = graph.query(resources.read_text("queries/stats.rq"))
    found = {str(row[0]): int(str(row[1])) for row in rows}  # type: ignore[index]
    return {kind: found.get(kind, 0) for kind in KINDS}


def render_stats(counts: dict[str, int]) -> str:
    """Aligned ``kind  count`` lines for a terminal."""
    width = max(len(k) for k in counts)
    return "".join(f"{kind:<{width}}  {count:>6}\n" for kind, count in counts.items())
