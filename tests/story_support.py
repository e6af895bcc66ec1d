"""What the Stalker files say, read with rdflib alone: the expected answers of the picture tests come
from here, never from the queries under test."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]


def stalker_files_graph() -> Graph:
    """The story and the other sources' graphs of the film, merged (the curators place some events)."""
    graph = Graph()
    for path in [ROOT / "data" / "stalker.ttl", *sorted((ROOT / "data" / "stalker").glob("*.ttl"))]:
        graph.parse(path, format="turtle")
    return graph
