"""Provenance per statement: each data file in the named graph it declares (fg:SourceGraph).

A small data folder built in tmp_path (two declaring files, one nested) checks the loading, the
one-line errors, the statement-sources query on both engines and on a real Oxigraph server, and
the quad exports. The tests on the bundled data are generic (for each declared graph ...),
because the bundled data is being split into more files.
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from exporting import exact_literals, parse_with_oxigraph, parse_with_rdflib
from query_support import term_rows
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, RDF, RDFS

import filmgraph
from filmgraph import resources
from filmgraph.cli import main
from filmgraph.datasets import ONTOLOGY_GRAPH, declared_graph, files_dataset, load_dataset, source_graphs, union
from filmgraph.engines import OxigraphEngine, RdflibEngine
from filmgraph.errors import InputError
from filmgraph.graph import parse_file
from filmgraph.namespaces import FG, PREFIXES

query_module = importlib.import_module("filmgraph.querying")
StartOxigraph = Callable[[Iterable[Path | str]], str]
ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("oxigraph", "rdflib")
GRAPH = Namespace(PREFIXES["graph"])
SOURCE = Namespace(PREFIXES["source"])
EX = Namespace("http://example.org/test/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain Namespace (rdflib's XSD warns when probed)
FILM = URIRef(PREFIXES["film"] + "test-1999")
CURATORS, SUMMARY = GRAPH["test-curators"], GRAPH["test-summary"]

PREFIX_LINES = "".join(
    f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in ("dcterms", "fg", "film", "graph", "oa", "rdfs", "source", "xsd")
) + f"@prefix ex: <{EX}> .\n"
CURATORS_TTL = PREFIX_LINES + """
graph:test-curators a fg:SourceGraph ;
    rdfs:label "What the test curators know"@en ;
    dcterms:source source:test-curators ;
    fg:verified false .
source:test-curators a dcterms:BibliographicResource ; rdfs:label "The curators' own film knowledge"@en .
film:test-1999 a fg:Film ; rdfs:label "Test"@en ; fg:releaseYear "1999"^^xsd:gYear .
"""
SUMMARY_TTL = PREFIX_LINES + """
graph:test-summary a fg:SourceGraph ;
    dcterms:source source:test-summary ;
    fg:verified true .
source:test-summary a dcterms:BibliographicResource ; rdfs:label "A test plot summary"@en .
film:test-1999 rdfs:label "Test"@en .
ex:opening a fg:ShownEvent ;
    rdfs:label "The opening"@en ;
    fg:inFilm film:test-1999 ;
    fg:supportingPassage ex:opening-passage .
ex:opening-passage a oa:SpecificResource ;
    oa:hasSource source:test-summary ;
    oa:hasSelector ex:opening-selector .
ex:opening-selector a oa:TextPositionSelector ; oa:start 10 ; oa:end 42 .
"""


def _project(tmp_path: Path, files: dict[str, str], ontology: bool = True) -> Path:
    """A folder with ``data/`` holding ``files`` (relative path -> text) and a copy of ``ontology/``."""
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if ontology:  # ontology, alignments, shapes, context and frames
        shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    return tmp_path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Two declaring data files (one nested), plus files the loader must skip."""
    return _project(tmp_path / "project", {
        "data/curators.ttl": CURATORS_TTL,
        "data/test/summary.ttl": SUMMARY_TTL,
        "data/.#curators.ttl": "not Turtle: an editor's lock file",
        "data/notes.txt": "not data",
    })


@pytest.fixture
def bundled_root(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``project`` as filmgraph's bundled folder, with the query module's caches emptied."""
    monkeypatch.setattr(resources, "root", lambda: project)
    monkeypatch.setattr(query_module, "_bundled_graph", {})
    monkeypatch.setattr(query_module, "_bundled_engines", {})
    return project


def _file_graph(path: Path) -> Graph:
    with exact_literals():
        return Graph().parse(path, format="turtle")


# --- loading --------------------------------------------------------------------------------


def test_data_files_are_every_turtle_file_under_data_sorted_by_path(project: Path) -> None:
    assert resources.data_files(project) == ("data/curators.ttl", "data/test/summary.ttl")
    assert resources.data_files() == tuple(
        sorted(str(p.relative_to(ROOT)) for p in (ROOT / "data").rglob("*.ttl"))
    )


def test_each_data_file_goes_into_the_graph_it_declares(project: Path) -> None:
    dataset = load_dataset(base=project)
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert names == {CURATORS, SUMMARY, URIRef(ONTOLOGY_GRAPH)}
    assert isomorphic(dataset.graph(CURATORS), _file_graph(project / "data/curators.ttl"))
    assert isomorphic(dataset.graph(SUMMARY), _file_graph(project / "data/test/summary.ttl"))
    assert (CURATORS, RDF.type, FG.SourceGraph) in dataset.graph(CURATORS)  # the declaration too
    assert len(dataset.graph(DATASET_DEFAULT_GRAPH_ID)) == 0
    assert source_graphs(dataset) == [CURATORS, SUMMARY]
    without = load_dataset(include_ontology=False, base=project)
    assert {g.identifier for g in without.graphs() if len(g)} == {CURATORS, SUMMARY}


def test_load_and_load_data_stay_plain_graphs_holding_the_union(bundled_root: Path) -> None:
    data, everything = filmgraph.load_data(), filmgraph.load()
    assert type(data) is Graph and type(everything) is Graph
    stated_twice = (FILM, RDFS.label, Literal("Test", lang="en"))
    assert stated_twice in data
    assert len(data) == len(_file_graph(bundled_root / "data/curators.ttl") + _file_graph(
        bundled_root / "data/test/summary.ttl"))
    assert len(everything) == len(union(filmgraph.load_dataset()))
    assert (FG.Film, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in everything


@pytest.mark.parametrize("engine", ENGINES)
def test_the_default_graph_is_the_union_and_graph_patterns_see_each_source(project: Path, engine: str) -> None:
    """A triple stated by two sources is one triple of the default graph, on both engines."""
    dataset = load_dataset(base=project)
    count = filmgraph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph=dataset, engine=engine)
    assert int(count.rows[0].n) == len(union(dataset))
    text = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{FILM}> <{RDFS.label}> ?label }} }} ORDER BY ?g"
    assert [row.g for row in filmgraph.query(text, graph=dataset, engine=engine)] == [CURATORS, SUMMARY]


def test_a_dataset_without_default_union_is_still_queried_as_the_union(project: Path) -> None:
    plain = Dataset()
    for s, p, o, g in load_dataset(base=project).quads((None, None, None, None)):
        plain.graph(g).add((s, p, o))
    assert not plain.default_union
    for engine in (RdflibEngine(plain), OxigraphEngine(plain)):
        result = filmgraph.query(f"ASK {{ <{FILM}> a <{FG.Film}> }}", engine=engine)
        assert result.boolean is True, engine.name


# --- one-line errors --------------------------------------------------------------------------

UNDECLARED = PREFIX_LINES + 'film:test-1999 rdfs:label "Test"@en .\n'
TWO = SUMMARY_TTL + "graph:test-other a fg:SourceGraph ; dcterms:source source:test-other .\n"
BLANK = PREFIX_LINES + '[] a fg:SourceGraph ; dcterms:source source:test .\nfilm:test-1999 rdfs:label "Test"@en .\n'


@pytest.mark.parametrize(
    ("files", "culprit", "expected"),
    [
        ({"data/curators.ttl": CURATORS_TTL, "data/test/plain.ttl": UNDECLARED}, "data/test/plain.ttl",
         "declares no source graph"),
        ({"data/curators.ttl": CURATORS_TTL, "data/two.ttl": TWO}, "data/two.ttl",
         "declares 2 source graphs (graph:test-other, graph:test-summary)"),
        ({"data/blank.ttl": BLANK}, "data/blank.ttl", "is a blank node"),
        ({"data/a.ttl": CURATORS_TTL, "data/b/again.ttl": CURATORS_TTL}, "data/b/again.ttl",
         "declares graph:test-curators, which data/a.ttl declares too"),
    ],
    ids=["undeclared", "two-declarations", "blank-node", "declared-twice"],
)
def test_a_bundled_data_file_without_exactly_one_declaration_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    files: dict[str, str], culprit: str, expected: str,
) -> None:
    project = _project(tmp_path, files)
    with pytest.raises(InputError) as caught:
        load_dataset(base=project)
    message = str(caught.value)
    assert message.startswith(f"{culprit}: ") and expected in message
    assert "\n" not in message
    monkeypatch.setattr(resources, "root", lambda: project)
    with pytest.raises(InputError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        filmgraph.load()
    assert main(["stats"]) == 2
    err = capsys.readouterr().err
    assert err == f"filmgraph: {message}\n"


def test_user_files_need_no_declaration_but_not_two(tmp_path: Path) -> None:
    plain = tmp_path / "plain.ttl"
    plain.write_text(UNDECLARED, encoding="utf-8")
    assert declared_graph(parse_file(plain), str(plain), required=False) is None
    two = tmp_path / "two.ttl"
    two.write_text(TWO, encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{two}: declares 2 source graphs") as caught:
        files_dataset([two])
    assert "\n" not in str(caught.value)


# --- user files -------------------------------------------------------------------------------


def test_user_files_go_to_their_declared_graph_else_the_default_or_the_graph_given(tmp_path: Path) -> None:
    declaring, plain = tmp_path / "summary.ttl", tmp_path / "plain.ttl"
    declaring.write_text(SUMMARY_TTL, encoding="utf-8")
    plain.write_text(UNDECLARED, encoding="utf-8")
    dataset = files_dataset([declaring, plain])
    assert {g.identifier for g in dataset.graphs() if len(g)} == {SUMMARY, DATASET_DEFAULT_GRAPH_ID}
    assert len(dataset.graph(DATASET_DEFAULT_GRAPH_ID)) == 1
    named = files_dataset([declaring, plain], str(EX.mine))
    assert {g.identifier for g in named.graphs() if len(g)} == {SUMMARY, EX.mine}


def test_quad_files_keep_their_graphs_and_read_as_their_union(project: Path, tmp_path: Path) -> None:
    """An N-Quads or TriG file is a dataset: kept as one in a Dataset, merged in a plain graph."""
    dataset = load_dataset(base=project)
    for fmt in ("nq", "trig"):
        path = tmp_path / f"export.{fmt}"
        path.write_bytes(filmgraph.export(dataset, fmt))
        again = files_dataset([path])
        assert {g.identifier for g in again.graphs() if len(g)} == {CURATORS, SUMMARY, URIRef(ONTOLOGY_GRAPH)}
        merged = parse_file(path)
        assert type(merged) is Graph and len(merged) == len(union(dataset))


def test_cli_query_and_export_on_declaring_user_files(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    declaring, plain = tmp_path / "summary.ttl", tmp_path / "plain.ttl"
    declaring.write_text(SUMMARY_TTL, encoding="utf-8")
    plain.write_text(UNDECLARED, encoding="utf-8")
    args = ["query", "statement-sources", "--data", str(declaring), str(plain), "-p", f"subject={FILM}",
            "--format", "csv"]
    assert main(args) == 0
    lines = capsysbinary.readouterr().out.decode().splitlines()
    assert lines[1:] == [f"{RDFS.label},Test,{SUMMARY},{SOURCE['test-summary']},A test plot summary,true,,"]
    assert main(["export", "--data", str(declaring), str(plain), "--format", "nq"]) == 0
    out = capsysbinary.readouterr().out.decode()
    assert f"<{SUMMARY}> .\n" in out
    assert f'<{FILM}> <{RDFS.label}> "Test"@en .\n' in out  # the plain file: default graph


# --- the statement-sources query ----------------------------------------------------------------

LABEL_CURATORS = Literal("The curators' own film knowledge", lang="en")
LABEL_SUMMARY = Literal("A test plot summary", lang="en")
FILM_ROWS = [
    (RDF.type, FG.Film, CURATORS, SOURCE["test-curators"], LABEL_CURATORS, Literal(False), None, None),
    (RDFS.label, Literal("Test", lang="en"), CURATORS, SOURCE["test-curators"], LABEL_CURATORS, Literal(False),
     None, None),
    (RDFS.label, Literal("Test", lang="en"), SUMMARY, SOURCE["test-summary"], LABEL_SUMMARY, Literal(True),
     None, None),
    (FG.releaseYear, Literal("1999", datatype=XSD.gYear), CURATORS, SOURCE["test-curators"], LABEL_CURATORS,
     Literal(False), None, None),
]
EVENT_PASSAGE = (SOURCE["test-summary"], LABEL_SUMMARY, Literal(True), Literal(10), Literal(42))
EVENT_ROWS = [
    (RDF.type, FG.ShownEvent, SUMMARY, *EVENT_PASSAGE),
    (RDFS.label, Literal("The opening", lang="en"), SUMMARY, *EVENT_PASSAGE),
    (FG.inFilm, FILM, SUMMARY, *EVENT_PASSAGE),
    (FG.supportingPassage, EX["opening-passage"], SUMMARY, *EVENT_PASSAGE),
]


@pytest.mark.parametrize("engine", ENGINES)
def test_statement_sources_names_graph_source_label_verified_and_passage(project: Path, engine: str) -> None:
    dataset = load_dataset(base=project)
    film = filmgraph.query("statement-sources", graph=dataset, engine=engine, subject=str(FILM))
    assert film.vars == ["predicate", "object", "graph", "source", "sourceLabel", "verified", "passageStart",
                         "passageEnd"]
    assert term_rows(film) == FILM_ROWS
    event = filmgraph.query("statement-sources", graph=dataset, engine=engine, subject=str(EX.opening))
    assert term_rows(event) == EVENT_ROWS
    ontology = filmgraph.query("statement-sources", graph=dataset, engine=engine, subject=f"{FG.Film}")
    assert {row.graph for row in ontology} == {URIRef(ONTOLOGY_GRAPH)}
    assert all(row.source is None and row.verified is None for row in ontology)


def test_statement_sources_on_a_server_whose_default_graph_is_empty(
    project: Path, tmp_path: Path, oxigraph_endpoint_factory: StartOxigraph
) -> None:
    """An Oxigraph server loaded with the N-Quads export only: no union default graph there."""
    dataset = load_dataset(base=project)
    nquads = tmp_path / "test.nq"
    nquads.write_bytes(filmgraph.export(dataset, "nq"))
    endpoint = oxigraph_endpoint_factory([nquads])
    assert filmgraph.query("ASK { ?s ?p ?o }", endpoint=endpoint).boolean is False
    for subject, expected in ((FILM, FILM_ROWS), (EX.opening, EVENT_ROWS)):
        remote = filmgraph.query("statement-sources", endpoint=endpoint, subject=str(subject))
        assert term_rows(remote) == expected


def test_statement_sources_of_the_bundle_on_a_server_loaded_with_its_nquads(
    bundled_nquads: Path, oxigraph_endpoint_factory: StartOxigraph
) -> None:
    endpoint = oxigraph_endpoint_factory([bundled_nquads])
    dataset = filmgraph.load_dataset()
    subjects = [*source_graphs(dataset), FG.Film]
    subjects += sorted({s for g in source_graphs(dataset) for s in dataset.graph(g).subjects(RDF.type, FG.Film)})
    for subject in subjects:
        local = filmgraph.query("statement-sources", subject=str(subject))
        remote = filmgraph.query("statement-sources", endpoint=endpoint, subject=str(subject))
        assert local.rows, subject
        assert term_rows(remote) == term_rows(local), subject


# --- the bundled data, whatever its files ----------------------------------------------------


def test_every_bundled_data_file_declares_a_source_graph_with_a_source() -> None:
    dataset = filmgraph.load_dataset()
    graphs = source_graphs(dataset)
    assert len(graphs) == len(resources.data_files())
    for name in graphs:
        own = dataset.graph(name)
        assert (name, RDF.type, FG.SourceGraph) in own
        sources = list(own.objects(name, DCTERMS.source))
        assert len(sources) == 1 and isinstance(sources[0], URIRef), name
        assert all(isinstance(v, Literal) and v.datatype == XSD.boolean for v in own.objects(name, FG.verified))
    assert isomorphic(union(dataset), filmgraph.load())
    assert isomorphic(union(filmgraph.load_dataset(include_ontology=False)), filmgraph.load_data())


def test_for_each_declared_graph_statement_sources_names_it() -> None:
    dataset = filmgraph.load_dataset()
    for name in source_graphs(dataset):
        rows = filmgraph.query("statement-sources", subject=str(name)).rows
        assert {row.graph for row in rows} >= {name}
        source = dataset.graph(name).value(name, DCTERMS.source)
        assert {row.source for row in rows if row.graph == name} == {source}


def test_validation_sees_the_union_of_the_graphs() -> None:
    """Split across two graphs, the data conforms only when validated as one graph."""
    data = filmgraph.load_data()
    split = Dataset(default_union=True)
    for index, triple in enumerate(sorted(data)):
        split.graph(EX.even if index % 2 == 0 else EX.odd).add(triple)
    assert filmgraph.validate(split).conforms
    assert filmgraph.validate(filmgraph.load_dataset()).conforms
    assert not filmgraph.validate(split.graph(EX.even)).conforms
    assert filmgraph.stats(split) == filmgraph.stats(data)


# --- exports ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_quad_exports_keep_each_source_graph(project: Path, fmt: str) -> None:
    dataset = load_dataset(base=project)
    data = filmgraph.export(dataset, fmt)
    for parse in (parse_with_rdflib, parse_with_oxigraph):
        parsed = parse(data, fmt)
        assert {g.identifier for g in parsed.graphs() if len(g)} == {CURATORS, SUMMARY, URIRef(ONTOLOGY_GRAPH)}
        for name in (CURATORS, SUMMARY, URIRef(ONTOLOGY_GRAPH)):
            with exact_literals():
                assert isomorphic(parsed.graph(name), dataset.graph(name)), (parse.__name__, name)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "xml"])
def test_triple_exports_write_the_union(project: Path, fmt: str) -> None:
    dataset = load_dataset(base=project)
    parsed = parse_with_rdflib(filmgraph.export(dataset, fmt), fmt)
    with exact_literals():
        assert isomorphic(union(parsed), union(dataset))


def test_cli_export_of_the_bundle_keeps_its_graphs(bundled_root: Path, capsysbinary: pytest.CaptureFixture[bytes],
                                                    tmp_path: Path) -> None:
    assert main(["export", "--format", "trig"]) == 0
    trig = capsysbinary.readouterr().out.decode()
    assert "\ngraph:test-curators {\n" in trig and "\ngraph:test-summary {\n" in trig
    assert "\ngraph:ontology {\n" in trig
    assert main(["export", "--all", "--quiet", "--out", str(tmp_path / "dist")]) == 0
    void = Graph().parse(tmp_path / "dist" / "void.ttl")
    dumps = set(void.objects(None, URIRef("http://rdfs.org/ns/void#dataDump")))
    assert len(dumps) == 6  # the whole graph in each format


# --- canonical Turtle, nested -------------------------------------------------------------------


def test_fmt_covers_nested_data_files(project: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Every .ttl under ontology/ and data/ at any depth; dot files are skipped, as when loading."""
    monkeypatch.chdir(project)
    assert main(["fmt"]) == 0
    out = capsys.readouterr().out
    assert "reformatted data/test/summary.ttl" in out and ".#" not in out
    formatted = (project / "data/test/summary.ttl").read_text(encoding="utf-8")
    assert "@prefix oa: <http://www.w3.org/ns/oa#> .\n" in formatted and "# --- Source graphs\n" in formatted
    assert main(["fmt", "--check"]) == 0
    (project / "data/test/summary.ttl").write_text(SUMMARY_TTL, encoding="utf-8")
    assert main(["fmt", "--check"]) == 1
    assert capsys.readouterr().out == (
        "data/test/summary.ttl: not in canonical form (run 'filmgraph fmt data/test/summary.ttl')\n"
    )
