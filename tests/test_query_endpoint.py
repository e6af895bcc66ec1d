"""The same library queries on a real SPARQL 1.1 endpoint (a local, read-only Oxigraph server
loaded with the bundled files in its default graph and the N-Quads export's named graphs), and
the errors when the endpoint is not one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from query_support import BUNDLED_FILES, comparable, stalker_params, term_rows
from servers import FaultServer, Reply, html_reply

import filmgraph
from filmgraph.cli import main
from filmgraph.errors import EndpointError
from filmgraph.queries import names

StartOxigraph = Callable[[Iterable[Path | str]], str]


@pytest.fixture(scope="module")
def endpoint(oxigraph_endpoint_factory: StartOxigraph, bundled_nquads: Path) -> str:
    """Like filmgraph's engines: the union in the default graph, each source in its named graph."""
    return oxigraph_endpoint_factory([*BUNDLED_FILES, bundled_nquads])


@pytest.mark.parametrize("name", names())
def test_every_library_query_answers_the_same_on_the_endpoint(endpoint: str, name: str) -> None:
    remote = filmgraph.query(name, endpoint=endpoint, **stalker_params(name))
    local = filmgraph.query(name, **stalker_params(name))
    assert remote.kind == local.kind
    assert comparable(remote) == comparable(local)
    if local.kind == "SELECT":  # every SELECT of the library fixes its order
        assert term_rows(remote) == term_rows(local)
    assert remote.engine == endpoint


def test_parameters_are_bound_for_the_endpoint_too(endpoint: str) -> None:
    remote = filmgraph.query("events-in-place", endpoint=endpoint, place="setting:room")
    assert [str(row.event).rsplit("/", 1)[1] for row in remote] == ["porcupine-reaches-room"]
    assert filmgraph.query("is-place-shown", endpoint=endpoint, place="setting:room").boolean is False


def test_cli_on_the_endpoint(endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "cast", "--endpoint", endpoint, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "billing,actor,actorLabel,character,characterLabel,creditedAs"
    assert len(lines) == 6


def test_cli_says_when_no_server_listens(
    closed_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["query", "cast", "--endpoint", closed_endpoint, "--timeout", "5"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert closed_endpoint in lines[0] and "cannot be reached" in lines[0]
    assert "Traceback" not in captured.err


def test_an_html_page_is_not_taken_for_results(fault_server: FaultServer) -> None:
    fault_server.queue(html_reply(200, "Welcome to our portal"))
    with pytest.raises(EndpointError, match="HTML page instead of SPARQL JSON results"):
        filmgraph.query("cast", endpoint=fault_server.url)


def test_an_html_page_for_a_construct(
    fault_server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fault_server.queue(html_reply(200, "Login required"))
    assert main(["query", "entity-card", "--endpoint", fault_server.url, "-p", "entity=film:stalker-1979"]) == 2
    err = capsys.readouterr().err
    assert "HTML page instead of an RDF graph" in err and len(err.strip().splitlines()) == 1


def test_a_slow_endpoint_times_out(
    fault_server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fault_server.queue(Reply(hang=True))
    assert main(["query", "cast", "--endpoint", fault_server.url, "--timeout", "0.5"]) == 2
    assert "no answer within 0.5 s" in capsys.readouterr().err


def test_endpoint_queries_are_not_answered_from_a_stale_cache(fault_server: FaultServer) -> None:
    select = '{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
    fault_server.queue(
        Reply(body=select, content_type="application/sparql-results+json"),
        Reply(body=select, content_type="application/sparql-results+json"),
    )
    filmgraph.query("SELECT ?x WHERE { ?x ?p ?o }", endpoint=fault_server.url)
    filmgraph.query("SELECT ?x WHERE { ?x ?p ?o }", endpoint=fault_server.url)
    assert len(fault_server.requests) == 2


def test_endpoint_and_local_options_do_not_mix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "cast", "--endpoint", "http://127.0.0.1:9/q", "--engine", "rdflib"]) == 2
    assert "--endpoint" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_allow_network_lets_service_reach_another_endpoint(endpoint: str, engine: str) -> None:
    text = (
        "PREFIX fg: <https://w3id.org/filmgraph/ontology#>\n"
        f"SELECT ?title WHERE {{ SERVICE <{endpoint}> {{ ?film fg:title ?title }} }}\n"
    )
    with pytest.raises(filmgraph.UsageError, match="--allow-network"):
        filmgraph.query(text, engine=engine)
    empty = filmgraph.load()
    empty.remove((None, None, None))  # the answer can only come from the other endpoint
    result = filmgraph.query(text, graph=empty, engine=engine, allow_network=True)
    assert {str(row.title) for row in result} >= {"Stalker", "Сталкер"}
