"""What the pictures show, read from the library queries' answers (no SPARQL here) into small records."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.query import ResultRow
from rdflib.term import Node

from ..engines import Engine
from ..naming import Naming
from ..querying import query

#: Characters an SVG (XML 1.0) cannot hold, and line breaks, which would break a row in two.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
#: The library queries bind IRIs given as terms, so no prefixed name needs expanding.
_NO_NAMES = Naming(prefixes={})


@dataclass(frozen=True)
class Thing:
    """A node and its name in the language asked for (English where it lacks one)."""

    iri: URIRef
    label: str


@dataclass(frozen=True)
class Event:
    """One event: its positions in the story and on screen, shown or told, where, and who takes part."""

    thing: Thing
    story: int
    screen: int | None
    told: bool
    places: tuple[Thing, ...] = ()
    regions: tuple[Thing, ...] = ()
    participants: tuple[Thing, ...] = ()
    teller: Thing | None = None


@dataclass(frozen=True)
class Place:
    """A place of the story, the place it is part of, and the real place its scenes were filmed at."""

    thing: Thing
    parent: URIRef | None
    filmed_at: str | None = None


@dataclass
class Story:
    """A film's story as the pictures need it."""

    film: Thing
    year: str | None
    events: list[Event] = field(default_factory=list)
    characters: list[Thing] = field(default_factory=list)


def ask(engine: Engine, name: str, film: URIRef, lang: str) -> list[ResultRow]:
    """The rows of library query ``name`` for ``film``, names in ``lang``."""
    return query(name, engine=engine, naming=_NO_NAMES, film=film, lang=lang).rows


def name_of(label: Node | None, iri: Node | None) -> str:
    """A label as one line of text (control characters, which XML cannot hold, become spaces); a node
    without one is named by the last segment of its IRI."""
    if isinstance(label, Literal):
        return _CONTROL.sub(" ", str(label)).strip()
    return _CONTROL.sub(" ", str(iri).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def thing(iri: Node | None, label: Node | None) -> Thing:
    """A :class:`Thing` from an IRI column and its label column."""
    return Thing(URIRef(str(iri)), name_of(label, iri))


def film_of(engine: Engine, film: URIRef, lang: str) -> tuple[Thing, str | None]:
    """The film's name and release year (None if the data gives none)."""
    for row in ask(engine, "film", film, lang):
        return thing(row.film, row.filmLabel), None if row.year is None else str(row.year)
    return Thing(film, name_of(None, film)), None


@dataclass(frozen=True)
class Character:
    """A character and the number of events they take part in, shown and told."""

    thing: Thing
    shown: int
    told: int


def cast_of(engine: Engine, film: URIRef, lang: str) -> list[Character]:
    """The film's characters, those in most events first."""
    return [Character(thing(row.character, row.characterLabel), int(row.shown), int(row.told))
            for row in ask(engine, "characters", film, lang)]


def _grouped(rows: list[ResultRow], key: str, iri: str, label: str) -> dict[URIRef, list[Thing]]:
    """``{row[key]: [Thing(row[iri], row[label]), ...]}`` over ``rows``, in answer order, without repeats."""
    out: dict[URIRef, list[Thing]] = defaultdict(list)
    for row in rows:
        if row[iri] is None:
            continue
        found = thing(row[iri], row[label])
        if found not in out[URIRef(str(row[key]))]:
            out[URIRef(str(row[key]))].append(found)
    return out


def story(engine: Engine, film: URIRef, lang: str) -> Story:
    """The film's events in story order (simultaneous ones in screen order) with places, regions,
    participants (characters first) and tellers; and its characters."""
    name, year = film_of(engine, film, lang)
    cast = [c.thing for c in cast_of(engine, film, lang)]
    placed = ask(engine, "event-places", film, lang)
    places = _grouped(placed, "event", "place", "placeLabel")
    regions = _grouped(placed, "event", "region", "regionLabel")
    rank = {character.iri: index for index, character in enumerate(cast)}
    taking_part = _grouped(ask(engine, "event-participants", film, lang), "event", "participant", "participantLabel")
    tellers = {URIRef(str(row.event)): thing(row.toldBy, row.toldByLabel)
               for row in ask(engine, "backstory", film, lang) if row.toldBy is not None}
    events = []
    for row in ask(engine, "timeline", film, lang):
        iri = URIRef(str(row.event))
        who = sorted(taking_part.get(iri, []), key=lambda t: (rank.get(t.iri, len(rank)), t.label))
        events.append(Event(
            thing(iri, row.eventLabel), int(row.position),
            None if row.screenPosition is None else int(row.screenPosition),
            str(row.kind) == "recounted", tuple(places.get(iri, ())), tuple(regions.get(iri, ())), tuple(who),
            tellers.get(iri),
        ))
    return Story(name, year, events, cast)


def region_order(told: Story) -> dict[URIRef, int]:
    """Each outermost region's turn in the story (the first event in it), which gives it its colour."""
    order: dict[URIRef, int] = {}
    for event in told.events:
        for region in event.regions:
            order.setdefault(region.iri, len(order))
    return order


def film_title(told: Story) -> str:
    """The film's name with its year, as the pictures' titles give it: ``Name (1979)``."""
    return f"{told.film.label} ({told.year})" if told.year else told.film.label


def places(engine: Engine, film: URIRef, lang: str) -> list[Place]:
    """The story's places with the places around them, outermost first."""
    seen: dict[URIRef, Place] = {}
    for row in ask(engine, "places", film, lang):
        iri = URIRef(str(row.place))
        if iri not in seen:
            parent = None if row.parent is None else URIRef(str(row.parent))
            filmed = None if row.filmedAtLabel is None else str(row.filmedAtLabel)
            seen[iri] = Place(thing(iri, row.placeLabel), parent, filmed)
    return list(seen.values())


@dataclass(frozen=True)
class Tie:
    """Two characters and what links them: a relation (``relation`` set) or shared events (``kind``, ``events``)."""

    source: Thing
    target: Thing
    relation: str | None = None
    kind: str | None = None
    events: int = 0


def relations(engine: Engine, film: URIRef, lang: str) -> list[Tie]:
    """Each relation between two characters, as the data reads in both directions, named by the ontology in ``lang``."""
    return [Tie(thing(row.character, row.characterLabel), thing(row.other, row.otherLabel), relation=str(row.relation))
            for row in ask(engine, "character-relations", film, lang) if row.relation is not None]


def shared(engine: Engine, film: URIRef, lang: str) -> list[Tie]:
    """Each pair of characters taking part in the same events, and in how many (shown, or told)."""
    return [Tie(thing(row.character, row.characterLabel), thing(row.other, row.otherLabel), kind=str(row.kind),
                events=int(row.events)) for row in ask(engine, "shared-scenes", film, lang)]
