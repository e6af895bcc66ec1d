"""`filmgraph link suggest` against the Wikidata subset: right candidates, nothing invented."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from link_support import ABRAMOVA, FILM, TARKOVSKY, data_copy, relink, wd
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

import filmgraph
from filmgraph.cli import main
from filmgraph.links import REVIEW_COLUMNS, suggest_links
from filmgraph.namespaces import FG
from filmgraph.sparql_client import SparqlClient


def rows_of(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == REVIEW_COLUMNS
    return list(reader)


def client(endpoint: str) -> SparqlClient:
    return SparqlClient(endpoint, use_cache=False, timeout=10)


def test_tarkovsky_gets_q853_and_abramova_nothing(
    wikidata_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = data_copy(tmp_path, relink(TARKOVSKY, None))
    before = copy.read_bytes()
    out = tmp_path / "review.csv"
    code = main(["link", "suggest", str(copy), "--endpoint", wikidata_endpoint, "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert copy.read_bytes() == before  # suggestions never go into the graph
    rows = rows_of(out.read_text(encoding="utf-8"))
    tarkovsky = [r for r in rows if r["entity"] == "person:andrei-tarkovsky"]
    assert [r["candidate_qid"] for r in tarkovsky] == ["Q853"]
    (row,) = tarkovsky
    assert row["entity_label"] == "Andrei Tarkovsky"
    assert row["candidate_label"] == "Andrei Tarkovsky"
    assert row["description"] == "Soviet film director and screenwriter (1932–1986)"
    assert float(row["score"]) == 1.0
    assert 'label "Andrei Tarkovsky"@en' in row["evidence"]
    assert 'alias "Андрей Тарковский"@ru' in row["evidence"]
    assert "instance of human (Q5)" in row["evidence"]
    assert row["approved"] == ""
    assert not [r for r in rows if r["entity"] == "person:natasha-abramova"]
    assert "person:natasha-abramova" in printed  # listed as without candidates
    assert f"wrote {out}" in printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "review.csv", "stalker.ttl"]


def test_only_unlinked_real_world_entities_are_considered(wikidata_endpoint: str, bundled: Graph) -> None:
    report = suggest_links(bundled, client(wikidata_endpoint))
    names = {str(e).removeprefix("https://w3id.org/filmgraph/") for e in report.considered}
    assert "person:andrei-tarkovsky" not in names and "person/andrei-tarkovsky" not in names
    assert "person/natasha-abramova" in names
    assert "place/estonia" in names and "work/tyutchev-i-love-your-eyes" in names
    assert not any("/character/" in n or "/setting/" in n or "/event/" in n for n in names)
    assert ABRAMOVA in report.without_candidates
    # the subset's one-source items are proposed for review, never applied by suggest
    proposed = {(str(s.entity).rsplit("/", 1)[1], s.qid) for s in report.suggestions}
    assert ("eduard-artemyev", "Q999999916") in proposed
    assert ("fyodor-tyutchev", "Q999999915") in proposed


def test_film_is_found_by_imdb_id(wikidata_endpoint: str) -> None:
    graph = filmgraph.load()
    relink(FILM, None)(graph)
    for label in list(graph.objects(FILM, RDFS.label)) + list(graph.objects(FILM, FG.title)):
        graph.remove((FILM, None, label))
    graph.add((FILM, RDFS.label, Literal("Untitled working copy", lang="en")))
    report = suggest_links(graph, client(wikidata_endpoint))
    (film,) = [s for s in report.suggestions if s.entity == FILM]
    assert film.qid == "Q200437"
    assert "IMDb ID tt0079944 (P345)" in film.evidence
    assert "instance of film (Q11424)" in film.evidence


def test_candidates_of_the_wrong_type_are_dropped(wikidata_endpoint: str) -> None:
    """A person called "Stalker" must not be offered the film item."""
    graph = filmgraph.load()
    person = URIRef("https://w3id.org/filmgraph/person/someone-called-stalker")
    graph.add((person, RDF.type, FG.Person))
    graph.add((person, RDFS.label, Literal("Stalker", lang="en")))
    report = suggest_links(graph, client(wikidata_endpoint))
    assert person in report.considered
    assert person in report.without_candidates


def test_items_linked_elsewhere_are_not_proposed(wikidata_endpoint: str) -> None:
    graph = filmgraph.load()
    twin = URIRef("https://w3id.org/filmgraph/person/another-tarkovsky-node")
    graph.add((twin, RDF.type, FG.Person))
    graph.add((twin, RDFS.label, Literal("Andrei Tarkovsky", lang="en")))
    report = suggest_links(graph, client(wikidata_endpoint))
    assert twin in report.without_candidates  # Q853 is already person:andrei-tarkovsky's link
    assert (TARKOVSKY, SKOS.exactMatch, wd("Q853")) in graph


def test_csv_goes_to_stdout_without_out(
    wikidata_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = data_copy(tmp_path, relink(TARKOVSKY, None))
    assert main(["link", "suggest", str(copy), "--endpoint", wikidata_endpoint]) == 0
    captured = capsys.readouterr()
    rows = rows_of(captured.out)
    assert "Q853" in {r["candidate_qid"] for r in rows}
    assert "candidate(s)" in captured.err and "natasha-abramova" in captured.err


def test_label_with_quotes_is_sent_safely(wikidata_endpoint: str) -> None:
    """Labels are user data: quotes, braces and backslashes stay inside the SPARQL literal."""
    graph = filmgraph.load()
    odd = URIRef("https://w3id.org/filmgraph/person/odd")
    graph.add((odd, RDF.type, FG.Person))
    graph.add((odd, RDFS.label, Literal('A "quoted" } name \\ with\nnewline', lang="en")))
    report = suggest_links(graph, client(wikidata_endpoint))
    assert odd in report.without_candidates
