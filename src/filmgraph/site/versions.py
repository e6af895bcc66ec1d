"""Pages for the IRIs under the base that name no entity: the ontology's version IRIs, the shapes'
namespace (``shapes#…``) and the downloads' folders (``dist/``, ``dist/VERSION/``), so that every
IRI the data, the ontology, void.ttl and docs/iri-policy.md name resolves.

The current version IRI (``owl:versionIRI``) gives that version: a page leading to the reference,
and the ontology itself as Turtle and JSON-LD. An earlier one (``owl:priorVersion``) gives a page
saying so and where its terms went, with the statements that name it as RDF: this site publishes
only the current version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rdflib import URIRef
from rdflib.namespace import OWL

from .. import resources
from ..graph import parse_text
from .cards import as_jsonld, as_turtle, entity_card
from .collect import Corpus
from .output import SiteWriter
from .pages import render
from .paths import BASE, ONTOLOGY, RefusedIri, page_stem
from .reference import shapes_by_term

#: The namespace of the SHACL shapes (``ontology/shapes.ttl``), a hash namespace: one document.
SHAPES = BASE + "shapes"

if TYPE_CHECKING:
    from ..engines import Engine


def ontology_versions(corpus: Corpus) -> tuple[URIRef | None, list[URIRef]]:
    """The ontology's current version IRI and its earlier ones (each as the ontology names it)."""
    ontology = URIRef(ONTOLOGY)
    current = next((v for v in corpus.values(ontology, OWL.versionIRI) if isinstance(v, URIRef)), None)
    prior = [v for v in corpus.values(ontology, OWL.priorVersion) if isinstance(v, URIRef) and v != current]
    return current, sorted(prior)


def write_versions(corpus: Corpus, writer: SiteWriter, engine: Engine) -> list[URIRef]:
    """Each version IRI's page, Turtle and JSON-LD (where its path is a plain one with no entity page
    of its own); the version IRIs written."""
    current, prior = ontology_versions(corpus)
    info = [str(v) for v in corpus.values(URIRef(ONTOLOGY), OWL.versionInfo)]
    written = []
    for iri in ([current] if current is not None else []) + prior:
        try:
            stem = str(page_stem(str(iri)))
        except RefusedIri:
            continue
        if iri in corpus.pages:
            continue
        if iri == current:
            text = resources.read_text("ontology/filmgraph.ttl")
            turtle, json_ld = text, as_jsonld(parse_text(text, "ontology/filmgraph.ttl"))
        else:
            card = entity_card(engine, iri)
            turtle, json_ld = as_turtle(card, corpus.prefixes), as_jsonld(card)
        writer.write(f"{stem}.ttl", turtle)
        writer.write(f"{stem}.jsonld", json_ld)
        title = f"Ontology version {stem.rsplit('/', 1)[-1]}"
        writer.write(f"{stem}.html", render("version.html", f"{stem}.html", title=title, iri=str(iri),
                                            current=str(current) if current else None, is_current=iri == current,
                                            version=info[0] if info else None, ontology=ONTOLOGY))
        written.append(iri)
    return written


def write_download_indexes(writer: SiteWriter, folder: str, listed: Sequence[Mapping[str, Any]]) -> None:
    """An index page for the downloads' folder (``dist/VERSION/``) and, above it, for ``dist/``."""
    here = f"{folder}/index.html"
    files = [{**entry, "href": str(entry["name"])} for entry in listed]
    writer.write(here, render("downloads.html", here, title=f"Downloads: {folder}/", folder=folder, files=files,
                              folders=[]))
    if "/" in folder:
        top, version = folder.split("/", 1)
        writer.write(f"{top}/index.html", render("downloads.html", f"{top}/index.html", title=f"Downloads: {top}/",
                                                 folder=top, files=[], folders=[f"{version}/"]))


def write_shapes(corpus: Corpus, writer: SiteWriter) -> None:
    """The shapes' document: ``shapes.ttl`` and ``shapes.jsonld`` (``ontology/shapes.ttl``), and a page
    with an anchor per shape, the terms it applies to and its message (unless an entity has that page)."""
    if URIRef(SHAPES) in corpus.pages:
        return
    text = resources.read_text(resources.SHAPES_FILE)
    writer.write("shapes.ttl", text)
    writer.write("shapes.jsonld", as_jsonld(parse_text(text, resources.SHAPES_FILE)))
    found: dict[str, dict[str, Any]] = {}
    for term, shapes in shapes_by_term().items():
        for shape in shapes:
            if str(shape.iri).startswith(SHAPES + "#"):
                entry = found.setdefault(str(shape.iri), {"id": str(shape.iri)[len(SHAPES) + 1:], "iri": str(shape.iri),
                                                          "terms": [], "messages": []})
                entry["terms"].append({"text": corpus.label(term), "href": corpus.pages.get(term)})
                if shape.message and shape.message not in entry["messages"]:
                    entry["messages"].append(shape.message)
    writer.write("shapes.html", render("shapes.html", "shapes.html", title="SHACL shapes", iri=SHAPES,
                                       shapes=[found[k] for k in sorted(found)]))
