"""One parse on the fast engine: commands that pyoxigraph answers read the files straight into it
(filmgraph.stores), with no rdflib parse, and answer, count and export as the rdflib path does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from query_support import BUNDLED_FILES, ROOT, event, setting
from rdflib import Graph, URIRef

import filmgraph
from filmgraph import namespaces, querying
from filmgraph.cli import main
from filmgraph.counts import stats
from filmgraph.datasets import files_dataset, load
from filmgraph.exporting import bundled_dataset, export
from filmgraph.namespaces import file_prefixes, header_prefixes
from filmgraph.naming import bundled_naming
from filmgraph.queries import load_query
from filmgraph.stores import bundled_store, files_store

DATA = [str(p) for p in BUNDLED_FILES if "/data/" in str(p)]
FIXTURE = ROOT / "tests" / "fixtures" / "films" / "lighthouse-keepers-clock.ttl"
EX = "http://example.org/"


@pytest.fixture
def no_rdflib_parse(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """rdflib's parser made to fail, and the per-process caches of parsed data emptied."""

    def refuse(*args: object, **kwargs: object) -> Graph:
        raise AssertionError("rdflib parsed a file on the fast engine's path")

    monkeypatch.setattr(querying, "_bundled_engines", {})
    monkeypatch.setattr(querying, "_bundled_graph", {})
    monkeypatch.setattr(namespaces, "_loaded", {})
    bundled_naming.cache_clear()
    monkeypatch.setattr(Graph, "parse", refuse)
    yield
    bundled_naming.cache_clear()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- queries -----------------------------------------------------------------------------------------


def test_a_library_query_on_the_bundled_graph_parses_nothing_with_rdflib(
    no_rdflib_parse: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = filmgraph.query("timeline").rows
    place = load_query("events-in-place")
    assert querying.unknown_iris(place, {"place": EX + "nowhere"}) == [URIRef(EX + "nowhere")]
    assert querying.unknown_iris(place, {"place": str(setting("zone"))}) == []
    monkeypatch.undo()
    assert fast == filmgraph.query("timeline", engine="rdflib").rows
    assert event("stalker-hired") in {row.event for row in fast}


# Every library query on the bundled Store against rdflib: tests/test_query_engines.py (the default
# engine's bundled graph is now the Store).


def test_query_data_files_on_the_fast_engine_answers_as_rdflib_without_an_rdflib_parse(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["query", "cast", "-f", "tsv", "--film", "lighthouse-keepers-clock-test", "--data", str(FIXTURE), *DATA]
    code, reference, _ = run(capsys, *args, "-e", "rdflib")
    assert code == 0 and "lighthouse" in reference.lower()
    monkeypatch.setattr(Graph, "parse", lambda *a, **k: pytest.fail("rdflib parsed a file"))
    code, fast, err = run(capsys, *args)
    assert (code, fast, err) == (0, reference, "")


def test_an_iri_the_data_files_never_mention_is_noted_from_the_store(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "query", "events-in-place", "-f", "tsv", "--param", f"place={EX}nowhere",
                       "--data", *DATA)
    assert code == 0 and err == f"filmgraph: note: <{EX}nowhere> does not occur in the graph; is the IRI right?\n"
    store = files_store(DATA)
    mentioned = URIRef("https://w3id.org/filmgraph/film/stalker-1979")
    assert querying.unknown_iris(load_query("timeline"), {"film": str(mentioned)}, store) == []


def test_a_store_is_for_the_oxigraph_engine() -> None:
    with pytest.raises(filmgraph.UsageError, match="oxigraph engine"):
        filmgraph.query("cast", bundled_store(), engine="rdflib")
    assert filmgraph.query("cast", bundled_store()).rows == filmgraph.query("cast").rows


# --- stats ---------------------------------------------------------------------------------------------


def test_stats_on_pyoxigraph_count_as_rdflib_does(no_rdflib_parse: None, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = stats()
    monkeypatch.undo()
    assert fast == stats(load())
    assert stats(files_store(DATA, sources=False)) == stats(load()) == fast
    assert fast["films"] == 1 and fast["triples"] == len(load())


def test_stats_of_files_reads_them_with_pyoxigraph(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Graph, "parse", lambda *a, **k: pytest.fail("rdflib parsed a file"))
    code, out, _ = run(capsys, "stats", "-f", "json", str(FIXTURE))
    assert code == 0 and '"films": 1' in out


# --- exports -------------------------------------------------------------------------------------------

ODD = f"""@prefix ex: <{EX}> .
@prefix fg: <https://w3id.org/filmgraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:graph a fg:SourceGraph .
ex:film ex:duration "PT88M"^^xsd:duration ; ex:count "01"^^xsd:integer, "+1"^^xsd:integer ;
  ex:size "1.50"^^xsd:decimal, "1e3"^^xsd:double ; ex:note "tab\\there", "x"^^xsd:string ;
  ex:part [ ex:label "a part" ; ex:of [ ex:label "a whole" ] ] .
"""
LOOSE = f"""@prefix ex: <{EX}> .
ex:film ex:part [ ex:label "a part" ] ; ex:label "loose"@en .
"""


@pytest.mark.parametrize("fmt", ["nt", "nq"])
def test_exports_from_pyoxigraph_are_the_rdflib_exports_byte_for_byte(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "odd.ttl").write_text(ODD, encoding="utf-8")
    (tmp_path / "loose.ttl").write_text(LOOSE, encoding="utf-8")
    files = [str(tmp_path / "odd.ttl"), str(tmp_path / "loose.ttl")]
    expected = {
        "bundled": export(bundled_dataset(), fmt),
        "data-only": export(bundled_dataset(include_ontology=False), fmt),
        "files": export(files_dataset(files, EX + "fallback"), fmt),
    }
    monkeypatch.setattr(Graph, "parse", lambda *a, **k: pytest.fail("rdflib parsed a file"))
    outputs = {}
    for name, args in (("bundled", []), ("data-only", ["--data-only"]),
                       ("files", ["--data", *files, "--graph", EX + "fallback"])):
        out = tmp_path / f"{name}.{fmt}"
        assert run(capsys, "export", "-f", fmt, "-q", "-o", str(out), *args)[0] == 0
        outputs[name] = out.read_bytes()
    assert outputs == expected
    assert b'"PT88M"^^' in outputs["files"] and b'"01"^^' in outputs["files"] and b"_:c14n1" in outputs["files"]


@pytest.mark.parametrize(("name", "content"), [
    ("tag.ttl", f'<{EX}a> <{EX}p> "colour"@en-GB .\n'),
    ("tag.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                f'xmlns:ex="{EX}"><rdf:Description rdf:about="{EX}a"><ex:p xml:lang="en-GB">colour</ex:p>'
                "</rdf:Description></rdf:RDF>\n"),
])
def test_a_capital_in_a_language_tag_is_exported_as_written(
    name: str, content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / name).write_text(content + f'<{EX}b> <{EX}p> "x"@en .\n' * name.endswith(".ttl"), encoding="utf-8")
    for fmt in ("nt", "nq"):
        code, out, _ = run(capsys, "export", "-f", fmt, "--data", str(tmp_path / name))
        assert code == 0 and '"colour"@en-GB' in out
        assert out.encode("utf-8") == export(files_dataset([tmp_path / name]), fmt)


# --- prefixes from file headers ------------------------------------------------------------------------


@pytest.mark.parametrize("header", [
    "@prefix z: <http://z/> .\n@prefix a: <http://a/> .\nPREFIX m: <http://m/>\n",
    "@prefix b: <http://x/> .\n@prefix a: <http://x/> .\n",  # one namespace, two prefixes: rdflib keeps the last
    "@prefix a: <http://x/> .\n@prefix a: <http://y/> .\n",  # one prefix redeclared
    "@base <http://b/> .\n@prefix r: <rel/> .\n",
    "@prefix r: <rel/> .\n",  # a relative IRI without a base
])
def test_header_prefixes_are_read_by_pyoxigraph_as_rdflib_reads_them(header: str) -> None:
    text = header + "<http://s> <http://p> <http://o> .\n"
    assert list(header_prefixes(text, "f.ttl").items()) == list(file_prefixes(header, "f.ttl").items())


def test_data_file_headers_are_read_without_rdflib(no_rdflib_parse: None) -> None:
    prefixes = header_prefixes(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))
    assert prefixes["fg"] == "https://w3id.org/filmgraph/ontology#"
    assert list(prefixes) == sorted(prefixes)  # canonical Turtle declares them in order
    assert bundled_naming().prefixes["film"] == "https://w3id.org/filmgraph/film/"


def test_standard_input_goes_into_a_store(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(LOOSE.encode("utf-8"))))
    store = files_store(["-"], ontology=False)
    assert pyoxigraph.Literal("loose", language="en") in {q.object for q in store}
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"# nothing\n")))
    with pytest.raises(filmgraph.InputError, match=r"^<stdin>: holds no RDF statements \(empty input"):
        files_store(["-"], ontology=False)


# --- the union alone, for a query that reads no named graph ----------------------------------------------


@pytest.mark.parametrize(("text", "reads"), [
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", True),
    ("SELECT * FROM NAMED <http://g> WHERE { ?s ?p ?o }", True),
    ("select * from <http://g> where { ?s ?p ?o }", True),
    ("PREFIX graph: <http://g/> SELECT * WHERE { graph:a ?p ?o }", False),
    ('SELECT * WHERE { ?s ?p "GRAPH" } # GRAPH', False),
    (load_query("timeline").text, False),
    (load_query("statement-sources").text, True),
])
def test_a_query_reads_named_graphs_only_by_graph_or_from(text: str, reads: bool) -> None:
    from filmgraph.syntax import reads_named_graphs

    assert reads_named_graphs(text) is reads


def test_the_union_alone_holds_the_default_graph_of_the_full_store(tmp_path: Path) -> None:
    (tmp_path / "odd.ttl").write_text(ODD, encoding="utf-8")
    files = [*DATA, str(tmp_path / "odd.ttl")]
    full, union = files_store(files), files_store(files, named=False)
    assert not list(union.named_graphs()) and list(full.named_graphs())
    default = pyoxigraph.DefaultGraph()
    assert len(union) == len(list(full.quads_for_pattern(None, None, None, default)))
    assert stats(union) == stats(full)
    with pytest.raises(filmgraph.InputError, match="declares 2 source graphs"):
        (tmp_path / "two.ttl").write_text(ODD + "<http://example.org/other> a fg:SourceGraph .\n", encoding="utf-8")
        files_store([tmp_path / "two.ttl"], named=False)


@pytest.mark.parametrize("name", ["timeline", "statement-sources"])
def test_data_queries_with_and_without_named_graphs_answer_as_rdflib(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    params = ["--param", "subject=film:stalker-1979"] if name == "statement-sources" else []
    args = ["query", name, "-f", "tsv", *params, "--data", *DATA]
    code, reference, _ = run(capsys, *args, "-e", "rdflib")
    assert code == 0 and reference.count("\n") > 2
    assert run(capsys, *args) == (0, reference, "")
