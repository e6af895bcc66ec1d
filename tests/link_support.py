"""Helpers shared by the tests of ``filmgraph link`` and federated queries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from servers import FIXTURES, Reply, json_reply

import filmgraph
from filmgraph import resources
from filmgraph.canonical import extract_header, to_turtle

B = "https://w3id.org/filmgraph/"
WD = "http://www.wikidata.org/entity/"
REDIRECTS = FIXTURES / "wikidata-redirect.ttl"
FILM = URIRef(B + "film/stalker-1979")
TARKOVSKY = URIRef(B + "person/andrei-tarkovsky")
ABRAMOVA = URIRef(B + "person/natasha-abramova")
ARTEMYEV = URIRef(B + "person/eduard-artemyev")
BEETHOVEN = URIRef(B + "person/ludwig-van-beethoven")


def wd(qid: str) -> URIRef:
    """A Wikidata entity IRI."""
    return URIRef(WD + qid)


def data_copy(tmp_path: Path, change: Callable[[Graph], None] | None = None, name: str = "stalker.ttl") -> Path:
    """The bundled data, changed by ``change``, written canonically (header kept) to a file."""
    text = resources.read_text("data/stalker.ttl")
    graph = filmgraph.load_data()
    if change is not None:
        change(graph)
    path = tmp_path / name
    path.write_text(to_turtle(graph, header=extract_header(text)), encoding="utf-8")
    return path


def project_copy(tmp_path: Path, change: Callable[[Graph], None] | None = None) -> Path:
    """The bundled data folder copied to ``tmp_path/data``, with ``change`` applied to the file
    holding the Wikidata links (written canonically, header kept); returns that file's path."""
    links_file = "data/stalker/wikidata.ttl"
    for relative in resources.data_files():
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(resources.read_text(relative), encoding="utf-8")
    path = tmp_path / links_file
    if change is not None:
        text = resources.read_text(links_file)
        graph = filmgraph.parse_file(path)
        change(graph)
        path.write_text(to_turtle(graph, header=extract_header(text)), encoding="utf-8")
    return path


def relink(entity: URIRef, qid: str | None) -> Callable[[Graph], None]:
    """A change replacing the entity's Wikidata links by ``qid`` (None: removing them)."""

    def change(graph: Graph) -> None:
        graph.remove((entity, SKOS.exactMatch, None))
        if qid is not None:
            graph.add((entity, SKOS.exactMatch, wd(qid)))

    return change


def facts_reply(item: str, label: str, types: dict[str, str] | None = None) -> Reply:
    """SPARQL JSON results of the link check's facts query for one item (for the fault server)."""

    def uri(value: str) -> dict[str, str]:
        return {"type": "uri", "value": value}

    def lit(value: str, lang: str | None = None) -> dict[str, str]:
        term = {"type": "literal", "value": value}
        if lang:
            term["xml:lang"] = lang
        return term

    rows = [{"item": uri(WD + item), "kind": lit("label"), "value": lit(label, "en")}]
    for qid, name in (types or {}).items():
        rows.append(
            {"item": uri(WD + item), "kind": lit("type"), "value": uri(WD + qid), "valueLabel": lit(name, "en")}
        )
        rows.append({"item": uri(WD + item), "kind": lit("fits"), "value": uri(WD + qid)})
    return json_reply({"head": {"vars": ["item", "kind", "value", "valueLabel"]}, "results": {"bindings": rows}})


def tiny_graph(tmp_path: Path, qid: str = "Q853") -> Path:
    """A one-person Turtle file linking Andrei Tarkovsky to ``qid``."""
    path = tmp_path / "tiny.ttl"
    graph = Graph()
    graph.add((TARKOVSKY, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
               URIRef(B + "ontology#Person")))
    graph.add((TARKOVSKY, URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
               Literal("Andrei Tarkovsky", lang="en")))
    graph.add((TARKOVSKY, SKOS.exactMatch, wd(qid)))
    path.write_text(to_turtle(graph), encoding="utf-8")
    return path
