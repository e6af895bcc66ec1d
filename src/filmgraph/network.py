"""The one place filmgraph talks to the network: HTTP with a deadline, size caps, a redirect policy,
retries and an on-disk cache.

- ``timeout`` is a deadline for the whole call (connecting, every retry and wait, the body): the
  socket times out at the time left, and a watchdog shuts it at the deadline, so an endpoint that
  drips a byte a second ends the call too.
- Answers are read up to ``limit`` bytes (refused beyond it), error pages up to 64 KiB.
- A redirect is followed only to the same origin (or from http to https on the same host), and never
  when it would turn a POST or PUT into a GET; else the call fails and names where it was sent.
- 429 and 500/502/503/504 are retried (``Retry-After`` honoured, else exponential backoff), a
  bounded number of times and never past the deadline; :func:`host_lock` serialises callers per host.
- Proxies named by ``http_proxy``/``https_proxy`` (and ``no_proxy``) are used, as urllib would.
- :class:`Cache` keeps answers on disk and checks each entry in full when reading it.
- :func:`bind_problem` and :func:`accepts_connections` probe a local port for a server
  (:mod:`filmgraph.serving`).

Nothing here prints; ``report(event, detail)`` callbacks say what happens.
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import functools
import hashlib
import http.client
import json
import math
import os
import re
import socket
import ssl
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import TypeVar

from .atomic import atomic_write
from .errors import EndpointError, FilmgraphError, UsageError
from .guards import load_json, shown

MAX_ANSWER = 32 * 1024 * 1024
MAX_ERROR_PAGE = 64 * 1024
MAX_REDIRECTS = 5
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Contact sent in the User-Agent unless ``contact``/``FILMGRAPH_CONTACT`` says otherwise.
DEFAULT_CONTACT = "https://w3id.org/filmgraph/"
HINT = "check the URL or your network; use --endpoint to pick another"


@dataclass(frozen=True)
class Advice:
    """What an error message tells the user to do: ``hint`` when the service cannot be reached or
    keeps failing, ``too_large`` when its answer passes the caller's limit. A query's by default;
    a caller of another kind (a Graph Store) gives its own."""

    hint: str = HINT
    too_large: str = "ask for less (LIMIT, smaller batches)"


QUERY_ADVICE = Advice()

Report = Callable[[str, str], None]
T = TypeVar("T")

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


@functools.cache
def _version() -> str:
    """filmgraph's installed version, looked up once (reading the metadata takes milliseconds)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("filmgraph")
    except PackageNotFoundError:
        return "0.0.0"


def default_user_agent(contact: str | None = None) -> str:
    """``filmgraph/VERSION (CONTACT) Python/VERSION``; ``FILMGRAPH_USER_AGENT`` replaces it all.

    The contact is ``contact``, then ``FILMGRAPH_CONTACT``, then the project's home page.
    """
    override = os.environ.get("FILMGRAPH_USER_AGENT", "").strip()
    if override:
        return override
    ours = _version()
    who = contact or os.environ.get("FILMGRAPH_CONTACT", "").strip() or DEFAULT_CONTACT
    return f"filmgraph/{ours} ({who}) Python/{'.'.join(map(str, sys.version_info[:3]))}"


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay in seconds or HTTP date), or None."""
    value = (value or "").strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.replace(tzinfo=when.tzinfo or UTC).timestamp() - now)


def excerpt(body: bytes, limit: int = 200) -> str:
    """A short single-line excerpt of a response body (tags stripped from HTML)."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", body[: limit * 50].decode("utf-8", errors="replace"))
    return shown(" ".join(re.sub(r"<[^>]*>", " ", text).split()), limit) or "(empty body)"


def reason(status: int) -> str:
    """``HTTP 404 Not Found``: the status with its standard phrase."""
    try:
        return f"HTTP {status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


@dataclass(frozen=True)
class Response:
    """An HTTP answer: status, media type, ``Retry-After`` and body (an error page's first 64 KiB)."""

    status: int
    content_type: str
    body: bytes
    retry_after: str | None = None

    @property
    def media_type(self) -> str:
        """The bare media type of the Content-Type, lower-cased."""
        return self.content_type.split(";", 1)[0].strip().lower()


def _origin(url: str) -> tuple[str, str, int]:
    """Scheme, host and port (default ports filled in) of an http(s) URL."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


def redirect_refusal(method: str, status: int, source: str, target: str) -> str | None:
    """Why a redirect from ``source`` to ``target`` must not be followed, or None if it may be.

    Allowed: the same origin, or the same host moving from http to https (same port, or 80 to 443);
    307 and 308 keep the method and body. Refused: another host or port, https to http, and a
    301/302/303 answered to anything but GET (clients would resend it as an empty GET).
    """
    (scheme, host, port), (to_scheme, to_host, to_port) = _origin(source), _origin(target)
    if to_scheme not in ("http", "https"):
        return "not an http(s) URL"
    upgrade = scheme == "http" and to_scheme == "https" and (to_port == port or (port, to_port) == (80, 443))
    if host != to_host or not ((scheme, port) == (to_scheme, to_port) or upgrade):
        return "another host or port"
    if status in (301, 302, 303) and method != "GET":
        return f"a {method} would become a GET without its body"
    return None


class Deadline:
    """The end of a call, on the monotonic clock."""

    def __init__(self, seconds: float) -> None:
        """Start counting ``seconds`` now."""
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left (0 or less once passed)."""
        return self.end - time.monotonic()


def _connection(url: str, seconds: float) -> http.client.HTTPConnection:
    """A connection to the URL's host, or through the proxy the environment names for it."""
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "", parts.port
    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(host):
        if parts.scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=seconds)
        return http.client.HTTPConnection(host, port, timeout=seconds)
    via = urllib.parse.urlsplit(proxy if "://" in proxy else "http://" + proxy)
    auth = {}
    if via.username:
        pair = f"{urllib.parse.unquote(via.username)}:{urllib.parse.unquote(via.password or '')}"
        auth["Proxy-Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    if parts.scheme == "https":
        tunnel = http.client.HTTPSConnection(via.hostname or "", via.port or 80, timeout=seconds)
        tunnel.set_tunnel(host, port, headers=auth)
        return tunnel
    connection = http.client.HTTPConnection(via.hostname or "", via.port or 80, timeout=seconds)
    connection.proxy_headers = auth  # type: ignore[attr-defined]  # read by _exchange
    return connection


def _shut(connection: http.client.HTTPConnection) -> None:
    """The watchdog: end a call still running at its deadline (a blocked read returns at once)."""
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _exchange(method: str, url: str, headers: dict[str, str], body: bytes | None,
              deadline: Deadline, limit: int) -> tuple[Response, str | None]:
    """One request and its answer, within the deadline; returns the answer and its Location."""
    if deadline.left() <= 0:
        raise TimeoutError
    connection = _connection(url, max(deadline.left(), 0.001))
    parts = urllib.parse.urlsplit(url)
    proxied = getattr(connection, "proxy_headers", None)
    target = url if proxied is not None else urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    watchdog = threading.Timer(max(deadline.left(), 0.0), _shut, [connection])
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request(method, target, body=body, headers={**headers, **(proxied or {})})
        answer = connection.getresponse()
        error = not 200 <= answer.status < 300
        cap = MAX_ERROR_PAGE if error else limit
        declared = answer.getheader("Content-Length", "")
        if not error and declared.isdigit() and int(declared) > cap:
            raise _TooLarge()
        chunks: list[bytes] = []
        size = 0
        while size <= cap and (chunk := answer.read1(min(65536, cap + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        if size > cap and not error:
            raise _TooLarge()
        if not error and answer.length:  # the server closed before the declared length
            raise http.client.IncompleteRead(b"", answer.length)
        if deadline.left() <= 0:
            raise TimeoutError
        response = Response(answer.status, answer.getheader("Content-Type", ""), b"".join(chunks)[:cap],
                            answer.getheader("Retry-After"))
        return response, answer.getheader("Location")
    finally:
        watchdog.cancel()
        connection.close()


class _TooLarge(Exception):
    """Internal: the answer is over the size limit."""


def _fetch(method: str, url: str, headers: dict[str, str], body: bytes | None,
           deadline: Deadline, limit: int, name: str, advice: Advice = QUERY_ADVICE) -> Response:
    """One request, following allowed redirects; below-HTTP failures become EndpointError naming ``name``."""
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            response, location = _exchange(method, current, headers, body, deadline, limit)
        except _TooLarge:
            raise EndpointError(
                f"{name}: answered with more than {limit / 1048576:g} MiB, filmgraph's limit for one answer; "
                f"{advice.too_large}"
            ) from None
        except Exception as exc:
            raise _network_error(name, exc, deadline, advice.hint) from None
        if response.status not in (301, 302, 303, 307, 308):
            return response
        if not location:
            raise EndpointError(f"{name}: answered {reason(response.status)} without saying where to; {advice.hint}")
        try:
            target = urllib.parse.urljoin(current, location.strip())
            refusal = redirect_refusal(method, response.status, current, target)
        except ValueError:  # a bad port or IPv6 address
            target, refusal = location, "not a valid URL"
        if refusal:
            raise EndpointError(
                f"{name}: redirected ({reason(response.status)}) to {shown(target, 200)}, which filmgraph does "
                f"not follow ({refusal}); if you trust it, use that URL instead"
            )
        current = target
    raise EndpointError(f"{name}: more than {MAX_REDIRECTS} redirects; {advice.hint}")


def _network_error(url: str, exc: BaseException, deadline: Deadline, hint: str = HINT) -> EndpointError:
    """An EndpointError for a failure below HTTP: refused, unresolvable, timed out, cut off."""
    if deadline.left() <= 0 or isinstance(exc, TimeoutError):
        return EndpointError(
            f"{url}: no answer within {deadline.seconds:g} s (the deadline for the whole answer, retries included); "
            f"the service may be overloaded or the query too heavy; try again later, raise --timeout, or {hint}")
    if isinstance(exc, ConnectionRefusedError):
        what = "connection refused"
    elif isinstance(exc, ssl.SSLError):
        what = f"TLS: {exc.reason or exc}"
    elif isinstance(exc, http.client.IncompleteRead | http.client.RemoteDisconnected | ConnectionError):
        what = f"the answer broke off ({type(exc).__name__})"
    elif isinstance(exc, http.client.HTTPException):  # a bad status line, too many or too long headers
        what = f"not an HTTP answer ({type(exc).__name__}: {shown(str(exc), 80)})"
    elif isinstance(exc, OSError) and exc.strerror:
        what = exc.strerror
    elif isinstance(exc, OSError | ValueError | UnicodeError):
        what = str(exc) or type(exc).__name__
    else:
        raise exc
    return EndpointError(f"{url}: cannot be reached ({what}); {hint}")


def host_lock(url: str) -> threading.Lock:
    """The process-wide lock serialising requests to one host."""
    scheme, host, port = _origin(url)
    with _locks_guard:
        return _locks.setdefault(f"{scheme}://{host}:{port}", threading.Lock())


def request(method: str, url: str, *, headers: dict[str, str], body: bytes | None = None, timeout: float = 65.0,
            limit: int = MAX_ANSWER, retries: int = 4, backoff: float = 1.0, max_backoff: float = 60.0,
            retry: Callable[[Response], bool] = lambda response: response.status in RETRY_STATUSES,
            sleep: Callable[[float], None] | None = None, report: Report | None = None, label: str | None = None,
            purpose: str = "", advice: Advice = QUERY_ADVICE) -> Response:
    """Send a request and return the final answer (any status but a retried one), all within ``timeout`` s.

    A ``retry``-able answer is sent again after ``Retry-After`` (else ``backoff`` doubling up to
    ``max_backoff``), at most ``retries`` times; a wait past the deadline is an error. Messages
    name ``label`` (default: the URL) and end with ``advice``; progress reports name ``purpose``
    (default: the method).
    """
    if not math.isfinite(timeout) or timeout <= 0:
        raise UsageError(f"timeout must be a positive number of seconds, not {timeout}")
    for header, value in headers.items():
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise UsageError(f"the {header} header would hold a control character such as a line break "
                             "(check FILMGRAPH_USER_AGENT, FILMGRAPH_CONTACT); give it on one line")
    deadline, name = Deadline(timeout), label or url
    say = report or (lambda _event, _detail: None)
    for attempt in range(retries + 1):
        say("request", f"{purpose or method} to {name} (try {attempt + 1})")
        response = _fetch(method, url, headers, body, deadline, limit, name, advice)
        if not retry(response):
            return response
        if attempt == retries:
            break
        asked = parse_retry_after(response.retry_after, time.time())
        wait = asked if asked is not None else min(max_backoff, backoff * 2**attempt)
        if wait >= deadline.left():
            why = f"asks to wait {wait:g} s" if asked is not None else f"would be retried in {wait:g} s"
            raise EndpointError(
                f"{name}: answered {reason(response.status)} and {why}, past the {timeout:g} s deadline; "
                "try again later, or raise --timeout"
            )
        say("wait", f"{reason(response.status)} from {name}; waiting {wait:g} s")
        (time.sleep if sleep is None else sleep)(wait)
    raise EndpointError(
        f"{name}: still answered {reason(response.status)} after {retries + 1} tries "
        f"({excerpt(response.body)}); try again later, or {advice.hint}"
    )


def bind_problem(host: str, port: int) -> OSError | None:
    """Why a server could not listen on ``host``:``port`` (an IP address) now, or None if it could: the
    port taken, the address not this machine's... (``SO_REUSEADDR`` set, as servers do)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            return exc
    return None


def accepts_connections(host: str, port: int) -> bool:
    """Whether something listens at ``host``:``port`` (a TCP connection is accepted within a second)."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def with_query(url: str, query: str) -> str:
    """``url`` with ``query`` added to its own query string, if it has one."""
    return f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}{query}"


def refused(what: str, response: Response, advice: str) -> EndpointError:
    """The error for an answer that refuses a request: what, the status, an excerpt of the page, advice."""
    return EndpointError(f"{what}: {reason(response.status)}: {excerpt(response.body)}; {advice}")


def default_cache_dir() -> Path:
    """``FILMGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/filmgraph``, else ``~/.cache/filmgraph``."""
    configured = os.environ.get("FILMGRAPH_CACHE_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "filmgraph"


class Cache:
    """Successful answers on disk, keyed by the request that got them, with an expiry.

    An entry is checked in full when read (its fields, its request, its age, and ``check`` on the
    answer, which should parse it completely); any problem deletes it, so the next call asks again.
    """

    FIELDS = frozenset({"request", "created", "content_type", "body"})

    def __init__(self, folder: Path, ttl: float, clock: Callable[[], float] = time.time) -> None:
        """Answers under ``folder/sparql``, fresh for ``ttl`` seconds."""
        self.folder = folder / "sparql"
        self.ttl = ttl
        self.clock = clock

    def _path(self, request: tuple[str, ...]) -> Path:
        key = hashlib.sha256("\x00".join(request).encode("utf-8")).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def get(self, request: tuple[str, ...], check: Callable[[Response], T]) -> T | None:
        """The checked answer to ``request``, or None (missing, expired or faulty: then evicted)."""
        path = self._path(request)
        try:
            if path.stat().st_size > 2 * MAX_ANSWER:
                raise ValueError("too large")
            entry = load_json(path.read_bytes(), str(path), error=EndpointError)
            created = entry["created"] if isinstance(entry, dict) and set(entry) == self.FIELDS else None
            if (
                not isinstance(created, int | float) or isinstance(created, bool)
                or not self.clock() - self.ttl <= created <= self.clock() + 60
                or entry["request"] != list(request)
                or not isinstance(entry["content_type"], str)
                or not isinstance(entry["body"], str)
            ):
                raise ValueError("expired or malformed")
            return check(Response(200, entry["content_type"], entry["body"].encode("utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError, EndpointError):
            path.unlink(missing_ok=True)
            return None

    def put(self, request: tuple[str, ...], response: Response) -> str | None:
        """Store an answer atomically; returns why it was not stored (never fatal), else None."""
        try:
            body = response.body.decode("utf-8")
        except UnicodeDecodeError:
            return "not UTF-8"
        entry = {"request": list(request), "created": self.clock(), "content_type": response.content_type,
                 "body": body}
        path = self._path(request)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps(entry, ensure_ascii=False))
        except OSError as exc:
            return exc.strerror or str(exc)
        except FilmgraphError as exc:
            return str(exc)
        return None

    def clear(self) -> int:
        """Delete every cached answer; return how many."""
        entries = list(self.folder.glob("*/*.json")) if self.folder.is_dir() else []
        for path in entries:
            path.unlink(missing_ok=True)
        return len(entries)
