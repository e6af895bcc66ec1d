"""Write a synthetic N-film corpus made from the bundled Stalker files, for scaling benchmarks.

``python benchmarks/corpus.py N OUT/`` writes ``OUT/data/`` with films ``synthetic-film-1`` to
``synthetic-film-N``, each made from the Stalker story, its source graphs, sources, dataset
and passages under its own IRIs, and links ``OUT/ontology`` and ``OUT/queries`` to the project's,
so ``filmgraph`` APIs with ``base=OUT`` load it. Real-world things (people, places, works, genres,
languages, organisations, awards) keep their IRIs and so are shared by every film, the way a real
corpus shares an actor or a city. The film's own Wikidata link and IMDb id are dropped: a
synthetic film is not Stalker's Wikidata item. Films differ in size by a fixed cycle of five
(:data:`PLAN`): a full copy, copies cut to their first story positions (benchmarks/story_cut.py,
which keeps every shape's invariants), with or without their claims; film 1 is always a full
copy. A cut film has fewer characters and so fewer actors: films share some people, not all.
Same N, same bytes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from rdflib import Graph, URIRef
from story_cut import cut

from filmgraph.canonical import extract_header, to_turtle
from filmgraph.namespaces import graph_prefixes, with_vocabularies

ROOT = Path(__file__).resolve().parent.parent
STORY_FILE = "stalker.ttl"
SOURCE_FOLDER = "stalker"
SLUG = "stalker-1979"

# Lines that tie a copy to the real film's identity (its Wikidata item and IMDb record).
DROPPED_LINES = (
    re.compile(r"^\s*skos:exactMatch wd:Q200437 ;\n", re.M),
    re.compile(r'^\s*fg:imdbId "tt0079944" ;\n', re.M),
    re.compile(r"^\s*rdfs:seeAlso wd:Q200437 \.\n", re.M),
)


# Film k follows PLAN[(k - 1) % 5]: the last story position kept (None: all) and whether its
# claims stay. Stalker's story has 27 positions.
PLAN: tuple[tuple[int | None, bool], ...] = ((None, True), (18, True), (11, True), (None, False), (7, False))


def film_slug(k: int) -> str:
    """The slug of synthetic film ``k`` (1-based): the local name of its film IRI."""
    return f"synthetic-film-{k}"


def rename(text: str, k: int) -> str:
    """One Stalker Turtle file rewritten as synthetic film ``k``: film-specific IRIs renamed,
    the real film's identity links dropped, shared real-world IRIs left as they are."""
    slug = film_slug(k)
    for pattern in DROPPED_LINES:
        text = pattern.sub("", text)
    # The seeAlso line ended the source's block: end the line before it with " ." again.
    text = re.sub(r'(dcterms:title "Wikidata item Q200437[^\n]*) ;\n(?=\n)', r"\1 .\n", text)
    text = text.replace(f"https://w3id.org/filmgraph/{SLUG}/", f"https://w3id.org/filmgraph/{slug}/")
    text = re.sub(rf"\b(film|dataset):{SLUG}\b(?!-)", rf"\1:{slug}", text)
    text = re.sub(rf"\b(graph|source):{SLUG}-", rf"\1:{slug}-", text)
    text = text.replace(f"source:wikidata-{SLUG}", f"source:wikidata-{slug}")
    text = text.replace("source:filmgraph-curators", f"source:filmgraph-curators-{slug}")
    text = text.replace('"Stalker"@en', f'"Synthetic film {k}"@en')
    return text.replace('"Сталкер"@ru', f'"Синтетический фильм {k}"@ru')


def film_texts(k: int, files: list[tuple[str, str]]) -> list[str]:
    """The Turtle texts of synthetic film ``k`` made from Stalker's ``files`` ((name, text) pairs,
    the story file first): renamed, and cut as :data:`PLAN` says."""
    texts = [rename(text, k) for _name, text in files]
    last, claims = PLAN[(k - 1) % len(PLAN)]
    if last is None and claims:
        return texts
    graphs = [Graph(bind_namespaces="none").parse(data=text, format="turtle") for text in texts]
    slug = film_slug(k)
    story, film = f"https://w3id.org/filmgraph/{slug}/", URIRef(f"https://w3id.org/filmgraph/film/{slug}")
    cut(graphs, story, film, last if last is not None else 10**6, claims)
    return [to_turtle(graph, header=extract_header(text), prefixes=with_vocabularies(graph_prefixes(graph)))
            for graph, text in zip(graphs, texts, strict=True)]


def write_corpus(count: int, out: Path, root: Path = ROOT) -> list[Path]:
    """Write ``count`` films under ``out/data`` and link ``out/ontology``, ``out/queries`` to
    ``root``'s; return the data files written, in order."""
    data = root / "data"
    sources = [data / STORY_FILE, *sorted((data / SOURCE_FOLDER).glob("*.ttl"))]
    files = [(path.name, path.read_text(encoding="utf-8")) for path in sources]
    target = out / "data"
    if target.exists():
        shutil.rmtree(target)
    written: list[Path] = []
    for k in range(1, count + 1):
        slug = film_slug(k)
        destinations = [target / f"{slug}.ttl"] + [target / slug / path.name for path in sources[1:]]
        for destination, text in zip(destinations, film_texts(k, files), strict=True):
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(text, encoding="utf-8")
            written.append(destination)
    for folder in ("ontology", "queries"):
        link = out / folder
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.is_dir():
            shutil.rmtree(link)
        link.symlink_to(root / folder, target_is_directory=True)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``corpus.py N OUT``; a bad N is one line on stderr and exit 2."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of films")
    parser.add_argument("out", type=Path, help="project-shaped folder to write")
    args = parser.parse_args(argv)
    if args.count < 1:
        print("corpus.py: N must be at least 1", file=sys.stderr)
        return 2
    files = write_corpus(args.count, args.out)
    print(f"{args.count} film(s), {len(files)} data files under {args.out / 'data'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
