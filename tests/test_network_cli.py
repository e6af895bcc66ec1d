"""Hostile endpoints through the command line: each case ends with one line on stderr and exit 2,
within its deadline and under 200 MB, and no request reaches a host that was not asked for."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from link_support import data_copy, facts_reply, tiny_graph
from servers import FaultServer, Reply, json_reply, select_reply

from filmgraph.cli import main

StartOxigraph = Callable[[Iterable[Path | str]], str]
#: Runs the CLI in a child process and prints its peak memory (KiB) as the last line of stdout. The
#: peak is the process's own VmHWM: getrusage's ru_maxrss in a child started by vfork (as subprocess
#: does) counts the parent's memory too, here the whole test session's.
MEASURED = (
    "import re, sys\n"
    "from filmgraph.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "with open('/proc/self/status', encoding='ascii') as status:\n"
    "    print(re.search(r'VmHWM:\\s*(\\d+) kB', status.read()).group(1))\n"
    "sys.exit(code)\n"
)
SAFETY = 120  # seconds: only a net against a hang, never a measured bound
#: The film, given, so that each command sends the one query under test (left out, the film is
#: first asked of the endpoint: the only film in the data).
FILM = ("--param", "film=film:stalker-1979")
#: is-place-shown asks about a place, a required parameter
PLACE = ("--param", "place=setting:room")


def run_measured(*args: str) -> tuple[int, str, str, int]:
    """Exit code, stdout (less the memory line), stderr and peak memory in MiB of a CLI run."""
    done = subprocess.run([sys.executable, "-c", MEASURED, *args], capture_output=True, text=True,
                          timeout=SAFETY, check=False)
    *out, rss = done.stdout.splitlines()
    return done.returncode, "\n".join(out), done.stderr, int(rss) // 1024


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def other_server() -> Iterator[FaultServer]:
    """A second fault server (another port), where hostile answers point. It must see nothing."""
    with FaultServer(default=select_reply()) as server:
        yield server


# --- the deadline -----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["body", "headers"])
def test_a_dripping_endpoint_ends_at_the_deadline(where: str, fault_server: FaultServer) -> None:
    """Before: each byte reset the per-read timeout and the command never ended."""
    if where == "body":
        body = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}) + " " * 100_000
        fault_server.queue(Reply(200, body, "application/sparql-results+json", drip=0.5))
    else:
        fault_server.queue(Reply(raw=b"HTTP/1.1 200 OK\r\nX-Filler: " + b"a" * 100_000 + b"\r\n\r\n", drip=0.5))
    code, out, err, _ = run_measured("query", "cast", "--endpoint", fault_server.url, "--timeout", "2", *FILM)
    assert (code, out) == (2, "")
    assert one_line(err).startswith(f"filmgraph: {fault_server.url}: no answer within 2 s (the deadline for the whole")


@pytest.mark.parametrize("command", ["check", "cast", "suggest", "quickstatements", "apply"])
def test_link_commands_take_a_timeout(command: str, fault_server: FaultServer, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Before: link commands had no --timeout and a hanging endpoint held them 65 s."""
    fault_server.default = Reply(hang=True)
    data = data_copy(tmp_path)
    if command == "apply":
        review = tmp_path / "review.csv"
        review.write_text("entity,candidate_qid,approved\nperson:andrei-tarkovsky,Q853,yes\n", encoding="utf-8")
        from link_support import TARKOVSKY, relink

        data = data_copy(tmp_path, relink(TARKOVSKY, None))
        args = ["link", "apply", str(review), "--data", str(data)]
    else:
        args = ["link", command, str(data)]
    assert main([*args, "--endpoint", fault_server.url, "--timeout", "1", "--no-cache"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert one_line(captured.err).startswith(f"filmgraph: {fault_server.url}: no answer within 1 s")
    assert len(fault_server.requests) == 1


# --- Retry-After ------------------------------------------------------------------------------


def test_retry_after_is_honoured_within_the_timeout(fault_server: FaultServer,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    fault_server.queue(Reply(429, "slow down", "text/plain", headers={"Retry-After": "1"}),
                       json_reply({"head": {}, "boolean": True}))
    assert main(["query", "is-place-shown", "--endpoint", fault_server.url, "--timeout", "30", *FILM, *PLACE]) == 0
    assert capsys.readouterr().err == ""
    assert len(fault_server.requests) == 2


def test_retry_after_past_the_timeout_is_one_line(fault_server: FaultServer,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    fault_server.default = Reply(429, "slow down", "text/plain", headers={"Retry-After": "120"})
    assert main(["query", "cast", "--endpoint", fault_server.url, "--timeout", "5", *FILM]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"filmgraph: {fault_server.url}: answered HTTP 429 Too Many Requests and asks to wait 120 s, "
        "past the 5 s deadline; try again later, or raise --timeout"
    )
    assert len(fault_server.requests) == 1


# --- redirects --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "method"), [("cast", "GET"), ("timeline", "POST")])
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_port_is_exit_2(name: str, method: str, status: int, fault_server: FaultServer,
                                              other_server: FaultServer,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Before: followed, the POSTed query became an empty GET, and the command said "no rows", exit 0."""
    fault_server.queue(Reply(status, headers={"Location": other_server.url}))
    assert main(["query", name, "--endpoint", fault_server.url, *FILM]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    line = one_line(captured.err)
    assert line.startswith(f"filmgraph: {fault_server.url}: redirected (HTTP {status} ")
    assert f"to {other_server.url}, which filmgraph does not follow" in line
    assert fault_server.requests[0].method == method
    assert other_server.requests == []


@pytest.mark.parametrize("status", [301, 302, 303])
def test_a_posted_query_is_never_turned_into_a_get(status: int, fault_server: FaultServer,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    fault_server.queue(Reply(status, headers={"Location": "/elsewhere"}))
    assert main(["query", "timeline", "--endpoint", fault_server.url, *FILM]) == 2
    assert "(a POST would become a GET without its body)" in one_line(capsys.readouterr().err)
    assert [r.method for r in fault_server.requests] == ["POST"]


def test_link_check_redirected_elsewhere_is_exit_2_not_missing_links(
    fault_server: FaultServer, other_server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: the empty answer from the other port made every link "missing", exit 1."""
    fault_server.queue(Reply(302, headers={"Location": other_server.url}))
    assert main(["link", "check", str(tiny_graph(tmp_path)), "--endpoint", fault_server.url]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "redirected" in one_line(captured.err)
    assert other_server.requests == []


# --- size caps --------------------------------------------------------------------------------


def test_an_endless_answer_is_capped_in_memory(fault_server: FaultServer) -> None:
    """Before: the answer was read until memory ran out (4.2 GB and more)."""
    fault_server.queue(Reply(200, content_type="application/sparql-results+json", endless=True))
    code, out, err, peak = run_measured("query", "cast", "--endpoint", fault_server.url, "--timeout", "60", *FILM)
    assert (code, out) == (2, "")
    assert one_line(err) == (
        f"filmgraph: {fault_server.url}: answered with more than 32 MiB, filmgraph's limit for one answer; "
        "ask for less (LIMIT, smaller batches)"
    )
    assert peak < 200


def test_a_huge_error_page_is_capped_in_memory(fault_server: FaultServer) -> None:
    """Before: 50 MB read in full on each try, then run through ast.literal_eval (300 MB, 20 s)."""
    fault_server.default = Reply(500, b"x" * (50 * 1048576), "text/plain")
    code, out, err, peak = run_measured("query", "cast", "--endpoint", fault_server.url, "--timeout", "5", *FILM)
    assert (code, out) == (2, "")
    line = one_line(err)
    assert line.startswith(f"filmgraph: {fault_server.url}: answered HTTP 500 Internal Server Error and would be ")
    assert len(line) < 300
    assert peak < 200


@pytest.mark.parametrize("body", ['{"head": {"vars": ["n"]}, "boolean": ' + "9" * 5000 + "}",
                                  '{"head": {}, "x": ' + "[" * 100_000 + "]" * 100_000 + "}"])
def test_hostile_json_numbers_and_nesting_are_one_line(body: str, fault_server: FaultServer,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    fault_server.queue(Reply(200, body, "application/sparql-results+json"))
    assert main(["query", "is-place-shown", "--endpoint", fault_server.url, *FILM, *PLACE]) == 2
    assert "answered with broken SPARQL JSON results" in one_line(capsys.readouterr().err)


# --- graph answers are parsed as files are --------------------------------------------------


def construct_file(tmp_path: Path) -> str:
    path = tmp_path / "everything.rq"
    path.write_text("CONSTRUCT WHERE { ?s ?p ?o }\n", encoding="utf-8")
    return str(path)


def test_a_jsonld_answer_never_fetches_its_context(fault_server: FaultServer, other_server: FaultServer,
                                                   tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: rdflib fetched the remote @context an endpoint's JSON-LD answer named."""
    answer = {"@context": other_server.url, "@id": "http://example.org/a", "p": "1"}
    fault_server.queue(json_reply(answer, content_type="application/ld+json"))
    assert main(["query", construct_file(tmp_path), "--endpoint", fault_server.url]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"filmgraph: {fault_server.url}: answered with an RDF graph that cannot be parsed")
    assert other_server.requests == []


def test_an_rdfxml_answer_is_parsed_like_a_file(fault_server: FaultServer, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    rdfxml = ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
              '  xmlns:ex="http://example.org/">\n  <rdf:Description rdf:about="http://example.org/a">\n'
              '    <ex:p>one</ex:p>\n  </rdf:Description>\n</rdf:RDF>\n')
    fault_server.queue(Reply(200, rdfxml, "application/rdf+xml"))
    fault_server.queue(Reply(200, rdfxml.replace("</ex:p>", "</ex:q>"), "application/rdf+xml"))
    assert main(["query", construct_file(tmp_path), "--endpoint", fault_server.url, "--format", "nt"]) == 0
    assert capsys.readouterr().out == '<http://example.org/a> <http://example.org/p> "one" .\n'
    assert main(["query", construct_file(tmp_path), "--endpoint", fault_server.url]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"filmgraph: {fault_server.url}: answered with an RDF graph that cannot be parsed (")
    assert "(<answer>.rdf:5:" in line and "mismatched tag" in line  # the line of </ex:q>


def test_an_rdfxml_answer_with_entity_declarations_is_refused(fault_server: FaultServer, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """An endpoint's RDF/XML meets the file guards: a billion-laughs answer is refused unexpanded."""
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    bomb = (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{entities}]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
            '<rdf:Description rdf:about="http://example.org/a"><ex:p>&l9;</ex:p></rdf:Description></rdf:RDF>\n')
    fault_server.queue(Reply(200, bomb, "application/rdf+xml"))
    assert main(["query", construct_file(tmp_path), "--endpoint", fault_server.url, "--format", "nt"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    line = one_line(captured.err)
    assert line.startswith(f"filmgraph: {fault_server.url}: answered with an RDF graph that cannot be parsed (")
    assert "entit" in line.lower()


# --- the endpoint URL's own parameters ------------------------------------------------------

DEFAULT_GRAPH = "http://example.org/g1"


@pytest.mark.parametrize(("name", "method"), [("cast", "GET"), ("timeline", "POST")])
def test_the_endpoints_query_string_is_kept(name: str, method: str, fault_server: FaultServer) -> None:
    """Before: a GET gave '?default-graph-uri=...?query=...', one parameter swallowing the query."""
    fault_server.queue(select_reply("x", []))
    endpoint = f"{fault_server.url}?default-graph-uri={urllib.parse.quote(DEFAULT_GRAPH, safe='')}"
    main(["query", name, "--endpoint", endpoint, *FILM])
    (seen,) = fault_server.requests
    assert seen.method == method
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(seen.path).query)
    if method == "POST":  # the endpoint's URL as given; the query in the form body
        assert params == {"default-graph-uri": [DEFAULT_GRAPH]}
        assert list(urllib.parse.parse_qs(seen.body.decode("ascii"))) == ["query"]
    else:
        assert params["default-graph-uri"] == [DEFAULT_GRAPH] and list(params) == ["default-graph-uri", "query"]


@pytest.fixture(scope="module")
def two_graphs(tmp_path_factory: pytest.TempPathFactory, oxigraph_endpoint_factory: StartOxigraph) -> str:
    """A real Oxigraph endpoint whose store has two named graphs and an empty default graph."""
    trig = tmp_path_factory.mktemp("graphs") / "two.trig"
    trig.write_text(
        '<http://example.org/g1> { <http://example.org/a> <http://example.org/p> "in g1" . }\n'
        '<http://example.org/g2> { <http://example.org/b> <http://example.org/p> "in g2" . }\n',
        encoding="utf-8",
    )
    return oxigraph_endpoint_factory([trig])


@pytest.mark.parametrize("padding", [0, 3000])  # a GET, and a POST for a query over 2,000 characters
def test_default_graph_uri_works_on_a_real_server(padding: int, two_graphs: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "values.rq"
    query.write_text("# " + "x" * padding + "\nSELECT ?o WHERE { ?s ?p ?o }\n", encoding="utf-8")
    endpoint = f"{two_graphs}?default-graph-uri={urllib.parse.quote(DEFAULT_GRAPH, safe='')}"
    assert main(["query", str(query), "--endpoint", endpoint, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["o", "in g1"]


# --- the cache --------------------------------------------------------------------------------


def test_a_spoiled_cache_entry_is_evicted_and_the_next_run_asks_again(
    fault_server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: a cached answer with a malformed term stayed, and every run blamed the endpoint."""
    fault_server.default = facts_reply("Q853", "Andrei Tarkovsky", {"Q5": "human"})
    graph = tiny_graph(tmp_path)
    assert main(["link", "check", str(graph), "--endpoint", fault_server.url]) == 0
    (entry,) = (tmp_path / "cache" / "sparql").glob("*/*.json")
    spoiled = json.loads(entry.read_text(encoding="utf-8"))
    spoiled["body"] = json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": [{"item": {"type": "uri"}}]}})
    entry.write_text(json.dumps(spoiled), encoding="utf-8")
    assert main(["link", "check", str(graph), "--endpoint", fault_server.url]) == 0, capsys.readouterr().err
    assert main(["link", "check", str(graph), "--endpoint", fault_server.url]) == 0  # from the cache again
    assert len(fault_server.requests) == 2
