"""Names in the language asked for: every library query that returns names takes ``lang``.

One rule for all of them (docs/queries.md, "Names in other languages"): a node's name in the
requested language where it has one, otherwise its English name, which keeps its ``@en`` tag so
the fallback stays visible; no name only where the node has neither. The CONSTRUCT queries apply
the rule to the names they add for what they point to, and keep the described node's own
statements whole. The Russian names asserted here are the film's own (Сталкер, Писатель,
Профессор, Жена Сталкера, Зона, Комната, Мясорубка, комнатка с телефоном); every test runs on both engines.
"""

from __future__ import annotations

import pytest
from query_support import FILM, char, comparable, event, obj, setting, stalker_params, term_rows
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

import filmgraph
from filmgraph.namespaces import SCHEMA
from filmgraph.queries import list_queries, load_query

ENGINES = ("oxigraph", "rdflib")
LANGS = ("ru", "en")

#: SELECT queries with names: each name column and the column of the node it names.
NAME_COLUMNS = {
    "cast": {"actorLabel": "actor", "characterLabel": "character"},
    "character-relations": {"characterLabel": "character", "otherLabel": "other"},
    "crew": {"agentLabel": "agent"},
    "events-in-place": {"eventLabel": "event", "locationLabel": "location"},
    "journey": {"placeLabel": "place", "regionLabel": "region"},
    "object-uses": {
        "objectLabel": "object", "eventLabel": "event", "placeLabel": "place", "userLabel": "user",
    },
    "places": {"placeLabel": "place", "filmedAtLabel": "filmedAt"},
    "timeline": {"eventLabel": "event"},
    "motives": {"characterLabel": "character", "motiveLabel": "motive", "holderLabel": "holder"},
    "claims": {"claimantLabel": "claimant", "sourceLabel": "source"},
    "themes": {"themeLabel": "theme", "holderLabel": "holder"},
    "backstory": {"eventLabel": "event", "toldByLabel": "toldBy", "toldInLabel": "toldIn"},
    "wikidata-links": {"label": "entity"},
    "statement-sources": {"sourceLabel": "source"},
    "passages": {"nodeLabel": "node"},
    "film": {"filmLabel": "film"},
    "characters": {"characterLabel": "character"},
    "event-participants": {"participantLabel": "participant"},
    "event-places": {"placeLabel": "place", "regionLabel": "region"},
    "shared-scenes": {"characterLabel": "character", "otherLabel": "other"},
}  # fmt: skip
#: CONSTRUCT queries that add names, with the node they describe by default.
DESCRIBED = {"character-subgraph": char("stalker"), "entity-card": FILM}
WITH_LANG = sorted(NAME_COLUMNS.keys() | DESCRIBED.keys())


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def names(graph: Graph, node: Node, lang: str) -> set[Literal]:
    """The rdfs:labels of a node in one language (a tag equal to it or starting with it and -)."""
    return {
        label
        for label in graph.objects(node, RDFS.label)
        if isinstance(label, Literal)
        and label.language is not None
        and (label.language.lower() == lang or label.language.lower().startswith(lang + "-"))
    }


def expected_names(graph: Graph, node: Node, lang: str) -> set[Literal]:
    """What the rule allows for a node: its names in ``lang``, or failing those in English."""
    return names(graph, node, lang) or names(graph, node, "en")


def labels_of(graph: Graph, node: Node) -> set[Literal]:
    return {label for label in graph.objects(node, RDFS.label) if isinstance(label, Literal)}


# --- declarations --------------------------------------------------------------------------------


def test_every_query_that_names_things_declares_lang_defaulting_to_english() -> None:
    for name in WITH_LANG:
        param = load_query(name).param("lang")
        assert param is not None, name
        assert param.type == "string", name
        assert param.default == Literal("en"), name


def test_no_library_query_returns_names_without_lang_unless_it_is_still_to_do() -> None:
    for query in list_queries():
        if "rdfs:label" in query.text:
            assert query.param("lang") is not None, query.name
    for name in ("classes", "stats", "is-place-shown"):  # counts and a boolean: no names
        assert load_query(name).param("lang") is None, name


# --- one rule for every name column ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(NAME_COLUMNS))
def test_names_are_in_the_language_asked_for_or_visibly_english(
    name: str, lang: str, engine: str, bundled: Graph
) -> None:
    result = filmgraph.query(name, engine=engine, lang=lang, **stalker_params(name))
    assert result.rows, name
    in_lang = 0
    for row in result.rows:
        for label_column, node_column in NAME_COLUMNS[name].items():
            label, node = row[label_column], row[node_column]
            if node is None or not expected_names(bundled, node, lang):
                assert label is None, (name, node, label)
                continue
            assert isinstance(label, Literal), (name, node, label)
            assert label in expected_names(bundled, node, lang), (name, node, label)
            if label.language == lang:
                in_lang += 1
            else:  # the visible fallback: only where the node has no name in that language
                assert label.language == "en" and not names(bundled, node, lang), (name, node, label)
    assert in_lang > 0, name


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", WITH_LANG)
def test_both_engines_give_the_same_answer_in_either_language(name: str, lang: str) -> None:
    ours = filmgraph.query(name, engine="oxigraph", lang=lang, **stalker_params(name))
    reference = filmgraph.query(name, engine="rdflib", lang=lang, **stalker_params(name))
    assert comparable(ours) == comparable(reference)
    if ours.kind == "SELECT":  # every SELECT of the library fixes its order
        assert term_rows(ours) == term_rows(reference)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(DESCRIBED))
def test_constructs_name_what_they_point_to_in_the_language_asked_for(
    name: str, lang: str, engine: str, bundled: Graph
) -> None:
    graph = filmgraph.query(name, engine=engine, lang=lang, **stalker_params(name)).graph
    assert graph is not None
    described = DESCRIBED[name]
    named = {s for s in graph.subjects(RDFS.label, None) if s != described}
    assert named, name
    for node in named:
        assert labels_of(graph, node) == expected_names(bundled, node, lang), (name, node)
    # The described node's own statements are kept whole, in every language.
    assert labels_of(graph, described) == labels_of(bundled, described)


def test_an_english_answer_has_no_russian_names() -> None:
    for name in sorted(NAME_COLUMNS):
        for row in filmgraph.query(name, lang="en", **stalker_params(name)).rows:
            for label_column in NAME_COLUMNS[name]:
                label = row[label_column]
                assert label is None or (isinstance(label, Literal) and label.language == "en"), (name, label)


# --- the film's Russian names, by hand ---------------------------------------------------------


def test_places_in_russian_name_the_zone_the_room_and_the_meat_grinder(engine: str) -> None:
    labels = {row.place: row.placeLabel for row in filmgraph.query("places", engine=engine, lang="ru")}
    assert labels[setting("zone")] == Literal("Зона", lang="ru")
    assert labels[setting("room")] == Literal("Комната", lang="ru")
    assert labels[setting("meat-grinder")] == Literal("Мясорубка", lang="ru")
    english = {row.place: row.placeLabel for row in filmgraph.query("places", engine=engine)}
    assert english[setting("zone")] == Literal("the Zone", lang="en")


def test_cast_in_russian_names_the_four_grown_up_characters(engine: str) -> None:
    rows = filmgraph.query("cast", engine=engine, lang="ru")
    labels = {row.character: row.characterLabel for row in rows}
    assert labels[char("stalker")] == Literal("Сталкер", lang="ru")
    assert labels[char("writer")] == Literal("Писатель", lang="ru")
    assert labels[char("professor")] == Literal("Профессор", lang="ru")
    assert labels[char("wife")] == Literal("Жена Сталкера", lang="ru")


def test_the_stalkers_journey_in_russian_passes_through_the_zone(engine: str) -> None:
    result = filmgraph.query("journey", engine=engine, lang="ru", traveller=char("stalker"))
    zone = Literal("Зона", lang="ru")
    assert zone in {row.placeLabel for row in result if row.place == setting("zone")}
    assert {row.regionLabel for row in result if row.region == setting("zone")} == {zone}
    antechamber = [row.placeLabel for row in result if row.place == setting("antechamber")]
    assert antechamber == [Literal("комнатка с телефоном", lang="ru")]  # where the telephone rings


def test_events_in_the_zone_in_russian_name_where_they_happen(engine: str) -> None:
    zone = filmgraph.query("events-in-place", engine=engine, place=setting("zone"), lang="ru")
    rows = {row.event: row for row in zone}
    assert rows[event("nut-throwing")].locationLabel == Literal("Зона", lang="ru")
    assert rows[event("porcupine-reaches-room")].locationLabel == Literal("Комната", lang="ru")
    assert rows[event("porcupine-sacrifices-brother")].locationLabel == Literal("Мясорубка", lang="ru")
    in_room = filmgraph.query("events-in-place", engine=engine, place=setting("room"), lang="ru")
    assert [row.locationLabel for row in in_room] == [Literal("Комната", lang="ru")]


def test_object_uses_in_russian_name_who_acts_and_where(engine: str) -> None:
    rows = filmgraph.query("object-uses", engine=engine, lang="ru")
    nuts = next(row for row in rows if row.object == obj("metal-nuts"))
    assert nuts.userLabel == Literal("Сталкер", lang="ru")
    assert nuts.placeLabel == Literal("Зона", lang="ru")
    bomb_users = {row.userLabel for row in rows if row.object == obj("bomb") and row.user is not None}
    assert bomb_users == {Literal("Профессор", lang="ru")}


def test_crew_in_russian_names_the_director(engine: str) -> None:
    first = filmgraph.query("crew", engine=engine, lang="ru").rows[0]
    assert first.agentLabel == Literal("Андрей Тарковский", lang="ru")


def test_character_relations_in_russian_name_both_sides(engine: str) -> None:
    rows = filmgraph.query("character-relations", engine=engine, lang="ru")
    pairs = {(row.characterLabel, row.otherLabel) for row in rows}
    assert (Literal("Писатель", lang="ru"), Literal("Сталкер", lang="ru")) in pairs
    assert (Literal("Жена Сталкера", lang="ru"), Literal("Сталкер", lang="ru")) in pairs


def test_subgraph_around_the_stalker_in_russian(engine: str) -> None:
    graph = filmgraph.query("character-subgraph", engine=engine, character=char("stalker"), lang="ru").graph
    assert graph is not None
    assert labels_of(graph, setting("zone")) == {Literal("Зона", lang="ru")}
    assert labels_of(graph, setting("antechamber")) == {Literal("комнатка с телефоном", lang="ru")}
    assert labels_of(graph, char("writer")) == {Literal("Писатель", lang="ru")}
    assert labels_of(graph, char("professor")) == {Literal("Профессор", lang="ru")}
    # the Stalker's own names, in both languages: they are statements about him
    assert {Literal("Сталкер", lang="ru"), Literal("the Stalker", lang="en")} <= labels_of(graph, char("stalker"))
    english = filmgraph.query("character-subgraph", engine=engine, character=char("stalker")).graph
    assert english is not None
    assert labels_of(english, setting("zone")) == {Literal("the Zone", lang="en")}


def test_card_for_the_writer_in_russian_names_the_stalker(engine: str) -> None:
    graph = filmgraph.query("entity-card", engine=engine, entity="character:writer", lang="ru").graph
    assert graph is not None
    assert labels_of(graph, char("stalker")) == {Literal("Сталкер", lang="ru")}
    assert Literal("Писатель", lang="ru") in labels_of(graph, char("writer"))


TARKOVSKY = URIRef("https://w3id.org/filmgraph/person/andrei-tarkovsky")
#: A node each CONSTRUCT names, and its names in both languages.
BOTH_NAMES = {
    "character-subgraph": (setting("zone"), {Literal("Зона", lang="ru"), Literal("the Zone", lang="en")}),
    "entity-card": (TARKOVSKY, {Literal("Андрей Тарковский", lang="ru"), Literal("Andrei Tarkovsky", lang="en")}),
}


@pytest.mark.parametrize("name", sorted(BOTH_NAMES))
def test_lang_star_gives_a_construct_the_names_in_every_language(name: str, engine: str) -> None:
    graph = filmgraph.query(name, engine=engine, lang="*", **stalker_params(name)).graph
    assert graph is not None
    node, both = BOTH_NAMES[name]
    assert labels_of(graph, node) == both


def test_the_schema_org_view_in_russian_names_the_film_and_its_characters(engine: str) -> None:
    graph = filmgraph.query("schema-org-view", engine=engine, lang="ru").graph
    assert graph is not None
    names_found = {o for o in graph.objects(None, SCHEMA.name) if isinstance(o, Literal)}
    assert {Literal("Сталкер", lang="ru"), Literal("Писатель", lang="ru"), Literal("Зона", lang="ru")} <= names_found
    # characters and places are named in the language asked for; titles keep every language
    for node in (char("writer"), setting("zone")):
        assert {o.language for o in graph.objects(node, SCHEMA.name)} == {"ru"}
