"""The graph's side of a link: which entities may have a Wikidata item, which links they have, and
which Wikidata classes their items should be instances of."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..namespaces import FG
from .wikidata import qid_of, qid_sort_key

#: Classes whose instances are real-world things that may have a Wikidata item (with subclasses).
LINKABLE_CLASSES: tuple[URIRef, ...] = (FG.Person, FG.Group, FG.Organisation, FG.RealPlace, FG.Country,
                                         FG.CreativeWork, FG.Genre, FG.Language, FG.Award)

#: Wikidata classes an item linked from an instance of each filmgraph class should be an
#: instance of, directly or through "subclass of" (P279). An entity uses the entry of its most
#: specific class that has one. Only class identifiers verified in the project's Wikidata list
#: are used (never a guessed QID): for organisations, groups, places, genres, awards and musical
#: works no class is verified yet, so their type is reported as "not checked". Classes that
#: ``ontology/alignments.ttl`` maps to a Wikidata class are checked strictly; a test keeps this
#: table in step with the alignments.
EXPECTED_TYPES: dict[URIRef, tuple[str, ...]] = {
    FG.Film: ("Q11424",),  # film
    FG.Novel: ("Q8261", "Q7725634"),  # novel, literary work
    FG.LiteraryWork: ("Q7725634",),  # literary work (fg:Poem inherits it)
    FG.Person: ("Q5",),  # human
    FG.Language: ("Q34770",),  # language
}

_META_CLASSES = frozenset({OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                           OWL.TransitiveProperty, OWL.SymmetricProperty, RDF.Property, OWL.Ontology})

#: The Wikidata classes expected for an entity, and whether a mismatch is a problem (strict).
Expectation = tuple[tuple[str, ...], bool]


@dataclass(frozen=True)
class Classes:
    """What the ontology says about classes: superclasses, and the Wikidata types to expect."""

    supers: dict[URIRef, list[URIRef]]
    aligned: dict[URIRef, frozenset[str]]

    @classmethod
    def of(cls, ontology: Graph) -> Classes:
        """Read subclass links and class alignments to Wikidata from ``ontology``."""
        supers: dict[URIRef, list[URIRef]] = {}
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                supers.setdefault(sub, []).append(sup)
        aligned: dict[URIRef, frozenset[str]] = {}
        for klass in set(ontology.subjects(RDF.type, OWL.Class)):
            targets = [*ontology.objects(klass, SKOS.exactMatch), *ontology.objects(klass, SKOS.closeMatch)]
            qids = frozenset(q for q in map(qid_of, targets) if q)
            if isinstance(klass, URIRef) and qids:
                aligned[klass] = qids
        return cls(supers, aligned)

    def ancestors(self, klass: URIRef) -> list[URIRef]:
        """``klass`` and its superclasses, nearest first (breadth first)."""
        order: list[URIRef] = [klass]
        for current in order:
            order.extend(p for p in sorted(self.supers.get(current, ())) if p not in order)
        return order

    def is_a(self, types: Iterable[URIRef], targets: Iterable[URIRef]) -> bool:
        """Whether any of ``types`` is one of ``targets`` or a subclass of one."""
        wanted = set(targets)
        return any(not wanted.isdisjoint(self.ancestors(t)) for t in types)

    def expected(self, types: Iterable[URIRef]) -> Expectation:
        """The Wikidata classes expected for an entity with these types, and whether strictly.

        For each type, the nearest class (itself or an ancestor) with an entry in
        :data:`EXPECTED_TYPES` or an alignment gives the expected classes.
        """
        found: list[str] = []
        strict = False
        for klass in sorted(types):
            for ancestor in self.ancestors(klass):
                listed = EXPECTED_TYPES.get(ancestor, ())
                aligned = self.aligned.get(ancestor, frozenset())
                if listed or aligned:
                    found.extend(q for q in (*listed, *sorted(aligned, key=qid_sort_key)) if q not in found)
                    strict = strict or bool(aligned)
                    break
        return tuple(found), strict


def ontology_for(graph: Graph, ontology: Graph | None) -> Classes:
    """Class knowledge from ``ontology``, else from the graph if it holds the ontology, else bundled."""
    if ontology is None:
        from ..graph import load_ontology

        ontology = graph if (FG.Person, RDF.type, OWL.Class) in graph else load_ontology()
    return Classes.of(ontology)


def is_ontology_term(graph: Graph, subject: URIRef) -> bool:
    """Whether ``subject`` belongs to the vocabulary rather than to the data."""
    if str(subject).startswith(str(FG)) or str(subject) == str(FG).rstrip("#"):
        return True
    return any(t in _META_CLASSES for t in graph.objects(subject, RDF.type))


def types(graph: Graph, entity: URIRef) -> list[URIRef]:
    """The entity's asserted classes."""
    return sorted(t for t in graph.objects(entity, RDF.type) if isinstance(t, URIRef))


def linkable(graph: Graph, classes: Classes, entity: URIRef) -> bool:
    """Whether an entity is a real-world thing of a class that may have a Wikidata item."""
    return classes.is_a(types(graph, entity), LINKABLE_CLASSES)


def expectations(graph: Graph, classes: Classes, entities: Iterable[URIRef]) -> dict[URIRef, Expectation]:
    """The expected Wikidata classes of each entity."""
    return {e: classes.expected(types(graph, e)) for e in entities}


def expected_classes(expected: dict[URIRef, Expectation]) -> list[str]:
    """Every Wikidata class some entity is expected to be an instance of, in QID order."""
    return sorted({q for qs, _ in expected.values() for q in qs}, key=qid_sort_key)


@dataclass(frozen=True)
class Link:
    """One ``skos:exactMatch`` from an entity of the graph to a Wikidata IRI."""

    entity: URIRef
    target: URIRef

    @property
    def qid(self) -> str | None:
        """The QID, or None when the target is not a Wikidata entity IRI of an item."""
        return qid_of(self.target)


def wikidata_links(graph: Graph) -> list[Link]:
    """Every ``skos:exactMatch`` from an instance (not an ontology term) to a Wikidata IRI.

    Wikidata IRIs that are not item entity IRIs (a ``wiki/`` page, a property) are included,
    so that a check can report them as malformed.
    """
    links = [
        Link(entity, target)
        for entity, target in graph.subject_objects(SKOS.exactMatch)
        if isinstance(entity, URIRef)
        and isinstance(target, URIRef)
        and re.match(r"https?://(www\.|m\.)?wikidata\.org/", str(target))
        and not is_ontology_term(graph, entity)
    ]
    return sorted(links, key=lambda link: (str(link.entity), str(link.target)))


def linked_items(graph: Graph) -> dict[URIRef, set[str]]:
    """Entity -> the QIDs of its item links."""
    found: dict[URIRef, set[str]] = {}
    for link in wikidata_links(graph):
        if link.qid:
            found.setdefault(link.entity, set()).add(link.qid)
    return found


def unlinked_entities(graph: Graph, classes: Classes) -> list[URIRef]:
    """Real-world entities of the linkable classes without a Wikidata item link."""
    linked = linked_items(graph)
    return sorted(
        {
            s
            for s in set(graph.subjects(RDF.type, None))
            if isinstance(s, URIRef) and s not in linked and not is_ontology_term(graph, s)
            and linkable(graph, classes, s)
        }
    )
