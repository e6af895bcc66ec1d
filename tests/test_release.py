"""The citable release: licence files, CITATION.cff, CHANGELOG.md against the release dumps, the IRI policy.

The changelog's numbers are recounted here from the dumps in docs/releases/ with filmgraph.diff; the
IRI policy is checked by reading the dumps' subjects directly (a regex over canonical N-Quads lines),
not through the code under test.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

import filmgraph
from filmgraph.datasets import new_dataset
from filmgraph.releases import load_version, project_dump, read_dump, write_dump

ROOT = Path(__file__).resolve().parents[1]
RELEASES = ROOT / "docs" / "releases"
DATASET = URIRef("https://w3id.org/filmgraph/dataset/stalker-1979")
GRAPH_PREFIX = "https://w3id.org/filmgraph/graph/"
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3's, not in rdflib's DCAT namespace object
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
#: The licence IRI the data licence file must hold, and the title its legal code bears.
DATA_LICENCE_TITLES = {CC_BY_4: "Creative Commons Attribution 4.0 International Public License"}


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _dumps() -> list[Path]:
    """The release dumps, oldest first."""
    return sorted(RELEASES.glob("*.nq.gz"), key=lambda p: _version_key(p.name.removesuffix(".nq.gz")))


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _description() -> Graph:
    graph = Graph()
    graph.parse(ROOT / "data" / "stalker" / "dataset.ttl", format="turtle")
    return graph


# --- licences ---------------------------------------------------------------------------------------


def test_code_licence_file_is_the_licence_pyproject_names() -> None:
    assert _pyproject()["project"]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 filmgraph contributors" in text
    assert "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND" in text
    assert set(_pyproject()["project"]["license-files"]) == {"LICENSE", "LICENSE-DATA"}


def test_every_licence_in_data_and_ontology_is_the_one_the_data_licence_file_holds() -> None:
    licences: set[URIRef] = set()
    files = sorted((ROOT / "data").rglob("*.ttl")) + sorted((ROOT / "ontology").glob("*.ttl"))
    for path in files:
        graph = Graph().parse(path, format="turtle")
        licences |= {o for o in graph.objects(None, DCTERMS.license) if isinstance(o, URIRef)}
        assert all(isinstance(o, URIRef) for o in graph.objects(None, DCTERMS.license)), path
    assert licences == {CC_BY_4}
    text = (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    (licence,) = licences
    assert DATA_LICENCE_TITLES[licence] in text.splitlines()
    # the whole legal code: its eight sections, in order, and CC's closing notice
    sections = re.findall(r"^Section (\d) -- ", text, flags=re.MULTILINE)
    assert sections == [str(n) for n in range(1, 9)]
    assert text.rstrip().endswith("Creative Commons may be contacted at creativecommons.org.")


# --- CITATION.cff -------------------------------------------------------------------------------------


def _citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _cff_errors(document: dict) -> list[str]:
    schema = json.loads((ROOT / "tests" / "fixtures" / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return sorted(error.message for error in validator.iter_errors(document))


def test_citation_is_valid_cff_1_2_0() -> None:
    assert _cff_errors(_citation()) == []


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("authors", None, "'authors' is a required property"),
    ("date-released", "2026-12-32", "'2026-12-32' is not a 'date'"),
    ("license", "CC-BY-4", "'CC-BY-4' is not valid under any of the given schemas"),
])
def test_the_schema_check_can_fail(key: str, value: str | None, expected: str) -> None:
    broken = _citation()
    if value is None:
        del broken[key]
    else:
        broken[key] = value
    assert expected in _cff_errors(broken)


def test_citation_agrees_with_pyproject_and_the_dataset() -> None:
    cff, description = _citation(), _description()
    version = _pyproject()["project"]["version"]
    assert cff["version"] == version
    assert str(description.value(DATASET, DCAT_VERSION)) == version
    assert str(description.value(DATASET, OWL.versionInfo)) == version
    assert description.value(DATASET, DCTERMS.modified) == Literal(cff["date-released"], datatype=XSD_DATE)
    assert cff["license"] == "CC-BY-4.0" and description.value(DATASET, DCTERMS.license) == CC_BY_4
    assert cff["url"] == _pyproject()["project"]["urls"]["Homepage"] == "https://w3id.org/filmgraph/"
    assert cff["title"] == str(description.value(DATASET, DCTERMS.title))
    preferred = cff["preferred-citation"]
    assert (preferred["version"], preferred["date-released"], preferred["license"]) == (
        version, cff["date-released"], "CC-BY-4.0")
    (software,) = [ref for ref in cff["references"] if ref["type"] == "software"]
    assert (software["version"], software["license"]) == (version, _pyproject()["project"]["license"])


# --- CHANGELOG.md and the release dumps ------------------------------------------------------------------


def _changelog() -> dict[str, tuple[str, str]]:
    """Each release's date and section text, by version, in the order written."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    parts = re.split(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})\n", text, flags=re.MULTILINE)
    return {parts[i]: (parts[i + 1], parts[i + 2]) for i in range(1, len(parts), 3)}


def _stated(section: str) -> tuple[tuple[int, int], dict[str, tuple[int, int]]]:
    """The statement counts and the per-graph table a changelog section states."""
    (total,) = re.findall(r"^Statements: (\d+) added, (\d+) removed\.$", section, flags=re.MULTILINE)
    rows = re.findall(r"^\| (`graph:[^`]+`|\(default graph\)) \| (\d+) \| (\d+) \|$", section, flags=re.MULTILINE)
    table = {("" if name == "(default graph)" else GRAPH_PREFIX + name.strip("`").removeprefix("graph:")):
             (int(a), int(r)) for name, a, r in rows}
    assert len(table) == len(rows), "a graph is listed twice"
    return (int(total[0]), int(total[1])), table


def test_each_dump_has_a_changelog_entry_newest_first() -> None:
    entries = _changelog()
    versions = [p.name.removesuffix(".nq.gz") for p in _dumps()]
    assert list(entries) == list(reversed(versions))
    assert versions[0] == "0.1.0" and len(versions) >= 3


def test_changelog_states_the_counts_the_dumps_give() -> None:
    entries = _changelog()
    previous: Dataset = new_dataset()
    for path in _dumps():
        current = load_version(path)
        change = filmgraph.diff(previous, current)
        total, table = _stated(entries[path.name.removesuffix(".nq.gz")][1])
        assert total == change.statements.counts(), path.name
        assert table == {graph: c.counts() for graph, c in change.graphs.items()}, path.name
        previous = current


def test_newest_release_is_the_current_version_and_date() -> None:
    newest, (date, _) = next(iter(_changelog().items()))
    assert newest == _pyproject()["project"]["version"] == _dumps()[-1].name.removesuffix(".nq.gz")
    assert date == _citation()["date-released"]


def test_newest_dump_is_the_graph_as_it_is_now() -> None:
    """A data or ontology change without a new release (version, dump, changelog entry) fails here."""
    newest = _dumps()[-1]
    assert read_dump(newest) == filmgraph.export(None, "nq").decode("utf-8")


def test_newest_dump_regenerates_byte_for_byte(tmp_path: Path) -> None:
    again = tmp_path / "again.nq.gz"
    write_dump(again, project_dump())
    assert again.read_bytes() == _dumps()[-1].read_bytes()
    assert gzip.decompress(again.read_bytes()).decode("utf-8") == project_dump(ROOT)


def _release_commits() -> dict[str, str]:
    """The commit the changelog names for each earlier release ('First published at commit `abc1234`')."""
    return {version: found[0] for version, (_, section) in _changelog().items()
            if (found := re.findall(r"First published at commit `([0-9a-f]{7,40})`", section))}


def test_earlier_dumps_are_their_commits_graph(tmp_path: Path) -> None:
    """Each earlier release's dump is today's exporter over that commit's data/ and ontology/."""
    commits = _release_commits()
    assert set(commits) == {p.name.removesuffix(".nq.gz") for p in _dumps()[:-1]}
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("needs the repository's git history (a source distribution has none)")
    for version, commit in commits.items():
        if subprocess.run([git, "cat-file", "-e", f"{commit}^{{commit}}"], cwd=ROOT, capture_output=True).returncode:
            pytest.skip(f"commit {commit} of release {version} is not in this clone (a shallow one)")
        folder = tmp_path / version
        folder.mkdir()
        archive = subprocess.run([git, "archive", "--format=tar", commit, "data", "ontology"], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
        assert project_dump(folder) == read_dump(RELEASES / f"{version}.nq.gz"), version


# --- the IRI policy ---------------------------------------------------------------------------------------

_SUBJECT = re.compile(r"^<([^>]*)> ")
_TYPED = re.compile(r"^<([^>]*)> <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> ")


def _subjects(text: str, pattern: re.Pattern[str] = _SUBJECT) -> set[str]:
    return {m[1] for line in text.splitlines() if (m := pattern.match(line))}


def test_no_iri_of_an_earlier_release_has_gone() -> None:
    now = filmgraph.export(None, "nq").decode("utf-8")
    current = _subjects(now)
    for path in _dumps()[:-1]:
        assert _subjects(read_dump(path)) - current == set(), path.name


def test_an_entity_that_went_away_stays_deprecated_with_its_replacement_or_reason() -> None:
    bundle = filmgraph.load()
    typed_now = _subjects(filmgraph.export(None, "nq").decode("utf-8"), _TYPED)
    withdrawn = set()
    for path in _dumps()[:-1]:
        withdrawn |= _subjects(read_dump(path), _TYPED) - typed_now
    assert {iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for iri in withdrawn} == {
        "Agent", "genre", "passage", "crossing-the-fields", "through-the-tunnels", "meat-grinder"}
    for iri in map(URIRef, withdrawn):
        assert bundle.value(iri, OWL.deprecated) == Literal(True), iri
        replacement = bundle.value(iri, DCTERMS.isReplacedBy)
        assert replacement is not None or bundle.value(iri, SKOS.editorialNote) is not None, iri
        if replacement is not None:
            assert (replacement, RDF.type, None) in bundle, replacement


def test_readme_points_to_the_citation_the_licences_and_the_policy() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cite = readme.split("\n## How to cite\n", 1)[1].split("\n## ", 1)[0]
    assert "(CITATION.cff)" in cite and "(CHANGELOG.md)" in cite and "filmgraph diff" in cite
    licence = readme.split("\n## Licence\n", 1)[1].split("\n## ", 1)[0]
    assert "(LICENSE)" in licence and "(LICENSE-DATA)" in licence
    scheme = readme.split("\n## IRI scheme\n", 1)[1].split("\n## ", 1)[0]
    assert "(docs/iri-policy.md)" in scheme
    assert (ROOT / "docs" / "iri-policy.md").is_file() and (ROOT / "docs" / "releasing.md").is_file()
