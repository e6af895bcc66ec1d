"""The polite SPARQL client, over real HTTP: a local Oxigraph server and a scripted fault server."""

from __future__ import annotations

import email.utils
import time
import urllib.parse
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS
from servers import FaultServer, Reply, html_reply, json_reply, select_reply

from filmgraph.errors import EndpointError, UsageError
from filmgraph.network import default_user_agent, parse_retry_after
from filmgraph.sparql_client import WIKIDATA_ENDPOINT, SparqlClient, values_batches

WD = "http://www.wikidata.org/entity/"
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
QUERY = "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1"


class Sleeps(list[float]):
    """An injectable ``sleep`` recording the waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client_for(url: str, tmp_path: Path, **options: object) -> tuple[SparqlClient, Sleeps]:
    """A client with a private cache and a recording ``sleep``."""
    sleeps = Sleeps()
    options.setdefault("cache_dir", tmp_path / "cache")
    options.setdefault("timeout", 5.0)
    return SparqlClient(url, sleep=sleeps, **options), sleeps  # type: ignore[arg-type]


# --- against the real Oxigraph server ------------------------------------------------------


def test_select_against_oxigraph(wikidata_endpoint: str, tmp_path: Path) -> None:
    client, _ = client_for(wikidata_endpoint, tmp_path, use_cache=False)
    rows = client.select(
        PREFIXES
        + "SELECT ?director ?label WHERE { wd:Q200437 wdt:P57 ?director ; rdfs:label ?label "
        + 'FILTER(LANG(?label) = "en") }'
    )
    assert rows == [{"director": URIRef(WD + "Q853"), "label": Literal("Stalker", lang="en")}]


def test_select_leaves_out_unbound_and_keeps_datatypes(
    wikidata_endpoint: str, tmp_path: Path
) -> None:
    client, _ = client_for(wikidata_endpoint, tmp_path, use_cache=False)
    rows = client.select(
        PREFIXES
        + "SELECT ?imdb ?missing WHERE { wd:Q200437 wdt:P345 ?imdb OPTIONAL { wd:Q200437 "
        + "wdt:P999999999 ?missing } }"
    )
    assert rows == [{"imdb": Literal("tt0079944")}]


def test_ask_against_oxigraph(wikidata_endpoint: str, tmp_path: Path) -> None:
    client, _ = client_for(wikidata_endpoint, tmp_path, use_cache=False)
    assert client.ask(PREFIXES + "ASK { wd:Q200437 wdt:P57 wd:Q853 }") is True
    assert client.ask(PREFIXES + "ASK { wd:Q200437 wdt:P57 wd:Q200437 }") is False


def test_construct_against_oxigraph(wikidata_endpoint: str, tmp_path: Path) -> None:
    client, _ = client_for(wikidata_endpoint, tmp_path, use_cache=False)
    graph = client.construct(
        PREFIXES + "CONSTRUCT { wd:Q200437 ?p ?o } WHERE { wd:Q200437 ?p ?o FILTER(?p = wdt:P57 "
        "|| ?p = rdfs:label) }"
    )
    film = URIRef(WD + "Q200437")
    assert (film, URIRef("http://www.wikidata.org/prop/direct/P57"), URIRef(WD + "Q853")) in graph
    assert (film, RDFS.label, Literal("Stalker", lang="en")) in graph
    assert (film, RDFS.label, Literal("Сталкер", lang="ru")) in graph


def test_long_query_is_posted_and_answered(wikidata_endpoint: str, tmp_path: Path) -> None:
    client, _ = client_for(wikidata_endpoint, tmp_path, use_cache=False)
    iris = [WD + "Q200437", *(f"{WD}Q{n}" for n in range(1000, 1300))]
    (block,) = values_batches(iris, size=500)
    rows = client.select(PREFIXES + f"SELECT ?item WHERE {{ {block} ?item wdt:P57 wd:Q853 }}")
    assert rows == [{"item": URIRef(WD + "Q200437")}]


def test_bad_query_is_an_error_not_retried(wikidata_endpoint: str, tmp_path: Path) -> None:
    client, sleeps = client_for(wikidata_endpoint, tmp_path)
    with pytest.raises(EndpointError, match=r"HTTP 400.*check its syntax") as caught:
        client.select("SELECT WHERE {")
    assert wikidata_endpoint in str(caught.value)
    assert sleeps == []


# --- the User-Agent ------------------------------------------------------------------------


def test_user_agent_names_filmgraph_version_and_contact(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    fault_server.queue(select_reply())
    client, _ = client_for(fault_server.url, tmp_path)
    client.select(QUERY)
    agent = fault_server.requests[0].headers["User-Agent"]
    assert agent.startswith("filmgraph/")
    assert agent.split()[0].split("/")[1][0].isdigit()  # a version number
    assert "(https://w3id.org/filmgraph/)" in agent
    assert agent.split()[-1].startswith("Python/")


def test_contact_and_user_agent_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FILMGRAPH_CONTACT", "mailto:someone@example.org")
    assert "(mailto:someone@example.org)" in default_user_agent()
    assert "(https://example.org/me)" in default_user_agent("https://example.org/me")
    monkeypatch.setenv("FILMGRAPH_USER_AGENT", "my-bot/1.0 (me@example.org)")
    assert default_user_agent() == "my-bot/1.0 (me@example.org)"


def test_explicit_user_agent_is_sent(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(select_reply())
    client, _ = client_for(fault_server.url, tmp_path, user_agent="test-agent/2 (t@example.org)")
    client.select(QUERY)
    assert fault_server.requests[0].headers["User-Agent"] == "test-agent/2 (t@example.org)"


def test_request_uses_content_negotiation_only(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(select_reply())
    client, _ = client_for(fault_server.url, tmp_path)
    client.select(QUERY)
    request = fault_server.requests[0]
    assert request.method == "GET"
    assert request.headers["Accept"] == "application/sparql-results+json"
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(request.path).query)
    assert params == {"query": [QUERY]}


# --- retries -------------------------------------------------------------------------------


def test_429_waits_as_long_as_retry_after_says(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(
        Reply(429, "slow down", "text/plain", headers={"Retry-After": "7"}), select_reply()
    )
    client, sleeps = client_for(fault_server.url, tmp_path, timeout=30.0)
    assert client.select(QUERY) == [{"x": URIRef("http://example.org/a")}]
    assert sleeps == [7.0]
    assert len(fault_server.requests) == 2


def test_429_with_http_date(fault_server: FaultServer, tmp_path: Path) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)  # whole seconds: 29 to 30 s from now
    fault_server.queue(Reply(429, headers={"Retry-After": when}), select_reply())
    client, sleeps = client_for(fault_server.url, tmp_path, timeout=60.0)
    client.select(QUERY)
    (wait,) = sleeps
    assert 28.0 < wait <= 30.0


def test_retry_after_past_the_deadline_is_an_error(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(Reply(429, headers={"Retry-After": "3600"}))
    client, sleeps = client_for(fault_server.url, tmp_path, timeout=120)
    with pytest.raises(EndpointError, match=r"asks to wait 3600 s, past the 120 s deadline.*raise --timeout"):
        client.select(QUERY)
    assert sleeps == []
    assert len(fault_server.requests) == 1


def test_503_then_200_backs_off(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(Reply(503), Reply(502), select_reply())
    client, sleeps = client_for(fault_server.url, tmp_path, backoff=0.5)
    assert client.select(QUERY) == [{"x": URIRef("http://example.org/a")}]
    assert sleeps == [0.5, 1.0]
    assert len(fault_server.requests) == 3


def test_500_is_retried(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(Reply(500, "oops", "text/plain"), select_reply())
    client, sleeps = client_for(fault_server.url, tmp_path)
    client.select(QUERY)
    assert sleeps == [1.0]


def test_server_side_query_timeout_is_not_retried(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    fault_server.queue(Reply(500, "java.util.concurrent.TimeoutException", "text/plain"))
    client, sleeps = client_for(fault_server.url, tmp_path)
    with pytest.raises(EndpointError, match="time limit"):
        client.select(QUERY)
    assert sleeps == []


def test_retries_are_bounded(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.default = Reply(503, "busy", "text/plain")
    client, sleeps = client_for(fault_server.url, tmp_path, max_retries=3)
    with pytest.raises(EndpointError, match=r"HTTP 503 .*after 4 tries") as caught:
        client.select(QUERY)
    assert fault_server.url in str(caught.value)
    assert len(fault_server.requests) == 4
    assert sleeps == [1.0, 2.0, 4.0]


def test_backoff_is_capped(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.default = Reply(504)
    client, sleeps = client_for(fault_server.url, tmp_path, max_retries=4, max_backoff=3)
    with pytest.raises(EndpointError):
        client.select(QUERY)
    assert sleeps == [1.0, 2.0, 3.0, 3.0]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 406, 414])
def test_other_4xx_are_not_retried(status: int, fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.default = Reply(status, "no such thing here", "text/plain")
    client, sleeps = client_for(fault_server.url, tmp_path)
    with pytest.raises(EndpointError, match=f"HTTP {status}") as caught:
        client.select(QUERY)
    assert len(fault_server.requests) == 1
    assert sleeps == []
    assert fault_server.url in str(caught.value)
    assert "no such thing here" in str(caught.value)


def test_403_suggests_a_contact(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(html_reply(403, "Please set a user-agent"))
    client, _ = client_for(fault_server.url, tmp_path)
    with pytest.raises(EndpointError, match="FILMGRAPH_CONTACT") as caught:
        client.ask("ASK {}")
    assert "Please set a user-agent" in str(caught.value)
    assert "<h1>" not in str(caught.value)


# --- answers that are not SPARQL results ---------------------------------------------------


def test_html_page_with_200_is_an_error(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(html_reply(200, "Welcome to the login portal"))
    client, _ = client_for(fault_server.url, tmp_path)
    with pytest.raises(EndpointError, match="an HTML page instead of SPARQL JSON") as caught:
        client.select(QUERY)
    assert fault_server.url in str(caught.value)
    assert "--endpoint" in str(caught.value)


def test_html_page_for_construct_is_an_error(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(html_reply())
    client, _ = client_for(fault_server.url, tmp_path)
    with pytest.raises(EndpointError, match="HTML page instead of an RDF graph"):
        client.construct("CONSTRUCT WHERE { ?s ?p ?o }")


def test_truncated_json_is_an_error(fault_server: FaultServer, tmp_path: Path) -> None:
    cut_off = '{"head": {"vars": ["x"]}, "results": {"bindi'
    fault_server.queue(Reply(200, cut_off, "application/sparql-results+json"))
    client, _ = client_for(fault_server.url, tmp_path)
    with pytest.raises(EndpointError, match="broken SPARQL JSON"):
        client.select(QUERY)


def test_json_that_is_not_results_is_an_error(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(json_reply({"error": "nope"}, content_type="application/json"))
    client, _ = client_for(fault_server.url, tmp_path)
    with pytest.raises(EndpointError, match="instead of SPARQL JSON results"):
        client.select(QUERY)


def test_ask_answer_to_select_is_an_error(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(json_reply({"head": {}, "boolean": True}))
    client, _ = client_for(fault_server.url, tmp_path)
    with pytest.raises(EndpointError, match="no SELECT results"):
        client.select(QUERY)


def test_bad_answers_are_not_cached(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(html_reply(), select_reply())
    client, _ = client_for(fault_server.url, tmp_path)
    with pytest.raises(EndpointError):
        client.select(QUERY)
    assert client.select(QUERY) == [{"x": URIRef("http://example.org/a")}]
    assert len(fault_server.requests) == 2


# --- network failures ----------------------------------------------------------------------


def test_no_answer_within_timeout(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(Reply(hang=True))
    client, sleeps = client_for(fault_server.url, tmp_path, timeout=0.5)
    with pytest.raises(EndpointError, match=r"no answer within 0.5 s") as caught:
        client.select(QUERY)
    assert fault_server.url in str(caught.value)
    assert "--endpoint" in str(caught.value)
    assert sleeps == []


def test_closed_port(closed_endpoint: str, tmp_path: Path) -> None:
    client, sleeps = client_for(closed_endpoint, tmp_path)
    with pytest.raises(EndpointError, match="connection refused") as caught:
        client.ask("ASK {}")
    message = str(caught.value)
    assert closed_endpoint in message
    assert "check the URL or your network" in message
    assert "--endpoint" in message
    assert sleeps == []


def test_update_is_refused_before_sending(fault_server: FaultServer, tmp_path: Path) -> None:
    client, _ = client_for(fault_server.url, tmp_path)
    with pytest.raises(UsageError, match="never sends an update; this one starts with 'INSERT'"):
        client.select("INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }")
    assert fault_server.requests == []


def test_comment_lines_naming_update_words_do_not_make_a_query_an_update(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    """SPARQLWrapper, used before, took "loaded" in the second line of a comment block for LOAD."""
    fault_server.queue(select_reply())
    client, _ = client_for(fault_server.url, tmp_path)
    query = "# title: a header\n# on a store loaded with files; add or delete nothing\n" + QUERY
    client.select(query)
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(fault_server.requests[0].path).query)
    assert params == {"query": [query]}  # sent as a query, comments and all


def test_endpoint_must_be_http() -> None:
    with pytest.raises(EndpointError, match="not an http"):
        SparqlClient("query.wikidata.org/sparql")


def test_default_endpoint_is_wikidata() -> None:
    assert (
        SparqlClient(use_cache=False).endpoint
        == WIKIDATA_ENDPOINT
        == ("https://query.wikidata.org/sparql")
    )


# --- cache ---------------------------------------------------------------------------------


def test_second_identical_query_comes_from_the_cache(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    fault_server.queue(select_reply(), select_reply())
    events: list[tuple[str, str]] = []
    client, _ = client_for(fault_server.url, tmp_path, progress=lambda e, d: events.append((e, d)))
    first = client.select(QUERY)
    again = SparqlClient(fault_server.url, cache_dir=tmp_path / "cache").select(QUERY)
    assert first == again == client.select(QUERY)
    assert len(fault_server.requests) == 1
    assert [event for event, _ in events] == ["request", "cache"]
    assert list((tmp_path / "cache" / "sparql").glob("*/*.json"))


def test_cache_key_includes_query_and_accept(fault_server: FaultServer, tmp_path: Path) -> None:
    turtle = Reply(200, "<http://example.org/a> <http://example.org/p> 1 .", "text/turtle")
    fault_server.queue(select_reply(), select_reply(), turtle)
    client, _ = client_for(fault_server.url, tmp_path)
    client.select(QUERY)
    client.select(QUERY + " ")
    assert len(client.construct(QUERY)) == 1
    assert len(fault_server.requests) == 3
    assert fault_server.requests[2].headers["Accept"].startswith("text/turtle")


def test_expired_entries_are_fetched_again(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(select_reply(values=["http://example.org/old"]))
    fault_server.queue(select_reply(values=["http://example.org/new"]))
    now = [1000.0]
    client, _ = client_for(fault_server.url, tmp_path, cache_ttl=60, clock=lambda: now[0])
    assert client.select(QUERY) == [{"x": URIRef("http://example.org/old")}]
    now[0] += 59
    assert client.select(QUERY) == [{"x": URIRef("http://example.org/old")}]
    now[0] += 2
    assert client.select(QUERY) == [{"x": URIRef("http://example.org/new")}]
    assert len(fault_server.requests) == 2


def test_use_cache_false_bypasses_the_cache(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.default = select_reply()
    cached, _ = client_for(fault_server.url, tmp_path)
    cached.select(QUERY)
    bypass, _ = client_for(fault_server.url, tmp_path, use_cache=False)
    bypass.select(QUERY)
    bypass.select(QUERY)
    assert len(fault_server.requests) == 3


def test_default_cache_folder_from_environment(
    fault_server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FILMGRAPH_CACHE_DIR", str(tmp_path / "elsewhere"))
    fault_server.queue(select_reply())
    client = SparqlClient(fault_server.url)
    assert client.cache_dir == tmp_path / "elsewhere"
    client.select(QUERY)
    assert list((tmp_path / "elsewhere" / "sparql").glob("*/*.json"))
    assert client.cache.clear() == 1


def test_corrupt_cache_entry_is_refetched(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.default = select_reply()
    client, _ = client_for(fault_server.url, tmp_path)
    client.select(QUERY)
    for entry in (tmp_path / "cache" / "sparql").glob("*/*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert client.select(QUERY) == [{"x": URIRef("http://example.org/a")}]
    assert len(fault_server.requests) == 2


def test_construct_is_cached(wikidata_endpoint: str, tmp_path: Path) -> None:
    events: list[str] = []
    client, _ = client_for(wikidata_endpoint, tmp_path, progress=lambda e, d: events.append(e))
    query = PREFIXES + "CONSTRUCT { wd:Q853 ?p ?o } WHERE { wd:Q853 ?p ?o }"
    first = client.construct(query)
    second = client.construct(query)
    assert len(first) == len(second) > 0
    assert set(first) == set(second)
    assert events == ["request", "cache"]


# --- helpers -------------------------------------------------------------------------------


def test_values_batches() -> None:
    iris = [f"{WD}Q{999999940 + n}" for n in range(5)] + [WD + "Q999999940"]  # made-up ids
    batches = list(values_batches(iris, size=2))
    assert batches == [
        f"VALUES ?item {{ <{WD}Q999999940> <{WD}Q999999941> }}",
        f"VALUES ?item {{ <{WD}Q999999942> <{WD}Q999999943> }}",
        f"VALUES ?item {{ <{WD}Q999999944> }}",
    ]
    assert list(values_batches([], size=2)) == []
    assert list(values_batches([URIRef(WD + "Q999999941")], var="film")) == [
        f"VALUES ?film {{ <{WD}Q999999941> }}"
    ]


@pytest.mark.parametrize("bad", ["has space", "<x>", 'a"b', ""])
def test_values_batches_rejects_non_iris(bad: str) -> None:
    with pytest.raises(UsageError, match="not an IRI"):
        list(values_batches([bad]))


def test_values_batches_rejects_bad_size_and_var() -> None:
    with pytest.raises(UsageError):
        list(values_batches([WD + "Q999999941"], size=0))
    with pytest.raises(UsageError):
        list(values_batches([WD + "Q999999941"], var="?x"))


def test_parse_retry_after() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after(email.utils.formatdate(now + 5, usegmt=True), now) == 5.0
    assert parse_retry_after(email.utils.formatdate(now - 5, usegmt=True), now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("nan", now) is None


def test_unresolvable_host(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """DNS failure, simulated at the resolver (a real lookup would leave 127.0.0.1)."""
    import socket

    def fail(host: object, *args: object, **kwargs: object) -> None:
        assert host == "no-such-host.invalid"
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    client, _ = client_for("http://no-such-host.invalid/sparql", tmp_path)
    with pytest.raises(EndpointError, match="Name or service not known") as caught:
        client.ask("ASK {}")
    assert "http://no-such-host.invalid/sparql" in str(caught.value)
    assert "check the URL or your network" in str(caught.value)
