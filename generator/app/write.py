"""Outputs to disk: all files or none, and a write a kill stopped finished by the next run (a
journal); ``--check`` compares instead of writing."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UsageError, WriteError
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
        raise UsageError(
            f"output {path} is a folder: name the module file to write (like {path / 'models.py'}), or a package"
            " folder without .py"
        ) from None
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
    import difflib  # (only --check shows a diff)

    shown = path.as_posix()
    lines = difflib.unified_diff(
        (old or "").splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"{shown} (on disk)" if old is not None else "/dev/null",
        tofile=f"{shown} (generated)",
    )
    return "".join(lines)


def write_all(
    outputs: dict[Path, str], remove: tuple[Path, ...] = (), exact: bool = False, journal: Path | None = None
) -> list[Path]:
    """Write the outputs that changed and remove the files in ``remove``, all or none; return
    what was written. Files that did not change are not touched.

    Every new text is first written to a temporary file beside its target, and every file to
    remove gets a place beside it to be moved aside to; only when all that worked are the files
    moved into place (``os.replace`` is atomic). If anything fails, what was replaced gets its
    previous text back and what was moved aside comes back, so the outputs change all together
    or not at all; an ``OSError`` is then a ``WriteError`` naming the file and the reason.

    A kill cannot run that undoing: with ``journal``, the run first records there every file it
    will write ("staging"), then, once all are written, that it is moving them into place
    ("commit"). ``recover`` makes the next run finish what a stopped one left: the temporary
    files of a run stopped while staging go (the old outputs stand), a run stopped while
    committing is completed (the new outputs stand)."""
    changed = stale(outputs, exact)
    if not changed and not remove:
        return []
    plan = _Plan([(path, _temporary(path)) for path in changed], [(path, _temporary(path)) for path in remove])
    if journal is not None:  # (in the outputs' folder, or the project's: made first if need be)
        try:
            journal.parent.mkdir(parents=True, exist_ok=True)
            _record(journal, "staging", plan, new=True)
        except (_Failed, OSError) as exc:
            reason = exc.reason if isinstance(exc, _Failed) else exc.strerror or str(exc)
            raise WriteError(f"cannot write in {journal.parent}: {reason}; no output was changed") from None
    settled = False  # the outputs are all old or all new, and the temporary files can go
    try:
        _stage_all(plan, outputs)
        if journal is not None:
            _record(journal, "commit", plan)
        _commit(plan)
        settled = True
    except BaseException as exc:
        settled = _undo(plan, changed)
        if isinstance(exc, _Failed):
            raise WriteError(exc.message(settled, journal)) from None
        raise
    finally:
        if settled:
            _discard(plan, journal)
    return list(changed)


class _Failed(Exception):
    """An output could not be written or removed: which, what was done, and why."""

    def __init__(self, doing: str, path: Path, exc: OSError) -> None:
        super().__init__(doing, path, exc)
        self.doing, self.path, self.reason = doing, path, exc.strerror or str(exc)

    def message(self, settled: bool, journal: Path | None) -> str:
        if settled:
            return f"{self.doing} {self.path}: {self.reason}; no output was changed"
        then = "; `modelgen generate` completes the write" if journal is not None else ""
        return f"{self.doing} {self.path}: {self.reason}; and the outputs could not all be put back{then}"


class _Plan:
    """The files of one write: each output that changed and its temporary file; each file to
    remove and the name it is moved aside to. What was done so far, for undoing it."""

    def __init__(self, writes: list[tuple[Path, Path]], removals: list[tuple[Path, Path]]) -> None:
        self.writes = writes
        self.removals = removals
        self.aside: list[tuple[Path, Path]] = []
        self.replaced: list[Path] = []


def _stage_all(plan: _Plan, outputs: dict[Path, str]) -> None:
    for path, tmp in plan.writes:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _Failed("cannot create the folder", path.parent, exc) from None
        _stage(tmp, path, outputs[path])
    for path, tmp in plan.removals:
        _stage(tmp, path, "")  # the name it is moved aside to, taken


def _commit(plan: _Plan) -> None:
    for path, backup in plan.removals:
        try:
            os.replace(path, backup)
        except FileNotFoundError:
            continue  # gone already: what was asked
        except OSError as exc:
            raise _Failed("cannot remove", path, exc) from None
        plan.aside.append((backup, path))
    for path, tmp in plan.writes:
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise _Failed("cannot write", path, exc) from None
        plan.replaced.append(path)


def _undo(plan: _Plan, changed: dict[Path, str | None]) -> bool:
    """Put back what was replaced and moved aside; whether that worked (if not, the journal
    stays: the next run completes the write)."""
    try:
        for path in reversed(plan.replaced):
            old = changed[path]
            if old is None:
                path.unlink(missing_ok=True)
            else:
                tmp = _temporary(path)
                _stage(tmp, path, old)
                os.replace(tmp, path)
        plan.replaced.clear()
        for backup, path in reversed(plan.aside):
            os.replace(backup, path)
        plan.aside.clear()
    except (OSError, _Failed):
        return False
    return True


def _discard(plan: _Plan, journal: Path | None) -> None:
    """The temporary files left (all, once the outputs are settled), then the journal."""
    for _, tmp in plan.writes + plan.removals:
        tmp.unlink(missing_ok=True)
    if journal is not None:
        journal.unlink(missing_ok=True)


def _temporary(path: Path) -> Path:
    """A new name beside ``path`` for its next text (or for moving it aside)."""
    return path.parent / f".{path.name}.{os.urandom(4).hex()}.tmp"


def _is_temporary(name: str, path: Path) -> bool:
    """Whether ``name`` is one ``_temporary`` gives for ``path``."""
    prefix = f".{path.name}."
    token = name[len(prefix) : -len(".tmp")]
    return name.startswith(prefix) and name.endswith(".tmp") and len(token) == 8 and all(c in "0123456789abcdef" for c in token)


def _stage(tmp: Path, path: Path, text: str) -> None:
    """Write ``text`` to the new file ``tmp`` (beside ``path``). It gets the mode ``path`` has,
    or for a new file what the umask leaves of 0666 (as ``open`` would)."""
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise _Failed("cannot write", path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, _mode_for(path))
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _Failed("cannot write", path, exc) from None
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# -- the journal of a write ---------------------------------------------------------------------


def _record(journal: Path, phase: str, plan: _Plan, new: bool = False) -> None:
    """Record ``plan`` in ``journal`` (``new``: it must not exist yet) at ``phase``: the file
    appears, or changes, at once (written beside it, then moved into place)."""
    import json

    base = journal.parent
    data = {
        "phase": phase,
        "write": [[os.path.relpath(path, base), tmp.name] for path, tmp in plan.writes],
        "remove": [[os.path.relpath(path, base), tmp.name] for path, tmp in plan.removals],
    }
    if new and journal.exists():
        raise WriteError(
            f"{journal} exists: another modelgen run is writing these outputs, or one was stopped"
            " and `modelgen generate` was not run since; run it again"
        )
    tmp = journal.with_name(journal.name + ".tmp")
    try:
        tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, journal)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _Failed("cannot write", journal, exc) from None


def recover(journal: Path) -> list[Path]:
    """Finish the write a stopped run recorded in ``journal`` (``write_all``): the outputs it
    completes (none if it was stopped while staging: its temporary files just go). Each step
    can be done again: a run stopped while recovering is recovered by the next."""
    journal.with_name(journal.name + ".tmp").unlink(missing_ok=True)  # stopped while recording
    plan, phase = _read_journal(journal)
    if plan is None:
        return []
    completed = []
    try:
        if phase == "commit":
            for path, backup in plan.removals:
                path.unlink(missing_ok=True)
            for path, tmp in plan.writes:
                if tmp.exists():
                    os.replace(tmp, path)
                    completed.append(path)
        _discard(plan, journal)
    except OSError as exc:
        raise WriteError(f"cannot finish the write that {journal} records: {exc}") from None
    return completed


def _read_journal(journal: Path) -> tuple[_Plan | None, str]:
    """The plan and phase a journal records; None if there is none. Only temporary files named as
    ``write_all`` names them, beside their outputs, are taken: nothing else is moved or removed."""
    import json

    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, ""
    except (OSError, ValueError) as exc:
        raise WriteError(f"{journal}: cannot read the record of a stopped run ({exc}); remove it, then run again") from None
    pairs: dict[str, list[tuple[Path, Path]]] = {"write": [], "remove": []}
    try:
        for kind, found in pairs.items():
            for target, tmp in data[kind]:
                path = journal.parent / target
                if not _is_temporary(tmp, path):
                    raise ValueError(tmp)
                found.append((path, path.parent / tmp))
        phase = data["phase"]
        if phase not in ("staging", "commit"):
            raise ValueError(phase)
    except (KeyError, TypeError, ValueError) as exc:
        raise WriteError(f"{journal}: not a record modelgen wrote ({exc}); remove it, then run again") from None
    return _Plan(pairs["write"], pairs["remove"]), phase


def journal_for(folder: Path) -> Path:
    """Where the runs that write from a config in ``folder`` (or one output there) keep their journal."""
    return folder / JOURNAL


JOURNAL = ".modelgen-journal"
