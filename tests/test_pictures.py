"""The pictures (issue 13): SVG a person reads and a test can search.

Every expectation is read from the Turtle files with rdflib (labels, positions, participants,
places, ``fg:partOf``), never from the library queries the pictures are drawn from; the SVG is
parsed as XML and searched as text, the way a reader's browser or a search engine sees it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from corpus_support import FILM as CORPUS_FILM
from corpus_support import write_corpus
from defusedxml import ElementTree
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from story_support import stalker_files_graph

from filmgraph.cli import main
from filmgraph.pictures import PICTURES, film_pictures, picture
from filmgraph.stores import bundled_store

ROOT = Path(__file__).resolve().parents[1]
FG = Namespace("https://w3id.org/filmgraph/ontology#")
FILM = URIRef("https://w3id.org/filmgraph/film/stalker-1979")
LANGS = ("en", "ru")
SVG_NS = "{http://www.w3.org/2000/svg}"
ROW_TOLERANCE = 6.0  # points: texts centred on one row of the timeline differ by a descender at most


@dataclass(frozen=True)
class Text:
    """One <text> element: its words, where it is (points from the top left), and its style."""

    words: str
    x: float
    y: float
    style: str


def _position(element: object) -> tuple[float, float]:
    get = element.get  # type: ignore[attr-defined]
    if get("x") is not None:
        return float(get("x")), float(get("y"))
    moved = re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", get("transform") or "")
    assert moved, f"a text element with no position: {get('transform')}"
    return float(moved[1]), float(moved[2])


def texts(svg: str) -> list[Text]:
    """Every text element of ``svg`` (which must parse as XML, with no DTD or entity)."""
    root = ElementTree.fromstring(svg.encode("utf-8"), forbid_dtd=True)
    found = []
    for element in root.iter(f"{SVG_NS}text"):
        x, y = _position(element)
        found.append(Text("".join(element.itertext()), x, y, element.get("style") or ""))
    return found


def words(svg: str) -> set[str]:
    return {t.words for t in texts(svg)}


# --- what the data says, read with rdflib -------------------------------------------------------


@pytest.fixture(scope="module")
def data() -> Graph:
    return stalker_files_graph()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(ROOT / "ontology" / "filmgraph.ttl", format="turtle")
    return graph


def name(graph: Graph, node: URIRef, lang: str) -> str:
    """The node's label in ``lang``, else in English (the pictures' rule, as the queries state it)."""
    labels = {label.language: str(label) for label in graph.objects(node, RDFS.label) if isinstance(label, Literal)}
    return labels.get(lang) or labels["en"]


def events(graph: Graph, film: URIRef) -> list[URIRef]:
    """The film's events in story order (ties by screen order)."""
    found = [e for e in graph.subjects(FG.inFilm, film) if (e, FG.storyPosition, None) in graph]

    def key(event: URIRef) -> tuple[int, int]:
        return int(graph.value(event, FG.storyPosition)), int(graph.value(event, FG.screenPosition) or 0)

    return sorted(found, key=key)


def characters(graph: Graph, film: URIRef) -> list[URIRef]:
    return sorted(c for c in graph.objects(film, FG.hasCharacter) if isinstance(c, URIRef))


def told(graph: Graph, event: URIRef) -> bool:
    return (event, RDF.type, FG.RecountedEvent) in graph


def places(graph: Graph, film: URIRef) -> set[URIRef]:
    """The places the film's events happen at, and every place around them."""
    found: set[URIRef] = set()
    for event in events(graph, film):
        for place in graph.objects(event, FG.location):
            found.update(p for p in graph.transitive_objects(place, FG.partOf) if isinstance(p, URIRef))
    return found


@pytest.fixture(scope="module")
def drawn() -> dict[str, dict[str, str]]:
    store = bundled_store()
    return {lang: film_pictures(store, FILM, lang) for lang in LANGS}


# --- well-formed and self-contained -------------------------------------------------------------


def test_the_api_gives_the_three_pictures(drawn: dict[str, dict[str, str]]) -> None:
    assert PICTURES == ("timeline", "characters", "places")
    for lang in LANGS:
        assert set(drawn[lang]) == set(PICTURES)
        for svg in drawn[lang].values():
            root = ElementTree.fromstring(svg.encode("utf-8"), forbid_dtd=True)
            assert root.tag == f"{SVG_NS}svg"
            assert len(texts(svg)) > 10  # text kept as text, not glyph paths


def _attributes(svg: str) -> Iterator[tuple[str, str, str]]:
    for element in ElementTree.fromstring(svg.encode("utf-8")).iter():
        for key, value in element.attrib.items():
            yield element.tag, key, value


def test_nothing_refers_outside_the_file(drawn: dict[str, dict[str, str]]) -> None:
    for lang in LANGS:
        for kind, svg in drawn[lang].items():
            assert "<!DOCTYPE" not in svg and "<!ENTITY" not in svg, kind
            for tag, key, value in _attributes(svg):
                assert not tag.endswith(("}image", "}script", "}foreignObject")), (kind, tag)
                if key.endswith("href"):
                    assert value.startswith("#"), (kind, key, value)
                assert "://" not in value, (kind, tag, key, value)  # namespaces are declarations, not attributes
                for target in re.findall(r"url\(([^)]*)\)", value):
                    assert target.startswith("#"), (kind, key, value)
            assert "@import" not in svg and "@font-face" not in svg, kind


def test_the_same_graph_gives_the_same_bytes(drawn: dict[str, dict[str, str]]) -> None:
    again = film_pictures(bundled_store(), FILM, "ru")
    assert again == drawn["ru"]


# --- the timeline -------------------------------------------------------------------------------


def _row_of(found: list[Text], label: str) -> Text:
    """The event's text: its label, or its label followed by who tells it."""
    matches = [t for t in found if t.words == label or t.words.startswith(f"{label} (")]
    assert len(matches) == 1, (label, [t.words for t in matches])
    return matches[0]


@pytest.mark.parametrize("lang", LANGS)
def test_the_timeline_names_every_event_in_story_order(drawn: dict[str, dict[str, str]], data: Graph,
                                                       lang: str) -> None:
    found = texts(drawn[lang]["timeline"])
    ordered = events(data, FILM)
    assert len(ordered) == 32
    rows = [_row_of(found, name(data, event, lang)) for event in ordered]
    heights = [row.y for row in rows]
    assert heights == sorted(heights) and len(set(heights)) == len(heights)  # one row each, top to bottom
    for event, row in zip(ordered, rows, strict=True):  # told apart from shown
        assert ("italic" in row.style) == told(data, event), row.words
        teller = data.value(event, FG.recountedBy)
        if teller is not None:
            assert name(data, teller, lang) in row.words
    numbers = {t.words for t in found if abs(t.y - rows[0].y) < ROW_TOLERANCE}
    assert "1" in numbers  # the mentor's story comes first in the story ...
    screen_first = [t for t in found if t.words == str(data.value(ordered[0], FG.screenPosition))]
    assert any(t.y > rows[20].y for t in screen_first)  # ... and is told late on screen


@pytest.mark.parametrize("lang", LANGS)
def test_the_timeline_puts_each_event_at_its_place(drawn: dict[str, dict[str, str]], data: Graph, lang: str) -> None:
    found = texts(drawn[lang]["timeline"])
    for event in events(data, FILM):
        row = _row_of(found, name(data, event, lang))
        beside = [t.words for t in found if abs(t.y - row.y) < ROW_TOLERANCE and t.x > row.x]
        for place in data.objects(event, FG.location):
            assert any(name(data, place, lang) in words for words in beside), (row.words, beside)


@pytest.mark.parametrize("lang", LANGS)
def test_the_timeline_has_a_column_for_everyone_taking_part(drawn: dict[str, dict[str, str]], data: Graph,
                                                            lang: str) -> None:
    svg = drawn[lang]["timeline"]
    taking_part = {(e, p) for e in events(data, FILM) for p in data.objects(e, FG.participant)}
    for _event, someone in taking_part:
        assert name(data, someone, lang) in words(svg)
    markers = len(re.findall(r"<use ", svg))
    assert markers == len(taking_part) + 2  # a dot for each, and one in each of the legend's two lines


# --- the characters' network -------------------------------------------------------------------


def related_properties(data: Graph, ontology: Graph) -> set[URIRef]:
    """The relations (sub-properties of fg:relatedTo) the data states between the film's characters."""
    cast = set(characters(data, FILM))
    related = set(ontology.transitive_subjects(RDFS.subPropertyOf, FG.relatedTo)) - {FG.relatedTo}
    return {p for s, p, o in data if s in cast and o in cast and p in related}


@pytest.mark.parametrize("lang", LANGS)
def test_the_network_names_every_character_and_relation(drawn: dict[str, dict[str, str]], data: Graph,
                                                        ontology: Graph, lang: str) -> None:
    """Each relation is drawn once, in one direction or the other, under the ontology's label in ``lang``."""
    shown = words(drawn[lang]["characters"])
    for character in characters(data, FILM):
        assert name(data, character, lang) in shown
    stated = related_properties(data, ontology)
    assert {FG.spouseOf, FG.parentOf, FG.mentorOf, FG.siblingOf, FG.clientOf} <= stated
    inverse = {p: q for p, q in ontology.subject_objects(OWL.inverseOf)
               if isinstance(p, URIRef) and isinstance(q, URIRef)}
    inverse |= {q: p for p, q in inverse.items()}
    for prop in stated:
        assert name(ontology, prop, lang) in shown or name(ontology, inverse.get(prop, prop), lang) in shown, prop
    if lang == "ru":  # the Russian drawing says "супруг(а)", not "spouse of"
        assert "супруг(а)" in shown and "spouse of" not in shown


def test_every_relation_between_characters_has_a_russian_name(ontology: Graph) -> None:
    """The Russian drawing takes the relations' names from the ontology: each has one, not the English one."""
    for prop in ontology.transitive_subjects(RDFS.subPropertyOf, FG.relatedTo):
        if (prop, RDFS.domain, FG.Character) in ontology or (prop, RDFS.range, FG.Character) in ontology:
            russian = [label for label in ontology.objects(prop, RDFS.label)
                       if isinstance(label, Literal) and label.language == "ru"]
            assert len(russian) == 1 and str(russian[0]) != name(ontology, prop, "en"), prop


def test_the_network_counts_the_events_two_characters_share(drawn: dict[str, dict[str, str]], data: Graph) -> None:
    shown = words(drawn["en"]["characters"])
    cast = characters(data, FILM)
    for index, one in enumerate(cast):
        for other in cast[index + 1:]:
            together = [e for e in events(data, FILM)
                        if (e, FG.participant, one) in data and (e, FG.participant, other) in data]
            on_screen = [e for e in together if not told(data, e)]
            if together:
                assert f"{len(on_screen) or len(together)} together" in shown, (one, other)
    assert "20 together" in shown  # the Stalker and his two clients, from the bar to the Room


# --- the places --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_places_nest_inside_the_places_containing_them(drawn: dict[str, dict[str, str]], data: Graph,
                                                           lang: str) -> None:
    found = {t.words: t for t in texts(drawn[lang]["places"])}
    used = places(data, FILM)
    assert len(used) == 16
    for place in used:
        assert name(data, place, lang) in found, place
    for place in used:
        for around in data.objects(place, FG.partOf):
            inner, outer = found[name(data, place, lang)], found[name(data, around, lang)]
            assert inner.x > outer.x and inner.y > outer.y, (place, around)  # inside its box, below its name
    room, complex_, zone = (found[name(data, URIRef(f"https://w3id.org/filmgraph/stalker-1979/setting/{slug}"), lang)]
                            for slug in ("room", "industrial-complex", "zone"))
    assert room.x > complex_.x > zone.x


# --- languages ---------------------------------------------------------------------------------


def test_the_russian_pictures_carry_the_russian_names(drawn: dict[str, dict[str, str]], data: Graph) -> None:
    russian = {kind: words(svg) for kind, svg in drawn["ru"].items()}
    english = {kind: words(svg) for kind, svg in drawn["en"].items()}
    for event in events(data, FILM):
        assert any(t.startswith(name(data, event, "ru")) for t in russian["timeline"])
        assert not any(t.startswith(name(data, event, "en")) for t in russian["timeline"])
    for character in characters(data, FILM):
        assert name(data, character, "ru") in russian["characters"]
        assert name(data, character, "en") not in russian["characters"]
    assert {"Зона", "Комната", "Мясорубка"} <= russian["places"]
    assert "the Zone" in english["places"] and "the Zone" not in russian["places"]
    for kind in PICTURES:  # the titles too
        assert any(t.startswith("Сталкер (1979): ") for t in russian[kind]), kind
        assert any(t.startswith("Stalker (1979): ") for t in english[kind]), kind


# --- several films ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(3, tmp_path_factory.mktemp("pictures-corpus"))


def test_a_film_of_several_shows_only_its_own_story(corpus: Path) -> None:
    graph = Graph()
    for path in sorted((corpus / "data").rglob("*.ttl")):
        graph.parse(path, format="turtle")
    store = bundled_store(base=corpus)
    drawn = film_pictures(store, CORPUS_FILM, "en")
    own = events(graph, CORPUS_FILM)
    others = {name(graph, e, "en") for film in graph.subjects(RDF.type, FG.Film) if film != CORPUS_FILM
              for e in events(graph, film)} - {name(graph, e, "en") for e in own}
    assert own and others  # the film is cut short: the others' later events are not in it
    timeline = words(drawn["timeline"])
    for event in own:
        assert any(t == name(graph, event, "en") or t.startswith(f"{name(graph, event, 'en')} (") for t in timeline)
    assert not any(t.split(" (")[0] in others for t in timeline)
    assert any(t.startswith("Synthetic film 3") for t in timeline)
    shown_places = words(drawn["places"])
    assert {name(graph, p, "en") for p in places(graph, CORPUS_FILM)} <= shown_places
    for character in characters(graph, CORPUS_FILM):
        assert name(graph, character, "en") in words(drawn["characters"])


# --- the command --------------------------------------------------------------------------------


def test_the_command_writes_the_picture_the_api_draws(tmp_path: Path) -> None:
    out = tmp_path / "timeline.svg"
    done = subprocess.run([sys.executable, "-m", "filmgraph", "picture", "timeline", "--lang", "ru", "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == picture(bundled_store(), "timeline", FILM, "ru")  # across processes
    printed = subprocess.run([sys.executable, "-m", "filmgraph", "picture", "places", "--film", "stalker-1979"],
                             capture_output=True, text=True, timeout=300)
    assert printed.returncode == 0 and printed.stdout.startswith("<?xml"), printed.stderr
    assert "note:" not in done.stderr + printed.stderr  # a film with a story draws without a note


def test_a_film_without_a_story_is_drawn_with_a_note(tmp_path: Path) -> None:
    data = tmp_path / "empty.ttl"
    data.write_text("<https://w3id.org/filmgraph/film/empty-2000> a <https://w3id.org/filmgraph/ontology#Film> .\n",
                    encoding="utf-8")
    out = tmp_path / "places.svg"
    done = subprocess.run([sys.executable, "-m", "filmgraph", "picture", "places", "--data", str(data), "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and out.read_text(encoding="utf-8").startswith("<?xml")
    assert "note: https://w3id.org/filmgraph/film/empty-2000 has no events and no characters" in done.stderr


@pytest.mark.parametrize("argv, message", [
    (["picture", "cast"], "invalid choice"),
    (["picture", "timeline", "--lang", "de"], "invalid choice"),
    (["picture", "timeline", "--film", "solaris"], "no film 'solaris'"),
    (["picture", "places", "--data", "no-such-file.ttl"], "no-such-file.ttl"),
    (["picture", "places", "-o", ""], "--out needs a file name"),
    (["picture", "places", "-o", "/no/such/folder/places.svg"], "cannot write"),
])
def test_bad_input_is_one_line_and_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors exit from the parser
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("filmgraph: ") and message in lines[0], captured.err


def test_an_unknown_picture_or_language_is_refused_by_the_api() -> None:
    from filmgraph.errors import UsageError

    with pytest.raises(UsageError, match="unknown picture"):
        picture(bundled_store(), "cast", FILM, "en")
    with pytest.raises(UsageError, match="unknown language"):
        picture(bundled_store(), "timeline", FILM, "fr")


def test_an_engine_a_store_and_an_rdflib_graph_give_the_same_pictures(drawn: dict[str, dict[str, str]]) -> None:
    from filmgraph.datasets import load_dataset
    from filmgraph.engines import OxigraphEngine

    assert film_pictures(OxigraphEngine(bundled_store()), FILM, "en") == drawn["en"]
    assert film_pictures(load_dataset(), FILM, "en") == drawn["en"]


HOSTILE = r'''
@prefix fg: <https://w3id.org/filmgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/film/x> a fg:Film ; rdfs:label "Costs $5, or $x^2$ <b>&amp;</b>"@en ;
    fg:hasCharacter <https://example.org/c/a> .
<https://example.org/c/a> a fg:Character ; rdfs:label "A\u0001B\nC $\\alpha$"@en .
<https://example.org/e/1> a fg:ShownEvent ; fg:inFilm <https://example.org/film/x> ; fg:storyPosition 1 ;
    fg:participant <https://example.org/c/a> ; rdfs:label "It ]]> happens & <script>"@en ;
    fg:location <https://example.org/p/1> .
<https://example.org/p/1> a fg:FictionalPlace ; rdfs:label "Here\u2028there"@en .
'''


def test_names_are_drawn_as_written_not_read_as_markup_or_tex() -> None:
    """Dollar signs are not TeX, angle brackets not markup; what XML cannot hold becomes a space."""
    graph = Graph().parse(data=HOSTILE, format="turtle")
    assert len(graph) == 13
    drawn = film_pictures(graph, URIRef("https://example.org/film/x"), "en")
    for kind, svg in drawn.items():
        shown = words(svg)  # parses as XML
        assert any(t.startswith("Costs $5, or $x^2$ <b>&amp;</b>: ") for t in shown), kind
    assert "It ]]> happens & <script>" in words(drawn["timeline"])
    assert "A B C $\\alpha$" in words(drawn["characters"])
    assert "Here there" in words(drawn["places"])
    assert "<script" not in drawn["timeline"].replace("&lt;script", "")


def test_every_word_of_the_drawings_is_in_both_languages() -> None:
    from filmgraph.pictures.words import WORDS

    for key, texts_by_lang in WORDS.items():
        assert set(texts_by_lang) == set(LANGS), key
        assert texts_by_lang["en"] != texts_by_lang["ru"], key


def test_a_character_linked_to_no_one_is_drawn_and_explained() -> None:
    graph = Graph().parse(data=HOSTILE, format="turtle")  # one character, in no relation and alone
    shown = words(film_pictures(graph, URIRef("https://example.org/film/x"), "ru")["characters"])
    assert "A B C $\\alpha$" in shown
    assert "без связей и общих событий" in shown
    assert "без связей и общих событий" not in words(picture(bundled_store(), "characters", FILM, "ru"))


def test_the_readme_shows_the_timeline_as_drawn_now(drawn: dict[str, dict[str, str]]) -> None:
    """docs/images/timeline.svg (in the README) is ``filmgraph picture timeline``: same words, same places."""
    assert "](docs/images/timeline.svg)" in (ROOT / "README.md").read_text(encoding="utf-8")
    kept = texts((ROOT / "docs" / "images" / "timeline.svg").read_text(encoding="utf-8"))
    now = texts(drawn["en"]["timeline"])
    assert [(t.words, round(t.x), round(t.y)) for t in kept] == [(t.words, round(t.x), round(t.y)) for t in now], (
        "redraw it: filmgraph picture timeline -o docs/images/timeline.svg")
