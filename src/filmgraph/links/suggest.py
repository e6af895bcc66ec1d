"""``link suggest``: candidate Wikidata items for the graph's real-world entities without a link, found
by their names (and films by IMDb ID), scored, for a person to review; the graph is not changed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from rdflib import Graph, Literal, URIRef

from ..namespaces import FG
from ..sparql_client import SparqlClient, fill_values
from .entities import (
    Classes,
    Expectation,
    expectations,
    expected_classes,
    linked_items,
    ontology_for,
    types,
    unlinked_entities,
)
from .items import ItemFacts, fetch_item_facts
from .labels import english_label, names
from .review import Suggestion
from .wikidata import MUL, Progress, literal_values, qid_of, qid_sort_key, wikidata_query

#: At most this many candidates per entity are proposed.
MAX_CANDIDATES = 5
_IMDB_ID = re.compile(r"(?:tt|nm|co|ch|ev|ni)[0-9]{7,10}")

#: (entity, QID) -> evidence kind (``label@en``, ``alias@ru``, ``imdb``) -> the texts that matched
Hits = dict[tuple[URIRef, str], dict[str, set[str]]]


@dataclass
class SuggestReport:
    """Candidates for unlinked entities, and the entities for which nothing was found."""

    endpoint: str
    suggestions: list[Suggestion]
    considered: list[URIRef]
    without_candidates: list[URIRef]


def suggest_links(graph: Graph, client: SparqlClient, *, ontology: Graph | None = None,
                  languages: Sequence[str] = ("en", "ru"), batch_size: int = 100,
                  progress: Progress | None = None) -> SuggestReport:
    """Candidate items for real-world entities without a Wikidata link; the graph is not changed.

    Candidates are items whose label or alias equals one of the entity's names in ``languages``
    (or in Wikidata's ``mul``), and for films items with the same IMDb ID (P345). Candidates whose
    type contradicts the entity's class are dropped; those with no type stated are kept with a
    lower score. Items already linked from another entity of the graph are not proposed.
    """
    classes = ontology_for(graph, ontology)
    entities = unlinked_entities(graph, classes)
    langs = {lang.lower() for lang in languages}
    say = progress or (lambda _message: None)
    hits: Hits = {}
    _look_up_names(client, _wanted_names(graph, entities, langs), batch_size, say, hits)
    _look_up_imdb(client, _wanted_imdb(graph, classes, entities), batch_size, say, hits)
    expected = expectations(graph, classes, entities)
    candidates = sorted({qid for (_e, qid) in hits}, key=qid_sort_key)
    facts = fetch_item_facts(client, candidates, sorted({*langs, "en", MUL}), expected_classes(expected),
                             batch_size=batch_size, follow_redirects=False, progress=progress)
    taken = {qid: entity for entity, qids in linked_items(graph).items() for qid in qids}
    suggestions = [
        suggestion
        for (entity, qid), evidence in hits.items()
        if taken.get(qid, entity) == entity
        and (suggestion := _suggestion(graph, entity, facts.get(qid, ItemFacts(qid)), evidence, expected[entity]))
    ]
    kept = _best(suggestions)
    chosen = {s.entity for s in kept}
    return SuggestReport(client.endpoint, kept, entities, [e for e in entities if e not in chosen])


def _wanted_names(graph: Graph, entities: Iterable[URIRef], langs: set[str]) -> dict[Literal, set[URIRef]]:
    """Names to look up: each of the entities' names in the chosen languages, also as ``mul``."""
    wanted: dict[Literal, set[URIRef]] = {}
    for entity in entities:
        for name in names(graph, entity):
            lang = (name.language or "").split("-")[0].lower()
            if lang in langs:
                for variant in (Literal(str(name), lang=lang), Literal(str(name), lang=MUL)):
                    wanted.setdefault(variant, set()).add(entity)
    return wanted


def _wanted_imdb(graph: Graph, classes: Classes, entities: Iterable[URIRef]) -> dict[str, set[URIRef]]:
    """IMDb IDs to look up: the well-formed ones of the films among the entities."""
    imdb: dict[str, set[URIRef]] = {}
    for entity in entities:
        if classes.is_a(types(graph, entity), [FG.Film]):
            for value in graph.objects(entity, FG.imdbId):
                if _IMDB_ID.fullmatch(str(value).strip()):
                    imdb.setdefault(str(value).strip(), set()).add(entity)
    return imdb


def _look_up_names(client: SparqlClient, wanted: dict[Literal, set[URIRef]], size: int, say: Progress,
                   hits: Hits) -> None:
    """Items with one of the wanted names as label or alias, added to ``hits``."""
    batches = list(literal_values("name", sorted(wanted, key=lambda x: (x.language, str(x))), size))
    for number, block in enumerate(batches, 1):
        say(f"looking up labels, batch {number} of {len(batches)}")
        for row in client.select(fill_values(wikidata_query("label-lookup"), block)):
            qid, name = qid_of(row.get("item")), row.get("name")
            if qid is not None and isinstance(name, Literal):
                for entity in wanted.get(name, ()):
                    hits.setdefault((entity, qid), {}).setdefault(f"{row.get('kind')}@{name.language}", set()).add(
                        str(name)
                    )


def _look_up_imdb(client: SparqlClient, imdb: dict[str, set[URIRef]], size: int, say: Progress, hits: Hits) -> None:
    """Items with one of the wanted IMDb IDs, added to ``hits``."""
    for block in literal_values("imdb", [Literal(v) for v in sorted(imdb)], size):
        say("looking up IMDb IDs")
        for row in client.select(fill_values(wikidata_query("imdb-lookup"), block)):
            qid, value = qid_of(row.get("item")), str(row.get("imdb"))
            if qid is None:
                continue
            for entity in imdb.get(value, ()):
                hits.setdefault((entity, qid), {}).setdefault("imdb", set()).add(value)


def _suggestion(graph: Graph, entity: URIRef, item: ItemFacts, evidence: dict[str, set[str]],
                expectation: Expectation) -> Suggestion | None:
    """The item as a candidate for the entity; None when it is a redirect or its type rules it out."""
    scored = None if item.redirect else _score(item, evidence, expectation)
    if scored is None:
        return None
    return Suggestion(entity, english_label(graph, entity), item.qid, item.label() or "", item.description() or "",
                      scored[0], "; ".join(scored[1]))


def _best(suggestions: list[Suggestion]) -> list[Suggestion]:
    """The best :data:`MAX_CANDIDATES` suggestions per entity, by entity, then score, then QID."""
    ranked = sorted(suggestions, key=lambda s: (str(s.entity), -s.score, qid_sort_key(s.qid)))
    return [s for _, group in groupby(ranked, key=lambda s: s.entity) for s in list(group)[:MAX_CANDIDATES]]


def _score(item: ItemFacts, evidence: dict[str, set[str]], expectation: Expectation) -> tuple[float, list[str]] | None:
    """A score in [0, 1] and the evidence for it; None when the item's type rules it out."""
    because: list[str] = []
    score = 0.0
    if "imdb" in evidence:
        score += 0.5
        because.append(f"IMDb ID {', '.join(sorted(evidence['imdb']))} (P345)")
    kinds = sorted(k for k in evidence if k != "imdb")
    if any(k.startswith("label@") for k in kinds):
        score += 0.5
    elif kinds:
        score += 0.35
    if len({k.split("@", 1)[1] for k in kinds} - {MUL}) > 1:
        score += 0.1
    for kind in kinds:
        what, lang = kind.split("@", 1)
        because.extend(f'{"label" if what == "label" else "alias"} "{text}"@{lang}' for text in sorted(evidence[kind]))
    expected, strict = expectation
    fit = item.fitting_type(expected) if expected else None
    if fit:
        score += 0.4
        because.append(f"instance of {fit[0]}")
    elif expected and not item.types:
        because.append("type not stated")
    elif expected and strict:
        return None
    elif expected:
        because.append(f"type {', '.join(item.type_names())} not among {', '.join(expected)}")
    return round(min(score, 1.0), 2), because
