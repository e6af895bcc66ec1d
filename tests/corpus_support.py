"""Synthetic corpora for tests (benchmarks/corpus.py) and the library queries' parameters in one of
their films: the Stalker test's entities renamed into that film's story."""

from __future__ import annotations

import sys
from pathlib import Path

from query_support import FILM as STALKER
from query_support import STALKER_PARAMS
from rdflib import URIRef

from filmgraph.queries import load_query

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "benchmarks") not in sys.path:  # corpus.py imports its neighbour story_cut.py
    sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus as corpus_module  # noqa: E402  (benchmarks/corpus.py, the corpus generator)

ASKED = 3  # the film of a corpus the film-bound queries ask about (a cut story: benchmarks/corpus.py)
FILM = URIRef(f"https://w3id.org/filmgraph/film/{corpus_module.film_slug(ASKED)}")


def write_corpus(films: int, out: Path) -> Path:
    """A project-shaped folder ``out`` holding ``films`` synthetic films (load it with ``base=out``)."""
    corpus_module.write_corpus(films, out)
    return out


def corpus_params(name: str) -> dict[str, object]:
    """The parameters of library query ``name`` for film ASKED: the Stalker test's entities (the
    Zone, the Room, the Stalker, the film) renamed into that film's story, and the film itself."""
    renamed: dict[str, object] = {
        key: FILM if iri == STALKER else URIRef(corpus_module.rename(f"<{iri}>", ASKED)[1:-1])
        for key, iri in STALKER_PARAMS.get(name, {}).items()
    }
    if load_query(name).param("film") is not None:
        renamed["film"] = FILM
    return renamed
