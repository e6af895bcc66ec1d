"""Bundled files (ontology, shapes, data, queries, contexts), read through importlib.resources.

In an installed wheel they live in ``filmgraph/bundled/``; in a source checkout (editable
install, or running from the tree) they are read from the repository's top-level folders.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

ONTOLOGY_FILES = ("ontology/filmgraph.ttl", "ontology/alignments.ttl")
#: The named graph the ontology files go into, when the data files go into theirs.
ONTOLOGY_GRAPH = "https://w3id.org/filmgraph/graph/ontology"
SHAPES_FILE = "ontology/shapes.ttl"
#: The folder whose Turtle files, at any depth, are the bundled data (see :func:`data_files`).
DATA_FOLDER = "data"
DATA_SUFFIX = ".ttl"
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


def resource(relative: str, base: Traversable | Path | None = None) -> Traversable:
    """One bundled file, by its path relative to the project root (``ontology/filmgraph.ttl``);
    ``base`` replaces :func:`root` (a project folder of the same layout)."""
    item = base if base is not None else root()
    for part in relative.split("/"):
        item = item / part
    return item


def read_text(relative: str) -> str:
    """The text of one bundled file."""
    return resource(relative).read_text(encoding="utf-8")


def list_dir(relative: str) -> list[Traversable]:
    """The files in one bundled folder, sorted by name."""
    return sorted((p for p in resource(relative).iterdir() if p.is_file()), key=lambda p: p.name)


def film_name(relative: str) -> str:
    """The film a data file belongs to: ``NAME`` for ``data/NAME.ttl`` and ``data/NAME/…``."""
    parts = relative.split("/")
    return parts[1].removesuffix(DATA_SUFFIX) if len(parts) == 2 else parts[1]


def data_files(base: Traversable | Path | None = None) -> tuple[str, ...]:
    """Every ``*.ttl`` under ``data/`` at any depth, as root-relative paths sorted by path.

    Discovered rather than listed, so that a new source file needs no code change; names
    starting with a dot (editor and system files) are skipped. ``base`` replaces :func:`root`.
    """
    found: list[str] = []

    def walk(folder: Traversable, relative: str) -> None:
        for item in folder.iterdir():
            if item.name.startswith("."):
                continue
            path = f"{relative}/{item.name}"
            if item.is_dir():
                walk(item, path)
            elif item.is_file() and item.name.endswith(DATA_SUFFIX):
                found.append(path)

    folder = (base if base is not None else root()) / DATA_FOLDER
    if folder.is_dir():
        walk(folder, DATA_FOLDER)
    return tuple(sorted(found))

