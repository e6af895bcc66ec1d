"""Terms of well-known vocabularies, as rdflib lists them, for the shapes' closed-world check.

The shapes accept a class or property only when something declares it (``rdfs:isDefinedBy``)
as part of the vocabulary whose namespace it lies in, or when its vocabulary is one they accept
whole. For the vocabularies rdflib ships as closed term lists, validation mixes these
declarations in, so that ``dcterms:descripton`` is caught as well as ``fg:partof``.
"""

from __future__ import annotations

import difflib

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, DefinedNamespace

from .namespaces import compact_iri

#: Vocabularies whose every term rdflib lists (closed namespaces): any other term in them is a typo.
#: The shapes' fgsh:term-known marks the same namespaces as listed; a test keeps the two in step.
LISTED: tuple[type[DefinedNamespace], ...] = (RDF, RDFS, OWL, SKOS, DCTERMS, PROV, VOID)


def listed_terms(vocabulary: type[DefinedNamespace]) -> list[URIRef]:
    """Every term rdflib lists for ``vocabulary``, sorted."""
    names = [*vocabulary.__annotations__, *getattr(vocabulary, "_extras", [])]
    return sorted({vocabulary[name] for name in names})


def term_declarations() -> Graph:
    """``term rdfs:isDefinedBy <namespace>`` for every term rdflib lists of the LISTED vocabularies."""
    graph = Graph(bind_namespaces="none")
    for vocabulary in LISTED:
        namespace = URIRef(str(vocabulary))
        for term in listed_terms(vocabulary):
            graph.add((term, RDFS.isDefinedBy, namespace))
    return graph


def declared_terms(graph: Graph) -> set[URIRef]:
    """The terms ``graph`` declares as part of the vocabulary whose namespace they lie in."""
    return {
        term
        for term, vocabulary in graph.subject_objects(RDFS.isDefinedBy)
        if isinstance(term, URIRef) and str(term).startswith(str(vocabulary))
    }


def _split(iri: str) -> tuple[str, str]:
    """Namespace and local name of an IRI (after the last ``#`` or ``/``)."""
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    return iri[:cut], iri[cut:]


def suggest(term: str, known: set[URIRef]) -> str | None:
    """The known term that ``term`` most likely misspells, as a prefixed name, or None.

    Same spelling but for case first (``fg:partof``), then a close local name in the same
    namespace (``fg:FictionalPlase``), then the same local name in a namespace that is itself a
    near miss (a typo in the ``fg:`` prefix IRI).
    """
    if URIRef(term) in known:
        return None
    by_case = {str(k).lower(): str(k) for k in known}
    if term.lower() in by_case:
        return compact_iri(by_case[term.lower()])
    namespace, local = _split(term)
    siblings = {_split(str(k))[1]: str(k) for k in known if _split(str(k))[0] == namespace}
    if siblings:
        close = difflib.get_close_matches(local, list(siblings), n=1, cutoff=0.8)
        return compact_iri(siblings[close[0]]) if close else None
    for candidate in sorted(str(k) for k in known):
        other_namespace, other_local = _split(candidate)
        if other_local == local and difflib.SequenceMatcher(None, namespace, other_namespace).ratio() >= 0.9:
            return compact_iri(candidate)
    return None
