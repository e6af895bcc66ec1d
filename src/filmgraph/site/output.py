"""Writing the site: into a fresh folder beside ``OUT/``, swapped in only when complete.

A failed build removes its own folder and leaves ``OUT/`` as it was; a finished one replaces a
previous site (recognised by its marker file) with two renames. A file, a symlink or a folder that
holds anything but a previous site is refused: this never deletes a folder the site did not write.
The marker lists every file the build wrote with its SHA-256, so a file added to a previous site
(notes, a ``CNAME``, images) or changed since is never deleted silently: the rebuild is refused
naming it, unless ``replace`` says to delete it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..errors import UsageError

#: The file that marks a folder as a site this command wrote (and may replace), listing its files.
MARKER = ".filmgraph-site"
_MARKER_HEAD = ("# A site written by 'filmgraph site'; the command replaces this folder.\n"
                "# Each file it wrote, with its SHA-256 (a rebuild refuses to delete any other file):\n")


def check_target(out: Path, replace: bool = False) -> None:
    """Refuse an ``OUT`` that is a file, a symlink, or a non-empty folder that is not a previous site,
    and (unless ``replace``) a previous site holding files its build did not write or that changed since."""
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
    if out.is_dir() and (out / MARKER).is_file() and not replace:
        _check_unchanged(out)


def _check_unchanged(out: Path) -> None:
    """Refuse a previous site that holds anything its build did not write (or wrote otherwise)."""
    recorded = recorded_files(out)
    if recorded is None:
        raise UsageError(f"{out}: a site from an older 'filmgraph site' that did not record its files; "
                         "check it holds nothing of yours, then give --replace to replace it")
    lost = unrecorded(out, recorded)
    if lost:
        shown = ", ".join(lost[:5]) + (f" and {len(lost) - 5} more" if len(lost) > 5 else "")
        raise UsageError(f"{out}: holds {len(lost)} file(s) the previous build did not write or that changed "
                         f"since ({shown}); move them out, or give --replace to delete them")


def recorded_files(out: Path) -> dict[str, str] | None:
    """The files the previous build in ``out`` wrote, with their SHA-256 (None: its marker lists none)."""
    lines = (out / MARKER).read_text(encoding="utf-8", errors="replace").splitlines()
    if lines[:2] != _MARKER_HEAD.splitlines():
        return None
    found = {}
    for line in lines[2:]:
        digest, _, path = line.partition("  ")
        found[path] = digest
    return found


def unrecorded(out: Path, recorded: dict[str, str]) -> list[str]:
    """The files (and empty folders, symlinks) under ``out`` the marker does not list with the same
    SHA-256, sorted; folders the build made for its files are not counted."""
    folders = {str(PurePosixPath(path).parent) for path in recorded}
    folders |= {str(parent) for path in folders for parent in PurePosixPath(path).parents}
    lost = []
    for here, dirs, files in os.walk(out):
        relative_here = PurePosixPath(Path(here).relative_to(out).as_posix())
        for name in dirs:  # a symlink or an empty folder of someone else's (a folder's files are named)
            full = Path(here) / name
            if full.is_symlink() or (str(relative_here / name) not in folders and not any(full.iterdir())):
                lost.append(f"{relative_here / name}{'' if full.is_symlink() else '/'}")
        dirs[:] = [d for d in dirs if not (Path(here) / d).is_symlink()]
        for name in files:
            path = str(relative_here / name)
            full = Path(here) / name
            if path == MARKER:
                continue
            if path not in recorded or full.is_symlink() or _sha256(full) != recorded[path]:
                lost.append(path)
    return sorted(lost)


def _sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class SiteWriter:
    """Files written under a temporary folder beside ``OUT``; never a path outside it."""

    def __init__(self, folder: Path) -> None:
        """Write into ``folder`` (created empty by :func:`building`)."""
        self.folder = folder
        self.sums: dict[str, str] = {}

    def write(self, relative: str | PurePosixPath, data: str | bytes) -> None:
        """Write one file at ``relative`` (a clean relative path, checked again here), folders made."""
        path = PurePosixPath(relative)
        if path.is_absolute() or any(part in ("", ".", "..") for part in path.parts) or "\\" in str(path):
            raise UsageError(f"{relative}: not a path inside the site")
        target = self.folder.joinpath(*path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = data.encode("utf-8") if isinstance(data, str) else data
        target.write_bytes(data)
        self.sums[str(path)] = hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def building(out: Path, replace: bool = False) -> Iterator[SiteWriter]:
    """A writer into a temporary folder beside ``out``; on success the folder becomes ``out``
    (a previous site is removed after the swap), on any failure it is removed and ``out`` kept.
    ``replace``: a previous site's files that its build did not write are deleted with it."""
    check_target(out, replace)
    temp = out.parent / f".{out.name}.building-{secrets.token_hex(4)}"
    temp.mkdir()
    try:
        writer = SiteWriter(temp)
        yield writer
        listed = "".join(f"{digest}  {path}\n" for path, digest in sorted(writer.sums.items()))
        (temp / MARKER).write_text(_MARKER_HEAD + listed, encoding="utf-8")
        _swap(temp, out, replace)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _swap(temp: Path, out: Path, replace: bool = False) -> None:
    """Put ``temp`` in ``out``'s place: an empty folder is removed first, a previous site moved aside
    and removed after the rename, so ``out`` is the old site or the new one at every moment."""
    check_target(out, replace)  # again: something may have appeared while building
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
