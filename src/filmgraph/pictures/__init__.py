"""Pictures of a film's story for people: the timeline, the characters' network and the nesting of
places, as SVG drawn by matplotlib (layouts by networkx) from the library queries' answers.

    >>> from filmgraph.pictures import film_pictures
    >>> from filmgraph.stores import bundled_store
    >>> svgs = film_pictures(bundled_store(), URIRef("https://w3id.org/filmgraph/film/SLUG"), "ru")
    >>> sorted(svgs)
    ['characters', 'places', 'timeline']

Every text stays an SVG ``<text>`` element (searchable and testable; Russian needs no embedded
font), nothing refers outside the file, and the same graph gives the same bytes.
"""

from __future__ import annotations

from .drawing import LANGS, PICTURES, Source, film_pictures, picture

__all__ = ["LANGS", "PICTURES", "Source", "film_pictures", "picture"]
