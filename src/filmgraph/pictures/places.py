"""The nesting of places: each place a box inside the box of the place it is part of (the Room inside
the complex inside the Zone), outermost regions side by side, coloured as in the timeline."""

from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch, Patch
from rdflib import URIRef

from ..engines import Engine
from .colours import FAINT, INK, colour, light
from .layout import widest
from .story import Place, film_of, places, story
from .svg import new_figure, style, to_svg
from .words import word

SIZE = 9.0
LINE = 0.2  # inches per line of text
PAD = 0.12
GAP = 0.1
MARGIN = 0.3
TOP = 0.8


@dataclass
class Box:
    """A place's box: its lines of text, the boxes inside it, and its size once laid out."""

    place: Place
    lines: list[str]
    inside: list[Box] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0

    def natural_width(self) -> float:
        """The narrowest width that fits its text and, with padding, its widest inner box."""
        own = widest(self.lines[:1], SIZE, weight="bold") if self.lines else 0.0
        notes = widest(self.lines[1:], SIZE - 1.5)
        inner = max((b.natural_width() for b in self.inside), default=0.0)
        return max(own, notes, inner + (2 * PAD if self.inside else 0.0)) + 2 * PAD

    def fit(self, width: float) -> float:
        """Give the box ``width`` (its inner boxes the same, less padding) and return its height."""
        self.width = width
        header = PAD + LINE * len(self.lines) + PAD / 2
        body = sum(b.fit(width - 2 * PAD) + GAP for b in self.inside) + (PAD / 2 if self.inside else 0.0)
        self.height = header + body
        return self.height


def _lines(place: Place, lang: str) -> list[str]:
    lines = [place.thing.label]
    if place.events:
        lines.append(word("places.one_event", lang) if place.events == 1 else word("places.events", lang,
                                                                                    n=place.events))
    if place.filmed_at and place.parent is None:
        lines.append(word("places.filmed", lang, where=place.filmed_at))
    return lines


def boxes(found: list[Place], lang: str) -> list[Box]:
    """The outermost places' boxes, each holding its parts' boxes (in the order the places came)."""
    made = {p.thing.iri: Box(p, _lines(p, lang)) for p in found}
    roots = []
    for place in found:
        box = made[place.thing.iri]
        if place.parent is not None and place.parent in made:
            made[place.parent].inside.append(box)
        else:
            roots.append(box)
    return roots


def _draw(ax: Axes, box: Box, x: float, y: float, tint: str, depth: int) -> None:
    """Draw ``box`` with its top-left corner at (x, y) (y grows downwards), then its inner boxes."""
    used = box.place.events > 0
    ax.add_patch(FancyBboxPatch((x, y), box.width, box.height, boxstyle="round,pad=0,rounding_size=0.06",
                                facecolor=light(tint, max(0.2, 0.85 - 0.2 * depth)), edgecolor=INK if used else FAINT,
                                linewidth=1.2 if used else 0.8, linestyle="-" if used else (0, (4, 2)), zorder=depth))
    line_y = y + PAD + LINE / 2
    for index, text in enumerate(box.lines):
        ax.text(x + PAD, line_y, text, ha="left", va="center", zorder=depth + 1, color=INK if index == 0 else "#444444",
                fontsize=SIZE if index == 0 else SIZE - 1.5, weight="bold" if index == 0 else "normal")
        line_y += LINE
    inner_y = y + PAD + LINE * len(box.lines) + PAD / 2
    for inner in box.inside:
        _draw(ax, inner, x + PAD, inner_y, tint, depth + 1)
        inner_y += inner.height + GAP


def render(title: str, roots: list[Box], tints: list[str], lang: str) -> str:
    """The nested boxes as SVG text, the outermost side by side."""
    widths = [box.natural_width() for box in roots]
    heights = [box.fit(w) for box, w in zip(roots, widths, strict=True)]
    width = max(MARGIN * 2 + sum(widths) + GAP * 2 * max(len(roots) - 1, 0), 6.0)
    height = TOP + max(heights, default=0.0) + 0.7 + MARGIN
    with style():
        figure = new_figure(width, height)
        ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_axis_off()
        ax.text(MARGIN, 0.35, title, ha="left", va="center", fontsize=12, weight="bold", color=INK)
        x = MARGIN
        for box, tint in zip(roots, tints, strict=True):
            _draw(ax, box, x, TOP, tint, 0)
            x += box.width + 2 * GAP
        handles = [Patch(facecolor="white", edgecolor=INK, linewidth=1.2, label=word("places.legend_used", lang)),
                   Patch(facecolor="white", edgecolor=FAINT, linewidth=0.8, linestyle=(0, (4, 2)),
                         label=word("places.legend_around", lang))]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(MARGIN, height - MARGIN),
                  bbox_transform=ax.transData, frameon=False, fontsize=SIZE, ncol=2, borderaxespad=0.0)
        return to_svg(figure, title)


def draw_places(engine: Engine, film: URIRef, lang: str) -> str:
    """The nesting of ``film``'s places, read through ``engine``, names in ``lang``, as SVG text."""
    name, year = film_of(engine, film, lang)
    order: dict[URIRef, int] = {}
    for event in story(engine, film, lang).events:  # regions coloured in the timeline's order
        for region in event.regions:
            order.setdefault(region.iri, len(order))
    roots = boxes(places(engine, film, lang), lang)
    for box in roots:
        order.setdefault(box.place.thing.iri, len(order))
    roots.sort(key=lambda b: order[b.place.thing.iri])
    title = word("places.title", lang, film=f"{name.label} ({year})" if year else name.label)
    return render(title, roots, [colour(order[b.place.thing.iri]) for b in roots], lang)
