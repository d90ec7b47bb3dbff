"""``formats``: the one owner of the string formats that name a Python type. ``parse`` reads a
value of the spec as the generated code reads it, held to the format's shape; each format's
annotation comes from its type; the dataclasses codec's readers and writers round-trip."""

from __future__ import annotations

import datetime
import decimal
import uuid
from pathlib import Path

import pytest
from modelgen.formats import (
    _FORMATS,
    PLAIN_FORMATS,
    PYTHON_FORMATS,
    PYTHON_TYPES,
    parse,
)

UTC = datetime.timezone.utc
ID = "6dcb09b5-b578-4c1f-9d0e-1d4b3f0c1e2a"


def test_the_formats_that_name_a_python_type() -> None:
    assert PYTHON_FORMATS == {"date-time", "date", "time", "duration", "uuid", "decimal", "byte"}
    assert not PYTHON_FORMATS & PLAIN_FORMATS
    assert PLAIN_FORMATS == {"int32", "int64", "float", "double"}


def test_each_annotation_names_its_module() -> None:
    assert PYTHON_TYPES == {
        "date-time": ("datetime", "datetime.datetime"),
        "date": ("datetime", "datetime.date"),
        "time": ("datetime", "datetime.time"),
        "duration": ("datetime", "datetime.timedelta"),
        "uuid": ("uuid", "uuid.UUID"),
        "decimal": ("decimal", "decimal.Decimal"),
        "byte": ("", "bytes"),
    }


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("date-time", "2024-01-17t20:31:06z", datetime.datetime(2024, 1, 17, 20, 31, 6, tzinfo=UTC)),
        (
            "date-time",
            "2024-01-17T20:31:06.5+02:00",
            datetime.datetime(2024, 1, 17, 20, 31, 6, 500000, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
        ),
        ("time", "20:31:06Z", datetime.time(20, 31, 6, tzinfo=UTC)),
        ("time", "08:15:00+01:00", datetime.time(8, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))),
        ("duration", "PT1.5S", datetime.timedelta(seconds=1.5)),
        ("duration", "-P1D", datetime.timedelta(days=-1)),
        ("duration", "PT1H30M", datetime.timedelta(minutes=90)),
        ("duration", "PT0S", datetime.timedelta(0)),
        ("uuid", ID.upper(), uuid.UUID(ID)),
        ("decimal", "1e3", decimal.Decimal(1000)),
        ("decimal", "-0.001", decimal.Decimal("-0.001")),
        ("byte", "", b""),
        ("byte", "aGVsbG8=", b"hello"),
    ],
)
def test_parse_reads_a_value(fmt: str, text: str, expected: object) -> None:
    value = parse(fmt, text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("date-time", "2024-01-17 20:31:06"),  # a space where RFC 3339 says T
        ("date-time", "2024-01-17"),  # no time
        ("date-time", "yesterday"),
        ("date-time", "2024-01-17T20:31:06"),  # no offset
        ("date-time", "2016-12-31T23:59:60Z"),  # a leap second, which Python cannot hold
        ("date-time", "2024-01-17T20:31:06+01"),  # an offset without its minutes
        ("date", "20240117"),  # the basic format Python also reads
        ("date", "2024-01-17T00:00:00"),  # more than a date
        ("date", "2024-02-30"),
        ("time", "25:00"),
        ("time", "08:15"),  # no seconds, no offset
        ("duration", "P"),
        ("duration", "PT"),
        ("duration", "P1DT"),  # a T with no time after it
        ("duration", "P2W"),  # weeks, which msgspec does not read
        ("duration", "P1W2D"),
        ("duration", "PT1.5H1S"),  # a fraction in the last unit only
        ("duration", "P1M"),  # a month has no fixed length
        ("duration", "1 day"),
        ("uuid", ID.replace("-", "")),  # no hyphens
        ("uuid", "{" + ID + "}"),
        ("uuid", "urn:uuid:" + ID),
        ("decimal", "NaN"),
        ("decimal", "-Infinity"),
        ("decimal", "one"),
        ("byte", "aGk"),  # padding missing
        ("byte", "aGk=\n"),
    ],
)
def test_parse_refuses_what_is_not_the_format(fmt: str, text: str) -> None:
    assert parse(fmt, text) is None


def test_every_python_format_has_a_reader_and_a_writer_for_its_type() -> None:
    kinds = {datetime.datetime, datetime.date, datetime.time, datetime.timedelta, uuid.UUID, decimal.Decimal, bytes}
    assert set(_FORMATS) == kinds
    assert next(iter(_FORMATS)) is datetime.datetime, "a datetime is a date: it is tried first"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime.datetime(2024, 1, 17, 20, 31, 6, tzinfo=UTC), "2024-01-17T20:31:06Z"),
        (datetime.datetime(2024, 1, 17, 20, 31, 6, tzinfo=datetime.timezone(-datetime.timedelta(hours=5))), "2024-01-17T20:31:06-05:00"),
        (datetime.time(8, 15, tzinfo=UTC), "08:15:00Z"),
        (datetime.date(2024, 1, 17), "2024-01-17"),
        (datetime.timedelta(0), "P0D"),  # days and seconds, as msgspec writes a duration
        (datetime.timedelta(days=2), "P2D"),
        (datetime.timedelta(days=1, hours=2), "P1DT7200S"),
        (datetime.timedelta(minutes=90), "PT5400S"),
        (datetime.timedelta(seconds=59, microseconds=500000), "PT59.5S"),
        (datetime.timedelta(microseconds=1), "PT0.000001S"),
        (-datetime.timedelta(seconds=1.5), "-PT1.5S"),
        (-datetime.timedelta(days=3, minutes=1), "-P3DT60S"),
        (uuid.UUID(ID), ID),
        (decimal.Decimal("19.90"), "19.90"),
        (b"hello", "aGVsbG8="),
    ],
)
def test_the_codec_writes_json_text_and_reads_it_back(value: object, text: str) -> None:
    read, write = _FORMATS[type(value)]
    assert write(value) == text
    assert read(text) == value


@pytest.mark.parametrize(
    "delta",
    [datetime.timedelta(weeks=3), datetime.timedelta(days=400, seconds=3661, microseconds=10), -datetime.timedelta(microseconds=7)],
)
def test_a_duration_round_trips_through_parse(delta: datetime.timedelta) -> None:
    read, write = _FORMATS[datetime.timedelta]
    assert parse("duration", write(delta)) == delta == read(write(delta))


# Each spelling of each format, in every flavour: tests/test_format_spellings.py


# Digits past a microsecond, which Python's types cannot keep: every flavour rounds to the
# nearest microsecond, half up (as msgspec reads them: nothing in its module can cut them),
# and writes back what it read: (format, text, the text written back)
PRECISION = [
    ("date-time", "2024-01-01T00:00:00.123456789Z", "2024-01-01T00:00:00.123457Z"),
    ("date-time", "2024-01-01T00:00:00.1234564999Z", "2024-01-01T00:00:00.123456Z"),
    ("date-time", "2024-12-31T23:59:59.9999995+01:00", "2025-01-01T00:00:00+01:00"),
    ("time", "08:15:00.0000005Z", "08:15:00.000001Z"),
    ("time", "23:59:59.9999995Z", "00:00:00Z"),  # a time of day: past the last microsecond is midnight
    ("duration", "PT0.0000025S", "PT0.000003S"),
    ("duration", "-PT0.0000005S", "-PT0.000001S"),
    ("duration", "P1DT0.1234565S", "P1DT0.123457S"),
]


@pytest.mark.parametrize(("fmt", "text", "written"), PRECISION)
def test_every_flavour_rounds_a_format_to_a_microsecond_alike(fmt: str, text: str, written: str, tmp_path: Path) -> None:
    from tests import json_schema_suite as suite
    from tests.flavours import ADAPTERS

    made = suite.modules(suite.Group(f"precision-{fmt}", fmt, {"type": "string", "format": fmt}, ()), tmp_path)
    assert not isinstance(made, str), made
    assert parse(fmt, text) == parse(fmt, written)
    for flavour in ("pydantic", "msgspec", "dataclasses"):
        adapter = ADAPTERS[flavour]
        value = adapter.decode(made[flavour], "Subject", text)
        assert adapter.encode(made[flavour], value) == written, flavour


def test_a_struct_refuses_a_decimal_that_is_no_amount_in_every_flavour(tmp_path: Path) -> None:
    """msgspec reads ``NaN`` as a ``Decimal``: a Struct with decimals refuses it after decoding,
    in a field, in a list or a map, and through an alias (a decimal decoded on its own, as an
    alias, is the one place it cannot: tests/test_format_spellings.py)."""
    from tests import json_schema_suite as suite
    from tests.flavours import ADAPTERS

    amount = {"type": "string", "format": "decimal"}
    schema = {
        "$defs": {"amount": amount},
        "type": "object",
        "properties": {
            "value": amount,
            "values": {"type": "array", "items": amount},
            "by_name": {"type": "object", "additionalProperties": amount},
            "named": {"$ref": "#/$defs/amount"},
            "count": {"type": "integer"},
        },
    }
    made = suite.modules(suite.Group("finite-decimals", "decimal", schema, ()), tmp_path)
    assert not isinstance(made, str), made
    good = {"value": "1.5", "values": ["2"], "by_name": {"a": "3"}, "named": "4", "count": 1}
    for flavour in ("pydantic", "msgspec", "dataclasses"):
        adapter = ADAPTERS[flavour]
        assert adapter.accepts(made[flavour], "Subject", good), flavour
        for key, bad in [("value", "NaN"), ("values", ["1", "Infinity"]), ("by_name", {"a": "-Infinity"}), ("named", "NaN")]:
            assert not adapter.accepts(made[flavour], "Subject", {**good, key: bad}), (flavour, key)


def test_pydantic_models_take_python_values_and_write_absent_formats_as_null() -> None:
    # A uuid.UUID was refused by the UUID's spelling check (meant for JSON text), and an absent
    # base64 field reached the base64 writer as None: model_dump failed on any such model
    from tests.support import case_module

    module = case_module("formats", "pydantic")
    at = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    event = module.Event(id=uuid.UUID(int=7), at=at, lasts=datetime.timedelta(minutes=2), price=decimal.Decimal("1.5"))
    assert event.id == uuid.UUID(int=7)
    dumped = event.model_dump(mode="json")
    assert dumped["blob"] is None and dumped["lasts"] == "PT120S" and dumped["id"] == str(uuid.UUID(int=7))
    assert module.Event.model_validate_json(event.model_dump_json(exclude_unset=True)) == event
    with pytest.raises(ValueError, match="expected a UUID"):
        module.Event(id="{00000000-0000-0000-0000-000000000007}", at=at)
