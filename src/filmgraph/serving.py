"""The graph behind a real SPARQL server: the Oxigraph server (``oxigraph serve-read-only``, from the
PyPI package ``oxigraph``) over a temporary store that holds the graph as every command reads it.

    >>> with served(port=7879) as server:      # the bundled graph; or served(["film.ttl"], ...)
    ...     filmgraph.query("films", endpoint=server.endpoint)

The graph is loaded as :mod:`filmgraph.stores` reads it (each file in the source graph it declares,
the ontology in its own graph, their union as the default graph, each triple once: what
``export --with-union`` writes), dumped as N-Quads into ``oxigraph load``, and served read-only:
SPARQL updates and Graph Store writes are answered 403. The store lives in a temporary folder that
is removed, and the server stopped by its pid, when the block ends (Ctrl-C and SIGTERM included;
the server runs in a session of its own, so a Ctrl-C at the terminal reaches filmgraph alone).
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .console import one_line
from .errors import FilmgraphError, UsageError
from .network import accepts_connections, bind_problem

DEFAULT_BIND = "127.0.0.1"
DEFAULT_PORT = 7878
#: Seconds the server has to start listening once its store is loaded.
STARTUP_TIMEOUT = 60.0


@dataclass(frozen=True)
class Server:
    """A running server: its SPARQL endpoint, query page, process id and temporary store folder."""

    endpoint: str
    query_page: str
    pid: int
    store: Path
    process: subprocess.Popen[bytes]

    def wait(self) -> int:
        """Block until the server process ends; its exit status."""
        return self.process.wait()


def find_oxigraph() -> str:
    """The ``oxigraph`` command: the one installed beside this Python (the ``oxigraph`` package filmgraph
    depends on, in a virtual environment's bin/), else the one on PATH."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if sys.platform == "win32" else "oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise FilmgraphError("the Oxigraph server is not installed (no 'oxigraph' command on PATH or beside Python); "
                         "install it with: pip install oxigraph")


def check_bind(address: str, allow_remote: bool) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The IP address to listen on; one other machines could reach is refused unless ``allow_remote``."""
    try:
        ip = ipaddress.ip_address("127.0.0.1" if address == "localhost" else address.strip("[]"))
    except ValueError:
        raise UsageError(f"--bind {one_line(address, 80)}: give an IP address, such as 127.0.0.1 or ::1") from None
    if not ip.is_loopback and not allow_remote:
        raise UsageError(f"--bind {ip}: other machines could reach the server there; serving beyond this "
                         "machine needs --allow-remote (or keep the default, 127.0.0.1)")
    return ip


def _host(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """The address as it stands in a URL (an IPv6 address in brackets)."""
    return f"[{ip}]" if ip.version == 6 else str(ip)


def _check_port_free(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int) -> None:
    """Fail early, before loading anything, when the port is taken or the address is not this machine's."""
    problem = bind_problem(str(ip), port)
    if problem is not None:
        raise _bind_error(ip, port, problem.errno, problem.strerror or str(problem))


def _bind_error(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int, code: int | None,
                reason: str) -> UsageError:
    where = f"{_host(ip)}:{port}"
    if code == errno.EADDRINUSE:
        return UsageError(f"{where} is in use by another program: stop it, or choose another --port")
    if code == errno.EADDRNOTAVAIL:
        return UsageError(f"cannot listen on {where}: {ip} is not an address of this machine")
    if code == errno.EACCES:
        return UsageError(f"cannot listen on {where}: permission denied (ports below 1024 need privileges)")
    return UsageError(f"cannot listen on {where}: {reason}")


def _last_error(log: Path) -> str:
    """The server's or loader's own error line (``Error: …``), else its last line of output."""
    lines = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    errors = [line.removeprefix("Error: ") for line in lines if line.startswith("Error:")]
    return one_line((errors or lines or ["no output"])[0], 200)


def _load(command: str, store: Path, log: Path, paths: Iterable[str | os.PathLike[str]] | None) -> None:
    """Read the graph as :mod:`filmgraph.stores` does and bulk-load its N-Quads dump into ``store``."""
    import pyoxigraph

    from .stores import bundled_store, files_store

    graph = bundled_store() if paths is None else files_store(paths)
    with log.open("wb") as out:
        loader = subprocess.Popen([command, "load", "--location", str(store), "--format", "nq"],
                                  stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        assert loader.stdin is not None
        with contextlib.suppress(BrokenPipeError), loader.stdin:
            graph.dump(loader.stdin, pyoxigraph.RdfFormat.N_QUADS)
        status = loader.wait()
    finally:
        stop_process(loader)
    if status != 0:
        raise FilmgraphError(f"oxigraph load failed (exit {status}): {_last_error(log)}")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """End a process by its pid: SIGTERM, then SIGKILL if it is still there after 5 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _listening(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int) -> bool:
    """Whether something accepts connections at the port (on loopback for an any-address bind)."""
    if ip.is_unspecified:
        ip = ipaddress.ip_address("::1" if ip.version == 6 else "127.0.0.1")
    return accepts_connections(str(ip), port)


def _wait_until_up(process: subprocess.Popen[bytes], ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
                   port: int, log: Path, limit: float) -> None:
    """Return once the server listens; a server that exits first, or stays silent, is an error."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            reason = _last_error(log)
            if "in use" in reason.lower():
                raise _bind_error(ip, port, errno.EADDRINUSE, reason)
            raise FilmgraphError(f"the Oxigraph server stopped at once (exit {process.returncode}): {reason}")
        if _listening(ip, port):
            return
        time.sleep(0.05)
    raise FilmgraphError(f"the Oxigraph server did not listen on {_host(ip)}:{port} within {limit:g} s")


@contextlib.contextmanager
def served(paths: Iterable[str | os.PathLike[str]] | None = None, *, bind: str = DEFAULT_BIND,
           port: int = DEFAULT_PORT, allow_remote: bool = False,
           startup_timeout: float = STARTUP_TIMEOUT) -> Iterator[Server]:
    """Serve the bundled graph (or the RDF files ``paths``, with the bundled ontology, as ``query --data``
    reads them) read-only at ``bind``:``port`` for the duration of the block.

    A non-loopback ``bind`` needs ``allow_remote``; a taken port, a missing ``oxigraph`` command or a
    server that does not start is a FilmgraphError (exit 2). On leaving the block, however it is
    left, the server is stopped by its pid and the temporary store removed.
    """
    if not 0 < port < 65536:
        raise UsageError(f"--port {port}: give a port from 1 to 65535")
    ip = check_bind(bind, allow_remote)
    command = find_oxigraph()
    _check_port_free(ip, port)
    scratch = Path(tempfile.mkdtemp(prefix="filmgraph-serve-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        store, log = scratch / "store", scratch / "oxigraph.log"
        _load(command, store, log, paths)
        with log.open("wb") as out:
            process = subprocess.Popen(
                [command, "serve-read-only", "--location", str(store), "--bind", f"{_host(ip)}:{port}"],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)  # a Ctrl-C at the terminal reaches filmgraph alone, which stops it
        _wait_until_up(process, ip, port, log, startup_timeout)
        base = f"http://{_host(ip)}:{port}"
        yield Server(f"{base}/query", f"{base}/", process.pid, store, process)
    finally:
        if process is not None:
            stop_process(process)
        shutil.rmtree(scratch, ignore_errors=True)


__all__ = ["DEFAULT_BIND", "DEFAULT_PORT", "Server", "check_bind", "find_oxigraph", "served", "stop_process"]
