"""JSON-LD: the generated context, the safe document loader, compaction and the film frame."""

from __future__ import annotations

import importlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from exporting import parse_with_oxigraph
from pyld import jsonld as pyld
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF

import filmgraph
from filmgraph import context as jsonld_context
from filmgraph import jsonld, resources
from filmgraph.canonical import to_ntriples
from filmgraph.cli import main
from filmgraph.errors import InputError, UsageError
from filmgraph.namespaces import FG, loaded_prefixes

export_module = importlib.import_module("filmgraph.exporting")
ROOT = Path(__file__).resolve().parents[1]
EVENT = loaded_prefixes()["event"]


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    return jsonld.load_context()["@context"]


@pytest.fixture(scope="module")
def data_only() -> Dataset:
    return export_module.bundled_dataset(include_ontology=False)


@pytest.fixture(scope="module")
def framed(data_only: Dataset) -> dict[str, Any]:
    return json.loads(export_module.export(data_only, "jsonld", frame="film"))


@pytest.fixture(scope="module")
def flat() -> dict[str, Any]:
    return json.loads(export_module.export(None, "jsonld"))


# --- the context ----------------------------------------------------------------------------------


def test_committed_context_is_generated_from_the_ontology() -> None:
    """ontology/context.jsonld is never edited by hand: `filmgraph context --write` regenerates it."""
    committed = (ROOT / resources.CONTEXT_FILE).read_text(encoding="utf-8")
    assert committed == jsonld_context.context_text(jsonld_context.generate_context(filmgraph.load_ontology()))
    path, up_to_date = jsonld_context.project_context_check(ROOT)
    assert up_to_date and path == ROOT / "ontology" / "context.jsonld"


def test_context_keys_are_short_and_typed(context: dict[str, Any]) -> None:
    assert context["@version"] == 1.1
    assert context["id"] == "@id" and context["type"] == "@type"
    assert context["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert context["title"] == {"@id": "fg:title", "@container": "@language"}
    assert context["description"] == {"@id": "dcterms:description", "@container": "@language"}
    assert context["director"] == {"@id": "fg:director", "@type": "@id"}
    assert context["characters"] == {"@id": "fg:hasCharacter", "@type": "@id", "@container": "@set"}
    assert context["performances"] == {"@id": "fg:hasPerformance", "@type": "@id", "@container": "@set"}
    assert context["participants"] == {"@id": "fg:participant", "@type": "@id", "@container": "@set"}
    assert context["events"] == {"@reverse": "fg:inFilm", "@container": "@set"}
    assert context["location"] == {"@id": "fg:location", "@type": "@id"}
    assert context["partOf"] == {"@id": "fg:partOf", "@type": "@id"}
    assert context["position"] == {"@id": "fg:storyPosition", "@type": "xsd:integer"}
    assert context["releaseYear"] == {"@id": "fg:releaseYear", "@type": "xsd:gYear"}
    assert context["duration"] == {"@id": "fg:duration", "@type": "xsd:duration"}
    assert context["created"] == {"@id": "dcterms:created", "@type": "xsd:date"}
    assert context["creditedAs"] == "fg:creditedAs"
    assert context["Film"] == "fg:Film"
    for prefix, namespace in loaded_prefixes().items():
        assert context[prefix] == namespace


def test_context_has_a_term_for_every_ontology_class_and_property(context: dict[str, Any]) -> None:
    ontology = filmgraph.load_ontology()
    ids = {v if isinstance(v, str) else v.get("@id") for v in context.values() if isinstance(v, str | dict)}
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {f"fg:{str(s)[len(str(FG)):]}" for k in kinds for s in ontology.subjects(RDF.type, k)
             if str(s).startswith(str(FG))}
    assert terms and terms <= ids


def test_context_generation_refuses_a_term_clashing_with_a_prefix() -> None:
    ontology = Graph()
    ontology.add((FG.film, RDF.type, OWL.ObjectProperty))  # would become the key "film", a prefix
    with pytest.raises(InputError, match="clash"):
        jsonld_context.generate_context(ontology)


def test_cli_context_check_and_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ontology").mkdir()
    for name in (*resources.ONTOLOGY_FILES, resources.CONTEXT_FILE):
        shutil.copy(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    assert main(["context", "--check"]) == 0
    with (tmp_path / "ontology" / "filmgraph.ttl").open("a", encoding="utf-8") as handle:
        handle.write("\nfg:soundtrack a owl:ObjectProperty ; rdfs:label \"soundtrack\"@en .\n")
    assert main(["context", "--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert main(["context", "--write"]) == 0
    assert main(["context", "--check"]) == 0
    regenerated = json.loads((tmp_path / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert regenerated["@context"]["soundtrack"] == {"@id": "fg:soundtrack", "@type": "@id"}
    capsys.readouterr()
    assert main(["context"]) == 0  # prints the context of the installed ontology
    assert json.loads(capsys.readouterr().out) == jsonld.load_context()


def test_cli_context_check_outside_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["context", "--check"]) == 2


# --- no network ------------------------------------------------------------------------------------


def test_the_loader_serves_the_bundled_context_and_refuses_anything_else() -> None:
    assert jsonld.document_loader(jsonld.CONTEXT_URL)["document"] == jsonld.load_context()
    with pytest.raises(jsonld.RemoteDocumentRefused, match="refusing to fetch"):
        jsonld.document_loader("https://schema.org/")
    doc = {"@context": "https://example.org/remote-context.jsonld", "name": "x"}
    with pytest.raises(jsonld.RemoteDocumentRefused, match=re.escape("https://example.org/remote-context.jsonld")):
        jsonld.to_nquads(doc)


def test_pyld_default_loader_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports, framing and reading back with the context URL all go through our loader."""

    def network(url: str, options: object = None) -> None:
        raise AssertionError(f"pyld's own document loader was asked for {url}")

    monkeypatch.setattr(pyld, "_default_document_loader", network)
    for context_url in (None, jsonld.CONTEXT_URL):
        for frame in (None, "film"):
            data = export_module.export(None, "jsonld", frame=frame, context_url=context_url)
            assert jsonld.to_nquads(json.loads(data))


# --- the flat document -----------------------------------------------------------------------------


def test_flat_document_reads_well(flat: dict[str, Any]) -> None:
    nodes = {node["id"]: node for node in flat["@graph"]}
    film = nodes["film:stalker-1979"]
    assert list(film)[:3] == ["id", "type", "label"]
    assert film["type"] == "Film"
    assert film["label"] == {"en": "Stalker", "ru": "Сталкер"}
    assert film["title"] == {"en": "Stalker", "ru": "Сталкер"}
    assert film["director"] == "person:andrei-tarkovsky"
    assert film["releaseYear"] == "1979" and film["duration"] == "PT2H42M"
    assert film["exactMatch"] == "wd:Q200437"
    assert len(film["characters"]) == 8
    event = nodes["event:porcupine-sacrifices-brother"]
    assert event["position"] == "1" and event["location"] == "setting:meat-grinder"
    assert sorted(nodes["fg:Film"]["subClassOf"]) == ["fg:CreativeWork", "schema:Movie"]


# --- the film frame ---------------------------------------------------------------------------------


def _event_count(graph: Graph) -> int:
    film = URIRef(loaded_prefixes()["film"] + "stalker-1979")
    return len({e for e in graph.subjects(FG.inFilm, film) if graph.value(e, FG.storyPosition) is not None})


def test_framed_film_is_at_the_top(framed: dict[str, Any]) -> None:
    assert list(framed)[:4] == ["@context", "id", "type", "label"]
    assert framed["id"] == "film:stalker-1979" and framed["type"] == "Film"
    assert "@graph" not in framed
    assert framed["director"]["label"]["en"] == "Andrei Tarkovsky"
    assert [g["label"]["en"] for g in framed["genres"]] == ["art film", "drama film", "science fiction film"]


def test_framed_events_sorted_by_position_tell_the_story(framed: dict[str, Any]) -> None:
    """The framed document keeps the processor's order (by IRI); a consumer sorts by position."""
    count = _event_count(filmgraph.load_data())
    assert count == 32
    events = sorted(framed["events"], key=lambda e: int(e["position"]))
    assert len(events) == count
    positions = [int(e["position"]) for e in events]
    assert positions[0] == 1 and positions[-1] == 27  # 27 distinct moments
    first, last = events[0], events[-1]
    assert first["id"] == "event:porcupine-sacrifices-brother"
    assert first["label"]["en"] == "The mentor sends his brother into the Meat Grinder"
    assert first["location"]["id"] == "setting:meat-grinder"
    assert first["location"]["label"] == {"en": "the Meat Grinder", "ru": "Мясорубка"}
    assert set(first["participants"]) == {"character:porcupine", "character:porcupine-brother"}
    assert last["id"] == "event:train-shakes-the-flat"
    assert last["involvesObject"]["id"] == "object:passing-train"
    assert last["involvesObject"]["label"]["en"] == "the passing train"
    assert all(e["type"] in ("ShownEvent", "RecountedEvent") for e in events)  # no claims among them
    journey = next(e for e in events if e["id"] == "event:journey-through-fields-and-tunnels")
    assert {place["id"] for place in journey["location"]} == {"setting:fields", "setting:tunnels"}
    assert first["supportingPassage"]["oa:hasSelector"]["type"] == "oa:TextPositionSelector"


def test_framed_cast_embeds_actor_and_character(framed: dict[str, Any]) -> None:
    cast = sorted(framed["performances"], key=lambda p: int(p["billingOrder"]))
    assert [p["billingOrder"] for p in cast] == ["1", "2", "3", "4", "5"]
    first = cast[0]
    assert first["performer"]["label"]["en"] == "Alexander Kaidanovsky"
    assert first["playsCharacter"] == {"id": "character:stalker", "type": "Character",
                                       "label": {"en": "the Stalker", "ru": "Сталкер"}}
    assert first["creditedAs"] == "Alexander Kaidanovsky"
    characters = {c["id"]: c for c in framed["characters"]}
    assert len(characters) == 8
    assert characters["character:stalker"]["spouseOf"] == "character:wife"
    motives = characters["character:professor"]["motives"]
    assert {m["label"]["en"] for m in motives} == {"destroy the Room", "a scientific discovery, perhaps a Nobel Prize"}
    zone = next(p for p in framed["narrativeLocation"] if p["id"] == "setting:zone")
    assert zone["filmedAt"]["label"]["en"] == "Tallinn"


def _lines(graph: Dataset | Graph) -> set[str]:
    merged = Graph()
    for s, p, o, *_ in (graph.quads((None, None, None, None)) if isinstance(graph, Dataset) else graph):
        merged.add((s, p, o))
    return set(to_ntriples(merged).splitlines())


def test_framed_document_states_only_facts_of_the_data(framed: dict[str, Any]) -> None:
    """Everything the framed document says is in the data, and every event, performance and
    character is there with all of its own triples."""
    data = filmgraph.load_data()
    said = _lines(parse_with_oxigraph(json.dumps(framed).encode(), "jsonld"))
    assert said <= _lines(data)
    wanted = Graph()
    for cls in (FG.ShownEvent, FG.RecountedEvent, FG.Performance, FG.Character, FG.Film):
        for node in data.subjects(RDF.type, cls):
            for p, o in data.predicate_objects(node):
                wanted.add((node, p, o))
    assert _lines(wanted) <= said


def test_framed_document_for_one_film_and_errors() -> None:
    by_slug = export_module.export(None, "jsonld", frame="film", film="stalker-1979")
    by_iri = export_module.export(None, "jsonld", frame="film", film=loaded_prefixes()["film"] + "stalker-1979")
    assert by_slug == by_iri == export_module.export(None, "jsonld", frame="film", film="film:stalker-1979")
    with pytest.raises(UsageError, match=re.escape("no film 'solaris-1972' in the data")) as caught:
        export_module.export(None, "jsonld", frame="film", film="solaris-1972")
    assert "(films: film:stalker-1979)" in str(caught.value)  # the films there are listed
    with pytest.raises(UsageError, match="did you mean stalker-1979"):
        export_module.export(None, "jsonld", frame="film", film="stalker-1997")
    with pytest.raises(InputError, match="no film"):
        export_module.export(Graph(), "jsonld", frame="film")


def test_framed_document_with_the_context_url(data_only: Dataset) -> None:
    doc = json.loads(export_module.export(data_only, "jsonld", frame="film", context_url=jsonld.CONTEXT_URL))
    assert doc["@context"] == "https://w3id.org/filmgraph/context.jsonld"
    inline = json.loads(export_module.export(data_only, "jsonld", frame="film"))
    assert doc == {**inline, "@context": jsonld.CONTEXT_URL}


def test_bundled_frames_are_listed() -> None:
    assert jsonld.frame_names() == ["film"]
    assert jsonld.load_frame("film")["type"] == "Film"
    assert (ROOT / jsonld.FRAMES["film"]).is_file()
