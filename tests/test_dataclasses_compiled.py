"""The dataclasses codec compiles a decoder and an encoder for each class on first use
(flavours/dataclasses/compiler.py). Its own risks, tested here: classes that contain each
other, a class whose decoder is called before it is compiled, wire names that are keywords or
hold quotes and braces, and, against the codec it replaced (an interpreter of a plan per class,
kept below as the oracle), the same values and the same error messages, with the same paths,
for any JSON value."""

from __future__ import annotations

import dataclasses
import datetime
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelgen.flavours.dataclasses import compiler, runtime
from modelgen.flavours.dataclasses.runtime import _json, _Model, _Tag, decode, encode

QUOTED = "it's \"{x}\" \\ {"


@dataclass(kw_only=True)
class Code(_Model):
    type: Literal["code"]


@dataclass(kw_only=True)
class Function(_Model):
    type: Literal["function"]
    name: str
    additional_properties: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True)
class Leaf(_Model):
    name: str
    size: int | None = None
    ratio: float | None = field(default=None, metadata=_json(nullable=True))
    kind: Literal["a", "b", "{c}"] | None = None
    from_: str | None = field(default=None, metadata=_json("from"))
    import_: bool | None = field(default=None, metadata=_json("import"))
    quoted: str | None = field(default=None, metadata=_json(QUOTED))


@dataclass(kw_only=True)
class Node(_Model):
    """Contains itself (``children``) and ``Pair``, which contains it."""

    leaf: Leaf | None = None
    children: list[Node] = field(default_factory=list)
    pair: Pair | None = None
    by_name: dict[str, Leaf | int] = field(default_factory=dict)
    either: str | int | Leaf | list[int] | None = None
    mixed: Literal[1, "1", True] | None = None
    number: int | float | None = None
    tagged: Annotated[Code | Function, _Tag("type")] | None = None
    when: datetime.date | None = None
    additional_properties: dict[str, int] = field(default_factory=dict)


@dataclass(kw_only=True)
class Pair(_Model):
    """Defined after ``Node``, which names it: read when ``Node`` is first decoded."""

    left: Node
    right: Node | None


# ---------------------------------------------------------------- the oracle: the codec of before


def _reference(annotation: Any) -> Any:
    """The decoder the interpreted codec made of an annotation (its ``_decoder``)."""
    if annotation is Any:
        return runtime._same
    if annotation is None:
        annotation = type(None)
    if annotation in runtime._KINDS:
        return runtime._scalar(annotation)
    if annotation in runtime._FORMATS:
        return runtime._text(annotation)
    if runtime._is_model(annotation):
        return lambda value: _reference_model(annotation, value)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Literal:
        return runtime._one_of(args)
    if origin is list:
        return runtime._list(_reference(args[0]))
    if origin is dict:
        return runtime._map(_reference(args[1]))
    if origin in compiler._UNION_TYPES:
        return _reference_union([_reference(a) for a in args], [runtime._kinds(a) for a in args])
    assert origin is Annotated
    tag = annotation.__metadata__[0]
    members = {typing.get_args(typing.get_type_hints(m)[tag.name])[0]: m for m in typing.get_args(args[0])}

    def tagged(value: Any) -> Any:
        if not isinstance(value, dict):
            raise runtime._DecodeError(f"expected a JSON object, got {runtime._got(value)}")
        found = value.get(tag.name)
        model = members.get(found) if isinstance(found, str) else None
        if model is None and tag.name not in value:
            raise runtime._DecodeError(f"missing required key {tag.name!r}, which says which of {tuple(members)!r} it is")
        if model is None:
            raise runtime._DecodeError(
                f"unknown {tag.name} {runtime._got(found)}: expected one of {tuple(members)!r}"
            ).at("." + tag.name)
        return _reference_model(model, value)

    return tagged


def _reference_union(members: list[Any], kinds: list[frozenset[str]]) -> Any:
    def convert(value: Any) -> Any:
        kind = runtime._kind(value)
        candidates = [
            m for m, k in zip(members, kinds) if kind in k or "any" in k or (kind == "integer" and "number" in k)
        ]
        error, best, best_unnamed = None, None, -1
        for member in candidates:
            try:
                decoded = member(value)
            except runtime._DecodeError as failed:
                error = error or failed
                continue
            if kind != "object":
                return decoded
            unnamed = runtime._unnamed_keys(decoded)
            if best_unnamed < 0 or unnamed < best_unnamed:
                best, best_unnamed = decoded, unnamed
            if unnamed == 0:
                break
        if best_unnamed >= 0:
            return best
        if len(candidates) == 1 and error is not None:
            raise error
        raise runtime._DecodeError(f"no member of the union matches {runtime._got(value)}")

    return convert


def _reference_model(cls: type[Any], data: Any) -> Any:
    """The interpreted codec's ``_Plan.decode``."""
    if not isinstance(data, dict):
        raise runtime._DecodeError(f"expected a JSON object, got {runtime._got(data)}")
    hints = typing.get_type_hints(cls, include_extras=True)
    kwargs: dict[str, Any] = {}
    wires = set()
    extra = None
    for f in dataclasses.fields(cls):
        if f.name == "additional_properties":
            extra = _reference(typing.get_args(hints[f.name])[1])
            continue
        wire = f.metadata.get("wire") or f.name
        wires.add(wire)
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if wire in data:
            try:
                if data[wire] is None and f.default is None and not f.metadata.get("nullable", False):
                    raise runtime._DecodeError("may be left out, but must not be null")
                kwargs[f.name] = _reference(hints[f.name])(data[wire])
            except runtime._DecodeError as error:
                raise error.at("." + wire) from None
        elif required:
            raise runtime._DecodeError(f"missing required key {wire!r}")
    unknown = [key for key in data if key not in wires]
    if unknown:
        if extra is None:
            raise runtime._DecodeError(f"unknown key {unknown[0]!r} (the object is closed)")
        found = {}
        for key in unknown:
            try:
                found[key] = extra(data[key])
            except runtime._DecodeError as error:
                raise error.at("." + key) from None
        kwargs["additional_properties"] = found
    result = cls(**kwargs)
    object.__setattr__(result, "_fields_set", frozenset(data))
    return result


def outcome(read: Any, value: Any) -> tuple[str, Any]:
    try:
        decoded = read(value)
    except (ValueError, runtime._DecodeError) as error:
        if isinstance(error, runtime._DecodeError):
            return "error", runtime._where("Node", error) + error.message
        return "error", str(error)
    return "value", (repr(decoded), encode(decoded))


# ---------------------------------------------------------------- tests

KEYS = ["leaf", "children", "pair", "by_name", "either", "mixed", "number", "tagged", "when", "name", "size",
        "ratio", "kind", "from", "import", QUOTED, "type", "left", "right", "other"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([1.5, -0.0, 2.0]),
    st.sampled_from(["a", "b", "{c}", "1", "code", "function", "2024-01-31", "2024-1-1", "x"]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
    max_leaves=12,
)
NODES = st.dictionaries(st.sampled_from(KEYS), JSON, max_size=6)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(NODES)
def test_any_json_reads_as_the_interpreted_codec_read_it(value: dict[str, Any]) -> None:
    def compiled(data: Any) -> Any:
        return Node.from_dict(data)

    def interpreted(data: Any) -> Any:
        try:
            return _reference_model(Node, data)
        except runtime._DecodeError as error:
            raise ValueError(runtime._where("Node", error) + error.message) from None

    assert outcome(compiled, value) == outcome(interpreted, value)


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), JSON, max_size=4), NODES)
def test_pairs_of_nodes_read_alike_and_write_back(left: dict[str, Any], right: dict[str, Any]) -> None:
    value = {"left": left, "right": right}
    found = outcome(Pair.from_dict, value)
    try:
        expected: tuple[str, Any] = "value", (lambda d: (repr(d), encode(d)))(_reference_model(Pair, value))
    except runtime._DecodeError as error:
        expected = "error", runtime._where("Pair", error) + error.message
    assert found == expected
    if found[0] == "value":
        assert Pair.from_dict(value).to_dict() == value


def test_classes_that_contain_each_other_decode_at_any_depth() -> None:
    payload = {"children": [{"pair": {"left": {"children": [{}]}, "right": None}}], "x": 1}
    node = Node.from_dict(payload)
    assert node.children[0].pair is not None and node.children[0].pair.left.children == [Node()]
    assert node.to_dict() == payload
    with pytest.raises(ValueError, match=r"^Node\.children\[0\]\.pair\.left\.children\[0\]\.leaf: no member of the union matches 1$"):
        Node.from_dict({"children": [{"pair": {"left": {"children": [{"leaf": 1}]}, "right": None}}]})


def test_a_decoder_called_before_it_is_compiled_takes_the_place_of_its_stand_in() -> None:
    @dataclass(kw_only=True)
    class Outer(_Model):
        inner: Later | None = None

    @dataclass(kw_only=True)
    class Later(_Model):
        value: int

    globals()["Later"] = Later  # where the annotation of Outer.inner is looked up
    try:
        assert Outer.from_dict({}) == Outer()  # Outer compiled; Later not yet
        assert Later not in compiler._DECODERS
        assert Outer.from_dict({"inner": {"value": 1}}).inner == Later(value=1)  # through the stand-in
        assert Later in compiler._DECODERS and Later not in compiler._CALLERS
        with pytest.raises(ValueError, match=r"^Outer\.inner\.value: expected an integer, got 'x'$"):
            Outer.from_dict({"inner": {"value": "x"}})  # the compiled decoder, in the stand-in's place
    finally:
        del globals()["Later"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"name": 1}, "Leaf.name: expected a string, got 1"),
        ({}, "Leaf: missing required key 'name'"),
        ({"name": "n", "from": 1}, "Leaf.from: no member of the union matches 1"),
        ({"name": "n", "import": None}, "Leaf.import: may be left out, but must not be null"),
        ({"name": "n", QUOTED: 2}, f"Leaf.{QUOTED}: no member of the union matches 2"),
        ({"name": "n", "kind": "{d}"}, "Leaf.kind: expected one of ('a', 'b', '{c}'), got '{d}'"),
        ({"name": "n", "size": "1"}, "Leaf.size: no member of the union matches '1'"),
        ({"name": "n", "ratio": True}, "Leaf.ratio: no member of the union matches True"),
        ({"name": "n", "{x}": 1}, "Leaf: unknown key '{x}' (the object is closed)"),
    ],
)
def test_keyword_and_quoted_wire_names_and_the_messages_that_name_them(payload: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        Leaf.from_dict(payload)
    assert str(raised.value) == message


def test_keyword_and_quoted_wire_names_read_and_write_back() -> None:
    payload = {"name": "n", "from": "x", "import": False, QUOTED: "q", "ratio": None}
    leaf = Leaf.from_dict(payload)
    assert (leaf.from_, leaf.import_, leaf.quoted) == ("x", False, "q")
    assert leaf.to_dict() == payload
    assert decode(list[Leaf], [payload]) == [leaf] and encode([leaf]) == [payload]


def test_a_class_read_before_a_class_it_names_exists_is_read_once_that_one_does() -> None:
    @dataclass(kw_only=True)
    class Early(_Model):
        late: NotYet | None = None

    with pytest.raises(NameError, match="NotYet"):
        Early.from_dict({})  # its annotations name a class not defined yet: nothing is kept

    @dataclass(kw_only=True)
    class NotYet(_Model):
        value: int

    globals()["NotYet"] = NotYet
    try:
        assert Early.from_dict({"late": {"value": 2}}).late == NotYet(value=2)
        assert Early.from_dict({"late": {"value": 2}}).to_dict() == {"late": {"value": 2}}
    finally:
        del globals()["NotYet"]
