"""Shared fixtures: the bundled graph, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

import filmgraph

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def bundled() -> Graph:
    """Ontology + alignments + Stalker data (do not modify: shared by many tests)."""
    return filmgraph.load()


@pytest.fixture(scope="session")
def data() -> Graph:
    """The Stalker data alone."""
    return filmgraph.load_data()
