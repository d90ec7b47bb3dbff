"""The parse cache: a spec read, normalised and named, kept by the hash of its bytes and of this
generator, so that a warm run skips reading it; found again by the hashes an output's header
records (for the changelog); and the outputs found to hold the code this generator writes.

Everything here only saves time: a missing, unreadable or read-only cache is never an error.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import tempfile
from pathlib import Path
from typing import IO, Any

from .state import digest, fresh_key, generator_digest, read_state, split


def load(cache_dir: Path, key: bytes) -> object | None:
    """What was stored under ``key`` for this generator, or None."""
    try:
        with _entry(cache_dir, key).open("rb") as handle:
            found: object = pickle.load(handle)
    except Exception:  # missing, or unreadable: the cache is never needed for correctness
        return None
    return found


def store(cache_dir: Path, key: bytes, value: object, version: tuple[str, ...]) -> None:
    """Keep ``value`` under ``key``, and under ``version`` (the spec and overlays hashes an
    output records, and what the output took from them) for ``previous``."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            _Pickler(handle).dump(value)
        os.replace(tmp, _entry(cache_dir, key))
        index = _version_entry(cache_dir, version)
        index.parent.mkdir(exist_ok=True)
        link = index.with_suffix(".tmp")
        link.unlink(missing_ok=True)
        os.link(_entry(cache_dir, key), link)
        os.replace(link, index)
    except OSError:
        pass  # a read-only or full cache only costs time


def previous(cache_dir: Path | None, version: tuple[str, ...]) -> object | None:
    """What was stored for the spec an output was made from (``version``: by the hashes its
    header records, as ``store`` took them), if this generator read it before and the cache
    still has it."""
    if cache_dir is None:
        return None
    try:
        with _version_entry(cache_dir, version).open("rb") as handle:
            found: object = pickle.load(handle)
    except Exception:  # not there, or unreadable: the changelog is then left out
        return None
    return found


def _entry(cache_dir: Path, key: bytes) -> Path:
    return cache_dir / f"{digest(key)}-{generator_digest()}.pickle"


def _version_entry(cache_dir: Path, version: tuple[str, ...]) -> Path:
    return cache_dir / "versions" / f"{'-'.join(part or 'none' for part in version)}-{generator_digest()}.pickle"


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


class _Pickler(pickle.Pickler):
    """Pickles a frozen dataclass (the IR, and what holds it) as a call of its class with its
    field values, which unpickles at twice the speed of pickle's own way (a ``__setstate__``
    that sets one field after the other); and one made only of strings (``Primitive("str")``,
    ``Ref(key)``) once, however often the spec says it."""

    def __init__(self, file: IO[bytes]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._shared: dict[tuple[Any, ...], object] = {}

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if cls not in _FIELDS:
            _FIELDS[cls] = _fields_of(cls)
        names = _FIELDS[cls]
        if names is None:
            return NotImplemented
        args = tuple(getattr(obj, name) for name in names)
        if all(arg is None or type(arg) is str for arg in args):  # equal means the same
            shared = self._shared.setdefault((cls, args), obj)
            if shared is not obj:
                return _same, (shared,)
        return cls, args


_FIELDS: dict[type, tuple[str, ...] | None] = {}  # by class: what _fields_of says


def _fields_of(cls: type) -> tuple[str, ...] | None:
    """The names of the fields of a frozen dataclass that its ``__init__`` takes, in order, if
    calling it with them makes an equal object again; otherwise None."""
    params = getattr(cls, "__dataclass_params__", None)
    init = getattr(cls, "__init__", None)
    code = getattr(init, "__code__", None)
    if params is None or not params.frozen or hasattr(cls, "__post_init__") or code is None:
        return None
    fields = dataclasses.fields(cls)
    if not all(f.init for f in fields) or code.co_kwonlyargcount or code.co_argcount != len(fields) + 1:
        return None  # keyword-only fields, or init-only variables: not a plain call
    return tuple(f.name for f in fields)


def _same(value: object) -> object:
    """``value`` itself: a reference to an object already unpickled."""
    return value
