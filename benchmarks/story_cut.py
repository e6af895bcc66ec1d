"""Cut a synthetic film's story down to its first story positions, keeping every shape's invariants.

A cut keeps the events at story positions up to ``last`` (a told event only while the event that
tells it is kept), the characters and objects those events use, the motives revealed in
kept events, the claims (optionally none) that point only at kept nodes, the performances of kept
characters, the withdrawn IRIs whose replacement stays, and the passages and selectors still
cited; story and screen positions are renumbered
1, 2, 3 … in their old order, so the positions stay gap-free and ``fg:nextEvent`` still names the
following position. Used by benchmarks/corpus.py to give films of a corpus different sizes.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import DCTERMS, RDF, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

FG = Namespace("https://w3id.org/filmgraph/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
# How an event names the characters, objects and themes it uses.
EVENT_USES = (FG.agent, FG.participant, FG.mentionsCharacter, FG.recountedBy, FG.involvesObject, FG.hasTheme)


def _union(graphs: Iterable[Graph]) -> Graph:
    """All triples of ``graphs`` in one graph, to decide the cut on the whole film."""
    merged = Graph()
    for graph in graphs:
        merged += graph
    return merged


def _of_type(graph: Graph, kind: URIRef, story: str) -> set[Node]:
    """The nodes of the film's story namespace typed ``kind``."""
    return {node for node in graph.subjects(RDF.type, kind) if str(node).startswith(story)}


def _kept_events(graph: Graph, story: str, last: int) -> set[Node]:
    """Events at story position ``last`` or before, without told events whose telling is cut."""
    events = _of_type(graph, FG.ShownEvent, story) | _of_type(graph, FG.RecountedEvent, story)
    kept = {e for e in events if int(graph.value(e, FG.storyPosition)) <= last}  # type: ignore[arg-type]
    while told_cut := {e for e in kept if any(t not in kept for t in graph.objects(e, FG.recountedIn))}:
        kept -= told_cut
    return kept


def _dropped(graph: Graph, story: str, last: int, claims: bool) -> set[Node]:
    """The story nodes a cut at ``last`` removes (``claims=False`` removes every claim too)."""
    events = _kept_events(graph, story, last)
    all_events = _of_type(graph, FG.ShownEvent, story) | _of_type(graph, FG.RecountedEvent, story)
    used = {o for e in events for p in EVENT_USES for o in graph.objects(e, p)}
    characters = _of_type(graph, FG.Character, story)
    dropped = (all_events - events) | (characters - used)
    dropped |= _of_type(graph, FG.PhysicalObject, story) - used
    motives = {m for c in characters - dropped for m in graph.objects(c, FG.hasMotive)}
    motives = {m for m in motives if graph.value(m, FG.revealedIn) in events
               and not any(o in dropped for p, o in graph.predicate_objects(m) if p != FG.abandonedIn)}
    dropped |= _story_nodes_citing(graph, story, FG.revealedIn) - motives
    claims_all = {c for c in graph.subjects(FG.statement, None) if str(c).startswith(story)}
    dropped |= claims_all if not claims else {c for c in claims_all if _points_at(graph, c, dropped)}
    dropped |= {p for p in _of_type(graph, FG.Performance, story) if graph.value(p, FG.playsCharacter) in dropped}
    # A withdrawn IRI goes with the node that replaced it.
    return dropped | {old for old, new in graph.subject_objects(DCTERMS.isReplacedBy) if new in dropped}


def _story_nodes_citing(graph: Graph, story: str, predicate: URIRef) -> set[Node]:
    """The story nodes that have ``predicate`` (e.g. every motive, by fg:revealedIn)."""
    return {node for node in graph.subjects(predicate, None) if str(node).startswith(story)}


def _points_at(graph: Graph, node: Node, nodes: set[Node]) -> bool:
    """Whether ``node`` points at one of ``nodes``."""
    return any(o in nodes for o in graph.objects(node, None))


def _uncited_passages(graphs: list[Graph], story: str) -> set[Node]:
    """Passages no statement cites any more, with their selectors."""
    merged = _union(graphs)
    passages = _of_type(merged, OA.SpecificResource, story)
    uncited = {p for p in passages if not set(merged.subjects(FG.supportingPassage, p))}
    return uncited | {s for p in uncited for s in merged.objects(p, OA.hasSelector)}


def _remove(graphs: list[Graph], nodes: set[Node]) -> None:
    """Remove every statement about or pointing at ``nodes`` from ``graphs``."""
    for graph in graphs:
        for triple in list(graph):
            if triple[0] in nodes or triple[2] in nodes:
                graph.remove(triple)


def _renumber(graphs: list[Graph], predicate: URIRef) -> None:
    """Replace the values of ``predicate`` with their dense rank 1, 2, 3 …, order kept."""
    values = sorted({int(o) for g in graphs for o in g.objects(None, predicate)})  # type: ignore[call-overload]
    rank = {value: index for index, value in enumerate(values, start=1)}
    for graph in graphs:
        for s, p, o in list(graph.triples((None, predicate, None))):
            graph.set((s, p, Literal(rank[int(o)])))  # type: ignore[call-overload]


def _drop_cast_without_performance(graphs: list[Graph], film: URIRef) -> None:
    """Keep the film's cast list equal to the performers of its remaining performances."""
    merged = _union(graphs)
    performers = {merged.value(p, FG.performer) for p in merged.objects(film, FG.hasPerformance)}
    for graph in graphs:
        for person in list(graph.objects(film, FG.castMember)):
            if person not in performers:
                graph.remove((film, FG.castMember, person))


def cut(graphs: list[Graph], story: str, film: URIRef, last: int, claims: bool = True) -> None:
    """Cut the film whose story nodes live under ``story`` to story positions ``<= last``, in place
    in its source ``graphs`` (one per file); ``claims=False`` also drops every claim."""
    dropped = _dropped(_union(graphs), story, last, claims)
    _remove(graphs, dropped)
    _remove(graphs, _uncited_passages(graphs, story))
    _drop_cast_without_performance(graphs, film)
    _renumber(graphs, FG.storyPosition)
    _renumber(graphs, FG.screenPosition)
