"""Wikidata links: check every link, suggest missing ones, apply reviewed ones, give back statements.

Four operations, each behind one ``filmgraph link`` subcommand:

- :func:`check_links` asks the endpoint about every ``skos:exactMatch`` to a Wikidata item of an
  instance in the graph (ontology terms are left out) and tells per link whether the item exists
  (or redirects), whether one of its labels or aliases matches the entity's label, and whether
  its type (P31, through P279 subclasses) fits the entity's class;
- :func:`suggest_links` looks up real-world entities without a link by their English and Russian
  labels (and films by IMDb ID) and returns scored candidates for a person to review
  (:func:`review_csv` writes the review file); nothing is written into the graph;
- :func:`apply_links` adds the approved rows of a review file to a data file as
  ``skos:exactMatch`` links, in canonical form, after re-validating the result;
- :func:`quickstatements` lists, as QuickStatements v1 lines, what the graph knows about each
  linked film and Wikidata's film item lacks, using only identifiers linked in the graph.

Every request goes through :class:`~filmgraph.sparql_client.SparqlClient` (User-Agent, one
request at a time, Retry-After, backoff, cache), in ``VALUES`` batches. Nothing here prints or
exits; an optional ``progress`` callback receives one-line messages.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VOID
from rdflib.term import Node

from . import resources
from .atomic import atomic_write
from .errors import CheckFailed, UsageError
from .graph import read_user_file
from .guards import csv_rows
from .namespaces import FG, WD, loaded_prefixes
from .results import quote_string
from .sparql_client import SparqlClient, fill_values, values_batches
from .spreadsheet import from_cell, single_line, to_cell

__all__ = [
    "APPROVED_VALUES",
    "EXPECTED_TYPES",
    "FILM_STATEMENTS",
    "LINKABLE_CLASSES",
    "REVIEW_COLUMNS",
    "ApplyReport",
    "CheckReport",
    "ItemFacts",
    "LinkResult",
    "QuickStatementsReport",
    "ReviewRejected",
    "Statement",
    "SuggestReport",
    "Suggestion",
    "apply_links",
    "check_links",
    "curie",
    "fetch_item_facts",
    "labels_match",
    "normalise_label",
    "parse_qid",
    "quickstatements",
    "review_csv",
    "suggest_links",
    "wikidata_links",
]

Progress = Callable[[str], None]

#: Wikidata's own RDF uses http://schema.org/ (filmgraph's SCHEMA is https://schema.org/).
WD_SCHEMA = Namespace("http://schema.org/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
WD_ENTITY = str(WD)
QID_PATTERN = re.compile(r"Q[1-9][0-9]*")
_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_IMDB_ID = re.compile(r"(?:tt|nm|co|ch|ev|ni)[0-9]{7,10}")

#: Label languages looked at on top of the graph's own: Wikidata's "multiple languages" code,
#: used for names that are written the same in many languages.
MUL = "mul"

#: Classes whose instances are real-world things that may have a Wikidata item (with subclasses).
LINKABLE_CLASSES: tuple[URIRef, ...] = (
    FG.Person,
    FG.Group,
    FG.Organisation,
    FG.RealPlace,
    FG.Country,
    FG.CreativeWork,
    FG.Genre,
    FG.Language,
    FG.Award,
)

#: Wikidata classes an item linked from an instance of each filmgraph class should be an
#: instance of, directly or through "subclass of" (P279). An entity uses the entry of its most
#: specific class that has one. Only class identifiers verified in the project's Wikidata list
#: are used (never a guessed QID): for organisations, groups, places, genres, awards and musical
#: works no class is verified yet, so their type is reported as "not checked". Classes that
#: ``ontology/alignments.ttl`` maps to a Wikidata class are checked strictly; a test keeps this
#: table in step with the alignments.
EXPECTED_TYPES: dict[URIRef, tuple[str, ...]] = {
    FG.Film: ("Q11424",),  # film
    FG.Novel: ("Q8261", "Q7725634"),  # novel, literary work
    FG.LiteraryWork: ("Q7725634",),  # literary work (fg:Poem inherits it)
    FG.Person: ("Q5",),  # human
    FG.Language: ("Q34770",),  # language
}

_META_CLASSES = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.TransitiveProperty,
        OWL.SymmetricProperty,
        RDF.Property,
        OWL.Ontology,
    }
)

def _wikidata_query(name: str) -> str:
    """A query of ``queries/wikidata/`` (its empty VALUES placeholders are filled before sending)."""
    return resources.read_text(f"queries/wikidata/{name}.rq")


# --- small helpers ------------------------------------------------------------------------------


def curie(iri: URIRef | str) -> str:
    """A prefixed name for an IRI when one of the project's prefixes fits, else the IRI."""
    text = str(iri)
    best = max(
        ((p, ns) for p, ns in loaded_prefixes().items() if text.startswith(ns) and len(text) > len(ns)),
        key=lambda item: len(item[1]),
        default=None,
    )
    return f"{best[0]}:{text[len(best[1]):]}" if best else text


def expand(name: str) -> URIRef | None:
    """The IRI of a prefixed name, ``<IRI>`` or plain http(s) IRI; None if it is none of these."""
    name = name.strip()
    if name.startswith("<") and name.endswith(">"):
        name = name[1:-1]
    if re.fullmatch(r"https?://[^\s<>\"{}|^`\\]+", name):
        return URIRef(name)
    prefix, colon, local = name.partition(":")
    if colon and prefix in loaded_prefixes() and re.fullmatch(r"[^\s<>\"{}|^`\\]+", local):
        return URIRef(loaded_prefixes()[prefix] + local)
    return None


def qid_of(iri: object) -> str | None:
    """``Q853`` for ``http://www.wikidata.org/entity/Q853``; None for anything else."""
    if isinstance(iri, URIRef) and str(iri).startswith(WD_ENTITY):
        local = str(iri)[len(WD_ENTITY) :]
        if QID_PATTERN.fullmatch(local):
            return local
    return None


def parse_qid(text: str) -> str | None:
    """The QID in ``Q853``, ``wd:Q853`` or ``http://www.wikidata.org/entity/Q853``; else None."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    for prefix in ("wd:", WD_ENTITY):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return text if QID_PATTERN.fullmatch(text) else None


def _qid_sort_key(qid: str) -> tuple[int, str]:
    """QIDs in numeric order."""
    return (int(qid[1:]), qid) if QID_PATTERN.fullmatch(qid) else (10**12, qid)


def _sparql_string(text: str) -> str:
    """A SPARQL string literal holding ``text`` exactly, written by the project's one escaper.

    A backslash followed by ``u`` cannot be sent safely (SPARQL decodes ``\\u`` escapes before it
    reads strings), so such text is refused rather than sent altered.
    """
    if re.search(r"\\[uU]", text):
        raise UsageError(f"cannot send {text!r} to a SPARQL endpoint: it holds a backslash followed by 'u'")
    return quote_string(text)


def _sparql_literal(literal: Literal) -> str:
    """A SPARQL literal: a string, with its language tag if it has a well-formed one."""
    if literal.language:
        if not _LANG_TAG.fullmatch(literal.language):
            raise UsageError(f"not a language tag: {literal.language!r}")
        return f"{_sparql_string(str(literal))}@{literal.language}"
    return _sparql_string(str(literal))


def _literal_values(var: str, literals: Iterable[Literal], size: int) -> Iterator[str]:
    """``VALUES ?var { "…"@en … }`` blocks of at most ``size`` distinct literals, escaped."""
    unique = list(dict.fromkeys(literals))
    for start in range(0, len(unique), size):
        terms = " ".join(_sparql_literal(lit) for lit in unique[start : start + size])
        yield f"VALUES ?{var} {{ {terms} }}"


# --- label matching -----------------------------------------------------------------------------

#: Articles dropped when labels are compared (English, French, German, Italian, Spanish).
ARTICLES = frozenset(
    {"the", "a", "an", "le", "la", "les", "un", "une", "der", "die", "das", "ein", "eine",
     "il", "lo", "gli", "el", "los", "las"}
)
_APOSTROPHES = re.compile("['\u2019\u02bc`\u00b4]")


def normalise_label(text: str) -> tuple[str, ...]:
    """A label as comparable tokens: no accents, case or punctuation, articles dropped.

    >>> normalise_label("The Mirror")
    ('mirror',)
    >>> normalise_label("Андрей Тарковский")
    ('андреи', 'тарковскии')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = _APOSTROPHES.sub("", bare.casefold())
    spaced = "".join(
        ch if unicodedata.category(ch)[0] in "LN" else " " for ch in bare
    )
    return tuple(token for token in spaced.split() if token not in ARTICLES)


def labels_match(ours: str, theirs: str) -> bool:
    """Whether two labels name the same thing: equal, or one's tokens a subset of the other's.

    ``"Tarkovsky"`` matches ``"Andrei Tarkovsky"``; ``"the Mirror"`` matches ``"Mirror"``.
    """
    a, b = set(normalise_label(ours)), set(normalise_label(theirs))
    return bool(a) and bool(b) and (a <= b or b <= a)


# --- the graph side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Classes:
    """What the ontology says about classes: superclasses, and the Wikidata types to expect."""

    supers: dict[URIRef, list[URIRef]]
    aligned: dict[URIRef, frozenset[str]]

    @classmethod
    def of(cls, ontology: Graph) -> _Classes:
        """Read subclass links and class alignments to Wikidata from ``ontology``."""
        supers: dict[URIRef, list[URIRef]] = {}
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                supers.setdefault(sub, []).append(sup)
        aligned: dict[URIRef, frozenset[str]] = {}
        for klass in set(ontology.subjects(RDF.type, OWL.Class)):
            if not isinstance(klass, URIRef):
                continue
            targets = [*ontology.objects(klass, SKOS.exactMatch), *ontology.objects(klass, SKOS.closeMatch)]
            qids = frozenset(q for q in (qid_of(t) for t in targets) if q)
            if qids:
                aligned[klass] = qids
        return cls(supers, aligned)

    def ancestors(self, klass: URIRef) -> list[URIRef]:
        """``klass`` and its superclasses, nearest first (breadth first)."""
        order: list[URIRef] = [klass]
        for current in order:
            for parent in sorted(self.supers.get(current, ())):
                if parent not in order:
                    order.append(parent)
        return order

    def is_a(self, types: Iterable[URIRef], targets: Iterable[URIRef]) -> bool:
        """Whether any of ``types`` is one of ``targets`` or a subclass of one."""
        wanted = set(targets)
        return any(not wanted.isdisjoint(self.ancestors(t)) for t in types)

    def expected(self, types: Iterable[URIRef]) -> tuple[tuple[str, ...], bool]:
        """The Wikidata classes expected for an entity with these types, and whether strictly.

        For each type, the nearest class (itself or an ancestor) with an entry in
        :data:`EXPECTED_TYPES` or an alignment gives the expected classes.
        """
        found: list[str] = []
        strict = False
        for klass in sorted(types):
            for ancestor in self.ancestors(klass):
                listed = EXPECTED_TYPES.get(ancestor, ())
                aligned = self.aligned.get(ancestor, frozenset())
                if listed or aligned:
                    found.extend(q for q in (*listed, *sorted(aligned, key=_qid_sort_key)) if q not in found)
                    strict = strict or bool(aligned)
                    break
        return tuple(found), strict


def _ontology_for(graph: Graph, ontology: Graph | None) -> _Classes:
    """Class knowledge from ``ontology``, else from the graph if it holds the ontology, else bundled."""
    if ontology is None:
        if (FG.Person, RDF.type, OWL.Class) in graph:
            ontology = graph
        else:
            from .graph import load_ontology

            ontology = load_ontology()
    return _Classes.of(ontology)


def _is_ontology_term(graph: Graph, subject: URIRef) -> bool:
    """Whether ``subject`` belongs to the vocabulary rather than to the data."""
    if str(subject).startswith(str(FG)) or str(subject) == str(FG).rstrip("#"):
        return True
    return any(t in _META_CLASSES for t in graph.objects(subject, RDF.type))


def _types(graph: Graph, entity: URIRef) -> list[URIRef]:
    """The entity's asserted classes."""
    return sorted(t for t in graph.objects(entity, RDF.type) if isinstance(t, URIRef))


def english_label(graph: Graph, entity: URIRef) -> str:
    """The entity's English label, else any label, else its prefixed name."""
    labels = [lab for lab in graph.objects(entity, RDFS.label) if isinstance(lab, Literal)]
    for wanted in ("en", None):
        for lab in sorted(labels, key=str):
            if wanted is None or (lab.language or "").lower().startswith(wanted):
                return str(lab)
    return curie(entity)


_NAME_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FG.title)


def _names(graph: Graph, entity: URIRef) -> list[Literal]:
    """The entity's labels and titles (literals with or without language), sorted."""
    names = {
        lit
        for p in _NAME_PREDICATES
        for lit in graph.objects(entity, p)
        if isinstance(lit, Literal) and str(lit).strip()
    }
    return sorted(names, key=lambda lit: (lit.language or "", str(lit)))


@dataclass(frozen=True)
class Link:
    """One ``skos:exactMatch`` from an entity of the graph to a Wikidata IRI."""

    entity: URIRef
    target: URIRef

    @property
    def qid(self) -> str | None:
        """The QID, or None when the target is not a Wikidata entity IRI of an item."""
        return qid_of(self.target)


def _looks_like_wikidata(iri: URIRef) -> bool:
    """Whether an IRI points into Wikidata at all (entity IRI or not)."""
    return re.match(r"https?://(www\.|m\.)?wikidata\.org/", str(iri)) is not None


def wikidata_links(graph: Graph) -> list[Link]:
    """Every ``skos:exactMatch`` from an instance (not an ontology term) to a Wikidata IRI.

    Wikidata IRIs that are not item entity IRIs (a ``wiki/`` page, a property) are included,
    so that a check can report them as malformed.
    """
    links = []
    for entity, target in graph.subject_objects(SKOS.exactMatch):
        if not isinstance(entity, URIRef) or not isinstance(target, URIRef):
            continue
        if _looks_like_wikidata(target) and not _is_ontology_term(graph, entity):
            links.append(Link(entity, target))
    return sorted(links, key=lambda link: (str(link.entity), str(link.target)))


def _graph_languages(graph: Graph, entities: Iterable[URIRef]) -> list[str]:
    """Primary language subtags of the entities' labels, plus ``en`` and ``mul``."""
    langs = {"en", MUL}
    for entity in entities:
        for name in _names(graph, entity):
            if name.language and _LANG_TAG.fullmatch(name.language):
                langs.add(name.language.split("-")[0].lower())
    return sorted(langs)


# --- asking Wikidata about items ----------------------------------------------------------------


@dataclass
class ItemFacts:
    """What the endpoint says about one item: existence, redirect, names, types."""

    qid: str
    exists: bool = False
    redirect: str | None = None
    labels: list[Literal] = field(default_factory=list)
    aliases: list[Literal] = field(default_factory=list)
    descriptions: list[Literal] = field(default_factory=list)
    #: P31 values: QID -> English label (None if the endpoint has none)
    types: dict[str, str | None] = field(default_factory=dict)
    #: the asked-for classes that the item is an instance of (through P31/P279*)
    reached: set[str] = field(default_factory=set)

    def label(self, languages: Sequence[str] = ("en", MUL)) -> str | None:
        """The item's label in the first of ``languages`` that has one."""
        for lang in languages:
            for lab in sorted(self.labels, key=str):
                if (lab.language or "").lower() == lang:
                    return str(lab)
        return str(sorted(self.labels, key=str)[0]) if self.labels else None

    def description(self) -> str | None:
        """The item's English description, if the endpoint has one."""
        for desc in sorted(self.descriptions, key=str):
            if (desc.language or "").lower() in ("en", MUL):
                return str(desc)
        return None

    def type_names(self) -> list[str]:
        """P31 values as ``label (Q…)``, sorted by QID."""
        return [
            f"{label} ({qid})" if label else qid
            for qid, label in sorted(self.types.items(), key=lambda kv: _qid_sort_key(kv[0]))
        ]


def _facts_query(block: str, languages: Sequence[str], classes: Sequence[str]) -> str:
    """The query for one VALUES batch of items (see :func:`fetch_item_facts`)."""
    tags = sorted({lang.lower() for lang in languages if _LANG_TAG.fullmatch(lang)})
    wanted = [q for q in classes if QID_PATTERN.fullmatch(q)]
    query = fill_values(_wikidata_query("item-facts"), block)
    query = fill_values(query, f"VALUES ?lang {{ {' '.join(_sparql_string(t) for t in tags)} }}")
    if wanted:
        query = fill_values(query, next(values_batches((WD_ENTITY + q for q in wanted), size=len(wanted), var="class")))
    return query


def fetch_item_facts(
    client: SparqlClient,
    qids: Iterable[str],
    languages: Sequence[str] = ("en", MUL),
    classes: Sequence[str] = (),
    *,
    batch_size: int = 100,
    follow_redirects: bool = True,
    progress: Progress | None = None,
) -> dict[str, ItemFacts]:
    """Facts about items, asked in ``VALUES`` batches: one request per ``batch_size`` items.

    An item exists when the endpoint has a redirect, a revision (``schema:version``, on every
    Wikidata item), a label or alias in ``languages``, a description or a P31 for it.
    ``classes`` are the QIDs of classes to test membership of (P31/P279*), reported in
    :attr:`ItemFacts.reached`. Targets of redirects are fetched too (up to three hops).
    """
    wanted = sorted({q for q in qids if QID_PATTERN.fullmatch(q)}, key=_qid_sort_key)
    facts: dict[str, ItemFacts] = {}
    for _hop in range(4):
        todo = [q for q in wanted if q not in facts]
        if not todo:
            break
        batches = list(values_batches((WD_ENTITY + q for q in todo), size=batch_size))
        for number, block in enumerate(batches, 1):
            if progress is not None:
                progress(f"asking about items, batch {number} of {len(batches)}")
            rows = client.select(_facts_query(block, languages, classes))
            _collect_facts(rows, facts)
        for qid in todo:
            facts.setdefault(qid, ItemFacts(qid))
        if not follow_redirects:
            break
        wanted = [f.redirect for f in facts.values() if f.redirect and f.redirect not in facts]
    return facts


def _collect_facts(rows: Iterable[dict[str, object]], facts: dict[str, ItemFacts]) -> None:
    """Fold answer rows of the facts query into ``facts``."""
    for row in rows:
        qid = qid_of(row.get("item"))
        if qid is None:
            continue
        item = facts.setdefault(qid, ItemFacts(qid))
        item.exists = True
        kind, value = str(row.get("kind", "")), row.get("value")
        if kind == "redirect":
            item.redirect = qid_of(value)
        elif kind in ("label", "alias", "description") and isinstance(value, Literal):
            bucket = {"label": item.labels, "alias": item.aliases, "description": item.descriptions}[kind]
            if value not in bucket:
                bucket.append(value)
        elif kind == "type" and (type_qid := qid_of(value)):
            label = row.get("valueLabel")
            item.types[type_qid] = str(label) if label is not None else item.types.get(type_qid)
        elif kind == "fits" and (class_qid := qid_of(value)):
            item.reached.add(class_qid)


# --- link check ---------------------------------------------------------------------------------

#: Statuses of a checked link, from worst to best.
STATUSES = ("malformed", "missing", "mismatch", "redirected", "warning", "ok")


@dataclass
class LinkResult:
    """The outcome of checking one link."""

    entity: URIRef
    entity_label: str
    target: URIRef
    qid: str | None
    status: str = "ok"
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    redirect_to: str | None = None
    matched_label: str | None = None
    found_labels: list[str] = field(default_factory=list)
    type_status: str = "not checked"
    expected_types: list[str] = field(default_factory=list)
    found_types: list[str] = field(default_factory=list)

    @property
    def detail(self) -> str:
        """Problems, then warnings, then notes, in one line."""
        return "; ".join([*self.problems, *self.warnings, *self.notes])

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary."""
        return {
            "entity": str(self.entity),
            "entity_curie": curie(self.entity),
            "entity_label": self.entity_label,
            "target": str(self.target),
            "qid": self.qid,
            "status": self.status,
            "redirect_to": self.redirect_to,
            "label_match": self.matched_label,
            "found_labels": self.found_labels,
            "type_status": self.type_status,
            "expected_types": self.expected_types,
            "found_types": self.found_types,
            "problems": self.problems,
            "warnings": self.warnings,
            "notes": self.notes,
        }


@dataclass
class CheckReport:
    """Every checked link, sorted by entity."""

    endpoint: str
    results: list[LinkResult]

    def count(self, status: str) -> int:
        """How many links have ``status``."""
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[LinkResult]:
        """Links with a problem: malformed, missing, redirected or mismatched."""
        return [r for r in self.results if r.problems]

    def passes(self, strict: bool = False) -> bool:
        """No problems (and with ``strict`` no warnings either)."""
        return not self.failed and not (strict and any(r.warnings for r in self.results))

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary: endpoint, verdict, counts, results."""
        return {
            "endpoint": self.endpoint,
            "ok": self.passes(),
            "counts": {status: self.count(status) for status in STATUSES},
            "links": [r.as_dict() for r in self.results],
        }


def check_links(
    graph: Graph,
    client: SparqlClient,
    *,
    ontology: Graph | None = None,
    batch_size: int = 100,
    progress: Progress | None = None,
) -> CheckReport:
    """Check every Wikidata link of the graph's instances against ``client``'s endpoint.

    ``ontology`` supplies subclass links and class alignments (default: the graph itself when it
    holds the ontology, else the bundled one). Raises EndpointError when the endpoint cannot be
    used; a broken link is a result, not an exception.
    """
    classes = _ontology_for(graph, ontology)
    links = wikidata_links(graph)
    entities = sorted({link.entity for link in links})
    languages = _graph_languages(graph, entities)
    expectations = {e: classes.expected(_types(graph, e)) for e in entities}
    all_classes = sorted({q for qs, _ in expectations.values() for q in qs}, key=_qid_sort_key)
    qids = [link.qid for link in links if link.qid]
    facts = fetch_item_facts(
        client, qids, languages, all_classes, batch_size=batch_size, progress=progress
    ) if qids else {}
    results = [
        _check_one(graph, link, facts, expectations[link.entity], languages) for link in links
    ]
    return CheckReport(client.endpoint, results)


def _check_one(
    graph: Graph,
    link: Link,
    facts: dict[str, ItemFacts],
    expectation: tuple[tuple[str, ...], bool],
    languages: Sequence[str],
) -> LinkResult:
    """Judge one link from the facts fetched."""
    result = LinkResult(link.entity, english_label(graph, link.entity), link.target, link.qid)
    if link.qid is None:
        result.status = "malformed"
        result.problems.append(
            f"link: expected an item IRI http://www.wikidata.org/entity/Q…, found <{link.target}>"
        )
        return result
    item = facts.get(link.qid, ItemFacts(link.qid))
    hops: list[str] = []
    while item.redirect and item.redirect not in hops and len(hops) < 3:
        hops.append(item.redirect)
        item = facts.get(item.redirect, ItemFacts(item.redirect))
    if hops:
        result.redirect_to = hops[-1]
        result.problems.append(
            f"redirect: {link.qid} redirects to {' -> '.join(hops)}; expected the link to name "
            f"the item itself: change it to wd:{hops[-1]}"
        )
    if not item.exists:
        result.status = "missing"
        where = f"{link.qid} (redirect target {item.qid})" if hops else link.qid
        result.problems.append(f"item: expected {where} to exist, found nothing about it at the endpoint")
        return result
    _judge_label(graph, link.entity, item, languages, result)
    _judge_type(item, expectation, result)
    if any(p.startswith(("label:", "type:")) for p in result.problems):
        result.status = "mismatch"
    elif hops:
        result.status = "redirected"
    elif result.warnings:
        result.status = "warning"
    return result


def _judge_label(
    graph: Graph, entity: URIRef, item: ItemFacts, languages: Sequence[str], result: LinkResult
) -> None:
    """Record whether a label or alias of the item matches one of the entity's names."""
    names = [n for n in _names(graph, entity) if n.language]
    theirs = [*item.labels, *item.aliases]
    result.found_labels = [_show(lit) for lit in sorted(item.labels, key=lambda x: (x.language or "", str(x)))]
    matches: list[tuple[int, int, int, str, Literal]] = []
    for ours in names:
        lang = (ours.language or "").split("-")[0].lower()
        for candidate in theirs:
            their_lang = (candidate.language or "").split("-")[0].lower()
            if their_lang in (lang, MUL) and labels_match(str(ours), str(candidate)):
                exact = normalise_label(str(ours)) == normalise_label(str(candidate))
                matches.append(
                    (0 if exact else 1, 0 if candidate in item.labels else 1,
                     0 if their_lang == "en" else 1, _show(candidate), candidate)
                )
    if matches:
        best = min(matches, key=lambda m: m[:4])[4]
        what = "label" if best in item.labels else "alias"
        result.matched_label = _show(best)
        result.notes.append(f"{what} {_show(best)}")
        return
    wanted = " or ".join(_show(n) for n in names) or f'"{result.entity_label}"'
    found = ", ".join(_show(lit) for lit in sorted(theirs, key=lambda x: (x.language or "", str(x))))
    in_langs = "/".join(sorted({(n.language or "").lower() for n in names})) or "/".join(languages)
    result.problems.append(
        f"label: expected a label or alias like {wanted}, found "
        + (found if found else f"no label or alias in {in_langs}")
    )


def _judge_type(item: ItemFacts, expectation: tuple[tuple[str, ...], bool], result: LinkResult) -> None:
    """Record whether the item's P31 fits the entity's class."""
    expected, strict = expectation
    result.expected_types = list(expected)
    result.found_types = item.type_names()
    if not expected:
        result.type_status = "not checked"
        return
    if not item.types:
        result.type_status = "not stated"
        result.notes.append("type not stated")
        return
    fitting = [q for q in expected if q in item.reached]
    if fitting:
        result.type_status = "fits"
        direct = [name for name in item.type_names() if name.endswith(f"({fitting[0]})") or name == fitting[0]]
        result.notes.append(f"type {direct[0]}" if direct else f"type fits {fitting[0]} (via subclass)")
        return
    message = (
        f"type: expected an instance of {' or '.join(expected)} (or a subclass), "
        f"found {', '.join(item.type_names())}"
    )
    if strict:
        result.type_status = "mismatch"
        result.problems.append(message)
    else:
        result.type_status = "unexpected"
        result.warnings.append(message)


def _show(literal: Literal) -> str:
    """``"text"@lang``."""
    return f'"{literal}"@{literal.language}' if literal.language else f'"{literal}"'


def render_check_text(report: CheckReport) -> str:
    """The check as an aligned table and a summary line."""
    header = ("ENTITY", "QID", "STATUS", "DETAIL")
    rows = [
        (curie(r.entity), r.qid or f"<{r.target}>", r.status, r.detail) for r in report.results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(widths[i]) if i < 3 else cell for i, cell in enumerate(row)).rstrip()
        for row in [header, *rows]
    ]
    counts = ", ".join(
        f"{report.count(s)} {s}" for s in reversed(STATUSES) if report.count(s) or s == "ok"
    )
    lines.append("")
    lines.append(f"{len(report.results)} link(s) checked at {report.endpoint}: {counts}")
    return "\n".join(lines) + "\n"


def render_check_json(report: CheckReport) -> str:
    """The check as JSON."""
    import json

    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


# --- suggestions ---------------------------------------------------------------------------------

#: Columns of the review file, in order.
REVIEW_COLUMNS = (
    "entity",
    "entity_label",
    "candidate_qid",
    "candidate_label",
    "description",
    "score",
    "evidence",
    "approved",
)
#: Values of the ``approved`` column that approve a row (case-insensitive).
APPROVED_VALUES = frozenset({"yes", "y", "true", "x"})
#: Values that leave a row unapproved, besides an empty cell.
DECLINED_VALUES = frozenset({"", "no", "n", "false", "-", "0"})
#: At most this many candidates per entity are proposed.
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class Suggestion:
    """One candidate item for one unlinked entity, with its score and the evidence for it."""

    entity: URIRef
    entity_label: str
    qid: str
    label: str
    description: str
    score: float
    evidence: str

    def row(self) -> dict[str, str]:
        """The review-file row (``approved`` left empty for a person to fill in)."""
        return {
            "entity": curie(self.entity),
            "entity_label": self.entity_label,
            "candidate_qid": self.qid,
            "candidate_label": self.label,
            "description": self.description,
            "score": f"{self.score:.2f}",
            "evidence": self.evidence,
            "approved": "",
        }


@dataclass
class SuggestReport:
    """Candidates for unlinked entities, and the entities for which nothing was found."""

    endpoint: str
    suggestions: list[Suggestion]
    considered: list[URIRef]
    without_candidates: list[URIRef]


def _linkable(graph: Graph, classes: _Classes, entity: URIRef) -> bool:
    """Whether an entity is a real-world thing of a class that may have a Wikidata item."""
    return classes.is_a(_types(graph, entity), LINKABLE_CLASSES)


def unlinked_entities(graph: Graph, classes: _Classes) -> list[URIRef]:
    """Real-world entities of the linkable classes without a Wikidata item link."""
    linked = {link.entity for link in wikidata_links(graph) if link.qid}
    found = set()
    for subject in set(graph.subjects(RDF.type, None)):
        if (
            isinstance(subject, URIRef)
            and subject not in linked
            and not _is_ontology_term(graph, subject)
            and _linkable(graph, classes, subject)
        ):
            found.add(subject)
    return sorted(found)


def suggest_links(
    graph: Graph,
    client: SparqlClient,
    *,
    ontology: Graph | None = None,
    languages: Sequence[str] = ("en", "ru"),
    batch_size: int = 100,
    progress: Progress | None = None,
) -> SuggestReport:
    """Candidate items for real-world entities without a Wikidata link; the graph is not changed.

    Candidates are items whose label or alias equals one of the entity's names in ``languages``
    (or in Wikidata's ``mul``), and for films items with the same IMDb ID (P345). Candidates whose
    type contradicts the entity's class are dropped; those with no type stated are kept with a
    lower score. Items already linked from another entity of the graph are not proposed.
    """
    classes = _ontology_for(graph, ontology)
    entities = unlinked_entities(graph, classes)
    taken = {link.qid: link.entity for link in wikidata_links(graph) if link.qid}
    langs = {lang.lower() for lang in languages}

    # names to look up: each of the entity's names in the chosen languages, also as "mul"
    wanted: dict[Literal, set[URIRef]] = {}
    for entity in entities:
        for name in _names(graph, entity):
            lang = (name.language or "").split("-")[0].lower()
            if lang in langs:
                for variant in (Literal(str(name), lang=lang), Literal(str(name), lang=MUL)):
                    wanted.setdefault(variant, set()).add(entity)
    imdb: dict[str, set[URIRef]] = {}
    for entity in entities:
        if classes.is_a(_types(graph, entity), [FG.Film]):
            for value in graph.objects(entity, FG.imdbId):
                if _IMDB_ID.fullmatch(str(value).strip()):
                    imdb.setdefault(str(value).strip(), set()).add(entity)

    hits: dict[tuple[URIRef, str], dict[str, set[str]]] = {}  # (entity, qid) -> evidence kind -> texts
    name_batches = list(_literal_values("name", sorted(wanted, key=lambda x: (x.language, str(x))), batch_size))
    for number, block in enumerate(name_batches, 1):
        if progress is not None:
            progress(f"looking up labels, batch {number} of {len(name_batches)}")
        for row in client.select(fill_values(_wikidata_query("label-lookup"), block)):
            qid, name = qid_of(row.get("item")), row.get("name")
            if qid is None or not isinstance(name, Literal):
                continue
            for entity in wanted.get(name, ()):
                kind = f"{row.get('kind')}@{name.language}"
                hits.setdefault((entity, qid), {}).setdefault(kind, set()).add(str(name))
    if imdb:
        blocks = list(_literal_values("imdb", [Literal(v) for v in sorted(imdb)], batch_size))
        for block in blocks:
            if progress is not None:
                progress("looking up IMDb IDs")
            for row in client.select(fill_values(_wikidata_query("imdb-lookup"), block)):
                qid = qid_of(row.get("item"))
                if qid is None:
                    continue
                for entity in imdb.get(str(row.get("imdb")), ()):
                    hits.setdefault((entity, qid), {}).setdefault("imdb", set()).add(str(row.get("imdb")))

    expectations = {e: classes.expected(_types(graph, e)) for e in entities}
    all_classes = sorted({q for qs, _ in expectations.values() for q in qs}, key=_qid_sort_key)
    candidate_qids = sorted({qid for (_e, qid) in hits}, key=_qid_sort_key)
    facts = fetch_item_facts(
        client,
        candidate_qids,
        sorted({*langs, "en", MUL}),
        all_classes,
        batch_size=batch_size,
        follow_redirects=False,
        progress=progress,
    ) if candidate_qids else {}

    suggestions: list[Suggestion] = []
    for (entity, qid), evidence in hits.items():
        if qid in taken and taken[qid] != entity:
            continue
        item = facts.get(qid, ItemFacts(qid))
        if item.redirect:
            continue
        scored = _score(item, evidence, expectations[entity])
        if scored is None:
            continue
        score, because = scored
        suggestions.append(
            Suggestion(
                entity=entity,
                entity_label=english_label(graph, entity),
                qid=qid,
                label=item.label() or "",
                description=item.description() or "",
                score=score,
                evidence="; ".join(because),
            )
        )
    suggestions.sort(key=lambda s: (str(s.entity), -s.score, _qid_sort_key(s.qid)))
    kept: list[Suggestion] = []
    per_entity: dict[URIRef, int] = {}
    for suggestion in suggestions:
        per_entity[suggestion.entity] = per_entity.get(suggestion.entity, 0) + 1
        if per_entity[suggestion.entity] <= MAX_CANDIDATES:
            kept.append(suggestion)
    without = [e for e in entities if e not in per_entity]
    return SuggestReport(client.endpoint, kept, entities, without)


def _score(
    item: ItemFacts, evidence: dict[str, set[str]], expectation: tuple[tuple[str, ...], bool]
) -> tuple[float, list[str]] | None:
    """A score in [0, 1] and the evidence for it; None when the item's type rules it out."""
    because: list[str] = []
    score = 0.0
    if "imdb" in evidence:
        score += 0.5
        because.append(f"IMDb ID {', '.join(sorted(evidence['imdb']))} (P345)")
    kinds = sorted(k for k in evidence if k != "imdb")
    labels = [k for k in kinds if k.startswith("label@")]
    if labels:
        score += 0.5
    elif kinds:
        score += 0.35
    languages = {k.split("@", 1)[1] for k in kinds}
    if len(languages - {MUL}) > 1:
        score += 0.1
    for kind in kinds:
        what, lang = kind.split("@", 1)
        for text in sorted(evidence[kind]):
            because.append(f'{"label" if what == "label" else "alias"} "{text}"@{lang}')
    expected, strict = expectation
    if expected:
        fitting = [q for q in expected if q in item.reached]
        if fitting:
            score += 0.4
            names = [n for n in item.type_names() if n.endswith(f"({fitting[0]})")]
            because.append(f"instance of {names[0] if names else fitting[0] + ' (via subclass)'}")
        elif not item.types:
            because.append("type not stated")
        elif strict:
            return None
        else:
            because.append(f"type {', '.join(item.type_names())} not among {', '.join(expected)}")
    return round(min(score, 1.0), 2), because


def review_csv(suggestions: Iterable[Suggestion]) -> str:
    """The review file's text: a header row, then one row per suggestion, each cell on one line
    and neutralised against formula injection (:mod:`filmgraph.spreadsheet`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for suggestion in suggestions:
        writer.writerow({column: to_cell(single_line(text)) for column, text in suggestion.row().items()})
    return buffer.getvalue()


def write_review(suggestions: Iterable[Suggestion], path: str | Path) -> None:
    """Write the review file atomically."""
    atomic_write(path, review_csv(suggestions))


# --- applying reviewed links --------------------------------------------------------------------


class ReviewRejected(UsageError):
    """A review file with rows that cannot be applied; nothing was written (exit 2)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ApplyReport:
    """What :func:`apply_links` did."""

    data: Path
    added: list[tuple[URIRef, str, str]] = field(default_factory=list)  # entity, qid, label
    unchanged: list[tuple[URIRef, str]] = field(default_factory=list)  # already linked so
    conforms: bool = True


@dataclass(frozen=True)
class _Approved:
    """One approved row: where it is, which entity, which item."""

    where: str
    entity: URIRef
    qid: str


def _read_review(path: Path) -> tuple[list[_Approved], list[str]]:
    """The approved rows of a review file and the problems found in it."""
    # strictly: a stray quote must not swallow the rows below it (spreadsheets add a BOM: dropped)
    (_, header), *body = csv_rows(read_user_file(path, kind="a review file"), str(path))
    columns = [c.strip() for c in header]
    missing = [c for c in ("entity", "candidate_qid", "approved") if c not in columns]
    if missing:
        raise ReviewRejected(
            [f"{path}:1: the header lacks the column(s) {', '.join(missing)} "
             f"(expected: {','.join(REVIEW_COLUMNS)})"]
        )
    approved: list[_Approved] = []
    problems: list[str] = []
    for line, row in body:
        cells = {column: from_cell(value).strip() for column, value in zip(columns, row, strict=True)}
        where = f"{path}:{line}"
        decision = cells.get("approved", "").lower()
        if decision in DECLINED_VALUES:
            continue
        if decision not in APPROVED_VALUES:
            problems.append(
                f"{where}: approved is {cells.get('approved')!r}; write yes, y, true or x to "
                "approve, or leave it empty"
            )
            continue
        entity = expand(cells.get("entity", ""))
        qid = parse_qid(cells.get("candidate_qid", ""))
        if entity is None:
            problems.append(f"{where}: entity {cells.get('entity', '')!r} is not an IRI or prefixed name")
        if qid is None:
            problems.append(
                f"{where}: candidate_qid {cells.get('candidate_qid', '')!r} is not a Wikidata item "
                "identifier (Q followed by digits, such as Q853)"
            )
        if entity is not None and qid is not None:
            approved.append(_Approved(where, entity, qid))
    return approved, problems


def _default_data_file() -> Path:
    """The data file of the project in the current directory that holds its Wikidata links.

    Links are statements of the Wikidata source, so they go where the other links already are
    (the file declaring the Wikidata source graph), never into the story's own file.
    """
    from .graph import parse_file

    folder = Path("data")
    files = sorted(folder.rglob("*.ttl")) if folder.is_dir() else []
    counts = {f: len(wikidata_links(parse_file(f))) for f in files}
    best = max(files, key=lambda f: (counts[f], -len(str(f))), default=None)
    if best is None or counts[best] == 0:
        raise UsageError("no data file with Wikidata links under data/ here: run in the project folder "
                         "or choose the file with --data")
    return best


def _neighbours(path: Path) -> list[Path]:
    """The other Turtle files of the data folder ``path`` belongs to (none if it is not in one)."""
    resolved = path.resolve()
    folder = next((p for p in resolved.parents if p.name == "data"), None)
    if folder is None:
        return []
    return [f for f in sorted(folder.rglob("*.ttl")) if f.resolve() != resolved]


def apply_links(
    review: str | Path, data: str | Path | None = None, client: SparqlClient | None = None
) -> ApplyReport:
    """Add the approved rows of a review file to ``data`` as ``skos:exactMatch`` links.

    With ``client``, every new link is first checked at its endpoint as ``link check`` would
    (the item exists, its label and type fit the entity): a person's "yes" on a wrong or mistyped
    QID is caught before it reaches the data. Without one, the rows are trusted as reviewed.

    Refuses (ReviewRejected, nothing written) a malformed QID, an unknown entity, an entity that
    is not a real-world thing, one that already has a different link, an item already linked from
    another entity, or conflicting rows. The result is validated before it is written; if it does
    not conform, CheckFailed is raised and the file is left as it was. The file is written in
    canonical form, keeping its header comment, atomically.
    """
    from .canonical import extract_header, to_turtle
    from .graph import load_ontology, parse_text
    from .validate import validate

    review = Path(review)
    path = Path(data) if data is not None else _default_data_file()
    if path.suffix.lower() not in (".ttl", ".turtle"):
        raise UsageError(f"{path}: links are applied to Turtle data files (.ttl) only")
    rows, problems = _read_review(review)
    text = read_user_file(path)
    graph = parse_text(text, str(path), fmt="turtle")
    whole = Graph()  # the file with the rest of its data folder: what the checks see
    for triple in graph:
        whole.add(triple)
    for other in _neighbours(path):
        parse_text(read_user_file(other), str(other), whole, fmt="turtle")
    classes = _Classes.of(load_ontology())

    existing: dict[URIRef, set[str]] = {}
    owner: dict[str, URIRef] = {}
    for link in wikidata_links(whole):
        if link.qid:
            existing.setdefault(link.entity, set()).add(link.qid)
            owner.setdefault(link.qid, link.entity)
    report = ApplyReport(path)
    chosen: dict[URIRef, _Approved] = {}
    for row in rows:
        name = curie(row.entity)
        if (row.entity, None, None) not in whole:
            problems.append(
                f"{row.where}: unknown entity {name}: neither {path} nor its data folder says anything about it"
            )
            continue
        if _is_ontology_term(whole, row.entity) or not _linkable(whole, classes, row.entity):
            problems.append(
                f"{row.where}: entity {name} is not a real-world entity of a class that links to "
                "Wikidata (people, groups, organisations, real places, works, genres, languages, awards)"
            )
            continue
        have = existing.get(row.entity, set())
        if have and row.qid not in have:
            problems.append(
                f"{row.where}: entity {name} already links to {', '.join(sorted(have))}, not "
                f"{row.qid}; remove that link first if it is wrong"
            )
            continue
        if row.qid in have:
            report.unchanged.append((row.entity, row.qid))
            continue
        if row.qid in owner and owner[row.qid] != row.entity:
            problems.append(f"{row.where}: {row.qid} is already the link of {curie(owner[row.qid])}")
            continue
        earlier = chosen.get(row.entity)
        if earlier is not None and earlier.qid != row.qid:
            problems.append(
                f"{row.where}: entity {name} is approved for {earlier.qid} ({earlier.where}) and {row.qid}"
            )
            continue
        claimed = next((c for c in chosen.values() if c.qid == row.qid and c.entity != row.entity), None)
        if claimed is not None:
            problems.append(f"{row.where}: {row.qid} is approved for {curie(claimed.entity)} too ({claimed.where})")
            continue
        chosen[row.entity] = row
    if problems:
        raise ReviewRejected(problems)
    if not chosen:
        return report
    if client is not None:
        _verify_new_links(whole, sorted(chosen.values(), key=lambda r: str(r.entity)), client)
    for row in sorted(chosen.values(), key=lambda r: str(r.entity)):
        link = (row.entity, SKOS.exactMatch, URIRef(WD_ENTITY + row.qid))
        graph.add(link)
        whole.add(link)
        report.added.append((row.entity, row.qid, english_label(whole, row.entity)))
    result = validate(whole)
    if not result.conforms:
        raise CheckFailed(
            f"{path}: with the new link(s) the data would not conform "
            f"({len(result.violations)} violation(s)); nothing written; "
            f"run 'filmgraph validate {path}' to see the state of the file"
        )
    atomic_write(path, to_turtle(graph, header=extract_header(text)))
    report.conforms = result.conforms
    return report


def _verify_new_links(graph: Graph, rows: Sequence[_Approved], client: SparqlClient) -> None:
    """Check the approved links at the endpoint before any is written; refuse those that fail."""
    from .graph import load_ontology

    probe = Graph()
    for row in rows:
        for triple in graph.triples((row.entity, None, None)):
            if triple[1] != SKOS.exactMatch:
                probe.add(triple)
        probe.add((row.entity, SKOS.exactMatch, URIRef(WD_ENTITY + row.qid)))
    checked = check_links(probe, client, ontology=load_ontology())
    where = {row.entity: row.where for row in rows}
    problems = [
        f"{where.get(result.entity, '?')}: {curie(result.entity)} -> wd:{result.qid} failed the check at "
        f"{client.endpoint}: {'; '.join(result.problems)}"
        for result in checked.results
        if result.problems
    ]
    if problems:
        raise ReviewRejected(problems)


# --- QuickStatements ----------------------------------------------------------------------------

ITEM, STRING, MONOLINGUAL, YEAR = "item", "string", "monolingual", "year"

#: What a film in the graph can give back to Wikidata: graph property -> Wikidata property, kind.
FILM_STATEMENTS: tuple[tuple[URIRef, str, str], ...] = (
    (FG.title, "P1476", MONOLINGUAL),
    (FG.director, "P57", ITEM),
    (FG.screenwriter, "P58", ITEM),
    (FG.castMember, "P161", ITEM),
    (FG.composer, "P86", ITEM),
    (FG.cinematographer, "P344", ITEM),
    (FG.productionCompany, "P272", ITEM),
    (FG.hasGenre, "P136", ITEM),
    (FG.basedOn, "P144", ITEM),
    (FG.originalLanguage, "P364", ITEM),
    (FG.countryOfOrigin, "P495", ITEM),
    (FG.filmingLocation, "P915", ITEM),
    (FG.narrativeLocation, "P840", ITEM),
    (FG.hasCharacter, "P674", ITEM),
    (FG.releaseYear, "P577", YEAR),
    (FG.imdbId, "P345", STRING),
)
#: Qualifier "character role" on a cast member statement, where the character is linked.
CHARACTER_ROLE = "P453"
#: Reference property "reference URL": every statement cites the IRI of the dataset describing the
#: film, read from the graph. No "stated in" (S248): that needs a Wikidata item for the dataset,
#: and there is none. No "retrieved" (S813): the date would be the run's, not the data's.
REFERENCE_URL = "S854"


@dataclass(frozen=True)
class Statement:
    """One QuickStatements v1 statement with its reference."""

    item: str
    property: str
    value: str
    reference: str
    qualifiers: tuple[tuple[str, str], ...] = ()
    film: URIRef | None = None

    def line(self) -> str:
        """The tab-separated QuickStatements v1 line."""
        parts = [self.item, self.property, self.value]
        for prop, value in self.qualifiers:
            parts += [prop, value]
        parts += [REFERENCE_URL, _qs_string(self.reference)]
        return "\t".join(parts)


@dataclass
class QuickStatementsReport:
    """Statements Wikidata lacks, and what could not be given back (and why)."""

    endpoint: str
    statements: list[Statement]
    #: (film, Wikidata property, graph value) left out because the value has no Wikidata link
    unlinked: list[tuple[URIRef, str, URIRef]] = field(default_factory=list)
    #: problems that stopped a film from being handled (missing or redirected item, …)
    problems: list[str] = field(default_factory=list)
    #: how many of the graph's statements Wikidata already has
    present: int = 0

    def text(self) -> str:
        """All statements, one line each."""
        return "".join(s.line() + "\n" for s in self.statements)


def _qs_string(text: str) -> str:
    """A QuickStatements string value (double quotes; no way to escape quotes or tabs)."""
    if any(ch in text for ch in '"\t\n\r'):
        raise ValueError(f"cannot write {text!r} as a QuickStatements string")
    return f'"{text}"'


def _datasets_for(graph: Graph, film: URIRef) -> list[Node]:
    """The datasets describing the film: nodes typed ``void:Dataset`` with it as ``dcterms:subject``."""
    found = {d for d in graph.subjects(DCTERMS.subject, film) if (d, RDF.type, VOID.Dataset) in graph}
    return sorted(found, key=lambda d: (not isinstance(d, URIRef), str(d)))


def _item_map(graph: Graph) -> dict[URIRef, str]:
    """Entity -> its one Wikidata item, for entities with exactly one item link."""
    found: dict[URIRef, set[str]] = {}
    for link in wikidata_links(graph):
        if link.qid:
            found.setdefault(link.entity, set()).add(link.qid)
    return {entity: qids.pop() for entity, qids in found.items() if len(qids) == 1}


def quickstatements(
    graph: Graph,
    client: SparqlClient,
    *,
    progress: Progress | None = None,
) -> QuickStatementsReport:
    """Statements the graph knows about its linked films that their Wikidata items lack.

    One batched query asks what the items already have for the properties of
    :data:`FILM_STATEMENTS`; only what is missing is returned, each statement with a reference
    URL (S854): the IRI of the dataset describing the film (the one ``void:Dataset`` whose
    ``dcterms:subject`` is the film), so that a contribution says where it came from. A film
    without exactly one such dataset IRI is a problem, and gives no statements. Values are only
    QIDs linked in the graph, strings, monolingual titles and years; nothing is invented.
    """
    films = sorted(
        f for f in set(graph.subjects(RDF.type, FG.Film)) if isinstance(f, URIRef)
    )
    report = QuickStatementsReport(client.endpoint, [])
    items = _item_map(graph)
    targets: dict[URIRef, str] = {}
    references: dict[URIRef, str] = {}
    for film in films:
        qid = items.get(film)
        datasets = _datasets_for(graph, film)
        if qid is None:
            report.problems.append(
                f"{curie(film)}: no single Wikidata link; link it first (filmgraph link suggest)"
            )
        elif len(datasets) != 1 or not isinstance(datasets[0], URIRef):
            found = ", ".join(curie(d) if isinstance(d, URIRef) else "a blank node" for d in datasets)
            report.problems.append(
                f"{curie(film)}: statements need the IRI of the one dataset describing the film (a void:Dataset "
                f"with dcterms:subject {curie(film)}) as their reference; found {found or 'none'}"
            )
        else:
            targets[film] = qid
            references[film] = str(datasets[0])
    if not targets:
        return report
    properties = sorted({p for _, p, _ in FILM_STATEMENTS})
    prop_block = next(values_batches([str(WDT[p]) for p in properties] + [str(OWL.sameAs)], size=1000, var="property"))
    existing: dict[str, dict[str, set[object]]] = {}
    seen_items: set[str] = set()
    redirects: dict[str, str] = {}
    for block in values_batches([WD_ENTITY + q for q in targets.values()], size=100):
        if progress is not None:
            progress("asking what the film items already have")
        query = fill_values(fill_values(_wikidata_query("item-statements"), block), prop_block)
        for row in client.select(query):
            qid, prop, value = qid_of(row.get("item")), row.get("property"), row.get("value")
            if qid is None or not isinstance(prop, URIRef):
                continue
            seen_items.add(qid)
            if prop == OWL.sameAs:
                redirects[qid] = qid_of(value) or str(value)
                continue
            pid = str(prop)[len(str(WDT)) :]
            existing.setdefault(qid, {}).setdefault(pid, set()).add(_comparable(value))
    for film, qid in targets.items():
        if qid in redirects:
            report.problems.append(
                f"{curie(film)}: {qid} redirects to {redirects[qid]}; update the link first "
                "(filmgraph link check)"
            )
            continue
        if qid not in seen_items:
            report.problems.append(
                f"{curie(film)}: the endpoint has none of these statements for {qid}; is the item "
                "missing? (filmgraph link check)"
            )
            continue
        _film_statements(graph, items, film, qid, references[film], existing.get(qid, {}), report)
    return report


def _comparable(value: object) -> object:
    """A form of an answer value that can be compared with the graph's values."""
    if isinstance(value, URIRef):
        return qid_of(value) or str(value)
    if isinstance(value, Literal):
        if value.language:
            return (str(value), value.language.lower())
        text = str(value)
        match = re.match(r"^([+-]?\d{1,16})-\d\d-\d\d", text)
        if match and value.datatype is not None and str(value.datatype).endswith(("dateTime", "date")):
            return ("year", int(match.group(1)))
        return text
    return str(value)


def _film_statements(
    graph: Graph,
    items: dict[URIRef, str],
    film: URIRef,
    qid: str,
    reference: str,
    have: dict[str, set[object]],
    report: QuickStatementsReport,
) -> None:
    """Append the missing statements of one film to ``report``."""
    for predicate, pid, kind in FILM_STATEMENTS:
        present = have.get(pid, set())
        values = sorted(graph.objects(film, predicate), key=lambda v: (getattr(v, "language", "") or "", str(v)))
        lines: list[Statement] = []
        for value in values:
            if kind == ITEM:
                if not isinstance(value, URIRef):
                    continue
                target = items.get(value)
                if target is None:
                    report.unlinked.append((film, pid, value))
                    continue
                if target in present:
                    report.present += 1
                    continue
                qualifiers = _character_roles(graph, items, film, value) if pid == "P161" else ()
                lines.append(Statement(qid, pid, target, reference, qualifiers, film))
            elif kind == MONOLINGUAL:
                if not isinstance(value, Literal) or not value.language or not _LANG_TAG.fullmatch(value.language):
                    continue
                if (str(value), value.language.lower()) in present:
                    report.present += 1
                    continue
                try:
                    text = f"{value.language.lower()}:{_qs_string(str(value))}"
                except ValueError:
                    continue
                lines.append(Statement(qid, pid, text, reference, (), film))
            elif kind == YEAR:
                match = re.fullmatch(r"(-?\d{4,})", str(value).strip())
                if not match:
                    continue
                year = int(match.group(1))
                if ("year", year) in present:
                    report.present += 1
                    continue
                sign = "-" if year < 0 else "+"
                lines.append(Statement(qid, pid, f"{sign}{abs(year):04d}-00-00T00:00:00Z/9", reference, (), film))
            elif kind == STRING:
                text = str(value).strip()
                if text in present:
                    report.present += 1
                    continue
                try:
                    lines.append(Statement(qid, pid, _qs_string(text), reference, (), film))
                except ValueError:
                    continue
        if kind == ITEM:
            lines.sort(key=lambda s: _qid_sort_key(s.value))
        report.statements.extend(lines)


def _character_roles(
    graph: Graph, items: dict[URIRef, str], film: URIRef, person: URIRef
) -> tuple[tuple[str, str], ...]:
    """P453 qualifiers for the linked characters ``person`` plays in ``film``."""
    roles = []
    for performance in graph.subjects(FG.performer, person):
        if (performance, FG.performanceIn, film) not in graph:
            continue
        for character in graph.objects(performance, FG.playsCharacter):
            if isinstance(character, URIRef) and (target := items.get(character)):
                roles.append((CHARACTER_ROLE, target))
    return tuple(sorted(set(roles), key=lambda r: _qid_sort_key(r[1])))
