"""Query results, and their text forms: SPARQL 1.1 CSV, TSV, JSON and XML results, an aligned
table and a Markdown table for SELECT/ASK; Turtle, N-Triples and JSON-LD for CONSTRUCT/DESCRIBE.

    >>> result = filmgraph.query("cast")
    >>> print(render(result, "table"))
    >>> render(result, "json")          # application/sparql-results+json

Every engine (rdflib, pyoxigraph, a remote endpoint) returns the same :class:`Result`: rows of
rdflib terms with their variable names, a bool for ASK, an rdflib Graph for CONSTRUCT/DESCRIBE.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import ResultRow
from rdflib.term import Node

from . import canonical, jsonld
from .errors import UsageError
from .namespaces import bind_prefixes, compact_iri, loaded_prefixes

#: Formats for SELECT and ASK answers (``table`` is for people, the others for programs).
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
#: Formats for CONSTRUCT and DESCRIBE answers.
GRAPH_FORMATS = ("turtle", "nt", "jsonld")
#: Media types, as a SPARQL endpoint would send them.
MEDIA_TYPES = {
    "table": "text/plain",
    "md": "text/markdown",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
#: File extension -> format, to guess the format of ``--out FILE``.
EXTENSIONS = {
    ".txt": "table",
    ".md": "md",
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".srj": "json",
    ".xml": "xml",
    ".srx": "xml",
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "jsonld",
}
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
NUMERIC_TYPES = frozenset(
    XSD[name]
    for name in (
        "integer", "decimal", "double", "float", "int", "long", "short", "byte",
        "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
        "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
    )
)  # fmt: skip


@dataclass
class Result:
    """The answer to one query.

    ``kind`` is SELECT, ASK, CONSTRUCT or DESCRIBE. A SELECT has ``vars`` and ``rows``
    (:class:`rdflib.query.ResultRow`: ``row.name``, ``row["name"]`` or ``row[0]``; None where
    unbound); an ASK has ``boolean``; CONSTRUCT and DESCRIBE have ``graph``. ``query`` is the
    text that ran, with the parameters bound; ``engine`` names what ran it.
    """

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[ResultRow] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    query: str = ""
    engine: str = ""

    @classmethod
    def select(
        cls, names: Sequence[str], rows: Sequence[Sequence[Node | None]], **info: str
    ) -> Result:
        """A SELECT result from variable names and rows of terms (None where unbound)."""
        labels = [Variable(name) for name in names]
        built = [
            ResultRow({v: t for v, t in zip(labels, row, strict=True) if t is not None}, labels)
            for row in rows
        ]
        return cls("SELECT", vars=list(names), rows=built, **info)

    def __getstate__(self) -> dict[str, object]:
        """Pickled with plain tuples for rows (an rdflib ResultRow cannot be unpickled): a query
        under a deadline sends its Result back from a worker process."""
        return {**self.__dict__, "rows": [tuple(row) for row in self.rows]}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.rows = Result.select(self.vars, self.rows).rows  # type: ignore[arg-type]

    @property
    def is_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE answers."""
        return self.graph is not None

    def __iter__(self) -> Iterator[object]:
        """Rows (SELECT), triples (CONSTRUCT/DESCRIBE), or the one boolean (ASK)."""
        if self.graph is not None:
            return iter(self.graph)
        if self.boolean is not None:
            return iter([self.boolean])
        return iter(self.rows)

    def __len__(self) -> int:
        if self.graph is not None:
            return len(self.graph)
        return 1 if self.boolean is not None else len(self.rows)

    def __bool__(self) -> bool:
        """The answer for ASK; otherwise whether there is any row or triple."""
        if self.boolean is not None:
            return self.boolean
        return len(self) > 0


# --- terms ------------------------------------------------------------------------------------

_ECHARS = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_ECHAR_RE = re.compile(r'[\\"\n\r\t\b\f]')
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def quote_string(text: str) -> str:
    """A double-quoted SPARQL/Turtle string; ``\\``, ``"`` and line breaks escaped as ECHARs.

    Only ECHARs are used, never ``\\u`` escapes: SPARQL decodes those before it tokenises, so
    an escaped quote written as ``\\u0022`` would end the string.
    """
    return '"' + _ECHAR_RE.sub(lambda m: _ECHARS[m.group()], text) + '"'


def term_syntax(term: Node) -> str:
    """A term in SPARQL / Turtle / N-Triples syntax: ``<iri>``, ``"text"@en``, ``"1"^^<dt>``."""
    if isinstance(term, URIRef):
        text = str(term)
        if _IRI_UNSAFE.search(text):
            text = _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", text)
        return f"<{text}>"
    if isinstance(term, Literal):
        body = quote_string(str(term))
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{body}^^<{term.datatype}>"
        return body
    if isinstance(term, BNode):
        return "_:" + (_BNODE_UNSAFE.sub("_", str(term)) or "b")
    raise TypeError(f"not an RDF term: {term!r}")


def readable(term: Node | None) -> str:
    """A term for people: prefixed names for IRIs, the bare text of literals, one line."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split()) if "\n" in term or "\r" in term else str(term)


def _is_number(term: Node | None) -> bool:
    return isinstance(term, Literal) and term.datatype in NUMERIC_TYPES


# --- SELECT and ASK -------------------------------------------------------------------------


def _table(result: Result) -> str:
    """An aligned plain-text table with a row count; numbers right-aligned."""
    if result.boolean is not None:
        return "true\n" if result.boolean else "false\n"
    cells = [[readable(term) for term in row] for row in result.rows]
    widths = [len(name) for name in result.vars]
    for line in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, line, strict=True)]
    numeric = [
        bool(result.rows) and all(row[i] is None or _is_number(row[i]) for row in result.rows)
        for i in range(len(result.vars))
    ]

    def fmt(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if right else v.ljust(w)
            for v, w, right in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    lines = [fmt(result.vars), fmt(["-" * w for w in widths])]
    lines.extend(fmt(line) for line in cells)
    count = len(result.rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _markdown(result: Result) -> str:
    """A GitHub-flavoured Markdown table (``|`` escaped, line breaks as ``<br>``)."""
    if result.boolean is not None:
        return "true\n" if result.boolean else "false\n"

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    def row_cells(row: ResultRow) -> list[str]:
        out = []
        for term in row:
            text = (
                "" if term is None else (str(term) if isinstance(term, Literal) else readable(term))
            )
            out.append(
                cell(text).replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")
            )
        return out

    numeric = [
        bool(result.rows) and all(row[i] is None or _is_number(row[i]) for row in result.rows)
        for i in range(len(result.vars))
    ]
    lines = [
        "| " + " | ".join(cell(v) for v in result.vars) + " |",
        "| " + " | ".join("---:" if n else "---" for n in numeric) + " |",
    ]
    lines.extend("| " + " | ".join(row_cells(row)) + " |" for row in result.rows)
    return "\n".join(lines) + "\n"


def _csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, RFC 4180 quoting, CRLF line ends.

    An ASK answer, which the CSV format does not define, is one column ``_askResult``.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerows([["_askResult"], ["true" if result.boolean else "false"]])
        return out.getvalue()
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(
            ["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row]
        )
    return out.getvalue()


def _tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV: ``?var`` header, terms in SPARQL syntax, tabs escaped.

    An ASK answer, which the TSV format does not define, is one column ``?_askResult``.
    """
    if result.boolean is not None:
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{name}" for name in result.vars)]
    lines.extend("\t".join("" if t is None else term_syntax(t) for t in row) for row in result.rows)
    return "\n".join(lines) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    """One RDF term in SPARQL 1.1 JSON results form."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    data = {"type": "literal", "value": str(term)}
    if term.language:
        data["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        data["datatype"] = str(term.datatype)
    return data


def _json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.boolean is not None:
        doc: dict[str, object] = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {name: _json_term(t) for name, t in zip(result.vars, row, strict=True) if t is not None}
            for row in result.rows
        ]
        doc = {"head": {"vars": result.vars}, "results": {"bindings": bindings}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _xml(result: Result) -> str:
    """SPARQL Query Results XML."""
    ns = SPARQL_RESULTS_NS
    ElementTree.register_namespace("", ns)
    root = ElementTree.Element(f"{{{ns}}}sparql")
    head = ElementTree.SubElement(root, f"{{{ns}}}head")
    if result.boolean is not None:
        ElementTree.SubElement(root, f"{{{ns}}}boolean").text = (
            "true" if result.boolean else "false"
        )
    else:
        for name in result.vars:
            ElementTree.SubElement(head, f"{{{ns}}}variable", name=name)
        results = ElementTree.SubElement(root, f"{{{ns}}}results")
        for row in result.rows:
            item = ElementTree.SubElement(results, f"{{{ns}}}result")
            for name, term in zip(result.vars, row, strict=True):
                if term is None:
                    continue
                binding = ElementTree.SubElement(item, f"{{{ns}}}binding", name=name)
                if isinstance(term, URIRef):
                    ElementTree.SubElement(binding, f"{{{ns}}}uri").text = str(term)
                elif isinstance(term, BNode):
                    ElementTree.SubElement(binding, f"{{{ns}}}bnode").text = str(term)
                else:
                    assert isinstance(term, Literal)
                    attrs = {}
                    if term.language:
                        attrs["{http://www.w3.org/XML/1998/namespace}lang"] = term.language
                    elif term.datatype is not None and term.datatype != XSD.string:
                        attrs["datatype"] = str(term.datatype)
                    ElementTree.SubElement(binding, f"{{{ns}}}literal", attrs).text = str(term)
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


# --- CONSTRUCT and DESCRIBE -------------------------------------------------------------------


def _graph_for_output(graph: Graph) -> Graph:
    """A copy of ``graph`` with the project's prefixes bound (and no others).

    """
    out = bind_prefixes(Graph(bind_namespaces="none"))
    for triple in graph:
        out.add(triple)
    return out


def _turtle(graph: Graph) -> str:
    return _graph_for_output(graph).serialize(format="turtle")


def _ntriples(graph: Graph) -> str:
    """N-Triples, lines sorted so that the output is the same in every run."""
    lines = {term_syntax(s) + " " + term_syntax(p) + " " + term_syntax(o) + " .\n"
             for s, p, o in graph}  # fmt: skip
    return "".join(sorted(lines))


def _jsonld(graph: Graph) -> str:
    """JSON-LD with an inline context of the project prefixes the graph uses (nothing fetched)."""
    used: dict[str, str] = {}
    for triple in graph:
        for term in (*triple, getattr(triple[2], "datatype", None)):
            if isinstance(term, URIRef):
                name = compact_iri(str(term))
                prefix = name.split(":", 1)[0]
                if not name.startswith("<") and prefix in loaded_prefixes():
                    used[prefix] = loaded_prefixes()[prefix]
    triples = canonical.canonical_triples(graph)
    expanded = jsonld.expanded_from_quads((s, p, o, None) for s, p, o in triples)
    return jsonld.dumps(jsonld.compact_with_prefixes(expanded, dict(sorted(used.items()))))


_RESULT_RENDERERS = {
    "table": _table,
    "md": _markdown,
    "csv": _csv,
    "tsv": _tsv,
    "json": _json,
    "xml": _xml,
}
_GRAPH_RENDERERS = {"turtle": _turtle, "nt": _ntriples, "jsonld": _jsonld}


def check_format(kind: str, fmt: str) -> None:
    """Refuse (UsageError) a format that does not fit the query form ``kind``."""
    if kind in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in _GRAPH_RENDERERS:
            raise UsageError(
                f"format {fmt} is for SELECT and ASK answers; a {kind} query gives a graph: "
                f"use one of {', '.join(GRAPH_FORMATS)}"
            )
    elif fmt not in _RESULT_RENDERERS:
        what = "a boolean" if kind == "ASK" else "rows"
        raise UsageError(
            f"format {fmt} is for CONSTRUCT and DESCRIBE answers; a {kind} query gives {what}: "
            f"use one of {', '.join(RESULT_FORMATS)}"
        )


def render(result: Result, fmt: str) -> str:
    """``result`` as text in format ``fmt`` (UsageError if the format does not fit the answer)."""
    check_format(result.kind, fmt)
    if result.graph is not None:
        text = _GRAPH_RENDERERS[fmt](result.graph)
        return text if text.endswith("\n") else text + "\n"
    return _RESULT_RENDERERS[fmt](result)


__all__ = [
    "EXTENSIONS",
    "GRAPH_FORMATS",
    "MEDIA_TYPES",
    "RESULT_FORMATS",
    "Result",
    "check_format",
    "quote_string",
    "readable",
    "render",
    "term_syntax",
]
