"""The guards as a library: the JSON reader every JSON read goes through, RDF text from an
endpoint, the term checks and the size cap."""

from __future__ import annotations

import io

import pytest
from rdflib import BNode, Literal, URIRef

from filmgraph.errors import EndpointError, InputError
from filmgraph.graph import parse_text
from filmgraph.guards import bad_term, load_json, read_limited, shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"head": {"vars": ["x"]}, "n": -12, "f": 1.5e3}', {"head": {"vars": ["x"]}, "n": -12, "f": 1500.0}),
        (b'\xef\xbb\xbf["\xc3\xa9"]', ["é"]),  # bytes, with a byte order mark
        ("-" + "9" * 4300, -int("9" * 4300)),  # the longest number Python converts by default
    ],
)
def test_json_that_is_read(text: str | bytes, expected: object) -> None:
    assert load_json(text, "answer") == expected


AT_MOST = "filmgraph reads numbers of at most 4300 digits"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"n": ' + "1" * 4301 + "}", f"answer:1:7: a number of 4301 digits; {AT_MOST}"),
        ("[\n -" + "7" * 5000 + "]", f"answer:2:2: a number of 5000 digits; {AT_MOST}"),
        ("[" * 100000 + "]" * 100000, "answer: JSON nested too deeply to read"),
        ('{"a": ' * 100000 + "1" + "}" * 100000, "answer: JSON nested too deeply to read"),
        ("[1, NaN]", "answer:1:5: NaN is not a JSON value"),
        ("[-Infinity]", "answer:1:2: -Infinity is not a JSON value"),
        ('{"a": 1,}', "answer:1:9: Expecting property name enclosed in double quotes"),
        (b'["\xff"]', "answer: not UTF-8 text (invalid start byte at byte 2)"),
    ],
)
def test_json_that_is_refused_in_one_line(text: str | bytes, message: str) -> None:
    with pytest.raises(EndpointError) as info:
        load_json(text, "answer", EndpointError)
    assert str(info.value) == message


def test_json_errors_are_input_errors_by_default() -> None:
    with pytest.raises(InputError, match=r"^cache\.json:1:1: Expecting value$"):
        load_json("", "cache.json")


def test_rdf_xml_from_an_endpoint_gets_the_same_guard() -> None:
    """parse_text is the entry for RDF text from anywhere: the name need not be a file."""
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaa">]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n')
    with pytest.raises(InputError) as info:
        parse_text(bomb, "http://127.0.0.1:9/sparql", fmt="xml")
    # expat stops at the declaration's value, column 25 of line 2
    assert str(info.value).startswith("http://127.0.0.1:9/sparql:2:25: the entity declaration 'a' is refused")
    with pytest.raises(InputError, match=r"^answer: filmgraph does not read the format 'trix'$"):
        parse_text("<TriX/>", "answer", fmt="trix")  # rdflib's TriX parser has no entity guard


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ([URIRef("http://example.org/a"), Literal("x", lang="en"), BNode("b1")], None),
        ([URIRef("http://example.org/é")], None),  # an IRI, not only a URI
        ([URIRef("relative")], ("IRI", "<relative>")),
        ([URIRef("http://example.org/a#b#c")], ("IRI", "<http://example.org/a#b#c>")),
        ([URIRef("http://example.org/%zz")], ("IRI", "<http://example.org/%zz>")),
        ([Literal("a\ud800")], ("literal", '"a\\uD800"')),
        ([Literal("1", datatype=URIRef("http://example.org/t y"))], ("datatype IRI", "<http://example.org/t y>")),
        ([BNode("b\udc00")], ("blank node", "_:b\\uDC00")),
    ],
)
def test_bad_term(terms: list[object], expected: tuple[str, str] | None) -> None:
    found = bad_term(terms)  # type: ignore[arg-type]
    assert (found[1:3] if found else None) == expected


def test_shown_keeps_messages_on_one_line() -> None:
    assert shown("a\nb\x00c\u2028") == "a\\u000Ab\\u0000c\\u2028"
    assert shown("x" * 200) == "x" * 120 + "…"


def test_read_limited_stops_past_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FILMGRAPH_MAX_INPUT_MB", "1")
    assert read_limited(io.BytesIO(b"x" * 2**20), "in") == b"x" * 2**20
    stream = io.BytesIO(b"x" * (2**20 + 1))
    with pytest.raises(InputError, match=r"^in: larger than 1 MiB, the cap on one input"):
        read_limited(stream, "in")
    assert stream.tell() == 2**20 + 1  # read one byte past the cap, no more
    with pytest.raises(InputError, match=r"^big: larger than 1 MiB"):
        read_limited(io.BytesIO(b""), "big", size=2**30)  # refused from its size, before reading
