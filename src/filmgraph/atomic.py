"""Output files: a regular file is replaced atomically; a device, FIFO or descriptor is written through.

A regular target gets its data through a temporary file in its folder (same file system, so the
final ``os.replace`` is atomic), flushed to disk: a reader sees the old file or the complete new
one, never half of it, and on any error (or signal) the temporary file is removed. A character
device, FIFO or socket (``/dev/null``, a named pipe) is opened and written in place, never
replaced; ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` go to this process's descriptor, as
a shell would do. A folder is refused.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import sys
from pathlib import Path

from .errors import FilmgraphError

#: Paths naming one of this process's open descriptors (group ``fd``; ``std`` for stdout/stderr).
_DESCRIPTOR = re.compile(
    r"/dev/std(?P<std>out|err)|/dev/fd/(?P<fd>\d+)|/proc/(?:self|thread-self|(?P<pid>\d+))/fd/(?P<pfd>\d+)"
)


def atomic_write(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` (text is encoded as UTF-8) to ``path``: atomically if it is a regular file.

    A new file gets the usual permissions (0o666 less the umask); a replaced file keeps its
    own mode; a symlink is followed, so the file it points to is the one replaced. A device,
    FIFO or descriptor path is written through (see the module docstring). An OSError
    becomes a one-line FilmgraphError naming the file; other exceptions (such as a failing
    encode, or an interruption) propagate unchanged, after the clean-up.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    descriptor = own_descriptor(path)
    if descriptor is not None:
        _write_descriptor(path, descriptor, payload)
        return
    kind = _kind(path)
    if kind == "other":
        _write_through(path, payload)
        return
    target = Path(os.path.realpath(path))  # write through a symlink, do not replace it
    temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    mode = stat.S_IMODE(target.stat().st_mode) if kind == "file" else None
    fd = -1
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            fd = -1  # now owned by ``handle``
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException as exc:  # also KeyboardInterrupt and a SIGTERM turned into an exception
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
    _sync_folder(target.parent)


def check_writable(path: str | os.PathLike[str]) -> None:
    """Refuse, before any slow work, an output path that cannot be written: a folder, a missing
    or read-only folder. Devices, FIFOs and descriptors pass (they are written through)."""
    if own_descriptor(path) is not None or _kind(path) == "other":
        return
    folder = Path(os.path.realpath(path)).parent
    if not folder.is_dir():
        raise FilmgraphError(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise FilmgraphError(f"{path}: the folder {folder} is not writable")


def own_descriptor(path: str | os.PathLike[str]) -> int | None:
    """The descriptor number if ``path`` (or a symlink chain from it) names one of this process's
    open descriptors, such as ``/dev/stdout`` or ``/dev/fd/3``; else None."""
    current = os.path.abspath(os.fspath(path))
    for _ in range(40):  # the kernel's own limit on symlink hops
        found = _DESCRIPTOR.fullmatch(current)
        if found:
            if found["std"]:
                return 1 if found["std"] == "out" else 2
            if found["pid"] and int(found["pid"]) != os.getpid():
                return None  # another process's descriptor: an ordinary path to open
            return int(found["fd"] or found["pfd"])
        try:
            link = os.readlink(current)
        except OSError:
            return None
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return None


def _kind(path: str | os.PathLike[str]) -> str:
    """``missing``, ``file`` (regular) or ``other`` (device, FIFO, socket); a folder is refused."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if stat.S_ISDIR(mode):
        raise FilmgraphError(f"{path}: is a folder; give a file name")
    return "file" if stat.S_ISREG(mode) else "other"


def _write_descriptor(path: str | os.PathLike[str], fd: int, payload: bytes) -> None:
    """Write to an open descriptor of this process (after what Python buffered for it)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            if stream.fileno() == fd:
                stream.flush()
    _write_all(path, fd, payload)


def _write_through(path: str | os.PathLike[str], payload: bytes) -> None:
    """Open a device, FIFO or socket for writing and write in place: never replace it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        _write_all(path, fd, payload)
    finally:
        os.close(fd)


def _write_all(path: str | os.PathLike[str], fd: int, payload: bytes) -> None:
    """``os.write`` until every byte is written (a pipe may take part of it at a time). A broken pipe
    propagates (the reader has gone, as with standard output: not the user's error)."""
    view = memoryview(payload)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _cannot_write(path: str | os.PathLike[str], exc: OSError) -> FilmgraphError:
    """The one-line error for an OSError while writing ``path``."""
    return FilmgraphError(f"{path}: cannot write ({exc.strerror or exc})")


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry of the rename to disk where the platform allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
