"""Typed errors that carry where in which file the problem is, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass

# What ``modelgen`` exits with: done; stale (or a change the user asked to fail on); bad input.
EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT = 0, 1, 2


def escape_pointer_token(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def shown(value: object) -> str:
    """A value from the spec as a message shows it: a scalar as JSON writes it (``true``,
    ``null``, ``"OFF"``; cut short when long), a collection by its kind only (it may be huge, or
    an alias bomb)."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    import json

    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a spec: the file and the JSON pointer inside it ("" is the whole document)."""

    file: str
    pointer: str = ""

    def child(self, *tokens: str | int) -> Location:
        pointer = self.pointer
        for token in tokens:  # (a hot path: most tokens need no escape)
            text = token if isinstance(token, str) else str(token)
            pointer += "/" + (escape_pointer_token(text) if "~" in text or "/" in text else text)
        return Location(self.file, pointer)

    @property
    def key(self) -> str:
        return f"{self.file}#{self.pointer}"

    def __str__(self) -> str:
        return f"{self.file}#{self.pointer or '/'}"


class ModelgenError(Exception):
    """What modelgen raises about its input or its outputs (the classes below): one ``except``
    for a build script that calls ``modelgen.generate_module``."""


class SpecError(ModelgenError):
    """Bad input: reported as one message, exit status 2, no traceback."""

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        self.line = line
        self.column = column

    def at_file(self, file: str, pointer: str = "") -> SpecError:
        """This error, placed at ``pointer`` in ``file`` when it has no location yet."""
        if self.location is None:
            self.location = Location(file, pointer)
        return self

    def render(self) -> str:
        return _render("error", self.message, self.location, self.line, self.column, self.hint)

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Diagnostic:
    """An error or a warning about a schema: where it is, what to do, and the definition it
    belongs to (``owner``, a definition key), so that only those of the selected schemas show."""

    error: bool
    message: str
    location: Location | None
    hint: str | None = None
    owner: str | None = None
    line: int | None = None
    column: int | None = None

    @classmethod
    def of(cls, exc: SpecError, owner: str | None) -> Diagnostic:
        return cls(True, exc.message, exc.location, exc.hint, owner, exc.line, exc.column)

    def sort_key(self) -> tuple[str, str, str]:
        loc = self.location
        return (loc.file, loc.pointer, self.message) if loc else ("", "", self.message)

    def render(self) -> str:
        return _render("error" if self.error else "warning", self.message, self.location, self.line, self.column, self.hint)


class SpecErrors(ModelgenError):
    """Every error of a run in the selected schemas: reported together, exit status 2."""

    SHOWN = 50  # at most this many are printed; the rest are counted

    def __init__(self, errors: list[Diagnostic]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = sorted(errors, key=Diagnostic.sort_key)

    def render(self) -> str:
        lines = [e.render() for e in self.errors[: self.SHOWN]]
        if len(self.errors) > self.SHOWN:
            lines.append(f"... and {len(self.errors) - self.SHOWN} more errors")
        if len(self.errors) > 1:
            lines.append(f"{len(self.errors)} errors; nothing was written")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


def _render(
    level: str, message: str, location: Location | None, line: int | None, column: int | None, hint: str | None
) -> str:
    where = ""
    if location is not None:
        where = location.file
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        if location.pointer:
            where += f" at {location.pointer}"
        where += ": "
    text = f"{level}: {where}{message}"
    if hint:
        text += f"\n  hint: {hint}"
    return text


class UsageError(ModelgenError):
    """Bad command line or configuration: exit status 2."""


class WriteError(ModelgenError):
    """An output could not be written or removed (a read-only folder, a full disk): the path and
    the reason; every output kept what it held. Exit status 2."""
