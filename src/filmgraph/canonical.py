"""The canonical forms of filmgraph's RDF: sectioned Turtle for files, N-Triples and N-Quads for export.

The Turtle layout is written by :mod:`filmgraph.turtle`, the N-Triples and N-Quads by
:mod:`filmgraph.rdfc` (blank nodes labelled by RDFC-1.0); this module checks and rewrites files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from .atomic import atomic_write
from .errors import UsageError
from .graph import parse_text, read_user_file
from .namespaces import graph_prefixes, with_vocabularies
from .rdfc import canonical_triples, to_nquads, to_ntriples
from .turtle import DEFAULT_SECTIONS, Section, split_lines, to_trig, to_turtle, trim_end

__all__ = [
    "DEFAULT_SECTIONS",
    "Section",
    "canonical_text",
    "canonical_triples",
    "canonicalise_file",
    "check_files",
    "extract_header",
    "is_canonical",
    "to_nquads",
    "to_ntriples",
    "to_trig",
    "to_turtle",
]

TURTLE_SUFFIXES = (".ttl", ".turtle")

def extract_header(text: str) -> str | None:
    """The leading ``#`` comment lines of a Turtle text (without ``# ``), or None.

    The header stops at the first line that is not a comment or that starts ``# ---`` (a
    section title, which ``to_turtle`` regenerates). Empty comment lines at its end are dropped.
    """
    lines: list[str] = []
    for line in split_lines(text.removeprefix("\ufeff")):
        if not line.startswith("#"):
            break
        body = line[1:].removeprefix(" ")
        if body.startswith("---"):
            break
        lines.append(body)
    lines = trim_end(lines)
    return "\n".join(lines) if lines else None


def canonical_text(text: str, name: str) -> str:
    """The canonical form of Turtle ``text``, keeping its header comment and its own prefixes: IRIs
    are written with the vocabularies' PREFIXES and the file's ``@prefix`` bindings (one that
    rebinds a vocabulary's prefix is not used: its IRIs are written in full); ``name`` is used in errors."""
    graph = parse_text(text, name, Graph(bind_namespaces="none"), fmt="turtle")
    return to_turtle(graph, header=extract_header(text), prefixes=with_vocabularies(graph_prefixes(graph)))


def is_canonical(text: str, name: str) -> bool:
    """Whether Turtle ``text`` is already in canonical form (InputError if it does not parse)."""
    return canonical_text(text, name) == text


def _read_turtle(path: Path) -> str:
    """The text of a Turtle file, exactly (no newline translation); problems as InputError."""
    if path.suffix.lower() not in TURTLE_SUFFIXES:
        raise UsageError(f"{path}: only Turtle files (.ttl) have a canonical form to check")
    return read_user_file(path)


def canonicalise_file(path: str | Path) -> bool:
    """Rewrite a Turtle file in canonical form (atomically); True if its bytes changed."""
    path = Path(path)
    text = _read_turtle(path)
    canonical = canonical_text(text, str(path))
    if canonical == text:
        return False
    atomic_write(path, canonical)
    return True


def check_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files among ``paths`` that are not in canonical form, in the order given."""
    return [Path(path) for path in paths if not is_canonical(_read_turtle(Path(path)), str(path))]
