"""The HTTP layer (filmgraph.network): deadline, size caps, redirect policy, retries, cache, proxies
and the Graph Store PUT, against the scripted fault server and a real Oxigraph server on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path

import pytest
from servers import FaultServer, Reply, html_reply, oxigraph_server, select_reply

from filmgraph import graph_store, network
from filmgraph.errors import EndpointError, UsageError
from filmgraph.graph_store import put_graph
from filmgraph.network import Cache, Response, redirect_refusal, request
from filmgraph.sparql_client import SparqlClient

QUERY = "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1"
HEADERS = {"Accept": "application/sparql-results+json", "User-Agent": "filmgraph-tests"}


class Sleeps(list[float]):
    """An injectable ``sleep`` recording the waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def other_server() -> FaultServer:
    """A second fault server (another port): where a hostile redirect points. It must see nothing."""
    with FaultServer(default=select_reply()) as server:
        yield server  # type: ignore[misc]


# --- the redirect policy ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("http://example.org/sparql", "https://example.org/sparql"),  # http -> https, 80 -> 443
        ("http://example.org:80/sparql", "https://EXAMPLE.org:443/other"),
        ("http://example.org:8080/sparql", "https://example.org:8080/sparql"),  # same port, upgraded
        ("https://example.org/sparql", "https://example.org/sparql/"),  # same origin
        ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/query?x=1"),
    ],
)
def test_redirects_that_are_followed(source: str, target: str) -> None:
    assert redirect_refusal("GET", 302, source, target) is None
    assert redirect_refusal("POST", 307, source, target) is None  # 307 and 308 keep method and body
    assert redirect_refusal("PUT", 308, source, target) is None


@pytest.mark.parametrize(
    ("source", "target", "why"),
    [
        ("http://127.0.0.1:7878/query", "http://127.0.0.1:7879/query", "another host or port"),
        ("https://example.org/sparql", "https://example.net/sparql", "another host or port"),
        ("https://example.org/sparql", "http://example.org/sparql", "another host or port"),  # no downgrade
        ("http://example.org:8080/sparql", "https://example.org/sparql", "another host or port"),
        ("http://example.org/sparql", "https://example.org.evil.test/sparql", "another host or port"),
        ("http://example.org/sparql", "file:///etc/passwd", "not an http(s) URL"),
        ("http://example.org/sparql", "ftp://example.org/sparql", "not an http(s) URL"),
    ],
)
def test_redirects_that_are_refused(source: str, target: str, why: str) -> None:
    assert redirect_refusal("GET", 302, source, target) == why
    assert redirect_refusal("GET", 307, source, target) == why


@pytest.mark.parametrize("status", [301, 302, 303])
@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_a_post_or_put_never_becomes_a_get(status: int, method: str) -> None:
    same = "http://127.0.0.1:7878/query"
    assert redirect_refusal(method, status, same, same + "?moved") == f"a {method} would become a GET without its body"


# --- the deadline -----------------------------------------------------------------------------


def test_a_dripping_body_hits_the_deadline(fault_server: FaultServer) -> None:
    """One byte every 0.2 s: each read succeeds, the whole answer would take minutes."""
    body = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}) + " " * 2000
    fault_server.queue(Reply(200, body, "application/sparql-results+json", drip=0.2))
    with pytest.raises(EndpointError, match=r"no answer within 1 s \(the deadline for the whole answer"):
        request("GET", fault_server.url, headers=HEADERS, timeout=1.0)
    assert len(fault_server.requests) == 1  # not retried: the deadline is spent


def test_a_dripping_status_line_hits_the_deadline(fault_server: FaultServer) -> None:
    fault_server.queue(Reply(raw=b"HTTP/1.1 200 OK\r\n" + b"X-Filler: " + b"a" * 5000 + b"\r\n\r\n", drip=0.1))
    with pytest.raises(EndpointError, match="no answer within 1 s"):
        request("GET", fault_server.url, headers=HEADERS, timeout=1.0)


def test_the_deadline_covers_retries(fault_server: FaultServer) -> None:
    """503 then a hanging answer: the retry gets what is left of the deadline, not a fresh one."""
    fault_server.queue(Reply(503, headers={"Retry-After": "0"}), Reply(hang=True))
    with pytest.raises(EndpointError, match="no answer within 1 s"):
        request("GET", fault_server.url, headers=HEADERS, timeout=1.0)
    assert len(fault_server.requests) == 2


@pytest.mark.parametrize("timeout", [0.0, -1.0, math.inf, math.nan])
def test_timeout_must_be_positive_and_finite(timeout: float, fault_server: FaultServer) -> None:
    with pytest.raises(UsageError, match="positive number of seconds"):
        request("GET", fault_server.url, headers=HEADERS, timeout=timeout)
    assert fault_server.requests == []


# --- retries ----------------------------------------------------------------------------------


def test_retry_after_is_honoured_within_the_deadline(fault_server: FaultServer) -> None:
    """A real one-second wait (no injected sleep), well inside a 30 s deadline."""
    fault_server.queue(Reply(429, "slow down", "text/plain", headers={"Retry-After": "1"}), select_reply())
    events: list[str] = []
    answer = request("GET", fault_server.url, headers=HEADERS, timeout=30.0,
                     report=lambda event, detail: events.append(f"{event}: {detail}"))
    assert answer.status == 200 and b"example.org/a" in answer.body
    assert len(fault_server.requests) == 2
    assert events[1] == f"wait: HTTP 429 Too Many Requests from {fault_server.url}; waiting 1 s"


def test_a_wait_past_the_deadline_is_an_error_at_once(fault_server: FaultServer) -> None:
    fault_server.queue(Reply(503, "busy", "text/plain", headers={"Retry-After": "120"}))
    sleeps = Sleeps()
    with pytest.raises(EndpointError) as caught:
        request("GET", fault_server.url, headers=HEADERS, timeout=5.0, sleep=sleeps)
    assert str(caught.value) == (
        f"{fault_server.url}: answered HTTP 503 Service Unavailable and asks to wait 120 s, past the 5 s "
        "deadline; try again later, or raise --timeout"
    )
    assert sleeps == [] and len(fault_server.requests) == 1


def test_backoff_past_the_deadline_is_an_error(fault_server: FaultServer) -> None:
    fault_server.default = Reply(502)
    sleeps = Sleeps()
    with pytest.raises(EndpointError, match=r"would be retried in 8 s, past the 5 s deadline"):
        request("GET", fault_server.url, headers=HEADERS, timeout=5.0, backoff=8.0, sleep=sleeps)
    assert sleeps == [] and len(fault_server.requests) == 1


# --- size caps --------------------------------------------------------------------------------


def test_an_endless_answer_is_cut_at_the_limit(fault_server: FaultServer) -> None:
    fault_server.queue(Reply(200, content_type="application/sparql-results+json", endless=True))
    with pytest.raises(EndpointError, match=r"answered with more than 2 MiB, filmgraph's limit for one answer"):
        request("GET", fault_server.url, headers=HEADERS, timeout=30.0, limit=2 * 1048576)


def test_a_declared_length_over_the_limit_is_refused_unread(fault_server: FaultServer) -> None:
    """The server says 10 GB and sends 10 bytes: refused on the header, nothing waited for."""
    fault_server.queue(Reply(200, "0123456789", "text/turtle", headers={"Content-Length": str(10**10)}))
    with pytest.raises(EndpointError, match="more than 32 MiB"):
        request("GET", fault_server.url, headers=HEADERS, timeout=30.0)


def test_an_answer_shorter_than_declared_is_an_error(fault_server: FaultServer) -> None:
    fault_server.queue(Reply(200, '{"head": {}}', "application/sparql-results+json",
                             headers={"Content-Length": "1000"}))
    with pytest.raises(EndpointError, match=r"cannot be reached \(the answer broke off"):
        request("GET", fault_server.url, headers=HEADERS, timeout=30.0)


def test_a_huge_error_page_is_read_only_in_part(fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """50 MB of error page on each of five tries: 64 KiB read of each, and nothing evaluated."""
    import ast

    def never(*args: object) -> None:
        raise AssertionError("a response body must never be evaluated")

    monkeypatch.setattr(ast, "literal_eval", never)
    fault_server.default = Reply(500, b"b'" + b"x" * (50 * 1048576), "text/plain")
    sleeps = Sleeps()
    with pytest.raises(EndpointError) as caught:
        request("GET", fault_server.url, headers=HEADERS, timeout=60.0, sleep=sleeps)
    message = str(caught.value)
    assert message.startswith(f"{fault_server.url}: still answered HTTP 500 Internal Server Error after 5 tries (b'xxx")
    assert len(message) < 400
    assert len(fault_server.requests) == 5 and sleeps == [1.0, 2.0, 4.0, 8.0]


def test_the_client_reads_a_small_error_page_in_full(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(html_reply(404, "There is no SPARQL endpoint here"))
    client = SparqlClient(fault_server.url, cache_dir=tmp_path, timeout=5)
    with pytest.raises(EndpointError, match="HTTP 404 Not Found: Oops There is no SPARQL endpoint here;"):
        client.select(QUERY)


# --- redirects over HTTP ----------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_port_is_not_followed(status: int, fault_server: FaultServer,
                                                     other_server: FaultServer) -> None:
    fault_server.queue(Reply(status, headers={"Location": other_server.url}))
    with pytest.raises(EndpointError) as caught:
        request("GET", fault_server.url, headers=HEADERS, timeout=5.0)
    assert str(caught.value) == (
        f"{fault_server.url}: redirected ({network.reason(status)}) to {other_server.url}, which filmgraph does "
        "not follow (another host or port); if you trust it, use that URL instead"
    )
    assert other_server.requests == []


def test_a_same_origin_redirect_is_followed(fault_server: FaultServer) -> None:
    fault_server.queue(Reply(301, headers={"Location": "/moved/sparql?x=1"}), select_reply())
    assert request("GET", fault_server.url, headers=HEADERS, timeout=5.0).status == 200
    assert [r.path for r in fault_server.requests] == ["/sparql", "/moved/sparql?x=1"]
    assert fault_server.requests[1].headers["Accept"] == HEADERS["Accept"]


@pytest.mark.parametrize("status", [307, 308])
def test_a_post_is_resent_as_a_post_on_307_and_308(status: int, fault_server: FaultServer) -> None:
    fault_server.queue(Reply(status, headers={"Location": "/other"}), select_reply())
    body = b"query=ASK%7B%7D"
    form = {**HEADERS, "Content-Type": "application/x-www-form-urlencoded"}
    assert request("POST", fault_server.url, headers=form, body=body, timeout=5.0).status == 200
    assert [(r.method, r.path, r.body) for r in fault_server.requests] == [
        ("POST", "/sparql", body), ("POST", "/other", body)
    ]


@pytest.mark.parametrize("status", [301, 302, 303])
def test_a_post_redirected_with_301_302_303_is_refused(status: int, fault_server: FaultServer) -> None:
    fault_server.queue(Reply(status, headers={"Location": "/other"}))
    with pytest.raises(EndpointError, match=r"which filmgraph does not follow \(a POST would become a GET"):
        request("POST", fault_server.url, headers=HEADERS, body=b"query=x", timeout=5.0)
    assert len(fault_server.requests) == 1


def test_a_redirect_loop_ends(fault_server: FaultServer) -> None:
    fault_server.default = Reply(302, headers={"Location": "/sparql"})
    with pytest.raises(EndpointError, match="more than 5 redirects"):
        request("GET", fault_server.url, headers=HEADERS, timeout=5.0)
    assert len(fault_server.requests) == 6


def test_a_redirect_without_location(fault_server: FaultServer) -> None:
    fault_server.queue(Reply(302))
    with pytest.raises(EndpointError, match="answered HTTP 302 Found without saying where to"):
        request("GET", fault_server.url, headers=HEADERS, timeout=5.0)


# --- proxies from the environment ------------------------------------------------------------


def test_a_proxy_named_by_the_environment_is_used(fault_server: FaultServer, other_server: FaultServer,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """As urllib did: http_proxy carries the request (absolute URI), the target is not contacted."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("http_proxy", fault_server.url.rsplit("/", 1)[0])
    fault_server.queue(select_reply())
    assert request("GET", other_server.url + "?query=ASK", headers=HEADERS, timeout=5.0).status == 200
    (seen,) = fault_server.requests
    assert seen.path == other_server.url + "?query=ASK"
    assert other_server.requests == []


def test_no_proxy_is_respected(fault_server: FaultServer, other_server: FaultServer,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", fault_server.url.rsplit("/", 1)[0])
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    assert request("GET", other_server.url, headers=HEADERS, timeout=5.0).status == 200
    assert fault_server.requests == [] and len(other_server.requests) == 1


# --- headers ----------------------------------------------------------------------------------


def test_a_header_with_a_line_break_is_refused_before_sending(fault_server: FaultServer) -> None:
    with pytest.raises(UsageError, match="control character"):
        request("GET", fault_server.url, headers={"User-Agent": "me\r\nX-Injected: 1"}, timeout=5.0)
    assert fault_server.requests == []


# --- the cache --------------------------------------------------------------------------------

KEY = ("http://127.0.0.1:1/sparql", QUERY, "application/sparql-results+json")
SOUND = Response(200, "application/sparql-results+json", b'{"head": {"vars": []}}')


def read_head(response: Response) -> dict[str, object]:
    """A ``check`` for Cache.get: the body must be a JSON object with a head."""
    data = json.loads(response.body)
    if not isinstance(data, dict) or "head" not in data:
        raise EndpointError("no head")
    return data


def only_entry(cache: Cache) -> Path:
    (path,) = cache.folder.glob("*/*.json")
    return path


def test_cache_round_trip(tmp_path: Path) -> None:
    cache = Cache(tmp_path, ttl=60)
    assert cache.get(KEY, read_head) is None
    assert cache.put(KEY, SOUND) is None
    assert cache.get(KEY, read_head) == {"head": {"vars": []}}
    assert cache.get((*KEY[:2], "text/turtle"), read_head) is None  # another Accept, another entry


def corrupt(entry: dict[str, object], how: str) -> object:
    """The cache entry spoiled in one way."""
    spoiled: dict[str, object] = dict(entry)
    if how == "not an object":
        return [entry]
    if how == "missing field":
        del spoiled["created"]
    elif how == "extra field":
        spoiled["extra"] = 1
    elif how == "created NaN":
        spoiled["created"] = math.nan
    elif how == "created in the future":
        spoiled["created"] = 1e18
    elif how == "created a boolean":
        spoiled["created"] = True
    elif how == "another request":
        spoiled["request"] = ["http://127.0.0.1:1/sparql", "ASK {}", "application/sparql-results+json"]
    elif how == "body not text":
        spoiled["body"] = 5
    elif how == "body that does not parse":
        spoiled["body"] = '{"results": []}'
    return spoiled


@pytest.mark.parametrize("how", ["not an object", "missing field", "extra field", "created NaN",
                                 "created in the future", "created a boolean", "another request",
                                 "body not text", "body that does not parse"])
def test_a_faulty_cache_entry_is_evicted(how: str, tmp_path: Path) -> None:
    cache = Cache(tmp_path, ttl=60)
    cache.put(KEY, SOUND)
    path = only_entry(cache)
    path.write_text(json.dumps(corrupt(json.loads(path.read_text(encoding="utf-8")), how)), encoding="utf-8")
    assert cache.get(KEY, read_head) is None
    assert not path.exists()


@pytest.mark.parametrize("text", ["{not json", "", "[" * 100_000, '{"created": 1e999999}', "\udc80"])
def test_an_unreadable_cache_file_is_evicted(text: str, tmp_path: Path) -> None:
    cache = Cache(tmp_path, ttl=60)
    cache.put(KEY, SOUND)
    path = only_entry(cache)
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    assert cache.get(KEY, read_head) is None
    assert not path.exists()


def test_an_expired_entry_is_evicted(tmp_path: Path) -> None:
    now = [1000.0]
    cache = Cache(tmp_path, ttl=60, clock=lambda: now[0])
    cache.put(KEY, SOUND)
    now[0] += 61
    assert cache.get(KEY, read_head) is None
    assert list(cache.folder.glob("*/*.json")) == []


def test_a_malformed_term_in_the_cache_sends_the_next_run_to_the_endpoint(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    """Before, a cached answer whose rows did not convert stayed, and every run blamed the endpoint."""
    fault_server.default = select_reply()
    client = SparqlClient(fault_server.url, cache_dir=tmp_path, timeout=5)
    client.select(QUERY)
    path = only_entry(client.cache)
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["body"] = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}})
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert client.select(QUERY) == SparqlClient(fault_server.url, use_cache=False, timeout=5).select(QUERY)
    assert len(fault_server.requests) == 3  # first run, the run after the spoiled entry, the uncached check
    assert json.loads(path.read_text(encoding="utf-8"))["body"] != entry["body"]  # a sound answer again


# --- the Graph Store PUT ----------------------------------------------------------------------

TURTLE = b"<http://example.org/a> <http://example.org/p> 1 .\n"
ASK_A = "ASK { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 } }"


def test_put_graph_into_a_real_oxigraph_store() -> None:
    with oxigraph_server([]) as endpoint:
        store = endpoint.rsplit("/", 1)[0] + "/store"
        client = SparqlClient(endpoint, use_cache=False, timeout=10)
        assert put_graph(store, TURTLE, "text/turtle", graph="http://example.org/g") in (201, 204)
        assert client.ask(ASK_A)
        two = b'"2"^^<http://www.w3.org/2001/XMLSchema#integer>'
        replacement = b"<http://example.org/b> <http://example.org/p> " + two + b" .\n"
        assert put_graph(store, replacement, "application/n-triples", graph="http://example.org/g") in (200, 204)
        assert not client.ask(ASK_A)  # replaced, not added to
        assert client.ask("ASK { GRAPH <http://example.org/g> { <http://example.org/b> ?p 2 } }")
        assert put_graph(store, TURTLE, "text/turtle") in (200, 201, 204)  # the default graph
        assert client.ask("ASK { <http://example.org/a> <http://example.org/p> 1 }")


def test_put_graph_sends_credentials_from_the_environment(fault_server: FaultServer,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(graph_store.STORE_CREDENTIALS, "curator:s3cret:with-colon")
    fault_server.queue(Reply(204))
    assert put_graph(fault_server.url, TURTLE, "text/turtle", graph="http://example.org/g?x=1&y") == 204
    (seen,) = fault_server.requests
    assert (seen.method, seen.body) == ("PUT", TURTLE)
    assert seen.path == "/sparql?graph=http%3A%2F%2Fexample.org%2Fg%3Fx%3D1%26y"
    assert seen.headers["Content-Type"] == "text/turtle"
    assert seen.headers["Authorization"] == "Basic " + base64.b64encode(b"curator:s3cret:with-colon").decode()


def test_put_graph_refused_names_no_secret(fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(graph_store.STORE_CREDENTIALS, "curator:s3cret")
    fault_server.queue(Reply(401, "wrong password", "text/plain"))
    with pytest.raises(EndpointError) as caught:
        put_graph(fault_server.url, TURTLE, "text/turtle")
    assert str(caught.value) == (
        f"{fault_server.url}: refused the graph: HTTP 401 Unauthorized: wrong password; "
        f"check {graph_store.STORE_CREDENTIALS} or {graph_store.STORE_TOKEN}"
    )
    assert fault_server.requests[0].path == "/sparql?default"


def test_put_graph_credentials_must_be_user_colon_password(fault_server: FaultServer,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(graph_store.STORE_CREDENTIALS, "only-a-token")
    with pytest.raises(UsageError, match="must be user:password"):
        put_graph(fault_server.url, TURTLE, "text/turtle")
    assert fault_server.requests == []


@pytest.mark.parametrize("status", [302, 307])
def test_credentials_never_follow_a_redirect_elsewhere(status: int, fault_server: FaultServer,
                                                       other_server: FaultServer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(graph_store.STORE_CREDENTIALS, "curator:s3cret")
    fault_server.queue(Reply(status, headers={"Location": other_server.url}))
    with pytest.raises(EndpointError, match="redirected"):
        put_graph(fault_server.url, TURTLE, "text/turtle")
    assert other_server.requests == []


# --- text from the server in messages ---------------------------------------------------------


@pytest.mark.parametrize("location", ["http://127.0.0.1:99999/sparql", "http://[::1/sparql"])
def test_a_redirect_to_a_broken_url_is_refused(location: str, fault_server: FaultServer) -> None:
    fault_server.queue(Reply(302, headers={"Location": location}))
    with pytest.raises(EndpointError, match=r"which filmgraph does not follow \(not a valid URL\)"):
        request("GET", fault_server.url, headers=HEADERS, timeout=5.0)


def test_terminal_escapes_from_the_server_never_reach_a_message(fault_server: FaultServer,
                                                                 other_server: FaultServer) -> None:
    """An escape sequence in an error page or a Location would otherwise act on the user's terminal."""
    fault_server.queue(Reply(418, "\x1b]0;pwned\x07\x1b[2Jgone", "text/plain"),
                       Reply(302, headers={"Location": other_server.url + "?\x1b[31m"}))
    for _ in range(2):
        with pytest.raises(EndpointError) as caught:
            SparqlClient(fault_server.url, use_cache=False, timeout=5).select(QUERY)
        assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)
    assert other_server.requests == []


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b"SSH-2.0-OpenSSH_9.2\r\n\r\n", "not an HTTP answer (BadStatusLine"),
        (b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(200)) + b"\r\n",
         "not an HTTP answer (HTTPException: got more than 100 headers)"),
        (b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n", "not an HTTP answer (LineTooLong"),
        (b"", "the answer broke off (RemoteDisconnected)"),
    ],
)
def test_answers_that_are_not_http(raw: bytes, why: str, fault_server: FaultServer) -> None:
    fault_server.queue(Reply(raw=raw))
    with pytest.raises(EndpointError) as caught:
        request("GET", fault_server.url, headers=HEADERS, timeout=5.0, retries=0)
    assert str(caught.value).startswith(f"{fault_server.url}: cannot be reached ({why}")


def test_a_query_may_start_with_a_byte_order_mark(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.queue(select_reply())
    assert SparqlClient(fault_server.url, cache_dir=tmp_path, timeout=5).select("\ufeff" + QUERY)
    with pytest.raises(UsageError, match="this one starts with 'DELETE'"):
        SparqlClient(fault_server.url, cache_dir=tmp_path, timeout=5).select("\ufeffDELETE WHERE { ?s ?p ?o }")


def test_only_the_layer_imports_network_libraries() -> None:
    """Every request goes through filmgraph.network, so that its limits hold for all of them."""
    import ast

    import filmgraph

    network_modules = {"http", "socket", "ssl", "urllib.request", "urllib3", "httpx", "requests", "aiohttp",
                       "SPARQLWrapper"}
    found = []
    for path in sorted(Path(filmgraph.__file__).parent.rglob("*.py")):  # subpackages (links/) too
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            found += [(path.name, name) for name in names
                      if name in network_modules or name.split(".")[0] in network_modules - {"urllib.request"}]
    assert {module for module, _ in found} == {"network.py"}, found
