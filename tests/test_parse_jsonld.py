"""User JSON-LD files are read through pyld with filmgraph's loader: no remote context is fetched,
and a JSON syntax error is one line with its position."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from filmgraph.errors import InputError
from filmgraph.exporting import export
from filmgraph.graph import parse_file


def test_a_remote_context_is_refused_not_fetched(tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text('{"@context": "https://example.org/ctx.jsonld", "@id": "http://a/s", "name": "x"}')
    with pytest.raises(InputError, match=r"remote\.jsonld: refusing to fetch .*https://example\.org/ctx\.jsonld"):
        parse_file(path)


def test_json_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonld"
    path.write_text('{"@id": "http://a/s",\n "http://a/p": "x",,\n}')
    with pytest.raises(InputError) as info:
        parse_file(path)
    assert str(info.value).startswith(f"{path}:2:20: ")


def test_inline_context_and_the_filmgraph_context_url_are_read(tmp_path: Path) -> None:
    inline = tmp_path / "inline.jsonld"
    inline.write_text('{"@context": {"p": "http://a/p"}, "@id": "http://a/s", "p": "x"}')
    assert set(parse_file(inline)) == {(URIRef("http://a/s"), URIRef("http://a/p"), Literal("x"))}
    linked = tmp_path / "linked.jsonld"  # names https://w3id.org/filmgraph/context.jsonld, served from the package
    linked.write_bytes(export(None, "jsonld", context_url="https://w3id.org/filmgraph/context.jsonld"))
    assert b'"@context": "https://w3id.org/filmgraph/context.jsonld"' in linked.read_bytes()
    film = URIRef("https://w3id.org/filmgraph/film/stalker-1979")
    assert (film, URIRef("https://w3id.org/filmgraph/ontology#title"), Literal("Сталкер", lang="ru")) in parse_file(
        linked
    )
