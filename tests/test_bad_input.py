"""Odd input a user may give: every case is one line on stderr with exit 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "filmgraph", *args], capture_output=True, text=True,
                          timeout=120, check=False, env={**os.environ, **(env or {})})


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr  # argparse's errors too, with their "(see --help)" on the line
    return lines[0]


def test_ill_typed_literal_is_left_to_the_shapes_without_a_log_traceback(tmp_path: Path) -> None:
    path = tmp_path / "typed.ttl"
    text = (ROOT / "data" / "stalker.ttl").read_text(encoding="utf-8")
    broken = text.replace('fg:storyPosition 7 ', 'fg:storyPosition "seven"^^xsd:integer ')
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    proc = run("validate", str(path))
    assert "Traceback" not in proc.stderr and "Failed to convert" not in proc.stderr
    assert proc.returncode == 1
    assert "event:rules-of-the-zone" in proc.stdout and "story position" in proc.stdout


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("relative.jsonld", '{"@context": "/etc/hostname", "@id": "http://ex/a"}',
         "relative.jsonld: refusing to fetch the JSON-LD document file:///etc/hostname"),
        ("deep.jsonld", "[" * 100000 + "]" * 100000, "deep.jsonld: JSON nested too deeply"),
    ],
)
def test_odd_json_ld(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    proc = run("validate", str(path))
    assert proc.returncode == 2
    assert expected in one_line_error(proc)


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1", "soon"])
def test_timeout_must_be_a_finite_positive_number(value: str) -> None:
    proc = run("query", "cast", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", value)
    assert proc.returncode == 2
    assert "--timeout" in one_line_error(proc)


@pytest.mark.parametrize("command", [("query", "cast"), ("link", "check")])
def test_malformed_endpoint_url(command: tuple[str, ...]) -> None:
    proc = run(*command, "--endpoint", "http://[::1")
    assert proc.returncode == 2
    assert one_line_error(proc) == "filmgraph: http://[::1: not a valid endpoint URL (Invalid IPv6 URL)"


def test_user_agent_with_a_line_break() -> None:
    proc = run("query", "cast", "--endpoint", "http://127.0.0.1:9/sparql", env={"FILMGRAPH_USER_AGENT": "a\nb"})
    assert proc.returncode == 2
    assert "User-Agent" in one_line_error(proc)


def test_an_empty_file_is_not_a_conforming_graph(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    for command in (("validate",), ("stats",)):
        proc = run(*command, str(empty))
        assert proc.returncode == 2
        message = f"filmgraph: {empty}: holds no RDF statements (an empty file, or a document with nothing in it)"
        assert one_line_error(proc) == message


def test_relative_ids_in_json_ld_resolve_against_the_file(tmp_path: Path) -> None:
    path = tmp_path / "relative-ids.jsonld"
    path.write_text('{"@id": "a", "http://example.org/p": "x"}', encoding="utf-8")
    proc = run("export", "--data", str(path), "--format", "nt")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f'<{(tmp_path / "a").as_uri()}> <http://example.org/p> "x" .\n'


def test_out_dash_is_standard_output(tmp_path: Path) -> None:
    import os

    proc = subprocess.run([sys.executable, "-m", "filmgraph", "query", "cast", "--format", "csv", "--out", "-"],
                          capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path, env=dict(os.environ))
    assert proc.returncode == 0
    assert proc.stdout.startswith("billing,actor,")
    assert list(tmp_path.iterdir()) == []  # no file called "-"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--graph", "notaniri", "--format", "nq"), "'notaniri' is not an absolute IRI"),
        (("--context-url", "not a url", "--format", "jsonld"), "give an absolute http(s) URL"),
        (("--context-url", "https://example.org/c.jsonld", "--format", "turtle"), "is for JSON-LD exports"),
    ],
)
def test_export_options_are_checked(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    data = tmp_path / "one.ttl"
    data.write_text("<http://example.org/s> <http://example.org/p> 1 .\n", encoding="utf-8")
    proc = run("export", "--data", str(data), *args)
    assert proc.returncode == 2
    assert expected in one_line_error(proc)
    assert proc.stdout == ""


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (("query", "-"), "", "filmgraph: <stdin>: the query is empty"),
        (("query", "cast", "--no-ontology"), None, "--no-ontology goes with --data"),
        (("query", "cast", "--out", ""), None, "--out needs a file name"),
    ],
)
def test_query_call_mistakes(args: tuple[str, ...], stdin: str | None, expected: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "filmgraph", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 2
    assert expected in one_line_error(proc)


def test_an_iri_parameter_the_graph_never_mentions_gets_a_note() -> None:
    proc = run("query", "journey", "--param", "traveller=character:nobody", "--format", "csv")
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == ["arrival,place,placeLabel,region,regionLabel"]
    assert proc.stderr == "filmgraph: note: character:nobody does not occur in the graph; is the IRI right?\n"
    known = run("query", "journey", "--param", "traveller=character:marta", "--format", "csv")
    assert known.returncode == 0 and known.stderr == ""


def test_weird_literals_print_no_python_warnings(tmp_path: Path) -> None:
    path = tmp_path / "weird.ttl"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    path.write_text(f'<http://example.org/a> <http://example.org/b> "maybe"^^<{xsd}boolean> , "x"^^<{xsd}integer> .\n',
                    encoding="utf-8")
    for command, code in (("stats", 0), ("validate", 1)):  # validate: ex:b is in no accepted vocabulary
        proc = run(command, str(path))
        assert proc.returncode == code, proc.stderr
        assert proc.stderr == ""


def test_suggest_refuses_an_unwritable_out_before_asking_anyone(tmp_path: Path) -> None:
    """The endpoint here does not exist: the error must be about --out, found before any request."""
    proc = run("link", "suggest", "--out", str(tmp_path / "missing" / "review.csv"), "--endpoint",
               "http://127.0.0.1:9/sparql")
    assert proc.returncode == 2
    assert "does not exist" in one_line_error(proc) and "127.0.0.1" not in proc.stderr
