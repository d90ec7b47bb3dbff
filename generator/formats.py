"""String formats that name a Python type (``date-time`` is a ``datetime``...): which type, how a
value in the spec (a default) is read, and how the generated code writes it.

The generated modules read these from JSON text and write them back through their libraries
(pydantic, msgspec) or the dataclasses runtime; this module only serves the generator.
"""

from __future__ import annotations

import datetime
import decimal
import uuid

# The Python type of each format (those the dataclasses codec reads and writes)
_TYPES: dict[str, type] = {
    "date-time": datetime.datetime, "date": datetime.date, "time": datetime.time,
    "duration": datetime.timedelta, "uuid": uuid.UUID, "decimal": decimal.Decimal, "byte": bytes,
}  # fmt: skip
# format → (module to import, annotation): ("datetime", "datetime.datetime"), ("", "bytes");
# a flavour may write its own (pydantic's base64 bytes)
PYTHON_TYPES = {
    fmt: ("", kind.__name__) if kind.__module__ == "builtins" else (kind.__module__, f"{kind.__module__}.{kind.__name__}")
    for fmt, kind in _TYPES.items()
}


def parse(fmt: str, text: str) -> object | None:
    """The Python value of ``text`` in ``fmt``, or None if it is not one: read as the generated
    dataclasses read it (their codec, ``flavours/dataclasses/runtime.py``), and held to the
    format's own shape where Python's parsers are laxer (a date-time has a time, a date is
    only a date, a UUID has its hyphens, a decimal is finite)."""
    from .flavours.dataclasses.runtime import _FORMATS

    try:
        value: object = _FORMATS[_TYPES[fmt]][0](text)
    except (ValueError, ArithmeticError):
        return None
    if fmt == "date-time" and "T" not in text.upper():
        return None
    if (fmt == "date" and len(text) != 10) or (fmt == "uuid" and len(text) != 36):
        return None
    if isinstance(value, decimal.Decimal) and not value.is_finite():
        return None
    return value


def python_expression(fmt: str, text: str) -> str:
    """The generated code's expression for ``text``, a valid value in ``fmt``."""
    from .format.text import string

    value = parse(fmt, text)
    if isinstance(value, datetime.timedelta):
        return f"datetime.timedelta(seconds={value.total_seconds()!r})"
    if isinstance(value, bytes):
        shown = repr(value)
        return f'b"{shown[2:-1]}"'.replace("\\'", "'") if shown[1] == "'" and '"' not in shown else shown
    if isinstance(value, (datetime.date, datetime.time)):  # a datetime is a date
        return f"{PYTHON_TYPES[fmt][1]}.fromisoformat({string(value.isoformat())})"
    return f"{PYTHON_TYPES[fmt][1]}({string(text)})"
