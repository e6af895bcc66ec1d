"""The site's ``.htaccess`` in a real Apache httpd (Debian's apache2) on loopback: each IRI's path
gives its page for ``text/html``, its Turtle for ``text/turtle`` and its JSON-LD for
``application/ld+json``; and, published elsewhere, a 303 redirect to the same files there."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import OWL, Graph, URIRef
from rdflib.compare import isomorphic
from servers import stop
from system_tools import require_system_tool

import filmgraph
from filmgraph.site import build_site

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
NEEDED = ("mpm_event", "authz_core", "dir", "mime", "rewrite", "headers", "alias")
B = "https://w3id.org/filmgraph/"


@pytest.fixture(autouse=True, scope="module")
def _apache_installed() -> None:
    """Each test needs Debian's Apache httpd with the modules the rules use."""
    require_system_tool(
        APACHE.is_file() and all((MODULES / f"mod_{m}.so").is_file() for m in NEEDED),
        "Apache httpd is not installed (Debian package 'apache2', with mod_rewrite, mod_headers, mod_mime, "
        "mod_alias): the .htaccess rules cannot be tried",
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def config(root: Path, site: Path, port: int) -> str:
    """A minimal httpd.conf: loopback only, the site as document root, .htaccess allowed."""
    modules = "\n".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so" for m in NEEDED)
    user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""
    return f"""ServerRoot "{root}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{root}/httpd.pid"
ErrorLog "{root}/error.log"
LogLevel warn
{modules}
{user}TypesConfig /etc/mime.types
DocumentRoot "{site}"
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory "{site}">
  Options FollowSymLinks
  AllowOverride All
  Require all granted
</Directory>
"""


@contextlib.contextmanager
def apache(site: Path) -> Iterator[str]:
    """Apache serving ``site`` on a free loopback port; stopped (by its pid) afterwards."""
    root = Path(tempfile.mkdtemp(prefix="filmgraph-apache-"))
    port = free_port()
    (root / "httpd.conf").write_text(config(root, site, port), encoding="utf-8")
    process = subprocess.Popen([str(APACHE), "-f", str(root / "httpd.conf"), "-DFOREGROUND"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (root / "error.log").read_text() if (root / "error.log").exists() else ""
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"apache2 did not start: {output} {log}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(process)  # by its pid: SIGTERM, then SIGKILL
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def readable_site() -> Iterator[Path]:
    """The bundled site in a folder the server's user can read (pytest's own are private)."""
    parent = Path(tempfile.mkdtemp(prefix="filmgraph-site-"))
    parent.chmod(0o755)
    try:
        build_site(parent / "site")
        for path in (parent / "site").rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        (parent / "site").chmod(0o755)
        yield parent / "site"
    finally:
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="module")
def server(readable_site: Path) -> Iterator[str]:
    with apache(readable_site) as url:
        yield url


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def get(url: str, accept: str) -> tuple[int, str, bytes, dict[str, str]]:
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read(), dict(error.headers)


IRIS = [
    B + "stalker-1979/character/writer",
    B + "film/stalker-1979",
    B + "stalker-1979/event/crossing-the-fields",
    B + "person/andrei-tarkovsky",
    B + "graph/stalker-1979-plot-summary",
]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("iri", IRIS)
def test_each_iri_gives_its_page_its_turtle_and_its_json_ld(server: str, iri: str) -> None:
    url = server + iri[len(B):]
    expected = filmgraph.query("entity-card", entity=URIRef(iri)).graph
    assert expected is not None
    status, media, body, headers = get(url, BROWSER)
    assert status == 200 and media.startswith("text/html"), (status, media)
    assert iri.encode() in body and b"<!DOCTYPE html>" in body
    assert "Accept" in headers.get("Vary", "")
    status, media, body, _ = get(url, "text/turtle")
    assert status == 200 and media.startswith("text/turtle"), (status, media)
    assert isomorphic(Graph().parse(data=body, format="turtle"), expected)
    status, media, body, _ = get(url, "application/ld+json")
    assert status == 200 and media.startswith("application/ld+json"), (status, media)
    assert isomorphic(Graph().parse(data=body, format="json-ld"), expected)


def test_the_ontology_iri_gives_the_reference_and_the_ontology(server: str) -> None:
    status, media, body, _ = get(server + "ontology", "text/html")
    assert status == 200 and media.startswith("text/html") and b"The filmgraph ontology" in body
    status, media, body, _ = get(server + "ontology", "text/turtle")
    assert status == 200 and media.startswith("text/turtle")
    assert (URIRef(B + "ontology#Character"), None, None) in Graph().parse(data=body, format="turtle")


def test_the_base_gives_the_home_page_and_the_dataset_description(server: str) -> None:
    status, media, body, _ = get(server, BROWSER)
    assert status == 200 and media.startswith("text/html") and b"How to cite a statement" in body
    status, media, body, _ = get(server, "text/turtle")
    assert status == 200 and media.startswith("text/turtle") and b"void:Dataset" in body


ROOT = Path(__file__).resolve().parents[1]


def test_the_current_ontology_version_iri_gives_that_version(server: str) -> None:
    ontology = Graph().parse(ROOT / "ontology" / "filmgraph.ttl")
    version = ontology.value(URIRef(B + "ontology"), OWL.versionIRI)
    assert version == URIRef(B + "ontology/0.3.0")  # as docs/iri-policy.md names it
    url = server + str(version)[len(B):]
    status, media, body, _ = get(url, BROWSER)
    assert status == 200 and media.startswith("text/html") and str(version).encode() in body
    assert b'href="../ontology.html"' in body and b"current filmgraph ontology" in body
    for accept, syntax in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        status, media, body, _ = get(url, accept)
        assert status == 200 and media.startswith(accept), (accept, status, media)
        assert isomorphic(Graph().parse(data=body, format=syntax), ontology), accept


def test_an_earlier_ontology_version_iri_gives_a_page_saying_so(server: str) -> None:
    url = server + "ontology/0.2.0"
    status, media, body, _ = get(url, BROWSER)
    assert status == 200 and media.startswith("text/html")
    assert b"an earlier version of the filmgraph ontology" in body and b"ontology/0.3.0" in body
    status, media, body, _ = get(url, "text/turtle")
    assert status == 200 and media.startswith("text/turtle")
    assert (URIRef(B + "ontology"), OWL.priorVersion, URIRef(B + "ontology/0.2.0")) in \
        Graph().parse(data=body, format="turtle")


@pytest.mark.parametrize("path", ["dist/0.3.0/", "dist/0.3.0", "dist/"])
def test_the_downloads_folders_give_an_index_page(server: str, readable_site: Path, path: str) -> None:
    status, media, body, _ = get(server + path, BROWSER)
    assert status == 200 and media.startswith("text/html"), (path, status, media)
    if path.startswith("dist/0.3.0"):
        for file in (readable_site / "dist" / "0.3.0").iterdir():
            if file.name != "index.html":
                assert f'href="{file.name}"'.encode() in body or f'href="0.3.0/{file.name}"'.encode() in body, file
    else:
        assert b'href="0.3.0/index.html"' in body


def test_the_shapes_namespace_gives_a_page_and_the_shapes(server: str) -> None:
    status, media, body, _ = get(server + "shapes", BROWSER)
    assert status == 200 and media.startswith("text/html") and b'id="CharacterShape"' in body
    status, media, body, _ = get(server + "shapes", "text/turtle")
    assert status == 200 and media.startswith("text/turtle")
    assert isomorphic(Graph().parse(data=body, format="turtle"), Graph().parse(ROOT / "ontology" / "shapes.ttl"))


def iris_under_the_base(site: Path) -> set[str]:
    """Every IRI under the base the data, the ontology, the shapes, the site's void.ttl and
    docs/iri-policy.md name (as subject, object, graph or in the text), without its #fragment:
    a hash IRI is answered by its document."""
    dataset = filmgraph.load_dataset()
    found = {str(term) for quad in dataset.quads() for term in (quad[0], quad[2], quad[3])
             if isinstance(term, URIRef)}
    for graph in (Graph().parse(ROOT / "ontology" / "shapes.ttl"),
                  Graph().parse(site / "dist" / "0.3.0" / "void.ttl")):
        found |= {str(term) for triple in graph for term in (triple[0], triple[2]) if isinstance(term, URIRef)}
    policy = (ROOT / "docs" / "iri-policy.md").read_text(encoding="utf-8")
    found |= set(re.findall(r"https://w3id\.org/filmgraph/[A-Za-z0-9._~/#-]*", policy)) - {
        B + "ontology/X.Y.Z"}  # a pattern, not an IRI
    return {iri.split("#", 1)[0] for iri in found if iri.startswith(B)}


def test_every_iri_under_the_base_gives_a_page(server: str, readable_site: Path) -> None:
    iris = iris_under_the_base(readable_site)
    assert {B + "ontology/0.3.0", B + "ontology/0.2.0", B + "dist/0.3.0/filmgraph.nq", B + "shapes"} <= iris
    assert len(iris) > 150  # the entities (the ontology's terms are all one document)
    failed = {}
    for iri in sorted(iris):
        status, media, _, _ = get(server + iri[len(B):], "text/html")
        a_file = (readable_site / iri[len(B):]).is_file()  # a download, the context: served as it is
        if status != 200 or not (a_file or media.startswith("text/html")):
            failed[iri] = (status, media)
    assert failed == {}


def test_an_unknown_iri_is_not_found(server: str) -> None:
    assert get(server + "stalker-1979/character/nobody", "text/turtle")[0] == 404
    assert get(server + "stalker-1979/character/nobody", BROWSER)[0] == 404


def test_published_elsewhere_the_rules_redirect_there(tmp_path: Path) -> None:
    parent = Path(tempfile.mkdtemp(prefix="filmgraph-w3id-"))
    parent.chmod(0o755)
    try:
        folder = parent / "filmgraph"
        folder.mkdir(mode=0o755)
        built = tmp_path / "site"
        build_site(built, site_url="https://example.org/published/")
        shutil.copy(built / ".htaccess", folder / ".htaccess")  # w3id.org keeps the rules alone
        (folder / ".htaccess").chmod(0o644)
        with apache(parent) as url:
            cases = {"text/turtle": ".ttl", "application/ld+json": ".jsonld", BROWSER: ".html"}
            for accept, extension in cases.items():
                status, _, _, headers = get(url + "filmgraph/stalker-1979/character/writer", accept)
                assert status == 303
                assert headers["Location"] == f"https://example.org/published/stalker-1979/character/writer{extension}"
    finally:
        shutil.rmtree(parent, ignore_errors=True)
