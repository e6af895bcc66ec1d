"""Parse bundled or user RDF files into rdflib graphs; every parse failure becomes one line.

A syntax error is reported as ``FILE:LINE:COL: reason``. rdflib is the reference parser; when
it fails, pyoxigraph re-reads the file because it reports exact line and column positions.
"""

from __future__ import annotations

import contextlib
import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from . import resources
from .errors import FilmgraphError, InputError
from .namespaces import bind_prefixes

# File extension -> (rdflib format name, pyoxigraph format name)
FORMATS: dict[str, tuple[str, str]] = {
    ".ttl": ("turtle", "TURTLE"),
    ".turtle": ("turtle", "TURTLE"),
    ".nt": ("nt", "N_TRIPLES"),
    ".nq": ("nquads", "N_QUADS"),
    ".trig": ("trig", "TRIG"),
    ".rdf": ("xml", "RDF_XML"),
    ".owl": ("xml", "RDF_XML"),
    ".xml": ("xml", "RDF_XML"),
    ".jsonld": ("json-ld", ""),
    ".json": ("json-ld", ""),
    ".n3": ("n3", "N3"),
}


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound (and no others)."""
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return graph


def format_for(path: str | Path) -> str:
    """rdflib's parser name for a file, guessed from its extension (Turtle by default)."""
    return FORMATS.get(Path(path).suffix.lower(), ("turtle", "TURTLE"))[0]


def _locate_error(text: str, suffix: str) -> tuple[int, int, str] | None:
    """Line, column and reason of a syntax error as pyoxigraph sees it, or None."""
    ox_name = FORMATS.get(suffix, ("turtle", "TURTLE"))[1]
    if not ox_name:
        return None
    import pyoxigraph

    try:
        for _ in pyoxigraph.parse(text.encode("utf-8"), format=getattr(pyoxigraph.RdfFormat, ox_name)):
            pass
    except SyntaxError as exc:
        reason = re.sub(r"^Parser error (at|between) [^:]*: ", "", str(exc.msg))
        return int(exc.lineno or 1), int(exc.offset or 1), reason
    except ValueError as exc:  # pragma: no cover - pyoxigraph reports most errors as SyntaxError
        return 1, 1, str(exc)
    return None


def _rdflib_position(exc: Exception, text: str) -> tuple[int, int, str]:
    """Best-effort line, column and reason from an rdflib exception."""
    why = getattr(exc, "_why", None) or str(exc).strip().splitlines()[0]
    offset = getattr(exc, "_i", None)
    if isinstance(offset, int) and 0 <= offset <= len(text):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return line, column, why
    return 1, 1, why


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
    graph receives the union of the document's graphs.
    """
    graph = graph if graph is not None else new_graph()
    suffix = Path(name).suffix.lower()
    rdflib_format = fmt or format_for(name)
    if rdflib_format == "json-ld":
        return _parse_jsonld(text, name, graph)
    sink = graph if isinstance(graph, Dataset) or rdflib_format not in QUAD_FORMATS else Dataset()
    try:
        with lexical_forms_kept():
            sink.parse(data=text, format=rdflib_format, publicID=None)
    except Exception as exc:  # rdflib raises many types for syntax errors
        located = _locate_error(text, suffix) or _rdflib_position(exc, text)
        line, column, reason = located
        raise InputError(f"{name}:{line}:{column}: {reason}") from None
    if sink is not graph:
        assert isinstance(sink, Dataset)
        copy_quads(sink, graph)
    return graph


def copy_quads(source: Dataset, target: Graph) -> None:
    """Add the quads of ``source`` to ``target``: into the same graphs if it is a Dataset, else merged."""
    keep = isinstance(target, Dataset)
    for s, p, o, g in source.quads((None, None, None, None)):
        if keep and g is not None and g != DATASET_DEFAULT_GRAPH_ID:
            target.graph(g).add((s, p, o))
        else:
            target.add((s, p, o))


def _parse_jsonld(text: str, name: str, graph: Graph) -> Graph:
    """JSON-LD through pyld with filmgraph's document loader, which never fetches a remote context.

    rdflib's own JSON-LD parser would download any ``@context`` URL a file names. Named graphs
    of the document are kept in a Dataset ``graph``, merged into a plain one, as for the other formats.
    """
    import json

    from .jsonld import to_nquads

    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}:{exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply to read") from None
    base = Path(name).resolve().as_uri() if Path(name).is_file() else None
    try:
        nquads = to_nquads(document, base=base)
    except FilmgraphError as exc:
        raise InputError(f"{name}: {exc}") from None
    dataset = Dataset()
    with lexical_forms_kept():
        dataset.parse(data=nquads, format="nquads")
    copy_quads(dataset, graph)
    return graph


def read_user_file(path: str | Path, kind: str = "an RDF file") -> str:
    """A user's UTF-8 file, exactly as stored (no newline translation); problems as one-line InputError."""
    path = Path(path)
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not {kind}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None


def parse_file(path: str | Path, graph: Graph | None = None, fmt: str | None = None) -> Graph:
    """Parse one user file (``-`` for standard input); an unreadable file is an InputError naming it.

    Into ``graph`` if given (a Dataset keeps the file's named graphs), else into a new plain graph.
    Input without a single statement (empty, or only comments and prefixes) is an InputError too:
    it would otherwise pass any check.
    """
    if str(path) == "-":
        import sys

        name, text, fmt, nothing = "<stdin>", sys.stdin.read(), fmt or "turtle", "empty input"
    else:
        name, text, nothing = str(path), read_user_file(path), "an empty file"
    part = parse_text(text, name, Dataset(), fmt)
    assert isinstance(part, Dataset)
    if next(iter(part.quads((None, None, None, None))), None) is None:
        raise InputError(f"{name}: holds no RDF statements ({nothing}, or a document with nothing in it)")
    target = graph if graph is not None else new_graph()
    copy_quads(part, target)
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


def load_data() -> Graph:
    """The bundled instance data without the ontology: the union of every data file's source graph."""
    from .datasets import load_dataset, union

    return union(load_dataset(include_ontology=False))


def load(include_ontology: bool = True) -> Graph:
    """The bundled graph as one plain graph: the data plus (by default) the ontology and its alignments.

    The union of :func:`filmgraph.load_dataset`'s graphs, so a data file without its source graph
    declaration is refused here too.
    """
    from .datasets import load_dataset, union

    return union(load_dataset(include_ontology))
