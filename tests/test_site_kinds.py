"""The browse lists' headings (filmgraph.site.kinds): the plural of the label of the class a group's
entities share, worked out from the ontology's subclasses."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from filmgraph.site.collect import Corpus, Statement
from filmgraph.site.kinds import kind_name, plural, shared_class

EX = "https://example.org/"


def corpus_of(*triples: tuple[str, URIRef, object]) -> Corpus:
    """A corpus holding the given statements (subjects and IRI objects under EX)."""
    corpus = Corpus({})
    for s, p, o in triples:
        obj = o if isinstance(o, (Literal, URIRef)) else URIRef(EX + str(o))
        statement = Statement(URIRef(EX + s), p, obj, None)
        corpus.about[statement.subject].append(statement)
        corpus.pointing[statement.object].append(statement)
    return corpus


def test_english_plurals_of_class_labels() -> None:
    assert plural("plot event") == "plot events"
    assert plural("person") == "people"
    assert plural("country") == "countries"
    assert plural("day") == "days"  # a vowel before the y: no -ies
    assert plural("text position selector") == "text position selectors"
    assert plural("bus") == "buses"
    assert plural("church") == "churches"
    assert plural("персонаж", "ru") == "персонаж"  # no rule for Russian: the label as it is


def test_a_group_is_named_after_the_most_specific_class_its_members_share() -> None:
    corpus = corpus_of(
        ("PlotEvent", RDFS.label, Literal("plot event", lang="en")),
        ("PlotEvent", RDFS.label, Literal("событие сюжета", lang="ru")),
        ("ShownEvent", RDFS.subClassOf, "PlotEvent"), ("ShownEvent", RDFS.label, Literal("shown event", lang="en")),
        ("RecountedEvent", RDFS.subClassOf, "PlotEvent"),
        ("PlotEvent", RDFS.subClassOf, "Event"), ("Event", RDFS.label, Literal("event", lang="en")),
        ("e1", RDF.type, "ShownEvent"), ("e2", RDF.type, "RecountedEvent"), ("e3", RDF.type, "ShownEvent"),
    )
    events = [URIRef(EX + e) for e in ("e1", "e2", "e3", "untyped")]
    assert shared_class(corpus, events) == URIRef(EX + "PlotEvent")
    assert kind_name(corpus, "event", events) == "Plot events"
    assert kind_name(corpus, "event", events, "ru") == "Событие сюжета"
    # shown events alone share the more specific class
    assert kind_name(corpus, "event", [URIRef(EX + "e1"), URIRef(EX + "e3")]) == "Shown events"


def test_without_a_shared_class_or_a_label_the_heading_still_reads() -> None:
    corpus = corpus_of(("a", RDF.type, "Cat"), ("b", RDF.type, "Dog"), ("c", RDF.type, "TextPositionSelector"))
    assert kind_name(corpus, "pet", [URIRef(EX + "a"), URIRef(EX + "b")]) == "Pet"
    assert kind_name(corpus, "selector", [URIRef(EX + "c")]) == "Text position selectors"
    assert kind_name(corpus, "thing", [URIRef(EX + "nothing-typed")]) == "Thing"
