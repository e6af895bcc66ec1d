"""The synthetic corpus generator (benchmarks/corpus.py): distinct valid films of different sizes
that share real-world things, loadable with ``base=`` like a project folder."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, Namespace, URIRef

import filmgraph
from filmgraph.datasets import load_dataset, union

ROOT = Path(__file__).resolve().parent.parent
FG = Namespace("https://w3id.org/filmgraph/ontology#")
FILM = "https://w3id.org/filmgraph/film/"
WD = "http://www.wikidata.org/entity/"
# Kaidanovsky plays the Stalker (data/stalker/curators.ttl): a shared person, one IRI in all films.
# Films 1 to 5 cover the generator's whole cycle: full copies and cut ones, with and without claims.
COUNT = 5
FILMS = {URIRef(FILM + f"synthetic-film-{k}") for k in range(1, COUNT + 1)}
KAIDANOVSKY = URIRef("https://w3id.org/filmgraph/person/alexander-kaidanovsky")


def _corpus_module():
    if str(ROOT / "benchmarks") not in sys.path:  # corpus.py imports its neighbour story_cut.py
        sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    _corpus_module().write_corpus(COUNT, out)
    return out


@pytest.fixture(scope="module")
def dataset(corpus: Path):
    return load_dataset(base=corpus)


def test_distinct_films_with_their_own_story(dataset) -> None:
    graph = union(dataset)
    assert set(graph.subjects(RDF.type, FG.Film)) == FILMS
    events = {film: set(graph.subjects(FG.inFilm, film)) for film in FILMS}
    for k in range(1, COUNT + 1):
        nodes = events[URIRef(FILM + f"synthetic-film-{k}")]
        story = f"https://w3id.org/filmgraph/synthetic-film-{k}/"
        assert all(str(node).startswith(story) for node in nodes)
        assert any(str(node).startswith(story + "event/") for node in nodes)
        assert all(not nodes & other for film, other in events.items() if film != URIRef(FILM + f"synthetic-film-{k}"))
    assert not any("stalker-1979" in str(term) for triple in graph for term in triple)


def _story_counts(corpus: Path, k: int) -> tuple[int, int, int]:
    """Triples, events and claims of film ``k``, read from its generated files alone."""
    graph = Graph()
    for path in [corpus / "data" / f"synthetic-film-{k}.ttl", *(corpus / "data" / f"synthetic-film-{k}").glob("*.ttl")]:
        graph.parse(path, format="turtle")
    film = URIRef(FILM + f"synthetic-film-{k}")
    events = {e for e in graph.subjects(FG.inFilm, film) if (e, FG.storyPosition, None) in graph}
    claims = {c for c in graph.subjects(FG.inFilm, film) if (c, FG.statement, None) in graph}
    return len(graph), len(events), len(claims)


def test_films_differ_in_size(corpus: Path) -> None:
    stalker = Graph().parse(ROOT / "data" / "stalker.ttl", format="turtle")
    full_events = {e for e in stalker.subjects(FG.inFilm, None) if (e, FG.storyPosition, None) in stalker}
    counts = {k: _story_counts(corpus, k) for k in range(1, COUNT + 1)}
    assert counts[1][1] == len(full_events)  # film 1 is a full copy: the queries' parameters exist
    assert len({triples for triples, _e, _c in counts.values()}) >= 4
    assert len({events for _t, events, _c in counts.values()}) >= 3
    assert min(events for _t, events, _c in counts.values()) < len(full_events) / 2
    assert any(claims == 0 for _t, _e, claims in counts.values())  # a film without its claims
    assert all(events > 0 for _t, events, _c in counts.values())


def test_cut_film_positions_are_renumbered_without_gaps(dataset) -> None:
    graph = union(dataset)
    for film in FILMS:
        events = [e for e in graph.subjects(FG.inFilm, film) if (e, FG.storyPosition, None) in graph]
        story = {int(graph.value(e, FG.storyPosition)) for e in events}
        screen = sorted(int(graph.value(e, FG.screenPosition)) for e in events)
        assert story == set(range(1, max(story) + 1))
        assert screen == list(range(1, len(events) + 1))


def test_each_film_has_its_own_source_graphs(dataset) -> None:
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    for k in range(1, COUNT + 1):
        for part in ("plot-summary", "curators", "wikidata", "dataset"):
            assert f"https://w3id.org/filmgraph/graph/synthetic-film-{k}-{part}" in names


def test_people_are_shared_across_films(dataset) -> None:
    graph = union(dataset)
    films = {graph.value(p, FG.performanceIn) for p in graph.subjects(FG.performer, KAIDANOVSKY)}
    assert films == FILMS
    assert set(graph.subjects(FG.castMember, KAIDANOVSKY)) == FILMS


def test_places_are_shared_across_films(corpus: Path) -> None:
    """Each film's files name the same real place: one IRI, used by every film."""
    tallinn = URIRef("https://w3id.org/filmgraph/place/tallinn")
    for k in range(1, COUNT + 1):
        graph = Graph().parse(corpus / "data" / f"synthetic-film-{k}" / "wikidata.ttl", format="turtle")
        assert (URIRef(FILM + f"synthetic-film-{k}"), FG.filmingLocation, tallinn) in graph


def test_no_wikidata_link_on_synthetic_films(dataset) -> None:
    graph = union(dataset)
    for film in graph.subjects(RDF.type, FG.Film):
        assert not [o for _p, o in graph.predicate_objects(film) if str(o).startswith(WD)]
        assert graph.value(film, FG.imdbId) is None
    # shared people keep their links: Tarkovsky's stays
    tarkovsky = URIRef("https://w3id.org/filmgraph/person/andrei-tarkovsky")
    assert graph.value(tarkovsky, SKOS.exactMatch) is not None


def test_corpus_validates(corpus: Path) -> None:
    """Full and cut films alike: no violation and no warning either."""
    report = filmgraph.validate(union(load_dataset(include_ontology=False, base=corpus)))
    assert len(report.violations) == 0, report.violations[:3]
    assert len(report.warnings) == 0, report.warnings[:3]
    assert report.passes(strict=True)


def test_same_count_same_bytes(corpus: Path, tmp_path: Path) -> None:
    _corpus_module().write_corpus(COUNT, tmp_path)
    for path in sorted((corpus / "data").rglob("*.ttl")):
        assert (tmp_path / path.relative_to(corpus)).read_bytes() == path.read_bytes()
