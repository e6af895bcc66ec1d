"""HermiT, an OWL 2 DL reasoner (through owlready2), on ontology + alignments + every bundled data
file: the bundle is consistent and no class is unsatisfiable, while copies that break a
disjointness, a domain or a range are found inconsistent.

HermiT knows only the OWL 2 datatype map, so its view turns xsd:gYear, xsd:date and xsd:duration
(literals and ranges) into xsd:string; the files keep their precise types.
Runtime: one Java run per check (HermiT itself takes well under a second), about 2 s each, some
20 s for the module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import owlready2
import pytest
from java_runtime import JAVA
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from filmgraph import resources
from filmgraph.graph import parse_files
from filmgraph.namespaces import FG

ROOT = Path(__file__).resolve().parents[1]
B = "https://w3id.org/filmgraph/"
STORY = B + "stalker-1979/"

#: Datatypes of the files that are not in the OWL 2 datatype map, and what HermiT sees instead.
NOT_IN_OWL2 = {XSD.gYear: XSD.string, XSD.date: XSD.string, XSD.duration: XSD.string}
#: The OWL 2 datatype map (OWL 2 Structural Specification, section 4) plus rdf:langString.
OWL2_DATATYPES = {
    *(XSD[name] for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString", "token",
        "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI",
        "dateTime", "dateTimeStamp")),
    OWL.real, OWL.rational, RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString,
}


@pytest.fixture(scope="module")
def bundle() -> Graph:
    """Ontology, alignments and the union of data/**/*.ttl, read from the project's files."""
    files = [*resources.ONTOLOGY_FILES, *resources.data_files(ROOT)]
    assert "data/stalker.ttl" in files and "data/stalker/curators.ttl" in files
    return parse_files([ROOT / name for name in files])


def _owl2_view(graph: Graph) -> Graph:
    """The graph as HermiT can read it: datatypes outside the OWL 2 map become xsd:string."""
    view = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in NOT_IN_OWL2:
            o = Literal(str(o), datatype=NOT_IN_OWL2[o.datatype])
        elif p == RDFS.range and o in NOT_IN_OWL2:
            o = NOT_IN_OWL2[o]
        view.add((s, p, o))
    return view


def _reason(graph: Graph, folder: Path, values: bool = False) -> owlready2.World | None:
    """Run HermiT on ``graph``; the reasoned world, or None when HermiT finds it inconsistent.

    ``values`` also brings back inferred property values. owlready2 reads N-Triples, so the graph
    goes through a file. Any other failure (Java, parsing) is an error, never a verdict.
    """
    owlready2.JAVA_EXE = JAVA
    view = _owl2_view(graph)
    unknown = {o.datatype for o in view.objects() if isinstance(o, Literal) and o.datatype} - OWL2_DATATYPES
    assert unknown == set(), f"datatypes HermiT does not know; map them in NOT_IN_OWL2: {unknown}"
    path = folder / "bundle.nt"
    view.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=values, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return None
    return world


def test_the_bundle_is_consistent_and_every_class_satisfiable(bundle: Graph, tmp_path: Path) -> None:
    world = _reason(bundle, tmp_path, values=True)
    assert world is not None, "HermiT finds ontology + alignments + data inconsistent"
    assert list(world.inconsistent_classes()) == []
    # HermiT saw the data and the axioms: values it can only derive from them
    stalker = world[STORY + "character/stalker"]
    assert {str(p.iri) for p in stalker.portrayedBy} == {B + "person/alexander-kaidanovsky"}  # property chain
    telephone = world[STORY + "object/telephone"]
    assert {e.iri for e in telephone.participatesIn} == {  # inverse; involvesObject under participant
        STORY + "event/telephone-rings", STORY + "event/professor-calls-former-boss"}
    zone = world[STORY + "setting/zone"]
    assert STORY + "setting/antechamber" in {p.iri for p in zone.hasPart}  # inverse of a transitive property


def test_a_class_that_cannot_have_members_is_reported(bundle: Graph, tmp_path: Path) -> None:
    """The satisfiability check can fail: a class under two disjoint classes has no members."""
    graph = bundle + Graph()
    odd = FG.PlaceThatIsAnObject
    graph.add((odd, RDF.type, OWL.Class))
    graph.add((odd, RDFS.subClassOf, FG.Place))
    graph.add((odd, RDFS.subClassOf, FG.PhysicalObject))
    world = _reason(graph, tmp_path)
    assert world is not None
    assert {c.iri for c in world.inconsistent_classes()} - {str(OWL.Nothing)} == {str(odd)}


def _typed(node: str, cls: URIRef) -> Callable[[Graph], None]:
    return lambda g: g.add((URIRef(node), RDF.type, cls))


def _linked(subject: str, prop: URIRef, obj: str) -> Callable[[Graph], None]:
    return lambda g: g.add((URIRef(subject), prop, URIRef(obj)))


# Each copy breaks one axiom of the ontology; HermiT must find it inconsistent.
BROKEN = {
    "a character who is also a real person": _typed(STORY + "character/stalker", FG.Person),
    "a place that is also a physical object": _typed(STORY + "setting/room", FG.PhysicalObject),
    "an object that is also a character": _typed(STORY + "object/telephone", FG.Character),
    "a plot event that is also a place": _typed(STORY + "event/stand-off", FG.Place),
    "a fictional group that is also an organisation": _typed(STORY + "collective/soldiers", FG.Organisation),
    "a film that is also a novel": _typed(B + "film/stalker-1979", FG.Novel),
    "a fictional place that is also real": _typed(STORY + "setting/zone", FG.RealPlace),
    "a real person as an event's agent": _linked(STORY + "event/telephone-rings", FG.agent,
                                                 B + "person/andrei-tarkovsky"),
    "a place inside an event": _linked(STORY + "setting/room", FG.partOf, STORY + "event/stand-off"),
    "a film with an author": _linked(B + "film/stalker-1979", FG.author, B + "person/andrei-tarkovsky"),
}


@pytest.mark.parametrize("defect", sorted(BROKEN))
def test_a_copy_that_breaks_an_axiom_is_inconsistent(defect: str, bundle: Graph, tmp_path: Path) -> None:
    graph = bundle + Graph()
    before = len(graph)
    BROKEN[defect](graph)
    assert len(graph) == before + 1
    assert _reason(graph, tmp_path) is None, defect
