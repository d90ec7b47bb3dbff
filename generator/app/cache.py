"""The parse cache: a spec read, normalised and named, kept by the hash of its bytes and of this
generator, so that a warm run skips reading it; found again by the hashes an output's header
records (for the changelog); and the outputs found to hold the code this generator writes.

Everything here only saves time: a missing, unreadable or read-only cache is never an error.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

from .state import digest, fresh_key, generator_digest, read_state, split


def load(cache_dir: Path, key: bytes) -> object | None:
    """What was stored under ``key`` for this generator, or None."""
    try:
        with _entry(cache_dir, key).open("rb") as handle:
            found: object = pickle.load(handle)
    except Exception:  # missing, or unreadable: the cache is never needed for correctness
        return None
    return found


def store(cache_dir: Path, key: bytes, value: object, version: tuple[str, str]) -> None:
    """Keep ``value`` under ``key``, and under ``version`` (the spec and overlays hashes an
    output records) for ``previous``."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _entry(cache_dir, key))
        index = _version_entry(cache_dir, *version)
        index.parent.mkdir(exist_ok=True)
        link = index.with_suffix(".tmp")
        link.unlink(missing_ok=True)
        os.link(_entry(cache_dir, key), link)
        os.replace(link, index)
    except OSError:
        pass  # a read-only or full cache only costs time


def previous(cache_dir: Path | None, spec_hash: str, overlays_hash: str) -> object | None:
    """What was stored for the spec an output was made from (by the hashes its header records),
    if this generator read it before and the cache still has it."""
    if cache_dir is None:
        return None
    try:
        with _version_entry(cache_dir, spec_hash, overlays_hash).open("rb") as handle:
            found: object = pickle.load(handle)
    except Exception:  # not there, or unreadable: the changelog is then left out
        return None
    return found


def _entry(cache_dir: Path, key: bytes) -> Path:
    return cache_dir / f"{digest(key)}-{generator_digest()}.pickle"


def _version_entry(cache_dir: Path, spec_hash: str, overlays_hash: str) -> Path:
    return cache_dir / "versions" / f"{spec_hash}-{overlays_hash or 'none'}-{generator_digest()}.pickle"


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
