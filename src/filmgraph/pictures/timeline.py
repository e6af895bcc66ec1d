"""The timeline: every event in story order, a line from where the film shows or tells it, its place
(coloured by region) and the characters taking part, each in a column of their own."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from rdflib import URIRef

from ..engines import Engine
from .colours import BAND, FAINT, INK, SHOWN, TOLD, colour
from .layout import text_width, widest
from .story import Event, Story, Thing, film_title, region_order
from .svg import new_figure, style, to_svg
from .words import word

ROW = 0.25  # inches per event
SIZE = 8.0  # points, the events' text
LANE = 0.3  # inches per participant's column
MARGIN = 0.3


@dataclass(frozen=True)
class Columns:
    """Where each column starts, in inches from the left, and the height of the heading above the rows."""

    screen: float
    story: float
    label: float
    place: float
    lanes: float
    width: float
    top: float


def _label(event: Event, lang: str) -> str:
    if event.told and event.teller is not None:
        return f"{event.thing.label} ({word('timeline.told_by', lang, who=event.teller.label)})"
    return event.thing.label


def _place(event: Event, lang: str) -> str:
    return ", ".join(p.label for p in event.places) or word("timeline.nowhere", lang)


def _lanes(told: Story) -> list[Thing]:
    """The participants' columns: the characters taking part in events (most events first), then others."""
    cast = {c.iri for c in told.characters}
    present = {p.iri for e in told.events for p in e.participants}
    others = sorted({p for e in told.events for p in e.participants if p.iri not in cast}, key=lambda t: t.label)
    return [c for c in told.characters if c.iri in present] + others


def _columns(told: Story, lanes: list[Thing], lang: str) -> Columns:
    screen = MARGIN
    story_at = screen + 1.5
    label = story_at + 0.3
    place = label + widest([_label(e, lang) for e in told.events], SIZE, "italic") + 0.25
    lanes_at = place + 0.22 + widest([_place(e, lang) for e in told.events], SIZE) + 0.25
    width = max(lanes_at + LANE * len(lanes) + MARGIN, 7.0)
    heading = max(widest([t.label for t in lanes], SIZE), text_width(word("timeline.screen", lang), SIZE)) + 0.35
    return Columns(screen, story_at, label, place, lanes_at, width, 0.75 + heading)


def _headings(ax: Axes, at: Columns, lanes: list[Thing], cast: set[URIRef], lang: str) -> None:
    y = at.top - 0.12
    ax.text(at.screen, y, word("timeline.screen", lang), ha="left", va="bottom", fontsize=SIZE, weight="bold",
            color=INK, rotation=90)
    ax.text(at.story + 0.15, y, word("timeline.story", lang), ha="right", va="bottom", fontsize=SIZE,
            weight="bold", color=INK, rotation=90)
    ax.text(at.label, y, word("timeline.event", lang), ha="left", va="bottom", fontsize=SIZE, weight="bold", color=INK)
    ax.text(at.place, y, word("timeline.place", lang), ha="left", va="bottom", fontsize=SIZE, weight="bold", color=INK)
    for index, who in enumerate(lanes):
        ax.text(at.lanes + LANE * (index + 0.5), y, who.label, ha="center", va="bottom", rotation=90, fontsize=SIZE,
                color=INK if who.iri in cast else FAINT, style="normal" if who.iri in cast else "italic")


def _row(ax: Axes, at: Columns, event: Event, index: int, regions: dict[URIRef, int], lang: str) -> None:
    """One event's row: its story position, its label (told: italic), and its place with its region's colour."""
    y = at.top + ROW * (index + 0.5)
    if index % 2 == 0:
        ax.add_patch(Rectangle((at.story - 0.2, y - ROW / 2), at.width - MARGIN - at.story + 0.2, ROW, color=BAND,
                               zorder=0, linewidth=0))
    ink = TOLD if event.told else INK
    ax.text(at.story + 0.15, y, str(event.story), ha="right", va="center", fontsize=SIZE, color=ink)
    ax.text(at.label, y, _label(event, lang), ha="left", va="center", fontsize=SIZE, color=ink,
            style="italic" if event.told else "normal")
    region = event.regions[0].iri if event.regions else None
    chip = colour(regions[region]) if region is not None else "white"
    ax.add_patch(Rectangle((at.place, y - ROW * 0.35), 0.14, ROW * 0.7, facecolor=chip, edgecolor=FAINT,
                           linewidth=0.5, zorder=2))
    ax.text(at.place + 0.22, y, _place(event, lang), ha="left", va="center", fontsize=SIZE,
            color=INK if event.places else FAINT)


def _dots(ax: Axes, at: Columns, events: list[Event], lanes: list[Thing]) -> None:
    """A dot in each participant's column on each row they take part in: filled if shown, hollow if told."""
    for told in (False, True):
        xs: list[float] = []
        ys: list[float] = []
        for index, event in enumerate(events):
            taking_part = {p.iri for p in event.participants}
            if event.told == told:
                xs += [at.lanes + LANE * (lane + 0.5) for lane, who in enumerate(lanes) if who.iri in taking_part]
                ys += [at.top + ROW * (index + 0.5)] * (len(xs) - len(ys))
        if xs:
            ax.plot(xs, ys, linestyle="none", marker="o", markersize=6.5, color=TOLD if told else SHOWN,
                    markerfacecolor="white" if told else SHOWN, markeredgewidth=1.3, zorder=3)


def _screen_lines(ax: Axes, at: Columns, events: list[Event]) -> None:
    """The screen order on the left, each number joined to the event's row in story order."""
    on_screen = sorted((e for e in events if e.screen is not None), key=lambda e: (e.screen, e.thing.iri))
    story_row = {e.thing.iri: index for index, e in enumerate(events)}
    for rank, event in enumerate(on_screen):
        y_from = at.top + ROW * (rank + 0.5)
        y_to = at.top + ROW * (story_row[event.thing.iri] + 0.5)
        tint = TOLD if event.told else SHOWN
        ax.text(at.screen + 0.22, y_from, str(event.screen), ha="right", va="center", fontsize=SIZE, color=tint)
        ax.plot([at.screen + 0.3, at.story - 0.25], [y_from, y_to], color=tint, linewidth=1.6 if event.told else 0.9,
                linestyle=(0, (3, 2)) if event.told else "-", solid_capstyle="round", zorder=1)


def _legend(ax: Axes, at: Columns, bottom: float, told: Story, regions: dict[URIRef, int], lang: str) -> None:
    names = {r.iri: r.label for e in told.events for r in e.regions}
    handles = [
        Line2D([], [], color=SHOWN, marker="o", markerfacecolor=SHOWN, linewidth=0.9,
               label=word("timeline.shown", lang)),
        Line2D([], [], color=TOLD, marker="o", markerfacecolor="white", linewidth=1.6, linestyle=(0, (3, 2)),
               label=word("timeline.told", lang)),
        *(Patch(facecolor=colour(index), edgecolor=FAINT, label=names[iri]) for iri, index in regions.items()),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(at.label, bottom), bbox_transform=ax.transData,
              ncol=2, frameon=False, fontsize=SIZE, handlelength=2.6, borderaxespad=0.0)


def render(told: Story, lang: str) -> str:
    """The timeline of ``told`` as SVG text."""
    lanes = _lanes(told)
    regions = region_order(told)
    at = _columns(told, lanes, lang)
    legend_rows = (len(regions) + 3) // 2
    height = at.top + ROW * len(told.events) + 0.35 + 0.22 * legend_rows + MARGIN
    title = word("timeline.title", lang, film=film_title(told))
    with style():
        figure = new_figure(at.width, height)
        ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, at.width)
        ax.set_ylim(height, 0)
        ax.set_axis_off()
        ax.text(MARGIN, 0.3, title, ha="left", va="center", fontsize=12, weight="bold", color=INK)
        ax.text(MARGIN, 0.55, word("timeline.how", lang), ha="left", va="center", fontsize=SIZE, color=FAINT)
        _headings(ax, at, lanes, {c.iri for c in told.characters}, lang)
        _screen_lines(ax, at, told.events)
        for index, event in enumerate(told.events):
            _row(ax, at, event, index, regions, lang)
        _dots(ax, at, told.events, lanes)
        cast = {c.iri for c in told.characters}
        others = sum(1 for who in lanes if who.iri not in cast)
        if others and others < len(lanes):  # the film's characters, then groups and things taking part
            x = at.lanes + LANE * (len(lanes) - others)
            ax.plot([x, x], [at.top - 0.1, at.top + ROW * len(told.events)], color=FAINT, linewidth=0.6,
                    linestyle=(0, (2, 2)), zorder=1)
        _legend(ax, at, at.top + ROW * len(told.events) + 0.25, told, regions, lang)
        return to_svg(figure, title)


def draw_timeline(_engine: Engine, told: Story, lang: str) -> str:
    """The timeline of the film's story ``told``, names in ``lang``, as SVG text (it needs no other query)."""
    return render(told, lang)


__all__ = ["draw_timeline", "render"]
