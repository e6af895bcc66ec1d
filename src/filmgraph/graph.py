"""Parse bundled or user RDF files into rdflib graphs; every parse failure becomes one line.

A syntax error is reported as ``FILE:LINE:COL: reason``. rdflib is the reference parser; when
it fails, pyoxigraph re-reads the text because it reports exact line and column positions (never
RDF/XML, whose own reader gives positions). Hostile input is stopped by :mod:`filmgraph.guards`:
a size cap, XML entities refused, IRIs and text checked once parsed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple
from xml.sax import SAXParseException

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from . import resources
from .errors import FilmgraphError, InputError, first_line
from .guards import GUARDED_RDFXML, Refused, bad_term, line_col, load_json, max_input_bytes, read_limited, shown
from .namespaces import bind_prefixes


class FileFormat(NamedTuple):
    """What a file extension stands for: an RDF format (filmgraph's name for it, which exports and
    CONSTRUCT answers use, rdflib's parser, pyoxigraph's format) and a SPARQL results format."""

    name: str = ""  #: filmgraph's name of the RDF format ("" for a format only read)
    rdflib: str = ""
    oxigraph: str = ""
    results: str = ""  #: the format of SELECT/ASK answers the extension stands for


_TURTLE = FileFormat("turtle", "turtle", "TURTLE")
_RDFXML = FileFormat("xml", "xml", "RDF_XML")

#: File extension -> what it stands for: filmgraph's one table of file formats.
FORMATS: dict[str, FileFormat] = {
    ".ttl": _TURTLE,
    ".turtle": _TURTLE,
    ".nt": FileFormat("nt", "nt", "N_TRIPLES"),
    ".nq": FileFormat("nq", "nquads", "N_QUADS"),
    ".trig": FileFormat("trig", "trig", "TRIG"),
    ".rdf": _RDFXML,
    ".owl": _RDFXML,
    ".xml": _RDFXML._replace(results="xml"),
    ".jsonld": FileFormat("jsonld", "json-ld"),
    ".json": FileFormat("jsonld", "json-ld", results="json"),
    ".n3": FileFormat("", "n3", "N3"),
    ".srj": FileFormat(results="json"),
    ".srx": FileFormat(results="xml"),
    ".csv": FileFormat(results="csv"),
    ".tsv": FileFormat(results="tsv"),
    ".txt": FileFormat(results="table"),
    ".md": FileFormat(results="md"),
}


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound (and no others)."""
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return graph


def format_for(path: str | Path) -> str:
    """rdflib's parser name for a file, guessed from its extension (Turtle by default)."""
    return FORMATS.get(Path(path).suffix.lower(), _TURTLE).rdflib or "turtle"


#: rdflib format name -> pyoxigraph format name, for locating errors (never RDF/XML: see above).
_OX_FORMATS = {f.rdflib: f.oxigraph for f in FORMATS.values() if f.oxigraph and f.rdflib != "xml"}

#: rdflib parsers used for each format filmgraph reads: RDF/XML only through the guarded parser.
_PARSERS = {**{f.rdflib: f.rdflib for f in FORMATS.values() if f.rdflib}, "xml": GUARDED_RDFXML}


def _locate_error(text: str, fmt: str, base: str | None) -> tuple[int, int, str] | None:
    """Line, column and reason of the first error pyoxigraph's strict parser finds, or None."""
    ox_name = _OX_FORMATS.get(fmt)
    if not ox_name:
        return None
    import pyoxigraph

    try:
        for _ in pyoxigraph.parse(text.encode("utf-8", "surrogatepass"), format=getattr(pyoxigraph.RdfFormat, ox_name),
                                  base_iri=base):
            pass
    except SyntaxError as exc:
        reason = re.sub(r"^Parser error (at|between) [^:]*: ", "", str(exc.msg))
        return int(exc.lineno or 1), int(exc.offset or 1), shown(reason, 200)
    except ValueError as exc:  # pragma: no cover - pyoxigraph reports most errors as SyntaxError
        return 1, 1, shown(str(exc), 200)
    return None


def _rdflib_position(exc: Exception, text: str) -> tuple[int, int, str]:
    """Best-effort line, column and reason from an rdflib exception (SAX errors carry their own)."""
    why = getattr(exc, "_why", None) or first_line(exc)
    if isinstance(exc, SAXParseException):
        return int(exc.getLineNumber() or 1), int(exc.getColumnNumber() or 0) + 1, shown(exc.getMessage(), 200)
    placed = re.match(r"^.*?:(\d+):(\d+): (.*)$", why)  # rdflib's RDF/XML errors: "SYSTEMID:LINE:COL: why"
    if placed:
        return int(placed[1]), int(placed[2]) + 1, shown(placed[3], 200)
    offset = getattr(exc, "_i", None)
    if isinstance(offset, int) and 0 <= offset <= len(text):
        return *line_col(text, offset), shown(why, 200)
    return 1, 1, shown(why, 200)


def _base_for(name: str) -> str | None:
    """The base IRI of a file's relative IRIs: its own URI (None for standard input or an answer)."""
    path = Path(name)
    return path.resolve().as_uri() if path.is_file() else None


@contextlib.contextmanager
def lexical_forms_kept() -> Iterator[None]:
    """Keep literals exactly as written while parsing (rdflib would turn "007"^^xsd:integer into 7)."""
    import rdflib

    previous = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    # rdflib logs a traceback for every ill-typed literal ("x"^^xsd:integer); the literal is
    # kept as written, and the shapes' sh:datatype reports it where it matters.
    term_logger = logging.getLogger("rdflib.term")
    previous_level = term_logger.level
    term_logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module="rdflib.term")  # "Parsing weird boolean" and the like
            yield
    finally:
        rdflib.NORMALIZE_LITERALS = previous
        term_logger.setLevel(previous_level)


#: rdflib formats that can hold named graphs.
QUAD_FORMATS = frozenset({"nquads", "trig"})


def parse_text(text: str, name: str, graph: Graph | None = None, fmt: str | None = None) -> Graph:
    """Parse RDF text into ``graph`` (a new one if None); ``name`` is used in error messages.

    Named graphs (N-Quads, TriG, JSON-LD) keep their names when ``graph`` is a Dataset; a plain
    graph receives the union of the document's graphs. Every problem is an InputError of one line,
    ``NAME:LINE:COL: reason`` where the position is known: syntax errors, XML entity declarations
    (refused before any expansion), nesting too deep, IRIs that are not RFC 3987 IRIs, and text
    that is no Unicode. This is the one entry for RDF text from anywhere, files or endpoints.
    """
    graph = graph if graph is not None else new_graph()
    _parse(text, name, graph, fmt)
    return graph


def _parse(text: str, name: str, graph: Graph, fmt: str | None) -> bool:
    """Parse into ``graph`` (straight in if it is empty, so a file is held once); whether it had any statement."""
    rdflib_format = fmt or format_for(name)
    if rdflib_format not in _PARSERS:
        raise InputError(f"{name}: filmgraph does not read the format {rdflib_format!r}")
    text = text.removeprefix("\ufeff")  # a byte order mark is no content
    base = _base_for(name)
    if rdflib_format == "json-ld":
        return _parse_jsonld(text, name, graph, base)
    sink = graph if _fresh(graph, rdflib_format) else Dataset()
    try:
        with lexical_forms_kept():
            sink.parse(data=text, format=_PARSERS[rdflib_format], publicID=base)
    except Refused as exc:  # stopped by a guard: never re-read to locate it
        raise InputError(f"{name}:{exc.line}:{exc.column}: {exc.reason}") from None
    except RecursionError:
        raise InputError(f"{name}: nested too deeply to read (collections or blank nodes inside one another, "
                         "hundreds of levels deep)") from None
    except Exception as exc:  # rdflib raises many types for syntax errors
        located = _locate_error(text, rdflib_format, base) or _rdflib_position(exc, text)
        line, column, reason = located
        raise InputError(f"{name}:{line}:{column}: {reason}") from None
    _check_terms(sink, text, name, rdflib_format, base)
    if isinstance(sink, Dataset) and sink is not graph:
        copy_quads(sink, graph)
    return _has_statements(sink)


def _has_statements(graph: Graph) -> bool:
    """Whether ``graph`` (in any of its graphs, for a Dataset) holds a statement."""
    statements = graph.quads((None, None, None, None)) if isinstance(graph, Dataset) else iter(graph)
    return next(statements, None) is not None


def _fresh(graph: Graph, fmt: str) -> bool:
    """Whether ``fmt`` can be parsed straight into ``graph``: it is empty, and can hold the format's graphs."""
    return not _has_statements(graph) and (isinstance(graph, Dataset) or fmt not in QUAD_FORMATS)


def _terms(graph: Graph) -> Iterator[Node]:
    """Every term of ``graph``'s statements, graph names included."""
    for quad in graph.quads((None, None, None, None)) if isinstance(graph, Dataset) else graph:
        yield from (term for term in quad if isinstance(term, Node))


def _check_terms(graph: Graph, text: str, name: str, fmt: str, base: str | None) -> None:
    """InputError for the first IRI or literal no strict RDF parser or writer would take."""
    found = bad_term(_terms(graph))
    if found is None:
        return
    term, kind, value, reason = found
    located = _locate_error(text, fmt, base)
    if located:
        line, column, why = located
        raise InputError(f"{name}:{line}:{column}: the {kind} {value} is not valid: {why}")
    raise _not_valid(name, text, str(term) if isinstance(term, URIRef) else None, f"{kind} {value}", reason)


def _not_valid(name: str, text: str, needle: str | None, what: str, reason: str) -> InputError:
    """The error for a term that is not valid, placed where ``needle`` first occurs in ``text`` (if it does)."""
    offset = text.find(needle) if needle is not None else -1
    where = f"{name}:{':'.join(map(str, line_col(text, offset)))}" if offset >= 0 else name
    return InputError(f"{where}: the {what} is not valid: {reason}")


def copy_quads(source: Dataset, target: Graph) -> None:
    """Add the quads of ``source`` to ``target``: into the same graphs if it is a Dataset, else merged."""
    for s, p, o, g in source.quads((None, None, None, None)):
        if isinstance(target, Dataset) and g is not None and g != DATASET_DEFAULT_GRAPH_ID:
            target.graph(g).add((s, p, o))
        else:
            target.add((s, p, o))


def _parse_jsonld(text: str, name: str, graph: Graph, base: str | None) -> bool:
    """JSON-LD through pyld with filmgraph's document loader, which never fetches a remote context.

    rdflib's own JSON-LD parser would download any ``@context`` URL a file names. Named graphs
    of the document are kept in a Dataset ``graph``, merged into a plain one, as for the other formats.
    IRIs are checked in the expanded document: pyld would silently drop a statement whose IRI has a space.
    """
    from .guards import expanded_problem
    from .jsonld import expand, to_nquads

    document = load_json(text, name)
    try:
        expanded = expand(document, base=base)
    except FilmgraphError as exc:
        raise InputError(f"{name}: {exc}") from None
    try:
        found = expanded_problem(expanded)
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply to read") from None
    if found is not None:
        kind, value, reason = found
        shown_value = f"<{shown(value)}>" if kind == "IRI" else f"@{shown(value)}"
        raise _not_valid(name, text, value, f"{kind} {shown_value}", reason)
    try:
        nquads = to_nquads(expanded, base=base)
    except FilmgraphError as exc:
        raise InputError(f"{name}: {exc}") from None
    dataset = Dataset()
    try:
        with lexical_forms_kept():
            dataset.parse(data=nquads, format="nquads")
    except Exception as exc:  # pyld wrote N-Quads rdflib cannot read: a term it let through
        raise InputError(f"{name}: cannot be read as RDF ({_rdflib_position(exc, nquads)[2]})") from None
    _check_terms(dataset, text, name, "json-ld", base)
    copy_quads(dataset, graph)
    return _has_statements(dataset)


def read_user_file(path: str | os.PathLike[str], kind: str = "an RDF file") -> str:
    """A user's UTF-8 file, exactly as stored (no newline translation); problems as one-line InputError.

    Files past the size cap (:func:`filmgraph.guards.max_input_bytes`) are refused before they are read.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = read_limited(handle, str(path), os.fstat(handle.fileno()).st_size if path.is_file() else None)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not {kind}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    return _decoded(data, str(path))


def _decoded(data: bytes, name: str) -> str:
    """UTF-8 bytes as text; anything else is an InputError naming the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def read_stdin(name: str = "<stdin>") -> str:
    """Standard input as UTF-8 text, within the size cap, as :func:`read_user_file` reads a file."""
    import io
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream in its place (a test, a notebook): read as many characters
        stream = io.BytesIO(sys.stdin.read(max_input_bytes() + 1).encode("utf-8", "surrogatepass"))
    return _decoded(read_limited(stream, name), name)


def parse_file(path: str | os.PathLike[str], graph: Graph | None = None, fmt: str | None = None) -> Graph:
    """Parse one user file (``-`` for standard input); an unreadable file is an InputError naming it.

    Into ``graph`` if given (a Dataset keeps the file's named graphs), else into a new plain graph.
    Input without a single statement (empty, or only comments and prefixes) is an InputError too:
    it would otherwise pass any check.
    """
    if str(path) == "-":
        name, text, fmt, nothing = "<stdin>", read_stdin(), fmt or "turtle", "empty input"
    else:
        name, text, nothing = str(path), read_user_file(path), "an empty file"
    target = graph if graph is not None else new_graph()
    if not _parse(text, name, target, fmt):
        raise InputError(f"{name}: holds no RDF statements ({nothing}, or a document with nothing in it)")
    return target


def parse_files(paths: Iterable[str | Path], graph: Graph | None = None) -> Graph:
    """Parse several user files into one graph."""
    graph = graph if graph is not None else new_graph()
    for path in paths:
        parse_file(path, graph)
    return graph


def load_bundled(files: Iterable[str], graph: Graph | None = None) -> Graph:
    """Parse bundled files (paths relative to the project root) into one graph."""
    graph = graph if graph is not None else new_graph()
    for relative in files:
        parse_text(resources.read_text(relative), relative, graph)
    return graph


def load_ontology() -> Graph:
    """The filmgraph ontology with its alignments, as one graph."""
    return load_bundled(resources.ONTOLOGY_FILES)


def load_shapes() -> Graph:
    """The SHACL shapes graph."""
    return load_bundled([resources.SHAPES_FILE])

