"""The JSON codec of the dataclasses flavour: copied, from the marker line on, into every module
of that flavour (no third-party runtime dependency), and type-checked and tested here as code.

Generated dataclasses declare their fields and nothing else; ``_Model`` gives them ``from_dict``
and ``to_dict``, driven by their annotations: read once per class, on first use, into a decoder
and an encoder written for the class and compiled (``compiler.py``). The leaves are in
``checks.py``; ``deferred.py`` applies ``@dataclass`` itself on first use. They do this:

- JSON types are checked as JSON Schema checks them (``bool`` is not an ``int``; an ``int`` is a
  ``float``); constants and enums (``Literal``) by value and type; lists, maps and models item by
  item; constraints (``minimum``, ``pattern``...) are documented, not checked;
- a required key must be present; an optional key absent reads as its default; an explicit null
  is accepted only where the schema allows null (a field marked ``_json(nullable=True)`` when its
  ``None`` would otherwise mean "absent");
- a union is decoded by its tag (``Annotated[A | B, _Tag("type")]``), else by the JSON kind of the
  value, else by trying its members in order;
- a model without ``additional_properties`` is closed (unknown keys are an error); otherwise
  unknown keys are kept there and written back;
- strings in a format (``date-time``, ``uuid``...) are read as their Python types and written
  back as text; an ``Enum`` by its value;
- ``to_dict`` writes wire names, and an optional property only if it was present in the input or
  differs from its default, so that ``from_dict(p).to_dict() == p``.

Errors are ``ValueError``s that name the place of the bad value (``RunObject.tools[0].type``).
"""

from __future__ import annotations

import dataclasses
import enum
import re
import typing
from typing import Any, ClassVar, Literal, TypeVar

from ...formats import _FORMATS
from .checks import (
    _KINDS,
    _Decode,
    _DecodeError,
    _got,
    _json,
    _kind,
    _member_of,
    _nothing,
    _one_of,
    _own,
    _same,
    _scalar,
    _Tag,
    _text,
    _where,
)
from .compiler import (
    _DECODERS,
    _UNION_TYPES,
    _compile_decoder,
    _compile_encoder,
    _Factory,
    _Field,
    _Linker,
    _unknown,
)
from .deferred import _DEFERRED, _Deferred

# ---- copied into generated modules from here on ----

# attributes read by name: a model's own (``additional_properties`` only where the
# schema allows other keys), and ``Annotated``'s metadata
_FIELDS_SET, _EXTRA, _METADATA = "_fields_set", "additional_properties", "__metadata__"

_M = TypeVar("_M", bound="_Model")


class _Model:
    """The base of every generated dataclass: its JSON form, read and written."""

    _fields_set: ClassVar[frozenset[str]] = (
        frozenset()
    )  # keys of the JSON it was read from

    def __init_subclass__(
        cls,
        *,
        unknown_keys: Literal["keep", "ignore"] = "keep",
        other_keys: str | None = None,
    ) -> None:
        """``unknown_keys="ignore"``: keys the schema does not name are dropped.
        ``other_keys``: a regular expression that each of them must match (searched, as
        ``patternProperties`` are), else the object is refused."""
        super().__init_subclass__()
        if unknown_keys == "ignore":
            _IGNORING.add(cls)
        if other_keys is not None:
            _OTHER_KEYS[cls] = other_keys

    @classmethod
    def from_dict(cls: type[_M], data: Any) -> _M:
        """Decode from the JSON form; raise ``ValueError``, naming the place, if that
        cannot be done."""
        try:
            decoded: _M = (_DECODERS.get(cls) or _decoder_of(cls))(data)
        except _DecodeError as error:
            raise ValueError(_where(cls.__name__, error) + error.message) from None
        return decoded

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: wire names; optional properties only when present in the input
        or set."""
        return _encoder_of(type(self))(self)


for _name in _DEFERRED:  # what ``dataclass`` makes, until it has made it (deferred.py)
    setattr(_Model, _name, _Deferred(_name))


def decode(annotation: Any, data: Any) -> Any:
    """Decode ``data`` as a value of ``annotation`` (a model, an alias of this module,
    ``list[...]``...)."""
    try:
        return _decoder(annotation)(data)
    except _DecodeError as error:
        owner = annotation.__name__ if isinstance(annotation, type) else "value"
        raise ValueError(_where(owner, error) + error.message) from None


def encode(value: Any) -> Any:
    """The JSON form of a value: models through ``to_dict``, lists and dicts item by
    item."""
    if isinstance(value, _Model):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        items: list[Any] = typing.cast(Any, value)
        return [encode(item) for item in items]
    if isinstance(value, dict):
        entries: dict[str, Any] = typing.cast(Any, value)
        return {key: encode(item) for key, item in entries.items()}
    if isinstance(value, enum.Enum):
        return value.value
    for kind, (_, write) in _FORMATS.items():
        if isinstance(value, kind):
            return write(value)
    # a type of the user's own (the option types)
    to_json = getattr(value, "to_json", None)
    return to_json() if callable(to_json) else value


_IGNORING: set[type[Any]] = (
    set()
)  # models that drop the keys their schema does not name
# by model: the pattern of the keys its schema does not name, where only some are
# allowed
_OTHER_KEYS: dict[type[Any], str] = {}
# by class: its fields, their defaults, and its ``additional_properties``: (its
# default, its values' annotation), or None
_FIELDS_OF: dict[type[Any], tuple[list[_Field], list[Any], tuple[Any, Any] | None]] = {}
_ENCODERS: dict[type[Any], typing.Callable[[Any], dict[str, Any]]] = {}


def _fields_of(
    cls: type[Any],
) -> tuple[list[_Field], list[Any], tuple[Any, Any] | None]:
    """How the codec reads and writes a dataclass: read from its fields and annotations
    (resolved on first use: they may name classes defined after it)."""
    found = _FIELDS_OF.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls, include_extras=True)
        fields: list[_Field] = []
        defaults: list[Any] = []
        extra: tuple[Any, Any] | None = None
        for f in dataclasses.fields(typing.cast(Any, cls)):
            default: Any = f.default
            if f.default_factory is not dataclasses.MISSING:
                default = _Factory(f.default_factory)
            if f.name == _EXTRA:
                extra = (default, typing.get_args(hints[f.name])[1])
            else:
                fields.append(_Field(f, hints[f.name]))
                defaults.append(default)
        found = _FIELDS_OF[cls] = (fields, defaults, extra)
    return found


def _decoder_of(cls: type[Any]) -> _Decode:
    """The decoder of a dataclass: compiled on first use."""
    found = _DECODERS.get(cls)
    if found is None:
        fields, defaults, extra = _fields_of(cls)
        wires = frozenset(f.wire for f in fields)
        others = _OTHER_KEYS.get(cls)
        rest = _unknown(
            wires,
            None if extra is None else _decoder(extra[1]),
            cls in _IGNORING,
            None if others is None else re.compile(others),
        )
        default = None if extra is None else extra[0]
        # the keys its fields name, where others are kept as they came
        plain = extra is not None and extra[1] is Any and others is None
        found = _compile_decoder(
            cls, fields, defaults, (default, rest, wires if plain else None), _LINKER
        )
    return found


def _encoder_of(cls: type[Any]) -> typing.Callable[[Any], dict[str, Any]]:
    """The encoder of a dataclass: compiled on first use."""
    found = _ENCODERS.get(cls)
    if found is None:
        fields, defaults, extra = _fields_of(cls)
        found = _ENCODERS[cls] = _compile_encoder(
            fields, defaults, extra is not None, encode, _LINKER
        )
    return found


def _decoder(annotation: Any) -> _Decode:
    """A function that checks and converts one JSON value of ``annotation``."""
    if annotation is Any:
        return _same
    if annotation is None:  # `None` in an annotation stands for its type (JSON null)
        annotation = type(None)
    if isinstance(annotation, (str, typing.ForwardRef)):
        return _forward(annotation)
    if annotation is typing.NoReturn:
        return _nothing
    if annotation in _KINDS:
        return _scalar(annotation)
    if annotation in _FORMATS:
        return _text(annotation)
    if isinstance(annotation, enum.EnumMeta):
        return _member_of(typing.cast("type[enum.Enum]", annotation))
    if _is_model(annotation):  # compiled when first called (it may contain itself)
        return _DECODERS.get(annotation) or _later(annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Literal:
        return _one_of(args)
    if origin is list:
        return _list(_decoder(args[0]))
    if origin is tuple:
        return _tuple([_decoder(a) for a in args])
    if origin is dict:
        return _map(_decoder(args[1]))
    if origin in _UNION_TYPES:
        return _union([_decoder(a) for a in args], [_kinds(a) for a in args])
    if origin is typing.Annotated:
        metadata: tuple[Any, ...] = getattr(annotation, _METADATA)
        tag = next((m for m in metadata if isinstance(m, _Tag)), None)
        if tag is not None:
            return _tagged(tag, args[0])
        return _decoder(args[0])
    if callable(getattr(annotation, "from_json", None)):
        return _own(annotation)
    raise TypeError(f"no JSON decoder for {annotation!r}")


def _later(model: type[Any]) -> _Decode:
    return lambda value: _decoder_of(model)(value)


def _named(annotation: str | typing.ForwardRef) -> Any:
    """The type a string names in this module (a type that contains itself refers to
    itself by name: ``JsonValue = str | list["JsonValue"]``)."""
    name = annotation if isinstance(annotation, str) else annotation.__forward_arg__
    return globals()[name]


def _forward(annotation: str | typing.ForwardRef) -> _Decode:
    """The decoder of a type named by a string, found on first use (it may be the type
    being decoded itself)."""
    found: list[_Decode] = []

    def convert(value: Any) -> Any:
        if not found:
            found.append(_decoder(_named(annotation)))
        return found[0](value)

    return convert


def _tuple(items: list[_Decode]) -> _Decode:
    def convert(value: Any) -> Any:
        if not isinstance(value, list):
            raise _DecodeError(f"expected a JSON array, got {_got(value)}")
        found: list[Any] = typing.cast(Any, value)
        if len(found) != len(items):
            raise _DecodeError(f"expected {len(items)} items, got {len(found)}")
        result: list[Any] = []
        for i, (item, element) in enumerate(zip(items, found, strict=True)):
            try:
                result.append(item(element))
            except _DecodeError as error:
                raise error.at(f"[{i}]") from None
        return tuple(result)

    return convert


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, _Model)


def _list(item: _Decode) -> _Decode:
    def convert(value: Any) -> Any:
        if not isinstance(value, list):
            raise _DecodeError(f"expected a JSON array, got {_got(value)}")
        items: list[Any] = typing.cast(Any, value)
        result: list[Any] = []
        for i, element in enumerate(items):
            try:
                result.append(item(element))
            except _DecodeError as error:
                raise error.at(f"[{i}]") from None
        return result

    return convert


def _map(item: _Decode) -> _Decode:
    def convert(value: Any) -> Any:
        if not isinstance(value, dict):
            raise _DecodeError(f"expected a JSON object, got {_got(value)}")
        entries: dict[str, Any] = typing.cast(Any, value)
        result: dict[str, Any] = {}
        for key, element in entries.items():
            try:
                result[key] = item(element)
            except _DecodeError as error:
                raise error.at(f"[{key!r}]") from None
        return result

    return convert


def _kinds(annotation: Any) -> frozenset[str]:
    """The JSON kinds a value of ``annotation`` can have (``any`` for all)."""
    if annotation is Any:
        return frozenset({"any"})
    if isinstance(annotation, (str, typing.ForwardRef)):
        return _kinds(_named(annotation))
    if annotation in _KINDS:
        return frozenset(
            {"integer", "number"} if annotation is float else {_KINDS[annotation]}
        )
    if annotation in _FORMATS or isinstance(annotation, enum.EnumMeta):
        return frozenset({"string"})
    if _is_model(annotation):
        return frozenset({"object"})
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Literal:
        return frozenset(_KINDS[type(a)] for a in args)
    if origin is list or origin is tuple:
        return frozenset({"array"})
    if annotation is typing.NoReturn:
        return frozenset()
    if origin is dict:
        return frozenset({"object"})
    if origin is typing.Annotated:
        return _kinds(args[0])
    return frozenset[str]().union(*(_kinds(a) for a in args))


def _union(members: list[_Decode], kinds: list[frozenset[str]]) -> _Decode:
    """Decode by the JSON kind of the value when that tells one member apart; else by
    the members that accept it: for an object, the one that names most of its keys (the
    most specific, so that no key is lost to a less specific member), else the first."""

    by_kind: dict[str, list[_Decode]] = {}  # the candidates for each kind of value

    def convert(value: Any) -> Any:
        kind = _kind(value)
        candidates = by_kind.get(kind)
        if candidates is None:
            candidates = by_kind[kind] = [
                m
                for m, k in zip(members, kinds, strict=True)
                if kind in k or "any" in k or (kind == "integer" and "number" in k)
            ]
        if len(candidates) == 1:  # what it gives, or its error
            return candidates[0](value)
        error: _DecodeError | None = None
        best: Any = None
        best_unnamed = -1
        for member in candidates:
            try:
                decoded = member(value)
            except _DecodeError as failed:
                error = error or failed
                continue
            if kind != "object":
                return decoded
            unnamed = _unnamed_keys(decoded)
            if best_unnamed < 0 or unnamed < best_unnamed:
                best, best_unnamed = decoded, unnamed
            if unnamed == 0:
                break
        if best_unnamed >= 0:
            return best
        if len(candidates) == 1 and error is not None:
            raise error
        raise _DecodeError(f"no member of the union matches {_got(value)}")

    return convert


def _unnamed_keys(decoded: Any) -> int:
    """How many keys of the object a decoded member did not name (kept as extras)."""
    if isinstance(decoded, _Model):
        extra: dict[str, Any] = getattr(decoded, "additional_properties", {})
        return len(extra)
    return (
        len(typing.cast("dict[str, Any]", decoded)) if isinstance(decoded, dict) else 0
    )


def _tagged(tag: _Tag, union: Any) -> _Decode:
    """Decode a union of models by the value of its tag property."""
    members: dict[str, type[_Model]] = {}
    decoders: dict[str, _Decode] = {}  # by tag value, once a member's is asked for

    def convert(value: Any) -> Any:
        if value.__class__ is dict:  # the way a known tag goes
            found = value.get(tag.name)
            if found.__class__ is str and found in decoders:
                return decoders[found](value)
        if not members:
            known = typing.get_args(union)
            if tag.fallback is not None:
                known = tuple(m for m in known if m is not tag.fallback)
            members.update(tag.values or _tags_of(tag.name, known))
        if not isinstance(value, dict):
            raise _DecodeError(f"expected a JSON object, got {_got(value)}")
        entries: dict[str, Any] = typing.cast(Any, value)
        found = entries.get(tag.name)
        model = members.get(found) if isinstance(found, str) else None
        if model is not None and type(found) is str:
            decoder = decoders[found] = _decoder_of(model)
            return decoder(value)
        model = model or tag.fallback
        if model is None and tag.name not in entries:
            raise _DecodeError(
                f"missing required key {tag.name!r}, "
                f"which says which of {tuple(members)!r} it is"
            )
        if model is None:
            raise _DecodeError(
                f"unknown {tag.name} {_got(found)}: expected one of {tuple(members)!r}"
            ).at("." + tag.name)
        return _decoder_of(model)(value)

    return convert


def _tags_of(name: str, models: tuple[Any, ...]) -> dict[str, type[_Model]]:
    """Each tag value of the models' ``Literal`` annotations of the property
    ``name``."""
    found: dict[str, type[_Model]] = {}
    for model in models:
        for f in _fields_of(model)[0]:
            if f.wire == name:
                for value in typing.get_args(f.annotation):
                    found[value] = model
    return found


_LINKER = _Linker(_is_model, _kinds, _decoder_of, _decoder)
