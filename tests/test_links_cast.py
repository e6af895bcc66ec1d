"""`filmgraph link cast`: each performance checked against the film item's cast statements.

A made-up film (its Wikidata side in tests/fixtures/wikidata-cast.ttl, every identifier made up)
has one performance that Wikidata confirms with a character role, one whose actor is listed
without a role, and one it does not list. The bundled Stalker graph is checked against the
verified subset, which holds no cast statements: its cast stays unconfirmed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from servers import WIKIDATA_SUBSET

from filmgraph.cli import main
from filmgraph.graph import load_ontology, parse_file
from filmgraph.links.cast import ACTOR_ONLY, CONFIRMED, NOT_FOUND, check_cast
from filmgraph.sparql_client import SparqlClient

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "wikidata-cast.ttl"

FILM = """\
@prefix fg: <https://w3id.org/filmgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix ex: <https://example.org/keeper/> .

ex:film a fg:Film ; rdfs:label "The Keeper"@en ; skos:exactMatch wd:Q999999940 ;
    fg:hasPerformance ex:p1 , ex:p2 , ex:p3 .
ex:p1 a fg:Performance ; fg:performer ex:tapio ; fg:playsCharacter ex:keeper .
ex:p2 a fg:Performance ; fg:performer ex:aino ; fg:playsCharacter ex:anni .
ex:p3 a fg:Performance ; fg:performer ex:olli ; fg:playsCharacter ex:inspector .
ex:tapio a fg:Person ; rdfs:label "Tapio Niemi"@en .
ex:aino a fg:Person ; rdfs:label "Aino Virta"@en ; skos:exactMatch wd:Q999999943 .
ex:olli a fg:Person ; rdfs:label "Olli Saari"@en .
ex:keeper a fg:Character ; rdfs:label "the keeper"@en .
ex:anni a fg:Character ; rdfs:label "Anni"@en .
ex:inspector a fg:Character ; rdfs:label "the inspector"@en .
"""


@pytest.fixture(scope="module")
def cast_endpoint(oxigraph_endpoint_factory) -> str:  # type: ignore[no-untyped-def]
    return oxigraph_endpoint_factory([FIXTURE])


def test_each_performance_is_confirmed_actor_only_or_not_found(cast_endpoint: str, tmp_path: Path) -> None:
    data = tmp_path / "keeper.ttl"
    data.write_text(FILM, encoding="utf-8")
    (report,) = check_cast(parse_file(data, load_ontology()), SparqlClient(cast_endpoint))
    assert report.qid == "Q999999940"
    found = {str(r.performance).rsplit("/", 1)[-1]: r for r in report.results}
    # the keeper: the actor by label, the role by its qualifier's label (articles ignored)
    assert (found["p1"].status, found["p1"].actor_qid, found["p1"].role_qid) == (CONFIRMED, "Q999999941", "Q999999942")
    # Anni: the actor by his link, but the statement gives no character role
    assert (found["p2"].status, found["p2"].role_qid) == (ACTOR_ONLY, None)
    assert found["p3"].status == NOT_FOUND  # not in the film item's cast
    assert not report.passes()


def test_cli_reports_each_performance_and_exits_1_until_all_are_confirmed(
    cast_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "keeper.ttl"
    data.write_text(FILM, encoding="utf-8")
    assert main(["link", "cast", str(data), "--endpoint", cast_endpoint]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "<https://example.org/keeper/film> (wd:Q999999940)"  # compact_iri: an IRI without prefix in <>
    assert "  confirmed: Tapio Niemi as the keeper (wd:Q999999941 as wd:Q999999942)" in out
    assert "  actor only: Aino Virta as Anni (wd:Q999999943)" in out
    assert "  not found: Olli Saari as the inspector" in out
    assert out[-1] == "1 of 3 performance(s) confirmed by Wikidata's cast statements (P161 with P453)"


def test_the_bundled_cast_is_not_confirmed_by_the_verified_subset(
    oxigraph_endpoint_factory, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    endpoint = oxigraph_endpoint_factory([WIKIDATA_SUBSET])
    assert main(["link", "cast", "--endpoint", endpoint]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "film:stalker-1979 (wd:Q200437)"
    assert sum(line.startswith("  not found: ") for line in out) == 5  # so the cast stays the curators'
    assert out[-1].startswith("0 of 5 performance(s) confirmed")


def test_a_graph_without_a_linked_film_says_so(cast_endpoint: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "none.ttl"
    data.write_text(FILM.replace("skos:exactMatch wd:Q999999940 ;", ""), encoding="utf-8")
    assert main(["link", "cast", str(data), "--endpoint", cast_endpoint]) == 0
    assert capsys.readouterr().out == "no film with a Wikidata link and performances in the graph\n"
