"""`filmgraph link ...` when the endpoint misbehaves: through the CLI, with the scripted fault server.

A one-person graph (Andrei Tarkovsky -> Q853) keeps each check to a single request.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from link_support import data_copy, facts_reply, tiny_graph
from servers import FaultServer, Reply, html_reply

from filmgraph.cli import main
from filmgraph.sparql_client import WIKIDATA_ENDPOINT


def check(endpoint: str, graph: Path, *extra: str) -> int:
    return main(["link", "check", str(graph), "--endpoint", endpoint, *extra])


def test_user_agent_names_filmgraph_and_the_contact(
    fault_server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FILMGRAPH_CONTACT", "mailto:film-lab@example.org")
    fault_server.queue(facts_reply("Q853", "Andrei Tarkovsky", {"Q5": "human"}))
    assert check(fault_server.url, tiny_graph(tmp_path)) == 0, capsys.readouterr().err
    (request,) = fault_server.requests
    agent = request.headers["User-Agent"]
    assert agent.startswith("filmgraph/") and "(mailto:film-lab@example.org)" in agent
    assert request.headers["Accept"] == "application/sparql-results+json"
    assert "1 ok" in capsys.readouterr().out


def test_429_with_retry_after_then_200(fault_server: FaultServer, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr("filmgraph.sparql_client.time.sleep", waits.append)
    fault_server.queue(
        Reply(429, "Too many requests", "text/plain", headers={"Retry-After": "7"}),
        facts_reply("Q853", "Andrei Tarkovsky", {"Q5": "human"}),
    )
    assert check(fault_server.url, tiny_graph(tmp_path)) == 0, capsys.readouterr().err
    assert waits == [7.0]  # waited exactly as the server asked, then asked again
    assert len(fault_server.requests) == 2


def test_503_then_200(fault_server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fault_server.queue(Reply(503, "busy", "text/plain"), facts_reply("Q853", "Andrei Tarkovsky", {"Q5": "human"}))
    assert check(fault_server.url, tiny_graph(tmp_path)) == 0, capsys.readouterr().err
    assert len(fault_server.requests) == 2


def test_html_page_with_200_is_exit_2(fault_server: FaultServer, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    fault_server.queue(html_reply(200, "Welcome to the hotel wifi"))
    assert check(fault_server.url, tiny_graph(tmp_path)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"filmgraph: {fault_server.url}: answered with an HTML page instead of SPARQL")
    assert len(fault_server.requests) == 1  # not retried


def test_other_4xx_is_not_retried(fault_server: FaultServer, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    fault_server.queue(Reply(403, "Please set a User-Agent", "text/plain"))
    assert check(fault_server.url, tiny_graph(tmp_path)) == 2
    err = capsys.readouterr().err
    assert "HTTP 403" in err and "FILMGRAPH_CONTACT" in err
    assert len(fault_server.requests) == 1


@pytest.mark.parametrize("command", ["check", "suggest", "quickstatements"])
def test_unreachable_endpoint_is_one_line_exit_2(command: str, closed_endpoint: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    graph = data_copy(tmp_path)
    assert main(["link", command, str(graph), "--endpoint", closed_endpoint]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"filmgraph: {closed_endpoint}: cannot be reached")


def test_not_an_endpoint_url_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("query.wikidata.org", tiny_graph(tmp_path)) == 2
    assert "not an http(s) URL" in capsys.readouterr().err


def test_answers_are_cached_unless_no_cache(fault_server: FaultServer, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    answer = facts_reply("Q853", "Andrei Tarkovsky", {"Q5": "human"})
    fault_server.queue(answer, answer)
    graph = tiny_graph(tmp_path)
    assert check(fault_server.url, graph) == 0
    assert check(fault_server.url, graph) == 0
    assert len(fault_server.requests) == 1  # the second run was answered from the cache
    assert check(fault_server.url, graph, "--no-cache") == 0
    assert len(fault_server.requests) == 2
    capsys.readouterr()


def test_default_endpoint_is_wikidata() -> None:
    from filmgraph.cli import build_parser

    for command in ("check", "suggest", "quickstatements"):
        args = build_parser().parse_args(["link", command])
        assert args.endpoint == WIKIDATA_ENDPOINT and args.no_cache is False


class _Terminal:
    """A stand-in for stderr that says it is a terminal and keeps what is written."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_only_on_a_terminal(wikidata_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    graph = tiny_graph(tmp_path)
    assert check(wikidata_endpoint, graph) == 0
    assert capsys.readouterr().err == ""
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert check(wikidata_endpoint, graph, "--no-cache") == 0
    assert "filmgraph: asking about items, batch 1 of 1" in terminal.text
    assert f"filmgraph: select query to {wikidata_endpoint} (try 1)" in terminal.text
    assert "asking about items" not in capsys.readouterr().out  # progress never goes to stdout
