"""The project's namespaces, and prefix maps built from the files that declare them.

IRI scheme (see README): the ontology is a hash namespace; real-world things live at
``https://w3id.org/filmgraph/{kind}/{slug}``; things inside one film's story at
``https://w3id.org/filmgraph/{film-slug}/{kind}/{slug}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

from . import resources
from .errors import InputError, first_line

BASE = "https://w3id.org/filmgraph/"
FG = Namespace(BASE + "ontology#")
FGSH = Namespace(BASE + "shapes#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
VANN = Namespace("http://purl.org/vocab/vann/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
#: BBC Stories ontology (interpretations kept apart from what a story shows), for the alignments.
STORIES = Namespace("http://purl.org/ontology/stories/")
#: DBpedia ontology (``dbo:portrayer``), for the alignments.
DBO = Namespace("http://dbpedia.org/ontology/")
#: W3C Web Annotation: the passages of a source that support a node (``fg:supportingPassage``).
OA = Namespace("http://www.w3.org/ns/oa#")
#: Prefixes known without reading a file: the ontology's and external vocabularies, and the
#: project's IRI scheme for real-world things (``film:``, ``person:``, …), which is the same for
#: every film. A film's story namespaces (``character:``, ``event:``, …) are never here: they come
#: from the data files that declare them (:func:`loaded_prefixes`). In this order in graphs.
PREFIXES: dict[str, str] = {
    "fg": str(FG),
    "fgsh": str(FGSH),
    # real-world things (README: IRI scheme)
    "film": BASE + "film/",
    "work": BASE + "work/",
    "person": BASE + "person/",
    "group": BASE + "group/",
    "organisation": BASE + "organisation/",
    "place": BASE + "place/",
    "genre": BASE + "genre/",
    "award": BASE + "award/",
    "language": BASE + "language/",
    "dataset": BASE + "dataset/",
    "source": BASE + "source/",
    "graph": BASE + "graph/",
    # external vocabularies
    "dbo": str(DBO),
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "oa": str(OA),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "sh": str(SH),
    "skos": str(SKOS),
    "spdx": "http://spdx.org/rdf/terms#",
    "stories": str(STORIES),
    "vann": str(VANN),
    "void": str(VOID),
    "wd": str(WD),
    "wdt": str(WDT),
    "xsd": str(XSD),
}


def graph_prefixes(graph: Graph) -> dict[str, str]:
    """The prefixes bound in ``graph``: a file's own ``@prefix`` lines when it was parsed into a graph
    made with ``Graph(bind_namespaces="none")`` (rdflib keeps them in ``graph.namespaces()``)."""
    return {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}


def prefix_map(*maps: Mapping[str, str]) -> dict[str, str]:
    """One prefix map from several (PREFIXES, then each file's or film's own), in first-seen order.

    A prefix bound to two different namespaces is dropped, so output using the map writes full
    IRIs rather than a prefixed name that means one thing in one film and another in the next;
    a namespace bound to two prefixes keeps the first.
    """
    merged: dict[str, str] = {}
    clashing: set[str] = set()
    for mapping in maps:
        for prefix, namespace in mapping.items():
            if merged.setdefault(prefix, namespace) != namespace:
                clashing.add(prefix)
    return {p: ns for p, ns in merged.items() if p not in clashing}


def with_vocabularies(*maps: Mapping[str, str]) -> dict[str, str]:
    """PREFIXES, then the prefixes of ``maps`` (files' or films' own) by :func:`prefix_map`, except
    those that rebind a vocabulary's prefix: ``fg:`` always means the ontology, so a file that spells
    its namespace wrong has its IRIs written in full rather than the vocabulary's prefix dropped."""
    return prefix_map(PREFIXES, *({p: ns for p, ns in m.items() if PREFIXES.get(p, ns) == ns} for m in maps))


def file_prefixes(text: str, name: str, fmt: str = "turtle") -> dict[str, str]:
    """The prefixes a file declares (its ``@prefix`` lines), read by rdflib; a file rdflib cannot
    read is an InputError naming it (its full diagnosis comes from :mod:`filmgraph.graph`)."""
    graph = Graph(bind_namespaces="none")
    try:
        graph.parse(data=text, format=fmt)
    except Exception as exc:  # rdflib raises many types for syntax errors
        raise InputError(f"{name}: cannot be read ({first_line(exc)})") from None
    return graph_prefixes(graph)


def header_prefixes(text: str, name: str) -> dict[str, str]:
    """The prefixes a Turtle or TriG file declares, read from its header (comments and directives
    before the first statement, where canonical Turtle writes every directive) by pyoxigraph, in the
    order they are declared. A header pyoxigraph cannot read alone (a relative IRI), or one binding a
    namespace to two prefixes, is read by rdflib (:func:`file_prefixes`), whose rules those cases follow."""
    import pyoxigraph

    header = _header(text)
    try:
        parser = pyoxigraph.parse(header, pyoxigraph.RdfFormat.TURTLE)
        for _ in parser:  # a header holds no statement; this reads its directives
            pass
        found = dict(parser.prefixes)
    except SyntaxError:
        return file_prefixes(header, name)
    where = {prefix: header.find(f"<{namespace}>") for prefix, namespace in found.items()}
    if -1 in where.values() or len(set(found.values())) < len(found):
        return file_prefixes(header, name)
    return {prefix: found[prefix] for prefix in sorted(found, key=where.__getitem__)}


def _header(text: str) -> str:
    """The leading comments, blank lines and directives of a Turtle file, where canonical Turtle
    (``filmgraph fmt``, which the bundled files are in) writes every directive."""
    lines = text.splitlines(keepends=True)
    end = next((i for i, line in enumerate(lines) if not _HEADER_LINE.match(line)), len(lines))
    return "".join(lines[:end])


_HEADER_LINE = re.compile(r"\s*(?:$|#|@prefix\s|@base\s|prefix\s|base\s)", re.IGNORECASE)


_loaded: dict[str, dict[str, str]] = {}


def loaded_prefixes(base: Traversable | Path | None = None) -> dict[str, str]:
    """The prefix map of the bundled files (``base``: another project folder of the same layout):
    PREFIXES, then the prefixes declared by the ontology and every data file, clashes dropped
    (:func:`prefix_map`). Read once per process and folder, from the files' headers only."""
    key = str(base) if base is not None else ""
    if key not in _loaded:
        files = (*resources.ONTOLOGY_FILES, *resources.data_files(base))
        _loaded[key] = prefix_map(
            PREFIXES,
            *(header_prefixes(resources.resource(f, base).read_text(encoding="utf-8"), f) for f in files),
        )
    return _loaded[key]


def bind_prefixes(graph: Graph, prefixes: Mapping[str, str] | None = None) -> Graph:
    """Bind ``prefixes`` (default: :func:`loaded_prefixes`) to ``graph``, replacing any clash; return it."""
    for prefix, uri in (prefixes if prefixes is not None else loaded_prefixes()).items():
        graph.bind(prefix, uri, override=True, replace=True)
    return graph


def compact_iri(iri: str, prefixes: Mapping[str, str] | None = None) -> str:
    """``prefix:local`` for an IRI in a namespace of ``prefixes`` (default: :func:`loaded_prefixes`;
    the longest namespace wins), else ``<iri>``.

    >>> compact_iri("https://w3id.org/filmgraph/film/lighthouse-clock-test")
    'film:lighthouse-clock-test'
    """
    known = prefixes if prefixes is not None else loaded_prefixes()
    best = max((ns for ns in known.values() if iri.startswith(ns)), key=len, default=None)
    if best is not None:
        local = iri[len(best) :]
        if local and _LOCAL_NAME.fullmatch(local):
            prefix = next(p for p, ns in known.items() if ns == best)
            return f"{prefix}:{local}"
    return f"<{iri}>"


def expand_curie(text: str, prefixes: Mapping[str, str] | None = None) -> str | None:
    """The IRI for ``prefix:local`` when ``prefix`` is in ``prefixes`` (default: :func:`loaded_prefixes`), else None."""
    known = prefixes if prefixes is not None else loaded_prefixes()
    prefix, colon, local = text.partition(":")
    if colon and prefix in known and not local.startswith("//"):
        return known[prefix] + local
    return None


# A conservative Turtle/SPARQL local name: what compact_iri may print without escapes.
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
