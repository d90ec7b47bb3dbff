"""The parse cache: a spec read, normalised and named, kept by the hash of its bytes and of this
generator, so that a warm run skips reading it; found again by the hashes an output's header
records (for the changelog); and the outputs found to hold the code this generator writes.

A cache, never a source of truth: everything here only saves time. An entry is data, never
code (``codec``: JSON that builds the IR's classes, where pickle would run what a planted file
says), and verified before use: its first line names the format, the generator, the key (or
version) it was stored under and the SHA-256 of the rest. An entry that is missing, damaged
(a flipped byte, cut short), planted, from another generator or stored under another key is a
miss: the spec is read again and the output is what a cold run gives. A missing, unreadable or
read-only cache is never an error.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from .state import digest, fresh_key, generator_digest, read_state, split

if TYPE_CHECKING:
    from .prepared import Prepared

MAGIC = b"modelgen-parse-cache"
FORMAT = b"2"  # the layout of ``codec``: a new one is a miss for every old entry
MAX_ENTRY = 1 << 30  # bytes (GitHub's spec, 13 MB of JSON, makes an entry of 5 MB)


def load(cache_dir: Path, key: bytes) -> Prepared | None:
    """What was stored under ``key`` for this generator, or None."""
    return _read(_entry(cache_dir, key), _key_field(key), None)


def store(cache_dir: Path, key: bytes, value: Prepared, version: tuple[str, ...]) -> None:
    """Keep ``value`` under ``key``, and under ``version`` (the spec and overlays hashes an
    output records, and what the output took from them) for ``previous``. A value the format
    cannot hold exactly is not kept."""
    import tempfile  # (only a cold run stores)

    from .codec import Malformed, encode

    try:
        payload = encode(value)
    except (Malformed, RecursionError, ValueError):
        return  # (not a JSON value as it is; or too deep to write): read again next time
    head = b" ".join([MAGIC, FORMAT, generator_digest().encode(), _key_field(key), _version_field(version), _sha(payload)])
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(head + b"\n" + payload)
        os.replace(tmp, _entry(cache_dir, key))
        index = _version_entry(cache_dir, version)
        index.parent.mkdir(exist_ok=True)
        link = index.with_suffix(".tmp")
        link.unlink(missing_ok=True)
        os.link(_entry(cache_dir, key), link)
        os.replace(link, index)
    except OSError:
        pass  # a read-only or full cache only costs time


def previous(cache_dir: Path | None, version: tuple[str, ...]) -> Prepared | None:
    """What was stored for the spec an output was made from (``version``: by the hashes its
    header records, as ``store`` took them), if this generator read it before and the cache
    still has it."""
    if cache_dir is None:
        return None
    return _read(_version_entry(cache_dir, version), None, _version_field(version))


def _read(path: Path, key: bytes | None, version: bytes | None) -> Prepared | None:
    """The entry at ``path`` if it is whole, this generator's, and stored under ``key`` (or
    ``version``): its hash checked before a byte of it is decoded. Otherwise None."""
    from .codec import Malformed, decode

    data = _entry_bytes(path)
    if data is None:
        return None
    head, newline, payload = data.partition(b"\n")
    fields = head.split(b" ")
    if not newline or len(fields) != 6 or fields[:3] != [MAGIC, FORMAT, generator_digest().encode()]:
        return None  # another format or generator, or not an entry at all
    if (key is not None and fields[3] != key) or (version is not None and fields[4] != version):
        return None  # an entry of another spec, under this one's name
    if fields[5] != _sha(payload):
        return None  # damaged: a flipped byte, cut short
    try:
        return decode(payload)
    except Malformed:
        return None


def _entry_bytes(path: Path) -> bytes | None:
    """The bytes of the regular file at ``path``, if it is one of a size an entry can have:
    a link, a pipe or a device planted under an entry's name is not followed (``/dev/zero``
    would never end; a pipe would wait for a writer)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:  # not there, unreadable, or a link
        return None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_ENTRY:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_ENTRY + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode()


def _key_field(key: bytes) -> bytes:
    return _sha(key)


def _version_field(version: tuple[str, ...]) -> bytes:
    return "-".join(part or "none" for part in version).encode()


def _entry(cache_dir: Path, key: bytes) -> Path:
    return cache_dir / f"{digest(key)}-{generator_digest()}.json"


def _version_entry(cache_dir: Path, version: tuple[str, ...]) -> Path:
    return cache_dir / "versions" / f"{_version_field(version).decode()}-{generator_digest()}.json"


def known_fresh(cache_dir: Path | None, text: str) -> bool:
    """Whether this generator has found before that ``text`` (a file on disk) holds its code."""
    state = read_state(text)
    return cache_dir is not None and state is not None and (cache_dir / "fresh" / fresh_key(state, split(text)[1])).exists()


def remember_fresh(cache_dir: Path | None, text: str) -> None:
    """Remember that ``text`` (a file on disk) holds the code this generator writes for it."""
    state = read_state(text)
    if cache_dir is None or state is None:
        return
    try:
        folder = cache_dir / "fresh"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / fresh_key(state, split(text)[1])).touch()
    except OSError:
        pass  # the cache only saves time
