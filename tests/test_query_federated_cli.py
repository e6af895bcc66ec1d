"""`filmgraph query NAME --wikidata`: the local part here, the Wikidata part at a real local
Oxigraph server holding the Wikidata subset (tests/fixtures/wikidata-subset.ttl)."""

from __future__ import annotations

import csv
import io

import pytest

from filmgraph.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["query", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_other_films_by_the_director(wikidata_endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "other-films-by-director", "--wikidata", "--endpoint", wikidata_endpoint,
                         "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    # the subset's other films with director wd:Q853 (written from tests/fixtures/wikidata-subset.ttl)
    assert {row["otherFilmLabel"] for row in rows} == {
        "Solaris", "Mirror", "Ivan's Childhood", "Andrei Rublev", "The Sacrifice"}
    assert {row["directorLabel"] for row in rows} == {"Andrei Tarkovsky"}
    assert "http://www.wikidata.org/entity/Q200437" not in {row["otherFilm"] for row in rows}


def test_birth_dates_for_a_given_film(wikidata_endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "birth-dates", "--wikidata", "--endpoint", wikidata_endpoint,
                         "--param", "film=film:stalker-1979", "--format", "json")
    assert code == 0, err
    assert "1932-04-04" in out  # Andrei Tarkovsky, the only linked person with a date in the subset


def test_bad_film_parameter_is_refused(wikidata_endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "birth-dates", "--wikidata", "--endpoint", wikidata_endpoint,
                       "--param", "film=not an iri")
    assert code == 2
    assert "not an absolute IRI" in err and err.count("\n") == 1


def test_unreachable_endpoint_is_one_line(closed_endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "birth-dates", "--wikidata", "--endpoint", closed_endpoint)
    assert code == 2
    assert closed_endpoint in err and err.count("\n") == 1 and "Traceback" not in err
