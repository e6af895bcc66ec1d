"""``link cast``: confirm a film's cast against Wikidata's cast statements, so it can leave the unverified graph.

The cast comes from the curators' knowledge until Wikidata confirms it: a performance is
*confirmed* when the film item has a cast-member statement (P161) for its actor whose
character-role qualifier (P453) names its character; *actor only* when the actor is there but
no role, or another one, is given; *not found* otherwise. Actors and characters are matched by
their Wikidata link when they have one, else by English label (articles and case ignored).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from ..namespaces import FG, compact_iri
from ..sparql_client import SparqlClient, fill_values, values_batches
from .labels import english_label, labels_match
from .wikidata import WD_ENTITY, qid_of, wikidata_query

CONFIRMED, ACTOR_ONLY, NOT_FOUND = "confirmed", "actor only", "not found"


@dataclass(frozen=True)
class WikidataCast:
    """One cast-member statement of a film item: the actor and, if qualified, the role."""

    actor: str
    actor_label: str
    role: str | None
    role_label: str


@dataclass(frozen=True)
class CastResult:
    """What Wikidata says about one performance."""

    performance: URIRef
    actor: str
    character: str
    status: str = NOT_FOUND
    actor_qid: str | None = None
    role_qid: str | None = None


@dataclass
class CastReport:
    """The cast check of one film linked to a Wikidata item."""

    film: URIRef
    qid: str
    results: list[CastResult] = field(default_factory=list)

    def passes(self) -> bool:
        """True when every performance is confirmed."""
        return all(r.status == CONFIRMED for r in self.results)


def _same(graph: Graph, node: Node, label: str, qid: str | None) -> bool:
    """Whether a local actor or character is the Wikidata one: by link if it has one, else by label."""
    links = {qid_of(o) for o in graph.objects(node, SKOS.exactMatch)} - {None}
    if links:
        return qid in links
    return bool(label) and labels_match(english_label(graph, node), label)


def fetch_cast(client: SparqlClient, qids: Iterable[str]) -> dict[str, list[WikidataCast]]:
    """The cast-member statements of these film items, by film QID, in ``VALUES`` batches."""
    template = wikidata_query("cast-statements")
    cast: dict[str, list[WikidataCast]] = {}
    for block in values_batches((WD_ENTITY + q for q in qids), size=50, var="film"):
        for row in client.select(fill_values(template, block)):
            film, actor = qid_of(row.get("film")), qid_of(row.get("actor"))
            if film and actor:
                cast.setdefault(film, []).append(WikidataCast(
                    actor, str(row.get("actorLabel", "")), qid_of(row.get("role")), str(row.get("roleLabel", ""))))
    return cast


def check_cast(graph: Graph, client: SparqlClient) -> list[CastReport]:
    """Every film of ``graph`` with a Wikidata link and performances, its cast checked at ``client``."""
    films = {}
    for film in sorted(graph.subjects(RDF.type, FG.Film), key=str):
        qid = next((q for q in map(qid_of, graph.objects(film, SKOS.exactMatch)) if q), None)
        if qid and (film, FG.hasPerformance, None) in graph:
            films[film] = qid
    cast = fetch_cast(client, films.values())
    reports = []
    for film, qid in films.items():
        report = CastReport(URIRef(str(film)), qid)
        for performance in sorted(graph.objects(film, FG.hasPerformance), key=str):
            report.results.append(_judge(graph, URIRef(str(performance)), cast.get(qid, [])))
        reports.append(report)
    return reports


def _judge(graph: Graph, performance: URIRef, statements: list[WikidataCast]) -> CastResult:
    # a performance without performer or character is invalid data (SHACL says so): a blank node stands in
    actor = graph.value(performance, FG.performer) or BNode()
    character = graph.value(performance, FG.playsCharacter) or BNode()
    names = (english_label(graph, actor), english_label(graph, character))
    mine = [s for s in statements if _same(graph, actor, s.actor_label, s.actor)]
    if not mine:
        return CastResult(performance, *names)
    played = next((s for s in mine if s.role and _same(graph, character, s.role_label, s.role)), None)
    if played is None:
        return CastResult(performance, *names, ACTOR_ONLY, actor_qid=mine[0].actor, role_qid=mine[0].role)
    return CastResult(performance, *names, CONFIRMED, actor_qid=played.actor, role_qid=played.role)


def render_cast_text(reports: list[CastReport]) -> str:
    """One line per performance, grouped by film, and a closing count."""
    lines = []
    for report in reports:
        lines.append(f"{compact_iri(report.film)} (wd:{report.qid})")
        for r in report.results:
            found = f" (wd:{r.actor_qid}" + (f" as wd:{r.role_qid})" if r.role_qid else ")") if r.actor_qid else ""
            lines.append(f"  {r.status}: {r.actor} as {r.character}{found}")
    confirmed = sum(r.status == CONFIRMED for report in reports for r in report.results)
    total = sum(len(report.results) for report in reports)
    lines.append(f"{confirmed} of {total} performance(s) confirmed by Wikidata's cast statements (P161 with P453)")
    return "\n".join(lines) + "\n"


__all__ = ["ACTOR_ONLY", "CONFIRMED", "NOT_FOUND", "CastReport", "CastResult", "check_cast", "render_cast_text"]
