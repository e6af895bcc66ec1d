"""Check the graph's passages against a copy of their source text, and read them out of it.

The graph never holds the source's text: each supporting passage is a Web Annotation
``oa:TextPositionSelector`` (code-point offsets, end exclusive) into a source whose SHA-256 and
length the graph records. Whoever holds a copy of the source can check that it is the same text
and read every passage; nobody else learns more than the positions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rdflib import Graph, URIRef

from .errors import InputError


@dataclass(frozen=True)
class Passage:
    """One node's supporting passage: where it stands in which source."""

    node: URIRef
    label: str
    passage: URIRef
    source: URIRef
    start: int
    end: int
    sha256: str | None
    length: int | None

    def text(self, source_text: str) -> str:
        """The passage, cut from a copy of its source (check the copy first with :func:`check_source`)."""
        return source_text[self.start : self.end]


def passages(graph: Graph | None = None, lang: str = "en") -> list[Passage]:
    """Every passage the graph (the bundled one by default) points at, in source order."""
    from .querying import query

    return [
        Passage(URIRef(row["node"]), str(row["nodeLabel"] or ""), URIRef(row["passage"]), URIRef(row["source"]),
                int(row["start"]), int(row["end"]), None if row["sha256"] is None else str(row["sha256"]),
                None if row["length"] is None else int(row["length"]))
        for row in query("passages", graph, lang=lang).rows
    ]


def check_source(found: list[Passage], source: URIRef, text: str) -> list[str]:
    """Problems that stop ``text`` from being the source the passages were located in (none: it is)."""
    mine = [p for p in found if p.source == source]
    if not mine:
        return [f"no passage of the graph points into {source}"]
    problems = []
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    expected = {p.sha256 for p in mine if p.sha256}
    if not expected:
        problems.append(f"{source} records no fg:textSha256 to check a copy against")
    elif digest not in expected:
        problems.append(f"the copy's SHA-256 is {digest}, the graph expects {', '.join(sorted(expected))}")
    lengths = {p.length for p in mine if p.length is not None}
    if lengths and len(text) not in lengths:
        expected_lengths = ", ".join(map(str, sorted(lengths)))
        problems.append(f"the copy has {len(text)} characters, the graph expects {expected_lengths}")
    if not problems:  # the same text: positions can only be wrong in the graph itself
        for p in sorted({(p.passage, p.start, p.end) for p in mine}):
            if not 0 <= p[1] < p[2] <= len(text):
                problems.append(f"{p[0]}: positions {p[1]}-{p[2]} fall outside the text")
    return problems


def read_source(path: str) -> str:
    """A source text as stored (UTF-8, newlines untouched), or a one-line InputError."""
    from .graph import read_user_file

    text = read_user_file(path, "a text file")
    if not text:
        raise InputError(f"{path}: is empty")
    return text


__all__ = ["Passage", "check_source", "passages", "read_source"]
