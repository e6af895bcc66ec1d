"""What a template shows for an RDF term, a statement or a citation, with links relative to the page.

An IRI with a page of the site links to it under its English label; any other IRI links to
itself (Wikidata, schema.org, a licence) under its short name; a literal keeps its language tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, VOID
from rdflib.term import Node

from ..namespaces import FG, compact_iri
from .collect import Corpus, Passage
from .paths import RefusedIri, page_stem, relative

WIKIDATA = "http://www.wikidata.org/entity/"
#: dcat:version (rdflib's DCAT namespace object predates the term).
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")


@dataclass(frozen=True)
class Term:
    """A term as shown: its text, a link (None: plain text), its language and whether the link leaves the site."""

    text: str
    href: str | None = None
    lang: str | None = None
    external: bool = False


@dataclass(frozen=True)
class Row:
    """One statement as a table row: the other end, the property, its graph and the graph's passages."""

    other: Term
    predicate: Term
    graph: Term
    passages: tuple[str, ...] = field(default_factory=tuple)


class Linker:
    """Terms and rows for the page at ``here`` (its path relative to ``OUT/``)."""

    def __init__(self, corpus: Corpus, here: str) -> None:
        """Link from ``here`` through ``corpus``'s pages."""
        self.corpus = corpus
        self.here = here

    def href(self, path: str) -> str:
        """A relative link from this page to ``path`` (relative to ``OUT/``)."""
        return relative(path, self.here)

    def term(self, node: Node | None) -> Term:
        """How ``node`` is shown on this page (None: the default graph, for a statement no named graph holds)."""
        if node is None:
            return Term("(the default graph)")
        if isinstance(node, Literal):
            return Term(str(node), lang=node.language)
        if isinstance(node, BNode):
            return Term("(a node without an IRI)")
        page = self.corpus.pages.get(node)  # type: ignore[call-overload]
        if page is not None:
            return Term(self.corpus.label(node), self.href(page))
        text = compact_iri(str(node), self.corpus.prefixes)
        text = text[1:-1] if text.startswith("<") else text
        return Term(text, str(node), external=True)

    def passage_text(self, passage: Passage) -> str:
        """``characters START–END of SOURCE``: where a passage stands (never its text)."""
        return f"characters {passage.start}–{passage.end} of {self.corpus.label(passage.source)}"

    def about(self, iri: URIRef) -> list[Row]:
        """The statements about ``iri``, each with its graph and, for that graph, the node's passages."""
        passages = self.corpus.passages_of(iri)
        rows = [Row(self.term(s.object), self.term(s.predicate), self.term(s.graph),
                    tuple(self.passage_text(p) for p in passages.get(s.graph, ())))
                for s in self.corpus.about.get(iri, ())]
        return sorted(rows, key=_row_key)

    def pointing(self, iri: URIRef) -> list[Row]:
        """The statements whose object is ``iri``, each with its graph."""
        rows = [Row(self.term(s.subject), self.term(s.predicate), self.term(s.graph))
                for s in self.corpus.pointing.get(iri, ())]
        return sorted(rows, key=_row_key)

    def citations(self, iri: URIRef) -> list[str]:
        """How to cite the statements about ``iri``: the dataset, its version, the IRI, and each graph
        that states them with its source (and passage), as the README's "How to cite a statement"."""
        lines = []
        passages = self.corpus.passages_of(iri)
        for graph in sorted({s.graph for s in self.corpus.about.get(iri, ()) if s.graph is not None}):
            sources = self.corpus.values(graph, DCTERMS.source)
            source = sources[0] if sources else None
            where = "".join(f", characters {p.start}–{p.end}" for p in passages.get(graph, ()))
            named = f" (source: {self.corpus.label(source)}{where})" if source is not None else ""
            lines.append(f"{cite_dataset(self.corpus, source)}, {iri}, stated in the graph {graph}{named}.")
        return lines


def _row_key(row: Row) -> tuple[str, str, str]:
    return (row.predicate.text, row.other.text, row.graph.text)


def datasets(corpus: Corpus) -> list[URIRef]:
    """The dataset descriptions (void:Dataset) under the base, sorted."""
    if "datasets" not in corpus.memo:
        corpus.memo["datasets"] = sorted({s.subject for s in corpus.pointing.get(VOID.Dataset, ())
                                          if s.predicate == RDF.type and isinstance(s.subject, URIRef)})
    return list(corpus.memo["datasets"])  # type: ignore[call-overload]


def cite_dataset(corpus: Corpus, source: Node | None = None) -> str:
    """``TITLE, version V`` of the dataset that lists ``source`` among its sources (else the first one)."""
    key = ("cite", source)
    if key not in corpus.memo:
        found = datasets(corpus)
        chosen = next((d for d in found if source is not None and source in corpus.values(d, DCTERMS.source)),
                      found[0] if found else None)
        version = next(iter(corpus.values(chosen, DCAT_VERSION)), None) if chosen is not None else None
        corpus.memo[key] = "filmgraph" if chosen is None else \
            corpus.label(chosen) + (f", version {version}" if version is not None else "")
    return str(corpus.memo[key])


def licence_name(iri: Node) -> str:
    """A licence by its usual name where its IRI says it (``CC BY 4.0``, ``CC0 1.0``), else the IRI."""
    found = re.fullmatch(r"https?://creativecommons\.org/licenses/([a-z-]+)/(\d+\.\d+)/?", str(iri))
    if found:
        return f"CC {found[1].upper()} {found[2]}"
    found = re.fullmatch(r"https?://creativecommons\.org/publicdomain/zero/(\d+\.\d+)/?", str(iri))
    return f"CC0 {found[1]}" if found else str(iri)


def dataset_citation(corpus: Corpus, iri: URIRef) -> tuple[str, list[Term]]:
    """How to cite a dataset, as CITATION.cff and the README do, from its description: ``AUTHORS,
    TITLE, version V, YEAR, URL, `` and its licences (by name, linked)."""
    def text(node: Node) -> str:
        return corpus.label(node) if isinstance(node, URIRef) else str(node)

    authors = " and ".join(text(c) for c in corpus.values(iri, DCTERMS.creator))
    titles = [v for v in corpus.values(iri, DCTERMS.title) if isinstance(v, Literal) and v.language in (None, "en")]
    dates = [corpus.values(iri, term) for term in (DCTERMS.issued, DCTERMS.modified, DCTERMS.created)]
    year = next((str(d[0])[:4] for d in dates if d), None)
    spaces = corpus.values(iri, VOID.uriSpace)
    version = next(iter(corpus.values(iri, DCAT_VERSION)), None)
    parts = [authors, str(titles[0]) if titles else text(iri), f"version {version}" if version else "",
             year or "", str(spaces[0]) if spaces else str(iri)]
    licences = [Term(licence_name(v), str(v), external=True) for v in corpus.values(iri, DCTERMS.license)]
    return ", ".join(part for part in parts if part) + (", " if licences else "."), licences


def films(corpus: Corpus) -> list[URIRef]:
    """The films (fg:Film) with a page, sorted."""
    return sorted({s.subject for s in corpus.pointing.get(FG.Film, ())
                   if s.predicate == RDF.type and isinstance(s.subject, URIRef) and s.subject in corpus.pages})


def films_without_page(corpus: Corpus) -> list[str]:
    """Why each film (fg:Film) without a page gets none, one sentence each, sorted: so the home page
    can say which films its statistics count that its list of films leaves out."""
    found = {s.subject for s in corpus.pointing.get(FG.Film, ()) if s.predicate == RDF.type}
    reasons = []
    for film in sorted(found - set(corpus.pages), key=str):
        try:
            page_stem(str(film))
            reasons.append(f"{film}: it gets no page")  # not expected: every plain IRI under the base has one
        except RefusedIri as refused:
            reasons.append(str(refused))
    return reasons


def wikidata_links(corpus: Corpus, iri: URIRef) -> list[str]:
    """The Wikidata items the entity is the same as (skos:exactMatch)."""
    return [str(v) for v in corpus.values(iri, SKOS.exactMatch) if str(v).startswith(WIKIDATA)]
