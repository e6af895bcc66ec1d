"""The sectioned, sorted Turtle (and TriG) that ``filmgraph fmt`` keeps ontology/ and data/ in.

Written here by hand rather than by rdflib's serializer, so that its layout is a contract a diff
can rely on: the file's header comment, the prefixes it uses, then subjects grouped into titled
sections in a fixed order, with predicates and objects sorted. Blank nodes are first renamed by
RDFC-1.0 (:mod:`filmgraph.rdfc`), so the same graph gives the same bytes in every run.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SH, SKOS, VOID, XSD
from rdflib.term import Node

from .errors import UsageError
from .namespaces import FG, OA, loaded_prefixes
from .rdfc import Triple, dataset_quads, escape_iri, graph_triples, is_plain_string

__all__ = ["DEFAULT_SECTIONS", "OTHER_TITLE", "Section", "split_lines", "to_trig", "to_turtle", "trim_end"]


@dataclass(frozen=True)
class Section:
    """A titled group of subjects: those typed with any of ``classes``.

    Subjects are ordered by their ``sort_key`` value when one is given (numbers by value,
    anything else by its text), then by IRI.
    """

    title: str
    classes: tuple[URIRef, ...]
    sort_key: URIRef | None = None


#: Title of the last section, holding the subjects that match no other.
OTHER_TITLE = "Other"

DEFAULT_SECTIONS: tuple[Section, ...] = (
    Section("Ontology", (OWL.Ontology,)),
    Section("Dataset", (VOID.Dataset, DCAT.Dataset, DCAT.Distribution)),
    Section("Source graphs", (FG.SourceGraph,)),
    Section("Classes", (OWL.Class,)),
    Section(
        "Object properties", (OWL.ObjectProperty, OWL.TransitiveProperty, OWL.SymmetricProperty)
    ),
    Section("Datatype properties", (OWL.DatatypeProperty,)),
    Section("Annotation properties", (OWL.AnnotationProperty,)),
    Section("Node shapes", (SH.NodeShape,)),
    Section("Property shapes", (SH.PropertyShape,)),
    Section("SPARQL constraints", (SH.SPARQLConstraint,)),
    Section("Sources", (DCTERMS.BibliographicResource,)),
    Section("Films", (FG.Film,)),
    Section("Works", (FG.Novel, FG.Poem, FG.MusicalWork, FG.CreativeWork)),
    Section("People", (FG.Person,)),
    Section("Groups and organisations", (FG.Group, FG.Organisation)),
    Section("Characters", (FG.Character,)),
    Section("Fictional groups", (FG.FictionalGroup,)),
    Section("Motives", (FG.Motive, FG.ProfessedMotive, FG.AscribedMotive, FG.SuggestedMotive)),
    Section("Performances", (FG.Performance,), FG.billingOrder),
    Section("Fictional places", (FG.FictionalPlace,)),
    Section("Real places", (FG.RealPlace, FG.Country)),
    Section("Objects", (FG.PhysicalObject,)),
    Section("Events", (FG.PlotEvent, FG.ShownEvent, FG.RecountedEvent), FG.storyPosition),
    Section("Claims", (FG.Claim, FG.CharacterClaim, FG.Interpretation)),
    Section("Themes", (FG.Theme,)),
    Section("Awards", (FG.Award,)),
    Section("Genres and languages", (FG.Genre, FG.Language)),
    Section("Passages", (OA.SpecificResource, OA.TextPositionSelector)),
)

# --- terms ------------------------------------------------------------------------------------

# Turtle 1.1 PN_LOCAL without backslash escapes (a local name needing one is written as <IRI>).
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PERCENT = "%[0-9A-Fa-f]{2}"
_PN_LOCAL = re.compile(
    f"(?:[{_PN_CHARS_U}:0-9]|{_PERCENT})"
    f"(?:(?:[{_PN_CHARS}.:]|{_PERCENT})*(?:[{_PN_CHARS}:]|{_PERCENT}))?"
)

_ECHARS = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_STRING_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f]')  # backslash, quote, control chars

# Lexical forms that Turtle's short numeric/boolean syntax reads back unchanged and canonical.
_SHORT_FORMS: dict[URIRef, re.Pattern[str]] = {
    XSD.integer: re.compile(r"0|-?[1-9][0-9]*"),
    XSD.decimal: re.compile(r"-?(?:0|[1-9][0-9]*)\.(?:0|[0-9]*[1-9])"),
    XSD.boolean: re.compile(r"true|false"),
}

_LONG_LITERAL = 60
_FIRST_PREDICATES = (RDF.type, RDFS.label, SKOS.prefLabel)


def _escape_string(text: str) -> str:
    """Text for inside a one-line Turtle string: escapes, other control chars as \\uXXXX."""
    return _STRING_ESCAPE.sub(lambda m: _ECHARS.get(m[0]) or f"\\u{ord(m[0]):04X}", text)


_LONG_STRING_ESCAPE = re.compile(r'[\\"\x00-\x08\x0b-\x1f\x7f]')


def _escape_long_string(text: str) -> str:
    """Text for inside a triple-quoted Turtle string: newlines and tabs stay as they are."""
    return _LONG_STRING_ESCAPE.sub(lambda m: _ECHARS.get(m[0]) or f"\\u{ord(m[0]):04X}", text)

def _is_local_name(text: str) -> bool:
    """Whether ``text`` can follow ``prefix:`` as is (empty counts: ``fg:`` is valid)."""
    return text == "" or _PN_LOCAL.fullmatch(text) is not None


def _is_long(node: Node) -> bool:
    """A literal long enough to put each object of its predicate on a line of its own."""
    return isinstance(node, Literal) and len(str(node)) > _LONG_LITERAL


def _value_key(node: Node) -> tuple[int, int | float | Decimal, str]:
    """Sort key of a ``sort_key`` value: numbers by value first, then anything by its text."""
    if isinstance(node, Literal):
        value = node.value
        if isinstance(value, Decimal) and value.is_finite():
            return (0, value, "")
        if isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value):
            return (0, value, "")
    return (1, 0, str(node))


# --- Turtle -----------------------------------------------------------------------------------


class _TurtleWriter:
    """Writes one graph as canonical Turtle; keeps the state of one run (labels, prefixes).

    For TriG, one writer per graph is given the dataset's canonical ``triples`` of that graph,
    the blank nodes ``shared`` with other graphs (never written inline) and a ``labels`` map
    common to all graphs, and writes multi-line strings with escapes (``long_strings=False``)
    so that every line can be indented.
    """

    def __init__(
        self,
        graph: Graph | None = None,
        *,
        triples: Iterable[Triple] | None = None,
        shared: frozenset[BNode] = frozenset(),
        labels: dict[BNode, str] | None = None,
        long_strings: bool = True,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        if triples is None:
            assert graph is not None
            triples = graph_triples(graph)
        self.out: dict[Node, dict[URIRef, set[Node]]] = {}
        parents: dict[BNode, list[Node]] = {}
        for s, p, o in triples:
            self.out.setdefault(s, {}).setdefault(p, set()).add(o)
            if isinstance(o, BNode):
                parents.setdefault(o, []).append(s)
        # Blank nodes referenced exactly once are written inside their parent as [ ] or ( ).
        self.inline: set[BNode] = {b for b, refs in parents.items() if len(refs) == 1 and b not in shared}
        self._break_cycles({b: parents[b][0] for b in self.inline})
        self.labels: dict[BNode, str] = labels if labels is not None else {}
        self.long_strings = long_strings
        self.used_prefixes: set[str] = set()
        self.prefixes = dict(prefixes if prefixes is not None else loaded_prefixes())
        self._namespaces = sorted(self.prefixes.items(), key=lambda item: (-len(item[1]), item[0]))
        self._iris: dict[str, tuple[str, str | None]] = {}
        self._lists: dict[BNode, list[Node] | None] = {}
        self._sort_texts: dict[Node, str] = {}
        self._multiline: dict[Node, bool] = {}

    def _break_cycles(self, parent: dict[BNode, Node]) -> None:
        """Label one node of each cycle of once-referenced blank nodes, so every one is written."""
        done: set[BNode] = set()
        for start in sorted(parent, key=str):
            path: list[BNode] = []
            on_path: set[BNode] = set()
            node: Node = start
            while isinstance(node, BNode) and node in self.inline and node not in done:
                if node in on_path:
                    cycle = path[path.index(node) :]
                    self.inline.discard(min(cycle, key=str))
                    break
                on_path.add(node)
                path.append(node)
                node = parent[node]
            done.update(path)

    def _is_inline(self, node: Node) -> bool:
        """Whether ``node`` is written where it is referenced rather than under a label."""
        return isinstance(node, BNode) and node in self.inline

    def _list_items(self, node: BNode) -> list[Node] | None:
        """The members if ``node`` heads a well-formed RDF collection written as ( ), else None."""
        if node in self._lists:
            return self._lists[node]
        items: list[Node] = []
        seen: set[Node] = set()
        current: Node = node
        result: list[Node] | None = None
        while True:
            if current == RDF.nil:
                result = items
                break
            if not self._is_inline(current) or current in seen:
                break
            props = self.out.get(current, {})
            if set(props) != {RDF.first, RDF.rest}:
                break
            if len(props[RDF.first]) != 1 or len(props[RDF.rest]) != 1:
                break
            seen.add(current)
            items.append(next(iter(props[RDF.first])))
            current = next(iter(props[RDF.rest]))
        self._lists[node] = result
        return result

    # sorting (no side effects: uses full IRIs and canonical blank node ids)

    def _predicates(self, node: Node) -> list[URIRef]:
        """Predicates of a subject: rdf:type, rdfs:label, skos:prefLabel, then by IRI."""
        first = _FIRST_PREDICATES
        return sorted(
            self.out.get(node, {}),
            key=lambda p: (first.index(p) if p in first else len(first), str(p)),
        )

    def _objects(self, node: Node, predicate: URIRef) -> list[Node]:
        """Objects of one predicate: IRIs, then blank nodes, then literals."""
        return sorted(self.out[node][predicate], key=self._object_key)

    def _object_key(self, node: Node) -> tuple[int, str, str, str]:
        """Sort key of an object term."""
        if isinstance(node, URIRef):
            return (0, str(node), "", "")
        if isinstance(node, BNode):
            return (1, self._sort_text(node), str(node), "")
        assert isinstance(node, Literal)
        return (2, str(node), node.language or "", str(node.datatype or ""))

    def _sort_text(self, node: Node) -> str:
        """A label-free text of a term and what is inlined under it, used to sort blank nodes."""
        if not isinstance(node, BNode):
            return node.n3()
        if not self._is_inline(node):
            return f"_:{node}"
        if node not in self._sort_texts:
            items = self._list_items(node)
            if items is not None:
                text = "( " + " ".join(self._sort_text(item) for item in items) + " )"
            else:
                parts = [
                    f"<{p}> " + " , ".join(self._sort_text(o) for o in self._objects(node, p))
                    for p in self._predicates(node)
                ]
                text = "[ " + " ; ".join(parts) + " ]"
            self._sort_texts[node] = text
        return self._sort_texts[node]

    def _subject_key(
        self, node: Node, sort_key: URIRef | None
    ) -> tuple[tuple[int, int | float | Decimal, str], int, str]:
        """Sort key of a subject within its section."""
        values = self.out[node].get(sort_key, set()) if sort_key is not None else set()
        value = min((_value_key(v) for v in values), default=(2, 0, ""))
        return (value, 0 if isinstance(node, URIRef) else 1, str(node))

    def _is_multiline(self, node: Node) -> bool:
        """Whether an object is written over several lines (decided by structure alone)."""
        if not self._is_inline(node) or node not in self.out:
            return False
        assert isinstance(node, BNode)
        if node not in self._multiline:
            items = self._list_items(node)
            if items is not None:
                multi = any(self._is_multiline(i) or _is_long(i) for i in items)
            else:
                props = self.out[node]
                objects = next(iter(props.values()))
                multi = len(props) != 1 or len(objects) != 1
                if not multi:
                    (only,) = objects
                    multi = self._is_multiline(only) or _is_long(only)
            self._multiline[node] = multi
        return self._multiline[node]

    # rendering (in output order: blank node labels are numbered as they first appear)

    def _iri(self, node: URIRef) -> str:
        """An IRI as a prefixed name when one fits, else as ``<...>``."""
        text = str(node)
        found = self._iris.get(text)
        if found is None:
            found = (f"<{escape_iri(text)}>", None)
            for prefix, namespace in self._namespaces:
                if text.startswith(namespace) and _is_local_name(text[len(namespace) :]):
                    found = (f"{prefix}:{text[len(namespace) :]}", prefix)
                    break
            self._iris[text] = found
        if found[1] is not None:
            self.used_prefixes.add(found[1])
        return found[0]

    def _literal(self, node: Literal) -> str:
        """A literal: short form for canonical integers, decimals and booleans."""
        lexical = str(node)
        multi_line = self.long_strings and "\n" in lexical  # multi-line text (SPARQL in shapes) stays readable
        quoted = f'"""{_escape_long_string(lexical)}"""' if multi_line else f'"{_escape_string(lexical)}"'
        if node.language:
            return f"{quoted}@{node.language}"
        if is_plain_string(node):
            return quoted
        assert node.datatype is not None
        short = _SHORT_FORMS.get(node.datatype)
        if short is not None and short.fullmatch(lexical) and lexical != "-0.0":
            return lexical
        return f"{quoted}^^{self._iri(node.datatype)}"

    def _term(self, node: Node) -> str:
        """One term on one line (a blank node by its label)."""
        if isinstance(node, URIRef):
            return self._iri(node)
        if isinstance(node, Literal):
            return self._literal(node)
        assert isinstance(node, BNode)
        if node not in self.labels:
            self.labels[node] = f"_:b{len(self.labels) + 1}"
        return self.labels[node]

    def _object(self, node: Node, indent: int) -> str:
        """An object; ``indent`` is that of the line its first character is on."""
        if not self._is_inline(node):
            return self._term(node)
        assert isinstance(node, BNode)
        if node not in self.out:
            return "[]"
        pad, close = " " * (indent + 4), " " * indent
        items = self._list_items(node)
        if items is not None:
            if not self._is_multiline(node):
                return "( " + " ".join(self._object(item, indent) for item in items) + " )"
            lines = [pad + self._object(item, indent + 4) for item in items]
            return "(\n" + "\n".join(lines) + f"\n{close})"
        if not self._is_multiline(node):
            return "[ " + self._predicate_objects(node, indent)[0] + " ]"
        lines = [pad + line for line in self._predicate_objects(node, indent + 4)]
        return "[\n" + " ;\n".join(lines) + f"\n{close}]"

    def _predicate_objects(self, node: Node, indent: int) -> list[str]:
        """One entry per predicate of ``node``: the predicate and its objects."""
        entries: list[str] = []
        for predicate in self._predicates(node):
            verb = "a" if predicate == RDF.type else self._iri(predicate)
            objects = self._objects(node, predicate)
            if len(objects) > 1 and any(_is_long(o) or self._is_multiline(o) for o in objects):
                pad = " " * (indent + 4)
                lines = [pad + self._object(o, indent + 4) for o in objects]
                entries.append(verb + "\n" + " ,\n".join(lines))
            else:
                entries.append(verb + " " + " , ".join(self._object(o, indent) for o in objects))
        return entries

    def _subject_block(self, node: Node) -> str:
        """All triples of one subject, ending with `` .``."""
        lines = ["    " + entry for entry in self._predicate_objects(node, 4)]
        return self._term(node) + "\n" + " ;\n".join(lines) + " ."

    def write(self, sections: Sequence[Section], header_lines: list[str]) -> str:
        """The whole document."""
        body = self.body(sections)
        blocks: list[str] = []
        if header_lines:
            blocks.append("\n".join(header_lines))
        if self.used_prefixes:
            blocks.append(_prefix_lines(self.used_prefixes, self.prefixes))
        blocks.extend(body)
        return "\n\n".join(blocks) + "\n" if blocks else ""

    def body(self, sections: Sequence[Section]) -> list[str]:
        """The section titles and subject blocks, in order (prefixes are collected meanwhile)."""
        class_sets = [frozenset(URIRef(str(c)) for c in s.classes) for s in sections]
        groups: list[list[Node]] = [[] for _ in range(len(sections) + 1)]
        for subject, props in self.out.items():
            if self._is_inline(subject):
                continue
            types = props.get(RDF.type, set())
            index = next(
                (i for i, classes in enumerate(class_sets) if not classes.isdisjoint(types)),
                len(sections),
            )
            groups[index].append(subject)
        body: list[str] = []
        for index, members in enumerate(groups):
            section = sections[index] if index < len(sections) else Section(OTHER_TITLE, ())
            if not members:
                continue
            sort_key = URIRef(str(section.sort_key)) if section.sort_key is not None else None
            members.sort(key=lambda node: self._subject_key(node, sort_key))
            body.append(f"# --- {section.title}")
            body.extend(self._subject_block(member) for member in members)
        return body


def _prefix_lines(used: Iterable[str], prefixes: Mapping[str, str]) -> str:
    """``@prefix`` lines for the prefixes used, sorted."""
    return "\n".join(f"@prefix {p}: <{prefixes[p]}> ." for p in sorted(used))


def split_lines(text: str) -> list[str]:
    """Lines split only where Turtle ends a line (LF, CR LF or CR), trailing blanks removed."""
    return [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def trim_end(lines: list[str]) -> list[str]:
    """The lines without empty ones at the end."""
    while lines and not lines[-1]:
        lines = lines[:-1]
    return lines


def _header_lines(header: str | None) -> list[str]:
    """Header text as comment lines; a line starting ``---`` would read back as a section."""
    lines: list[str] = []
    for text in trim_end(split_lines(header or "")):
        if text.startswith("---"):
            raise UsageError(f"header line {text!r} starts with '---', kept for section titles")
        lines.append(f"# {text}" if text else "#")
    return lines


def to_turtle(
    graph: Graph,
    sections: Sequence[Section] = DEFAULT_SECTIONS,
    header: str | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> str:
    """The graph as canonical Turtle, optionally headed by ``header`` as comment lines; IRIs are
    written with ``prefixes`` (default: the bundled files' map, :func:`filmgraph.namespaces.loaded_prefixes`)."""
    return _TurtleWriter(graph, prefixes=prefixes).write(sections, _header_lines(header))


def to_trig(
    dataset: Dataset, sections: Sequence[Section] = DEFAULT_SECTIONS, prefixes: Mapping[str, str] | None = None
) -> str:
    """The dataset as TriG in the canonical Turtle layout, one indented block per named graph.

    The default graph's triples come first, unwrapped, then the named graphs sorted by name.
    Blank nodes are labelled by RDFC-1.0 over the whole dataset, so output is byte-stable; a
    blank node used in several graphs (or naming a graph) is written under one label everywhere.
    """
    by_graph: dict[URIRef | BNode | None, list[Triple]] = {}
    graphs_of: dict[BNode, set[URIRef | BNode | None]] = {}
    for s, p, o, g in dataset_quads(dataset):
        by_graph.setdefault(g, []).append((s, p, o))
        for term in (s, o):
            if isinstance(term, BNode):
                graphs_of.setdefault(term, set()).add(g)
    shared = frozenset(
        [b for b, names in graphs_of.items() if len(names) > 1]
        + [g for g in by_graph if isinstance(g, BNode)]
    )
    names = sorted((g for g in by_graph if g is not None), key=lambda g: (isinstance(g, BNode), str(g)))
    labels: dict[BNode, str] = {}
    used: set[str] = set()
    blocks: list[str] = []
    for name in ([None] if None in by_graph else []) + names:
        writer = _TurtleWriter(
            triples=by_graph[name], shared=shared, labels=labels, long_strings=False, prefixes=prefixes
        )
        body = writer.body(sections)
        if name is None:
            blocks.extend(body)
        else:
            lines = "\n\n".join(body).split("\n")
            inner = "\n".join(f"    {line}" if line else "" for line in lines)
            blocks.append(f"{writer._term(name)} {{\n{inner}\n}}")
        used |= writer.used_prefixes
    if used:
        blocks.insert(0, _prefix_lines(used, dict(prefixes if prefixes is not None else loaded_prefixes())))
    return "\n\n".join(blocks) + "\n" if blocks else ""
