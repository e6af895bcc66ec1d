"""How output names IRIs: with the prefix map of the data read, and for people, with the film.

Machine-readable output (Turtle, TriG, JSON-LD) uses :attr:`Naming.prefixes`: the vocabularies'
PREFIXES and the prefixes the files read declare, a prefix two films bind differently dropped, so
that its IRIs are written in full (and a file's rebinding of a vocabulary's prefix ignored).
People's output (tables) names such an IRI with its own film's prefix and says which film:
``character:keeper (film NAME)``.

    >>> naming = files_naming(["tests/fixtures/films/lighthouse-keepers-clock.ttl"])
    >>> naming.people("https://w3id.org/filmgraph/lighthouse-keepers-clock-test/event/clock-stops")
    'event:clock-stops'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import resources
from .graph import format_for, read_user_file
from .namespaces import compact_iri, header_prefixes, loaded_prefixes, prefix_map, with_vocabularies
from .resources import film_name

__all__ = ["Naming", "bundled_naming", "files_naming"]

#: rdflib formats whose prefixes are ``@prefix``/``PREFIX`` lines in the file's header.
_DIRECTIVE_FORMATS = frozenset({"turtle", "trig", "n3"})


@dataclass(frozen=True)
class Naming:
    """``prefixes`` for machine output (clashes dropped); ``films``: each film's own prefixes, by film name."""

    prefixes: Mapping[str, str]
    films: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def people(self, iri: str) -> str:
        """``prefix:local`` (or ``<iri>``) for people; an IRI of a prefix the films bind differently is
        named with its film's prefix and the film: ``character:keeper (film NAME)``."""
        name = compact_iri(iri, self.prefixes)
        if name.startswith("<") and len(self.films) > 1:
            for film, own in sorted(self.films.items()):
                named = compact_iri(iri, own)
                if not named.startswith("<"):
                    return f"{named} (film {film})"
        return name

    def clashes(self) -> dict[str, dict[str, str]]:
        """Each prefix the films bind differently: ``{film: namespace}`` (for a note to people)."""
        owners: dict[str, dict[str, str]] = {}
        for film, own in self.films.items():
            for prefix, namespace in own.items():
                if prefix not in self.prefixes:
                    owners.setdefault(prefix, {})[film] = namespace
        return {p: films for p, films in sorted(owners.items()) if len(set(films.values())) > 1}


def _film_of(path: str | os.PathLike[str]) -> str:
    """The film a user's file stands for: ``NAME`` for ``…/data/NAME.ttl`` or ``…/data/NAME/…``
    (the layout of ``data/``), else the file's name without its extension."""
    parts = Path(path).parts
    if "data" in parts[:-1]:
        start = len(parts) - 1 - parts[::-1].index("data")
        return film_name("/".join(parts[start:]))
    return Path(path).stem


def _declared(path: str | os.PathLike[str]) -> dict[str, str]:
    """The prefixes a user's file declares in its header (none for standard input, N-Triples,
    N-Quads, JSON-LD and RDF/XML, whose names output leaves to the vocabularies)."""
    if str(path) == "-" or format_for(Path(path)) not in _DIRECTIVE_FORMATS:
        return {}
    return header_prefixes(read_user_file(path), str(path))


def files_naming(paths: Iterable[str | os.PathLike[str]]) -> Naming:
    """The naming of output about user files (``--data``): PREFIXES and the files' own prefixes."""
    films: dict[str, dict[str, str]] = {}
    for path in paths:
        films[_film_of(path)] = prefix_map(films.get(_film_of(path), {}), _declared(path))
    return Naming(with_vocabularies(*films.values()), films)


@cache
def bundled_naming() -> Naming:
    """The naming of output about the bundled files: the loaded map, and each film's own prefixes."""
    films: dict[str, dict[str, str]] = {}
    for relative in resources.data_files():
        own = header_prefixes(resources.read_text(relative), relative)
        films[film_name(relative)] = prefix_map(films.get(film_name(relative), {}), own)
    return Naming(loaded_prefixes(), films)
