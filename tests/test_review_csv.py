"""The review file of `link apply` is read strictly: a broken row is `FILE:LINE: problem`, exit 2,
and nothing written; it never swallows or skips the rows after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from link_support import TARKOVSKY, data_copy, relink, wd
from rdflib.namespace import SKOS

from filmgraph.cli import main
from filmgraph.errors import InputError
from filmgraph.graph import parse_file
from filmgraph.guards import csv_rows
from filmgraph.links import REVIEW_COLUMNS

HEADER = ",".join(REVIEW_COLUMNS) + "\r\n"
APPROVED = "person:andrei-tarkovsky,Andrei Tarkovsky,Q853,Andrei Tarkovsky,Soviet film director,1.00,label,yes\r\n"


def apply(tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: str) -> tuple[int, str, bool]:
    """Apply a review file with ``rows`` under the header to data lacking Tarkovsky's link.

    Returns the exit code, stderr and whether the data file is unchanged.
    """
    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    before = data.read_bytes()
    sheet = tmp_path / "review.csv"
    sheet.write_bytes((HEADER + rows).encode("utf-8"))
    code = main(["link", "apply", str(sheet), "--data", str(data), "--no-verify"])
    return code, capsys.readouterr().err, data.read_bytes() == before


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # the quote opening the label swallowed the approved row below it: "no approved rows", exit 0 before
        ('person:eduard-artemyev,"Eduard Artemyev,Q999999916,x,y,0.50,label,\r\n' + APPROVED,
         "review.csv:2: not valid CSV (unexpected end of data)"),
        # an unterminated quote in the last row
        (APPROVED.replace(",yes", ',"yes'), "review.csv:2: not valid CSV (unexpected end of data)"),
        # closed again on the next line: one cell over two rows
        ('person:eduard-artemyev,"Eduard Artemyev,Q999999916,x,y,0.50,label,\r\n'
         'person:x,y",Q999999901,a,b,1.00,c,yes\r\n',
         "review.csv:2: a quoted cell runs over lines 2-3"),
        ('person:andrei-tarkovsky,"Andrei\nTarkovsky",Q853,a,b,1.00,c,yes\r\n',
         "review.csv:2: a quoted cell runs over"),
        (APPROVED + "person:andrei-tarkovsky,Andrei, Tarkovsky,Q853,a,b,1.00,c,yes\r\n",
         "review.csv:3: 9 cells where the header has 8"),
        ("person:andrei-tarkovsky,Andrei Tarkovsky,Q853,yes\r\n", "review.csv:2: 4 cells where the header has 8"),
        ('person:andrei-tarkovsky,"Andrei" Tarkovsky,Q853,a,b,1.00,c,yes\r\n', "review.csv:2: not valid CSV"),
        (f'person:andrei-tarkovsky,"{"x" * 200000}",Q853,a,b,1.00,c,yes\r\n', "review.csv:2: a cell longer than"),
    ],
)
def test_broken_rows_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: str, expected: str) -> None:
    code, err, unchanged = apply(tmp_path, capsys, rows)
    assert code == 2
    assert len(err.splitlines()) == 1 and expected in err, err
    assert "Traceback" not in err and unchanged


def test_quoted_cells_blank_lines_and_a_bom_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ('person:eduard-artemyev,"Artemyev, Eduard ""the composer""",Q999999916,x,y,0.50,label,no\r\n'
            "\r\n" + APPROVED)
    data = data_copy(tmp_path, relink(TARKOVSKY, None))
    sheet = tmp_path / "review.csv"
    sheet.write_bytes(("\ufeff" + HEADER + rows).encode("utf-8"))
    assert main(["link", "apply", str(sheet), "--data", str(data), "--no-verify"]) == 0, capsys.readouterr().err
    assert (TARKOVSKY, SKOS.exactMatch, wd("Q853")) in parse_file(data)


def test_rows_keep_their_line_numbers() -> None:
    text = 'a,b\n1,"x, y"\n\n2,"z ""q"""\n'
    assert csv_rows(text, "t.csv") == [(1, ["a", "b"]), (2, ["1", "x, y"]), (4, ["2", 'z "q"'])]
    with pytest.raises(InputError, match=r"^t\.csv: empty, without even a header row$"):
        csv_rows("\n\n", "t.csv")
