"""The built wheel carries every bundled file and works from any directory after `pip install`.

Setuptools-style packaging often drops data files silently; this builds the real wheel, installs
it (without dependencies, offline) into a fresh virtual environment and loads every file from it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted(
    str(p.relative_to(ROOT))
    for folder in ("ontology", "data", "queries")
    for p in (ROOT / folder).rglob("*")
    if p.is_file()
)

CHECK = """
import sys, filmgraph
from filmgraph import resources
from filmgraph.datasets import source_graphs
assert filmgraph.__file__.startswith(sys.prefix), filmgraph.__file__
for name in sys.argv[1:]:
    text = resources.read_text(name)
    assert text.strip(), name
data_files = [name for name in sys.argv[1:] if name.startswith("data/") and name.endswith(".ttl")]
assert list(resources.data_files()) == sorted(data_files), resources.data_files()
assert len(source_graphs(filmgraph.load_dataset())) == len(data_files)
graph = filmgraph.load()
report = filmgraph.validate(graph)
assert report.conforms
print(len(graph), "triples; version", filmgraph.__version__)
"""
NESTED = """@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix fg: <https://w3id.org/filmgraph/ontology#> .
<https://w3id.org/filmgraph/graph/wheel-check> a fg:SourceGraph ;
    dcterms:source <https://w3id.org/filmgraph/source/wheel-check> .
"""
LIST_GRAPHS = """
import filmgraph
from filmgraph import resources
from filmgraph.datasets import source_graphs
print(resources.data_files())
print(source_graphs(filmgraph.load_dataset()))
"""


def _build_wheel(project: Path, out: Path) -> Path:
    """The wheel of the project in ``project``, built into ``out``."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(project)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    wheels = list(out.glob("filmgraph-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def _install(wheel: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment with the wheel installed: its folder, and the environment to run it."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    # dependencies come from this test environment, so the check runs offline
    return env_dir, {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_wheel(ROOT, tmp_path_factory.mktemp("dist"))


def test_wheel_lists_every_bundled_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in BUNDLED if f"filmgraph/bundled/{f}" not in names]
    assert BUNDLED and missing == []


def test_installed_wheel_loads_every_bundled_file(wheel: Path, tmp_path: Path) -> None:
    env_dir, env = _install(wheel, tmp_path)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    proc = subprocess.run([str(env_dir / "bin" / "python"), "-c", CHECK, *BUNDLED], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "triples; version 0.3.0" in proc.stdout
    cli = subprocess.run([str(env_dir / "bin" / "filmgraph"), "stats"], cwd=workdir, env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert cli.returncode == 0, cli.stderr
    assert "characters" in cli.stdout


def test_a_nested_data_folder_ships_and_its_graph_is_found_when_installed(tmp_path: Path) -> None:
    """Data files are discovered at any depth under data/, in the wheel too (a copy of the project
    with one more, nested, data file)."""
    project = tmp_path / "project"
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", ".*")
    for folder in ("src", "ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, project / folder, ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    (project / "data" / "wheel-check").mkdir()
    (project / "data" / "wheel-check" / "nested.ttl").write_text(NESTED, encoding="utf-8")
    wheel = _build_wheel(project, tmp_path / "dist")
    assert "filmgraph/bundled/data/wheel-check/nested.ttl" in zipfile.ZipFile(wheel).namelist()
    env_dir, env = _install(wheel, tmp_path)
    proc = subprocess.run([str(env_dir / "bin" / "python"), "-c", LIST_GRAPHS], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "'data/wheel-check/nested.ttl'" in proc.stdout
    assert "https://w3id.org/filmgraph/graph/wheel-check" in proc.stdout
