"""Placing a small network's nodes so that its labels do not collide: force layouts (networkx) from
fixed seeds, scaled to the drawing, and the least crowded one kept. Same graph, same placing."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import networkx as nx

Point = tuple[float, float]
Node = TypeVar("Node", bound=Hashable)
#: A rectangle: left, bottom, right, top, in inches.
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Area:
    """Where the nodes may go, in inches (the labels reach a little beyond it)."""

    left: float
    bottom: float
    width: float
    height: float


@dataclass(frozen=True)
class Label:
    """A label's size in inches, centred on its anchor."""

    width: float
    height: float

    def box(self, at: Point) -> Box:
        """The label's rectangle with its anchor at ``at``."""
        x, y = at
        return x - self.width / 2, y - self.height / 2, x + self.width / 2, y + self.height / 2


def _overlap(a: Box, b: Box) -> float:
    """The area two rectangles share (0 when apart)."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _fit(found: dict[Node, Point], area: Area) -> dict[Node, Point]:
    """Positions scaled into ``area`` (a lone node, or a line of nodes, in its middle)."""
    xs, ys = [p[0] for p in found.values()], [p[1] for p in found.values()]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    return {node: (area.left + area.width * ((x - min(xs)) / span_x if span_x else 0.5),
                   area.bottom + area.height * ((y - min(ys)) / span_y if span_y else 0.5))
            for node, (x, y) in found.items()}


def crowding(at: dict[Node, Point], nodes: dict[Node, Label], edges: dict[tuple[Node, Node], Label]
             ) -> tuple[float, float]:
    """How crowded a placing is: the area where labels overlap (and lines run under names), then (to break ties) the
    closeness of the two closest nodes; lower is better."""
    names = {node: label.box(at[node]) for node, label in nodes.items()}
    boxes = list(names.values())
    boxes += [label.box(((at[a][0] + at[b][0]) / 2, (at[a][1] + at[b][1]) / 2)) for (a, b), label in edges.items()]
    shared = sum(_overlap(one, other) for i, one in enumerate(boxes) for other in boxes[i + 1:])
    for a, b in edges:  # a line running under another node's name hides part of it
        for step in range(1, 20):
            x = at[a][0] + (at[b][0] - at[a][0]) * step / 20
            y = at[a][1] + (at[b][1] - at[a][1]) * step / 20
            shared += 0.01 * sum(1 for node, box in names.items()
                                 if node not in (a, b) and box[0] <= x <= box[2] and box[1] <= y <= box[3])
    points = list(at.values())
    closest = min((math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:]), default=0.0)
    return round(shared, 6), -round(closest, 6)


def place(nodes: dict[Node, Label], edges: dict[tuple[Node, Node], Label], area: Area,
          order: Sequence[Node], tries: int = 16) -> dict[Node, Point]:
    """Each node's position in ``area``: of ``tries`` force layouts, the least crowded (:func:`crowding`).
    ``nodes`` and ``edges`` carry the labels drawn below each node and at the middle of each edge."""
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(order)
    graph.add_edges_from(edges)
    if len(graph) == 0:
        return {}
    best: tuple[tuple[float, float], dict[Node, Point]] | None = None
    for seed in range(tries):
        found = nx.spring_layout(graph, seed=seed, k=2.0 / math.sqrt(len(graph)), iterations=200)
        fitted = _fit({node: (float(p[0]), float(p[1])) for node, p in found.items()}, area)
        score = crowding(fitted, nodes, edges)
        if best is None or score < best[0]:
            best = (score, fitted)
    return best[1] if best else {}


def border(centre: Point, towards: Point, label: Label) -> Point:
    """Where the line from ``centre`` (the middle of a centred ``label``) to ``towards`` leaves the label's box."""
    dx, dy = towards[0] - centre[0], towards[1] - centre[1]
    scales = [label.width / 2 / abs(dx) if dx else math.inf, label.height / 2 / abs(dy) if dy else math.inf]
    scale = min(1.0, *scales)
    return centre[0] + dx * scale, centre[1] + dy * scale
