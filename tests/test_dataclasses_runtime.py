"""The codec every dataclasses module carries (flavours/dataclasses/runtime.py), tested as code:
JSON types checked as JSON Schema checks them, errors that name the place, absent and null
kept apart, closed objects, tagged unions, and the JSON written back as it came."""

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import pytest

from modelgen.flavours.dataclasses.runtime import _json, _Model, _Tag, decode, encode


@dataclass(kw_only=True)
class Code(_Model):
    type: Literal["code"]


@dataclass(kw_only=True)
class Function(_Model):
    type: Literal["function"]
    name: str
    additional_properties: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True)
class Pet(_Model):
    kind: str
    additional_properties: dict[str, int] = field(default_factory=dict)


Tool = Annotated[Code | Function, _Tag("type")]
Animal = Annotated[Pet, _Tag("kind", {"cat": Pet, "dog": Pet})]


@dataclass(kw_only=True)
class Run(_Model):
    tools: list[Tool]
    from_: int = field(metadata=_json("from"))
    note: str | None = None
    maybe: str | None = field(default=None, metadata=_json(nullable=True))
    ratio: float = 1.5
    tags: list[str] = field(default_factory=list)
    value: str | list[int] | None = None
    pets: dict[str, Animal] = field(default_factory=dict)
    additional_properties: dict[str, Any] = field(default_factory=dict)


RUN = {"tools": [{"type": "code"}, {"type": "function", "name": "f", "x": 1}], "from": 3}


def test_a_payload_reads_and_writes_back_unchanged() -> None:
    payload = {**RUN, "maybe": None, "ratio": 2, "value": [1, 2], "pets": {"a": {"kind": "cat"}}, "other": {"k": [1]}}
    run = Run.from_dict(payload)
    assert [type(t) for t in run.tools] == [Code, Function]
    assert run.tools[1].additional_properties == {"x": 1}  # type: ignore[union-attr]
    assert (run.from_, run.maybe, run.ratio, run.value) == (3, None, 2, [1, 2])
    assert run.additional_properties == {"other": {"k": [1]}}
    assert run.to_dict() == payload


def test_absent_optional_properties_stay_absent_and_set_ones_are_written() -> None:
    run = Run.from_dict(RUN)
    assert run.to_dict() == RUN and run.ratio == 1.5 and run.tags == []
    run.note, run.tags = "hi", ["a"]
    assert run.to_dict() == {**RUN, "note": "hi", "tags": ["a"]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"from": True}, "Run.from: expected an integer, got True"),
        ({"from": 1.0}, "Run.from: expected an integer, got 1.0"),
        ({"note": None}, "Run.note: may be left out, but must not be null"),
        ({"ratio": "1"}, "Run.ratio: expected a number, got '1'"),
        ({"tools": [{"type": "code"}, {"type": "shell"}]}, "Run.tools[1].type: unknown type 'shell'"),
        ({"tools": [{"type": "code", "extra": 1}]}, "Run.tools[0]: unknown key 'extra' (the object is closed)"),
        ({"tools": [{"type": "function"}]}, "Run.tools[0]: missing required key 'name'"),
        ({"tools": {}}, "Run.tools: expected a JSON array, got {}"),
        ({"value": {"a": 1}}, "Run.value: no member of the union matches {'a': 1}"),
        ({"value": [1, "x"]}, "Run.value[1]: expected an integer, got 'x'"),
        ({"pets": {"a": {"kind": "cow"}}}, "Run.pets['a'].kind: unknown kind 'cow'"),
        ({"pets": {"a": {"kind": "cat", "age": "old"}}}, "Run.pets['a'].age: expected an integer, got 'old'"),
    ],
)
def test_errors_name_the_place(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        Run.from_dict({**RUN, **change})
    assert str(caught.value).startswith(message)


def test_a_required_key_must_be_there() -> None:
    with pytest.raises(ValueError, match=r"^Run: missing required key 'tools'$"):
        Run.from_dict({"from": 1})
    with pytest.raises(ValueError, match=r"^Run: expected a JSON object, got \[\]$"):
        Run.from_dict([])


def test_decode_and_encode_any_annotation() -> None:
    tools = decode(list[Tool], [{"type": "code"}])
    assert tools == [Code(type="code")]
    assert encode(tools) == [{"type": "code"}]
    with pytest.raises(ValueError, match=r"^value\[0\]\.type: unknown type None"):
        decode(list[Tool], [{}])


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("P1DT2H", "P1DT7200S"), ("PT0.5S", "PT0.5S"), ("PT1H30M", "PT5400S"), ("P1D", "P1D"), ("PT0S", "P0D"),
        ("-PT5M", "-PT300S"), ("P3DT4H5M6.25S", "P3DT14706.25S"),
    ],
)  # fmt: skip
def test_durations_are_written_in_days_and_seconds_as_msgspec_writes_them(text: str, written: str) -> None:
    import datetime

    value = decode(datetime.timedelta, text)
    assert isinstance(value, datetime.timedelta) and encode(value) == written
    assert decode(datetime.timedelta, written) == value


@pytest.mark.parametrize(
    ("annotation", "bad"), [("timedelta", "P1Y"), ("timedelta", "PT"), ("UUID", "nope"), ("Decimal", "1,5"), ("bytes", "no!")]
)
def test_strings_that_are_not_in_their_format_are_refused_with_the_place(annotation: str, bad: str) -> None:
    import datetime
    import decimal
    import uuid

    kinds = {"timedelta": datetime.timedelta, "UUID": uuid.UUID, "Decimal": decimal.Decimal, "bytes": bytes}
    with pytest.raises(ValueError, match=f"not a valid {annotation}"):
        decode(kinds[annotation], bad)
    with pytest.raises(ValueError, match="expected a string"):
        decode(kinds[annotation], 5)


def test_a_model_that_ignores_unknown_keys_drops_them_and_a_closed_one_still_refuses() -> None:
    @dataclass(kw_only=True)
    class Lenient(_Model, unknown_keys="ignore"):
        a: int

    @dataclass(kw_only=True)
    class Closed(_Model):
        a: int

    assert Lenient.from_dict({"a": 1, "b": 2}).to_dict() == {"a": 1}
    with pytest.raises(ValueError, match="unknown key 'b'"):
        Closed.from_dict({"a": 1, "b": 2})
