"""``filmgraph site OUT/``: the whole static site, built into a temporary folder and swapped in.

    >>> summary = build_site(Path("site"))                 # the bundled graph
    >>> summary = build_site(Path("site"), files=["film.ttl"], site_url="https://example.org/filmgraph/")

Every query runs on one pyoxigraph Store (the fast engine); pages are rendered by Jinja2 from the
package's templates, with one local style sheet and nothing fetched to build or view them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from .. import counts, jsonld, resources
from ..engines import OxigraphEngine
from ..graph import parse_text
from .cards import as_jsonld, as_turtle, entity_card, for_script, schema_views
from .collect import Corpus, entity_pages, gather
from .downloads import write_downloads
from .figures import write_pictures
from .htaccess import check_site_url, htaccess
from .output import SiteWriter, building, check_target
from .pages import Link, browse_groups, browse_page, browse_path, entity_page, home_page, ontology_page
from .paths import BASE, ONTOLOGY, page_of
from .reference import reference
from .versions import write_download_indexes, write_shapes, write_versions
from .views import films


@dataclass
class SiteSummary:
    """What a build wrote: the folder, the number of entity pages and of files, the IRIs that got
    no page (with the reason) and the seconds it took."""

    out: Path
    pages: int
    files: int
    seconds: float
    refused: list[str] = field(default_factory=list)


def build_site(out: str | os.PathLike[str], files: Sequence[str | os.PathLike[str]] | None = None, *,
               site_url: str | None = None, replace: bool = False) -> SiteSummary:
    """Build the site of the bundled graph (or of ``files``, with the bundled ontology) in ``out``.

    ``site_url``: where the site will be published; the ``.htaccess`` then redirects (303) there,
    as w3id.org does, instead of serving the files in place. ``out`` must be new, empty, or a site
    this function wrote before (replaced whole, only once the new one is complete); a previous site
    holding files its build did not write (or changed since) is refused unless ``replace``.
    """
    started = time.perf_counter()
    target = Path(out)
    check_target(target, replace)
    check_site_url(site_url)
    from ..naming import bundled_naming, files_naming
    from ..stores import bundled_store, files_store

    store = files_store(files) if files else bundled_store()
    engine = OxigraphEngine(store)
    corpus = gather(engine, (files_naming(files) if files else bundled_naming()).prefixes)
    with building(target, replace) as writer:
        folder, downloads = write_downloads(writer, files)
        film_extras = _film_extras(corpus, writer, engine)
        pages = _write_entities(corpus, writer, engine, film_extras)
        _write_ontology(corpus, writer, engine)
        write_versions(corpus, writer, engine)
        write_shapes(corpus, writer)
        write_download_indexes(writer, folder, downloads)
        for segment, kinds in browse_groups(corpus).items():
            writer.write(browse_path(segment), browse_page(corpus, segment, kinds))
        writer.write("index.html", home_page(corpus, counts.stats(store), (folder, downloads), film_extras))
        for name in ("site.css", "icon.svg"):
            writer.write(f"_site/{name}", static(name))
        writer.write(".htaccess", htaccess(folder, site_url))
        writer.write("context.jsonld", jsonld.dumps(jsonld.load_context()))
        written = len(writer.sums)
    return SiteSummary(target, pages, written, time.perf_counter() - started, refused(corpus))


def static(name: str) -> bytes:
    """One of the site's static files (its style sheet, its icon), from the package."""
    from importlib.resources import files as package_files

    return (package_files("filmgraph.site") / "static" / name).read_bytes()


def refused(corpus: Corpus) -> list[str]:
    """The subject IRIs under the base that get no page (an anchor on the ontology page counts as one)."""
    return sorted(str(s) for s in corpus.about
                  if isinstance(s, URIRef) and s.startswith(BASE) and page_of(str(s)) is None)


def _write_entities(corpus: Corpus, writer: SiteWriter, engine: OxigraphEngine,
                    film_extras: dict[URIRef, dict[str, Any]]) -> int:
    """Each entity's page, with its card as Turtle and JSON-LD beside it; the number of pages."""
    views = schema_views(engine, films(corpus))
    iris = entity_pages(corpus)
    for iri in iris:
        card = entity_card(engine, iri)
        card_jsonld = as_jsonld(card)
        part = views.get(iri)
        stem = corpus.pages[iri].removesuffix(".html")
        writer.write(f"{stem}.ttl", as_turtle(card, corpus.prefixes))
        writer.write(f"{stem}.jsonld", card_jsonld)
        schema_jsonld = for_script(as_jsonld(part)) if part is not None else None
        writer.write(corpus.pages[iri], entity_page(corpus, iri, for_script(card_jsonld), schema_jsonld,
                                                    film_extras.get(iri, {})))
    return len(iris)


def _write_ontology(corpus: Corpus, writer: SiteWriter, engine: OxigraphEngine) -> None:
    """The ontology reference (embedding the ontology IRI's entity card), with the ontology itself as
    ``ontology.ttl`` and ``ontology.jsonld``."""
    text = resources.read_text("ontology/filmgraph.ttl")
    writer.write("ontology.ttl", text)
    writer.write("ontology.jsonld", as_jsonld(parse_text(text, "ontology/filmgraph.ttl")))
    card = for_script(as_jsonld(entity_card(engine, URIRef(ONTOLOGY))))
    writer.write("ontology.html", ontology_page(corpus, reference(corpus), URIRef(ONTOLOGY), card))


def _film_extras(corpus: Corpus, writer: SiteWriter, engine: OxigraphEngine) -> dict[URIRef, dict[str, Any]]:
    """For each film: its pictures (written here), and the link to its story's browse page (the
    entities under its own namespace)."""
    groups = browse_groups(corpus)
    extras: dict[URIRef, dict[str, Any]] = {}
    for film in films(corpus):
        slug = str(film).rstrip("/").rsplit("/", 1)[-1]
        story = browse_path(slug) if slug in groups else None
        here = corpus.pages[film]
        links = [Link(_up(here) + story, "Every character, place, object, event, motive and claim of its story")] \
            if story else []
        extras[film] = {"story": story, "film_links": links, **write_pictures(corpus, writer, engine, film)}
    return extras


def _up(here: str) -> str:
    """The relative prefix from the page ``here`` back to ``OUT/``."""
    return "../" * here.count("/")
