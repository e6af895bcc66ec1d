"""Measuring text before drawing it, so that columns and boxes are sized to what they hold."""

from __future__ import annotations

from functools import cache
from typing import Literal

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from .svg import STYLE

_MEASURE = TextToPath()
POINTS_PER_INCH = 72.0


Style = Literal["normal", "italic", "oblique"]


@cache
def _font(size: float, style: Style, weight: str) -> FontProperties:
    return FontProperties(family=str(STYLE["font.family"]), size=size, style=style, weight=weight)


def text_width(text: str, size: float, style: Style = "normal", weight: str = "normal") -> float:
    """How wide ``text`` is, in inches, at ``size`` points in the pictures' font."""
    if not text:
        return 0.0
    width, _height, _descent = _MEASURE.get_text_width_height_descent(text, _font(size, style, weight), ismath=False)
    return float(width) / POINTS_PER_INCH


def widest(texts: list[str], size: float, style: Style = "normal", weight: str = "normal") -> float:
    """The width of the widest of ``texts`` (0 for none), in inches."""
    return max((text_width(t, size, style, weight) for t in texts), default=0.0)
