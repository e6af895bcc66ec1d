"""filmgraph: a knowledge graph of film narratives, with its ontology, shapes, queries and tools.

    >>> import filmgraph
    >>> graph = filmgraph.load()            # rdflib.Graph: ontology + the films under data/
    >>> dataset = filmgraph.load_dataset()  # rdflib.Dataset: one named graph per source
    >>> report = filmgraph.validate(graph)  # filmgraph.validation.Report
    >>> report.conforms
    True
    >>> filmgraph.query("cast").rows[0].actorLabel  # filmgraph.Result: rows of rdflib terms
    rdflib.term.Literal('Alexander Kaidanovsky', lang='en')
    >>> turtle = filmgraph.export(graph, "turtle")   # bytes; also jsonld, nt, nq, trig, xml

The names below are loaded on first use (module ``__getattr__``), so that ``import filmgraph``
and ``filmgraph --version`` do not import rdflib, pyoxigraph or pySHACL.
"""

from __future__ import annotations

import importlib
import importlib.util
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from .errors import CheckFailed, EndpointError, FilmgraphError, InputError, UsageError

if TYPE_CHECKING:
    from .counts import stats
    from .datasets import load, load_data, load_dataset
    from .diffing import diff
    from .exporting import export, export_all
    from .graph import load_ontology, load_shapes, parse_file
    from .querying import query
    from .results import Result
    from .validation import Report, validate

try:
    __version__ = version("filmgraph")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

#: Each lazily loaded public name and the module that defines it.
_LAZY = {
    "Report": "validation",
    "Result": "results",
    "diff": "diffing",
    "export": "exporting",
    "export_all": "exporting",
    "load": "datasets",
    "load_data": "datasets",
    "load_dataset": "datasets",
    "load_ontology": "graph",
    "load_shapes": "graph",
    "parse_file": "graph",
    "query": "querying",
    "stats": "counts",
    "validate": "validation",
}


def __getattr__(name: str) -> object:
    """A public name of :data:`_LAZY`, imported from its module on first use; else a submodule."""
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f".{name}", __name__)  # filmgraph.jsonld without an import
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [  # noqa: RUF022 (the API's names, then the errors)
    "Report", "Result", "diff", "export", "export_all", "load", "load_data", "load_dataset", "load_ontology",
    "load_shapes", "parse_file", "query", "stats", "validate",
    "CheckFailed", "EndpointError", "FilmgraphError", "InputError", "UsageError", "__version__",
]
