"""SPARQL engines behind one small interface: rdflib (the reference), pyoxigraph (the fast one),
and any SPARQL 1.1 endpoint over HTTP.

    >>> engine = OxigraphEngine(filmgraph.load())   # converts the graph once
    >>> engine = OxigraphEngine(stores.bundled_store())   # the files parsed straight into a Store
    >>> engine.run("SELECT ?s WHERE { ?s a <https://w3id.org/filmgraph/ontology#Film> }", "SELECT")

Every engine takes a checked query text and its form (SELECT, ASK, CONSTRUCT, DESCRIBE) and
returns a :class:`~filmgraph.results.Result` made of rdflib terms, so answers from different
engines compare directly. Engines do not check queries: :mod:`filmgraph.syntax` does that first.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import XSD
from rdflib.query import ResultRow
from rdflib.term import Node

from .datasets import as_dataset, union
from .errors import InputError, UsageError, first_line
from .formats import ENGINES
from .graph import new_graph
from .results import Result

if TYPE_CHECKING:
    import pyoxigraph


class Engine(Protocol):
    """Something that answers SPARQL queries with filmgraph Results."""

    name: str

    def run(self, text: str, kind: str) -> Result:
        """Answer the query ``text`` of form ``kind`` (SELECT, ASK, CONSTRUCT or DESCRIBE)."""
        ...


class RdflibEngine:
    """rdflib's own SPARQL engine over an rdflib graph: slow, but the reference implementation."""

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        """Query ``graph`` in place (it is not copied).

        A Dataset is queried with the union of its graphs as the default graph and its named
        graphs for ``GRAPH`` patterns (one without ``default_union`` is viewed with it).
        """
        if isinstance(graph, Dataset) and not graph.default_union:
            graph = Dataset(store=graph.store, default_union=True)
        self.graph = graph

    def run(self, text: str, kind: str) -> Result:
        """Parse (without the graph's prefixes, so that every PREFIX must be declared) and run."""
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(text, initNs={})
        except Exception as exc:  # pyparsing and rdflib raise many types
            line, column = getattr(exc, "lineno", None), getattr(exc, "col", None)
            where = f"{line}:{column}: " if line and column else ""
            reason = getattr(exc, "msg", None) or first_line(exc)
            raise InputError(f"{where}rdflib cannot parse the query: {reason}") from None
        try:
            answer = self.graph.query(prepared)
            if answer.type == "ASK":
                return Result("ASK", boolean=bool(answer.askAnswer), query=text, engine=self.name)
            if answer.type in ("CONSTRUCT", "DESCRIBE"):
                return Result(kind, graph=union(answer.graph or Graph()), query=text, engine=self.name)
            names = [str(v) for v in answer.vars or ()]
            rows = [tuple(row) for row in answer if isinstance(row, ResultRow)]
            return Result.select(names, rows, query=text, engine=self.name)
        except MemoryError:
            raise  # not the query's fault: a worker under --timeout reports it as such
        except Exception as exc:  # an evaluation error (unknown function, bad cast, ...)
            raise InputError(f"rdflib could not run the query: {first_line(exc)}") from None


class OxigraphEngine:
    """pyoxigraph's in-memory store: a Store queried in place (:mod:`filmgraph.stores` parses files
    straight into one), or an rdflib graph converted once, through N-Triples or N-Quads bytes."""

    name = "oxigraph"

    def __init__(self, graph: Graph | pyoxigraph.Store) -> None:
        """Query a pyoxigraph Store in place, or copy an rdflib ``graph`` into a new in-memory store
        (later changes to ``graph`` are not seen).

        A Dataset keeps its named graphs, and the store's default graph gets the union of all of
        them, as rdflib sees it. Not ``use_default_graph_as_union``: pyoxigraph's union is of
        quads, so a triple stated in two graphs would match twice.
        """
        import pyoxigraph

        started = time.perf_counter()
        if isinstance(graph, pyoxigraph.Store):
            self.store = graph
            self.load_seconds = 0.0
            return
        self.store = pyoxigraph.Store()
        if isinstance(graph, ConjunctiveGraph):
            quads = as_dataset(graph).serialize(format="nquads", encoding="utf-8")
            self.store.bulk_load(quads, format=pyoxigraph.RdfFormat.N_QUADS)
            named = list(self.store.quads_for_pattern(None, None, None, None))
            self.store.extend(pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in named)
        else:
            data = graph.serialize(format="nt", encoding="utf-8")
            self.store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        self.load_seconds = time.perf_counter() - started

    def run(self, text: str, kind: str) -> Result:
        """Run the query on the store and convert the answer to rdflib terms."""
        import pyoxigraph

        try:
            answer = self.store.query(text)
            if isinstance(answer, pyoxigraph.QueryBoolean):
                return Result("ASK", boolean=bool(answer), query=text, engine=self.name)
            if isinstance(answer, pyoxigraph.QueryTriples):
                graph = new_graph()
                for triple in answer:
                    graph.add((term_for(triple.subject), term_for(triple.predicate), term_for(triple.object)))
                return Result(kind, graph=graph, query=text, engine=self.name)
            names = [v.value for v in answer.variables]
            rows = [tuple(_term_or_none(solution[i]) for i in range(len(names))) for solution in answer]
        except SyntaxError as exc:
            raise InputError(f"pyoxigraph cannot parse the query: {exc.msg}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise InputError(f"pyoxigraph could not run the query: {exc}") from None
        return Result.select(names, rows, query=text, engine=self.name)


def _term_or_none(term: object) -> Node | None:
    return None if term is None else term_for(term)


def term_for(term: object) -> Node:
    """An rdflib term for a pyoxigraph term (a simple literal gets no datatype, as in rdflib)."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(  # keep the lexical form as the store has it, like filmgraph's parser
            term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype), normalize=False
        )
    raise InputError(f"pyoxigraph returned a term filmgraph cannot use: {term!r}")


class EndpointEngine:
    """A SPARQL 1.1 endpoint, through the polite :class:`~filmgraph.sparql_client.SparqlClient`."""

    name = "endpoint"

    def __init__(self, url: str, timeout: float = 65.0, use_cache: bool = False) -> None:
        """Prepare a client (nothing is sent yet); answers are not cached unless asked."""
        from .sparql_client import SparqlClient

        self.url = url
        self.client = SparqlClient(url, timeout=timeout, use_cache=use_cache)

    def run(self, text: str, kind: str) -> Result:
        """Send the query with the client method that fits its form."""
        if kind == "ASK":
            return Result("ASK", boolean=self.client.ask(text), query=text, engine=self.url)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            return Result(kind, graph=self.client.construct(text), query=text, engine=self.url)
        names, rows = self.client.select_table(text)
        return Result.select(names, [tuple(row.get(n) for n in names) for row in rows], query=text, engine=self.url)


def make_engine(name: str, graph: Graph | pyoxigraph.Store) -> RdflibEngine | OxigraphEngine:
    """The local engine called ``name`` (``rdflib`` or ``oxigraph``) over ``graph`` (an rdflib graph,
    or for oxigraph a pyoxigraph Store)."""
    if name == "rdflib":
        if not isinstance(graph, Graph):
            raise UsageError("a pyoxigraph Store is queried with the oxigraph engine; give rdflib an rdflib graph")
        return RdflibEngine(graph)
    if name == "oxigraph":
        return OxigraphEngine(graph)
    raise UsageError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")


__all__ = ["ENGINES", "EndpointEngine", "Engine", "OxigraphEngine", "RdflibEngine", "make_engine"]
