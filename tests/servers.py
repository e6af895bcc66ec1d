"""Local HTTP servers for tests: the real Oxigraph server, and a scripted fault server.

Everything listens on 127.0.0.1 only; no test touches the internet.

- :func:`oxigraph_server` loads RDF files into a fresh store and serves it; it yields the
  SPARQL endpoint URL ``http://127.0.0.1:PORT/query`` and stops the server afterwards.
  :func:`load_store` and :func:`serve_store` are its two steps, for a store folder of one's own.
- :class:`FaultServer` answers each request with the next scripted :class:`Reply` (status,
  headers, body, delay, or no answer at all) and records what it received.
- :func:`closed_port_url` is a URL on which nothing listens.
"""

from __future__ import annotations

import json
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from filmgraph import serving

HOST = "127.0.0.1"
FIXTURES = Path(__file__).parent / "fixtures"
WIKIDATA_SUBSET = FIXTURES / "wikidata-subset.ttl"
SPARQL_JSON = "application/sparql-results+json"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def closed_port_url(path: str = "/sparql") -> str:
    """An http URL on 127.0.0.1 where nothing listens (connections are refused)."""
    return f"http://{HOST}:{free_port()}{path}"


# --- Oxigraph ------------------------------------------------------------------------------


def find_oxigraph() -> str:
    """The ``oxigraph`` command the tests start: the one ``filmgraph serve`` runs (beside this Python,
    else on PATH), so that the tests and the command use the same server."""
    return serving.find_oxigraph()


#: End a process by its pid (SIGTERM, then SIGKILL): as ``filmgraph serve`` ends its server.
stop = serving.stop_process


def _answers(endpoint: str) -> bool:
    """Whether a SPARQL endpoint answers a trivial ASK with 200."""
    url = endpoint + "?query=ASK%7B%7D"
    request = urllib.request.Request(url, headers={"Accept": SPARQL_JSON})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def load_store(store: Path, data_files: Iterable[Path | str]) -> None:
    """Bulk-load RDF files into the Oxigraph store folder ``store`` with ``oxigraph load``, one file
    per call (the folder is created; a failing load raises RuntimeError with its stderr)."""
    command = find_oxigraph()
    for data_file in data_files:
        loaded = subprocess.run(
            [command, "load", "--location", str(store), "--file", str(data_file)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if loaded.returncode != 0:
            raise RuntimeError(f"oxigraph load {data_file} failed ({loaded.returncode}): {loaded.stderr.strip()}")
    store.mkdir(parents=True, exist_ok=True)  # an empty store when no file was given


@contextmanager
def serve_store(
    store: Path,
    *,
    read_only: bool = False,
    union_default_graph: bool = False,
    startup_timeout: float = 30.0,
) -> Iterator[str]:
    """Serve an Oxigraph store folder on a free port of 127.0.0.1; yield the /query URL.

    ``read_only`` uses ``serve-read-only`` (updates answered with 403); ``union_default_graph``
    passes Oxigraph's ``--union-default-graph``. The server is stopped by its pid on exit; one that
    does not come up raises RuntimeError with its output.
    """
    command = find_oxigraph()
    mode = "serve-read-only" if read_only else "serve"
    flags = ["--union-default-graph"] if union_default_graph else []
    with tempfile.TemporaryDirectory(prefix="filmgraph-oxigraph-log-") as scratch:
        last_error = ""
        for _attempt in range(3):  # the free port may be taken before the server binds it
            port = free_port()
            endpoint = f"http://{HOST}:{port}/query"
            log_path = Path(scratch) / f"server-{port}.log"
            with log_path.open("wb") as log:
                process = subprocess.Popen(
                    [command, mode, "--location", str(store), "--bind", f"{HOST}:{port}", *flags],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            try:
                if wait_until_up(process, endpoint, startup_timeout):
                    yield endpoint
                    return
            finally:
                stop(process)
            last_error = log_path.read_text(encoding="utf-8", errors="replace").strip()
            if "in use" not in last_error.lower():
                break
        raise RuntimeError(
            f"oxigraph {mode} did not answer at {endpoint} within {startup_timeout:g} s; "
            f"its output: {last_error or '(none)'}"
        )


@contextmanager
def oxigraph_server(
    data_files: Iterable[Path | str],
    *,
    read_only: bool = False,
    startup_timeout: float = 30.0,
) -> Iterator[str]:
    """Serve ``data_files`` with ``oxigraph serve`` on a free port; yield the /query URL.

    Each file is loaded with ``oxigraph load`` into a temporary store first. ``read_only``
    uses ``serve-read-only`` (updates answered with 403). The server is always stopped and the
    store deleted on exit; a server that does not come up raises RuntimeError with its stderr.
    """
    with tempfile.TemporaryDirectory(prefix="filmgraph-oxigraph-") as scratch:
        store = Path(scratch) / "store"
        load_store(store, data_files)
        with serve_store(store, read_only=read_only, startup_timeout=startup_timeout) as endpoint:
            yield endpoint


def wait_until_up(process: subprocess.Popen[bytes], endpoint: str, limit: float) -> bool:
    """Poll the endpoint until it answers (True) or the process dies / time runs out (False)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if _answers(endpoint):
            return True
        time.sleep(0.05)
    return False


# --- the scripted fault server -------------------------------------------------------------


@dataclass
class Reply:
    """One scripted answer. ``hang`` never answers (until the server stops); ``drip`` sends the
    whole answer (status line, headers, body) one byte every ``drip`` seconds; ``endless`` sends a
    chunked body that never ends; ``raw`` is sent as is instead of a composed answer. A
    ``Content-Length`` in ``headers`` replaces the true one (a server that lies about it)."""

    status: int = 200
    body: bytes | str = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    hang: bool = False
    drip: float = 0.0
    endless: bool = False
    raw: bytes | None = None

    def encode(self) -> bytes:
        """The status line, headers and (unless endless) body, as sent."""
        if self.raw is not None:
            return self.raw
        payload = self.body.encode("utf-8") if isinstance(self.body, str) else self.body
        headers = {"Content-Type": self.content_type} if self.content_type else {}
        length = {"Transfer-Encoding": "chunked"} if self.endless else {"Content-Length": str(len(payload))}
        headers = {**headers, **length, **self.headers, "Connection": "close"}
        phrase = HTTPStatus(self.status).phrase if self.status in HTTPStatus._value2member_map_ else "Status"
        lines = [f"HTTP/1.1 {self.status} {phrase}", *(f"{name}: {value}" for name, value in headers.items())]
        return "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + (b"" if self.endless else payload)


def json_reply(data: object, status: int = 200, content_type: str = SPARQL_JSON) -> Reply:
    """A reply carrying ``data`` as JSON."""
    return Reply(status=status, body=json.dumps(data), content_type=content_type)


def select_reply(var: str = "x", values: Iterable[str] = ("http://example.org/a",)) -> Reply:
    """SPARQL JSON results binding ``var`` to each IRI in ``values``."""
    rows = [{var: {"type": "uri", "value": value}} for value in values]
    return json_reply({"head": {"vars": [var]}, "results": {"bindings": rows}})


def html_reply(status: int = 200, text: str = "Something went wrong") -> Reply:
    """An HTML page, as a proxy, captive portal or misconfigured server would send."""
    body = f"<!DOCTYPE html><html><head><title>Oops</title></head><body><h1>{text}</h1></body>"
    return Reply(status=status, body=body, content_type="text/html; charset=utf-8")


@dataclass
class Recorded:
    """A request the fault server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class FaultServer:
    """An HTTP server on 127.0.0.1 answering from a queue of :class:`Reply` objects.

    Once the queue is empty it answers ``default`` (if given) or 410 "no scripted reply left".
    Use as a context manager; ``url`` is the endpoint, ``requests`` what it received.
    """

    def __init__(self, replies: Iterable[Reply] = (), default: Reply | None = None) -> None:
        """Prepare the server (started by ``start`` or ``with``)."""
        self._replies: deque[Reply] = deque(replies)
        self.default = default
        self.requests: list[Recorded] = []
        self._guard = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer((HOST, 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self._thread: threading.Thread | None = None
        self.url = f"http://{HOST}:{self._server.server_address[1]}/sparql"

    def queue(self, *replies: Reply) -> FaultServer:
        """Append replies to the script."""
        with self._guard:
            self._replies.extend(replies)
        return self

    def _next(self, recorded: Recorded) -> Reply:
        """Record a request and take the reply for it."""
        with self._guard:
            self.requests.append(recorded)
            if self._replies:
                return self._replies.popleft()
        return self.default or Reply(410, "fault server: no scripted reply left", "text/plain")

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        """A request handler bound to this server's script."""
        fault = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {name: value for name, value in self.headers.items()}
                reply = fault._next(Recorded(self.command, self.path, headers, body))
                if reply.hang:
                    fault._stopping.wait(60)
                    self.close_connection = True
                    return
                if reply.delay:
                    fault._stopping.wait(reply.delay)
                self.close_connection = True
                data = reply.encode()
                if reply.drip:
                    for index in range(len(data)):
                        if fault._stopping.is_set():
                            return
                        self.wfile.write(data[index : index + 1])
                        self.wfile.flush()
                        fault._stopping.wait(reply.drip)
                    return
                self.wfile.write(data)
                chunk = b"%x\r\n%s\r\n" % (1 << 20, b" " * (1 << 20))
                while reply.endless and not fault._stopping.is_set():
                    self.wfile.write(chunk)  # until the client hangs up (BrokenPipeError ends the handler)

            do_GET = _answer
            do_POST = _answer
            do_PUT = _answer

            def log_message(self, format: str, *args: object) -> None:
                """Keep test output quiet."""

        return Handler

    def start(self) -> FaultServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release hanging requests, stop serving and close the socket."""
        self._stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
