"""The decoders and encoders of the dataclasses codec, written for each class when it is first
read or written: a straight-line function of its fields (type checks, the decoders of nested
models called directly, wire names, defaults), compiled once, rather than a description of the
class interpreted for every value. ``runtime.py`` says what they do; this module only writes
the code that does it, with the same checks and the same messages.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union

from .checks import _Decode, _DecodeError, _got
from .deferred import _WRITTEN_INIT

# ---- copied into generated modules from here on ----

_UNION_TYPES: tuple[Any, ...] = (Union, types.UnionType)
_PLAIN = frozenset({str, int, float, bool, type(None)})  # written as they are
# the test of each JSON kind of a value, as ``_kind`` tells them apart (null first: it
# is the cheapest, and the commonest in unions)
_IS_KIND = {
    "null": "{0} is None",
    "object": "isinstance({0}, dict)",
    "array": "isinstance({0}, list)",
    "string": "{0}.__class__ is str",
    "integer": "{0}.__class__ is int",
    "number": "{0}.__class__ is float",
    "boolean": "{0}.__class__ is bool",
}
_CHECKS = {
    str: "expected a string",
    int: "expected an integer",
    bool: "expected a boolean",
    type(None): "expected a null",
}


class _Field:
    """One field of a dataclass as the codec reads it."""

    __slots__ = ("attr", "wire", "annotation", "required", "absent_is_none", "nullable")

    def __init__(self, f: dataclasses.Field[Any], annotation: Any) -> None:
        self.attr = f.name
        wire = f.metadata.get("wire")
        self.wire: str = f.name if wire is None else wire  # "" is a key too
        self.annotation = annotation
        self.required = (
            f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        )
        self.absent_is_none = f.default is None
        self.nullable: bool = f.metadata.get("nullable", False)


class _Linker:
    """What the writer asks the codec: whether an annotation is a model, the JSON kinds
    of a type, the decoder of a model (once compiled) and the decoder of any other
    type."""

    def __init__(
        self,
        is_model: Callable[[Any], bool],
        kinds: Callable[[Any], frozenset[str]],
        model: Callable[[type[Any]], _Decode],
        other: Callable[[Any], _Decode],
    ) -> None:
        self.is_model = is_model
        self.kinds = kinds
        self.model = model
        self.other = other


class _Code:
    """The text and the names of one function being written."""

    def __init__(self, linker: _Linker) -> None:
        self.linker = linker
        self.lines: list[str] = []
        self.names: dict[str, Any] = {
            "_DecodeError": _DecodeError,
            "_got": _got,
            "_PLAIN": _PLAIN,
        }
        self.count = 0

    def name(self, value: Any, prefix: str = "_n") -> str:
        """A name of the function's globals for ``value``."""
        self.count += 1
        name = f"{prefix}{self.count}"
        self.names[name] = value
        return name

    def local(self) -> str:
        self.count += 1
        return f"v{self.count}"

    def add(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def fail(self, depth: int, message: str, value: str) -> None:
        """A line that raises ``message`` (which ends where the value is shown)."""
        self.add(depth, f"raise _DecodeError({message!r} + _got({value}))")

    def compiled(self) -> Any:
        """The function written (its globals are ``names``: a decoder compiled later is
        put in the place of its stand-in there)."""
        exec("\n".join(self.lines), self.names)
        return self.names["function"]


def _write(code: _Code, annotation: Any, var: str, depth: int) -> None:
    """Statements that check ``var`` as a value of ``annotation`` and set it to what it
    decodes to (as the codec's decoder of that annotation does)."""
    if annotation is Any:
        return
    if annotation is None:
        annotation = type(None)
    if isinstance(annotation, type) and annotation in _CHECKS:
        code.add(depth, f"if type({var}) is not {code.name(annotation)}:")
        code.fail(depth + 1, _CHECKS[annotation] + ", got ", var)
        return
    if annotation is float:
        code.add(depth, f"if type({var}) is not float and type({var}) is not int:")
        code.fail(depth + 1, "expected a number, got ", var)
        return
    if code.linker.is_model(annotation):
        code.add(depth, f"{var} = {_link(code, annotation)}({var})")
        return
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Literal and all(type(a) is str for a in args):
        allowed = code.name(frozenset(args))
        code.add(depth, f"if type({var}) is not str or {var} not in {allowed}:")
        code.fail(depth + 1, f"expected one of {args!r}, got ", var)
        return
    if origin is list:
        return _write_list(code, args[0], var, depth)
    if origin is dict:
        return _write_map(code, args[1], var, depth)
    if origin in _UNION_TYPES and _write_union(code, annotation, args, var, depth):
        return
    code.add(depth, f"{var} = {code.name(code.linker.other(annotation), '_c')}({var})")


def _write_union(
    code: _Code, union: Any, members: tuple[Any, ...], var: str, depth: int
) -> bool:
    """A union, decoded by the JSON kind of the value (as the codec's union does): a
    kind that one member takes is read by that member, inline; a kind that several
    take goes to the codec's union, which tries them; any other kind is an error. The
    kinds of members that need no more check than the kind are tested first, together.
    False (nothing written) where a member takes any value."""
    kinds = [code.linker.kinds(member) for member in members]
    if any("any" in k for k in kinds):
        return False
    groups = _by_taker(kinds)
    plain = [k for i, g in groups.items() if i >= 0 and _plain(members[i]) for k in g]
    branch = "if"
    if plain:
        code.add(depth, f"if {_any_of(plain, var)}:")
        code.add(depth + 1, "pass")
        branch = "elif"
    for i, group in groups.items():
        if i >= 0 and _plain(members[i]):
            continue
        code.add(depth, f"{branch} {_any_of(group, var)}:")
        branch = "elif"
        if i < 0:  # the codec's union tries the members that take it
            tries = code.name(code.linker.other(union), "_c")
            code.add(depth + 1, f"{var} = {tries}({var})")
            continue
        start = len(code.lines)
        _write(code, members[i], var, depth + 1)
        if len(code.lines) == start:
            code.add(depth + 1, "pass")
    if branch == "if":
        code.fail(depth, "no member of the union matches ", var)
    else:
        code.add(depth, "else:")
        code.fail(depth + 1, "no member of the union matches ", var)
    return True


def _by_taker(kinds: list[frozenset[str]]) -> dict[int, list[str]]:
    """The JSON kinds of values by the member that takes them (its index; -1 where
    several do), in the order of ``_IS_KIND``; a kind that no member takes is left
    out."""
    groups: dict[int, list[str]] = {}
    for kind in _IS_KIND:
        takers = [
            i
            for i, k in enumerate(kinds)
            if kind in k or (kind == "integer" and "number" in k)  # an integer is one
        ]
        if takers:
            groups.setdefault(takers[0] if len(takers) == 1 else -1, []).append(kind)
    return groups


def _plain(member: Any) -> bool:
    """Whether a value of one of the member's kinds needs no check but its kind."""
    return member is None or (
        isinstance(member, type) and (member in _CHECKS or member is float)
    )


def _any_of(kinds: list[str], var: str) -> str:
    return " or ".join(_IS_KIND[kind] for kind in kinds).format(var)


def _write_list(code: _Code, item: Any, var: str, depth: int) -> None:
    items, element = code.local(), code.local()
    code.add(depth, f"if not isinstance({var}, list):")
    code.fail(depth + 1, "expected a JSON array, got ", var)
    code.add(depth, f"{items} = []")
    code.add(depth, f"for {element} in {var}:")
    _guarded(code, item, element, depth + 1, f"f'[{{len({items})}}]'")
    code.add(depth + 1, f"{items}.append({element})")
    code.add(depth, f"{var} = {items}")


def _write_map(code: _Code, item: Any, var: str, depth: int) -> None:
    entries, key, element = code.local(), code.local(), code.local()
    code.add(depth, f"if not isinstance({var}, dict):")
    code.fail(depth + 1, "expected a JSON object, got ", var)
    code.add(depth, f"{entries} = {{}}")
    code.add(depth, f"for {key}, {element} in {var}.items():")
    _guarded(code, item, element, depth + 1, f"f'[{{{key}!r}}]'")
    code.add(depth + 1, f"{entries}[{key}] = {element}")
    code.add(depth, f"{var} = {entries}")


def _guarded(code: _Code, annotation: Any, var: str, depth: int, step: str) -> None:
    """``_write`` inside a ``try`` that adds ``step`` (an expression) to the path."""
    start = len(code.lines)
    _write(code, annotation, var, depth + 1)
    if len(code.lines) == start:  # nothing to check
        return
    code.lines.insert(start, "    " * depth + "try:")
    code.add(depth, "except _DecodeError as error:")
    code.add(depth + 1, f"raise error.at({step}) from None")


_DECODERS: dict[type[Any], _Decode] = {}  # by class, once compiled
# the globals of compiled decoders that call a class's decoder before it is compiled
_CALLERS: dict[type[Any], list[tuple[dict[str, Any], str]]] = {}


def _link(code: _Code, model: type[Any]) -> str:
    """The name under which the function calls the decoder of ``model``: the compiled
    one, or a stand-in that compiles it on first call and puts it in its place."""
    found = _DECODERS.get(model)
    if found is not None:
        return code.name(found, "_m")
    linker = code.linker

    def first(value: Any) -> Any:
        return linker.model(model)(value)

    name = code.name(first, "_m")
    _CALLERS.setdefault(model, []).append((code.names, name))
    return name


def _linked(cls: type[Any], decoder: _Decode) -> _Decode:
    """Record the compiled decoder of ``cls`` and put it in its callers' places."""
    _DECODERS[cls] = decoder
    for names, name in _CALLERS.pop(cls, []):
        names[name] = decoder
    return decoder


def _decoder_source(
    code: _Code, fields: list[_Field], defaults: list[Any]
) -> dict[str, str]:
    """The first part of a class's decoder: each field read in turn from ``data`` (its
    default where it is absent: ``defaults``, by field, a value or a ``_Factory``);
    ``found`` counts the keys read. The local that holds each field's value, by
    attribute, returned."""
    code.add(0, "def function(data):")
    code.add(1, "if data.__class__ is not dict:")
    code.add(2, "if not isinstance(data, dict):")
    code.fail(3, "expected a JSON object, got ", "data")
    # a dict of another class is read as the dict of its items (no ``__missing__``)
    code.add(2, "data = dict(data)")
    code.add(1, f"found = {sum(f.required for f in fields)}")
    values: dict[str, str] = {}
    for f, default in zip(fields, defaults, strict=True):
        var = values[f.attr] = code.local()
        wire = repr(f.wire)
        if f.required:  # one look-up where the key is there, as it must be
            code.add(1, "try:")
            code.add(2, f"{var} = data[{wire}]")
            code.add(1, "except KeyError:")
            missing = f"missing required key {f.wire!r}"
            code.add(2, f"raise _DecodeError({missing!r}) from None")
            _guarded(code, f.annotation, var, 1, repr("." + f.wire))
            continue
        code.add(1, f"if {wire} in data:")
        code.add(2, f"{var} = data[{wire}]")
        if f.absent_is_none and not f.nullable:
            code.add(2, f"if {var} is None:")
            message = "may be left out, but must not be null"
            code.add(3, f"raise _DecodeError({message!r}).at({'.' + f.wire!r})")
        _guarded(code, f.annotation, var, 2, repr("." + f.wire))
        code.add(2, "found += 1")
        code.add(1, "else:")
        code.add(2, f"{var} = {_default(code, default)}")
    return values


def _unknown(
    wires: frozenset[str],
    extra: _Decode | None,
    ignoring: bool,
    pattern: re.Pattern[str] | None = None,
) -> Callable[[dict[str, Any], frozenset[str]], Any]:
    """What reads the keys of an object that its class's fields do not name (given the
    object and its keys): into its ``additional_properties`` by ``extra`` (those that
    ``pattern`` finds, if there is one: another key is an error); without them, dropped
    (``ignoring``) or an error (the object is closed)."""

    def rest(values: dict[str, Any], keys: frozenset[str]) -> Any:
        if ignoring and extra is None:
            return None
        others = keys - wires
        # in the object's order
        unknown = (
            list(others) if len(others) == 1 else [k for k in values if k in others]
        )
        if extra is None:
            raise _DecodeError(f"unknown key {unknown[0]!r} (the object is closed)")
        found: dict[str, Any] = {}
        for key in unknown:
            if pattern is not None and pattern.search(key) is None:
                raise _DecodeError(
                    f"unknown key {key!r} (the object allows only other keys"
                    f" that match {pattern.pattern!r})"
                )
            try:
                found[key] = extra(values[key])
            except _DecodeError as error:
                raise error.at("." + key) from None
        return found

    return rest


class _Factory:
    """The default of a field made by a factory (``field(default_factory=...)``)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def _default(code: _Code, default: Any) -> str:
    """The expression of a default in the function: a value, or a factory called."""
    if isinstance(default, _Factory):
        return f"{code.name(default.make, '_f')}()"
    return code.name(default, "_d")


def _making(cls: type[Any]) -> str:
    """How a decoder makes an instance of ``cls``: by calling the class ("call"), or,
    where its ``__init__`` is the one ``dataclass`` wrote (it only stores each argument)
    and nothing else runs on the way (no ``__post_init__``, ``__new__``, metaclass,
    ``__setattr__`` or slots of its own), by doing those stores itself: "store" (as
    ``__init__`` does, attribute by attribute), or "dict" for a frozen class (whose
    ``__init__`` writes past its ``__setattr__``, into the instance's ``__dict__``)."""
    written = _WRITTEN_INIT.get(cls)
    if written is None or vars(cls).get("__init__") is not written:
        return "call"
    made: Any = cls  # its methods, compared with object's
    if (
        type(cls) is not type
        or made.__new__ is not object.__new__
        or hasattr(cls, "__post_init__")
        or any("__slots__" in vars(c) for c in cls.__mro__[:-1])
        or not all(f.init for f in dataclasses.fields(cls))
    ):
        return "call"
    if made.__dataclass_params__.frozen:
        return "dict"
    return "store" if made.__setattr__ is object.__setattr__ else "call"


def _write_making(code: _Code, cls: type[Any], values: dict[str, str]) -> None:
    """The lines that make ``result``, an instance of ``cls`` with ``values`` (the
    local of each attribute, in the order of the class's fields) and the keys read."""
    making = _making(cls)
    name = code.name(cls, "_cls")
    if making == "call":
        arguments = ", ".join(f"{attr}={var}" for attr, var in values.items())
        code.add(1, f"result = {name}({arguments})")
        code.add(
            1, f"{code.name(object.__setattr__, '_set')}(result, '_fields_set', keys)"
        )
        return
    code.add(1, f"result = {code.name(object.__new__, '_new')}({name})")
    values = {**values, "_fields_set": "keys"}
    if making == "dict":
        code.add(1, "attributes = result.__dict__")
        for attr, var in values.items():
            code.add(1, f"attributes[{attr!r}] = {var}")
    else:
        for attr, var in values.items():
            code.add(1, f"result.{attr} = {var}")


def _compile_decoder(
    cls: type[Any],
    fields: list[_Field],
    defaults: list[Any],
    extra: tuple[
        Any, Callable[[dict[str, Any], frozenset[str]], Any], frozenset[str] | None
    ],
    linker: _Linker,
) -> _Decode:
    """The decoder of a dataclass, compiled. ``extra``: the default of its
    ``additional_properties`` (``None`` if it has none), what reads the keys its fields
    do not name (``_unknown``), and the keys they name where the others are kept as
    they came (of ``Any``, no pattern), else ``None``."""
    code = _Code(linker)
    values = _decoder_source(code, fields, defaults)
    rest = code.name(extra[1], "_rest")
    code.add(1, "keys = frozenset(data)")
    if extra[0] is not None:
        code.add(1, "if len(data) == found:")
        code.add(2, f"extra = {_default(code, extra[0])}")
        if extra[2] is not None:  # one other key, kept as it came, as ``rest`` keeps it
            code.add(1, "elif len(data) == found + 1:")
            code.add(2, f"(key,) = keys - {code.name(extra[2], '_wires')}")
            code.add(2, "extra = {key: data[key]}")
        code.add(1, "else:")
        code.add(2, f"extra = {rest}(data, keys)")
        values["additional_properties"] = "extra"
    else:
        code.add(1, "if len(data) != found:")
        code.add(2, f"{rest}(data, keys)")
    order = [f.name for f in dataclasses.fields(cls) if f.name in values]
    _write_making(code, cls, {attr: values[attr] for attr in order})
    code.add(1, "return result")
    return _linked(cls, code.compiled())


def _compile_encoder(
    fields: list[_Field],
    defaults: list[Any],
    extra: bool,
    encode: Callable[[Any], Any],
    linker: _Linker,
) -> Callable[[Any], dict[str, Any]]:
    """The encoder of a dataclass, compiled: wire names; an optional field only when
    its key was read or its value is not its default; then the other keys kept."""
    code = _Code(linker)
    encoded = code.name(encode, "_encode")
    code.add(0, "def function(model):")
    code.add(1, "present = model._fields_set")
    code.add(1, "data = {}")
    for f, default in zip(fields, defaults, strict=True):
        wire = repr(f.wire)
        code.add(1, f"value = model.{f.attr}")
        depth = 1
        if not f.required:
            code.add(1, f"if {wire} in present or value != {_default(code, default)}:")
            depth = 2
        code.add(
            depth,
            f"data[{wire}] = value if type(value) in _PLAIN else {encoded}(value)",
        )
    if extra:
        code.add(1, "for key, item in model.additional_properties.items():")
        code.add(2, f"data.setdefault(key, {encoded}(item))")
    code.add(1, "return data")
    encoder: Callable[[Any], dict[str, Any]] = code.compiled()
    return encoder
