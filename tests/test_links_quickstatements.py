"""`filmgraph link quickstatements` against the Wikidata subset.

The expected statements are written by hand from tests/fixtures/wikidata-subset.ttl and the
graph: the subset's Q200437 has P57 Q853, P144 Q848517, P364 Q7737, P495 Q15180, P136 (three
genres), P272 Q141336, P915 Q1770, P577 1979 and P345 tt0079944, but no P1476; every other
value of the film (writers, composer, cinematographer, cast, characters, fictional places) has
no Wikidata link in the graph. So only the two titles are missing.

Every statement cites where it came from with one reference, S854 (reference URL) = the IRI of
the dataset node describing the film in the graph (dataset:stalker-1979), and nothing else: no
S248 (stated in; the dataset has no Wikidata item) and no S813 (retrieved).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from link_support import ARTEMYEV, FILM, REDIRECTS, data_copy, relink, wd
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, VOID
from servers import WIKIDATA_SUBSET

import filmgraph
from filmgraph.cli import main
from filmgraph.links import quickstatements
from filmgraph.sparql_client import SparqlClient

DATASET = URIRef("https://w3id.org/filmgraph/dataset/stalker-1979")
REF = 'S854\t"https://w3id.org/filmgraph/dataset/stalker-1979"'
EXPECTED = [
    f'Q200437\tP1476\ten:"Stalker"\t{REF}',
    f'Q200437\tP1476\tru:"Сталкер"\t{REF}',
]
#: One QuickStatements v1 statement: item, property, value, optional qualifiers, one reference.
WELL_FORMED = re.compile(
    r'Q[1-9]\d*\tP[1-9]\d*\t(Q[1-9]\d*|"[^"\t]*"|[a-z]+(-[a-z0-9]+)*:"[^"\t]*"|[+-]\d{4,}-\d\d-\d\dT00:00:00Z/\d+)'
    r'(\tP[1-9]\d*\tQ[1-9]\d*)*\tS854\t"https?://[^"\t]+"'
)


def client(endpoint: str) -> SparqlClient:
    return SparqlClient(endpoint, use_cache=False, timeout=10)


def test_only_the_missing_titles(wikidata_endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["link", "quickstatements", "--endpoint", wikidata_endpoint])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    lines = captured.out.splitlines()
    assert lines == EXPECTED
    assert all(WELL_FORMED.fullmatch(line) for line in lines)
    assert not any("\tP57\t" in line for line in lines)  # the subset has the director
    assert not any(f"\t{p}\t" in line for line in lines for p in ("S248", "S813"))


def test_counts_of_what_is_there_and_what_is_unlinked(wikidata_endpoint: str, bundled: Graph) -> None:
    report = quickstatements(bundled, client(wikidata_endpoint))
    # director, 3 genres, based on, studio, language, country, filming location, year, IMDb
    assert report.present == 11
    unlinked = {(p, str(v).rsplit("/", 1)[1]) for _, p, v in report.unlinked}
    assert ("P86", "eduard-artemyev") in unlinked and ("P344", "alexander-knyazhinsky") in unlinked
    assert ("P840", "zone") in unlinked and ("P674", "stalker") in unlinked
    assert len([u for u in unlinked if u[0] == "P161"]) == 5
    assert report.problems == []


def test_newly_linked_people_are_given_back(wikidata_endpoint: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Link the composer and one actor (in a copy): their statements appear, the actor's with his role.

    Q999999916 is the made-up id of the subset's candidate for the composer; Q999999991 and
    Q999999992 are placeholders of this test only (an actor and a character item), used to see a
    P453 qualifier written.
    """
    actor = URIRef("https://w3id.org/filmgraph/person/alexander-kaidanovsky")
    character = URIRef("https://w3id.org/filmgraph/stalker-1979/character/stalker")

    def change(graph: Graph) -> None:
        relink(ARTEMYEV, "Q999999916")(graph)
        graph.add((actor, SKOS.exactMatch, wd("Q999999991")))
        graph.add((character, SKOS.exactMatch, wd("Q999999992")))

    copy = data_copy(tmp_path, change)
    assert main(["link", "quickstatements", str(copy), "--endpoint", wikidata_endpoint]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        *EXPECTED,
        f"Q200437\tP161\tQ999999991\tP453\tQ999999992\t{REF}",
        f"Q200437\tP86\tQ999999916\t{REF}",
        f"Q200437\tP674\tQ999999992\t{REF}",
    ]
    assert all(WELL_FORMED.fullmatch(line) for line in lines)


def _rename(old: URIRef, new: URIRef) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        for s, p, o in list(graph):
            if old in (s, o):
                graph.remove((s, p, o))
                graph.add((new if s == old else s, p, new if o == old else o))

    return change


def test_reference_is_the_dataset_node_of_the_graph(wikidata_endpoint: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    copy = data_copy(tmp_path, _rename(DATASET, URIRef("https://example.org/datasets/stalker-copy")))
    assert main(["link", "quickstatements", str(copy), "--endpoint", wikidata_endpoint]) == 0
    assert capsys.readouterr().out.splitlines() == [
        'Q200437\tP1476\ten:"Stalker"\tS854\t"https://example.org/datasets/stalker-copy"',
        'Q200437\tP1476\tru:"Сталкер"\tS854\t"https://example.org/datasets/stalker-copy"',
    ]


def test_the_reference_cannot_be_replaced(wikidata_endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://example.org/our-study"
    with pytest.raises(SystemExit) as stop:  # an unknown option, refused by argparse
        main(["link", "quickstatements", "--endpoint", wikidata_endpoint, "--reference", url])
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "--reference" in captured.err


def test_film_without_its_dataset_is_a_problem(closed_endpoint: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    def change(graph: Graph) -> None:
        graph.remove((DATASET, DCTERMS.subject, None))

    copy = data_copy(tmp_path, change)
    # no request is made for a film that could not cite its dataset
    assert main(["link", "quickstatements", str(copy), "--endpoint", closed_endpoint]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "filmgraph: film:stalker-1979: statements need the IRI of the one dataset describing the film "
        "(a void:Dataset with dcterms:subject film:stalker-1979) as their reference; found none\n"
    )


def test_film_with_two_datasets_or_a_blank_one_is_a_problem(closed_endpoint: str) -> None:
    graph = filmgraph.load()
    other = BNode()
    graph.add((other, RDF.type, VOID.Dataset))
    graph.add((other, DCTERMS.subject, FILM))
    report = quickstatements(graph, client(closed_endpoint))
    assert report.statements == []
    assert report.problems == [
        "film:stalker-1979: statements need the IRI of the one dataset describing the film (a void:Dataset "
        "with dcterms:subject film:stalker-1979) as their reference; found dataset:stalker-1979, a blank node"
    ]
    graph.remove((DATASET, DCTERMS.subject, FILM))  # the blank node alone: no IRI to cite
    assert quickstatements(graph, client(closed_endpoint)).problems[0].endswith("found a blank node")


def test_output_file_is_written(wikidata_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "statements.tsv"
    assert main(["link", "quickstatements", "--endpoint", wikidata_endpoint, "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == EXPECTED
    assert "2 statement(s) missing from Wikidata, 11 already there" in capsys.readouterr().err


def test_missing_film_item_is_a_problem(wikidata_endpoint: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    copy = data_copy(tmp_path, relink(FILM, "Q999999990"))
    assert main(["link", "quickstatements", str(copy), "--endpoint", wikidata_endpoint]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "film:stalker-1979" in captured.err and "Q999999990" in captured.err


def test_redirected_film_item_is_a_problem(oxigraph_endpoint_factory, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           capsys: pytest.CaptureFixture[str]) -> None:
    endpoint = oxigraph_endpoint_factory([WIKIDATA_SUBSET, REDIRECTS])
    graph = filmgraph.load()
    relink(FILM, "Q999999999")(graph)
    report = quickstatements(graph, client(endpoint))
    assert report.statements == []
    assert report.problems == ["film:stalker-1979: Q999999999 redirects to Q853; update the link first "
                               "(filmgraph link check)"]


def test_unlinked_film_gives_nothing(closed_endpoint: str) -> None:
    graph = filmgraph.load()
    relink(FILM, None)(graph)
    report = quickstatements(graph, client(closed_endpoint))  # no request is made
    assert report.statements == [] and "film:stalker-1979: no single Wikidata link" in report.problems[0]


def test_identifiers_come_only_from_the_graph(wikidata_endpoint: str, bundled: Graph) -> None:
    report = quickstatements(bundled, client(wikidata_endpoint))
    linked = {str(o).rsplit("/", 1)[1] for o in bundled.objects(None, SKOS.exactMatch)}
    for statement in report.statements:
        for token in re.findall(r"\bQ\d+\b", statement.line()):
            assert token in linked
    assert FILM in {s.film for s in report.statements}
