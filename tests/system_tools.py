"""Tests that need a system program (Debian's Chromium, Apache httpd) skip where it is missing and say
which package to install; under ``FILMGRAPH_REQUIRE_SYSTEM_TOOLS`` (set by ``.ci/run``, which installs
them) a missing program fails the test instead, so CI never passes by skipping."""

from __future__ import annotations

import os

import pytest


def require_system_tool(present: bool, why: str) -> None:
    """Skip with ``why`` (or fail, under ``FILMGRAPH_REQUIRE_SYSTEM_TOOLS``) unless ``present``."""
    if present:
        return
    if os.environ.get("FILMGRAPH_REQUIRE_SYSTEM_TOOLS"):
        pytest.fail(f"{why} (FILMGRAPH_REQUIRE_SYSTEM_TOOLS is set, so this may not be skipped)")
    pytest.skip(why)
