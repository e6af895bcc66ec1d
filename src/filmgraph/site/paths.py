"""Where each IRI's page goes in the site: a path under ``OUT/`` mirroring the IRI, or a refusal.

``https://w3id.org/filmgraph/FILM/character/writer`` gets ``FILM/character/writer.html``,
with ``writer.ttl`` and ``writer.jsonld`` beside it (the ``.htaccess`` maps the IRI to the three by
content negotiation). Only IRIs under the base get a page, and only when every path segment is a
plain name (letters, digits, ``-``, ``_``, ``.``, ``~``; not ``.`` or ``..``): an IRI with a
percent-encoded character (``%2F``), a backslash, an empty segment, a query or a name that would
clash with the site's own files is refused, so no page is ever written outside ``OUT/``.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..errors import InputError

#: The base every page's IRI starts with (the dataset's void:uriSpace).
BASE = "https://w3id.org/filmgraph/"
#: The ontology document, whose page is the ontology reference (its terms are anchors in it).
ONTOLOGY = BASE + "ontology"
#: One path segment of an IRI that gets a page: a plain name, never starting with a dot or underscore.
_SEGMENT = re.compile(r"[A-Za-z0-9~-][A-Za-z0-9._~-]*")
#: Suffixes of the files beside a page: a segment ending in one would clash with another IRI's file.
SUFFIXES = (".html", ".ttl", ".jsonld")
#: First segments the site keeps for itself: the home page ``index.html``, the JSON-LD context
#: ``context.jsonld`` (published at its IRI) and the downloads under ``dist/``.
RESERVED = frozenset({"index", "context", "dist"})


class RefusedIri(InputError):
    """An IRI whose page would not be a plain path under ``OUT/``."""


def page_stem(iri: str) -> PurePosixPath:
    """The path, relative to ``OUT/`` and without suffix, of the page of ``iri`` (add ``.html``,
    ``.ttl`` or ``.jsonld``); RefusedIri for an IRI outside the base or one that could escape ``OUT/``."""
    if not iri.startswith(BASE):
        raise RefusedIri(f"{iri}: not under {BASE}; it gets no page")
    rest = iri[len(BASE):]
    for bad, why in (("%", "a percent-encoded character"), ("\\", "a backslash"), ("?", "a query"),
                     ("#", "a fragment"), ("\x00", "a NUL character")):
        if bad in rest:
            raise RefusedIri(f"{iri}: {why} in the path; it gets no page")
    segments = rest.split("/")
    if not rest or any(not _SEGMENT.fullmatch(s) for s in segments):
        raise RefusedIri(f"{iri}: an empty, dot or unusual path segment; it gets no page")
    if segments[0] in RESERVED or any(s.endswith(SUFFIXES) for s in segments):
        raise RefusedIri(f"{iri}: its page would clash with the site's own files; it gets no page")
    return PurePosixPath(*segments)


def plain_path(path: str) -> bool:
    """Whether ``path`` (relative, ``/``-separated) is made of plain segments only, as a page's is."""
    return all(_SEGMENT.fullmatch(segment) for segment in path.split("/"))


def page_of(iri: str) -> PurePosixPath | None:
    """The page (relative ``….html`` path) of ``iri``, with an anchor for a term of the ontology
    (``ontology.html#Film``); None where the IRI gets no page."""
    document, hash_, fragment = iri.partition("#")
    try:
        stem = page_stem(document)
    except RefusedIri:
        return None
    if hash_ and document != ONTOLOGY:
        return None
    return PurePosixPath(f"{stem}.html{'#' + fragment if fragment else ''}")


def relative(target: str, here: str) -> str:
    """A relative URL from the page at ``here`` to ``target`` (both paths relative to ``OUT/``)."""
    target_path, hash_, fragment = target.partition("#")
    if target_path == here and hash_:
        return hash_ + fragment  # an anchor on the same page
    up = len(PurePosixPath(here).parts) - 1
    return "../" * up + target_path + (hash_ + fragment)
