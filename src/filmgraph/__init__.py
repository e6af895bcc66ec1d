"""filmgraph: a knowledge graph of film narratives, with its ontology, shapes, queries and tools.

    >>> import filmgraph
    >>> graph = filmgraph.load()            # rdflib.Graph: ontology + Stalker (1979)
    >>> dataset = filmgraph.load_dataset()  # rdflib.Dataset: one named graph per source
    >>> report = filmgraph.validate(graph)  # filmgraph.validate.Report
    >>> report.conforms
    True
    >>> filmgraph.query("cast").rows[0].actorLabel  # filmgraph.Result: rows of rdflib terms
    rdflib.term.Literal('Alexander Kaidanovsky', lang='en')
    >>> turtle = filmgraph.export(graph, "turtle")   # bytes; also jsonld, nt, nq, trig, xml
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .datasets import load_dataset
from .errors import CheckFailed, EndpointError, FilmgraphError, InputError, UsageError
from .export import export, export_all
from .graph import load, load_data, load_ontology, load_shapes, parse_file
from .query import query
from .results import Result
from .stats import stats
from .validate import Report, validate

try:
    __version__ = version("filmgraph")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "CheckFailed",
    "EndpointError",
    "FilmgraphError",
    "InputError",
    "Report",
    "Result",
    "UsageError",
    "__version__",
    "export",
    "export_all",
    "load",
    "load_data",
    "load_dataset",
    "load_ontology",
    "load_shapes",
    "parse_file",
    "query",
    "stats",
    "validate",
]
