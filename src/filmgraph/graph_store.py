"""A client of the SPARQL 1.1 Graph Store HTTP Protocol: replace a graph of a store (PUT) and read
it back (GET), over :func:`filmgraph.network.request` (its deadline, size caps and redirect policy).

``store`` is the Graph Store URL (Oxigraph: ``http://host:7878/store``; Fuseki:
``http://host:3030/DATASET/data``); ``graph`` names a graph, None the default graph.

Credentials come from the environment alone, never from a flag or the URL:
``FILMGRAPH_STORE_CREDENTIALS`` (``user:password``, sent as HTTP Basic) or ``FILMGRAPH_STORE_TOKEN``
(sent as ``Authorization: Bearer TOKEN``). No message ever shows them: what a store answers is
quoted in errors, and a store may echo the header back, so every message is cleaned of them first.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import urllib.parse

from .errors import EndpointError, UsageError
from .network import (
    MAX_ERROR_PAGE,
    Advice,
    Response,
    default_user_agent,
    refused,
    request,
    with_query,
)

#: What to check when a store cannot be reached or answers oddly (the URL is --endpoint's).
STORE_HINT = "check the store's Graph Store URL given to --endpoint, and that the store is running"
#: When a graph read back is far larger than what was sent.
TOO_LARGE_STORE_HINT = "the store gives back far more than was sent: is --endpoint the right store and graph?"
#: A store's advice in the network layer's messages, in place of a query's.
STORE_ADVICE = Advice(hint=STORE_HINT, too_large=TOO_LARGE_STORE_HINT)

#: ``user:password`` for a Graph Store that asks for HTTP Basic credentials.
STORE_CREDENTIALS = "FILMGRAPH_STORE_CREDENTIALS"
#: A token for a Graph Store that asks for ``Authorization: Bearer``.
STORE_TOKEN = "FILMGRAPH_STORE_TOKEN"


def _secrets() -> list[str]:
    """The secrets of the environment in every form a message could show them: as given, the
    password alone, and each of those base64-encoded (as Basic sends it) and percent-encoded."""
    credentials, token = os.environ.get(STORE_CREDENTIALS, ""), os.environ.get(STORE_TOKEN, "")
    found = [token, credentials, credentials.partition(":")[2]]
    found += [base64.b64encode(secret.encode("utf-8")).decode("ascii") for secret in found if secret]
    found += [urllib.parse.quote(secret, safe="") for secret in found]
    return sorted({secret for secret in found if secret}, key=len, reverse=True)


def redacted(text: str) -> str:
    """``text`` with every credential of the environment replaced by ``***``."""
    for secret in _secrets():
        text = text.replace(secret, "***")
    return text


def auth_header() -> dict[str, str]:
    """The ``Authorization`` header the environment asks for (none if neither variable is set)."""
    credentials, token = os.environ.get(STORE_CREDENTIALS, ""), os.environ.get(STORE_TOKEN, "")
    if credentials and token:
        raise UsageError(f"set {STORE_CREDENTIALS} or {STORE_TOKEN}, not both")
    if token:
        if any(ord(c) < 33 or ord(c) == 127 for c in token):
            raise UsageError(f"{STORE_TOKEN} must be one word, with no space or control character")
        return {"Authorization": f"Bearer {token}"}
    if credentials:
        if ":" not in credentials:
            raise UsageError(f"{STORE_CREDENTIALS} must be user:password")
        return {"Authorization": "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")}
    return {}


def check_store_url(store: str) -> None:
    """A Graph Store URL must be http(s) with a host, and carry no credentials (they would be shown)."""
    try:
        parts = urllib.parse.urlsplit(store)
        parts.port  # noqa: B018  # a bad port raises here
    except ValueError as exc:
        raise UsageError(f"not a valid store URL ({exc})") from None
    if parts.username is not None or parts.password is not None:
        raise UsageError(f"the store URL holds credentials: give them in {STORE_CREDENTIALS} "
                         f"(user:password) or {STORE_TOKEN}, never in the URL")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{redacted(store)}: not an http(s) URL of a Graph Store (such as http://127.0.0.1:7878/store)")


def plain_http_warning(store: str) -> str | None:
    """A warning when credentials would cross the network unencrypted (http to another machine)."""
    parts = urllib.parse.urlsplit(store)
    host = (parts.hostname or "").lower()
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme != "http" or loopback or not auth_header():
        return None
    return f"warning: the credentials go to {host} over plain http, readable on the way; use https if the store has it"


def graph_url(store: str, graph: str | None) -> str:
    """The URL of one graph of the store: ``?graph=IRI`` (encoded), or ``?default``."""
    return with_query(store, urllib.parse.urlencode({"graph": graph}) if graph else "default")


def _send(method: str, store: str, graph: str | None, headers: dict[str, str], body: bytes | None,
          timeout: float, limit: int) -> Response:
    """One request about a graph, with the credentials; any error message cleaned of them."""
    try:
        headers = {**headers, "User-Agent": default_user_agent(), **auth_header()}
        return request(method, graph_url(store, graph), headers=headers, body=body, timeout=timeout, limit=limit,
                       label=store, purpose=f"{method} of a graph", advice=STORE_ADVICE)
    except EndpointError as exc:
        raise EndpointError(redacted(str(exc))) from None


def _advice(response: Response) -> str:
    if response.status == 401:
        return f"check {STORE_CREDENTIALS} or {STORE_TOKEN}"
    if response.status == 403:
        return ("the store does not let this graph be written or read (a read-only server, or credentials "
                f"without that right in {STORE_CREDENTIALS} or {STORE_TOKEN})")
    return STORE_HINT


def put_graph(store: str, data: bytes, content_type: str, *, graph: str | None = None,
              timeout: float = 65.0) -> int:
    """Replace a graph of the store with ``data`` (HTTP PUT) and return the status (200, 201 or 204)."""
    response = _send("PUT", store, graph, {"Content-Type": content_type}, data, timeout, MAX_ERROR_PAGE)
    if response.status in (200, 201, 204):
        return response.status
    raise EndpointError(redacted(str(refused(f"{store}: refused the graph", response, _advice(response)))))


def get_graph(store: str, accept: str, *, graph: str | None = None, timeout: float = 65.0,
              limit: int) -> Response:
    """The statements of a graph of the store (HTTP GET), an answer of at most ``limit`` bytes."""
    response = _send("GET", store, graph, {"Accept": accept}, None, timeout, limit)
    if response.status == 200:
        return response
    raise EndpointError(redacted(str(refused(f"{store}: did not give the graph back", response, _advice(response)))))


__all__ = ["STORE_CREDENTIALS", "STORE_TOKEN", "auth_header", "check_store_url", "get_graph", "graph_url",
           "plain_http_warning", "put_graph", "redacted"]
