"""Time every library query on rdflib and on pyoxigraph, plus the fixed costs around them.

    python benchmarks/bench_queries.py                 # the bundled graph
    python benchmarks/bench_queries.py --copies 40     # the Stalker data 40 times over (~50k triples)

Run from the repository root (``PYTHONPATH=src`` if filmgraph is not installed). Prints Markdown
tables: per query the median of ``--runs`` runs after one warm-up run (rdflib's first query also
pays its one-time SPARQL grammar setup, reported apart); the one-time costs (imports, parsing the
bundled files, converting the graph into a pyoxigraph store); and, unless ``--no-cli``, the wall
time of a whole ``python -m filmgraph query timeline`` per engine, as a user at a shell sees it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_time(action: Callable[[], object], runs: int) -> float:
    """Median seconds over ``runs`` calls, after one warm-up call."""
    action()
    return statistics.median(timed(action) for _ in range(runs))


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def import_time(module: str) -> float:
    """Seconds a fresh interpreter needs to import ``module`` (median of 5)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    samples = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, check=True).stdout)
        for _ in range(5)
    ]
    return statistics.median(samples)


def cli_time(engine: str, runs: int) -> float:
    """Median wall time of ``python -m filmgraph query timeline --engine ENGINE``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "filmgraph", "query", "timeline", "--engine", engine,
               "--format", "csv"]  # fmt: skip
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, env=env, check=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def enlarged(copies: int):  # type: ignore[no-untyped-def]
    """The bundled graph with the Stalker data repeated ``copies`` times under other IRIs."""
    from rdflib import URIRef

    import filmgraph
    from filmgraph.graph import load_data

    graph = filmgraph.load()
    data = load_data()
    for copy in range(1, copies):

        def renamed(term, copy=copy):  # type: ignore[no-untyped-def]
            if isinstance(term, URIRef) and "/stalker-1979" in term:
                return URIRef(term.replace("/stalker-1979", f"/stalker-1979-copy{copy}"))
            return term

        for s, p, o in data:
            graph.add((renamed(s), p, renamed(o)))
    return graph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument("--copies", type=int, default=1, help="repeat the data this many times")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line timings")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))

    import pyoxigraph
    import rdflib

    import filmgraph
    from filmgraph.engines import OxigraphEngine, RdflibEngine
    from filmgraph.queries import load_query, names
    from filmgraph.querying import prepare

    print(f"python {platform.python_version()}, rdflib {rdflib.__version__}, "
          f"pyoxigraph {pyoxigraph.__version__}, {os.cpu_count()} CPUs, {platform.machine()}")  # fmt: skip

    load_seconds = median_time(filmgraph.load, args.runs)
    graph = enlarged(args.copies) if args.copies > 1 else filmgraph.load()
    convert_seconds = median_time(lambda: OxigraphEngine(graph), args.runs)
    rdf, ox = RdflibEngine(graph), OxigraphEngine(graph)
    print(f"\ngraph: {len(graph)} triples ({args.copies} cop{'y' if args.copies == 1 else 'ies'} "
          "of the Stalker data, with the ontology)\n")  # fmt: skip

    prepared = {name: prepare(load_query(name)) for name in names()}
    first = prepared["timeline"]
    grammar = timed(lambda: rdf.run(first, "SELECT"))  # the first rdflib query of the process
    print("| query | rdflib (ms) | pyoxigraph (ms) | rdflib / pyoxigraph |")
    print("|---|---:|---:|---:|")
    totals = [0.0, 0.0]
    for name, text in prepared.items():
        kind = load_query(name).kind or "SELECT"
        slow = median_time(lambda text=text, kind=kind: rdf.run(text, kind), args.runs)
        fast = median_time(lambda text=text, kind=kind: ox.run(text, kind), args.runs)
        totals[0] += slow
        totals[1] += fast
        print(f"| {name} | {milliseconds(slow)} | {milliseconds(fast)} | {slow / fast:.0f}× |")
    print(f"| **all {len(prepared)}** | **{milliseconds(totals[0])}** | "
          f"**{milliseconds(totals[1])}** | **{totals[0] / totals[1]:.0f}×** |")  # fmt: skip

    print("\n| one-time cost | ms |\n|---|---:|")
    print(f"| import rdflib (fresh process) | {milliseconds(import_time('rdflib'))} |")
    print(f"| import pyoxigraph (fresh process) | {milliseconds(import_time('pyoxigraph'))} |")
    print(f"| parse the bundled files with rdflib (filmgraph.load) | {milliseconds(load_seconds)} |")
    print(f"| convert the graph into a pyoxigraph store (N-Triples) | {milliseconds(convert_seconds)} |")
    print(f"| rdflib's first query in a process (timeline, incl. grammar setup) | {milliseconds(grammar)} |")

    if not args.no_cli:
        print("\n| `python -m filmgraph query timeline --format csv` | wall time (ms) |\n|---|---:|")
        for engine in ("oxigraph", "rdflib"):
            print(f"| `--engine {engine}` | {milliseconds(cli_time(engine, args.runs))} |")


if __name__ == "__main__":
    main()
