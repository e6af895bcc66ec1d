"""The SHACL fixtures under tests/shapes and their pySHACL reports, shared by the shape tests.

One cache for the process, so the shape tests and the TopBraid cross-check validate each fixture
with pySHACL once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import filmgraph
from filmgraph.validation import Report

SHAPES_DIR = Path(__file__).resolve().parent / "shapes"
VALID = sorted((SHAPES_DIR / "valid").glob("*.ttl"))
INVALID = sorted((SHAPES_DIR / "invalid").glob("*.ttl"))


@cache
def report_for(path: Path) -> Report:
    """filmgraph's (pySHACL's) report for one fixture file."""
    return filmgraph.validate(filmgraph.parse_file(path))
