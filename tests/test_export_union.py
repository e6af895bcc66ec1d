"""``export --with-union``: a dump for a SPARQL store whose default graph holds the union of all
graphs, each triple once, besides the named graphs as the plain export writes them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

import filmgraph
from filmgraph.cli import main
from filmgraph.exporting import export

EX = "http://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")


def _small() -> Dataset:
    """Two named graphs sharing one triple and one blank node, and a triple in the default graph."""
    dataset = Dataset()
    node = BNode()
    shared = (URIRef(EX + "a"), URIRef(EX + "p"), Literal("both"))
    for name in (G1, G2):
        dataset.graph(name).add(shared)
        dataset.graph(name).add((node, URIRef(EX + "q"), name))
    dataset.graph(G1).add((URIRef(EX + "a"), URIRef(EX + "r"), node))
    dataset.graph(DATASET_DEFAULT_GRAPH_ID).add((URIRef(EX + "d"), URIRef(EX + "p"), Literal("default")))
    return dataset


def _parsed(data: bytes, fmt: ox.RdfFormat) -> ox.Dataset:
    """The export read back by pyoxigraph (blank node labels kept within the document)."""
    return ox.Dataset(ox.parse(data, fmt))


def _graph(dataset: ox.Dataset, name: ox.NamedNode | ox.DefaultGraph) -> set[tuple[str, str, str]]:
    """A graph's triples as N-Triples terms, blank nodes by their label in the file."""
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in dataset if q.graph_name == name}


@pytest.mark.parametrize("fmt", [("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)])
def test_the_default_graph_is_the_union_each_triple_once(fmt: tuple[str, ox.RdfFormat]) -> None:
    name, ox_format = fmt
    plain = _parsed(export(_small(), name), ox_format)
    dump = _parsed(export(_small(), name, with_union=True), ox_format)
    one, two = ox.NamedNode(str(G1)), ox.NamedNode(str(G2))
    union = _graph(dump, ox.DefaultGraph())
    # 5 distinct triples: the shared one once, the blank node's two, its use in g1, the default one
    assert len(union) == 5
    assert union == _graph(dump, one) | _graph(dump, two) | {(f"<{EX}d>", f"<{EX}p>", '"default"')}
    assert len(_graph(dump, one)) == len(_graph(plain, one)) == 3
    assert len(_graph(dump, two)) == len(_graph(plain, two)) == 2
    # one blank node, under one label in the default graph and in both named graphs
    labels = {t[0] for t in union if t[0].startswith("_:")}
    assert len(labels) == 1
    assert labels <= {t[0] for t in _graph(dump, one)} and labels <= {t[0] for t in _graph(dump, two)}


def test_the_bundled_dump_holds_the_union_and_every_named_graph() -> None:
    dump = Dataset()
    dump.parse(data=export(None, "nq", with_union=True), format="nquads")
    assert isomorphic(dump.default_graph, filmgraph.load())
    plain = Dataset()
    plain.parse(data=export(None, "nq"), format="nquads")
    assert len(plain.default_graph) == 0
    names = {g.identifier for g in plain.graphs() if len(g)} - {DATASET_DEFAULT_GRAPH_ID}
    assert names and names == {g.identifier for g in dump.graphs() if len(g)} - {DATASET_DEFAULT_GRAPH_ID}
    for name in names:
        assert isomorphic(dump.graph(name), plain.graph(name)), name


def test_the_dump_is_byte_stable() -> None:
    assert export(None, "nq", with_union=True) == export(None, "nq", with_union=True)


def test_cli_writes_the_same_dump(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", "--format", "nq", "--with-union"]) == 0
    assert capsysbinary.readouterr().out == export(None, "nq", with_union=True)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--format", "turtle"], "the union as default graph is for N-Quads and TriG"),
        (["--format", "jsonld"], "the union as default graph is for N-Quads and TriG"),
        (["--all", "--out", "dist"], "--with-union do not apply"),
    ],
)
def test_cli_refuses_it_where_it_means_nothing(args: list[str], says: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--with-union", *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and says in err
