"""The decoders and encoders of the dataclasses codec, written for each class when it is first
read or written: a straight-line function of its fields (type checks, the decoders of nested
models called directly, wire names, defaults), compiled once, rather than a description of the
class interpreted for every value. ``runtime.py`` says what they do; this module only writes
the code that does it, with the same checks and the same messages.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union

from .checks import _Decode, _DecodeError, _got

# ---- copied into generated modules from here on ----

_UNION_TYPES: tuple[Any, ...] = (Union, types.UnionType)
_PLAIN = frozenset({str, int, float, bool, type(None)})  # written as they are
# the test of each JSON kind, as ``_kind`` tells them apart
_IS_KIND = {
    "object": "isinstance({0}, dict)",
    "array": "isinstance({0}, list)",
    "string": "{0}.__class__ is str",
    "integer": "{0}.__class__ is int",
    "number": "{0}.__class__ is float or {0}.__class__ is int",
    "boolean": "{0}.__class__ is bool",
    "null": "{0} is None",
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
    if origin in _UNION_TYPES and _write_union(code, args, var, depth):
        return
    code.add(depth, f"{var} = {code.name(code.linker.other(annotation), '_c')}({var})")


def _write_union(code: _Code, members: tuple[Any, ...], var: str, depth: int) -> bool:
    """A union whose members take values of different JSON kinds: the member of the
    value's kind decodes it (as the codec's union does when one member is left). False
    (nothing written) where the kinds do not tell the members apart."""
    kinds = [code.linker.kinds(member) for member in members]
    taken: set[str] = set()
    for k in kinds:
        # an integer is a number
        accepted = k | {"integer"} if "number" in k else k
        if "any" in k or taken & accepted:
            return False
        taken |= accepted
    branch = "if"
    for member, k in zip(members, kinds, strict=True):
        if not k:  # no value is one of it
            continue
        tests = [_IS_KIND[kind] for kind in sorted(k)]
        if "integer" in k and "number" in k:  # one test
            tests.remove(_IS_KIND["integer"])
        code.add(depth, f"{branch} {' or '.join(tests).format(var)}:")
        branch = "elif"
        start = len(code.lines)
        if not (isinstance(member, type) and (member in _CHECKS or member is float)):
            _write(code, member, var, depth + 1)  # else the kind said it all
        if len(code.lines) == start:
            code.add(depth + 1, "pass")
    if branch == "if":
        code.fail(depth, "no member of the union matches ", var)
    else:
        code.add(depth, "else:")
        code.fail(depth + 1, "no member of the union matches ", var)
    return True


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
) -> list[str]:
    """The first part of a class's decoder: each field read in turn from ``data`` (its
    default where it is absent: ``defaults``, by field, a value or a ``_Factory``);
    ``found`` counts the keys read. The keyword arguments of the class, returned."""
    code.add(0, "def function(data):")
    code.add(1, "if not isinstance(data, dict):")
    code.fail(2, "expected a JSON object, got ", "data")
    code.add(1, f"found = {sum(f.required for f in fields)}")
    arguments: list[str] = []
    for f, default in zip(fields, defaults, strict=True):
        var, wire = code.local(), repr(f.wire)
        arguments.append(f"{f.attr}={var}")
        code.add(1, f"if {wire} in data:")
        code.add(2, f"{var} = data[{wire}]")
        if f.absent_is_none and not f.nullable:
            code.add(2, f"if {var} is None:")
            message = "may be left out, but must not be null"
            code.add(3, f"raise _DecodeError({message!r}).at({'.' + f.wire!r})")
        _guarded(code, f.annotation, var, 2, repr("." + f.wire))
        if f.required:
            code.add(1, "else:")
            code.add(2, f"raise _DecodeError({f'missing required key {f.wire!r}'!r})")
            continue
        code.add(2, "found += 1")
        code.add(1, "else:")
        code.add(2, f"{var} = {_default(code, default)}")
    return arguments


def _unknown(
    wires: frozenset[str], extra: _Decode | None, ignoring: bool
) -> Callable[[dict[str, Any]], Any]:
    """What reads the keys of an object that its class's fields do not name: into its
    ``additional_properties`` by ``extra``; without them, dropped (``ignoring``) or an
    error (the object is closed)."""

    def rest(values: dict[str, Any]) -> Any:
        unknown = [key for key in values if key not in wires]
        if extra is None:
            if ignoring:
                return None
            raise _DecodeError(f"unknown key {unknown[0]!r} (the object is closed)")
        found: dict[str, Any] = {}
        for key in unknown:
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


def _compile_decoder(
    cls: type[Any],
    fields: list[_Field],
    defaults: list[Any],
    extra: tuple[Any, _Decode | None],
    linker: _Linker,
) -> _Decode:
    """The decoder of a dataclass, compiled. ``extra``: the default of its
    ``additional_properties`` (``None`` if it has none), and what reads the keys its
    fields do not name (``None``: none are allowed)."""
    code = _Code(linker)
    arguments = _decoder_source(code, fields, defaults)
    rest = code.name(extra[1], "_rest")
    if extra[0] is not None:
        absent = _default(code, extra[0])
        code.add(1, f"extra = {absent} if len(data) == found else {rest}(data)")
        arguments.append("additional_properties=extra")
    else:
        code.add(1, "if len(data) != found:")
        code.add(2, f"{rest}(data)")
    code.add(1, f"result = {code.name(cls, '_cls')}({', '.join(arguments)})")
    keys = "(result, '_fields_set', frozenset(data))"
    code.add(1, f"{code.name(object.__setattr__, '_set')}{keys}")
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
