"""Cells of CSV files written for a person to open in a spreadsheet, safe from formula injection.

A spreadsheet reads a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab, carriage return
or NUL) as a formula: text from an endpoint such as ``=HYPERLINK("http://…")`` would become a live
link or worse (OWASP, "CSV Injection"; ASVS 1.2.10). Such a cell gets a leading single quote,
which spreadsheets take as "this is text". A cell that itself starts with a quote gets one more,
so that :func:`from_cell` (remove exactly one leading quote, if any) gives back every text as it
was. A line break in a cell becomes a space (:func:`single_line`): the review file's reader
refuses cells over several lines, where a stray quote would hide the rows below. SPARQL results
written as CSV are a W3C format read by programs: they are never changed.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\r\n|[\r\n]")

#: First characters that make a spreadsheet cell a formula, plus the quote that escapes them.
ESCAPED_FIRST = ("=", "+", "-", "@", "\t", "\r", "\0", "'")


def to_cell(text: str) -> str:
    """``text`` as a spreadsheet cell: a leading quote added if it starts with one of ESCAPED_FIRST."""
    return "'" + text if text.startswith(ESCAPED_FIRST) else text


def single_line(text: str) -> str:
    """``text`` with each line break (CR, LF or CRLF) made a space, for a cell on one line."""
    return _LINE_BREAK.sub(" ", text)


def from_cell(text: str) -> str:
    """The text of a cell written by :func:`to_cell`: one leading quote removed, if there is one."""
    return text[1:] if text.startswith("'") else text
