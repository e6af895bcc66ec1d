"""The site in a real browser: Debian's headless Chromium opens its pages from a local server.

Each page must load with nothing in the console (no failed load, no script error), show something
(a screenshot of more than a handful of colours) and be browsable by clicks: from the home page to
the film, from the film to a character, and back. The pictures must be drawn by the browser (an
image of non-zero size) and their names must be text the browser can find.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import console_problems, distinct_colours, headless_chromium, require_chromium, static_server
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from filmgraph.site import build_site

ROOT = Path(__file__).resolve().parents[1]
FILM_PAGE = "film/stalker-1979.html"
WRITER = "https://w3id.org/filmgraph/stalker-1979/character/writer"
TIMELINE_PAGE = "_site/pictures/film/stalker-1979/{lang}.html"


@functools.cache
def _plot_summary_graph() -> Graph:
    return Graph().parse(ROOT / "data" / "stalker.ttl")


def label(iri: str, lang: str) -> str:
    """The label the plot-summary graph gives ``iri`` in ``lang`` (read from the Turtle, not the site)."""
    for value in _plot_summary_graph().objects(URIRef(iri), RDFS.label):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    raise AssertionError(f"no {lang} label for {iri}")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    out = tmp_path_factory.mktemp("browser-site") / "site"
    build_site(out)
    with static_server(out) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with headless_chromium() as driver:
        yield driver


def open_page(browser: Any, url: str) -> None:
    """Load ``url`` and wait until the document and its images are complete."""
    console_problems(browser)  # drop what earlier pages logged
    browser.get(url)
    browser.execute_script(
        "return await Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null)))"
    )


def assert_shown_cleanly(browser: Any) -> None:
    """Nothing in the console and a screenshot that is not blank."""
    assert console_problems(browser) == []
    assert distinct_colours(browser.get_screenshot_as_png()) > 20


@pytest.mark.parametrize("path", ["index.html", FILM_PAGE, "stalker-1979/character/writer.html", "ontology.html"])
def test_a_page_opens_without_console_errors_and_is_not_blank(browser: Any, base_url: str, path: str) -> None:
    open_page(browser, base_url + path)
    assert browser.title.strip()
    assert_shown_cleanly(browser)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_timeline_is_drawn_and_its_names_are_text(browser: Any, base_url: str, lang: str) -> None:
    open_page(browser, base_url + TIMELINE_PAGE.format(lang=lang))
    assert_shown_cleanly(browser)
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.src, i.naturalWidth, i.naturalHeight])"
    )
    timeline = [image for image in images if "timeline" in image[0]]
    assert timeline and all(width > 0 and height > 0 for _src, width, height in timeline)
    # The SVG opened on its own: the browser finds the Writer's name in it as text.
    open_page(browser, timeline[0][0])
    svg_text = browser.execute_script("return document.documentElement.textContent")
    assert label(WRITER, lang) in svg_text


def test_clicking_from_the_home_page_to_a_character_and_back(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, base_url + "index.html")
    browser.find_element(By.CSS_SELECTOR, f'a[href="{FILM_PAGE}"]').click()
    assert browser.current_url == base_url + FILM_PAGE
    browser.find_element(By.PARTIAL_LINK_TEXT, "Every character").click()
    browser.find_element(By.LINK_TEXT, label(WRITER, "en")).click()
    assert browser.current_url == base_url + "stalker-1979/character/writer.html"
    assert label(WRITER, "ru") in browser.find_element(By.TAG_NAME, "body").text
    browser.find_element(By.LINK_TEXT, "Home").click()
    assert browser.current_url == base_url + "index.html"
    assert_shown_cleanly(browser)
