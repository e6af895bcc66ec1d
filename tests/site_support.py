"""Helpers for the site tests: reading a built site's pages, links, ids and embedded JSON-LD."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rdflib import Graph

B = "https://w3id.org/filmgraph/"


class Page(HTMLParser):
    """One HTML page's links (``a``/``link`` href, ``img``/``script`` src), ids and JSON-LD blocks."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.scripts: dict[str, str] = {}
        self._script: str | None = None
        self._text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        for attribute in ("href", "src"):
            if attribute in values:
                self.links.append((tag, attribute, values[attribute]))
        if tag == "script":
            self._script = values.get("id", "")
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts[self._script] = "".join(self._text)
            self._script = None


def read_page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def internal_target(page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points to; None for an external link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    target = page if not parts.path else (page.parent / unquote(parts.path))
    return target.resolve(), parts.fragment


def embedded(page: Page, block: str = "entity-card") -> Graph:
    """The graph of a page's embedded JSON-LD block (parsed by rdflib's JSON-LD parser)."""
    data = json.loads(page.scripts[block])
    return Graph().parse(data=json.dumps(data), format="json-ld")


def page_path(out: Path, iri: str) -> Path:
    """The page of an IRI under the base, as the site's path scheme puts it."""
    return out / (iri[len(B):] + ".html")
