"""Hostile input files: every case ends with one line on stderr and exit 2, within a memory ceiling.

Each command runs in a subprocess whose address space is capped at 1 GiB (RLIMIT_AS) and whose
peak resident memory is read back; the timeout is only a safety net, no time is asserted.
"""

from __future__ import annotations

import os
import re
import resource
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

#: Address-space ceiling of each run (the brief's 1 GiB), and the peak resident memory allowed.
CEILING = 2**30
PEAK_MB = 200

#: Runs the CLI and writes its peak resident memory (KiB) to the file named by $PEAK_OUT at exit: the
#: process's own VmHWM, since getrusage's ru_maxrss in a forked child counts the test session's memory too.
_WRAPPER = (
    "import atexit, os, re, sys\n"
    "atexit.register(lambda: open(os.environ['PEAK_OUT'], 'w').write("
    "re.search(r'VmHWM:\\s*(\\d+) kB', open('/proc/self/status', encoding='ascii').read()).group(1)))\n"
    "from filmgraph.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_HEAD = '<?xml version="1.0"?>\n'
XML_ROOT = f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://example.org/">\n'
XML_BODY = '<rdf:Description rdf:about="http://example.org/a"><ex:p>{}</ex:p></rdf:Description>\n</rdf:RDF>\n'


@dataclass
class Run:
    """What one CLI run did."""

    code: int
    out: str
    err: str
    peak_mb: float


def _ceiling() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CEILING, CEILING))


def run(tmp_path: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Run:
    """``filmgraph ARGS`` under the memory ceiling."""
    peak = tmp_path / "peak.txt"
    proc = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *args], input=stdin, capture_output=True, timeout=300, check=False,
        preexec_fn=_ceiling, env={**os.environ, "PEAK_OUT": str(peak), **(env or {})},
    )
    peak_mb = int(peak.read_text()) / 1024 if peak.exists() else float("nan")
    return Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"), peak_mb)


def refused(result: Run) -> str:
    """The one line of a refusal: exit 2, no traceback, bounded memory."""
    assert "Traceback" not in result.err, result.err
    lines = result.err.splitlines()
    assert result.code == 2, result.err
    assert len(lines) == 1, result.err
    assert result.peak_mb < PEAK_MB, f"peak {result.peak_mb:.0f} MB"
    assert result.out == ""
    return lines[0]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- RDF/XML: entities are refused before any expansion ---------------------------------------------


def billion_laughs() -> str:
    """The classic XML bomb: ten levels of ten references, 10^9 copies of "lol" from 1 KB."""
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + ("" if i == 1 else str(i - 1)) + ";") * 10}">' for i in range(1, 10)
    ]
    return XML_HEAD + "<!DOCTYPE rdf:RDF [\n" + "\n".join(entities) + "]>\n" + XML_ROOT + XML_BODY.format("&lol9;")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        # spun at 100 % CPU without end before (rdflib appends the expansion piece by piece)
        ("laughs.rdf", billion_laughs(), ":3:14: the entity declaration 'lol' is refused"),
        # 130 KB, one entity used 10,000 times: 1.6 GB before, while pyoxigraph re-read it to place the error
        ("big-entity.rdf", XML_HEAD + f'<!DOCTYPE rdf:RDF [<!ENTITY big "{"x" * 80000}">]>\n' + XML_ROOT
         + XML_BODY.format("&big;" * 10000), ":2:33: the entity declaration 'big' is refused"),
        ("external.rdf", XML_HEAD + '<!DOCTYPE rdf:RDF [<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n' + XML_ROOT
         + XML_BODY.format("&ext;"), "the entity declaration 'ext' is refused"),
        ("parameter.rdf", XML_HEAD + '<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n'
         + XML_ROOT + XML_BODY.format("x"), "the entity declaration 'p' is refused"),
        ("deep.rdf", XML_HEAD + XML_ROOT + '<rdf:Description rdf:about="http://example.org/a">'
         + "<ex:p><rdf:Description>" * 5000 + "</rdf:Description></ex:p>" * 5000 + "</rdf:Description></rdf:RDF>\n",
         "elements nested more than 1000 deep"),
    ],
)
def test_xml_bombs_are_refused_before_expansion(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = write(tmp_path, name, content)
    line = refused(run(tmp_path, "validate", str(path)))
    assert line.startswith(f"filmgraph: {path}:") and expected in line
    assert "root:" not in line  # nothing of /etc/passwd


def test_an_external_dtd_is_refused_and_never_fetched(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/rdf.dtd"
        path = write(tmp_path, "dtd.rdf", XML_HEAD + f'<!DOCTYPE rdf:RDF SYSTEM "{url}">\n' + XML_ROOT
                     + XML_BODY.format("x"))
        line = refused(run(tmp_path, "validate", str(path)))
        assert f"the reference to '{url}' is refused" in line
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected


def test_rdf_xml_with_a_plain_doctype_is_still_read(tmp_path: Path) -> None:
    path = write(tmp_path, "plain.rdf", XML_HEAD + "<!DOCTYPE rdf:RDF>\n" + XML_ROOT + XML_BODY.format("x"))
    result = run(tmp_path, "export", "--data", str(path), "--format", "nt")
    assert result.code == 0, result.err
    assert result.out == '<http://example.org/a> <http://example.org/p> "x" .\n'


# --- IRIs and text that no strict parser or writer takes ---------------------------------------------

S, P = "<http://example.org/s>", "<http://example.org/p>"
JSONLD_HEAD = '{"@id": "http://example.org/a", "http://example.org/p": '
# Positions below: S, P and two spaces fill columns 1-46, so a literal's quote is at column 47 and
# pyoxigraph points at the escape (49), the datatype IRI (52) or the language tag (51).


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("space.ttl", f"<http://example.org/a b> {P} 1 .\n",
         ":1:1: the IRI <http://example.org/a b> is not valid: Invalid IRI code point ' '"),
        ("nul.ttl", f"<http://example.org/a\\u0000> {P} 1 .\n",
         ":1:1: the IRI <http://example.org/a\\u0000> is not valid: Invalid IRI code point '\\u0000'"),
        ("host.ttl", f"<http://[::1/a> {P} 1 .\n", ":1:1: the IRI <http://[::1/a> is not valid: Invalid character '['"),
        ("surrogate.ttl", f'{S} {P} "x\\uD800y" .\n', ':1:49: the literal "x\\uD800y" is not valid'),
        ("datatype.ttl", f'{S} {P} "x"^^<http://example.org/a b> .\n',
         ":1:52: the datatype IRI <http://example.org/a b>"),
        ("language.ttl", f'{S} {P} "x"@abcdefghij .\n', ":1:51: the language tag @abcdefghij is not valid"),
        ("graph.trig", f'<http://example.org/g\\u0020h> {{ {S} {P} "x" . }}\n',
         ":1:1: the IRI <http://example.org/g h>"),
        ("space.rdf", XML_HEAD + XML_ROOT + '<rdf:Description rdf:about="http://example.org/a b"><ex:p>x</ex:p>'
         "</rdf:Description></rdf:RDF>\n", ":3:29: the IRI <http://example.org/a b> is not valid"),
        # pyld would drop this statement without a word (the file then held "no statements")
        ("space.jsonld", '{"@id": "http://example.org/a b", "http://example.org/p": "x"}',
         ":1:10: the IRI <http://example.org/a b> is not valid"),
        ("type.jsonld", '{"@id": "http://example.org/a", "@type": "http://example.org/A\\u0000"}',
         "the IRI <http://example.org/A\\u0000> is not valid"),
        ("surrogate.jsonld", '{"@id": "http://example.org/a", "http://example.org/p": "x\\ud800"}',
         'the literal "x\\uD800" is not valid: it holds the lone surrogate U+D800'),
        ("language.jsonld", JSONLD_HEAD + '{"@value": "x", "@language": "a b"}}',
         "the language tag @a b is not valid"),
    ],
)
def test_bad_iris_and_text_are_refused_where_they_are(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = write(tmp_path, name, content)
    for command in (("validate", str(path)), ("export", "--data", str(path), "--format", "nt")):
        line = refused(run(tmp_path, *command))
        assert line.startswith(f"filmgraph: {path}") and expected in line, line


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("relative.ttl", f'<a> {P} "x" .\n'),
        ("relative.rdf", XML_HEAD + XML_ROOT + '<rdf:Description rdf:about="a"><ex:p>x</ex:p></rdf:Description>'
         "</rdf:RDF>\n"),
    ],
)
def test_relative_iris_resolve_against_the_file_not_the_working_folder(tmp_path: Path, name: str,
                                                                       content: str) -> None:
    path = write(tmp_path, name, content)
    result = run(tmp_path, "export", "--data", str(path), "--format", "nt")  # run in the project folder
    assert result.code == 0, result.err
    assert result.out == f'<{(tmp_path / "a").as_uri()}> {P} "x" .\n'


# --- JSON -------------------------------------------------------------------------------------------



@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("number.jsonld", JSONLD_HEAD + "9" * 5000 + "}",
         ":1:57: a number of 5000 digits; filmgraph reads numbers of at most 4300 digits"),
        ("arrays.jsonld", JSONLD_HEAD + "[" * 100000 + "]" * 100000 + "}", ": JSON nested too deeply to read"),
        ("objects.jsonld", JSONLD_HEAD + '{"a": ' * 100000 + "1" + "}" * 100000 + "}",
         ": JSON nested too deeply to read"),
        ("lists.jsonld", JSONLD_HEAD + '{"@list": [' * 400 + "1" + "]}" * 400 + "}", "nested too deeply"),
        ("nan.jsonld", JSONLD_HEAD + "NaN}", ":1:57: NaN is not a JSON value"),
        ("passwd.jsonld", '{"@context": "file:///etc/passwd", "@id": "http://example.org/a", "p": "x"}',
         ": refusing to fetch the JSON-LD document file:///etc/passwd"),
        ("import.jsonld", '{"@context": {"@version": 1.1, "@import": "file:///etc/passwd"}, "@id": "http://example.org/a"}',
         ": refusing to fetch the JSON-LD document file:///etc/passwd"),
    ],
)
def test_hostile_json_ld(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = write(tmp_path, name, content)
    line = refused(run(tmp_path, "validate", str(path)))
    assert line.startswith(f"filmgraph: {path}") and expected in line, line
    assert "root:" not in line


# --- size -------------------------------------------------------------------------------------------


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.ttl"
    with path.open("wb") as handle:  # 1 GiB, sparse: nothing is written to disk
        handle.truncate(2**30)
    line = refused(run(tmp_path, "validate", str(path)))
    assert line == (f"filmgraph: {path}: larger than 1 MiB, the cap on one input; "
                    "set FILMGRAPH_MAX_INPUT_MB to read larger files")


def test_an_endless_device_is_read_only_up_to_the_cap(tmp_path: Path) -> None:
    line = refused(run(tmp_path, "validate", "/dev/zero", env={"FILMGRAPH_MAX_INPUT_MB": "2"}))
    assert line.startswith("filmgraph: /dev/zero: larger than 2 MiB, the cap on one input")


def test_the_cap_applies_to_standard_input_and_query_files(tmp_path: Path) -> None:
    one_literal = f'{S} {P} "{"x" * 5000}" .\n'.encode()
    small = {"FILMGRAPH_MAX_INPUT_MB": "0.004"}  # 4194 bytes
    line = refused(run(tmp_path, "validate", "-", stdin=one_literal, env=small))
    assert line.startswith("filmgraph: <stdin>: larger than 4,194 bytes, the cap on one input")
    query = write(tmp_path, "big.rq", "SELECT * WHERE { ?s ?p ?o }\n" + "#" * 5000 + "\n")
    assert "big.rq: larger than 4,194 bytes" in refused(run(tmp_path, "query", str(query), env=small))
    under = run(tmp_path, "export", "--data", "-", "--format", "nt", stdin=one_literal[:3000], env=small)
    assert under.code == 2 and "larger than" not in under.err  # read (then a syntax error: the literal was cut)


def test_a_wrong_cap_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "one.ttl", f"{S} {P} 1 .\n")
    line = refused(run(tmp_path, "validate", str(path), env={"FILMGRAPH_MAX_INPUT_MB": "lots"}))
    assert line == "filmgraph: FILMGRAPH_MAX_INPUT_MB=lots: give the size cap in MiB, a positive number"


# --- Turtle and N-Triples ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("collections.ttl", f"{S} {P} " + "(" * 20000 + ")" * 20000 + " .\n"),
        ("blank-nodes.ttl", f"{S} {P} " + f"[ {P} " * 20000 + "1" + " ]" * 20000 + " .\n"),
    ],
)
def test_deep_nesting_in_turtle(tmp_path: Path, name: str, content: str) -> None:
    """rdflib's recursive parser refuses the file in one line; pyoxigraph's, which nests without
    recursion and which validate reads files with, reads it in bounded memory and checks it."""
    path = write(tmp_path, name, content)
    line = refused(run(tmp_path, "export", "--data", str(path), "--format", "turtle"))
    assert line == (f"filmgraph: {path}: nested too deeply to read (collections or blank nodes inside one another, "
                    "hundreds of levels deep)")
    checked = run(tmp_path, "validate", str(path))
    assert "Traceback" not in checked.err and checked.err == "", checked.err
    assert checked.code == 1 and checked.peak_mb < PEAK_MB  # example.org/p is a term no vocabulary declares
    assert "<http://example.org/p>" in checked.out


def test_invalid_utf8_is_refused_at_its_byte(tmp_path: Path) -> None:
    before = f'{S} {P} "'.encode()
    path = write(tmp_path, "latin1.nt", before + b'\xe9t\xe9" .\n')  # Latin-1, not UTF-8
    assert refused(run(tmp_path, "validate", str(path))) == (
        f"filmgraph: {path}: not UTF-8 text (invalid continuation byte at byte {len(before)})"  # counted from 0
    )


@pytest.mark.parametrize("name", ["bom.ttl", "bom.nt"])
def test_a_byte_order_mark_is_no_content(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, "\ufeff" + f'{S} {P} "x" .\n')
    result = run(tmp_path, "export", "--data", str(path), "--format", "nt")
    assert result.code == 0, result.err
    assert result.out == f'{S} {P} "x" .\n'


def test_a_trig_file_with_thousands_of_graphs(tmp_path: Path) -> None:
    graphs = "".join(f"<http://example.org/g{i}> {{ {S} {P} {i} . }}\n" for i in range(5000))
    path = write(tmp_path, "graphs.trig", graphs)
    result = run(tmp_path, "export", "--data", str(path), "--format", "nq")
    assert result.code == 0, result.err
    assert result.peak_mb < PEAK_MB
    names = set(re.findall(r"<http://example.org/g(\d+)> \.$", result.out, re.MULTILINE))
    assert names == {str(i) for i in range(5000)}


# --- queries ----------------------------------------------------------------------------------------


def test_deeply_nested_query_is_refused_not_a_crash(tmp_path: Path) -> None:
    """3,000 nested groups crashed pyoxigraph's parser (SIGSEGV) before."""
    deep = write(tmp_path, "deep.rq", "SELECT * WHERE { " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000 + " }\n")
    column = len("SELECT * WHERE { ") + 2 * 99 + 1  # the 101st open bracket: WHERE's and 100 more
    line = refused(run(tmp_path, "query", str(deep)))
    assert line == f"filmgraph: {deep}:1:{column}: brackets nested more than 100 deep"
    fine = write(tmp_path, "fine.rq", "SELECT * WHERE { " + "{ " * 50 + "?s ?p ?o" + " }" * 50 + " } LIMIT 1\n")
    result = run(tmp_path, "query", str(fine), "--format", "csv")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "o,p,s"
