"""JSON-LD for filmgraph: RDF to and from JSON-LD, compaction and framing (the context: :mod:`filmgraph.context`).

Everything goes through pyld, the reference JSON-LD processor, with a document loader that
serves the bundled context for its published URL and refuses every other URL: filmgraph never
fetches anything over the network to read or write JSON-LD.

    >>> from filmgraph import jsonld
    >>> jsonld.load_context()["@context"]["characters"]["@id"]
    'fg:hasCharacter'
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from . import resources
from .errors import FilmgraphError, InputError, UsageError
from .guards import load_json

__all__ = ["CONTEXT_URL", "FRAMES", "FRAME_OPTIONS", "JsonObject", "RemoteDocumentRefused", "compact",
           "document_loader", "dumps", "expand", "expanded_from_triples", "frame", "frame_names", "load_context",
           "load_frame", "to_nquads"]

JsonObject = dict[str, Any]

#: Where the context is published; the document loader serves the bundled copy for this URL.
CONTEXT_URL = "https://w3id.org/filmgraph/context.jsonld"

#: Bundled frames: name -> file under the project root.
FRAMES: dict[str, str] = {"film": "ontology/frames/film.jsonld"}

def dumps(document: Any) -> str:
    """JSON text as filmgraph writes it: 2-space indent, UTF-8 characters, final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@cache
def _bundled_json(relative: str) -> str:
    """The text of a bundled JSON file (cached: read once per process)."""
    try:
        return resources.read_text(relative)
    except FileNotFoundError:
        raise FilmgraphError(f"{relative}: missing from the package (reinstall filmgraph)") from None


def load_context() -> JsonObject:
    """The bundled context file (``ontology/context.jsonld``), parsed."""
    return load_json(_bundled_json(resources.CONTEXT_FILE), resources.CONTEXT_FILE, FilmgraphError)


def frame_names() -> list[str]:
    """Names of the bundled frames (``film``)."""
    return sorted(FRAMES)


def load_frame(name: str) -> JsonObject:
    """A bundled frame by name; UsageError listing the names for an unknown one."""
    if name not in FRAMES:
        raise UsageError(f"unknown frame {name!r} (choose from {', '.join(frame_names())})")
    return load_json(_bundled_json(FRAMES[name]), FRAMES[name], FilmgraphError)


# --- the document loader ------------------------------------------------------------------------


class RemoteDocumentRefused(FilmgraphError):
    """A JSON-LD document asked for a remote document that filmgraph will not fetch."""


def document_loader(url: str, options: Mapping[str, Any] | None = None) -> JsonObject:
    """pyld document loader: the bundled context for CONTEXT_URL, an error for anything else."""
    if url == CONTEXT_URL:
        return {"contextUrl": None, "documentUrl": url, "document": load_context()}
    raise RemoteDocumentRefused(
        f"refusing to fetch the JSON-LD document {url}: filmgraph reads no remote contexts; "
        f"only {CONTEXT_URL} is known (served from the package)"
    )


def _options(**extra: Any) -> JsonObject:
    """pyld options: our loader, JSON-LD 1.1, no base IRI (IRIs stay absolute)."""
    return {"documentLoader": document_loader, "processingMode": "json-ld-1.1", "base": None, **extra}


def _run(action: str, function: str, *args: Any) -> Any:
    """Call pyld's ``function`` (imported only now: it is slow to import), its errors as one-line filmgraph errors."""
    from pyld import jsonld as pyld  # type: ignore[import-untyped]

    try:
        return getattr(pyld, function)(*args)
    except RecursionError:
        raise InputError(f"JSON-LD {action} failed: the document is nested too deeply") from None
    except (pyld.JsonLdError, ValueError, TypeError, KeyError, AttributeError) as exc:
        innermost: BaseException = exc
        cause: BaseException | None = exc
        seen: set[int] = set()
        while cause is not None and id(cause) not in seen:
            if isinstance(cause, FilmgraphError):
                raise type(cause)(str(cause)) from None
            seen.add(id(cause))
            innermost = cause
            cause = getattr(cause, "cause", None) or cause.__cause__ or cause.__context__
        raw = getattr(innermost, "message", None) or (innermost.args[0] if innermost.args else innermost)
        message = (str(raw).strip().splitlines() or [type(innermost).__name__])[0]
        code = getattr(innermost, "code", None)
        raise InputError(f"JSON-LD {action} failed: {message}" + (f" ({code})" if code else "")) from None


# --- RDF <-> JSON-LD ----------------------------------------------------------------------------


def _rdf_term(term: Node) -> JsonObject:
    """An rdflib term as a pyld RDF term."""
    if isinstance(term, URIRef):
        return {"type": "IRI", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "blank node", "value": f"_:{term}"}
    assert isinstance(term, Literal)
    if term.language:
        return {"type": "literal", "value": str(term), "datatype": str(RDF.langString), "language": term.language}
    return {"type": "literal", "value": str(term), "datatype": str(term.datatype or XSD.string)}


def expanded_from_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[JsonObject]:
    """Expanded JSON-LD of triples (pyld's ``fromRdf``), in pyld's sorted order.

    Datatypes stay as they are (no native numbers or booleans), rdf:type becomes ``@type``. Give
    canonical blank node labels (:func:`filmgraph.rdfc.canonical_triples`) for stable output. The
    terms are handed over parsed: pyld's own N-Quads reader (3.3) decodes neither ``\\u`` nor
    ``\\b`` escapes, and reads a backslash followed by ``n`` as a line break.
    """
    rows = [{"subject": _rdf_term(s), "predicate": _rdf_term(p), "object": _rdf_term(o)} for s, p, o in triples]
    options = _options(useNativeTypes=False, useRdfType=False, rdfDirection=None)
    return _run("conversion from RDF", "from_rdf", {"@default": rows}, options)


def compact(expanded: list[JsonObject], context_url: str | None = None) -> JsonObject:
    """Compact expanded JSON-LD against the filmgraph context.

    The context is written inline (a self-contained document), or as ``context_url`` when given:
    CONTEXT_URL, where the context is published, or the URL of a mirror of it.
    """
    result = _run("compaction", "compact", expanded, load_context(), _options(compactArrays=True))
    return _with_context(result, context_url)


#: The only JSON-LD API options framing uses besides the document loader: the processors' own
#: default (pyld and jsonld.js), named because the frame needs JSON-LD 1.1. Every framing flag
#: (``@embed``, ``@explicit``, ``@omitDefault``) is in the frame file itself.
FRAME_OPTIONS: dict[str, Any] = {"processingMode": "json-ld-1.1"}


def frame(document: JsonObject | list[JsonObject], frame_doc: Mapping[str, Any],
          context_url: str | None = None) -> JsonObject:
    """Frame a JSON-LD document (the flat export, or the expanded form it is compacted from) with
    ``frame_doc``, as any JSON-LD 1.1 processor does.

    Nothing is added to or sorted in the processor's result, so a consumer who frames the flat
    export with the bundled frame file gets the same document (docs/export.md gives the recipe).
    Sets keep the processor's order (nodes by IRI): sort ``events`` by ``position`` and
    ``performances`` by ``billingOrder`` where order matters. The context is written inline
    (``frame_doc``'s own context replaced by the bundled one), or as ``context_url``.
    """
    framing: JsonObject = copy.deepcopy(dict(frame_doc))
    if context_url is None:
        framing["@context"] = load_context()["@context"]
    options = {"documentLoader": document_loader, **FRAME_OPTIONS}
    result = _run("framing", "frame", document, framing, options)
    return _with_context(result, context_url)


def compact_with_prefixes(expanded: list[JsonObject], prefixes: Mapping[str, str]) -> JsonObject:
    """Compact expanded JSON-LD against a context of prefixes only: short IRIs, no other terms.

    For answers to queries, which may use any vocabulary: the nodes stay in pyld's order (by id).
    """
    context = {"@context": dict(prefixes)}
    return _run("compaction", "compact", expanded, context, _options(compactArrays=True))


def _with_context(document: JsonObject, context_url: str | None) -> JsonObject:
    """The document tidied (:func:`_tidy`), with ``"@context": context_url`` in place of the inline context if given.

    The document was compacted with the bundled context, so this is exact whenever the URL
    serves that same context (CONTEXT_URL, or a mirror of ``ontology/context.jsonld``).
    """
    if context_url is not None:
        document["@context"] = context_url
    return _tidy(document)


_FIRST_KEYS = {"@context": 0, "@id": 1, "id": 1, "@type": 2, "type": 2, "label": 3}


def _tidy(node: Any) -> Any:
    """Keys in reading order, recursively: ``@context``, ``id``, ``type``, ``label``, then by name.

    JSON-LD gives key order no meaning, so this changes nothing but readability (pyld orders keys
    by expanded IRI). The ``@context`` value itself is left as written.
    """
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    keys = sorted(node, key=lambda k: (_FIRST_KEYS.get(k, 9), k))
    return {k: (node[k] if k == "@context" else _tidy(node[k])) for k in keys}


def expand(document: Any, base: str | None = None) -> list[JsonObject]:
    """The expanded form of a JSON-LD document, through pyld with filmgraph's loader.

    ``base`` resolves relative IRIs; without one they stay relative (and cannot become RDF).
    """
    return _run("expansion", "expand", document, _options(base=base))


def to_nquads(document: Any, base: str | None = None) -> str:
    """The RDF of a JSON-LD document as N-Quads, through pyld (expand, then to RDF).

    ``base`` resolves relative IRIs (for a file: its own URI, as for Turtle); without one, nodes
    with relative IRIs cannot become RDF and pyld leaves them out.
    """
    return _run("conversion to RDF", "to_rdf", document, _options(format="application/n-quads", base=base))
