"""Own RDF/XML writer: rdflib's reorders with PYTHONHASHSEED; pyoxigraph 0.5.13 writes ``<oxprefix:>``, raw CR, U+0001.

One node element per subject (by IRI, then RDFC-1.0 blank node label), ``rdf:type`` as the element
name when it has a QName, properties in the Turtle order. A graph RDF/XML cannot express (a
predicate without a QName, a character XML 1.0 cannot carry) is an InputError.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.sax.saxutils import escape

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .errors import InputError
from .namespaces import loaded_prefixes
from .rdfc import canonical_triples

__all__ = ["to_rdfxml"]

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = RDF_NS + "langString"

# XML 1.0 NameStartChar / NameChar without ":" (an NCName).
_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHAR = _START + "\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_NCNAME = re.compile(f"[{_START}][{_CHAR}]*")
_LOCAL_SUFFIX = re.compile(f"[{_START}][{_CHAR}]*$")
# Characters XML 1.0 cannot carry at all, not even as a character reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Names of the RDF/XML syntax that cannot be used as property (or typed node) element names.
_SYNTAX_NAMES = frozenset({"RDF", "ID", "about", "bagID", "parseType", "resource", "nodeID", "datatype", "li",
                           "aboutEach", "aboutEachPrefix", "Description"})

_ATTRIBUTE_REFS = {'"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}

Term = URIRef | BNode | Literal


def _check_text(text: str, what: str) -> str:
    """``text`` if XML 1.0 can carry it, else InputError."""
    bad = _NOT_XML.search(text)
    if bad:
        raise InputError(
            f"cannot write {what} {text[:40]!r} as RDF/XML: XML 1.0 cannot contain the character "
            f"U+{ord(bad[0]):04X} (use N-Triples, Turtle or JSON-LD)"
        )
    return text


def _text(text: str) -> str:
    """Element content: markup characters escaped, CR kept (XML would turn it into LF)."""
    return escape(_check_text(text, "the literal"), {"\r": "&#13;"})


def _attribute(text: str) -> str:
    """An attribute value in double quotes, with whitespace kept as character references."""
    return '"' + escape(_check_text(text, "the value"), _ATTRIBUTE_REFS) + '"'


def _split(iri: str) -> tuple[str, str] | None:
    """(namespace, local name) for an IRI: a project prefix when one fits, else the longest NCName tail."""
    for namespace in sorted(loaded_prefixes().values(), key=len, reverse=True):
        if iri.startswith(namespace) and _NCNAME.fullmatch(iri[len(namespace) :]):
            return namespace, iri[len(namespace) :]
    tail = _LOCAL_SUFFIX.search(iri)  # the leftmost start, so the longest NCName ending the IRI
    if tail is None or tail.start() == 0:
        return None
    return iri[: tail.start()], tail.group(0)


class _Names:
    """Namespace prefixes for element names: the project's, then ns1, ns2... by namespace.

    XML QNames, not :func:`filmgraph.namespaces.compact_iri`'s Turtle names: the local part must be an
    NCName, and a namespace outside the project's prefixes still needs a prefix of its own.
    """

    def __init__(self, iris: Iterable[str]) -> None:
        known = {ns: prefix for prefix, ns in loaded_prefixes().items()}
        self.prefixes: dict[str, str] = {}
        extra: set[str] = set()
        for iri in iris:
            split = _split(iri)
            if split is None:
                continue
            namespace = split[0]
            if namespace in known:
                self.prefixes[namespace] = known[namespace]
            else:
                extra.add(namespace)
        self.prefixes[RDF_NS] = "rdf"
        for number, namespace in enumerate(sorted(extra), start=1):
            self.prefixes[namespace] = f"ns{number}"

    def qname(self, iri: str) -> str | None:
        """``prefix:local`` for an IRI, or None when it has no QName."""
        split = _split(iri)
        if split is None or split[0] not in self.prefixes:
            return None
        return f"{self.prefixes[split[0]]}:{split[1]}"

    def declarations(self) -> list[str]:
        """``xmlns:`` attributes, sorted by prefix."""
        pairs = sorted((prefix, ns) for ns, prefix in self.prefixes.items())
        return [f"xmlns:{prefix}={_attribute(ns)}" for prefix, ns in pairs]


def _property_name(names: _Names, iri: str) -> str:
    """The element name of a property, or InputError when RDF/XML cannot name it."""
    name = names.qname(iri)
    if name is None or (iri.startswith(RDF_NS) and iri[len(RDF_NS) :] in _SYNTAX_NAMES):
        raise InputError(f"cannot write the property <{iri}> as RDF/XML: it has no usable XML name")
    return name


_FIRST_PREDICATES = (str(RDF.type), str(RDFS.label), str(SKOS.prefLabel))


def _predicate_key(iri: str) -> tuple[int, str]:
    """Canonical order of properties, as in Turtle: type, label, preferred label, then by IRI."""
    first = _FIRST_PREDICATES
    return (first.index(iri) if iri in first else len(first), iri)


def _object_key(term: Term) -> tuple[int, str, str, str]:
    """Canonical order of objects: IRIs, blank nodes, then literals."""
    if isinstance(term, URIRef):
        return (0, str(term), "", "")
    if isinstance(term, BNode):
        return (1, str(term), "", "")
    return (2, str(term), term.language or "", str(term.datatype or ""))


def _property_element(name: str, value: Term) -> str:
    """One property element."""
    if isinstance(value, URIRef):
        return f"<{name} rdf:resource={_attribute(str(value))}/>"
    if isinstance(value, BNode):
        return f"<{name} rdf:nodeID={_attribute(str(value))}/>"
    if value.language:
        attributes = f" xml:lang={_attribute(value.language)}"
    elif value.datatype is None or str(value.datatype) in (XSD_STRING, RDF_LANGSTRING):
        attributes = ""
    else:
        attributes = f" rdf:datatype={_attribute(str(value.datatype))}"
    return f"<{name}{attributes}>{_text(str(value))}</{name}>"


def to_rdfxml(graph: Graph) -> str:
    """The graph as RDF/XML, byte-stable across runs (InputError when RDF/XML cannot express it)."""
    triples = canonical_triples(graph)
    rdf_type = RDF_NS + "type"
    iris = {str(p) for _, p, _ in triples}
    iris |= {str(o) for _, p, o in triples if str(p) == rdf_type and isinstance(o, URIRef)}
    names = _Names(sorted(iris))
    subjects: dict[tuple[int, str], dict[str, list[Term]]] = {}
    for s, p, o in triples:
        key = (0 if isinstance(s, URIRef) else 1, str(s))
        subjects.setdefault(key, {}).setdefault(str(p), []).append(o)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF", *(f"    {d}" for d in names.declarations())]
    lines[-1] += ">"
    for (kind, value), properties in sorted(subjects.items()):
        identity = f"rdf:about={_attribute(value)}" if kind == 0 else f"rdf:nodeID={_attribute(value)}"
        element = "rdf:Description"
        types = sorted(properties.get(rdf_type, []), key=_object_key)
        for candidate in types:
            if isinstance(candidate, URIRef) and not candidate.startswith(RDF_NS):
                qname = names.qname(str(candidate))
                if qname is not None:
                    element = qname
                    properties = {**properties, rdf_type: [t for t in types if t != candidate]}
                    break
        lines.append("")
        body: list[str] = []
        for predicate in sorted(properties, key=_predicate_key):
            name = _property_name(names, predicate)
            body.extend(_property_element(name, o) for o in sorted(properties[predicate], key=_object_key))
        if body:
            lines.append(f"  <{element} {identity}>")
            lines.extend(f"    {line}" for line in body)
            lines.append(f"  </{element}>")
        else:
            lines.append(f"  <{element} {identity}/>")
    lines.append("</rdf:RDF>")
    return "\n".join(lines) + "\n"
