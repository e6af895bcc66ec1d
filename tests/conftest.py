"""Shared fixtures: the bundled graph, local SPARQL servers (real Oxigraph, scripted faults),
and a clean environment for each test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from rdflib import Graph
from servers import WIKIDATA_SUBSET, FaultServer, closed_port_url, oxigraph_server

import filmgraph

StartOxigraph = Callable[[Iterable[Path | str]], str]


@pytest.fixture(scope="session", autouse=True)
def _local_only() -> Iterator[None]:
    """Never send requests for 127.0.0.1 through a proxy configured in the environment."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("NO_PROXY", "no_proxy"):
            current = os.environ.get(name, "")
            patch.setenv(name, ",".join(filter(None, [current, "127.0.0.1", "localhost"])))
        yield


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A private cache folder and no user overrides of the User-Agent for each test."""
    monkeypatch.setenv("FILMGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FILMGRAPH_USER_AGENT", raising=False)
    monkeypatch.delenv("FILMGRAPH_CONTACT", raising=False)


@pytest.fixture(scope="session")
def oxigraph_endpoint_factory() -> Iterator[StartOxigraph]:
    """A function serving RDF files with a read-only Oxigraph server; returns the /query URL.

    Servers are shared for the whole session (one per distinct list of files) and stopped at
    its end. For a writable store, use ``servers.oxigraph_server`` directly in a test.
    """
    started: dict[tuple[str, ...], str] = {}
    with ExitStack() as stack:

        def start(data_files: Iterable[Path | str]) -> str:
            files = [Path(f).resolve() for f in data_files]
            key = tuple(str(f) for f in files)
            if key not in started:
                started[key] = stack.enter_context(oxigraph_server(files, read_only=True))
            return started[key]

        yield start


@pytest.fixture(scope="session")
def wikidata_endpoint(oxigraph_endpoint_factory: StartOxigraph) -> str:
    """A local SPARQL endpoint serving tests/fixtures/wikidata-subset.ttl."""
    return oxigraph_endpoint_factory([WIKIDATA_SUBSET])


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    """A started scripted fault server; queue replies with ``fault_server.queue(...)``."""
    with FaultServer() as server:
        yield server


@pytest.fixture
def closed_endpoint() -> str:
    """A SPARQL endpoint URL on 127.0.0.1 on which nothing listens."""
    return closed_port_url()


@pytest.fixture(scope="session")
def bundled() -> Graph:
    """Ontology + alignments + Stalker data (do not modify: shared by many tests)."""
    return filmgraph.load()


@pytest.fixture(scope="session")
def data() -> Graph:
    """The Stalker data alone (do not modify)."""
    return filmgraph.load_data()


@pytest.fixture(scope="session")
def bundled_nquads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled dataset exported as N-Quads (each source graph and the ontology named), in a file."""
    path = tmp_path_factory.mktemp("export") / "filmgraph.nq"
    path.write_bytes(filmgraph.export(None, "nq"))
    return path
