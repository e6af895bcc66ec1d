"""Helpers for the query tests: IRIs of the Stalker graph, and answers in comparable form.

Terms are compared exactly, datatype and lexical form included: the data uses only datatypes
that every engine keeps (xsd:integer, not types derived from it), so nothing needs folding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import to_isomorphic
from rdflib.term import Node

from filmgraph.results import Result

ROOT = Path(__file__).resolve().parents[1]
#: The bundled Turtle files (every data file, at any depth), loaded into an endpoint's default graph.
BUNDLED_FILES = [
    ROOT / "ontology" / "filmgraph.ttl",
    ROOT / "ontology" / "alignments.ttl",
    *sorted((ROOT / "data").rglob("*.ttl")),
]
B = "https://w3id.org/filmgraph/"
FILM = URIRef(B + "film/stalker-1979")
SOURCE = URIRef(B + "source/stalker-1979-plot-summary")
CURATORS = URIRef(B + "source/filmgraph-curators")
WIKIDATA_SOURCE = URIRef(B + "source/wikidata-stalker-1979")
SUMMARY_GRAPH = URIRef(B + "graph/stalker-1979-plot-summary")
WIKIDATA_GRAPH = URIRef(B + "graph/stalker-1979-wikidata")
CURATORS_GRAPH = URIRef(B + "graph/stalker-1979-curators")
DATASET_GRAPH = URIRef(B + "graph/stalker-1979-dataset")


def _iris(base: str) -> Callable[[str], URIRef]:
    """A function turning a slug into an IRI under ``base``."""

    def make(slug: str) -> URIRef:
        return URIRef(base + slug)

    return make


person = _iris(B + "person/")
char = _iris(B + "stalker-1979/character/")
setting = _iris(B + "stalker-1979/setting/")
obj = _iris(B + "stalker-1979/object/")
event = _iris(B + "stalker-1979/event/")
motive = _iris(B + "stalker-1979/motive/")
claim = _iris(B + "stalker-1979/claim/")
theme = _iris(B + "stalker-1979/theme/")
collective = _iris(B + "stalker-1979/collective/")

#: The parameters naming one of a film's entities, which a film-agnostic library makes required,
#: given the Stalker values the tests ask about (the Zone, the Room, the Stalker, the film).
STALKER_PARAMS: dict[str, dict[str, URIRef]] = {
    "character-subgraph": {"character": char("stalker")},
    "entity-card": {"entity": FILM},
    "events-in-place": {"place": setting("zone")},
    "is-place-shown": {"place": setting("room")},
    "journey": {"traveller": char("stalker")},
    "statement-sources": {"subject": FILM},
}


def stalker_params(name: str) -> dict[str, URIRef]:
    """The required entity parameters of library query ``name`` for the Stalker (none for most)."""
    return dict(STALKER_PARAMS.get(name, {}))


def term_rows(result: Result) -> list[tuple[Node | None, ...]]:
    """The rows of a SELECT result, each a tuple of terms, in answer order."""
    return [tuple(row) for row in result.rows]


def canonical_graph(graph: Graph) -> Graph:
    """A canonical (isomorphism-ready) copy of a graph, terms unchanged."""
    return to_isomorphic(graph)


def comparable(result: Result) -> object:
    """A value equal for equivalent answers: multiset of rows, boolean, or canonical graph."""
    if result.graph is not None:
        return canonical_graph(result.graph)
    if result.boolean is not None:
        return result.boolean
    return (tuple(result.vars), Counter(term_rows(result)))


def column(result: Result, name: str) -> list[Node | None]:
    """One column of a SELECT result, in answer order."""
    return [row[name] if name in row.labels else None for row in result.rows]


def text(term: Node | None) -> str | None:
    return None if term is None else str(term)
