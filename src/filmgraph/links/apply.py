"""``link apply``: add the approved rows of a review file to a data file as ``skos:exactMatch`` links,
checked against the data (and, with a client, at the endpoint), validated, in canonical form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from ..atomic import atomic_write
from ..errors import CheckFailed, UsageError
from ..graph import load_ontology, parse_file, parse_text, read_user_file
from ..namespaces import compact_iri
from ..sparql_client import SparqlClient
from .check import check_links
from .entities import Classes, is_ontology_term, linkable, linked_items, wikidata_links
from .labels import english_label
from .review import Approved, ReviewRejected, read_review
from .wikidata import WD_ENTITY


@dataclass
class ApplyReport:
    """What :func:`apply_links` did."""

    data: Path
    added: list[tuple[URIRef, str, str]] = field(default_factory=list)  # entity, qid, label
    unchanged: list[tuple[URIRef, str]] = field(default_factory=list)  # already linked so
    conforms: bool = True


def apply_links(review: str | Path, data: str | Path | None = None, client: SparqlClient | None = None) -> ApplyReport:
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
    from ..canonical import extract_header, to_turtle
    from ..validation import validate

    path = Path(data) if data is not None else _default_data_file()
    if path.suffix.lower() not in (".ttl", ".turtle"):
        raise UsageError(f"{path}: links are applied to Turtle data files (.ttl) only")
    rows, problems = read_review(Path(review))
    text = read_user_file(path)
    graph = parse_text(text, str(path), fmt="turtle")
    whole = Graph()  # the file with the rest of its data folder: what the checks see
    whole += graph
    for other in _neighbours(path):
        parse_text(read_user_file(other), str(other), whole, fmt="turtle")
    report = ApplyReport(path)
    chosen = _choose(rows, whole, Classes.of(load_ontology()), report, problems)
    if problems:
        raise ReviewRejected(problems)
    if not chosen:
        return report
    if client is not None:
        _verify_new_links(whole, chosen, client)
    for row in chosen:
        link = (row.entity, SKOS.exactMatch, URIRef(WD_ENTITY + row.qid))
        graph.add(link)
        whole.add(link)
        report.added.append((row.entity, row.qid, english_label(whole, row.entity)))
    result = validate(whole)
    if not result.conforms:
        raise CheckFailed(f"{path}: with the new link(s) the data would not conform ({len(result.violations)} "
                          f"violation(s)); nothing written; run 'filmgraph validate {path}' to see the state of the "
                          "file")
    atomic_write(path, to_turtle(graph, header=extract_header(text)))
    return report


def _choose(rows: Sequence[Approved], whole: Graph, classes: Classes, report: ApplyReport,
            problems: list[str]) -> list[Approved]:
    """The rows to add, sorted by entity; rows already in the data go to ``report.unchanged``, rows
    that cannot be added to ``problems``."""
    existing = linked_items(whole)
    owner: dict[str, URIRef] = {}
    for link in wikidata_links(whole):
        if link.qid:
            owner.setdefault(link.qid, link.entity)
    chosen: dict[URIRef, Approved] = {}
    for row in rows:
        have = existing.get(row.entity, set())
        problem = _not_linkable(row.entity, whole, classes, report.data)
        if problem is None and row.qid in have:
            report.unchanged.append((row.entity, row.qid))
            continue
        problem = problem or _conflict(row, have, owner, chosen)
        if problem:
            problems.append(f"{row.where}: {problem}")
        else:
            chosen[row.entity] = row
    return sorted(chosen.values(), key=lambda r: str(r.entity))


def _not_linkable(entity: URIRef, whole: Graph, classes: Classes, path: Path) -> str | None:
    """Why ``entity`` cannot have a Wikidata link in the data, or None if it can."""
    if (entity, None, None) not in whole:
        return f"unknown entity {compact_iri(entity)}: neither {path} nor its data folder says anything about it"
    if is_ontology_term(whole, entity) or not linkable(whole, classes, entity):
        return (
            f"entity {compact_iri(entity)} is not a real-world entity of a class that links to "
            "Wikidata (people, groups, organisations, real places, works, genres, languages, awards)"
        )
    return None


def _conflict(row: Approved, have: set[str], owner: dict[str, URIRef], chosen: dict[URIRef, Approved]) -> str | None:
    """Why the row clashes with the data's links or with an earlier row, or None."""
    name = compact_iri(row.entity)
    if have:
        return (f"entity {name} already links to {', '.join(sorted(have))}, not {row.qid}; "
                "remove that link first if it is wrong")
    if row.qid in owner and owner[row.qid] != row.entity:
        return f"{row.qid} is already the link of {compact_iri(owner[row.qid])}"
    earlier = chosen.get(row.entity)
    if earlier is not None and earlier.qid != row.qid:
        return f"entity {name} is approved for {earlier.qid} ({earlier.where}) and {row.qid}"
    claimed = next((c for c in chosen.values() if c.qid == row.qid and c.entity != row.entity), None)
    if claimed is not None:
        return f"{row.qid} is approved for {compact_iri(claimed.entity)} too ({claimed.where})"
    return None


def _verify_new_links(graph: Graph, rows: Sequence[Approved], client: SparqlClient) -> None:
    """Check the approved links at the endpoint before any is written; refuse those that fail."""
    probe = Graph()
    for row in rows:
        for triple in graph.triples((row.entity, None, None)):
            if triple[1] != SKOS.exactMatch:
                probe.add(triple)
        probe.add((row.entity, SKOS.exactMatch, URIRef(WD_ENTITY + row.qid)))
    checked = check_links(probe, client, ontology=load_ontology())
    where = {row.entity: row.where for row in rows}
    problems = [
        f"{where.get(result.entity, '?')}: {compact_iri(result.entity)} -> wd:{result.qid} failed the check at "
        f"{client.endpoint}: {'; '.join(result.problems)}"
        for result in checked.results
        if result.problems
    ]
    if problems:
        raise ReviewRejected(problems)


def _default_data_file() -> Path:
    """The data file of the project in the current directory that holds its Wikidata links.

    Links are statements of the Wikidata source, so they go where the other links already are
    (the file declaring the Wikidata source graph), never into the story's own file.
    """
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
