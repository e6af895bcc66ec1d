"""The characters' network: each character a node (sized by the events they are in), each relation an
arrow named by its kind, and each pair sharing events a line as thick as the number of them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from rdflib import URIRef

from ..engines import Engine
from .colours import INK, SHOWN, TOLD
from .layout import text_width, widest
from .placing import Area, Label, Point, border, place
from .story import Story, Thing, Tie, film_title, relations, shared
from .svg import new_figure, style, to_svg
from .words import word

WIDTH, HEIGHT, MARGIN = 10.0, 7.5, 0.35
NODE, ALONE = "#f6e8c3", "#e3e3e3"  # a character's box; grey: linked to no one
SIZE = 9.0


def one_way(ties: list[Tie]) -> list[tuple[Tie, bool]]:
    """Each relation once: a symmetric one (stated both ways with the same name) without an arrow; of a
    relation and its inverse (parent of / child of), the one read from the character whose IRI sorts first."""
    stated = {(t.source.iri, t.relation, t.target.iri) for t in ties}
    pairs_with: dict[frozenset[URIRef], set[URIRef]] = {}
    for tie in ties:
        pairs_with.setdefault(frozenset((tie.source.iri, tie.target.iri)), set()).add(tie.source.iri)
    kept = []
    for tie in ties:
        symmetric = (tie.target.iri, tie.relation, tie.source.iri) in stated
        both_ways = len(pairs_with[frozenset((tie.source.iri, tie.target.iri))]) > 1
        if (symmetric or both_ways) and str(tie.source.iri) > str(tie.target.iri):
            continue
        kept.append((tie, symmetric))
    return kept


@dataclass
class Link:
    """What joins two characters in the drawing: their relations (read from ``source``; ``directed``
    unless every one is symmetric) and the events they share on screen and in told stories."""

    source: Thing
    target: Thing
    relations: list[str] = field(default_factory=list)
    directed: bool = False
    shown: int = 0
    told: int = 0


def links(ties: list[Tie], scenes: list[Tie]) -> list[Link]:
    """One link per pair of characters, relations and shared events together, in a fixed order."""
    found: dict[frozenset[URIRef], Link] = {}
    for tie, symmetric in one_way(ties):
        link = found.setdefault(frozenset((tie.source.iri, tie.target.iri)), Link(tie.source, tie.target))
        if link.source.iri != tie.source.iri:  # a second relation read the other way: keep both names
            link.relations.append(f"{tie.relation} ←")
        else:
            link.relations.append(tie.relation or "")
        link.directed = link.directed or not symmetric
    for tie in scenes:
        link = found.setdefault(frozenset((tie.source.iri, tie.target.iri)), Link(tie.source, tie.target))
        if tie.kind == "recounted":
            link.told += tie.events
        else:
            link.shown += tie.events
    return sorted(found.values(), key=lambda k: (str(k.source.iri), str(k.target.iri)))


def _link_words(link: Link, lang: str) -> list[str]:
    """The lines of text at the middle of a link: its relations, then how many events the two share."""
    words = list(link.relations)
    count = link.shown or link.told
    if count:
        words.append(word("characters.count", lang, n=count))
    return words


def name_boxes(cast: list[Thing]) -> dict[URIRef, Label]:
    """The size of each character's boxed name, in inches (the text and the box's padding)."""
    return {c.iri: Label(text_width(c.label, SIZE, weight="bold") + 0.2, 0.28) for c in cast}


def layout(cast: list[Thing], joined: list[Link], lang: str) -> dict[URIRef, Point]:
    """Each character's position in the drawing, in inches, placed so that names and link labels collide least."""
    nodes = name_boxes(cast)
    edges = {}
    for k in joined:
        words = _link_words(k, lang)
        edges[(k.source.iri, k.target.iri)] = Label(widest(words, SIZE - 1, "italic") + 0.12, 0.17 * len(words) + 0.06)
    side = widest([c.label for c in cast], SIZE, weight="bold") / 2 + MARGIN
    bottom, top = 1.45, 0.8
    area = Area(side, bottom, WIDTH - 2 * side, HEIGHT - top - bottom)
    return place(nodes, edges, area, [c.iri for c in cast])


def _draw_links(ax: Axes, at: dict[URIRef, Point], names: dict[URIRef, Label], joined: list[Link], lang: str) -> None:
    """Each link a line (an arrow for a relation read one way) between the two names' boxes, its words in the middle."""
    for link in joined:
        centre_a, centre_b = at[link.source.iri], at[link.target.iri]
        start = border(centre_a, centre_b, names[link.source.iri])
        end = border(centre_b, centre_a, names[link.target.iri])
        tint = SHOWN if link.shown else TOLD if link.told else INK
        width = 1.0 + 1.3 * math.log1p(link.shown or link.told)
        dashed = not link.shown and link.told > 0
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>,head_length=8,head_width=4" if link.directed
                                     else "-", color=tint, alpha=1.0 if tint == INK else 0.75, linewidth=width,
                                     linestyle=(0, (4, 2)) if dashed else "-", zorder=2, shrinkA=0, shrinkB=0))
        middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        ax.text(*middle, "\n".join(_link_words(link, lang)), ha="center", va="center", fontsize=SIZE - 1, color=INK,
                style="italic", linespacing=1.1, zorder=5, bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                                                 "edgecolor": tint, "linewidth": 0.6, "alpha": 0.95})


def _draw_people(ax: Axes, at: dict[URIRef, Point], cast: list[Thing], alone: set[URIRef]) -> None:
    """Each character's name in a box at its place (grey: linked to no one)."""
    for who in cast:
        ax.text(*at[who.iri], who.label, ha="center", va="center", fontsize=SIZE, weight="bold",
                color=INK, zorder=6, bbox={"boxstyle": "round,pad=0.35", "edgecolor": INK,
                                           "facecolor": ALONE if who.iri in alone else NODE})


def _legend(ax: Axes, lang: str, alone: bool) -> None:
    handles: list[Artist] = [
        Line2D([], [], color=INK, linewidth=1.1, marker=">", markevery=[1],
               label=word("characters.relation", lang)),
        Line2D([], [], color=SHOWN, alpha=0.75, linewidth=3.0, label=word("characters.shown", lang)),
        Line2D([], [], color=TOLD, alpha=0.75, linewidth=1.9, linestyle=(0, (4, 2)),
               label=word("characters.told", lang)),
    ]
    if alone:
        handles.append(Patch(facecolor=ALONE, edgecolor=INK, label=word("characters.alone", lang)))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(MARGIN, 0.12), bbox_transform=ax.transData,
              frameon=False, fontsize=SIZE, ncol=1, handlelength=2.6, borderaxespad=0.0)


def render(title: str, cast: list[Thing], ties: list[Tie], scenes: list[Tie], lang: str) -> str:
    """The network of ``cast`` joined by their relations ``ties`` and shared events ``scenes``, as SVG text."""
    joined = links(ties, scenes)
    linked = {k.source.iri for k in joined} | {k.target.iri for k in joined}
    at = layout(cast, joined, lang)
    with style():
        figure = new_figure(WIDTH, HEIGHT)
        ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(0, HEIGHT)
        ax.set_axis_off()
        ax.text(MARGIN, HEIGHT - 0.3, title, ha="left", va="center", fontsize=12, weight="bold", color=INK)
        _draw_people(ax, at, cast, {c.iri for c in cast} - linked)
        _draw_links(ax, at, name_boxes(cast), joined, lang)
        _legend(ax, lang, bool(set(at) - linked))
        return to_svg(figure, title)


def draw_characters(engine: Engine, told: Story, lang: str) -> str:
    """The characters' network of the film ``told`` is read from (its relations and shared events
    read through ``engine``), names in ``lang``, as SVG text."""
    film = told.film.iri
    title = word("characters.title", lang, film=film_title(told))
    return render(title, told.characters, relations(engine, film, lang), shared(engine, film, lang), lang)
