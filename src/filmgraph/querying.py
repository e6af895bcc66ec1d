"""Running queries: the engine (pyoxigraph, rdflib or a SPARQL 1.1 endpoint), the deadline, and
:func:`query`, the one call behind ``filmgraph.query`` and ``filmgraph query``.

    >>> result = filmgraph.query("cast")                       # bundled graph, default engine
    >>> [row.characterLabel for row in result]
    >>> result = filmgraph.query("events-in-place", place="setting:NAME")
    >>> result = filmgraph.query("timeline", endpoint="http://localhost:7878/query")

Every query is checked and its parameters bound in the text (:mod:`filmgraph.syntax`) before it
runs, so the same bound query runs on every engine and ``--show`` prints exactly what will run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef

from .deadline import call_with_deadline
from .engines import EndpointEngine, Engine, OxigraphEngine, make_engine
from .errors import InputError, UsageError
from .films import Film, FilmName, bundled_films, film_for
from .films import choose as choose_film
from .formats import DEFAULT_ENGINE
from .namespaces import graph_prefixes, with_vocabularies
from .naming import Naming, bundled_naming
from .queries import Query, bind_values, iri_param, list_queries, load_query, resolve, to_term
from .results import Result
from .syntax import bind, check

if TYPE_CHECKING:
    from typing import TypeAlias

    import pyoxigraph

    #: What a local query runs on: an rdflib graph or dataset, or a pyoxigraph Store (:mod:`filmgraph.stores`).
    Source: TypeAlias = Graph | pyoxigraph.Store

_bundled_graph: dict[str, Graph] = {}
_bundled_engines: dict[str, Engine] = {}


def bundled_graph() -> Graph:
    """The bundled dataset (ontology + data, one named graph per source; the default graph is their
    union), parsed once per process and shared by the engines."""
    if "graph" not in _bundled_graph:
        from .datasets import load_dataset

        _bundled_graph["graph"] = load_dataset()
    return _bundled_graph["graph"]


def bundled_engine(name: str) -> Engine:
    """An engine over the bundled dataset (ontology + data), built once per process: oxigraph's
    from the files parsed straight into its Store (no rdflib parse), rdflib's from :func:`bundled_graph`."""
    if name not in _bundled_engines:
        if name == "oxigraph":
            from .stores import bundled_store

            _bundled_engines[name] = make_engine(name, bundled_store())
        else:
            _bundled_engines[name] = make_engine(name, bundled_graph())
    return _bundled_engines[name]


def prepare(
    query: Query,
    params: Mapping[str, object] | None = None,
    *,
    local: bool = True,
    allow_network: bool = False,
) -> str:
    """Check the query and return its text with the parameters bound."""
    check(query, local=local, allow_network=allow_network)
    return bind(query, bind_values(query, params or {}))


def with_film(
    query: Query, params: Mapping[str, object] | None, runner: Engine, bundled: bool = False
) -> Mapping[str, object]:
    """``params`` with the film settled among the films ``runner``'s data holds (the ``films`` query,
    :func:`filmgraph.films.choose`): a film given by name (a :class:`~filmgraph.films.FilmName`, or a
    bare name such as ``NAME`` for ``film``) is looked up, with a did-you-mean; a ``film`` declared
    without a default and not given is the only film of the data (several: a UsageError listing them)."""
    declared, given = query.param("film"), dict(params or {})
    value = given.get("film")
    if declared is None and isinstance(value, FilmName):
        raise UsageError(f"{query.source}: the query has no film parameter; leave out --film")
    if declared is None or not (_by_name(value) or (value is None and declared.derived)):
        return given
    rows = runner.run(load_query("films").text, "SELECT").rows
    iris = [row[0] for row in rows if isinstance(row[0], URIRef)]
    requested = None if value is None else str(value)
    try:
        return {**given, "film": choose_film(iris, requested)}
    except UsageError:
        if requested is None or not bundled:
            raise
    # not an IRI, prefixed name or slug: perhaps a film's name under data/ (which needs the files parsed)
    films: list[Film | URIRef] = [film for film in bundled_films() if set(film.iris) & set(iris)]
    return {**given, "film": choose_film([*films, *iris], requested)}


def expand_names(query: Query, params: Mapping[str, object], naming: Naming | None = None) -> dict[str, object]:
    """``params`` with each prefixed name given for an IRI parameter written as the full IRI, by the
    prefixes of the data read (``naming``, default: the bundled files').

    A prefix that films bind to different namespaces (``character:`` in every film) is read in the
    film the parameters name (``film``); with no film named it is a UsageError, since the same
    name would mean a different thing in each film.
    """
    naming = naming or bundled_naming()
    clashes = naming.clashes()
    out = dict(params)
    for param in query.params:
        value = out.get(param.name)
        if param.type != "IRI" or type(value) is not str:  # terms, and films named with --film, are kept
            continue
        prefix, colon, local = value.strip().partition(":")
        if not colon or local.startswith("//"):
            continue
        if prefix in naming.prefixes:
            out[param.name] = naming.prefixes[prefix] + local
        elif prefix in clashes:
            owner = film_for(params.get("film"), clashes[prefix])
            if owner is None:
                films = ", ".join(sorted(clashes[prefix]))
                choose = "name the film with --film NAME (film= in Python), or " if query.param("film") else ""
                raise UsageError(
                    f"parameter {param.name}: the prefix '{prefix}:' stands for a different namespace in each of "
                    f"the films {films}; {choose}give the full IRI"
                )
            out[param.name] = clashes[prefix][owner] + local
    return out


#: A film named by its slug or its name under ``data/`` (no ``:``, so never an IRI or a prefixed name).
_BARE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


def _by_name(value: object) -> bool:
    """Whether a ``film`` value names a film to look up (``--film``, or a bare name) rather than an IRI."""
    return isinstance(value, FilmName) or (type(value) is str and _BARE_NAME.fullmatch(value) is not None)


def _engine(graph: Source | None, engine: str | Engine, endpoint: str | None, timeout: float | None) -> Engine:
    """The engine that runs a query: the endpoint's, the one given, or one over ``graph`` (or the bundled one)."""
    if endpoint is not None:
        return EndpointEngine(endpoint) if timeout is None else EndpointEngine(endpoint, timeout=timeout)
    if not isinstance(engine, str):
        return engine
    return bundled_engine(engine) if graph is None else make_engine(engine, graph)


def query(
    name_or_text: str | Path | Query,
    graph: Source | None = None,
    engine: str | Engine = DEFAULT_ENGINE,
    endpoint: str | None = None,
    *,
    allow_network: bool = False,
    timeout: float | None = None,
    params: Mapping[str, object] | None = None,
    naming: Naming | None = None,
    **keyword_params: object,
) -> Result:
    """Run a library query (by name), a query file (a Path), SPARQL text or a Query, and return its Result.

    ``graph`` defaults to the bundled dataset (ontology + data; the default graph is the union of
    its graphs, ``GRAPH ?g`` reads one source at a time); it is an rdflib graph, or a pyoxigraph
    Store (:func:`filmgraph.stores.files_store`) for the oxigraph engine; ``engine`` is ``"oxigraph"``,
    ``"rdflib"`` or an engine object (reused across calls); ``endpoint`` sends the query to a
    SPARQL 1.1 endpoint instead. Parameters are keyword arguments, or a mapping ``params`` (str
    values are validated; rdflib terms are used as given, after the same checks). ``timeout``
    (seconds) gives up on the endpoint (default 65 s), or stops a local query run in a worker
    process (default: no limit).

    >>> filmgraph.query("events-in-place", place="setting:NAME").rows
    """
    chosen = resolve(name_or_text)
    check(chosen, local=endpoint is None, allow_network=allow_network)
    runner = _engine(graph, engine, endpoint, timeout)
    names = naming or (bundled_naming() if graph is None else Naming(with_vocabularies(
        graph_prefixes(graph) if isinstance(graph, Graph) else {})))
    expanded = expand_names(chosen, {**(params or {}), **keyword_params}, names)
    given = with_film(chosen, expanded, runner, bundled=graph is None and endpoint is None)
    text = prepare(chosen, given, local=endpoint is None, allow_network=allow_network)
    kind = chosen.kind or "SELECT"
    try:
        if timeout is not None and endpoint is None:  # a local query under a deadline: in a worker
            return call_with_deadline(lambda: runner.run(text, kind), timeout)
        return runner.run(text, kind)
    except InputError as exc:
        raise InputError(
            f"{chosen.source}:{exc}" if re.match(r"\d+:\d+:", str(exc)) else f"{chosen.source}: {exc}"
        ) from None


def listing() -> Result:
    """The queries ``filmgraph query`` can run, by name: the library's (with their parameters)
    and the federated ones (run with ``--wikidata``); columns name, title, params."""
    from .federate import list_queries as federated_queries

    rows = [
        (Literal(q.name), Literal(q.title), Literal(", ".join(p.describe() for p in q.params)))
        for q in list_queries()
    ]
    rows += [
        (Literal(q.name), Literal(q.title), Literal(", ".join(["--wikidata", *(f"{p} (IRI)" for p in q.params)])))
        for q in federated_queries()
    ]
    return Result.select(["name", "title", "params"], sorted(rows, key=lambda row: str(row[0])))


def federated(
    name: str,
    graph: Graph | None = None,
    *,
    endpoint: str | None = None,
    timeout: float | None = None,
    use_cache: bool = True,
    params: Mapping[str, object] | None = None,
) -> Result:
    """Run a federated query (see :mod:`filmgraph.federate`): the local part on ``graph`` (default:
    the bundled graph) with rdflib, the Wikidata part in batches at ``endpoint`` (default:
    Wikidata's query service); ``params`` are IRIs (absolute or ``prefix:name``). The rows are
    those :func:`filmgraph.federate.run` joins, in its columns (an unbound column is None)."""
    from .datasets import load
    from .federate import run as run_federated
    from .sparql_client import WIKIDATA_ENDPOINT, SparqlClient

    client = SparqlClient(endpoint or WIKIDATA_ENDPOINT, timeout=timeout or 65.0, use_cache=use_cache)
    graph = load() if graph is None else graph
    terms = {
        key: value if isinstance(value, URIRef)
        else choose_film(graph, str(value)) if isinstance(value, FilmName) else iri_param(key, str(value))
        for key, value in (params or {}).items()
    }
    columns, rows = run_federated(name, graph, client, terms)
    return Result.select(columns, [[row.get(column) for column in columns] for row in rows])


def unknown_iris(
    query: Query, params: Mapping[str, object], graph: Source | None = None, naming: Naming | None = None
) -> list[URIRef]:
    """The IRIs given as parameters that ``graph`` (default: the bundled dataset, as the query loaded
    it) never mentions as subject or object: a reason for an empty answer worth telling the user
    (prefixed names read as :func:`expand_names` does)."""
    params = expand_names(query, params, naming)
    given = [(param, params[param.name]) for param in query.params
             if param.name in params and not (param.name == "film" and _by_name(params[param.name]))]
    iris = [term for param, value in given if isinstance(term := to_term(param, value), URIRef)]
    if not iris:
        return []
    source = graph if graph is not None else _bundled_source()
    return [iri for iri in iris if not _mentions(source, iri)]


def _bundled_source() -> Source:
    """The bundled data as a query already loaded it: rdflib's graph if only rdflib ran, else oxigraph's Store."""
    if "rdflib" in _bundled_engines and "oxigraph" not in _bundled_engines:
        return bundled_graph()
    engine = bundled_engine("oxigraph")
    assert isinstance(engine, OxigraphEngine)
    return engine.store


def _mentions(source: Source, iri: URIRef) -> bool:
    """Whether ``iri`` is the subject or object of a statement in ``source`` (any of its graphs)."""
    if isinstance(source, Graph):
        return (iri, None, None) in source or (None, None, iri) in source
    import pyoxigraph

    node = pyoxigraph.NamedNode(str(iri))
    return any(next(source.quads_for_pattern(*pattern), None) is not None
               for pattern in ((node, None, None), (None, None, node)))
