"""Writing the site: into a fresh folder beside ``OUT/``, swapped in only when complete.

A failed build removes its own folder and leaves ``OUT/`` as it was; a finished one replaces a
previous site (recognised by its marker file) with two renames. A file, a symlink or a folder that
holds anything but a previous site is refused: this never deletes a folder the site did not write.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..errors import UsageError

#: The file that marks a folder as a site this command wrote (and may replace).
MARKER = ".filmgraph-site"


def check_target(out: Path) -> None:
    """Refuse an ``OUT`` that is a file, a symlink, or a non-empty folder that is not a previous site."""
    if out.is_symlink():
        raise UsageError(f"{out}: is a symbolic link; give the site's folder itself")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: is a file, not a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(f"{out}: a folder that holds other files, not a site 'filmgraph site' wrote; "
                         "give a new or empty folder")
    if not out.parent.is_dir():
        raise UsageError(f"{out}: the folder {out.parent} does not exist")
    if not os.access(out.parent, os.W_OK):
        raise UsageError(f"{out}: the folder {out.parent} is not writable")


class SiteWriter:
    """Files written under a temporary folder beside ``OUT``; never a path outside it."""

    def __init__(self, folder: Path) -> None:
        """Write into ``folder`` (created empty by :func:`building`)."""
        self.folder = folder
        self.written: list[str] = []

    def write(self, relative: str | PurePosixPath, data: str | bytes) -> None:
        """Write one file at ``relative`` (a clean relative path, checked again here), folders made."""
        path = PurePosixPath(relative)
        if path.is_absolute() or any(part in ("", ".", "..") for part in path.parts) or "\\" in str(path):
            raise UsageError(f"{relative}: not a path inside the site")
        target = self.folder.joinpath(*path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.written.append(str(path))


@contextlib.contextmanager
def building(out: Path) -> Iterator[SiteWriter]:
    """A writer into a temporary folder beside ``out``; on success the folder becomes ``out``
    (a previous site is removed after the swap), on any failure it is removed and ``out`` kept."""
    check_target(out)
    temp = out.parent / f".{out.name}.building-{secrets.token_hex(4)}"
    temp.mkdir()
    try:
        writer = SiteWriter(temp)
        yield writer
        (temp / MARKER).write_text("A site written by 'filmgraph site'; the command replaces this folder.\n",
                                   encoding="utf-8")
        _swap(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _swap(temp: Path, out: Path) -> None:
    """Put ``temp`` in ``out``'s place: an empty folder is removed first, a previous site moved aside
    and removed after the rename, so ``out`` is the old site or the new one at every moment."""
    check_target(out)  # again: something may have appeared while building
    old: Path | None = None
    if out.is_dir():
        if (out / MARKER).is_file():
            old = out.parent / f".{out.name}.old-{secrets.token_hex(4)}"
            os.replace(out, old)
        else:
            out.rmdir()  # empty, as check_target found it
    try:
        os.replace(temp, out)
    except BaseException:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
