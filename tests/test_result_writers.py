"""Query answers as text: blank nodes stay distinct in every format, and a CONSTRUCT answer's
N-Triples are the bytes ``filmgraph export`` writes for the same triples."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from query_support import stalker_params
from rdflib import BNode, Graph, Namespace

from filmgraph.cli import main
from filmgraph.graph import parse_text
from filmgraph.queries import load_query, names
from filmgraph.results import GRAPH_FORMATS, RESULT_FORMATS, Result, render

EX = Namespace("http://example.org/ns#")
#: Labels that a writer replacing characters outside [A-Za-z0-9_] would merge into one ``a_b``.
LABELS = ("a-b", "a.b", "a_b")
#: A label an endpoint may send that no N-Triples writer accepts: it must stay distinct too.
UNWRITABLE = "a b"


def _blank_values(fmt: str, text: str) -> list[str]:
    """The blank node labels in one column of a SELECT answer written in ``fmt``, row by row."""
    if fmt == "csv":
        return [row[0].removeprefix("_:") for row in csv.reader(io.StringIO(text, newline=""))][1:]
    if fmt == "json":
        return [row["x"]["value"] for row in json.loads(text)["results"]["bindings"]]
    if fmt in ("tsv", "xml"):
        parsed = ox.parse_query_results(text.encode(), format=getattr(ox.QueryResultsFormat, fmt.upper()))
        return [solution["x"].value for solution in parsed]
    lines = text.splitlines()[2:]  # table and Markdown: after the header and its rule
    cells = [line.strip("| ").strip() for line in lines if line.strip().startswith(("_:", "| _:"))]
    return [cell.removeprefix("_:") for cell in cells]


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_blank_nodes_stay_distinct_in_every_result_format(fmt: str) -> None:
    result = Result.select(["x"], [[BNode(label)] for label in (*LABELS, UNWRITABLE)])
    values = _blank_values(fmt, render(result, fmt))
    assert len(values) == 4 and len(set(values)) == 4, values
    assert values[:3] == list(LABELS)  # labels a writer accepts are kept as they are


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_blank_nodes_stay_distinct_in_every_graph_format(fmt: str) -> None:
    graph = Graph()
    for label in LABELS:
        graph.add((EX.s, EX.p, BNode(label)))
    text = render(Result("CONSTRUCT", graph=graph), fmt)
    suffix = {"turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld"}[fmt]
    parsed = parse_text(text, "answer" + suffix)
    assert len(set(parsed.objects(EX.s, EX.p))) == 3


CONSTRUCTS = [name for name in names() if load_query(name).kind in ("CONSTRUCT", "DESCRIBE")]


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_query_nt_is_what_export_nt_writes(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = tmp_path / "answer.nt"
    params = [f"--param={key}={value}" for key, value in stalker_params(name).items()]
    assert main(["query", name, *params, "--format", "nt", "--out", str(answer)]) == 0
    assert answer.read_bytes(), name
    exported = tmp_path / "exported.nt"
    assert main(["export", "--data", str(answer), "--format", "nt", "--out", str(exported)]) == 0
    assert exported.read_bytes() == answer.read_bytes()
    capsys.readouterr()
