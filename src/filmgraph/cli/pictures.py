"""``filmgraph picture``: one of a film's pictures (timeline, characters, places) as an SVG file."""

from __future__ import annotations

import argparse

from ..console import error
from ..errors import EXIT_OK, UsageError
from .output import Commands, command, emit, say

PICTURE_NAMES = ("timeline", "characters", "places")
PICTURE_LANGS = ("en", "ru")


def _cmd_picture(args: argparse.Namespace) -> int:
    """Draw the picture of the film (the only one, or --film) from the bundled graph or --data files."""
    from rdflib import URIRef

    from ..engines import Engine, OxigraphEngine
    from ..films import FilmName
    from ..pictures import picture
    from ..pictures.story import story
    from ..queries import load_query
    from ..querying import bundled_engine, with_film

    if args.out == "":
        raise UsageError("--out needs a file name (or - for standard output)")
    engine: Engine
    if args.data:
        from ..stores import files_store

        engine = OxigraphEngine(files_store(args.data, ontology=True, named=False))
    else:
        engine = bundled_engine("oxigraph")
    given = {} if args.film is None else {"film": FilmName(args.film)}
    film = with_film(load_query("timeline"), given, engine, bundled=not args.data)["film"]
    told = story(engine, URIRef(str(film)), args.lang)
    svg = picture(engine, args.name, URIRef(str(film)), args.lang, told)
    emit(svg, args.out)
    if not told.events and not told.characters:  # drawn all the same: an empty story is not bad input
        error(f"note: {film} has no events and no characters in the data; the picture shows only its title")
    if args.out not in (None, "-"):
        say(args, f"wrote the {args.name} of {film} ({args.lang}) to {args.out}")
    return EXIT_OK


def add_picture_command(sub: Commands) -> None:
    """``filmgraph picture NAME [--film FILM] [--lang LANG] [--data FILE ...] [-o FILE]``."""
    p = command(sub, "picture", _cmd_picture, help="draw a picture of a film's story as SVG",
                description="Draw the timeline (story and screen order, places, characters), the characters' "
                "network (relations and shared events) or the nesting of places, as SVG with its text kept as text.")
    p.add_argument("name", choices=PICTURE_NAMES, metavar="{" + ",".join(PICTURE_NAMES) + "}",
                   help="which picture")
    p.add_argument("--film", metavar="FILM", help="the film (IRI, film:slug, slug or name under data/); "
                   "default: the only film in the data")
    p.add_argument("--lang", choices=PICTURE_LANGS, default="en", help="language of the names and words (default: en)")
    p.add_argument("--data", nargs="+", metavar="FILE", help="draw from these RDF files (with the ontology) "
                   "instead of the bundled graph")
    p.add_argument("--out", "-o", metavar="FILE", help="write the SVG to FILE (atomically); default: standard output")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but the picture")
