"""The schema.org view marks everything that exists only in the story as fictional.

schema.org has no class for a fictional person, place or event: the view keeps them readable
where schema.org expects a Person, a Place or an Event, and adds ``schema:additionalType``:
Wikidata's "fictional character" (Q95074, verified) for characters, and the ontology's own
class IRIs for places and events (Wikidata ids for those are not in the verified list). The
nodes to check are found through the ontology's classes and their subclasses in the bundled
graph, never listed from the view's output; real people and places must carry no mark.
"""

from __future__ import annotations

import pytest
from query_support import setting
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

import filmgraph
from filmgraph.namespaces import FG, SCHEMA, WD

FILM = URIRef("https://w3id.org/filmgraph/film/stalker-1979")

#: ontology class -> (the mark the view gives its instances, the schema.org type they keep)
FICTION = {
    FG.Character: (WD.Q95074, SCHEMA.Person),
    FG.FictionalPlace: (FG.FictionalPlace, SCHEMA.Place),
    FG.PlotEvent: (FG.PlotEvent, SCHEMA.Event),
}
MARKS = {mark for mark, _ in FICTION.values()}


def instances(graph: Graph, cls: URIRef) -> set[URIRef]:
    """Nodes typed with ``cls`` or any of its subclasses, as the ontology declares them."""
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def view(request: pytest.FixtureRequest) -> Graph:
    graph = filmgraph.query("schema-org-view", engine=request.param).graph
    assert graph is not None
    return graph


def test_the_ontology_finds_the_story_nodes(bundled: Graph) -> None:
    assert len(instances(bundled, FG.Character)) == 8  # five played roles, the mentor, his brother, the boss
    assert len(instances(bundled, FG.PlotEvent)) == 32  # shown and recounted events (test_stalker_data)
    places = instances(bundled, FG.FictionalPlace)
    assert {setting("zone"), setting("room"), setting("city"), setting("room-threshold")} <= places


@pytest.mark.parametrize("cls", list(FICTION), ids=lambda c: str(c).rsplit("#", 1)[-1])
def test_every_fictional_node_says_so_and_keeps_its_schema_type(bundled: Graph, view: Graph, cls: URIRef) -> None:
    mark, schema_type = FICTION[cls]
    nodes = instances(bundled, cls)
    assert nodes
    for node in nodes:
        assert (node, RDF.type, schema_type) in view, node
        assert set(view.objects(node, SCHEMA.additionalType)) == {mark}, node
        assert view.value(node, SCHEMA.name) is not None, node


def test_no_real_person_or_place_is_marked(bundled: Graph, view: Graph) -> None:
    real = set().union(*(instances(bundled, cls) for cls in (FG.Person, FG.Organisation, FG.Group, FG.RealPlace)))
    shown = {node for node in real if (node, RDF.type, None) in view}
    # ten people (director, two screenwriters, composer, cinematographer, five actors), the studio,
    # the brothers as joint author, and Tallinn, Estonia and the Soviet Union
    assert len(shown) == 10 + 2 + 3
    for node in shown:
        assert set(view.objects(node, SCHEMA.additionalType)) == set(), node
    # and nothing but the story's nodes carries a mark
    marked = {s for s, o in view.subject_objects(SCHEMA.additionalType)}
    fictional = set().union(*(instances(bundled, cls) for cls in FICTION))
    assert marked == fictional
    assert set(view.objects(None, SCHEMA.additionalType)) == MARKS


def test_events_are_what_the_movie_is_about_and_happen_in_its_places(bundled: Graph, view: Graph) -> None:
    events = instances(bundled, FG.PlotEvent)
    assert set(view.objects(FILM, SCHEMA.about)) == events
    located = 0
    for event in events:
        places = set(bundled.objects(event, FG.location))
        assert set(view.objects(event, SCHEMA.location)) == places, event
        for place in places:
            assert (place, RDF.type, SCHEMA.Place) in view
            located += 1
    assert located >= 29  # the hiring, the return and the mentor's death have no place in any source


def test_the_marks_are_in_the_json_ld_a_site_would_publish() -> None:
    import json

    from pyld import jsonld

    from filmgraph.results import render

    text = render(filmgraph.query("schema-org-view"), "jsonld")
    expanded = jsonld.expand(json.loads(text))
    marks = {
        node["@id"]: {v["@id"] for v in node.get(str(SCHEMA.additionalType), [])} for node in expanded
    }
    assert marks[str(setting("room"))] == {str(FG.FictionalPlace)}
    assert marks["https://w3id.org/filmgraph/stalker-1979/character/stalker"] == {str(WD.Q95074)}
    assert marks["https://w3id.org/filmgraph/person/andrei-tarkovsky"] == set()
