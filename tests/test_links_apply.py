"""`filmgraph link apply`: approved rows become links, canonically and atomically; bad rows refused."""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import pytest
from link_support import ABRAMOVA, ARTEMYEV, TARKOVSKY, data_copy, project_copy, relink, wd
from rdflib.namespace import SKOS

import filmgraph
from filmgraph import resources
from filmgraph.canonical import extract_header, is_canonical
from filmgraph.cli import main
from filmgraph.graph import parse_file
from filmgraph.links import REVIEW_COLUMNS, ReviewRejected, apply_links


def review(tmp_path: Path, *rows: dict[str, str], name: str = "review.csv") -> Path:
    """A review file with the given rows (missing columns left empty)."""
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REVIEW_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in REVIEW_COLUMNS})
    return path


def row(entity: str, qid: str, approved: str = "yes") -> dict[str, str]:
    return {"entity": entity, "candidate_qid": qid, "approved": approved, "score": "1.00"}


def test_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = project_copy(tmp_path, relink(TARKOVSKY, None))
    assert (TARKOVSKY, SKOS.exactMatch, None) not in parse_file(data)
    sheet = review(
        tmp_path,
        row("person:andrei-tarkovsky", "Q853", "Yes"),
        row("person:eduard-artemyev", "Q999999916", ""),  # not approved: left alone
        row("person:natasha-abramova", "Q999999906", "no"),
    )
    code = main(["link", "apply", str(sheet), "--data", str(data), "--no-verify"])
    out = capsys.readouterr().out
    assert code == 0
    assert "added skos:exactMatch wd:Q853 to person:andrei-tarkovsky (Andrei Tarkovsky)" in out
    assert "1 link(s) added" in out
    graph = parse_file(data)
    assert (TARKOVSKY, SKOS.exactMatch, wd("Q853")) in graph
    assert (ARTEMYEV, SKOS.exactMatch, None) not in graph
    assert (ABRAMOVA, SKOS.exactMatch, None) not in graph
    text = data.read_text(encoding="utf-8")
    assert is_canonical(text, str(data))
    assert extract_header(text) == extract_header(resources.read_text("data/stalker/wikidata.ttl"))
    # applying the bundled link back gives the bundled Wikidata file byte for byte, the story untouched
    assert text == resources.read_text("data/stalker/wikidata.ttl")
    assert (tmp_path / "data" / "stalker.ttl").read_text(encoding="utf-8") == resources.read_text("data/stalker.ttl")


@pytest.mark.parametrize("mark", ["yes", "YES", "y", "True", "x", "X", " yes "])
def test_approval_marks(mark: str, tmp_path: Path) -> None:
    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    report = apply_links(review(tmp_path, row("person:andrei-tarkovsky", "wd:Q853", mark)), data)
    assert [(e, q) for e, q, _ in report.added] == [(TARKOVSKY, "Q853")]


def test_full_iri_and_entity_iri_forms_are_accepted(tmp_path: Path) -> None:
    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    sheet = review(tmp_path, row(str(TARKOVSKY), "http://www.wikidata.org/entity/Q853"))
    assert [q for _, q, _ in apply_links(sheet, data).added] == ["Q853"]


def refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Path, *rows: dict[str, str]) -> str:
    """Run apply on rows that must be refused; check exit 2 and an untouched file; return stderr."""
    before = data.read_bytes()
    mtime = os.stat(data).st_mtime_ns
    code = main(["link", "apply", str(review(tmp_path, *rows)), "--data", str(data), "--no-verify"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert data.read_bytes() == before and os.stat(data).st_mtime_ns == mtime
    assert "nothing written" in err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("qid", ["853", "Q0853", "q853", "Q853x", "https://www.wikidata.org/wiki/Q853", "P57", ""])
def test_malformed_qid_is_refused(qid: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    err = refused(tmp_path, capsys, data, row("person:andrei-tarkovsky", qid))
    assert "is not a Wikidata item identifier" in err
    assert f"{tmp_path / 'review.csv'}:2:" in err  # file and line of the row


def test_unknown_entity_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_copy(tmp_path)
    err = refused(tmp_path, capsys, data, row("person:nobody-at-all", "Q5"))
    assert "unknown entity person:nobody-at-all" in err


def test_entity_with_a_different_link_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_copy(tmp_path)
    err = refused(tmp_path, capsys, data, row("person:andrei-tarkovsky", "Q255"))
    assert "already links to Q853, not Q255" in err


def test_item_linked_from_another_entity_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_copy(tmp_path)
    err = refused(tmp_path, capsys, data, row("person:eduard-artemyev", "Q853"))
    assert "Q853 is already the link of person:andrei-tarkovsky" in err


def test_fictional_entities_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_copy(tmp_path)
    err = refused(tmp_path, capsys, data, row("character:stalker", "Q200437"))
    assert "not a real-world entity" in err


def test_conflicting_rows_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    err = refused(
        tmp_path, capsys, data,
        row("person:andrei-tarkovsky", "Q853"), row("person:andrei-tarkovsky", "Q999999916"),
    )
    assert "approved for Q853" in err and "and Q999999916" in err


def test_unclear_approval_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    err = refused(tmp_path, capsys, data, row("person:andrei-tarkovsky", "Q853", "maybe"))
    assert "approved is 'maybe'" in err


def test_one_bad_row_stops_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    err = refused(
        tmp_path, capsys, data,
        row("person:andrei-tarkovsky", "Q853"), row("person:eduard-artemyev", "Q99-9999916"),
    )
    assert ":3:" in err and err.count("\n") == 1  # one problem: one line


def test_missing_columns_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_copy(tmp_path)
    sheet = tmp_path / "review.csv"
    sheet.write_text("entity,qid\nperson:andrei-tarkovsky,Q853\n", encoding="utf-8")
    assert main(["link", "apply", str(sheet), "--data", str(data), "--no-verify"]) == 2
    assert "lacks the column(s) candidate_qid, approved" in capsys.readouterr().err


def test_same_link_again_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_copy(tmp_path)
    before = data.read_bytes()
    assert main(["link", "apply", str(review(tmp_path, row("person:andrei-tarkovsky", "Q853"))),
                 "--data", str(data), "--no-verify"]) == 0
    out = capsys.readouterr().out
    assert "already linked: person:andrei-tarkovsky -> wd:Q853" in out
    assert "file unchanged" in out
    assert data.read_bytes() == before


def test_default_data_file_is_the_projects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    links = project_copy(tmp_path, relink(TARKOVSKY, None))
    sheet = review(tmp_path, row("person:andrei-tarkovsky", "Q853"))
    monkeypatch.chdir(tmp_path)
    assert main(["link", "apply", str(sheet), "--no-verify"]) == 0
    assert (TARKOVSKY, SKOS.exactMatch, wd("Q853")) in parse_file(links)  # where the other links are
    assert (TARKOVSKY, SKOS.exactMatch, None) not in parse_file(tmp_path / "data" / "stalker.ttl")
    monkeypatch.chdir(tmp_path / "data")
    assert main(["link", "apply", str(sheet), "--no-verify"]) == 2
    assert "no data file with Wikidata links under data/ here" in capsys.readouterr().err


def test_missing_review_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nope.csv")
    assert main(["link", "apply", missing, "--data", str(data_copy(tmp_path)), "--no-verify"]) == 2
    assert "nope.csv: no such file" in capsys.readouterr().err


def test_result_that_would_not_conform_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the shapes reject the result, nothing is written (exit 1)."""
    validate_module = sys.modules["filmgraph.validation"]

    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    before = data.read_bytes()

    failing = type("Failing", (), {"conforms": False, "violations": (object(),)})()
    monkeypatch.setattr(validate_module, "validate", lambda graph: failing)
    with pytest.raises(filmgraph.CheckFailed, match="would not conform"):
        apply_links(review(tmp_path, row("person:andrei-tarkovsky", "Q853")), data)
    assert data.read_bytes() == before


def test_suggest_then_apply(wikidata_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The whole review loop: suggest, a person marks a row, apply."""
    data = project_copy(tmp_path, relink(TARKOVSKY, None))
    whole = data_copy(tmp_path, relink(TARKOVSKY, None), name="whole.ttl")  # what suggest reads: all sources
    sheet = tmp_path / "review.csv"
    assert main(["link", "suggest", str(whole), "--endpoint", wikidata_endpoint, "--out", str(sheet)]) == 0
    with sheet.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for r in rows:
        r["approved"] = "yes" if r["candidate_qid"] == "Q853" else ""
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REVIEW_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    assert main(["link", "apply", str(sheet), "--data", str(data), "--endpoint", wikidata_endpoint]) == 0
    assert data.read_text(encoding="utf-8") == resources.read_text("data/stalker/wikidata.ttl")
    capsys.readouterr()


def test_rejection_lists_every_problem() -> None:
    exc = ReviewRejected(["a:2: one", "a:3: two"])
    assert exc.problems == ["a:2: one", "a:3: two"] and exc.exit_code == 2


def test_new_links_are_checked_at_the_endpoint_before_writing(
    wikidata_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A "yes" on the wrong item (the film Solaris, Q125772, for Tarkovsky) is refused; the file stays."""
    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    before = data.read_bytes()
    wrong = review(tmp_path, row("person:andrei-tarkovsky", "Q125772"))
    assert main(["link", "apply", str(wrong), "--data", str(data), "--endpoint", wikidata_endpoint]) == 2
    err = capsys.readouterr().err
    assert "person:andrei-tarkovsky -> wd:Q125772 failed the check" in err and "type" in err
    assert data.read_bytes() == before
    right = review(tmp_path, row("person:andrei-tarkovsky", "Q853"))
    assert main(["link", "apply", str(right), "--data", str(data), "--endpoint", wikidata_endpoint]) == 0
    assert "skos:exactMatch wd:Q853" in data.read_text(encoding="utf-8")
