"""The msgspec flavour (flavours/msgspec.py) where msgspec's rules differ from JSON Schema's:
unions it cannot decode are typed by their JSON kinds, a tagged union holds tagged forms of its
members (one per tag value), and some property names cannot be field names."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import msgspec
import pytest

from modelgen.app.config import _job
from modelgen.app.pipeline import generate
from tests.support import import_file

SCHEMAS = """
    A: {type: object, required: [kind], properties: {kind: {const: a}, size: {type: integer}}}
    B: {type: object, required: [kind], properties: {kind: {const: b}}}
    Plain: {type: object, properties: {x: {type: integer}}}
    Other: {type: object, properties: {y: {type: string}}}
    Tagged: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}
    Untagged: {anyOf: [{$ref: '#/components/schemas/Plain'}, {$ref: '#/components/schemas/Other'}]}
    Lists: {anyOf: [{type: string}, {type: array, items: {type: integer}}, {type: array, items: {type: string}}]}
    Odd:
      type: object
      additionalProperties: false
      required: ['a"b']
      properties: {'a"b': {type: string}, ok: {type: string}}
    Pair:
      anyOf:
        - {type: string}
        - {type: array, prefixItems: [{$ref: '#/components/schemas/Pair'}, {type: integer}], minItems: 2, maxItems: 2, items: false}
    MinusTwo: {const: -2.0}
    Halves: {type: number, enum: [0.5, 1.5]}
    Holder:
      type: object
      required: [tagged, untagged, lists]
      properties:
        tagged: {$ref: '#/components/schemas/Tagged'}
        untagged: {$ref: '#/components/schemas/Untagged'}
        lists: {$ref: '#/components/schemas/Lists'}
"""


@pytest.fixture(scope="module")
def module(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, str]:
    folder: Path = tmp_path_factory.mktemp("msgspec")
    spec = folder / "spec.yaml"
    spec.write_text(f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:{SCHEMAS}", encoding="utf-8")
    job = _job(str(spec), "msgspec", str(folder / "odd_msgspec.py"), [], base=Path("/"), command="c")
    text = generate((job,)).outputs[job.output]
    job.output.write_text(text, encoding="utf-8")
    return import_file(job.output), text


def test_structs_of_a_tagged_union_carry_their_tag(module: tuple[ModuleType, str]) -> None:
    m, text = module
    assert 'class ATagged(_AFields, kw_only=True, tag_field="kind", tag="a"):' in text
    value = msgspec.convert({"kind": "b"}, m.Tagged)
    assert type(value) is m.BTagged and value.kind == "b"
    assert msgspec.to_builtins(m.ATagged(size=1)) == {"kind": "a", "size": 1}
    assert msgspec.to_builtins(m.A(kind="a", size=1)) == {"kind": "a", "size": 1}
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"kind": "c"}, m.Tagged)


def test_a_union_msgspec_cannot_decode_is_typed_by_its_json_kinds(module: tuple[ModuleType, str]) -> None:
    m, text = module
    assert "Untagged: TypeAlias = dict[str, Any]" in text and "msgspec cannot tell the members" in text
    assert "Lists: TypeAlias = str | list[Any]" in text
    holder = msgspec.convert({"tagged": {"kind": "a"}, "untagged": {"x": 1}, "lists": [1]}, m.Holder)
    assert holder.untagged == {"x": 1}
    assert msgspec.convert(holder.untagged, m.Plain) == m.Plain(x=1)


def test_a_union_msgspec_cannot_decode_is_named_in_a_warning_at_generation(tmp_path: Path) -> None:
    # "never dropped silently" (issue 19): the docstring said it, the run did not
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:{SCHEMAS}", encoding="utf-8")
    warned = {}
    for flavour in ("msgspec", "pydantic"):
        job = _job(str(spec), flavour, str(tmp_path / f"m_{flavour}.py"), [], base=Path("/"), command="c")
        said: list[str] = []
        generate((job,), progress=said.append)
        warned[flavour] = [line for line in said if "cannot tell the members" in line]
    assert [line.split(": msgspec")[0] for line in warned["msgspec"]] == [
        "warning: spec.yaml at /components/schemas/Lists",
        "warning: spec.yaml at /components/schemas/Untagged",
    ]
    assert warned["pydantic"] == []


def test_names_msgspec_refuses_are_left_out_and_said(module: tuple[ModuleType, str]) -> None:
    m, text = module
    assert "class Odd(_Base, kw_only=True):" in text
    assert """msgspec cannot name a field 'a"b'""" in text
    assert msgspec.convert({"a\"b": "x", "ok": "y"}, m.Odd) == m.Odd(ok="y")


def test_a_type_that_contains_itself_through_a_tuple_holds_any_there(module: tuple[ModuleType, str]) -> None:
    m, text = module
    assert "Pair: TypeAlias = str | tuple[Any, int]" in text  # not `tuple["Pair", int]`: msgspec cannot read that
    assert msgspec.json.decode(b'[["a", 1], 2]', type=m.Pair) == (["a", 1], 2)


@pytest.mark.parametrize("length", [55, 60, 61, 100, 300])
def test_a_long_tag_value_lays_out_in_every_flavour(tmp_path: Path, length: int) -> None:
    """A tag of 60 characters crashed the layout of msgspec's tag property (a method laid out
    on its own, where it cannot be parsed); every flavour writes black's layout and decodes it."""
    import black

    from tests.flavours import ADAPTERS

    tag = "event." + "x" * (length - 6)
    schemas = f"""
    A: {{type: object, required: [type], properties: {{type: {{const: '{tag}'}}, a: {{type: string}}}}}}
    B: {{type: object, required: [type], properties: {{type: {{const: b}}}}}}
    U: {{oneOf: [{{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/B'}}], discriminator: {{propertyName: type}}}}
"""
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:{schemas}", encoding="utf-8")
    for flavour, adapter in ADAPTERS.items():
        job = _job(str(spec), flavour, str(tmp_path / f"long_tag_{length}_{flavour}.py"), [], base=Path("/"), command="c")
        text = generate((job,)).outputs[job.output]
        assert black.format_str(text, mode=black.Mode()) == text, flavour
        job.output.write_text(text, encoding="utf-8")
        generated = import_file(job.output)
        assert adapter.round_trips(generated, "U", {"type": tag, "a": "x"}), flavour


def test_an_enum_of_one_number_that_is_not_an_integer_is_checked(module: tuple[ModuleType, str]) -> None:
    """(issue 19) ``const: -2.0`` is bounds at -2.0 (Meta has no enum; a Literal holds no float);
    several values are said in the docstring, not checked."""
    m, text = module
    assert "MinusTwo: TypeAlias = Annotated[float, Meta(ge=-2.0, le=-2.0)]" in text
    assert [msgspec.json.decode(v, type=m.MinusTwo) for v in (b"-2", b"-2.0")] == [-2.0, -2.0]
    for wrong in (b"2", b"2.0", b"-2.00001", b"true"):
        with pytest.raises(msgspec.ValidationError):
            msgspec.json.decode(wrong, type=m.MinusTwo)
    assert 'Halves: TypeAlias = float\n"""Constraints (not checked at run time): one of 0.5, 1.5."""' in text
