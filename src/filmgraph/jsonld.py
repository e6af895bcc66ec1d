"""JSON-LD for filmgraph: the context (generated from the ontology), compaction and framing.

Everything goes through pyld, the reference JSON-LD processor, with a document loader that
serves the bundled context for its published URL and refuses every other URL: filmgraph never
fetches anything over the network to read or write JSON-LD.

    >>> from filmgraph import jsonld
    >>> context = jsonld.generate_context()          # {"@context": {...}}
    >>> context["@context"]["characters"]["@id"]
    'fg:hasCharacter'
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from . import resources
from .errors import FilmgraphError, InputError, UsageError
from .guards import load_json
from .namespaces import FG, loaded_prefixes

__all__ = [
    "CONTEXT_URL",
    "FRAMES",
    "FRAME_OPTIONS",
    "JsonObject",
    "RemoteDocumentRefused",
    "compact",
    "context_text",
    "document_loader",
    "dumps",
    "expand",
    "expanded_from_quads",
    "frame",
    "frame_names",
    "generate_context",
    "load_context",
    "load_frame",
    "project_context_check",
    "to_nquads",
]

JsonObject = dict[str, Any]

#: Where the context is published; the document loader serves the bundled copy for this URL.
CONTEXT_URL = "https://w3id.org/filmgraph/context.jsonld"

#: Bundled frames: name -> file under the project root.
FRAMES: dict[str, str] = {"film": "ontology/frames/film.jsonld"}

JSONLD_VERSION = 1.1

# --- the context --------------------------------------------------------------------------------

#: Keys for ontology terms whose local name would read badly as JSON, would be a list that should
#: always be an array, or would clash with a prefix (``genre:``, ``character:``... are prefixes).
FG_KEYS: dict[str, str] = {
    "castMember": "cast",
    "hasGenre": "genres",
    "hasCharacter": "characters",
    "hasMember": "members",
    "hasMotive": "motives",
    "hasPerformance": "performances",
    "hasTheme": "themes",
    "participant": "participants",
    "storyPosition": "position",
}

#: Keys whose value is always written as an array (``@container: @set``).
SET_KEYS = frozenset(
    {"cast", "characters", "events", "genres", "members", "motives", "participants", "performances", "themes"}
)

#: Terms for properties of other vocabularies used by the data and the ontology:
#: key -> (IRI, coercion). Coercion is "@id", "@language" (a language map), an XSD type, or None.
EXTERNAL_TERMS: dict[str, tuple[URIRef, str | None]] = {
    "label": (RDFS.label, "@language"),
    "comment": (RDFS.comment, "@language"),
    "description": (DCTERMS.description, "@language"),
    "editorialNote": (SKOS.editorialNote, "@language"),
    "derivedFrom": (DCTERMS.source, "@id"),
    "exactMatch": (SKOS.exactMatch, "@id"),
    "closeMatch": (SKOS.closeMatch, "@id"),
    "created": (DCTERMS.created, str(XSD.date)),
    "modified": (DCTERMS.modified, str(XSD.date)),
    "creator": (DCTERMS.creator, None),
    "license": (DCTERMS.license, "@id"),
    "subject": (DCTERMS.subject, "@id"),
    "version": (URIRef(f"{DCAT}version"), None),
    "versionInfo": (OWL.versionInfo, None),
    "versionIRI": (OWL.versionIRI, "@id"),
    "isDefinedBy": (RDFS.isDefinedBy, "@id"),
    "subClassOf": (RDFS.subClassOf, "@id"),
    "subPropertyOf": (RDFS.subPropertyOf, "@id"),
    "domain": (RDFS.domain, "@id"),
    "range": (RDFS.range, "@id"),
    "inverseOf": (OWL.inverseOf, "@id"),
    "disjointWith": (OWL.disjointWith, "@id"),
}

#: Reverse terms, used by frames to nest things that point at their parent.
REVERSE_TERMS: dict[str, URIRef] = {"events": FG.inFilm}


def _compact_iri(iri: str) -> str:
    """``fg:Film`` for an IRI in one of the project's namespaces (longest match), else the IRI."""
    best = max(
        ((prefix, ns) for prefix, ns in loaded_prefixes().items() if iri.startswith(ns) and iri != ns),
        key=lambda item: len(item[1]),
        default=None,
    )
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def _term(iri: URIRef, coercion: str | None, key: str) -> str | JsonObject:
    """One term definition: a plain compact IRI when nothing is coerced."""
    definition: JsonObject = {"@id": _compact_iri(str(iri))}
    if coercion == "@language":
        definition["@container"] = "@language"
    elif coercion is not None:
        definition["@type"] = coercion if coercion.startswith("@") else _compact_iri(coercion)
    if key in SET_KEYS:
        definition["@container"] = "@set"
    return definition if len(definition) > 1 else definition["@id"]


def _fg_terms(ontology: Graph) -> dict[str, str | JsonObject]:
    """Terms for the ontology's own classes and properties, from their declarations."""
    terms: dict[str, str | JsonObject] = {}
    fg = str(FG)

    def local(node: Node) -> str | None:
        text = str(node)
        return text[len(fg) :] if isinstance(node, URIRef) and text.startswith(fg) else None

    for cls in ontology.subjects(RDF.type, OWL.Class):
        name = local(cls)
        if name:
            terms[name] = _compact_iri(str(cls))
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        name = local(prop)
        if name:
            key = FG_KEYS.get(name, name)
            terms[key] = _term(URIRef(str(prop)), "@id", key)
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        name = local(prop)
        if name:
            key = FG_KEYS.get(name, name)
            ranges = set(ontology.objects(prop, RDFS.range))
            if len(ranges) != 1:
                raise InputError(f"fg:{name}: a datatype property needs exactly one rdfs:range")
            (range_,) = ranges
            if range_ == RDF.langString:
                coercion: str | None = "@language"
            elif range_ == XSD.string:
                coercion = None
            else:
                coercion = str(range_)
            terms[key] = _term(URIRef(str(prop)), coercion, key)
    return terms


def generate_context(ontology: Graph | None = None) -> JsonObject:
    """The JSON-LD context generated from the ontology (default: the bundled one).

    Keys: ``id``/``type`` aliases, a prefix per project namespace, a term per ontology class
    (``Film``) and property (``director``, ``characters``, ``position``...), terms for the other
    vocabularies' properties in use (``label``, ``description``, ``exactMatch``...), and
    ``events``, the reverse of ``fg:inFilm`` for framing. IRIs are coerced (``@type: @id``),
    dates, years, durations and positive integers keep their datatype, and language-tagged
    properties are language maps (``"label": {"en": "...", "ru": "..."}``).
    """
    if ontology is None:
        from .graph import load_ontology

        ontology = load_ontology()
    fg_terms = _fg_terms(ontology)
    terms: dict[str, str | JsonObject] = {}
    for key, (iri, coercion) in EXTERNAL_TERMS.items():
        terms[key] = _term(iri, coercion, key)
    for key, iri in REVERSE_TERMS.items():
        reverse: JsonObject = {"@reverse": _compact_iri(str(iri))}
        if key in SET_KEYS:
            reverse["@container"] = "@set"
        terms[key] = reverse
    clashes = sorted((set(fg_terms) & set(terms)) | ((set(fg_terms) | set(terms)) & set(loaded_prefixes())))
    if clashes:
        raise InputError(f"context terms clash with each other or with prefixes: {', '.join(clashes)}")
    terms.update(fg_terms)
    context: JsonObject = {"@version": JSONLD_VERSION, "id": "@id", "type": "@type"}
    context.update(loaded_prefixes())
    for key in sorted(terms):
        context[key] = terms[key]
    return {"@context": context}


def context_text(context: Mapping[str, Any] | None = None) -> str:
    """The context as the text of ``ontology/context.jsonld`` (generated when not given)."""
    return dumps(context if context is not None else generate_context())


def project_context_check(project: str | os.PathLike[str] = ".", write: bool = False) -> tuple[Path, bool]:
    """Compare (or with ``write``, update) a project's ``ontology/context.jsonld``.

    The context is generated from the project's own ``ontology/*.ttl`` files (not the installed
    copy). Returns the file's path and whether it was up to date before the call.
    """
    from .graph import parse_files

    root = Path(project)
    sources = [root / name for name in resources.ONTOLOGY_FILES]
    missing = [str(path) for path in sources if not path.is_file()]
    if missing:
        raise UsageError(f"{', '.join(missing)}: not found; run in the project folder")
    expected = context_text(generate_context(parse_files(sources)))
    target = root / resources.CONTEXT_FILE
    try:
        current = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise InputError(f"{target}: cannot be read ({exc.strerror})") from None
    up_to_date = current == expected
    if write and not up_to_date:
        from .atomic import atomic_write

        atomic_write(target, expected)
    return target, up_to_date


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


def _run(action: str, call: Callable[[], Any]) -> Any:
    """Run a pyld call, turning its errors into one-line filmgraph errors."""
    from pyld.jsonld import JsonLdError

    try:
        return call()
    except RecursionError:
        raise InputError(f"JSON-LD {action} failed: the document is nested too deeply") from None
    except (JsonLdError, ValueError, TypeError, KeyError, AttributeError) as exc:
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


Quad = tuple[Node, Node, Node, Node | None]


def expanded_from_quads(quads: Iterable[Quad]) -> list[JsonObject]:
    """Expanded JSON-LD for quads (graph name None = default graph), in pyld's sorted order.

    Datatypes stay as they are (no native numbers or booleans), rdf:type becomes ``@type``.
    Give blank nodes canonical labels first (as ``canonical.to_nquads`` does) for stable output.
    """
    from pyld import jsonld as pyld

    dataset: dict[str, list[JsonObject]] = {}
    for s, p, o, g in quads:
        name = "@default" if g is None else (f"_:{g}" if isinstance(g, BNode) else str(g))
        dataset.setdefault(name, []).append(
            {"subject": _rdf_term(s), "predicate": _rdf_term(p), "object": _rdf_term(o)}
        )
    options = _options(useNativeTypes=False, useRdfType=False, rdfDirection=None)
    return _run("conversion from RDF", lambda: pyld.from_rdf(dataset, options))


def compact(expanded: list[JsonObject], context_url: str | None = None) -> JsonObject:
    """Compact expanded JSON-LD against the filmgraph context.

    The context is written inline (a self-contained document), or as ``context_url`` when given:
    CONTEXT_URL, where the context is published, or the URL of a mirror of it.
    """
    from pyld import jsonld as pyld

    result = _run("compaction", lambda: pyld.compact(expanded, load_context(), _options(compactArrays=True)))
    return _tidy(_with_context(result, context_url))


#: The only JSON-LD API options framing uses besides the document loader: the processors' own
#: default (pyld and jsonld.js), named because the frame needs JSON-LD 1.1. Every framing flag
#: (``@embed``, ``@explicit``, ``@omitDefault``) is in the frame file itself.
FRAME_OPTIONS: dict[str, Any] = {"processingMode": "json-ld-1.1"}


def frame(document: JsonObject, frame_doc: Mapping[str, Any], context_url: str | None = None) -> JsonObject:
    """Frame a JSON-LD document (the flat export) with ``frame_doc``, as any JSON-LD 1.1 processor does.

    Nothing is added to or sorted in the processor's result, so a consumer who frames the flat
    export with the bundled frame file gets the same document (docs/export.md gives the recipe).
    Sets keep the processor's order (nodes by IRI): sort ``events`` by ``position`` and
    ``performances`` by ``billingOrder`` where order matters. The context is written inline
    (``frame_doc``'s own context replaced by the bundled one), or as ``context_url``.
    """
    from pyld import jsonld as pyld

    frame_doc = copy.deepcopy(dict(frame_doc))
    if context_url is None:
        frame_doc["@context"] = load_context()["@context"]
    options = {"documentLoader": document_loader, **FRAME_OPTIONS}
    result = _run("framing", lambda: pyld.frame(document, frame_doc, options))
    return _tidy(_with_context(result, context_url))


def compact_with_prefixes(expanded: list[JsonObject], prefixes: Mapping[str, str]) -> JsonObject:
    """Compact expanded JSON-LD against a context of prefixes only: short IRIs, no other terms.

    For answers to queries, which may use any vocabulary: the nodes stay in pyld's order (by id).
    """
    from pyld import jsonld as pyld

    context = {"@context": dict(prefixes)}
    return _run("compaction", lambda: pyld.compact(expanded, context, _options(compactArrays=True)))


def _with_context(document: JsonObject, context_url: str | None) -> JsonObject:
    """The document with ``"@context": context_url`` in place of the inline context, if given.

    The document was compacted with the bundled context, so this is exact whenever the URL
    serves that same context (CONTEXT_URL, or a mirror of ``ontology/context.jsonld``).
    """
    if context_url is not None:
        document["@context"] = context_url
    return document


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
    from pyld import jsonld as pyld

    options = _options() if base is None else _options(base=base)
    return _run("expansion", lambda: pyld.expand(document, options))


def to_nquads(document: Any, base: str | None = None) -> str:
    """The RDF of a JSON-LD document as N-Quads, through pyld (expand, then to RDF).

    ``base`` resolves relative IRIs (for a file: its own URI, as for Turtle); without one, nodes
    with relative IRIs cannot become RDF and pyld leaves them out.
    """
    from pyld import jsonld as pyld

    options = _options(format="application/n-quads")
    if base is not None:
        options["base"] = base
    return _run("conversion to RDF", lambda: pyld.to_rdf(document, options))
