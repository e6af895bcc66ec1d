"""``filmgraph publish``: the graph into a store through the SPARQL 1.1 Graph Store Protocol, then
read back and compared. Round trips into a real writable Oxigraph server on 127.0.0.1; a scripted
store that drops, changes or adds triples is caught (exit 1); credentials come from the
environment, are sent, and are never shown; a hostile or broken store is one line, exit 2."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from query_support import comparable, stalker_params
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from servers import FaultServer, Reply, closed_port_url, html_reply, oxigraph_server

import filmgraph
from filmgraph.datasets import ONTOLOGY_GRAPH, load_dataset, source_graphs
from filmgraph.graph_store import (
    STORE_CREDENTIALS,
    STORE_HINT,
    STORE_TOKEN,
    TOO_LARGE_STORE_HINT,
    plain_http_warning,
)
from filmgraph.sparql_client import SparqlClient

FILMGRAPH = str(Path(sys.executable).with_name("filmgraph"))
EX = "http://example.org/"
NT = "application/n-triples"
#: The three statements of the small file below, as N-Triples written by hand from it.
FILM = "https://w3id.org/filmgraph/film/test-film"
GRAPH = "https://w3id.org/filmgraph/graph/test-film"
A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DECLARED = f"<{GRAPH}> {A} <https://w3id.org/filmgraph/ontology#SourceGraph> ."
TYPED = f"<{FILM}> {A} <https://w3id.org/filmgraph/ontology#Film> ."
TITLED = f'<{FILM}> <https://w3id.org/filmgraph/ontology#title> "Test film"@en .'


@pytest.fixture
def film_file(tmp_path: Path) -> Path:
    """A file of three statements, declaring its own source graph."""
    path = tmp_path / "film.ttl"
    path.write_text("\n".join([DECLARED, TYPED, TITLED]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def store() -> Iterator[str]:
    """A real writable Oxigraph server, empty; its Graph Store URL."""
    with oxigraph_server([]) as endpoint:
        yield endpoint.removesuffix("/query") + "/store"


def _env(**extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in (STORE_CREDENTIALS, STORE_TOKEN)}
    return {**clean, **extra}


def _publish(*options: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FILMGRAPH, "publish", *options], capture_output=True, text=True, timeout=120,
                          env=_env(**env), check=False)


def _construct(store: str, graph: str | None) -> Graph:
    """The graph as the store's SPARQL endpoint gives it (not through the Graph Store Protocol)."""
    client = SparqlClient(store.removesuffix("/store") + "/query", use_cache=False, timeout=30)
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    return client.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")


# --- into a real store --------------------------------------------------------------------------


def test_each_source_graph_round_trips_into_a_real_store(store: str) -> None:
    done = _publish("--endpoint", store)
    assert done.returncode == 0, done.stderr
    dataset = load_dataset()  # rdflib's reading of the files, independent of publish's
    graphs = [*source_graphs(dataset), URIRef(ONTOLOGY_GRAPH)]
    assert len(done.stdout.splitlines()) == len(graphs) == 5
    for name in graphs:
        expected = dataset.graph(name)
        assert len(expected) > 0
        assert isomorphic(_construct(store, str(name)), expected), name
        assert f": {len(expected)} triples sent, the store holds the same" in done.stdout
    assert len(_construct(store, None)) == 0  # the store's default graph is left alone


def test_publish_replaces_the_graph_and_leaves_the_others(store: str) -> None:
    from filmgraph.graph_store import put_graph

    stale = f"<{EX}stale> <{EX}p> <{EX}o> .\n".encode()
    put_graph(store, stale, NT, graph=ONTOLOGY_GRAPH)
    put_graph(store, stale, NT, graph=EX + "other")
    assert _publish("--endpoint", store, "--quiet").returncode == 0
    assert (URIRef(EX + "stale"), None, None) not in _construct(store, ONTOLOGY_GRAPH)
    assert len(_construct(store, EX + "other")) == 1


def test_the_union_in_the_default_graph_answers_the_library_queries(store: str) -> None:
    """publish, then publish --default-graph: what export --with-union writes, so queries answer as locally."""
    assert _publish("--endpoint", store, "--quiet").returncode == 0
    done = _publish("--endpoint", store, "--default-graph")
    assert done.returncode == 0, done.stderr
    union = len(filmgraph.load())
    assert done.stdout == f"the default graph: {union} triples sent, the store holds the same\n"
    endpoint = store.removesuffix("/store") + "/query"
    for name in ("films", "cast", "timeline", "statement-sources", "entity-card"):
        here = filmgraph.query(name, **stalker_params(name))
        assert comparable(filmgraph.query(name, endpoint=endpoint, **stalker_params(name))) == comparable(here)


def test_graph_puts_the_union_into_one_named_graph(store: str, film_file: Path) -> None:
    done = _publish("--endpoint", store, "--graph", EX + "all", "--data", str(film_file))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "<http://example.org/all>: 3 triples sent, the store holds the same\n"
    assert isomorphic(_construct(store, EX + "all"), Graph().parse(film_file))
    assert len(_construct(store, GRAPH)) == 0


# --- a store that lies ----------------------------------------------------------------------------


def _script(server: FaultServer, held: list[str], content_type: str = NT) -> None:
    """The PUT accepted, then the graph given back as ``held``."""
    server.queue(Reply(204), Reply(200, "".join(line + "\n" for line in held), content_type))


@pytest.mark.parametrize(("held", "missing", "unexpected"), [
    ([DECLARED, TYPED], [TITLED], []),  # a triple dropped
    ([DECLARED, TYPED, TITLED.replace("Test film", "Test Film")], [TITLED], [TITLED.replace("Test film", "Test Film")]),
    ([DECLARED, TYPED, TITLED, f"<{EX}a> <{EX}p> <{EX}o> ."], [], [f"<{EX}a> <{EX}p> <{EX}o> ."]),  # one added
])
def test_a_store_holding_other_triples_is_caught(fault_server: FaultServer, film_file: Path, held: list[str],
                                                 missing: list[str], unexpected: list[str]) -> None:
    _script(fault_server, held)
    done = _publish("--endpoint", fault_server.url, "--data", str(film_file), "--quiet")
    assert done.returncode == 1 and done.stderr == ""
    assert done.stdout.splitlines() == [
        f"graph:test-film: 3 triples sent, the store holds {len(held)}, not the same",
        *(f"  missing from the store: {line}" for line in missing),
        *(f"  in the store, not sent: {line}" for line in unexpected),
    ]
    put, get = fault_server.requests
    assert (put.method, get.method) == ("PUT", "GET")
    assert put.path == get.path == "/sparql?graph=https%3A%2F%2Fw3id.org%2Ffilmgraph%2Fgraph%2Ftest-film"
    assert put.headers["Content-Type"] == NT and "Authorization" not in put.headers
    assert sorted(put.body.decode().splitlines()) == sorted([DECLARED, TYPED, TITLED])


def test_blank_nodes_and_language_tag_case_are_the_same_triples(fault_server: FaultServer, tmp_path: Path) -> None:
    """A store renames blank nodes and may lower-case language tags (RDF 1.1 Concepts, 3.3)."""
    data = tmp_path / "film.ttl"
    data.write_text(f'{DECLARED}\n<{FILM}> <{EX}note> [ <{EX}text> "colour"@en-GB ] .\n', encoding="utf-8")
    _script(fault_server, [DECLARED, f"<{FILM}> <{EX}note> _:other .", f'_:other <{EX}text> "colour"@en-gb .'])
    done = _publish("--endpoint", fault_server.url, "--data", str(data), "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "graph:test-film: 3 triples sent, the store holds the same\n"
    assert b'"colour"@en-GB' in fault_server.requests[0].body  # sent as written


@pytest.mark.parametrize(("option", "path"), [("--default-graph", "/sparql?default"),
                                             (f"--graph={EX}all", "/sparql?graph=http%3A%2F%2Fexample.org%2Fall")])
def test_the_union_keeps_language_tags_as_written(fault_server: FaultServer, tmp_path: Path, option: str,
                                                  path: str) -> None:
    data = tmp_path / "film.ttl"
    data.write_text(f'{DECLARED}\n<{FILM}> <{EX}note> "colour"@en-GB .\n', encoding="utf-8")
    _script(fault_server, [DECLARED, f'<{FILM}> <{EX}note> "colour"@en-gb .'])
    done = _publish("--endpoint", fault_server.url, "--data", str(data), option, "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    put = fault_server.requests[0]
    assert put.path == path
    assert sorted(put.body.decode().splitlines()) == sorted([DECLARED, f'<{FILM}> <{EX}note> "colour"@en-GB .'])


def test_turtle_given_back_is_read(fault_server: FaultServer, film_file: Path) -> None:
    _script(fault_server, [f"<{FILM}> a <https://w3id.org/filmgraph/ontology#Film> ; "
                           '<https://w3id.org/filmgraph/ontology#title> "Test film"@en .', DECLARED], "text/turtle")
    done = _publish("--endpoint", fault_server.url, "--data", str(film_file), "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_file_declaring_no_graph_is_refused_rather_than_replacing_the_default_graph(
        fault_server: FaultServer, tmp_path: Path) -> None:
    data = tmp_path / "plain.ttl"
    data.write_text(TYPED + "\n", encoding="utf-8")
    done = _publish("--endpoint", fault_server.url, "--data", str(data), "--quiet")
    assert done.returncode == 2 and done.stdout == ""
    assert "1 statements of the data are in no named graph" in done.stderr and "--default-graph" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert fault_server.requests == []  # nothing was sent, the store's default graph is untouched


def test_a_file_declaring_no_graph_goes_to_the_default_graph_when_asked(fault_server: FaultServer,
                                                                         tmp_path: Path) -> None:
    data = tmp_path / "plain.ttl"
    data.write_text(TYPED + "\n", encoding="utf-8")
    _script(fault_server, [TYPED])
    done = _publish("--endpoint", fault_server.url, "--data", str(data), "--default-graph", "--quiet")
    assert done.returncode == 0 and done.stdout == "the default graph: 1 triples sent, the store holds the same\n"
    assert [r.path for r in fault_server.requests] == ["/sparql?default", "/sparql?default"]


# --- credentials --------------------------------------------------------------------------------

SECRET = "s3cret-Pa55"


@pytest.mark.parametrize(("variable", "value", "header"), [
    (STORE_CREDENTIALS, f"curator:{SECRET}", "Basic " + base64.b64encode(f"curator:{SECRET}".encode()).decode()),
    (STORE_TOKEN, SECRET, f"Bearer {SECRET}"),
])
def test_credentials_from_the_environment_are_sent_and_never_shown(fault_server: FaultServer, film_file: Path,
                                                                   variable: str, value: str, header: str) -> None:
    _script(fault_server, [DECLARED, TYPED, TITLED])
    done = _publish("--endpoint", fault_server.url, "--data", str(film_file), **{variable: value})
    assert done.returncode == 0, done.stderr
    assert [r.headers["Authorization"] for r in fault_server.requests] == [header, header]
    assert SECRET not in done.stdout + done.stderr


@pytest.mark.parametrize("variable", [STORE_CREDENTIALS, STORE_TOKEN])
def test_a_store_echoing_the_credentials_in_an_error_does_not_show_them(fault_server: FaultServer, film_file: Path,
                                                                         variable: str) -> None:
    value = f"curator:{SECRET}" if variable == STORE_CREDENTIALS else SECRET
    encoded = base64.b64encode(value.encode()).decode()
    fault_server.queue(Reply(401, f"wrong: {value} ({encoded}) {SECRET}", "text/plain"))
    done = _publish("--endpoint", fault_server.url, "--data", str(film_file), "--quiet", **{variable: value})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "HTTP 401 Unauthorized" in done.stderr
    assert f"check {STORE_CREDENTIALS} or {STORE_TOKEN}" in done.stderr
    assert SECRET not in done.stderr and encoded not in done.stderr


def test_a_redirect_elsewhere_is_not_followed_and_shows_no_secret(fault_server: FaultServer, film_file: Path) -> None:
    with FaultServer(default=Reply(204)) as elsewhere:
        fault_server.queue(Reply(307, headers={"Location": elsewhere.url + "?echo=" + SECRET}))
        done = _publish("--endpoint", fault_server.url, "--data", str(film_file), **{STORE_TOKEN: SECRET})
        assert elsewhere.requests == []
    assert done.returncode == 2 and done.stderr.count("\n") == 2  # the progress line and the error
    assert "which filmgraph does not follow (another host or port)" in done.stderr and SECRET not in done.stderr


@pytest.mark.parametrize(("url", "warned"), [
    ("http://192.0.2.1:3030/ds/data", True),
    ("http://store.example.org/data", True),
    ("https://192.0.2.1/ds/data", False),
    ("http://127.0.0.1:7878/store", False),
    ("http://[::1]:7878/store", False),
    ("http://localhost:7878/store", False),
])
def test_credentials_over_plain_http_to_another_machine_are_warned_of(monkeypatch: pytest.MonkeyPatch, url: str,
                                                                      warned: bool) -> None:
    monkeypatch.delenv(STORE_CREDENTIALS, raising=False)
    monkeypatch.delenv(STORE_TOKEN, raising=False)
    assert plain_http_warning(url) is None  # no credentials, nothing to warn of
    monkeypatch.setenv(STORE_TOKEN, SECRET)
    warning = plain_http_warning(url)
    assert (warning is not None) == warned
    assert warning is None or ("over plain http" in warning and SECRET not in warning)


def test_both_variables_set_is_a_usage_error_and_nothing_is_sent(fault_server: FaultServer, film_file: Path) -> None:
    done = _publish("--endpoint", fault_server.url, "--data", str(film_file), "--quiet",
                    **{STORE_CREDENTIALS: f"curator:{SECRET}", STORE_TOKEN: SECRET})
    assert done.returncode == 2
    assert done.stderr == f"filmgraph: set {STORE_CREDENTIALS} or {STORE_TOKEN}, not both\n"
    assert fault_server.requests == []


def test_credentials_in_the_url_are_refused_and_not_echoed(fault_server: FaultServer, film_file: Path) -> None:
    url = fault_server.url.replace("http://", f"http://curator:{SECRET}@")
    done = _publish("--endpoint", url, "--data", str(film_file))
    assert done.returncode == 2 and SECRET not in done.stderr and done.stderr.count("\n") == 1
    assert fault_server.requests == []


# --- a broken or hostile store ----------------------------------------------------------------------


@pytest.mark.parametrize(("replies", "message"), [
    ([html_reply(404, "No such dataset")], "refused the graph: HTTP 404 Not Found: Oops No such dataset"),
    ([Reply(204), html_reply(200)], "gave the graph back as text/html, not as N-Triples or Turtle"),
    ([Reply(204), Reply(200, "<not n-triples", NT)], "gave back a graph that cannot be parsed"),
    ([Reply(204), Reply(200, b"\xff\xfe", NT)], "in something other than UTF-8"),
    ([Reply(204), Reply(200, content_type=NT, endless=True)], "more than 1.00"),  # past the size cap
    ([Reply(hang=True)], "no answer within 2 s"),
])
def test_a_broken_store_is_one_line(fault_server: FaultServer, film_file: Path, replies: list[Reply],
                                    message: str) -> None:
    fault_server.queue(*replies)
    done = _publish("--endpoint", fault_server.url, "--data", str(film_file), "--quiet", "--timeout", "2")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"filmgraph: {fault_server.url}: ") and done.stderr.count("\n") == 1
    assert message in done.stderr


def test_an_unreachable_store_is_one_line(film_file: Path) -> None:
    url = closed_port_url("/store")
    done = _publish("--endpoint", url, "--data", str(film_file), "--quiet")
    assert done.returncode == 2
    assert done.stderr.startswith(f"filmgraph: {url}: cannot be reached (connection refused)")
    # The advice is a store's, not a query's: --endpoint was given, and it is the URL to check.
    assert done.stderr.rstrip().endswith(STORE_HINT) and "pick another" not in done.stderr


def test_a_store_that_keeps_failing_is_given_a_stores_advice(fault_server: FaultServer, film_file: Path) -> None:
    fault_server.queue(*[Reply(503, "busy", "text/plain", headers={"Retry-After": "0"}) for _ in range(5)])
    done = _publish("--endpoint", fault_server.url, "--data", str(film_file), "--quiet")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "still answered HTTP 503" in done.stderr and done.stderr.rstrip().endswith(STORE_HINT)
    assert "pick another" not in done.stderr


def test_a_store_refusing_writes_is_told_apart_from_bad_credentials(fault_server: FaultServer,
                                                                      film_file: Path) -> None:
    fault_server.queue(Reply(403, "read-only", "text/plain"))
    done = _publish("--endpoint", fault_server.url, "--data", str(film_file), "--quiet")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "HTTP 403" in done.stderr and "does not let this graph be written or read (a read-only server" in done.stderr


def test_a_store_giving_back_far_more_than_was_sent_is_not_told_to_ask_for_less(fault_server: FaultServer,
                                                                                 film_file: Path) -> None:
    fault_server.queue(Reply(204), Reply(200, "x" * (3 * 2**20), NT))
    done = _publish("--endpoint", fault_server.url, "--data", str(film_file), "--quiet")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert TOO_LARGE_STORE_HINT in done.stderr and "LIMIT" not in done.stderr


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/store", "http://127.0.0.1:99999/store", "store"])
def test_a_bad_store_url_is_one_line(url: str, film_file: Path) -> None:
    done = _publish("--endpoint", url, "--data", str(film_file))
    assert done.returncode == 2 and done.stderr.count("\n") == 1


def test_a_bad_data_file_is_one_line_and_nothing_is_sent(fault_server: FaultServer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    done = _publish("--endpoint", fault_server.url, "--data", str(bad))
    assert done.returncode == 2 and done.stderr.startswith(f"filmgraph: {bad}:1:") and done.stderr.count("\n") == 1
    assert fault_server.requests == []
