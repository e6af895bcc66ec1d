"""Competency questions: every library query against its answer written from the source material.

Expected answers come from the plot summary (tests/fixtures/stalker-1979-plot-summary.txt, quoted
in the comments), the film's credits (cast, crew, billing), and the verified Wikidata identifiers
(tests/fixtures/wikidata-ids.tsv); never from the queries' own output. Every test runs on both
engines. Answers are compared as sets, or as sequences where the question is about order.
"""

from __future__ import annotations

import pytest
from query_support import (
    FILM,
    SOURCE,
    char,
    claim,
    column,
    event,
    motive,
    normal_term,
    obj,
    person,
    setting,
    text,
    theme,
)
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

import filmgraph
from filmgraph.namespaces import FG, SCHEMA, WD
from filmgraph.query import list_queries, names

ENGINES = ("oxigraph", "rdflib")


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_the_library_has_at_least_15_queries_with_full_headers() -> None:
    queries = list_queries()
    assert len(queries) >= 15
    for query in queries:
        assert query.title and query.question, query.name
        assert query.kind in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), query.name
        for param in query.params:
            assert param.default is not None, f"{query.name}: {param.name} has no default"
    kinds = {q.kind for q in queries}
    assert {"SELECT", "ASK", "CONSTRUCT"} <= kinds


def test_lint_queries_stay_out_of_the_library() -> None:
    assert not any(name.startswith("lint") for name in names())
    assert "undeclared-term" not in names()


def test_no_library_query_hard_codes_the_film_or_an_entity() -> None:
    """The film and the entities come in as parameters; only the header names the defaults."""
    for query in list_queries():
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
        assert "stalker-1979" not in body, query.name


# --- the story in order --------------------------------------------------------------------

# The story in chronological order, as the plot summary tells it; the backstory the Stalker and
# the Writer tell happened before the film begins, so it comes first.
STORY = [
    "porcupine-sacrifices-brother",  # "sending his own brother to the Meat Grinder"
    "porcupine-reaches-room",  # "amassed wealth by reaching the Room"
    "porcupine-hangs-himself",  # "and then hanged himself"
    "return-from-prison",  # "has just returned from prison to his wife ... and daughter"
    "wife-protests",  # "To the wife's horror, two men ... hire him"
    "meeting-at-bar",  # "He meets his clients in a rundown bar-café"
    "rules-of-the-zone",  # "He explains that the Zone is almost a living being"
    "train-past-the-gate",  # "ducks past the Zone's military presence by riding a train"
    "work-car-ride",  # "They travel deeper aboard a railway work car"
    "nut-throwing",  # "tossing metal nuts tied to strips of cloth"
    "writer-doubts",  # "The Writer remains skeptical of real peril"
    "motives-debated",  # "the trio debates their motives"
    "stalker-states-motive",  # "The Stalker, in turn, professes a humanitarian motive"
    "stalker-recalls-porcupine",  # "He also recalls his mentor"
    "crossing-the-fields",  # "Their journey winds through fields"
    "through-the-tunnels",  # "and tunnels"
    "arrival-at-complex",  # "until they reach a derelict industrial complex"
    "meat-grinder",  # "a deadly 'Meat Grinder' anomaly"
    "telephone-rings",  # "a phone in a small antechamber rings"
    "professor-calls-former-boss",  # "the Professor uses it to contact his former boss"
    "professor-reveals-bomb",  # "the Professor reveals his true aim ... a 20-kiloton bomb"
    "stand-off",  # "A frayed, exhausted stand-off outside the Room follows"
    "writer-reads-porcupines-fate",  # "The Writer pieces together a grim lesson"
    "bomb-dismantled",  # "the Professor ... even dismantles the bomb"
    "writer-argues-against-wishing",  # "The Writer contends that using the Room for selfish..."
    "no-one-enters",  # "ultimately no one dares to enter the Room"
    "reunion-at-bar",  # "Back at the bar-café, the Stalker reunites with his wife and daughter"
    "stalker-laments-lost-faith",  # "humanity has lost the faith"
    "wife-monologue",  # "his wife speaks in a monologue to the camera"
    "marta-reads-poem",  # "reading a poem by Fyodor Tyutchev"
    "glasses-move",  # "moving three drinking glasses"
    "train-shakes-the-flat",  # "A train rumbles by outside, the apartment trembles"
]


def test_timeline_is_the_story_in_order(engine: str) -> None:
    result = filmgraph.query("timeline", engine=engine)
    assert column(result, "event") == [event(slug) for slug in STORY]
    assert [int(p) for p in column(result, "position")] == list(range(1, len(STORY) + 1))
    kinds = [text(k) for k in column(result, "kind")]
    assert kinds == ["recounted"] * 3 + ["shown"] * (len(STORY) - 3)


def test_timeline_rows_name_place_participants_and_objects(engine: str) -> None:
    rows = {row.event: row for row in filmgraph.query("timeline", engine=engine)}
    nuts = rows[event("nut-throwing")]
    assert nuts.place == setting("zone")
    assert set(str(nuts.participants).split(", ")) == {"the Stalker", "the Writer", "the Professor"}
    assert str(nuts.objects) == "metal nuts tied to strips of cloth"
    phone = rows[event("telephone-rings")]
    assert phone.place == setting("antechamber") and str(phone.objects) == "the telephone"
    glasses = rows[event("glasses-move")]
    assert (glasses.place, str(glasses.participants)) == (setting("kitchen"), "Marta")
    assert str(glasses.objects) == "three drinking glasses"
    assert rows[event("writer-doubts")].objects is None  # no object takes part


def test_cast_is_the_five_credited_pairs_in_billing_order(engine: str) -> None:
    result = filmgraph.query("cast", engine=engine)
    pairs = list(zip(column(result, "actor"), column(result, "character"), strict=True))
    assert pairs == [
        (person("alexander-kaidanovsky"), char("stalker")),
        (person("anatoly-solonitsyn"), char("writer")),
        (person("nikolai-grinko"), char("professor")),
        (person("alisa-freindlich"), char("wife")),
        (person("natasha-abramova"), char("marta")),
    ]
    assert [int(b) for b in column(result, "billing")] == [1, 2, 3, 4, 5]


def test_cast_in_russian(engine: str) -> None:
    result = filmgraph.query("cast", engine=engine, lang="ru")
    first = result.rows[0]
    assert first.actorLabel == Literal("Александр Кайдановский", lang="ru")
    assert first.characterLabel == Literal("Сталкер", lang="ru")
    names_ru = {str(label) for label in column(result, "characterLabel")}
    assert {"Писатель", "Профессор", "Жена Сталкера"} <= names_ru


def test_crew(engine: str) -> None:
    result = filmgraph.query("crew", engine=engine)
    found = {(text(row.role), row.agent) for row in result}
    assert found == {
        ("director", person("andrei-tarkovsky")),
        ("screenwriter", person("arkady-strugatsky")),
        ("screenwriter", person("boris-strugatsky")),
        ("composer", person("eduard-artemyev")),
        ("cinematographer", person("alexander-knyazhinsky")),
        ("production company", URIRef("https://w3id.org/filmgraph/organisation/mosfilm")),
        (
            "author of the source work",
            URIRef("https://w3id.org/filmgraph/group/strugatsky-brothers"),
        ),
    }
    assert text(result.rows[0].role) == "director"


# Ties between the characters, both ways: "his wife" and "daughter, Marta"; "his mentor";
# "his own brother"; "two men ... hire him"; "contact his former boss".
RELATIONS = {
    ("stalker", "spouse of", "wife"),
    ("wife", "spouse of", "stalker"),
    ("stalker", "parent of", "marta"),
    ("wife", "parent of", "marta"),
    ("marta", "child of", "stalker"),
    ("marta", "child of", "wife"),
    ("porcupine", "mentor of", "stalker"),
    ("stalker", "mentee of", "porcupine"),
    ("porcupine", "sibling of", "porcupine-brother"),
    ("porcupine-brother", "sibling of", "porcupine"),
    ("writer", "client of", "stalker"),
    ("professor", "client of", "stalker"),
    ("professor", "former subordinate of", "professor-former-boss"),
    ("professor-former-boss", "former superior of", "professor"),
}


def test_character_relations(engine: str) -> None:
    result = filmgraph.query("character-relations", engine=engine)
    found = [(row.character, text(row.relation), row.other) for row in result]
    assert len(found) == len(set(found))
    assert set(found) == {(char(a), rel, char(b)) for a, rel, b in RELATIONS}


def test_character_relations_fall_back_to_english_names(engine: str) -> None:
    result = filmgraph.query("character-relations", engine=engine, lang="ru")
    labels = {row.other: row.otherLabel for row in result}
    assert labels[char("stalker")] == Literal("Сталкер", lang="ru")
    assert labels[char("porcupine-brother")] == Literal("Porcupine's brother", lang="en")


def test_motives(engine: str) -> None:
    result = filmgraph.query("motives", engine=engine)
    found = {(row.character, row.motive) for row in result}
    assert found == {
        (char("stalker"), motive("stalker-help-the-desperate")),  # "help the desperate"
        (char("writer"), motive("writer-regain-inspiration")),  # "fears losing his inspiration"
        (char("professor"), motive("professor-win-nobel-prize")),  # "perhaps a Nobel Prize"
        (char("professor"), motive("professor-destroy-the-room")),  # "to destroy the Room"
        (char("porcupine"), motive("porcupine-wealth")),  # "bargain for wealth"
    }
    rows = {row.motive: row for row in result}
    bomb = rows[motive("professor-destroy-the-room")]
    assert str(bomb.revealedIn) == "The Professor reveals his bomb"
    assert str(bomb.abandonedIn) == "The Professor takes his bomb apart"
    assert set(str(bomb.concerns).split(", ")) == {"the Room", "the 20-kiloton bomb"}
    assert int(bomb.abandonedAt) > int(bomb.revealedAt)
    abandoned = {row.motive for row in result if row.abandonedIn is not None}
    assert abandoned == {motive("professor-destroy-the-room")}  # "abandons the plan"


# Everything that happens in the Zone: the trip from the work car ("venturing into the core of
# the Zone") to the threshold of the Room, and the told backstory in the Meat Grinder and the
# Room. The train slips through the gate in the guarded cordon, which lies around the Zone.
IN_THE_ZONE = STORY[:2] + STORY[8:26]
NOT_IN_THE_ZONE = {"return-from-prison", "wife-protests", "meeting-at-bar", "rules-of-the-zone",
                   "train-past-the-gate", "porcupine-hangs-himself", "reunion-at-bar",
                   "stalker-laments-lost-faith", "wife-monologue", "marta-reads-poem",
                   "glasses-move", "train-shakes-the-flat"}  # fmt: skip


def test_events_in_the_zone_however_deeply_nested(engine: str) -> None:
    result = filmgraph.query("events-in-place", engine=engine)
    found = column(result, "event")
    assert found == [event(slug) for slug in IN_THE_ZONE]
    for slug in ("nut-throwing", "meat-grinder", "telephone-rings", "stand-off"):
        assert event(slug) in found
    assert not {event(slug) for slug in NOT_IN_THE_ZONE} & set(found)
    assert set(IN_THE_ZONE) | NOT_IN_THE_ZONE == set(STORY)


def test_events_in_the_room_and_in_the_industrial_complex(engine: str) -> None:
    room = filmgraph.query("events-in-place", engine=engine, place=setting("room"))
    assert column(room, "event") == [event("porcupine-reaches-room")]
    complex_ = filmgraph.query("events-in-place", engine=engine, place="setting:industrial-complex")
    expected = STORY[:2] + STORY[16:26]  # the backstory, then arrival to "no one dares to enter"
    assert column(complex_, "event") == [event(slug) for slug in expected]


def test_is_the_room_ever_shown(engine: str) -> None:
    assert filmgraph.query("is-place-shown", engine=engine).boolean is False  # "no one dares"
    assert filmgraph.query("is-place-shown", engine=engine, place=setting("zone")).boolean is True
    kitchen = filmgraph.query("is-place-shown", engine=engine, place=setting("kitchen"))
    assert kitchen.boolean is True  # "Marta sits at home in the kitchen"


# Object, event, place, and the character who acts (None: "a phone ... rings" by itself).
OBJECT_USES = {
    ("metal-nuts", "nut-throwing", "zone", "stalker"),
    ("train", "train-past-the-gate", "zone-gate", "stalker"),
    ("railway-work-car", "work-car-ride", "railway", "stalker"),
    ("telephone", "telephone-rings", "antechamber", None),
    ("telephone", "professor-calls-former-boss", "antechamber", "professor"),
    ("bomb", "professor-reveals-bomb", "room-threshold", "professor"),
    ("bomb", "stand-off", "room-threshold", None),
    ("bomb", "bomb-dismantled", "room-threshold", "professor"),
    ("drinking-glasses", "glasses-move", "kitchen", "marta"),
    ("passing-train", "train-shakes-the-flat", "kitchen", None),
}


def test_object_uses(engine: str) -> None:
    result = filmgraph.query("object-uses", engine=engine)
    found = {(row.object, row.event, row.place, row.user) for row in result}
    assert found == {
        (obj(o), event(e), setting(p), char(u) if u else None) for o, e, p, u in OBJECT_USES
    }
    bomb = [row.event for row in result if row.object == obj("bomb")]
    assert bomb == [event("professor-reveals-bomb"), event("stand-off"), event("bomb-dismantled")]


def test_journey_of_the_stalker(engine: str) -> None:
    result = filmgraph.query("journey", engine=engine)
    stops = [(row.place, row.region) for row in result]
    city, zone = setting("city"), setting("zone")
    assert stops == [
        (setting("stalker-home"), city),  # "returned from prison to his wife"
        (setting("bar-cafe"), city),  # "meets his clients in a rundown bar-café"
        (setting("zone-gate"), setting("zone-border")),  # "past the Zone's military presence"
        (setting("railway"), zone),  # "aboard a railway work car"
        (zone, zone),  # "tossing metal nuts", the debate
        (setting("fields"), zone),  # "through fields
        (setting("tunnels"), zone),  # and tunnels"
        (setting("industrial-complex"), zone),  # "a derelict industrial complex"
        (setting("meat-grinder"), zone),  # "Meat Grinder"
        (setting("antechamber"), zone),  # "a small antechamber"
        (setting("room-threshold"), zone),  # "stand-off outside the Room"
        (setting("bar-cafe"), city),  # "Back at the bar-café"
        (setting("stalker-home"), city),  # the lament at home
    ]


def test_journey_of_marta(engine: str) -> None:
    result = filmgraph.query("journey", engine=engine, traveller="character:marta")
    assert column(result, "place") == [
        setting("stalker-home"),  # the daughter at home when her father returns
        setting("bar-cafe"),  # "reunites with his wife and daughter" at the bar-café
        setting("kitchen"),  # "Marta sits at home in the kitchen"
    ]


def test_backstory_is_told_not_shown(engine: str) -> None:
    result = filmgraph.query("backstory", engine=engine)
    found = [(row.event, row.toldBy, row.toldIn) for row in result]
    assert found == [
        # "The Writer pieces together ... sending his own brother to the Meat Grinder"
        (
            event("porcupine-sacrifices-brother"),
            char("writer"),
            event("writer-reads-porcupines-fate"),
        ),
        # "He also recalls his mentor ... who amassed wealth by reaching the Room and then
        # hanged himself"
        (event("porcupine-reaches-room"), char("stalker"), event("stalker-recalls-porcupine")),
        (event("porcupine-hangs-himself"), char("stalker"), event("stalker-recalls-porcupine")),
    ]
    for row in result:
        assert int(row.toldAt) > int(row.position)  # told on screen after it happened


CHARACTER_CLAIMS = {
    ("room-grants-innermost-wish", "stalker"),  # "the Room where the deepest wishes are fulfilled"
    ("zone-is-alive", "stalker"),  # "the Zone is almost a living being"
    ("room-breeds-harm", "professor"),  # "sparked crime, social unrest, and dangerous science"
    ("porcupine-punished-for-greed", "writer"),  # "a greed that the Room could not overlook"
    ("selfish-wishes-fail", "writer"),  # "using the Room for selfish reasons"
    ("humanity-lost-faith", "stalker"),  # "humanity has lost the faith"
    ("hard-life-is-better", "wife"),  # "an interesting life filled with hardship"
}
INTERPRETATIONS = {
    "room-is-a-mirror",  # "less about magical wishing and more a mirror"
    "marta-has-zone-power",  # "a touch of Zone-mutant power"
    "meat-grinder-demands-a-life",  # "require a life to be sacrificed"
    "zone-answers-visitors",  # "hazards that seem to respond to a traveler's fears and desires"
}


def test_claims_and_interpretations_with_holders_and_sources(engine: str) -> None:
    result = filmgraph.query("claims", engine=engine)
    found = {(text(row.kind), row.claim, row.claimant) for row in result}
    expected = {("character claim", claim(c), char(who)) for c, who in CHARACTER_CLAIMS}
    expected |= {("interpretation", claim(c), SOURCE) for c in INTERPRETATIONS}
    assert found == expected
    assert {row.source for row in result} == {SOURCE}
    voiced = {row.claim: row.voicedAt for row in result}
    assert all(voiced[claim(c)] is not None for c, _ in CHARACTER_CLAIMS)
    assert all(voiced[claim(c)] is None for c in INTERPRETATIONS)  # nobody voices them on screen


# Verified identifiers (tests/fixtures/wikidata-ids.tsv) of the real-world entities in the graph.
LINKED = {
    "film/stalker-1979": "Q200437",
    "work/roadside-picnic": "Q848517",
    "work/beethoven-symphony-9": "Q11989",
    "person/andrei-tarkovsky": "Q853",
    "person/ludwig-van-beethoven": "Q255",
    "group/strugatsky-brothers": "Q153796",
    "organisation/mosfilm": "Q141336",
    "award/nobel-prize": "Q7191",
    "genre/science-fiction-film": "Q471839",
    "genre/drama-film": "Q130232",
    "genre/art-film": "Q1135802",
    "language/russian": "Q7737",
    "place/soviet-union": "Q15180",
    "place/tallinn": "Q1770",
}
# Only "likely" or "inferred" identifiers exist for these, or none at all: they stay unlinked.
UNLINKED = {
    "person/arkady-strugatsky", "person/boris-strugatsky", "person/eduard-artemyev",
    "person/alexander-knyazhinsky", "person/alexander-kaidanovsky", "person/anatoly-solonitsyn",
    "person/nikolai-grinko", "person/alisa-freindlich", "person/natasha-abramova",
    "person/fyodor-tyutchev", "work/tyutchev-i-love-your-eyes", "place/estonia",
}  # fmt: skip


def test_wikidata_links(engine: str) -> None:
    result = filmgraph.query("wikidata-links", engine=engine)
    base = "https://w3id.org/filmgraph/"
    linked = {
        str(row.entity)[len(base) :]: str(row.wikidata) for row in result if row.linked.toPython()
    }
    unlinked = {str(row.entity)[len(base) :] for row in result if not row.linked.toPython()}
    assert linked == {slug: str(WD[q]) for slug, q in LINKED.items()}
    assert unlinked == UNLINKED
    assert all(row.wikidata is None for row in result if not row.linked.toPython())
    assert column(result, "linked")[: len(LINKED)] == [Literal(True)] * len(LINKED)


def test_classes_count_members_directly_and_through_subclasses(engine: str) -> None:
    result = filmgraph.query("classes", engine=engine)
    counts = {row["class"]: (int(row.direct), int(row.withSubclasses)) for row in result}
    assert counts[FG.Film] == (1, 1)
    assert counts[FG.Performance] == (5, 5)  # five credited players
    assert counts[FG.Character] == (8, 8)  # five played, the mentor, his brother, the former boss
    assert counts[FG.PhysicalObject] == (7, 7)  # nuts, bomb, telephone, glasses, two trains, car
    assert counts[FG.RecountedEvent] == (3, 3)  # the mentor's story, told not shown
    assert counts[FG.Motive] == (5, 5)
    assert counts[FG.Person] == (12, 12)  # director, 2 writers, composer, DoP, 5 actors, 2 more
    shown, recounted = counts[FG.ShownEvent][0], counts[FG.RecountedEvent][0]
    assert counts[FG.PlotEvent] == (0, shown + recounted)
    assert counts[SCHEMA.Movie] == (0, 1)
    values = [int(v) for v in column(result, "withSubclasses")]
    assert values == sorted(values, reverse=True)


def test_stats(engine: str) -> None:
    result = filmgraph.query("stats", engine=engine)
    counts = {str(row.kind): int(row["count"]) for row in result}
    assert counts["films"] == 1
    assert counts["characters"] == 8
    assert counts["performances"] == 5
    assert counts["objects"] == 7
    assert counts["people"] == 12
    assert counts["wikidata links"] == len(LINKED)


def test_themes(engine: str) -> None:
    result = filmgraph.query("themes", engine=engine)
    found = {row.theme: row for row in result}
    assert set(found) == {
        theme(slug)
        for slug in (
            "faith",  # "humanity has lost the faith"
            "greed",  # "a greed that the Room could not overlook"
            "sacrifice",  # "require a life to be sacrificed"
            "innermost-wish",  # "the deepest wishes are fulfilled"
            "self-knowledge",  # "a mirror that exposes the hidden truths"
            "inspiration",  # "the Writer fears losing his inspiration"
            "hardship",  # "an interesting life filled with hardship"
        )
    }
    assert int(found[theme("greed")].firstAt) == 1  # the mentor's greed is the oldest story
    assert int(found[theme("inspiration")].firstAt) == STORY.index("motives-debated") + 1
    firsts = [int(v) for v in column(result, "firstAt")]
    assert firsts == sorted(firsts)


def test_places_nest_and_inherit_their_filming_location(engine: str) -> None:
    result = filmgraph.query("places", engine=engine)
    rows = {row.place: row for row in result}
    tallinn = URIRef("https://w3id.org/filmgraph/place/tallinn")
    for slug in ("zone", "room", "meat-grinder", "railway", "fields", "tunnels"):
        assert rows[setting(slug)].filmedAt == tallinn  # the Zone was shot near Tallinn
        assert rows[setting(slug)].region == setting("zone")
    for slug in ("stalker-home", "kitchen", "bar-cafe"):
        assert rows[setting(slug)].filmedAt is None
        assert rows[setting(slug)].region == setting("city")
    assert int(rows[setting("room")].depth) == 2  # in the complex, in the Zone
    assert rows[setting("room")].parent == setting("industrial-complex")
    assert int(rows[setting("kitchen")].depth) == 2  # in the home, in the city


# --- graphs ------------------------------------------------------------------------------------


def test_subgraph_around_the_stalker(engine: str) -> None:
    graph = filmgraph.query("character-subgraph", engine=engine).graph
    assert graph is not None
    stalker = char("stalker")
    performance = URIRef(
        "https://w3id.org/filmgraph/stalker-1979/performance/alexander-kaidanovsky-as-stalker"
    )
    for triple in [
        (stalker, FG.spouseOf, char("wife")),
        (stalker, FG.hasMotive, motive("stalker-help-the-desperate")),
        (char("porcupine"), FG.mentorOf, stalker),
        (performance, FG.performer, person("alexander-kaidanovsky")),
        (event("nut-throwing"), FG.agent, stalker),
        (event("nut-throwing"), FG.involvesObject, obj("metal-nuts")),
        (claim("zone-is-alive"), FG.claimant, stalker),
        (claim("hard-life-is-better"), FG.claimAbout, stalker),
        (person("alexander-kaidanovsky"), RDFS.label, Literal("Alexander Kaidanovsky", lang="en")),
    ]:
        assert normal_triple(triple) in normal_set(graph), triple
    subjects = set(graph.subjects())
    for outside in (event("marta-reads-poem"), event("glasses-move"), claim("room-breeds-harm"),
                    motive("writer-regain-inspiration")):  # fmt: skip
        assert outside not in subjects


def test_subgraph_around_the_professor(engine: str) -> None:
    graph = filmgraph.query("character-subgraph", engine=engine, character=char("professor")).graph
    assert graph is not None
    assert (char("professor"), FG.hasMotive, motive("professor-destroy-the-room")) in graph
    assert (event("bomb-dismantled"), FG.involvesObject, obj("bomb")) in graph
    assert (claim("room-breeds-harm"), FG.claimant, char("professor")) in graph
    assert motive("stalker-help-the-desperate") not in set(graph.subjects())


def test_card_for_marta(engine: str) -> None:
    graph = filmgraph.query("entity-card", engine=engine, entity="character:marta").graph
    assert graph is not None
    marta = char("marta")
    assert (marta, FG.nickname, Literal("Monkey", lang="en")) in graph
    assert (marta, FG.childOf, char("stalker")) in graph
    assert (char("stalker"), FG.parentOf, marta) in graph
    assert (FILM, FG.hasCharacter, marta) in graph
    assert (event("glasses-move"), FG.participant, marta) in graph
    assert (char("stalker"), RDFS.label, Literal("the Stalker", lang="en")) in graph
    assert (FG.childOf, RDFS.label, Literal("child of", lang="en")) in graph
    neighbours = {term for triple in graph for term in triple if marta in (triple[0], triple[2])}
    for s, p, o in graph:  # nothing else: statements on Marta, and labels of what they use
        assert marta in (s, o) or (p == RDFS.label and s in neighbours), (s, p, o)


def test_card_for_the_film_by_default(engine: str) -> None:
    graph = filmgraph.query("entity-card", engine=engine).graph
    assert graph is not None
    assert (FILM, FG.director, person("andrei-tarkovsky")) in graph
    assert (person("andrei-tarkovsky"), RDFS.label, Literal("Andrei Tarkovsky", lang="en")) in graph
    assert (event("stand-off"), FG.inFilm, FILM) in graph


def test_schema_org_view_speaks_only_schema_org(engine: str) -> None:
    graph = filmgraph.query("schema-org-view", engine=engine).graph
    assert graph is not None and len(graph) > 50
    schema = str(SCHEMA)
    for _, predicate, value in graph:
        assert predicate == RDF.type or str(predicate).startswith(schema), predicate
        if predicate == RDF.type:
            assert str(value).startswith(schema), value
    assert (FILM, RDF.type, SCHEMA.Movie) in graph
    assert (FILM, SCHEMA.name, Literal("Stalker", lang="en")) in graph
    assert (FILM, SCHEMA.director, person("andrei-tarkovsky")) in graph
    assert (
        person("andrei-tarkovsky"),
        SCHEMA.name,
        Literal("Andrei Tarkovsky", lang="en"),
    ) in graph
    assert (FILM, SCHEMA.sameAs, WD.Q200437) in graph
    assert (FILM, SCHEMA.sameAs, URIRef("https://www.imdb.com/title/tt0079944/")) in graph
    roles = set(graph.objects(FILM, SCHEMA.actor))
    assert len(roles) == 5
    played = {
        (graph.value(r, SCHEMA.actor), str(graph.value(r, SCHEMA.characterName))) for r in roles
    }
    assert (person("alisa-freindlich"), "the Stalker's Wife") in played
    for role in roles:
        assert (role, RDF.type, SCHEMA.PerformanceRole) in graph
    book = graph.value(FILM, SCHEMA.isBasedOn)
    assert (book, RDF.type, SCHEMA.Book) in graph
    assert Literal("Roadside Picnic", lang="en") in set(graph.objects(book, SCHEMA.name))
    assert (setting("room"), SCHEMA.containedInPlace, setting("industrial-complex")) in graph
    assert (
        FILM,
        SCHEMA.locationCreated,
        URIRef("https://w3id.org/filmgraph/place/tallinn"),
    ) in graph


def normal_triple(triple: tuple[object, object, object]) -> tuple[object, object, object]:
    s, p, o = triple
    return s, p, normal_term(o)  # type: ignore[arg-type]


def normal_set(graph: object) -> set[tuple[object, object, object]]:
    return {normal_triple(t) for t in graph}  # type: ignore[attr-defined]
