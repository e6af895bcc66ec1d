"""Federated queries: the local graph with rdflib, Wikidata's part through the polite client.

Expected answers are written from tests/fixtures/wikidata-subset.ttl: the items with P57 Q853
are Q200437 (Stalker), Q125772 (Solaris), Q838149 (Mirror), Q147878 (Ivan's Childhood),
Q503046 (Andrei Rublev) and Q281988 (The Sacrifice); Q853 has P569 1932-04-04.
"""

from __future__ import annotations

import datetime
import urllib.parse
from pathlib import Path

import pytest
from link_support import BEETHOVEN, FILM, TARKOVSKY, wd
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery
from servers import FaultServer, json_reply

import filmgraph
from filmgraph import federate, resources
from filmgraph.errors import UsageError
from filmgraph.namespaces import FG
from filmgraph.sparql_client import SparqlClient, fill_values

OTHER_FILMS = {
    "Q125772": "Solaris",
    "Q838149": "Mirror",
    "Q147878": "Ivan's Childhood",
    "Q503046": "Andrei Rublev",
    "Q281988": "The Sacrifice",
}


def client(endpoint: str) -> SparqlClient:
    return SparqlClient(endpoint, use_cache=False, timeout=10)


def test_list_queries() -> None:
    queries = {q.name: q for q in federate.list_queries()}
    assert set(queries) >= {"other-films-by-director", "birth-dates"}
    films = queries["other-films-by-director"]
    assert films.join == "item"
    assert films.params == ("film",)
    assert films.columns == ("film", "director", "directorLabel", "item", "otherFilm", "otherFilmLabel", "date")
    assert films.title and films.question


@pytest.mark.parametrize("path", resources.list_dir(federate.FEDERATED_DIR), ids=lambda p: p.name)
def test_every_part_has_the_usual_header_and_parses(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for key in ("# title: ", "# question: ", "# params: "):
        assert any(line.startswith(key) for line in lines), key
    assert "SERVICE" not in text.upper().replace("# ", "")  # federation is done by the client
    prepareQuery(text)


def test_other_films_by_the_director(wikidata_endpoint: str, bundled: Graph) -> None:
    columns, rows = federate.run("other-films-by-director", bundled, client(wikidata_endpoint))
    assert columns == ["film", "director", "directorLabel", "item", "otherFilm", "otherFilmLabel", "date"]
    found = {str(r["otherFilm"]).rsplit("/", 1)[1]: str(r["otherFilmLabel"]) for r in rows}
    assert found == OTHER_FILMS  # Stalker itself is not "another" film
    for r in rows:
        assert r["film"] == FILM and r["director"] == TARKOVSKY and r["item"] == wd("Q853")
        assert r["directorLabel"] == Literal("Andrei Tarkovsky", lang="en")
        assert "date" not in r  # the subset gives these films no P577
        assert list(r) == [c for c in columns if c in r]


def test_birth_dates(wikidata_endpoint: str, bundled: Graph) -> None:
    columns, rows = federate.run("birth-dates", bundled, client(wikidata_endpoint))
    assert columns == ["film", "role", "person", "personLabel", "item", "birthDate"]
    (row,) = rows  # the only linked person among the film's people in the bundled graph
    assert row["person"] == TARKOVSKY and str(row["role"]) == "director"
    born = row["birthDate"].toPython()
    assert isinstance(born, datetime.datetime) and born.date() == datetime.date(1932, 4, 4)


def test_parameter_selects_the_film(wikidata_endpoint: str, bundled: Graph) -> None:
    _, rows = federate.run("birth-dates", bundled, client(wikidata_endpoint), {"film": FILM})
    assert len(rows) == 1
    other = URIRef("https://w3id.org/filmgraph/film/none-such")
    assert federate.run("birth-dates", bundled, client(wikidata_endpoint), {"film": other}) == (
        ["film", "role", "person", "personLabel", "item", "birthDate"], [])


def test_people_without_a_date_keep_their_row(wikidata_endpoint: str) -> None:
    graph = filmgraph.load()
    graph.add((FILM, FG.composer, BEETHOVEN))  # linked to Q255, which has no P569 in the subset
    _, rows = federate.run("birth-dates", graph, client(wikidata_endpoint))
    beethoven = [r for r in rows if r["person"] == BEETHOVEN]
    assert len(beethoven) == 1 and "birthDate" not in beethoven[0]
    assert str(beethoven[0]["role"]) == "composer"


def test_unknown_query_and_parameter(closed_endpoint: str, bundled: Graph) -> None:
    with pytest.raises(UsageError, match=r"no federated query named 'nope'.*birth-dates"):
        federate.run("nope", bundled, client(closed_endpoint))
    with pytest.raises(UsageError, match="unknown parameter"):
        federate.run("birth-dates", bundled, client(closed_endpoint), {"director": TARKOVSKY})


def test_no_linked_people_means_no_request(closed_endpoint: str) -> None:
    graph = Graph()
    graph.add((FILM, RDF.type, FG.Film))
    assert federate.run("birth-dates", graph, client(closed_endpoint))[1] == []


def test_values_are_injected_in_batches(fault_server: FaultServer, tmp_path: Path) -> None:
    """Two linked directors, batches of one: two requests, each with its own VALUES block."""
    graph = filmgraph.load()
    graph.add((FILM, FG.director, BEETHOVEN))
    films = {"Q853": "Q125772", "Q255": "Q11989"}  # director -> a film the fake server names
    fault_server.queue(  # one answer per batch; batches go in IRI order
        *(
            json_reply({
                "head": {"vars": ["item", "otherFilm"]},
                "results": {"bindings": [{
                    "item": {"type": "uri", "value": str(wd(director))},
                    "otherFilm": {"type": "uri", "value": str(wd(films[director]))},
                }]},
            })
            for director in sorted(films, key=lambda q: str(wd(q)))
        )
    )
    c = SparqlClient(fault_server.url, cache_dir=tmp_path / "c", timeout=5)
    _, rows = federate.run("other-films-by-director", graph, c, batch_size=1)
    sent = [urllib.parse.parse_qs(urllib.parse.urlsplit(r.path).query)["query"][0] for r in fault_server.requests]
    assert len(sent) == 2
    for query, director in zip(sent, sorted(films, key=lambda q: str(wd(q))), strict=True):
        assert f"VALUES ?item {{ <{wd(director)}> }}" in query
        body = query.partition("WHERE {")[2]
        assert body.lstrip().startswith("VALUES ?item")  # first in the WHERE group
    pairs = {(str(r["director"]).rsplit("/", 1)[1], str(r["otherFilm"]).rsplit("/", 1)[1]) for r in rows}
    assert pairs == {("andrei-tarkovsky", "Q125772"), ("ludwig-van-beethoven", "Q11989")}
    assert all(r.headers["User-Agent"].startswith("filmgraph/") for r in fault_server.requests)


def test_fill_values_fills_the_placeholder_only() -> None:
    query = 'SELECT ?item WHERE {\n  VALUES ?item { }\n  ?item ?p "{ }" .\n}\n'
    filled = fill_values(query, "VALUES ?item { <http://example.org/a> }")
    assert filled == 'SELECT ?item WHERE {\n  VALUES ?item { <http://example.org/a> }\n  ?item ?p "{ }" .\n}\n'
    prepareQuery(filled)
    with pytest.raises(UsageError, match="no empty 'VALUES \\?film"):
        fill_values(query, "VALUES ?film { <http://example.org/a> }")
