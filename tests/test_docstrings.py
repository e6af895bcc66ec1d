"""The examples in the package docstring run as written (a notebook user copies them)."""

from __future__ import annotations

import doctest

import filmgraph


def test_package_docstring_examples() -> None:
    failures, tried = doctest.testmod(filmgraph, verbose=False)
    assert tried >= 4
    assert failures == 0
