"""`filmgraph link check` against a real Oxigraph server holding the Wikidata subset.

Expected values come from tests/fixtures/wikidata-subset.ttl and wikidata-redirect.ttl.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from link_support import (
    BEETHOVEN,
    FILM,
    REDIRECTS,
    TARKOVSKY,
    data_copy,
    relink,
    wd,
)
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from servers import WIKIDATA_SUBSET

import filmgraph
from filmgraph.cli import main
from filmgraph.links import check_links, wikidata_links
from filmgraph.namespaces import FG
from filmgraph.namespaces import compact_iri as curie
from filmgraph.sparql_client import SparqlClient

BUNDLED_LINKS = {
    "film:stalker-1979": "Q200437",
    "work:beethoven-symphony-9": "Q11989",
    "work:roadside-picnic": "Q848517",
    "person:andrei-tarkovsky": "Q853",
    "person:ludwig-van-beethoven": "Q255",
    "group:strugatsky-brothers": "Q153796",
    "organisation:mosfilm": "Q141336",
    "place:soviet-union": "Q15180",
    "place:tallinn": "Q1770",
    "award:nobel-prize": "Q7191",
    "genre:art-film": "Q1135802",
    "genre:drama-film": "Q130232",
    "genre:science-fiction-film": "Q471839",
    "language:russian": "Q7737",
}


@pytest.fixture(scope="module")
def redirect_endpoint(oxigraph_endpoint_factory) -> str:  # type: ignore[no-untyped-def]
    """The subset plus two redirects (Q999999999 -> Q853, Q999999998 -> Q999999999)."""
    return oxigraph_endpoint_factory([WIKIDATA_SUBSET, REDIRECTS])


def client(endpoint: str) -> SparqlClient:
    return SparqlClient(endpoint, use_cache=False, timeout=10)


def test_bundled_graph_passes(wikidata_endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["link", "check", "--endpoint", wikidata_endpoint])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    for entity, qid in BUNDLED_LINKS.items():
        line = next(line for line in captured.out.splitlines() if line.startswith(entity + " "))
        assert qid in line and " ok " in line, line
    assert f"14 link(s) checked at {wikidata_endpoint}: 14 ok" in captured.out
    assert captured.err == ""  # no progress when stderr is not a terminal


def test_only_instances_are_checked_not_ontology_terms(bundled: Graph) -> None:
    links = wikidata_links(bundled)
    assert {curie(link.entity): link.qid for link in links} == BUNDLED_LINKS
    assert all(not str(link.entity).startswith(str(FG)) for link in links)
    # the ontology does link its classes (fg:Person -> Q5); those are left out
    assert (FG.Person, SKOS.exactMatch, wd("Q5")) in bundled


def test_labels_and_types_are_reported(wikidata_endpoint: str, bundled: Graph) -> None:
    report = check_links(bundled, client(wikidata_endpoint))
    by_entity = {r.entity: r for r in report.results}
    tarkovsky = by_entity[TARKOVSKY]
    assert tarkovsky.status == "ok"
    assert tarkovsky.matched_label == '"Andrei Tarkovsky"@en'
    assert tarkovsky.type_status == "fits"
    assert tarkovsky.found_types == ["human (Q5)"]
    film = by_entity[FILM]
    assert film.type_status == "fits" and film.found_types == ["film (Q11424)"]
    novel = by_entity[URIRef("https://w3id.org/filmgraph/work/roadside-picnic")]
    assert novel.type_status == "fits"  # literary work Q7725634, as the novel class allows
    assert set(novel.expected_types) == {"Q8261", "Q7725634"}
    # the subset states no P31 for the language's item: reported, not a failure
    russian = by_entity[URIRef("https://w3id.org/filmgraph/language/russian")]
    assert russian.status == "ok" and russian.type_status == "not stated"
    assert "type not stated" in russian.detail
    # no verified Wikidata class for musical works: the type is not checked, never guessed
    symphony = by_entity[URIRef("https://w3id.org/filmgraph/work/beethoven-symphony-9")]
    assert symphony.status == "ok" and symphony.type_status == "not checked"


def test_wrong_item_fails_naming_the_entity(
    wikidata_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = data_copy(tmp_path, relink(TARKOVSKY, "Q255"))
    code = main(["link", "check", str(copy), "--endpoint", wikidata_endpoint])
    out = capsys.readouterr().out
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith("person:andrei-tarkovsky"))
    assert "Q255" in line and "mismatch" in line
    assert 'expected a label or alias like "Andrei Tarkovsky"@en' in line
    assert '"Ludwig van Beethoven"@en' in line  # what was found
    assert "1 mismatch" in out and "13 ok" in out


def test_json_format(wikidata_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = data_copy(tmp_path, relink(TARKOVSKY, "Q255"))
    code = main(["link", "check", str(copy), "--endpoint", wikidata_endpoint, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    assert doc["ok"] is False and doc["endpoint"] == wikidata_endpoint
    assert doc["counts"]["mismatch"] == 1 and doc["counts"]["ok"] == 13
    (bad,) = [link for link in doc["links"] if link["status"] != "ok"]
    assert bad["entity"] == str(TARKOVSKY) and bad["qid"] == "Q255"
    assert bad["type_status"] == "fits" and bad["label_match"] is None
    assert any(p.startswith("label:") for p in bad["problems"])


def _add_entity(graph: Graph, iri: str, klass: URIRef, label: str, qid: str) -> None:
    node = URIRef(iri)
    graph.add((node, RDF.type, klass))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, SKOS.exactMatch, wd(qid)))


def test_type_mismatch_of_an_aligned_class_fails(
    wikidata_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A person linked to an item labelled like them that is a film (Q11424), not a human."""
    copy = data_copy(
        tmp_path, lambda g: _add_entity(g, "https://w3id.org/filmgraph/person/stalker", FG.Person, "Stalker", "Q200437")
    )
    code = main(["link", "check", str(copy), "--endpoint", wikidata_endpoint])
    out = capsys.readouterr().out
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith("person:stalker "))
    assert "mismatch" in line
    assert "type: expected an instance of Q5 (or a subclass), found film (Q11424)" in line


def test_type_of_a_class_without_a_verified_wikidata_class_is_not_checked(
    wikidata_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No verified Wikidata class for genres: their type is reported as not checked, never guessed."""
    copy = data_copy(
        tmp_path,
        lambda g: _add_entity(g, "https://w3id.org/filmgraph/genre/tarkovsky", FG.Genre, "Tarkovsky", "Q853"),
    )
    assert main(["link", "check", str(copy), "--endpoint", wikidata_endpoint, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (result,) = [link for link in doc["links"] if link["entity"].endswith("/genre/tarkovsky")]
    assert result["type_status"] == "not checked"
    assert result["expected_types"] == []


def test_redirect_is_reported_with_its_target(
    redirect_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = data_copy(tmp_path, relink(TARKOVSKY, "Q999999999"))
    code = main(["link", "check", str(copy), "--endpoint", redirect_endpoint, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1  # the link should name the item itself
    (result,) = [link for link in doc["links"] if link["entity"] == str(TARKOVSKY)]
    assert result["status"] == "redirected"
    assert result["redirect_to"] == "Q853"
    assert result["label_match"] == '"Andrei Tarkovsky"@en'  # the target's label fits
    assert result["type_status"] == "fits"
    assert any("change it to wd:Q853" in p for p in result["problems"])


def test_redirect_chain_is_followed(redirect_endpoint: str, tmp_path: Path) -> None:
    graph = filmgraph.load()
    relink(TARKOVSKY, "Q999999998")(graph)
    report = check_links(graph, client(redirect_endpoint))
    (result,) = [r for r in report.results if r.entity == TARKOVSKY]
    assert result.status == "redirected" and result.redirect_to == "Q853"
    assert "Q999999998 redirects to Q999999999 -> Q853" in result.detail


def test_missing_item_fails(wikidata_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = data_copy(tmp_path, relink(BEETHOVEN, "Q999999990"))
    code = main(["link", "check", str(copy), "--endpoint", wikidata_endpoint])
    out = capsys.readouterr().out
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith("person:ludwig-van-beethoven"))
    assert "missing" in line and "Q999999990" in line and "found nothing" in line


def test_wiki_page_url_is_malformed(wikidata_endpoint: str, tmp_path: Path) -> None:
    graph = filmgraph.load()
    graph.remove((TARKOVSKY, SKOS.exactMatch, None))
    graph.add((TARKOVSKY, SKOS.exactMatch, URIRef("https://www.wikidata.org/wiki/Q853")))
    report = check_links(graph, client(wikidata_endpoint))
    (result,) = [r for r in report.results if r.entity == TARKOVSKY]
    assert result.status == "malformed" and result.qid is None
    assert "http://www.wikidata.org/entity/Q" in result.problems[0]
    assert not report.passes()


def test_small_batches_give_the_same_answer(wikidata_endpoint: str, bundled: Graph) -> None:
    whole = check_links(bundled, client(wikidata_endpoint))
    batched = check_links(bundled, client(wikidata_endpoint), batch_size=3)
    assert [r.as_dict() for r in whole.results] == [r.as_dict() for r in batched.results]


def test_graph_without_links_asks_nothing(closed_endpoint: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "unlinked.ttl"  # statements, but no Wikidata link among them
    empty.write_text('<https://w3id.org/filmgraph/person/x> <http://www.w3.org/2000/01/rdf-schema#label> "X"@en .\n',
                     encoding="utf-8")
    assert main(["link", "check", str(empty), "--endpoint", closed_endpoint]) == 0
    assert "no Wikidata links" in capsys.readouterr().out
