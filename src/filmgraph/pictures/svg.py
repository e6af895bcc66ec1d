"""matplotlib set up for pictures that are text-searchable, self-contained and byte-for-byte repeatable."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

#: Text stays text (no glyph paths, so no font is embedded and Russian is searchable), ids come from a
#: fixed salt instead of a random one, and the font is the one matplotlib ships (same metrics everywhere).
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "filmgraph",
    "svg.image_inline": True,
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.unicode_minus": True,
    "path.simplify": False,
    "text.parse_math": False,  # a name with dollar signs is a name, not TeX
    "text.usetex": False,
}
#: The DOCTYPE points at a DTD on the web: the only external reference matplotlib writes; dropped.
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*")


@contextmanager
def style() -> Iterator[None]:
    """Within the block, matplotlib draws with :data:`STYLE` (and nothing else of the user's rcParams)."""
    with matplotlib.rc_context(cast(Any, STYLE)):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` by ``height`` inches, on no screen (no pyplot, no global state)."""
    figure = Figure(figsize=(width, height))
    FigureCanvasSVG(figure)
    return figure


def to_svg(figure: Figure, title: str) -> str:
    """The figure as SVG text: no date, no creator URL, no DOCTYPE; ``title`` as its metadata title."""
    buffer = io.StringIO()
    with style():
        figure.savefig(buffer, format="svg", metadata={"Title": title, "Date": None, "Creator": "filmgraph",
                                                       "Type": None, "Format": None})
    return _DOCTYPE.sub("", buffer.getvalue(), count=1)
