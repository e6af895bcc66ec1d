"""``filmgraph query`` from the command line: output formats that standard readers parse back,
listing and showing, --out, --data, refusals and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from query_support import ROOT, canonical_graph, char, event, setting, term_rows
from rdflib import Graph, URIRef
from rdflib.query import Result as RdflibResult

import filmgraph
from filmgraph.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["query", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("filmgraph: ")
    return lines[0][len("filmgraph: ") :]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- formats ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def timeline() -> filmgraph.Result:
    return filmgraph.query("timeline")


def reread_rows(text: str, fmt: str) -> list[tuple[object, ...]]:
    """Rows parsed back by rdflib's own SPARQL results parser, as terms."""
    parsed = RdflibResult.parse(io.BytesIO(text.encode("utf-8")), format=fmt)
    names = [str(v) for v in parsed.vars or []]
    rows = []
    for binding in parsed.bindings:
        values = {str(k): v for k, v in binding.items()}
        rows.append(tuple(values.get(n) for n in names))
    return rows


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_result_formats_parse_back_to_the_same_terms(
    fmt: str, timeline: filmgraph.Result, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "timeline", "--format", fmt)
    assert (code, err) == (0, "")
    assert reread_rows(out, fmt) == term_rows(timeline)


def test_json_is_sparql_results_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "cast", "--format", "json", "--param", "lang=ru")
    assert code == 0
    doc = json.loads(out)
    assert doc["head"]["vars"][:3] == ["billing", "actor", "actorLabel"]
    first = doc["results"]["bindings"][0]
    assert first["actor"] == {
        "type": "uri",
        "value": "https://w3id.org/filmgraph/person/alexander-kaidanovsky",
    }
    assert first["actorLabel"] == {
        "type": "literal",
        "value": "Александр Кайдановский",
        "xml:lang": "ru",
    }
    assert first["billing"]["datatype"].startswith("http://www.w3.org/2001/XMLSchema#")


def test_csv_parses_with_the_csv_module(
    timeline: filmgraph.Result, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "timeline", "--format", "csv")
    assert code == 0
    assert "\r\n" in out
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == timeline.vars
    assert len(rows) == len(timeline.rows) + 1
    header = rows[0]
    nuts = dict(zip(header, next(r for r in rows if r[header.index("event")].endswith("/nut-throwing")), strict=True))
    assert (nuts["position"], nuts["screenPosition"], nuts["places"]) == ("11", "9", "the Zone")
    parsed = RdflibResult.parse(io.BytesIO(out.encode("utf-8")), format="csv")
    assert len(parsed.bindings) == len(timeline.rows)


def test_csv_quotes_commas_and_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "claims", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    statements = {r["statement"] for r in rows}
    assert "Whoever steps into the Room will have his deepest wish fulfilled." in statements
    assert any("," in s for s in statements)


def test_markdown_table(timeline: filmgraph.Result, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "timeline", "--format", "md")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "| " + " | ".join(timeline.vars) + " |"
    assert lines[1].startswith("| ---: | ---: | --- |")  # story and screen positions are numbers
    assert len(lines) == 2 + len(timeline.rows)
    assert all(line.count(" | ") == len(timeline.vars) - 1 for line in lines)


def test_table_is_aligned_with_a_row_count(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "cast", "--format", "table")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "billing",
        "actor",
        "actorLabel",
        "character",
        "characterLabel",
        "creditedAs",
    ]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert "person:alexander-kaidanovsky" in lines[2] and "the Stalker" in lines[2]
    column = lines[0].index("actorLabel")
    assert all(line[column - 2 : column] == "  " for line in lines[2:7])
    assert lines[-1] == "(5 rows)"


def test_default_format_is_a_table_on_a_terminal_and_tsv_in_a_pipe(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, piped, _ = run_cli(capsys, "crew")
    assert piped.startswith("?role\t?agent\t?agentLabel\n")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    _, shown, _ = run_cli(capsys, "crew")
    assert shown.splitlines()[0].split() == ["role", "agent", "agentLabel"]
    assert shown.endswith("(7 rows)\n")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_ask_answers_parse_back(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    for place, expected in (("setting:room", False), ("setting:zone", True)):
        code, out, _ = run_cli(capsys, "is-place-shown", "-p", f"place={place}", "--format", fmt)
        assert code == 0
        parsed = RdflibResult.parse(io.BytesIO(out.encode("utf-8")), format=fmt)
        assert parsed.type == "ASK" and parsed.askAnswer is expected


def test_ask_in_table_csv_and_tsv(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "is-place-shown", "-p", "place=setting:room", "--format", "table")[1] == "false\n"
    out = run_cli(capsys, "is-place-shown", "-p", "place=setting:room", "--format", "csv")[1]
    assert list(csv.reader(io.StringIO(out, newline=""))) == [["_askResult"], ["false"]]
    assert run_cli(capsys, "is-place-shown", "-p", "place=setting:room", "--format", "tsv")[1] == "?_askResult\nfalse\n"


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_graph_formats_parse_back_to_the_same_graph(
    fmt: str, parser: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = filmgraph.query("schema-org-view").graph
    assert expected is not None
    code, out, err = run_cli(capsys, "schema-org-view", "--format", fmt)
    assert (code, err) == (0, "")
    graph = Graph().parse(data=out, format=parser)
    assert canonical_graph(graph) == canonical_graph(expected)


def test_graph_output_is_stable_and_uses_the_project_prefixes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    card = ("entity-card", "-p", "entity=film:stalker-1979")
    first = run_cli(capsys, *card, "--format", "nt")[1]
    assert first == run_cli(capsys, *card, "--format", "nt")[1]
    assert first.splitlines() == sorted(first.splitlines())
    turtle = run_cli(capsys, *card)[1]  # turtle by default
    assert "@prefix film: <https://w3id.org/filmgraph/film/> ." in turtle
    jsonld = json.loads(run_cli(capsys, "schema-org-view", "--format", "jsonld")[1])
    assert jsonld["@context"]["schema"] == "https://schema.org/"


def test_a_format_that_does_not_fit_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "cast", "--format", "turtle")
    assert (code, out) == (2, "")
    assert "table, csv, tsv, json, xml, md" in one_error_line(err)
    code, _, err = run_cli(capsys, "entity-card", "-p", "entity=film:stalker-1979", "--format", "csv")
    assert code == 2 and "turtle, nt, jsonld" in one_error_line(err)


# --- listing, showing, files, data ----------------------------------------------------------


def test_list_names_titles_and_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["name", "title", "params"]
    assert any(
        line.startswith("events-in-place ") and "place (IRI, required)" in line for line in lines
    )
    assert not any("undeclared-term" in line for line in lines)
    listing = json.loads(run_cli(capsys, "--list", "--format", "json")[1])
    names = [b["name"]["value"] for b in listing["results"]["bindings"]]
    assert names == sorted(names) and len(names) >= 15


def test_show_prints_the_query_and_with_params_what_would_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_cli(capsys, "--show", "events-in-place")
    assert code == 0
    assert out == (ROOT / "queries" / "events-in-place.rq").read_text(encoding="utf-8")
    code, out, _ = run_cli(capsys, "--show", "events-in-place", "-p", "place=setting:room")
    assert code == 0
    assert "?location fg:partOf* <https://w3id.org/filmgraph/stalker-1979/setting/room> ." in out
    assert "?event fg:inFilm <https://w3id.org/filmgraph/film/stalker-1979> ;" in out


def test_query_from_a_file_and_from_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "# title: Characters\n# question: Who is in the film?\n"
        "# params: film = <https://w3id.org/filmgraph/film/stalker-1979> (IRI): the film\n"
        "PREFIX fg: <https://w3id.org/filmgraph/ontology#>\n"
        "SELECT ?film ?character WHERE { ?film fg:hasCharacter ?character }\n"
    )
    path = write(tmp_path, "characters.rq", text)
    code, out, _ = run_cli(capsys, str(path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert code == 0 and len(rows) == 8
    assert {r["film"] for r in rows} == {
        "https://w3id.org/filmgraph/film/stalker-1979"
    }  # projected
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, _ = run_cli(capsys, "-", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 9


OTHER_FILM = """\
@prefix fg: <https://w3id.org/filmgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/solaris/> .
ex:film a fg:Film ; rdfs:label "Solaris"@en ; fg:hasCharacter ex:kelvin .
ex:kelvin a fg:Character ; rdfs:label "Kris Kelvin"@en .
ex:station a fg:FictionalPlace ; rdfs:label "the station"@en .
ex:library a fg:FictionalPlace ; rdfs:label "the library"@en ; fg:partOf ex:station .
ex:e1 a fg:ShownEvent ; rdfs:label "Kelvin arrives"@en ; fg:inFilm ex:film ;
    fg:storyPosition 1 ; fg:location ex:station ; fg:participant ex:kelvin .
ex:e2 a fg:ShownEvent ; rdfs:label "Kelvin reads"@en ; fg:inFilm ex:film ;
    fg:storyPosition 2 ; fg:location ex:library ; fg:participant ex:kelvin .
"""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_library_works_for_another_film(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write(tmp_path, "solaris.ttl", OTHER_FILM)
    film = "https://example.org/solaris/film"
    args = ["--data", str(data), "--engine", engine, "--format", "csv", "-p", f"film={film}"]
    code, out, _ = run_cli(capsys, "timeline", *args)
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert code == 0
    assert [(r["position"], r["eventLabel"], r["participants"]) for r in rows] == [
        ("1", "Kelvin arrives", "Kris Kelvin"),
        ("2", "Kelvin reads", "Kris Kelvin"),
    ]
    station = "place=https://example.org/solaris/station"
    code, out, _ = run_cli(capsys, "events-in-place", *args, "-p", station)
    assert code == 0 and len(out.splitlines()) == 3  # the library is inside the station
    code, out, _ = run_cli(capsys, "timeline", "--data", str(data), "--format", "csv")  # no film given:
    rows = list(csv.DictReader(io.StringIO(out, newline="")))  # the only film in the data, not a bundled one
    assert code == 0
    assert [(r["position"], r["eventLabel"], r["participants"]) for r in rows] == [
        ("1", "Kelvin arrives", "Kris Kelvin"),
        ("2", "Kelvin reads", "Kris Kelvin"),
    ]


def test_data_file_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.ttl", "@prefix ex: <https://example.org/> .\nex:a ex:b .\n")
    code, _, err = run_cli(capsys, "cast", "--data", str(bad))
    assert code == 2
    assert one_error_line(err).startswith(f"{bad}:2:")


def test_out_writes_atomically_and_guesses_the_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cast.json"
    code, out, _ = run_cli(capsys, "cast", "--out", str(target))
    assert (code, out) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))["head"]["vars"][0] == "billing"
    graph_file = tmp_path / "card.nt"
    assert run_cli(capsys, "entity-card", "-p", "entity=film:stalker-1979", "-o", str(graph_file))[0] == 0
    assert Graph().parse(graph_file, format="nt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card.nt", "cast.json"]  # no leftovers


def test_out_is_left_alone_when_the_query_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = write(tmp_path, "keep.csv", "precious\n")
    bad = write(tmp_path, "bad.rq", "SELECT ?x WHERE { ?x ?p }\n")
    code, _, _ = run_cli(capsys, str(bad), "--out", str(target))
    assert code == 2
    code, _, _ = run_cli(capsys, "cast", "--param", "film=nope", "--out", str(target))
    assert code == 2
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_out_in_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" / "cast.csv"
    code, _, err = run_cli(capsys, "cast", "--out", str(target))
    assert code == 2
    assert one_error_line(err) == f"{target}: cannot write (No such file or directory)"


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
        "PREFIX fg: <https://w3id.org/filmgraph/ontology#>\nDELETE WHERE { ?s fg:title ?t }",
        "DROP ALL",
        "CLEAR DEFAULT",
    ],
)
def test_updates_are_refused(
    update: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "update.rq", update + "\n")
    code, out, err = run_cli(capsys, str(path))
    assert (code, out) == (2, "")
    message = one_error_line(err)
    assert "SPARQL Update" in message and "only reads" in message
    assert "/update" in message and "oxigraph load" in message
    assert message.startswith(f"{path}:")


def test_load_is_refused_as_an_update_that_would_reach_the_network(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "load.rq", "LOAD <https://example.org/data.ttl>\n")
    for extra in ([], ["--allow-network"]):  # --allow-network never makes query write
        code, _, err = run_cli(capsys, str(path), *extra)
        message = one_error_line(err)
        assert code == 2
        assert message.startswith(f"{path}:1:1: LOAD") and "network" in message


SERVICE_QUERY = """\
PREFIX fg: <https://w3id.org/filmgraph/ontology#>
SELECT ?title WHERE {
  SERVICE <http://127.0.0.1:9/sparql> { ?film fg:title ?title }
}
"""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_service_is_refused_without_allow_network(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "service.rq", SERVICE_QUERY)
    code, _, err = run_cli(capsys, str(path), "--engine", engine)
    message = one_error_line(err)
    assert code == 2
    assert message.startswith(f"{path}:3:3: SERVICE") and "--allow-network" in message


def test_from_is_refused_on_a_local_graph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "from.rq", "SELECT * FROM <https://example.org/g> WHERE { ?s ?p ?o }\n")
    code, _, err = run_cli(capsys, str(path))
    assert code == 2
    assert one_error_line(err).startswith(f"{path}:1:10: FROM")


# --- errors --------------------------------------------------------------------------------


def test_syntax_error_names_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "broken.rq", "# title: broken\nSELECT ?s WHERE {\n  ?s ?p\n}\n")
    code, out, err = run_cli(capsys, str(path))
    assert (code, out) == (2, "")
    message = one_error_line(err)
    # pyoxigraph stops at the end (5:1); rdflib names the incomplete triple pattern (3:3).
    assert message.startswith(f"{path}:3:3: syntax error at '?s ?p }}' (rdflib: expected ")
    assert "; pyoxigraph: expected " in message and message.endswith(" at 5:1)")
    path = write(tmp_path, "group.rq", "SELECT ?s (COUNT(?o) AS ?n)\nWHERE { ?s ?p ?o }\n")
    code, _, err = run_cli(capsys, str(path))
    assert code == 2
    assert one_error_line(err) == f"{path}:3:1: the SELECT contains a variable that is unbound"


def test_unknown_prefix_is_located_and_the_fix_suggested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "prefix.rq", "SELECT ?c WHERE {\n  ?c a fg:Character .\n}\n")
    code, _, err = run_cli(capsys, str(path))
    assert code == 2
    assert one_error_line(err) == (
        f"{path}:2:8: unknown prefix 'fg:' in fg:Character; "
        "add: PREFIX fg: <https://w3id.org/filmgraph/ontology#>"
    )


def test_unclosed_brace_and_string(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "brace.rq", "SELECT ?s WHERE {\n  ?s ?p ?o .\n")
    code, _, err = run_cli(capsys, str(path))
    assert code == 2
    assert one_error_line(err) == f"{path}:1:17: '{{' is never closed"
    path = write(tmp_path, "string.rq", 'SELECT ?s WHERE {\n  ?s ?p "Stalker .\n}\n')
    err = run_cli(capsys, str(path))[2]
    assert one_error_line(err) == f"{path}:2:9: this string is never closed"


def test_unknown_query_name_suggests_close_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "timline")
    assert (code, out) == (2, "")
    assert (
        one_error_line(err)
        == "unknown query 'timline'; did you mean timeline? (see 'filmgraph query --list')"
    )
    code, _, err = run_cli(capsys, "event-in-place")
    assert code == 2 and "events-in-place" in one_error_line(err)


def test_bad_iri_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "events-in-place", "--param", "place=zone")
    assert (code, out) == (2, "")
    message = one_error_line(err)
    assert message.startswith(
        "queries/events-in-place.rq: parameter place: 'zone' is not an absolute IRI"
    )
    for injection in ("https://example.org/a> } <x", "https://example.org/a>.<b"):
        code, _, err = run_cli(capsys, "events-in-place", "-p", f"place={injection}")
        assert code == 2 and "is not an absolute IRI" in one_error_line(err)
    code, _, err = run_cli(capsys, "events-in-place", "-p", "place=http://[::1")
    assert code == 2 and "is not a valid IRI (" in one_error_line(err)
    code, _, err = run_cli(capsys, "events-in-place", "-p", "place=seting:zone")
    assert code == 2 and "did you mean setting:zone?" in one_error_line(err)


def test_unknown_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "events-in-place", "--param", "plce=setting:room")
    assert code == 2
    assert one_error_line(err) == (
        "queries/events-in-place.rq: unknown parameter 'plce'; did you mean place? "
        "(it takes film, lang, place)"
    )
    code, _, err = run_cli(capsys, "stats", "--param", "film=film:stalker-1979")
    assert code == 2 and "it declares none" in one_error_line(err)
    code, _, err = run_cli(capsys, "cast", "--param", "film")
    assert code == 2 and "KEY=VALUE" in one_error_line(err)


def test_parameters_work_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "events-in-place", "-p", "place=setting:room", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [URIRef(r["event"]) for r in rows] == [event("porcupine-reaches-room")]
    code, out, _ = run_cli(capsys, "journey", "-p", f"traveller=<{char('wife')}>", "-f", "csv")
    assert code == 0
    places = [URIRef(r["place"]) for r in csv.DictReader(io.StringIO(out, newline=""))]
    assert places == [setting("stalker-home"), setting("bar-cafe"), setting("stalker-home")]


def test_a_real_subprocess(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "FILMGRAPH_CACHE_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "filmgraph", "query"]
    done = subprocess.run(
        [*command, "cast", "--format", "json"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["results"]["bindings"]) == 5
    failed = subprocess.run(
        [*command, "timelin"], capture_output=True, text=True, env=env, timeout=120
    )
    assert failed.returncode == 2
    assert failed.stdout == ""
    assert failed.stderr == (
        "filmgraph: unknown query 'timelin'; did you mean timeline? "
        "(see 'filmgraph query --list')\n"
    )
