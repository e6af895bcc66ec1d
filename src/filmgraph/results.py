"""Query results, and their text forms: SPARQL 1.1 CSV, TSV, JSON and XML results (written by
pyoxigraph), an aligned table and a Markdown table for SELECT/ASK; Turtle, N-Triples (the export's
canonical form) and JSON-LD for CONSTRUCT/DESCRIBE.

    >>> result = filmgraph.query("cast")
    >>> print(render(result, "table"))
    >>> render(result, "json")          # application/sparql-results+json

Every engine (rdflib, pyoxigraph, a remote endpoint) returns the same :class:`Result`: rows of
rdflib terms with their variable names, a bool for ASK, an rdflib Graph for CONSTRUCT/DESCRIBE.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import ResultRow
from rdflib.term import Identifier, Node

from . import canonical, jsonld
from .errors import InputError, UsageError
from .formats import GRAPH_FORMATS, RESULT_FORMATS
from .graph import FORMATS
from .namespaces import bind_prefixes, compact_iri
from .naming import Naming, bundled_naming
from .rdfc import ECHARS, escape_iri

NUMERIC_TYPES = frozenset(XSD[name] for name in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))


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
    def select(cls, names: Sequence[str], rows: Sequence[Sequence[Node | None]], query: str = "",
               engine: str = "") -> Result:
        """A SELECT result from variable names and rows of terms (None where unbound)."""
        labels = [Variable(name) for name in names]
        built = [ResultRow({v: cast(Identifier, t) for v, t in zip(labels, row, strict=True) if t is not None}, labels)
                 for row in rows]
        return cls("SELECT", vars=list(names), rows=built, query=query, engine=engine)

    def __getstate__(self) -> dict[str, object]:
        """Pickled with plain tuples for rows (an rdflib ResultRow cannot be unpickled): a query
        under a deadline sends its Result back from a worker process."""
        return {**self.__dict__, "rows": [tuple(row) for row in self.rows]}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.rows = Result.select(self.vars, self.rows).rows

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

_ECHAR_RE = re.compile("[" + re.escape("".join(ECHARS)) + "]")


def quote_string(text: str) -> str:
    """A double-quoted SPARQL/Turtle string; ``\\``, ``"`` and line breaks escaped as ECHARs.

    Only ECHARs are used, never ``\\u`` escapes: SPARQL decodes those before it tokenises, so
    an escaped quote written as ``\\u0022`` would end the string.
    """
    return '"' + _ECHAR_RE.sub(lambda m: ECHARS[m.group()], text) + '"'


def term_syntax(term: Node) -> str:
    """A term in SPARQL syntax, to bind a parameter in query text: ``<iri>``, ``"text"@en``, ``"1"^^<dt>``.

    Answers are never written with it: N-Triples terms come from :func:`filmgraph.rdfc.nt_term`.
    """
    if isinstance(term, URIRef):
        return f"<{escape_iri(str(term))}>"
    if isinstance(term, Literal):
        body = quote_string(str(term))
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{body}^^<{term.datatype}>"
        return body
    raise TypeError(f"not an IRI or a literal: {term!r}")


def readable(term: Node | None, naming: Naming | None = None) -> str:
    """A term for people: prefixed names for IRIs (``naming``'s, default: the bundled data's), the
    bare text of literals, one line."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return (naming or bundled_naming()).people(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    return " ".join(text.split()) if "\n" in text or "\r" in text else text


def _is_number(term: Node | None) -> bool:
    return isinstance(term, Literal) and term.datatype in NUMERIC_TYPES


def _numeric(result: Result) -> list[bool]:
    """For each column, whether every bound value is a number (right-aligned in tables)."""
    rows = result.rows
    return [bool(rows) and all(row[i] is None or _is_number(row[i]) for row in rows) for i in range(len(result.vars))]


# --- SELECT and ASK -------------------------------------------------------------------------


def _table(result: Result, naming: Naming) -> str:
    """An aligned plain-text table with a row count; numbers right-aligned."""
    cells = [[readable(term, naming) for term in row] for row in result.rows]
    widths = [max(len(line[i]) for line in [result.vars, *cells]) for i in range(len(result.vars))]
    numeric = _numeric(result)

    def fmt(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if right else v.ljust(w) for v, w, right in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    count = len(result.rows)
    lines = [fmt(result.vars), fmt(["-" * w for w in widths]), *map(fmt, cells)]
    return "\n".join([*lines, f"({count} row{'' if count == 1 else 's'})"]) + "\n"


def _markdown(result: Result, naming: Naming) -> str:
    """A GitHub-flavoured Markdown table (``|`` escaped, line breaks as ``<br>``)."""

    def cell(text: str) -> str:
        return re.sub(r"\r\n|[\r\n]", "<br>", text.replace("\\", "\\\\").replace("|", "\\|"))

    lines = [[cell(v) for v in result.vars], ["---:" if n else "---" for n in _numeric(result)],
             *([cell(str(t) if isinstance(t, Literal) else readable(t, naming)) for t in row] for row in result.rows)]
    return "".join(f"| {' | '.join(line)} |\n" for line in lines)


def _sparql_json(result: Result) -> dict[str, object]:
    """The SPARQL 1.1 Query Results JSON document of a SELECT or ASK answer."""
    if result.boolean is not None:
        return {"head": {}, "boolean": result.boolean}
    labels = _blank_labels(result)
    bindings = [
        {name: _json_term(term, labels) for name, term in zip(result.vars, row, strict=True) if term is not None}
        for row in result.rows
    ]
    return {"head": {"vars": result.vars}, "results": {"bindings": bindings}}


def _json_term(term: Node, labels: dict[BNode, str]) -> dict[str, str]:
    """One RDF term in SPARQL 1.1 JSON results form."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": labels.get(term, str(term))}
    assert isinstance(term, Literal)
    data = {"type": "literal", "value": str(term)}
    if term.language:
        data["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        data["datatype"] = str(term.datatype)
    return data


def _blank_labels(result: Result) -> dict[BNode, str]:
    """New labels for the blank nodes whose label no writer accepts (an endpoint's ``a b``), each distinct."""
    from pyoxigraph import BlankNode

    nodes = {term for row in result.rows for term in row if isinstance(term, BNode)}
    taken = {str(node) for node in nodes}
    labels: dict[BNode, str] = {}
    for node in sorted(nodes):
        try:
            BlankNode(str(node))
        except ValueError:
            label = "x" + str(node).encode("utf-8", "surrogatepass").hex()
            while label in taken:
                label += "x"
            labels[node] = label
            taken.add(label)
    return labels


def _sparql_results(result: Result, fmt: str) -> str:
    """SPARQL 1.1 Query Results JSON, XML, CSV or TSV, written by pyoxigraph from the answer's terms.

    An ASK answer, which the CSV and TSV formats do not define, is one column ``_askResult``.
    """
    import pyoxigraph as ox

    if result.boolean is not None and fmt in ("csv", "tsv"):
        header, end = ("_askResult", "\r\n") if fmt == "csv" else ("?_askResult", "\n")
        return f"{header}{end}{'true' if result.boolean else 'false'}{end}"
    document = json.dumps(_sparql_json(result)).encode("utf-8")
    try:
        answer = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
        data = answer.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper()))
        assert data is not None  # written to bytes, as no output file is given
        text = data.decode("utf-8")
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"cannot write the answer as {fmt}: {exc}") from None
    return text if text.endswith("\n") else text + "\n"


# --- CONSTRUCT and DESCRIBE -------------------------------------------------------------------


def _turtle(graph: Graph, prefixes: Mapping[str, str]) -> str:
    """Turtle from rdflib, with ``prefixes`` bound (and no others)."""
    out = bind_prefixes(Graph(bind_namespaces="none"), prefixes)
    out += graph
    return out.serialize(format="turtle")


def _jsonld(graph: Graph, prefixes: Mapping[str, str]) -> str:
    """JSON-LD with an inline context of the project prefixes the graph uses (nothing fetched)."""
    used: dict[str, str] = {}
    for triple in graph:
        for term in (*triple, getattr(triple[2], "datatype", None)):
            if isinstance(term, URIRef):
                name = compact_iri(str(term), prefixes)
                prefix = name.split(":", 1)[0]
                if not name.startswith("<") and prefix in prefixes:
                    used[prefix] = prefixes[prefix]
    expanded = jsonld.expanded_from_triples(canonical.canonical_triples(graph))
    return jsonld.dumps(jsonld.compact_with_prefixes(expanded, dict(sorted(used.items()))))


def _sparql_renderer(fmt: str) -> Callable[[Result, Naming], str]:
    """The writer of a SPARQL results format, which writes every IRI in full whatever the naming."""
    return lambda result, _naming: _sparql_results(result, fmt)


_RESULT_RENDERERS: dict[str, Callable[[Result, Naming], str]] = {
    "table": _table,
    "md": _markdown,
    **{fmt: _sparql_renderer(fmt) for fmt in ("csv", "tsv", "json", "xml")},
}
_GRAPH_RENDERERS: dict[str, Callable[[Graph, Mapping[str, str]], str]] = {
    "turtle": _turtle, "nt": lambda graph, _prefixes: canonical.to_ntriples(graph), "jsonld": _jsonld,
}


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


def format_for_out(path: str | os.PathLike[str], graph: bool) -> str | None:
    """The answer format a file name's extension stands for (a graph's or rows'), or None."""
    spec = FORMATS.get(Path(path).suffix.lower())
    if spec is None:
        return None
    if graph:
        return spec.name if spec.name in GRAPH_FORMATS else None
    return spec.results or None


def render(result: Result, fmt: str, naming: Naming | None = None) -> str:
    """``result`` as text in format ``fmt`` (UsageError if the format does not fit the answer).

    IRIs are named by ``naming`` (default: the bundled data's; for ``--data`` files,
    :func:`filmgraph.naming.files_naming`): its prefix map in Turtle and JSON-LD, and in tables
    its names for people, which say the film of a prefix that films bind differently.
    """
    check_format(result.kind, fmt)
    if result.boolean is not None and fmt in ("table", "md"):
        return "true\n" if result.boolean else "false\n"
    naming = naming or bundled_naming()
    if result.graph is not None:
        text = _GRAPH_RENDERERS[fmt](result.graph, naming.prefixes)
        return text if text.endswith("\n") else text + "\n"
    return _RESULT_RENDERERS[fmt](result, naming)


__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "Result", "check_format", "format_for_out", "quote_string", "readable",
           "render", "term_syntax"]
