"""Every SHACL fixture through a second engine: TopBraid SHACL must agree with pySHACL exactly.

For each fixture under tests/shapes, both engines must report the same set of results, compared
as (focus node, source constraint or shape, constraint component, severity), and the same verdict.
Both validate the same data: the fixture with what filmgraph mixes in (the ontology and the
vocabularies' term lists, :func:`filmgraph.validation.validation_ontology`).

A JVM costs over a second to start, so fixtures are validated in batches: the fixtures made from
one valid fixture go into one file, each with its own IRIs (``…/filmgraph/crosscheck-N/…``), and
TopBraid's results are mapped back to their fixture. A fixture leaves its batch and runs alone
when its results are about the data as a whole (a vocabulary term, the ontology node), which a
batch cannot attribute, or when its batched results differ from pySHACL's: fixtures of a batch may
affect each other through rules that look at the whole data (the dataset's label languages), so
only a run of its own can tell a disagreement from that. Agreement is thus always found either on
the fixture alone or in a batch whose results map back exactly.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import topbraid
from rdflib import Graph, URIRef
from rdflib.term import Node
from shape_fixtures import INVALID, SHAPES_DIR, VALID, report_for
from topbraid import Key

import filmgraph
from filmgraph.namespaces import BASE, FGSH
from filmgraph.resources import SHAPES_FILE, resource
from filmgraph.validation import validation_ontology

FIXTURES = VALID + INVALID
#: IRIs under BASE that are vocabulary, not data: never renamed in a batch.
VOCABULARY = (BASE + "ontology", str(FGSH))
BATCH_IRI = re.compile(re.escape(BASE) + r"crosscheck-(\d+)/(.*)")
WORKERS = 3


def _is_data_iri(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(BASE) and not str(node).startswith(VOCABULARY)


def _renamed(graph: Graph, number: int) -> Graph:
    """``graph`` with each data IRI under BASE moved under ``BASE/crosscheck-{number}/``."""

    def rename(node: Node) -> Node:
        return URIRef(f"{BASE}crosscheck-{number}/{node[len(BASE):]}") if _is_data_iri(node) else node

    out = Graph(bind_namespaces="none")
    for s, p, o in graph:
        out.add((rename(s), p, rename(o)))
    return out


def _batch_of(path: Path) -> str:
    """The valid fixture an invalid one was made from (a valid fixture is its own batch)."""
    if path.parent.name == "valid":
        return path.name
    match = re.search(r"^# based-on: valid/(\S+)$", path.read_text(encoding="utf-8"), flags=re.M)
    assert match, f"{path.name}: no '# based-on:' line"
    return match.group(1)


def _pyshacl(path: Path) -> set[Key]:
    return topbraid.result_keys(report_for(path).graph)


def _about_the_whole(keys: set[Key]) -> bool:
    """Whether some result's focus is not a data node (a term, the ontology), so not attributable."""
    return any(not _is_data_iri(URIRef(key.focus)) for key in keys)


def _write(graph: Graph, path: Path) -> Path:
    """``graph`` with what filmgraph mixes into validation, as N-Triples for TopBraid."""
    for triple in validation_ontology():
        graph.add(triple)
    graph.serialize(path, format="nt", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Outcome:
    """One fixture as both engines saw it."""

    pyshacl: frozenset[Key]
    topbraid: frozenset[Key]
    pyshacl_conforms: bool
    topbraid_conforms: bool | None  # TopBraid's sh:conforms (false on any result, a warning too); None in a batch
    alone: bool


def _run_all(jobs: dict[str, Path], shapes: Path) -> dict[str, Graph]:
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {name: pool.submit(topbraid.validate, data, shapes) for name, data in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


def crosscheck(workdir: Path) -> dict[Path, Outcome]:
    """Run TopBraid over every fixture (in batches, then alone where needed); pySHACL's view beside it."""
    shapes = Path(str(resource(SHAPES_FILE)))
    expected = {path: _pyshacl(path) for path in FIXTURES}
    alone = [path for path in FIXTURES if _about_the_whole(expected[path])]
    batches: dict[str, list[Path]] = {}
    for path in FIXTURES:
        if path not in alone:
            batches.setdefault(_batch_of(path), []).append(path)
    jobs = {}
    for name, members in batches.items():
        merged = Graph(bind_namespaces="none")
        for path in members:
            merged += _renamed(filmgraph.parse_file(path), FIXTURES.index(path))
        jobs[f"batch:{name}"] = _write(merged, workdir / f"batch-{name}.nt")
    jobs |= {str(path): _write(filmgraph.parse_file(path), workdir / f"{path.stem}.nt") for path in alone}
    reports = _run_all(jobs, shapes)

    outcomes: dict[Path, Outcome] = {}
    retry = []
    for name, members in batches.items():
        report = reports[f"batch:{name}"]
        mapped: dict[int, set[Key]] = {FIXTURES.index(path): set() for path in members}
        unattributed = set()
        for key in topbraid.result_keys(report):
            match = BATCH_IRI.fullmatch(key.focus)
            if match is None:
                unattributed.add(key)
                continue
            original = Key(BASE + match.group(2), key.source, key.component, key.severity)
            mapped[int(match.group(1))].add(original)
        assert not unattributed, f"batch {name}: results about no fixture's data: {sorted(unattributed)}"
        for path in members:
            got = mapped[FIXTURES.index(path)]
            if got == expected[path]:
                outcomes[path] = Outcome(frozenset(expected[path]), frozenset(got),
                                         report_for(path).conforms, None, alone=False)
            else:
                retry.append(path)
    jobs = {str(path): _write(filmgraph.parse_file(path), workdir / f"{path.stem}.nt") for path in retry}
    reports |= _run_all(jobs, shapes)
    for path in alone + retry:
        report = reports[str(path)]
        outcomes[path] = Outcome(frozenset(expected[path]), frozenset(topbraid.result_keys(report)),
                                 report_for(path).conforms, topbraid.conforms(report), alone=True)
    return outcomes


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Outcome]:
    return crosscheck(tmp_path_factory.mktemp("topbraid"))


def _show(keys: frozenset[Key]) -> str:
    return "\n".join(f"  {k.focus} {k.source} {k.component} {k.severity}" for k in sorted(keys)) or "  (none)"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_topbraid_agrees_with_pyshacl(path: Path, outcomes: dict[Path, Outcome]) -> None:
    outcome = outcomes[path]
    assert outcome.topbraid == outcome.pyshacl, (
        f"{path.relative_to(SHAPES_DIR)}: pySHACL reported\n{_show(outcome.pyshacl)}\n"
        f"TopBraid reported\n{_show(outcome.topbraid)}"
    )
    violations = {k for k in outcome.topbraid if k.severity == "Violation"}
    assert outcome.pyshacl_conforms == (not violations)
    if outcome.topbraid_conforms is not None:
        assert outcome.topbraid_conforms == (not outcome.topbraid)


def test_batches_do_the_work(outcomes: dict[Path, Outcome]) -> None:
    """Most fixtures are checked in batches; the fixtures run alone are the few that must be."""
    alone = sorted(path.name for path, outcome in outcomes.items() if outcome.alone)
    assert len(alone) <= len(outcomes) // 5, f"{len(alone)} fixtures ran alone: {alone}"
