"""Every SPARQL file under queries/ (library, lint, federated, Wikidata templates) parses with
both engines and carries the header every query file has."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib.plugins.sparql import prepareQuery

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "queries").rglob("*.rq"))


def test_there_are_query_files_in_every_folder() -> None:
    folders = {p.parent.name for p in FILES}
    assert {"queries", "lint", "federated", "wikidata"} <= folders


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT / "queries")))
def test_query_file_parses_on_both_engines_and_has_a_header(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# title: ")
    assert any(line.startswith("# question: ") for line in lines)
    assert any(line.startswith("# params:") for line in lines)
    prepareQuery(text)
    pyoxigraph.Store().query(text)
