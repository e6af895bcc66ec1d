"""`filmgraph validate` on broken copies of the bundled data: each mistake is named, nothing conforms
by accident, and input without a statement is refused."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from filmgraph import parse_file, resources
from filmgraph.cli import main
from filmgraph.namespaces import FG

MAIN_FILE = "data/stalker.ttl"  # the story graph, where the misspellings are made
TYPO = "https://w3id.org/filmgraph/ontolgy#"


def _broken_copy(tmp_path: Path, edit: Callable[[str], str]) -> list[str]:
    """The bundled data files, copied to ``tmp_path`` with ``edit`` applied to the story graph."""
    files = []
    for relative in resources.data_files():
        text = resources.read_text(relative)
        if relative == MAIN_FILE:
            edited = edit(text)
            assert edited != text
            text = edited
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    return files


def _once(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def _json_report(files: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(["validate", "--format", "json", *files])
    return code, json.loads(capsys.readouterr().out)


def test_misspelled_prefix_names_every_term_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _broken_copy(tmp_path, _once(f"<{FG}>", f"<{TYPO}>"))
    story = parse_file(next(f for f in files if f.endswith(MAIN_FILE)))
    terms = {p for _, p, _ in story} | set(story.objects(None, RDF.type))  # the classes and properties used
    used = {str(t)[len(TYPO):] for t in terms if str(t).startswith(TYPO)}
    assert len(used) > 50
    code, doc = _json_report(files, capsys)
    assert code == 1 and doc["conforms"] is False
    unknown = [r for r in doc["results"] if r["constraint"] == "fgsh:term-known"]
    assert sorted(r["focus"] for r in unknown) == sorted(f"<{TYPO}{name}>" for name in used)
    assert {r["hint"] for r in unknown} == {f"did you mean fg:{name}?" for name in used}


def test_misspelled_prefix_in_the_only_file_says_nothing_was_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _broken_copy(tmp_path, _once(f"<{FG}>", f"<{TYPO}>"))
    [story] = [f for f in files if f.endswith(MAIN_FILE)]
    assert main(["validate", story]) == 1
    out = capsys.readouterr().out
    assert "<https://w3id.org/filmgraph/ontology>\n  violation: Nothing in this data is an instance" in out
    assert f"<{TYPO}partOf>\n  violation: This term belongs to no vocabulary the shapes accept" in out


def test_misspelled_property(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _broken_copy(tmp_path, _once("    fg:partOf ", "    fg:partof "))
    assert main(["validate", *files]) == 1
    out = capsys.readouterr().out
    assert "fg:partof\n  violation: This term is not declared in the filmgraph ontology" in out
    assert "\n    did you mean fg:partOf?\n" in out


def test_misspelled_class(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _broken_copy(tmp_path, _once("    a fg:FictionalPlace ;", "    a fg:FictionalPlase ;"))
    code, doc = _json_report(files, capsys)
    assert code == 1
    [result] = [r for r in doc["results"] if r["focus"] == "fg:FictionalPlase"]
    assert result["constraint"] == "fgsh:term-known"
    assert result["hint"] == "did you mean fg:FictionalPlace?"


def test_character_typed_as_person(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    writer = "character:writer\n    a fg:Character"
    files = _broken_copy(tmp_path, _once(f"{writer} ;", f"{writer} , fg:Person ;"))
    code, doc = _json_report(files, capsys)
    assert code == 1
    assert [(r["focus"], r["constraint"]) for r in doc["results"]] == [("character:writer", "fgsh:disjoint-classes")]
    message = doc["results"][0]["message"]
    assert "fg:Character" in message and "fg:Person" in message and "disjoint" in message


def _run(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "filmgraph", *args], input=stdin, capture_output=True,
                          text=True, timeout=120, check=False)


NOTHING = ["", " \n\t\n", "# nothing but a comment\n", "@prefix fg: <https://w3id.org/filmgraph/ontology#> .\n"]
NO_STATEMENTS = "holds no RDF statements"


@pytest.mark.parametrize("stdin", NOTHING)
def test_standard_input_without_statements_is_refused(stdin: str) -> None:
    proc = _run("validate", "-", stdin=stdin)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"filmgraph: <stdin>: {NO_STATEMENTS} (empty input, or a document with nothing in it)\n"


@pytest.mark.parametrize("content", NOTHING[1:])
def test_file_without_statements_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "nothing.ttl"
    path.write_text(content, encoding="utf-8")
    proc = _run("validate", str(path), stdin="")
    assert proc.returncode == 2
    assert proc.stderr == f"filmgraph: {path}: {NO_STATEMENTS} (an empty file, or a document with nothing in it)\n"


def test_standard_input_with_statements_is_validated() -> None:
    proc = _run("validate", "-", stdin=(Path(__file__).parent / "shapes" / "valid" / "story.ttl").read_text())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.endswith("conforms: 0 violation(s), 0 warning(s)\n")
