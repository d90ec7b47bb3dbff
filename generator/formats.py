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
    dataclasses read it (the codec below), and held to the format's own shape where the
    spellings every flavour reads are laxer (a date-time has its ``T``, a date is only a date,
    a UUID has its hyphens, a decimal is finite)."""
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


MARKER = "# ---- copied into generated modules from here on ----"


def copied(*names: str) -> str:
    """The code below the marker that defines ``names`` (each a block between two blank lines,
    named by the first name it defines), in its order here: what a flavour's module writes of
    the readers and writers it shares with the dataclasses codec."""
    from pathlib import Path  # (here: the imports above are copied with the code below)

    body = Path(__file__).read_text(encoding="utf-8").partition(f"\n{MARKER}\n")[2]
    found = []
    for block in body.strip("\n").split("\n\n\n"):
        defined = _DEFINES.match(block)
        if defined is not None and defined.group(1) in names:
            found.append(block)
    return "\n\n\n".join(found)


# the first name a block defines, past its comments
_DEFINES = re.compile(r"(?:#.*\n)*(?:def )?(\w+)")


# ---- copied into generated modules from here on ----


# The spellings every flavour of modelgen reads (its docs: Formats): RFC 3339's, but
# as msgspec reads them where it takes more and nothing in its module sees the text
# first (a space for `T`, an offset without its colon; a duration's sign, fractions and
# lower case), with the offset that RFC 3339 requires (msgspec's `Meta(tz=True)`);
# ASCII digits only. A date-time, or a time of day:
_CLOCK = (
    r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"([Zz]|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])"
)
_DATE_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]" + _CLOCK)
_TIME = re.compile(_CLOCK)


# A duration: days, then a time of hours, minutes, seconds; a number of each unit, the
# last with a fraction (`[-+]P#DT#H#M#S`, as msgspec reads it: no weeks, years, months)
_AMOUNT = r"([0-9]+)(?:\.([0-9]+))?"
_DURATION = re.compile(
    rf"([-+])?[Pp](?:{_AMOUNT}[Dd])?"
    rf"(?:[Tt](?=[0-9])(?:{_AMOUNT}[Hh])?(?:{_AMOUNT}[Mm])?(?:{_AMOUNT}[Ss])?)?"
)
_UNITS = (86400, 3600, 60, 1)  # the seconds of each unit


# The spellings read as a date and a UUID (Python's parsers take more: `20240101`, a
# week date, a UUID in braces or as a URN), as msgspec and pydantic read them
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# A UUID: 8-4-4-4-12 hexadecimal digits, or 32 of them
_UUID = re.compile(
    r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}"
)


# Digits of a second past the sixth: Python keeps microseconds, so a value is rounded to
# the nearest one, half up, as msgspec reads it
_MICROSECOND = datetime.timedelta(microseconds=1)


# The offsets read so far (`Z`, `+01:00`, `-0530`...), each made once
_OFFSETS: dict[str, datetime.timezone] = {"Z": datetime.timezone.utc}


def _offset(text: str) -> datetime.timezone:
    """The offset ``text``, as ``_CLOCK`` matched it (`-00:00` is UTC too)."""
    found = _OFFSETS.get(text)
    if found is None:
        hours, minutes = int(text[1:3]), int(text[-2:])
        delta = datetime.timedelta(hours=hours, minutes=minutes)
        delta = -delta if text[0] == "-" else delta
        found = datetime.timezone(delta) if delta else _OFFSETS["Z"]
        if len(_OFFSETS) < 1000:  # (a bound, whatever the input)
            _OFFSETS[text] = found
    return found


def _clock(found: re.Match[str], first: int) -> tuple[int, int, int, int, bool, Any]:
    """Hours, minutes, seconds, microseconds, whether the digits past them round up, and
    the offset, of a clock matched by ``_CLOCK`` from group ``first`` on."""
    hours, minutes, seconds, fraction, offset = found.groups()[first:]
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    up = fraction is not None and fraction[6:7] >= "5"
    return int(hours), int(minutes), int(seconds), micro, up, _offset(offset.upper())


def _iso(found: re.Match[str]) -> str | None:
    """The text of a date-time or a time that Python's ``fromisoformat`` reads as the
    spellings above mean it, on every version of Python (3.10's takes 3 or 6 digits of a
    second and an offset with its colon), or None: the common spellings, read in C."""
    fraction, offset = found.group(found.re.groups - 1), found.group(found.re.groups)
    if fraction is not None and len(fraction) not in (3, 6):
        return None
    text = found.string
    if offset in ("Z", "z"):
        return text[:-1] + "+00:00"
    return text if offset[-3] == ":" else None


def _read_datetime(text: str) -> datetime.datetime:
    found = _DATE_TIME.fullmatch(text)
    if found is None:
        raise ValueError(text)
    iso = _iso(found)
    if iso is not None:
        return datetime.datetime.fromisoformat(iso)
    year, month, day = (int(part) for part in found.groups()[:3])
    hours, minutes, seconds, micro, up, offset = _clock(found, 3)
    value = datetime.datetime(year, month, day, hours, minutes, seconds, micro, offset)
    try:
        return value + _MICROSECOND if up else value
    except OverflowError:  # past the year 9999
        raise ValueError(text) from None


def _read_time(text: str) -> datetime.time:
    found = _TIME.fullmatch(text)
    if found is None:
        raise ValueError(text)
    iso = _iso(found)
    if iso is not None:
        return datetime.time.fromisoformat(iso)
    hours, minutes, seconds, micro, up, offset = _clock(found, 0)
    value = datetime.time(hours, minutes, seconds, micro, offset)
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
    if found is None:
        raise ValueError(text)
    sign, *parts = found.groups()
    amounts = [(parts[2 * i], parts[2 * i + 1], unit) for i, unit in enumerate(_UNITS)]
    amounts = [amount for amount in amounts if amount[0] is not None]
    if not amounts or any(fraction for _, fraction, _ in amounts[:-1]):
        raise ValueError(text)  # no amount, or a fraction before the last unit
    seconds = sum(int(whole) * unit for whole, _, unit in amounts)
    _, fraction, unit = amounts[-1]
    digits = (fraction or "")[:11]  # as msgspec reads them: later digits change nothing
    scale = 10 ** len(digits)
    extra, rest = divmod(int(digits or "0") * unit, scale)
    micro = (1_000_000 * rest + scale // 2) // scale  # the nearest microsecond, half up
    try:
        value = datetime.timedelta(seconds=seconds + extra, microseconds=micro)
    except OverflowError:  # past 999,999,999 days
        raise ValueError(text) from None
    return -value if sign == "-" else value


def _write_duration(value: datetime.timedelta) -> str:
    """Days and seconds, as msgspec writes a duration (``P1DT7200S``, ``P0D``)."""
    sign = "-" if value < datetime.timedelta(0) else ""
    value = abs(value)
    days = f"{value.days}D" if value.days else ""
    fraction = f".{value.microseconds:06d}".rstrip("0") if value.microseconds else ""
    timed = value.seconds or value.microseconds
    seconds = f"T{value.seconds}{fraction}S" if timed else ""
    return f"{sign}P{days}{seconds}" if days or seconds else "P0D"


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
