"""Guards for hostile input: a size cap on what is read, strict JSON, RDF/XML without entities,
valid IRIs and text, strict CSV.

Each refusal is one line naming the input (and its line and column where known), so a crafted
file ends in a clear error instead of a traceback, a hang or gigabytes of memory.

    >>> load_json('{"a": [1, 2]}', "example.json")
    {'a': [1, 2]}
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any
from xml.sax import handler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser
from rdflib import BNode, Literal, URIRef
from rdflib.parser import InputSource, Parser
from rdflib.plugins.parsers.rdfxml import RDFXMLHandler, RDFXMLParser
from rdflib.term import Node

from .errors import FilmgraphError, InputError

__all__ = ["DEFAULT_MAX_INPUT_MB", "GUARDED_RDFXML", "LIMIT_VARIABLE", "GuardedRDFXMLParser", "Refused", "bad_term",
           "csv_rows", "expanded_problem", "iri_problem", "language_problem", "line_col", "load_json",
           "max_input_bytes", "read_limited", "shown"]

#: Largest input read by default, in MiB: the largest bundled file is under 0.1 MiB. rdflib needs
#: about 1.7 KB a statement: validating 1 MiB of the shortest N-Triples peaks near 215 MB
#: (4 MiB took 610 MB), so the cap keeps a hostile file near the 200 MB bound.
DEFAULT_MAX_INPUT_MB = 1
#: The environment variable that raises (or lowers) the cap, in MiB.
LIMIT_VARIABLE = "FILMGRAPH_MAX_INPUT_MB"


class Refused(ValueError):
    """Input refused by a guard inside a parser, with its position; the caller adds the name."""

    def __init__(self, line: int, column: int, reason: str) -> None:
        super().__init__(f"{line}:{column}: {reason}")
        self.line, self.column, self.reason = line, column, reason


# --- shown in one line ---------------------------------------------------------------------------

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff]")


def shown(text: str, limit: int = 120) -> str:
    """``text`` fit for a one-line message: control characters and surrogates as ``\\uXXXX``, cut at ``limit``."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04X}", cut)


# --- reading with a size cap ---------------------------------------------------------------------


def max_input_bytes() -> int:
    """The size cap on one input, from FILMGRAPH_MAX_INPUT_MB (a positive number) or the default."""
    raw = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_MAX_INPUT_MB * 2**20
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes < 2**40:
        raise InputError(f"{LIMIT_VARIABLE}={shown(raw)}: give the size cap in MiB, a positive number")
    return max(1, int(megabytes * 2**20))


def read_limited(stream: IO[bytes], name: str, size: int | None = None) -> bytes:
    """All of ``stream``, refused (InputError) past the size cap without reading much more than it.

    ``size`` is what the file system says (if anything), so a huge file is refused before it is read;
    the read itself is bounded too, for devices, pipes and files that grow.
    """
    cap = max_input_bytes()
    limit = f"{cap // 2**20} MiB" if cap % 2**20 == 0 else f"{cap:,} bytes"
    too_big = (f"{name}: larger than {limit}, the cap on one input; "
               f"set {LIMIT_VARIABLE} to read larger files")
    if size is not None and size > cap:
        raise InputError(too_big)
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise InputError(too_big)
    return data


# --- strict JSON ----------------------------------------------------------------------------------


class _LongNumber(ValueError):
    """A JSON number with more digits than Python converts (sys.get_int_max_str_digits)."""


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def load_json(text: str | bytes, name: str, error: type[FilmgraphError] = InputError) -> Any:
    """Parse JSON strictly; every problem is one ``error`` naming ``name`` (and the position if known).

    Refused: syntax errors, nesting too deep for Python, integers longer than Python converts
    (4300 digits by default), and NaN or Infinity (not JSON). Use this for every JSON read:
    JSON-LD files, SPARQL JSON results, cache entries.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise error(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    text = text.removeprefix("\ufeff")
    limit = sys.get_int_max_str_digits()

    def integer(digits: str) -> int:
        if limit and len(digits.lstrip("-")) > limit:
            raise _LongNumber(digits)
        return int(digits)

    def constant(word: str) -> Any:
        raise json.JSONDecodeError(f"{word} is not a JSON value", text, text.find(word))

    try:
        return json.loads(text, parse_int=integer, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise error(f"{name}:{exc.lineno}:{exc.colno}: {exc.msg}") from None
    except _LongNumber as exc:
        digits = str(exc)
        where = text.find(digits)
        place = f"{name}:{':'.join(map(str, line_col(text, where)))}" if where >= 0 else name
        raise error(f"{place}: a number of {len(digits.lstrip('-'))} digits; "
                    f"filmgraph reads numbers of at most {limit} digits") from None
    except RecursionError:
        raise error(f"{name}: JSON nested too deeply to read") from None


# --- RDF/XML without entities ------------------------------------------------------------------------

#: rdflib's name for the guarded RDF/XML parser (registered when this module is imported).
GUARDED_RDFXML = "filmgraph-rdfxml"
#: Deepest element nesting read in RDF/XML (rdflib keeps a frame per level: 50,000 levels took 260 MB).
MAX_XML_DEPTH = 1000


class _TooDeep(Exception):
    """Raised inside expat when elements nest deeper than MAX_XML_DEPTH."""


class _GuardedReader(DefusedExpatParser):
    """defusedxml's expat reader (entity declarations and external references refused), counting depth."""

    depth = 0

    def start_element_ns(self, name: Any, attrs: Any) -> None:
        """An element opens: one level deeper, refused past MAX_XML_DEPTH."""
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise _TooDeep
        super().start_element_ns(name, attrs)

    def end_element_ns(self, name: Any) -> None:
        """An element closes: one level up."""
        self.depth -= 1
        super().end_element_ns(name)


class GuardedRDFXMLParser(RDFXMLParser):
    """rdflib's RDF/XML parser on defusedxml's expat reader: entity declarations are refused.

    Entities are how XML bombs work (a 1 KB file expanding to gigabytes, or rdflib appending the
    expansion piece by piece for hours); defusedxml refuses every declaration before any expansion,
    in any encoding, and every external reference. A plain ``<!DOCTYPE>`` is still read.
    """

    def parse(self, source: InputSource, sink: Any, **args: Any) -> None:
        """Parse ``source`` into ``sink``; a refused document raises :class:`Refused` with its position."""
        reader = _GuardedReader(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        reader.setFeature(handler.feature_namespaces, 1)
        content = RDFXMLHandler(sink)
        content.setDocumentLocator(source)  # type: ignore[arg-type]  # as rdflib's create_parser does
        if args.get("preserve_bnode_ids") is not None:
            content.preserve_bnode_ids = args["preserve_bnode_ids"]
        reader.setContentHandler(content)  # type: ignore[arg-type]  # rdflib's handler is typed looser than SAX's
        reader.setErrorHandler(handler.ErrorHandler())
        self._parser = reader
        try:
            reader.parse(source)
        except (_TooDeep, DefusedXmlException) as exc:
            name = getattr(exc, "name", None)
            if isinstance(exc, _TooDeep):
                reason = f"elements nested more than {MAX_XML_DEPTH} deep; no RDF/XML needs that many"
            elif name:  # EntitiesForbidden
                reason = (f"the entity declaration {shown(str(name))!r} is refused: XML bombs are made of "
                          "entities; write the text or IRIs out in full (or use Turtle)")
            else:  # ExternalReferenceForbidden
                reason = (f"the reference to {shown(str(getattr(exc, 'sysid', '') or ''))!r} is refused: filmgraph "
                          "fetches nothing an XML file points to; remove the DOCTYPE")
            raise Refused(reader.getLineNumber() or 1, (reader.getColumnNumber() or 0) + 1, reason) from None


def _register() -> None:
    """Make the guarded parser available to rdflib under :data:`GUARDED_RDFXML`."""
    from rdflib import plugin

    plugin.register(GUARDED_RDFXML, Parser, __name__, GuardedRDFXMLParser.__name__)


_register()


# --- IRIs and text ----------------------------------------------------------------------------------

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def iri_problem(iri: str) -> str | None:
    """Why ``iri`` is not an absolute IRI as RFC 3987 has it (Oxigraph's strict parser), or None."""
    import pyoxigraph

    if _SURROGATE.search(iri):
        return "it holds a lone surrogate code point, which no UTF-8 text can carry"
    return _refusal(pyoxigraph.NamedNode, iri)


def language_problem(tag: str) -> str | None:
    """Why ``tag`` is not a well-formed BCP 47 language tag (Oxigraph's check), or None."""
    import pyoxigraph

    return _refusal(pyoxigraph.Literal, "", language=tag)


def _refusal(make: Callable[..., object], *args: str, **kwargs: str) -> str | None:
    """Why Oxigraph refuses to ``make`` a term of these arguments (shown in one line), or None."""
    try:
        make(*args, **kwargs)
    except (ValueError, UnicodeEncodeError) as exc:
        return shown(str(exc))
    return None


def _text_problem(text: str) -> str | None:
    """Why ``text`` cannot be written as UTF-8 (a lone surrogate from an escape such as \\uD800), or None."""
    found = _SURROGATE.search(text)
    return f"it holds the lone surrogate U+{ord(found.group()):04X}, not a character" if found else None


def bad_term(terms: Iterable[Node]) -> tuple[Node, str, str, str] | None:
    """The first term that is no valid RDF: (term, kind, value as shown, reason); None if all are valid.

    IRIs must be absolute RFC 3987 IRIs (no spaces, NUL bytes or broken hosts); literals and their
    datatypes must be text a UTF-8 writer can write. Each distinct term is checked once.
    """
    seen: set[Node] = set()
    for term in terms:
        if term in seen:
            continue
        seen.add(term)
        for part, kind, value, problem in _term_parts(term):
            if problem:
                return part, kind, value, problem
    return None


def _term_parts(term: Node) -> Iterator[tuple[Node, str, str, str | None]]:
    """Each part of ``term`` a strict writer checks: (part, kind, value as shown, problem or None), lazily."""
    if isinstance(term, URIRef):
        yield term, "IRI", f"<{shown(str(term))}>", iri_problem(str(term))
    elif isinstance(term, Literal):
        yield term, "literal", f'"{shown(str(term), 40)}"', _text_problem(str(term))
        if term.datatype is not None:
            yield term.datatype, "datatype IRI", f"<{shown(str(term.datatype))}>", iri_problem(str(term.datatype))
        if term.language is not None:
            yield term, "language tag", f"@{shown(term.language)}", language_problem(term.language)
    elif isinstance(term, BNode):
        yield term, "blank node", f"_:{shown(str(term))}", _text_problem(str(term))


def expanded_problem(node: Any) -> tuple[str, str, str] | None:
    """The first bad IRI or language tag of an expanded JSON-LD document: (kind, value, reason), or None.

    pyld would drop a statement whose IRI has a space, and write a bad language tag into N-Quads.
    """
    for kind, value in _expanded_terms(node):
        problem = iri_problem(value) if kind == "IRI" else language_problem(value)
        if problem:
            return kind, value, problem
    return None


def _expanded_terms(node: Any) -> Iterator[tuple[str, str]]:
    """("IRI" or "language tag", value) for each id, type, datatype, property and language of a document."""
    if isinstance(node, list):
        for item in node:
            yield from _expanded_terms(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("@id", "@type"):
                for iri in value if isinstance(value, list) else [value]:
                    if isinstance(iri, str) and not iri.startswith("_:") and iri != "@json":
                        yield "IRI", iri
            elif key == "@language" and isinstance(value, str):
                yield "language tag", value
            elif key in ("@graph", "@list", "@included", "@reverse"):  # @reverse maps properties as a node does
                yield from _expanded_terms(value)
            elif not key.startswith("@"):
                if not key.startswith("_:"):
                    yield "IRI", key
                yield from _expanded_terms(value)


# --- strict CSV -------------------------------------------------------------------------------------


def csv_rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """The rows of a CSV text (header included) with their line numbers, read strictly.

    Refused with ``NAME:LINE: problem``: a quote that opens or ends a cell wrongly (which would
    swallow the rows below it), a cell with a line break, a row with more or fewer cells than the
    header (the first row). Blank lines are skipped; a leading BOM is dropped.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if reader.line_num != start:
                raise InputError(f"{name}:{start}: a quoted cell runs over lines {start}-{reader.line_num}; cells "
                                 "hold no line breaks here (a stray quote?)")
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise InputError(f"{name}:{start}: a cell longer than {csv.field_size_limit()} characters") from None
        raise InputError(f"{name}:{start}: not valid CSV ({exc}); a quote in this row opens or closes a cell "
                         "where it should not (write a quote inside a cell as two)") from None
    rows = [(line, row) for line, row in rows if row]  # blank lines are no rows
    if not rows:
        raise InputError(f"{name}: empty, without even a header row")
    width = len(rows[0][1])
    for line, row in rows[1:]:
        if len(row) != width:
            raise InputError(f"{name}:{line}: {len(row)} cells where the header has {width} "
                             "(a comma or quote too many or too few?)")
    return rows
