"""Federated queries over the local graph and Wikidata, joined on the client.

A federated query is a pair of files in ``queries/federated/``:

- ``NAME.local.rq`` runs with rdflib on the local graph. Its header says, besides ``# title:``,
  ``# question:`` and ``# params:``, which variable joins the two parts (``# join: ?item``), the
  columns of the result in order (``# columns: ...``), and optionally the sort order
  (``# order: ...``) and a row filter (``# filter: ?a != ?b``: drop joined rows where both
  are bound and equal);
- ``NAME.wikidata.rq`` is sent to the endpoint. filmgraph fills its empty ``VALUES ?item { }``
  placeholder with a block built by :func:`~filmgraph.sparql_client.values_batches` from the
  local rows' ``?item`` IRIs, and sends it in batches through
  :class:`~filmgraph.sparql_client.SparqlClient` (User-Agent, one request at a time,
  Retry-After, backoff, cache).

The rows of both parts are joined on the join variable (an inner join: a local row without a
matching remote row is left out; write ``OPTIONAL`` in the Wikidata part to keep such rows).
rdflib's ``SERVICE`` is never used: it sends a fixed User-Agent and has no timeout. A Wikidata
part that aggregates must group by the join variable, so that batches cannot split a group.

    >>> columns, rows = run("birth-dates", filmgraph.load(), SparqlClient())  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from . import resources
from .errors import InputError, UsageError, first_line
from .queries import Query, load_query_in
from .sparql_client import SparqlClient, fill_values, values_batches

__all__ = ["FEDERATED_DIR", "FederatedQuery", "get_query", "list_queries", "run"]

FEDERATED_DIR = "queries/federated"
LOCAL_SUFFIX = ".local.rq"
REMOTE_SUFFIX = ".wikidata.rq"

Row = dict[str, Node]

_VAR = re.compile(r"\?([A-Za-z_][A-Za-z0-9_]*)")
_FILTER = re.compile(r"\?([A-Za-z_]\w*)\s*!=\s*\?([A-Za-z_]\w*)")


@dataclass(frozen=True)
class FederatedQuery:
    """One federated query: its two parts and what its headers declare."""

    name: str
    title: str
    question: str
    params: tuple[str, ...]
    join: str
    columns: tuple[str, ...]
    order: tuple[str, ...]
    filters: tuple[tuple[str, str], ...]
    local: str
    remote: str


def _declared(part: Query, key: str) -> str:
    """The value of a ``# key:`` line in the part's header (the federated keys: join, columns, order,
    filter), or "" if there is none."""
    header = itertools.takewhile(lambda line: line.startswith("#"), part.text.splitlines())
    return next((line.split(":", 1)[1].strip() for line in header if line.startswith(f"# {key}:")), "")


def _variables(text: str) -> tuple[str, ...]:
    """The variable names in a header value, in order."""
    return tuple(_VAR.findall(text))


def _projection(part: Query) -> list[str]:
    """The names a SELECT part projects, after checking its header (SELECT * is refused: the join needs
    names)."""
    from rdflib.plugins.sparql import prepareQuery

    for required in ("title", "question", "params"):
        if not _declared(part, required):
            raise InputError(f"{part.source}: the header lacks '# {required}:'")
    try:
        prepared = prepareQuery(part.text)
    except Exception as exc:  # rdflib raises several parser exception types
        raise InputError(f"{part.source}: not a valid SPARQL query ({first_line(exc)})") from None
    variables = getattr(prepared.algebra, "PV", None)
    if prepared.algebra.name != "SelectQuery" or not variables:
        raise InputError(f"{part.source}: a federated part must be a SELECT query with named variables")
    return [str(v) for v in variables]


def _names() -> list[str]:
    """The names of the federated queries that have both parts."""
    try:
        files = resources.list_dir(FEDERATED_DIR)
    except FileNotFoundError:
        return []
    names = {f.name[: -len(LOCAL_SUFFIX)] for f in files if f.name.endswith(LOCAL_SUFFIX)}
    remotes = {f.name[: -len(REMOTE_SUFFIX)] for f in files if f.name.endswith(REMOTE_SUFFIX)}
    return sorted(names & remotes)


def get_query(name: str) -> FederatedQuery:
    """Load and check one federated query by name."""
    if name not in _names():
        raise UsageError(f"no federated query named {name!r} (known: {', '.join(_names()) or 'none'})")
    local, remote = load_query_in("federated", f"{name}.local"), load_query_in("federated", f"{name}.wikidata")
    local_vars, remote_vars = _projection(local), _projection(remote)
    join = _variables(_declared(local, "join"))
    if len(join) != 1:
        raise InputError(f"{local.source}: '# join:' must name exactly one variable")
    for part, variables in ((local, local_vars), (remote, remote_vars)):
        if join[0] not in variables:
            raise InputError(f"{part.source}: does not select the join variable ?{join[0]}")
    shared = (set(local_vars) & set(remote_vars)) - {join[0]}
    if shared:
        raise InputError(
            f"{remote.source}: selects ?{', ?'.join(sorted(shared))} as the local part does; "
            "rename it (only the join variable may be shared)"
        )
    if not re.search(r"VALUES\s+\?" + join[0] + r"\s*\{\s*\}", remote.text):
        raise InputError(f"{remote.source}: no empty 'VALUES ?{join[0]} {{ }}' placeholder for the batches")
    columns, order = _variables(_declared(local, "columns")), _variables(_declared(local, "order"))
    filters = _filters(local, {*local_vars, *remote_vars}, columns, order)
    return FederatedQuery(name, local.title, local.question, tuple(p.name for p in local.params), join[0],
                          columns or tuple(dict.fromkeys([*local_vars, *remote_vars])), order, filters, local.text,
                          remote.text)


def _filters(local: Query, available: set[str], columns: tuple[str, ...],
             order: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The ``# filter:`` pairs, after checking that the header names only variables the parts select."""
    declared = _declared(local, "filter")
    filters = tuple(_FILTER.findall(declared))
    if declared and not filters:
        raise InputError(f"{local.source}: '# filter:' must read '?a != ?b'")
    for names, what in ((columns, "columns"), (order, "order"), (tuple(v for pair in filters for v in pair), "filter")):
        unknown = [v for v in names if v not in available]
        if unknown:
            raise InputError(f"{local.source}: '# {what}:' names ?{', ?'.join(unknown)}, selected by neither part")
    return filters


def list_queries() -> list[FederatedQuery]:
    """Every federated query, sorted by name."""
    return [get_query(name) for name in _names()]


def _sort_key(term: Node | None) -> tuple[int, str]:
    """Unbound last; otherwise by lexical form (ISO dates sort in time order)."""
    return (1, "") if term is None else (0, str(term))


def run(name: str, graph: Graph, client: SparqlClient, params: Mapping[str, Node] | None = None, *,
        batch_size: int = 200) -> tuple[list[str], list[Row]]:
    """Run a federated query; return its declared columns and the joined rows.

    ``params`` binds variables of the local part (only those its ``# params:`` line names).
    Each row maps column names to rdflib terms; an unbound column is absent from the row.
    Raises UsageError for an unknown query or parameter, EndpointError when the endpoint cannot
    be used.
    """
    query = get_query(name)
    bindings = dict(params or {})
    unknown = sorted(set(bindings) - set(query.params))
    if unknown:
        allowed = ", ".join(f"?{p}" for p in query.params) or "none"
        raise UsageError(f"{name}: unknown parameter(s) {', '.join(unknown)} (allowed: {allowed})")
    local_rows = _run_local(query, graph, bindings)
    items = sorted({str(row[query.join]) for row in local_rows if isinstance(row.get(query.join), URIRef)})
    remote: dict[str, list[Row]] = {}
    for block in values_batches(items, size=batch_size, var=query.join):
        for row in client.select(fill_values(query.remote, block)):
            key = row.get(query.join)
            if key is not None:
                remote.setdefault(str(key), []).append(row)
    rows: list[Row] = []
    for local in local_rows:
        key = local.get(query.join)
        for match in remote.get(str(key), []) if isinstance(key, URIRef) else []:
            joined = {**local, **match}
            if any(a in joined and b in joined and joined[a] == joined[b] for a, b in query.filters):
                continue
            rows.append({c: joined[c] for c in query.columns if c in joined})
    order = [*query.order, *query.columns]
    unique = {tuple((c, row.get(c)) for c in query.columns): row for row in rows}
    result = sorted(unique.values(), key=lambda row: [_sort_key(row.get(c)) for c in order])
    return list(query.columns), result


def _run_local(query: FederatedQuery, graph: Graph, bindings: Mapping[str, Node]) -> list[Row]:
    """Rows of the local part, as dictionaries without unbound variables."""
    terms: dict[str, Identifier] = {}
    for key, value in bindings.items():
        if not isinstance(value, URIRef | Literal | BNode):
            raise UsageError(f"{query.name}: a parameter must be an IRI or a literal, not {value!r}")
        terms[key] = value
    result = graph.query(query.local, initBindings=terms)
    names: Sequence[str] = [str(v) for v in (result.vars or [])]
    return [{n: v for n, v in zip(names, record, strict=True) if v is not None} for record in result]  # type: ignore[arg-type]
