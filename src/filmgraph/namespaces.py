"""The project's namespaces and the prefixes bound in every graph and file it writes.

IRI scheme (see README): the ontology is a hash namespace; real-world things live at
``https://w3id.org/filmgraph/{kind}/{slug}``; things inside one film's story at
``https://w3id.org/filmgraph/{film-slug}/{kind}/{slug}``.
"""

from __future__ import annotations

import re

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

BASE = "https://w3id.org/filmgraph/"
FG = Namespace(BASE + "ontology#")
FGSH = Namespace(BASE + "shapes#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
VANN = Namespace("http://purl.org/vocab/vann/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
#: BBC Stories ontology (interpretations kept apart from what a story shows), for the alignments.
STORIES = Namespace("http://purl.org/ontology/stories/")
#: DBpedia ontology (``dbo:portrayer``), for the alignments.
DBO = Namespace("http://dbpedia.org/ontology/")
#: W3C Web Annotation: the passages of a source that support a node (``fg:supportingPassage``).
OA = Namespace("http://www.w3.org/ns/oa#")
STALKER = BASE + "stalker-1979/"

#: Prefixes bound in graphs and written at the top of canonical Turtle, in this order.
PREFIXES: dict[str, str] = {
    "fg": str(FG),
    "fgsh": str(FGSH),
    # real-world things
    "film": BASE + "film/",
    "work": BASE + "work/",
    "person": BASE + "person/",
    "group": BASE + "group/",
    "organisation": BASE + "organisation/",
    "place": BASE + "place/",
    "genre": BASE + "genre/",
    "award": BASE + "award/",
    "language": BASE + "language/",
    "dataset": BASE + "dataset/",
    "source": BASE + "source/",
    "graph": BASE + "graph/",
    # inside the story of Stalker (1979)
    "character": STALKER + "character/",
    "performance": STALKER + "performance/",
    "setting": STALKER + "setting/",
    "object": STALKER + "object/",
    "event": STALKER + "event/",
    "motive": STALKER + "motive/",
    "claim": STALKER + "claim/",
    "theme": STALKER + "theme/",
    "collective": STALKER + "collective/",
    "passage": STALKER + "passage/",
    "selector": STALKER + "selector/",
    # external vocabularies
    "dbo": str(DBO),
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "oa": str(OA),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "sh": str(SH),
    "skos": str(SKOS),
    "spdx": "http://spdx.org/rdf/terms#",
    "stories": str(STORIES),
    "vann": str(VANN),
    "void": str(VOID),
    "wd": str(WD),
    "wdt": str(WDT),
    "xsd": str(XSD),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes to ``graph`` (replacing any clash) and return it."""
    for prefix, uri in PREFIXES.items():
        graph.bind(prefix, uri, override=True, replace=True)
    return graph


def compact_iri(iri: str) -> str:
    """``prefix:local`` for an IRI in one of PREFIXES (the longest namespace wins), else ``<iri>``.

    >>> compact_iri("https://w3id.org/filmgraph/film/stalker-1979")
    'film:stalker-1979'
    """
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is not None:
        local = iri[len(best) :]
        if local and _LOCAL_NAME.fullmatch(local):
            prefix = next(p for p, ns in PREFIXES.items() if ns == best)
            return f"{prefix}:{local}"
    return f"<{iri}>"


def expand_curie(text: str) -> str | None:
    """The IRI for ``prefix:local`` when ``prefix`` is one of PREFIXES, else None."""
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return None


# A conservative Turtle/SPARQL local name: what compact_iri may print without escapes.
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
