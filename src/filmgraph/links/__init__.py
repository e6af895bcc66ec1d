"""Wikidata links: check every link, suggest missing ones, apply reviewed ones, give back statements,
confirm a film's cast; one module per ``filmgraph link`` subcommand.

- :mod:`.check` asks the endpoint about every ``skos:exactMatch`` to a Wikidata item of an instance
  in the graph: does the item exist (or redirect), does a label or alias match, does its type fit;
- :mod:`.suggest` looks up real-world entities without a link by their names (films also by IMDb
  ID) and scores the candidates for a person to review in the file :mod:`.review` writes and reads;
- :mod:`.apply` adds the approved rows of a review file to a data file, validated, in canonical form;
- :mod:`.quickstatements` lists what the graph knows about each linked film that Wikidata lacks;
- :mod:`.cast` confirms a film's performances against its item's cast statements.

:mod:`.wikidata` (QIDs, query templates, escaped VALUES), :mod:`.labels`, :mod:`.entities` (the
graph's side) and :mod:`.items` (the endpoint's side) serve them all. Every request goes through
:class:`~filmgraph.sparql_client.SparqlClient`, in ``VALUES`` batches. Nothing here prints or exits;
an optional ``progress`` callback receives one-line messages.
"""

from __future__ import annotations

from .apply import apply_links
from .check import check_links, render_check_json, render_check_text
from .entities import EXPECTED_TYPES, wikidata_links
from .labels import labels_match, normalise_label
from .quickstatements import FILM_STATEMENTS, quickstatements
from .review import REVIEW_COLUMNS, ReviewRejected, Suggestion, review_csv
from .suggest import suggest_links
from .wikidata import expand, parse_qid

__all__ = ["EXPECTED_TYPES", "FILM_STATEMENTS", "REVIEW_COLUMNS", "ReviewRejected", "Suggestion", "apply_links",
           "check_links", "expand", "labels_match", "normalise_label", "parse_qid", "quickstatements",
           "render_check_json", "render_check_text", "review_csv", "suggest_links", "wikidata_links"]
