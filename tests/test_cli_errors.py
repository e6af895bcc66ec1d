"""Every user error, in every subcommand and option, is one line on stderr and exit 2: argument
errors of the parser too, odd characters (line breaks, NUL, bytes that are not UTF-8) escaped,
huge values cut, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from servers import closed_port_url

from filmgraph.cli import main
from filmgraph.console import MAX_MESSAGE, one_line

NOT_UTF8 = os.fsdecode(b"\xff\xfe")  # what Python makes of such bytes in argv
HUGE = "x" * 100_000
CLOSED = closed_port_url()


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """main(argv) in this process: exit code (argparse's SystemExit included), stdout, stderr."""
    try:
        code = main(argv)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Check exit 2 with one short line on stderr and nothing on stdout; return the line."""
    code, out, err = run(argv, capsys)
    assert "Traceback" not in err, err
    assert (code, out) == (2, ""), (code, out, err)
    assert err.startswith("filmgraph: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert len(err) < MAX_MESSAGE + 200, len(err)
    return err.rstrip("\n")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """Odd paths: a folder, a missing file, binary garbage, a name with a line break, a CSV."""
    folder = tmp_path / "folder"
    folder.mkdir()
    garbage = tmp_path / "garbage.ttl"
    garbage.write_bytes(b"\xff\xfe\x00\x01 not turtle")
    broken_name = tmp_path / "a\nb.ttl"
    broken_name.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    review = tmp_path / "review.csv"
    review.write_text("entity,candidate_qid,approved\nperson:andrei-tarkovsky,Q853,yes\n", encoding="utf-8")
    query = tmp_path / "nul.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o \x00 }\n", encoding="utf-8")
    return {"folder": str(folder), "missing": str(tmp_path / "missing.ttl"), "garbage": str(garbage),
            "broken": str(broken_name), "review": str(review), "nulquery": str(query),
            "deep": str(tmp_path / "no" / "such" / "folder" / "out.csv")}


# Each case: argv (with {name} filled from the files fixture). The tag names the case in reports.
CASES: list[tuple[str, list[str]]] = [
    ("no command", []),
    ("unknown command", ["bogus"]),
    ("command with a line break", ["a\nb"]),
    ("command not UTF-8", [NOT_UTF8]),
    ("huge command", [HUGE]),
    ("unknown option", ["--frobnicate"]),
    ("link without subcommand", ["link"]),
    ("unknown link subcommand", ["link", "a\nb"]),
    ("removed --reference with a line break", ["link", "quickstatements", "--reference", "https://x\ny"]),
    ("extra argument with a line break", ["query", "cast", "extra\nargument"]),
    ("query without name", ["query"]),
    ("unknown query with a line break", ["query", "a\nb"]),
    ("unknown query not UTF-8", ["query", NOT_UTF8]),
    ("huge query name", ["query", HUGE]),
    ("huge --show", ["query", "--show", HUGE]),
    ("query folder", ["query", "{folder}"]),
    ("missing query file", ["query", "{missing}.rq"]),
    ("query with NUL", ["query", "{nulquery}"]),
    ("--show and a query", ["query", "cast", "--show", "cast"]),
    *[(f"--timeout {value!r}", ["query", "cast", "--timeout", value])
      for value in ("nan", "inf", "-inf", "-1", "0", "1e400", "86401", "", "2\n3", "soon", NOT_UTF8)],
    ("--format with a line break", ["query", "cast", "--format", "a\nb"]),
    ("--format for the wrong form", ["query", "cast", "--format", "turtle"]),
    ("unknown engine", ["query", "cast", "--engine", HUGE]),
    ("-p without =", ["query", "cast", "-p", "film"]),
    ("-p without a key", ["query", "cast", "-p", "=film:stalker-1979"]),
    ("-p unknown key", ["query", "cast", "-p", "nope=1"]),
    ("-p twice", ["query", "cast", "-p", "lang=en", "-p", "lang=ru"]),
    ("-p IRI with a space", ["query", "cast", "-p", "film=http://a b"]),
    ("-p IRI with a line break", ["query", "cast", "-p", "film=film:a\nb"]),
    ("-p IRI with NUL", ["query", "cast", "-p", "film=film:a\x00b"]),
    ("-p IRI not UTF-8", ["query", "cast", "-p", f"film=film:{NOT_UTF8}"]),
    ("-p huge IRI with a space", ["query", "cast", "-p", f"film=http://example.org/{HUGE} x"]),
    ("-p IRI of a prefix not declared", ["query", "cast", "-p", "film=nope:x y"]),
    ("--data folder", ["query", "cast", "--data", "{folder}"]),
    ("--data missing", ["query", "cast", "--data", "{missing}"]),
    ("--data garbage", ["query", "cast", "--data", "{garbage}"]),
    ("--data not UTF-8 name", ["query", "cast", "--data", NOT_UTF8]),
    ("--out in a missing folder", ["query", "cast", "--out", "{deep}"]),
    ("--out empty", ["query", "cast", "--out", ""]),
    ("--out huge", ["query", "cast", "--out", HUGE]),
    ("--endpoint with a line break", ["query", "cast", "--endpoint", "http://127.0.0.1/a\nb"]),
    ("--endpoint not http", ["query", "cast", "--endpoint", "file:///etc/passwd"]),
    ("--endpoint broken host", ["query", "cast", "--endpoint", "http://[::1"]),
    ("--endpoint with --engine", ["query", "cast", "--endpoint", CLOSED, "--engine", "rdflib"]),
    ("--no-ontology alone", ["query", "cast", "--no-ontology"]),
    ("--wikidata IRI with a space", ["query", "--wikidata", "birth-dates", "-p", "film=a b", "--endpoint", CLOSED]),
    ("--wikidata with --engine", ["query", "--wikidata", "birth-dates", "--engine", "rdflib", "--endpoint", CLOSED]),
    ("validate folder", ["validate", "{folder}"]),
    ("validate missing", ["validate", "{missing}"]),
    ("validate garbage", ["validate", "{garbage}"]),
    ("validate missing with a line break", ["validate", "{missing}\n.ttl"]),
    ("validate unknown format", ["validate", "--format", "a\nb"]),
    ("stats folder", ["stats", "{folder}"]),
    ("stats huge name", ["stats", HUGE]),
    ("fmt not Turtle", ["fmt", "--check", "{review}"]),
    ("fmt folder", ["fmt", "{folder}"]),
    ("export unknown extension", ["export", "--out", "out.a\nb"]),
    ("export folder", ["export", "-f", "nt", "--out", "{folder}"]),
    ("export --data folder", ["export", "--data", "{folder}"]),
    ("export --graph with a space", ["export", "--data", "{broken}", "--graph", "http://a b"]),
    ("export --graph without --data", ["export", "--graph", "http://example.org/g"]),
    ("export --film with a line break", ["export", "--frame", "film", "--film", "a\nb"]),
    ("export --context-url javascript", ["export", "-f", "jsonld", "--context-url", "javascript:alert(1)"]),
    ("export --base-url without --all", ["export", "--base-url", "https://example.org/"]),
    ("export --all to stdout", ["export", "--all"]),
    ("export --all into a file", ["export", "--all", "--out", "{review}"]),
    ("passages --source folder", ["passages", "--source", "{folder}"]),
    ("passages --source missing", ["passages", "--source", "{missing}"]),
    ("passages --of with a line break", ["passages", "--source", "{review}", "--of", "a\nb c"]),
    ("context --check and --write", ["context", "--check", "--write"]),
    ("link check endpoint with a line break", ["link", "check", "--endpoint", "http://a\nb"]),
    ("link check missing file", ["link", "check", "{missing}", "--endpoint", CLOSED]),
    ("link suggest into a folder", ["link", "suggest", "--endpoint", CLOSED, "--out", "{folder}"]),
    ("link suggest into a missing folder", ["link", "suggest", "--endpoint", CLOSED, "--out", "{deep}"]),
    ("link suggest huge --out", ["link", "suggest", "--endpoint", CLOSED, "--out", HUGE]),
    ("link apply missing", ["link", "apply", "{missing}", "--no-verify"]),
    ("link apply folder", ["link", "apply", "{folder}", "--no-verify"]),
    ("link apply garbage", ["link", "apply", "{garbage}", "--no-verify"]),
    ("link apply to N-Triples", ["link", "apply", "{review}", "--data", "x.nt", "--no-verify"]),
    ("link apply to a missing file", ["link", "apply", "{review}", "--data", "{missing}", "--no-verify"]),
    ("link quickstatements into a folder", ["link", "quickstatements", "--endpoint", CLOSED, "--out", "{folder}"]),
]


@pytest.mark.parametrize(("case", "argv"), CASES, ids=[case for case, _ in CASES])
def test_each_user_error_is_one_line(case: str, argv: list[str], files: dict[str, str],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    one_line_usage_error([arg.format(**files) if "{" in arg else arg for arg in argv], capsys)


def test_argument_errors_name_the_subcommand_and_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert one_line_usage_error(["query", "cast", "--timeout", "nan"], capsys) == (
        "filmgraph: query: argument --timeout: give a number of seconds above 0 and at most 86400, not 'nan' "
        "(see 'filmgraph query --help')"
    )
    assert one_line_usage_error(["link", "check", "--format", "x"], capsys) == (
        "filmgraph: link check: argument --format/-f: invalid choice: 'x' (choose from 'text', 'json') "
        "(see 'filmgraph link check --help')"
    )
    assert one_line_usage_error([], capsys) == (
        "filmgraph: the following arguments are required: COMMAND (see 'filmgraph --help')"
    )


def test_line_breaks_in_values_are_escaped_not_printed(files: dict[str, str],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    line = one_line_usage_error(["query", "cast", "extra\nargument"], capsys)
    assert line == "filmgraph: unrecognized arguments: extra\\nargument (see 'filmgraph --help')"
    line = one_line_usage_error(["validate", files["missing"] + "\n.ttl"], capsys)
    assert "missing.ttl\\n.ttl" in line


def test_huge_values_are_cut() -> None:
    assert one_line(HUGE) == "x" * MAX_MESSAGE + f"… ({100_000 - MAX_MESSAGE} more characters)"
    assert one_line("a\r\nb\x00c\u2028d\u202ee\x1b[31m") == "a\\r\\nb\\x00c\\u2028d\\u202ee\\x1b[31m"
    assert one_line("Сталкер — «Зона»") == "Сталкер — «Зона»"


@pytest.mark.parametrize(
    "argv",
    [
        [b"query", b"\xff\xfe"],
        [b"query", b"cast", b"-p", b"film=film:\xff"],
        [b"query", b"cast", b"--out", b"/nonexistent-folder/\xff.csv"],
        [b"validate", b"\xff.ttl"],
        [b"export", b"--data", b"\xc3\x28.ttl"],
        [b"\xff"],
    ],
)
def test_bytes_that_are_not_utf8_in_argv(argv: list[bytes]) -> None:
    proc = subprocess.run([sys.executable.encode(), b"-m", b"filmgraph", *argv], capture_output=True,
                          timeout=120, check=False)
    err = proc.stderr.decode("utf-8")  # what is printed is UTF-8 (the odd bytes escaped)
    assert "Traceback" not in err
    assert proc.returncode == 2 and proc.stdout == b""
    assert err.startswith("filmgraph: ") and err.count("\n") == 1, err
