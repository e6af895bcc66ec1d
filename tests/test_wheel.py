"""The built wheel carries every bundled file and works from any directory after `pip install`.

Setuptools-style packaging often drops data files silently; this builds the real wheel, installs
it (without dependencies, offline) into a fresh virtual environment and loads every file from it.
"""

from __future__ import annotations

import os
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
assert filmgraph.__file__.startswith(sys.prefix), filmgraph.__file__
for name in sys.argv[1:]:
    text = resources.read_text(name)
    assert text.strip(), name
graph = filmgraph.load()
report = filmgraph.validate(graph)
assert report.conforms
print(len(graph), "triples; version", filmgraph.__version__)
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    wheels = list(out.glob("filmgraph-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_lists_every_bundled_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in BUNDLED if f"filmgraph/bundled/{f}" not in names]
    assert BUNDLED and missing == []


def test_installed_wheel_loads_every_bundled_file(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    # dependencies come from this test environment, so the check runs offline
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    proc = subprocess.run([str(python), "-c", CHECK, *BUNDLED], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "triples; version 0.1.0" in proc.stdout
    cli = subprocess.run([str(env_dir / "bin" / "filmgraph"), "stats"], cwd=workdir, env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert cli.returncode == 0, cli.stderr
    assert "characters" in cli.stdout
