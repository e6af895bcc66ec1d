"""The repository's tracked files as text, for the checks that read every file (no copy of the
source, only verified Wikidata identifiers): a gzip file (a release dump) is read decompressed, so
nothing escapes a check by being compressed; only pictures are not text."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

from source_fingerprint import ROOT

#: The suffixes of the tracked files that are not text: pictures. Any other file must read as text.
PICTURES = (".png",)
#: The most a compressed file may decompress to before the check refuses it.
MAX_DECOMPRESSED = 64 * 1024 * 1024


def tracked(*folders: str) -> list[str]:
    """The tracked files (under ``folders``, if given), sorted."""
    listed = subprocess.run(["git", "ls-files", "-z", *folders], cwd=ROOT, capture_output=True, check=True)
    return sorted(n for n in listed.stdout.decode("utf-8").split("\0") if n and (ROOT / n).is_file())


def text_of(name: str) -> str | None:
    """The file's text (decompressed if gzip); None for a picture or anything that is not UTF-8 text."""
    if name.endswith(PICTURES):
        return None
    data = Path(ROOT / name).read_bytes()
    if name.endswith(".gz"):
        with gzip.open(ROOT / name) as stream:
            data = stream.read(MAX_DECOMPRESSED + 1)
        assert len(data) <= MAX_DECOMPRESSED, f"{name} decompresses to more than the check reads"
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
