"""Bundled files (ontology, shapes, data, queries, contexts), read through importlib.resources.

In an installed wheel they live in ``filmgraph/bundled/``; in a source checkout (editable
install, or running from the tree) they are read from the repository's top-level folders.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

ONTOLOGY_FILES = ("ontology/filmgraph.ttl", "ontology/alignments.ttl")
SHAPES_FILE = "ontology/shapes.ttl"
DATA_FILES = ("data/stalker.ttl", "data/stalker/curators.ttl", "data/stalker/dataset.ttl", "data/stalker/wikidata.ttl")
CONTEXT_FILE = "ontology/context.jsonld"


def root() -> Traversable:
    """The folder holding ``ontology/``, ``data/`` and ``queries/``."""
    bundled = files("filmgraph") / "bundled"
    if bundled.is_dir():
        return bundled
    source_tree = Path(__file__).resolve().parents[2]
    if (source_tree / "ontology").is_dir():
        return source_tree
    raise FileNotFoundError("filmgraph's bundled files are missing: reinstall the package")


def resource(relative: str) -> Traversable:
    """One bundled file, by its path relative to the project root (``data/stalker.ttl``)."""
    item = root()
    for part in relative.split("/"):
        item = item / part
    return item


def read_text(relative: str) -> str:
    """The text of one bundled file."""
    return resource(relative).read_text(encoding="utf-8")


def list_dir(relative: str) -> list[Traversable]:
    """The files in one bundled folder, sorted by name."""
    return sorted((p for p in resource(relative).iterdir() if p.is_file()), key=lambda p: p.name)
