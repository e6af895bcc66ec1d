"""``filmgraph serve``: the real Oxigraph server (``oxigraph serve-read-only``) over a temporary store,
on 127.0.0.1 only. Every library query answers over HTTP as it does locally; updates and Graph Store
writes are refused; SIGTERM and Ctrl-C stop the server by its pid and remove the store; a
non-loopback address needs --allow-remote; a taken port or a missing server is one line, exit 2."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from query_support import FILM, comparable, stalker_params
from rdflib import URIRef
from servers import HOST, free_port

import filmgraph
from filmgraph import serving
from filmgraph.cli import main
from filmgraph.datasets import ONTOLOGY_GRAPH
from filmgraph.queries import names
from filmgraph.results import Result
from filmgraph.serving import Server, served

FILMGRAPH = str(Path(sys.executable).with_name("filmgraph"))
EX = "http://example.org/"
INSERT = f"INSERT DATA {{ <{EX}a> <{EX}p> <{EX}o> }}"
ASK_INSERTED = f"ASK {{ <{EX}a> <{EX}p> <{EX}o> }}"
ASK_ONTOLOGY = f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """The bundled graph served by the Python API on a free port."""
    with served(port=free_port()) as running:
        yield running


def _not_empty(result: Result) -> bool:
    """Whether an answer says something (so that two equal answers are not both empty)."""
    if result.graph is not None:
        return len(result.graph) > 0
    return result.boolean is not None or bool(result.rows)


@pytest.mark.parametrize("name", names())
def test_every_library_query_answers_over_http_as_locally(server: Server, name: str) -> None:
    params = stalker_params(name)
    here = filmgraph.query(name, **params)
    there = filmgraph.query(name, endpoint=server.endpoint, **params)
    assert _not_empty(here), f"{name}: no answer locally for {params}"
    assert there.engine == server.endpoint
    assert comparable(there) == comparable(here)


def _send(method: str, url: str, body: bytes, content_type: str) -> int:
    """The status of one request (an error status included)."""
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_updates_and_graph_store_writes_are_refused(server: Server) -> None:
    base = server.query_page.rstrip("/")
    triple = f"<{EX}a> <{EX}p> <{EX}o> .\n".encode()
    assert _send("POST", f"{base}/update", INSERT.encode(), "application/sparql-update") == 403
    assert _send("POST", f"{base}/query", f"update={INSERT}".encode(), "application/x-www-form-urlencoded") != 200
    assert _send("PUT", f"{base}/store?default", triple, "application/n-triples") == 403
    assert _send("POST", f"{base}/store?graph={EX}g", triple, "application/n-triples") == 403
    assert _send("DELETE", f"{base}/store?graph={ONTOLOGY_GRAPH}", b"", "text/plain") == 403
    assert filmgraph.query(ASK_INSERTED, endpoint=server.endpoint).boolean is False
    assert filmgraph.query(ASK_ONTOLOGY, endpoint=server.endpoint).boolean is True  # nothing was deleted


def test_the_query_page_and_its_assets_are_served_from_the_server(server: Server) -> None:
    with urllib.request.urlopen(server.query_page, timeout=10) as response:
        page = response.read().decode("utf-8")
        assert response.headers.get_content_type() == "text/html"
    assert 'src="./yasgui.min.js"' in page  # a local asset, not a CDN
    with urllib.request.urlopen(server.query_page + "yasgui.min.js", timeout=10) as response:
        assert response.status == 200 and len(response.read()) > 10_000


def test_the_server_is_stopped_and_its_store_removed_after_the_block() -> None:
    port = free_port()
    with served(port=port) as running:
        assert running.store.is_dir() and _alive(running.pid)
    assert not running.store.parent.exists()
    assert not _alive(running.pid)
    assert not _listening(port)


def test_data_files_are_served_in_the_graphs_they_declare(tmp_path: Path) -> None:
    film, graph = "https://w3id.org/filmgraph/film/test-film", "https://w3id.org/filmgraph/graph/test-film"
    data = tmp_path / "film.ttl"
    data.write_text(f"<{graph}> a <https://w3id.org/filmgraph/ontology#SourceGraph> .\n"
                    f"<{film}> a <https://w3id.org/filmgraph/ontology#Film> .\n", encoding="utf-8")
    with served([data], port=free_port()) as running:
        assert [row[0] for row in filmgraph.query("films", endpoint=running.endpoint).rows] == [URIRef(film)]
        in_graph = f"ASK {{ GRAPH <{graph}> {{ <{film}> a <https://w3id.org/filmgraph/ontology#Film> }} }}"
        assert filmgraph.query(in_graph, endpoint=running.endpoint).boolean is True
        assert filmgraph.query(ASK_ONTOLOGY, endpoint=running.endpoint).boolean is True  # the bundled ontology


# --- the command --------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    """Whether a process with this pid runs (a zombie counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _listening(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return True
    except OSError:
        return False


def _env(tmp_path: Path) -> dict[str, str]:
    """The environment of a ``filmgraph serve`` child: its own temporary folder, to look into."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp_path / "tmp")}


def _start(tmp_path: Path, *options: str, count: int = 3,
           session: bool = False) -> tuple[subprocess.Popen[str], list[str]]:
    """``filmgraph serve`` as a child process (in a process group of its own with ``session``, as in a
    terminal), and its ``count`` lines once it serves."""
    process = subprocess.Popen([FILMGRAPH, "serve", *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=_env(tmp_path), start_new_session=session)
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in iter(stdout.readline, "")],
                     daemon=True).start()
    try:
        return process, [lines.get(timeout=60) for _ in range(count)]
    except queue.Empty:
        process.kill()
        pytest.fail(f"filmgraph serve did not start: {process.communicate(timeout=10)}")


@pytest.mark.parametrize(("sig", "group"), [(signal.SIGTERM, False), (signal.SIGINT, False), (signal.SIGINT, True)])
def test_a_signal_stops_the_server_by_its_pid_and_removes_the_store(tmp_path: Path, sig: signal.Signals,
                                                                    group: bool) -> None:
    """SIGTERM or SIGINT to filmgraph alone, or SIGINT to its process group (a Ctrl-C at the terminal)."""
    port = free_port()
    process, lines = _start(tmp_path, "--port", str(port), session=group)
    assert lines[:2] == [f"SPARQL endpoint: http://127.0.0.1:{port}/query", f"query page:      http://127.0.0.1:{port}/"]
    pid = int(lines[2].split("pid ", 1)[1].split(",")[0])
    store = Path(lines[2].split("temporary store ", 1)[1].split(";")[0])
    assert store.is_dir() and store.parent.parent == tmp_path / "tmp"
    assert _alive(pid)
    assert [row[0] for row in filmgraph.query("films", endpoint=f"http://127.0.0.1:{port}/query").rows] == [FILM]
    if group:
        os.killpg(process.pid, sig)
    else:
        process.send_signal(sig)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert err == "stopped the server and removed its temporary store\n"
    assert not _alive(pid)
    assert not _listening(port)
    assert list((tmp_path / "tmp").iterdir()) == []


def test_quiet_prints_the_two_urls_alone(tmp_path: Path) -> None:
    port = free_port()
    process, lines = _start(tmp_path, "--port", str(port), "--quiet", count=2)
    assert lines == [f"SPARQL endpoint: http://127.0.0.1:{port}/query", f"query page:      http://127.0.0.1:{port}/"]
    assert _listening(port)
    process.terminate()
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out, err) == (0, "", "")
    assert not _listening(port)


def test_a_server_that_dies_is_one_line_and_its_store_is_removed(tmp_path: Path) -> None:
    process, lines = _start(tmp_path, "--port", str(free_port()))
    os.kill(int(lines[2].split("pid ", 1)[1].split(",")[0]), signal.SIGKILL)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert err == ("filmgraph: the Oxigraph server stopped by itself (killed by signal 9); "
                   "its temporary store is removed\n")
    assert list((tmp_path / "tmp").iterdir()) == []


def _run(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FILMGRAPH, "serve", *options], capture_output=True, text=True, timeout=60,
                          env=_env(tmp_path), check=False)


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "192.0.2.1", "10.0.0.1"])
def test_a_non_loopback_bind_is_refused_without_allow_remote(tmp_path: Path, address: str) -> None:
    port = free_port()
    done = _run(tmp_path, "--bind", address, "--port", str(port))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (f"filmgraph: --bind {address}: other machines could reach the server there; serving "
                           "beyond this machine needs --allow-remote (or keep the default, 127.0.0.1)\n")
    assert not _listening(port)
    assert list((tmp_path / "tmp").iterdir()) == []  # refused before anything was loaded


def test_allow_remote_warns_before_serving(tmp_path: Path) -> None:
    """192.0.2.1 (TEST-NET-1) is no address of this machine: the warning, then one line, exit 2."""
    port = free_port()
    done = _run(tmp_path, "--bind", "192.0.2.1", "--port", str(port), "--allow-remote")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"filmgraph: warning: serving on 192.0.2.1:{port}: anyone who can reach this machine there can query the "
        "graph (read-only, no password, no TLS)",
        f"filmgraph: cannot listen on 192.0.2.1:{port}: 192.0.2.1 is not an address of this machine",
    ]


@pytest.mark.parametrize("address", ["127.0.0.2", "::1", "localhost"])
def test_every_loopback_address_is_allowed(address: str) -> None:
    assert serving.check_bind(address, allow_remote=False).is_loopback


@pytest.mark.parametrize("bad", ["example.org", "127.0.0.1:80", "", "1.2.3"])
def test_a_bind_that_is_not_an_ip_address_is_one_line(tmp_path: Path, bad: str) -> None:
    done = _run(tmp_path, "--bind", bad)
    assert done.returncode == 2
    assert done.stderr.startswith(f"filmgraph: --bind {bad}: give an IP address") and done.stderr.count("\n") == 1


@pytest.mark.parametrize("port", ["0", "65536", "-1", "http"])
def test_a_bad_port_is_one_line(tmp_path: Path, port: str) -> None:
    done = _run(tmp_path, "--port", port)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--port" in done.stderr


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _run(tmp_path, "--port", str(port))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (f"filmgraph: 127.0.0.1:{port} is in use by another program: stop it, "
                           "or choose another --port\n")
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_missing_oxigraph_command_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(serving.sys, "executable", str(tmp_path / "python"))
    assert main(["serve", "--port", str(free_port())]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("filmgraph: the Oxigraph server is not installed (no 'oxigraph' command on PATH or beside "
                            "Python); install it with: pip install oxigraph\n")


@pytest.mark.parametrize("content", ["<http://example.org/a> <http://example.org/b> .\n", ""])
def test_a_bad_data_file_is_one_line_and_nothing_is_left(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(content, encoding="utf-8")
    port = free_port()
    done = _run(tmp_path, "--data", str(bad), "--port", str(port))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"filmgraph: {bad}:") and done.stderr.count("\n") == 1
    assert not _listening(port)
    assert list((tmp_path / "tmp").iterdir()) == []
