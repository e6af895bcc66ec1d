"""SHACL-SPARQL constraints run once each over all their focus nodes, on pyoxigraph, with results
written as pySHACL writes them.

Hand-written because no engine we can use does this: pySHACL, pyshacl-turbo and TopBraid run a
SPARQL constraint once per focus node with ``$this`` pre-bound, so a constraint that compares an
event with the other events of its film reads the whole corpus for every event (quadratic in
films). Here the focus nodes are pre-bound all at once, in a ``VALUES ?this`` block opening the
query, so that each constraint is one join; tests compare the reports with pySHACL's on every
shape fixture."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from .engines import term_for
from .errors import InputError, first_line
from .rdfc import nt_term
from .syntax import tokenize

if TYPE_CHECKING:
    import pyoxigraph


@dataclass(frozen=True)
class Constraint:
    """One active ``sh:sparql`` constraint of a node shape, as pySHACL reads it."""

    shape: Node
    node: Node
    query: str
    messages: tuple[Literal, ...]
    severity: Node


def _prefix_lines(shapes: Graph, node: Node) -> str:
    """``PREFIX`` lines for the ``sh:declare`` of each ``sh:prefixes`` of ``node``, as pySHACL prepends them."""
    lines = []
    for owner in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines) + "\n" if lines else ""


def constraints(shapes: Graph) -> list[Constraint]:
    """Every active SPARQL constraint of ``shapes``' node shapes (severity from the shape, as in pySHACL)."""
    found = []
    for shape, node in sorted(shapes.subject_objects(SH.sparql)):
        if shapes.value(shape, SH.path) is not None:
            raise InputError(f"{shape}: SPARQL constraints on property shapes are not supported")
        if shapes.value(node, SH.deactivated) == Literal(True) or shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        select = shapes.value(node, SH.select)
        if not isinstance(select, Literal):
            raise InputError(f"{node}: a SPARQL constraint needs one sh:select")
        messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)]
        messages += [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal) and m not in messages]
        severity = shapes.value(shape, SH.severity) or SH.Violation
        found.append(Constraint(shape, node, _prefix_lines(shapes, node) + str(select), tuple(messages), severity))
    return found


def _subclasses(store: pyoxigraph.Store, cls: str) -> set[str]:
    """``cls`` and every class below it by ``rdfs:subClassOf`` in the data and ontology."""
    import pyoxigraph

    found, todo = {cls}, [cls]
    while todo:
        for quad in _matches(store, None, str(RDFS.subClassOf), todo.pop()):
            if isinstance(quad.subject, pyoxigraph.NamedNode) and quad.subject.value not in found:
                found.add(quad.subject.value)
                todo.append(quad.subject.value)
    return found


def _matches(store: pyoxigraph.Store, s: str | None, p: str, o: str | None) -> Iterator[pyoxigraph.Quad]:
    import pyoxigraph

    def named(iri: str | None) -> pyoxigraph.NamedNode | None:
        return None if iri is None else pyoxigraph.NamedNode(iri)

    return iter(store.quads_for_pattern(named(s), named(p), named(o), pyoxigraph.DefaultGraph()))


def focus_nodes(shapes: Graph, shape: Node, store: pyoxigraph.Store) -> set[Node]:
    """The focus nodes of ``shape`` in the store's default graph: its class, node, subjects-of,
    objects-of and SPARQL-based targets (SHACL 2.1.3, SHACL-AF 5.1)."""
    import pyoxigraph

    found: set[Node] = {term for term in shapes.objects(shape, SH.targetNode)}
    classes = set(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes:
        classes.add(shape)  # an implicit class target
    for cls in classes:
        for sub in _subclasses(store, str(cls)):
            found.update(term_for(q.subject) for q in _matches(store, None, str(RDF.type), sub))
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        found.update(term_for(q.subject) for q in _matches(store, None, str(prop), None))
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        found.update(term_for(q.object) for q in _matches(store, None, str(prop), None))
    for target in shapes.objects(shape, SH.target):
        select = shapes.value(target, SH.select)
        if (target, RDF.type, SH.SPARQLTarget) not in shapes or not isinstance(select, Literal):
            raise InputError(f"{shape}: only SPARQL-based custom targets are supported")
        solutions = store.query(_prefix_lines(shapes, target) + str(select))
        assert isinstance(solutions, pyoxigraph.QuerySolutions)
        found.update(term_for(row["this"]) for row in solutions if row["this"] is not None)
    return found


def _message(text: str, bound: dict[str, Node]) -> str:
    """The message with ``{?var}`` / ``{$var}`` replaced, exactly as pySHACL does it (``re.sub``)."""
    for var, value in bound.items():
        text = re.sub(f"{{[?$]{var}}}", str(value), text)
    return text


def _prebound(query: str, focus: list[Node]) -> str:
    """``query`` with ``VALUES ?this { … }`` opening its WHERE clause: pre-binding (SHACL 5.3.1) for
    all the focus nodes at once, so the engine joins them with the pattern instead of one run each."""
    opening = next(t for t in tokenize(query) if t.text == "{")
    values = " ".join(nt_term(node) for node in focus)
    return f"{query[:opening.end]} VALUES ?this {{ {values} }} {query[opening.end:]}"


def _solutions(constraint: Constraint, store: pyoxigraph.Store, focus: set[Node]) -> Iterator[dict[str, Node]]:
    """The rows of one constraint for the focus nodes: IRIs and literals in one run, blank nodes (which
    a query cannot name) one run each, pre-bound by substitution."""
    import pyoxigraph

    named = sorted((node for node in focus if not isinstance(node, BNode)), key=str)
    runs: list[tuple[str, dict[pyoxigraph.Variable, pyoxigraph.NamedNode | pyoxigraph.BlankNode
                                  | pyoxigraph.Literal | pyoxigraph.Triple] | None]] = []
    if named:
        runs.append((_prebound(constraint.query, named), None))
    runs += [(constraint.query, {pyoxigraph.Variable("this"): pyoxigraph.BlankNode(str(node))})
             for node in sorted((node for node in focus if isinstance(node, BNode)), key=str)]
    for text, substitutions in runs:
        try:
            solutions = store.query(text, substitutions=substitutions)
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(f"{constraint.node}: the SPARQL constraint cannot run: {first_line(exc)}") from None
        assert isinstance(solutions, pyoxigraph.QuerySolutions)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            row = {name: term_for(solution[name]) for name in names if solution[name] is not None}
            if substitutions is not None:
                row["this"] = term_for(substitutions[pyoxigraph.Variable("this")])
            yield row


def _violations(constraint: Constraint, store: pyoxigraph.Store, focus: set[Node]) -> list[tuple[Node, ...]]:
    """The distinct (focus, path, value, other bindings) rows of one constraint, as pySHACL counts them."""
    seen: dict[tuple[object, ...], tuple[Node, ...]] = {}
    for row in _solutions(constraint, store, focus):
        this = row.pop("this", None)
        if this is None:
            continue
        path, value = row.pop("path", None), row.pop("value", None)
        key = (this, path, value, tuple(sorted(row.items())))
        seen.setdefault(key, (this, path, value, row))  # type: ignore[arg-type]
    return list(seen.values())


def _add_result(report: Graph, constraint: Constraint, found: tuple[Node, ...]) -> BNode:
    """One sh:ValidationResult, with the triples pySHACL writes for a SPARQL constraint's row."""
    this, path, value, others = found
    node = BNode()
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    report.add((node, SH.sourceShape, constraint.shape))
    report.add((node, SH.resultSeverity, constraint.severity))
    report.add((node, SH.focusNode, this))
    report.add((node, SH.value, value if value is not None else this))
    if path is not None:
        report.add((node, SH.resultPath, path))
    report.add((node, SH.sourceConstraint, constraint.node))
    bound: dict[str, Node] = {**others, "this": this}  # type: ignore[dict-item]
    if path is not None:
        bound["path"] = path
    if value is not None:
        bound["value"] = value
    for message in constraint.messages:
        report.add((node, SH.resultMessage, Literal(_message(str(message), bound))))
    return node


def check(shapes: Graph, store: pyoxigraph.Store, report: Graph) -> None:
    """Run every SPARQL constraint of ``shapes`` on ``store`` (data and ontology in its default graph)
    and add its results to the validation ``report``, which no longer conforms after a violation."""
    (report_node,) = report.subjects(RDF.type, SH.ValidationReport)
    targets: dict[Node, set[Node]] = {}
    for constraint in constraints(shapes):
        if constraint.shape not in targets:
            targets[constraint.shape] = focus_nodes(shapes, constraint.shape, store)
        for found in _violations(constraint, store, targets[constraint.shape]):
            report.add((report_node, SH.result, _add_result(report, constraint, found)))
            if constraint.severity == SH.Violation:
                report.set((report_node, SH.conforms, Literal(False)))


__all__ = ["Constraint", "check", "constraints", "focus_nodes"]
