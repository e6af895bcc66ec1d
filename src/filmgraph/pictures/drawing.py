"""The pictures' entry points: which pictures there are, and how a source becomes their SVG texts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from ..engines import Engine, OxigraphEngine
from ..errors import UsageError
from .characters import draw_characters
from .places import draw_places
from .story import Story, story
from .timeline import draw_timeline
from .words import LANGS

if TYPE_CHECKING:
    from typing import TypeAlias

    import pyoxigraph

    #: What the pictures are drawn from: an engine (:mod:`filmgraph.engines`, e.g. the one a site
    #: already runs its queries on), a pyoxigraph Store (:mod:`filmgraph.stores`) or an rdflib graph.
    Source: TypeAlias = Engine | pyoxigraph.Store | Graph
else:
    Source = object

#: Each picture's name and the function that draws it from an engine, the film's story read once
#: (:func:`.story.story`) and a language.
DRAWERS: dict[str, Callable[[Engine, Story, str], str]] = {
    "timeline": draw_timeline,
    "characters": draw_characters,
    "places": draw_places,
}
PICTURES = tuple(DRAWERS)


def as_engine(source: Source) -> Engine:
    """An engine over ``source``: an engine as it is, a Store queried in place, a graph copied once
    into pyoxigraph (the library queries then run fast, whatever the graph's store)."""
    if isinstance(source, Graph):
        return OxigraphEngine(source)
    if hasattr(source, "run"):
        return source  # type: ignore[return-value]
    return OxigraphEngine(source)


def picture(source: Source, name: str, film: URIRef, lang: str = "en", told: Story | None = None) -> str:
    """One picture (``timeline``, ``characters`` or ``places``) of ``film`` as SVG text, its names
    in ``lang`` (``en`` or ``ru``; a name missing in Russian is given in English); ``told``, the
    film's story in ``lang`` if the caller has read it already (else it is read here)."""
    if name not in DRAWERS:
        raise UsageError(f"unknown picture {name!r}; use one of {', '.join(PICTURES)}")
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r} for a picture; use one of {', '.join(LANGS)}")
    engine = as_engine(source)
    return DRAWERS[name](engine, told or story(engine, film, lang), lang)


def film_pictures(source: Source, film: URIRef, lang: str) -> dict[str, str]:
    """Every picture of ``film`` in ``lang``: ``{"timeline": svg, "characters": svg, "places": svg}``.

    ``source`` is an engine of :mod:`filmgraph.engines` (reused: the site passes the one it queries
    with), a pyoxigraph Store such as :func:`filmgraph.stores.bundled_store` gives, or an rdflib
    graph or dataset (copied once into pyoxigraph). Its data must hold the ontology as well
    (the relations are read through it), as the bundled store and dataset do.
    """
    engine = as_engine(source)
    told = story(engine, film, lang)  # once for the three pictures
    return {name: picture(engine, name, film, lang, told) for name in PICTURES}
