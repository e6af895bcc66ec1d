"""Tests and docs use real Wikidata identifiers only where the project's list marks them verified.

Anywhere else (a candidate that is only "likely", a placeholder of one test) they use made-up
identifiers of the form Q9999999xx or P999999999, which Wikidata has not assigned.
"""

from __future__ import annotations

import csv
import re

from source_fingerprint import ROOT
from tracked_files import PICTURES, text_of, tracked

IDENTIFIER = re.compile(r"(?<![0-9])[QP][1-9][0-9]*(?![0-9A-Za-z-])")
MADE_UP = re.compile(r"Q9999999[0-9]{2}|P999999999")
#: no identifiers in the fingerprint (hashes and numbers); this file's examples are not used as ids
SKIPPED = {"tests/fixtures/plot-summary.fingerprint.json", "tests/test_wikidata_ids_in_tests.py"}


def _verified() -> set[str]:
    with (ROOT / "tests" / "fixtures" / "wikidata-ids.tsv").open(encoding="utf-8") as handle:
        return {row["id"] for row in csv.DictReader(handle, delimiter="\t") if row["status"] == "verified"}


def _files() -> list[str]:
    """The tracked files of tests/ and docs/ that hold text (release dumps decompressed)."""
    return [n for n in tracked("tests", "docs") if n not in SKIPPED and not n.endswith(PICTURES)]


def test_the_check_sees_identifiers_however_they_are_written() -> None:
    found = IDENTIFIER.findall('wd:Q853 <http://www.wikidata.org/entity/Q255> f"Q1\\tP57\\tQ2" Q70-1 P1Y Q0')
    assert found == ["Q853", "Q255", "Q1", "P57", "Q2"]


def test_only_verified_or_made_up_identifiers() -> None:
    verified = _verified()
    assert {"Q200437", "Q853", "P57"} <= verified
    files = _files()
    assert "docs/wikidata.md" in files and "tests/fixtures/wikidata-subset.ttl" in files
    assert "docs/releases/0.3.0.nq.gz" in files  # the release dumps are read too
    unverified = []
    for name in files:
        text = text_of(name)
        assert text is not None, f"{name} is not UTF-8 text"
        for number, line in enumerate(text.splitlines(), 1):
            unverified += [f"{name}:{number}: {qid}" for qid in IDENTIFIER.findall(line)
                           if qid not in verified and not MADE_UP.fullmatch(qid)]
    assert unverified == []
