"""``link check``: does every Wikidata link of the graph name an item that exists, whose label or
alias matches the entity's, and whose type (P31, through P279) fits the entity's class?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from rdflib import Graph, Literal, URIRef

from ..jsonld import dumps
from ..namespaces import compact_iri
from ..sparql_client import SparqlClient
from .entities import Expectation, Link, expectations, expected_classes, ontology_for, wikidata_links
from .items import ItemFacts, fetch_item_facts
from .labels import english_label, graph_languages, labels_match, names, normalise_label, show
from .wikidata import MUL, Progress

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
        fields = asdict(self)
        shown = {"entity": str(self.entity), "entity_curie": compact_iri(self.entity), "target": str(self.target),
                 "label_match": self.matched_label}
        order = ("entity", "entity_curie", "entity_label", "target", "qid", "status", "redirect_to", "label_match",
                 "found_labels", "type_status", "expected_types", "found_types", "problems", "warnings", "notes")
        return {key: shown[key] if key in shown else fields[key] for key in order}


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


def check_links(graph: Graph, client: SparqlClient, *, ontology: Graph | None = None, batch_size: int = 100,
                progress: Progress | None = None) -> CheckReport:
    """Check every Wikidata link of the graph's instances against ``client``'s endpoint.

    ``ontology`` supplies subclass links and class alignments (default: the graph itself when it
    holds the ontology, else the bundled one). Raises EndpointError when the endpoint cannot be
    used; a broken link is a result, not an exception.
    """
    classes = ontology_for(graph, ontology)
    links = wikidata_links(graph)
    entities = sorted({link.entity for link in links})
    languages = graph_languages(graph, entities)
    expected = expectations(graph, classes, entities)
    qids = [link.qid for link in links if link.qid]
    facts = fetch_item_facts(client, qids, languages, expected_classes(expected), batch_size=batch_size,
                             progress=progress)
    return CheckReport(client.endpoint, [_check_one(graph, link, facts, expected[link.entity], languages)
                                         for link in links])


def _check_one(graph: Graph, link: Link, facts: dict[str, ItemFacts], expectation: Expectation,
               languages: Sequence[str]) -> LinkResult:
    """Judge one link from the facts fetched."""
    result = LinkResult(link.entity, english_label(graph, link.entity), link.target, link.qid)
    if link.qid is None:
        result.status = "malformed"
        result.problems.append(f"link: expected an item IRI http://www.wikidata.org/entity/Q…, found <{link.target}>")
        return result
    item = facts.get(link.qid, ItemFacts(link.qid))
    hops: list[str] = []
    while item.redirect and item.redirect not in hops and len(hops) < 3:
        hops.append(item.redirect)
        item = facts.get(item.redirect, ItemFacts(item.redirect))
    if hops:
        result.redirect_to = hops[-1]
        result.problems.append(f"redirect: {link.qid} redirects to {' -> '.join(hops)}; expected the link to name "
                               f"the item itself: change it to wd:{hops[-1]}")
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


def _by_language(literal: Literal) -> tuple[str, str]:
    return (literal.language or "", str(literal))


def _judge_label(graph: Graph, entity: URIRef, item: ItemFacts, languages: Sequence[str], result: LinkResult) -> None:
    """Record whether a label or alias of the item matches one of the entity's names."""
    ours = [n for n in names(graph, entity) if n.language]
    theirs = [*item.labels, *item.aliases]
    result.found_labels = [show(lit) for lit in sorted(item.labels, key=_by_language)]
    matches: list[tuple[int, int, int, str, Literal]] = []
    for name in ours:
        lang = (name.language or "").split("-")[0].lower()
        for candidate in theirs:
            their_lang = (candidate.language or "").split("-")[0].lower()
            if their_lang in (lang, MUL) and labels_match(str(name), str(candidate)):
                exact = normalise_label(str(name)) == normalise_label(str(candidate))
                matches.append((0 if exact else 1, 0 if candidate in item.labels else 1, 0 if their_lang == "en" else 1,
                                show(candidate), candidate))
    if matches:
        best = min(matches, key=lambda m: m[:4])[4]
        result.matched_label = show(best)
        result.notes.append(f"{'label' if best in item.labels else 'alias'} {show(best)}")
        return
    wanted = " or ".join(show(n) for n in ours) or f'"{result.entity_label}"'
    found = ", ".join(show(lit) for lit in sorted(theirs, key=_by_language))
    in_langs = "/".join(sorted({(n.language or "").lower() for n in ours})) or "/".join(languages)
    result.problems.append(f"label: expected a label or alias like {wanted}, found "
                           + (found or f"no label or alias in {in_langs}"))


def _judge_type(item: ItemFacts, expectation: Expectation, result: LinkResult) -> None:
    """Record whether the item's P31 fits the entity's class."""
    expected, strict = expectation
    found = item.type_names()
    result.expected_types, result.found_types = list(expected), found
    if not expected:
        result.type_status = "not checked"
    elif not item.types:
        result.type_status = "not stated"
        result.notes.append("type not stated")
    elif fit := item.fitting_type(expected):
        result.type_status = "fits"
        result.notes.append(f"type {fit[0]}" if fit[1] else f"type fits {fit[0]}")
    else:
        message = f"type: expected an instance of {' or '.join(expected)} (or a subclass), found {', '.join(found)}"
        result.type_status = "mismatch" if strict else "unexpected"
        (result.problems if strict else result.warnings).append(message)


def render_check_text(report: CheckReport) -> str:
    """The check as an aligned table and a summary line."""
    header = ("ENTITY", "QID", "STATUS", "DETAIL")
    rows = [(compact_iri(r.entity), r.qid or f"<{r.target}>", r.status, r.detail) for r in report.results]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = ["  ".join(cell.ljust(widths[i]) if i < 3 else cell for i, cell in enumerate(row)).rstrip()
             for row in [header, *rows]]
    counts = ", ".join(f"{report.count(s)} {s}" for s in reversed(STATUSES) if report.count(s) or s == "ok")
    lines += ["", f"{len(report.results)} link(s) checked at {report.endpoint}: {counts}"]
    return "\n".join(lines) + "\n"


def render_check_json(report: CheckReport) -> str:
    """The check as JSON."""
    return dumps(report.as_dict())
