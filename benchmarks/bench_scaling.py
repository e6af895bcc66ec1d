"""CPU time and peak memory of ``filmgraph.validate`` on synthetic corpora, each paired with its floor.

``python benchmarks/bench_scaling.py [--films 1 10]`` writes an N-film corpus (benchmarks/corpus.py)
per size, then runs, each in a fresh child process, ``filmgraph.validate`` on it and the floor: plain
``pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology)`` on the same files with the same
options and the same ontology mix (the ontology plus the term declarations of the vocabularies
rdflib lists, without which the closed-world shapes flag every rdfs/skos term), rdflib parsing
included in both. The child's CPU time (user + system) and peak RSS come from
``os.wait4``; a Markdown table goes to stdout. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import ROOT, write_corpus

# The child's work: load the corpus, validate it; prints its in-process split as JSON.
VALIDATE = """
import json, sys, time
from pathlib import Path
start = time.process_time()
import filmgraph
from filmgraph.datasets import load_dataset, union
data = union(load_dataset(include_ontology=False, base=Path(sys.argv[1])))
loaded = time.process_time()
report = filmgraph.validate(data)
print(json.dumps({"load": loaded - start, "validate": time.process_time() - loaded,
                  "violations": len(report.violations), "conforms": report.conforms}))
"""

FLOOR = """
import json, sys, time
from pathlib import Path
start = time.process_time()
import pyshacl
from rdflib import Graph
from rdflib.namespace import SH
base, root = Path(sys.argv[1]), Path(sys.argv[2])
data = Graph()
for path in sorted((base / "data").rglob("*.ttl")):
    data.parse(path, format="turtle")
shapes = Graph().parse(root / "ontology" / "shapes.ttl", format="turtle")
ontology = Graph()
for name in ("filmgraph.ttl", "alignments.ttl"):
    ontology.parse(root / "ontology" / name, format="turtle")
if "--with-terms" in sys.argv:
    from filmgraph.vocabularies import term_declarations
    ontology += term_declarations()
loaded = time.process_time()
conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                           inference="none", advanced=True, allow_warnings=True)
print(json.dumps({"load": loaded - start, "validate": time.process_time() - loaded,
                  "violations": len(set(report.subjects(SH.resultSeverity, SH.Violation))),
                  "conforms": conforms}))
"""


def run_child(code: str, *args: str) -> dict[str, float]:
    """Run ``code`` in a fresh Python; its JSON output plus CPU seconds and peak MiB from wait4."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    wall = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, env=env)
    assert child.stdout is not None
    out = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"bench_scaling.py: child failed with exit {child.returncode}")
    result = json.loads(out)
    result["cpu"] = usage.ru_utime + usage.ru_stime
    result["rss_mib"] = usage.ru_maxrss / 1024  # Linux: KiB
    result["wall"] = time.perf_counter() - wall
    return result


def row(films: int, what: str, result: dict[str, float], floor_cpu: float | None) -> str:
    """One Markdown table row."""
    ratio = f"{result['cpu'] / floor_cpu:.2f}×" if floor_cpu else "1×"
    verdict = f"{result['conforms']} ({result['violations']})"
    return (f"| {films} | {what} | {result['cpu']:.1f} s | {result['load']:.1f} s | {result['validate']:.1f} s "
            f"| {result['rss_mib']:.0f} MiB | {ratio} | {verdict} |")


def main(argv: list[str] | None = None) -> int:
    """Command line: measure every size given with ``--films`` and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, nargs="+", default=[1, 10], help="corpus sizes (default: 1 10)")
    args = parser.parse_args(argv)
    print("| films | run | CPU (child total) | load + parse | validate call | peak RSS | vs floor "
          "| conforms (violations) |")
    print("|---|---|---|---|---|---|---|---|")
    for films in args.films:
        with tempfile.TemporaryDirectory(prefix=f"corpus-{films}-") as folder:
            write_corpus(films, Path(folder))
            floor = run_child(FLOOR, folder, str(ROOT), "--with-terms")
            ours = run_child(VALIDATE, folder)
            print(row(films, "`filmgraph.validate`", ours, floor["cpu"]), flush=True)
            print(row(films, "floor: `pyshacl.validate`", floor, None), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
