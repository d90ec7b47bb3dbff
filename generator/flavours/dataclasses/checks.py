"""The leaves of the dataclasses codec: its error, its markers (``_json``, ``_Tag``) and the
checks of one JSON value (scalars, constants, enums, strings in a format). Copied, from the
marker line on, into every module of that flavour with the rest of the codec (``runtime.py``
says what it does as a whole).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from ...formats import _FORMATS

# ---- copied into generated modules from here on ----

_Decode = Callable[[Any], Any]
_KINDS = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


class _DecodeError(ValueError):
    """A value that does not fit; ``path`` says where, innermost last once complete."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.path: list[str] = []

    def at(self, step: str) -> _DecodeError:
        self.path.append(step)
        return self


def _json(wire: str | None = None, *, nullable: bool = False) -> dict[str, Any]:
    """Field metadata: the key's name in JSON when it differs from the attribute's, and
    whether JSON null is a value of a field whose ``None`` also means "absent"."""
    return {"wire": wire, "nullable": nullable}


class _Tag:
    """Marks a union told apart by the property ``name``: ``values`` maps each tag value
    to its member (without it the members' ``Literal`` annotations of that property
    say); an object whose tag is not listed is read as ``fallback``, if there is one
    (tolerant reading).
    """

    def __init__(
        self,
        name: str,
        values: dict[str, type[Any]] | None = None,
        fallback: type[Any] | None = None,
    ) -> None:
        self.name = name
        self.values = values
        self.fallback = fallback


def _where(owner: str, error: _DecodeError) -> str:
    return owner + "".join(reversed(error.path)) + ": "


def _got(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _same(value: Any) -> Any:
    return value


def _nothing(value: Any) -> Any:
    raise _DecodeError(
        f"no value is valid here (the schema is false), got {_got(value)}"
    )


def _scalar(kind: type[Any]) -> _Decode:
    name = _KINDS[kind]
    if kind is int:

        def check(value: Any) -> Any:
            if type(value) is not int:
                raise _DecodeError(f"expected an {name}, got {_got(value)}")
            return value

    elif kind is float:

        def check(value: Any) -> Any:
            if type(value) is not float and type(value) is not int:
                raise _DecodeError(f"expected a {name}, got {_got(value)}")
            return value

    else:

        def check(value: Any) -> Any:
            if type(value) is not kind:
                raise _DecodeError(f"expected a {name}, got {_got(value)}")
            return value

    return check


def _text(kind: type[Any]) -> _Decode:
    """A string in a format, read as ``kind`` (a ``datetime``, a ``UUID``...)."""
    read, _ = _FORMATS[kind]

    def convert(value: Any) -> Any:
        if not isinstance(value, str):
            raise _DecodeError(
                f"expected a string ({kind.__name__}), got {_got(value)}"
            )
        try:
            return read(value)
        except (ValueError, ArithmeticError):
            raise _DecodeError(f"not a valid {kind.__name__}: {value!r}") from None

    return convert


def _member_of(kind: type[enum.Enum]) -> _Decode:
    def convert(value: Any) -> Any:
        for member in kind:
            if member.value == value and type(value) is type(member.value):
                return member
        allowed = tuple(member.value for member in kind)
        raise _DecodeError(f"expected one of {allowed!r}, got {_got(value)}")

    return convert


# ---- the readers and writers of formats.py come here ----


def _one_of(allowed: tuple[Any, ...]) -> _Decode:
    strings = frozenset(a for a in allowed if type(a) is str)

    def check(value: Any) -> Any:
        if type(value) is str and value in strings:
            return value
        if not any(value == a and type(value) is type(a) for a in allowed):
            raise _DecodeError(f"expected one of {allowed!r}, got {_got(value)}")
        return value

    return check


def _own(kind: Any) -> _Decode:
    """A type of the user's own (the option types), made by its ``from_json``."""

    def decode(value: Any) -> Any:
        try:
            return kind.from_json(value)
        except (TypeError, ValueError) as error:
            raise _DecodeError(f"not a valid {kind.__name__}: {error}") from None

    return decode


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return _KINDS.get(value.__class__, "unknown")
