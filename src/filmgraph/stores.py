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
import re
from collections.abc import Iterable, Iterator
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from . import resources
from .errors import InputError
from .guards import shown

if TYPE_CHECKING:
    from typing import TypeAlias

    import pyoxigraph

    #: Where files are parsed into: a Store (queries) or a Dataset (exports, literals as written).
    Target: TypeAlias = pyoxigraph.Store | pyoxigraph.Dataset

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SOURCE_GRAPH = "https://w3id.org/filmgraph/ontology#SourceGraph"
ONTOLOGY_GRAPH = resources.ONTOLOGY_GRAPH
#: pyoxigraph's format names and rdflib's.
_RDFLIB_NAMES = {"TURTLE": "turtle", "N_TRIPLES": "nt", "N_QUADS": "nquads", "TRIG": "trig"}
#: Extensions pyoxigraph parses here, with its format names.
_NATIVE = {".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG"}


def parse_native(text: str, name: str, fmt: str = "TURTLE") -> list[pyoxigraph.Quad]:
    """The statements of ``text`` parsed by pyoxigraph (blank nodes renamed apart from other files'),
    or an InputError ``NAME:LINE:COL: reason`` for the first syntax error."""
    import pyoxigraph

    try:
        return list(pyoxigraph.parse(text.removeprefix("\ufeff"), getattr(pyoxigraph.RdfFormat, fmt),
                                     base_iri=_base(name), rename_blank_nodes=True))
    except SyntaxError as exc:
        reason = str(exc.msg).split(": ", 1)[-1] if exc.msg.startswith("Parser error at") else exc.msg
        where = f"{exc.lineno}:{exc.offset}: " if exc.lineno else ""
        raise InputError(f"{name}:{where}{shown(reason, 200)}") from None


def _base(name: str) -> str | None:
    """The base IRI of a file's relative IRIs: its own location (none for standard input)."""
    return Path(name).resolve().as_uri() if name and not name.startswith("<") else None


def _guarded_quads(text: str, name: str, fmt: str | None = None) -> list[pyoxigraph.Quad]:
    """A format pyoxigraph is not trusted with here (RDF/XML, JSON-LD), or a file it refuses: filmgraph's
    guarded parse (rdflib's, ``fmt`` in pyoxigraph's name or guessed from ``name``), copied over."""
    import pyoxigraph

    from .datasets import new_dataset
    from .graph import parse_text

    dataset = parse_text(text, name, new_dataset(), _RDFLIB_NAMES.get(fmt or ""))
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


def _into(target: Target, quads: list[pyoxigraph.Quad], graph: str | None, named: bool = True) -> None:
    """Add ``quads``: their default-graph part into ``graph`` (None: the default graph), named graphs kept.
    A Store also gets each statement in its default graph (a set: a statement in two graphs is there
    once), file by file, so that no list of the whole store's statements is ever made; with ``named``
    false, a Store gets them there alone."""
    import pyoxigraph

    if not named and isinstance(target, pyoxigraph.Store):
        target.extend(pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in quads)
        return
    into = pyoxigraph.NamedNode(graph) if graph else pyoxigraph.DefaultGraph()
    moved = [q if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)
             else pyoxigraph.Quad(q.subject, q.predicate, q.object, into) for q in quads]
    if isinstance(target, pyoxigraph.Dataset):
        for quad in moved:
            target.add(quad)
        return
    target.extend(moved)
    if graph or any(not isinstance(q.graph_name, pyoxigraph.DefaultGraph) for q in quads):
        target.extend(pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in quads)


def _load(target: Target, text: str, name: str, fmt: str | None, quads: list[pyoxigraph.Quad],
          graph: str | None, named: bool = True) -> bool:
    """Add a Turtle or N-Triples file to a Store by pyoxigraph's own loader, parsing ``text`` again in
    Rust (twice as fast as adding ``quads`` one by one from Python): into the default graph alone when
    not ``named``; else into ``graph`` and the default graph, if the file has no blank nodes (which must
    be the same in both copies: such a file, and any other, gives False)."""
    import pyoxigraph

    if not isinstance(target, pyoxigraph.Store) or fmt not in ("TURTLE", "N_TRIPLES") or (named and any(
            isinstance(q.subject, pyoxigraph.BlankNode) or isinstance(q.object, pyoxigraph.BlankNode) for q in quads)):
        return False
    text, rdf_format, base = text.removeprefix("\ufeff"), getattr(pyoxigraph.RdfFormat, fmt), _base(name)
    if named and graph:
        target.load(text, rdf_format, base_iri=base, to_graph=pyoxigraph.NamedNode(graph))
    target.load(text, rdf_format, base_iri=base)
    return True


#: A language tag with a capital letter, in Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML (or text
#: that looks like one). pyoxigraph keeps tags in lower case (``en-gb``); an export keeps them as written.
_CAPITAL_TAG = re.compile(r"""["']@[A-Za-z0-9-]*[A-Z]|"@language"\s*:\s*"[^"]*[A-Z]|xml:lang\s*=\s*["'][^"']*[A-Z]""")


class CapitalLanguageTag(Exception):
    """A file for an export (a Dataset) may hold a language tag with a capital letter, which pyoxigraph
    would write in lower case: the caller exports with rdflib instead, which keeps it."""


def _check_tags(target: Target, text: str) -> None:
    import pyoxigraph

    if isinstance(target, pyoxigraph.Dataset) and _CAPITAL_TAG.search(text):
        raise CapitalLanguageTag


def _parse(text: str, name: str, fmt: str | None) -> tuple[list[pyoxigraph.Quad], bool]:
    """The file's statements, and whether pyoxigraph read them. A file pyoxigraph refuses is read as
    every other command reads it (:func:`filmgraph.graph.parse_text`): the same one-line error (``the
    IRI <…> is not valid: …``), or the statements of a file that rdflib, more lenient, accepts."""
    if fmt is None:
        return _guarded_quads(text, name), False
    try:
        return parse_native(text, name, fmt), True
    except InputError:
        return _guarded_quads(text, name, fmt), False


def add_text(target: Target, text: str, name: str, *, required: bool = False,
             graph: str | None = None, sources: bool = True, named: bool = True) -> int:
    """Parse one file's ``text`` into ``target``: into the source graph it declares (one is needed when
    ``required``), else into ``graph`` (None: the default graph); a quad format's own graphs are kept.
    ``sources`` false: no declaration is looked for, the file goes into ``graph``. A Store gets every
    statement in its default graph as well (and only there, with ``named`` false). Returns the number
    of statements the file holds."""
    fmt = _format(name)
    _check_tags(target, text)
    quads, native = _parse(text, name, fmt)
    declared = _declared(quads, name, required) if sources else None
    if not (native and _load(target, text, name, fmt, quads, declared or graph, named)):
        _into(target, quads, declared or graph, named)
    return len(quads)


#: Extensions parsed through filmgraph's guards rather than by pyoxigraph.
_GUARDED = frozenset({".rdf", ".owl", ".xml", ".jsonld", ".json", ".n3"})


def _format(name: str) -> str | None:
    """pyoxigraph's format name for a file (Turtle when the extension says nothing), None for one
    read through the guards."""
    suffix = Path(name).suffix.lower()
    return None if suffix in _GUARDED else _NATIVE.get(suffix, "TURTLE")


def _add_ontology(target: Target, base: Traversable | Path | None, named: bool = True) -> None:
    for relative in resources.ONTOLOGY_FILES:
        add_text(target, resources.resource(relative, base).read_text(encoding="utf-8"), relative,
                 graph=ONTOLOGY_GRAPH, named=named)


def _bundled(base: Traversable | Path | None) -> Iterator[tuple[str, str, list[pyoxigraph.Quad], bool, str]]:
    """Each bundled data file: its path, text, statements, whether pyoxigraph read them, and the source
    graph it declares (a file declaring none, or one another file declares, is an InputError)."""
    owners: dict[str, str] = {}
    for relative in resources.data_files(base):
        text = resources.resource(relative, base).read_text(encoding="utf-8")
        quads, native = _parse(text, relative, "TURTLE")
        declared = _declared(quads, relative, required=True)
        assert declared is not None  # required=True raises instead
        if declared in owners:
            from .namespaces import compact_iri

            raise InputError(f"{relative}: declares {compact_iri(declared)}, which {owners[declared]} declares too; "
                             "each data file has a source graph of its own")
        owners[declared] = relative
        yield relative, text, quads, native, declared


def _add_bundled(target: Target, include_ontology: bool, base: Traversable | Path | None) -> None:
    """The bundled data files, each in the source graph it declares, then the ontology."""
    for relative, text, quads, native, declared in _bundled(base):
        _check_tags(target, text)
        if not (native and _load(target, text, relative, "TURTLE", quads, declared)):
            _into(target, quads, declared)
    if include_ontology:
        _add_ontology(target, base)


def _user_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, str, str]]:
    """Each user file (``-``: standard input, Turtle) read within the size cap as
    :func:`filmgraph.graph.parse_file` reads it: its name, text, and what it is when it holds nothing."""
    from .graph import read_stdin, read_user_file

    for path in paths:
        if str(path) == "-":
            yield "<stdin>", read_stdin(), "empty input"
        else:
            yield str(path), read_user_file(path), "an empty file"


def _nothing_in(name: str, nothing: str) -> InputError:
    return InputError(f"{name}: holds no RDF statements ({nothing}, or a document with nothing in it)")


def _add_files(target: Target, paths: Iterable[str | os.PathLike[str]], ontology: bool, graph_name: str | None,
               sources: bool, named: bool = True) -> None:
    """User files (:func:`_user_files`) after the ontology; a file without a statement is an InputError."""
    if ontology:
        _add_ontology(target, None, named)
    for name, text, nothing in _user_files(paths):
        if not add_text(target, text, name, graph=graph_name, sources=sources, named=named):
            raise _nothing_in(name, nothing)


def bundled_store(include_ontology: bool = True, *, base: Traversable | Path | None = None) -> pyoxigraph.Store:
    """The bundled graph (or ``base``'s ``data/`` and ``ontology/``) in a new in-memory Store: each data
    file in its declared source graph, the ontology in ONTOLOGY_GRAPH, their union as the default graph."""
    import pyoxigraph

    store = pyoxigraph.Store()
    _add_bundled(store, include_ontology, base)
    return store


def files_store(paths: Iterable[str | os.PathLike[str]], *, ontology: bool = True,
                graph_name: str | None = None, sources: bool = True, named: bool = True) -> pyoxigraph.Store:
    """User files in a new in-memory Store (with the bundled ontology unless ``ontology`` is false): a
    file declaring a source graph in it, the others in ``graph_name`` (default: the default graph); the
    union as the default graph. ``sources`` false: declarations are not looked for (every file in
    ``graph_name``), for a command that reads only the union, as ``stats`` does. ``named`` false: the
    union alone, no named graphs (half the memory), for queries that read none
    (:func:`filmgraph.syntax.reads_named_graphs`); the files' declarations are checked all the same."""
    import pyoxigraph

    store = pyoxigraph.Store()
    _add_files(store, paths, ontology, graph_name, sources, named)
    return store


def bundled_quads(include_ontology: bool = True, *, base: Traversable | Path | None = None) -> pyoxigraph.Dataset:
    """The bundled graph as :func:`bundled_store` places it, but in a pyoxigraph Dataset, with no copy in
    the default graph: what an export writes. A Dataset keeps every literal as written, where a Store
    keeps its value (``"PT88M"^^xsd:duration`` comes back from a Store as ``"PT1H28M"``). A file that
    may hold a language tag with a capital letter raises :class:`CapitalLanguageTag`."""
    import pyoxigraph

    dataset = pyoxigraph.Dataset()
    _add_bundled(dataset, include_ontology, base)
    return dataset


def files_quads(paths: Iterable[str | os.PathLike[str]], *, ontology: bool = False,
                graph_name: str | None = None) -> pyoxigraph.Dataset:
    """User files as :func:`files_store` places them (by default without the ontology), in a pyoxigraph
    Dataset with no copy in the default graph, every literal as written: what an export writes. A file
    that may hold a language tag with a capital letter raises :class:`CapitalLanguageTag`."""
    import pyoxigraph

    dataset = pyoxigraph.Dataset()
    _add_files(dataset, paths, ontology, graph_name, sources=True)
    return dataset


def _ntriples_of(quads: list[pyoxigraph.Quad]) -> bytes:
    """The statements of ``quads`` as N-Triples, graph names dropped."""
    import pyoxigraph

    triples = (pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads)
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""


def union_ntriples(paths: Iterable[str | os.PathLike[str]] | None = None, *,
                   base: Traversable | Path | None = None) -> bytes:
    """The statements of the data files (``paths``, else the bundled data files of ``base``) as one
    N-Triples document, every literal as written (a Store would write ``"5"^^xsd:positiveInteger``
    as an xsd:integer), for validation; a statement in two files is there twice. Text, not a store,
    because it is the smallest form: 145 MiB for 1,000 films, where a pyoxigraph Dataset takes 850.
    The bundled files' rules are :func:`bundled_store`'s; user files are merged as they are."""
    if paths is None:
        return b"".join(_ntriples_of(quads) for _relative, _text, quads, _native, _declared in _bundled(base))
    parts: list[bytes] = []
    for name, text, nothing in _user_files(paths):
        quads, _native = _parse(text, name, _format(name))
        if not quads:
            raise _nothing_in(name, nothing)
        parts.append(_ntriples_of(quads))
    return b"".join(parts)


__all__ = ["ONTOLOGY_GRAPH", "CapitalLanguageTag", "add_text", "bundled_quads", "bundled_store", "files_quads",
           "files_store", "parse_native", "union_ntriples"]

