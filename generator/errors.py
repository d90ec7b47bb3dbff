"""Typed errors that carry where in which file the problem is, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass


def escape_pointer_token(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def shown(value: object) -> str:
    """A value from the spec as a message shows it: a scalar as Python writes it (cut short when
    long), a collection by its kind only (it may be huge, or an alias bomb)."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a spec: the file and the JSON pointer inside it ("" is the whole document)."""

    file: str
    pointer: str = ""

    def child(self, *tokens: str | int) -> Location:
        extra = "".join("/" + escape_pointer_token(str(t)) for t in tokens)
        return Location(self.file, self.pointer + extra)

    @property
    def key(self) -> str:
        return f"{self.file}#{self.pointer}"

    def __str__(self) -> str:
        return f"{self.file}#{self.pointer or '/'}"


class SpecError(Exception):
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
        where = ""
        if self.location is not None:
            where = self.location.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            if self.location.pointer:
                where += f" at {self.location.pointer}"
            where += ": "
        text = f"error: {where}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UsageError(Exception):
    """Bad command line or configuration: exit status 2."""
