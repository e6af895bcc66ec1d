"""``filmgraph site``: the bundled graph's site, built once, checked page by page."""

from __future__ import annotations

import hashlib
from collections import deque
from html import escape
from pathlib import Path

import html5lib
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDFS
from site_support import B, Page, embedded, internal_target, page_path, read_page

import filmgraph
from filmgraph.site import build_site

ONTOLOGY_FILE = Path(__file__).resolve().parents[1] / "ontology" / "filmgraph.ttl"
FG = "https://w3id.org/filmgraph/ontology#"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    summary = build_site(out)
    assert summary.out == out and summary.pages > 150 and summary.refused == []
    return out


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[Path, Page]:
    return {path.resolve(): read_page(path) for path in site.rglob("*.html")}


def subjects_under_base() -> set[str]:
    """Every IRI under the base that is a subject in the bundled dataset (read by rdflib, not the site)."""
    dataset = filmgraph.load_dataset()
    return {str(s) for s in dataset.subjects(unique=True) if isinstance(s, URIRef) and str(s).startswith(B)}


def test_every_page_parses_as_html5_without_errors(pages: dict[Path, Page]) -> None:
    parser = html5lib.HTMLParser(strict=True)
    for path in pages:
        parser.parse(path.read_bytes())  # raises on the first parse error


def test_every_internal_link_resolves_with_its_anchor(pages: dict[Path, Page]) -> None:
    checked = 0
    for path, page in pages.items():
        for _tag, _attribute, href in page.links:
            found = internal_target(path, href)
            if found is None:
                continue
            target, fragment = found
            assert target.is_file(), f"{path}: {href} leads nowhere"
            if fragment and target.suffix == ".html":
                assert fragment in pages[target].ids, f"{path}: {href}: no such anchor"
            checked += 1
    assert checked > 5000


def test_no_asset_is_fetched_from_elsewhere(site: Path, pages: dict[Path, Page]) -> None:
    for path, page in pages.items():
        for tag, attribute, value in page.links:
            if tag in ("script", "img", "link", "iframe", "source", "video", "audio", "embed"):
                assert internal_target(path, value) is not None, f"{path}: {tag} {attribute}={value} is external"
            if tag == "a":
                assert not value.startswith("javascript:"), path
    css = (site / "_site" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_every_subject_under_the_base_has_a_page(site: Path, pages: dict[Path, Page]) -> None:
    subjects = subjects_under_base()
    assert len(subjects) > 250
    reference = pages[(site / "ontology.html").resolve()]
    for iri in subjects:
        document, _, fragment = iri.partition("#")
        if fragment:
            assert document == B + "ontology", iri
            assert fragment in reference.ids, f"{iri}: not in the ontology reference"
        else:
            path = page_path(site, iri)
            assert path.is_file(), iri
            assert path.with_suffix(".ttl").is_file() and path.with_suffix(".jsonld").is_file(), iri


def test_every_entity_is_within_three_clicks_of_the_home_page(site: Path, pages: dict[Path, Page]) -> None:
    home = (site / "index.html").resolve()
    depth = {home: 0}
    queue = deque([home])
    while queue:
        here = queue.popleft()
        if depth[here] == 3:
            continue
        for _tag, _attribute, href in pages[here].links:
            found = internal_target(here, href)
            if found is not None and found[0] in pages and found[0] not in depth:
                depth[found[0]] = depth[here] + 1
                queue.append(found[0])
    for iri in subjects_under_base():
        if "#" not in iri:
            assert page_path(site, iri).resolve() in depth, f"{iri}: more than three clicks from the home page"
    assert depth[(site / "ontology.html").resolve()] == 1


def test_each_page_embeds_the_entity_card_the_query_answers(site: Path, pages: dict[Path, Page]) -> None:
    compared = 0
    for iri in sorted(subjects_under_base()):
        if "#" in iri:
            continue
        path = page_path(site, iri).resolve()
        expected = filmgraph.query("entity-card", entity=URIRef(iri)).graph
        assert expected is not None and len(expected) > 0, iri
        assert isomorphic(embedded(pages[path]), expected), iri
        if iri == B + "ontology":  # its Turtle and JSON-LD are the ontology itself
            assert isomorphic(Graph().parse(path.with_suffix(".ttl")), Graph().parse(ONTOLOGY_FILE))
            assert isomorphic(Graph().parse(path.with_suffix(".jsonld"), format="json-ld"),
                              Graph().parse(ONTOLOGY_FILE))
            continue
        beside = Graph().parse(path.with_suffix(".jsonld"), format="json-ld")
        assert isomorphic(beside, expected), iri
        assert isomorphic(Graph().parse(path.with_suffix(".ttl"), format="turtle"), expected), iri
        compared += 1
    assert compared > 150


def test_a_character_page_has_both_labels_its_statements_and_its_fiction_marked_schema_view(
        site: Path, pages: dict[Path, Page]) -> None:
    path = page_path(site, B + "stalker-1979/character/writer")
    text = path.read_text(encoding="utf-8")
    assert "the Writer" in text and 'lang="ru">Писатель<' in text
    schema = embedded(pages[path.resolve()], "schema-org")
    writer = URIRef(B + "stalker-1979/character/writer")
    assert (writer, RDF.type, URIRef("https://schema.org/Person")) in schema
    fictional = URIRef("http://www.wikidata.org/entity/Q95074")  # Wikidata's "fictional character"
    assert (writer, URIRef("https://schema.org/additionalType"), fictional) in schema
    # the statements name their graph: the plot summary's, linked to the graph's own page
    assert "../../graph/stalker-1979-plot-summary.html" in text
    # the hiring points to him: a link to the event, relative (two folders up to the site's root)
    assert '<a href="../../stalker-1979/event/stalker-hired.html">' in text


def test_an_event_page_gives_its_passage_by_position_and_a_citation(site: Path) -> None:
    text = page_path(site, B + "stalker-1979/event/stalker-hired").read_text(encoding="utf-8")
    # README, "How to cite a statement": characters 1466–1559 of the plot summary
    assert "characters 1466–1559 of Plot summary of Stalker (1979)" in text
    assert "https://w3id.org/filmgraph/stalker-1979/event/stalker-hired, stated in the graph " \
           "https://w3id.org/filmgraph/graph/stalker-1979-plot-summary (source: Plot summary of Stalker (1979), " \
           "characters 1466–1559)." in text
    assert "version 0.3.0" in text


def test_the_film_page_links_to_wikidata_and_to_its_story(site: Path) -> None:
    text = page_path(site, B + "film/stalker-1979").read_text(encoding="utf-8")
    assert 'href="http://www.wikidata.org/entity/Q200437"' in text
    assert 'href="../_site/browse/stalker-1979.html"' in text
    story = (site / "_site" / "browse" / "stalker-1979.html").read_text(encoding="utf-8")
    assert "<h1>Stalker: its story, entity by entity</h1>" in story
    # each kind under the plural of its class's label (ontology/filmgraph.ttl): fg:Character is
    # "fictional character", shown and recounted events are both fg:PlotEvent "plot event"
    for kind in ("Fictional characters", "Fictional places", "Plot events", "Motives", "Claims", "Physical objects",
                 "Themes", "Performances"):
        assert f"<h2>{kind} <small>" in story, kind
    # each entry by its label, linked to its page
    assert '<a href="../../stalker-1979/character/stalker.html">the Stalker</a>' in story


def test_the_home_page_browses_by_kind_with_readable_names(site: Path) -> None:
    home = read_page(site / "index.html")
    browse = (site / "index.html").read_text(encoding="utf-8").split('<section id="browse">')[1].split("</section>")[0]
    assert "https://w3id.org/filmgraph/" not in browse  # no IRI prefixes for a person to decode
    # the film's story by the film's name; the people (fg:Person, "person") and the real places
    assert '<a href="_site/browse/stalker-1979.html">Stalker</a>' in browse
    assert '<a href="_site/browse/person.html">People</a> (12)' in browse
    assert '<a href="_site/browse/place.html">Real places</a>' in browse
    assert '<a href="_site/browse/film.html">Films</a> (1)' in browse
    people = (site / "_site" / "browse" / "person.html").read_text(encoding="utf-8")
    assert "<h1>People</h1>" in people and "Andrei Tarkovsky</a>" in people
    assert home.links


def test_withdrawn_entities_say_so_and_link_their_replacement(site: Path) -> None:
    dataset = filmgraph.load()
    # ontology terms (hash IRIs) are kept on the reference page (below), the rest on pages of their own
    deprecated = {str(s) for s in dataset.subjects(OWL.deprecated, None) if str(s).startswith(B) and "#" not in s}
    assert B + "stalker-1979/event/crossing-the-fields" in deprecated
    for iri in deprecated:
        text = page_path(site, iri).read_text(encoding="utf-8")
        assert "<h2>Withdrawn</h2>" in text, iri
    crossing = page_path(site, B + "stalker-1979/event/crossing-the-fields").read_text(encoding="utf-8")
    assert 'It is replaced by <a href="../../stalker-1979/event/journey-through-fields-and-tunnels.html">' in crossing
    # and why, in the curators' note (data/stalker.ttl)
    assert '<p class="note">Withdrawn: the summary does not put the fields before the tunnels' in crossing
    grinder = page_path(site, B + "stalker-1979/event/meat-grinder").read_text(encoding="utf-8")
    assert "Nothing replaces it." in grinder
    live = page_path(site, B + "stalker-1979/event/journey-through-fields-and-tunnels").read_text(encoding="utf-8")
    assert "<h2>Withdrawn</h2>" not in live


def test_deprecated_ontology_terms_keep_their_entry_with_their_replacement(site: Path) -> None:
    """fg:Agent, fg:genre and fg:passage were renamed; the reference still answers for them (docs/iri-policy.md)."""
    text = (site / "ontology.html").read_text(encoding="utf-8")
    deprecated = text.split("<h2>Deprecated terms</h2>", 2)[2]
    for old, new in (("Agent", "RealAgent"), ("genre", "hasGenre"), ("passage", "supportingPassage")):
        entry = deprecated.split(f'<article class="term" id="{old}">', 1)[1].split("</article>", 1)[0]
        assert f'Replaced by <a href="#{new}">' in entry, old
        assert f'<article class="term" id="{new}">' in text.split("<h2>Deprecated terms</h2>", 2)[1]


def test_the_home_page_lists_downloads_with_true_checksums_and_the_statistics(site: Path) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    downloads = sorted(p for p in (site / "dist" / "0.3.0").iterdir() if p.name != "index.html")  # the folder's page
    assert {p.name for p in downloads} >= {"filmgraph.ttl", "filmgraph.nq", "filmgraph.trig", "filmgraph.jsonld",
                                            "void.ttl", "SHA256SUMS"}
    for path in downloads:
        assert f'href="dist/0.3.0/{path.name}"' in text
        assert hashlib.sha256(path.read_bytes()).hexdigest() in text, path.name
    stats = filmgraph.stats()
    for kind, count in stats.items():
        assert f"<tr><th>{kind}</th><td class=\"number\">{count}</td></tr>" in text, kind
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in text
    assert "How to cite a statement" in text and "version 0.3.0" in text
    assert 'href="ontology.html"' in text


def test_the_home_page_cites_the_dataset_as_citation_cff_does(site: Path) -> None:
    """Authors, title, version, year, URL and the licence by its name (linked), as CITATION.cff says."""
    import re

    import yaml

    cff = yaml.safe_load((Path(__file__).resolve().parents[1] / "CITATION.cff").read_text(encoding="utf-8"))
    cited = cff["preferred-citation"]
    home = (site / "index.html").read_text(encoding="utf-8")
    paragraph = home.split("<h3>How to cite the dataset</h3>", 1)[1].split("</p>", 1)[0]
    text = re.sub(r"<[^>]+>", "", paragraph).strip()
    authors = " and ".join(author["name"] for author in cited["authors"])
    licence = cited["license"].replace("-", " ")  # the SPDX id CC-BY-4.0 is the licence CC BY 4.0
    assert text.startswith(f"{authors}, {cited['title']}, version {cited['version']}, {cited['year']}, ")
    assert f", {cited['url']}, " in text and text.endswith(f"{licence}.")
    assert 'href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in paragraph
    # the licence is named on the page, not given by a bare URL
    licence_entry = home.split('<dt id="licence">Licence</dt>', 1)[1].split("</dd>", 1)[0]
    assert ">CC BY 4.0</a>" in licence_entry


def test_the_ontology_reference_covers_every_class_and_property(site: Path) -> None:
    ontology = Graph().parse(ONTOLOGY_FILE)
    text = (site / "ontology.html").read_text(encoding="utf-8")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {str(s) for kind in kinds for s in ontology.subjects(RDF.type, kind) if str(s).startswith(FG)}
    assert len(terms) > 60
    for term in terms:
        assert f'id="{term[len(FG):]}"' in text, term
        entry = text[text.index(f'id="{term[len(FG):]}"'):]
        entry = entry[: entry.index("</article>")]
        russian = [label for label in ontology.objects(URIRef(term), RDFS.label) if label.language == "ru"]
        assert f'<dt>Label (ru)</dt><dd lang="ru">{escape(str(russian[0]))}</dd>' in entry, term
    assert '<dd lang="ru">—</dd>' not in text  # no term without its Russian label
    entry = text[text.index('id="playsCharacter"'):]
    entry = entry[: entry.index("</article>")]
    assert '<dt>Domain</dt><dd><a href="#Performance">' in entry and '<dt>Range</dt><dd><a href="#Character">' in entry
    character = text[text.index('id="Character"'):]
    character = character[: character.index("</article>")]
    assert 'href="https://schema.org/Person">schema:Person</a>' in character  # alignments.ttl
    assert "<code>fictional character</code>" in character  # fgsh:CharacterShape, by its sh:name


def test_the_htaccess_maps_the_three_media_types(site: Path) -> None:
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteRule ^(.+)$ $1.ttl [L]" in rules and "RewriteRule ^(.+)$ $1.jsonld [L]" in rules
    assert "RewriteRule ^(.+)$ $1.html [L]" in rules


def test_the_film_has_its_pictures_in_english_and_russian(site: Path) -> None:
    film = page_path(site, B + "film/stalker-1979").read_text(encoding="utf-8")
    folder = site / "_site" / "pictures" / "film" / "stalker-1979"
    for name in ("timeline", "characters", "places"):
        assert f'<img src="../_site/pictures/film/stalker-1979/{name}-en.svg"' in film, name
        for lang in ("en", "ru"):
            assert f'src="{name}-{lang}.svg"' in (folder / f"{lang}.html").read_text(encoding="utf-8")
    russian = (folder / "ru.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in russian and 'href="en.html"' in russian
    # the Russian timeline names the characters by their Russian labels (data/stalker.ttl)
    assert "Сталкер" in (folder / "timeline-ru.svg").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count('href="_site/pictures/film/stalker-1979/ru.html"') == 1  # the film listed once
