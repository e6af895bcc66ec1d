"""Files straight into pyoxigraph (filmgraph.stores): the same statements in the same graphs as the
rdflib load, with the same rules and one-line errors, and no rdflib parse on the way."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from filmgraph.datasets import load_dataset
from filmgraph.engines import OxigraphEngine
from filmgraph.errors import InputError
from filmgraph.stores import ONTOLOGY_GRAPH, bundled_store, files_store

EX = "http://example.org/"
DECLARED = f"""@prefix fg: <https://w3id.org/filmgraph/ontology#> .
@prefix ex: <{EX}> .
ex:g a fg:SourceGraph .
ex:a ex:p ex:b .
ex:shared ex:p "in both" .
"""
UNDECLARED = f"""@prefix ex: <{EX}> .
ex:c ex:p [ ex:q "blank" ] .
ex:shared ex:p "in both" .
"""


def canonical(store: pyoxigraph.Store) -> list[str]:
    """The store's quads in RDFC-1.0 canonical form (blank node labels do not matter)."""
    dataset = pyoxigraph.Dataset(store)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q) for q in dataset)


def graph(store: pyoxigraph.Store, name: str | None) -> set[tuple[str, str, str]]:
    """The statements of one graph (None: the default graph), blank nodes written as ``_``."""
    target = pyoxigraph.NamedNode(name) if name else pyoxigraph.DefaultGraph()
    return {tuple("_" if isinstance(t, pyoxigraph.BlankNode) else str(t) for t in (q.subject, q.predicate, q.object))
            for q in store.quads_for_pattern(None, None, None, target)}


def test_the_bundled_store_holds_what_the_rdflib_load_gives_the_fast_engine() -> None:
    assert canonical(bundled_store()) == canonical(OxigraphEngine(load_dataset()).store)


def test_the_data_alone_leaves_the_ontology_graph_out() -> None:
    store = bundled_store(include_ontology=False)
    assert not graph(store, ONTOLOGY_GRAPH)
    assert graph(bundled_store(), ONTOLOGY_GRAPH)


def test_files_go_to_their_declared_graph_and_the_union_is_the_default_graph(tmp_path: Path) -> None:
    (tmp_path / "declared.ttl").write_text(DECLARED, encoding="utf-8")
    (tmp_path / "other.ttl").write_text(UNDECLARED, encoding="utf-8")
    store = files_store([tmp_path / "declared.ttl", tmp_path / "other.ttl"], ontology=False,
                        graph_name=EX + "fallback")
    declared, fallback, default = graph(store, EX + "g"), graph(store, EX + "fallback"), graph(store, None)
    assert (f"<{EX}a>", f"<{EX}p>", f"<{EX}b>") in declared
    assert (f"<{EX}c>", f"<{EX}p>", "_") in fallback
    assert default == declared | fallback  # the statement in both graphs is in the union once
    assert len(default) == len(declared) + len(fallback) - 1


def test_the_ontology_goes_into_its_own_graph_for_user_files(tmp_path: Path) -> None:
    (tmp_path / "other.ttl").write_text(UNDECLARED, encoding="utf-8")
    store = files_store([tmp_path / "other.ttl"])
    ontology = graph(store, ONTOLOGY_GRAPH)
    assert ("<https://w3id.org/filmgraph/ontology#Film>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
            "<http://www.w3.org/2002/07/owl#Class>") in ontology
    assert ontology <= graph(store, None)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.ttl", f"@prefix ex: <{EX}> .\nex:a ex:p ex:b ;\n  ex:q .\n", "broken.ttl:3:"),
        ("lang.ttl", f'<{EX}a> <{EX}p> "x"@en-- .\n', "lang.ttl:1:"),
        ("empty.ttl", "# nothing\n", "empty.ttl: holds no RDF statements"),
        ("two.ttl", f"@prefix fg: <https://w3id.org/filmgraph/ontology#> .\n<{EX}g1> a fg:SourceGraph .\n"
                    f"<{EX}g2> a fg:SourceGraph .\n", "two.ttl: declares 2 source graphs"),
        ("laughs.rdf", '<?xml version="1.0"?>\n<!DOCTYPE r [\n <!ENTITY lol "lol">\n]>\n<r/>\n',
         "the entity declaration 'lol' is refused"),
    ],
)
def test_bad_files_are_one_line_errors_naming_the_file(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        files_store([path], ontology=False)
    message = str(caught.value)
    assert expected in message and "\n" not in message


def test_rdf_xml_and_json_ld_are_read_through_the_guards(tmp_path: Path) -> None:
    (tmp_path / "a.rdf").write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        f'xmlns:ex="{EX}"><rdf:Description rdf:about="{EX}x"><ex:p>v</ex:p></rdf:Description></rdf:RDF>\n',
        encoding="utf-8")
    (tmp_path / "b.jsonld").write_text(f'{{"@id": "{EX}y", "{EX}p": "w"}}', encoding="utf-8")
    store = files_store([tmp_path / "a.rdf", tmp_path / "b.jsonld"], ontology=False)
    assert graph(store, None) == {(f"<{EX}x>", f"<{EX}p>", '"v"'), (f"<{EX}y>", f"<{EX}p>", '"w"')}
