"""What Wikidata says about items: existence, redirects, labels, aliases, descriptions and types,
asked in ``VALUES`` batches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Literal

from ..sparql_client import SparqlClient, fill_values, values_batches
from .wikidata import (
    LANG_TAG,
    MUL,
    QID_PATTERN,
    WD_ENTITY,
    Progress,
    qid_of,
    qid_sort_key,
    sparql_literal,
    wikidata_query,
)


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
        english = [str(d) for d in sorted(self.descriptions, key=str) if (d.language or "").lower() in ("en", MUL)]
        return english[0] if english else None

    def type_names(self) -> list[str]:
        """P31 values as ``label (Q…)``, sorted by QID."""
        return [
            f"{label} ({qid})" if label else qid
            for qid, label in sorted(self.types.items(), key=lambda kv: qid_sort_key(kv[0]))
        ]

    def fitting_type(self, expected: Sequence[str]) -> tuple[str, bool] | None:
        """The first of ``expected`` the item reaches, as ``label (Q…)`` and True if it is one of its
        P31 values, else as ``Q… (via subclass)`` and False; None if it reaches none."""
        fitting = [q for q in expected if q in self.reached]
        if not fitting:
            return None
        direct = [name for name in self.type_names() if name.endswith(f"({fitting[0]})") or name == fitting[0]]
        return (direct[0], True) if direct else (f"{fitting[0]} (via subclass)", False)


def _facts_query(block: str, languages: Sequence[str], classes: Sequence[str]) -> str:
    """The query for one VALUES batch of items (see :func:`fetch_item_facts`)."""
    tags = sorted({lang.lower() for lang in languages if LANG_TAG.fullmatch(lang)})
    wanted = [q for q in classes if QID_PATTERN.fullmatch(q)]
    query = fill_values(wikidata_query("item-facts"), block)
    query = fill_values(query, f"VALUES ?lang {{ {' '.join(sparql_literal(Literal(t)) for t in tags)} }}")
    if wanted:
        query = fill_values(query, next(values_batches((WD_ENTITY + q for q in wanted), size=len(wanted), var="class")))
    return query


def fetch_item_facts(client: SparqlClient, qids: Iterable[str], languages: Sequence[str] = ("en", MUL),
                     classes: Sequence[str] = (), *, batch_size: int = 100, follow_redirects: bool = True,
                     progress: Progress | None = None) -> dict[str, ItemFacts]:
    """Facts about items, asked in ``VALUES`` batches: one request per ``batch_size`` items.

    An item exists when the endpoint has a redirect, a revision (``schema:version``, on every
    Wikidata item), a label or alias in ``languages``, a description or a P31 for it.
    ``classes`` are the QIDs of classes to test membership of (P31/P279*), reported in
    :attr:`ItemFacts.reached`. Targets of redirects are fetched too (up to three hops).
    """
    wanted = sorted({q for q in qids if QID_PATTERN.fullmatch(q)}, key=qid_sort_key)
    facts: dict[str, ItemFacts] = {}
    for _hop in range(4):
        todo = [q for q in wanted if q not in facts]
        if not todo:
            break
        batches = list(values_batches((WD_ENTITY + q for q in todo), size=batch_size))
        for number, block in enumerate(batches, 1):
            if progress is not None:
                progress(f"asking about items, batch {number} of {len(batches)}")
            _collect_facts(client.select(_facts_query(block, languages, classes)), facts)
        for qid in todo:
            facts.setdefault(qid, ItemFacts(qid))
        if not follow_redirects:
            break
        wanted = [f.redirect for f in facts.values() if f.redirect and f.redirect not in facts]
    return facts


def _collect_facts(rows: Iterable[Mapping[str, object]], facts: dict[str, ItemFacts]) -> None:
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
