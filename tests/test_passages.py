"""`filmgraph passages` and `filmgraph.passages`: every event's passage checked against the source.

The repository holds no copy of the plot summary. These tests read a local copy when one matching
the fingerprint is found (CI has one beside the clone), and check that the passage behind each
event really tells that event: for each, a word or two the passage must contain, written by hand
from the source. Without a copy they fail on CI and are skipped elsewhere, saying how to provide it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import URIRef
from source_fingerprint import LENGTH, SHA256, SOURCE_ENV, source_text_if_available

import filmgraph
from filmgraph.cli import main
from filmgraph.passages import check_source, passages

B = "https://w3id.org/filmgraph/"
SUMMARY = URIRef(B + "source/stalker-1979-plot-summary")

#: For each event, words its supporting passage must contain, written from the summary.
TELLS = {
    "stalker-imprisoned": "prison", "return-from-prison": "returned", "stalker-hired": "hire",
    "wife-protests": "horror", "meeting-at-bar": "bar-café", "rules-of-the-zone": "living being",
    "train-past-the-gate": "gate", "work-car-ride": "work car", "nut-throwing": "nuts",
    "writer-doubts": "skeptical", "motives-debated": "motives", "stalker-states-motive": "humanitarian",
    "stalker-recalls-porcupine": "mentor", "porcupine-reaches-room": "wealth",
    "porcupine-hangs-himself": "hanged", "journey-through-fields-and-tunnels": "tunnels",
    "arrival-at-complex": "industrial complex", "telephone-rings": "rings",
    "professor-calls-former-boss": "former boss", "professor-reveals-bomb": "20-kiloton bomb",
    "stand-off": "stand-off", "writer-reads-porcupines-fate": "lesson",
    "porcupine-sacrifices-brother": "brother", "bomb-dismantled": "dismantles",
    "writer-argues-against-wishing": "selfish", "no-one-enters": "no one dares",
    "reunion-at-bar": "reunites", "stalker-laments-lost-faith": "lament", "wife-monologue": "monologue",
    "marta-reads-poem": "Tyutchev", "glasses-move": "glasses", "train-shakes-the-flat": "train rumbles",
}


@pytest.fixture(scope="module")
def source_text() -> str:
    text = source_text_if_available()
    if text is None:
        if os.environ.get("CI"):
            pytest.fail(f"no copy of the plot summary matching the fingerprint; set {SOURCE_ENV}")
        pytest.skip(f"no local copy of the plot summary: set {SOURCE_ENV} to one to run this check")
    return text


def test_every_event_has_a_passage_in_the_summary() -> None:
    found = passages()
    events = {str(p.node).rsplit("/", 1)[-1] for p in found if "/event/" in str(p.node)}
    assert events == set(TELLS)
    assert {p.source for p in found} == {SUMMARY}
    assert {(p.sha256, p.length) for p in found} == {(SHA256, LENGTH)}
    assert all(0 <= p.start < p.end <= LENGTH for p in found)


def test_each_events_passage_tells_that_event(source_text: str) -> None:
    by_event: dict[str, list[str]] = {}
    for p in passages():
        if "/event/" in str(p.node):
            by_event.setdefault(str(p.node).rsplit("/", 1)[-1], []).append(p.text(source_text))
    for slug, words in TELLS.items():
        assert any(words.lower() in text.lower() for text in by_event[slug]), slug


def test_the_copy_checks_and_prints_every_passage(source_text: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "summary.txt"
    copy.write_bytes(source_text.encode("utf-8"))
    assert check_source(passages(), SUMMARY, source_text) == []
    assert main(["passages", "--source", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "event:glasses-move (Marta moves three glasses)" in out
    assert out.count("\n") == 2 * len(passages())  # a heading and the passage for each


def test_another_text_is_refused_with_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.txt"
    other.write_text("A different text altogether.\n", encoding="utf-8")
    assert main(["passages", "--source", str(other)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "SHA-256" in err[0] and f"the graph expects {LENGTH}" in err[1]
    assert all(line.startswith(f"filmgraph: {other}: ") for line in err)


def test_a_missing_or_empty_copy_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["passages", "--source", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["passages", "--source", str(empty)]) == 2
    assert "is empty" in capsys.readouterr().err


def test_listing_without_a_copy_gives_positions_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["passages"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(passages())
    node, span, source, _label = lines[0].split("\t")
    assert node.startswith(("event:", "claim:", "motive:"))
    start, end = (int(x) for x in span.split("-"))
    assert source == "source:stalker-1979-plot-summary" and start < end


def test_a_graph_without_digest_reports_it() -> None:
    graph = filmgraph.load_data()
    graph.remove((SUMMARY, URIRef(B + "ontology#textSha256"), None))
    found = passages(graph)
    problems = check_source(found, SUMMARY, "x" * LENGTH)
    assert found and problems[0].endswith("records no fg:textSha256 to check a copy against")


def test_the_source_can_be_named_and_a_bad_name_is_refused(source_text: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "summary.txt"
    copy.write_bytes(source_text.encode("utf-8"))
    assert main(["passages", "--source", str(copy), "--of", "source:stalker-1979-plot-summary"]) == 0
    capsys.readouterr()
    assert main(["passages", "--source", str(copy), "--of", "not an iri"]) == 2
    assert capsys.readouterr().err == "filmgraph: --of 'not an iri': not an IRI or a known prefixed name\n"
    assert main(["passages", "--source", str(copy), "--of", "source:another-summary"]) == 1
    assert "no passage of the graph points into" in capsys.readouterr().err
