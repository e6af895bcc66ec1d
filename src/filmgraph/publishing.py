"""The graph into any SPARQL 1.1 store, through the Graph Store HTTP Protocol, then checked there.

    >>> reports = publish("http://127.0.0.1:7878/store")          # the bundled graph
    >>> all(report.same for report in reports)

Which graphs: by default each graph of the data replaces the graph of the same name in the store
(every source graph under its own IRI, the ontology under ``graph:ontology``), so the store's other
graphs are left alone; statements in no named graph are refused rather than allowed to replace the
store's default graph; ``graph=IRI``
puts the union of all graphs (each triple once) into that one named graph instead, and
``default_graph=True`` into the store's default graph.

Each graph is sent as canonical N-Triples with ``PUT`` (which replaces it), then read back with
``GET`` and compared with what was sent: the same triples, blank nodes matched by RDF
canonicalisation (RDFC-1.0), language tags in lower case (RDF 1.1 lets a store lower-case them).
Graph by graph: the protocol has no transaction over several graphs. Credentials and HTTP are
:mod:`filmgraph.graph_store`'s.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import EndpointError, UsageError
from .graph_store import check_store_url, get_graph, put_graph
from .guards import shown
from .namespaces import compact_iri

if TYPE_CHECKING:
    import pyoxigraph

#: What is sent, and what is asked for when reading a graph back.
NTRIPLES = "application/n-triples"
ACCEPT = "application/n-triples, text/turtle;q=0.5"
#: pyoxigraph's formats for what a store may answer.
_ANSWER_FORMATS = {"application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES", "text/turtle": "TURTLE"}
#: A language tag with a capital letter, in canonical N-Triples.
_CAPITAL_TAG = re.compile(r'"@[A-Za-z0-9-]*[A-Z]')
#: A graph read back may be this many times larger than what was sent (plus 1 MiB), no more.
ANSWER_FACTOR = 2

Progress = Callable[[str], None]


@dataclass(frozen=True)
class GraphReport:
    """One graph sent and read back: its name (None: the default graph), how many triples were sent
    and are held, and a few of those missing from the store and of those it holds but was not sent."""

    graph: str | None
    sent: int
    held: int
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @property
    def same(self) -> bool:
        """Whether the store holds exactly the triples sent."""
        return self.sent == self.held and not self.missing and not self.unexpected


def _pyoxigraph_graphs(paths: list[str] | None) -> dict[str | None, list[pyoxigraph.Quad]]:
    """The data's statements by graph name (None: the default graph), literals as written."""
    import pyoxigraph

    from .stores import bundled_quads, files_quads

    dataset = bundled_quads() if paths is None else files_quads(paths)
    graphs: dict[str | None, list[pyoxigraph.Quad]] = {}
    for quad in dataset:
        name = None if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else quad.graph_name.value
        graphs.setdefault(name, []).append(quad)
    return graphs


def data_graphs(paths: Iterable[str | os.PathLike[str]] | None = None, *,
                union: bool = False) -> dict[str | None, str]:
    """Each graph of the bundled graph (with its ontology) or of the files ``paths`` (read as
    ``export --data`` reads them), as canonical N-Triples, by name (None: the default graph); with
    ``union``, the statements of all graphs, each once, as the one default graph."""
    from .stores import CapitalLanguageTag

    files = None if paths is None else [str(path) for path in paths]
    try:
        from .rdfc import store_ntriples

        graphs = _pyoxigraph_graphs(files)
        if union:
            return {None: store_ntriples(quad for quads in graphs.values() for quad in quads)}
        return {name: store_ntriples(quads) for name, quads in sorted(graphs.items(), key=lambda item: item[0] or "")}
    except CapitalLanguageTag:  # pyoxigraph would lower-case the tag: rdflib keeps it as written
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        from .canonical import to_ntriples
        from .datasets import files_dataset, load_dataset
        from .datasets import union as union_of

        dataset = load_dataset() if files is None else files_dataset(files)
        if union:
            return {None: to_ntriples(union_of(dataset))}
        found = {(None if g.identifier == DATASET_DEFAULT_GRAPH_ID else str(g.identifier)): to_ntriples(g)
                 for g in dataset.graphs() if len(g)}
        return dict(sorted(found.items(), key=lambda item: item[0] or ""))


def _parse(text: str, media_type: str, name: str) -> list[pyoxigraph.Quad]:
    from .stores import parse_native

    return list(parse_native(text, name, _ANSWER_FORMATS[media_type]))


def _has_blank(quad: pyoxigraph.Quad) -> bool:
    import pyoxigraph

    return isinstance(quad.subject, pyoxigraph.BlankNode) or isinstance(quad.object, pyoxigraph.BlankNode)


def _canonical(sent: str) -> set[str]:
    """The lines of what was sent, as :func:`_compare` makes the answer's: already so, unless a
    language tag has a capital letter (kept as written when sent, in lower case once parsed)."""
    from .rdfc import store_ntriples

    if _CAPITAL_TAG.search(sent) is None:
        return set(sent.splitlines())
    return set(store_ntriples(_parse(sent, NTRIPLES, "<data>")).splitlines())


def _compare(name: str | None, sent: str, answer_text: str, media_type: str, where: str) -> GraphReport:
    """Compare what was sent (canonical N-Triples) with the graph read back, parsed by pyoxigraph and
    made canonical the same way (blank nodes labelled by RDFC-1.0)."""
    from .errors import InputError
    from .rdfc import store_ntriples

    try:
        held_quads = _parse(answer_text, media_type, where)
    except InputError as exc:
        raise EndpointError(f"{where}: gave back a graph that cannot be parsed ({exc})") from None
    sent_lines = _canonical(sent)
    if sum(map(_has_blank, held_quads)) <= sum("_:" in line for line in sent_lines):
        held_lines = set(store_ntriples(held_quads).splitlines())
        held = len(held_lines)
    else:  # not canonicalised: more blank nodes than were sent could make it slow, and it differs anyway
        held_lines = {store_ntriples([q]).strip() for q in held_quads}
        held = len({str(q) for q in held_quads})
    missing, unexpected = sent_lines - held_lines, held_lines - sent_lines
    return GraphReport(name, len(sent_lines), held, sorted(missing)[:3], sorted(unexpected)[:3])


def publish(store: str, paths: Iterable[str | os.PathLike[str]] | None = None, *, graph: str | None = None,
            default_graph: bool = False, timeout: float = 65.0, progress: Progress | None = None) -> list[GraphReport]:
    """Put the bundled graph (or the files ``paths``) into the Graph Store at ``store`` and read each
    graph back: a report per graph, in the order sent. ``graph`` (an IRI) or ``default_graph``: the
    union into that one graph instead of each graph under its own name (module docstring)."""
    check_store_url(store)
    if graph is not None and default_graph:
        raise UsageError("one graph or the default graph, not both")
    graphs = data_graphs(paths, union=graph is not None or default_graph)
    if graph is not None and not default_graph:
        graphs = {graph: graphs[None]}
    elif not default_graph and None in graphs:  # never wipe a store's default graph unasked
        raise UsageError(f"{graphs[None].count(chr(10))} statements of the data are in no named graph (a file "
                         "declares no fg:SourceGraph): publishing them would replace the store's whole default "
                         "graph; give --default-graph (all of the data there) or --graph IRI to say where they go")
    say = progress or (lambda _message: None)
    reports = []
    for name, text in graphs.items():
        data = text.encode("utf-8")
        say(f"replacing {compact_iri(name) if name else 'the default graph'} with {text.count(chr(10))} triples")
        put_graph(store, data, NTRIPLES, graph=name, timeout=timeout)
        answer = get_graph(store, ACCEPT, graph=name, timeout=timeout, limit=ANSWER_FACTOR * len(data) + 2**20)
        if answer.media_type not in _ANSWER_FORMATS:
            raise EndpointError(f"{store}: gave the graph back as {shown(answer.media_type, 60) or 'no type'}, "
                                "not as N-Triples or Turtle; filmgraph cannot check it")
        try:
            answer_text = answer.body.decode("utf-8")
        except UnicodeDecodeError:
            raise EndpointError(f"{store}: gave the graph back in something other than UTF-8") from None
        reports.append(_compare(name, text, answer_text, answer.media_type, store))
    return reports


__all__ = ["GraphReport", "data_graphs", "publish"]
