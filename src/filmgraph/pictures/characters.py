"""The characters' network: each character a node (sized by the events they are in), each relation an
arrow named by its kind, and each pair sharing events a line as thick as the number of them."""

from __future__ import annotations

import math

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from rdflib import URIRef

from ..engines import Engine
from .colours import INK, SHOWN, TOLD
from .layout import widest
from .story import Thing, Tie, characters, film_of, relations, shared
from .svg import new_figure, style, to_svg
from .words import relation, word

WIDTH, HEIGHT, MARGIN = 10.0, 7.5, 0.35
SIZE = 9.0
BEND = 0.25  # relations are drawn as arcs, so that a line of shared events between the same two stays visible
Point = tuple[float, float]


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


def layout(cast: list[Thing], ties: list[Tie], scenes: list[Tie]) -> dict[URIRef, Point]:
    """Positions in [0, 1]², from a force layout (fixed seed: the same graph, the same places) in which
    related characters and those sharing many events are drawn close."""
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(c.iri for c in cast)
    for tie in ties:
        graph.add_edge(tie.source.iri, tie.target.iri, weight=2.0)
    for tie in scenes:
        weight = graph.get_edge_data(tie.source.iri, tie.target.iri, {"weight": 0.0})["weight"]
        graph.add_edge(tie.source.iri, tie.target.iri, weight=weight + 1.0 + math.log1p(tie.events))
    if len(graph) == 0:
        return {}
    found = nx.spring_layout(graph, seed=1979, weight="weight", k=1.6 / math.sqrt(len(graph)), iterations=200)
    xs = [float(p[0]) for p in found.values()]
    ys = [float(p[1]) for p in found.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {node: ((float(p[0]) - min(xs)) / span_x, (float(p[1]) - min(ys)) / span_y) for node, p in found.items()}


def _arc_middle(start: Point, end: Point, bend: float) -> Point:
    """The middle of matplotlib's ``arc3`` curve from ``start`` to ``end`` (equal axis scales)."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    return (start[0] + end[0]) / 2 + bend * dy / 2, (start[1] + end[1]) / 2 - bend * dx / 2


def _draw_scenes(ax: Axes, at: dict[URIRef, Point], scenes: list[Tie]) -> None:
    for tie in scenes:
        start, end = at[tie.source.iri], at[tie.target.iri]
        told = tie.kind == "recounted"
        ax.plot([start[0], end[0]], [start[1], end[1]], color=TOLD if told else SHOWN, alpha=0.55,
                linewidth=1.0 + 1.2 * math.log1p(tie.events), linestyle=(0, (3, 2)) if told else "-", zorder=1,
                solid_capstyle="round")
        middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        ax.text(*middle, str(tie.events), ha="center", va="center", fontsize=SIZE - 1, color=TOLD if told else SHOWN,
                bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white", "edgecolor": "none"}, zorder=4)


def _draw_relations(ax: Axes, at: dict[URIRef, Point], ties: list[tuple[Tie, bool]], lang: str) -> None:
    for tie, symmetric in ties:
        start, end = at[tie.source.iri], at[tie.target.iri]
        ax.add_patch(FancyArrowPatch(start, end, connectionstyle=f"arc3,rad={BEND}", arrowstyle="-" if symmetric
                                     else "-|>,head_length=7,head_width=3.5", color=INK, linewidth=1.1,
                                     shrinkA=16, shrinkB=16, zorder=2))
        ax.text(*_arc_middle(start, end, BEND), relation(tie.relation or "", lang), ha="center", va="center",
                fontsize=SIZE - 1, style="italic", color=INK, zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9})


def _draw_people(ax: Axes, at: dict[URIRef, Point], cast: list[Thing], weight: dict[URIRef, int],
                 alone: set[URIRef]) -> None:
    for who in cast:
        x, y = at[who.iri]
        size = 9 + 2.2 * math.sqrt(weight.get(who.iri, 0))
        ax.plot([x], [y], marker="o", markersize=size, color="#d9d9d9" if who.iri in alone else "#f6e8c3",
                markeredgecolor=INK, markeredgewidth=1.0, zorder=3)
        ax.text(x, y - 0.04 - size / 144, who.label, ha="center", va="top", fontsize=SIZE, weight="bold",
                color=INK, zorder=6, bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none",
                                           "alpha": 0.85})


def render(title: str, cast: list[Thing], ties: list[Tie], scenes: list[Tie], weight: dict[URIRef, int],
           lang: str) -> str:
    """The network as SVG text; ``weight``: how many events each character takes part in."""
    kept = one_way(ties)
    linked = {t.source.iri for t in ties} | {t.target.iri for t in ties} | {t.source.iri for t in scenes} | {
        t.target.iri for t in scenes}
    spread = layout(cast, [t for t, _ in kept], scenes)
    side = widest([c.label for c in cast], SIZE, weight="bold") / 2 + MARGIN
    top = 1.0
    at = {iri: (side + x * (WIDTH - 2 * side), 1.1 + y * (HEIGHT - top - 1.1 - 0.3)) for iri, (x, y) in spread.items()}
    with style():
        figure = new_figure(WIDTH, HEIGHT)
        ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(0, HEIGHT)
        ax.set_axis_off()
        ax.text(MARGIN, HEIGHT - 0.3, title, ha="left", va="center", fontsize=12, weight="bold", color=INK)
        _draw_scenes(ax, at, scenes)
        _draw_relations(ax, at, kept, lang)
        _draw_people(ax, at, cast, weight, {c.iri for c in cast} - linked)
        handles = [
            Line2D([], [], color=INK, linewidth=1.1, marker=">", markevery=[1],
                   label=word("characters.relation", lang)),
            Line2D([], [], color=SHOWN, alpha=0.55, linewidth=3.0, label=word("characters.shown", lang)),
            Line2D([], [], color=TOLD, alpha=0.55, linewidth=1.8, linestyle=(0, (3, 2)),
                   label=word("characters.told", lang)),
        ]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(MARGIN, 0.15), bbox_transform=ax.transData,
                  frameon=False, fontsize=SIZE, ncol=3, handlelength=2.6, borderaxespad=0.0)
        return to_svg(figure, title)


def draw_characters(engine: Engine, film: URIRef, lang: str) -> str:
    """The characters' network of ``film``, read through ``engine``, names in ``lang``, as SVG text."""
    from .story import ask

    name, year = film_of(engine, film, lang)
    weight = {URIRef(str(r.character)): int(r.shown) + int(r.told) for r in ask(engine, "characters", film, lang)}
    title = word("characters.title", lang, film=f"{name.label} ({year})" if year else name.label)
    return render(title, characters(engine, film, lang), relations(engine, film, lang), shared(engine, film, lang),
                  weight, lang)
