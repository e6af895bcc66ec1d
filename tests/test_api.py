"""The Python API hides nothing: every module is reachable, importing the package is light, and the
rules the command line relies on (context URLs, the query listing, federated results, unknown IRIs)
are the API's own, tested here without the CLI."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest
from link_support import FILM, TARKOVSKY
from rdflib import Graph, URIRef

import filmgraph
from filmgraph import engines, federate, jsonld, querying, results, sparql_client
from filmgraph.cli import data as cli_data
from filmgraph.cli import links as cli_links
from filmgraph.cli import queries as cli_queries
from filmgraph.errors import UsageError
from filmgraph.exporting import FORMATS, export
from filmgraph.namespaces import loaded_prefixes
from filmgraph.queries import load_query, names

HEAVY = ("rdflib", "pyoxigraph", "pyshacl")


def submodule_names() -> set[str]:
    """The package's modules (not ``__main__``, which runs the command line when imported)."""
    return {info.name for info in pkgutil.iter_modules(filmgraph.__path__) if not info.name.startswith("_")}


def test_no_public_function_has_the_name_of_a_submodule() -> None:
    modules = submodule_names()
    assert {"validation", "querying", "exporting", "counts"} <= modules
    clashes = [
        name for name in dir(filmgraph)
        if not name.startswith("_") and name in modules and inspect.isfunction(getattr(filmgraph, name))
    ]
    assert clashes == []


@pytest.mark.parametrize("name", sorted(submodule_names()))
def test_every_submodule_is_an_attribute_of_the_package(name: str) -> None:
    assert inspect.ismodule(getattr(filmgraph, name))
    assert getattr(filmgraph, name) is importlib.import_module(f"filmgraph.{name}")


def test_the_readme_names_exist() -> None:
    assert filmgraph.validation.Report is filmgraph.Report  # the README's filmgraph.validation.Report
    assert filmgraph.querying.query is filmgraph.query
    assert filmgraph.exporting.export is filmgraph.export
    assert filmgraph.counts.stats is filmgraph.stats
    for name in filmgraph.__all__:
        assert getattr(filmgraph, name) is not None


CHECK_IMPORTS = f"""
import sys
from filmgraph.cli import main
try:
    main(["--version"])
except SystemExit as exc:
    assert exc.code == 0, exc.code
import filmgraph
print(",".join(sorted({{name.split(".")[0] for name in sys.modules}} & {set(HEAVY)!r})))
"""


def test_version_and_import_load_no_heavy_library() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK_IMPORTS], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == ""  # none of rdflib, pyoxigraph, pyshacl
    assert done.stdout.startswith("filmgraph ")


def test_python_m_filmgraph_version_imports_no_rdflib() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "filmgraph", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.startswith("filmgraph ")
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert "filmgraph" in imported  # the listing is there: it shows what was imported
    assert not imported & set(HEAVY)


def test_the_commands_constants_are_the_apis() -> None:
    assert cli_queries.ENGINES == engines.ENGINES
    assert cli_queries.DEFAULT_ENGINE == querying.DEFAULT_ENGINE
    assert cli_queries.RESULT_FORMATS == results.RESULT_FORMATS
    assert cli_queries.GRAPH_FORMATS == results.GRAPH_FORMATS
    assert cli_links.WIKIDATA_ENDPOINT == sparql_client.WIKIDATA_ENDPOINT
    assert tuple(FORMATS) == cli_data.EXPORT_FORMATS


# --- export: the context URL ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "nt", "nq", "trig", "xml"])
def test_a_context_url_is_only_for_json_ld(fmt: str) -> None:
    with pytest.raises(UsageError, match="is for JSON-LD exports"):
        export(Graph(), fmt, context_url=jsonld.CONTEXT_URL)


@pytest.mark.parametrize(
    "url", ["not a url", "javascript:alert(1)", "ftp://example.org/c.jsonld", "https://example.org/a b", ""]
)
def test_a_context_url_is_an_absolute_http_url(url: str) -> None:
    with pytest.raises(UsageError, match="give an absolute http"):
        export(Graph(), "jsonld", context_url=url)


def test_a_good_context_url_is_written_as_given() -> None:
    data = export(Graph(), "jsonld", context_url="https://example.org/mirror/context.jsonld")
    assert b'"@context": "https://example.org/mirror/context.jsonld"' in data


# --- the listing of queries -------------------------------------------------------------------


def test_listing_names_every_library_and_federated_query_once_in_order() -> None:
    listing = querying.listing()
    assert listing.vars == ["name", "title", "params"]
    listed = [str(row.name) for row in listing]
    federated = [q.name for q in federate.list_queries()]
    assert sorted(listed) == listed
    assert sorted(listed) == sorted([*names(), *federated])
    rows = {str(row.name): row for row in listing}
    assert str(rows["birth-dates"].params) == "--wikidata, film (IRI)"
    assert str(rows["events-in-place"].title) == load_query("events-in-place").title
    # from the headers: film (IRI) with no default, place (IRI, required), lang = "en" (string)
    derived = "film (IRI, default: the only film in the data)"
    assert str(rows["events-in-place"].params) == f'{derived}, place (IRI, required), lang="en"'
    assert str(rows["cast"].params) == f'{derived}, lang="en"'


# --- federated queries ------------------------------------------------------------------------


def test_federated_returns_the_rows_as_a_result(wikidata_endpoint: str, bundled: Graph) -> None:
    result = querying.federated("birth-dates", bundled, endpoint=wikidata_endpoint, use_cache=False, timeout=10)
    assert result.vars == ["film", "role", "person", "personLabel", "item", "birthDate"]
    (row,) = result.rows  # the only linked person among the film's people
    assert row.person == TARKOVSKY and str(row.role) == "director" and row.film == FILM
    assert row.birthDate.toPython().date() == datetime.date(1932, 4, 4)


def test_federated_takes_iris_as_prefixed_names(wikidata_endpoint: str, bundled: Graph) -> None:
    by_curie = querying.federated(
        "birth-dates", bundled, endpoint=wikidata_endpoint, use_cache=False, params={"film": "film:stalker-1979"}
    )
    by_iri = querying.federated("birth-dates", bundled, endpoint=wikidata_endpoint, use_cache=False,
                                params={"film": FILM})
    assert [row.person for row in by_curie] == [row.person for row in by_iri] == [TARKOVSKY]
    with pytest.raises(UsageError, match="not an absolute IRI"):
        querying.federated("birth-dates", bundled, endpoint=wikidata_endpoint, params={"film": "stalker 1979"})


def test_federated_unbound_columns_are_none(wikidata_endpoint: str, bundled: Graph) -> None:
    result = querying.federated("other-films-by-director", bundled, endpoint=wikidata_endpoint, use_cache=False)
    assert result.rows and all(row.date is None for row in result.rows)  # the subset has no P577


# --- unknown IRIs -----------------------------------------------------------------------------


def test_unknown_iris_names_the_parameters_the_graph_never_mentions() -> None:
    events = load_query("events-in-place")
    setting = loaded_prefixes()["setting"]  # the bundled data's story namespace
    nowhere = URIRef(setting + "nowhere")
    assert querying.unknown_iris(events, {"place": "setting:nowhere"}) == [nowhere]
    assert querying.unknown_iris(events, {"place": "setting:room"}) == []
    assert querying.unknown_iris(events, {}) == []  # nothing given, nothing to doubt
    assert querying.unknown_iris(events, {"place": "setting:room"}, Graph()) == [URIRef(setting + "room")]
    timeline = load_query("timeline")
    assert querying.unknown_iris(timeline, {"lang": "xx"}) == []  # not an IRI
