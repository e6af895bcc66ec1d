"""SHACL shape tests in the style of the W3C SHACL test suite.

``tests/shapes/valid/*.ttl`` are small, hand-written fixtures that must produce no result at all
(no violation, no warning). ``tests/shapes/invalid/<defect>.ttl`` are copies of a valid fixture
with one defect; comments at the top say which results it must produce, and it must produce
exactly those::

    # defect: The last event has no story position.
    # based-on: valid/story.ttl
    # expect-focus: event:light-goes-out
    # expect-shape: fgsh:event-position
    # expect-component: MinCountConstraintComponent
    # expect-severity: Violation

``expect-shape`` names the SPARQL constraint (sh:sourceConstraint) for SPARQL-based results,
else the sh:sourceShape: the property shape, or the node shape for constraints on node shapes
(sh:not). A defect that inevitably fires more than one result lists one ``expect-focus`` group
per result. Names are prefixed names, expanded with the fixture's own prefixes first and the
project's prefixes after that; ``<...>`` full IRIs work too.

Coverage tests make sure every constraint in ontology/shapes.ttl (every parameter of every
property shape, every SPARQL constraint, every constraint on a node shape) is expected by at
least one invalid fixture, so a new constraint without a test fails the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SH, VOID
from shape_fixtures import INVALID, SHAPES_DIR, VALID, report_for

import filmgraph
from filmgraph.namespaces import FG, OA, PREFIXES, loaded_prefixes
from filmgraph.validation import Result, render_text

#: Classes outside the filmgraph ontology that node shapes may target.
EXTERNAL_TARGETS = {VOID.Dataset, DCAT.Dataset, DCTERMS.BibliographicResource}
#: Properties outside the filmgraph ontology whose subjects or objects node shapes may target.
EXTERNAL_TARGET_PROPERTIES = {OA.hasSelector, OWL.deprecated}
#: The ways a node shape can pick its focus nodes (sh:target: a SPARQL-based target, SHACL-AF).
TARGETS = (SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.targetNode, SH.target)

#: Constraint parameters -> the constraint component whose results they produce.
COMPONENTS = {
    SH["class"]: "ClassConstraintComponent",
    SH.datatype: "DatatypeConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent",
    SH.minCount: "MinCountConstraintComponent",
    SH.maxCount: "MaxCountConstraintComponent",
    SH.pattern: "PatternConstraintComponent",
    SH.languageIn: "LanguageInConstraintComponent",
    SH.uniqueLang: "UniqueLangConstraintComponent",
    SH["or"]: "OrConstraintComponent",
    SH["not"]: "NotConstraintComponent",
    SH["in"]: "InConstraintComponent",
    SH.hasValue: "HasValueConstraintComponent",
    SH.qualifiedMinCount: "QualifiedMinCountConstraintComponent",
    SH.qualifiedMaxCount: "QualifiedMaxCountConstraintComponent",
    SH.minInclusive: "MinInclusiveConstraintComponent",
}
#: Shape triples that are not constraints of their own (or that only qualify another parameter).
NOT_CONSTRAINTS = {
    RDF.type, SH.path, SH.name, SH.description, SH.message, SH.severity, *TARGETS, SH.property,
    SH.sparql, SH.qualifiedValueShape, SH.qualifiedValueShapesDisjoint, SH.flags,
    SH.order, SH.group, SH.deactivated,
}

FIELDS = ("focus", "shape", "component", "severity")
NON_DESCRIPTIVE = {"test", "tests", "invalid", "valid", "fixture", "case", "copy", "new", "tmp"}


# ------------------------------------------------------------------------------------ helpers


@dataclass(frozen=True)
class Expected:
    focus: str  # full IRI
    shape: str  # full IRI
    component: str
    severity: str


@dataclass(frozen=True)
class Fixture:
    path: Path
    defect: str
    based_on: str
    expected: tuple[Expected, ...]


def _expand(name: str, prefixes: dict[str, str]) -> str:
    """A full IRI from ``<iri>`` or ``prefix:local``."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    assert sep and prefix in prefixes, f"unknown prefix in {name!r}"
    return prefixes[prefix] + local


def _file_prefixes(path: Path) -> dict[str, str]:
    """The fixture's own @prefix declarations, over the project's prefixes."""
    text = path.read_text(encoding="utf-8")
    own = dict(re.findall(r"^@prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>\s*\.", text, flags=re.M))
    return {**loaded_prefixes(), **own}


def _result_iri(name: str) -> str:
    """A full IRI from a Result field (prefixed with the project's prefixes, or ``<iri>``)."""
    return _expand(name, loaded_prefixes())


@cache
def fixture(path: Path) -> Fixture:
    """Parse the expectation comments at the top of an invalid fixture."""
    header: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s*([a-z-]+):\s*(.+?)\s*$", line)
        if match:
            header.append((match.group(1), match.group(2)))
    keys = [k for k, _ in header]
    unknown = set(keys) - {"defect", "based-on", *(f"expect-{f}" for f in FIELDS)}
    assert not unknown, f"{path.name}: unknown header keys {sorted(unknown)}"
    assert keys.count("defect") == 1, f"{path.name}: needs exactly one '# defect:' line"
    assert keys.count("based-on") == 1, f"{path.name}: needs exactly one '# based-on:' line"
    prefixes = _file_prefixes(path)
    groups: list[dict[str, str]] = []
    for key, value in header:
        if key == "expect-focus":
            groups.append({})
        if key.startswith("expect-"):
            assert groups, f"{path.name}: '# {key}:' before any '# expect-focus:'"
            field = key.removeprefix("expect-")
            assert field not in groups[-1], f"{path.name}: '# {key}:' twice in one group"
            groups[-1][field] = value
    assert groups, f"{path.name}: no '# expect-focus:' line"
    expected = []
    for group in groups:
        missing = set(FIELDS) - set(group)
        assert not missing, f"{path.name}: expectation without {sorted(missing)}"
        expected.append(
            Expected(
                focus=_expand(group["focus"], prefixes),
                shape=_expand(group["shape"], prefixes),
                component=group["component"],
                severity=group["severity"],
            )
        )
    return Fixture(path, dict(header)["defect"], dict(header)["based-on"], tuple(expected))


def actual(result: Result) -> Expected:
    """A result in the form of an expectation: the SPARQL constraint, else the source shape."""
    shape = result.constraint if result.component == "SPARQLConstraintComponent" else result.shape
    focus = _result_iri(result.focus)
    return Expected(focus, _result_iri(shape or ""), result.component, result.severity)


@cache
def shapes() -> Graph:
    return filmgraph.load_shapes()


@cache
def ontology_nodes() -> set[URIRef]:
    """The subjects of the ontology, which validation mixes into the data (a rule about the data
    as a whole reports on the ontology node)."""
    return {s for s in filmgraph.load_ontology().subjects() if isinstance(s, URIRef)}


def _iris(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef))


def _name(node: URIRef) -> str:
    return shapes().namespace_manager.normalizeUri(node)


def _has_target(graph: Graph, shape: URIRef) -> bool:
    return any(graph.value(shape, target) is not None for target in TARGETS)


def expected_constraints() -> dict[tuple[str, str], list[str]]:
    """(shape IRI, component) -> the invalid fixtures that expect it."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in INVALID:
        for exp in fixture(path).expected:
            found.setdefault((exp.shape, exp.component), []).append(path.name)
    return found


def required_constraints() -> list[tuple[URIRef, str]]:
    """Every (shape, component) that shapes.ttl can report, which a fixture must expect."""
    g = shapes()
    required = []
    for shape in _iris(g, SH.PropertyShape) + _iris(g, SH.NodeShape):
        if (shape, RDF.type, SH.NodeShape) in g and not _has_target(g, shape):
            continue  # used only inside other shapes (fgsh:EnglishText): tested through them
        for param in sorted(set(g.predicates(shape, None)) - NOT_CONSTRAINTS):
            assert param in COMPONENTS, f"{_name(shape)}: no test mapping for {_name(param)}"
            required.append((shape, COMPONENTS[param]))
    required += [(c, "SPARQLConstraintComponent") for c in _iris(g, SH.SPARQLConstraint)]
    return required


def _message_pattern(template: str) -> re.Pattern[str]:
    """A regex matching the message that a template yields once pySHACL fills in its variables."""
    parts = re.split(r"\{[?$]\w+\}", template)
    return re.compile(".+".join(re.escape(p) for p in parts), flags=re.S)


# ------------------------------------------------------------------------------------ fixtures


def test_fixture_folders_are_not_empty() -> None:
    assert VALID, "no valid fixtures found"
    assert INVALID, "no invalid fixtures found"


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_has_no_results(path: Path) -> None:
    report = report_for(path)
    assert report.results == [], render_text(report)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fires_exactly_the_expected_results(path: Path) -> None:
    expected = fixture(path).expected
    report = report_for(path)
    got = [actual(r) for r in report.results]
    assert sorted(got, key=repr) == sorted(expected, key=repr), (
        f"{path.name}: expected {len(expected)} result(s), got:\n{render_text(report)}"
    )


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_header_is_consistent(path: Path) -> None:
    """The base fixture exists, and each expectation names a real shape, node and severity."""
    fix = fixture(path)
    assert (SHAPES_DIR / fix.based_on).is_file(), f"{path.name}: no such base {fix.based_on}"
    assert fix.based_on.startswith("valid/")
    g = shapes()
    data = filmgraph.parse_file(path)
    for exp in fix.expected:
        shape = URIRef(exp.shape)
        kinds = set(g.objects(shape, RDF.type))
        assert kinds & {SH.PropertyShape, SH.NodeShape, SH.SPARQLConstraint}, f"no shape {shape}"
        severity = g.value(shape, SH.severity, default=SH.Violation)
        assert exp.severity == str(severity).rsplit("#", 1)[-1], f"{path.name}: severity of {shape}"
        focus = URIRef(exp.focus)
        in_file = any(focus in triple for triple in data)  # a term's focus is a predicate or a class
        assert in_file or focus in ontology_nodes(), f"{path.name}: no focus {exp.focus} in file or ontology"


def test_invalid_fixture_names_are_unique_and_descriptive() -> None:
    stems = [p.stem for p in INVALID]
    assert len({s.lower() for s in stems}) == len(stems)
    assert not {s.lower() for s in stems} & {p.stem.lower() for p in VALID}
    shape_names = {_name(s).split(":", 1)[1] for s in _iris(shapes(), SH.PropertyShape)}
    shape_names |= {_name(s).split(":", 1)[1] for s in _iris(shapes(), SH.SPARQLConstraint)}
    for stem in stems:
        words = stem.split("-")
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)+", stem), f"{stem}: use lower-case-words"
        assert not set(words) & NON_DESCRIPTIVE, f"{stem}: name the defect, not the test"
        assert not any(w.isdigit() for w in words), f"{stem}: name the defect, do not number it"
        assert stem not in shape_names, f"{stem}: name the defect, not the shape it breaks"


def test_invalid_fixtures_are_all_different() -> None:
    """No two invalid fixtures hold the same triples (a copy-paste that tests nothing new)."""
    seen: dict[frozenset, str] = {}
    for path in INVALID:
        triples = frozenset(filmgraph.parse_file(path))
        assert not any(isinstance(t, BNode) for triple in triples for t in triple), path.name
        assert triples not in seen, f"{path.name} has the same triples as {seen.get(triples)}"
        seen[triples] = path.name
    valid = {frozenset(filmgraph.parse_file(p)) for p in VALID}
    assert not set(seen) & valid, "an invalid fixture equals a valid one"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_messages_come_from_the_shapes(path: Path) -> None:
    """Each result carries one message: its shape's own, with the variables filled in."""
    g = shapes()
    report = report_for(path)
    for node in report.graph.subjects(RDF.type, SH.ValidationResult):
        messages = list(report.graph.objects(node, SH.resultMessage))
        assert len(messages) == 1, f"{path.name}: a result has several messages: {messages}"
    for result in report.results:
        source = result.constraint or result.shape
        templates = [str(m) for m in g.objects(URIRef(_result_iri(source)), SH.message)]
        assert templates, f"{source} has no sh:message: pySHACL said {result.message!r}"
        assert any(_message_pattern(t).fullmatch(result.message) for t in templates), result.message
        assert not re.search(r"\{[?$]\w+\}", result.message), f"unfilled variable: {result.message}"


# ------------------------------------------------------------------------------------ coverage


@pytest.mark.parametrize(
    ("shape", "component"),
    required_constraints(),
    ids=lambda x: _name(x) if isinstance(x, URIRef) else x,
)
def test_every_constraint_is_tested_by_an_invalid_fixture(shape: URIRef, component: str) -> None:
    assert (str(shape), component) in expected_constraints(), (
        f"no file in tests/shapes/invalid/ expects {_name(shape)} with {component}: add one"
    )


def test_every_property_shape_and_sparql_constraint_is_tested() -> None:
    expected_shapes = {shape for shape, _ in expected_constraints()}
    g = shapes()
    for node in _iris(g, SH.PropertyShape) + _iris(g, SH.SPARQLConstraint):
        assert str(node) in expected_shapes, f"no invalid fixture expects {_name(node)}"


def test_every_expectation_names_a_constraint_that_exists() -> None:
    required = {(str(s), c) for s, c in required_constraints()}
    for (shape, component), files in expected_constraints().items():
        assert (shape, component) in required, f"{files}: {shape} has no {component}"


# ------------------------------------------------------------------------------------ shapes


def test_every_property_shape_has_name_message_path_and_severity() -> None:
    g = shapes()
    for shape in _iris(g, SH.PropertyShape):
        names = [n for n in g.objects(shape, SH.name) if isinstance(n, Literal)]
        messages = [m for m in g.objects(shape, SH.message) if isinstance(m, Literal)]
        assert any(n.language == "en" for n in names), f"{_name(shape)}: no English sh:name"
        assert any(m.language == "en" for m in messages), f"{_name(shape)}: no English sh:message"
        assert g.value(shape, SH.path) is not None, f"{_name(shape)}: no sh:path"
        assert g.value(shape, SH.severity) in {SH.Violation, SH.Warning}, _name(shape)


def test_every_sparql_constraint_has_a_message_with_known_variables() -> None:
    g = shapes()
    for constraint in _iris(g, SH.SPARQLConstraint):
        messages = [str(m) for m in g.objects(constraint, SH.message)]
        assert messages, f"{_name(constraint)}: no sh:message"
        select = str(g.value(constraint, SH.select))
        projected = set(re.findall(r"[?$](\w+)", select.split("WHERE", 1)[0]))
        for message in messages:
            used = set(re.findall(r"\{[?$](\w+)\}", message))
            assert used <= projected, f"{_name(constraint)}: message uses {used - projected}"
        assert g.value(constraint, SH.severity) in {SH.Violation, SH.Warning}, _name(constraint)


def test_sparql_constraints_report_with_their_own_severity() -> None:
    """pySHACL reports a SPARQL constraint with the severity of the node shape that holds it."""
    g = shapes()
    for constraint in _iris(g, SH.SPARQLConstraint):
        severity = g.value(constraint, SH.severity)
        for shape in g.subjects(SH.sparql, constraint):
            held = g.value(shape, SH.severity, default=SH.Violation)
            assert held == severity, f"{_name(constraint)} is held by {_name(shape)}, of another severity"


def test_label_languages_cover_every_node_that_needs_an_english_label() -> None:
    g = shapes()
    english = {
        target
        for shape in g.subjects(SH.property, URIRef(str(PREFIXES["fgsh"]) + "label-en"))
        for target in g.objects(shape, SH.targetClass)
    }
    languages = set(g.objects(URIRef(str(PREFIXES["fgsh"]) + "LabelLanguagesShape"), SH.targetClass))
    assert languages == english


def test_node_shapes_with_own_constraints_have_a_message() -> None:
    """A constraint on a node shape (sh:not) reports with the node shape's message."""
    g = shapes()
    for shape in _iris(g, SH.NodeShape):
        own = set(g.predicates(shape, None)) - NOT_CONSTRAINTS
        if own and _has_target(g, shape):
            assert any(g.objects(shape, SH.message)), f"{_name(shape)}: no sh:message"


def test_messages_are_clean_text() -> None:
    g = shapes()
    for node, message in g.subject_objects(SH.message):
        text = str(message)
        assert "\\" not in text, f"{_name(node)}: stray backslash in {text!r}"
        assert text.strip() == text and text.endswith("."), f"{_name(node)}: {text!r}"


def test_every_node_shape_targets_a_known_class_or_property() -> None:
    g, onto = shapes(), filmgraph.load_ontology()
    declared = set(onto.subjects(RDF.type, OWL.Class))
    properties = {
        p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in onto.subjects(RDF.type, kind)
    }
    used_inside = set(g.objects(None, SH.qualifiedValueShape)) | set(g.objects(None, SH.node))
    for shape in _iris(g, SH.NodeShape):
        assert g.value(shape, SH.name) is not None, f"{_name(shape)}: no sh:name"
        if not _has_target(g, shape):
            assert shape in used_inside, f"{_name(shape)} has no target and is used by no shape"
        for target in g.objects(shape, SH.targetClass):
            known = target in declared or target in EXTERNAL_TARGETS
            assert known, f"{_name(shape)} targets {target}, which the ontology does not declare"
        for kind in (SH.targetObjectsOf, SH.targetSubjectsOf):
            for prop in g.objects(shape, kind):
                known = prop in properties or prop in EXTERNAL_TARGET_PROPERTIES
                assert known, f"{_name(shape)} targets via {prop}, which the ontology does not declare"


def test_every_property_shape_and_sparql_constraint_is_used() -> None:
    """An orphan shape never fires."""
    g = shapes()
    used = set(g.objects(None, SH.property)) | set(g.objects(None, SH.sparql))
    for node in _iris(g, SH.PropertyShape) + _iris(g, SH.SPARQLConstraint):
        assert node in used, f"{_name(node)} is not attached to any node shape"


def test_character_relation_path_covers_every_tie() -> None:
    """Validation runs without inference, so the shape must list fg:relatedTo's subproperties."""
    g, onto = shapes(), filmgraph.load_ontology()
    path = g.value(URIRef(str(PREFIXES["fgsh"]) + "character-relation"), SH.path)
    listed = set(Collection(g, g.value(path, SH.alternativePath)))
    ties = set(onto.transitive_subjects(RDFS.subPropertyOf, FG.relatedTo))
    assert listed == ties


# ------------------------------------------------------------------------------------ bundled


def test_bundled_graph_has_no_violations_and_no_warnings() -> None:
    report = filmgraph.validate()
    assert report.violations == [], render_text(report)
    assert report.warnings == [], render_text(report)
