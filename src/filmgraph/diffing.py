"""What changed between two versions of the graph: the triples added and removed, per named graph.

Two counts answer "what did this release change?": the statements (triples, whatever graph holds
them) added and removed, and the same per named graph, where a statement moved from one source's
graph to another's counts as removed from one and added to the other.

    >>> change = filmgraph.diff(old_dataset, new_dataset)
    >>> change.statements.counts()          # (added, removed)

Statements are compared as canonical N-Triples lines. Blank nodes (the ontology's OWL lists and
axioms) have no name to compare by: each graph's blank-node statements are relabelled by rdflib's
canonical labelling (:func:`rdflib.compare.to_canonical_graph`), whose labels follow from the
statements around a blank node, so an unchanged list or axiom counts as unchanged, and a changed
one counts the statements whose blank nodes' surroundings changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .rdfc import nt_term

__all__ = ["Change", "Diff", "diff", "vanished_subjects"]

#: The key of the default graph in :attr:`Diff.graphs`.
DEFAULT_GRAPH = ""


@dataclass(frozen=True)
class Change:
    """The statements (canonical N-Triples lines) added and removed in one graph, sorted."""

    added: tuple[str, ...]
    removed: tuple[str, ...]

    def counts(self) -> tuple[int, int]:
        """(added, removed)."""
        return len(self.added), len(self.removed)


@dataclass(frozen=True)
class Diff:
    """Two versions compared: ``statements`` over the union of the graphs, ``graphs`` per named graph
    (IRI; ``""`` for the default graph), listing only graphs in which something changed."""

    statements: Change
    graphs: dict[str, Change]

    def __bool__(self) -> bool:
        """Whether anything changed."""
        return bool(self.statements.added or self.statements.removed or self.graphs)


Triples = Iterable[tuple[Node, Node, Node]]


def _lines(triples: Triples) -> set[str]:
    """Canonical N-Triples lines of statements; those with blank nodes relabelled by structure."""
    ground: set[str] = set()
    blank = Graph()
    for triple in triples:
        if any(isinstance(term, BNode) for term in triple):
            blank.add(triple)
        else:
            ground.add(" ".join(nt_term(term) for term in triple) + " .")
    if len(blank):
        ground.update(" ".join(nt_term(term) for term in triple) + " ." for triple in to_canonical_graph(blank))
    return ground


def _by_graph(dataset: Dataset) -> dict[str, list[tuple[Node, Node, Node]]]:
    """The dataset's statements by graph name (``""`` for the default graph)."""
    graphs: dict[str, list[tuple[Node, Node, Node]]] = defaultdict(list)
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graphs[DEFAULT_GRAPH if name in (None, DATASET_DEFAULT_GRAPH_ID) else str(name)].append((s, p, o))
    return graphs


def _change(old: set[str], new: set[str]) -> Change:
    """The lines of ``new`` not in ``old`` (added) and of ``old`` not in ``new`` (removed)."""
    return Change(tuple(sorted(new - old)), tuple(sorted(old - new)))


def diff(old: Dataset, new: Dataset) -> Diff:
    """The statements ``new`` adds to and removes from ``old``, in all and per named graph."""
    old_graphs, new_graphs = _by_graph(old), _by_graph(new)
    graphs = {}
    for name in sorted(set(old_graphs) | set(new_graphs)):
        change = _change(_lines(old_graphs.get(name, [])), _lines(new_graphs.get(name, [])))
        if change.added or change.removed:
            graphs[name] = change
    union = _change(_lines(_union(old_graphs)), _lines(_union(new_graphs)))
    return Diff(union, graphs)


def _union(graphs: dict[str, list[tuple[Node, Node, Node]]]) -> set[tuple[Node, Node, Node]]:
    """Each statement once, whatever graphs hold it."""
    return {triple for triples in graphs.values() for triple in triples}


def vanished_subjects(old: Dataset, new: Dataset) -> list[URIRef]:
    """The IRIs that ``old`` says something about and ``new`` does not (as subject), sorted: what an
    IRI policy that never drops an IRI forbids (a withdrawn thing stays, marked deprecated)."""
    def subjects(dataset: Dataset) -> set[URIRef]:
        return {s for s, _, _, _ in dataset.quads((None, None, None, None)) if isinstance(s, URIRef)}

    return sorted(subjects(old) - subjects(new), key=str)
