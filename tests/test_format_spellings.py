"""One behaviour per format in every flavour (issue 19): the table of spellings of ``date-time``,
``date``, ``time``, ``duration``, ``uuid`` and ``decimal``, each with what RFC 3339 (and RFC 9562
for a UUID) says of it, and what every flavour does with it: accepted or refused, the value read,
the text written back. Where the flavours part from the RFC, the row names the policy of
docs/formats.md that says why.

The RFC's grammar is written out below from its ABNF (RFC 3339 section 5.6 and appendix A), with
the ranges of section 5.7; the ``jsonschema`` format checker, where its extras are installed,
agrees with it on every row (a second oracle). ``msgspec`` reads formats in C, and no hook sees
the text first: the other flavours read as it does, which ``test_the_readers_read_as_msgspec``
checks on generated spellings too.
"""

from __future__ import annotations

import datetime
import decimal
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from modelgen import formats
from pydantic import TypeAdapter

from tests.flavours import ADAPTERS, ERRORS

UTC = datetime.timezone.utc
PLUS_ONE = datetime.timezone(datetime.timedelta(hours=1))
ID = "6dcb09b5-b578-4c1f-9d0e-1d4b3f0c1e2a"

# ---- RFC 3339, section 5.6 (ABNF strings are case-insensitive: `t`, `z` too) and appendix A ----

_PARTIAL_TIME = r"([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
_OFFSET = r"([Zz]|[+-]([0-9]{2}):([0-9]{2}))"
_FULL_DATE = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_S = r"[0-9]+S"
_M = rf"[0-9]+M(?:{_S})?"
_H = rf"[0-9]+H(?:{_M})?"
_DUR_TIME = rf"T(?:{_H}|{_M}|{_S})"
_DAY = r"[0-9]+D"
_MONTH = rf"[0-9]+M(?:{_DAY})?"
_YEAR = rf"[0-9]+Y(?:{_MONTH})?"
RFC3339 = {
    "date-time": re.compile(f"{_FULL_DATE}[Tt]{_PARTIAL_TIME}{_OFFSET}"),
    "date": re.compile(_FULL_DATE),
    "time": re.compile(_PARTIAL_TIME + _OFFSET),
    "duration": re.compile(rf"P(?:(?:{_DAY}|{_MONTH}|{_YEAR})(?:{_DUR_TIME})?|{_DUR_TIME}|[0-9]+W)", re.I),
    "uuid": re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I),  # RFC 9562
}


def _clock_valid(hour: str, minute: str, second: str, offset: str, offset_hour: str | None, offset_minute: str | None) -> bool:
    """Section 5.7: hours to 23, minutes to 59, a second 60 only at the last minute of a UTC day."""
    if int(hour) > 23 or int(minute) > 59 or int(second) > 60:
        return False
    if offset_hour is not None and (int(offset_hour) > 23 or int(offset_minute or 0) > 59):
        return False
    if second != "60":
        return True
    shift = 0 if offset in "Zz" else (int(offset_hour or 0) * 60 + int(offset_minute or 0)) * (1 if offset[0] == "+" else -1)
    return (int(hour) * 60 + int(minute) - shift) % 1440 == 23 * 60 + 59


def rfc_valid(fmt: str, text: str) -> bool:
    """Whether RFC 3339 (RFC 9562 for a UUID) allows ``text`` in ``fmt``."""
    found = RFC3339[fmt].fullmatch(text)
    if found is None:
        return False
    parts = found.groups()
    if fmt in ("date-time", "date"):
        try:
            datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            return False
        parts = parts[3:]
    if fmt in ("date-time", "time"):
        hour, minute, second, _, offset, offset_hour, offset_minute = parts
        return _clock_valid(hour, minute, second, offset, offset_hour, offset_minute)
    return True


# ---- the table ----


@dataclass(frozen=True)
class Row:
    fmt: str
    text: str
    value: Any  # what every flavour reads (None: every flavour refuses it)
    written: str | None = None  # the text written back (None: the text as given)
    policy: str = ""  # why the flavours part from the RFC here (docs/formats.md), if they do
    differs: tuple[tuple[str, str], ...] = ()  # a flavour that reads otherwise still, and why

    @property
    def id(self) -> str:
        return f"{self.fmt} {self.text!r}"


def _at(*parts: int, tz: datetime.tzinfo = UTC) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=tz)  # type: ignore[misc]


DAYS = datetime.timedelta(days=1)
SPELLINGS = "format-msgspec-spellings"  # the policy: what msgspec reads beyond the RFC, every flavour reads
LONE_DECIMAL = (("msgspec", "msgspec reads a decimal NaN or Infinity, and no Struct holds one decoded on its own"),)
TABLE = [
    # date-time: RFC 3339 section 5.6
    Row("date-time", "2024-01-17T20:31:06Z", _at(2024, 1, 17, 20, 31, 6)),
    Row("date-time", "2024-01-17t20:31:06z", _at(2024, 1, 17, 20, 31, 6), "2024-01-17T20:31:06Z"),
    Row("date-time", "2024-01-17T20:31:06+01:00", _at(2024, 1, 17, 20, 31, 6, tz=PLUS_ONE)),
    Row("date-time", "2024-01-17T20:31:06-00:00", _at(2024, 1, 17, 20, 31, 6), "2024-01-17T20:31:06Z"),
    Row("date-time", "2024-01-17T20:31:06+00:00", _at(2024, 1, 17, 20, 31, 6), "2024-01-17T20:31:06Z"),
    Row("date-time", "2024-01-17T20:31:06.5Z", _at(2024, 1, 17, 20, 31, 6, 500000), "2024-01-17T20:31:06.500000Z"),
    Row("date-time", "2024-01-17T20:31:06.123456789Z", _at(2024, 1, 17, 20, 31, 6, 123457), "2024-01-17T20:31:06.123457Z"),
    Row("date-time", "2024-01-17T20:31:06+23:59", _at(2024, 1, 17, 20, 31, 6, tz=datetime.timezone(datetime.timedelta(minutes=1439)))),
    Row("date-time", "2024-01-17 20:31:06Z", _at(2024, 1, 17, 20, 31, 6), "2024-01-17T20:31:06Z", SPELLINGS),
    Row("date-time", "2024-01-17T20:31:06+0100", _at(2024, 1, 17, 20, 31, 6, tz=PLUS_ONE), "2024-01-17T20:31:06+01:00", SPELLINGS),
    Row("date-time", "2016-12-31T23:59:60Z", None, policy="format-leap-second"),
    Row("date-time", "2016-12-31T18:59:60-05:00", None, policy="format-leap-second"),
    Row("date-time", "2024-01-17T23:59:60Z", None, policy="format-leap-second"),  # (the RFC knows no table of them)
    Row("date-time", "2024-01-17T20:31:06", None),  # no offset
    Row("date-time", "2024-01-17T20:31Z", None),  # no seconds
    Row("date-time", "2024-01-17T20:31:06+01", None),  # an offset without minutes
    Row("date-time", "2024-01-17T20:31:06,5Z", None),  # a comma as the decimal sign
    Row("date-time", "2024-01-17T20:31:06.Z", None),
    Row("date-time", "2024-01-17T24:00:00Z", None),
    Row("date-time", "2024-01-17T20:31:06+24:00", None),
    Row("date-time", "2024-01-17T20:31:06+01:60", None),
    Row("date-time", "20240117T203106Z", None),  # ISO 8601's basic format
    Row("date-time", "2024-01-17T20", None),
    Row("date-time", "2024-01-17T20:31:06Z\n", None),
    Row("date-time", "2024-01-17T20:31:06ZZ", None),
    Row("date-time", "0000-01-01T00:00:00Z", None),  # Python has no year 0
    Row("date-time", "2024-1-17T20:31:06Z", None),
    Row("date-time", "2024-01-17T20:31:06.\u0663Z", None),  # a digit that is not ASCII
    Row("date-time", "9999-12-31T23:59:59.9999995Z", None, policy="precision"),  # rounds past the year 9999
    # date
    Row("date", "2024-01-17", datetime.date(2024, 1, 17)),
    Row("date", "2024-02-29", datetime.date(2024, 2, 29)),
    Row("date", "2023-02-29", None),
    Row("date", "20240117", None),
    Row("date", "2024-W03-3", None),
    Row("date", "2024-017", None),
    Row("date", "2024-01-17T00:00:00Z", None),
    Row("date", "2024-01-17 00:00", None),
    Row("date", "+2024-01-17", None),
    Row("date", "0000-01-01", None),
    # time: RFC 3339's full-time, with its offset
    Row("time", "20:31:06Z", datetime.time(20, 31, 6, tzinfo=UTC)),
    Row("time", "20:31:06z", datetime.time(20, 31, 6, tzinfo=UTC), "20:31:06Z"),
    Row("time", "20:31:06+01:00", datetime.time(20, 31, 6, tzinfo=PLUS_ONE)),
    Row("time", "20:31:06-00:00", datetime.time(20, 31, 6, tzinfo=UTC), "20:31:06Z"),
    Row("time", "20:31:06.5Z", datetime.time(20, 31, 6, 500000, tzinfo=UTC), "20:31:06.500000Z"),
    Row("time", "23:59:59.9999995Z", datetime.time(0, 0, tzinfo=UTC), "00:00:00Z"),  # a time of day: midnight
    Row("time", "20:31:06+0100", datetime.time(20, 31, 6, tzinfo=PLUS_ONE), "20:31:06+01:00", SPELLINGS),
    Row("time", "23:59:60Z", None, policy="format-leap-second"),
    Row("time", "22:59:60-01:00", None, policy="format-leap-second"),
    Row("time", "12:59:60Z", None),
    Row("time", "20:31:06", None),  # no offset
    Row("time", "20:31", None),
    Row("time", "20:31Z", None),
    Row("time", "20:31:06+01", None),
    Row("time", "20:31:06,5Z", None),
    Row("time", "24:00:00Z", None),
    Row("time", "203106Z", None),
    Row("time", "T20:31:06Z", None),
    Row("time", "2024-01-17T20:31:06Z", None),
    # duration: RFC 3339 appendix A, as a timedelta (days and seconds, written as msgspec writes it)
    Row("duration", "P1D", DAYS),
    Row("duration", "P01D", DAYS, "P1D"),
    Row("duration", "PT36H", 1.5 * DAYS, "P1DT43200S"),
    Row("duration", "P1DT12H", 1.5 * DAYS, "P1DT43200S"),
    Row("duration", "PT1M", datetime.timedelta(minutes=1), "PT60S"),
    Row("duration", "PT90M", datetime.timedelta(minutes=90), "PT5400S"),
    Row("duration", "P0D", datetime.timedelta(0)),
    Row("duration", "PT0S", datetime.timedelta(0), "P0D"),
    Row("duration", "p1d", DAYS, "P1D"),
    Row("duration", "P2W", None, policy="format-fixed-duration"),
    Row("duration", "P1Y", None, policy="format-fixed-duration"),
    Row("duration", "P1M", None, policy="format-fixed-duration"),
    Row("duration", "P1Y2M3DT4H5M6S", None, policy="format-fixed-duration"),
    Row("duration", "P1000000000D", None, policy="format-fixed-duration"),  # past 999,999,999 days
    Row("duration", "PT1.5S", datetime.timedelta(seconds=1.5), None, SPELLINGS),
    Row("duration", "P1.5D", 1.5 * DAYS, "P1DT43200S", SPELLINGS),
    Row("duration", "PT0.0000025S", datetime.timedelta(microseconds=3), "PT0.000003S", SPELLINGS),
    Row("duration", "-P1D", -DAYS, None, SPELLINGS),
    Row("duration", "+P1D", DAYS, "P1D", SPELLINGS),
    Row("duration", "PT1H1S", datetime.timedelta(seconds=3601), "PT3601S", SPELLINGS),
    Row("duration", "PT1.5H1S", None),  # a fraction only in the last unit
    Row("duration", "PT1,5S", None),
    Row("duration", "P1W2D", None),
    Row("duration", "P1D2H", None),
    Row("duration", "P", None),
    Row("duration", "PT", None),
    Row("duration", "P1DT", None),
    Row("duration", "1 day", None),
    # uuid: RFC 9562's string form, any case
    Row("uuid", ID, uuid.UUID(ID)),
    Row("uuid", ID.upper(), uuid.UUID(ID), ID),
    Row("uuid", "00000000-0000-0000-0000-000000000000", uuid.UUID(int=0)),
    Row("uuid", ID.replace("-", ""), uuid.UUID(ID), ID, SPELLINGS),
    Row("uuid", "{" + ID + "}", None),
    Row("uuid", "urn:uuid:" + ID, None),
    Row("uuid", ID[:23] + ID[24:], None),
    Row("uuid", ID[:-1] + "g", None),
    # decimal: OpenAPI's registry says a fixed-point number; none of the RFCs says its spelling
    Row("decimal", "1.50", decimal.Decimal("1.50")),
    Row("decimal", "-0", decimal.Decimal("-0")),
    Row("decimal", "1e3", decimal.Decimal(1000), "1E+3"),
    Row("decimal", ".5", decimal.Decimal("0.5"), "0.5"),
    Row("decimal", "+1", decimal.Decimal(1), "1"),
    Row("decimal", "1_000", decimal.Decimal(1000), "1000"),  # Python's Decimal reads it, and msgspec
    Row("decimal", "NaN", None, differs=LONE_DECIMAL),
    Row("decimal", "-Infinity", None, differs=LONE_DECIMAL),
    Row("decimal", "1,5", None),
    Row("decimal", "0x10", None),
]
FORMATS = sorted({row.fmt for row in TABLE})
READERS = ("pydantic", "msgspec", "dataclasses")


def test_the_rfc_grammar_agrees_with_the_json_schema_test_suite() -> None:
    """The suite's format tests (draft 2020-12) are written from the same RFCs: the grammar above
    judges each of their strings as they do."""
    from tests.json_schema_suite import SUITE

    judged = 0
    for fmt in RFC3339:
        for group in json.loads((SUITE / "optional" / "format" / f"{fmt}.json").read_text(encoding="utf-8")):
            for test in group["tests"]:
                if isinstance(test["data"], str):
                    assert rfc_valid(fmt, test["data"]) == test["valid"], (fmt, test["description"])
                    judged += 1
    assert judged > 150


def test_the_rfc_grammar_agrees_with_the_json_schema_format_checker() -> None:
    """A second oracle: jsonschema's checker (rfc3339-validator for date-time and time) on every
    row it judges as the RFC does: its pattern lets a trailing newline through, and it refuses a
    leap second."""
    from jsonschema import Draft202012Validator

    pytest.importorskip("rfc3339_validator")
    checker = Draft202012Validator.FORMAT_CHECKER
    judged = [row for row in TABLE if row.fmt in ("date-time", "date", "time", "uuid")]
    flawed = [row for row in judged if row.text.endswith("\n") or row.policy == "format-leap-second"]
    assert len(flawed) == 6
    for row in judged:
        if row not in flawed:
            assert checker.conforms(row.text, row.fmt) == rfc_valid(row.fmt, row.text), row.id


def test_every_departure_from_the_rfc_is_a_named_policy() -> None:
    for row in TABLE:
        if row.fmt == "decimal":
            continue
        accepted = row.value is not None
        assert (accepted != rfc_valid(row.fmt, row.text)) == bool(row.policy), row.id
    assert {row.policy for row in TABLE} == {"", SPELLINGS, "format-leap-second", "format-fixed-duration", "precision"}
    page = (Path(__file__).resolve().parents[1] / "docs" / "formats.md").read_text(encoding="utf-8")
    for policy in (SPELLINGS, "format-leap-second", "format-fixed-duration", "format-canonical", "msgspec-lone-decimal"):
        assert f"**{policy}**" in page, policy
    assert "**Precision**" in page


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, ModuleType]]:
    from tests import json_schema_suite as suite

    folder = tmp_path_factory.mktemp("spellings")
    found = {}
    for fmt in FORMATS:
        modules = suite.modules(suite.Group(f"spellings-{fmt}", fmt, {"type": "string", "format": fmt}, ()), folder)
        assert not isinstance(modules, str), modules
        found[fmt] = modules
    return found


def _same(read: Any, expected: Any) -> bool:
    """Equal, of the same type, at the same offset (pydantic's own ``TzInfo`` is a ``tzinfo``)."""
    if type(read) is not type(expected) or read != expected:
        return False
    if isinstance(expected, (datetime.datetime, datetime.time)):
        return bool(read.utcoffset() == expected.utcoffset())
    return True


def _from_json_text(flavour: str, module: ModuleType, text: str) -> bool:
    """Whether the flavour accepts ``text`` decoded from JSON text (msgspec and pydantic read JSON
    text with other code than Python objects)."""
    raw = json.dumps(text)
    try:
        if flavour == "msgspec":
            msgspec.json.decode(raw, type=module.Subject)
        elif flavour == "pydantic":
            TypeAdapter(module.Subject).validate_json(raw)
        else:
            ADAPTERS[flavour].decode(module, "Subject", json.loads(raw))
    except ERRORS:
        return False
    return True


@pytest.mark.parametrize("row", TABLE, ids=[row.id for row in TABLE])
def test_every_flavour_reads_a_spelling_alike(row: Row, made: dict[str, dict[str, ModuleType]]) -> None:
    differs = dict(row.differs)
    for flavour in READERS:
        module = made[row.fmt][flavour]
        adapter = ADAPTERS[flavour]
        accepted = (row.value is not None) != (flavour in differs)
        assert adapter.accepts(module, "Subject", row.text) == accepted, flavour
        assert _from_json_text(flavour, module, row.text) == accepted, flavour
        if row.value is None or not accepted:
            continue
        value = adapter.decode(module, "Subject", row.text)
        assert _same(value[1] if flavour == "pydantic" else value, row.value), (flavour, value)
        assert adapter.encode(module, value) == (row.written or row.text), flavour
    # a TypedDict holds the text as it is (policy typeddict-format)
    typed = made[row.fmt]["typeddict"]
    assert ADAPTERS["typeddict"].decode(typed, "Subject", row.text) == row.text


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_flavour_reads_a_json_value_that_is_not_a_string(fmt: str, made: dict[str, dict[str, ModuleType]]) -> None:
    differs = {"msgspec"} if fmt == "decimal" else set()  # msgspec reads a decimal from a JSON number
    for flavour in READERS:
        for value in (1, 1.5, True, None):
            expected = flavour in differs and not isinstance(value, bool) and value is not None
            assert ADAPTERS[flavour].accepts(made[fmt][flavour], "Subject", value) == expected, (flavour, value)


# ---- the readers every flavour but msgspec uses, held to msgspec's on generated spellings ----

_NUMBER = r"[0-9]{1,3}(?:\.[0-9]{1,13})?"
_LAX = {  # spellings near the formats', wrong ones among them
    datetime.timedelta: rf"[-+]?[Pp](?:{_NUMBER}[DdWwYyMm])?(?:[Tt](?:{_NUMBER}[HhMmSsDd]){{0,3}})?",
    datetime.datetime: r"[0-9]{4}-[01][0-9]-[0-3][0-9][Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9](?:[.,][0-9]{0,12})?(?:[Zz]|[+-][0-2][0-9]:?[0-6][0-9]?)?",
    datetime.time: r"[0-2][0-9]:[0-6][0-9]:?[0-6][0-9](?:\.[0-9]{0,12})?(?:[Zz]|[+-][0-2][0-9]:?[0-6][0-9])?",
}
_MSGSPEC_TYPES: dict[type, Any] = {  # as the msgspec flavour annotates them
    datetime.timedelta: datetime.timedelta,
    datetime.datetime: Annotated[datetime.datetime, msgspec.Meta(tz=True)],
    datetime.time: Annotated[datetime.time, msgspec.Meta(tz=True)],
}


_FORMAT_OF = {datetime.timedelta: "duration", datetime.datetime: "date-time", datetime.time: "time"}


@pytest.mark.parametrize("kind", list(_LAX), ids=lambda kind: kind.__name__)
def test_the_readers_read_as_msgspec(kind: type, made: dict[str, dict[str, ModuleType]]) -> None:
    """The dataclasses codec's reader and the Pydantic module's validator read every spelling as
    msgspec does (accepted or refused, and the value), on spellings near the format's."""
    read = formats._FORMATS[kind][0]
    msgspec_type = _MSGSPEC_TYPES[kind]
    pydantic_type = TypeAdapter(made[_FORMAT_OF[kind]]["pydantic"].Subject)

    @settings(max_examples=400, derandomize=True, deadline=None)
    @given(st.from_regex(_LAX[kind], fullmatch=True))
    def check(text: str) -> None:
        try:
            expected = msgspec.json.decode(json.dumps(text), type=msgspec_type)
        except msgspec.ValidationError:
            expected = None
        for reader in (read, pydantic_type.validate_python):
            try:
                value = reader(text)
            except ERRORS:
                value = None
            assert value == expected and (value is None or _same(value, expected)), (text, reader)

    check()


def test_the_writers_write_as_msgspec() -> None:
    values = [
        datetime.timedelta(days=2, seconds=7, microseconds=10), -datetime.timedelta(microseconds=7),
        datetime.timedelta(0), -datetime.timedelta(days=3, minutes=1), datetime.timedelta(days=999999999, seconds=86399),
        _at(2024, 1, 17, 20, 31, 6, 120), _at(2024, 1, 17, 20, 31, 6, tz=datetime.timezone(-datetime.timedelta(hours=5, minutes=30))),
        datetime.time(8, 15, 0, 5, tzinfo=PLUS_ONE), datetime.date(2024, 1, 17), uuid.UUID(ID), decimal.Decimal("1e3"),
    ]  # fmt: skip
    for value in values:
        write = formats._FORMATS[type(value)][1]
        assert write(value) == msgspec.to_builtins(value), value
