"""Canonical N-Triples and N-Quads: blank nodes labelled by RDFC-1.0 (pyoxigraph), lines sorted.

:func:`nt_term` is filmgraph's one N-Triples term writer (exports, query answers, the Turtle
writer's sort keys). pyoxigraph's own writer cannot be it: it lowercases language tags (``en-GB``
becomes ``en-gb``), and exports keep every term exactly as it was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import InputError

__all__ = ["canonical_triples", "dataset_quads", "graph_triples", "nt_term", "store_nquads", "store_ntriples",
           "to_nquads", "to_ntriples"]

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]
Quad = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal, URIRef | BNode | None]

#: The ECHAR escapes of N-Triples, Turtle and SPARQL strings. Canonical N-Quads (RDFC-1.0) uses them, and
#: UCHAR for other C0 controls and DEL.
ECHARS = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_NT_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f]')
_IRI_ESCAPE = re.compile('[\x00-\x20<>"{}|^`\\\\]')  # characters IRIREF does not allow


def escape_iri(text: str) -> str:
    """An IRI for inside ``<...>``, with characters IRIREF forbids written as \\uXXXX."""
    return _IRI_ESCAPE.sub(lambda m: f"\\u{ord(m[0]):04X}", text)


def is_plain_string(literal: Literal) -> bool:
    """Whether a literal is a simple string (no language; no datatype or xsd:string)."""
    return literal.language is None and literal.datatype in (None, XSD.string)


def nt_term(node: Node) -> str:
    """One term in canonical N-Triples syntax (blank node labels as they are)."""
    if isinstance(node, URIRef):
        return f"<{escape_iri(str(node))}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        quoted = '"' + _NT_ESCAPE.sub(lambda m: ECHARS.get(m[0]) or f"\\u{ord(m[0]):04X}", str(node)) + '"'
        if node.language:
            return f"{quoted}@{node.language}"
        return quoted if is_plain_string(node) else f"{quoted}^^<{escape_iri(str(node.datatype))}>"
    raise InputError(f"cannot serialise {node!r}: not an IRI, blank node or literal")


def _checked(s: Node, p: Node, o: Node, g: Node | None) -> Quad:
    """The quad if it is plain RDF (xsd:string literals made simple, None for the default graph)."""
    if not isinstance(s, URIRef | BNode) or not isinstance(p, URIRef):
        raise InputError(f"cannot serialise the triple {s.n3()} {p.n3()} {o.n3()}: not RDF")
    if isinstance(o, Literal) and o.datatype == XSD.string:
        o = Literal(str(o))
    elif not isinstance(o, URIRef | BNode | Literal):
        raise InputError(f"cannot serialise the object {o!r}: not an IRI, blank node or literal")
    g = getattr(g, "identifier", g)
    if g == DATASET_DEFAULT_GRAPH_ID:
        g = None
    elif g is not None and not isinstance(g, URIRef | BNode):
        raise InputError(f"cannot serialise the graph name {g!r}")
    return s, p, o, g


def _canonical(quads: Iterable[Quad]) -> list[Quad]:
    """The quads with blank nodes renamed ``c14n0``, ``c14n1``, ... by RDFC-1.0 (pyoxigraph).

    Only quads with a blank node go through pyoxigraph; their IRIs and literals come back as the
    very rdflib terms that went in, so lexical forms and language tags are kept exactly.
    """
    import pyoxigraph as ox

    result: list[Quad] = []
    blank: list[Quad] = []
    for quad in quads:
        (blank if any(isinstance(t, BNode) for t in quad) else result).append(quad)
    if not blank:
        return result
    ids: dict[BNode, ox.BlankNode] = {}
    back: dict[object, Node | None] = {}

    def to_ox(term: Node | None) -> Any:
        if term is None:
            converted: Any = ox.DefaultGraph()
        elif isinstance(term, BNode):
            converted = ids.setdefault(term, ox.BlankNode())
        elif isinstance(term, URIRef):
            converted = ox.NamedNode(str(term))
        elif isinstance(term, Literal) and term.language:
            converted = ox.Literal(str(term), language=term.language)
        else:
            assert isinstance(term, Literal)
            converted = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
        back.setdefault(converted, term)
        return converted

    try:
        dataset = ox.Dataset([ox.Quad(*(to_ox(term) for term in quad)) for quad in blank])
    except (ValueError, TypeError) as exc:
        raise InputError(f"cannot canonicalise blank nodes: {exc}") from None
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    for quad in dataset:
        terms = (quad.subject, quad.predicate, quad.object, quad.graph_name)
        result.append(cast(Quad, tuple(BNode(t.value) if isinstance(t, ox.BlankNode) else back.get(t) for t in terms)))
    return result


def graph_triples(graph: Graph) -> list[Triple]:
    """The graph's triples, blank nodes renamed by RDFC-1.0 (stable across runs), unsorted."""
    return [(s, p, o) for s, p, o, _ in _canonical(_checked(s, p, o, None) for s, p, o in graph)]


def canonical_triples(graph: Graph) -> list[Triple]:
    """The graph's triples in a stable order: blank nodes labelled by RDFC-1.0 (``c14n0``...),
    xsd:string literals made simple, sorted as canonical N-Triples lines would be."""
    return sorted(graph_triples(graph), key=lambda t: tuple(nt_term(term) for term in t))


def dataset_quads(dataset: Dataset) -> list[Quad]:
    """The dataset's quads with canonical blank nodes; None names the default graph."""
    return _canonical({_checked(*quad) for quad in dataset.quads((None, None, None, None))})


def _lines(rows: Iterable[Iterable[Node | None]]) -> str:
    """Sorted, distinct N-Triples/N-Quads lines of the rows (a None term is left out)."""
    lines = {" ".join(nt_term(t) for t in row if t is not None) + " .\n" for row in rows}
    return "".join(sorted(lines))


def to_ntriples(graph: Graph) -> str:
    """The graph as canonical N-Triples: RDFC-1.0 blank node labels, lines sorted."""
    return _lines(graph_triples(graph))


def to_nquads(dataset: Dataset) -> str:
    """The dataset as canonical N-Quads (RDFC-1.0); the default graph has no fourth term."""
    return _lines(dataset_quads(dataset))


# --- straight from a pyoxigraph Store (exports of files parsed by pyoxigraph, no rdflib terms) -------


def _ox_nt_term(term: Any) -> str:
    """One pyoxigraph term in canonical N-Triples syntax, written as :func:`nt_term` writes rdflib's."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<{escape_iri(term.value)}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    quoted = '"' + _NT_ESCAPE.sub(lambda m: ECHARS.get(m[0]) or f"\\u{ord(m[0]):04X}", term.value) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    datatype = term.datatype.value
    return quoted if datatype == str(XSD.string) else f"{quoted}^^<{escape_iri(datatype)}>"


def _store_lines(quads: Iterable[Any]) -> str:
    """Sorted, distinct N-Quads lines of pyoxigraph quads, blank nodes labelled by RDFC-1.0 as
    :func:`_canonical` labels them (only the quads with a blank node are canonicalised)."""
    import pyoxigraph as ox

    lines: set[str] = set()
    blank = ox.Dataset()

    def line(quad: Any) -> str:
        terms = (quad.subject, quad.predicate, quad.object, quad.graph_name)
        return " ".join(_ox_nt_term(t) for t in terms if not isinstance(t, ox.DefaultGraph)) + " .\n"

    for quad in quads:
        if any(isinstance(t, ox.BlankNode) for t in (quad.subject, quad.object, quad.graph_name)):
            blank.add(quad)
        else:
            lines.add(line(quad))
    blank.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines.update(line(quad) for quad in blank)
    return "".join(sorted(lines))


def store_nquads(quads: Iterable[Any]) -> str:
    """pyoxigraph quads (a Dataset: a Store changes lexical forms) as canonical N-Quads, the default
    graph without a fourth term, as :func:`to_nquads` writes a dataset. Language tags are as pyoxigraph
    keeps them, in lower case (``en-gb``): :func:`filmgraph.stores.files_quads` refuses files with others."""
    return _store_lines(quads)


def store_ntriples(quads: Iterable[Any]) -> str:
    """The statements of pyoxigraph quads, whatever their graph, as canonical N-Triples, as
    :func:`to_ntriples` writes the union of a dataset."""
    import pyoxigraph as ox

    return _store_lines(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
