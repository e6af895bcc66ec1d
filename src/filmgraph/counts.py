"""Counts of the main kinds of node in a graph (``filmgraph stats``), by ``queries/stats.rq``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import resources

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

#: The order in which the counts are reported.
KINDS = ("films", "people", "characters", "performances", "places", "objects", "events", "claims", "wikidata links",
         "triples")


def stats(graph: Graph | pyoxigraph.Store | None = None) -> dict[str, int]:
    """Counts per kind (subclasses included, via the ontology in the graph), in KINDS order.

    ``graph``: a pyoxigraph Store (:mod:`filmgraph.stores`; its default graph is the union), counted
    by pyoxigraph; an rdflib graph or dataset (all its graphs), counted by rdflib; None: the bundled
    graph, parsed straight into a Store."""
    import pyoxigraph

    if graph is None:
        from .stores import bundled_store

        graph = bundled_store()
    text = resources.read_text("queries/stats.rq")
    if isinstance(graph, pyoxigraph.Store):
        found = {row[0].value: int(row[1].value) for row in graph.query(text)}  # type: ignore[union-attr]
    else:
        from rdflib.graph import ConjunctiveGraph

        from .datasets import union

        graph = union(graph) if isinstance(graph, ConjunctiveGraph) else graph  # a Dataset: all its graphs
        found = {str(row[0]): int(str(row[1])) for row in graph.query(text)}  # type: ignore[index]
    return {kind: found.get(kind, 0) for kind in KINDS}


def render_stats(counts: dict[str, int]) -> str:
    """Aligned ``kind  count`` lines for a terminal."""
    width = max(len(k) for k in counts)
    return "".join(f"{kind:<{width}}  {count:>6}\n" for kind, count in counts.items())
