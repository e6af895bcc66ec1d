"""Several films: a second, invented film beside the bundled one is discovered, validated,
counted, keeps its prefixes and answers its own queries; with two films the film must be named.

The second film is tests/fixtures/films/lighthouse-keepers-clock.ttl, made up for the tests (and
the template of docs/adding-a-film.md); the expected answers below are read from that file and
its two-sentence synopsis, never from a query's output.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from servers import FaultServer, select_reply

import filmgraph
from filmgraph.cli import main
from filmgraph.counts import stats
from filmgraph.datasets import load_dataset, source_graphs
from filmgraph.errors import UsageError
from filmgraph.films import choose, discover_films, film_name
from filmgraph.namespaces import PREFIXES, compact_iri, expand_curie, file_prefixes, loaded_prefixes, prefix_map
from filmgraph.naming import Naming
from filmgraph.validation import validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "films" / "lighthouse-keepers-clock.ttl"
SYNOPSIS = FIXTURE.with_name("lighthouse-keepers-clock-synopsis.txt")
STORY = "https://w3id.org/filmgraph/lighthouse-keepers-clock-test/"
FILM = URIRef(PREFIXES["film"] + "lighthouse-keepers-clock-test")
BUNDLED_FILM = URIRef(PREFIXES["film"] + "stalker-1979")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project (ontology/, data/, queries/) with the invented film as data/NAME.ttl."""
    root = tmp_path_factory.mktemp("project")
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(FIXTURE, root / "data" / "lighthouse-keepers-clock.ttl")
    return root


@pytest.fixture(scope="module")
def dataset(project: Path) -> Dataset:
    return load_dataset(base=project)


def test_a_film_is_a_top_level_name_under_data() -> None:
    assert film_name("data/NAME.ttl") == "NAME"
    assert film_name("data/NAME/sources/wikidata.ttl") == "NAME"
    assert film_name("data/NAME/one.ttl") == "NAME"


def test_both_films_are_discovered_with_their_files_and_iris(project: Path) -> None:
    films = {film.name: film for film in discover_films(project)}
    assert set(films) == {"lighthouse-keepers-clock", "stalker"}
    assert films["lighthouse-keepers-clock"].files == ("data/lighthouse-keepers-clock.ttl",)
    assert films["lighthouse-keepers-clock"].iris == (FILM,)
    assert "data/stalker.ttl" in films["stalker"].files and len(films["stalker"].files) > 1
    assert films["stalker"].iris == (BUNDLED_FILM,)


def test_the_bundled_data_is_one_film() -> None:
    assert [film.iris for film in discover_films()] == [(BUNDLED_FILM,)]


def test_the_second_film_is_loaded_into_its_own_source_graph(dataset: Dataset) -> None:
    assert URIRef(PREFIXES["graph"] + "lighthouse-keepers-clock-test-synopsis") in source_graphs(dataset)
    assert (FILM, None, None) in dataset


def test_both_films_together_conform(dataset: Dataset) -> None:
    report = validate(dataset)
    assert report.conforms, [r.message for r in report.results][:3]


def test_the_second_film_is_counted(dataset: Dataset) -> None:
    alone = stats(load_dataset(include_ontology=True))
    both = stats(dataset)
    # the fixture holds 1 film, 1 person, 1 character, 1 performance, 1 place, 2 events
    assert both["films"] - alone["films"] == 1
    assert both["people"] - alone["people"] == 1
    assert both["characters"] - alone["characters"] == 1
    assert both["performances"] - alone["performances"] == 1
    assert both["places"] - alone["places"] == 1
    assert both["events"] - alone["events"] == 2


def test_each_film_keeps_its_own_prefixes(project: Path) -> None:
    films = {film.name: film for film in discover_films(project)}
    own = films["lighthouse-keepers-clock"].prefixes
    assert own["character"] == STORY + "character/" and own["event"] == STORY + "event/"
    assert file_prefixes(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE)) == dict(own)
    assert films["stalker"].prefixes["character"] != own["character"]
    # Merged, a prefix the films bind differently is dropped (full IRIs in machine output) ...
    merged = loaded_prefixes(project)
    assert "character" not in merged and "event" not in merged
    assert merged["film"] == PREFIXES["film"] and merged["fg"] == PREFIXES["fg"]
    # ... and it is known which film each one belongs to, for people's output.
    owners = Naming(merged, {name: film.prefixes for name, film in films.items()}).clashes()
    assert owners["character"] == {"lighthouse-keepers-clock": own["character"],
                                   "stalker": films["stalker"].prefixes["character"]}
    keeper = STORY + "character/keeper"
    assert compact_iri(keeper, merged) == f"<{keeper}>"
    alone = prefix_map(PREFIXES, films["lighthouse-keepers-clock"].prefixes)
    assert compact_iri(keeper, alone) == "character:keeper"
    assert expand_curie("character:keeper", alone) == keeper
    assert expand_curie("character:keeper", merged) is None


def test_no_story_prefix_is_in_code() -> None:
    assert not any(ns.startswith(PREFIXES["film"].removesuffix("film/")) and ns.count("/") > 5
                   for ns in PREFIXES.values())
    assert "character" not in PREFIXES and "event" not in PREFIXES
    assert loaded_prefixes()["character"] == discover_films()[0].prefixes["character"]


def test_prefix_map_drops_clashes_and_keeps_the_rest() -> None:
    assert prefix_map({"a": "x:", "b": "y:"}, {"a": "z:", "c": "w:"}, {"b": "y:"}) == {"b": "y:", "c": "w:"}


def test_timeline_and_cast_of_the_second_film(dataset: Dataset) -> None:
    timeline = filmgraph.query("timeline", graph=dataset, film="film:lighthouse-keepers-clock-test")
    # the synopsis: the keeper winds the clock, then the clock stops at midnight
    assert [(int(r.position), str(r.event)) for r in timeline.rows] == [
        (1, STORY + "event/keeper-winds-the-clock"),
        (2, STORY + "event/clock-stops"),
    ]
    cast = filmgraph.query("cast", graph=dataset, film=str(FILM))
    assert [(str(r.actorLabel), str(r.character)) for r in cast.rows] == [
        ("Ada Quill (test fixture)", STORY + "character/keeper")
    ]


def test_the_only_film_of_a_file_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "timeline", "--data", str(FIXTURE), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert re.findall(r"event/([a-z-]+)", out) == ["keeper-winds-the-clock", "clock-stops"]
    assert main(["query", "cast", "--data", str(FIXTURE), "--format", "csv"]) == 0
    assert "Ada Quill" in capsys.readouterr().out


def test_with_two_films_a_query_asks_which(dataset: Dataset) -> None:
    with pytest.raises(UsageError) as caught:
        filmgraph.query("timeline", graph=dataset)
    message = str(caught.value)
    assert "\n" not in message and "2 films" in message and "--film" in message
    assert "film:lighthouse-keepers-clock-test" in message and "film:stalker-1979" in message


def test_with_two_films_the_cli_asks_which(capsys: pytest.CaptureFixture[str]) -> None:
    stalker = ROOT / "data" / "stalker.ttl"
    assert main(["query", "cast", "--data", str(stalker), str(FIXTURE)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "2 films" in err and "film:lighthouse-keepers-clock-test" in err


def test_choosing_a_film_by_name(project: Path) -> None:
    films = discover_films(project)
    assert choose(films, "film:lighthouse-keepers-clock-test") == FILM
    assert choose(films, str(FILM)) == FILM
    assert choose(films, f"<{FILM}>") == FILM
    assert choose(films, "lighthouse-keepers-clock-test") == FILM  # the IRI's last segment
    assert choose(films, "lighthouse-keepers-clock") == FILM  # the film's name under data/
    assert choose([films[0]], None) == FILM


def test_a_mistyped_film_gets_a_did_you_mean(project: Path) -> None:
    with pytest.raises(UsageError) as caught:
        choose(discover_films(project), "lighthouse-keeper-clock")
    message = str(caught.value)
    assert "\n" not in message and "did you mean lighthouse-keepers-clock" in message
    assert "film:stalker-1979" in message  # the films are listed


def test_data_without_a_film_says_so() -> None:
    with pytest.raises(UsageError, match="no film"):
        choose([], None)


def test_the_guide_shows_the_fixture_verbatim() -> None:
    guide = (ROOT / "docs" / "adding-a-film.md").read_text(encoding="utf-8")
    block = re.search(r"```turtle\n(.*?)```", guide, re.S)
    assert block is not None and block.group(1) == FIXTURE.read_text(encoding="utf-8")


def test_the_fixture_passages_point_into_its_synopsis() -> None:
    text = SYNOPSIS.read_text(encoding="utf-8")
    assert text[0:51] == "The keeper winds the lighthouse clock each evening."
    assert text[52:80] == "At midnight the clock stops."


def test_the_loaded_map_reads_every_prefix_the_files_declare(project: Path) -> None:
    """Read from the files' headers, it is the map of the files read in full."""
    from filmgraph import resources

    files = (*resources.ONTOLOGY_FILES, *resources.data_files(project))
    full = [file_prefixes((project / f).read_text(encoding="utf-8"), f) for f in files]
    assert loaded_prefixes(project) == prefix_map(PREFIXES, *full)
    assert loaded_prefixes() == prefix_map(PREFIXES, *(film.prefixes for film in discover_films()),
                                           *full[: len(resources.ONTOLOGY_FILES)])


def test_an_endpoint_is_asked_for_its_films_first(fault_server: FaultServer) -> None:
    """Left out, the film is the only one the endpoint holds, asked with the ``films`` query."""
    fault_server.queue(select_reply("film", [str(FILM)]), select_reply("x", []))
    filmgraph.query("cast", endpoint=fault_server.url)
    first, second = fault_server.requests
    asked = urllib.parse.parse_qs(urllib.parse.urlsplit(first.path).query)["query"][0]
    assert "?film a fg:Film" in asked
    sent = urllib.parse.parse_qs(urllib.parse.urlsplit(second.path).query).get("query", [""])[0]
    sent = sent or urllib.parse.parse_qs(second.body.decode("ascii"))["query"][0]
    assert f"<{FILM}>" in sent and "?film" not in sent.split("WHERE", 1)[1]


def test_an_endpoint_with_two_films_asks_which(fault_server: FaultServer) -> None:
    fault_server.queue(select_reply("film", [str(FILM), str(BUNDLED_FILM)]))
    with pytest.raises(UsageError, match="2 films"):
        filmgraph.query("cast", endpoint=fault_server.url)
    assert len(fault_server.requests) == 1


def test_fmt_keeps_the_films_own_prefixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The fixture is canonical with its own story prefixes (character:, event:, …): shuffled, fmt
    gives it back byte for byte, never with full IRIs or the bundled film's namespaces."""
    text = FIXTURE.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n# --- Source graphs")
    comments = [line for line in head.splitlines() if line.startswith("#")]
    prefixes = [line for line in head.splitlines() if line.startswith("@prefix")]
    shuffled = tmp_path / "film.ttl"
    shuffled.write_text("\n".join([*comments, "", *reversed(prefixes), "", body]), encoding="utf-8")
    assert main(["fmt", str(shuffled)]) == 0
    assert capsys.readouterr().out == f"reformatted {shuffled}\n"
    out = shuffled.read_text(encoding="utf-8")
    assert out == text
    assert "fg:hasCharacter character:keeper ;" in out
    assert not [line for line in out.splitlines() if f"<{STORY}" in line and not line.startswith("@prefix")]
    assert main(["fmt", "--check", str(shuffled)]) == 0


def test_fmt_writes_full_iris_for_a_prefix_that_clashes_with_a_vocabulary(tmp_path: Path) -> None:
    """A file binding ``film:`` elsewhere than the project's scheme keeps the meaning, not the name:
    ``film:`` is the vocabularies' own, never rebound."""
    path = tmp_path / "clash.ttl"
    path.write_text("@prefix film: <https://example.org/films/> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
                    'film:x rdfs:label "x" .\n', encoding="utf-8")
    assert main(["fmt", str(path)]) == 0
    out = path.read_text(encoding="utf-8")
    assert "<https://example.org/films/x>" in out and "@prefix film:" not in out


# --- --film, and the names output gives IRIs, with two films ------------------------------------

#: The bundled film's files and the invented film's, as --data: two films, story prefixes clashing.
BOTH = [*(str(p) for p in sorted((ROOT / "data").rglob("*.ttl"))), str(FIXTURE)]
KEEPER = STORY + "character/keeper"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_with_two_films_query_asks_for_film_listing_them(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "query", "timeline", "--data", *BOTH, "--format", "csv")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "--film" in err
    assert "film:lighthouse-keepers-clock-test" in err and "film:stalker-1979" in err


def test_film_option_chooses_the_film(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "query", "timeline", "--data", *BOTH, "--film", "lighthouse-keepers-clock-test",
                        "--format", "csv")
    assert code == 0  # the synopsis: the keeper winds the clock, then it stops
    assert re.findall(r"event/([a-z-]+)", out) == ["keeper-winds-the-clock", "clock-stops"]
    code, out, _ = _run(capsys, "query", "cast", "--data", *BOTH, "--film", "film:stalker-1979", "--format", "csv")
    first = out.splitlines()[1].split(",")  # billing 1: Alexander Kaidanovsky plays the Stalker
    assert code == 0 and first[:2] == ["1", PREFIXES["person"] + "alexander-kaidanovsky"]
    assert "Ada Quill" not in out


def test_film_option_mistakes_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "query", "cast", "--data", *BOTH, "--film", "lighthouse-keeper-clock-test")
    assert code == 2 and err.count("\n") == 1
    assert "did you mean lighthouse-keepers-clock-test?" in err and "film:stalker-1979" in err
    code, _, err = _run(capsys, "query", "cast", "--data", str(FIXTURE), "--film", "x", "-p", f"film={FILM}")
    assert code == 2 and "given twice" in err and err.count("\n") == 1
    code, _, err = _run(capsys, "query", "classes", "--data", str(FIXTURE), "--film", "x")
    assert code == 2 and "has no film parameter" in err and err.count("\n") == 1


def test_the_api_takes_a_film_by_its_slug(dataset: Dataset) -> None:
    timeline = filmgraph.query("timeline", graph=dataset, film="lighthouse-keepers-clock-test")
    events = [STORY + "event/keeper-winds-the-clock", STORY + "event/clock-stops"]
    assert [str(r.event) for r in timeline.rows] == events
    with pytest.raises(UsageError, match="did you mean stalker-1979"):
        filmgraph.query("cast", graph=dataset, film="stalker-1997")


def test_export_frames_the_film_chosen(dataset: Dataset, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    framed = json.loads(filmgraph.export(dataset, "jsonld", frame="film", film="lighthouse-keepers-clock-test"))
    assert framed["id"] == "film:lighthouse-keepers-clock-test"
    code, out, _ = _run(capsys, "export", "--data", *BOTH, "--frame", "film", "--film", "stalker-1979")
    assert code == 0 and json.loads(out)["id"] == "film:stalker-1979"
    code, out, err = _run(capsys, "export", "--data", *BOTH, "--frame", "film", "--film", "lighthouse")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "film:lighthouse-keepers-clock-test" in err


def test_output_for_one_film_uses_its_own_prefixes(capsys: pytest.CaptureFixture[str]) -> None:
    """Before: the bundled map named the events in full (its event: is the bundled film's)."""
    code, out, _ = _run(capsys, "query", "timeline", "--data", str(FIXTURE), "--format", "md")
    assert code == 0 and "| event:keeper-winds-the-clock |" in out and STORY not in out
    code, out, _ = _run(capsys, "query", "entity-card", "-p", f"entity={FILM}", "--data", str(FIXTURE))
    assert code == 0 and f"@prefix character: <{STORY}character/> ." in out and "character:keeper" in out
    # exported alone, the film is its own file again, but for the header comment
    code, out, _ = _run(capsys, "export", "--data", str(FIXTURE), "--format", "turtle")
    assert code == 0 and out == FIXTURE.read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_with_two_films_machine_output_is_in_full_and_tables_say_the_film(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "query", "cast", "--data", *BOTH, "--film", str(FILM), "--format", "table")
    assert code == 0 and "character:keeper (film lighthouse-keepers-clock)" in out
    code, out, _ = _run(capsys, "query", "cast", "--data", *BOTH, "--film", "stalker-1979", "--format", "md")
    assert code == 0 and "| character:stalker (film stalker) |" in out
    code, out, _ = _run(capsys, "query", "entity-card", "-p", f"entity={KEEPER}", "--data", *BOTH)
    assert code == 0 and "@prefix character:" not in out and f"<{KEEPER}>" in out
    code, out, _ = _run(capsys, "export", "--data", *BOTH, "--format", "turtle")
    assert code == 0 and "@prefix character:" not in out and "@prefix event:" not in out
    assert f"<{KEEPER}>" in out and "fg:hasCharacter" in out  # the vocabularies keep their prefixes


def test_validate_says_why_story_iris_are_in_full(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "lighthouse-keepers-clock.ttl"  # a character without its label
    text = FIXTURE.read_text(encoding="utf-8")
    broken.write_text(text.replace('    rdfs:label "the keeper"@en ;\n', "", 1), encoding="utf-8")
    assert broken.read_text(encoding="utf-8") != text
    code, out, _ = _run(capsys, "validate", *BOTH[:-1], str(broken))
    assert code == 1 and f"<{KEEPER}>" in out
    note = out.splitlines()[-1]
    assert note.startswith("note: films lighthouse-keepers-clock, stalker bind character:")
    code, out, _ = _run(capsys, "validate", str(broken))  # alone: its own prefixes, no note
    assert code == 1 and "character:keeper" in out.splitlines() and "note:" not in out
