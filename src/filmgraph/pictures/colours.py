"""The pictures' colours: one palette, given out in a fixed order so that a region keeps its colour."""

from __future__ import annotations

#: Muted, distinguishable on white and in grey print (from ColorBrewer's Set2 and Dark2).
PALETTE = ("#66a61e", "#7570b3", "#d95f02", "#1b9e77", "#e7298a", "#a6761d", "#e6ab02", "#666666")
SHOWN = "#3b6ea5"
TOLD = "#b5523b"
INK = "#222222"
FAINT = "#8a8a8a"
BAND = "#f1f1f1"


def colour(index: int) -> str:
    """The ``index``-th colour of the palette (it repeats past its end)."""
    return PALETTE[index % len(PALETTE)]


def light(hex_colour: str, amount: float = 0.75) -> str:
    """``hex_colour`` mixed with white (``amount`` 0: unchanged, 1: white), as ``#rrggbb``."""
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * amount) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)
