"""The ontology reference page's content: every class and property of the ontology with its labels,
definition, domain, range, place in the hierarchy, alignments (``ontology/alignments.ttl``) and the
SHACL shapes that apply to it (``queries/site/shapes.rq`` over ``ontology/shapes.ttl``).

Rendered by the site's own template rather than pyLODE, so that the reference links every term to
the data pages and shapes in the same look, with no second rdflib-pinned tool to install.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from ..engines import make_engine
from ..graph import load_shapes
from ..namespaces import FG
from ..queries import load_query_in
from ..querying import query
from .collect import NO_NAMES, Corpus

#: Kinds of term, in the order the reference lists them.
KINDS: dict[URIRef, str] = {
    OWL.Class: "Classes",
    OWL.ObjectProperty: "Object properties",
    OWL.DatatypeProperty: "Datatype properties",
    OWL.AnnotationProperty: "Annotation properties",
}
#: The reference's section of deprecated terms.
DEPRECATED = "Deprecated terms"
#: Statements that align a term with another vocabulary's (when their object is not a filmgraph term).
ALIGNING = (OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf, SKOS.exactMatch,
            SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


@dataclass(frozen=True)
class Shape:
    """A shape that applies to a term: its IRI, name and message for curators."""

    iri: URIRef
    name: str
    message: str


@dataclass
class OntologyTerm:
    """One class or property of the ontology, as the reference shows it."""

    iri: URIRef
    anchor: str
    labels: dict[str, str]
    definition: str
    domains: list[Node] = field(default_factory=list)
    ranges: list[Node] = field(default_factory=list)
    parents: list[Node] = field(default_factory=list)
    alignments: list[tuple[URIRef, Node]] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    #: for a deprecated term (docs/iri-policy.md): what replaces it, and the curators' note on why
    replaced_by: list[Node] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@functools.cache  # the bundled shapes: read once, for the reference and the shapes' page
def shapes_by_term() -> dict[URIRef, list[Shape]]:
    """The shapes of ``ontology/shapes.ttl`` that target each class or constrain each property."""
    found: dict[URIRef, list[Shape]] = defaultdict(list)
    result = query(load_query_in("site", "shapes"), engine=make_engine("rdflib", load_shapes()), naming=NO_NAMES)
    for row in result.rows:
        if isinstance(row.term, URIRef) and isinstance(row.shape, URIRef):
            found[row.term].append(Shape(row.shape, str(row.name or ""), str(row.message or "")))
    return found


def _term(corpus: Corpus, iri: URIRef, shapes: dict[URIRef, list[Shape]]) -> OntologyTerm:
    """The reference entry of one term, from its statements."""
    definitions = [v for v in corpus.values(iri, RDFS.comment) + corpus.values(iri, SKOS.definition)
                   if isinstance(v, Literal) and v.language in (None, "", "en")]
    term = OntologyTerm(iri, str(iri).partition("#")[2], corpus.labels(iri), str(definitions[0]) if definitions else "",
                corpus.values(iri, RDFS.domain), corpus.values(iri, RDFS.range), shapes=shapes.get(iri, []))
    if corpus.deprecated(iri):
        term.replaced_by = corpus.values(iri, DCTERMS.isReplacedBy)
        term.notes = [str(v) for v in corpus.values(iri, SKOS.editorialNote)]
    for predicate in ALIGNING:
        for value in corpus.values(iri, predicate):
            if isinstance(value, URIRef) and value.startswith(str(FG)):
                term.parents.append(value)
            elif predicate in (RDFS.subClassOf, RDFS.subPropertyOf) and not isinstance(value, URIRef):
                continue  # a restriction, not an alignment
            else:
                term.alignments.append((predicate, value))
    return term


def reference(corpus: Corpus) -> dict[str, list[OntologyTerm]]:
    """The ontology's terms by kind (KINDS' titles, ``Other terms``, then ``Deprecated terms``: renamed or
    withdrawn IRIs kept so that they still say what replaced them), each sorted by IRI."""
    shapes = shapes_by_term()
    sections: dict[str, list[OntologyTerm]] = {title: [] for title in [*KINDS.values(), "Other terms", DEPRECATED]}
    for iri in sorted(i for i in corpus.about if isinstance(i, URIRef) and i.startswith(str(FG)) and str(i) != str(FG)):
        types = corpus.values(iri, RDF.type)
        title = DEPRECATED if corpus.deprecated(iri) else next((KINDS[t] for t in KINDS if t in types), "Other terms")
        sections[title].append(_term(corpus, iri, shapes))
    return {title: terms for title, terms in sections.items() if terms}
