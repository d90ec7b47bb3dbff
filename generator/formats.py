"""String formats that name a Python type (``date-time`` is a ``datetime``...): the one owner of
what each is. The normaliser and ``ir.fits`` read values in the spec with ``parse``; every flavour
annotates with ``PYTHON_TYPES``; the dataclasses codec reads and writes JSON text with the
readers and writers below the marker, which are copied into each of its modules.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import re
import uuid
from collections.abc import Callable
from typing import Any

# The Python type of each format a string can name
_TYPES: dict[str, type] = {
    "date-time": datetime.datetime, "date": datetime.date, "time": datetime.time,
    "duration": datetime.timedelta, "uuid": uuid.UUID, "decimal": decimal.Decimal, "byte": bytes,
}  # fmt: skip
# Formats of strings that name a Python type (the option ``formats = "python"``).
PYTHON_FORMATS = frozenset(_TYPES)
# Formats that say no more than the JSON type (the width of a number): never mentioned.
PLAIN_FORMATS = frozenset({"int32", "int64", "float", "double"})
# format → (module to import, annotation): ("datetime", "datetime.datetime"), ("", "bytes");
# a flavour may write its own (pydantic's base64 bytes)
PYTHON_TYPES = {
    fmt: ("", kind.__name__) if kind.__module__ == "builtins" else (kind.__module__, f"{kind.__module__}.{kind.__name__}")
    for fmt, kind in _TYPES.items()
}


def parse(fmt: str, text: str) -> object | None:
    """The Python value of ``text`` in ``fmt``, or None if it is not one: read as the generated
    dataclasses read it (the codec below), and held to the format's own shape where Python's
    parsers are laxer (a date-time has a time, a date is only a date, a UUID has its hyphens, a
    decimal is finite)."""
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


# ---- copied into generated modules from here on ----


def _utc(text: str) -> str:
    return text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text


_DURATION = re.compile(
    r"(-)?P(?:(\d+)W|(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?)"
)


# The spellings read as a date and a UUID (Python's parsers take more: `20240101`, a
# week date, a UUID in braces or as a URN), as msgspec and pydantic read them
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UUID = re.compile(
    r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}"
)


# Digits of a second past the sixth: Python keeps microseconds, so a value is rounded to
# the nearest one, half up, as msgspec reads it
_FRACTION = re.compile(r"(\.[0-9]{6})([0-9]+)")
_MICROSECOND = datetime.timedelta(microseconds=1)


def _microseconds(fraction: str) -> int:
    """The microseconds of the digits after a second's point, rounded half up."""
    return int(fraction[:6].ljust(6, "0")) + (fraction[6:7] >= "5")


def _cut(text: str) -> tuple[str, bool]:
    """``text`` (``Z`` as ``+00:00``) without the digits of a second past the sixth,
    and whether they round it up."""
    text = _utc(text)
    found = _FRACTION.search(text)
    if found is None:
        return text, False
    return text[: found.end(1)] + text[found.end() :], found.group(2) >= "5"


def _read_datetime(text: str) -> datetime.datetime:
    cut, up = _cut(text)
    value = datetime.datetime.fromisoformat(cut)
    try:
        return value + _MICROSECOND if up else value
    except OverflowError:  # past the year 9999
        raise ValueError(text) from None


def _read_time(text: str) -> datetime.time:
    cut, up = _cut(text)
    value = datetime.time.fromisoformat(cut)
    if not up:
        return value
    moment = datetime.datetime.combine(datetime.date.min, value) + _MICROSECOND
    return moment.timetz()  # past 23:59:59.999999 is midnight


def _read_date(text: str) -> datetime.date:
    if _DATE.fullmatch(text) is None:
        raise ValueError(text)
    return datetime.date.fromisoformat(text)


def _read_uuid(text: str) -> uuid.UUID:
    if _UUID.fullmatch(text) is None:
        raise ValueError(text)
    return uuid.UUID(text)


def _read_decimal(text: str) -> decimal.Decimal:
    value = decimal.Decimal(text)
    if not value.is_finite():  # NaN and Infinity are no amount
        raise ValueError(text)
    return value


def _read_duration(text: str) -> datetime.timedelta:
    found = _DURATION.fullmatch(text)
    if found is None or text.lstrip("-") in ("P", "PT"):
        raise ValueError(text)
    sign, *parts = found.groups()
    weeks, days, hours, minutes = (int(p) if p else 0 for p in parts[:4])
    whole, _, fraction = (parts[4] or "0").partition(".")
    value = datetime.timedelta(
        weeks=weeks,
        days=days,
        hours=hours,
        minutes=minutes,
        seconds=int(whole),
        microseconds=_microseconds(fraction),
    )
    return -value if sign else value


def _write_duration(value: datetime.timedelta) -> str:
    sign = "-" if value < datetime.timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    second = (
        f"{seconds}.{value.microseconds:06d}".rstrip("0") if value.microseconds else ""
    )
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n)
    time += f"{second or seconds}S" if seconds or value.microseconds else ""
    days = f"{value.days}D" if value.days else ""
    return f"{sign}P{days}" + (f"T{time}" if time else "" if days else "T0S")


def _write_moment(value: datetime.datetime | datetime.time) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# Types read from strings in a format, and how each is read and written (a datetime is a
# date: it comes first)
_FORMATS: dict[type[Any], tuple[Callable[[str], Any], Callable[[Any], str]]] = {
    datetime.datetime: (_read_datetime, _write_moment),
    datetime.date: (_read_date, datetime.date.isoformat),
    datetime.time: (_read_time, _write_moment),
    datetime.timedelta: (_read_duration, _write_duration),
    uuid.UUID: (_read_uuid, str),
    decimal.Decimal: (_read_decimal, str),
    bytes: (
        lambda text: base64.b64decode(text, validate=True),
        lambda value: base64.b64encode(value).decode("ascii"),
    ),
}
