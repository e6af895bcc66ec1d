"""The review file is for a spreadsheet: no cell from an endpoint may become a formula, and `link
apply` reads every cell back exactly. SPARQL results as CSV keep the W3C format untouched."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from link_support import ABRAMOVA, TARKOVSKY, data_copy, relink, wd
from rdflib import URIRef
from rdflib.namespace import SKOS
from servers import WIKIDATA_SUBSET

from filmgraph.cli import main
from filmgraph.graph import parse_file
from filmgraph.links import REVIEW_COLUMNS, Suggestion, review_csv
from filmgraph.spreadsheet import from_cell, single_line, to_cell

HYPERLINK = '=HYPERLINK("http://127.0.0.1:9/steal","click")'
#: Items whose alias matches Natasha Abramova's name, with a label and a description that a
#: spreadsheet would take as formulas (made-up identifiers; the endpoint is hostile).
HOSTILE_ITEMS = f"""
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
wd:Q999999990 rdfs:label {HYPERLINK!r}@en ; skos:altLabel "Natasha Abramova"@en ;
    schema:description "-5"@en ; wdt:P31 wd:Q5 .
wd:Q999999991 rdfs:label "'Round Midnight"@en ; skos:altLabel "Natasha Abramova"@en ;
    schema:description "@SUM(1+1)"@en ; wdt:P31 wd:Q5 .
wd:Q999999992 rdfs:label "+7"@en ; skos:altLabel "Natasha Abramova"@en ;
    schema:description "\\tcmd|' /C calc'!A0"@en ; wdt:P31 wd:Q5 .
wd:Q999999993 rdfs:label "Natasha Abramova"@en ;
    schema:description "first line\\r\\n=second line\\nthird, \\"quoted\\""@en ; wdt:P31 wd:Q5 .
"""
TEXTS = [
    "", "plain", "a=b", " =1+1", "=1+1", "-5", "+7", "@SUM(1)", "\tx", "\rx", "\0x", "'", "''", "'=1",
    "'Round Midnight", "''quoted twice", HYPERLINK, "Сталкер",
]


@pytest.mark.parametrize("text", TEXTS)
def test_cells_round_trip_exactly(text: str) -> None:
    assert from_cell(to_cell(text)) == text


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("-5", "'-5"),
        ("+7", "'+7"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\0x", "'\0x"),
        ("'Round Midnight", "''Round Midnight"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("Andrei Tarkovsky", "Andrei Tarkovsky"),
    ],
)
def test_formula_cells_get_a_quote(text: str, cell: str) -> None:
    assert to_cell(text) == cell


def test_the_review_file_round_trips_through_csv() -> None:
    suggestion = Suggestion(URIRef("https://w3id.org/filmgraph/person/natasha-abramova"), "-Natasha-",
                            "Q999999990", HYPERLINK, "'quoted', \"twice\"", 0.5, "@evidence\t")
    text = review_csv([suggestion])
    assert text.count("\n") == 2  # a header and one row, each on one line
    (written,) = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert written[3] == "'" + HYPERLINK and written[1] == "'-Natasha-" and written[4] == "''quoted', \"twice\""
    assert [from_cell(cell) for cell in written] == list(suggestion.row().values())


def test_line_breaks_in_cells_become_spaces() -> None:
    assert single_line("a\r\nb\rc\nd\n\ne") == "a b c d  e"
    suggestion = Suggestion(URIRef("https://w3id.org/filmgraph/person/natasha-abramova"), "Natasha Abramova",
                            "Q999999990", "label\r", "two\nlines", 0.5, "\r\n=evidence")
    text = review_csv([suggestion])
    assert text.count("\n") == 2
    (written,) = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert written[3:5] == ["label ", "two lines"]
    assert written[6] == " =evidence"  # the break made a space, and a cell starting with a space is no formula


def _safe(cell: str) -> bool:
    return not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\0"))


def test_suggest_neutralises_what_the_endpoint_says_and_apply_reads_it_back(
    oxigraph_endpoint_factory: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text(HOSTILE_ITEMS, encoding="utf-8")
    endpoint = oxigraph_endpoint_factory([WIKIDATA_SUBSET, hostile])  # type: ignore[operator]
    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    sheet = tmp_path / "review.csv"
    assert main(["link", "suggest", str(data), "--endpoint", endpoint, "--out", str(sheet)]) == 0
    text = sheet.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == REVIEW_COLUMNS
    assert all(_safe(cell) for row in rows for cell in row), text
    by_qid = {row[2]: dict(zip(REVIEW_COLUMNS, row, strict=True)) for row in rows[1:]}
    assert by_qid["Q999999990"]["candidate_label"] == "'" + HYPERLINK
    assert by_qid["Q999999990"]["description"] == "'-5"
    assert by_qid["Q999999991"]["candidate_label"] == "''Round Midnight"
    assert by_qid["Q999999991"]["description"] == "'@SUM(1+1)"
    assert by_qid["Q999999992"]["candidate_label"] == "'+7"
    assert by_qid["Q999999992"]["description"] == "'\tcmd|' /C calc'!A0"
    assert by_qid["Q999999993"]["description"] == 'first line =second line third, "quoted"'
    assert {by_qid[q]["entity"] for q in ("Q999999990", "Q999999991", "Q999999992", "Q999999993")} == {
        "person:natasha-abramova"}
    assert len(text.splitlines()) == len(rows)  # every row on one line: apply's strict reader takes it
    # a person approves the Tarkovsky row; apply reads the file, hostile rows and all
    for row in rows[1:]:
        if row[2] == "Q853":
            row[-1] = "yes"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    sheet.write_text(buffer.getvalue(), encoding="utf-8")
    capsys.readouterr()
    assert main(["link", "apply", str(sheet), "--data", str(data), "--no-verify"]) == 0
    graph = parse_file(data)
    assert (TARKOVSKY, SKOS.exactMatch, wd("Q853")) in graph
    assert (ABRAMOVA, SKOS.exactMatch, None) not in graph


def test_apply_removes_one_leading_quote_from_each_cell(tmp_path: Path) -> None:
    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    sheet = tmp_path / "review.csv"
    sheet.write_text(",".join(REVIEW_COLUMNS) + "\n'person:andrei-tarkovsky,,'Q853,,,1.00,,'yes\n", encoding="utf-8")
    assert main(["link", "apply", str(sheet), "--data", str(data), "--no-verify"]) == 0
    assert (TARKOVSKY, SKOS.exactMatch, wd("Q853")) in parse_file(data)


def test_sparql_csv_results_are_left_as_the_w3c_format_says(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "values.ttl"
    data.write_text(
        '<http://example.org/a> <http://example.org/v> "-5", "=1+1", "@SUM(1)", "+7", "\'quoted" .\n',
        encoding="utf-8",
    )
    query = tmp_path / "values.rq"
    query.write_text("SELECT ?v WHERE { ?s ?p ?v } ORDER BY ?v\n", encoding="utf-8")
    assert main(["query", str(query), "--data", str(data), "--no-ontology", "-f", "csv"]) == 0
    assert capsys.readouterr().out == "v\r\n'quoted\r\n+7\r\n-5\r\n=1+1\r\n@SUM(1)\r\n"
