"""Release dumps: the canonical N-Quads of a release of the graph, written and read back.

A release dump is the bundled graph as ``filmgraph export -f nq`` writes it (each data file in the
source graph it declares, the ontology and its alignments in ONTOLOGY_GRAPH, blank nodes labelled
by RDFC-1.0, lines sorted), kept gzip-compressed under ``docs/releases/`` so that the triples each
release added and removed can be counted again at any time (:mod:`filmgraph.diffing`).

    >>> text = filmgraph.releases.project_dump()           # the bundled graph, canonical N-Quads
    >>> old = filmgraph.releases.project_dump("/tmp/0.1.0") # an old commit's data/ and ontology/

An old checkout may predate the source-graph declarations: its undeclared data files go into the
default graph, as ``filmgraph export --data`` places them.
"""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path
from typing import IO, cast

from rdflib import Dataset

from . import resources
from .atomic import atomic_write
from .canonical import to_nquads
from .datasets import ONTOLOGY_GRAPH, files_dataset, load_dataset, new_dataset
from .errors import InputError
from .graph import parse_text, read_user_file
from .guards import read_limited

__all__ = ["GZIP_SUFFIX", "load_version", "project_dataset", "project_dump", "read_dump", "write_dump"]

GZIP_SUFFIX = ".gz"


def project_dataset(folder: str | os.PathLike[str] | None = None) -> Dataset:
    """The graph of a project folder (``data/`` and ``ontology/`` as in this repository) as a dataset:
    each data file in the source graph it declares (the default graph if it declares none), the
    ontology in ONTOLOGY_GRAPH. None: the bundled graph (:func:`filmgraph.load_dataset`)."""
    if folder is None:
        return load_dataset()
    base = Path(folder)
    missing = [name for name in resources.ONTOLOGY_FILES if not (base / name).is_file()]
    if not (base / resources.DATA_FOLDER).is_dir() or missing:
        raise InputError(f"{base}: not a project folder (it needs {resources.DATA_FOLDER}/ and "
                         f"{', '.join(resources.ONTOLOGY_FILES)})")
    dataset = files_dataset([base / name for name in resources.data_files(base)])
    return files_dataset([base / name for name in resources.ONTOLOGY_FILES], ONTOLOGY_GRAPH, dataset)


def project_dump(folder: str | os.PathLike[str] | None = None) -> str:
    """The canonical N-Quads of a project folder's graph (None: the bundled graph)."""
    return to_nquads(project_dataset(folder))


def write_dump(path: str | os.PathLike[str], text: str) -> None:
    """Write a dump atomically; gzip-compressed when the name ends in ``.gz``, with no time stamp
    in the header, so the same text always gives the same bytes."""
    data = text.encode("utf-8")
    if str(path).endswith(GZIP_SUFFIX):
        data = gzip.compress(data, mtime=0)
    atomic_write(path, data)


def read_dump(path: str | os.PathLike[str]) -> str:
    """The text of a dump (``.gz`` decompressed within the input size cap); one-line InputError otherwise."""
    if not str(path).endswith(GZIP_SUFFIX):
        return read_user_file(path)
    try:
        with gzip.open(path, "rb") as handle:
            data = read_limited(cast(IO[bytes], handle), str(path))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a dump") from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InputError(f"{path}: not a whole gzip file ({exc or 'cut short'})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def load_version(path: str | os.PathLike[str]) -> Dataset:
    """One side of a comparison as a dataset: a project folder, a dump (``.nq`` or ``.nq.gz``), or any
    RDF file filmgraph reads (in the source graph it declares, else the default graph)."""
    if Path(path).is_dir():
        return project_dataset(path)
    name = str(path)
    if name.endswith(GZIP_SUFFIX):
        dataset = new_dataset()
        parse_text(read_dump(path), name, dataset, fmt=_inner_format(name))
        return dataset
    return files_dataset([path])


def _inner_format(name: str) -> str:
    """rdflib's parser for a compressed file, from the extension under ``.gz`` (N-Quads or N-Triples)."""
    inner = name.removesuffix(GZIP_SUFFIX).rsplit(".", 1)[-1].lower()
    formats = {"nq": "nquads", "nt": "nt"}
    if inner not in formats:
        raise InputError(f"{name}: a compressed input is a dump, .nq.gz or .nt.gz")
    return formats[inner]
