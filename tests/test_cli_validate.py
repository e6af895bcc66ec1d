"""`filmgraph validate` and `filmgraph stats`: exit codes, one-line errors, report formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

import filmgraph
from filmgraph.canonical import to_turtle
from filmgraph.cli import main
from filmgraph.namespaces import FG

ROOT = Path(__file__).resolve().parents[1]
PERSON = "https://w3id.org/filmgraph/person/"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess, as a user would run it."""
    return subprocess.run([sys.executable, "-m", "filmgraph", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def test_bundled_graph_conforms_exit_0() -> None:
    proc = run("validate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "conforms: 0 violation(s)" in proc.stdout
    assert proc.stderr == ""


def test_missing_file_is_one_line_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.ttl"
    proc = run("validate", str(missing))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"filmgraph: {missing}: no such file"
    assert "Traceback" not in proc.stderr


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b ex:c ex:d .\n')
    proc = run("validate", str(bad))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"filmgraph: {bad}:3:")
    assert "Traceback" not in proc.stderr


def _copy_without(tmp_path: Path, predicate: URIRef, value: Node) -> Path:
    """The bundled data, written to a file, with the triples ``(?, predicate, value)`` removed."""
    graph = filmgraph.load_data()
    removed = list(graph.triples((None, predicate, value)))
    assert len(removed) == 1
    graph.remove(removed[0])
    path = tmp_path / "copy.ttl"
    path.write_text(to_turtle(graph), encoding="utf-8")
    return path


def _broken_copy(tmp_path: Path) -> Path:
    """The bundled data with one defect: the Writer's performance loses its performer."""
    return _copy_without(tmp_path, FG.performer, URIRef(PERSON + "anatoly-solonitsyn"))


def test_non_conforming_data_exit_1_with_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(_broken_copy(tmp_path))])
    out = capsys.readouterr().out
    assert code == 1
    assert "performance:anatoly-solonitsyn-as-writer" in out
    assert "exactly one performer" in out
    assert "does not conform" in out


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--format", "json", str(_broken_copy(tmp_path))])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1 and doc["conforms"] is False
    focuses = [r["focus"] for r in doc["results"]]
    assert focuses == sorted(focuses)
    assert any(r["shape"] == "fgsh:performance-performer" for r in doc["results"])


def test_turtle_report_is_a_shacl_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "turtle"]) == 0
    report = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert report.query("ASK { ?r <http://www.w3.org/ns/shacl#conforms> true }").askAnswer is True


def test_warnings_fail_only_when_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _copy_without(tmp_path, FG.creditedAs, Literal("Nikolai Grinko"))  # a Warning-level shape
    assert main(["validate", str(path)]) == 0
    assert "1 warning(s)" in capsys.readouterr().out
    assert main(["validate", "--strict", str(path)]) == 1


def test_wrong_option_lists_choices() -> None:
    proc = run("validate", "--format", "yaml")
    assert proc.returncode == 2
    assert "choose from 'text', 'json', 'turtle'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_command_lists_commands() -> None:
    proc = run("frobnicate")
    assert proc.returncode == 2
    assert "validate" in proc.stderr and "stats" in proc.stderr


def test_stats_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--format", "json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    # from the source and the cast list: 1 film, 5 performances, 8 characters, 3 recounted +
    # at least 15 shown events, 14 verified Wikidata links (see test_stalker_data)
    assert counts["films"] == 1
    assert counts["performances"] == 5
    assert counts["characters"] == 8
    assert counts["events"] >= 18
    assert counts["wikidata links"] == 14
    assert counts["triples"] > 1000


def test_paths_are_shown_in_sparql_syntax(capsys: pytest.CaptureFixture[str]) -> None:
    """Inverse and alternative paths read as SPARQL paths, never as blank-node ids."""
    fixture = Path(__file__).resolve().parent / "shapes" / "invalid" / "character-in-no-film.ttl"
    assert main(["validate", str(fixture)]) == 1
    out = capsys.readouterr().out
    assert "violation [^fg:hasCharacter]: This character belongs to no work" in out
    assert "[n" not in out and "_:" not in out
