"""The bytes of the documents a spec is made of: files, and documents over HTTP(S) when allowed.

Kept free of heavy imports: the no-op fast path hashes sources through it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

# A remote document is input from a server we do not control: bound what it may cost.
REMOTE_TIMEOUT = 30  # seconds
REMOTE_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class RefPolicy:
    """Which ``$ref``s may reach beyond the spec's folder: both refused unless the user trusts them."""

    outside: bool = False  # files outside the spec's folder (``..``, absolute paths, symbolic links)
    remote: bool = False  # documents over http(s)

    def tag(self) -> bytes:
        """Part of the parse cache key: the same bytes read under another policy may differ."""
        return f"\0refs:outside={self.outside},remote={self.remote}".encode()


def is_remote(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def fetch(url: str) -> bytes:
    """The body of ``url`` (HTTP or HTTPS only); ``OSError`` with a readable message on failure."""
    import urllib.error
    import urllib.request

    if not is_remote(url):
        raise OSError(f"not an http(s) address: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": "modelgen"})
    try:
        with urllib.request.urlopen(request, timeout=REMOTE_TIMEOUT) as response:
            body: bytes = response.read(REMOTE_MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise OSError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise OSError(str(exc.reason)) from None
    except TimeoutError:
        raise OSError(f"no answer within {REMOTE_TIMEOUT} s") from None
    if len(body) > REMOTE_MAX_BYTES:
        raise OSError(f"the document is larger than {REMOTE_MAX_BYTES:,} bytes")
    return body


SCHEMA_SUFFIXES = (".json", ".yaml", ".yml")


def schema_files(folder: Path) -> list[Path]:
    """The schema files of a folder given as a spec, in the order of their names."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SCHEMA_SUFFIXES and p.is_file() and not p.name.startswith("."))


class Files:
    """The files of one run: each read once and hashed once, however many jobs and checks ask
    (a run that regenerates reads the spec to judge its outputs, to find it in the parse cache,
    and to parse it; and so for the files it refers to, the overlays and remote documents). What
    is parsed is then what is hashed, even if a file is saved while the run reads it. ``OSError``
    as reading raises it; a file is not read again after one."""

    def __init__(self) -> None:
        self._bytes: dict[str, bytes] = {}
        self._digests: dict[str, str] = {}

    def read(self, path: Path) -> bytes:
        """The file's bytes; a folder's are the names of its schema files, one a line (a spec may
        be a folder of JSON Schemas: its state is which files it holds, and each file's own)."""
        key = os.path.realpath(path)  # one file, however the run names it
        if key not in self._bytes:
            if path.is_dir():
                self._bytes[key] = "".join(f"{p.name}\n" for p in schema_files(path)).encode()
            else:
                self._bytes[key] = path.read_bytes()
        return self._bytes[key]

    def fetch(self, url: str) -> bytes:
        """The body of ``url`` (see ``fetch``), fetched once a run."""
        if url not in self._bytes:
            self._bytes[url] = fetch(url)
        return self._bytes[url]

    def source(self, spec: Path, name: str) -> bytes:
        """The bytes of a document the spec refers to, by the name recorded for it (relative to
        the spec's folder, or to the spec if it is a folder)."""
        if is_remote(name):
            return self.fetch(name)
        return self.read((spec if spec.is_dir() else spec.parent) / name)

    def sha256(self, path: Path) -> str:
        """The SHA-256 of the file's bytes, in hex."""
        key = os.path.realpath(path)
        if key not in self._digests:
            self._digests[key] = hashlib.sha256(self.read(path)).hexdigest()
        return self._digests[key]
