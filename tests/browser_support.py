"""Headless Debian Chromium for page tests, and a static file server on 127.0.0.1.

The browser is the system's (Debian packages ``chromium`` and ``chromium-driver``), driven by
selenium through ``/usr/bin/chromedriver``; nothing downloads a browser or a driver. Where they
are missing the tests skip and say which package to install (or fail in CI: ``system_tools``).
"""

from __future__ import annotations

import functools
import io
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from system_tools import require_system_tool

HOST = "127.0.0.1"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

#: Chromium's flags for a closed machine: no sandbox (root in CI), and none of the background
#: connections (updates, sync, QUIC) that this network would refuse and log.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--window-size=1280,900",
)


def require_chromium() -> None:
    """Skip with the reason when Debian's chromium or chromium-driver is not installed."""
    missing = [name for name, path in (("chromium", CHROMIUM), ("chromium-driver", CHROMEDRIVER)) if not path.exists()]
    require_system_tool(
        not missing,
        f"headless browser tests need Debian's {' and '.join(missing)} "
        f"(apt-get install -y chromium chromium-driver)",
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler that does not print every request, and knows the RDF media types."""

    extensions_map = {  # noqa: RUF012 - the stdlib handler declares it as a plain class attribute
        **SimpleHTTPRequestHandler.extensions_map,
        ".ttl": "text/turtle",
        ".jsonld": "application/ld+json",
        ".nq": "application/n-quads",
        ".trig": "application/trig",
        ".svg": "image/svg+xml",
    }

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@contextmanager
def static_server(root: Path) -> Iterator[str]:
    """Serve the folder ``root`` on a free port of 127.0.0.1; yield its base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def headless_chromium() -> Iterator[Any]:
    """A selenium WebDriver on Debian's headless Chromium with a fresh profile, quit afterwards."""
    require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="filmgraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def console_problems(driver: Any) -> list[str]:
    """The browser console's warnings and errors since the last call (failed loads included)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def distinct_colours(png: bytes) -> int:
    """How many different colours a PNG screenshot holds (1 for a blank page)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24)
    return len(colours or ())
