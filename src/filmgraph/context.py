"""The JSON-LD context of filmgraph, generated from the ontology's classes and properties.

    >>> from filmgraph.context import generate_context
    >>> generate_context()["@context"]["characters"]["@id"]
    'fg:hasCharacter'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from . import resources
from .atomic import atomic_write
from .errors import InputError, UsageError
from .graph import load_ontology, parse_files
from .jsonld import JsonObject, dumps
from .namespaces import FG, compact_iri, loaded_prefixes

__all__ = ["context_text", "generate_context", "project_context_check"]

JSONLD_VERSION = 1.1

# --- the context --------------------------------------------------------------------------------

#: Keys for ontology terms whose local name would read badly as JSON, would be a list that should
#: always be an array, or would clash with a prefix (``genre:``, ``character:``... are prefixes).
FG_KEYS: dict[str, str] = {
    "castMember": "cast", "hasGenre": "genres", "hasCharacter": "characters", "hasMember": "members",
    "hasMotive": "motives", "hasPerformance": "performances", "hasTheme": "themes", "participant": "participants",
    "storyPosition": "position",
}

#: Keys whose value is always written as an array (``@container: @set``).
SET_KEYS = frozenset({"cast", "characters", "events", "genres", "members", "motives", "participants", "performances",
                      "themes"})

#: Terms for properties of other vocabularies used by the data and the ontology: key -> (IRI, coercion),
#: by coercion: "@id", "@language" (a language map), an XSD type, or None.
_BY_COERCION: dict[str | None, dict[str, URIRef]] = {
    "@language": {"label": RDFS.label, "comment": RDFS.comment, "description": DCTERMS.description,
                  "editorialNote": SKOS.editorialNote},
    "@id": {"derivedFrom": DCTERMS.source, "exactMatch": SKOS.exactMatch, "closeMatch": SKOS.closeMatch,
            "license": DCTERMS.license, "subject": DCTERMS.subject, "versionIRI": OWL.versionIRI,
            "isDefinedBy": RDFS.isDefinedBy, "subClassOf": RDFS.subClassOf, "subPropertyOf": RDFS.subPropertyOf,
            "domain": RDFS.domain, "range": RDFS.range, "inverseOf": OWL.inverseOf, "disjointWith": OWL.disjointWith},
    str(XSD.date): {"created": DCTERMS.created, "modified": DCTERMS.modified},
    None: {"creator": DCTERMS.creator, "version": URIRef(f"{DCAT}version"), "versionInfo": OWL.versionInfo},
}
EXTERNAL_TERMS = {key: (iri, coercion) for coercion, terms in _BY_COERCION.items() for key, iri in terms.items()}

#: Reverse terms, used by frames to nest things that point at their parent.
REVERSE_TERMS: dict[str, URIRef] = {"events": FG.inFilm}


def _compact_iri(iri: str) -> str:
    """``fg:Film`` for an IRI in one of the project's namespaces, else the IRI as it is (JSON-LD has no ``<>``)."""
    short = compact_iri(iri)
    return iri if short.startswith("<") else short


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
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for node in ontology.subjects(RDF.type, kind):
            name = str(node)[len(FG) :] if isinstance(node, URIRef) and node.startswith(FG) else ""
            if not name:
                continue
            iri, key = URIRef(str(node)), FG_KEYS.get(name, name)
            if kind == OWL.Class:
                terms[name] = _compact_iri(iri)
            else:
                terms[key] = _term(iri, "@id" if kind == OWL.ObjectProperty else _coercion(ontology, iri, name), key)
    return terms


def _coercion(ontology: Graph, prop: URIRef, name: str) -> str | None:
    """How a datatype property's values are written: from its one ``rdfs:range``."""
    ranges = set(ontology.objects(prop, RDFS.range))
    if len(ranges) != 1:
        raise InputError(f"fg:{name}: a datatype property needs exactly one rdfs:range")
    (range_,) = ranges
    return "@language" if range_ == RDF.langString else None if range_ == XSD.string else str(range_)


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
        atomic_write(target, expected)
    return target, up_to_date
