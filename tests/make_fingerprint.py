"""Write the fingerprint of the plot summary the story graph is modelled from.

The repository never holds a copy of that summary (a third party's text). Tests that need it
work from this fingerprint instead, which reveals no text:

- ``sha256``: the SHA-256 (lower-case hex) of the file's UTF-8 text;
- ``length``: the text's length in Unicode code points;
- ``words``: for every word, its ``[start, end)`` code-point offsets in the text;
- ``runs``: the SHA-256 of every run of 8 consecutive words, joined by single spaces (sorted, no
  duplicates).

A word is what ``re.findall(r"[a-z0-9]+", text.lower())`` finds, the tokenisation of the project's
"no run of 8 words copied" rule: ASCII letters and digits, so any other character (a space,
punctuation, a non-ASCII letter) splits words. Run by hand when the source changes:

    python tests/make_fingerprint.py PATH-TO-SUMMARY > tests/fixtures/plot-summary.fingerprint.json
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

RUN = 8
WORD = re.compile(r"[a-z0-9]+")


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` for each word: offsets in ``text``, words as in ``text.lower()``.

    ``str.lower`` can change a text's length (one character may lower to two), so the search runs
    on the lowered text and each match is mapped back to the characters it came from.
    """
    lowered: list[str] = []
    origin: list[int] = []  # origin[i]: offset in text of the character lowered[i] came from
    for offset, char in enumerate(text):
        for lower in char.lower():
            lowered.append(lower)
            origin.append(offset)
    flat = "".join(lowered)
    return [(origin[m.start()], origin[m.end() - 1] + 1, m.group()) for m in WORD.finditer(flat)]


def run_hashes(words: list[str], n: int = RUN) -> set[str]:
    """SHA-256 (hex) of each run of ``n`` consecutive words, joined by single spaces."""
    return {hashlib.sha256(" ".join(words[i : i + n]).encode("utf-8")).hexdigest()
            for i in range(len(words) - n + 1)}


def fingerprint(text: str) -> dict:
    spans = word_spans(text)
    assert [w for _, _, w in spans] == WORD.findall(text.lower())
    return {
        "about": "Fingerprint of the plot summary the story graph is modelled from; written by "
                 "tests/make_fingerprint.py. Offsets are Unicode code points, [start, end).",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "length": len(text),
        "run_length": RUN,
        "words": [[start, end] for start, end, _ in spans],
        "runs": sorted(run_hashes([w for _, _, w in spans])),
    }


def read_source(path: Path) -> str:
    """The file's text exactly as stored: UTF-8, line endings untouched."""
    return path.read_bytes().decode("utf-8")


def dumps(data: dict) -> str:
    """JSON with one word span or run hash a line, so a change shows as a short diff."""
    head = {k: v for k, v in data.items() if k not in ("words", "runs")}
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('  "words": [')
    lines.append(",\n".join(f"    [{s}, {e}]" for s, e in data["words"]))
    lines.append("  ],")
    lines.append('  "runs": [')
    lines.append(",\n".join(f"    {json.dumps(h)}" for h in data["runs"]))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/make_fingerprint.py PATH-TO-SUMMARY", file=sys.stderr)
        return 2
    sys.stdout.write(dumps(fingerprint(read_source(Path(argv[0])))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
