"""Validate graphs against the bundled SHACL shapes with pySHACL, and render sorted reports.

No blanket RDFS inference: the ontology is mixed into the data graph so that ``sh:class``
and ``sh:targetClass`` see ``rdfs:subClassOf``, which is all the shapes need. So are the term
lists of well-known vocabularies (:mod:`filmgraph.vocabularies`), for the closed-world check.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from .datasets import load, union
from .errors import InputError, UsageError, first_line
from .formats import SHACL_ENGINES
from .graph import lexical_forms_kept, load_ontology, load_shapes, parse_text
from .jsonld import dumps
from .namespaces import FGSH, compact_iri
from .stores import union_ntriples
from .vocabularies import declared_terms, suggest, term_declarations

_VALIDATION_LOCK = threading.Lock()
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
#: The SPARQL constraint whose focus nodes are terms nothing declares: its results get a hint.
UNKNOWN_TERM = FGSH["term-known"]


@dataclass(frozen=True)
class Result:
    """One validation result: where, what, and the curator-facing message."""

    focus: str
    severity: str
    message: str
    shape: str
    component: str
    path: str | None = None
    value: str | None = None
    constraint: str | None = None
    hint: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """The result as a JSON-ready dictionary, in field order."""
        return asdict(self)


@dataclass
class Report:
    """The outcome of a validation: results sorted by focus node, and the raw report graph."""

    results: list[Result]
    graph: Graph = field(repr=False)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings do not count)."""
        return not self.violations

    def passes(self, strict: bool = False) -> bool:
        """Whether the check passes: no violations, and with ``strict`` no warnings either."""
        return not self.results if strict else self.conforms


def _qname(term: Node | None, prefixes: Mapping[str, str] | None = None) -> str | None:
    """A short prefixed name for an IRI where a prefix of ``prefixes`` fits (default: the bundled
    files' map), else the term as text."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return compact_iri(str(term), prefixes)
    if isinstance(term, Literal):
        return term.n3()
    return str(term)


@contextlib.contextmanager
def _prepared_sparql_cache() -> Iterator[None]:
    """Let rdflib reuse parsed SPARQL constraints while pySHACL runs.

    pySHACL sends the same constraint text once per focus node; rdflib would re-parse it each
    time (about 80% of the run). A translated query is reusable with new bindings, so we cache it.
    The patch replaces rdflib's ``SPARQLProcessor.query`` for the duration of one validation only;
    ``_VALIDATION_LOCK`` keeps two threads from patching at once. Tested on rdflib 7.
    """
    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    original = processor.SPARQLProcessor.query
    cache: dict[tuple[object, ...], object] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in cache:
                cache[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def _shorten_iris(message: str, prefixes: Mapping[str, str] | None) -> str:
    """Write the filmgraph IRIs that SPARQL constraints substitute into messages as prefixed names.

    Only IRIs under the project's base are shortened, so example IRIs in a message stay as written.
    """

    def shorten(match: re.Match[str]) -> str:
        short = compact_iri(match.group(0), prefixes)
        return match.group(0) if short.startswith("<") else short

    return re.sub(r"https://w3id\.org/filmgraph/[^\s,;)]+", shorten, message)


def _path_text(graph: Graph, path: Node | None, prefixes: Mapping[str, str] | None) -> str | None:
    """A SHACL property path in SPARQL syntax (``^fg:hasCharacter``, ``fg:a|fg:b``), not a blank node id."""
    if path is None or not isinstance(path, BNode):
        return _qname(path, prefixes)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + (_path_text(graph, inverse, prefixes) or "?")
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_text(graph, item, prefixes) or "?" for item in Collection(graph, alternatives))
    if graph.value(path, RDF.first) is not None:
        return "/".join(_path_text(graph, item, prefixes) or "?" for item in Collection(graph, path))
    for key, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, key)
        if inner is not None:
            return f"({_path_text(graph, inner, prefixes)}){mark}"
    return "(path)"


def _hint(report: Graph, node: Node, known: set[URIRef]) -> str | None:
    """The line "did you mean fg:partOf?" for a result about an unknown term close to a known one."""
    if report.value(node, SH.sourceConstraint) != UNKNOWN_TERM:
        return None
    term = report.value(node, SH.focusNode)
    close = suggest(str(term), known) if isinstance(term, URIRef) else None
    return f"did you mean {close}?" if close else None


def _results(report: Graph, known: set[URIRef], prefixes: Mapping[str, str] | None) -> list[Result]:
    """Turn pySHACL's report graph into sorted Result objects; ``known``: the declared terms, for hints."""
    results = set()
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(node, SH.resultSeverity)
        messages = sorted(_shorten_iris(str(m), prefixes) for m in report.objects(node, SH.resultMessage))
        component = report.value(node, SH.sourceConstraintComponent)
        results.add(
            Result(
                focus=_qname(report.value(node, SH.focusNode), prefixes) or "",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message=messages[0] if messages else "(no message)",
                shape=_qname(report.value(node, SH.sourceShape), prefixes) or "",
                component=(str(component).rsplit("#", 1)[-1] if component else ""),
                path=_path_text(report, report.value(node, SH.resultPath), prefixes),
                value=_qname(report.value(node, SH.value), prefixes),
                constraint=_qname(report.value(node, SH.sourceConstraint), prefixes),
                hint=_hint(report, node, known),
            )
        )
    return sorted(
        results,
        key=lambda r: (r.focus, SEVERITY_ORDER.get(r.severity, 9), r.path or "", r.shape, r.message, r.value or "",
                       r.component, r.constraint or ""),
    )


def validation_ontology(ontology: Graph | None = None) -> Graph:
    """What validation mixes into the data: the ontology (default: the bundled one with its
    alignments) and the term declarations of the vocabularies rdflib lists."""
    mixed = load_ontology() if ontology is None else union(ontology)
    mixed += term_declarations()
    return mixed


def validate(
    graph: Graph | bytes | None = None,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    prefixes: Mapping[str, str] | None = None,
    *,
    engine: str = "fast",
) -> Report:
    """Validate ``graph`` (default: the bundled graph; an rdflib graph, or the data as N-Triples
    bytes, see :func:`filmgraph.stores.union_ntriples`) against the shapes,
    with the ontology mixed in; the report names IRIs with ``prefixes`` (default: the bundled files' map).

    A Dataset is validated as the union of its graphs: pySHACL would check each graph on its own,
    and a shape often needs statements from several sources. ``engine`` is ``"fast"`` (linear in
    the number of films) or ``"pyshacl"`` (the reference implementation, slower).
    """
    if engine not in SHACL_ENGINES:
        raise UsageError(f"unknown validation engine {engine!r}; use one of {', '.join(SHACL_ENGINES)}")
    shapes = shapes if shapes is not None else load_shapes()
    ontology = validation_ontology(ontology)
    if engine == "pyshacl":
        report_graph = _pyshacl(_as_graph(graph), shapes, ontology)
    else:
        report_graph = _fast(graph, shapes, ontology)
    return Report(results=_results(report_graph, declared_terms(ontology), prefixes), graph=report_graph)


def _as_graph(graph: Graph | bytes | None) -> Graph:
    """The data as one rdflib graph: a Dataset's union, the statements of N-Triples bytes, or the bundled data."""
    if graph is None:
        return load(include_ontology=False)
    if isinstance(graph, Graph):
        return union(graph) if isinstance(graph, ConjunctiveGraph) else graph
    return parse_text(graph.decode("utf-8"), "<data>.nt")


def _pyshacl(data: Graph, shapes: Graph, ontology: Graph) -> Graph:
    """pySHACL's report graph (its SPARQL constraints prepared once, see :func:`_prepared_sparql_cache`)."""
    import pyshacl

    with _VALIDATION_LOCK, _prepared_sparql_cache():
        _conforms, report_graph, _text = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True, allow_warnings=True)
    assert isinstance(report_graph, Graph)
    return report_graph


def _fast(graph: Graph | bytes | None, shapes: Graph, ontology: Graph) -> Graph:
    """SHACL Core by pyshacl-turbo, the SPARQL constraints by :mod:`filmgraph.shacl_sparql` on a
    pyoxigraph Store; both read the data with the ontology mix, as N-Triples with every literal as written."""
    import pyoxigraph
    import pyshacl_turbo
    import rdflib_turbo

    from .shacl_sparql import check

    if isinstance(graph, Graph):
        data = _as_graph(graph).serialize(format="nt", encoding="utf-8")
    else:
        data = graph if graph is not None else union_ntriples()
    data += ontology.serialize(format="nt", encoding="utf-8")
    core = union(shapes)
    core.remove((None, SH.sparql, None))
    with lexical_forms_kept():  # the report's ill-typed values as written, and no log line about them
        native = rdflib_turbo.Dataset().parse(data=data, format="nquads")  # held once, shared with the engine
        _conforms, report_graph, _text = pyshacl_turbo.validate(
            native, shacl_graph=core, inference="none", advanced=True, allow_warnings=True)
        del native
        if not isinstance(report_graph, Graph):
            raise InputError(f"the shapes cannot be used: {first_line(report_graph)}")
        store = pyoxigraph.Store()
        store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        del data
        check(shapes, store, report_graph)
    return _plain_strings(report_graph)


def _plain_strings(report: Graph) -> Graph:
    """``"text"^^xsd:string`` written as ``"text"``: the same literal in RDF 1.1, written as pySHACL writes it."""
    typed = [(s, p, o) for s, p, o in report if isinstance(o, Literal) and o.datatype == XSD.string]
    for s, p, o in typed:
        report.remove((s, p, o))
        report.add((s, p, Literal(str(o))))
    return report


def render_text(report: Report) -> str:
    """A terminal-friendly report grouped by focus node, with a summary line at the end."""
    lines: list[str] = []
    current = None
    for result in report.results:
        if result.focus != current:
            if current is not None:
                lines.append("")
            current = result.focus
            lines.append(result.focus)
        where = f" [{result.path}]" if result.path else ""
        value = f" (value: {result.value})" if result.value and result.value != result.focus else ""
        lines.append(f"  {result.severity.lower()}{where}: {result.message}{value}")
        if result.hint:
            lines.append(f"    {result.hint}")
        lines.append(f"    shape {result.constraint or result.shape}, {result.component}")
    if lines:
        lines.append("")
    count_v, count_w = len(report.violations), len(report.warnings)
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(f"{verdict}: {count_v} violation(s), {count_w} warning(s)")
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    """The report as JSON: conforms flag, counts, and the sorted results."""
    return dumps({"conforms": report.conforms, "violations": len(report.violations), "warnings": len(report.warnings),
                  "results": [r.as_dict() for r in report.results]})


def render_turtle(report: Report) -> str:
    """The W3C SHACL validation report graph, in Turtle."""
    return union(report.graph).serialize(format="turtle")


RENDERERS = {"text": render_text, "json": render_json, "turtle": render_turtle}

__all__ = ["RENDERERS", "SHACL_ENGINES", "Report", "Result", "validate"]
