"""Exports: every format round-trips (two parsers each), is byte-stable, and is written atomically."""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from exporting import (
    QUAD_FORMATS,
    canonical_nquads,
    exact_literals,
    parse_with_oxigraph,
    parse_with_rdflib,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS

import filmgraph
from filmgraph import atomic
from filmgraph.datasets import source_graphs
from filmgraph.errors import FilmgraphError, InputError, UsageError
from filmgraph.exporting import (
    FORMATS,
    ONTOLOGY_GRAPH,
    bundled_dataset,
    export,
    export_all,
    format_for_path,
    render_all,
    write_export,
)
from filmgraph.namespaces import FG, PREFIXES, loaded_prefixes
from filmgraph.rdfxml import to_rdfxml

export_module = importlib.import_module("filmgraph.exporting")
SRC = Path(__file__).resolve().parents[1] / "src"
EX = rdflib.Namespace("http://example.org/ns#")
XSD = rdflib.Namespace(str(rdflib.namespace.XSD))  # a plain Namespace (rdflib's XSD warns when probed)
ALL = tuple(FORMATS)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """The bundled dataset: data and ontology in their named graphs (do not modify)."""
    return bundled_dataset()


@pytest.fixture(scope="module")
def exports(dataset: Dataset) -> dict[str, bytes]:
    return {fmt: export(dataset, fmt) for fmt in ALL}


# --- what is exported ------------------------------------------------------------------------------


def test_bundled_dataset_has_each_source_graph_and_the_ontology_in_named_graphs(dataset: Dataset) -> None:
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    sources = {str(g) for g in source_graphs(dataset)}
    assert sources and names == sources | {ONTOLOGY_GRAPH}
    union = {t for g in source_graphs(dataset) for t in dataset.graph(g)}
    assert union == set(filmgraph.load_data())  # a statement two sources make is in both graphs
    assert sum(len(dataset.graph(g)) for g in source_graphs(dataset)) > len(union)
    assert len(dataset.graph(URIRef(ONTOLOGY_GRAPH))) == len(filmgraph.load_ontology())
    assert len(dataset.graph(DATASET_DEFAULT_GRAPH_ID)) == 0
    assert PREFIXES["graph"] + "ontology" == ONTOLOGY_GRAPH
    assert all(name.startswith(PREFIXES["graph"]) for name in sources)


def test_data_only_leaves_the_ontology_out() -> None:
    graph = parse_with_oxigraph(export(bundled_dataset(include_ontology=False), "nt"), "nt")
    assert len(graph) == len(filmgraph.load_data())
    assert (FG.Film, RDF.type, rdflib.OWL.Class) not in graph


# --- round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ALL)
def test_every_format_round_trips_through_oxigraph(fmt: str, dataset: Dataset, exports: dict[str, bytes]) -> None:
    """pyoxigraph reads back the same RDF (JSON-LD: through pyld, the reference processor)."""
    merge = fmt not in QUAD_FORMATS
    parsed = parse_with_oxigraph(exports[fmt], fmt)
    assert canonical_nquads(parsed, merge=merge) == canonical_nquads(dataset, merge=merge)


@pytest.mark.parametrize("fmt", ALL)
def test_every_format_round_trips_through_rdflib(fmt: str, dataset: Dataset, exports: dict[str, bytes]) -> None:
    """rdflib reads back a graph isomorphic to the source, language tags and lexical forms included."""
    merge = fmt not in QUAD_FORMATS
    parsed = parse_with_rdflib(exports[fmt], fmt)
    assert canonical_nquads(parsed, lower_languages=False, merge=merge) == canonical_nquads(
        dataset, lower_languages=False, merge=merge
    )
    with exact_literals():
        union = Graph()
        for s, p, o, _ in parsed.quads((None, None, None, None)):
            union.add((s, p, o))
    assert isomorphic(union, filmgraph.load())


def test_quad_formats_keep_the_named_graphs(dataset: Dataset, exports: dict[str, bytes]) -> None:
    expected = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    for fmt in QUAD_FORMATS:
        for parse in (parse_with_oxigraph, parse_with_rdflib):
            parsed = parse(exports[fmt], fmt)
            assert {str(g.identifier): len(g) for g in parsed.graphs() if len(g)} == expected, (fmt, parse)
            for name in expected:
                with exact_literals():
                    assert isomorphic(parsed.graph(URIRef(name)), dataset.graph(URIRef(name))), (fmt, name)
    trig = exports["trig"].decode()
    assert "\ngraph:ontology {\n" in trig
    for name in source_graphs(dataset):
        assert f"\n{name.n3(dataset.namespace_manager)} {{\n" in trig


def test_turtle_export_is_the_canonical_form(dataset: Dataset, exports: dict[str, bytes]) -> None:
    text = exports["turtle"].decode()
    assert text == filmgraph.canonical.to_turtle(filmgraph.load())
    assert text.count("@prefix fg: ") == 1
    assert "\n# --- Films\n\nfilm:stalker-1979\n    a fg:Film ;" in text
    assert exports["nt"].decode() == filmgraph.canonical.to_ntriples(filmgraph.load())
    assert exports["nq"].decode() == filmgraph.canonical.to_nquads(dataset)


def test_rdfxml_is_readable(exports: dict[str, bytes]) -> None:
    text = exports["xml"].decode()
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n')
    assert '\n  <fg:Film rdf:about="https://w3id.org/filmgraph/film/stalker-1979">\n' in text
    assert '    <rdfs:label xml:lang="ru">Сталкер</rdfs:label>\n' in text
    assert '    <fg:releaseYear rdf:datatype="http://www.w3.org/2001/XMLSchema#gYear">1979</fg:releaseYear>\n' in text


def test_a_plain_graph_is_exported_as_the_default_graph() -> None:
    graph = Graph()
    graph.add((EX.a, EX.p, Literal("x")))
    assert export(graph, "nq") == export(graph, "nt") == b'<http://example.org/ns#a> <http://example.org/ns#p> "x" .\n'
    assert export(graph, "trig").decode().endswith('<http://example.org/ns#a>\n    <http://example.org/ns#p> "x" .\n')


# --- random graphs ----------------------------------------------------------------------------------

IRIS = [EX.a, EX.b, URIRef("http://example.org/é/ü"), URIRef(PREFIXES["film"] + "stalker-1979"),
        URIRef(loaded_prefixes()["character"] + "stalker"), URIRef(str(FG)), URIRef("urn:isbn:0451450523")]
# Properties the JSON-LD context has terms for (language maps, coercions, sets, a reverse term) and others.
PREDICATES = [RDFS.label, FG.title, FG.storyPosition, FG.releaseYear, FG.director, FG.hasCharacter, FG.inFilm,
              FG.creditedAs, URIRef("http://purl.org/dc/terms/created"), RDF.type, EX.p, EX.q]
DATATYPES = [XSD.string, XSD.integer, XSD.decimal, XSD.double, XSD.boolean, XSD.date, XSD.dateTime, XSD.gYear,
             XSD.duration, XSD.positiveInteger, XSD.anyURI, XSD.hexBinary, URIRef("http://example.org/dt#custom")]
LEXICAL = ["0", "01", "-1", "1.0", "1.50", "1e3", "NaN", "INF", "true", "1", "1979", "2026-11-25", "PT162M", "PT2H42M",
           "P1Y2M", "2001-10-26T21:32:52", "not a number", "", " padded ", "x@en", "_:b0", "person:x"]
LANGUAGES = ["en", "ru", "de-CH", "en-GB", "x-private"]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@st.composite
def literals(draw: st.DrawFn) -> Literal:
    kind = draw(st.sampled_from(["plain", "lang", "typed"]))
    lexical = draw(st.one_of(st.sampled_from(LEXICAL), TEXT))
    if kind == "plain":
        return Literal(lexical, normalize=False)
    if kind == "lang":
        return Literal(lexical, lang=draw(st.sampled_from(LANGUAGES)), normalize=False)
    return Literal(lexical, datatype=draw(st.sampled_from(DATATYPES)), normalize=False)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """Small datasets: a few IRIs and blank nodes, many kinds of literals, up to three graphs."""
    blanks = [BNode() for _ in range(3)]
    nodes = st.sampled_from(IRIS + blanks)
    names = st.sampled_from([None, EX.g1, URIRef(PREFIXES["graph"] + "stalker-1979-plot-summary"), blanks[2]])
    dataset = Dataset()
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        s = draw(nodes)
        p = draw(st.sampled_from(PREDICATES))
        o = draw(st.one_of(nodes, literals()))
        g = draw(names)
        dataset.graph(DATASET_DEFAULT_GRAPH_ID if g is None else g).add((s, p, o))
    return dataset


def _xml_can_carry(dataset: Dataset) -> bool:
    bad = {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]}
    return not any(isinstance(o, Literal) and bad & set(str(o)) for _, _, o, _ in dataset.quads())


def _kinds(lexical: str) -> list[Literal]:
    """``lexical`` plain, in every listed language and with every listed datatype."""
    return [
        Literal(lexical, normalize=False),
        *(Literal(lexical, lang=lang, normalize=False) for lang in LANGUAGES),
        *(Literal(lexical, datatype=dt, normalize=False) for dt in DATATYPES),
    ]


def _coverage_dataset() -> Dataset:
    """Every listed lexical form of every kind (plain, each language, each datatype) alone on its
    subject; under every predicate, every kind together on one subject (JSON-LD arrays, language
    maps, coercions that do not fit), with IRIs and blank nodes; over the default and named graphs."""
    blanks = [BNode() for _ in range(3)]
    graphs = [DATASET_DEFAULT_GRAPH_ID, EX.g1, URIRef(PREFIXES["graph"] + "stalker-1979-plot-summary"), blanks[2]]
    dataset = Dataset()
    for l_index, lexical in enumerate(LEXICAL):
        for k_index, literal in enumerate(_kinds(lexical)):
            graph = dataset.graph(graphs[(l_index + k_index) % len(graphs)])
            graph.add((URIRef(f"{EX}alone-{l_index}-{k_index}"), EX.p, literal))
    for p_index, predicate in enumerate(PREDICATES):
        graph = dataset.graph(graphs[p_index % len(graphs)])
        subject = IRIS[p_index % len(IRIS)] if p_index % 4 else blanks[p_index % 3]
        for value in [*_kinds(LEXICAL[p_index % len(LEXICAL)]), *IRIS, *blanks]:
            graph.add((subject, predicate, value))
    return dataset


#: A fixed dataset checked on every run, so that coverage does not depend on random draws.
COVERAGE = _coverage_dataset()


@pytest.mark.parametrize("fmt", ALL)
def test_every_kind_of_literal_under_every_predicate_round_trips(fmt: str) -> None:
    """Like the random datasets below, with every listed lexical form, datatype, language and predicate."""
    assert len(COVERAGE) == len(LEXICAL) * (1 + len(LANGUAGES) + len(DATATYPES)) + len(PREDICATES) * (
        1 + len(LANGUAGES) + len(DATATYPES) + len(IRIS) + 3
    )
    assert _xml_can_carry(COVERAGE)
    _check_round_trip(fmt, COVERAGE)


@pytest.mark.parametrize("fmt", ALL)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dataset=datasets())
def test_random_datasets_round_trip(fmt: str, dataset: Dataset) -> None:
    """Every format, random graphs: the same RDF comes back (JSON-LD: pyld expand -> to RDF).

    JSON-LD compaction must keep datatypes and languages even where a term's coercion or
    language map does not fit the value. Language tags compare lower-cased, as RDF 1.1 allows
    (pyoxigraph and JSON-LD language maps lower-case them).
    """
    _check_round_trip(fmt, dataset)


def _check_round_trip(fmt: str, dataset: Dataset) -> None:
    """The export in ``fmt`` reads back as the same RDF (XML refuses what XML 1.0 cannot hold)."""
    merge = fmt not in QUAD_FORMATS
    if fmt == "xml" and not _xml_can_carry(dataset):
        with pytest.raises(InputError, match=r"XML 1\.0 cannot contain"):
            export(dataset, fmt)
        return
    data = export(dataset, fmt)
    if fmt == "jsonld":
        # pyld 3.3 rewrites string-valued xsd:double literals in canonical form when it converts
        # JSON-LD to RDF (the JSON-LD 1.1 spec converts only native numbers); the document itself
        # keeps the lexical form, as rdflib's JSON-LD parser shows exactly.
        expected = canonical_nquads(pyld_doubles(dataset), merge=True)
        assert canonical_nquads(pyld_doubles(parse_with_oxigraph(data, fmt)), merge=True) == expected
        assert canonical_nquads(parse_with_rdflib(data, fmt), merge=True) == canonical_nquads(dataset, merge=True)
    else:
        assert canonical_nquads(parse_with_oxigraph(data, fmt), merge=merge) == canonical_nquads(dataset, merge=merge)
    assert export(dataset, fmt) == data  # and again: the same bytes


def pyld_doubles(dataset: Dataset) -> Dataset:
    """The dataset with xsd:double lexical forms as pyld's toRdf writes them."""
    from pyld.jsonld import _canonicalize_double

    result = Dataset()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        if isinstance(o, Literal) and o.datatype == XSD.double:
            with contextlib.suppress(ValueError):
                o = Literal(_canonicalize_double(float(str(o))), datatype=XSD.double, normalize=False)
        result.add((s, p, o))
    return result


def test_pyld_rewrites_string_doubles_but_the_export_keeps_them() -> None:
    """Documents the pyld quirk the property test allows for."""
    graph = Graph().add((EX.a, EX.p, Literal("0", datatype=XSD.double, normalize=False)))
    doc = json.loads(export(graph, "jsonld"))
    assert doc["ex:p" if "ex:p" in doc else "http://example.org/ns#p"] == {"type": "xsd:double", "@value": "0"}
    assert '"0.0E0"' in filmgraph.jsonld.to_nquads(doc)


def test_jsonld_keeps_escaped_backslashes_and_control_characters() -> None:
    """pyld is handed parsed terms, not N-Triples: its N-Quads reader would turn a backslash
    followed by ``n`` into a line break and leave ``\\u001F`` and ``\\b`` undecoded."""
    graph = Graph().add((EX.a, EX.p, Literal("C:\\new \\t \x1f \b end")))
    value = json.loads(export(graph, "jsonld"))["http://example.org/ns#p"]
    assert value == "C:\\new \\t \x1f \b end"
    assert canonical_nquads(parse_with_oxigraph(export(graph, "jsonld"), "jsonld")) == canonical_nquads(graph)


def test_jsonld_with_a_context_url_round_trips(dataset: Dataset) -> None:
    data = export(dataset, "jsonld", context_url=filmgraph.jsonld.CONTEXT_URL)
    assert json.loads(data)["@context"] == "https://w3id.org/filmgraph/context.jsonld"
    merged = canonical_nquads(dataset, merge=True)
    assert canonical_nquads(parse_with_oxigraph(data, "jsonld"), merge=True) == merged


def test_jsonld_keeps_mismatched_datatypes_and_plain_strings() -> None:
    """A value that does not fit a term's coercion is written under the prefixed name instead."""
    graph = Graph()
    film = URIRef(PREFIXES["film"] + "x")
    graph.add((film, FG.releaseYear, Literal("1979", datatype=XSD.gYear)))
    graph.add((film, FG.releaseYear, Literal("about 1979")))
    graph.add((film, RDFS.label, Literal("no language")))
    graph.add((film, FG.director, Literal("person:not-an-iri")))
    doc = json.loads(export(graph, "jsonld"))
    assert doc["releaseYear"] == "1979"
    assert doc["fg:releaseYear"] == "about 1979"
    assert doc["label"] == {"@none": "no language"}
    assert doc["fg:director"] == "person:not-an-iri"
    assert canonical_nquads(parse_with_oxigraph(export(graph, "jsonld"), "jsonld")) == canonical_nquads(graph)


def test_mixed_case_language_tags_survive_the_text_formats() -> None:
    graph = Graph()
    graph.add((EX.a, RDFS.label, Literal("colour", lang="en-GB")))
    for fmt in ("turtle", "nt", "nq", "trig", "xml"):
        assert '"colour"@en-GB' in canonical_nquads(parse_with_rdflib(export(graph, fmt), fmt), lower_languages=False)


# --- RDF/XML limits --------------------------------------------------------------------------------


def test_rdfxml_refuses_what_it_cannot_express() -> None:
    no_qname = Graph().add((EX.a, URIRef("http://example.org/1"), EX.b))
    with pytest.raises(InputError, match="no usable XML name"):
        to_rdfxml(no_qname)
    syntax_name = Graph().add((EX.a, URIRef(str(RDF) + "li"), EX.b))
    with pytest.raises(InputError, match="no usable XML name"):
        to_rdfxml(syntax_name)
    control = Graph().add((EX.a, EX.p, Literal("bell \x07")))
    with pytest.raises(InputError, match="U\\+0007"):
        to_rdfxml(control)


def test_rdfxml_keeps_carriage_returns_and_markup() -> None:
    graph = Graph().add((EX.a, EX.p, Literal("a\r\nb <c> & ]]> \"d\"\t")))
    assert canonical_nquads(parse_with_rdflib(to_rdfxml(graph).encode(), "xml")) == canonical_nquads(graph)
    assert canonical_nquads(parse_with_oxigraph(to_rdfxml(graph).encode(), "xml")) == canonical_nquads(graph)


def test_rdfxml_other_namespaces_get_numbered_prefixes() -> None:
    graph = Graph()
    graph.add((URIRef("http://b.example/x"), URIRef("http://b.example/vocab/p"), URIRef("http://a.example/T")))
    graph.add((URIRef("http://b.example/x"), RDF.type, URIRef("http://a.example/vocab#Thing")))
    text = to_rdfxml(graph)
    assert 'xmlns:ns1="http://a.example/vocab#"' in text and 'xmlns:ns2="http://b.example/vocab/"' in text
    assert '<ns1:Thing rdf:about="http://b.example/x">' in text


# --- stability ----------------------------------------------------------------------------------------

STABILITY_SCRIPT = """
import hashlib, rdflib
from rdflib import BNode, Dataset, Literal, URIRef
from filmgraph.exporting import FORMATS, bundled_dataset, export, render_all
ex = rdflib.Namespace("http://example.org/ns#")
small = Dataset()
b1, b2 = BNode(), BNode()
small.graph(ex.g).add((ex.a, ex.p, b1))
small.graph(ex.g).add((b1, ex.q, b2))
small.add((b2, ex.r, Literal("x", lang="en")))
small.add((ex.a, rdflib.RDF.type, ex.T))
bundled = bundled_dataset()
for fmt in FORMATS:
    for name, source in (("bundled", bundled), ("small", small)):
        print(fmt, name, hashlib.sha256(export(source, fmt)).hexdigest())
print("framed", hashlib.sha256(export(bundled, "jsonld", frame="film")).hexdigest())
for name, data in sorted(render_all(bundled).items()):
    print("all", name, hashlib.sha256(data).hexdigest())
"""


def _digests(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", STABILITY_SCRIPT], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_exports_are_byte_identical_across_processes_and_hash_seeds() -> None:
    """turtle, nt, nq, trig, jsonld (flat and framed), xml and the --all files, seeds 0, 1 and 4242."""
    outputs = {_digests(seed) for seed in ("0", "1", "4242")}
    assert len(outputs) == 1
    (output,) = outputs
    assert len(output.splitlines()) == 2 * len(FORMATS) + 1 + 10


# --- atomic writes ------------------------------------------------------------------------------------


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_write_export_replaces_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"previous\n")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(FilmgraphError, match="No space left on device"):
        write_export(export(None, "turtle"), target)
    assert target.read_bytes() == b"previous\n"
    assert _temp_files(tmp_path) == []


def test_write_export_onto_a_folder_fails_cleanly(tmp_path: Path) -> None:
    """A folder as the target (which even root cannot overwrite with a file) is refused before
    anything is written: the folder untouched, no temporary file. (A rename failing after the
    temporary file was written is test_atomic's.)"""
    target = tmp_path / "out.nt"
    target.mkdir()
    (target / "keep.txt").write_bytes(b"previous\n")
    with pytest.raises(FilmgraphError, match=r"out\.nt: is a folder; give a file name$"):
        write_export(b"new\n", target)
    assert (target / "keep.txt").read_bytes() == b"previous\n"
    assert _temp_files(tmp_path) == []


def test_write_export_into_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"not a folder\n")
    with pytest.raises(FilmgraphError, match="cannot write"):
        write_export(b"x", blocker / "out.ttl")
    assert blocker.read_bytes() == b"not a folder\n"


def test_export_all_renders_everything_before_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A serialiser failing midway (after several formats were rendered) changes no file."""
    export_all(None, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(graph: Graph) -> str:
        raise InputError("injected failure in the RDF/XML writer")

    monkeypatch.setattr("filmgraph.rdfxml.to_rdfxml", broken)
    monkeypatch.setattr(export_module.canonical, "to_turtle", lambda *a, **k: "changed\n")
    with pytest.raises(InputError, match="injected failure"):
        export_all(None, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_export_all_interrupted_while_writing_leaves_whole_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write failing on the fourth file: earlier files are new, later ones old, none truncated."""
    export_all(bundled_dataset(include_ontology=False), tmp_path)
    old = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    new = render_all(None)
    calls = []
    real = export_module.atomic_write

    def flaky(path: Path, data: bytes) -> None:
        calls.append(Path(path).name)
        if len(calls) == 4:
            raise FilmgraphError(f"{path}: cannot write (No space left on device)")
        real(path, data)

    monkeypatch.setattr(export_module, "atomic_write", flaky)
    with pytest.raises(FilmgraphError, match="No space left"):
        export_all(None, tmp_path)
    for path in tmp_path.iterdir():
        assert path.read_bytes() in (old[path.name], new[path.name])
    assert (tmp_path / "SHA256SUMS").read_bytes() == old["SHA256SUMS"]  # written last: still the old sums
    assert _temp_files(tmp_path) == []


def test_export_all_into_a_file_is_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"x")
    with pytest.raises(FilmgraphError, match="cannot create the folder"):
        export_all(None, blocker)


# --- the distribution -----------------------------------------------------------------------------------


def test_export_all_writes_every_format_sums_and_void(tmp_path: Path, dataset: Dataset) -> None:
    written = export_all(dataset, tmp_path / "dist")
    folder = tmp_path / "dist"
    names = sorted(p.name for p in written)
    assert names == sorted(["filmgraph.ttl", "filmgraph.jsonld", "filmgraph.nt", "filmgraph.nq", "filmgraph.trig",
                            "filmgraph.rdf", "context.jsonld", "film-stalker-1979.jsonld", "void.ttl", "SHA256SUMS"])
    assert written[-1].name == "SHA256SUMS"
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in sums:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert sorted(listed) == sorted(n for n in names if n != "SHA256SUMS")
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    for spec in FORMATS.values():
        assert (folder / f"filmgraph{spec.extension}").read_bytes() == export(dataset, spec.name)


# --- formats and names --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), [("a.ttl", "turtle"), ("a.TTL", "turtle"), ("a.jsonld", "jsonld"),
                                           ("a.json", "jsonld"), ("a.nt", "nt"), ("a.nq", "nq"), ("a.trig", "trig"),
                                           ("a.rdf", "xml"), ("a.xml", "xml"), ("a.owl", "xml")])
def test_format_for_path(name: str, fmt: str) -> None:
    assert format_for_path(name) == fmt


def test_unknown_extension_or_format_lists_the_choices() -> None:
    with pytest.raises(UsageError, match="turtle, jsonld, nt, nq, trig, xml"):
        format_for_path("out.csv")
    with pytest.raises(UsageError, match="turtle, jsonld, nt, nq, trig, xml"):
        export(Graph(), "n3")


def test_frame_needs_jsonld() -> None:
    with pytest.raises(UsageError, match="jsonld"):
        export(None, "turtle", frame="film")
    with pytest.raises(UsageError, match="unknown frame 'scene'"):
        export(None, "jsonld", frame="scene")
