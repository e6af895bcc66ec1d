"""The synthetic corpus generator (benchmarks/corpus.py): distinct valid films that share
real-world things, loadable with ``base=`` like a project folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Namespace, URIRef

import filmgraph
from filmgraph.datasets import load_dataset, union

ROOT = Path(__file__).resolve().parent.parent
FG = Namespace("https://w3id.org/filmgraph/ontology#")
FILM = "https://w3id.org/filmgraph/film/"
WD = "http://www.wikidata.org/entity/"
# Kaidanovsky plays the Stalker (data/stalker/curators.ttl): a shared person, one IRI in all films.
KAIDANOVSKY = URIRef("https://w3id.org/filmgraph/person/alexander-kaidanovsky")


def _corpus_module():
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    _corpus_module().write_corpus(2, out)
    return out


@pytest.fixture(scope="module")
def dataset(corpus: Path):
    return load_dataset(base=corpus)


def test_two_distinct_films_with_their_own_story(dataset) -> None:
    graph = union(dataset)
    films = set(graph.subjects(RDF.type, FG.Film))
    assert films == {URIRef(FILM + "synthetic-film-1"), URIRef(FILM + "synthetic-film-2")}
    events = {film: set(graph.subjects(FG.inFilm, film)) for film in films}
    one, two = (events[URIRef(FILM + f"synthetic-film-{k}")] for k in (1, 2))
    assert one and two
    assert not one & two
    for k, nodes in ((1, one), (2, two)):
        story = f"https://w3id.org/filmgraph/synthetic-film-{k}/"
        assert all(str(node).startswith(story) for node in nodes)
        assert any(str(node).startswith(story + "event/") for node in nodes)
    assert not any("stalker-1979" in str(term) for triple in graph for term in triple)


def test_each_film_has_its_own_source_graphs(dataset) -> None:
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    for k in (1, 2):
        for part in ("plot-summary", "curators", "wikidata", "dataset"):
            assert f"https://w3id.org/filmgraph/graph/synthetic-film-{k}-{part}" in names


def test_people_are_shared_across_films(dataset) -> None:
    graph = union(dataset)
    films = {graph.value(p, FG.performanceIn) for p in graph.subjects(FG.performer, KAIDANOVSKY)}
    assert films == {URIRef(FILM + "synthetic-film-1"), URIRef(FILM + "synthetic-film-2")}


def test_no_wikidata_link_on_synthetic_films(dataset) -> None:
    graph = union(dataset)
    for film in graph.subjects(RDF.type, FG.Film):
        assert not [o for _p, o in graph.predicate_objects(film) if str(o).startswith(WD)]
        assert graph.value(film, FG.imdbId) is None
    # shared people keep their links: Tarkovsky's stays
    tarkovsky = URIRef("https://w3id.org/filmgraph/person/andrei-tarkovsky")
    assert graph.value(tarkovsky, SKOS.exactMatch) is not None


def test_corpus_validates(corpus: Path) -> None:
    report = filmgraph.validate(union(load_dataset(include_ontology=False, base=corpus)))
    assert len(report.violations) == 0, report.violations[:3]
    assert report.conforms


def test_same_count_same_bytes(corpus: Path, tmp_path: Path) -> None:
    _corpus_module().write_corpus(2, tmp_path)
    for path in sorted((corpus / "data").rglob("*.ttl")):
        assert (tmp_path / path.relative_to(corpus)).read_bytes() == path.read_bytes()
