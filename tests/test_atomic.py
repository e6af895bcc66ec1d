"""atomic_write: the target holds the old or the whole new content, never a part; no leftovers."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from filmgraph.atomic import atomic_write
from filmgraph.errors import FilmgraphError


def test_writes_text_as_utf8_and_bytes_as_given(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    atomic_write(target, "Сталкер\n")
    assert target.read_bytes() == "Сталкер\n".encode()
    atomic_write(str(target), b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_new_files_get_normal_permissions_and_old_files_keep_theirs(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.txt"
    atomic_write(fresh, "x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask
    kept = tmp_path / "kept.txt"
    kept.write_text("old")
    kept.chmod(0o640)
    atomic_write(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() == "new"


def test_a_failure_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("precious")

    def broken_replace(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(FilmgraphError, match=r"keep\.txt: cannot write \(No space left on device\)"):
        atomic_write(target, "half")
    assert target.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(FilmgraphError, match=r"such\.txt"):
        atomic_write(tmp_path / "no" / "such.txt", "x")
