"""Each film's pictures on the site (:func:`filmgraph.pictures.film_pictures`): the timeline, the
characters' network and the nesting of places, as SVG files in English and Russian, a page per
film and language showing the three, and the English ones on the film's own page."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from ..pictures import PICTURES, film_pictures
from .pages import Link, render
from .paths import relative

if TYPE_CHECKING:
    from ..engines import Engine
    from .collect import Corpus
    from .output import SiteWriter

#: The languages of the pictures, each with its name for the link to it.
LANGUAGES = {"en": "in English", "ru": "по-русски"}
#: Each picture's title, by language.
TITLES = {
    "en": {"timeline": "Timeline: the events in story and screen order", "characters": "The characters' network",
           "places": "The nesting of places"},
    "ru": {"timeline": "Хронология: события в порядке сюжета и показа", "characters": "Сеть персонажей",
           "places": "Вложенность мест"},
}


def folder_of(corpus: Corpus, film: URIRef) -> str:
    """The folder of a film's pictures: under ``_site/pictures/``, its page's path without suffix."""
    return f"_site/pictures/{corpus.pages[film].removesuffix('.html')}"


def write_pictures(corpus: Corpus, writer: SiteWriter, engine: Engine, film: URIRef) -> dict[str, Any]:
    """Write the film's pictures and their pages; what the film's page and the home page show of them."""
    folder = folder_of(corpus, film)
    pages = {lang: f"{folder}/{lang}.html" for lang in LANGUAGES}
    for lang in LANGUAGES:
        for name, svg in film_pictures(engine, film, lang).items():
            writer.write(f"{folder}/{name}-{lang}.svg", svg)
        writer.write(pages[lang], _page(corpus, film, lang, pages))
    here = corpus.pages[film]
    return {
        "pictures": [{"page": relative(f"{pages['en']}#{name}", here), "src": relative(f"{folder}/{name}-en.svg", here),
                      "alt": TITLES["en"][name]} for name in PICTURES],
        "picture_pages": [Link(path, f"pictures {LANGUAGES[lang]}") for lang, path in pages.items()],
    }


def _page(corpus: Corpus, film: URIRef, lang: str, pages: dict[str, str]) -> str:
    """The page of a film's three pictures in ``lang``, linking to the other language's page."""
    from .views import Linker

    here = pages[lang]
    link = Linker(corpus, here)
    pictures = [{"name": name, "title": TITLES[lang][name], "src": f"{name}-{lang}.svg"} for name in PICTURES]
    others = [{"href": PurePosixPath(path).name, "lang": other, "text": LANGUAGES[other]}
              for other, path in pages.items()]
    title = f"{corpus.label(film, lang)}: " + ("pictures" if lang == "en" else "картины")
    return render("pictures.html", here, title=title, lang=lang, film=link.term(film), languages=others,
                  pictures=pictures)
