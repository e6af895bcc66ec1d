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


def _rows(graph: Graph, query: Path, engine: str) -> set[str]:
    """The first column of a lint query's answer, on rdflib or on pyoxigraph."""
    text = query.read_text(encoding="utf-8")
    if engine == "rdflib":
        return {str(row[0]) for row in graph.query(text)}
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return {solution[0].value for solution in store.query(text)}


ENGINES = ("rdflib", "oxigraph")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("query", LINT, ids=lambda p: p.stem)
def test_lint_query_finds_nothing(query: Path, engine: str, bundled: Graph) -> None:
    assert _rows(bundled, query, engine) == set()


# One defect per lint query, and the term it must name (and no other).
DEFECTS = {
    "term-without-label": lambda g: g.remove((FG.Motive, RDFS.label, None)),
    "term-without-definition": lambda g: g.remove((FG.Motive, RDFS.comment, None)),
    "bad-term-name": lambda g: [g.add((FG.motive_kind, RDF.type, OWL.DatatypeProperty)),
                                g.add((FG.motive_kind, RDFS.label, Literal("motive kind", lang="en"))),
                                g.add((FG.motive_kind, RDFS.comment, Literal("A kind of motive.", lang="en"))),
                                g.add((FG.motive_kind, RDFS.isDefinedBy, ONTOLOGY))],
    "undeclared-term": lambda g: g.add((URIRef("https://w3id.org/filmgraph/stalker-1979/motive/x"), FG.motiveKind,
                                        Literal("greed"))),
}
OFFENDERS = {
    "term-without-label": FG.Motive,
    "term-without-definition": FG.Motive,
    "bad-term-name": FG.motive_kind,
    "undeclared-term": FG.motiveKind,
}


def test_every_lint_query_has_a_planted_defect() -> None:
    assert {q.stem for q in LINT} == set(DEFECTS)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("query", LINT, ids=lambda p: p.stem)
def test_lint_query_names_exactly_its_planted_defect(query: Path, engine: str) -> None:
    """Each lint query must be able to fail: plant its one defect and expect exactly that term."""
    graph = filmgraph.load()
    DEFECTS[query.stem](graph)
    assert _rows(graph, query, engine) == {str(OFFENDERS[query.stem])}


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
        "Character": "Q95074",
    }
    for term, item in expected.items():
        matches = set(onto.objects(FG[term], SKOS.exactMatch)) | set(onto.objects(FG[term], SKOS.closeMatch))
        assert URIRef(wd + item) in matches, term
    # a fictional human is one kind of fictional character: narrower than fg:Character
    assert (FG.Character, SKOS.narrowMatch, URIRef(wd + "Q15632617")) in onto
    assert (FG.Character, SKOS.exactMatch, URIRef(wd + "Q95074")) in onto


def test_no_wikidata_property_is_an_exact_match() -> None:
    """Our properties are Wikidata's restricted to films and our classes, or take another kind of
    value (P2047 a quantity with a unit, P345 identifiers of people too): close matches only."""
    from rdflib.namespace import SKOS

    onto = filmgraph.load_ontology()
    exact = {(s, o) for s, o in onto.subject_objects(SKOS.exactMatch)
             if str(o).startswith("http://www.wikidata.org/entity/P")}
    assert exact == set()
    close = set(onto.subject_objects(SKOS.closeMatch))
    for term, prop in (("narrativeLocation", "P840"), ("imdbId", "P345"), ("duration", "P2047")):
        assert (FG[term], URIRef("http://www.wikidata.org/entity/" + prop)) in close, term
