"""void.ttl stands alone: absolute IRIs only, the dataset described in full, every file with its
download URL, size and SHA-256, and counts that match the graph.

Sizes and digests are taken from the files on disk and from SHA256SUMS; counts are recomputed
with pyoxigraph from the N-Triples and N-Quads files of the same folder (an engine independent
of the rdflib code that writes void.ttl); the DCAT, VoID and SPDX expectations a catalogue relies
on are SHACL shapes (tests/fixtures/dcat-expectations.ttl).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID

import filmgraph
from filmgraph.catalog import DIST_BASE
from filmgraph.cli import main
from filmgraph.errors import UsageError
from filmgraph.exporting import FORMATS, export_all, render_all
from filmgraph.namespaces import PREFIXES

# plain namespaces: pytest probes module globals, and rdflib's closed DCAT and XSD warn when it does
DCAT = Namespace("http://www.w3.org/ns/dcat#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "https://www.iana.org/assignments/media-types/"
DATASET = URIRef(PREFIXES["dataset"] + "stalker-1979")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RDF_TYPE = str(RDF.type)
NOT_DESCRIBED = {"void.ttl", "SHA256SUMS", "context.jsonld"}  # itself, the sums, the context (terms, not data)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    export_all(None, out)
    return out


@pytest.fixture(scope="module")
def void(folder: Path) -> Graph:
    return Graph().parse(data=(folder / "void.ttl").read_bytes(), format="turtle")


def test_void_parses_without_a_base_in_both_parsers(folder: Path) -> None:
    data = (folder / "void.ttl").read_bytes()
    strict = list(ox.parse(data, format=ox.RdfFormat.TURTLE))  # no base_iri: a relative IRI is an error
    assert len(strict) > 150
    # rdflib resolves relative IRIs against whatever base it is given: two bases, the same graph
    one = Graph().parse(data=data, format="turtle", publicID="https://one.example/")
    two = Graph().parse(data=data, format="turtle", publicID="https://two.example/x/")
    assert set(one) == set(two) and len(one) == len(strict)


def test_every_iri_is_absolute_and_published_under_the_release_folder(void: Graph) -> None:
    release = DIST_BASE + "0.3.0/"  # the dataset's dcat:version in data/stalker/dataset.ttl
    for triple in void:
        for term in triple:
            if isinstance(term, URIRef):
                ox.NamedNode(str(term))  # an absolute IRI by RFC 3987, or this raises
                assert str(term).startswith(("https://", "http://")), term
    (dataset,) = set(void.subjects(RDF.type, DCAT.Dataset))
    assert dataset == DATASET
    distributions = set(void.objects(dataset, DCAT.distribution))
    assert distributions
    for node in distributions:
        assert str(node).startswith(release + "void.ttl#")
        assert str(void.value(node, DCAT.downloadURL)).startswith(release)


def test_every_file_is_described_with_its_size_and_sha256(folder: Path, void: Graph) -> None:
    sums = dict(line.split("  ", 1)[::-1] for line in (folder / "SHA256SUMS").read_text("utf-8").splitlines())
    release = DIST_BASE + "0.3.0/"
    described = {}
    for node in void.subjects(RDF.type, DCAT.Distribution):
        url = str(void.value(node, DCAT.downloadURL))
        name = url.removeprefix(release)
        data = (folder / name).read_bytes()
        size = void.value(node, DCAT.byteSize)
        assert isinstance(size, Literal) and size.datatype == XSD.integer and int(size) == len(data)
        (checksum,) = set(void.objects(node, SPDX.checksum))
        assert void.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = void.value(checksum, SPDX.checksumValue)
        assert isinstance(value, Literal) and value.datatype == XSD.hexBinary
        assert str(value) == hashlib.sha256(data).hexdigest() == sums[name]
        assert void.value(node, DCAT.accessURL) == URIRef(url)
        described[name] = node
    written = {p.name for p in folder.iterdir()}
    assert set(described) == written - NOT_DESCRIBED
    dumps = {str(u).removeprefix(release) for u in void.objects(DATASET, VOID.dataDump)}
    assert dumps == {"filmgraph" + spec.extension for spec in FORMATS.values()}  # the framed film is a view
    for spec in FORMATS.values():
        node = described["filmgraph" + spec.extension]
        assert void.value(node, DCAT.mediaType) == URIRef(IANA + spec.media_type)


def _parsed(path: Path, fmt: ox.RdfFormat) -> list[ox.Quad]:
    return list(ox.parse(path.read_bytes(), format=fmt))


def test_counts_match_the_graph(folder: Path, void: Graph) -> None:
    triples = _parsed(folder / "filmgraph.nt", ox.RdfFormat.N_TRIPLES)
    assert len(triples) == len(filmgraph.load())
    space = str(void.value(DATASET, VOID.uriSpace))
    subjects = {q.subject for q in triples}
    expected = {
        VOID.triples: len(triples),
        VOID.classes: len({q.object for q in triples if q.predicate.value == RDF_TYPE}),
        VOID.properties: len({q.predicate for q in triples}),
        VOID.distinctSubjects: len(subjects),
        VOID.distinctObjects: len({q.object for q in triples}),
        VOID.entities: len({s for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(space)}),
    }
    for prop, count in expected.items():
        assert void.value(DATASET, prop) == Literal(count), prop
    per_graph = Counter(q.graph_name.value for q in _parsed(folder / "filmgraph.nq", ox.RdfFormat.N_QUADS)
                        if isinstance(q.graph_name, ox.NamedNode))
    subsets = {str(s): int(void.value(s, VOID.triples)) for s in void.objects(DATASET, VOID.subset)}
    assert subsets == dict(per_graph)
    assert set(subsets) >= {PREFIXES["graph"] + "ontology", PREFIXES["graph"] + "stalker-1979-plot-summary"}


def test_the_vocabularies_cover_every_term_and_nothing_else(folder: Path, void: Graph) -> None:
    triples = _parsed(folder / "filmgraph.nt", ox.RdfFormat.N_TRIPLES)
    # properties, classes, and the classes and properties the ontology refines (its alignments)
    typing = {RDF_TYPE, str(RDFS.subClassOf), str(RDFS.subPropertyOf)}
    terms = {q.predicate.value for q in triples} | {
        q.object.value for q in triples if q.predicate.value in typing and isinstance(q.object, ox.NamedNode)}
    vocabularies = {str(v) for v in void.objects(DATASET, VOID.vocabulary)}
    for term in terms:
        assert any(term.startswith(v) for v in vocabularies), term
    for vocabulary in vocabularies:
        assert any(term.startswith(vocabulary) for term in terms), vocabulary
    assert {str(DCTERMS), PREFIXES["fg"], PREFIXES["schema"], PREFIXES["oa"], PREFIXES["sem"]} <= vocabularies


def test_the_dataset_says_what_it_is_and_where_it_comes_from(void: Graph) -> None:
    assert Literal("filmgraph: Stalker (1979)", lang="en") in set(void.objects(DATASET, DCTERMS.title))
    assert void.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(void.value(DATASET, DCAT.version)) == "0.3.0"
    assert void.value(DATASET, DCTERMS.creator) is not None
    assert void.value(DATASET, DCTERMS.modified) == Literal("2026-12-02", datatype=XSD.date)
    sources = set(void.objects(DATASET, DCTERMS.source))
    assert {URIRef(PREFIXES["source"] + s) for s in ("stalker-1979-plot-summary", "wikidata-stalker-1979",
                                                    "filmgraph-curators")} == sources
    for source in sources:  # described here, not only named
        assert void.value(source, DCTERMS.title) is not None and void.value(source, DCTERMS.description) is not None


def test_the_description_meets_dcat_void_and_spdx_expectations(void: Graph) -> None:
    shapes = Graph().parse(FIXTURES / "dcat-expectations.ttl")
    conforms, _, text = validate(void, shacl_graph=shapes)
    assert conforms, text


def test_a_mirror_gets_its_own_urls_and_a_bad_url_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = render_all(None, "https://mirror.example.org/filmgraph")
    void = Graph().parse(data=files["void.ttl"], format="turtle")
    urls = {str(u) for u in void.objects(None, DCAT.downloadURL)}
    assert "https://mirror.example.org/filmgraph/filmgraph.ttl" in urls
    assert all(u.startswith("https://mirror.example.org/filmgraph/") for u in urls)
    with pytest.raises(UsageError, match="not an absolute IRI"):
        render_all(None, "dist/")
    assert main(["export", "--all", "--out", str(tmp_path), "--base-url", "ftp://example.org/dist/"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "http(s) URL of a folder" in err[0]
    assert main(["export", "--base-url", "https://example.org/dist/"]) == 2
    assert "use it with --all" in capsys.readouterr().err


def test_a_graph_without_a_description_still_gets_absolute_iris(tmp_path: Path) -> None:
    graph = Graph().add((URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("x")))
    files = render_all(graph)
    void = Graph().parse(data=files["void.ttl"], format="turtle")
    (dataset,) = set(void.subjects(RDF.type, DCAT.Dataset))
    assert dataset == URIRef(DIST_BASE + "void.ttl#dataset")  # no version: the unversioned folder
    assert void.value(dataset, VOID.triples) == Literal(1)
    assert set(void.objects(dataset, VOID.vocabulary)) == {URIRef("http://example.org/")}
