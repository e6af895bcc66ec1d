"""CPU time and peak memory of filmgraph's commands on synthetic corpora, each paired with its floor.

    python benchmarks/bench_scaling.py [--films 1 10 100] [--commands load validate query export stats site]
        [--queries timeline cast] [--engines oxigraph rdflib] [--sides ours floor]
        [--max-minutes 10] [--record runs.jsonl]
    python benchmarks/bench_scaling.py --report runs.jsonl      # the table of recorded runs

Per corpus size it writes an N-film corpus (benchmarks/corpus.py) and runs, each in a fresh child
process, a filmgraph command and its floor, the plain library call doing the same job
(benchmarks/floor.py): ``load`` (the Python API, ``load_dataset(base=…)``) against rdflib's
``Graph.parse`` and pyoxigraph's ``Store.load`` of the same files; ``validate`` (``filmgraph
validate FILE…``) against plain ``pyshacl.validate`` with the same options and ontology mix; every
library query (``filmgraph query NAME --data FILE… -e ENGINE``, parameters bound for film 1)
against a pyoxigraph-only script loading the same files (and the ontology) and running the same
query text; ``export`` (turtle, nq) against pyoxigraph's dump, ``stats`` against stats.rq on
pyoxigraph; ``site`` (``filmgraph site``, the whole static site) against the entity-card query run
and written as Turtle once per entity on pyoxigraph. The child's CPU time (user + system) and
peak RSS come from ``os.wait4`` in a small launcher process. A cell whose projection from a
smaller size of the same run (or of ``--record``'s file) exceeds ``--max-minutes`` is not run,
and the table says why. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from corpus import ROOT, film_slug, write_corpus

HERE = Path(__file__).resolve().parent
FILMGRAPH = str(Path(sys.executable).with_name("filmgraph"))
ONTOLOGY = [ROOT / "ontology" / "filmgraph.ttl", ROOT / "ontology" / "alignments.ttl"]
SHAPES = ROOT / "ontology" / "shapes.ttl"
COMMANDS = ("load", "validate", "query", "export", "stats", "site")
B = "https://w3id.org/filmgraph/"

# Plain pySHACL on the same files, options and ontology mix as filmgraph.validate (rdflib parsing included).
PYSHACL = """
import sys
from pathlib import Path
import pyshacl
from rdflib import Graph
base, root = Path(sys.argv[1]), Path(sys.argv[2])
data = Graph()
for path in sorted((base / "data").rglob("*.ttl")):
    data.parse(path, format="turtle")
shapes = Graph().parse(root / "ontology" / "shapes.ttl", format="turtle")
ontology = Graph()
for name in ("filmgraph.ttl", "alignments.ttl"):
    ontology.parse(root / "ontology" / name, format="turtle")
from filmgraph.vocabularies import term_declarations
ontology += term_declarations()
pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
                 allow_warnings=True)
"""


def film_params(name: str) -> list[str]:
    """``-p`` arguments binding query ``name``'s entity parameters to film 1's nodes (the Stalker,
    the Zone, the Room: those tests/query_support.py asks about), and its film parameter."""
    from filmgraph.queries import load_query

    story, film = f"{B}{film_slug(1)}/", f"{B}film/{film_slug(1)}"
    wanted = {"character": story + "character/stalker", "traveller": story + "character/stalker",
              "entity": film, "subject": film, "film": film,
              "place": story + ("setting/room" if name == "is-place-shown" else "setting/zone")}
    params = [p.name for p in load_query(name).params if p.name in wanted]
    return [arg for p in params for arg in ("-p", f"{p}={wanted[p]}")]


@dataclass
class Corpus:
    """A written corpus and the argument files its floors read."""

    films: int
    folder: Path
    files: list[str]
    data_list: str
    with_ontology_list: str

    @classmethod
    def write(cls, films: int, folder: Path) -> Corpus:
        """Write the corpus into ``folder``, or reuse the one a previous run left there."""
        done = folder / "data.list"
        if done.exists():
            files = done.read_text(encoding="utf-8").split("\n")
            return cls(films, folder, files, str(done), str(folder / "all.list"))
        files = [str(p) for p in write_corpus(films, folder)]
        (folder / "data.list").write_text("\n".join(files), encoding="utf-8")
        (folder / "all.list").write_text("\n".join(files + [str(p) for p in ONTOLOGY]), encoding="utf-8")
        return cls(films, folder, files, str(folder / "data.list"), str(folder / "all.list"))

    def query_file(self, name: str) -> str:
        """The text of library query ``name`` as ``filmgraph query`` runs it for film 1."""
        path = self.folder / f"{name}.rq"
        if not path.exists():
            shown = subprocess.run([FILMGRAPH, "query", "--show", name, *film_params(name)],
                                   capture_output=True, text=True, check=True)
            path.write_text(shown.stdout, encoding="utf-8")
        return str(path)


@dataclass
class Cell:
    """One table row per size: our command and its floor, each a key (for reuse) and an argv."""

    command: str
    ours_key: str
    ours: Callable[[Corpus], list[str]]
    floor_name: str
    floor_key: str
    floor: Callable[[Corpus], list[str]]


def floor_argv(kind: str, listing: str, *extra: str) -> list[str]:
    return [sys.executable, str(HERE / "floor.py"), kind, listing, *extra]


def query_cells(name: str, engines: list[str]) -> list[Cell]:
    """``filmgraph query NAME`` on each engine, all against the same pyoxigraph script."""

    def floor(c: Corpus) -> list[str]:
        return floor_argv("oxigraph-query", c.with_ontology_list, c.query_file(name))

    def ours(engine: str) -> Callable[[Corpus], list[str]]:
        return lambda c: [FILMGRAPH, "query", name, "--data", *c.files, "-e", engine, *film_params(name)]

    return [Cell(f"query {name} -e {engine}", f"query-{name}-{engine}", ours(engine),
                 "pyoxigraph script", f"floor-query-{name}", floor) for engine in engines]


def cells(commands: list[str], queries: list[str], engines: list[str]) -> list[Cell]:
    """The rows to measure, in table order."""
    out: list[Cell] = []
    ours_load = lambda c: floor_argv("filmgraph-load", str(c.folder))  # noqa: E731
    if "load" in commands:
        out.append(Cell("load (API)", "load", ours_load, "rdflib `Graph.parse`", "rdflib-parse",
                        lambda c: floor_argv("rdflib-parse", c.with_ontology_list)))
        out.append(Cell("load (API)", "load", ours_load, "pyoxigraph `Store.load`", "oxigraph-load",
                        lambda c: floor_argv("oxigraph-load", c.with_ontology_list)))
        out.append(Cell("load (store)", "store", lambda c: floor_argv("filmgraph-store", str(c.folder)),
                        "pyoxigraph `Store.load`", "oxigraph-load",
                        lambda c: floor_argv("oxigraph-load", c.with_ontology_list)))
    if "validate" in commands:
        validate = lambda c: [FILMGRAPH, "validate", *c.files]  # noqa: E731
        out.append(Cell("validate", "validate", validate, "pyshacl-turbo, SHACL Core", "turbo-core",
                        lambda c: floor_argv("turbo-core", c.with_ontology_list, str(SHAPES))))
        out.append(Cell("validate", "validate", validate, "plain pySHACL",
                        "pyshacl", lambda c: [sys.executable, "-c", PYSHACL, str(c.folder), str(ROOT)]))
    for name in queries if "query" in commands else []:
        out += query_cells(name, engines)
    for fmt in ("turtle", "nq") if "export" in commands else ():
        out.append(Cell(f"export -f {fmt}", f"export-{fmt}",
                        lambda c, fmt=fmt: [FILMGRAPH, "export", "--data", *c.files, "-f", fmt, "-o", "-"],
                        "pyoxigraph dump", f"floor-export-{fmt}",
                        lambda c, fmt=fmt: floor_argv("oxigraph-export", c.data_list, fmt)))
    if "stats" in commands:
        out.append(Cell("stats", "stats", lambda c: [FILMGRAPH, "stats", *c.files], "pyoxigraph stats.rq",
                        "floor-stats", lambda c: floor_argv("oxigraph-query", c.with_ontology_list,
                                                            str(ROOT / "queries" / "stats.rq"))))
    if "site" in commands:
        out.append(Cell("site", "site", lambda c: [FILMGRAPH, "site", "--quiet", str(c.folder / "site"),
                                                   "--data", *c.files],
                        "pyoxigraph entity cards", "floor-site",
                        lambda c: floor_argv("oxigraph-pages", c.with_ontology_list,
                                             str(ROOT / "queries" / "entity-card.rq"))))
    return out


# Runs its arguments as a grandchild and prints the grandchild's rusage. Linux keeps a process's
# peak RSS across exec, and a child forked from this (large) parent would start with the parent's;
# this launcher (python -S, a few MiB) is what the measured process is forked from.
LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.execv(sys.argv[1], sys.argv[1:])
_pid, status, usage = os.wait4(pid, 0)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "mib": usage.ru_maxrss / 1024,
                  "exit": os.waitstatus_to_exitcode(status)}))
"""


def run_child(argv: list[str]) -> dict[str, object]:
    """Run ``argv`` in a fresh process, output discarded; its CPU seconds and peak MiB from wait4.
    Exit 1 counts as done only for ``filmgraph validate`` (it found problems)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, *argv], capture_output=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench_scaling.py: the launcher failed: {done.stderr.decode(errors='replace')[-300:]}")
    result: dict[str, object] = json.loads(done.stdout)
    result["wall"] = time.perf_counter() - started
    code = result["exit"]
    if code != 0 and not (code == 1 and argv[:2] == [FILMGRAPH, "validate"]):
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        result["failed"] = f"exit {code}: {lines[-1] if lines else ''}"[:160]
    return result


class Recorder:
    """Measurements of this run and of earlier ones (``--record``), for projections and the table."""

    def __init__(self, path: Path | None, max_seconds: float) -> None:
        self.path, self.max_seconds = path, max_seconds
        self.seen: dict[tuple[str, int], dict[str, object]] = {}
        if path is not None and path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                self.seen[(entry["key"], entry["films"])] = entry

    def projection(self, key: str, films: int) -> float | None:
        """Seconds projected for ``key`` at ``films`` from the two largest smaller sizes measured
        (growth exponent between them, at least linear), or None without any."""
        done = sorted((n, e) for (k, n), e in self.seen.items() if k == key and n < films and "cpu" in e)
        if not done:
            return None
        n2, e2 = done[-1]
        exponent = 1.0
        if len(done) > 1 and float(done[-2][1]["cpu"]) > 0.5:  # type: ignore[arg-type]
            n1, e1 = done[-2]
            exponent = max(1.0, math.log(float(e2["cpu"]) / float(e1["cpu"])) / math.log(n2 / n1))  # type: ignore[arg-type]
        return float(e2["cpu"]) * (films / n2) ** exponent  # type: ignore[arg-type]

    def measure(self, key: str, corpus: Corpus, argv: Callable[[Corpus], list[str]], what: str) -> dict[str, object]:
        """Run (or reuse, or skip with the reason) one measurement."""
        if (key, corpus.films) in self.seen:
            return self.seen[(key, corpus.films)]
        projected = self.projection(key, corpus.films)
        if projected is not None and projected > self.max_seconds:
            entry: dict[str, object] = {"skipped": f"not run: projected {projected / 60:.0f} min CPU"}
        else:
            entry = run_child(argv(corpus))
        entry.update(key=key, films=corpus.films)
        self.seen[(key, corpus.films)] = entry
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(entry) + "\n")
        print(f"{what} @ {corpus.films}: {entry}", file=sys.stderr, flush=True)
        return entry


def cpu_text(entry: dict[str, object] | None) -> tuple[str, str]:
    """The CPU and peak-memory cells of one measurement."""
    if entry is None:
        return "", ""
    if "skipped" in entry or "failed" in entry:
        return str(entry.get("skipped") or entry.get("failed")), ""
    return f"{float(entry['cpu']):.2f} s", f"{float(entry['mib']):.0f}"  # type: ignore[arg-type]


def table(rows: list[tuple[Cell, int]], seen: dict[tuple[str, int], dict[str, object]], ours_only: bool = False) -> str:
    """The Markdown table of the given rows (``ours_only``: only those where our side was measured or skipped)."""
    lines = ["| command | films | CPU | peak MiB | floor | floor CPU | floor MiB | ratio |",
             "|---|---:|---:|---:|---|---:|---:|---:|"]
    for cell, films in rows:
        ours, floor = seen.get((cell.ours_key, films)), seen.get((cell.floor_key, films))
        if (ours is None and floor is None) or (ours is None and ours_only):
            continue
        ratio = ""
        if ours and floor and "cpu" in ours and "cpu" in floor and "failed" not in ours | floor:
            ratio = f"{float(ours['cpu']) / float(floor['cpu']):.1f}×"  # type: ignore[arg-type]
        lines.append(f"| `{cell.command}` | {films} | {' | '.join(cpu_text(ours))} | {cell.floor_name} | "
                     f"{' | '.join(cpu_text(floor))} | {ratio} |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from filmgraph.queries import names

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, nargs="+", default=[1, 10, 100], help="corpus sizes")
    parser.add_argument("--commands", nargs="+", choices=COMMANDS, default=list(COMMANDS))
    parser.add_argument("--queries", nargs="+", choices=names(), default=names(), metavar="NAME")
    parser.add_argument("--engines", nargs="+", choices=("oxigraph", "rdflib"), default=["oxigraph", "rdflib"])
    parser.add_argument("--sides", nargs="+", choices=("ours", "floor"), default=["ours", "floor"])
    parser.add_argument("--max-minutes", type=float, default=10.0, help="skip a cell projected to take longer")
    parser.add_argument("--record", type=Path, help="JSON-lines file: append measurements, project from earlier ones")
    parser.add_argument("--corpus-dir", type=Path, help="keep the corpora in DIR/N (reused by later runs)")
    parser.add_argument("--report", type=Path, help="print the table of a --record file and stop")
    parser.add_argument("--ours-only", action="store_true", help="with --report: leave out rows with only a floor")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Command line: measure every size and cell asked for, then print the table."""
    args = parse_args(argv)
    source = args.report or args.record
    recorder = Recorder(source, args.max_minutes * 60)
    wanted = cells(args.commands, args.queries, args.engines)
    if args.report:
        sizes = sorted({films for _key, films in recorder.seen})
        print(table([(cell, films) for cell in wanted for films in sizes], recorder.seen, args.ours_only))
        return 0
    for films in sorted(args.films):
        with tempfile.TemporaryDirectory(prefix=f"corpus-{films}-") as scratch:
            folder = args.corpus_dir / str(films) if args.corpus_dir else Path(scratch)
            folder.mkdir(parents=True, exist_ok=True)
            corpus = Corpus.write(films, folder)
            for cell in wanted:
                if "floor" in args.sides:
                    recorder.measure(cell.floor_key, corpus, cell.floor, cell.floor_name)
                if "ours" in args.sides:
                    recorder.measure(cell.ours_key, corpus, cell.ours, cell.command)
    print(table([(cell, films) for cell in wanted for films in sorted(args.films)], recorder.seen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
