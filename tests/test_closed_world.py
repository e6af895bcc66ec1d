"""The closed-world rules: nothing in the data goes unchecked.

Every class and property the data uses is declared (by the ontology, or in the term lists rdflib
ships for well-known vocabularies) or comes from a vocabulary the shapes accept whole; every class
of the ontology is targeted by a shape; data with no instance of a filmgraph class is reported;
a node typed with two disjoint classes is reported. The fixtures under tests/shapes show each rule
firing once; these tests check the rules against the ontology as a whole.
"""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, VOID
from shape_fixtures import SHAPES_DIR, report_for

import filmgraph
from filmgraph.namespaces import FG, FGSH
from filmgraph.validation import render_json, render_text, validation_ontology
from filmgraph.vocabularies import LISTED, declared_terms, listed_terms, suggest

ONTOLOGY_IRI = URIRef("https://w3id.org/filmgraph/ontology")
TYPO = "https://w3id.org/filmgraph/ontolgy#"


@cache
def ontology() -> Graph:
    return filmgraph.load_ontology()


@cache
def shapes() -> Graph:
    return filmgraph.load_shapes()


@cache
def known() -> set[URIRef]:
    return declared_terms(validation_ontology())


# ------------------------------------------------------------------------------------ coverage


NAMED_CLASSES = sorted(c for c in ontology().subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))


@pytest.mark.parametrize("cls", NAMED_CLASSES, ids=lambda c: c.fragment)
def test_every_class_of_the_ontology_is_targeted_by_a_shape(cls: URIRef) -> None:
    """pySHACL and TopBraid read sh:targetClass with rdfs:subClassOf: a superclass's shape counts."""
    targeted = set(shapes().objects(None, SH.targetClass))
    superclasses = set(ontology().transitive_objects(cls, RDFS.subClassOf))  # the class itself included
    assert superclasses & targeted, f"no shape targets {cls.fragment} or a superclass of it: its instances go unchecked"


def test_a_real_agent_is_one_of_the_ontologys_kinds_of_real_agent() -> None:
    """fgsh:RealAgentShape lists the subclasses of fg:RealAgent: each kind, and no other."""
    options = shapes().value(FGSH.RealAgentShape, SH["or"])
    listed = {shapes().value(member, SH["class"]) for member in Collection(shapes(), options)}
    assert listed == set(ontology().subjects(RDFS.subClassOf, FG.RealAgent))


# ------------------------------------------------------------------------------------ vocabularies


def test_listed_vocabularies_are_closed_in_rdflib() -> None:
    """rdflib raises on a term it does not list only for closed namespaces: those lists are complete."""
    for vocabulary in LISTED:
        assert vocabulary._fail, f"{vocabulary.__name__} is an open namespace in rdflib"


def test_the_shapes_name_the_listed_vocabularies_and_accept_the_others_whole() -> None:
    """fgsh:term-known's two lists: the vocabularies checked term by term are exactly LISTED."""
    select = str(shapes().value(FGSH["term-known"], SH.select))
    listed_block = re.search(r"BIND \(\?namespace IN \((.*?)\) AS \?listed\)", select, flags=re.S)
    accepted_block = re.search(r"FILTER \(\?namespace NOT IN \((.*?)\)\)", select, flags=re.S)
    assert listed_block and accepted_block
    listed = set(re.findall(r'"([^"]+)"', listed_block.group(1)))
    accepted = set(re.findall(r'"([^"]+)"', accepted_block.group(1)))
    assert listed == {str(vocabulary) for vocabulary in LISTED}
    assert not listed & accepted
    assert str(FG) not in accepted, "the ontology's own terms must be declared, not accepted whole"


def test_term_lists_hold_the_terms_and_only_the_terms() -> None:
    assert RDFS.label in listed_terms(RDFS)
    assert DCTERMS.description in listed_terms(DCTERMS)
    assert VOID["class"] in listed_terms(VOID)  # listed by rdflib apart, as 'class' is a Python keyword
    assert URIRef(str(DCTERMS) + "descripton") not in listed_terms(DCTERMS)
    for vocabulary in LISTED:  # rdflib's own attributes (_NS, _fail …) are no terms
        assert not any(str(t).startswith(str(vocabulary) + "_") for t in listed_terms(vocabulary))


def test_every_term_of_the_ontology_is_declared() -> None:
    terms = {s for s in ontology().subjects() if isinstance(s, URIRef) and str(s).startswith(str(FG))}
    assert terms and terms <= known()


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (str(FG) + "partof", "fg:partOf"),  # case only
        (str(FG) + "FictionalPlase", "fg:FictionalPlace"),  # one letter off
        (str(FG) + "Organization", "fg:Organisation"),
        (TYPO + "partOf", "fg:partOf"),  # a typo in the namespace
        (str(DCTERMS) + "descripton", "dcterms:description"),
        (str(RDFS) + "Label", "rdfs:label"),
        (str(FG) + "inspiredBy", None),  # nothing close
        ("http://xmlns.com/foaf/0.1/name", None),  # a vocabulary of its own
    ],
)
def test_suggestions(term: str, expected: str | None) -> None:
    assert suggest(term, known()) == expected


def test_no_suggestion_for_a_known_term() -> None:
    assert suggest(str(FG.partOf), known()) is None


# ------------------------------------------------------------------------------------ rules


def test_a_misspelled_prefix_reports_each_term_once_with_a_hint() -> None:
    """The fg: prefix IRI misspelled in a valid fixture: one result per term, and nothing checked."""
    text = (SHAPES_DIR / "valid" / "film-and-makers.ttl").read_text(encoding="utf-8")
    assert text.count(f"<{FG}>") == 1
    data = Graph().parse(data=text.replace(f"<{FG}>", f"<{TYPO}>"), format="turtle")
    misspelled = {p for _, p, _ in data} | set(data.objects(None, RDF.type))
    misspelled = {t for t in misspelled if str(t).startswith(TYPO)}
    assert len(misspelled) > 20
    report = filmgraph.validate(data)
    unknown = [r for r in report.results if r.constraint == "fgsh:term-known"]
    assert sorted(r.focus for r in unknown) == sorted(f"<{t}>" for t in misspelled)
    for result in unknown:
        assert result.hint == f"did you mean fg:{result.focus[len(TYPO) + 1:-1]}?"
        assert result.message.startswith("This term belongs to no vocabulary the shapes accept")
    nothing = [r for r in report.results if r.constraint == "fgsh:data-describes-something"]
    assert [r.focus for r in nothing] == [f"<{ONTOLOGY_IRI}>"]


def _disjoint_pairs() -> list[tuple[URIRef, URIRef]]:
    """Every pair of classes the ontology declares disjoint, one way round."""
    onto = ontology()
    pairs = {tuple(sorted(pair)) for pair in onto.subject_objects(OWL.disjointWith)}
    for group in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        members = sorted(Collection(onto, onto.value(group, OWL.members)))
        pairs |= {(a, b) for i, a in enumerate(members) for b in members[i + 1 :]}
    assert all(isinstance(c, URIRef) for pair in pairs for c in pair)
    assert pairs, "the ontology declares no disjoint classes"
    return sorted(pairs)  # type: ignore[arg-type]


def test_every_disjoint_pair_is_reported_with_its_subclasses() -> None:
    """One node per pair of classes under two disjoint classes (each class included), whether
    owl:disjointWith or owl:AllDisjointClasses says so: each is reported, and once."""
    data = Graph()
    nodes: dict[URIRef, tuple[URIRef, URIRef]] = {}
    for a, b in _disjoint_pairs():
        for sa in ontology().transitive_subjects(RDFS.subClassOf, a):
            for sb in ontology().transitive_subjects(RDFS.subClassOf, b):
                node = URIRef(f"https://w3id.org/filmgraph/test/{sa.fragment}-and-{sb.fragment}")
                data.add((node, RDF.type, sa))
                data.add((node, RDF.type, sb))
                nodes[node] = (sa, sb)
    compatible = URIRef("https://w3id.org/filmgraph/test/person-and-real-agent")
    data.add((compatible, RDF.type, FG.Person))
    data.add((compatible, RDF.type, FG.RealAgent))
    assert len(nodes) > len(_disjoint_pairs())  # subclasses too, not only the declared pairs
    report = filmgraph.validate(data)
    found = [r for r in report.results if r.constraint == "fgsh:disjoint-classes"]
    assert sorted(r.focus for r in found) == sorted(f"<{n}>" for n in nodes)
    for result in found:
        sa, sb = nodes[URIRef(result.focus[1:-1])]
        assert f"fg:{sa.fragment}" in result.message and f"fg:{sb.fragment}" in result.message


def test_the_hint_is_shown_in_text_and_json() -> None:
    report = report_for(SHAPES_DIR / "invalid" / "place-part-of-misspelled.ttl")
    text = render_text(report)
    assert "fg:partof\n  violation: This term is not declared in the filmgraph ontology" in text
    assert "\n    did you mean fg:partOf?\n" in text
    [result] = json.loads(render_json(report))["results"]
    assert result["focus"] == "fg:partof" and result["hint"] == "did you mean fg:partOf?"


def test_results_of_other_rules_have_no_hint() -> None:
    report = report_for(SHAPES_DIR / "invalid" / "studio-typed-with-american-spelling.ttl")
    hints = {r.focus: r.hint for r in report.results}
    assert hints == {"fg:Organization": "did you mean fg:Organisation?", "film:example-film": None}


def test_validation_mixes_in_the_term_lists_without_changing_the_ontology() -> None:
    before = len(filmgraph.load_ontology())
    mixed = validation_ontology()
    assert len(filmgraph.load_ontology()) == before
    assert (DCTERMS.title, RDFS.isDefinedBy, URIRef(str(DCTERMS))) in mixed
    assert (FG.partOf, RDFS.isDefinedBy, ONTOLOGY_IRI) in mixed


def test_nothing_in_the_bundled_data_is_undeclared() -> None:
    """The bundled data passes the closed-world check (and so every term it uses is known)."""
    data = filmgraph.load_data()
    used = {p for _, p, _ in data} | set(data.objects(None, RDF.type))
    undeclared = {t for t in used if isinstance(t, URIRef) and t not in known()}
    # what is left is accepted whole: the Web Annotation and DCAT vocabularies
    assert {str(t).rsplit("#", 1)[0] + "#" for t in undeclared} <= {"http://www.w3.org/ns/oa#", "http://www.w3.org/ns/dcat#"}
