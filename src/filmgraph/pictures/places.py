"""The nesting of places: each place a box inside the box of the place it is part of (the Room inside
the complex inside the Zone), outermost regions side by side, coloured as in the timeline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch, Patch
from rdflib import URIRef

from ..engines import Engine
from .colours import FAINT, INK, colour, light
from .layout import widest
from .story import Place, Story, film_title, places, region_order
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
    used: bool
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


def _lines(place: Place, shown: int, told: int, lang: str) -> list[str]:
    """The box's text: the place's name, how many events are shown and told right there, where it was filmed."""
    lines = [place.thing.label]
    if shown:
        lines.append(word("places.shown_one" if shown == 1 else "places.shown", lang, n=shown))
    if told:
        lines.append(word("places.told_one" if told == 1 else "places.told", lang, n=told))
    if place.filmed_at and place.parent is None:
        lines.append(word("places.filmed", lang, where=place.filmed_at))
    return lines


def boxes(found: list[Place], told: Story, lang: str) -> list[Box]:
    """The outermost places' boxes, each holding its parts' boxes, in the order the film first shows or
    tells of each (a place's turn is its first event's on screen, or that of the first event inside it)."""
    shown_at: dict[URIRef, int] = defaultdict(int)
    told_at: dict[URIRef, int] = defaultdict(int)
    first: dict[URIRef, int] = {}
    parent = {p.thing.iri: p.parent for p in found}
    on_screen = sorted(told.events, key=lambda e: (e.screen is None, e.screen or 0, e.story))
    for index, event in enumerate(on_screen):
        for spot in event.places:
            (told_at if event.told else shown_at)[spot.iri] += 1
            around: URIRef | None = spot.iri
            while around is not None and around not in first:
                first[around] = index
                around = parent.get(around)
    found = sorted(found, key=lambda p: (first.get(p.thing.iri, len(told.events)), str(p.thing.iri)))
    made = {p.thing.iri: Box(p, _lines(p, shown_at[p.thing.iri], told_at[p.thing.iri], lang),
                             shown_at[p.thing.iri] + told_at[p.thing.iri] > 0) for p in found}
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
    used = box.used
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


def columns(roots: list[Box]) -> list[list[Box]]:
    """The outermost boxes in columns, in order, each column no taller than the tallest box (fitted first)."""
    limit = max((box.height for box in roots), default=0.0)
    stacks: list[list[Box]] = []
    for box in roots:
        if stacks and sum(b.height + GAP for b in stacks[-1]) + box.height <= limit:
            stacks[-1].append(box)
        else:
            stacks.append([box])
    return stacks


def render(title: str, roots: list[Box], tints: dict[URIRef, str], lang: str) -> str:
    """The nested boxes as SVG text, the outermost in columns."""
    for box in roots:
        box.fit(box.natural_width())
    stacks = columns(roots)
    for stack in stacks:  # a column's boxes share its width
        wide = max(b.natural_width() for b in stack)
        for box in stack:
            box.fit(wide)
    widths = [stack[0].width for stack in stacks]
    heights = [sum(b.height for b in stack) + GAP * (len(stack) - 1) for stack in stacks]
    width = max(MARGIN * 2 + sum(widths) + 2 * GAP * max(len(stacks) - 1, 0), 6.5)
    height = TOP + max(heights, default=0.0) + 0.6 + MARGIN
    with style():
        figure = new_figure(width, height)
        ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_axis_off()
        ax.text(MARGIN, 0.35, title, ha="left", va="center", fontsize=12, weight="bold", color=INK)
        x = MARGIN
        for stack in stacks:
            y = TOP
            for box in stack:
                _draw(ax, box, x, y, tints[box.place.thing.iri], 0)
                y += box.height + GAP
            x += stack[0].width + 2 * GAP
        handles = [Patch(facecolor="white", edgecolor=INK, linewidth=1.2, label=word("places.legend_used", lang)),
                   Patch(facecolor="white", edgecolor=FAINT, linewidth=0.8, linestyle=(0, (4, 2)),
                         label=word("places.legend_around", lang))]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(MARGIN, height - MARGIN),
                  bbox_transform=ax.transData, frameon=False, fontsize=SIZE, ncol=2, borderaxespad=0.0)
        return to_svg(figure, title)


def draw_places(engine: Engine, told: Story, lang: str) -> str:
    """The nesting of the places of the film ``told`` is read from (read through ``engine``), names in
    ``lang``, as SVG text."""
    roots = boxes(places(engine, told.film.iri, lang), told, lang)
    order = region_order(told)
    for box in roots:
        order.setdefault(box.place.thing.iri, len(order))
    title = word("places.title", lang, film=film_title(told))
    return render(title, roots, {b.place.thing.iri: colour(order[b.place.thing.iri]) for b in roots}, lang)
