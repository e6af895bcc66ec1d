"""Ontology lint (queries that must return no rows), header metadata, and declared terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

import filmgraph
from filmgraph.namespaces import FG, VANN

ROOT = Path(__file__).resolve().parents[1]
LINT = sorted((ROOT / "queries" / "lint").glob("*.rq"))
ONTOLOGY = URIRef("https://w3id.org/filmgraph/ontology")


@pytest.mark.parametrize("query", LINT, ids=lambda p: p.stem)
def test_lint_query_finds_nothing(query: Path, bundled: Graph) -> None:
    rows = list(bundled.query(query.read_text(encoding="utf-8")))
    assert rows == []


@pytest.mark.parametrize("query", LINT, ids=lambda p: p.stem)
def test_lint_query_catches_a_planted_defect(query: Path) -> None:
    """Each lint query must be able to fail: plant one defect of its kind and expect a row."""
    graph = filmgraph.load()
    bad = FG.badly_namedThing
    graph.add((bad, RDF.type, OWL.Class))  # no label, no definition, bad name
    graph.add((FG.Film, FG.undeclaredProperty, Literal("x")))  # undeclared predicate
    rows = list(graph.query(query.read_text(encoding="utf-8")))
    assert rows, f"{query.name} did not catch its planted defect"


def test_ontology_header() -> None:
    onto = filmgraph.load_ontology()
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.created,
                 DCTERMS.modified, OWL.versionInfo, VANN.preferredNamespacePrefix,
                 VANN.preferredNamespaceUri):
        assert onto.value(ONTOLOGY, prop) is not None, prop
    assert isinstance(onto.value(ONTOLOGY, DCTERMS.license), URIRef)
    assert isinstance(onto.value(ONTOLOGY, OWL.versionIRI), URIRef)
    assert str(onto.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(FG)


def test_required_classes_exist() -> None:
    onto = filmgraph.load_ontology()
    for name in ("Film", "Novel", "Poem", "MusicalWork", "Person", "Character", "Performance",
                 "Organisation", "FictionalPlace", "RealPlace", "PhysicalObject", "PlotEvent",
                 "RecountedEvent", "ShownEvent", "Theme", "Claim", "Interpretation"):
        assert (FG[name], RDF.type, OWL.Class) in onto, name


def test_fictional_and_real_places_are_disjoint() -> None:
    onto = filmgraph.load_ontology()
    assert (FG.FictionalPlace, OWL.disjointWith, FG.RealPlace) in onto
    assert (FG.FictionalPlace, RDFS.subClassOf, FG.Place) in onto
    assert (FG.RealPlace, RDFS.subClassOf, FG.Place) in onto


def test_containment_is_transitive() -> None:
    onto = filmgraph.load_ontology()
    assert (FG.partOf, RDF.type, OWL.TransitiveProperty) in onto


def test_wikidata_counterparts_are_declared() -> None:
    """The issue's list of Wikidata counterparts, each as exactMatch or closeMatch."""
    from rdflib.namespace import SKOS

    onto = filmgraph.load_ontology()
    wd = "http://www.wikidata.org/entity/"
    expected = {
        "director": "P57", "castMember": "P161", "playsCharacter": "P453", "hasCharacter": "P674",
        "narrativeLocation": "P840", "filmingLocation": "P915", "basedOn": "P144", "composer": "P86",
        "cinematographer": "P344", "productionCompany": "P272", "originalLanguage": "P364",
        "countryOfOrigin": "P495", "duration": "P2047", "Film": "Q11424", "Person": "Q5",
        "Character": "Q15632617",
    }
    for term, item in expected.items():
        matches = set(onto.objects(FG[term], SKOS.exactMatch)) | set(onto.objects(FG[term], SKOS.closeMatch))
        assert URIRef(wd + item) in matches, term
