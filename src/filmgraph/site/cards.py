"""Each page's RDF: the entity card (``queries/entity-card.rq``), embedded as JSON-LD and written
beside the page as Turtle and JSON-LD, and the entity's part of its film's schema.org view
(``queries/schema-org-view.rq``), embedded as a second JSON-LD block.

The JSON-LD is expanded (no context to fetch): a page's embedded graph is exactly the card
``filmgraph query entity-card`` answers, which a test checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.term import Node

from .. import jsonld, rdfc
from ..graph import new_graph
from ..queries import Query, load_query
from ..querying import query
from ..turtle import to_turtle
from .collect import NO_NAMES

if TYPE_CHECKING:
    from ..engines import Engine


@cache
def library_query(name: str) -> Query:
    """A library query, read and parsed once per run (a site runs the entity card once per entity)."""
    return load_query(name)


def entity_card(engine: Engine, iri: URIRef, lang: str = "en") -> Graph:
    """The entity card of ``iri``: every statement about it and pointing to it, with labels."""
    result = query(library_query("entity-card"), engine=engine, naming=NO_NAMES, entity=iri, lang=lang)
    return result.graph if result.graph is not None else new_graph()


def as_jsonld(graph: Graph) -> str:
    """Expanded JSON-LD of ``graph``, canonical blank node labels, for a page or a ``.jsonld`` file."""
    return jsonld.dumps(jsonld.expanded_from_triples(rdfc.canonical_triples(graph)))


def as_turtle(graph: Graph, prefixes: Mapping[str, str]) -> str:
    """Canonical Turtle of ``graph`` with ``prefixes``."""
    return to_turtle(graph, prefixes=prefixes)


def for_script(text: str) -> str:
    """JSON text made safe inside an HTML ``<script>`` element (``</`` and ``<!--`` cannot end it)."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def schema_views(engine: Engine, films: list[URIRef], lang: str = "en") -> dict[Node, Graph]:
    """The films' schema.org views (fiction marked as fiction), split by subject: each node's
    statements in the view of any film that describes it."""
    parts: dict[Node, Graph] = defaultdict(new_graph)
    for film in films:
        result = query(library_query("schema-org-view"), engine=engine, naming=NO_NAMES, film=film, lang=lang)
        for triple in result.graph if result.graph is not None else ():
            parts[triple[0]].add(triple)
    return dict(parts)
