"""The fast validation engine (pyshacl-turbo for SHACL Core, SPARQL constraints once each on
pyoxigraph) against pySHACL, the reference: the same report on every shape fixture and on a
several-film corpus with defects, graph for graph and result for result."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from corpus_support import write_corpus
from rdflib.compare import isomorphic
from shape_fixtures import INVALID, VALID, report_for

import filmgraph
from filmgraph.cli import main
from filmgraph.errors import UsageError
from filmgraph.stores import union_ntriples
from filmgraph.validation import Report, validate


@cache
def reference_for(path: Path) -> Report:
    """pySHACL's report for one fixture."""
    return validate(filmgraph.parse_file(path), engine="pyshacl")


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: p.name)
def test_the_fast_report_is_pyshacls_on_every_fixture(path: Path) -> None:
    fast, reference = report_for(path), reference_for(path)
    assert fast.results == reference.results
    assert isomorphic(fast.graph, reference.graph)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4-film corpus (benchmarks/corpus.py: film 2 a cut story, film 4 a full one without claims);
    film 2's story has a hole in its story positions (5 moved to 50), film 4 two events at one
    screen position (23 given twice)."""
    out = write_corpus(4, tmp_path_factory.mktemp("corpus"))
    second = out / "data" / "synthetic-film-2.ttl"
    second.write_text(second.read_text(encoding="utf-8").replace("fg:storyPosition 5 ;", "fg:storyPosition 50 ;"),
                      encoding="utf-8")
    fourth = out / "data" / "synthetic-film-4.ttl"
    text = fourth.read_text(encoding="utf-8")
    assert "fg:screenPosition 14 ;" in text and "fg:screenPosition 23 ;" in text
    fourth.write_text(text.replace("fg:screenPosition 14 ;", "fg:screenPosition 23 ;", 1), encoding="utf-8")
    return out


def test_several_films_with_defects_get_the_same_report_from_both_engines(damaged: Path) -> None:
    data = union_ntriples(base=damaged)
    fast = validate(data)
    reference = validate(data, engine="pyshacl")
    assert fast.results == reference.results
    assert isomorphic(fast.graph, reference.graph)
    # each defect is found in its own film, and only there
    gaps = [r for r in fast.results if r.constraint == "fgsh:event-position-gap-free"]
    assert gaps and all("synthetic-film-2" in r.focus for r in gaps)
    assert any("nothing stands at position 5" in r.message for r in gaps)
    twice = [r for r in fast.results if r.constraint == "fgsh:event-screen-position-unique"]
    assert len(twice) == 2 and all("synthetic-film-4" in r.focus for r in twice)


def test_an_unknown_engine_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown validation engine 'topbraid'"):
        validate(engine="topbraid")


def test_the_cli_validates_with_either_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.ttl"
    fixture = next(p for p in INVALID if p.name == "event-position-gap.ttl")
    broken.write_text(fixture.read_text(encoding="utf-8"), encoding="utf-8")
    outputs = []
    for engine in ("fast", "pyshacl"):
        assert main(["validate", str(broken), "--engine", engine]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert re.search(r"nothing stands at position \d+", outputs[0])
