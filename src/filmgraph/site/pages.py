"""Each kind of page as the template's context, rendered with Jinja2 (autoescaped HTML).

Every link is relative to the page, so the site can be opened from disk, served from any folder,
or published behind the ``.htaccess`` rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from .collect import Corpus, entity_pages
from .kinds import heading, kind_name
from .paths import BASE
from .reference import OntologyTerm
from .views import DCAT_VERSION, Linker, dataset_citation, datasets, films, films_without_page, wikidata_links


@dataclass(frozen=True)
class Link:
    """A link with its text (and a count, for the browse lists)."""

    href: str
    text: str
    count: int = 0


@cache
def environment() -> Any:
    """The Jinja2 environment over the package's templates (autoescaped, undefined names are errors)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("filmgraph.site", "templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render(template: str, here: str, **context: Any) -> str:
    """The page ``here`` (relative to ``OUT/``) from ``template``, with ``root`` leading back to ``OUT/``."""
    root = "../" * (len(PurePosixPath(here).parts) - 1)
    return str(environment().get_template(template).render(root=root, **context))


def entity_page(corpus: Corpus, iri: URIRef, card_jsonld: str, schema_jsonld: str | None,
                extras: Mapping[str, Any]) -> str:
    """The page of one entity: labels, statements both ways with graphs and passages, citations, JSON-LD."""
    here = corpus.pages[iri]
    link = Linker(corpus, here)
    descriptions = [str(v) for v in corpus.values(iri, DCTERMS.description)
                    if isinstance(v, Literal) and v.language in (None, "", "en")]
    return render(
        "entity.html", here, title=corpus.label(iri), iri=str(iri), labels=corpus.labels(iri),
        types=[link.term(t) for t in corpus.values(iri, RDF.type)], deprecated=corpus.deprecated(iri),
        replaced_by=[link.term(t) for t in corpus.values(iri, DCTERMS.isReplacedBy)],
        notes=[str(v) for v in corpus.values(iri, SKOS.editorialNote)] if corpus.deprecated(iri) else [],
        descriptions=descriptions, wikidata=wikidata_links(corpus, iri), about=link.about(iri),
        pointing=link.pointing(iri), citations=link.citations(iri), stem=PurePosixPath(here).stem,
        card_jsonld=card_jsonld, schema_jsonld=schema_jsonld,
        film_links=extras.get("film_links", []), pictures=extras.get("pictures", []),
    )


def browse_groups(corpus: Corpus) -> dict[str, dict[str, list[URIRef]]]:
    """The entities with a page, by the first segment of their path and then by the second (their kind)."""
    groups: dict[str, dict[str, list[URIRef]]] = defaultdict(lambda: defaultdict(list))
    for iri in entity_pages(corpus):
        segments = str(iri)[len(BASE):].split("/")
        kind = segments[1] if len(segments) > 2 else segments[0]
        groups[segments[0]][kind].append(iri)
    return groups


def browse_path(segment: str) -> str:
    """The browse page of the entities whose path starts with ``segment``."""
    return f"_site/browse/{segment}.html"


def story_films(corpus: Corpus) -> dict[str, URIRef]:
    """The films whose story has a browse page, by its segment (the film IRI's last segment, as the
    story's namespace ``BASE + slug + "/"`` is named)."""
    if "story films" not in corpus.memo:
        groups = browse_groups(corpus)
        found = {str(film).rstrip("/").rsplit("/", 1)[-1]: film for film in films(corpus)}
        corpus.memo["story films"] = {slug: film for slug, film in found.items() if slug in groups}
    return dict(corpus.memo["story films"])  # type: ignore[call-overload]


def browse_title(corpus: Corpus, segment: str, kinds: Mapping[str, list[URIRef]]) -> str:
    """What a browse page is called: a film's story by the film's label, any other by its kind's name."""
    film = story_films(corpus).get(segment)
    if film is not None:
        return f"{corpus.label(film)}: its story, entity by entity"
    if len(kinds) == 1:
        (kind, iris), = kinds.items()
        return kind_name(corpus, kind, iris)
    return heading(segment)


def browse_page(corpus: Corpus, segment: str, kinds: Mapping[str, list[URIRef]]) -> str:
    """One browse page: every entity under ``BASE + segment``, grouped by kind (named by its class's
    label, in the plural), each by its label, sorted."""
    here = browse_path(segment)
    link = Linker(corpus, here)
    groups = sorted(((kind_name(corpus, kind, iris),
                      sorted((Link(link.href(corpus.pages[i]), corpus.label(i)) for i in iris),
                             key=lambda entry: entry.text.casefold()))
                     for kind, iris in kinds.items()), key=lambda group: group[0].casefold())
    return render("browse.html", here, title=browse_title(corpus, segment, kinds), prefix=f"{BASE}{segment}/",
                  groups=groups)


def browse_lists(corpus: Corpus) -> tuple[list[Link], list[Link]]:
    """The home page's browse lists: each film's story (by the film's label), then every other kind
    of entity (people, places, works… by their class's label), each with its number of entities."""
    stories = story_films(corpus)
    story_links, kind_links = [], []
    for segment, kinds in browse_groups(corpus).items():
        count = sum(len(v) for v in kinds.values())
        if segment in stories:
            story_links.append(Link(browse_path(segment), corpus.label(stories[segment]), count))
        else:
            kind_links.append(Link(browse_path(segment), browse_title(corpus, segment, kinds), count))
    return (sorted(story_links, key=lambda e: (e.text.casefold(), e.href)),
            sorted(kind_links, key=lambda e: (e.text.casefold(), e.href)))


def _dataset(corpus: Corpus, link: Linker, iri: URIRef) -> dict[str, Any]:
    """A dataset description as the home page shows it, with the line to cite it by."""
    sources = corpus.values(iri, DCTERMS.source)
    citation, licences = dataset_citation(corpus, iri)
    return {
        "name": link.term(iri), "version": next(iter(corpus.values(iri, DCAT_VERSION)), None),
        "modified": next(iter(corpus.values(iri, DCTERMS.modified)), None),
        "descriptions": [str(v) for v in corpus.values(iri, DCTERMS.description)],
        "sources": [link.term(s) for s in sources], "licences": licences,
        "films": [link.term(s) for s in corpus.values(iri, DCTERMS.subject)], "citation": citation,
    }


def _example_citation(corpus: Corpus) -> str:
    """A citation of one statement of the data, for the home page: the first story node with a passage."""
    link = Linker(corpus, "index.html")
    for iri in entity_pages(corpus):
        if corpus.passages_of(iri):
            return link.citations(iri)[0]
    for iri in entity_pages(corpus):
        if link.citations(iri):
            return link.citations(iri)[0]
    return ""


def home_page(corpus: Corpus, statistics: Mapping[str, int], downloads: tuple[str, Sequence[Mapping[str, Any]]],
              film_extras: Mapping[URIRef, Mapping[str, Any]]) -> str:
    """The home page: the datasets, how to cite, the films, browse lists, statistics and downloads."""
    link = Linker(corpus, "index.html")
    stories, kinds = browse_lists(corpus)
    film_list = [{"term": link.term(f), "story": film_extras.get(f, {}).get("story"),
                  "pictures": film_extras.get(f, {}).get("picture_pages", [])} for f in films(corpus)]
    return render("home.html", "index.html", title="filmgraph", datasets=[_dataset(corpus, link, d) for d in
                  datasets(corpus)], example_citation=_example_citation(corpus), films=film_list,
                  films_without_page=films_without_page(corpus), stories=stories, kinds=kinds,
                  statistics=statistics, downloads_folder=downloads[0], downloads=downloads[1])


def ontology_page(corpus: Corpus, sections: Mapping[str, list[OntologyTerm]], iri: URIRef, card_jsonld: str) -> str:
    """The ontology reference: every class and property with its labels, definition, domain, range,
    alignments and shapes (terms as links), and the ontology's entity card embedded."""
    link = Linker(corpus, "ontology.html")
    shown = {title: [{**asdict(t), "domains": [link.term(n) for n in t.domains],
                      "ranges": [link.term(n) for n in t.ranges], "parents": [link.term(n) for n in t.parents],
                      "alignments": [(link.term(p), link.term(v)) for p, v in t.alignments],
                      "replaced_by": [link.term(n) for n in t.replaced_by]} for t in terms]
             for title, terms in sections.items()}
    descriptions = [str(v) for v in corpus.values(iri, DCTERMS.description)]
    descriptions += [f"Version {v}." for v in corpus.values(iri, OWL.versionInfo)]
    return render("ontology.html", "ontology.html", title="Ontology reference", iri=str(iri),
                  descriptions=descriptions, sections=shown, card_jsonld=card_jsonld)
