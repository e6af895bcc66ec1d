"""The readable names of the kinds of entity the browse lists group by: the plural of the label of
the most specific ontology class every entity of a group is an instance of ("Plot events" for
shown and recounted events, "People" for persons), in the page's language.

The groups themselves are the IRIs' kind segment (``…/event/…``), which every entity has even
where a statement of its type is missing; the heading is only the name said to a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from .collect import Corpus

#: English plurals no rule makes (the last word of a label).
IRREGULAR = {"person": "people", "child": "children", "man": "men", "woman": "women", "series": "series"}


def plural(label: str, lang: str = "en") -> str:
    """The plural of an English class label ("plot event" → "plot events", "country" → "countries");
    a label in another language is left as it is (no rule is known for it here)."""
    if lang != "en" or not label:
        return label
    head, _, last = label.rpartition(" ")
    lower = last.lower()
    if lower in IRREGULAR:
        word = IRREGULAR[lower]
        word = word.capitalize() if last[:1].isupper() else word
    elif re.search(r"[^aeiou]y$", lower):
        word = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", lower):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def heading(text: str) -> str:
    """``text`` with its first letter in upper case, the rest as written."""
    return text[:1].upper() + text[1:]


def _ancestors(corpus: Corpus, cls: Node) -> frozenset[Node]:
    """``cls`` and every class it is a subclass of (rdfs:subClassOf, transitively), worked out once."""
    key = ("ancestors", cls)
    if key not in corpus.memo:
        found: set[Node] = set()
        todo = [cls]
        while todo:
            node = todo.pop()
            if node not in found:
                found.add(node)
                todo.extend(corpus.values(node, RDFS.subClassOf))
        corpus.memo[key] = frozenset(found)
    return corpus.memo[key]  # type: ignore[return-value]


def shared_class(corpus: Corpus, iris: Iterable[URIRef]) -> Node | None:
    """The most specific class every typed entity of ``iris`` is an instance of (None: no such class,
    or none is typed). Among several, the one with the most ancestors, then a labelled one."""
    common: set[Node] | None = None
    for iri in iris:
        types = corpus.values(iri, RDF.type)
        if not types:
            continue
        classes: set[Node] = set().union(*(_ancestors(corpus, t) for t in types))
        common = classes if common is None else common & classes
    if not common:
        return None
    return max(common, key=lambda c: (len(_ancestors(corpus, c)), bool(corpus.labels(c)), str(c)))


def kind_name(corpus: Corpus, segment: str, iris: Iterable[URIRef], lang: str = "en") -> str:
    """The heading of a group of entities: the plural of their shared class's label in ``lang`` (its
    local name spelt out where it has no label), else the IRIs' kind segment as written."""
    cls = shared_class(corpus, iris)
    if cls is None:
        return heading(segment)
    labels = corpus.labels(cls)
    if lang in labels or "en" in labels:
        chosen = lang if lang in labels else "en"
        return heading(plural(labels[chosen], chosen))
    local = re.split(r"[/#]", str(cls))[-1]
    spelt = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower()
    return heading(plural(spelt or segment))
