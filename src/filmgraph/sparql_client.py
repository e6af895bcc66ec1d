"""A polite HTTP client for remote SPARQL endpoints, Wikidata's query service first of all.

What "polite" means here (see Wikidata's query service etiquette):

- a descriptive User-Agent naming filmgraph, its version and a contact (argument, or the
  environment variables ``FILMGRAPH_USER_AGENT`` / ``FILMGRAPH_CONTACT``);
- one request at a time per host (a process-wide lock);
- a client timeout a little above the service's own 60 s limit;
- on 429, wait as long as ``Retry-After`` says (seconds or an HTTP date); on 500/502/503/504,
  retry with exponential backoff; a bounded number of tries; never retry any other 4xx;
- answers cached on disk, keyed by endpoint, query and Accept header, with an expiry.

A 200 whose content is not SPARQL results (an HTML error page, a text message) is an
:class:`~filmgraph.errors.EndpointError`, never an empty result. Nothing here prints: an
optional ``progress(event, detail)`` callback reports cache hits, requests and waits.

Why SPARQLWrapper and how: it builds and sends the SPARQL-protocol request (GET, or POST for
long queries) and hands back the raw ``urllib`` response, so the status code and headers are
ours to read. On errors it re-raises ``urllib.error.HTTPError`` (status and headers intact,
so ``Retry-After`` is readable) for every status except 400, 401, 404, 414 and 500, which it
wraps in its own exception classes; for those we take the status from the class and the body
from the message, and none of them carries a ``Retry-After`` we need. Two settings work around
its defaults: only content negotiation (no ``format=``/``output=`` parameters), and the timeout
set as a float attribute (``setTimeout`` rounds it down to whole seconds). The response body is
parsed here, not by SPARQLWrapper, so that it can be checked and cached as received.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import http.client
import json
import math
import os
import re
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import NoReturn, TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import EndpointError, UsageError
from .namespaces import bind_prefixes

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
#: Contact sent in the User-Agent unless ``contact``/``FILMGRAPH_CONTACT`` says otherwise.
DEFAULT_CONTACT = "https://w3id.org/filmgraph/"

RESULTS_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.5"
RESULTS_TYPES = ("application/sparql-results+json", "application/json")
#: Response media type -> rdflib parser name, for CONSTRUCT and DESCRIBE answers.
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}

RETRY_STATUSES = frozenset({500, 502, 503, 504})
#: Queries whose URL-encoded form is longer than this are sent by POST instead of GET.
MAX_GET_QUERY = 2000
#: Statuses that SPARQLWrapper turns into its own exception classes.
_WRAPPED_STATUS = {
    "QueryBadFormed": 400,
    "Unauthorized": 401,
    "EndPointNotFound": 404,
    "URITooLong": 414,
    "EndPointInternalError": 500,
}
_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    414: "URI Too Long",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_HINT = "check the URL or your network; use --endpoint to pick another"

Progress = Callable[[str, str], None]
T = TypeVar("T")
Row = dict[str, Node]

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def package_version() -> str:
    """filmgraph's installed version, or ``0.0.0`` when running from an uninstalled tree."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("filmgraph")
    except PackageNotFoundError:
        return "0.0.0"


def default_user_agent(contact: str | None = None) -> str:
    """``filmgraph/VERSION (CONTACT) SPARQLWrapper/VERSION Python/VERSION``.

    ``FILMGRAPH_USER_AGENT`` replaces the whole string; otherwise the contact is ``contact``,
    then ``FILMGRAPH_CONTACT``, then the project's home page.
    """
    override = os.environ.get("FILMGRAPH_USER_AGENT", "").strip()
    if override:
        return override
    import SPARQLWrapper

    who = contact or os.environ.get("FILMGRAPH_CONTACT", "").strip() or DEFAULT_CONTACT
    python = ".".join(str(part) for part in sys.version_info[:3])
    return (
        f"filmgraph/{package_version()} ({who}) "
        f"SPARQLWrapper/{SPARQLWrapper.__version__} Python/{python}"
    )


def default_cache_dir() -> Path:
    """``FILMGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/filmgraph``, else ``~/.cache/filmgraph``."""
    configured = os.environ.get("FILMGRAPH_CACHE_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "filmgraph"


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay in seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def values_batches(iris: Iterable[str], size: int = 200, var: str = "item") -> Iterator[str]:
    """``VALUES ?var { <iri> ... }`` blocks of at most ``size`` distinct IRIs, in input order."""
    if size < 1:
        raise UsageError(f"VALUES batch size must be at least 1, not {size}")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
        raise UsageError(f"not a SPARQL variable name: {var!r}")
    unique: list[str] = []
    seen: set[str] = set()
    for iri in iris:
        text = str(iri)
        if not text or _IRI_FORBIDDEN.search(text):
            raise UsageError(f"cannot put {text!r} in a VALUES block: not an IRI")
        if text not in seen:
            seen.add(text)
            unique.append(text)
    for start in range(0, len(unique), size):
        terms = " ".join(f"<{iri}>" for iri in unique[start : start + size])
        yield f"VALUES ?{var} {{ {terms} }}"


def _sleep(seconds: float) -> None:
    """Wait (looked up at call time, so that tests can replace ``time.sleep``)."""
    time.sleep(seconds)


def fill_values(query: str, block: str) -> str:
    """The query with its empty ``VALUES ?var { }`` placeholder(s) for ``block``'s variable filled.

    Query files under ``queries/`` leave such placeholders (valid SPARQL, matching nothing) where
    filmgraph puts batches of terms; ``block`` comes from :func:`values_batches` or an equally
    escaped builder, never from user text.
    """
    found = re.match(r"VALUES\s+\?([A-Za-z_][A-Za-z0-9_]*)\s*\{", block)
    if found is None:
        raise UsageError(f"not a VALUES block: {block[:40]!r}")
    placeholder = re.compile(r"VALUES\s+\?" + found.group(1) + r"\s*\{\s*\}")
    filled, count = placeholder.subn(lambda _match: block, query)
    if count == 0:
        raise UsageError(f"the query has no empty 'VALUES ?{found.group(1)} {{ }}' to fill")
    return filled


def _excerpt(body: bytes, limit: int = 200) -> str:
    """A short single-line excerpt of a response body (tags stripped from HTML)."""
    text = body.decode("utf-8", errors="replace")
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = " ".join(text.split())
    if not text:
        return "(empty body)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _media_type(content_type: str) -> str:
    """The bare media type of a Content-Type header value, lower-cased."""
    return content_type.split(";", 1)[0].strip().lower()


def _host_lock(endpoint: str) -> threading.Lock:
    """The process-wide lock serialising requests to one host."""
    parts = urllib.parse.urlsplit(endpoint)
    key = f"{parts.scheme}://{parts.netloc}".lower()
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


@dataclass(frozen=True)
class Answer:
    """A successful HTTP answer: its media type and raw body."""

    content_type: str
    body: bytes


class _Retryable(Exception):
    """Internal: a response worth retrying after ``wait`` seconds (None: use backoff)."""

    def __init__(self, status: int, wait: float | None, excerpt: str) -> None:
        super().__init__(status)
        self.status = status
        self.wait = wait
        self.excerpt = excerpt


_COMMENT_LINE = re.compile(r"^[ \t]*#.*$", re.MULTILINE)


def _query_form(query: str) -> str:
    """The query form SPARQLWrapper should see: its own detection on the text without comment lines.

    SPARQLWrapper removes only every other line of a comment block and takes the first form word
    anywhere, so a header saying "loaded" made a SELECT an update (LOAD). The query is sent as written.
    """
    from SPARQLWrapper import SPARQLWrapper

    probe = SPARQLWrapper("http://localhost/")
    probe.setQuery(_COMMENT_LINE.sub("", query))
    return str(probe.queryType)


class SparqlClient:
    """A polite client for one SPARQL endpoint; see the module docstring for the rules.

    >>> client = SparqlClient()  # Wikidata's query service
    >>> rows = client.select("SELECT ?label WHERE { wd:Q200437 rdfs:label ?label }")
    """

    def __init__(
        self,
        endpoint: str = WIKIDATA_ENDPOINT,
        user_agent: str | None = None,
        timeout: float = 65.0,
        max_retries: int = 4,
        cache_dir: str | Path | None = None,
        cache_ttl: float = 86400 * 7,
        use_cache: bool = True,
        sleep: Callable[[float], None] | None = None,
        *,
        contact: str | None = None,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        max_wait: float = 300.0,
        progress: Progress | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Configure the client; no request is made until a query is run.

        ``backoff`` is the first wait after a 5xx (doubling each time, at most
        ``max_backoff``); a server asking to wait longer than ``max_wait`` seconds is an
        error rather than a long sleep. ``sleep`` and ``clock`` are injectable for tests.
        """
        try:
            parts = urllib.parse.urlsplit(endpoint)
        except ValueError as exc:
            raise UsageError(f"{endpoint}: not a valid endpoint URL ({exc})") from None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise EndpointError(
                f"{endpoint}: not an http(s) URL of a SPARQL endpoint; "
                "use --endpoint with a URL such as " + WIKIDATA_ENDPOINT
            )
        if not math.isfinite(timeout) or timeout <= 0:
            raise UsageError(f"timeout must be a positive number of seconds, not {timeout}")
        if max_retries < 0:
            raise UsageError(f"max_retries must be 0 or more, not {max_retries}")
        self.endpoint = endpoint
        self.user_agent = user_agent or default_user_agent(contact)
        if any(ord(char) < 32 or ord(char) == 127 for char in self.user_agent):
            raise UsageError(
                "the User-Agent (FILMGRAPH_USER_AGENT or FILMGRAPH_CONTACT) contains a control character "
                "such as a line break; give it on one line"
            )
        self.timeout = float(timeout)
        self.max_retries = max_retries
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.cache_ttl = float(cache_ttl)
        self.use_cache = use_cache
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_wait = max_wait
        self._sleep = sleep if sleep is not None else _sleep
        self._clock = clock
        self._progress = progress
        self._lock = _host_lock(endpoint)

    # --- public API -----------------------------------------------------------------------

    def select(self, query: str) -> list[Row]:
        """Rows of a SELECT query: variable name -> URIRef, Literal or BNode (unbound left out)."""
        return self._select_rows(self._results_json(query, "select"))

    def select_table(self, query: str) -> tuple[list[str], list[Row]]:
        """The variable names of a SELECT answer (``head.vars``, in order) and its rows.

        An answer without ``head.vars`` names the variables bound in its rows, in order of use.
        """
        data = self._results_json(query, "select")
        rows = self._select_rows(data)
        head = data.get("head")
        names = head.get("vars") if isinstance(head, dict) else None
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            names = list(dict.fromkeys(name for row in rows for name in row))
        return list(names), rows

    def _select_rows(self, data: dict[str, object]) -> list[Row]:
        """The rows of decoded SELECT results."""
        results = data.get("results")
        bindings = results.get("bindings") if isinstance(results, dict) else None
        if not isinstance(bindings, list):
            raise EndpointError(
                f"{self.endpoint}: answered with JSON that holds no SELECT results; "
                "was the query an ASK?"
            )
        return [self._row(binding) for binding in bindings]

    def ask(self, query: str) -> bool:
        """The answer to an ASK query."""
        data = self._results_json(query, "ask")
        answer = data.get("boolean")
        if not isinstance(answer, bool):
            raise EndpointError(
                f"{self.endpoint}: answered with JSON that holds no ASK result; "
                "was the query a SELECT?"
            )
        return answer

    def construct(self, query: str) -> Graph:
        """The graph of a CONSTRUCT (or DESCRIBE) query, with filmgraph's prefixes bound."""
        return self._run(query, GRAPH_ACCEPT, "construct", self._parse_graph)

    def clear_cache(self) -> int:
        """Delete every cached answer (of any endpoint) in the cache folder; return how many."""
        removed = 0
        folder = self.cache_dir / "sparql"
        if folder.is_dir():
            for path in folder.glob("*/*.json"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    # --- running a query --------------------------------------------------------------------

    def _results_json(self, query: str, kind: str) -> dict[str, object]:
        """The decoded SPARQL JSON results of a SELECT or ASK query."""
        return self._run(query, RESULTS_ACCEPT, kind, self._parse_results)

    def _run(self, query: str, accept: str, kind: str, parse: Callable[[Answer], T]) -> T:
        """Answer from the cache if fresh, else from the endpoint (then cached); parsed."""
        key = hashlib.sha256(
            "\x00".join((self.endpoint, query, accept)).encode("utf-8")
        ).hexdigest()
        with self._lock:
            if self.use_cache:
                cached = self._cache_get(key)
                if cached is not None:
                    try:
                        result = parse(cached)
                    except EndpointError:
                        self._cache_path(key).unlink(missing_ok=True)
                    else:
                        self._report("cache", f"{kind} answered from the cache ({key[:12]})")
                        return result
            answer = self._fetch(query, accept, kind)
            result = parse(answer)
            if self.use_cache:
                self._cache_put(key, query, accept, answer)
            return result

    def _fetch(self, query: str, accept: str, kind: str) -> Answer:
        """Send the query, retrying 429 and 5xx answers within the configured bounds."""
        for attempt in range(self.max_retries + 1):
            self._report("request", f"{kind} query to {self.endpoint} (try {attempt + 1})")
            try:
                return self._send(query, accept, kind)
            except _Retryable as retry:
                tries = attempt + 1
                if attempt == self.max_retries:
                    raise EndpointError(
                        f"{self.endpoint}: still answered HTTP {retry.status} "
                        f"{_REASONS.get(retry.status, '')} after {tries} tries "
                        f"({retry.excerpt}); try again later, or use --endpoint to pick another"
                    ) from None
                wait = retry.wait
                if wait is None:
                    wait = min(self.max_backoff, self.backoff * 2**attempt)
                if wait > self.max_wait:
                    raise EndpointError(
                        f"{self.endpoint}: answered HTTP {retry.status} and asks to wait "
                        f"{wait:.0f} s (more than {self.max_wait:.0f} s); try again later"
                    ) from None
                self._report(
                    "wait", f"HTTP {retry.status} from {self.endpoint}; waiting {wait:g} s"
                )
                self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, query: str, accept: str, kind: str) -> Answer:
        """One HTTP request through SPARQLWrapper; the answer if 2xx, else an exception."""
        from SPARQLWrapper import GET, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        # The return format stays SPARQLWrapper's default (XML), valid for every query form,
        # so that it never warns; the Accept header it would derive is replaced anyway.
        wrapper = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        wrapper.setQuery(query)
        wrapper.queryType = _query_form(query)
        if wrapper.isSparqlUpdateRequest():
            raise UsageError(f"{kind} expects a query, not a SPARQL update")
        wrapper.setOnlyConneg(True)
        wrapper.addCustomHttpHeader("Accept", accept)
        long_query = len(urllib.parse.quote_plus(query)) > MAX_GET_QUERY
        wrapper.setMethod(POST if long_query else GET)
        wrapper.timeout = self.timeout  # type: ignore[assignment]  # setTimeout truncates
        try:
            with contextlib.closing(wrapper.query().response) as response:
                content_type = response.headers.get("Content-Type", "")
                body = response.read()
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read()
            except (OSError, http.client.HTTPException):
                body = b""
            finally:
                exc.close()
            retry_after = exc.headers.get("Retry-After") if exc.headers else None
            self._http_error(exc.code, body, retry_after)
        except SPARQLWrapperException as exc:
            status = _WRAPPED_STATUS.get(type(exc).__name__, 0)
            self._http_error(status, _wrapped_body(exc), None)
        except urllib.error.URLError as exc:
            raise self._network_error(exc.reason) from None
        except (OSError, http.client.HTTPException) as exc:
            raise self._network_error(exc) from None
        return Answer(content_type, body)

    def _http_error(self, status: int, body: bytes, retry_after: str | None) -> NoReturn:
        """Raise the right exception for an HTTP error status."""
        excerpt = _excerpt(body)
        if status == 429:
            raise _Retryable(status, parse_retry_after(retry_after, self._clock()), excerpt)
        if status in RETRY_STATUSES:
            if status == 500 and b"TimeoutException" in body:
                raise EndpointError(
                    f"{self.endpoint}: the query ran into the server's time limit (HTTP 500); "
                    "make it cheaper or split it into smaller VALUES batches"
                )
            raise _Retryable(status, parse_retry_after(retry_after, self._clock()), excerpt)
        reason = f"HTTP {status} {_REASONS.get(status, '')}".rstrip()
        if status == 403:
            advice = (
                "the service may refuse this User-Agent; set FILMGRAPH_CONTACT (or "
                "FILMGRAPH_USER_AGENT) to a working contact, or use --endpoint to pick another"
            )
        elif status in (400, 414):
            advice = "the endpoint rejected the query; check its syntax and size"
        else:
            advice = _HINT
        raise EndpointError(f"{self.endpoint}: answered {reason}: {excerpt}; {advice}")

    def _network_error(self, reason: object) -> EndpointError:
        """An EndpointError for a failure below HTTP: refused, unresolvable, timed out."""
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            return EndpointError(
                f"{self.endpoint}: no answer within {self.timeout:g} s; the service may be "
                f"overloaded or the query too heavy; try again later, or {_HINT}"
            )
        if isinstance(reason, ConnectionRefusedError):
            what = "connection refused"
        elif isinstance(reason, OSError) and reason.strerror:
            what = reason.strerror
        else:
            what = str(reason) or type(reason).__name__
        return EndpointError(f"{self.endpoint}: cannot be reached ({what}); {_HINT}")

    # --- parsing answers ----------------------------------------------------------------------

    def _not_results(self, answer: Answer, expected: str) -> EndpointError:
        """The error for a 2xx answer that is not what a SPARQL endpoint should send."""
        media = _media_type(answer.content_type) or "no content type"
        what = "an HTML page" if media in ("text/html", "application/xhtml+xml") else media
        return EndpointError(
            f"{self.endpoint}: answered with {what} instead of {expected} "
            f"({_excerpt(answer.body)}); is this a SPARQL endpoint? {_HINT}"
        )

    def _parse_results(self, answer: Answer) -> dict[str, object]:
        """Decode and sanity-check SPARQL JSON results."""
        if _media_type(answer.content_type) not in RESULTS_TYPES:
            raise self._not_results(answer, "SPARQL JSON results")
        try:
            data = json.loads(answer.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EndpointError(
                f"{self.endpoint}: answered with broken SPARQL JSON results ({exc}); "
                "the query may have been cut off by the server; try again later"
            ) from None
        if not isinstance(data, dict) or "head" not in data:
            raise self._not_results(answer, "SPARQL JSON results")
        return data

    def _row(self, binding: object) -> Row:
        """One SELECT row as rdflib terms."""
        if not isinstance(binding, dict):
            raise EndpointError(f"{self.endpoint}: answered with a malformed SELECT row")
        return {name: self._term(value) for name, value in binding.items()}

    def _term(self, value: object) -> Node:
        """An rdflib term from its SPARQL JSON form."""
        if not isinstance(value, dict) or not isinstance(value.get("value"), str):
            raise EndpointError(f"{self.endpoint}: answered with a malformed RDF term")
        kind, text = value.get("type"), value["value"]
        if kind == "uri":
            return URIRef(text)
        if kind == "bnode":
            return BNode(text)
        if kind in ("literal", "typed-literal"):
            lang = value.get("xml:lang")
            if lang:
                return Literal(text, lang=lang)
            datatype = value.get("datatype")
            return Literal(text, datatype=URIRef(datatype) if datatype else None, normalize=False)
        raise EndpointError(f"{self.endpoint}: answered with an unsupported RDF term type {kind!r}")

    def _parse_graph(self, answer: Answer) -> Graph:
        """Parse a CONSTRUCT/DESCRIBE answer into a graph."""
        fmt = GRAPH_TYPES.get(_media_type(answer.content_type))
        if fmt is None:
            raise self._not_results(answer, "an RDF graph")
        graph = bind_prefixes(Graph(bind_namespaces="none"))
        try:
            graph.parse(data=answer.body, format=fmt)
        except Exception as exc:  # rdflib raises many types for syntax errors
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EndpointError(
                f"{self.endpoint}: answered with an RDF graph that cannot be parsed ({reason})"
            ) from None
        return graph

    # --- cache ----------------------------------------------------------------------------

    def _cache_path(self, key: str) -> Path:
        """Where the answer with this key is cached."""
        return self.cache_dir / "sparql" / key[:2] / f"{key}.json"

    def _cache_get(self, key: str) -> Answer | None:
        """A fresh cached answer, or None (missing, expired or unreadable)."""
        try:
            entry = json.loads(self._cache_path(key).read_text(encoding="utf-8"))
            created = float(entry["created"])
            answer = Answer(str(entry["content_type"]), str(entry["body"]).encode("utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if self._clock() - created > self.cache_ttl:
            return None
        return answer

    def _cache_put(self, key: str, query: str, accept: str, answer: Answer) -> None:
        """Store an answer atomically; a cache that cannot be written is skipped, not fatal."""
        try:
            body = answer.body.decode("utf-8")
        except UnicodeDecodeError:
            return
        entry = {
            "endpoint": self.endpoint,
            "accept": accept,
            "query": query,
            "created": self._clock(),
            "content_type": answer.content_type,
            "body": body,
        }
        path = self._cache_path(key)
        temporary: Path | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
            ) as handle:
                temporary = Path(handle.name)
                json.dump(entry, handle, ensure_ascii=False)
            os.replace(temporary, path)
        except OSError as exc:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
            self._report("cache", f"answer not cached ({exc.strerror or exc})")

    def _report(self, event: str, detail: str) -> None:
        """Pass a progress event to the callback, if any."""
        if self._progress is not None:
            self._progress(event, detail)


def _wrapped_body(exc: Exception) -> bytes:
    """The response body SPARQLWrapper folded into one of its exception messages."""
    import ast

    message = str(exc)
    marker = "Response:\n"
    if marker in message:
        raw = message.split(marker, 1)[1]
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            return raw.encode("utf-8")
        if isinstance(value, bytes):
            return value
        return str(value).encode("utf-8")
    return b""
