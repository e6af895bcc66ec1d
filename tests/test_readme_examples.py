"""Every example of the README (and of docs/export.md and docs/queries.md) runs for real and shows
what the text says it shows.

Each ``$ filmgraph …`` line of a ```console block is run once with the installed ``filmgraph``
command, in one scratch folder for each file, in the file's order (``link apply review.csv``
reads the file ``link suggest --out review.csv`` wrote). What the text prints under a command is
compared with the real output (standard output, then standard error): equal where it is given
whole; where it is abridged with a line ``…``, each shown run of lines appears, in order (the first
at the start unless ``…`` comes first, the last at the end unless ``…`` ends it), and a ``…``
inside a line stands for any text. ``# exit N`` gives the exit code, 0 otherwise. The README's
```python block runs as a doctest.

The inputs the README describes in words (broken.ttl, the typo/, property/, class/ and person/
copies, bad.ttl) are built here from the bundled data; a SPARQL endpoint is a real local
Oxigraph server, and Wikidata is the local Oxigraph server holding tests/fixtures/wikidata-subset.ttl.
A server command the text shows (``oxigraph serve-read-only``, ``filmgraph serve``) runs in the
background on a free port of 127.0.0.1 (``--bind`` or ``--port`` added) until the end, and the
file's later commands naming ``http://127.0.0.1:7878/query`` ask that server; what it prints is
compared with the port written as 7878. The writable store at ``http://127.0.0.1:7879/store`` is a
real ``oxigraph serve`` on a free port.
Not run: docs/wikidata.md, whose examples show answers of the real Wikidata service and a machine
without a network, and the Python blocks of docs/, which are not doctests.
"""

from __future__ import annotations

import csv
import doctest
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from corpus_support import write_corpus
from link_support import project_copy
from query_support import BUNDLED_FILES
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS
from servers import find_oxigraph, free_port, oxigraph_server, stop, wait_until_up
from test_cli_closed_world import _broken_copy, _once
from test_cli_validate import PERSON, _copy_without

import filmgraph
from filmgraph.canonical import to_turtle
from filmgraph.namespaces import FG

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SOURCES = ("README.md", "docs/export.md", "docs/queries.md")  # the files whose examples run here
FILMGRAPH = str(Path(sys.executable).with_name("filmgraph"))  # the installed console script
README_ENDPOINT = "http://127.0.0.1:7878/query"
README_STORE = "http://127.0.0.1:7879/store"  # a writable store: the test's own, on a free port
EVENT = "https://w3id.org/filmgraph/stalker-1979/event/"

StartOxigraph = Callable[[Iterable[Path | str]], str]


@dataclass(frozen=True)
class Example:
    """One ``$ command`` of a console block, the output shown under it and its exit code."""

    source: str  # the file, relative to the repository
    command: str  # as written after "$ ", its trailing comment removed
    shown: tuple[str, ...]  # the lines shown under it, comments removed ("…" marks an abridgement)
    exit_code: int


# --- Reading the README --------------------------------------------------------------------------

_OUTPUT_COMMENT = re.compile(r"(?:^|\s{2,})#\s*(.*)$")  # after two spaces, or alone on its line
_SHELL_COMMENT = re.compile(r"(?:^|\s)#\s*(.*)$")  # a word starting with "#", as the shell reads it
_EXIT = re.compile(r"^exit (\d+)\b")


def _split_comment(line: str, comment: re.Pattern[str]) -> tuple[str, str | None]:
    """A line without its trailing comment, and the comment."""
    found = comment.search(line)
    if not found:
        return line.rstrip(), None
    return line[: found.start()].rstrip(), found.group(1)


def _blocks(text: str, language: str) -> list[list[str]]:
    """The lines of every fenced block of ``language``."""
    return [block.splitlines() for block in re.findall(rf"^```{language}\n(.*?)^```$", text, re.S | re.M)]


def _example(source: str, command_line: str, output: list[str]) -> Example:
    """One example from its ``$`` line and the lines under it."""
    command, _ = _split_comment(command_line[2:], _SHELL_COMMENT)
    shown: list[str] = []
    exit_code = 0
    for line in output:
        content, comment = _split_comment(line, _OUTPUT_COMMENT)
        if comment and (code := _EXIT.match(comment)):
            exit_code = int(code.group(1))
        if content or comment is None:  # a line holding only a comment shows no output
            shown.append("…" if content.startswith("…") else content)
    while shown and not shown[-1]:
        shown.pop()
    return Example(source, command, tuple(shown), exit_code)


def examples(source: str) -> list[Example]:
    """Every ``$ command`` of every console block of ``source``, with what is shown under it."""
    examples: list[Example] = []
    for block in _blocks((ROOT / source).read_text(encoding="utf-8"), "console"):
        starts = [i for i, line in enumerate(block) if line.startswith("$ ")]
        assert starts and starts[0] == 0, f"a console block must start with a command: {block[0]!r}"
        for start, end in zip(starts, [*starts[1:], len(block)], strict=True):
            examples.append(_example(source, block[start], block[start + 1 : end]))
    return examples


def all_examples() -> list[Example]:
    return [example for source in SOURCES for example in examples(source)]


def readme_doctests() -> list[str]:
    return ["\n".join(block) + "\n" for block in _blocks(README.read_text(encoding="utf-8"), "python")]


# --- What each example needs ---------------------------------------------------------------------

BAD_TURTLE = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b ex:c ex:d .\n"  # 3:16


def _write_broken(work: Path) -> None:
    """broken.ttl: the Writer's performance without its actor, and the rules of the Zone moved to
    story position 7, where the meeting at the bar stands, without saying they are simultaneous."""
    scratch = work / ".scratch-broken"
    scratch.mkdir()
    copy = _copy_without(scratch, FG.performer, URIRef(PERSON + "anatoly-solonitsyn"))
    graph = filmgraph.parse_file(copy)
    rules = URIRef(EVENT + "rules-of-the-zone")
    assert graph.value(URIRef(EVENT + "meeting-at-bar"), FG.storyPosition) == Literal(7)
    assert graph.value(rules, FG.storyPosition) == Literal(8)
    graph.set((rules, FG.storyPosition, Literal(7)))
    (work / "broken.ttl").write_text(to_turtle(graph), encoding="utf-8")
    shutil.rmtree(scratch)


WRITER = "character:writer\n    a fg:Character"
#: The broken copies of the data folder, each with one mistake in the story graph.
COPIES = {
    "typo": _once("<https://w3id.org/filmgraph/ontology#>", "<https://w3id.org/filmgraph/ontolgy#>"),
    "property": _once("    fg:partOf ", "    fg:partof "),
    "class": _once("    a fg:FictionalPlace ;", "    a fg:FictionalPlase ;"),
    "person": _once(f"{WRITER} ;", f"{WRITER} , fg:Person ;"),
}


def _write_copies(work: Path) -> None:
    """typo/, property/, class/ and person/: the data folder with one mistake each."""
    for name, edit in COPIES.items():
        scratch = work / f".scratch-{name}"
        _broken_copy(scratch, edit)
        shutil.move(scratch / "data", work / name)
        shutil.rmtree(scratch)


@pytest.fixture(scope="module")
def workdirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The scratch folder of each file's examples; the README's with the inputs it describes."""
    folders = {source: tmp_path_factory.mktemp(source.replace("/", "-")) for source in SOURCES}
    work = folders["README.md"]
    _write_broken(work)
    _write_copies(work)
    (work / "bad.ttl").write_text(BAD_TURTLE, encoding="utf-8")
    project_copy(work)  # data/: where `link apply` adds the links it is given
    return folders


@pytest.fixture(scope="module")
def endpoint(oxigraph_endpoint_factory: StartOxigraph, bundled_nquads: Path) -> str:
    """The server of tests/test_query_endpoint.py: the bundled files, and each source in its graph."""
    return oxigraph_endpoint_factory([*BUNDLED_FILES, bundled_nquads])


@dataclass(frozen=True)
class Run:
    """How to run a README command here: more arguments, the standard input, files it must write."""

    extra: tuple[str, ...] = ()  # "wikidata" and "endpoint" stand for the local servers' URLs
    stdin: str | None = None
    writes: tuple[str, ...] = ()
    before: Callable[[Path], None] | None = None  # what a person does first, in the scratch folder
    exit_code: int | None = None  # where the local stand-in must answer otherwise (see its note)
    cwd: str = "."  # where in the scratch folder it runs
    serves: bool = False  # a server: started on a free port of 127.0.0.1 (--bind), the file's endpoint from then on


def _write_corpus(work: Path) -> None:
    """corpus/: what ``python benchmarks/corpus.py 3 corpus`` writes, 3 synthetic films."""
    write_corpus(3, work / "corpus")


def _write_mine(work: Path) -> None:
    """mine.ttl: someone's own data (the made-up film of the shape fixtures)."""
    shutil.copy(ROOT / "tests" / "shapes" / "valid" / "story.ttl", work / "mine.ttl")


def _approve_artemyev(work: Path) -> None:
    """The review a person makes of review.csv: the one candidate for Eduard Artemyev approved."""
    path = work / "review.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    marked = [row for row in rows if row["entity"] == "person:eduard-artemyev"]
    assert len(marked) == 1, rows
    marked[0]["approved"] = "yes"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


DIST = (*(f"dist/filmgraph.{ext}" for ext in ("ttl", "jsonld", "nt", "nq", "trig", "rdf")),
        "dist/context.jsonld", "dist/void.ttl", "dist/SHA256SUMS")
WIKIDATA = Run(extra=("--endpoint", "wikidata"))
#: Every command of the README this test knows how to run (a new example fails until it is here).
README_RUNS: dict[str, Run] = {
    "filmgraph validate": Run(),
    "filmgraph stats": Run(),
    "filmgraph validate broken.ttl": Run(),
    "filmgraph validate missing.ttl": Run(),
    "filmgraph validate bad.ttl": Run(),
    "filmgraph query --list": Run(),
    "filmgraph query events-in-place --param place=setting:industrial-complex --format md": Run(),
    "filmgraph query timeline --param order=screen --param lang=ru --format md": Run(),
    "filmgraph query cast --format csv --out cast.csv": Run(writes=("cast.csv",)),
    f"filmgraph query timeline --endpoint {README_ENDPOINT}": Run(),
    "filmgraph picture timeline --lang ru -o timeline-ru.svg": Run(writes=("timeline-ru.svg",)),
    "filmgraph query other-films-by-director --wikidata": WIKIDATA,
    "filmgraph link check": WIKIDATA,
    # The stand-in is the verified subset, which holds no cast statement (no actor's id is verified):
    # every performance is "not found", a check that found problems.
    "filmgraph link cast": Run(extra=WIKIDATA.extra, exit_code=1),
    "filmgraph link suggest --out review.csv": Run(extra=WIKIDATA.extra, writes=("review.csv",)),
    "filmgraph link apply review.csv": Run(extra=WIKIDATA.extra, before=_approve_artemyev),
    "filmgraph link quickstatements": WIKIDATA,
    "filmgraph export --out stalker.ttl": Run(writes=("stalker.ttl",)),
    "filmgraph export --format nt --data-only": Run(),
    "filmgraph export --frame film --out stalker.film.jsonld": Run(writes=("stalker.film.jsonld",)),
    "filmgraph export --all --out dist/": Run(writes=DIST),
    "filmgraph validate typo/stalker.ttl typo/stalker/*.ttl": Run(),
    "filmgraph validate typo/stalker.ttl": Run(),
    "filmgraph validate property/stalker.ttl property/stalker/*.ttl": Run(),
    "filmgraph validate class/stalker.ttl class/stalker/*.ttl": Run(),
    "filmgraph validate person/stalker.ttl person/stalker/*.ttl": Run(),
    ": | filmgraph validate -": Run(stdin=""),
    # A thousand films on one machine, tried on a generated corpus of 3 films
    "filmgraph validate corpus/data/*.ttl corpus/data/*/*.ttl": Run(before=_write_corpus),
    "filmgraph query timeline --data corpus/data/*.ttl corpus/data/*/*.ttl --film synthetic-film-2 --format csv": Run(),
    "filmgraph export --data corpus/data/*.ttl corpus/data/*/*.ttl --format nq --out corpus.nq": Run(
        writes=("corpus.nq",)),
    # A large corpus in a SPARQL store: the dump, bulk-loaded, served, and asked (at the store served here)
    "filmgraph export --format nq --with-union --out dump.nq": Run(writes=("dump.nq",)),
    "oxigraph load --location store --file dump.nq": Run(writes=("store",)),
    "oxigraph serve-read-only --location store": Run(serves=True),
    f"filmgraph query films --endpoint {README_ENDPOINT} --format csv": Run(),
    # Serving the graph, and publishing it to a store
    "filmgraph serve": Run(serves=True),
    f"filmgraph query crew --endpoint {README_ENDPOINT} --format csv": Run(),
    f"filmgraph publish --endpoint {README_STORE} --quiet": Run(),
    f"filmgraph publish --endpoint {README_STORE} --default-graph --quiet": Run(),
    "filmgraph site site/": Run(writes=("site/index.html", "site/.htaccess")),
}
KNOWN: dict[str, dict[str, Run]] = {
    "README.md": README_RUNS,
    "docs/export.md": {
        "filmgraph export --out stalker.ttl": Run(writes=("stalker.ttl",)),
        "filmgraph export --format jsonld > stalker.jsonld": Run(writes=("stalker.jsonld",)),
        "filmgraph export --data-only --format nt": Run(),
        "filmgraph export --data mine.ttl --format trig --graph https://example.org/graph/mine": Run(
            before=_write_mine
        ),
        "filmgraph export --frame film --out stalker.film.jsonld": Run(writes=("stalker.film.jsonld",)),
        "filmgraph export --all --out dist/": Run(writes=DIST),
        "filmgraph export --out stalker.csv": Run(),
        # after `export --all`, in dist/: the N-Quads and the Turtle export into one store
        "oxigraph load --location store --file filmgraph.nq --file filmgraph.ttl": Run(
            cwd="dist", writes=("dist/store",)
        ),
    },
    "docs/queries.md": {
        "filmgraph query events-in-place --param place=setting:room --param lang=ru --format tsv": Run(),
    },
}


def _argv(command: str, run: Run, work: Path, urls: dict[str, str]) -> tuple[list[str], str | None]:
    """The argument list of a command (globs expanded as a shell would, servers substituted), and
    the file its standard output is redirected to, if any."""
    words = shlex.split(command.removeprefix(": | "))
    programs = {"filmgraph": FILMGRAPH, "oxigraph": find_oxigraph()}
    assert words[0] in programs, command
    argv = [programs[words[0]]]
    redirect = None
    if len(words) > 2 and words[-2] == ">":
        words, redirect = words[:-2], words[-1]
    for word in words[1:]:
        if word == README_ENDPOINT:
            argv.append(urls["endpoint"])
        elif word == README_STORE:
            argv.append(urls["store"])
        elif any(c in word for c in "*?["):
            matches = sorted(glob.glob(word, root_dir=work))
            assert matches, f"{word} matches no file"
            argv.extend(matches)
        else:
            argv.append(word)
    argv.extend(urls.get(word, word) for word in run.extra)
    return argv, redirect


def _same_line(shown: str, actual: str) -> bool:
    """Whether a shown line is the actual one, a "…" inside it standing for any text."""
    if "…" not in shown:
        return shown == actual
    return re.fullmatch(".*".join(re.escape(part) for part in shown.split("…")), actual) is not None


def _same_lines(shown: list[str], actual: list[str]) -> bool:
    return len(shown) == len(actual) and all(_same_line(s, a) for s, a in zip(shown, actual, strict=True))


def _matches(shown: tuple[str, ...], actual: list[str]) -> bool:
    """Whether ``actual`` is what ``shown`` shows: the same lines, or, around "…" lines, each run of
    lines in order (the first at the start, the last at the end, unless "…" comes first or last)."""
    runs: list[list[str]] = [[]]
    for line in shown:
        if line == "…":
            runs.append([])
        else:
            runs[-1].append(line)
    if len(runs) == 1:
        return _same_lines(runs[0], actual)
    head, *middle, tail = runs
    if len(head) + len(tail) > len(actual):
        return False
    if not _same_lines(head, actual[: len(head)]) or not _same_lines(tail, actual[len(actual) - len(tail):]):
        return False
    at, end = len(head), len(actual) - len(tail)
    for chunk in middle:
        found = next(
            (i for i in range(at, end - len(chunk) + 1) if _same_lines(chunk, actual[i : i + len(chunk)])), None
        )
        if found is None:
            return False
        at = found + len(chunk)
    return True


# --- The tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES)
def test_every_example_is_known(source: str) -> None:
    commands = [example.command for example in examples(source)]
    assert len(commands) == len(set(commands)), "a command shown twice: give each example its own line"
    assert set(commands) == set(KNOWN[source])


def test_the_other_docs_have_no_console_example() -> None:
    """docs/wikidata.md is left out on purpose (see above); any other file with examples is added."""
    documented = {
        f"docs/{path.name}" for path in (ROOT / "docs").glob("*.md") if "```console" in path.read_text(encoding="utf-8")
    }
    assert documented - set(SOURCES) == {"docs/wikidata.md"}


Outcomes = dict[tuple[str, str], tuple[int, list[str]]]


@contextmanager
def _serving(argv: list[str], cwd: Path) -> Iterator[tuple[str, list[str]]]:
    """A server command started in the background on a free port of 127.0.0.1: its /query URL and
    the lines it printed on coming up (``filmgraph serve``'s last says Ctrl-C), the port written
    as the text's 7878. Stopped by its pid on exit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    log = cwd / f".server-{port}.log"
    ours = argv[0] == FILMGRAPH
    where = ["--port", str(port)] if ours else ["--bind", f"127.0.0.1:{port}"]
    with log.open("wb") as out:
        process = subprocess.Popen([*argv, *where], cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        assert wait_until_up(process, url, 30), log.read_text(encoding="utf-8", errors="replace")
        deadline = time.monotonic() + 10
        while ours and "Ctrl-C" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.05)
        yield url, log.read_text(encoding="utf-8").replace(f":{port}/", ":7878/").splitlines()
    finally:
        stop(process)


@pytest.fixture(scope="module")
def writable_store() -> Iterator[str]:
    """The writable store the README publishes to: a real ``oxigraph serve``, empty at first."""
    with oxigraph_server([]) as endpoint:
        yield endpoint.removesuffix("/query") + "/store"


@pytest.fixture(scope="module")
def outcomes(workdirs: dict[str, Path], endpoint: str, wikidata_endpoint: str,
             writable_store: str) -> Iterator[Outcomes]:
    """Every known command run once, in its file's order: its exit code and output lines."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("FILMGRAPH_")}
    results: Outcomes = {}
    served: dict[str, str] = {}  # the endpoint a file's own server command started, by file
    with ExitStack() as servers:
        for example in all_examples():
            run = KNOWN[example.source].get(example.command)
            if run is None:
                continue  # test_every_example_is_known names it
            urls = {"endpoint": served.get(example.source, endpoint), "wikidata": wikidata_endpoint,
                    "store": writable_store}
            _run_example(example, run, workdirs[example.source], urls, env, results, servers, served)
        yield results


def _run_example(
    example: Example, run: Run, work: Path, urls: dict[str, str], env: dict[str, str], results: Outcomes,
    servers: ExitStack, served: dict[str, str],
) -> None:
    """Run one example in its scratch folder and record its outcome (a server is left running)."""
    env["FILMGRAPH_CACHE_DIR"] = str(work / ".cache")
    if run.before is not None:
        run.before(work)
    argv, redirect = _argv(example.command, run, work / run.cwd, urls)
    if run.serves:
        served[example.source], lines = servers.enter_context(_serving(argv, work / run.cwd))
        results[example.source, example.command] = (0, lines)
        return
    proc = subprocess.run(
        argv, cwd=work / run.cwd, env=env, input=run.stdin or "",
        capture_output=True, text=True, timeout=300, check=False,
    )
    stdout = proc.stdout
    if redirect is not None:
        (work / run.cwd / redirect).write_text(stdout, encoding="utf-8")
        stdout = ""
    results[example.source, example.command] = (proc.returncode, (stdout + proc.stderr).splitlines())


@pytest.mark.parametrize("example", all_examples(), ids=lambda example: f"{example.source}: {example.command}")
def test_example(example: Example, outcomes: Outcomes, workdirs: dict[str, Path]) -> None:
    assert (example.source, example.command) in outcomes, f"not known to this test: {example.command}"
    code, lines = outcomes[example.source, example.command]
    assert not any(line.startswith("Traceback") for line in lines), "\n".join(lines)
    run = KNOWN[example.source][example.command]
    assert code == (example.exit_code if run.exit_code is None else run.exit_code), "\n".join(lines)
    for written in run.writes:
        path = workdirs[example.source] / written
        assert path.exists() and (any(path.iterdir()) if path.is_dir() else path.stat().st_size > 0), written
    if example.shown:
        assert _matches(example.shown, lines), "\n".join(lines)
    elif not run.writes:
        assert lines, "printed nothing"


def test_link_cast_names_each_performance(outcomes: Outcomes) -> None:
    """What the stand-in makes `link cast` say: each of the five performances, none confirmed."""
    _, lines = outcomes["README.md", "filmgraph link cast"]
    assert sum(line.startswith("  not found: ") for line in lines) == 5
    assert lines[-1].startswith("0 of 5 performance(s) confirmed")


def test_link_apply_added_the_approved_link(outcomes: Outcomes, workdirs: dict[str, Path]) -> None:
    """The approved row is checked at the stand-in and lands in the file of the Wikidata links, in data/."""
    _, lines = outcomes["README.md", "filmgraph link apply review.csv"]
    assert any(line.startswith("added skos:exactMatch wd:Q") and "to person:eduard-artemyev" in line for line in lines)
    links = filmgraph.parse_file(workdirs["README.md"] / "data" / "stalker" / "wikidata.ttl")
    artemyev = URIRef("https://w3id.org/filmgraph/person/eduard-artemyev")
    assert len(list(links.objects(artemyev, SKOS.exactMatch))) == 1


@pytest.mark.parametrize("source", readme_doctests())
def test_readme_python(source: str) -> None:
    test = doctest.DocTestParser().get_doctest(source, {}, "README", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
