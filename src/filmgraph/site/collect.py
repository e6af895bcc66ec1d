"""What the site's pages show, gathered once from the store: every statement with its source graph,
each entity's labels, its passages, and which IRIs get a page.

One pass over the named graphs (``queries/site/statements.rq``) and one over the passages
(``queries/passages.rq``), both by the fast engine, then grouped in Python by subject and object,
so a page costs a dictionary look-up rather than a query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS
from rdflib.term import Node

from ..namespaces import FG, compact_iri
from ..naming import Naming
from ..queries import load_query, load_query_in
from ..querying import query
from .paths import BASE, ONTOLOGY, page_of

if TYPE_CHECKING:
    from ..engines import Engine

#: A Naming with no prefixes: parameters are passed as rdflib terms, so none is needed.
NO_NAMES = Naming({})
#: The languages of the labels every page shows.
LANGUAGES = ("en", "ru")


@dataclass(frozen=True)
class Statement:
    """One statement and the named graph that states it (None: only the default graph holds it)."""

    subject: Node
    predicate: URIRef
    object: Node
    graph: URIRef | None


@dataclass(frozen=True)
class Passage:
    """Where a story node's supporting passage stands in its source (code-point offsets)."""

    passage: URIRef
    source: URIRef
    start: int
    end: int


@dataclass
class Corpus:
    """The statements grouped for the pages, and the prefixes for naming IRIs without a page."""

    prefixes: Mapping[str, str]
    about: dict[Node, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    pointing: dict[Node, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    passages: dict[URIRef, Passage] = field(default_factory=dict)
    pages: dict[URIRef, str] = field(default_factory=dict)
    #: What pages ask again and again (labels, the datasets), worked out once: filled on first use.
    memo: dict[object, object] = field(default_factory=dict, repr=False, compare=False)

    def labels(self, node: Node) -> dict[str, str]:
        """The node's rdfs:label per language (its first title where it has no label)."""
        key = ("labels", node)
        if key not in self.memo:
            self.memo[key] = self._labels(node)
        return dict(self.memo[key])  # type: ignore[call-overload]

    def _labels(self, node: Node) -> dict[str, str]:
        """:meth:`labels`, worked out."""
        found: dict[str, str] = {}
        for predicate in (RDFS.label, FG.title, DCTERMS.title):
            for statement in self.about.get(node, ()):
                value = statement.object
                if statement.predicate == predicate and isinstance(value, Literal):
                    found.setdefault(value.language or "", str(value))
            if found:
                break
        return found

    def label(self, node: Node, lang: str = "en") -> str:
        """A name for people: the label in ``lang``, else English, else any, else the IRI's short form."""
        found = self.labels(node)
        for key in (lang, "en", "", *sorted(found)):
            if key in found:
                return found[key]
        return compact_iri(str(node), self.prefixes) if isinstance(node, URIRef) else str(node)

    def values(self, node: Node, predicate: URIRef) -> list[Node]:
        """The objects of ``node``'s statements with ``predicate`` (each once, in the order first stated)."""
        return list(dict.fromkeys(s.object for s in self.about.get(node, ()) if s.predicate == predicate))

    def deprecated(self, node: Node) -> bool:
        """Whether the entity is withdrawn (``owl:deprecated true``)."""
        return any(isinstance(v, Literal) and v.toPython() is True for v in self.values(node, OWL.deprecated))

    def passages_of(self, node: Node) -> dict[URIRef | None, list[Passage]]:
        """The node's supporting passages, by the graph that gives them."""
        found: dict[URIRef | None, list[Passage]] = defaultdict(list)
        for statement in self.about.get(node, ()):
            if statement.predicate == FG.supportingPassage and statement.object in self.passages:
                found[statement.graph].append(self.passages[statement.object])  # type: ignore[index]
        return found


def gather(engine: Engine, prefixes: Mapping[str, str]) -> Corpus:
    """Every statement with the named graphs that state it, grouped by subject and object, the
    passages' positions, and the page of every IRI under the base that is a subject."""
    corpus = Corpus(prefixes)
    rows = query(load_query_in("site", "statements"), engine=engine, naming=NO_NAMES)
    for subject, predicate, value, graph in rows.rows:
        statement = Statement(subject, predicate, value, graph)  # type: ignore[arg-type]
        corpus.about[subject].append(statement)
        corpus.pointing[value].append(statement)
    for row in query(load_query("passages"), engine=engine, naming=NO_NAMES).rows:
        passage, source = row.passage, row.source
        if isinstance(passage, URIRef) and isinstance(source, URIRef) and None not in (row.start, row.end):
            corpus.passages[passage] = Passage(passage, source, int(row.start), int(row.end))
    corpus.pages = pages_for(corpus.about)
    return corpus


def pages_for(subjects: Iterable[Node]) -> dict[URIRef, str]:
    """The page (``….html``, an anchor for an ontology term) of every subject IRI under the base that
    gets one (:func:`filmgraph.site.paths.page_of`), and of the ontology document."""
    pages = {URIRef(ONTOLOGY): "ontology.html"}
    for subject in subjects:
        if isinstance(subject, URIRef) and subject.startswith(BASE):
            page = page_of(str(subject))
            if page is not None:
                pages[subject] = str(page)
    return pages


def entity_pages(corpus: Corpus) -> list[URIRef]:
    """The IRIs that get a page of their own (not an anchor on the ontology page), sorted."""
    return sorted(iri for iri, page in corpus.pages.items() if "#" not in page and iri != URIRef(ONTOLOGY))

