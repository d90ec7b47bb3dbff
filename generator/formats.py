"""String formats that name a Python type (``date-time`` is a ``datetime``...): which type, how a
value in the spec (a default) is read, and how the generated code writes it.

The generated modules read these from JSON text and write them back through their libraries
(pydantic, msgspec) or the dataclasses runtime; this module only serves the generator.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import re
import uuid

# format → (module to import, annotation); a flavour may replace one (pydantic's base64 bytes)
PYTHON_TYPES = {
    "date-time": ("datetime", "datetime.datetime"),
    "date": ("datetime", "datetime.date"),
    "time": ("datetime", "datetime.time"),
    "duration": ("datetime", "datetime.timedelta"),
    "uuid": ("uuid", "uuid.UUID"),
    "decimal": ("decimal", "decimal.Decimal"),
    "byte": ("", "bytes"),
}
# ISO 8601 durations as JSON Schema's `duration` (RFC 3339, appendix A), in days and time only:
# a year or a month has no fixed length, so no timedelta.
_DURATION = re.compile(r"P(?:(\d+)W|(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?)")


def parse(fmt: str, text: str) -> object | None:
    """The Python value of ``text`` in ``fmt``, or None if it is not one."""
    try:
        if fmt == "date-time":
            moment = datetime.datetime.fromisoformat(re.sub(r"[zZ]$", "+00:00", text))
            return moment if "T" in text.upper() else None
        if fmt == "date":
            return datetime.date.fromisoformat(text) if len(text) == 10 else None
        if fmt == "time":
            return datetime.time.fromisoformat(re.sub(r"[zZ]$", "+00:00", text))
        if fmt == "duration":
            found = _DURATION.fullmatch(text)
            if found is None or text in ("P", "PT"):
                return None
            weeks, days, hours, minutes, seconds = (float(g) if g else 0.0 for g in found.groups())
            return datetime.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
        if fmt == "uuid":
            return uuid.UUID(text) if len(text) == 36 else None
        if fmt == "decimal":
            number = decimal.Decimal(text)
            return number if number.is_finite() else None
        if fmt == "byte":
            return base64.b64decode(text, validate=True)
    except (ValueError, decimal.InvalidOperation, binascii.Error):
        return None
    return None


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
