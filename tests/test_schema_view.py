"""A consumer who knows only schema.org finds the film, cast, people, places and events after
RDFS inference over ontology + alignments + data (owlrl's RDFS closure)."""

from __future__ import annotations

from datetime import timedelta

import owlrl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

import filmgraph
from filmgraph.namespaces import FG, SCHEMA, WD

FILM = URIRef("https://w3id.org/filmgraph/film/stalker-1979")
PERSON = "https://w3id.org/filmgraph/person/"
SETTING = "https://w3id.org/filmgraph/stalker-1979/setting/"


@pytest.fixture(scope="module")
def closure() -> Graph:
    graph = filmgraph.load()
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(graph)
    return graph


def test_film_is_a_schema_movie_with_its_metadata(closure: Graph) -> None:
    assert (FILM, RDF.type, SCHEMA.Movie) in closure
    assert Literal("Stalker", lang="en") in set(closure.objects(FILM, SCHEMA.name))
    assert (FILM, SCHEMA.director, URIRef(PERSON + "andrei-tarkovsky")) in closure
    assert (FILM, SCHEMA.musicBy, URIRef(PERSON + "eduard-artemyev")) in closure
    assert closure.value(FILM, SCHEMA.duration).toPython() == timedelta(minutes=162)
    language = closure.value(FILM, SCHEMA.inLanguage)
    assert (language, RDF.type, SCHEMA.Language) in closure
    novel = closure.value(FILM, SCHEMA.isBasedOn)
    assert Literal("Roadside Picnic", lang="en") in set(closure.objects(novel, SCHEMA.name))
    studio = closure.value(FILM, SCHEMA.productionCompany)
    assert (studio, RDF.type, SCHEMA.Organization) in closure


def test_film_has_actors_and_characters(closure: Graph) -> None:
    actors = set(closure.objects(FILM, SCHEMA.actor))
    for slug in ("alexander-kaidanovsky", "anatoly-solonitsyn", "nikolai-grinko",
                 "alisa-freindlich", "natasha-abramova"):
        assert URIRef(PERSON + slug) in actors
    characters = set(closure.objects(FILM, SCHEMA.character))
    assert len(characters) == 8  # the five played roles, Porcupine, his brother, the former boss


def test_every_performance_is_a_performance_role_with_an_actor(closure: Graph) -> None:
    performances = set(closure.subjects(RDF.type, FG.Performance))
    assert len(performances) == 5
    for perf in performances:
        assert (perf, RDF.type, SCHEMA.PerformanceRole) in closure
        actor = closure.value(perf, SCHEMA.actor)
        assert actor is not None and (actor, RDF.type, SCHEMA.Person) in closure


def test_every_character_and_real_person_is_a_schema_person(closure: Graph) -> None:
    kinds = set(closure.subjects(RDF.type, FG.Character)) | set(closure.subjects(RDF.type, FG.Person))
    assert len(kinds) >= 8 + 12
    for node in kinds:
        assert (node, RDF.type, SCHEMA.Person) in closure


def test_places_are_schema_places_with_containment(closure: Graph) -> None:
    for place in closure.subjects(RDF.type, FG.Place):
        assert (place, RDF.type, SCHEMA.Place) in closure
    room, complex_ = URIRef(SETTING + "room"), URIRef(SETTING + "industrial-complex")
    assert (room, SCHEMA.containedInPlace, complex_) in closure


def test_every_plot_event_is_a_schema_event_with_its_locations(closure: Graph) -> None:
    events = set(closure.subjects(RDF.type, FG.PlotEvent))
    assert len(events) == 32
    located = 0
    for event in events:
        assert (event, RDF.type, SCHEMA.Event) in closure
        for location in closure.objects(event, FG.location):
            assert (event, SCHEMA.location, location) in closure
            assert (location, RDF.type, SCHEMA.Place) in closure
            located += 1
    assert located >= 29  # the hiring, the return and the mentor's death have no place in any source


def test_fiction_is_told_apart_from_reality_by_its_types(closure: Graph) -> None:
    """RDFS cannot infer a schema:additionalType value from a class, and schema.org defines
    additionalType as what rdf:type says in RDF: in the inferred reading, the asserted ontology
    type of each schema Person, Place and Event is its mark (the schema-org-view states it)."""
    people = set(closure.subjects(RDF.type, SCHEMA.Person))
    assert len(people) >= 8 + 12
    for node in people:
        kinds = {FG.Character, FG.Person} & set(closure.objects(node, RDF.type))
        assert len(kinds) == 1, (node, kinds)
    places = set(closure.subjects(RDF.type, SCHEMA.Place))
    fictional = set(closure.subjects(RDF.type, FG.FictionalPlace))
    real = set(closure.subjects(RDF.type, FG.RealPlace))
    assert places == fictional | real and not fictional & real
    assert URIRef(SETTING + "zone") in fictional and URIRef("https://w3id.org/filmgraph/place/tallinn") in real
    assert set(closure.subjects(RDF.type, SCHEMA.Event)) == set(closure.subjects(RDF.type, FG.PlotEvent))
    # a consumer who knows Wikidata's classes finds the mark for characters in the alignments
    assert (FG.Character, SKOS.exactMatch, WD.Q95074) in closure


def test_claims_are_schema_claims_with_their_text(closure: Graph) -> None:
    claims = set(closure.subjects(RDF.type, FG.Claim))
    assert len(claims) == 14  # 8 character claims and 5 readings in the summary's graph, 1 in the curators'
    for claim in claims:
        assert (claim, RDF.type, SCHEMA.Claim) in closure
        assert closure.value(claim, SCHEMA.text) is not None
        assert closure.value(claim, SCHEMA.about) is not None
