"""A static website of the dataset (``filmgraph site OUT/``): a home page, the ontology reference,
one page per entity at a path mirroring its IRI, downloads and the ``.htaccess`` for w3id.org.

    >>> from filmgraph.site import build_site
    >>> summary = build_site("site/")
"""

from __future__ import annotations

from .build import SiteSummary, build_site

__all__ = ["SiteSummary", "build_site"]
