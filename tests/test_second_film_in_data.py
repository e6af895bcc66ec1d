"""A second film dropped into data/ with no code change: a copy of the package and its bundled files
with the test film added as data/lighthouse-keepers-clock.ttl, run as a user runs it (issue 11)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "films" / "lighthouse-keepers-clock.ttl"
KEEPER_STORY = "https://w3id.org/filmgraph/lighthouse-keepers-clock-test/"
STALKER_STORY = "https://w3id.org/filmgraph/stalker-1979/"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The source tree copied, with the test film beside Stalker under data/."""
    root = tmp_path_factory.mktemp("two-films")
    for folder in ("src", "ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(FIXTURE, root / "data" / FIXTURE.name)
    return root


def _run(tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    return subprocess.run([sys.executable, "-m", "filmgraph", *args], cwd=tree, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_copy_is_what_runs(tree: Path) -> None:
    done = _run(tree, "query", "films", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.splitlines()[1:]) == [
        "https://w3id.org/filmgraph/film/lighthouse-keepers-clock-test", "https://w3id.org/filmgraph/film/stalker-1979"
    ]


def test_both_films_are_validated_and_counted(tree: Path) -> None:
    done = _run(tree, "validate")  # warnings only: the test film has no Russian labels, which the dataset lists
    assert done.returncode == 0 and "\nconforms: 0 violation(s)" in done.stdout, done.stdout + done.stderr
    stats = _run(tree, "stats")
    assert re.search(r"^films\s+2$", stats.stdout, re.M), stats.stdout


def test_a_query_asks_which_film_and_answers_the_one_named(tree: Path) -> None:
    asked = _run(tree, "query", "timeline")
    assert asked.returncode == 2 and asked.stdout == "" and asked.stderr.count("\n") == 1
    assert "film:lighthouse-keepers-clock-test" in asked.stderr and "film:stalker-1979" in asked.stderr
    for name in ("lighthouse-keepers-clock", "lighthouse-keepers-clock-test"):  # its name under data/, its slug
        done = _run(tree, "query", "timeline", "--film", name, "--format", "csv")
        assert done.returncode == 0, done.stderr  # the synopsis: the keeper winds the clock, then it stops
        assert re.findall(r"event/([a-z-]+)", done.stdout) == ["keeper-winds-the-clock", "clock-stops"]


def test_a_prefix_both_films_bind_is_read_in_the_film_named(tree: Path) -> None:
    unnamed = _run(tree, "query", "events-in-place", "--param", "place=setting:zone")
    assert unnamed.returncode == 2 and unnamed.stdout == "" and unnamed.stderr.count("\n") == 1
    assert "'setting:'" in unnamed.stderr and "--film" in unnamed.stderr
    # The plot summary: the three ride the work car along the railway into the Zone.
    done = _run(tree, "query", "events-in-place", "--film", "stalker", "--param", "place=setting:zone", "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert STALKER_STORY + "event/work-car-ride" in done.stdout and KEEPER_STORY not in done.stdout
    card = _run(tree, "query", "entity-card", "--param", "entity=character:keeper")  # no film parameter
    assert card.returncode == 2 and "give the full IRI" in card.stderr and "--film" not in card.stderr
    card = _run(tree, "query", "entity-card", "--param", f"entity={KEEPER_STORY}character/keeper", "-f", "nt")
    assert card.returncode == 0 and "the keeper" in card.stdout


def test_both_films_are_exported_and_the_tree_stays_canonical(tree: Path) -> None:
    done = _run(tree, "export", "--format", "nt", "--data-only")
    assert done.returncode == 0, done.stderr
    assert f"<{KEEPER_STORY}event/clock-stops>" in done.stdout
    assert f"<{STALKER_STORY}event/work-car-ride>" in done.stdout
    assert _run(tree, "fmt", "--check").returncode == 0
