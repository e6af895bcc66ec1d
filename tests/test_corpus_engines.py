"""Both local engines on a generated 100-film corpus (benchmarks/corpus.py): every library query
gives the same answer from pyoxigraph, loaded straight from the files (filmgraph.stores), as from
rdflib's own parse, the reference: a check that the fast path reads a large corpus as rdflib does."""

from __future__ import annotations

import pytest
from corpus_support import corpus_params, write_corpus
from query_support import comparable, term_rows

import filmgraph
from filmgraph.datasets import load_dataset
from filmgraph.engines import OxigraphEngine, RdflibEngine
from filmgraph.queries import names
from filmgraph.stores import bundled_store

FILMS = 100


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> tuple[OxigraphEngine, RdflibEngine]:
    corpus = write_corpus(FILMS, tmp_path_factory.mktemp("corpus"))
    return OxigraphEngine(bundled_store(base=corpus)), RdflibEngine(load_dataset(base=corpus))


def test_the_corpus_holds_the_films_it_was_made_with(engines: tuple[OxigraphEngine, RdflibEngine]) -> None:
    fast, reference = engines
    films = [filmgraph.query("films", engine=engine) for engine in (fast, reference)]
    assert len(films[0].rows) == FILMS and term_rows(films[0]) == term_rows(films[1])


@pytest.mark.parametrize("name", names())
def test_every_library_query_answers_alike_on_100_films(engines: tuple[OxigraphEngine, RdflibEngine],
                                                         name: str) -> None:
    fast, reference = engines
    params = corpus_params(name)
    ours = filmgraph.query(name, engine=fast, params=params)
    expected = filmgraph.query(name, engine=reference, params=params)
    assert ours.kind == expected.kind
    assert comparable(ours) == comparable(expected)
    if ours.kind == "SELECT":
        assert term_rows(ours) == term_rows(expected)
