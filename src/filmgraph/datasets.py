"""Named graphs: each data file in the source graph it declares, the ontology in its own graph.

Provenance per statement: a bundled data file declares its named graph by holding exactly one
subject typed ``fg:SourceGraph`` (with the graph's ``dcterms:source`` and ``fg:verified``), and
every triple of the file, the declaration included, goes into that graph. So the graph a
statement is in tells which source it was taken from.

    >>> dataset = filmgraph.load_dataset()       # rdflib.Dataset, one named graph per source
    >>> union = filmgraph.load()                 # the same statements as one plain Graph

Datasets made here have ``default_union=True``: queried with rdflib, their default graph is the
union of all graphs (what SPARQL queries without ``GRAPH`` see), and ``GRAPH ?g`` patterns see
the named graphs one by one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph
from rdflib.namespace import RDF
from rdflib.term import Node

from . import resources
from .errors import InputError
from .graph import new_graph, parse_file, parse_text
from .namespaces import FG, bind_prefixes, compact_iri, loaded_prefixes

__all__ = [
    "ONTOLOGY_GRAPH",
    "as_dataset",
    "declaration",
    "declared_graph",
    "files_dataset",
    "load",
    "load_data",
    "load_dataset",
    "new_dataset",
    "ontology_dataset",
    "source_graphs",
    "union",
]

#: Named graph of the ontology and its alignments.
ONTOLOGY_GRAPH = resources.ONTOLOGY_GRAPH


def new_dataset(prefixes: Mapping[str, str] | None = None) -> Dataset:
    """An empty dataset whose default graph is the union of its graphs, with ``prefixes`` bound
    (default: the bundled files' map, :func:`filmgraph.namespaces.loaded_prefixes`)."""
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset, prefixes)
    return dataset


def union(graph: Graph) -> Graph:
    """All triples of all graphs of a dataset as one plain graph (a plain graph is copied as it is)."""
    merged = new_graph()
    if isinstance(graph, ConjunctiveGraph):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            merged.add((s, p, o))
    else:
        merged += graph
    return merged


def as_dataset(graph: Graph) -> Dataset:
    """``graph`` as a Dataset: a Dataset as it is; a plain graph, or a ConjunctiveGraph's default
    context, as the default graph of a new one (named graphs kept)."""
    if isinstance(graph, Dataset):
        return graph
    dataset = new_dataset()
    if isinstance(graph, ConjunctiveGraph):
        default = graph.default_context.identifier
        for s, p, o, g in graph.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)
            dataset.graph(DATASET_DEFAULT_GRAPH_ID if name in (None, default) else name).add((s, p, o))
    else:
        for triple in graph:
            dataset.add(triple)
    return dataset


def declared_graph(graph: Graph, name: str, *, required: bool) -> URIRef | None:
    """The IRI of the one ``fg:SourceGraph`` that ``graph`` (one file's triples) declares.

    None when it declares none and ``required`` is false. A missing declaration (when required),
    two or more, or a blank node is an InputError naming the file ``name``, in one line.
    """
    return declaration(graph.subjects(RDF.type, FG.SourceGraph), name, required=required)


def declaration(subjects: Iterable[Node], name: str, *, required: bool) -> URIRef | None:
    """The one source graph among ``subjects`` (the nodes one file types ``fg:SourceGraph``), by the
    rule and with the messages of :func:`declared_graph`; shared with :mod:`filmgraph.stores`."""
    declared = sorted(set(subjects), key=str)
    if not declared:
        if not required:
            return None
        raise InputError(
            f"{name}: declares no source graph; a bundled data file holds exactly one subject typed "
            "fg:SourceGraph (e.g. graph:… a fg:SourceGraph ; dcterms:source source:… .), "
            "the named graph of all its statements"
        )
    if len(declared) > 1:
        listed = ", ".join(compact_iri(str(g)) if isinstance(g, URIRef) else "a blank node" for g in declared)
        raise InputError(
            f"{name}: declares {len(declared)} source graphs ({listed}); a data file declares exactly one, "
            "the named graph of all its statements: split the file, one per source"
        )
    found = declared[0]
    if not isinstance(found, URIRef):
        raise InputError(f"{name}: its fg:SourceGraph is a blank node; name the graph with an IRI (graph:…)")
    return found


def _add(dataset: Dataset, graph: Graph, target: URIRef | None) -> None:
    """Copy ``graph``'s triples into the named graph ``target`` of ``dataset`` (None: the default graph)."""
    into = dataset.graph(target if target is not None else DATASET_DEFAULT_GRAPH_ID)
    into += graph


def _add_bundled_data(dataset: Dataset, base: Traversable | Path | None) -> None:
    """Each data file of ``base`` (default: the bundled root) into the source graph it declares."""
    owners: dict[URIRef, str] = {}
    for relative in resources.data_files(base):
        graph = parse_text(resources.resource(relative, base).read_text(encoding="utf-8"), relative)
        name = declared_graph(graph, relative, required=True)
        assert name is not None  # required=True raises instead
        if name in owners:
            raise InputError(
                f"{relative}: declares {compact_iri(str(name))}, which {owners[name]} declares too; "
                "each data file has a source graph of its own"
            )
        owners[name] = relative
        _add(dataset, graph, name)


def _add_ontology(dataset: Dataset, base: Traversable | Path | None) -> None:
    """The ontology and its alignments into ONTOLOGY_GRAPH."""
    graph = dataset.graph(URIRef(ONTOLOGY_GRAPH))
    for relative in resources.ONTOLOGY_FILES:
        parse_text(resources.resource(relative, base).read_text(encoding="utf-8"), relative, graph)


def load_dataset(include_ontology: bool = True, *, base: Traversable | Path | None = None) -> Dataset:
    """The bundled graph as a dataset: each data file in its declared source graph, and (by default)
    the ontology with its alignments in ONTOLOGY_GRAPH; the default graph is their union.

    ``base`` reads ``data/`` and ``ontology/`` from another folder than the bundled one (tests).
    An undeclared or doubly declared data file is a one-line InputError naming it.
    """
    dataset = new_dataset(loaded_prefixes(base))
    _add_bundled_data(dataset, base)
    if include_ontology:
        _add_ontology(dataset, base)
    return dataset


def ontology_dataset() -> Dataset:
    """A dataset holding only the bundled ontology and alignments, in ONTOLOGY_GRAPH."""
    dataset = new_dataset()
    _add_ontology(dataset, None)
    return dataset


def files_dataset(
    paths: Iterable[str | os.PathLike[str]],
    graph_name: str | None = None,
    dataset: Dataset | None = None,
) -> Dataset:
    """User files as a dataset (added to ``dataset`` if given): a file that declares a source graph
    goes into it, the others into ``graph_name`` (default: the default graph).

    The declaration rule is the bundled files' one, except that none is fine. A file with named
    graphs of its own (N-Quads, TriG, JSON-LD) keeps them; the rule places its default graph.
    """
    dataset = dataset if dataset is not None else new_dataset()
    fallback = URIRef(graph_name) if graph_name else None
    for path in paths:
        parsed = new_dataset()
        parse_file(path, parsed)
        default = parsed.graph(DATASET_DEFAULT_GRAPH_ID)
        declared = declared_graph(default, str(path), required=False)
        _add(dataset, default, declared if declared is not None else fallback)
        for s, p, o, g in parsed.quads((None, None, None, None)):
            if g is not None and g != DATASET_DEFAULT_GRAPH_ID:
                dataset.graph(g).add((s, p, o))
    return dataset


def source_graphs(dataset: Dataset) -> list[URIRef]:
    """The named graphs that declare themselves a source graph (in any graph of ``dataset``), sorted."""
    found = {
        g
        for s, _p, _o, g in dataset.quads((None, RDF.type, FG.SourceGraph, None))
        if g is not None and g == s and isinstance(g, URIRef)
    }
    return sorted(found, key=str)


def load_data() -> Graph:
    """The bundled instance data without the ontology: the union of every data file's source graph."""
    return union(load_dataset(include_ontology=False))


def load(include_ontology: bool = True) -> Graph:
    """The bundled graph as one plain graph: the data plus (by default) the ontology and its alignments.

    The union of :func:`load_dataset`'s graphs, so a data file without its source graph declaration
    is refused here too.
    """
    return union(load_dataset(include_ontology))
