"""``filmgraph site``: IRIs that would leave OUT are refused, the build is all or nothing, OUT is never
a folder of someone else's, bad input exits 2, and a corpus of several films gets its site."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from corpus_support import write_corpus
from rdflib import URIRef
from rdflib.compare import isomorphic
from site_support import B, embedded, page_path, read_page

import filmgraph
from filmgraph.cli import main
from filmgraph.site import build, build_site
from filmgraph.site.output import MARKER
from filmgraph.site.paths import RefusedIri, page_of, page_stem, relative
from filmgraph.stores import files_store

# --- the IRI to path mapping --------------------------------------------------------------------


def test_an_iri_maps_to_the_path_mirroring_it() -> None:
    assert str(page_stem(B + "stalker-1979/character/writer")) == "stalker-1979/character/writer"
    assert str(page_of(B + "stalker-1979/character/writer")) == "stalker-1979/character/writer.html"
    assert str(page_of(B + "ontology#Film")) == "ontology.html#Film"
    assert str(page_of(B + "ontology")) == "ontology.html"
    here = "stalker-1979/character/writer.html"
    assert relative("stalker-1979/event/x.html", here) == "../../stalker-1979/event/x.html"
    assert relative("ontology.html#Film", "ontology.html") == "#Film"


@pytest.mark.parametrize("iri", [
    B + "..",
    B + "../etc/passwd",
    B + "film/../../outside",
    B + "film/./x",
    B + "film%2F..%2F..%2Fx",
    B + "film/%2e%2e/x",
    B + "film\\..\\x",
    B + "film//x",
    B + "/etc/passwd",
    B,
    B + "film/x?y=1",
    B + "film/.hidden",
    B + "film/x.html",
    B + "index",
    B + "dist/0.3.0/filmgraph.ttl",
    "https://example.org/filmgraph/film/x",
    "file:///etc/passwd",
    "/etc/passwd",
])
def test_an_iri_that_could_leave_out_or_clash_gets_no_page(iri: str) -> None:
    with pytest.raises(RefusedIri):
        page_stem(iri)
    assert page_of(iri) is None


def test_a_hash_iri_outside_the_ontology_gets_no_page() -> None:
    assert page_of(B + "film/x#y") is None


# --- writing: all or nothing, never someone else's folder ------------------------------------


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "site"
    build_site(out)
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_that_fails_midway_leaves_the_previous_site_whole(
        previous: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(previous)
    written = []

    def failing(*args: object, **kwargs: object) -> str:
        written.append(1)
        if len(written) == 50:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    original = build.entity_page
    monkeypatch.setattr(build, "entity_page", failing)
    with pytest.raises(OSError):
        build_site(previous)
    assert len(written) == 50
    assert snapshot(previous) == before
    assert [p.name for p in previous.parent.iterdir()] == [previous.name]  # no temporary folder left


def test_a_new_build_replaces_a_previous_site(previous: Path) -> None:
    build_site(previous)  # nothing added: replaced without a question
    assert (previous / "index.html").is_file() and (previous / MARKER).is_file()
    assert [p.name for p in previous.parent.iterdir()] == [previous.name]


def test_files_added_to_a_previous_site_are_never_deleted_silently(
        previous: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (previous / "MYNOTES.txt").write_text("my notes", encoding="utf-8")
    (previous / "myimages").mkdir()
    (previous / "myimages" / "a.png").write_bytes(b"\x89PNG")
    (previous / "CNAME").write_text("films.example.org\n", encoding="utf-8")
    before = snapshot(previous)
    assert main(["site", str(previous)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "--replace" in err
    for lost in ("MYNOTES.txt", "myimages/a.png", "CNAME"):
        assert lost in err, lost
    assert snapshot(previous) == before  # nothing touched
    assert [p.name for p in previous.parent.iterdir()] == [previous.name]
    # with --replace the user asked for it: they go
    assert main(["site", str(previous), "--replace", "-q"]) == 0
    assert not (previous / "MYNOTES.txt").exists() and not (previous / "myimages").exists()
    assert not (previous / "CNAME").exists() and (previous / "index.html").is_file()


def test_a_file_of_the_previous_site_changed_or_an_empty_folder_added_is_named(previous: Path) -> None:
    page = next(previous.glob("stalker-1979/character/*.html"))
    page.write_text(page.read_text(encoding="utf-8") + "<!-- my edit -->", encoding="utf-8")
    (previous / "drafts").mkdir()
    with pytest.raises(filmgraph.UsageError) as refused:
        build_site(previous)
    assert str(page.relative_to(previous)) in str(refused.value) and "drafts/" in str(refused.value)
    assert page.read_text(encoding="utf-8").endswith("<!-- my edit -->")
    build_site(previous, replace=True)
    assert not page.read_text(encoding="utf-8").endswith("<!-- my edit -->") and not (previous / "drafts").exists()


def test_the_marker_lists_every_file_written_with_its_checksum(previous: Path) -> None:
    lines = (previous / MARKER).read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines if not line.startswith("#"))
    assert set(listed) == set(snapshot(previous)) - {MARKER}
    assert listed["index.html"] == hashlib.sha256((previous / "index.html").read_bytes()).hexdigest()


def test_a_site_of_an_older_build_without_its_list_is_refused_unless_replace(tmp_path: Path) -> None:
    out = tmp_path / "old"
    out.mkdir()
    (out / MARKER).write_text("A site written by 'filmgraph site'; the command replaces this folder.\n",
                              encoding="utf-8")
    (out / "index.html").write_text("old", encoding="utf-8")
    with pytest.raises(filmgraph.UsageError, match="did not record its files"):
        build_site(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "old"
    build_site(out, replace=True)
    assert (out / "index.html").read_text(encoding="utf-8") != "old"


def test_a_folder_that_is_not_a_site_is_refused_and_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("my thesis", encoding="utf-8")
    with pytest.raises(filmgraph.UsageError, match="not a site"):
        build_site(mine)
    assert snapshot(mine) == {"thesis.tex": b"my thesis"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_an_empty_folder_becomes_the_site(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    build_site(out)
    assert (out / "index.html").is_file()


# --- the command --------------------------------------------------------------------------------


def bad_call(args: list[str], capsys: pytest.CaptureFixture[str], reason: str) -> None:
    assert main(["site", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and reason in err and "Traceback" not in err


def test_the_command_refuses_bad_input_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    bad_call([str(a_file)], capsys, "is a file")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("x", encoding="utf-8")
    bad_call([str(mine)], capsys, "not a site")
    bad_call([str(tmp_path / "no" / "such" / "folder")], capsys, "does not exist")
    bad_call([str(tmp_path / "out"), "--data", str(tmp_path / "missing.ttl")], capsys, "missing.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    bad_call([str(tmp_path / "out"), "--data", str(broken)], capsys, "broken.ttl")
    bad_call([str(tmp_path / "out"), "--site-url", "javascript:alert(1)"], capsys, "site URL")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "broken.ttl", "mine"]  # nothing written
    with pytest.raises(SystemExit) as exited:  # argparse: no OUT
        main(["site"])
    assert exited.value.code == 2


def test_the_command_builds_a_site_and_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert main(["site", str(out), "--site-url", "https://example.org/filmgraph/"]) == 0
    assert "entity pages" in capsys.readouterr().err
    rules = (out / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteRule ^(.+)$ https://example.org/filmgraph/$1.ttl [R=303,L]" in rules


# --- several films ------------------------------------------------------------------------------


def test_a_corpus_of_three_films_gets_a_page_per_entity_and_film(tmp_path: Path) -> None:
    corpus = write_corpus(3, tmp_path / "corpus")
    files = sorted(str(p) for p in (corpus / "data").rglob("*.ttl"))
    out = tmp_path / "site"
    summary = build_site(out, files)
    store = files_store(files)
    films = [row[0] for row in filmgraph.query("films", graph=store).rows]
    assert len(films) == 3
    home = (out / "index.html").read_text(encoding="utf-8")
    for film in films:
        page = page_path(out, str(film))
        assert page.is_file()
        assert f'href="{page.relative_to(out)}"' in home
        story = str(film).rsplit("/", 1)[-1]
        assert (out / "_site" / "browse" / f"{story}.html").is_file()
        character = next(out.glob(f"{story}/character/*.html"))
        iri = URIRef(B + str(character.relative_to(out))[: -len(".html")])
        expected = filmgraph.query("entity-card", graph=store, entity=iri).graph
        assert expected is not None and isomorphic(embedded(read_page(character)), expected)
    assert summary.pages > 3 * 100


# --- packaged ----------------------------------------------------------------------------------


def test_the_installed_wheel_builds_the_site_from_its_own_templates(tmp_path: Path) -> None:
    """The templates, the style sheet and the site's queries ship in the wheel (a build from a
    folder that is not the project's)."""
    import subprocess

    from test_wheel import ROOT, _build_wheel, _install

    wheel = _build_wheel(ROOT, tmp_path / "dist")
    env_dir, env = _install(wheel, tmp_path)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    proc = subprocess.run([str(env_dir / "bin" / "filmgraph"), "site", "out", "-q"], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (workdir / "out" / "_site" / "site.css").read_bytes() == (
        ROOT / "src" / "filmgraph" / "site" / "static" / "site.css").read_bytes()
    film = (workdir / "out" / "film" / "stalker-1979.html").read_text(encoding="utf-8")
    assert "<h2>Statements about it</h2>" in film


def test_hostile_iris_in_the_data_get_no_page_and_nothing_is_written_outside(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # (a backslash is no IRI character: the parser refuses such a file, exit 2, before any page)
    hostile = [B + "film/%2E%2E%2F%2E%2E%2Fescaped", B + "film/..%2Fescaped", B + "film/../../escaped",
               B + "film//escaped"]
    data = tmp_path / "hostile.ttl"
    data.write_text("".join(f'<{iri}> <http://www.w3.org/2000/01/rdf-schema#label> "escaped" .\n' for iri in hostile)
                    + f'<{B}film/fine> <http://www.w3.org/2000/01/rdf-schema#label> "fine" .\n', encoding="utf-8")
    out = tmp_path / "deep" / "site"
    out.parent.mkdir()
    assert main(["site", str(out), "--data", str(data)]) == 0
    notes = capsys.readouterr().err
    assert notes.count("gets no page") == len(hostile)
    fine = (out / "film" / "fine.html").read_text(encoding="utf-8")
    assert "<td>(the default graph)</td>" in fine  # the file declares no source graph
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep", "hostile.ttl"]
    assert [p.name for p in out.parent.iterdir()] == ["site"]
    assert not any("escaped" in str(p) for p in out.rglob("*"))


def test_films_that_get_no_page_are_named_on_the_home_page_and_counted_alike(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fg = "https://w3id.org/filmgraph/ontology#"
    refused = [B + "film/one%2Ftwo", B + "film/..%2Fthree"]
    data = tmp_path / "films.ttl"
    data.write_text("".join(f'<{iri}> a <{fg}Film> ; <{fg}title> "A film"@en .\n' for iri in refused),
                    encoding="utf-8")
    out = tmp_path / "site"
    assert main(["site", str(out), "--data", str(data)]) == 0
    err = capsys.readouterr().err
    # the one page is the bundled ontology's alignments (ontology/alignments), in the singular
    assert "wrote 1 entity page (" in err and (out / "ontology" / "alignments.html").is_file()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<tr><th>films</th><td class="number">2</td></tr>' in home
    assert "No film has a page." in home and "2 films of the statistics below have no page" in home
    section = home.split('<ul id="films-without-page">', 1)[1].split("</ul>", 1)[0]
    for iri in refused:
        assert f"<li>{iri}: a percent-encoded character in the path; it gets no page</li>" in section, iri
