"""The README gives exactly two commands, CI runs the test command verbatim, and its pictures and links exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "no sh block under 'Two commands'"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_exactly_two_commands() -> None:
    commands = _commands()
    assert len(commands) == 2
    assert "filmgraph validate" in commands[0] and "filmgraph stats" in commands[0]
    assert "pytest" in commands[1]
    for command in commands:
        assert command.startswith("python3 -m venv .venv")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _commands()[1] in ci


def test_every_picture_and_local_link_of_the_readme_exists() -> None:
    """The README's pictures (the site's screenshot, the timeline) and its links into the repository
    point at files that are there; the screenshot is a real PNG, not an empty one."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    local = [t for t in targets if not re.match(r"[a-z]+:", t)]
    assert "docs/images/site-film.png" in local and "docs/images/timeline.svg" in local
    assert [t for t in local if not (ROOT / t).exists()] == []
    png = (ROOT / "docs" / "images" / "site-film.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 50_000
