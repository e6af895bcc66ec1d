"""A corpus in a SPARQL store: a generated 10-film corpus dumped as the README says (N-Quads with
the union as default graph), bulk-loaded with the real ``oxigraph load`` into a store folder and
served by ``oxigraph serve-read-only`` on 127.0.0.1. Every library query answers there exactly as
locally on the same corpus: the same multiset of rows, the same boolean, an isomorphic graph.

It also pins the two ways that do not work, as the README and docs/export.md say: the named graphs
alone leave a store's default graph empty, and Oxigraph's ``--union-default-graph`` matches a
triple once per graph that states it (a person every film's curators name is counted ten times).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_support import FILM, corpus_module, corpus_params
from query_support import comparable, term_rows
from rdflib import URIRef
from servers import load_store, serve_store

import filmgraph
from filmgraph.datasets import ONTOLOGY_GRAPH, load_dataset
from filmgraph.engines import Engine, make_engine
from filmgraph.queries import list_queries, names
from filmgraph.resources import ONTOLOGY_FILES
from filmgraph.results import Result

FILMGRAPH = str(Path(sys.executable).with_name("filmgraph"))  # the installed console script
FILMS = 10


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    corpus_module.write_corpus(FILMS, out)
    return out


@pytest.fixture(scope="module")
def local(corpus: Path) -> Engine:
    """The local engine over the corpus, loaded the way every filmgraph command loads data."""
    return make_engine("oxigraph", load_dataset(base=corpus))


def _export(corpus: Path, out: Path, *options: str) -> Path:
    """``filmgraph export --data`` of the corpus: the ontology files into graph:ontology (they
    declare no source graph), each data file into the source graph it declares."""
    files = [str(corpus / name) for name in ONTOLOGY_FILES] + [str(p) for p in sorted((corpus / "data").rglob("*.ttl"))]
    done = subprocess.run(
        [FILMGRAPH, "export", "--data", *files, "--graph", ONTOLOGY_GRAPH, "--format", "nq", *options,
         "--out", str(out), "--quiet"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    return out


@pytest.fixture(scope="module")
def store(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store folder, bulk-loaded with the dump the README gives (``--with-union``)."""
    folder = tmp_path_factory.mktemp("store")
    load_store(folder / "store", [_export(corpus, folder / "dump.nq", "--with-union")])
    return folder / "store"


@pytest.fixture(scope="module")
def endpoint(store: Path) -> Iterator[str]:
    with serve_store(store, read_only=True) as url:
        yield url


@pytest.fixture(scope="module")
def named_only(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store loaded with the named graphs alone (the N-Quads export without ``--with-union``)."""
    folder = tmp_path_factory.mktemp("named-only")
    load_store(folder / "store", [_export(corpus, folder / "named.nq")])
    return folder / "store"


def _not_empty(result: Result) -> bool:
    """Whether an answer says something (so that equal answers are not two empty ones)."""
    if result.graph is not None:
        return len(result.graph) > 0
    return result.boolean is not None or bool(result.rows)


def test_the_corpus_store_holds_every_film(endpoint: str) -> None:
    films = [row[0] for row in filmgraph.query("films", endpoint=endpoint).rows]
    assert films == sorted(URIRef(f"https://w3id.org/filmgraph/film/{corpus_module.film_slug(k)}")
                           for k in range(1, FILMS + 1))


@pytest.mark.parametrize("name", names())
def test_every_library_query_answers_in_the_store_as_locally(endpoint: str, local: Engine, name: str) -> None:
    params = corpus_params(name)
    here = filmgraph.query(name, engine=local, **params)
    there = filmgraph.query(name, endpoint=endpoint, **params)
    assert _not_empty(here), f"{name}: no answer locally for {params}"
    assert there.engine == endpoint
    assert comparable(there) == comparable(here)


def test_every_library_query_is_checked() -> None:
    """The parameters above are those each query requires (a new required one fails here first)."""
    for query in list_queries():
        required = {p.name for p in query.params if p.default is None}
        assert required <= set(corpus_params(query.name)), query.name


def test_named_graphs_alone_leave_the_default_graph_empty(named_only: Path, local: Engine) -> None:
    with serve_store(named_only, read_only=True) as url:
        assert filmgraph.query("films", endpoint=url).rows == []
        assert filmgraph.query("cast", endpoint=url, film=FILM).rows == []
        # statement-sources reads GRAPH ?g, which the named graphs answer
        params = corpus_params("statement-sources")
        there = filmgraph.query("statement-sources", endpoint=url, **params)
        here = filmgraph.query("statement-sources", engine=local, **params)
        assert there.rows and comparable(there) == comparable(here)


def test_oxigraph_union_default_graph_counts_a_triple_once_per_graph(named_only: Path, local: Engine) -> None:
    """Andrei Tarkovsky is named by every film's curators' graph: the quad union matches his
    label and his role ten times, so the crew comes back with repeated rows."""
    with serve_store(named_only, read_only=True, union_default_graph=True) as url:
        there = Counter(term_rows(filmgraph.query("crew", endpoint=url, film=FILM)))
    here = Counter(term_rows(filmgraph.query("crew", engine=local, film=FILM)))
    assert set(there) == set(here)
    assert max(here.values()) == 1 and max(there.values()) > 1
