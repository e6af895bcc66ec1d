"""filmgraph.diff and the diff / dump commands, on small graphs whose changes are written out by hand."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

import filmgraph
from filmgraph.cli import main
from filmgraph.datasets import new_dataset
from filmgraph.diffing import vanished_subjects

EX = "https://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")
A, B, C = (URIRef(EX + name) for name in ("a", "b", "c"))
LABEL = (A, RDFS.label, Literal("a", lang="en"))
TYPE = (B, RDF.type, OWL.Class)


def _dataset(quads: list[tuple]) -> Dataset:
    dataset = new_dataset()
    for s, p, o, g in quads:
        dataset.graph(g).add((s, p, o))
    return dataset


def _union_class(dataset: Dataset, graph: URIRef, members: list[URIRef]) -> None:
    """``C owl:unionOf ( members )`` with fresh blank nodes, as a parser would make them."""
    head, union = BNode(), BNode()
    Collection(dataset.graph(graph), head, members)
    dataset.graph(graph).add((C, RDFS.subClassOf, union))
    dataset.graph(graph).add((union, OWL.unionOf, head))


def test_a_statement_moved_between_graphs_changes_the_graphs_not_the_statements() -> None:
    change = filmgraph.diff(_dataset([(*LABEL, G1)]), _dataset([(*LABEL, G2)]))
    assert change.statements.counts() == (0, 0)
    assert {g: c.counts() for g, c in change.graphs.items()} == {str(G1): (0, 1), str(G2): (1, 0)}
    assert change.graphs[str(G2)].added == ('<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> '
                                           '"a"@en .',)


def test_added_removed_and_kept_statements_are_told_apart() -> None:
    old = _dataset([(*LABEL, G1), (*TYPE, G1)])
    new = _dataset([(*TYPE, G1), (A, RDFS.label, Literal("A", lang="en"), G1), (B, RDFS.label, Literal("b"), G1)])
    change = filmgraph.diff(old, new)
    assert change.statements.counts() == (2, 1)
    assert change.statements.removed == ('<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> '
                                         '"a"@en .',)
    assert list(change.graphs) == [str(G1)]


def test_a_literal_of_another_datatype_or_lexical_form_is_another_statement() -> None:
    old = _dataset([(A, RDFS.comment, Literal("1", datatype=URIRef(XSD + "positiveInteger")), G1)])
    new = _dataset([(A, RDFS.comment, Literal("1", datatype=URIRef(XSD + "integer")), G1)])
    assert filmgraph.diff(old, new).statements.counts() == (1, 1)


def test_blank_nodes_are_compared_by_structure_not_by_label() -> None:
    old, same, changed = new_dataset(), new_dataset(), new_dataset()
    _union_class(old, G1, [A, B])
    _union_class(same, G1, [A, B])
    _union_class(changed, G1, [A, B, C])
    assert not filmgraph.diff(old, same)
    # the list grows by one cell (two statements); however the blank nodes are matched, two more
    # statements are added than removed, C's cell is among the added, and fewer than the whole old
    # list and union (six statements) are removed
    change = filmgraph.diff(old, changed)
    added, removed = change.statements.counts()
    assert added - removed == 2 and 0 < removed < 6
    assert any(line.endswith(f"<{RDF.first}> <{C}> .") for line in change.statements.added)


def test_vanished_subjects_are_the_iris_no_longer_described() -> None:
    old = _dataset([(*LABEL, G1), (*TYPE, G1), (C, RDFS.seeAlso, A, G1)])
    new = _dataset([(*TYPE, G2), (B, RDFS.seeAlso, A, G2)])
    assert vanished_subjects(old, new) == [A, C]


# --- the commands -----------------------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_command_reports_statements_graphs_and_gone_iris(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    old = _write(tmp_path / "old.nq", f'<{A}> <{RDFS.label}> "a"@en <{G1}> .\n<{C}> <{RDFS.label}> "c" .\n')
    new = _write(tmp_path / "new.nq", f'<{A}> <{RDFS.label}> "a"@en <{G2}> .\n<{B}> <{RDFS.label}> "b" <{G2}> .\n')
    assert main(["diff", str(old), str(new)]) == 0
    assert capsys.readouterr().out == (
        "statements: 1 added, 1 removed\n"
        "(default graph): 0 added, 1 removed\n"
        f"graph <{G1}>: 0 added, 1 removed\n"
        f"graph <{G2}>: 2 added, 0 removed\n"
        "IRIs no longer described: 1\n"
        f"  <{C}>\n"
    )
    assert main(["diff", "--triples", str(old), str(new)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:9] == [
        "statements: 1 added, 1 removed",
        "(default graph): 0 added, 1 removed",
        f'- <{C}> <{RDFS.label}> "c" .',
        f"graph <{G1}>: 0 added, 1 removed",
        f'- <{A}> <{RDFS.label}> "a"@en .',
        f"graph <{G2}>: 2 added, 0 removed",
        f'+ <{A}> <{RDFS.label}> "a"@en .',
        f'+ <{B}> <{RDFS.label}> "b" .',
        "IRIs no longer described: 1",
    ]


def test_dump_command_writes_the_same_bytes_each_time(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    first, second = tmp_path / "a.nq.gz", tmp_path / "b.nq.gz"
    assert main(["dump", "--quiet", "--out", str(first)]) == 0
    assert main(["dump", "--quiet", "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert gzip.decompress(first.read_bytes()) == filmgraph.export(None, "nq")
    assert main(["diff", str(first), str(second)]) == 0
    assert capsys.readouterr().out == "statements: 0 added, 0 removed\nIRIs no longer described: none\n"


@pytest.mark.parametrize("name", ["release.ttl", "release.jsonld", "release.nq.bz2", "release"])
def test_dump_to_a_name_of_another_format_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                     name: str) -> None:
    out = tmp_path / name
    assert main(["dump", "--quiet", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "name it .nq or .nq.gz" in err
    assert not out.exists()


def _gzip(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: _write(d / "x.nq.gz", "not gzip"), "not a whole gzip file"),
    (lambda d: _gzip(d / "x.nq.gz", gzip.compress(b"<a> <b> <c> .\n" * 50)[:30]), "not a whole gzip file"),
    (lambda d: _gzip(d / "x.ttl.gz", gzip.compress(b"")), "a compressed input is a dump"),
    (lambda d: d, "not a project folder"),
    (lambda d: d / "missing.nq", "no such file"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture, make, message: str) -> None:
    bad = make(tmp_path)
    good = _write(tmp_path / "good.nq", f'<{A}> <{RDFS.label}> "a" .\n')
    assert main(["diff", str(bad), str(good)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
