"""rdflib and pyoxigraph are independent SPARQL engines: every library query must give both the
same answer, term for term (datatypes and lexical forms included, nothing folded), in the same
order, and written out as the same bytes in every result format. A difference is a bug in one
engine, a query that relies on unspecified behaviour, or data in a form one engine rewrites."""

from __future__ import annotations

import pytest
from query_support import comparable, setting, stalker_params, term_rows

import filmgraph
from filmgraph.engines import OxigraphEngine, RdflibEngine
from filmgraph.queries import load_query, names
from filmgraph.results import Result, render

#: CONSTRUCT queries that restate the graph in another vocabulary; every other CONSTRUCT
#: extracts part of the graph, and must answer only triples that are in it.
VIEWS = {"schema-org-view"}
FORMATS = {"SELECT": ("json", "xml", "csv", "tsv"), "ASK": ("json", "xml"), "CONSTRUCT": ("nt", "turtle", "jsonld")}

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
    ours = filmgraph.query(name, engine="oxigraph", **stalker_params(name))
    reference = filmgraph.query(name, engine="rdflib", **stalker_params(name))
    assert ours.kind == reference.kind
    assert comparable(ours) == comparable(reference)
    if ours.kind == "SELECT":
        assert term_rows(ours) == term_rows(reference)
    for fmt in FORMATS[ours.kind]:
        assert render(ours, fmt) == render(reference, fmt), f"{name}: {fmt} output differs"


@pytest.fixture(scope="module")
def bundled() -> object:
    """The bundled graph (data and ontology), which the library queries run on."""
    return filmgraph.load()


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_both_engines_agree_with_other_parameters(name: str) -> None:
    params = VARIANTS[name]
    ours = filmgraph.query(name, engine="oxigraph", **params)
    reference = filmgraph.query(name, engine="rdflib", **params)
    assert comparable(ours) == comparable(reference)
    assert comparable(ours) != comparable(filmgraph.query(name, engine="oxigraph", **stalker_params(name)))


def test_every_select_orders_its_rows() -> None:
    """Without ORDER BY, engines may return rows in any order, and outputs would differ."""
    for name in names():
        query = load_query(name)
        if query.kind == "SELECT":
            assert "ORDER BY" in query.text, name


def _extracts() -> list[tuple[str, dict[str, str]]]:
    constructs = [name for name in names() if load_query(name).kind == "CONSTRUCT" and name not in VIEWS]
    calls = [(name, stalker_params(name)) for name in constructs]
    return calls + [(name, VARIANTS[name]) for name, _ in list(calls) if name in VARIANTS]


@pytest.mark.parametrize(("name", "params"), _extracts(), ids=lambda x: x if isinstance(x, str) else "")
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_an_extracting_construct_answers_only_triples_of_the_graph(
    name: str, params: dict[str, str], engine: str, bundled: object
) -> None:
    result: Result = filmgraph.query(name, engine=engine, **params)
    assert result.graph is not None and len(result.graph) > 10
    outside = [triple for triple in result.graph if triple not in bundled]  # type: ignore[operator]
    assert not outside, f"{name} on {engine} answers {len(outside)} triples not in the graph, e.g. {outside[:3]}"


def test_the_views_are_constructs() -> None:
    assert all(load_query(name).kind == "CONSTRUCT" for name in VIEWS)


def test_engine_objects_are_reusable_and_see_a_given_graph() -> None:
    graph = filmgraph.load()
    graph.remove((None, None, None))  # an empty graph: no events anywhere
    for engine in (OxigraphEngine(graph), RdflibEngine(graph)):
        # the film is given: an empty graph holds no film to default to
        shown = filmgraph.query("is-place-shown", engine=engine, place=setting("zone"), film="film:stalker-1979")
        assert not shown.boolean
    ours = OxigraphEngine(filmgraph.load())
    assert filmgraph.query("is-place-shown", engine=ours, place=setting("zone")).boolean
