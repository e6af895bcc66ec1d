"""The repository holds no copy of the plot summary the story graph is modelled from.

The rule: no tracked file shares a run of 8 consecutive words with the source (words as in
``re.findall(r"[a-z0-9]+", text.lower())``). The checks work from the source's fingerprint
(``tests/source_fingerprint.py``); the fingerprint itself is checked against the real text when a
copy is available (``FILMGRAPH_SOURCE_TEXT=PATH``).
"""

from __future__ import annotations

import os
import re

import pytest
from make_fingerprint import fingerprint, word_spans
from rdflib import Literal
from source_fingerprint import (
    FINGERPRINT,
    LENGTH,
    ROOT,
    SHA256,
    SOURCE_BESIDE_REPOSITORY,
    SOURCE_ENV,
    shared_runs,
    source_text_if_available,
    word_ends,
    word_runs,
    word_starts,
)
from tracked_files import PICTURES, text_of, tracked

import filmgraph

TRACKED = tracked()


def test_the_repository_is_a_git_checkout_with_files() -> None:
    assert "README.md" in TRACKED and "tests/test_no_source_copy.py" in TRACKED
    assert "tests/fixtures/plot-summary.fingerprint.json" in TRACKED
    assert "tests/fixtures/stalker-1979-plot-summary.txt" not in TRACKED


def test_every_tracked_file_but_the_pictures_is_read_as_text() -> None:
    unread = [name for name in TRACKED if text_of(name) is None]
    assert unread and all(name.endswith(PICTURES) for name in unread), unread


@pytest.mark.parametrize("name", [name for name in TRACKED if not name.endswith(PICTURES)])
def test_no_tracked_file_copies_a_run_of_8_words(name: str) -> None:
    text = text_of(name)
    assert text is not None, f"{name} is not UTF-8 text"
    copied = shared_runs(text)
    assert not copied, f"{name} shares {len(copied)} run(s) of 8 words with the source"


def test_no_literal_of_the_bundled_graph_copies_a_run_of_8_words() -> None:
    # The parsed values too: a Turtle escape (\n, \u…) in the file could hide a copied run.
    copied = [str(o) for o in set(filmgraph.load().objects()) if isinstance(o, Literal) and shared_runs(str(o))]
    assert copied == []


# --- the fingerprint is consistent in itself

def test_fingerprint_header() -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", SHA256)
    assert isinstance(LENGTH, int) and LENGTH > 0
    assert FINGERPRINT["run_length"] == 8


def test_fingerprint_word_offsets_are_sorted_disjoint_and_inside_the_text() -> None:
    spans = FINGERPRINT["words"]
    assert len(spans) > 100
    previous_end = -1
    for start, end in spans:
        assert isinstance(start, int) and isinstance(end, int)
        assert previous_end < start < end <= LENGTH  # a word needs a separator before the next one
        previous_end = end
    assert spans[0][0] >= 0
    assert len(word_starts()) == len(word_ends()) == len(spans)


def test_fingerprint_run_hashes_are_plausible() -> None:
    runs = FINGERPRINT["runs"]
    assert runs == sorted(set(runs))
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in runs)
    assert 0 < len(runs) <= len(FINGERPRINT["words"]) - 7


def test_word_runs_follow_the_rule() -> None:
    text = "One two, THREE-four five six seven eight nine"
    assert len(word_runs(text)) == 2  # 9 words: runs starting at the 1st and the 2nd
    assert word_runs(text) == word_runs("one two three four five six seven eight nine")
    assert word_runs("café au lait", n=3) == word_runs("caf au lait", n=3)  # a non-ASCII letter splits words
    assert word_runs("only seven words in this short line") == set()


def test_word_offsets_survive_characters_that_lower_to_two() -> None:
    # "İ" lowers to "i" + a combining dot (which splits words), the Kelvin sign to "k": the
    # words are those of text.lower(), the offsets point into the original text.
    text = "xİy Kelvin\u212a ok"
    assert word_spans(text) == [(0, 2, "xi"), (2, 3, "y"), (4, 11, "kelvink"), (12, 14, "ok")]


# --- the fingerprint matches the real text, when a copy is available

@pytest.fixture(scope="module")
def source_text() -> str:
    text = source_text_if_available()
    if text is not None:
        return text
    how = (f"set {SOURCE_ENV}=PATH to a copy of the plot summary (or put it at "
           f"../{SOURCE_BESIDE_REPOSITORY.relative_to(ROOT.parent)} relative to the repository root); "
           f"its SHA-256 must be {SHA256}")
    if os.environ.get("CI"):
        pytest.fail(f"CI must check the fingerprint against the source text: {how}")
    pytest.skip(f"the source text is not available: {how}")


def test_fingerprint_matches_the_source_text(source_text: str) -> None:
    assert fingerprint(source_text) == FINGERPRINT


def test_detector_finds_a_planted_copy_and_not_a_reworded_one(source_text: str) -> None:
    spans = FINGERPRINT["words"]
    planted = source_text[spans[10][0] : spans[30][1]]  # words 10..30: 21 words, 14 runs of 8
    assert len(shared_runs(planted)) == 14
    assert len(shared_runs("Our own words first. " + planted + " And ours again.")) == 14
    words = re.findall(r"[a-z0-9]+", planted.lower())
    # the same words with one of ours after every 7th: no 8 consecutive words are the source's
    reworded = " ".join(w + (" indeed" if i % 7 == 6 else "") for i, w in enumerate(words))
    assert len(word_runs(reworded)) > 14
    assert shared_runs(reworded) == set()
