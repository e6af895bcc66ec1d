"""Exports of the graph for other systems: Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML.

Every format is lossless (parsing an export gives back the same RDF) and byte-stable (the same
graph gives the same bytes in every run, whatever ``PYTHONHASHSEED`` is).

    >>> import filmgraph
    >>> turtle = filmgraph.export(None, "turtle")      # the bundled graph, canonical Turtle
    >>> framed = filmgraph.export(None, "jsonld", frame="film")

What is exported is an rdflib ``Dataset`` or ``Graph``. The quad formats (N-Quads, TriG) keep a
dataset's named graphs; the others write the union of its graphs. The bundled dataset
(:func:`filmgraph.load_dataset`) puts each data file in the source graph it declares and the
ontology with its alignments in ONTOLOGY_GRAPH. A plain ``Graph`` is the default graph.

A SPARQL store answers a query without ``GRAPH`` from its default graph, and a store loaded with
the named graphs alone has an empty one. ``with_union=True`` (a store dump) also writes the union
of all graphs, each triple once, as the default graph, the way every filmgraph command sees it:

    >>> dump = filmgraph.export(None, "nq", with_union=True)   # oxigraph load --file dump.nq
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF
from rdflib.term import Node

from . import canonical, jsonld
from .atomic import atomic_write
from .catalog import VOID_FILE, DistFile, base_url_for, describe
from .context import REVERSE_TERMS
from .datasets import ONTOLOGY_GRAPH, as_dataset, load_dataset
from .datasets import union as _union
from .errors import FilmgraphError, InputError, UsageError
from .films import choose, film_iris
from .graph import FORMATS as FILE_FORMATS
from .graph import new_graph
from .namespaces import FG

__all__ = [
    "FORMATS",
    "ONTOLOGY_GRAPH",
    "Format",
    "bundled_dataset",
    "checksums",
    "export",
    "export_all",
    "format_for_path",
    "render_all",
    "union_dump",
    "write_export",
]



@dataclass(frozen=True)
class Format:
    """One export format: its name, file extension, media type and W3C format IRI."""

    name: str
    title: str
    extension: str
    media_type: str
    w3c: str
    quads: bool = False


#: The export formats, by name, in the order ``--all`` writes them.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "Turtle", ".ttl", "text/turtle", "Turtle"),
        Format("jsonld", "JSON-LD", ".jsonld", "application/ld+json", "JSON-LD"),
        Format("nt", "N-Triples", ".nt", "application/n-triples", "N-Triples"),
        Format("nq", "N-Quads", ".nq", "application/n-quads", "N-Quads", quads=True),
        Format("trig", "TriG", ".trig", "application/trig", "TriG", quads=True),
        Format("xml", "RDF/XML", ".rdf", "application/rdf+xml", "RDF_XML"),
    )
}

#: Name stem of the files ``export_all`` writes (``filmgraph.ttl``...).
STEM = "filmgraph"
#: The checksum file ``export_all`` writes, in the format of ``sha256sum``.
CHECKSUMS = "SHA256SUMS"
#: The JSON-LD context ``export_all`` writes beside the data.
CONTEXT_NAME = "context.jsonld"

_FORMATS_NS = "http://www.w3.org/ns/formats/"


def _format(name: str) -> Format:
    """The format called ``name``; UsageError listing the choices otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown export format {name!r} (choose from {', '.join(FORMATS)})") from None


def format_for_path(path: str | os.PathLike[str]) -> str:
    """The format name guessed from a file's extension; UsageError listing the choices if none fits."""
    suffix = Path(path).suffix.lower()
    extensions = {ext: spec.name for ext, spec in FILE_FORMATS.items() if spec.name in FORMATS}
    if suffix not in extensions:
        raise UsageError(
            f"{path}: cannot guess the export format from {suffix or 'a name without extension'!r} "
            f"(extensions: {', '.join(sorted(extensions))}); give --format, one of {', '.join(FORMATS)}"
        )
    return extensions[suffix]


# --- what is exported ----------------------------------------------------------------------------


def bundled_dataset(include_ontology: bool = True) -> Dataset:
    """The bundled graph as a dataset: each source graph, and the ontology in ONTOLOGY_GRAPH."""
    return load_dataset(include_ontology)


def _as_dataset(source: Graph | Dataset | None) -> Dataset:
    """A dataset for any source: the bundled one for None, a plain graph as the default graph."""
    return bundled_dataset() if source is None else as_dataset(source)


def union_dump(dataset: Dataset) -> Dataset:
    """A copy of ``dataset`` whose default graph also holds the union of all its graphs (each
    triple once), so a store loaded with the dump answers queries without ``GRAPH`` as filmgraph
    does. One dataset, so a blank node keeps one label in the default and the named graph."""
    dump = Dataset(default_union=False)
    default = dump.graph(DATASET_DEFAULT_GRAPH_ID)
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if name is not None and name != DATASET_DEFAULT_GRAPH_ID:
            dump.graph(name).add((s, p, o))
        default.add((s, p, o))
    return dump


def _expanded(graph: Graph) -> list[jsonld.JsonObject]:
    """Expanded JSON-LD of a graph, from its canonical triples (stable order and blank node labels)."""
    return jsonld.expanded_from_triples(canonical.canonical_triples(graph))


# --- one export --------------------------------------------------------------------------------


def _check_context_url(fmt: str, context_url: str | None) -> None:
    """A context URL goes only into JSON-LD, and only as an absolute http(s) URL (it is written as is)."""
    if context_url is None:
        return
    if fmt != "jsonld":
        raise UsageError("a context URL is for JSON-LD exports (the jsonld format, or frame 'film')")
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", context_url):
        raise UsageError(f"context URL {context_url!r}: give an absolute http(s) URL of the context")


def export(
    graph: Graph | Dataset | None = None,
    fmt: str = "turtle",
    *,
    frame: str | None = None,
    film: str | None = None,
    context_url: str | None = None,
    prefixes: Mapping[str, str] | None = None,
    with_union: bool = False,
) -> bytes:
    """The graph (default: the bundled dataset) serialised in ``fmt``, as UTF-8 bytes.

    Turtle and TriG name IRIs with ``prefixes`` (default: the bundled files' map; for user files,
    ``filmgraph.naming.files_naming(paths).prefixes``, the map of the files themselves).

    ``fmt`` is one of FORMATS. For JSON-LD, ``frame`` (``"film"``) gives the framed document of
    the films (of ``film`` alone when given: an IRI, ``film:slug`` or a slug) instead of the flat
    graph, and ``context_url`` writes ``"@context": context_url`` instead of the inline context
    (use ``jsonld.CONTEXT_URL``, where the context is published).

    ``with_union`` (N-Quads and TriG): the default graph also holds the union of all graphs, each
    triple once (:func:`union_dump`): a dump for a SPARQL store loaded with its default settings.
    """
    spec = _format(fmt)
    if with_union and not spec.quads:
        raise UsageError(f"the union as default graph is for N-Quads and TriG; {spec.name} holds only the union")
    if frame is not None and spec.name != "jsonld":
        raise UsageError(f"a framed document is JSON-LD: use the jsonld format, not {spec.name}")
    if film is not None and frame is None:
        raise UsageError("a film is chosen only for a framed document (frame 'film')")
    _check_context_url(spec.name, context_url)
    dataset = _as_dataset(graph)
    if with_union:
        dataset = union_dump(dataset)
    return _render(dataset, spec, frame=frame, film=film, context_url=context_url, prefixes=prefixes)


def _render(dataset: Dataset, spec: Format, union: Graph | None = None, *, frame: str | None = None,
            film: str | None = None, context_url: str | None = None,
            prefixes: Mapping[str, str] | None = None) -> bytes:
    """:func:`export` once its arguments are checked; ``union``: the dataset's union, if already made."""
    if spec.name == "nq":
        return canonical.to_nquads(dataset).encode("utf-8")
    if spec.name == "trig":
        return canonical.to_trig(dataset, prefixes=prefixes).encode("utf-8")
    union = _union(dataset) if union is None else union
    if spec.name == "turtle":
        text = canonical.to_turtle(union, prefixes=prefixes)
    elif spec.name == "nt":
        text = canonical.to_ntriples(union)
    elif spec.name == "xml":
        from .rdfxml import to_rdfxml

        text = to_rdfxml(union)
    elif frame is not None:
        text = _framed(union, frame, film, context_url)
    else:
        text = jsonld.dumps(jsonld.compact(_expanded(union), context_url))
    return text.encode("utf-8")


def _framed(union: Graph, frame: str, film: str | None, context_url: str | None) -> str:
    """The framed document of the films of ``union`` (of ``film`` alone when given).

    One film is framed over its part of the graph (:func:`film_part`), not the whole union: the
    same document (the frame reads nothing else), in time that grows with the film, not the corpus.
    """
    frame_doc = jsonld.load_frame(frame)
    source = union
    if film is not None:  # by IRI, film:SLUG or SLUG, among the films of the graph
        chosen = choose(union, film)
        frame_doc["id"] = str(chosen)
        # every reverse term of the context (fg:inFilm for a film's events): the frames read no other
        source = film_part(union, chosen, set(REVERSE_TERMS.values()))
    elif not any(union.subjects(RDF.type, FG.Film)):
        raise InputError("no film (fg:Film) in the graph to frame")
    # What consumers frame is the flat export; framing expands it first, so the expanded form the
    # flat export is compacted from gives the same document without compacting and expanding again.
    return jsonld.dumps(jsonld.frame(_expanded(source), frame_doc, context_url))


def film_part(union: Graph, film: URIRef, reverse: set[URIRef]) -> Graph:
    """The statements about every node a frame rooted at ``film`` can reach: the film, the subjects
    pointing to a reached node through a ``reverse`` predicate (its events), and every node a
    reached node points to, transitively (people, places, classes of the ontology...)."""
    part = new_graph()
    seen: set[Node] = set()
    todo: list[Node] = [film]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for _s, p, o in union.triples((node, None, None)):
            part.add((node, p, o))
            if isinstance(o, (URIRef, BNode)) and o not in seen:
                todo.append(o)
        for predicate in reverse:
            todo.extend(s for s in union.subjects(predicate, node) if s not in seen)
    return part


def write_export(data: bytes, out: str | os.PathLike[str]) -> None:
    """Write an export to a file atomically: the old file stays whole if anything fails."""
    atomic_write(out, data)


# --- a whole distribution -----------------------------------------------------------------------


def _slug(iri: str) -> str:
    """The last path segment of an IRI, safe as part of a file name."""
    tail = iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in tail).strip(".") or "film"


def checksums(files: dict[str, bytes]) -> str:
    """A ``sha256sum``-compatible listing of the files, sorted by name."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items()))


def _described_files(films: list[str]) -> list[DistFile]:
    """The files void.ttl describes: the whole graph in each format, and each film's framed view."""
    listed = [
        DistFile(STEM + spec.extension, spec.name, f"{STEM}{spec.extension}: the whole graph as {spec.title}",
                 spec.media_type, _FORMATS_NS + spec.w3c)
        for spec in FORMATS.values()
    ]
    for film in films:
        name = f"film-{_slug(film)}.jsonld"
        title = f"{name}: the framed JSON-LD document of the film {film}, a view of the graph for web pages"
        listed.append(DistFile(name, name.removesuffix(".jsonld"), title, "application/ld+json",
                               _FORMATS_NS + "JSON-LD", dump=False))
    return listed


def render_all(
    graph: Graph | Dataset | None = None, base_url: str | None = None, prefixes: Mapping[str, str] | None = None
) -> dict[str, bytes]:
    """Every file of a distribution, by name, rendered in memory (nothing is written).

    ``base_url`` is where the files will be published (void.ttl's download URLs); by default
    ``catalog.DIST_BASE`` plus the dataset's version. A URL that is not an absolute http(s)
    folder URL is a UsageError.
    """
    dataset = _as_dataset(graph)
    union = _union(dataset)
    base = base_url_for(union, base_url)
    files = {STEM + spec.extension: _render(dataset, spec, union, prefixes=prefixes) for spec in FORMATS.values()}
    files[CONTEXT_NAME] = jsonld.dumps(jsonld.load_context()).encode("utf-8")
    films = [str(iri) for iri in film_iris(union)]
    for film in films:
        files[f"film-{_slug(film)}.jsonld"] = _render(dataset, FORMATS["jsonld"], union, frame="film", film=film)
    files[VOID_FILE] = describe(dataset, union, files, _described_files(films), base).encode("utf-8")
    files[CHECKSUMS] = checksums(files).encode("utf-8")
    return files


def export_all(
    graph: Graph | Dataset | None = None,
    directory: str | os.PathLike[str] = ".",
    base_url: str | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write every format, the context, framed films, void.ttl and SHA256SUMS into ``directory``.

    ``base_url``: where the files will be published (see :func:`render_all`).

    Everything is rendered before anything is written, so a failing serialisation changes no
    file. Each file is then replaced atomically; SHA256SUMS is written last, so a run cut short
    by a full disk leaves sums that no longer match (``sha256sum -c`` tells) rather than half files.
    Returns the paths written, in the order written.
    """
    files = render_all(graph, base_url, prefixes)
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FilmgraphError(f"{folder}: cannot create the folder ({exc.strerror or exc})") from None
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    order: Sequence[str] = [name for name in files if name != CHECKSUMS] + [CHECKSUMS]
    written = []
    for name in order:
        path = folder / name
        atomic_write(path, files[name])
        written.append(path)
    return written
