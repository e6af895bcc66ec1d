"""What every link job shares: Wikidata IRIs and QIDs, the Wikidata query templates, and escaped
``VALUES`` blocks of literals."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from rdflib import Literal, URIRef

from ..errors import UsageError
from ..namespaces import WD, expand_curie
from ..queries import load_query_in
from ..results import quote_string

Progress = Callable[[str], None]

WD_ENTITY = str(WD)
QID_PATTERN = re.compile(r"Q[1-9][0-9]*")
LANG_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
#: Wikidata's "multiple languages" label code, for names written the same in many languages.
MUL = "mul"
_IRI_TEXT = r"[^\s<>\"{}|^`\\]+"


def wikidata_query(name: str) -> str:
    """The text of ``queries/wikidata/NAME.rq`` (its empty VALUES placeholders are filled before sending)."""
    return load_query_in("wikidata", name).text


def expand(name: str) -> URIRef | None:
    """The IRI of a prefixed name, ``<IRI>`` or plain http(s) IRI; None if it is none of these."""
    name = _unbracketed(name)
    if re.fullmatch(r"https?://" + _IRI_TEXT, name):
        return URIRef(name)
    iri = expand_curie(name)
    return URIRef(iri) if iri is not None and re.fullmatch(_IRI_TEXT, name.partition(":")[2]) else None


def _unbracketed(text: str) -> str:
    """``text`` without surrounding whitespace and ``<>``."""
    text = text.strip()
    return text[1:-1] if text.startswith("<") and text.endswith(">") else text


def qid_of(iri: object) -> str | None:
    """``Q853`` for ``http://www.wikidata.org/entity/Q853``; None for anything else."""
    if isinstance(iri, URIRef) and str(iri).startswith(WD_ENTITY):
        local = str(iri)[len(WD_ENTITY) :]
        if QID_PATTERN.fullmatch(local):
            return local
    return None


def parse_qid(text: str) -> str | None:
    """The QID in ``Q853``, ``wd:Q853`` or ``http://www.wikidata.org/entity/Q853``; else None."""
    text = _unbracketed(text)
    text = text.removeprefix("wd:") if text.startswith("wd:") else text.removeprefix(WD_ENTITY)
    return text if QID_PATTERN.fullmatch(text) else None


def qid_sort_key(qid: str) -> tuple[int, str]:
    """QIDs in numeric order."""
    return (int(qid[1:]), qid) if QID_PATTERN.fullmatch(qid) else (10**12, qid)


def sparql_literal(literal: Literal) -> str:
    """A plain or language-tagged ``literal`` in SPARQL syntax, refused if it cannot be sent unaltered.

    Written by the project's one escaper (``quote_string``: ECHARs only; rdflib's ``Literal.n3`` writes
    raw tabs in long strings, which rdflib's own parser expands into spaces). SPARQL
    decodes ``\\u`` escapes before it reads strings, so text with a backslash followed by ``u`` is
    refused rather than sent altered; so is a malformed language tag.
    """
    if re.search(r"\\[uU]", str(literal)):
        raise UsageError(f"cannot send {str(literal)!r} to a SPARQL endpoint: it holds a backslash followed by 'u'")
    if literal.language and not LANG_TAG.fullmatch(literal.language):
        raise UsageError(f"not a language tag: {literal.language!r}")
    return quote_string(str(literal)) + (f"@{literal.language}" if literal.language else "")


def literal_values(var: str, literals: Iterable[Literal], size: int) -> Iterator[str]:
    """``VALUES ?var { "…"@en … }`` blocks of at most ``size`` distinct literals, escaped."""
    unique = list(dict.fromkeys(literals))
    for start in range(0, len(unique), size):
        yield f"VALUES ?{var} {{ {' '.join(sparql_literal(lit) for lit in unique[start : start + size])} }}"
