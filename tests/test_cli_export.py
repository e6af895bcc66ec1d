"""`filmgraph export`: formats, guessing from the extension, choices on errors, --all, sources, stdout."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import filmgraph
from filmgraph.cli import build_parser, main

export_module = importlib.import_module("filmgraph.exporting")
ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
CHOICES = "turtle, jsonld, nt, nq, trig, xml"


@pytest.fixture(scope="module")
def expected() -> dict[str, bytes]:
    dataset = export_module.bundled_dataset()
    return {fmt: export_module.export(dataset, fmt) for fmt in export_module.FORMATS}


def test_cli_choices_are_the_api_formats() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    export_parser = sub.choices["export"]  # type: ignore[union-attr]
    fmt = next(a for a in export_parser._actions if a.dest == "format")
    assert tuple(fmt.choices) == tuple(export_module.FORMATS)


@pytest.mark.parametrize("fmt", list(export_module.FORMATS))
def test_each_format_to_stdout(
    fmt: str, expected: dict[str, bytes], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["export", "--format", fmt]) == 0
    out, err = capsysbinary.readouterr()
    assert out == expected[fmt]
    assert err == b""


def test_default_is_turtle_on_stdout(expected: dict[str, bytes], capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export"]) == 0
    assert capsysbinary.readouterr().out == expected["turtle"]


@pytest.mark.parametrize(("name", "fmt"), [("g.ttl", "turtle"), ("g.jsonld", "jsonld"), ("g.nt", "nt"),
                                           ("g.nq", "nq"), ("g.trig", "trig"), ("g.rdf", "xml")])
def test_format_is_guessed_from_the_extension(name: str, fmt: str, tmp_path: Path, expected: dict[str, bytes],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / name
    assert main(["export", "--out", str(out)]) == 0
    assert out.read_bytes() == expected[fmt]
    assert capsys.readouterr().err.startswith(f"wrote {out} (")


def test_explicit_format_wins_over_the_extension(tmp_path: Path, expected: dict[str, bytes]) -> None:
    out = tmp_path / "g.txt"
    assert main(["export", "-q", "-f", "nt", "-o", str(out)]) == 0
    assert out.read_bytes() == expected["nt"]


def test_unknown_extension_exits_2_with_the_choices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--out", str(tmp_path / "g.csv")]) == 2
    err = capsys.readouterr().err
    assert "cannot guess the export format from '.csv'" in err and CHOICES in err
    assert not (tmp_path / "g.csv").exists()


def test_unknown_format_exits_2_with_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["export", "--format", "n3"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'n3'" in err
    for name in CHOICES.split(", "):
        assert f"'{name}'" in err


@pytest.mark.parametrize("args", [["--all"], ["--all", "-o", "-"], ["--all", "-o", "d", "-f", "nt"],
                                  ["--frame", "film", "-f", "nt"], ["--film", "stalker-1979"],
                                  ["--graph", "http://example.org/g"], ["--data-only", "--data", "x.ttl"]])
def test_inconsistent_options_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(["export", *args])
    except SystemExit as stop:  # argparse's own checks (mutually exclusive options)
        code = int(stop.code or 0)
    assert code == 2
    assert capsys.readouterr().err.strip()


def test_all_writes_a_verifiable_distribution(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "dist"
    assert main(["export", "--all", "--out", str(folder)]) == 0
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"wrote {folder / 'SHA256SUMS'}"
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8")
    for line in sums.splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    names = {line.split("  ", 1)[1] for line in sums.splitlines()}
    assert {"filmgraph.ttl", "filmgraph.jsonld", "filmgraph.nt", "filmgraph.nq", "filmgraph.trig",
            "filmgraph.rdf", "void.ttl", "context.jsonld", "film-stalker-1979.jsonld"} == names
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=folder,
                               capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stdout + check.stderr


def test_data_only(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", "--data-only", "-f", "nt"]) == 0
    lines = capsysbinary.readouterr().out.decode().splitlines()
    assert len(lines) == len(filmgraph.load_data())
    assert not any("owl#Class" in line for line in lines)


def test_data_files_in_the_default_or_a_named_graph(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    source = tmp_path / "mine.ttl"
    source.write_text('<http://example.org/a> <http://example.org/p> "Ä"@de .\n', encoding="utf-8")
    assert main(["export", "--data", str(source), "-f", "nt"]) == 0
    assert capsysbinary.readouterr().out == '<http://example.org/a> <http://example.org/p> "Ä"@de .\n'.encode()
    assert main(["export", "--data", str(source), "-f", "nq", "--graph", "http://example.org/g"]) == 0
    assert capsysbinary.readouterr().out == (
        '<http://example.org/a> <http://example.org/p> "Ä"@de <http://example.org/g> .\n'.encode())


def test_a_failed_export_leaves_the_previous_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.ttl"
    out.write_bytes(b"previous\n")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://example.org/a> <http://example.org/p> .\n", encoding="utf-8")
    assert main(["export", "--data", str(broken), "--out", str(out)]) == 2
    assert f"{broken}:1:" in capsys.readouterr().err
    assert main(["export", "--data", str(tmp_path / "missing.ttl"), "--out", str(out)]) == 2
    assert "missing.ttl: no such file" in capsys.readouterr().err
    assert out.read_bytes() == b"previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ttl", "g.ttl"]


def test_framed_and_context_url(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", "--frame", "film", "--context-url"]) == 0
    doc = json.loads(capsysbinary.readouterr().out)
    assert doc["@context"] == "https://w3id.org/filmgraph/context.jsonld"
    assert doc["id"] == "film:stalker-1979"
    assert main(["export", "-f", "jsonld", "--context-url", "https://example.org/ctx.jsonld"]) == 0
    assert json.loads(capsysbinary.readouterr().out)["@context"] == "https://example.org/ctx.jsonld"


def test_quiet_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-q", "--out", str(tmp_path / "g.nt")]) == 0
    assert capsys.readouterr() == ("", "")


def test_dash_writes_bytes_to_stdout_in_a_real_process(expected: dict[str, bytes]) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": "ascii"}  # bytes are UTF-8 regardless
    done = subprocess.run([sys.executable, "-m", "filmgraph", "export", "-f", "jsonld", "--out", "-"],
                          capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected["jsonld"]
    assert done.stderr == b""
