"""Names of the answer formats and engines, in a module light enough for the CLI to import at start-up."""

#: Formats for SELECT and ASK answers (``table`` is for people, the others for programs).
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
#: Formats for CONSTRUCT and DESCRIBE answers.
GRAPH_FORMATS = ("turtle", "nt", "jsonld")
#: The local SPARQL engines.
ENGINES = ("oxigraph", "rdflib")
#: The engine used when none is named: pyoxigraph, 43x faster than rdflib over the library
#: and twice as fast for a whole command (benchmarks/README.md, docs/queries.md).
DEFAULT_ENGINE = "oxigraph"
#: The export formats, in the order ``export --all`` writes them (the keys of ``exporting.FORMATS``).
EXPORT_FORMATS = ("turtle", "jsonld", "nt", "nq", "trig", "xml")
#: Wikidata's SPARQL endpoint, the default of every command that asks Wikidata.
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
#: The SHACL validation engines, the default first: ``fast`` (pyshacl-turbo for SHACL Core, the
#: SPARQL constraints once each on pyoxigraph) and ``pyshacl``, the reference (the same report).
SHACL_ENGINES = ("fast", "pyshacl")
