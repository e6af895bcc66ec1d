"""Every bundled RDF file parses with rdflib and pyoxigraph to the same triples."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from exporting import from_ox
from rdflib import BNode, Graph
from rdflib.compare import isomorphic

ROOT = Path(__file__).resolve().parents[1]
TURTLE_FILES = sorted([*ROOT.glob("ontology/*.ttl"), *ROOT.glob("data/**/*.ttl")])


def _from_oxigraph(path: Path) -> Graph:
    graph = Graph()
    for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph


def test_there_are_files_to_check() -> None:
    names = {p.name for p in TURTLE_FILES}
    assert {"filmgraph.ttl", "alignments.ttl", "shapes.ttl", "stalker.ttl"} <= names


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_rdflib_and_oxigraph_read_the_same_triples(path: Path) -> None:
    by_rdflib = Graph().parse(path, format="turtle")
    by_oxigraph = _from_oxigraph(path)
    assert len(by_rdflib) > 0
    assert len(by_rdflib) == len(by_oxigraph)
    assert isomorphic(by_rdflib, by_oxigraph)


def test_data_has_no_blank_nodes(data: Graph) -> None:
    blank = [t for t in data if any(isinstance(x, BNode) for x in t)]
    assert blank == []
