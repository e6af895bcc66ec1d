"""Helpers for the export tests: parse an export back into RDF with independent parsers."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from filmgraph import jsonld
from filmgraph.canonical import to_nquads
from filmgraph.graph import lexical_forms_kept

OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
}
RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "xml": "xml", "jsonld": "json-ld"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
QUAD_FORMATS = ("nq", "trig")


exact_literals = lexical_forms_kept  # rdflib keeps lexical forms as written (``01`` stays ``01``)


def from_ox(term: object) -> Node | None:
    """A pyoxigraph term as rdflib's (None for the default graph), lexical form kept."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        if term.datatype.value == XSD_STRING:  # a simple literal, as rdflib writes it
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    return None


def dataset_of(quads: list[tuple[Node, Node, Node, Node | None]]) -> Dataset:
    """An rdflib dataset holding the quads (None = default graph)."""
    dataset = Dataset()
    for s, p, o, g in quads:
        graph = dataset.graph(DATASET_DEFAULT_GRAPH_ID if g is None else g)
        graph.add((s, p, o))
    return dataset


def parse_with_oxigraph(data: bytes, fmt: str) -> Dataset:
    """An export parsed by pyoxigraph; JSON-LD goes through pyld (expand, to RDF) first."""
    if fmt == "jsonld":
        import json

        data = jsonld.to_nquads(json.loads(data)).encode("utf-8")
        fmt = "nq"
    parsed = ox.parse(data, format=OX_FORMATS[fmt])
    return dataset_of([(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name))
                       for q in parsed])  # type: ignore[misc]


def parse_with_rdflib(data: bytes, fmt: str) -> Dataset:
    """An export parsed by rdflib, keeping lexical forms."""
    dataset = Dataset()
    with exact_literals():
        dataset.parse(data=data.decode("utf-8"), format=RDFLIB_FORMATS[fmt])
    return dataset


def canonical_nquads(dataset: Dataset | Graph, lower_languages: bool = True, merge: bool = False) -> str:
    """Canonical N-Quads to compare RDF: language tags lower-cased (RDF 1.1 value space);
    with ``merge`` every triple goes to the default graph (what the triple formats write)."""
    result = Dataset()
    quads = dataset.quads((None, None, None, None)) if isinstance(dataset, Dataset) else (
        (s, p, o, None) for s, p, o in dataset)
    for s, p, o, g in quads:
        name = getattr(g, "identifier", g)
        if merge or name is None or name == DATASET_DEFAULT_GRAPH_ID:
            target = result.graph(DATASET_DEFAULT_GRAPH_ID)
        else:
            target = result.graph(name)
        if isinstance(o, Literal) and o.language and lower_languages:
            o = Literal(str(o), lang=o.language.lower(), normalize=False)
        target.add((s, p, o))
    return to_nquads(result)
