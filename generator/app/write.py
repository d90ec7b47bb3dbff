"""Outputs to disk: all files or none, atomically; ``--check`` compares instead of writing."""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path

from ..errors import UsageError
from .config import output_identity
from .state import made_by_project, same_output

HEADER_BYTES = 65536  # a generated module's header ends well within this


def read_existing(path: Path) -> str | None:
    """The text of an output file as it is now; None if there is none."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise UsageError(f"output {path} is a folder: name the module file to write (like {path / 'models.py'})") from None
    except UnicodeDecodeError:
        raise UsageError(f"output {path} exists and is not UTF-8 text, so modelgen did not write it; nothing written") from None
    except OSError as exc:
        raise UsageError(f"cannot read the output {path}: {exc.strerror}") from None


def stale(outputs: dict[Path, str], exact: bool = False) -> dict[Path, str | None]:
    """The outputs whose file holds other code than the new text, with the file's current text
    (``exact``: any other text)."""
    found = {}
    for path, text in outputs.items():
        old = read_existing(path)
        if old != text if exact else not same_output(old, text):
            found[path] = old
    return found


def orphans(outputs: dict[Path, str], pyproject: Path) -> list[Path]:
    """Modules beside the outputs that a job of ``pyproject`` generated but no job makes any
    more. Only a file whose header records that a job of this config wrote it, there, under
    this name, qualifies: anything else in the folder (a user's file, a copy of a generated
    module with its header, a module of another project) is not ours to remove."""
    found = []
    for folder in sorted({path.parent for path in outputs}):
        for path in sorted(folder.glob("*.py")):
            if path in outputs or not path.is_file():
                continue
            try:
                with path.open(encoding="utf-8") as handle:
                    head = handle.read(HEADER_BYTES)
            except (OSError, UnicodeDecodeError):
                continue
            if made_by_project(head, output_identity(pyproject, path)):
                found.append(path)
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


def write_all(outputs: dict[Path, str], remove: tuple[Path, ...] = (), exact: bool = False) -> list[Path]:
    """Write the outputs that changed and remove the files in ``remove``; return what was written.
    Files that did not change are not touched.

    Every new text is first written to a temporary file beside its target, and every file to
    remove is first moved aside; only when all that worked are the new files moved into place
    (``os.replace`` is atomic). If anything fails, the files already replaced get their previous
    text back (or are removed if they are new) and the files moved aside come back, so the
    outputs change all together or not at all.
    """
    changed = stale(outputs, exact)
    staged: list[tuple[str, Path]] = []
    aside: list[tuple[str, Path]] = []
    replaced: list[Path] = []
    try:
        for path in changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_stage(path, outputs[path]), path))
        for path in remove:
            backup = _stage(path, "")
            try:
                os.replace(path, backup)
            except BaseException:
                os.unlink(backup)  # nothing was moved aside: the staged file goes
                raise
            aside.append((backup, path))
        for tmp, path in staged:
            os.replace(tmp, path)
            replaced.append(path)
    except BaseException:
        for path in replaced:
            old = changed[path]
            if old is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(_stage(path, old), path)
        for backup, path in aside:
            os.replace(backup, path)
        aside.clear()
        raise
    finally:
        for tmp, _ in staged + aside:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return list(changed)


def _stage(path: Path, text: str) -> str:
    """Write ``text`` to a new temporary file beside ``path``; return its name. The file gets the
    mode ``path`` has, or for a new file what the umask leaves of 0666 (as ``open`` would)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, _mode_for(path))
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
