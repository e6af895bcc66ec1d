"""The SPARQL query library (``queries/*.rq``), parameters, safety checks, and running a query on
rdflib, on pyoxigraph or on any SPARQL 1.1 endpoint.

    >>> result = filmgraph.query("cast")                       # bundled graph, default engine
    >>> [row.characterLabel for row in result]
    >>> result = filmgraph.query("events-in-place", place="setting:room")
    >>> result = filmgraph.query("timeline", endpoint="http://localhost:7878/query")

A library query is one ``.rq`` file whose comment header gives its ``title``, the ``question``
it answers and its ``params``, one per line, each with a type and (usually) a default::

    # params: film = <https://w3id.org/filmgraph/film/stalker-1979> (IRI): the film
    #   lang = "en" (string): the language of the labels

How parameters are bound. A parameter is a variable of the query (``?film``). Its value is
validated and turned into an rdflib term (an IRI must be absolute; ``film:stalker-1979`` with a
project prefix is expanded), and the term, written in SPARQL syntax by :func:`term_syntax`, takes
the place of every occurrence of the variable, found by a SPARQL tokenizer that skips strings,
IRIs and comments. Where a bare constant is not allowed the variable keeps its name: in a SELECT
list ``?film`` becomes ``(<iri> AS ?film)``, in GROUP BY / ORDER BY ``(<iri>)``, ``BOUND(?film)``
becomes ``true``; a query that assigns a parameter (``AS ?film``, ``VALUES ?film``) is refused.
This is the pre-binding of SPARQL's ``substitute`` (SEP-0007), done in the text, so the same
bound query runs on rdflib, on pyoxigraph and on a remote endpoint, with constants that every
engine can use for index look-ups, and ``--show`` can print exactly what will run.

Checks before anything runs (all raise UsageError or InputError with ``FILE:LINE:COL``):
SPARQL Update is refused (``query`` is read-only); ``SERVICE`` (network) is refused unless
allowed; ``FROM`` is refused on local engines (use ``GRAPH`` to read the named graphs);
undeclared prefixes, unbalanced brackets and syntax errors are reported with their position.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from . import resources
from .deadline import call_with_deadline
from .engines import ENGINES, EndpointEngine, Engine, make_engine
from .errors import InputError, UsageError
from .films import choose as choose_film
from .namespaces import compact_iri, expand_curie, loaded_prefixes
from .results import Result, term_syntax

QUERY_FOLDER = "queries"
#: The engine used when none is named: pyoxigraph, 43x faster than rdflib over the library
#: and twice as fast for a whole command (benchmarks/README.md, docs/queries.md).
DEFAULT_ENGINE = "oxigraph"
#: Keyword arguments of :func:`query` itself, so never parameter names.
RESERVED = frozenset({"graph", "engine", "endpoint", "allow_network", "timeout", "name_or_text"})
PARAM_TYPES = ("IRI", "string", "integer", "boolean")
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_PARAM_NAME = re.compile(r"[a-z][a-z0-9_]*")
#: IRI schemes taken as they are, even when they look like a project prefix.
_COMMON_SCHEMES = frozenset(
    {"http", "https", "urn", "tag", "mailto", "file", "ftp", "info", "data", "did", "ark"}
)
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]+")


# --- queries and their headers -----------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One declared parameter: its name (the variable), type, default term and description."""

    name: str
    type: str
    default: Node | None = None
    doc: str = ""

    def describe(self) -> str:
        """``name=default`` (or ``name (IRI, required)``) for listings."""
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
        return _form(self.tokens)[0]

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
            "'film = <https://w3id.org/filmgraph/film/stalker-1979> (IRI): the film'"
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
        return _iri(param.name, str(value))
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
    """A validated IRI for parameter ``name`` from command-line text (absolute IRI or CURIE)."""
    return _iri(name, text)


def _iri(name: str, text: str) -> URIRef:
    """An absolute IRI from ``<iri>``, ``iri`` or a CURIE with a project prefix (``film:x``)."""
    raw = text.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    iri = expand_curie(raw) or raw
    hint = (
        "give an absolute IRI such as https://w3id.org/filmgraph/film/stalker-1979, "
        "or a prefixed name such as film:stalker-1979"
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
                f"{query.source}: parameter {param.name} ({param.type}) has no default; "
                f"give it with --param {param.name}=VALUE"
            )
    return terms


# --- a small SPARQL tokenizer -----------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\U000EFFFF]+)
  | (?P<bnode>_:[A-Za-z0-9_\u00C0-\U000EFFFF][\w\-.\u00B7]*)
  | (?P<pname>(?:[A-Za-z\u00C0-\U000EFFFF][\w\-.\u00B7]*)?:(?:[\w\-.:\u00B7]|%[0-9A-Fa-f]{2}|\\.)*)
  | (?P<word>[A-Za-z_][\w]*)
  | (?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind (word, var, pname, iri, string, punct, ...), text and offset."""

    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def upper(self) -> str:
        return self.text.upper()


def tokenize(text: str) -> tuple[Token, ...]:
    """The significant tokens of a SPARQL text (whitespace and comments dropped)."""
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        assert match is not None  # the last alternative matches any character
        kind = match.lastgroup or "punct"
        end = match.end()
        if kind in ("pname", "bnode") and text[position:end].endswith("."):
            end = position + len(text[position:end].rstrip("."))  # a final dot ends the triple
        if kind not in ("ws", "comment"):
            tokens.append(Token(kind, text[position:end], position))
        position = end
    return tuple(tokens)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _form(tokens: Iterable[Token]) -> tuple[str | None, Token | None]:
    """The query form (or update operation) word, and its token."""
    for token in tokens:
        if token.kind != "word" or token.upper in ("PREFIX", "BASE"):
            continue
        word = token.upper
        return (word if word in FORMS or word in UPDATE_WORDS else None), token
    return None, None


# --- checks -----------------------------------------------------------------------------------


def check(query: Query, *, local: bool = True, allow_network: bool = False) -> None:
    """Refuse updates, network access and (on local engines) dataset clauses; find syntax errors."""
    text, tokens = query.text, query.tokens

    def where(token: Token) -> str:
        line, column = _line_col(text, token.start)
        return f"{query.source}:{line}:{column}"

    kind, first = _form(tokens)
    if kind in UPDATE_WORDS and first is not None:
        network = ""
        if kind == "LOAD":
            network = " (LOAD would also fetch a document over the network)"
        raise UsageError(
            f"{where(first)}: {kind} makes this a SPARQL Update{network}; 'filmgraph query' only "
            "reads. Send updates to a store's update endpoint (for example /update of an Oxigraph "
            "server started with 'oxigraph serve'), or load files with "
            "'oxigraph load --location STORE --file FILE'"
        )
    for token in tokens:
        if token.kind != "word":
            continue
        if token.upper == "SERVICE" and not allow_network:
            raise UsageError(
                f"{where(token)}: SERVICE would send part of the query to another endpoint over "
                "the network; allow it with --allow-network (allow_network=True), or run the "
                "query on that endpoint with --endpoint URL"
            )
        if token.upper == "FROM" and local:
            raise UsageError(
                f"{where(token)}: FROM / FROM NAMED are not run on a local graph (rdflib would "
                "fetch the IRIs over the network); read its named graphs with GRAPH ?g { ... } or "
                "GRAPH <iri> { ... }, or run the query on an endpoint with --endpoint URL"
            )
    _check_structure(query, where)
    if allow_network and any(t.kind == "word" and t.upper == "SERVICE" for t in tokens):
        return  # checking with pyoxigraph would already run the SERVICE call
    problem = syntax_error(text)
    if problem is not None:
        line, column, reason = problem
        raise InputError(f"{query.source}:{line}:{column}: {reason}")


#: Deepest bracket nesting in a query: real queries nest a few levels; 3,000 crashed pyoxigraph.
MAX_NESTING = 100


def _check_structure(query: Query, where: Callable[[Token], str]) -> None:
    """Undeclared prefixes, unterminated strings and unbalanced brackets, at their own position."""
    declared: set[str] = set()
    tokens = query.tokens
    stack: list[Token] = []
    pairs = {"}": "{", ")": "(", "]": "["}
    for index, token in enumerate(tokens):
        if token.kind == "word" and token.upper == "PREFIX" and index + 1 < len(tokens):
            declared.add(tokens[index + 1].text.split(":", 1)[0])
        elif token.kind == "pname":
            prefix = token.text.split(":", 1)[0]
            is_declaration = index > 0 and tokens[index - 1].upper == "PREFIX"
            if not is_declaration and prefix not in declared:
                hint = (
                    f"add: PREFIX {prefix}: <{loaded_prefixes()[prefix]}>"
                    if prefix in loaded_prefixes()
                    else (f"declare it with PREFIX {prefix}: <...>")
                )
                raise InputError(
                    f"{where(token)}: unknown prefix '{prefix}:' in {token.text}; {hint}"
                )
        elif token.kind == "punct" and token.text in ('"', "'"):
            raise InputError(f"{where(token)}: this string is never closed")
        elif token.kind == "punct" and token.text in "{([":
            stack.append(token)
            if len(stack) > MAX_NESTING:  # deeper, pyoxigraph's parser overflows its stack (a crash)
                raise InputError(f"{where(token)}: brackets nested more than {MAX_NESTING} deep")
        elif token.kind == "punct" and token.text in pairs:
            if not stack or stack[-1].text != pairs[token.text]:
                raise InputError(f"{where(token)}: '{token.text}' closes nothing")
            stack.pop()
    if stack:
        raise InputError(f"{where(stack[-1])}: '{stack[-1].text}' is never closed")


def syntax_error(text: str) -> tuple[int, int, str] | None:
    """(line, column, reason) of the first syntax error in a query, or None.

    pyoxigraph parses first. Unless it gives a specific reason (such as an unbound variable), it
    can only list what it expected at the farthest point its parser reached, often the end of the
    query; then rdflib's parser is asked too, and where it stops earlier (at the start of the part
    it cannot parse) that position is reported, with both parsers' reasons.
    """
    import pyoxigraph

    try:
        pyoxigraph.Store().query(text)
    except SyntaxError as exc:
        line, column, reason, specific = _oxigraph_reason(text, str(exc.msg))
    except (OSError, ValueError, RuntimeError):
        return None  # parsed; evaluation on an empty store is not our concern here
    else:
        return None
    if specific:
        return line, column, reason
    second = _rdflib_error(text)
    if second is not None and second[:2] < (line, column):
        at_line, at_column, why = second
        excerpt = " ".join(text[_offset(text, at_line, at_column) :].split())
        excerpt = excerpt if len(excerpt) <= 30 else excerpt[:29] + "…"
        both = f"rdflib: {why}; pyoxigraph: {reason} at {line}:{column}"
        return at_line, at_column, f"syntax error at '{excerpt}' ({both})"
    rest = text[_offset(text, line, column) :].split()
    return line, column, f"{reason}, found '{rest[0]}'" if rest else f"{reason} at the end"


def _offset(text: str, line: int, column: int) -> int:
    """The character offset of a 1-based line and column."""
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    if line > len(starts):
        return len(text)
    return min(starts[line - 1] + column - 1, len(text))


def _rdflib_error(text: str) -> tuple[int, int, str] | None:
    """Line, column and message of rdflib's parse error, or None when rdflib parses the query."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except Exception as exc:  # pyparsing's ParseException, or anything rdflib raises
        line, column = getattr(exc, "lineno", None), getattr(exc, "col", None)
        message = str(getattr(exc, "msg", "") or exc).strip()
        if isinstance(line, int) and isinstance(column, int) and message:
            return line, column, _lower_first(message)
    return None


def _lower_first(text: str) -> str:
    """``Expected end`` -> ``expected end``, but ``IRI parsing failed`` stays as it is."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


_OX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def _oxigraph_reason(text: str, message: str) -> tuple[int, int, str, bool]:
    """pyoxigraph's ``error at L:C: expected one of ...`` as line, column, a readable reason, and
    whether the reason is specific (a message such as "Prefix not found", not a list of tokens)."""
    match = _OX_ERROR.match(message)
    if not match:
        return 1, 1, " ".join(message.split()), True
    line, column = int(match.group(1)), int(match.group(2))
    items = _expected_items(match.group(3))
    messages = [i for i in items if " " in i and not i.startswith(('"', "["))]
    if messages:
        return line, column, "; ".join(_lower_first(m) for m in messages), True
    wanted = sorted(i for i in items if not i.startswith("["))  # pyoxigraph's order varies
    shown = ", ".join(wanted[:10]) + (", ..." if len(wanted) > 10 else "")
    reason = f"expected {'one of ' if len(wanted) > 1 else ''}{shown}" if wanted else "syntax error"
    return line, column, reason, False


def _expected_items(listing: str) -> list[str]:
    """Split ``expected one of A, "b", ['x' ..= 'y' | ...]`` into its items."""
    body = re.sub(r"^expected (one of )?", "", " ".join(listing.split()))
    items, depth, quote, current = [], 0, "", ""
    for char in body:
        if quote:
            quote = "" if char == quote and not current.endswith("\\") else quote
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        current += char
    if current.strip():
        items.append(current.strip())
    return items


# --- binding ------------------------------------------------------------------------------------

_CLAUSE_END = frozenset({"HAVING", "LIMIT", "OFFSET", "VALUES", "ORDER", "GROUP", "WHERE"})


def bind(query: Query, terms: Mapping[str, Node]) -> str:
    """The query text with each parameter variable replaced by its term (see the module doc)."""
    if not terms:
        return query.text
    tokens, text = query.tokens, query.text
    pieces: list[str] = []
    last = 0
    depth = 0  # parentheses
    projection: int | None = None  # paren depth of the current SELECT list
    by_clause: int | None = None  # paren depth of the current GROUP BY / ORDER BY
    in_values = False
    skip_until = -1
    for index, token in enumerate(tokens):
        if index <= skip_until:
            continue
        word = token.upper if token.kind == "word" else ""
        if token.kind == "punct" and token.text == "(":
            depth += 1
        elif token.kind == "punct" and token.text == ")":
            depth -= 1
        if word == "SELECT":
            projection = depth
        elif word in ("WHERE", "FROM") or token.text == "{":
            projection = None
        if word == "BY":
            by_clause = depth
        elif word in _CLAUSE_END or token.text in ("{", "}"):
            by_clause = None
        if word == "VALUES":
            in_values = True
        elif token.text == "{":
            in_values = False
        if token.kind != "var" or token.text[1:] not in terms:
            continue
        name = token.text[1:]
        value = term_syntax(terms[name])
        previous = tokens[index - 1] if index else None
        line, column = _line_col(text, token.start)
        where = f"{query.source}:{line}:{column}"
        if in_values or (previous is not None and previous.upper == "AS"):
            raise UsageError(
                f"{where}: the query assigns ?{name}, which is a parameter; rename one"
            )
        start, end = token.start, token.end
        if (
            index >= 2
            and tokens[index - 2].upper == "BOUND"
            and previous is not None
            and previous.text == "("
            and index + 1 < len(tokens)
            and tokens[index + 1].text == ")"
        ):
            start, end, replacement = tokens[index - 2].start, tokens[index + 1].end, "true"
            depth -= 1
            skip_until = index + 1
        elif projection is not None and depth == projection:
            replacement = f"({value} AS ?{name})"
        elif by_clause is not None and depth == by_clause:
            replacement = f"({value})"
        else:
            replacement = value
        pieces.append(text[last:start])
        pieces.append(replacement)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


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


# --- running ------------------------------------------------------------------------------------

_bundled_graph: dict[str, Graph] = {}
_bundled_engines: dict[str, Engine] = {}


def bundled_graph() -> Graph:
    """The bundled dataset (ontology + data, one named graph per source; the default graph is their
    union), parsed once per process and shared by the engines."""
    if "graph" not in _bundled_graph:
        from .datasets import load_dataset

        _bundled_graph["graph"] = load_dataset()
    return _bundled_graph["graph"]


def bundled_engine(name: str) -> Engine:
    """An engine over the bundled dataset (ontology + data), built once per process."""
    if name not in ENGINES:
        raise UsageError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
    if name not in _bundled_engines:
        _bundled_engines[name] = make_engine(name, bundled_graph())
    return _bundled_engines[name]


def prepare(
    query: Query,
    params: Mapping[str, object] | None = None,
    *,
    local: bool = True,
    allow_network: bool = False,
) -> str:
    """Check the query and return its text with the parameters bound."""
    check(query, local=local, allow_network=allow_network)
    return bind(query, bind_values(query, params or {}))


def with_film(query: Query, params: Mapping[str, object] | None, runner: Engine) -> Mapping[str, object]:
    """``params``, with ``film`` added when the query declares it without a default and it is not
    given: the only film ``runner``'s data holds (the ``films`` query; :func:`filmgraph.films.choose`)."""
    film = query.param("film")
    if film is None or film.default is not None or "film" in (params or {}):
        return params or {}
    films = [row[0] for row in runner.run(load_query("films").text, "SELECT").rows]
    return {**(params or {}), "film": choose_film(iri for iri in films if isinstance(iri, URIRef))}


def run(
    query: Query,
    params: Mapping[str, object] | None = None,
    *,
    graph: Graph | None = None,
    engine: str | Engine = DEFAULT_ENGINE,
    endpoint: str | None = None,
    allow_network: bool = False,
    timeout: float | None = None,
) -> Result:
    """Check, bind and run a query on a local engine (bundled graph or ``graph``) or an endpoint.

    A ``film`` parameter declared without a default is the only film the data holds (asked of the
    same engine or endpoint with the ``films`` query); with several, it must be given."""
    check(query, local=endpoint is None, allow_network=allow_network)
    kind = query.kind or "SELECT"
    runner: Engine
    if endpoint is not None:
        runner = EndpointEngine(endpoint) if timeout is None else EndpointEngine(endpoint, timeout=timeout)
    elif not isinstance(engine, str):
        runner = engine
    elif graph is None:
        runner = bundled_engine(engine)
    else:
        runner = make_engine(engine, graph)
    text = prepare(query, with_film(query, params, runner), local=endpoint is None, allow_network=allow_network)
    try:
        if timeout is not None and endpoint is None:  # a local query under a deadline: in a worker
            return call_with_deadline(lambda: runner.run(text, kind), timeout)
        return runner.run(text, kind)
    except InputError as exc:
        raise InputError(
            f"{query.source}:{exc}" if re.match(r"\d+:\d+:", str(exc)) else f"{query.source}: {exc}"
        ) from None


def query(
    name_or_text: str | Path,
    graph: Graph | None = None,
    engine: str | Engine = DEFAULT_ENGINE,
    endpoint: str | None = None,
    *,
    allow_network: bool = False,
    timeout: float | None = None,
    **params: object,
) -> Result:
    """Run a library query (by name), a query file (a Path) or SPARQL text, and return its Result.

    ``graph`` defaults to the bundled dataset (ontology + data; the default graph is the union of
    its graphs, ``GRAPH ?g`` reads one source at a time); ``engine`` is ``"oxigraph"``,
    ``"rdflib"`` or an engine object (reused across calls); ``endpoint`` sends the query to a
    SPARQL 1.1 endpoint instead. Parameters are keyword arguments (str values are validated;
    rdflib terms are used as given, after the same checks). ``timeout`` (seconds) gives up on the
    endpoint (default 65 s), or stops a local query run in a worker process (default: no limit).

    >>> filmgraph.query("events-in-place", place="setting:room").rows
    """
    return run(
        resolve(name_or_text),
        params,
        graph=graph,
        engine=engine,
        endpoint=endpoint,
        allow_network=allow_network,
        timeout=timeout,
    )


__all__ = [
    "DEFAULT_ENGINE",
    "Param",
    "Query",
    "bind",
    "bind_values",
    "check",
    "list_queries",
    "load_query",
    "names",
    "parse_query",
    "prepare",
    "query",
    "read_query_file",
    "resolve",
    "run",
    "to_term",
    "tokenize",
    "with_film",
]
