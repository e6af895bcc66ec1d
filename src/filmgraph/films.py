"""The films in the data: which film each data file belongs to, and choosing one film.

A film is a top-level name under ``data/``: the file ``data/NAME.ttl`` and/or every file under
``data/NAME/``. Films are discovered, never listed in code, so adding one is adding a file or a
folder (docs/adding-a-film.md). A film's IRIs are the subjects its files type ``fg:Film``.

    >>> [film.name for film in discover_films()]          # one entry per top-level name
    >>> choose(graph, None)          # the only film of the graph, else a UsageError listing them
    >>> choose(graph, "film:NAME")   # by IRI, prefixed name or slug, with a did-you-mean
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from . import resources
from .errors import UsageError
from .graph import parse_text
from .namespaces import FG, compact_iri, expand_curie, graph_prefixes, prefix_map
from .resources import film_name

__all__ = ["Film", "FilmName", "choose", "discover_films", "film_iris", "film_name"]


class FilmName(str):
    """A film as a user names it (``--film NAME``): an IRI, a prefixed name or the IRI's last
    segment, to be found among the films of the data by :func:`choose` (with a did-you-mean)."""


@dataclass(frozen=True)
class Film:
    """One film of the data: its top-level ``name`` under ``data/``, its files (root-relative),
    the IRIs its files type ``fg:Film`` and the prefixes its files declare (clashes dropped)."""

    name: str
    files: tuple[str, ...]
    iris: tuple[URIRef, ...]
    prefixes: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)


def discover_films(base: Traversable | Path | None = None) -> tuple[Film, ...]:
    """Every film under ``data/`` of ``base`` (default: the bundled files), sorted by name.

    Each file is parsed once, into a graph with no prefixes of its own bound, so that its
    ``@prefix`` lines are exactly what :func:`filmgraph.namespaces.graph_prefixes` reads back.
    """
    grouped: dict[str, list[str]] = {}
    for relative in resources.data_files(base):
        grouped.setdefault(film_name(relative), []).append(relative)
    found: list[Film] = []
    for name, files in sorted(grouped.items()):
        graphs = [
            parse_text(resources.resource(f, base).read_text(encoding="utf-8"), f, Graph(bind_namespaces="none"))
            for f in files
        ]
        iris = {s for g in graphs for s in g.subjects(RDF.type, FG.Film) if isinstance(s, URIRef)}
        prefixes = prefix_map(*(graph_prefixes(g) for g in graphs))
        found.append(Film(name, tuple(files), tuple(sorted(iris, key=str)), prefixes))
    return tuple(found)


def film_iris(source: Graph | Iterable[Film | URIRef]) -> list[URIRef]:
    """The film IRIs of a graph (subjects typed ``fg:Film``), of films, or IRIs as given; sorted."""
    if isinstance(source, Graph):
        found = {s for s in source.subjects(RDF.type, FG.Film) if isinstance(s, URIRef)}
    else:
        found = set()
        for item in source:
            found.update(item.iris if isinstance(item, Film) else [item])
    return sorted(found, key=str)


def choose(
    source: Graph | Iterable[Film | URIRef],
    requested: str | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> URIRef:
    """The film a command works on: ``requested`` (an IRI, ``<IRI>``, a prefixed name such as
    ``film:NAME``, the IRI's last segment, or a film's folder name), else the only film of ``source``.

    None requested with several films, or a requested film that is not there, is a one-line
    UsageError listing the films (with a did-you-mean); so is data without any film.
    """
    films: list[Film | URIRef] = [] if isinstance(source, Graph) else list(source)
    iris = film_iris(source if isinstance(source, Graph) else films)
    listing = ", ".join(compact_iri(str(i), prefixes) for i in iris) or "none"
    if requested is None:
        if len(iris) == 1:
            return iris[0]
        if not iris:
            raise UsageError("the data holds no film (no subject typed fg:Film); give the film's IRI with --film")
        raise UsageError(f"the data holds {len(iris)} films ({listing}); choose one with --film NAME (film= in Python)")
    names = _names(iris, [f for f in films if isinstance(f, Film)], prefixes)
    wanted = requested.strip().removeprefix("<").removesuffix(">")
    wanted = expand_curie(wanted, prefixes) or wanted
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(requested.strip(), list(names), n=1, cutoff=0.6)
    guess = f"; did you mean {close[0]}?" if close else ""
    raise UsageError(f"no film {requested.strip()!r} in the data{guess} (films: {listing})")


def _names(iris: list[URIRef], films: list[Film], prefixes: Mapping[str, str] | None) -> dict[str, URIRef]:
    """Every name a film answers to: its IRI, prefixed name, last IRI segment and folder name."""
    names: dict[str, URIRef] = {}
    for iri in iris:
        names[str(iri)] = iri
        names.setdefault(compact_iri(str(iri), prefixes), iri)
        names.setdefault(str(iri).rstrip("/").rsplit("/", 1)[-1], iri)
    for film in films:
        if len(film.iris) == 1:
            names.setdefault(film.name, film.iris[0])
    return names


@cache
def bundled_films() -> tuple[Film, ...]:
    """The bundled films, discovered once per process (only when a name must be matched to a film)."""
    return discover_films()


def film_for(named: object, names: Iterable[str]) -> str | None:
    """Which of the films ``names`` (their names under ``data/``) a ``film`` value names: the name
    itself, or any name :func:`choose` takes for a bundled film of that name; else None."""
    if named is None:
        return None
    wanted = set(names)
    if str(named).strip() in wanted:
        return str(named).strip()
    films = [film for film in bundled_films() if film.name in wanted]
    try:
        iri = choose(films, str(named))
    except UsageError:
        return None
    return next(film.name for film in films if iri in film.iris)
