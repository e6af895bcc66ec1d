"""rdflib and pyoxigraph are independent SPARQL engines: every library query must give both the
same answer (rows as multisets of normalised terms, in the same order where the query orders
them; isomorphic graphs for CONSTRUCT). A difference is a bug in one engine or a query that
relies on unspecified behaviour."""

from __future__ import annotations

import pytest
from query_support import ORDERED, comparable, normal_rows, setting

import filmgraph
from filmgraph.engines import OxigraphEngine, RdflibEngine
from filmgraph.query import load_query, names

# Non-default parameters, so that binding is compared too.
VARIANTS = {
    "events-in-place": {"place": "setting:industrial-complex"},
    "is-place-shown": {"place": "setting:zone"},
    "journey": {"traveller": "character:marta"},
    "character-subgraph": {"character": "character:porcupine"},
    "entity-card": {"entity": "setting:room"},
    "cast": {"lang": "ru"},
    "character-relations": {"lang": "ru"},
}


@pytest.mark.parametrize("name", names())
def test_both_engines_give_the_same_answer(name: str) -> None:
    ours = filmgraph.query(name, engine="oxigraph")
    reference = filmgraph.query(name, engine="rdflib")
    assert ours.kind == reference.kind
    assert comparable(ours) == comparable(reference)
    if name in ORDERED:
        assert normal_rows(ours) == normal_rows(reference)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_both_engines_agree_with_other_parameters(name: str) -> None:
    params = VARIANTS[name]
    ours = filmgraph.query(name, engine="oxigraph", **params)
    reference = filmgraph.query(name, engine="rdflib", **params)
    assert comparable(ours) == comparable(reference)
    assert comparable(ours) != comparable(filmgraph.query(name, engine="oxigraph"))


def test_ordered_queries_have_an_order_by() -> None:
    for name in ORDERED:
        text = load_query(name).text
        assert "ORDER BY" in text, name


def test_engine_objects_are_reusable_and_see_a_given_graph() -> None:
    graph = filmgraph.load()
    graph.remove((None, None, None))  # an empty graph: no events anywhere
    for engine in (OxigraphEngine(graph), RdflibEngine(graph)):
        assert not filmgraph.query("is-place-shown", engine=engine, place=setting("zone")).boolean
    ours = OxigraphEngine(filmgraph.load())
    assert filmgraph.query("is-place-shown", engine=ours, place=setting("zone")).boolean
