"""The plot summary the story graph is modelled from, as a fingerprint (no copy of its text).

The fingerprint (``tests/fixtures/plot-summary.fingerprint.json``, written by
``tests/make_fingerprint.py``) holds the text's SHA-256 and length, the offsets of its words and
the SHA-256 of each of its runs of 8 words. That is enough to tell whether another text copies a
run of 8 words from the source, and to check offsets into the source, without the source itself.

A test that needs the real text calls ``source_text_if_available()``: it reads a local copy
named by the environment variable ``FILMGRAPH_SOURCE_TEXT``, or found at
``../shared/sources/stalker-1979-plot-summary.txt`` next to the repository, and returns it only
if its SHA-256 is the fingerprint's.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from make_fingerprint import RUN, WORD, read_source, run_hashes

ROOT = Path(__file__).resolve().parents[1]
FINGERPRINT_FILE = ROOT / "tests" / "fixtures" / "plot-summary.fingerprint.json"
SOURCE_ENV = "FILMGRAPH_SOURCE_TEXT"
SOURCE_BESIDE_REPOSITORY = ROOT.parent / "shared" / "sources" / "stalker-1979-plot-summary.txt"

FINGERPRINT: dict = json.loads(FINGERPRINT_FILE.read_text(encoding="utf-8"))
SHA256: str = FINGERPRINT["sha256"]
LENGTH: int = FINGERPRINT["length"]
_RUNS: frozenset[str] = frozenset(FINGERPRINT["runs"])


def words(text: str) -> list[str]:
    """The words of ``text`` under the 8-word rule: ASCII letters and digits, lower-cased."""
    return WORD.findall(text.lower())


def word_runs(text: str, n: int = RUN) -> set[str]:
    """SHA-256 (hex) of every run of ``n`` consecutive words of ``text``, joined by single spaces."""
    return run_hashes(words(text), n)


def shared_runs(text: str) -> set[str]:
    """Hashes of the runs of 8 words that ``text`` shares with the source (empty: none)."""
    return word_runs(text) & _RUNS


def word_starts() -> set[int]:
    """Code-point offsets in the source where a word starts."""
    return {start for start, _ in FINGERPRINT["words"]}


def word_ends() -> set[int]:
    """Code-point offsets in the source just after a word ends."""
    return {end for _, end in FINGERPRINT["words"]}


def source_candidates() -> list[Path]:
    """Where a local copy of the source is looked for, in order."""
    named = os.environ.get(SOURCE_ENV)
    return [Path(named), SOURCE_BESIDE_REPOSITORY] if named else [SOURCE_BESIDE_REPOSITORY]


def source_text_if_available() -> str | None:
    """The source's text if a copy matching the fingerprint's SHA-256 is found, else ``None``."""
    for path in source_candidates():
        try:
            text = read_source(path)
        except (OSError, UnicodeDecodeError):
            continue
        if hashlib.sha256(text.encode("utf-8")).hexdigest() == SHA256:
            return text
    return None
