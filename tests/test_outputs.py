"""--out: a regular file is replaced atomically; a device, FIFO or /dev/stdout is written through,
never replaced; a folder is refused; a SIGTERM while writing leaves no temporary file behind."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from link_support import TARKOVSKY, data_copy, relink

from filmgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
#: The two statements the bundled graph has and the Wikidata subset lacks (test_links_quickstatements).
STATEMENTS = (
    'Q200437\tP1476\ten:"Stalker"\tS854\t"https://w3id.org/filmgraph/dataset/stalker-1979"\n'
    'Q200437\tP1476\tru:"Сталкер"\tS854\t"https://w3id.org/filmgraph/dataset/stalker-1979"\n'
)


def filmgraph(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """``python -m filmgraph ARGS`` in a subprocess, output captured unless told otherwise."""
    options: dict[str, object] = {"capture_output": True, "timeout": 120, "check": False, **kwargs}
    if "stdout" in kwargs:
        options.pop("capture_output")
        options.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "filmgraph", *args], **options)  # type: ignore[call-overload,no-any-return]


def temp_files(folder: Path) -> list[str]:
    """Leftover temporary files of atomic writes (``.NAME.HEX.tmp``)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """A character device like /dev/null: our own node in tmp_path where we may make one (as root),
    else /dev/null itself (which a run without root could not replace anyway)."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        return Path("/dev/null")
    return node


def out_commands(endpoint: str, review_data: Path) -> list[list[str]]:
    """Every command that takes --out (without the --out itself)."""
    return [
        ["query", "cast"],
        ["query", "cast", "-f", "csv"],
        ["query", "character-subgraph", "-p", "character=character:stalker"],
        ["query", "--list"],
        ["query", "--show", "cast"],
        ["export", "-f", "nt"],
        ["export", "--frame", "film"],
        ["link", "quickstatements", "--endpoint", endpoint],
        ["link", "suggest", str(review_data), "--endpoint", endpoint],
    ]


def test_a_device_is_written_through_never_replaced(
    device: Path, wikidata_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = device.stat()
    review_data = data_copy(tmp_path, relink(TARKOVSKY, None))
    for command in out_commands(wikidata_endpoint, review_data):
        assert main([*command, "--out", str(device)]) == 0, command
        after = device.stat()
        assert stat.S_ISCHR(after.st_mode), command
        assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev), command
    assert temp_files(device.parent) == []
    capsys.readouterr()


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    """A thread reading the FIFO ``path`` to its end into ``into``."""

    def read() -> None:
        with path.open("rb") as fifo:
            into.append(fifo.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("command", [["query", "cast", "-f", "csv"], ["export", "-f", "nt"]])
def test_a_fifo_gets_the_data(tmp_path: Path, command: list[str]) -> None:
    plain = filmgraph(*command)
    assert plain.returncode == 0 and plain.stdout
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    proc = filmgraph(*command, "--out", str(fifo))
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert received == [plain.stdout]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_the_quickstatements_go_through_a_fifo(tmp_path: Path, wikidata_endpoint: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    assert main(["link", "quickstatements", "--endpoint", wikidata_endpoint, "--out", str(fifo)]) == 0
    reader.join(timeout=60)
    assert received == [STATEMENTS.encode("utf-8")]
    capsys.readouterr()


@pytest.mark.parametrize("out", ["/dev/stdout", "/dev/fd/1"])
@pytest.mark.parametrize("command", [
    ["query", "cast", "-f", "tsv"], ["export", "-f", "nq"], ["query", "--show", "cast"],
])
def test_dev_stdout_in_a_pipeline(command: list[str], out: str) -> None:
    plain = filmgraph(*command, stdout=subprocess.PIPE)
    assert plain.returncode == 0 and plain.stdout
    proc = filmgraph(*command, "--out", out, stdout=subprocess.PIPE)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == plain.stdout


def test_dev_stdout_appended_to_is_appended_to(tmp_path: Path) -> None:
    """``>> file`` then ``--out /dev/stdout``: the file keeps what it had (it is written through,
    not reopened, truncated or replaced)."""
    plain = filmgraph("query", "cast", "-f", "csv")
    log = tmp_path / "log.csv"
    log.write_bytes(b"earlier line\n")
    inode = log.stat().st_ino
    with log.open("ab") as handle:
        proc = filmgraph("query", "cast", "-f", "csv", "--out", "/dev/stdout", stdout=handle)
    assert proc.returncode == 0, proc.stderr
    assert log.read_bytes() == b"earlier line\n" + plain.stdout
    assert log.stat().st_ino == inode
    assert temp_files(tmp_path) == []


def test_a_folder_is_refused_in_one_line(tmp_path: Path, wikidata_endpoint: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    review_data = data_copy(tmp_path, relink(TARKOVSKY, None))
    for command in out_commands(wikidata_endpoint, review_data):
        assert main([*command, "--out", str(folder)]) == 2, command
        captured = capsys.readouterr()
        assert captured.err == f"filmgraph: {folder}: is a folder; give a file name\n", command
        assert list(folder.iterdir()) == []


def test_a_symlink_to_a_regular_file_is_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert main(["query", "cast", "-f", "csv", "--out", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("billing,actor,actorLabel,character,characterLabel,creditedAs\n")
    assert temp_files(tmp_path) == []
    capsys.readouterr()


def test_a_regular_file_is_still_replaced_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cast.csv"
    target.write_text("old\n", encoding="utf-8")
    inode = target.stat().st_ino
    assert main(["query", "cast", "-f", "csv", "--out", str(target)]) == 0
    assert target.stat().st_ino != inode  # a new file took the name: readers of the old one saw it whole
    assert target.read_text(encoding="utf-8").startswith("billing,")
    capsys.readouterr()


# --- SIGTERM while writing ---------------------------------------------------------------------------------

#: Runs the CLI with os.fsync announcing itself and then waiting: the temporary file exists, full,
#: not yet renamed; the test sends SIGTERM at exactly that moment.
_SLOW_WRITE = """
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    print("writing", flush=True)
    time.sleep(60)
    real_fsync(fd)
os.fsync = slow_fsync
from filmgraph.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("command", [["export", "-f", "nt"], ["query", "cast", "-f", "csv"]])
def test_sigterm_while_writing_leaves_the_target_and_no_temporary_file(tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "out.data"
    target.write_bytes(b"precious\n")
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITE, *command, "--out", str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline() == b"writing\n"
    assert len(temp_files(tmp_path)) == 1  # the write is under way
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143  # 128 + SIGTERM, as 130 is 128 + SIGINT
    assert err == b"filmgraph: terminated\n"
    assert target.read_bytes() == b"precious\n"
    assert temp_files(tmp_path) == []
