"""--timeout on the local engines: a query with no end is stopped, its worker killed and reaped;
a query that ends gives exactly the answer it gives without --timeout; without it nothing changes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from query_support import stalker_params

from filmgraph import deadline
from filmgraph.errors import FilmgraphError, InputError
from filmgraph.queries import list_queries, parse_query
from filmgraph.querying import query
from filmgraph.results import GRAPH_FORMATS, RESULT_FORMATS, render

ENGINES = ["oxigraph", "rdflib"]
#: Every triple with every triple with every triple: about 10^10 rows on the bundled graph.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . }"
#: The same, kept and sorted: the rows pile up in memory.
CARTESIAN_SORTED = "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . } ORDER BY ?a ?c ?f ?i"


def filmgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "filmgraph", *args], capture_output=True, text=True,
                          timeout=120, check=False)


def query_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "query.rq"
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_cartesian_product_is_stopped_at_the_deadline(tmp_path: Path, engine: str) -> None:
    proc = filmgraph("query", query_file(tmp_path, CARTESIAN), "--engine", engine, "--timeout", "2")
    assert proc.returncode == 2
    assert proc.stderr == "filmgraph: query stopped after 2 s (--timeout)\n"
    assert proc.stdout == ""


@pytest.mark.parametrize("engine", ENGINES)
def test_a_query_piling_up_rows_is_stopped_by_its_memory_limit(tmp_path: Path, engine: str) -> None:
    proc = filmgraph("query", query_file(tmp_path, CARTESIAN_SORTED), "--engine", engine, "--timeout", "100")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("filmgraph: query stopped")
    assert "out of memory" in proc.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_the_worker_is_killed_and_reaped(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    forked: list[int] = []
    real_fork = os.fork

    def recording_fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(deadline.os, "fork", recording_fork)
    with pytest.raises(deadline.TimedOut, match=r"^query stopped after 1\.5 s \(--timeout\)$"):
        query(parse_query(CARTESIAN), engine=engine, timeout=1.5)
    (pid,) = forked
    with pytest.raises(ChildProcessError):  # already reaped: no zombie left
        os.waitpid(pid, os.WNOHANG)
    assert not alive(pid)


@pytest.mark.parametrize("engine", ENGINES)
def test_every_library_query_answers_the_same_with_a_timeout(engine: str) -> None:
    for chosen in list_queries():
        plain = query(chosen, engine=engine, **stalker_params(chosen.name))
        bounded = query(chosen, engine=engine, timeout=60, **stalker_params(chosen.name))
        assert (bounded.kind, bounded.vars, bounded.boolean) == (plain.kind, plain.vars, plain.boolean), chosen.name
        for fmt in GRAPH_FORMATS if plain.is_graph else RESULT_FORMATS:
            assert render(bounded, fmt) == render(plain, fmt), (chosen.name, fmt)


def test_the_cli_answer_is_the_same_with_a_timeout() -> None:
    for engine in ENGINES:
        plain = filmgraph("query", "cast", "--engine", engine, "-f", "json")
        bounded = filmgraph("query", "cast", "--engine", engine, "-f", "json", "--timeout", "60")
        assert plain.returncode == bounded.returncode == 0
        assert bounded.stdout == plain.stdout and bounded.stderr == plain.stderr == ""


def test_without_a_timeout_nothing_is_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise AssertionError("the plain path forked")

    monkeypatch.setattr(os, "fork", no_fork)
    for engine in ENGINES:
        assert len(query(parse_query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"), engine=engine).rows) == 3


def test_the_worker_sends_back_values_errors_and_messages(capfd: pytest.CaptureFixture[str]) -> None:
    assert deadline.call_with_deadline(lambda: {"answer": [1, 2]}, 30) == {"answer": [1, 2]}

    def fails() -> None:
        os.write(2, b"a complaint on the way\n")
        raise InputError("query.rq:1:5: no such thing")

    with pytest.raises(InputError, match=r"^query\.rq:1:5: no such thing$"):
        deadline.call_with_deadline(fails, 30)

    def warns() -> str:
        os.write(2, b"a warning on the way\n")
        return "done"

    assert deadline.call_with_deadline(warns, 30) == "done"
    assert capfd.readouterr().err == "a warning on the way\n"  # from the worker that answered, not the failing one


def test_a_worker_that_dies_is_one_error() -> None:
    """Killed without a word, as the kernel's out-of-memory killer or a Rust allocation failure do."""
    with pytest.raises(FilmgraphError, match=r"^query stopped \(signal SIGKILL\), most likely out of memory"):
        deadline.call_with_deadline(lambda: os.kill(os.getpid(), signal.SIGKILL), 30)


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def _worker_of(pid: int) -> int:
    """The pid of the worker of the filmgraph process ``pid``, once it has been forked."""
    for _ in range(600):
        children = _children(pid)
        if children:
            return children[0]
        time.sleep(0.05)
    raise AssertionError("no worker was forked")


def test_sigterm_during_a_bounded_query_kills_the_worker(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "filmgraph", "query", query_file(tmp_path, CARTESIAN),
                             "--timeout", "100"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    worker = _worker_of(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert err == b"filmgraph: terminated\n"
    assert not alive(worker)


def test_a_worker_whose_parent_is_killed_ends_by_itself(tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the worker's CPU limit (the deadline plus a second) ends it."""
    proc = subprocess.Popen([sys.executable, "-m", "filmgraph", "query", query_file(tmp_path, CARTESIAN),
                             "--timeout", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    worker = _worker_of(proc.pid)
    proc.kill()
    proc.communicate(timeout=60)
    for _ in range(600):
        if not alive(worker):
            break
        time.sleep(0.05)
    assert not alive(worker)
