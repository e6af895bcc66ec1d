"""A polite SPARQL-protocol client for remote endpoints, Wikidata's query service first of all.

It sends a query (GET, or a form POST for long ones, keeping the endpoint URL's own parameters
such as ``default-graph-uri`` in the URL) through :mod:`filmgraph.network`, which owns the
deadline, size caps, redirects, retries and the cache, and checks the answer: a 200 that is not
SPARQL results (an HTML page, a text message) is an :class:`~filmgraph.errors.EndpointError`,
never an empty result. Graph answers are parsed by :func:`filmgraph.graph.parse_text`, with the
same limits as a file (no remote JSON-LD context). Polite, as Wikidata's etiquette asks: a
User-Agent naming filmgraph and a contact, one request at a time per host, a deadline a little
above the service's own 60 s, answers cached on disk for a week.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from . import network
from .errors import EndpointError, FilmgraphError, UsageError
from .formats import WIKIDATA_ENDPOINT
from .guards import load_json, shown
from .network import Response, excerpt, reason
from .syntax import FORMS, form, tokenize

RESULTS_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.5"
RESULTS_TYPES = ("application/sparql-results+json", "application/json")
#: Response media type -> the file extension that tells the parser its format.
GRAPH_TYPES = {"text/turtle": ".ttl", "application/x-turtle": ".ttl", "application/n-triples": ".nt",
               "application/rdf+xml": ".rdf", "application/ld+json": ".jsonld"}
#: Queries whose URL-encoded form is longer than this are sent by POST instead of GET.
MAX_GET_QUERY = 2000
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')

Progress = Callable[[str, str], None]
T = TypeVar("T")
Row = dict[str, Node]


def values_batches(iris: Iterable[str], size: int = 200, var: str = "item") -> Iterator[str]:
    """``VALUES ?var { <iri> ... }`` blocks of at most ``size`` distinct IRIs, in input order."""
    if size < 1:
        raise UsageError(f"VALUES batch size must be at least 1, not {size}")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
        raise UsageError(f"not a SPARQL variable name: {var!r}")
    unique = list(dict.fromkeys(str(iri) for iri in iris))
    for text in unique:
        if not text or _IRI_FORBIDDEN.search(text):
            raise UsageError(f"cannot put {text!r} in a VALUES block: not an IRI")
    for start in range(0, len(unique), size):
        terms = " ".join(f"<{iri}>" for iri in unique[start : start + size])
        yield f"VALUES ?{var} {{ {terms} }}"


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


class SparqlClient:
    """A polite client for one SPARQL endpoint; see the module docstring for the rules.

    >>> client = SparqlClient()  # Wikidata's query service
    >>> rows = client.select("SELECT ?label WHERE { wd:Q200437 rdfs:label ?label }")
    """

    def __init__(self, endpoint: str = WIKIDATA_ENDPOINT, user_agent: str | None = None, timeout: float = 65.0,
                 max_retries: int = 4, cache_dir: str | Path | None = None, cache_ttl: float = 86400 * 7,
                 use_cache: bool = True, sleep: Callable[[float], None] | None = None, *, backoff: float = 1.0,
                 max_backoff: float = 60.0, progress: Progress | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        """Configure the client; no request is made until a query is run.

        ``timeout`` is the deadline for each query, retries and waits included; ``backoff`` the
        first wait after a 5xx (doubling, at most ``max_backoff``). ``sleep`` and ``clock`` (the
        cache's) are injectable for tests.
        """
        try:
            parts = urllib.parse.urlsplit(endpoint)
            parts.port  # noqa: B018  # a bad port raises here, not at the first query
        except ValueError as exc:
            raise UsageError(f"{endpoint}: not a valid endpoint URL ({exc})") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EndpointError(
                f"{endpoint}: not an http(s) URL of a SPARQL endpoint; use --endpoint with a URL such as "
                + WIKIDATA_ENDPOINT
            )
        if max_retries < 0:
            raise UsageError(f"max_retries must be 0 or more, not {max_retries}")
        self.endpoint = endpoint
        self.user_agent = user_agent or network.default_user_agent()
        self.timeout = float(timeout)
        self.max_retries = max_retries
        self.cache_dir = Path(cache_dir) if cache_dir is not None else network.default_cache_dir()
        self.cache = network.Cache(self.cache_dir, float(cache_ttl), clock)
        self.use_cache = use_cache
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._sleep = sleep
        self._report: Progress = progress or (lambda _event, _detail: None)

    # --- public API -----------------------------------------------------------------------

    def select(self, query: str) -> list[Row]:
        """Rows of a SELECT query: variable name -> URIRef, Literal or BNode (unbound left out)."""
        return self.select_table(query)[1]

    def select_table(self, query: str) -> tuple[list[str], list[Row]]:
        """The variable names of a SELECT answer (``head.vars``, in order) and its rows.

        An answer without ``head.vars`` names the variables bound in its rows, in order of use.
        """
        return self._run(query, RESULTS_ACCEPT, "select", self._table)

    def ask(self, query: str) -> bool:
        """The answer to an ASK query."""
        return self._run(query, RESULTS_ACCEPT, "ask", self._boolean)

    def construct(self, query: str) -> Graph:
        """The graph of a CONSTRUCT (or DESCRIBE) query, with filmgraph's prefixes bound."""
        return self._run(query, GRAPH_ACCEPT, "construct", self._graph)

    # --- running a query --------------------------------------------------------------------

    def _run(self, query: str, accept: str, kind: str, parse: Callable[[Response], T]) -> T:
        """The parsed answer: from the cache if fresh and sound, else from the endpoint (then cached)."""
        word, first = form(tokenize(query))
        if word not in FORMS:
            word = first.upper if first else ""
            raise UsageError(f"{kind} expects a SPARQL query, and never sends an update; this one starts with {word!r}")
        key = (self.endpoint, query, accept)
        with network.host_lock(self.endpoint):
            if self.use_cache:
                cached = self.cache.get(key, parse)
                if cached is not None:
                    self._report("cache", f"{kind} answered from the cache")
                    return cached
            response = self._send(query, accept, kind)
            result = parse(response)
            if self.use_cache:
                problem = self.cache.put(key, response)
                if problem:
                    self._report("cache", f"answer not cached ({problem})")
            return result

    def _send(self, query: str, accept: str, kind: str) -> Response:
        """The endpoint's 2xx answer (a GET, or a form POST for a long query), else an EndpointError."""
        encoded = urllib.parse.urlencode({"query": query})
        headers = {"Accept": accept, "User-Agent": self.user_agent}
        if len(encoded) > MAX_GET_QUERY:
            url, body = self.endpoint, encoded.encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            url, body = network.with_query(self.endpoint, encoded), None
        response = network.request(
            "POST" if body else "GET", url, headers=headers, body=body, timeout=self.timeout, retries=self.max_retries,
            backoff=self.backoff, max_backoff=self.max_backoff, sleep=self._sleep, report=self._report,
            retry=lambda r: r.status in network.RETRY_STATUSES and b"TimeoutException" not in r.body,
            label=self.endpoint, purpose=f"{kind} query")
        if 200 <= response.status < 300:
            return response
        if b"TimeoutException" in response.body:
            raise EndpointError(f"{self.endpoint}: the query ran into the server's time limit "
                                f"({reason(response.status)}); make it cheaper or split it into smaller VALUES batches")
        rejected = "the endpoint rejected the query; check its syntax and size"
        advice = {403: "the service may refuse this User-Agent; set FILMGRAPH_CONTACT (or FILMGRAPH_USER_AGENT) to a "
                  "working contact, or use --endpoint to pick another", 400: rejected, 414: rejected}
        raise network.refused(f"{self.endpoint}: answered", response, advice.get(response.status, network.HINT))

    # --- parsing answers ----------------------------------------------------------------------

    def _not_results(self, response: Response, expected: str) -> EndpointError:
        """The error for a 2xx answer that is not what a SPARQL endpoint should send."""
        media = shown(response.media_type, 60) or "no content type"
        what = "an HTML page" if media in ("text/html", "application/xhtml+xml") else media
        return EndpointError(f"{self.endpoint}: answered with {what} instead of {expected} "
                             f"({excerpt(response.body)}); is this a SPARQL endpoint? {network.HINT}")

    def _holds_no(self, what: str) -> EndpointError:
        """The error for SPARQL JSON results of the wrong query form."""
        return EndpointError(f"{self.endpoint}: answered with JSON that holds no {what}")

    def _results(self, response: Response) -> dict[str, object]:
        """Decoded SPARQL JSON results (a dict with a ``head``)."""
        if response.media_type not in RESULTS_TYPES:
            raise self._not_results(response, "SPARQL JSON results")
        try:  # the strict reader every JSON input goes through (long numbers, deep nesting, NaN)
            data = load_json(response.body, "answer", error=EndpointError)
        except EndpointError as exc:
            raise EndpointError(f"{self.endpoint}: answered with broken SPARQL JSON results ({exc}); "
                                "the query may have been cut off by the server; try again later") from None
        if not isinstance(data, dict) or "head" not in data:
            raise self._not_results(response, "SPARQL JSON results")
        return data

    def _table(self, response: Response) -> tuple[list[str], list[Row]]:
        """The variable names and rows of a SELECT answer, every term checked."""
        data = self._results(response)
        results = data.get("results")
        bindings = results.get("bindings") if isinstance(results, dict) else None
        if not isinstance(bindings, list):
            raise self._holds_no("SELECT results; was the query an ASK?")
        if not all(isinstance(binding, dict) for binding in bindings):
            raise EndpointError(f"{self.endpoint}: answered with a malformed SELECT row")
        rows = [{name: self._term(value) for name, value in binding.items()} for binding in bindings]
        head = data.get("head")
        names = head.get("vars") if isinstance(head, dict) else None
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            names = list(dict.fromkeys(name for row in rows for name in row))
        return list(names), rows

    def _boolean(self, response: Response) -> bool:
        """The answer of an ASK query."""
        answer = self._results(response).get("boolean")
        if not isinstance(answer, bool):
            raise self._holds_no("ASK result; was the query a SELECT?")
        return answer

    def _term(self, value: object) -> Node:
        """An rdflib term from its SPARQL JSON form."""
        if not isinstance(value, dict) or not isinstance(value.get("value"), str):
            raise EndpointError(f"{self.endpoint}: answered with a malformed RDF term")
        kind, text = value.get("type"), value["value"]
        lang, datatype = value.get("xml:lang"), value.get("datatype")
        if kind == "uri":
            return URIRef(text)
        if kind == "bnode":
            return BNode(text)
        if kind in ("literal", "typed-literal") and isinstance(lang or "", str) and isinstance(datatype or "", str):
            if lang:
                return Literal(text, lang=lang)
            return Literal(text, datatype=URIRef(datatype) if datatype else None, normalize=False)
        raise EndpointError(f"{self.endpoint}: answered with an unsupported RDF term ({str(kind)[:40]!r})")

    def _graph(self, response: Response) -> Graph:
        """A CONSTRUCT/DESCRIBE answer parsed as a file of its format would be."""
        from .graph import parse_text

        suffix = GRAPH_TYPES.get(response.media_type)
        if suffix is None:
            raise self._not_results(response, "an RDF graph")
        try:
            return parse_text(response.body.decode("utf-8"), f"<answer>{suffix}")
        except (UnicodeDecodeError, FilmgraphError) as exc:
            raise EndpointError(f"{self.endpoint}: answered with an RDF graph that cannot be parsed ({exc})") from None
