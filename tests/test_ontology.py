"""Ontology lint (queries that must return no rows), header metadata, and declared terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

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
    "property-without-domain-or-range": lambda g: g.remove((FG.hasMotive, RDFS.domain, None)),
    # the replacement named but no longer declared, and no note
    "deprecated-term-without-replacement": lambda g: [g.remove((FG.Agent, SKOS.editorialNote, None)),
                                                      g.remove((FG.RealAgent, RDF.type, None))],
    "terms-differing-only-in-case": lambda g: g.add((FG.motive, RDF.type, OWL.ObjectProperty)),
    # the comment of 0.1.0, when the range admitted groups too
    "property-comment-leaves-out-a-class": lambda g: g.set((FG.screenwriter, RDFS.comment, Literal(
        "A person who wrote the film's screenplay.", lang="en"))),
}
OFFENDERS = {
    "term-without-label": FG.Motive,
    "term-without-definition": FG.Motive,
    "bad-term-name": FG.motive_kind,
    "undeclared-term": FG.motiveKind,
    "property-without-domain-or-range": FG.hasMotive,
    "deprecated-term-without-replacement": FG.Agent,
    "terms-differing-only-in-case": FG.motive,
    "property-comment-leaves-out-a-class": FG.screenwriter,
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


def _classes(onto: Graph, node: Node) -> set[Node]:
    """A named class, or the members of a union, as a set."""
    members = onto.value(node, OWL.unionOf)
    return set(Collection(onto, members)) if members is not None else {node}


def test_agents_and_participants_are_whatever_takes_part_in_a_story() -> None:
    """Characters, fictional groups, places and objects can act and take part; real people cannot."""
    onto = filmgraph.load_ontology()
    story_things = {FG.Character, FG.FictionalGroup, FG.Place, FG.PhysicalObject}
    for prop in (FG.agent, FG.participant):
        assert _classes(onto, onto.value(prop, RDFS.range)) == story_things, prop
    assert _classes(onto, onto.value(FG.participatesIn, RDFS.domain)) == story_things
    assert (FG.agent, RDFS.subPropertyOf, FG.participant) in onto
    assert (FG.involvesObject, RDFS.subPropertyOf, FG.participant) in onto
    assert onto.value(FG.narrativeLocation, RDFS.range) == FG.Place  # a film set in a real city


def test_inverses_users_ask_for_are_declared() -> None:
    onto = filmgraph.load_ontology()
    assert (FG.participatesIn, OWL.inverseOf, FG.participant) in onto
    assert (FG.hasPart, OWL.inverseOf, FG.partOf) in onto
    # portrayedBy is derived from the performances, never a second, unchecked source of truth
    chain = list(Collection(onto, onto.value(FG.portrayedBy, OWL.propertyChainAxiom)))
    assert len(chain) == 2 and chain[1] == FG.performer
    assert onto.value(chain[0], OWL.inverseOf) == FG.playsCharacter
    assert (None, FG.portrayedBy, None) not in filmgraph.load_data()


def test_world_kinds_are_disjoint() -> None:
    """The top-level kinds of things share no member (the reasoner test checks what follows)."""
    onto = filmgraph.load_ontology()
    groups = [set(Collection(onto, onto.value(node, OWL.members)))
              for node in onto.subjects(RDF.type, OWL.AllDisjointClasses)]
    top = next(group for group in groups if FG.Place in group)
    assert {FG.Place, FG.PhysicalObject, FG.Character, FG.PlotEvent, FG.RealAgent, FG.FictionalGroup,
            FG.CreativeWork} <= top
    # every class of the ontology is one of these kinds, or a kind of one of them
    declared = {c for c in onto.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    for cls in declared:
        assert set(onto.transitive_objects(cls, RDFS.subClassOf)) & top, cls


def test_version_and_the_renamed_terms() -> None:
    """0.2.0 renamed fg:Agent and fg:genre, and fg:passage became fg:supportingPassage; since 0.3.0 the
    old IRIs stay as deprecated names pointing at their replacements (docs/iri-policy.md), never as terms
    in use: no type, nothing pointing at them, no other statement about them."""
    onto = filmgraph.load_ontology()
    assert str(onto.value(ONTOLOGY, OWL.versionInfo)) == "0.3.0"
    assert onto.value(ONTOLOGY, OWL.versionIRI) == URIRef("https://w3id.org/filmgraph/ontology/0.3.0")
    assert onto.value(ONTOLOGY, OWL.priorVersion) == URIRef("https://w3id.org/filmgraph/ontology/0.2.0")
    bundle = filmgraph.load()
    replaced = {FG.Agent: FG.RealAgent, FG.genre: FG.hasGenre, FG.passage: FG.supportingPassage}
    for old, new in replaced.items():
        assert {p for p, _ in bundle.predicate_objects(old)} == {
            RDFS.label, RDFS.isDefinedBy, DCTERMS.isReplacedBy, OWL.deprecated, SKOS.editorialNote}, old
        assert bundle.value(old, DCTERMS.isReplacedBy) == new
        assert bundle.value(old, OWL.deprecated) == Literal(True)
        assert not any(bundle.triples((None, old, None))) and not any(bundle.triples((None, None, old))), old
    assert (FG.RealAgent, RDF.type, OWL.Class) in onto
    assert (FG.hasGenre, RDF.type, OWL.ObjectProperty) in onto
    assert (FG.supportingPassage, RDF.type, OWL.ObjectProperty) in onto
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`fg:Agent` → `fg:RealAgent`" in readme and "`fg:genre` → `fg:hasGenre`" in readme
    assert "`fg:passage` → `fg:supportingPassage`" in readme


def test_alignments_import_nothing() -> None:
    """The w3id IRIs do not resolve yet: the files are loaded side by side, not imported."""
    assert (None, OWL.imports, None) not in filmgraph.load_ontology()
