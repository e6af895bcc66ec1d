"""Remake the README's screenshot of the site: build it, open the film's page in Debian's headless
Chromium (as the browser tests do) and save what it shows.

    .venv/bin/python docs/images/screenshots.py      # writes docs/images/site-film.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests"))

from browser_support import headless_chromium, static_server  # noqa: E402

from filmgraph.site import build_site  # noqa: E402


def main() -> int:
    """Build the bundled graph's site into a temporary folder and photograph the film's page."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        build_site(out)
        with static_server(out) as url, headless_chromium() as browser:
            browser.set_window_size(1280, 1500)
            browser.get(url + "film/stalker-1979.html")
            (HERE / "site-film.png").write_bytes(browser.get_screenshot_as_png())
    return 0


if __name__ == "__main__":
    sys.exit(main())
