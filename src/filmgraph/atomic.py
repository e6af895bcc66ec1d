"""Atomic file writes: a reader sees the old file or the complete new one, never half of it.

The data goes to a temporary file in the target's folder (same file system, so the final
``os.replace`` is atomic), is flushed to disk, then replaces the target. On any error the
temporary file is removed and an existing target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from .errors import FilmgraphError


def atomic_write(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` atomically.

    A new file gets the usual permissions (0o666 less the umask); a replaced file keeps its
    own mode; a symlink is followed, so the file it points to is the one replaced. An OSError
    becomes a one-line FilmgraphError naming the file; other exceptions (such as a failing
    encode) propagate unchanged, after the clean-up.
    """
    target = Path(os.path.realpath(path))  # write through a symlink, do not replace it
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise FilmgraphError(f"{path}: cannot write ({exc.strerror})") from None
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
    except BaseException as exc:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise FilmgraphError(f"{path}: cannot write ({exc.strerror or exc})") from None
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry of the rename to disk where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
