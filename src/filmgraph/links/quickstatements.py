"""``link quickstatements``: what the graph knows about each linked film that its Wikidata item lacks,
as QuickStatements v1 lines, using only identifiers linked in the graph."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, VOID
from rdflib.term import Node

from ..namespaces import FG, WDT, compact_iri
from ..sparql_client import SparqlClient, fill_values, values_batches
from .entities import linked_items
from .wikidata import LANG_TAG, WD_ENTITY, Progress, qid_of, qid_sort_key, wikidata_query

ITEM, STRING, MONOLINGUAL, YEAR = "item", "string", "monolingual", "year"

#: What a film in the graph can give back to Wikidata: graph property -> Wikidata property, kind.
FILM_STATEMENTS: tuple[tuple[URIRef, str, str], ...] = (
    (FG.title, "P1476", MONOLINGUAL), (FG.director, "P57", ITEM), (FG.screenwriter, "P58", ITEM),
    (FG.castMember, "P161", ITEM), (FG.composer, "P86", ITEM), (FG.cinematographer, "P344", ITEM),
    (FG.productionCompany, "P272", ITEM), (FG.hasGenre, "P136", ITEM), (FG.basedOn, "P144", ITEM),
    (FG.originalLanguage, "P364", ITEM), (FG.countryOfOrigin, "P495", ITEM), (FG.filmingLocation, "P915", ITEM),
    (FG.narrativeLocation, "P840", ITEM), (FG.hasCharacter, "P674", ITEM), (FG.releaseYear, "P577", YEAR),
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
        parts = [self.item, self.property, self.value, *(v for pair in self.qualifiers for v in pair)]
        reference = _quoted(self.reference)
        if reference is None:
            raise ValueError(f"cannot write {self.reference!r} as a QuickStatements string")
        return "\t".join([*parts, REFERENCE_URL, reference])


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


def _quoted(text: str) -> str | None:
    """A QuickStatements string value (double quotes), or None: there is no way to escape quotes or tabs."""
    return None if any(ch in text for ch in '"\t\n\r') else f'"{text}"'


def quickstatements(graph: Graph, client: SparqlClient, *, progress: Progress | None = None) -> QuickStatementsReport:
    """Statements the graph knows about its linked films that their Wikidata items lack.

    One batched query asks what the items already have for the properties of
    :data:`FILM_STATEMENTS`; only what is missing is returned, each statement with a reference
    URL (S854): the IRI of the dataset describing the film (the one ``void:Dataset`` whose
    ``dcterms:subject`` is the film), so that a contribution says where it came from. A film
    without exactly one such dataset IRI is a problem, and gives no statements. Values are only
    QIDs linked in the graph, strings, monolingual titles and years; nothing is invented.
    """
    report = QuickStatementsReport(client.endpoint, [])
    items = {entity: next(iter(qids)) for entity, qids in linked_items(graph).items() if len(qids) == 1}
    targets = _targets(graph, items, report)
    existing, redirects = _item_statements(client, [qid for qid, _ in targets.values()], progress)
    for film, (qid, reference) in targets.items():
        if qid in redirects:
            report.problems.append(f"{compact_iri(film)}: {qid} redirects to {redirects[qid]}; update the link first "
                                   "(filmgraph link check)")
        elif qid not in existing:
            report.problems.append(f"{compact_iri(film)}: the endpoint has none of these statements for {qid}; is the "
                                   "item missing? (filmgraph link check)")
        else:
            for predicate, pid, kind in FILM_STATEMENTS:
                _add_statements(graph, items, film, (qid, pid, kind, reference), existing[qid].get(pid, set()),
                                graph.objects(film, predicate), report)
    return report


def _targets(graph: Graph, items: dict[URIRef, str], report: QuickStatementsReport) -> dict[URIRef, tuple[str, str]]:
    """Film -> its item and the IRI of its one dataset, for the films that have both (the others are problems)."""
    targets: dict[URIRef, tuple[str, str]] = {}
    for film in sorted(f for f in set(graph.subjects(RDF.type, FG.Film)) if isinstance(f, URIRef)):
        qid, name = items.get(film), compact_iri(film)
        datasets = sorted({d for d in graph.subjects(DCTERMS.subject, film) if (d, RDF.type, VOID.Dataset) in graph},
                          key=lambda d: (not isinstance(d, URIRef), str(d)))
        if qid is None:
            report.problems.append(f"{name}: no single Wikidata link; link it first (filmgraph link suggest)")
        elif len(datasets) != 1 or not isinstance(datasets[0], URIRef):
            found = ", ".join(compact_iri(d) if isinstance(d, URIRef) else "a blank node" for d in datasets) or "none"
            report.problems.append(f"{name}: statements need the IRI of the one dataset describing the film (a "
                                   f"void:Dataset with dcterms:subject {name}) as their reference; found {found}")
        else:
            targets[film] = (qid, str(datasets[0]))
    return targets


def _item_statements(
    client: SparqlClient, qids: list[str], progress: Progress | None
) -> tuple[dict[str, dict[str, set[object]]], dict[str, str]]:
    """What the items already state (QID -> property -> comparable values) and which are redirects."""
    properties = sorted({p for _, p, _ in FILM_STATEMENTS})
    prop_block = next(values_batches([str(WDT[p]) for p in properties] + [str(OWL.sameAs)], size=1000, var="property"))
    existing: dict[str, dict[str, set[object]]] = {}
    redirects: dict[str, str] = {}
    for block in values_batches([WD_ENTITY + q for q in qids], size=100):
        if progress is not None:
            progress("asking what the film items already have")
        for row in client.select(fill_values(fill_values(wikidata_query("item-statements"), block), prop_block)):
            qid, prop, value = qid_of(row.get("item")), row.get("property"), row.get("value")
            if qid is None or not isinstance(prop, URIRef):
                continue
            have = existing.setdefault(qid, {})
            if prop == OWL.sameAs:
                redirects[qid] = qid_of(value) or str(value)
            else:
                have.setdefault(str(prop)[len(str(WDT)) :], set()).add(_comparable(value))
    return existing, redirects


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


def _add_statements(graph: Graph, items: dict[URIRef, str], film: URIRef, what: tuple[str, str, str, str],
                    present: set[object], values: Iterable[Node], report: QuickStatementsReport) -> None:
    """Append to ``report`` the statements of one film property (``what``: item, property, kind,
    reference) for the graph's ``values`` that Wikidata does not have yet."""
    qid, pid, kind, reference = what
    lines: list[Statement] = []
    for value in sorted(values, key=lambda v: (getattr(v, "language", "") or "", str(v))):
        if kind == ITEM and isinstance(value, URIRef) and value not in items:
            report.unlinked.append((film, pid, value))
            continue
        found = _item_value(graph, items, film, pid, value) if kind == ITEM else _literal_value(kind, value)
        if found is None:
            continue
        comparable, shown, qualifiers = found
        if comparable in present:
            report.present += 1
        elif shown is not None:
            lines.append(Statement(qid, pid, shown, reference, qualifiers, film))
    if kind == ITEM:
        lines.sort(key=lambda s: qid_sort_key(s.value))
    report.statements.extend(lines)


Qualifiers = tuple[tuple[str, str], ...]
#: A graph value as Wikidata would hold it (to compare), as QuickStatements writes it, and its qualifiers
Found = tuple[object, str | None, Qualifiers]


def _item_value(graph: Graph, items: dict[URIRef, str], film: URIRef, pid: str, value: Node) -> Found | None:
    """A linked entity as an item value (cast members with the characters they play); None if not an IRI."""
    if not isinstance(value, URIRef):
        return None
    target = items[value]
    return target, target, _character_roles(graph, items, film, value) if pid == "P161" else ()


def _literal_value(kind: str, value: Node) -> Found | None:
    """A graph value as Wikidata would hold it (to compare) and as QuickStatements writes it (None if it
    cannot); None when the value is not of the kind."""
    if kind == MONOLINGUAL:
        if not isinstance(value, Literal) or not value.language or not LANG_TAG.fullmatch(value.language):
            return None
        lang, quoted = value.language.lower(), _quoted(str(value))
        return (str(value), lang), f"{lang}:{quoted}" if quoted else None, ()
    if kind == YEAR:
        match = re.fullmatch(r"(-?\d{4,})", str(value).strip())
        if not match:
            return None
        year = int(match.group(1))
        return ("year", year), f"{'-' if year < 0 else '+'}{abs(year):04d}-00-00T00:00:00Z/9", ()
    text = str(value).strip()
    return text, _quoted(text), ()


def _character_roles(graph: Graph, items: dict[URIRef, str], film: URIRef, person: URIRef) -> Qualifiers:
    """P453 qualifiers for the linked characters ``person`` plays in ``film``."""
    roles = {
        (CHARACTER_ROLE, target)
        for performance in graph.subjects(FG.performer, person)
        if (performance, FG.performanceIn, film) in graph
        for character in graph.objects(performance, FG.playsCharacter)
        if isinstance(character, URIRef) and (target := items.get(character))
    }
    return tuple(sorted(roles, key=lambda r: qid_sort_key(r[1])))
