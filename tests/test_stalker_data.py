"""Competency checks of the Stalker graph. Every expected value here is written from the plot
summary (tests/fixtures/stalker-1979-plot-summary.txt), the issue's list of public facts, or the
verified Wikidata identifiers (tests/fixtures/wikidata-ids.tsv), never from the graph itself."""

from __future__ import annotations

import csv
import re
from datetime import timedelta
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, SKOS, XSD

from filmgraph.namespaces import FG

FIXTURES = Path(__file__).resolve().parent / "fixtures"
B = "https://w3id.org/filmgraph/"
FILM = URIRef(B + "film/stalker-1979")


def person(slug: str) -> URIRef:
    return URIRef(B + "person/" + slug)


def char(slug: str) -> URIRef:
    return URIRef(B + "stalker-1979/character/" + slug)


def setting(slug: str) -> URIRef:
    return URIRef(B + "stalker-1979/setting/" + slug)


def obj(slug: str) -> URIRef:
    return URIRef(B + "stalker-1979/object/" + slug)


def event(slug: str) -> URIRef:
    return URIRef(B + "stalker-1979/event/" + slug)


def position(graph: Graph, node: URIRef) -> int:
    value = graph.value(node, FG.storyPosition)
    assert value is not None, f"{node} has no story position"
    return int(value)


def test_film_metadata(data: Graph) -> None:
    titles = set(data.objects(FILM, FG.title))
    assert {Literal("Stalker", lang="en"), Literal("Сталкер", lang="ru")} <= titles
    assert data.value(FILM, FG.releaseYear) == Literal("1979", datatype=XSD.gYear)
    runtime = data.value(FILM, FG.duration)
    assert runtime.datatype == XSD.duration and runtime.toPython() == timedelta(minutes=162)
    assert str(runtime) == "PT2H42M"  # the canonical lexical form, so every store keeps it as it is
    assert str(data.value(FILM, FG.imdbId)) == "tt0079944"
    assert data.value(FILM, FG.director) == person("andrei-tarkovsky")
    assert set(data.objects(FILM, FG.screenwriter)) == {person("arkady-strugatsky"), person("boris-strugatsky")}
    assert data.value(FILM, FG.composer) == person("eduard-artemyev")
    assert data.value(FILM, FG.cinematographer) == person("alexander-knyazhinsky")
    language = data.value(FILM, FG.originalLanguage)
    assert Literal("Russian", lang="en") in set(data.objects(language, RDFS.label))
    country = data.value(FILM, FG.countryOfOrigin)
    assert Literal("Soviet Union", lang="en") in set(data.objects(country, RDFS.label))
    studio = data.value(FILM, FG.productionCompany)
    assert Literal("Mosfilm", lang="en") in set(data.objects(studio, RDFS.label))
    genre_labels = {str(data.value(g, RDFS.label)) for g in data.objects(FILM, FG.genre)}
    assert {"science fiction film", "drama film"} <= genre_labels


def test_source_novel_is_by_the_strugatsky_brothers(data: Graph) -> None:
    novel = data.value(FILM, FG.basedOn)
    assert (novel, RDF.type, FG.Novel) in data
    assert Literal("Roadside Picnic", lang="en") in set(data.objects(novel, FG.title))
    authors = set(data.objects(novel, FG.author))
    assert len(authors) == 1
    members = set(data.objects(authors.pop(), FG.hasMember))
    assert members == {person("arkady-strugatsky"), person("boris-strugatsky")}


def test_cast_as_performances(data: Graph) -> None:
    expected = {
        ("alexander-kaidanovsky", "stalker"),
        ("anatoly-solonitsyn", "writer"),
        ("nikolai-grinko", "professor"),
        ("alisa-freindlich", "wife"),
        ("natasha-abramova", "marta"),
    }
    found = set()
    for perf in data.objects(FILM, FG.hasPerformance):
        actor = data.value(perf, FG.performer)
        role = data.value(perf, FG.playsCharacter)
        found.add((str(actor).rsplit("/", 1)[-1], str(role).rsplit("/", 1)[-1]))
        assert data.value(perf, FG.performanceIn) == FILM
        assert data.value(perf, FG.creditedAs) is not None
        assert int(data.value(perf, FG.billingOrder)) >= 1
    assert found == expected
    orders = sorted(int(data.value(p, FG.billingOrder)) for p in data.objects(FILM, FG.hasPerformance))
    assert orders == [1, 2, 3, 4, 5]


def test_characters_and_russian_labels(data: Graph) -> None:
    chars = set(data.objects(FILM, FG.hasCharacter))
    slugs = {str(c).rsplit("/", 1)[-1] for c in chars}
    assert slugs == {"stalker", "wife", "marta", "writer", "professor", "porcupine",
                     "porcupine-brother", "professor-former-boss"}
    russian = {"stalker": "Сталкер", "writer": "Писатель", "professor": "Профессор",
               "wife": "Жена Сталкера", "marta": "Мартышка", "porcupine": "Дикобраз"}
    for slug, label in russian.items():
        assert Literal(label, lang="ru") in set(data.objects(char(slug), RDFS.label)), slug
    assert Literal("Monkey", lang="en") in set(data.objects(char("marta"), FG.nickname))


def test_character_relations(data: Graph) -> None:
    assert (char("stalker"), FG.spouseOf, char("wife")) in data
    assert (char("wife"), FG.spouseOf, char("stalker")) in data
    assert (char("stalker"), FG.parentOf, char("marta")) in data
    assert (char("wife"), FG.parentOf, char("marta")) in data
    assert (char("porcupine"), FG.mentorOf, char("stalker")) in data
    assert (char("porcupine"), FG.siblingOf, char("porcupine-brother")) in data
    assert (char("professor-former-boss"), FG.formerSuperiorOf, char("professor")) in data
    assert (char("writer"), FG.clientOf, char("stalker")) in data
    assert (char("professor"), FG.clientOf, char("stalker")) in data


def test_motives(data: Graph) -> None:
    def motives(slug: str) -> set[URIRef]:
        return set(data.objects(char(slug), FG.hasMotive))

    assert len(motives("writer")) == 1
    assert "inspiration" in str(data.value(next(iter(motives("writer"))), RDFS.label))
    professor = motives("professor")
    concerns = {c for m in professor for c in data.objects(m, FG.motiveConcerns)}
    nobel = URIRef(B + "award/nobel-prize")
    assert nobel in concerns and setting("room") in concerns and obj("bomb") in concerns
    destroy = next(m for m in professor if (m, FG.motiveConcerns, obj("bomb")) in data)
    abandoned = data.value(destroy, FG.abandonedIn)
    assert (abandoned, FG.involvesObject, obj("bomb")) in data
    assert position(data, abandoned) > position(data, data.value(destroy, FG.revealedIn))
    assert len(motives("stalker")) == 1


def test_place_containment(bundled: Graph) -> None:
    def inside(place: URIRef) -> set[URIRef]:
        return set(bundled.transitive_objects(place, FG.partOf)) - {place}

    assert {setting("industrial-complex"), setting("zone")} <= inside(setting("room"))
    assert setting("zone") in inside(setting("meat-grinder"))
    assert setting("zone") in inside(setting("antechamber"))
    assert setting("zone") in inside(setting("fields"))
    assert setting("zone") in inside(setting("tunnels"))
    assert setting("city") in inside(setting("bar-cafe"))
    assert setting("city") in inside(setting("stalker-home"))
    assert setting("zone") not in inside(setting("bar-cafe"))
    for slug, label in {"zone": "Зона", "room": "Комната", "meat-grinder": "Мясорубка"}.items():
        assert Literal(label, lang="ru") in set(bundled.objects(setting(slug), RDFS.label))
    for place in ("zone", "room", "city", "zone-gate", "zone-border", "railway"):
        assert (setting(place), RDF.type, FG.FictionalPlace) in bundled
    tallinn = URIRef(B + "place/tallinn")
    assert (tallinn, RDF.type, FG.RealPlace) in bundled
    assert (setting("zone"), FG.filmedAt, tallinn) in bundled
    assert (tallinn, FG.partOf, URIRef(B + "place/estonia")) in bundled


def test_objects_and_works(data: Graph) -> None:
    for slug in ("metal-nuts", "bomb", "telephone", "drinking-glasses", "train", "railway-work-car"):
        assert (obj(slug), RDF.type, FG.PhysicalObject) in data, slug
    assert int(data.value(obj("drinking-glasses"), FG.quantity)) == 3
    assert "20-kiloton" in str(data.value(obj("bomb"), RDFS.label))
    poem = data.value(event("marta-reads-poem"), FG.featuresWork)
    assert (poem, RDF.type, FG.Poem) in data
    assert data.value(poem, FG.author) == person("fyodor-tyutchev")
    symphony = data.value(event("train-shakes-the-flat"), FG.featuresWork)
    assert data.value(symphony, FG.composer) == person("ludwig-van-beethoven")
    assert (symphony, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q11989")) in data


def test_events_are_numbered_and_in_the_source_order(data: Graph) -> None:
    events = set(data.subjects(FG.inFilm, FILM)) & (
        set(data.subjects(RDF.type, FG.ShownEvent)) | set(data.subjects(RDF.type, FG.RecountedEvent))
    )
    assert len(events) >= 18
    assert sorted(position(data, e) for e in events) == list(range(1, len(events) + 1))
    # the order in which the plot summary tells the story
    order = ["return-from-prison", "meeting-at-bar", "train-past-the-gate", "work-car-ride",
             "nut-throwing", "motives-debated", "stalker-states-motive", "stalker-recalls-porcupine",
             "arrival-at-complex", "meat-grinder", "telephone-rings", "professor-calls-former-boss",
             "professor-reveals-bomb", "stand-off", "writer-reads-porcupines-fate", "bomb-dismantled",
             "no-one-enters", "reunion-at-bar", "stalker-laments-lost-faith", "wife-monologue",
             "marta-reads-poem", "glasses-move", "train-shakes-the-flat"]
    positions = [position(data, event(slug)) for slug in order]
    assert positions == sorted(positions)
    for e in events:
        nxt = data.value(e, FG.nextEvent)
        if nxt is not None:
            assert position(data, nxt) == position(data, e) + 1


def test_backstory_is_recounted_and_comes_first(data: Graph) -> None:
    recounted = set(data.subjects(RDF.type, FG.RecountedEvent))
    shown = set(data.subjects(RDF.type, FG.ShownEvent))
    assert len(recounted) == 3  # the brother's death, Porcupine's wealth, his suicide
    assert {e for e in recounted if (e, FG.participant, char("porcupine")) in data} == recounted
    assert max(position(data, e) for e in recounted) < min(position(data, e) for e in shown)
    death = next(e for e in recounted if (e, FG.participant, char("porcupine-brother")) in data)
    assert data.value(death, FG.location) == setting("meat-grinder")
    rich = next(e for e in recounted if data.value(e, FG.location) == setting("room"))
    assert position(data, death) < position(data, rich)
    for e in recounted:
        assert data.value(e, FG.recountedBy) in {char("stalker"), char("writer")}
        assert (data.value(e, FG.recountedIn), RDF.type, FG.ShownEvent) in data


def test_events_have_participants_locations_and_named_objects(data: Graph) -> None:
    for e in data.subjects(FG.inFilm, FILM):
        if (e, FG.storyPosition, None) not in data:
            continue  # claims also point at the film
        assert data.value(e, FG.location) is not None, e
        assert list(data.objects(e, FG.participant)), e
        assert data.value(e, DCTERMS.description) is not None, e
    expected_objects = {
        "train-past-the-gate": "train", "work-car-ride": "railway-work-car",
        "nut-throwing": "metal-nuts", "telephone-rings": "telephone",
        "professor-calls-former-boss": "telephone", "professor-reveals-bomb": "bomb",
        "bomb-dismantled": "bomb", "glasses-move": "drinking-glasses",
    }
    for slug, thing in expected_objects.items():
        assert (event(slug), FG.involvesObject, obj(thing)) in data, slug
    assert data.value(event("telephone-rings"), FG.location) == setting("antechamber")
    assert data.value(event("meeting-at-bar"), FG.location) == setting("bar-cafe")
    assert data.value(event("marta-reads-poem"), FG.location) == setting("kitchen")
    assert (event("professor-calls-former-boss"), FG.mentionsCharacter, char("professor-former-boss")) in data


def test_claims_are_kept_apart_with_holder_and_source(data: Graph) -> None:
    claims = {c: data.value(c, FG.claimAbout) for c in data.subjects(FG.claimant, None)}
    about_room = [c for c in claims if (c, FG.claimAbout, setting("room")) in data]
    kinds = {data.value(c, RDF.type) for c in about_room}
    assert FG.CharacterClaim in kinds and FG.Interpretation in kinds  # wish vs mirror
    wish = [c for c in about_room if "wish" in str(data.value(c, FG.statement)).lower()
            and (c, RDF.type, FG.CharacterClaim) in data]
    assert wish and data.value(wish[0], FG.claimant) == char("stalker")
    mirror = [c for c in about_room if "mirror" in str(data.value(c, FG.statement)).lower()]
    assert mirror and (mirror[0], RDF.type, FG.Interpretation) in data
    marta = [c for c in claims if (c, FG.claimAbout, char("marta")) in data]
    assert marta and (marta[0], RDF.type, FG.Interpretation) in data
    for c in claims:
        assert data.value(c, DCTERMS.source) is not None
        assert data.value(c, RDF.type) in {FG.CharacterClaim, FG.Interpretation}
        # a claim never appears as a plain fact: its statement is said by the claim node only
        for statement in data.objects(c, FG.statement):
            assert set(data.subject_predicates(statement)) == {(c, FG.statement)}


def test_dataset_description(data: Graph) -> None:
    dataset = URIRef(B + "dataset/stalker-1979")
    assert (dataset, RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")) in data
    assert (dataset, RDF.type, DCAT.Dataset) in data
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.created,
                 DCTERMS.modified, URIRef(str(DCAT) + "version")):
        assert data.value(dataset, prop) is not None, prop
    assert isinstance(data.value(dataset, DCTERMS.license), URIRef)
    assert data.value(dataset, DCTERMS.source) == URIRef(B + "source/stalker-1979-plot-summary")


def _wikidata_ids() -> dict[str, str]:
    with (FIXTURES / "wikidata-ids.tsv").open(encoding="utf-8") as handle:
        return {row["id"]: row["status"] for row in csv.DictReader(handle, delimiter="\t")}


def test_only_verified_wikidata_items_are_linked(data: Graph) -> None:
    status = _wikidata_ids()
    for _, _, item in data.triples((None, SKOS.exactMatch, None)):
        qid = str(item).rsplit("/", 1)[-1]
        assert status.get(qid) == "verified", f"{qid} is not a verified identifier"


def test_every_verified_entity_in_the_graph_is_linked(data: Graph) -> None:
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
        links = set(data.objects(URIRef(B + path), SKOS.exactMatch))
        assert links == {URIRef("http://www.wikidata.org/entity/" + qid)}, path
    for slug in ("arkady-strugatsky", "boris-strugatsky", "alisa-freindlich", "fyodor-tyutchev"):
        assert data.value(person(slug), SKOS.exactMatch) is None, slug


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def test_no_sentence_is_copied_from_the_source(data: Graph) -> None:
    source = _words((FIXTURES / "stalker-1979-plot-summary.txt").read_text(encoding="utf-8"))
    grams = {tuple(source[i : i + 8]) for i in range(len(source) - 7)}
    copied = []
    for _, _, value in data:
        if isinstance(value, Literal):
            words = _words(str(value))
            copied += [" ".join(words[i : i + 8]) for i in range(len(words) - 7)
                       if tuple(words[i : i + 8]) in grams]
    assert copied == []
