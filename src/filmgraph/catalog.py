"""The VoID/DCAT description of a distribution folder (``void.ttl``): what the dataset is, what
it holds, and where each file is published with its size and SHA-256, in absolute IRIs only.

It stands alone: a strict parser needs no base IRI, and a reader needs nothing else to know the
dataset's title, licence, version, makers, sources, vocabularies and counts, or to check a
download. The dataset's own statements (``data/*/dataset.ttl``: the ``void:Dataset``, its
sources and its named graphs) are copied; the counts, the vocabularies and the distributions
are computed from the graph and the files.

    >>> from filmgraph.catalog import DIST_BASE
    >>> DIST_BASE
    'https://w3id.org/filmgraph/dist/'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID, XSD
from rdflib.term import Node

from .canonical import Section, to_turtle
from .errors import UsageError
from .graph import new_graph
from .namespaces import loaded_prefixes

__all__ = ["DIST_BASE", "SPDX", "DistFile", "base_url_for", "describe"]

#: Where releases are published: ``DIST_BASE + VERSION + "/"`` holds one release's files.
DIST_BASE = "https://w3id.org/filmgraph/dist/"
#: The SPDX vocabulary, for checksums (as DCAT 3 recommends).
SPDX = Namespace("http://spdx.org/rdf/terms#")
#: The file this module writes; distribution and checksum IRIs are fragments of its URL.
VOID_FILE = "void.ttl"

_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
#: DCAT 3's dcat:version, which rdflib's (DCAT 2) namespace object does not list.
DCAT_VERSION = URIRef(f"{DCAT}version")


@dataclass(frozen=True)
class DistFile:
    """One file of the folder to describe as a ``dcat:Distribution`` of the dataset."""

    name: str  #: file name in the folder, and under the base URL
    key: str  #: fragment of void.ttl naming the distribution (``turtle``, ``film-NAME``)
    title: str
    media_type: str  #: IANA media type, such as ``text/turtle``
    conforms_to: str  #: IRI of the format's specification
    dump: bool = True  #: the whole graph (a ``void:dataDump``), not a view of it


def base_url_for(union: Graph, base_url: str | None = None) -> str:
    """The URL the files are published under, ending with ``/``.

    ``base_url`` (a mirror, or another dataset's site) when given: an absolute http(s) URL;
    otherwise DIST_BASE plus the dataset's ``dcat:version`` (DIST_BASE alone without one).
    """
    if base_url is None:
        node = _dataset_node(union)
        version = _one(union.objects(node, DCAT_VERSION)) if node is not None else None
        return DIST_BASE + (f"{version}/" if isinstance(version, Literal) and str(version).strip() else "")
    from pyoxigraph import NamedNode

    try:
        NamedNode(base_url)
    except ValueError:
        raise UsageError(f"base URL {base_url!r} is not an absolute IRI; give one such as {DIST_BASE}0.3.0/") from None
    if not base_url.startswith(("https://", "http://")) or "#" in base_url or "?" in base_url:
        raise UsageError(f"base URL {base_url!r}: give an http(s) URL of a folder, such as {DIST_BASE}0.3.0/")
    return base_url if base_url.endswith("/") else base_url + "/"


def describe(dataset: Dataset, union: Graph, files: Mapping[str, bytes], listed: Sequence[DistFile], base: str) -> str:
    """void.ttl for ``listed`` files (their bytes in ``files``) of ``dataset``, published under ``base``.

    ``union`` is the union of the dataset's graphs (what the whole-graph files hold).
    """
    here = base + VOID_FILE + "#"
    node = _dataset_node(union) or URIRef(here + "dataset")
    void = new_graph()
    void.bind("spdx", str(SPDX))
    _copy_description(union, node, void)
    void.add((node, RDF.type, VOID.Dataset))
    void.add((node, RDF.type, DCAT.Dataset))
    _add_statistics(void, node, union)
    for vocabulary in vocabularies(union):
        void.add((node, VOID.vocabulary, URIRef(vocabulary)))
    for name, count in _named_graph_sizes(dataset):
        void.add((node, VOID.subset, name))
        void.add((name, RDF.type, VOID.Dataset))
        void.add((name, VOID.triples, Literal(count)))
        _copy_triples(union, name, void)
    licences = sorted((o for o in union.objects(node, DCTERMS.license) if isinstance(o, URIRef)), key=str)
    for entry in listed:
        _add_distribution(void, node, entry, files[entry.name], base, here, licences)
    header = (
        "The VoID/DCAT description of one release of the dataset: what it is and holds, and each\n"
        "file with its download URL, size and SHA-256 (the same as in SHA256SUMS)."
    )
    sections = tuple(Section(title, (kind,)) for title, kind in (
        ("Dataset", DCAT.Dataset), ("Named graphs", VOID.Dataset), ("Sources", DCTERMS.BibliographicResource),
        ("Distributions", DCAT.Distribution), ("Checksums", SPDX.Checksum)))
    return to_turtle(void, sections=sections, header=header)


# --- what is copied -------------------------------------------------------------------------------


def _dataset_node(union: Graph) -> URIRef | None:
    """The one ``void:Dataset`` the graph describes, if exactly one."""
    found = {s for s in union.subjects(RDF.type, VOID.Dataset) if isinstance(s, URIRef)}
    return found.pop() if len(found) == 1 else None


def _one(values: Iterable[Node]) -> Node | None:
    found = set(values)
    return found.pop() if len(found) == 1 else None


def _copy_triples(union: Graph, subject: URIRef, into: Graph) -> None:
    """Every statement of ``subject`` whose object is an IRI or a literal (blank nodes stay out)."""
    for p, o in union.predicate_objects(subject):
        if isinstance(o, URIRef | Literal):
            into.add((subject, p, o))


def _copy_description(union: Graph, node: URIRef, into: Graph) -> None:
    """The dataset's own statements, and those of the sources it names."""
    _copy_triples(union, node, into)
    for source in sorted(o for o in union.objects(node, DCTERMS.source) if isinstance(o, URIRef)):
        _copy_triples(union, source, into)


# --- what is computed ------------------------------------------------------------------------------


def _add_statistics(void: Graph, node: URIRef, union: Graph) -> None:
    """VoID's counts for the whole graph."""
    space = _one(union.objects(node, VOID.uriSpace))
    subjects = set(union.subjects())
    entities = {s for s in subjects if isinstance(s, URIRef) and (space is None or str(s).startswith(str(space)))}
    counts = {
        VOID.triples: len(union),
        VOID.entities: len(entities),
        VOID.classes: len(set(union.objects(None, RDF.type))),
        VOID.properties: len(set(union.predicates())),
        VOID.distinctSubjects: len(subjects),
        VOID.distinctObjects: len(set(union.objects())),
    }
    for prop, count in counts.items():
        void.add((node, prop, Literal(count)))


def _namespace(iri: str) -> str:
    """The vocabulary of a term: the longest known namespace it is in, else the IRI up to its last # or /."""
    known = [ns for ns in loaded_prefixes().values() if iri.startswith(ns) and iri != ns]
    if known:
        return max(known, key=len)
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > 0 else iri


def vocabularies(union: Graph) -> list[str]:
    """The namespaces of the terms the graph uses, sorted: its properties and classes, and the
    classes and properties its ontology refines (``rdfs:subClassOf``/``subPropertyOf`` objects)."""
    classes = {o for o in union.objects(None, RDF.type)}
    refined = {o for p in (RDFS.subClassOf, RDFS.subPropertyOf) for o in union.objects(None, p)}
    terms = {str(p) for p in union.predicates()} | {str(t) for t in classes | refined if isinstance(t, URIRef)}
    return sorted({_namespace(term) for term in terms})


def _named_graph_sizes(dataset: Dataset) -> list[tuple[URIRef, int]]:
    """Each named graph (an IRI) with its number of triples, by IRI."""
    sizes: dict[URIRef, int] = {}
    for _s, _p, _o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID:
            sizes[name] = sizes.get(name, 0) + 1
    return sorted(sizes.items(), key=lambda item: str(item[0]))


def _add_distribution(
    void: Graph, dataset: URIRef, entry: DistFile, data: bytes, base: str, here: str, licences: list[URIRef]
) -> None:
    """One file as a ``dcat:Distribution``: where to get it, what it is, its size and SHA-256."""
    node, checksum, url = URIRef(here + entry.key), URIRef(here + entry.key + "-sha256"), URIRef(base + entry.name)
    void.add((dataset, DCAT.distribution, node))
    if entry.dump:
        void.add((dataset, VOID.dataDump, url))
        void.add((dataset, VOID.feature, URIRef(entry.conforms_to)))
    void.add((node, RDF.type, DCAT.Distribution))
    void.add((node, DCTERMS.title, Literal(entry.title, lang="en")))
    void.add((node, DCAT.downloadURL, url))
    void.add((node, DCAT.accessURL, url))
    void.add((node, DCAT.mediaType, URIRef(_MEDIA_TYPES + entry.media_type)))
    void.add((node, DCTERMS.conformsTo, URIRef(entry.conforms_to)))
    # xsd:integer, not DCAT 3's xsd:nonNegativeInteger: Oxigraph stores types derived from
    # xsd:integer as xsd:integer, so only this form reads back the same on every engine.
    void.add((node, DCAT.byteSize, Literal(len(data))))
    void.add((node, SPDX.checksum, checksum))
    for licence in licences:
        void.add((node, DCTERMS.license, licence))
    void.add((checksum, RDF.type, SPDX.Checksum))
    void.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    void.add((checksum, SPDX.checksumValue, Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary)))
