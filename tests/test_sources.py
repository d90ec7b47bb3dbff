"""``sources``: which ``$ref``s are trusted, and the bytes of a document, from a file or over
http(s) with bounds (a local server started by the test: no network)."""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

import pytest
from modelgen import sources
from modelgen.sources import Files, RefPolicy, fetch, is_remote


def test_nothing_beyond_the_folder_is_trusted_by_default() -> None:
    assert RefPolicy() == RefPolicy(outside=False, remote=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        RefPolicy().remote = True  # type: ignore[misc]


def test_each_policy_has_its_own_cache_tag() -> None:
    tags = {RefPolicy(outside=o, remote=r).tag() for o in (False, True) for r in (False, True)}
    assert len(tags) == 4
    assert RefPolicy().tag() == RefPolicy().tag()
    assert all(isinstance(tag, bytes) and tag.startswith(b"\0") for tag in tags)


@pytest.mark.parametrize(
    ("name", "remote"),
    [
        ("http://example.com/a.yaml", True),
        ("https://example.com/a.yaml", True),
        ("a.yaml", False),
        ("common/http.yaml", False),
        ("/abs/https.yaml", False),
        ("file:///etc/passwd", False),
        ("ftp://example.com/a.yaml", False),
        ("http:relative.yaml", False),
    ],
)
def test_is_remote(name: str, remote: bool) -> None:
    assert is_remote(name) is remote


@pytest.mark.parametrize("url", ["file:///etc/hostname", "ftp://example.com/a", "a.yaml", ""])
def test_fetch_takes_only_http_addresses(url: str) -> None:
    with pytest.raises(OSError, match="not an http\\(s\\) address"):
        fetch(url)


def test_fetch_gives_the_body(served: tuple[str, Path]) -> None:
    base, root = served
    (root / "a.yaml").write_bytes(b"A: {type: string}\n\xc3\xa9")
    assert fetch(f"{base}/a.yaml") == b"A: {type: string}\n\xc3\xa9"


def test_an_http_error_is_an_os_error_with_the_status(served: tuple[str, Path]) -> None:
    base, _ = served
    with pytest.raises(OSError, match="^HTTP 404 "):
        fetch(f"{base}/missing.yaml")


def test_a_body_larger_than_the_bound_is_refused(served: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    base, root = served
    monkeypatch.setattr(sources, "REMOTE_MAX_BYTES", 10)
    (root / "exact.yaml").write_bytes(b"x" * 10)
    (root / "big.yaml").write_bytes(b"x" * 11)
    assert fetch(f"{base}/exact.yaml") == b"x" * 10
    with pytest.raises(OSError, match="larger than 10 bytes"):
        fetch(f"{base}/big.yaml")


def test_no_server_is_an_os_error() -> None:
    with socket.socket() as probe:  # a port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(OSError) as caught:
        fetch(f"http://127.0.0.1:{port}/a.yaml")
    assert type(caught.value) is OSError and str(caught.value)


def test_a_server_that_never_answers_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "REMOTE_TIMEOUT", 0.2)
    with socket.socket() as silent:  # accepts connections (the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        with pytest.raises(OSError, match="^no answer within 0.2 s$"):
            fetch(f"http://127.0.0.1:{silent.getsockname()[1]}/a.yaml")


def test_a_source_is_a_file_beside_the_spec(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "money.yaml").write_bytes(b"Money: {}\n")
    assert Files().source(tmp_path / "api.yaml", "common/money.yaml") == b"Money: {}\n"
    with pytest.raises(FileNotFoundError):
        Files().source(tmp_path / "api.yaml", "gone.yaml")


def test_a_source_may_be_an_address(served: tuple[str, Path], tmp_path: Path) -> None:
    base, root = served
    (root / "m.yaml").write_bytes(b"M: {}\n")
    assert Files().source(tmp_path / "api.yaml", f"{base}/m.yaml") == b"M: {}\n"


def test_a_file_is_read_once_however_it_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """By its path from here, its absolute path, or the name a spec records: one read, one text
    (a file saved meanwhile does not give two)."""
    (tmp_path / "common").mkdir()
    path = tmp_path / "common" / "money.yaml"
    path.write_bytes(b"Money: {}\n")
    monkeypatch.chdir(tmp_path)
    files = Files()
    first = files.read(Path("common/money.yaml"))
    path.write_bytes(b"Money: {type: object}\n")
    assert files.read(path) == files.source(tmp_path / "api.yaml", "common/money.yaml") == first
    assert files.sha256(path) == files.sha256(Path("common") / ".." / "common" / "money.yaml")
