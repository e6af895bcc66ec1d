"""The floors of benchmarks/bench_scaling.py: the plain library calls a filmgraph command is measured
against, each run alone in a fresh process so its CPU time and peak memory are its own.

    python benchmarks/floor.py KIND LIST [ARG]

``LIST`` is a text file naming the RDF files to read, one per line (all Turtle). KIND is one of
``rdflib-parse`` (rdflib's ``Graph.parse`` of each file into one graph), ``oxigraph-load``
(pyoxigraph's ``Store.load`` of each file), ``oxigraph-query`` (load, then run the SPARQL text of
file ARG and write the answer, TSV or Turtle, to /dev/null), ``oxigraph-export`` (load, then dump
the store as ARG: ``turtle`` or ``nq``, each file in a named graph of its own for nq), and
``turbo-core`` (pyshacl-turbo with the shapes file ARG less its SPARQL constraints, on an
rdflib-turbo dataset of the files), and ``filmgraph-load`` / ``filmgraph-store`` (ours, not floors:
``filmgraph.datasets.load_dataset(base=ARG)``, ``filmgraph.stores.bundled_store(base=ARG)``), and
``oxigraph-pages`` (load, then for every subject IRI under the dataset's base run the entity-card
query of file ARG with the IRI bound and write its answer as Turtle to a file of its own: the least
work a site of per-entity pages does). Each imports only the library it measures.
"""

from __future__ import annotations

import sys
from pathlib import Path


def rdflib_parse(files: list[str]) -> None:
    """rdflib's own parse of every file into one plain graph."""
    from rdflib import Graph

    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")


def oxigraph_store(files: list[str], named: bool = False):  # type: ignore[no-untyped-def]
    """A pyoxigraph store holding every file, in the default graph or (``named``) one graph per file."""
    from pyoxigraph import NamedNode, RdfFormat, Store

    store = Store()
    for path in files:
        graph = NamedNode(Path(path).resolve().as_uri()) if named else None
        store.load(path=path, format=RdfFormat.TURTLE, to_graph=graph)
    return store


def oxigraph_query(files: list[str], query_file: str) -> None:
    """Load, run the query text, write the answer as a command would (TSV rows or Turtle)."""
    from pyoxigraph import QueryResultsFormat, QuerySolutions, QueryTriples, RdfFormat, serialize

    store = oxigraph_store(files)
    answer = store.query(Path(query_file).read_text(encoding="utf-8"))
    with open("/dev/null", "wb") as sink:
        if isinstance(answer, QuerySolutions):
            answer.serialize(sink, QueryResultsFormat.TSV)
        elif isinstance(answer, QueryTriples):
            serialize(answer, sink, RdfFormat.TURTLE)
        else:
            sink.write(str(bool(answer)).encode())


def oxigraph_export(files: list[str], fmt: str) -> None:
    """Load, then dump: Turtle from the default graph, or N-Quads with a graph per file."""
    from pyoxigraph import DefaultGraph, RdfFormat

    with open("/dev/null", "wb") as sink:
        if fmt == "nq":
            oxigraph_store(files, named=True).dump(sink, RdfFormat.N_QUADS)
        else:
            oxigraph_store(files).dump(sink, RdfFormat.TURTLE, from_graph=DefaultGraph())


def oxigraph_pages(files: list[str], query_file: str) -> None:
    """Load, then one Turtle file per subject under the base: the entity-card CONSTRUCT with the
    subject bound (the floor of ``filmgraph site``, which writes a page and RDF files per entity)."""
    import tempfile

    from pyoxigraph import NamedNode, RdfFormat, Variable, serialize

    store = oxigraph_store(files)
    text = Path(query_file).read_text(encoding="utf-8")
    subjects = {q.subject.value for q in store.quads_for_pattern(None, None, None)
                if isinstance(q.subject, NamedNode) and q.subject.value.startswith("https://w3id.org/filmgraph/")}
    with tempfile.TemporaryDirectory() as out:
        for number, iri in enumerate(sorted(subjects)):
            answer = store.query(text, substitutions={Variable("entity"): NamedNode(iri)})
            with open(Path(out) / f"{number}.ttl", "wb") as sink:
                serialize(answer, sink, RdfFormat.TURTLE)


def turbo_core(files: list[str], shapes_file: str) -> None:
    """pyshacl-turbo on one rdflib-turbo dataset of the files (and the ontology mix, as filmgraph
    validates) with the SHACL Core part of the shapes: the library calls under ``validate``, without
    the SPARQL constraints filmgraph runs itself."""
    import pyshacl_turbo
    import rdflib_turbo
    from rdflib import Graph
    from rdflib.namespace import SH

    from filmgraph.vocabularies import term_declarations

    data = rdflib_turbo.Dataset()
    for path in files:
        data.parse(path, format="turtle")
    data.parse(data=term_declarations().serialize(format="nt"), format="nt")
    shapes = Graph().parse(shapes_file, format="turtle")
    shapes.remove((None, SH.sparql, None))
    pyshacl_turbo.validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)


def filmgraph_store(base: str) -> None:
    """Ours: the files of a project-shaped corpus folder straight into pyoxigraph (filmgraph.stores)."""
    from filmgraph.stores import bundled_store

    bundled_store(base=Path(base))


def filmgraph_load(base: str) -> None:
    """Ours: the Python API's load of a project-shaped corpus folder (data and ontology)."""
    from filmgraph.datasets import load_dataset

    load_dataset(base=Path(base))


def main(argv: list[str]) -> int:
    """Run one floor; bad arguments are one line on stderr and exit 2."""
    if len(argv) < 2:
        print("floor.py: usage: floor.py KIND LIST [ARG]", file=sys.stderr)
        return 2
    kind, listing, extra = argv[0], argv[1], (argv[2] if len(argv) > 2 else "")
    if kind in ("filmgraph-load", "filmgraph-store"):
        (filmgraph_load if kind == "filmgraph-load" else filmgraph_store)(listing)
        return 0
    files = Path(listing).read_text(encoding="utf-8").split("\n")
    files = [f for f in files if f]
    actions = {
        "rdflib-parse": lambda: rdflib_parse(files),
        "oxigraph-load": lambda: oxigraph_store(files),
        "oxigraph-query": lambda: oxigraph_query(files, extra),
        "oxigraph-export": lambda: oxigraph_export(files, extra),
        "turbo-core": lambda: turbo_core(files, extra),
        "oxigraph-pages": lambda: oxigraph_pages(files, extra),
    }
    if kind not in actions:
        print(f"floor.py: unknown kind {kind!r}", file=sys.stderr)
        return 2
    actions[kind]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
