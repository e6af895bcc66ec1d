"""Competency checks of the Stalker graph.

Every expected value here is written by hand from the plot summary (read by the curators; the
repository keeps only its fingerprint, see tests/source_fingerprint.py), from the verified
Wikidata statements (tests/fixtures/wikidata-subset.ttl, tests/fixtures/wikidata-ids.tsv), or
from the issue's list of statements the summary does not support, never from the graph itself.
Statements are checked in the named graph of their source, not only in the union.
"""

from __future__ import annotations

import csv
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from query_support import (
    CURATORS_GRAPH,
    DATASET_GRAPH,
    FILM,
    SOURCE,
    SUMMARY_GRAPH,
    WIKIDATA_GRAPH,
    char,
    claim,
    collective,
    event,
    motive,
    obj,
    person,
    setting,
)
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from source_fingerprint import LENGTH, SHA256, word_ends, word_starts

import filmgraph
from filmgraph.datasets import source_graphs as declared_source_graphs
from filmgraph.namespaces import FG, OA

FIXTURES = Path(__file__).resolve().parent / "fixtures"
B = "https://w3id.org/filmgraph/"
SUMMARY = SOURCE
WD = "http://www.wikidata.org/entity/"


@cache
def source_graphs() -> dict[URIRef, Graph]:
    """The bundled data as filmgraph loads it, one graph per source it declares."""
    dataset = filmgraph.load_dataset(include_ontology=False)
    return {name: dataset.graph(name) for name in declared_source_graphs(dataset)}


@pytest.fixture
def summary() -> Graph:
    return source_graphs()[SUMMARY_GRAPH]


@pytest.fixture
def wikidata() -> Graph:
    return source_graphs()[WIKIDATA_GRAPH]


@pytest.fixture
def curators() -> Graph:
    return source_graphs()[CURATORS_GRAPH]


def slug(node: object) -> str:
    return str(node).rsplit("/", 1)[-1]


def story(graph: Graph, node: URIRef) -> int:
    value = graph.value(node, FG.storyPosition)
    assert value is not None, f"{node} has no story position"
    return int(value)


def screen(graph: Graph, node: URIRef) -> int:
    value = graph.value(node, FG.screenPosition)
    assert value is not None, f"{node} has no screen position"
    return int(value)


# --- sources -------------------------------------------------------------------------------------


def test_every_data_file_is_one_named_graph_with_a_described_source(data: Graph) -> None:
    graphs = source_graphs()
    assert set(graphs) == {SUMMARY_GRAPH, WIKIDATA_GRAPH, CURATORS_GRAPH, DATASET_GRAPH}
    for name, graph in graphs.items():
        source = graph.value(name, DCTERMS.source)
        assert isinstance(source, URIRef), name
        assert data.value(source, DCTERMS.title) is not None or (source, RDF.type, DCAT.Dataset) in data
        assert graph.value(name, FG.verified) is not None, name
    assert graphs[CURATORS_GRAPH].value(CURATORS_GRAPH, FG.verified).toPython() is False
    assert graphs[SUMMARY_GRAPH].value(SUMMARY_GRAPH, DCTERMS.source) == SUMMARY


def test_every_statement_of_the_bundle_has_a_described_source() -> None:
    dataset = filmgraph.load_dataset()
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    graphs = {g for _, _, _, g in dataset.quads((None, None, None, None))}
    assert len(graphs) == 5  # four data files and the ontology
    for graph in graphs:
        source = union.value(graph, DCTERMS.source)
        assert isinstance(source, URIRef), f"{graph} names no source"
        assert union.value(graph, FG.verified) is not None, graph


def test_the_summary_graph_holds_only_what_the_summary_says_of_the_film(summary: Graph) -> None:
    # the summary's header gives the year, the runtime, the language and the director, and no more
    assert summary.value(FILM, FG.releaseYear) == Literal("1979", datatype=XSD.gYear)
    runtime = summary.value(FILM, FG.duration)
    assert runtime.datatype == XSD.duration and runtime.toPython() == timedelta(minutes=162)
    assert str(runtime) == "PT2H42M"  # the canonical lexical form, so every store keeps it as it is
    assert summary.value(FILM, FG.director) == person("andrei-tarkovsky")
    assert Literal("Russian", lang="en") in set(summary.objects(summary.value(FILM, FG.originalLanguage), RDFS.label))
    for outside in (FG.castMember, FG.hasPerformance, FG.screenwriter, FG.composer, FG.cinematographer,
                    FG.productionCompany, FG.imdbId, FG.basedOn, FG.filmingLocation, FG.countryOfOrigin,
                    FG.hasGenre, SKOS.exactMatch):
        assert (FILM, outside, None) not in summary, outside
    assert set(summary.subjects(DCTERMS.source, None)) == {SUMMARY_GRAPH}  # sources are per graph now
    assert (None, FG.nickname, None) not in summary
    assert (None, RDF.type, FG.Performance) not in summary


def test_statements_the_summary_does_not_support_are_not_stated_from_it(summary: Graph) -> None:
    # lore and embellishment named by the issue: none of it may come from the summary's graph
    text = " ".join(str(o) for o in summary.objects() if isinstance(o, Literal)).lower()
    for unsupported in ("porcupine", "дикобраз", "monkey", "мартышка", "cannot walk", "physicist",
                        "nuclear", "rucksack", "by looking", "i love your eyes", "begs", "instead of"):
        assert unsupported not in text, unsupported
    assert (event("train-past-the-gate"), FG.location, setting("zone-gate")) in summary
    assert "behind" not in str(summary.value(event("train-past-the-gate"), RDFS.label))


def test_wikidata_statements_are_those_of_the_verified_subset(wikidata: Graph, bundled: Graph) -> None:
    subset = Graph().parse(FIXTURES / "wikidata-subset.ttl")
    film_item = URIRef(WD + "Q200437")
    assert (FILM, SKOS.exactMatch, film_item) in wikidata
    checked = 0
    for _, predicate, value in wikidata.triples((FILM, None, None)):
        properties = set(bundled.objects(predicate, SKOS.exactMatch)) | set(bundled.objects(predicate, SKOS.closeMatch))
        wdt = {URIRef(str(p).replace("/entity/", "/prop/direct/")) for p in properties if "/entity/P" in str(p)}
        if not wdt:
            continue  # rdf:type, labels and titles are naming, not Wikidata statements
        expected = {bundled.value(value, SKOS.exactMatch)} if isinstance(value, URIRef) else None
        found = {o for p in wdt for o in subset.objects(film_item, p)}
        if isinstance(value, Literal) and value.language:  # titles: Wikidata's labels
            found = set(subset.objects(film_item, RDFS.label))
        if expected is not None:
            assert expected <= found, (predicate, value)
        else:
            assert any(str(value) == str(o)[: len(str(value))] for o in found), (predicate, value)
        checked += 1
    assert checked >= 10  # director, based on, language, country, three genres, studio, filming place, IMDb


def test_the_cast_and_crew_are_the_curators_unverified_knowledge(curators: Graph, wikidata: Graph) -> None:
    expected = {
        ("alexander-kaidanovsky", "stalker"), ("anatoly-solonitsyn", "writer"),
        ("nikolai-grinko", "professor"), ("alisa-freindlich", "wife"), ("natasha-abramova", "marta"),
    }
    found = {
        (slug(curators.value(p, FG.performer)), slug(curators.value(p, FG.playsCharacter)))
        for p in curators.objects(FILM, FG.hasPerformance)
    }
    assert found == expected
    billing = sorted(int(curators.value(p, FG.billingOrder)) for p in curators.objects(FILM, FG.hasPerformance))
    assert billing == [1, 2, 3, 4, 5]
    assert set(curators.objects(FILM, FG.screenwriter)) == {person("arkady-strugatsky"), person("boris-strugatsky")}
    assert (None, FG.hasPerformance, None) not in wikidata  # until link check confirms it (P161 + P453)


def test_the_two_accounts_of_the_mentors_fate_are_both_claims(summary: Graph, curators: Graph, data: Graph) -> None:
    told = claim("porcupine-punished-for-greed")
    lore = claim("mentor-wished-for-brother")
    assert (told, RDF.type, FG.CharacterClaim) in summary and summary.value(told, FG.claimant) == char("writer")
    assert (lore, RDF.type, FG.Interpretation) in curators and (lore, RDF.type, None) not in summary
    assert curators.value(lore, DCTERMS.source) == URIRef(B + "source/filmgraph-curators")
    # the mentor's motive is the Writer's reading, not a fact
    wealth = motive("porcupine-wealth")
    assert (wealth, RDF.type, FG.AscribedMotive) in data
    assert data.value(wealth, FG.attributedBy) == char("writer")


# --- the story: entities ------------------------------------------------------------------------


def test_characters_have_their_names_in_both_languages(data: Graph) -> None:
    slugs = {str(c).rsplit("/", 1)[-1] for c in data.objects(FILM, FG.hasCharacter)}
    assert slugs == {"stalker", "wife", "marta", "writer", "professor", "porcupine",
                     "porcupine-brother", "professor-former-boss"}
    russian = {"stalker": "Сталкер", "writer": "Писатель", "professor": "Профессор",
               "wife": "Жена Сталкера", "marta": "Марта"}
    for slug, label in russian.items():
        assert set(data.objects(char(slug), RDFS.label)) >= {Literal(label, lang="ru")}, slug
        assert len([x for x in data.objects(char(slug), RDFS.label) if x.language == "ru"]) == 1, slug
    assert Literal("Дикобраз", lang="ru") in set(data.objects(char("porcupine"), FG.nickname))


def test_every_labelled_node_has_a_russian_label(data: Graph) -> None:
    english = {s for s, o in data.subject_objects(RDFS.label) if isinstance(o, Literal) and o.language == "en"}
    missing = sorted(s for s in english if not any(o.language == "ru" for o in data.objects(s, RDFS.label)))
    assert missing == []


def test_character_relations(data: Graph) -> None:
    for triple in (
        (char("stalker"), FG.spouseOf, char("wife")), (char("wife"), FG.spouseOf, char("stalker")),
        (char("stalker"), FG.parentOf, char("marta")), (char("wife"), FG.parentOf, char("marta")),
        (char("porcupine"), FG.mentorOf, char("stalker")), (char("porcupine"), FG.siblingOf, char("porcupine-brother")),
        (char("professor-former-boss"), FG.formerSuperiorOf, char("professor")),
        (char("writer"), FG.clientOf, char("stalker")), (char("professor"), FG.clientOf, char("stalker")),
    ):
        assert triple in data, triple


def test_the_soldiers_the_government_and_the_prison_are_modelled(summary: Graph) -> None:
    assert (collective("soldiers"), RDF.type, FG.FictionalGroup) in summary
    assert setting("zone") in set(summary.objects(collective("soldiers"), FG.guards))
    assert (collective("government"), FG.forbidsEntryTo, setting("zone")) in summary
    assert (setting("prison"), RDF.type, FG.FictionalPlace) in summary
    assert summary.value(event("stalker-imprisoned"), FG.location) == setting("prison")
    assert (setting("meat-grinder"), FG.guards, setting("room")) in summary


def test_things_that_act_where_the_summary_makes_them_act(summary: Graph) -> None:
    """The summary has the telephone ring and the passing train shake the flat, and the three men
    slip past the soldiers; where nobody acts (the stand-off, no one entering), nothing does."""
    assert set(summary.objects(event("telephone-rings"), FG.agent)) == {obj("telephone")}
    assert set(summary.objects(event("train-shakes-the-flat"), FG.agent)) == {obj("passing-train")}
    shaken = set(summary.objects(event("train-shakes-the-flat"), FG.participant))
    assert {obj("passing-train"), setting("stalker-home")} <= shaken  # the flat trembles
    assert collective("soldiers") in set(summary.objects(event("train-past-the-gate"), FG.participant))
    assert set(summary.objects(event("train-past-the-gate"), FG.agent)) == {char("stalker")}
    for quiet in ("stand-off", "no-one-enters", "reunion-at-bar"):
        assert (event(quiet), FG.agent, None) not in summary, quiet
    for ev, agent in summary.subject_objects(FG.agent):  # every agent takes part
        assert (ev, FG.participant, agent) in summary, (ev, agent)


def test_the_hiring_is_an_event(summary: Graph) -> None:
    hiring = event("stalker-hired")
    assert set(summary.objects(hiring, FG.agent)) == {char("writer"), char("professor")}
    assert char("stalker") in set(summary.objects(hiring, FG.participant))
    assert summary.value(hiring, FG.location) is None and summary.value(hiring, SKOS.editorialNote) is not None


def test_motives_say_whose_they_are(data: Graph) -> None:
    expected = {  # motive: (kind, whose, held by), from the summary's wording
        "stalker-help-the-desperate": (FG.ProfessedMotive, "stalker", "stalker"),
        "writer-regain-inspiration": (FG.ProfessedMotive, "writer", "writer"),
        "professor-win-nobel-prize": (FG.ProfessedMotive, "professor", "professor"),
        "professor-destroy-the-room": (FG.ProfessedMotive, "professor", "professor"),
        "porcupine-wealth": (FG.AscribedMotive, "porcupine", "writer"),
    }
    for slug, (kind, whose, holder) in expected.items():
        assert (motive(slug), RDF.type, kind) in data, slug
        assert (char(whose), FG.hasMotive, motive(slug)) in data, slug
        assert set(data.objects(motive(slug), FG.attributedBy)) == {char(holder)}, slug
    destroy = motive("professor-destroy-the-room")
    assert data.value(destroy, FG.abandonedIn) == event("bomb-dismantled")
    assert data.value(destroy, FG.revealedIn) == event("professor-reveals-bomb")
    assert (motive("professor-win-nobel-prize"), FG.motiveConcerns, URIRef(B + "award/nobel-prize")) in data


def test_claims_carry_their_status_in_the_story(data: Graph) -> None:
    claims = set(data.subjects(FG.claimant, None))
    assert len(claims) == 14  # 13 from the summary, 1 from the curators
    for c in claims:
        assert data.value(c, FG.storyStatus) in {FG.ConfirmedByStory, FG.RefutedByStory, FG.LeftOpenByStory}, c
        for statement in data.objects(c, FG.statement):  # a claim's text is said by the claim node only
            assert set(data.subject_predicates(statement)) == {(c, FG.statement)}
    # the mentor reached the Room after sending his brother into the Meat Grinder: borne out
    assert data.value(claim("meat-grinder-demands-a-life"), FG.storyStatus) == FG.ConfirmedByStory
    # no one enters the Room and no one is shown harmed: the readings stay open
    for slug in ("room-is-a-mirror", "zone-dangers-not-real", "room-grants-innermost-wish"):
        assert data.value(claim(slug), FG.storyStatus) == FG.LeftOpenByStory, slug
    assert data.value(claim("room-grants-innermost-wish"), FG.claimant) == SUMMARY  # a rumour, voiced by no one
    assert data.value(claim("marta-has-zone-power"), FG.claimant) == SUMMARY


def test_themes_have_a_holder(data: Graph) -> None:
    themes = {str(t).rsplit("/", 1)[-1]: t for t in data.objects(FILM, FG.hasTheme)}
    assert len(themes) == 7
    # named in the summary's own words: greed, a life sacrificed, the deepest wishes, hidden truths
    for slug in ("greed", "sacrifice", "innermost-wish", "self-knowledge"):
        assert set(data.objects(themes[slug], FG.attributedBy)) == {SUMMARY}, slug
    # characters' words that the curators read as themes
    for slug in ("faith", "inspiration", "hardship"):
        assert set(data.objects(themes[slug], FG.attributedBy)) == {URIRef(B + "source/filmgraph-curators")}, slug


def test_place_containment(bundled: Graph, curators: Graph) -> None:
    def inside(place: URIRef) -> set[URIRef]:
        return set(bundled.transitive_objects(place, FG.partOf)) - {place}

    assert {setting("industrial-complex"), setting("zone")} <= inside(setting("room"))
    for place in ("meat-grinder", "antechamber", "fields", "tunnels", "railway"):
        assert setting("zone") in inside(setting(place)), place
    assert setting("city") in inside(setting("bar-cafe")) and setting("city") in inside(setting("kitchen"))
    assert setting("zone") not in inside(setting("bar-cafe"))
    assert setting("zone") not in inside(setting("zone-gate"))  # the gate is in the border, outside
    for slug, label in {"zone": "Зона", "room": "Комната", "meat-grinder": "Мясорубка"}.items():
        assert Literal(label, lang="ru") in set(bundled.objects(setting(slug), RDFS.label))
    # where the Zone was filmed is the curators' knowledge, not the summary's
    assert (setting("zone"), FG.filmedAt, URIRef(B + "place/tallinn")) in curators


def test_objects_and_works(summary: Graph, curators: Graph) -> None:
    for slug in ("metal-nuts", "bomb", "telephone", "drinking-glasses", "train", "railway-work-car", "passing-train"):
        assert (obj(slug), RDF.type, FG.PhysicalObject) in summary, slug
    assert int(summary.value(obj("drinking-glasses"), FG.quantity)) == 3
    assert Literal("the 20-kiloton bomb", lang="en") in set(summary.objects(obj("bomb"), RDFS.label))
    poem = summary.value(event("marta-reads-poem"), FG.featuresWork)
    assert summary.value(poem, FG.author) == person("fyodor-tyutchev")
    assert (poem, FG.title, None) not in summary  # the summary names no title
    assert (poem, FG.title, None) in curators
    symphony = summary.value(event("train-shakes-the-flat"), FG.featuresWork)
    assert summary.value(symphony, FG.composer) == person("ludwig-van-beethoven")


# --- the story: order -----------------------------------------------------------------------------

#: The events in the order the summary tells them (screen order), written from its text.
SCREEN_ORDER = [
    "stalker-imprisoned", "return-from-prison", "wife-protests", "stalker-hired", "meeting-at-bar",
    "rules-of-the-zone", "train-past-the-gate", "work-car-ride", "nut-throwing", "writer-doubts",
    "motives-debated", "stalker-states-motive", "stalker-recalls-porcupine", "porcupine-reaches-room",
    "porcupine-hangs-himself", "journey-through-fields-and-tunnels", "arrival-at-complex",
    "telephone-rings", "professor-calls-former-boss", "professor-reveals-bomb", "stand-off",
    "writer-reads-porcupines-fate", "porcupine-sacrifices-brother", "bomb-dismantled",
    "writer-argues-against-wishing", "no-one-enters", "reunion-at-bar", "stalker-laments-lost-faith",
    "wife-monologue", "marta-reads-poem", "glasses-move", "train-shakes-the-flat",
]
#: Story order as groups: events the summary gives as happening together share a position.
STORY_ORDER = [
    ["porcupine-sacrifices-brother"], ["porcupine-reaches-room"], ["porcupine-hangs-himself"],
    ["stalker-imprisoned"], ["return-from-prison"], ["wife-protests", "stalker-hired"],
    ["meeting-at-bar"], ["rules-of-the-zone"], ["train-past-the-gate"], ["work-car-ride"],
    ["nut-throwing", "writer-doubts", "motives-debated"], ["stalker-states-motive"],
    ["stalker-recalls-porcupine"], ["journey-through-fields-and-tunnels"], ["arrival-at-complex"],
    ["telephone-rings"], ["professor-calls-former-boss"], ["professor-reveals-bomb"], ["stand-off"],
    ["writer-reads-porcupines-fate"], ["bomb-dismantled"], ["writer-argues-against-wishing"],
    ["no-one-enters"], ["reunion-at-bar"], ["stalker-laments-lost-faith"],
    ["wife-monologue", "marta-reads-poem", "glasses-move"], ["train-shakes-the-flat"],
]
#: Adjacencies the summary states in so many words ("then", "follows", "until they reach", ...).
STATED_NEXT = {
    ("porcupine-reaches-room", "porcupine-hangs-himself"), ("stalker-imprisoned", "return-from-prison"),
    ("train-past-the-gate", "work-car-ride"), ("motives-debated", "stalker-states-motive"),
    ("journey-through-fields-and-tunnels", "arrival-at-complex"), ("telephone-rings", "professor-calls-former-boss"),
    ("professor-reveals-bomb", "stand-off"), ("writer-reads-porcupines-fate", "bomb-dismantled"),
}


def _events(graph: Graph) -> set[URIRef]:
    return {e for e in graph.subjects(FG.inFilm, FILM) if (e, FG.storyPosition, None) in graph}


def test_screen_order_is_the_order_of_the_telling(summary: Graph) -> None:
    assert {str(e).rsplit("/", 1)[-1] for e in _events(summary)} == set(SCREEN_ORDER)
    assert [screen(summary, event(slug)) for slug in SCREEN_ORDER] == list(range(1, len(SCREEN_ORDER) + 1))


def test_story_order_with_simultaneous_events(summary: Graph) -> None:
    for number, group in enumerate(STORY_ORDER, start=1):
        for slug in group:
            assert story(summary, event(slug)) == number, slug
            together = {str(e).rsplit("/", 1)[-1] for e in summary.objects(event(slug), FG.simultaneousWith)}
            assert together == set(group) - {slug}, slug


def test_next_event_states_only_the_adjacencies_the_summary_states(summary: Graph) -> None:
    stated = {(str(a).rsplit("/", 1)[-1], str(b).rsplit("/", 1)[-1]) for a, b in summary.subject_objects(FG.nextEvent)}
    assert stated == STATED_NEXT
    assert (event("porcupine-hangs-himself"), FG.nextEvent, None) not in summary


def test_told_events_come_before_their_telling_in_the_story_and_after_it_on_screen(summary: Graph) -> None:
    told = set(summary.subjects(RDF.type, FG.RecountedEvent))
    assert {str(e).rsplit("/", 1)[-1] for e in told} == {
        "porcupine-sacrifices-brother", "porcupine-reaches-room", "porcupine-hangs-himself", "stalker-imprisoned"}
    tellers = {"porcupine-sacrifices-brother": "writer", "porcupine-reaches-room": "stalker",
               "porcupine-hangs-himself": "stalker"}
    for slug, teller in tellers.items():
        assert summary.value(event(slug), FG.recountedBy) == char(teller)
        telling = summary.value(event(slug), FG.recountedIn)
        assert story(summary, event(slug)) < story(summary, telling)
        assert screen(summary, event(slug)) > screen(summary, telling)
    assert summary.value(event("stalker-imprisoned"), FG.recountedBy) is None  # told by the narration


def test_assumed_places_are_the_curators_and_say_so(summary: Graph, curators: Graph) -> None:
    for slug in ("stalker-laments-lost-faith", "wife-monologue", "wife-protests"):
        assert summary.value(event(slug), FG.location) is None, slug
        assert summary.value(event(slug), SKOS.editorialNote) is not None, slug
        assert curators.value(event(slug), FG.location) == setting("stalker-home"), slug
    for e in _events(summary):  # an event without a place in the summary says why, always
        if summary.value(e, FG.location) is None:
            assert summary.value(e, SKOS.editorialNote) is not None, e
    assumed = {e for e in curators.subjects(FG.location, None)}
    assert {str(e).rsplit("/", 1)[-1] for e in assumed} == {
        "wife-protests", "writer-reads-porcupines-fate", "bomb-dismantled",
        "writer-argues-against-wishing", "stalker-laments-lost-faith", "wife-monologue"}


def test_withdrawn_iris_stay_deprecated_and_point_to_their_replacement(summary: Graph, data: Graph) -> None:
    journey = event("journey-through-fields-and-tunnels")
    for slug in ("crossing-the-fields", "through-the-tunnels"):
        assert summary.value(event(slug), OWL.deprecated).toPython() is True
        assert summary.value(event(slug), DCTERMS.isReplacedBy) == journey
    assert summary.value(event("meat-grinder"), OWL.deprecated).toPython() is True
    for slug in ("crossing-the-fields", "through-the-tunnels", "meat-grinder"):
        assert (event(slug), RDF.type, None) not in data
        assert set(data.subject_predicates(event(slug))) == set()


# --- passages -------------------------------------------------------------------------------------


def test_events_motives_and_claims_point_at_their_passage(summary: Graph, data: Graph) -> None:
    assert data.value(SUMMARY, FG.textSha256) == Literal(SHA256)
    assert int(data.value(SUMMARY, FG.textLength)) == LENGTH
    nodes = _events(summary) | set(summary.subjects(RDF.type, FG.ProfessedMotive)) | set(
        summary.subjects(RDF.type, FG.AscribedMotive)) | {c for c in summary.subjects(FG.claimant, None)}
    assert len(nodes) == 32 + 5 + 13  # events, motives, claims from the summary
    starts, ends = word_starts(), word_ends()
    for node in nodes:
        passages = list(summary.objects(node, FG.supportingPassage))
        assert passages, node
        for passage in passages:
            assert summary.value(passage, OA.hasSource) == SUMMARY
            selector = summary.value(passage, OA.hasSelector)
            start, end = int(summary.value(selector, OA.start)), int(summary.value(selector, OA.end))
            assert 0 <= start < end <= LENGTH
            assert start in starts and (end in ends or end - 1 in ends), (node, start, end)


def test_passages_of_events_follow_screen_order(summary: Graph) -> None:
    def first_start(node: URIRef) -> int:
        selectors = [summary.value(p, OA.hasSelector) for p in summary.objects(node, FG.supportingPassage)]
        return min(int(summary.value(selector, OA.start)) for selector in selectors)

    told = [first_start(event(slug)) for slug in SCREEN_ORDER]
    assert told == sorted(told)


# --- Wikidata links -------------------------------------------------------------------------------


def _wikidata_ids() -> dict[str, str]:
    with (FIXTURES / "wikidata-ids.tsv").open(encoding="utf-8") as handle:
        return {row["id"]: row["status"] for row in csv.DictReader(handle, delimiter="\t")}


def test_only_verified_wikidata_items_are_linked(data: Graph) -> None:
    status = _wikidata_ids()
    for _, _, item in data.triples((None, SKOS.exactMatch, None)):
        qid = str(item).rsplit("/", 1)[-1]
        assert status.get(qid) == "verified", f"{qid} is not a verified identifier"


def test_every_verified_entity_in_the_graph_is_linked_in_the_wikidata_graph(wikidata: Graph, data: Graph) -> None:
    expected = {
        "film/stalker-1979": "Q200437", "person/andrei-tarkovsky": "Q853",
        "language/russian": "Q7737", "place/soviet-union": "Q15180",
        "person/ludwig-van-beethoven": "Q255", "work/beethoven-symphony-9": "Q11989",
        "award/nobel-prize": "Q7191", "genre/science-fiction-film": "Q471839",
        "genre/drama-film": "Q130232", "genre/art-film": "Q1135802", "place/tallinn": "Q1770",
        "work/roadside-picnic": "Q848517", "organisation/mosfilm": "Q141336",
        "group/strugatsky-brothers": "Q153796",
    }
    for path, qid in expected.items():
        assert set(wikidata.objects(URIRef(B + path), SKOS.exactMatch)) == {URIRef(WD + qid)}, path
    assert len(set(data.subject_objects(SKOS.exactMatch))) == len(expected)
    for slug in ("arkady-strugatsky", "boris-strugatsky", "alisa-freindlich", "fyodor-tyutchev"):
        assert data.value(person(slug), SKOS.exactMatch) is None, slug


def test_dataset_description(data: Graph) -> None:
    dataset = URIRef(B + "dataset/stalker-1979")
    assert (dataset, RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")) in data
    assert (dataset, RDF.type, DCAT.Dataset) in data
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.created,
                 DCTERMS.modified, URIRef(str(DCAT) + "version")):
        assert data.value(dataset, prop) is not None, prop
    assert isinstance(data.value(dataset, DCTERMS.license), URIRef)
    assert set(data.objects(dataset, DCTERMS.source)) == {
        SUMMARY, URIRef(B + "source/wikidata-stalker-1979"), URIRef(B + "source/filmgraph-curators")}
    assert {str(x) for x in data.objects(dataset, DCTERMS.language)} == {"en", "ru"}
