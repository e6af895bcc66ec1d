"""SPARQL text as filmgraph reads it: a small tokenizer, the checks made before a query runs, the
position and reason of a syntax error, and parameter binding by text.

Checks (all raise UsageError or InputError with ``SOURCE:LINE:COL``): SPARQL Update is refused
(a query only reads); ``SERVICE`` (network) is refused unless allowed; ``FROM`` is refused on local
engines (use ``GRAPH`` to read the named graphs); undeclared prefixes, unbalanced brackets and
syntax errors are reported with their position.

Binding (:func:`bind`): each parameter variable (``?film``) is replaced by its term, written in
SPARQL syntax, wherever the tokenizer finds it (strings, IRIs and comments are skipped). Where a
bare constant is not allowed the variable keeps its name: in a SELECT list ``?film`` becomes
``(<iri> AS ?film)``, in GROUP BY / ORDER BY ``(<iri>)``, ``BOUND(?film)`` becomes ``true``; a
query that assigns a parameter (``AS ?film``, ``VALUES ?film``) is refused. This is the
pre-binding of SPARQL's ``substitute`` (SEP-0007) done in the text, so that the same bound query
runs on rdflib, on pyoxigraph and on a remote endpoint: one semantics on every engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from rdflib.term import Node

from .errors import InputError, UsageError
from .guards import line_col
from .namespaces import loaded_prefixes
from .results import term_syntax

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

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


def form(tokens: Iterable[Token]) -> tuple[str | None, Token | None]:
    """The query form (or update operation) word, and its token."""
    for token in tokens:
        if token.kind != "word" or token.upper in ("PREFIX", "BASE"):
            continue
        word = token.upper
        return (word if word in FORMS or word in UPDATE_WORDS else None), token
    return None, None


#: Words with which a query reads named graphs (GRAPH patterns, FROM and FROM NAMED datasets).
_DATASET_WORDS = frozenset({"GRAPH", "FROM", "NAMED"})


def reads_named_graphs(text: str) -> bool:
    """Whether a query reads named graphs (GRAPH, FROM, FROM NAMED): if not, the union of the
    graphs, the default graph filmgraph's loads give, answers it alone."""
    return any(token.kind == "word" and token.upper in _DATASET_WORDS for token in tokenize(text))


class QueryText(Protocol):
    """What the checks and the binding read: the text, its tokens, and the source named in errors."""

    @property
    def source(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def tokens(self) -> tuple[Token, ...]: ...


def _where(query: QueryText, token: Token) -> str:
    """``SOURCE:LINE:COL`` of a token, for error messages."""
    line, column = line_col(query.text, token.start)
    return f"{query.source}:{line}:{column}"


# --- checks -----------------------------------------------------------------------------------


def check(query: QueryText, *, local: bool = True, allow_network: bool = False) -> None:
    """Refuse updates, network access and (on local engines) dataset clauses; find syntax errors."""
    tokens = query.tokens
    kind, first = form(tokens)
    if kind in UPDATE_WORDS and first is not None:
        network = " (LOAD would also fetch a document over the network)" if kind == "LOAD" else ""
        raise UsageError(
            f"{_where(query, first)}: {kind} makes this a SPARQL Update{network}; 'filmgraph query' only reads. Send "
            "updates to a store's update endpoint (for example /update of an Oxigraph server started with 'oxigraph "
            "serve'), or load files with 'oxigraph load --location STORE --file FILE'")
    for token in tokens:
        if token.kind != "word":
            continue
        if token.upper == "SERVICE" and not allow_network:
            raise UsageError(
                f"{_where(query, token)}: SERVICE would send part of the query to another endpoint over the network; "
                "allow it with --allow-network (allow_network=True), or run the query on that endpoint with "
                "--endpoint URL")
        if token.upper == "FROM" and local:
            raise UsageError(
                f"{_where(query, token)}: FROM / FROM NAMED are not run on a local graph (rdflib would fetch the IRIs "
                "over the network); read its named graphs with GRAPH ?g { ... } or GRAPH <iri> { ... }, or run the "
                "query on an endpoint with --endpoint URL")
    _check_structure(query)
    if allow_network and any(t.kind == "word" and t.upper == "SERVICE" for t in tokens):
        return  # checking with pyoxigraph would already run the SERVICE call
    problem = syntax_error(query.text)
    if problem is not None:
        line, column, reason = problem
        raise InputError(f"{query.source}:{line}:{column}: {reason}")


#: Deepest bracket nesting in a query: real queries nest a few levels; 3,000 crashed pyoxigraph.
MAX_NESTING = 100


def _check_structure(query: QueryText) -> None:
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
                hint = f"add: PREFIX {prefix}: <{loaded_prefixes()[prefix]}>" if prefix in loaded_prefixes() else (
                    f"declare it with PREFIX {prefix}: <...>")
                raise InputError(f"{_where(query, token)}: unknown prefix '{prefix}:' in {token.text}; {hint}")
        elif token.kind == "punct" and token.text in ('"', "'"):
            raise InputError(f"{_where(query, token)}: this string is never closed")
        elif token.kind == "punct" and token.text in "{([":
            stack.append(token)
            if len(stack) > MAX_NESTING:  # deeper, pyoxigraph's parser overflows its stack (a crash)
                raise InputError(f"{_where(query, token)}: brackets nested more than {MAX_NESTING} deep")
        elif token.kind == "punct" and token.text in pairs:
            if not stack or stack[-1].text != pairs[token.text]:
                raise InputError(f"{_where(query, token)}: '{token.text}' closes nothing")
            stack.pop()
    if stack:
        raise InputError(f"{_where(query, stack[-1])}: '{stack[-1].text}' is never closed")


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


# --- binding by text ------------------------------------------------------------------------------------

_CLAUSE_END = frozenset({"HAVING", "LIMIT", "OFFSET", "VALUES", "ORDER", "GROUP", "WHERE"})


@dataclass
class _Context:
    """Where the binding is: paren depth, and the depth of the SELECT list or GROUP/ORDER BY."""

    depth: int = 0
    projection: int | None = None
    by_clause: int | None = None
    in_values: bool = False

    def step(self, token: Token) -> None:
        """Follow one token."""
        word = token.upper if token.kind == "word" else ""
        if token.kind == "punct" and token.text in "()":
            self.depth += 1 if token.text == "(" else -1
        if word == "SELECT":
            self.projection = self.depth
        elif word in ("WHERE", "FROM") or token.text == "{":
            self.projection = None
        if word == "BY":
            self.by_clause = self.depth
        elif word in _CLAUSE_END or token.text in ("{", "}"):
            self.by_clause = None
        if word == "VALUES":
            self.in_values = True
        elif token.text == "{":
            self.in_values = False

    def replacement(self, name: str, value: str) -> str:
        """A constant where the variable stood: kept as a named expression where SPARQL needs one."""
        if self.projection is not None and self.depth == self.projection:
            return f"({value} AS ?{name})"
        if self.by_clause is not None and self.depth == self.by_clause:
            return f"({value})"
        return value


def _is_bound_call(tokens: tuple[Token, ...], index: int) -> bool:
    """Whether the variable at ``index`` is the whole argument of ``BOUND( )``."""
    return (
        index >= 2
        and tokens[index - 2].upper == "BOUND"
        and tokens[index - 1].text == "("
        and index + 1 < len(tokens)
        and tokens[index + 1].text == ")"
    )


def bind(query: QueryText, terms: Mapping[str, Node]) -> str:
    """The query text with each parameter variable replaced by its term (see the module doc)."""
    if not terms:
        return query.text
    tokens, text = query.tokens, query.text
    pieces: list[str] = []
    last = 0
    context = _Context()
    skip_until = -1
    for index, token in enumerate(tokens):
        if index <= skip_until:
            continue
        context.step(token)
        name = token.text[1:]
        if token.kind != "var" or name not in terms:
            continue
        if context.in_values or (index and tokens[index - 1].upper == "AS"):
            raise UsageError(f"{_where(query, token)}: the query assigns ?{name}, which is a parameter; rename one")
        start, end = token.start, token.end
        if _is_bound_call(tokens, index):
            start, end, replacement = tokens[index - 2].start, tokens[index + 1].end, "true"
            context.depth -= 1
            skip_until = index + 1
        else:
            replacement = context.replacement(name, term_syntax(terms[name]))
        pieces += [text[last:start], replacement]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
