"""The local test servers themselves: they start, answer, report failures and stop."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from servers import FaultServer, Reply, oxigraph_server

from filmgraph.sparql_client import SparqlClient


def test_oxigraph_server_serves_and_stops(tmp_path: Path) -> None:
    data = tmp_path / "tiny.ttl"
    data.write_text("<http://example.org/a> <http://example.org/p> 42 .\n", encoding="utf-8")
    with oxigraph_server([data]) as endpoint:
        assert endpoint.startswith("http://127.0.0.1:") and endpoint.endswith("/query")
        client = SparqlClient(endpoint, use_cache=False, timeout=5)
        assert client.ask("ASK { <http://example.org/a> <http://example.org/p> 42 }")
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(endpoint + "?query=ASK%7B%7D", timeout=2)


def test_oxigraph_load_failure_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://example.org/a> <http://example.org/p> .\n", encoding="utf-8")
    starting = oxigraph_server([broken])
    with pytest.raises(RuntimeError, match=r"oxigraph load .*broken\.ttl failed"), starting:
        pass  # pragma: no cover


def test_fault_server_records_and_runs_out(tmp_path: Path) -> None:
    with FaultServer([Reply(201, "made", "text/plain")]) as server:
        with urllib.request.urlopen(server.url + "?q=1", timeout=2) as response:
            assert (response.status, response.read()) == (201, b"made")
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(server.url, timeout=2)
        assert caught.value.code == 410
        caught.value.close()
    assert [r.path for r in server.requests] == ["/sparql?q=1", "/sparql"]
