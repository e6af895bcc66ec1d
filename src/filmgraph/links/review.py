"""The review file between ``link suggest`` and ``link apply``: a CSV a person opens in a spreadsheet,
writes ``yes`` next to the right candidates in, and gives back."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from ..errors import UsageError
from ..graph import read_user_file
from ..guards import csv_rows
from ..namespaces import compact_iri
from ..spreadsheet import from_cell, single_line, to_cell
from .wikidata import expand, parse_qid

#: Columns of the review file, in order.
REVIEW_COLUMNS = ("entity", "entity_label", "candidate_qid", "candidate_label", "description", "score", "evidence",
                  "approved")
#: Values of the ``approved`` column that approve a row (case-insensitive).
APPROVED_VALUES = frozenset({"yes", "y", "true", "x"})
#: Values that leave a row unapproved, besides an empty cell.
DECLINED_VALUES = frozenset({"", "no", "n", "false", "-", "0"})


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
        cells = (compact_iri(self.entity), self.entity_label, self.qid, self.label, self.description,
                 f"{self.score:.2f}", self.evidence, "")
        return dict(zip(REVIEW_COLUMNS, cells, strict=True))


def review_csv(suggestions: Iterable[Suggestion]) -> str:
    """The review file's text: a header row, then one row per suggestion, each cell on one line
    and neutralised against formula injection (:mod:`filmgraph.spreadsheet`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for suggestion in suggestions:
        writer.writerow({column: to_cell(single_line(text)) for column, text in suggestion.row().items()})
    return buffer.getvalue()


class ReviewRejected(UsageError):
    """A review file with rows that cannot be applied; nothing was written (exit 2)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Approved:
    """One approved row: where it is, which entity, which item."""

    where: str
    entity: URIRef
    qid: str


def read_review(path: Path) -> tuple[list[Approved], list[str]]:
    """The approved rows of a review file and the problems found in it."""
    # strictly: a stray quote must not swallow the rows below it (spreadsheets add a BOM: dropped)
    (_, header), *body = csv_rows(read_user_file(path, kind="a review file"), str(path))
    columns = [c.strip() for c in header]
    missing = [c for c in ("entity", "candidate_qid", "approved") if c not in columns]
    if missing:
        raise ReviewRejected([f"{path}:1: the header lacks the column(s) {', '.join(missing)} "
                              f"(expected: {','.join(REVIEW_COLUMNS)})"])
    problems: list[str] = []
    approved = [_approved(f"{path}:{line}", {column: from_cell(value).strip() for column, value
                                             in zip(columns, row, strict=True)}, problems) for line, row in body]
    return [row for row in approved if row is not None], problems


def _approved(where: str, cells: dict[str, str], problems: list[str]) -> Approved | None:
    """The row as an approval, or None (declined, or its problems appended to ``problems``)."""
    decision = cells.get("approved", "").lower()
    if decision in DECLINED_VALUES:
        return None
    if decision not in APPROVED_VALUES:
        problems.append(f"{where}: approved is {cells.get('approved')!r}; write yes, y, true or x to approve, or leave "
                        "it empty")
        return None
    entity = expand(cells.get("entity", ""))
    qid = parse_qid(cells.get("candidate_qid", ""))
    if entity is None:
        problems.append(f"{where}: entity {cells.get('entity', '')!r} is not an IRI or prefixed name")
    if qid is None:
        problems.append(f"{where}: candidate_qid {cells.get('candidate_qid', '')!r} is not a Wikidata item identifier "
                        "(Q followed by digits, such as Q853)")
    return Approved(where, entity, qid) if entity is not None and qid is not None else None
