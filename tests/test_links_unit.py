"""Pieces of filmgraph.links that need no server: label matching, identifiers, query building."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.plugins.sparql import prepareQuery

import filmgraph
from filmgraph.links import (
    EXPECTED_TYPES,
    FILM_STATEMENTS,
    expand,
    labels_match,
    normalise_label,
    parse_qid,
)
from filmgraph.links.wikidata import literal_values as _literal_values
from filmgraph.namespaces import FG
from filmgraph.namespaces import compact_iri as curie

WD = "http://www.wikidata.org/entity/"


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("Tarkovsky", "Andrei Tarkovsky"),
        ("Andrei Tarkovsky", "andrei  TARKOVSKY"),
        ("The Mirror", "Mirror"),
        ("Ivan's Childhood", "Ivan’s Childhood"),
        ("Symphony No. 9", "symphony no 9"),
        ("Fyodor Tyutchev", "Fýodor Tyutchev"),
        ("Фёдор Тютчев", "Федор Тютчев"),
        ("Andrei Tarkovsky", "Andrei Arsenyevich Tarkovsky"),
        ("Сталкер", "сталкер"),
    ],
)
def test_labels_that_match(ours: str, theirs: str) -> None:
    assert labels_match(ours, theirs) and labels_match(theirs, ours)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("Andrei Tarkovsky", "Ludwig van Beethoven"),
        ("Andrei Tarkovsky", "Arseny Tarkovsky"),
        ("The", "The"),
        ("", "Stalker"),
        ("Solaris", "Solyaris"),
    ],
)
def test_labels_that_do_not_match(ours: str, theirs: str) -> None:
    assert not labels_match(ours, theirs)


def test_normalise_label() -> None:
    assert normalise_label("The Sacrifice!") == ("sacrifice",)
    assert normalise_label("Andrei Rublëv") == ("andrei", "rublev")


@pytest.mark.parametrize(
    ("text", "qid"),
    [
        ("Q853", "Q853"),
        (" wd:Q853 ", "Q853"),
        ("http://www.wikidata.org/entity/Q853", "Q853"),
        ("<http://www.wikidata.org/entity/Q853>", "Q853"),
        ("Q0", None),
        ("Q", None),
        ("q853", None),
        ("https://www.wikidata.org/wiki/Q853", None),
        ("P57", None),
        ("Q853 ", "Q853"),
    ],
)
def test_parse_qid(text: str, qid: str | None) -> None:
    assert parse_qid(text) == qid


def test_curie_and_expand_round_trip() -> None:
    iri = URIRef("https://w3id.org/filmgraph/person/andrei-tarkovsky")
    assert curie(iri) == "person:andrei-tarkovsky"
    assert expand("person:andrei-tarkovsky") == iri
    assert expand(f"<{iri}>") == iri and expand(str(iri)) == iri
    assert expand("nosuchprefix:x") is None and expand("not an iri") is None


def test_literal_values_cannot_break_out_of_the_query() -> None:
    nasty = [
        Literal('x" } ; DROP ALL ; SELECT * { "', lang="en"),
        Literal("back\\slash\nnew line\ttab", lang="ru"),
        Literal("tt0079944"),
    ]
    (block,) = _literal_values("name", nasty, size=10)
    query = prepareQuery(f"SELECT ?name WHERE {{ {block} }}")
    answers = {row[0] for row in Graph().query(query)}  # type: ignore[index]
    assert answers == set(nasty)


def test_literal_values_refuse_a_bad_language_tag() -> None:
    """rdflib already refuses most bad tags; a subtag longer than BCP 47 allows is refused here."""
    with pytest.raises(filmgraph.UsageError, match="not a language tag"):
        list(_literal_values("name", [Literal("x", lang="abcdefghijk")], size=1))


def test_expected_types_agree_with_the_alignments() -> None:
    """Where the ontology maps a class to a Wikidata class, the table expects that class."""
    onto = filmgraph.load_ontology()
    for klass, expected in EXPECTED_TYPES.items():
        aligned = {
            str(o)[len(WD):]
            for o in [*onto.objects(klass, SKOS.exactMatch), *onto.objects(klass, SKOS.closeMatch)]
            if str(o).startswith(WD + "Q")
        }
        assert aligned <= set(expected), (klass, aligned, expected)


def test_film_statements_agree_with_the_alignments() -> None:
    """Each graph property is given back as the Wikidata property the alignments name for it."""
    onto = filmgraph.load_ontology()
    for prop, pid, _kind in FILM_STATEMENTS:
        matches = {*onto.objects(prop, SKOS.exactMatch), *onto.objects(prop, SKOS.closeMatch)}
        assert URIRef(WD + pid) in matches, (prop, pid)
    assert (FG.director, "P57", "item") in FILM_STATEMENTS
