"""Parameters: headers that declare them, validation into RDF terms, and binding by substitution
that never pastes a user's text into a query and keeps every engine's answer the same."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from query_support import FILM, setting
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

import filmgraph
from filmgraph.errors import InputError, UsageError
from filmgraph.namespaces import FG
from filmgraph.queries import Param, Query, bind_values, parse_query, to_term
from filmgraph.querying import prepare
from filmgraph.syntax import bind, tokenize

HEADER = (
    "# title: t\n# question: q\n"
    "# params: film = <https://w3id.org/filmgraph/film/stalker-1979> (IRI): the film\n"
    '#   text = "default" (string): some text\n'
    "#   n = 3 (integer)\n"
    "#   flag = false (boolean): a switch\n"
)
PREFIX = "PREFIX fg: <https://w3id.org/filmgraph/ontology#>\n"


def make(body: str, header: str = HEADER) -> Query:
    return parse_query(header + PREFIX + body, "<test>")


def bound(body: str, **values: object) -> str:
    query = make(body)
    text = bind(query, bind_values(query, values))
    return text[len(HEADER + PREFIX) :]


def test_header_declares_typed_parameters_with_defaults() -> None:
    query = make("SELECT * WHERE { ?s ?p ?o }")
    assert (query.title, query.question) == ("t", "q")
    assert [(p.name, p.type) for p in query.params] == [
        ("film", "IRI"), ("text", "string"), ("n", "integer"), ("flag", "boolean"),
    ]  # fmt: skip
    assert query.param("film") == Param("film", "IRI", FILM, "the film")
    assert query.param("text").default == Literal("default")  # type: ignore[union-attr]
    assert query.param("n").default == Literal(3)  # type: ignore[union-attr]
    assert query.param("flag").default == Literal(False)  # type: ignore[union-attr]


def test_multi_line_question_and_no_params() -> None:
    query = parse_query(
        "# title: A\n# question: first line\n#   second line\n# params: none\nASK {}"
    )
    assert query.question == "first line second line" and query.params == ()


@pytest.mark.parametrize(
    "declaration, problem",
    [
        ("film = <stalker> (IRI)", "bad default"),
        ("film = <https://example.org/a> (IRIs)", "unknown parameter type"),
        ("graph = <https://example.org/a> (IRI)", "cannot be a parameter name"),
        ("film <https://example.org/a>", "cannot read the parameter declaration"),
        ("n = three (integer)", "bad default"),
    ],
)
def test_bad_declarations_are_input_errors(declaration: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        parse_query(f"# title: t\n# params: {declaration}\nASK {{}}", "bad.rq")


def test_a_required_parameter_must_be_given() -> None:
    query = parse_query("# params: place (IRI, required): where\nASK { ?s ?p ?place }", "r.rq")
    with pytest.raises(UsageError, match=r"r\.rq: parameter place \(IRI\) is required") as caught:
        bind_values(query, {})
    assert "\n" not in str(caught.value) and "--param place=PREFIX:NAME" in str(caught.value)
    assert bind_values(query, {"place": "setting:zone"}) == {"place": setting("zone")}


# --- values into terms --------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, expected",
    [
        ("https://example.org/x", "https://example.org/x"),
        ("<https://example.org/x>", "https://example.org/x"),
        ("film:stalker-1979", str(FILM)),
        ("urn:isbn:0451450523", "urn:isbn:0451450523"),
        (URIRef("https://example.org/y"), "https://example.org/y"),
    ],
)
def test_iri_values(given: object, expected: str) -> None:
    assert to_term(Param("film", "IRI"), given) == URIRef(expected)


@pytest.mark.parametrize(
    "given",
    ["stalker-1979", "/film/stalker-1979", "", "https://example.org/a b", 'http://x/"y', "<>",
     "https://example.org/a>} ; DROP ALL ; <b", Literal("https://example.org/x")],
)  # fmt: skip
def test_not_absolute_iris_are_refused(given: object) -> None:
    with pytest.raises(UsageError, match="parameter film"):
        to_term(Param("film", "IRI"), given)


def test_other_types() -> None:
    assert to_term(Param("n", "integer"), "-12") == Literal(-12)
    assert to_term(Param("flag", "boolean"), "TRUE") == Literal(True)
    assert to_term(Param("text", "string"), 'a "b"') == Literal('a "b"')
    assert to_term(Param("text", "string"), Literal("Сталкер", lang="ru")) == Literal(
        "Сталкер", lang="ru"
    )
    for param, value in [
        ("integer", "1.5"),
        ("integer", True),
        ("boolean", "yes"),
        ("string", FILM),
    ]:
        with pytest.raises(UsageError):
            to_term(Param("x", param), value)


# --- binding ------------------------------------------------------------------------------------


def test_every_occurrence_is_replaced_but_not_inside_strings_iris_or_comments() -> None:
    text = bound(
        "SELECT ?s WHERE {  # ?film stays in this comment\n"
        '  ?s fg:inFilm ?film ; fg:note "?film" ; fg:link <https://example.org/?film> .\n'
        "  ?s fg:also $film . ?s fg:other ?filmography .\n}\n"
    )
    iri = f"<{FILM}>"
    assert text.count(iri) == 2
    assert "# ?film stays in this comment" in text
    assert '"?film"' in text and "<https://example.org/?film>" in text
    assert "?filmography" in text


def test_projected_grouped_ordered_and_bound_parameters_keep_their_name() -> None:
    text = bound(
        "SELECT ?film (COUNT(?s) AS ?count) WHERE { ?s fg:inFilm ?film FILTER (BOUND(?film)) }\n"
        "GROUP BY ?film ORDER BY ?film DESC(?film)\n"
    )
    iri = f"<{FILM}>"
    assert text.startswith(
        f"SELECT ({iri} AS ?film) (COUNT(?s) AS ?count) WHERE {{ ?s fg:inFilm {iri}"
    )
    assert "FILTER (true)" in text
    assert text.endswith(f"GROUP BY ({iri}) ORDER BY ({iri}) DESC({iri})\n")
    result = filmgraph.query(PREFIX + text)
    assert result.rows[0].film == FILM
    assert int(result.rows[0]["count"]) == in_film_count()


def in_film_count() -> int:
    """How many things the bundled graph places in the film, counted without SPARQL."""
    return len(set(filmgraph.load().subjects(FG.inFilm, FILM)))


@pytest.mark.parametrize(
    "body",
    ["SELECT ?x WHERE { BIND (1 AS ?n) }", "SELECT ?x WHERE { VALUES ?film { <urn:x:y> } }",
     "SELECT (1 AS ?text) WHERE {}"],
)  # fmt: skip
def test_assigning_a_parameter_is_refused(body: str) -> None:
    query = make(body)
    with pytest.raises(UsageError, match=r"assigns \?"):
        bind(query, bind_values(query, {}))


def test_a_subquery_sees_the_parameter() -> None:
    text = (
        "# params: film = <https://w3id.org/filmgraph/film/stalker-1979> (IRI)\n" + PREFIX
        + "SELECT ?n WHERE { { SELECT (COUNT(?e) AS ?n) WHERE { ?e fg:inFilm ?film } } }"
    )  # fmt: skip
    for engine in ("oxigraph", "rdflib"):
        assert int(filmgraph.query(text, engine=engine).rows[0].n) == in_film_count()
        other = filmgraph.query(text, engine=engine, film="https://example.org/none")
        assert int(other.rows[0].n) == 0


def test_prepare_shows_the_bound_text_that_runs() -> None:
    query = make("SELECT ?s WHERE { ?s fg:inFilm ?film ; fg:n ?n ; fg:flag ?flag ; fg:t ?text }")
    text = prepare(query, {"text": 'say "hi"\n', "n": "7"})
    assert f"?s fg:inFilm <{FILM}> ;" in text
    assert 'fg:t "say \\"hi\\"\\n" }' in text
    assert f'fg:n "7"^^<{XSD.integer}> ;' in text and f'fg:flag "false"^^<{XSD.boolean}> ;' in text


def test_tokenizer_keeps_prefixed_names_apart_from_the_final_dot() -> None:
    tokens = tokenize('?s a fg:Film. ?s fg:title "A. B"@en.')
    assert [t.text for t in tokens] == [
        "?s",
        "a",
        "fg:Film",
        ".",
        "?s",
        "fg:title",
        '"A. B"',
        "@en",
        ".",
    ]


STRING_QUERY = '# params: text = "x" (string)\nSELECT ?out WHERE { BIND (?text AS ?out) }\n'


TRICKY = ['"', "\\", '\\"', "\'\'\'", '"""', "\n", "\r\n", "\t", "} ; DROP ALL ; {", "#",
          "?text", "\x00", "<https://example.org/x>", "\\n"]  # fmt: skip
STRINGS = (st.text(max_size=40) | st.sampled_from(TRICKY)).filter(lambda s: "\\u" not in s.lower())


ENGINES = ("oxigraph", "rdflib")
#: Each tricky string, all of them in one, and a few more (empty, non-ASCII), checked on every run.
TRICKY_CASES = [*TRICKY, "".join(TRICKY), "", "Сталкер 😀 e\u0301", "\x7f\x85\u2028"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value", TRICKY_CASES)
def test_every_tricky_string_is_bound_as_exactly_that_string(value: str, engine: str) -> None:
    assert "\\u" not in value.lower()
    result = filmgraph.query(STRING_QUERY, engine=engine, text=value)
    assert result.rows[0].out == Literal(value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STRINGS)
def test_any_string_is_bound_as_exactly_that_string(value: str) -> None:
    for engine in ENGINES:
        result = filmgraph.query(STRING_QUERY, engine=engine, text=value)
        assert result.rows[0].out == Literal(value), engine


@pytest.mark.parametrize("value", ["\\u0022", "a\\U00000022b", "C:\\Users"])
def test_a_backslash_u_is_refused_because_sparql_decodes_it_first(value: str) -> None:
    with pytest.raises(UsageError, match="backslash followed by 'u'"):
        filmgraph.query(STRING_QUERY, text=value)


def test_numbers_and_booleans_keep_their_datatype() -> None:
    query = (
        "# params: n = 1 (integer)\n#   flag = true (boolean)\n"
        "SELECT ?n2 ?f WHERE { BIND (?n AS ?n2) BIND (?flag AS ?f) }"
    )
    for engine in ("oxigraph", "rdflib"):
        row = filmgraph.query(query, engine=engine, n="-5", flag="false").rows[0]
        assert row.n2 == Literal(-5, datatype=XSD.integer) and row.f == Literal(False)
