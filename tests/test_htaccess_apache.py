"""The site's ``.htaccess`` in a real Apache httpd (Debian's apache2) on loopback: each IRI's path
gives its page for ``text/html``, its Turtle for ``text/turtle`` and its JSON-LD for
``application/ld+json``; and, published elsewhere, a 303 redirect to the same files there."""

from __future__ import annotations

import contextlib
import os
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
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
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
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
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
