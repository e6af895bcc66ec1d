"""The code's own rules, checked on every run: lint, types, layers, no import cycle, small modules and
functions, and no film named in the package (issue 11; README "Where a change goes")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from filmgraph.films import discover_films

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "filmgraph"
BIN = Path(sys.executable).parent
MAX_MODULE_LINES = 500
MAX_COMPLEXITY = 15


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_ruff_passes() -> None:
    done = _run(str(BIN / "ruff"), "check", "src", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_function_is_too_complex() -> None:
    limit = f"lint.mccabe.max-complexity={MAX_COMPLEXITY}"
    done = _run(str(BIN / "ruff"), "check", "--select", "C901", "--config", limit, "src")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_passes() -> None:
    done = _run(str(BIN / "mypy"), "--no-incremental")  # files and options from pyproject.toml
    assert done.returncode == 0, done.stdout + done.stderr


def test_layers_hold() -> None:
    """The import-linter contract of pyproject.toml: each module imports only its own layer or lower ones."""
    done = _run(str(BIN / "lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan), over every import, inside functions too."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle() -> None:
    graph = grimp.build_graph("filmgraph")
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above could not pass by finding nothing: a two-module cycle is reported."""
    graph = grimp.ImportGraph()
    for name in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(name)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.a")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert _cycles(graph) == [["pkg.a", "pkg.b"]]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_module_is_small(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{path.name}: {lines} lines"


def _film_words() -> set[str]:
    """What would name a bundled film in code: its folder name under data/, its IRIs' slugs (which also
    begin its story namespace, https://w3id.org/filmgraph/SLUG/...) and its own prefixes' namespaces."""
    words: set[str] = set()
    for film in discover_films():
        slugs = {str(iri).rstrip("/").rsplit("/", 1)[-1] for iri in film.iris}
        words |= {film.name, *slugs}
        words |= {ns for ns in film.prefixes.values() if any(f"/{slug}/" in ns for slug in slugs)}
    return words


def test_no_film_is_named_in_the_package() -> None:
    words = _film_words()
    assert words, "no bundled film found to look for"
    found = [
        f"{path.relative_to(SRC)}:{number}: {word}"
        for path in _modules()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for word in words
        if word.lower() in line.lower()
    ]
    assert found == []

