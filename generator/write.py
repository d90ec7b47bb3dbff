"""Outputs to disk: all files or none, atomically; ``--check`` compares instead of writing."""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path


def read_existing(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def stale(outputs: dict[Path, str]) -> dict[Path, str | None]:
    """The outputs whose file differs from the new text, with the file's current text."""
    found = {}
    for path, text in outputs.items():
        old = read_existing(path)
        if old != text:
            found[path] = old
    return found


def diff(path: Path, old: str | None, new: str) -> str:
    shown = path.as_posix()
    lines = difflib.unified_diff(
        (old or "").splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"{shown} (on disk)" if old is not None else "/dev/null",
        tofile=f"{shown} (generated)",
    )
    return "".join(lines)


def write_all(outputs: dict[Path, str]) -> list[Path]:
    """Write the outputs that changed; return them. Files that did not change are not touched.

    Every new text is first written to a temporary file beside its target; only when all are
    written are they moved into place (``os.replace`` is atomic), so an error leaves every
    existing output exactly as it was.
    """
    changed = stale(outputs)
    staged: list[tuple[str, Path]] = []
    try:
        for path in changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(outputs[path])
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return list(changed)
