"""RDF files straight into a pyoxigraph Store, with no rdflib parse: the fast engine's one load.

Each file goes into the named graph it declares (the :mod:`filmgraph.datasets` rule: one subject
typed ``fg:SourceGraph``), the ontology into its own graph, and the union of all graphs into the
default graph, so a query without ``GRAPH`` sees every statement once, as with rdflib.

    >>> store = bundled_store()                       # the bundled data and ontology
    >>> store = files_store(["film.ttl"], ontology=True)

Turtle, N-Triples, N-Quads and TriG are parsed by pyoxigraph (a strict parser with no entity
expansion, which nests without recursion); RDF/XML and JSON-LD, which need filmgraph's guards
(:mod:`filmgraph.guards`), are parsed by :func:`filmgraph.graph.parse_text` and copied in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from . import resources
from .errors import InputError
from .guards import shown

if TYPE_CHECKING:
    import pyoxigraph

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SOURCE_GRAPH = "https://w3id.org/filmgraph/ontology#SourceGraph"
#: Named graph of the ontology and its alignments (as :data:`filmgraph.datasets.ONTOLOGY_GRAPH`).
ONTOLOGY_GRAPH = "https://w3id.org/filmgraph/graph/ontology"
#: Extensions pyoxigraph parses here, with its format names.
_NATIVE = {".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG"}


def parse_native(text: str, name: str, fmt: str = "TURTLE") -> list[pyoxigraph.Quad]:
    """The statements of ``text`` parsed by pyoxigraph (blank nodes renamed apart from other files'),
    or an InputError ``NAME:LINE:COL: reason`` for the first syntax error."""
    import pyoxigraph

    base = Path(name).resolve().as_uri() if name and not name.startswith("<") else None
    try:
        return list(pyoxigraph.parse(text.removeprefix("\ufeff"), getattr(pyoxigraph.RdfFormat, fmt),
                                     base_iri=base, rename_blank_nodes=True))
    except SyntaxError as exc:
        reason = str(exc.msg).split(": ", 1)[-1] if exc.msg.startswith("Parser error at") else exc.msg
        where = f"{exc.lineno}:{exc.offset}: " if exc.lineno else ""
        raise InputError(f"{name}:{where}{shown(reason, 200)}") from None


def _guarded_quads(text: str, name: str) -> list[pyoxigraph.Quad]:
    """A format pyoxigraph is not trusted with here (RDF/XML, JSON-LD): filmgraph's guarded parse, copied over."""
    import pyoxigraph

    from .datasets import new_dataset
    from .graph import parse_text

    dataset = parse_text(text, name, new_dataset())
    data = dataset.serialize(format="nquads", encoding="utf-8")
    return list(pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_QUADS, rename_blank_nodes=True))


def _declared(quads: list[pyoxigraph.Quad], name: str, required: bool) -> str | None:
    """The IRI of the source graph the file's default graph declares, by :func:`filmgraph.datasets.declaration`."""
    import pyoxigraph

    subjects = [q.subject for q in quads if isinstance(q.graph_name, pyoxigraph.DefaultGraph)
                and q.predicate.value == RDF_TYPE and getattr(q.object, "value", None) == SOURCE_GRAPH]
    if not subjects and not required:
        return None
    from rdflib import BNode, URIRef

    from .datasets import declaration

    terms = [URIRef(s.value) if isinstance(s, pyoxigraph.NamedNode) else BNode(str(s)) for s in subjects]
    found = declaration(terms, name, required=required)
    return None if found is None else str(found)


def _into(store: pyoxigraph.Store, quads: list[pyoxigraph.Quad], graph: str | None) -> None:
    """Add ``quads``: their default-graph part into ``graph`` (None: the default graph), named graphs kept."""
    import pyoxigraph

    target = pyoxigraph.NamedNode(graph) if graph else pyoxigraph.DefaultGraph()
    store.extend(q if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)
                 else pyoxigraph.Quad(q.subject, q.predicate, q.object, target) for q in quads)


def _finish(store: pyoxigraph.Store) -> pyoxigraph.Store:
    """Copy every named graph's statements into the default graph (a set: a statement in two graphs is there once)."""
    import pyoxigraph

    named = [q for q in store.quads_for_pattern(None, None, None, None)
             if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)]
    store.extend(pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in named)
    return store


def add_text(store: pyoxigraph.Store, text: str, name: str, *, required: bool = False,
             graph: str | None = None, sources: bool = True) -> int:
    """Parse one file's ``text`` into ``store``: into the source graph it declares (one is needed when
    ``required``), else into ``graph`` (None: the default graph); a quad format's own graphs are kept.
    ``sources`` false: no declaration is looked for, the file goes into ``graph``.
    Returns the number of statements the file holds."""
    fmt = _NATIVE.get(Path(name).suffix.lower(), None if Path(name).suffix.lower() in _GUARDED else "TURTLE")
    quads = parse_native(text, name, fmt) if fmt else _guarded_quads(text, name)
    declared = _declared(quads, name, required) if sources else None
    _into(store, quads, declared or graph)
    return len(quads)


#: Extensions parsed through filmgraph's guards rather than by pyoxigraph.
_GUARDED = frozenset({".rdf", ".owl", ".xml", ".jsonld", ".json", ".n3"})


def _add_ontology(store: pyoxigraph.Store, base: Traversable | Path | None) -> None:
    for relative in resources.ONTOLOGY_FILES:
        add_text(store, resources.resource(relative, base).read_text(encoding="utf-8"), relative, graph=ONTOLOGY_GRAPH)


def bundled_store(include_ontology: bool = True, *, base: Traversable | Path | None = None) -> pyoxigraph.Store:
    """The bundled graph (or ``base``'s ``data/`` and ``ontology/``) in a new in-memory Store: each data
    file in its declared source graph, the ontology in ONTOLOGY_GRAPH, their union as the default graph."""
    import pyoxigraph

    store = pyoxigraph.Store()
    owners: dict[str, str] = {}
    for relative in resources.data_files(base):
        quads = parse_native(resources.resource(relative, base).read_text(encoding="utf-8"), relative)
        declared = _declared(quads, relative, required=True)
        assert declared is not None  # required=True raises instead
        if declared in owners:
            from .namespaces import compact_iri

            raise InputError(f"{relative}: declares {compact_iri(declared)}, which {owners[declared]} declares too; "
                             "each data file has a source graph of its own")
        owners[declared] = relative
        _into(store, quads, declared)
    if include_ontology:
        _add_ontology(store, base)
    return _finish(store)


def files_store(paths: Iterable[str | os.PathLike[str]], *, ontology: bool = True,
                graph_name: str | None = None, sources: bool = True) -> pyoxigraph.Store:
    """User files in a new in-memory Store (with the bundled ontology unless ``ontology`` is false): a
    file declaring a source graph in it, the others in ``graph_name`` (default: the default graph); the
    union as the default graph. ``sources`` false: declarations are not looked for (every file in
    ``graph_name``), for a command that reads only the union, as ``stats`` does. Files are read within the size cap, as :func:`filmgraph.graph.parse_file`
    does; ``-`` is standard input (Turtle)."""
    import pyoxigraph

    from .graph import read_stdin, read_user_file

    store = pyoxigraph.Store()
    if ontology:
        _add_ontology(store, None)
    for path in paths:
        if str(path) == "-":
            name, text, nothing = "<stdin>", read_stdin(), "empty input"
        else:
            name, text, nothing = str(path), read_user_file(path), "an empty file"
        if not add_text(store, text, name, graph=graph_name, sources=sources):
            raise InputError(f"{name}: holds no RDF statements ({nothing}, or a document with nothing in it)")
    return _finish(store)


__all__ = ["ONTOLOGY_GRAPH", "add_text", "bundled_store", "files_store", "parse_native"]
