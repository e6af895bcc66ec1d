"""Names of the graph's entities and of Wikidata items, and when two of them name the same thing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from ..namespaces import FG, compact_iri
from .wikidata import LANG_TAG, MUL

#: Articles dropped when labels are compared (English, French, German, Italian, Spanish).
ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "un", "une", "der", "die", "das", "ein", "eine", "il", "lo",
                      "gli", "el", "los", "las"})
_APOSTROPHES = re.compile("['\u2019\u02bc`\u00b4]")
_NAME_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FG.title)


def normalise_label(text: str) -> tuple[str, ...]:
    """A label as comparable tokens: no accents, case or punctuation, articles dropped.

    >>> normalise_label("The Mirror")
    ('mirror',)
    >>> normalise_label("Андрей Тарковский")
    ('андреи', 'тарковскии')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = _APOSTROPHES.sub("", "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold())
    spaced = "".join(ch if unicodedata.category(ch)[0] in "LN" else " " for ch in bare)
    return tuple(token for token in spaced.split() if token not in ARTICLES)


def labels_match(ours: str, theirs: str) -> bool:
    """Whether two labels name the same thing: equal, or one's tokens a subset of the other's.

    ``"Quill"`` matches ``"Ada Quill"``; ``"the Lighthouse"`` matches ``"Lighthouse"``.
    """
    a, b = set(normalise_label(ours)), set(normalise_label(theirs))
    return bool(a) and bool(b) and (a <= b or b <= a)


def english_label(graph: Graph, entity: Node) -> str:
    """The entity's English label, else any label, else its prefixed name."""
    labels = sorted((lab for lab in graph.objects(entity, RDFS.label) if isinstance(lab, Literal)), key=str)
    english = [lab for lab in labels if (lab.language or "").lower().startswith("en")]
    return str((english or labels)[0]) if labels else compact_iri(str(entity))


def names(graph: Graph, entity: URIRef) -> list[Literal]:
    """The entity's labels and titles (literals with or without language), sorted."""
    found = {
        lit
        for p in _NAME_PREDICATES
        for lit in graph.objects(entity, p)
        if isinstance(lit, Literal) and str(lit).strip()
    }
    return sorted(found, key=lambda lit: (lit.language or "", str(lit)))


def graph_languages(graph: Graph, entities: Iterable[URIRef]) -> list[str]:
    """Primary language subtags of the entities' labels, plus ``en`` and ``mul``."""
    langs = {"en", MUL}
    for entity in entities:
        for name in names(graph, entity):
            if name.language and LANG_TAG.fullmatch(name.language):
                langs.add(name.language.split("-")[0].lower())
    return sorted(langs)


def show(literal: Literal) -> str:
    """``"text"@lang``."""
    return f'"{literal}"@{literal.language}' if literal.language else f'"{literal}"'
