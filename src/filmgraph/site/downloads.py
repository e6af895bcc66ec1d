"""The site's downloads: the whole graph in every export format, the JSON-LD context, each film's
framed document, the VoID/DCAT description and SHA256SUMS (:func:`filmgraph.exporting.render_all`),
listed on the home page with their sizes and SHA-256 checksums."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from rdflib import Dataset

from ..catalog import base_url_for
from ..datasets import union
from ..exporting import bundled_dataset, render_all
from .output import SiteWriter
from .paths import BASE, plain_path

#: Where the downloads go when their published URL is not under the base: a folder no IRI maps to.
FALLBACK = "_downloads"


def folder_for(dataset: Dataset) -> str:
    """The folder of the downloads in the site: their published URL's path under the base
    (``dist/0.3.0``, as void.ttl gives it), so the site serves them at the URLs it lists."""
    base = base_url_for(union(dataset))
    rest = base[len(BASE):].strip("/") if base.startswith(BASE) else ""
    return rest if rest.startswith("dist") and plain_path(rest) else FALLBACK


def write_downloads(writer: SiteWriter, files: Sequence[str | os.PathLike[str]] | None
                    ) -> tuple[str, list[dict[str, Any]]]:
    """Write every file of the distribution (:func:`folder_for`); the folder, and the home page's list of
    the files (name, link, size, SHA-256)."""
    if files:
        from ..datasets import files_dataset, ontology_dataset

        dataset = files_dataset(files, dataset=ontology_dataset())
    else:
        dataset = bundled_dataset()
    rendered = render_all(dataset)
    folder = folder_for(dataset)
    listed = []
    for name, data in rendered.items():
        writer.write(f"{folder}/{name}", data)
        listed.append({"name": name, "href": f"{folder}/{name}", "size": len(data),
                       "sha256": writer.sums[f"{folder}/{name}"]})  # the writer hashed what it wrote
    return folder, listed
