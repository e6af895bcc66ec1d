"""The query library (``queries/*.rq``) and query files: reading them, their comment header, and
the validated values of their parameters.

A library query is one ``.rq`` file whose comment header gives its ``title``, the ``question``
it answers and its ``params``, one per line, each with a type and a default, or ``required``::

    # params: place (IRI, required): the place asked about
    #   lang = "en" (string): the language of the labels

A ``film`` IRI parameter without a default is the only film in the data when left out
(:func:`filmgraph.querying.with_film`); any other parameter without a default must be given.

A parameter is a variable of the query (``?film``). Its value is validated and turned into an
rdflib term (an IRI must be absolute; ``film:NAME`` with a known prefix is expanded);
:func:`filmgraph.syntax.bind` then writes the term into the text.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from . import resources
from .errors import InputError, UsageError
from .namespaces import compact_iri, expand_curie, loaded_prefixes
from .results import term_syntax
from .syntax import Token, form, tokenize

QUERY_FOLDER = "queries"
#: Keyword arguments of :func:`filmgraph.query` itself, so never parameter names.
RESERVED = frozenset({"graph", "engine", "endpoint", "allow_network", "timeout", "name_or_text", "params", "naming"})
PARAM_TYPES = ("IRI", "string", "integer", "boolean")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_PARAM_NAME = re.compile(r"[a-z][a-z0-9_]*")
#: IRI schemes taken as they are, even when they look like a project prefix.
_COMMON_SCHEMES = frozenset(
    {"http", "https", "urn", "tag", "mailto", "file", "ftp", "info", "data", "did", "ark"}
)
#: An example value of each parameter type, for the message that asks for a missing one.
_EXAMPLES = {"IRI": "PREFIX:NAME (a prefixed name or an absolute IRI)", "string": "TEXT", "integer": "1",
             "boolean": "true"}
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]+")

# --- queries and their headers -----------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One declared parameter: its name (the variable), type, default term and description."""

    name: str
    type: str
    default: Node | None = None
    doc: str = ""

    @property
    def derived(self) -> bool:
        """Whether a missing value is derived from the data: ``film`` (IRI) without a default is the only film."""
        return self.name == "film" and self.type == "IRI" and self.default is None

    def describe(self) -> str:
        """``name=default``, ``film (IRI, default: the only film in the data)`` or ``name (IRI, required)``."""
        if self.derived:
            return f"{self.name} ({self.type}, default: the only film in the data)"
        if self.default is None:
            return f"{self.name} ({self.type}, required)"
        shown = (
            compact_iri(str(self.default))
            if isinstance(self.default, URIRef)
            else term_syntax(self.default)
        )
        return f"{self.name}={shown}"


@dataclass(frozen=True)
class Query:
    """A SPARQL query with its header: ``source`` names it in error messages."""

    name: str
    source: str
    text: str
    title: str = ""
    question: str = ""
    params: tuple[Param, ...] = ()
    tokens: tuple[Token, ...] = field(default=(), repr=False, compare=False)

    @property
    def kind(self) -> str | None:
        """SELECT, ASK, CONSTRUCT or DESCRIBE (an update word such as INSERT; None if unknown)."""
        return form(self.tokens)[0]

    def param(self, name: str) -> Param | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


_FIELD = re.compile(r"#\s?([a-z]+):(.*)$")


def parse_header(text: str, source: str) -> tuple[str, str, tuple[Param, ...]]:
    """Title, question and parameters from the leading comment lines of a query."""
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if match and match.group(1) in ("title", "question", "params"):
            current = match.group(1)
            fields[current] = [match.group(2).strip()] if match.group(2).strip() else []
        elif current is not None and re.match(r"#\s{2,}\S", line):
            fields[current].append(line[1:].strip())
        else:
            current = None
    title = " ".join(fields.get("title", []))
    question = " ".join(fields.get("question", []))
    entries = fields.get("params", [])
    params: list[Param] = []
    if entries and not entries[0].lower().startswith("none"):
        for entry in entries:
            param = _parse_param(entry, source)
            if any(p.name == param.name for p in params):
                raise InputError(f"{source}: parameter {param.name!r} is declared twice")
            params.append(param)
    return title, question, tuple(params)


_PARAM_DECL = re.compile(
    r"(?P<name>[A-Za-z_][\w]*)\s*(?:=\s*(?P<default>.+?))?\s*\((?P<type>[A-Za-z]+)(?P<req>,\s*required)?\)"
    r"\s*(?::\s*(?P<doc>.*))?"
)


def _parse_param(entry: str, source: str) -> Param:
    """One ``name = default (type): description`` entry of a ``# params:`` header."""
    match = _PARAM_DECL.fullmatch(entry.strip())
    if not match:
        raise InputError(
            f"{source}: cannot read the parameter declaration {entry!r}; write it as "
            "'name = default (type): description', e.g. "
            "'lang = \"en\" (string): the language of the labels'"
        )
    name, kind = match.group("name"), _param_type(match.group("type"), source)
    if not _PARAM_NAME.fullmatch(name) or name in RESERVED:
        raise InputError(
            f"{source}: {name!r} cannot be a parameter name (lower case letters, digits and _, "
            f"not one of {', '.join(sorted(RESERVED))})"
        )
    default_text = match.group("default")
    param = Param(name, kind, None, (match.group("doc") or "").strip())
    if default_text is None:
        return param
    try:
        default = to_term(param, _header_value(default_text, kind))
    except UsageError as exc:
        raise InputError(f"{source}: bad default for parameter {name!r}: {exc}") from None
    return Param(name, kind, default, param.doc)


def _param_type(text: str, source: str) -> str:
    for kind in PARAM_TYPES:
        if text.lower() == kind.lower():
            return kind
    raise InputError(
        f"{source}: unknown parameter type {text!r}; use one of {', '.join(PARAM_TYPES)}"
    )


def _header_value(text: str, kind: str) -> str:
    """The raw value of a default in a header: ``<iri>``, ``"text"``, ``12`` or ``true``."""
    text = text.strip()
    if kind == "string" and len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            return str(json.loads(text))
        except json.JSONDecodeError:
            return text[1:-1]
    return text


# --- parameters -------------------------------------------------------------------------------


def to_term(param: Param, value: object) -> Node:
    """The validated rdflib term for a parameter value (a str from the command line, or a term)."""
    if param.type == "IRI":
        if isinstance(value, Literal):
            raise UsageError(f"parameter {param.name} takes an IRI, not the literal {value.n3()}")
        return iri_param(param.name, str(value))
    if isinstance(value, URIRef):
        raise UsageError(f"parameter {param.name} takes a {param.type}, not the IRI <{value}>")
    if param.type == "string":
        if re.search(r"\\[uU]", str(value)):
            raise UsageError(
                f"parameter {param.name}: a backslash followed by 'u' or 'U' cannot be passed "
                "safely, because SPARQL decodes \\u escapes before it reads strings"
            )
        if isinstance(value, Literal) and (
            value.language or value.datatype not in (None, XSD.string)
        ):
            return value
        return Literal(str(value))
    if param.type == "integer":
        text = str(value).strip()
        if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d+", text):
            raise UsageError(f"parameter {param.name} takes an integer, not {str(value)!r}")
        return Literal(int(text))
    text = str(value).strip().lower()
    if text not in ("true", "false"):
        raise UsageError(f"parameter {param.name} takes true or false, not {str(value)!r}")
    return Literal(text == "true")


def iri_param(name: str, text: str) -> URIRef:
    """The IRI for parameter ``name`` from ``<iri>``, ``iri`` or a CURIE with a project prefix (``film:x``)."""
    raw = text.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    iri = expand_curie(raw) or raw
    hint = (
        "give an absolute IRI such as https://w3id.org/filmgraph/film/NAME, "
        "or a prefixed name such as film:NAME"
    )
    if not _ABSOLUTE_IRI.fullmatch(iri):
        raise UsageError(f"parameter {name}: {text!r} is not an absolute IRI; {hint}")
    scheme = iri.split(":", 1)[0]
    if iri == raw and scheme.lower() not in _COMMON_SCHEMES:
        close = difflib.get_close_matches(scheme, list(loaded_prefixes()), n=1, cutoff=0.6)
        if close:  # most likely a mistyped prefix, not a rare IRI scheme
            raise UsageError(
                f"parameter {name}: unknown prefix '{scheme}:' in {text!r}; "
                f"did you mean {close[0]}:{iri.split(':', 1)[1]}?"
            )
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as exc:
        raise UsageError(f"parameter {name}: {text!r} is not a valid IRI ({exc}); {hint}") from None
    return URIRef(iri)


def bind_values(query: Query, values: Mapping[str, object]) -> dict[str, Node]:
    """Every declared parameter's term: the given value, else the default; unknown names refused."""
    declared = {p.name for p in query.params}
    for name in values:
        if name not in declared:
            close = difflib.get_close_matches(name, sorted(declared), n=3, cutoff=0.5)
            if declared:
                known = f"it takes {', '.join(sorted(declared))}"
            else:
                known = "it declares none (a '# params:' header line declares them)"
            guess = f"; did you mean {' or '.join(close)}?" if close else ""
            raise UsageError(f"{query.source}: unknown parameter {name!r}{guess} ({known})")
    terms: dict[str, Node] = {}
    for param in query.params:
        if param.name in values:
            try:
                terms[param.name] = to_term(param, values[param.name])
            except UsageError as exc:
                raise UsageError(f"{query.source}: {exc}") from None
        elif param.default is not None:
            terms[param.name] = param.default
        else:
            raise UsageError(
                f"{query.source}: parameter {param.name} ({param.type}) is required; give it with "
                f"--param {param.name}={_EXAMPLES[param.type]}"
            )
    return terms



# --- the library ----------------------------------------------------------------------------


def parse_query(text: str, source: str = "<query>", name: str = "") -> Query:
    """A Query from SPARQL text (its header, if any, declares title, question and parameters)."""
    if not text.strip():
        raise InputError(f"{source}: the query is empty")
    title, question, params = parse_header(text, source)
    return Query(name or source, source, text, title, question, params, tokenize(text))


def names() -> list[str]:
    """The names of the library queries (``queries/*.rq``; the lint queries are separate)."""
    return [
        item.name[: -len(".rq")]
        for item in resources.list_dir(QUERY_FOLDER)
        if item.name.endswith(".rq")
    ]


def load_query(name: str) -> Query:
    """A library query by name; an unknown name is a UsageError listing the close ones."""
    known = names()
    if name not in known:
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        close += [n for n in known if name and name in n and n not in close][: 3 - len(close)]
        guess = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"unknown query {name!r}{guess} (see 'filmgraph query --list')")
    relative = f"{QUERY_FOLDER}/{name}.rq"
    return parse_query(resources.read_text(relative), relative, name)


def load_query_in(folder: str, name: str) -> Query:
    """A query of a library subfolder, ``queries/FOLDER/NAME.rq`` (Wikidata templates, federated parts)."""
    relative = f"{QUERY_FOLDER}/{folder}/{name}.rq"
    try:
        return parse_query(resources.read_text(relative), relative, name)
    except FileNotFoundError:
        raise InputError(f"{relative}: no such file") from None


def read_query_file(path: str | Path) -> Query:
    """A query from a file (``-`` for standard input)."""
    from .graph import read_stdin, read_user_file

    if str(path) == "-":
        return parse_query(read_stdin(), "<stdin>", "<stdin>")

    return parse_query(read_user_file(path, "a query file"), str(path), Path(path).stem)


def list_queries() -> list[Query]:
    """Every library query, by name."""
    return [load_query(name) for name in names()]


def resolve(name_or_text: str | Path | Query) -> Query:
    """A Query from a library name, a Path, or SPARQL text."""
    if isinstance(name_or_text, Query):
        return name_or_text
    if isinstance(name_or_text, Path):
        return read_query_file(name_or_text)
    if _NAME.fullmatch(name_or_text.strip()):
        return load_query(name_or_text.strip())
    return parse_query(name_or_text)

