"""The JSON ↔ dataclass code of the dataclasses flavour: ``from_dict``, ``to_dict`` and decoders.

Generated dataclasses read and write JSON with no third-party runtime dependency. ``from_dict``
checks what makes the structure unambiguous: the input is an object, required keys are present,
constant and enum values are known, a union member can be told apart (by its tag, or by the JSON
kind of the value). It does not check scalar types or constraints: that is what the Pydantic
flavour is for. ``to_dict`` writes wire names, leaves out optional properties that were absent
(an explicit ``null`` that was present is kept) and keeps unknown properties of open objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator import ir
from generator.naming import Names
from generator.normalise import SpecIR
from generator.pysyntax import literal, string

if TYPE_CHECKING:
    from generator.render import TypeWriter

ANY_KIND = "any"
_PRIMITIVE_KINDS = {"str": {"str"}, "int": {"int"}, "float": {"int", "float"}, "bool": {"bool"}, "None": {"null"}}
_CONDITIONS = {
    "str": "isinstance(data, str)",
    "bool": "isinstance(data, bool)",
    "null": "data is None",
    "list": "isinstance(data, list)",
    "dict": "isinstance(data, dict)",
}
_LOOP_NAMES = ("item", "inner", "element", "entry", "value")


@dataclass
class ModelCodec:
    args: list[str]
    required_entries: list[str]
    optional_entries: list[tuple[str, str, str]]
    fields_set: bool
    extra_annotation: str | None
    extra_decode: str | None
    known: str | None


@dataclass
class Branch:
    kind: str  # "if" or "try"
    condition: str
    expression: str


@dataclass
class DecoderView:
    name: str
    function: str
    expression: str | None
    branches: list[Branch] = field(default_factory=list)
    fallback: str | None = None


def decoder_name(class_name: str) -> str:
    return f"_decode_{class_name}"


class CodecWriter:
    def __init__(self, spec: SpecIR, names: Names) -> None:
        self.spec = spec
        self.names = names
        self.helpers_used: set[str] = {"_require_object"}
        self._needs: dict[str, bool] = {}
        self.uses_cast = False

    def imports(self) -> list[tuple[str, str]]:
        found = [("typing", "Any"), ("collections.abc", "Mapping"), ("dataclasses", "field")]
        return found + [("typing", "cast")] if self.uses_cast else found

    # -- what needs converting --------------------------------------------------------------

    def needs(self, t: ir.TypeExpr) -> bool:
        """Whether a JSON value of type ``t`` needs code to become its Python value (or be checked)."""
        if isinstance(t, ir.Ref):
            d = self.spec.definitions[t.key]
            if isinstance(d, ir.Model):
                return True
            if t.key not in self._needs:
                self._needs[t.key] = False  # a cycle through aliases alone converts nothing
                self._needs[t.key] = self.needs_decoder(d)
            return self._needs[t.key]
        if isinstance(t, ir.LiteralOf):
            return True
        if isinstance(t, (ir.ListOf, ir.MapOf, ir.Nullable, ir.Constrained)):
            return any(self.needs(c) for c in ir.children(t))
        return False  # scalars, Any, and inline unions of scalars are taken as they are

    def needs_decoder(self, d: ir.Alias) -> bool:
        if isinstance(d.type, ir.UnionOf):
            return any(self.needs(m) for m in d.type.members)
        return self.needs(d.type)

    def decode(self, t: ir.TypeExpr, value: str, where: str, depth: int = 0) -> str:
        """A Python expression converting the JSON value ``value`` of type ``t``."""
        if not self.needs(t):
            return value
        if isinstance(t, ir.Ref):
            name = self.names.cls(t.key)
            d = self.spec.definitions[t.key]
            return f"{name}.from_dict({value})" if isinstance(d, ir.Model) else f"{decoder_name(name)}({value})"
        if isinstance(t, ir.LiteralOf):
            self.helpers_used.add("_one_of")
            return f"_one_of({value}, {tuple_literal(literal(v) for v in t.values)}, {string(where)})"
        var = _LOOP_NAMES[depth % len(_LOOP_NAMES)] + ("" if depth < len(_LOOP_NAMES) else str(depth))
        if isinstance(t, ir.ListOf):
            return f"[{self.decode(t.item, var, where, depth + 1)} for {var} in {value}]"
        if isinstance(t, ir.MapOf):
            key = "key" if depth == 0 else f"key_{var}"
            return f"{{{key}: {self.decode(t.value, var, where, depth + 1)} for {key}, {var} in {value}.items()}}"
        if isinstance(t, ir.Nullable):
            return f"None if {value} is None else {_paren(self.decode(t.inner, value, where, depth))}"
        if isinstance(t, ir.Constrained):
            return self.decode(t.inner, value, where, depth)
        raise TypeError(f"cannot decode {t!r}")

    def encode(self, t: ir.TypeExpr, value: str) -> str:
        if self._scalar(t):
            return value
        self.helpers_used.add("_to_json")
        return f"_to_json({value})"

    def _scalar(self, t: ir.TypeExpr) -> bool:
        if isinstance(t, (ir.Primitive, ir.LiteralOf)):
            return True
        if isinstance(t, (ir.Nullable, ir.Constrained)):
            return self._scalar(t.inner)
        if isinstance(t, ir.UnionOf):
            return all(self._scalar(m) for m in t.members)
        if isinstance(t, ir.Ref):
            d = self.spec.definitions[t.key]
            return isinstance(d, ir.Alias) and isinstance(d.type, (ir.Primitive, ir.LiteralOf))
        return False

    # -- models ----------------------------------------------------------------------------

    def model(self, d: ir.Model, types: TypeWriter) -> ModelCodec:
        owner = self.names.cls(d.key)
        args: list[str] = []
        required_entries: list[str] = []
        optional_entries: list[tuple[str, str, str]] = []
        for f in d.fields:
            attr = self.names.attr(d, f)
            wire = string(f.wire_name)
            where = f"{owner}.{f.wire_name}"
            if f.required:
                args.append(f"{attr}={self.decode(f.type, f'data[{wire}]', where)}")
                required_entries.append(f"{wire}: {self.encode(f.type, 'self.' + attr)}")
                continue
            absent = "None" if f.default is None else literal(f.default.value)
            if self.needs(f.type):
                present = _paren(self.decode(f.type, f"data[{wire}]", where))
                args.append(f"{attr}={present} if {wire} in data else {absent}")
            elif f.default is None:
                args.append(f"{attr}=data.get({wire})")
            else:
                args.append(f"{attr}=data.get({wire}, {absent})")
            differs = f"self.{attr} is not None" if absent == "None" else f"self.{attr} != {absent}"
            optional_entries.append((f"{wire} in self._fields_set or {differs}", wire, self.encode(f.type, "self." + attr)))
        if optional_entries:
            args.append("_fields_set=frozenset(data)")
        extra_annotation = extra_decode = known = None
        if d.extra is not None:
            self.helpers_used.add("_extra")
            self.helpers_used.add("_to_json")
            extra_annotation = f"dict[str, {types.annotation(d.extra)}]"
            known = tuple_literal(string(f.wire_name) for f in d.fields)
            inner = self.decode(d.extra, "item", f"{owner}.*", 1)
            extra = f"_extra(data, {known})"
            extra_decode = extra if inner == "item" else f"{{key: {inner} for key, item in {extra}.items()}}"
            args.append(f"additional_properties={extra_decode}")
        return ModelCodec(
            args=args,
            required_entries=required_entries,
            optional_entries=optional_entries,
            fields_set=bool(optional_entries),
            extra_annotation=extra_annotation,
            extra_decode=extra_decode,
            known=known,
        )

    # -- aliases: decoder functions ----------------------------------------------------------

    def decoder(self, d: ir.Alias) -> DecoderView:
        name = self.names.cls(d.key)
        view = DecoderView(name, decoder_name(name), None)
        t = d.type
        if not isinstance(t, ir.UnionOf):
            view.expression = self._typed(self.decode(t, "data", name), name)
            return view
        self.helpers_used.add("_no_match")
        tagged: dict[int, list[str]] = {}
        for value, i in t.tags:
            tagged.setdefault(i, []).append(value)
        kinds = [self.kinds(m) for m in t.members]
        ifs: list[Branch] = []
        tries: list[Branch] = []
        for i, member in enumerate(t.members):
            expression = self._typed(self.decode(member, "data", name), name)
            if i in tagged:
                values = tagged[i]
                test = f"== {string(values[0])}" if len(values) == 1 else f"in {tuple_literal(string(v) for v in values)}"
                ifs.append(Branch("if", f"isinstance(data, dict) and data.get({string(t.tag or '')}) {test}", expression))
            elif ANY_KIND in kinds[i]:
                view.fallback = expression
            elif all(not (kinds[i] & kinds[j]) for j in range(len(t.members)) if j != i and j not in tagged):
                ifs.append(Branch("if", _condition(kinds[i]), expression))
            else:
                tries.append(Branch("try", "", expression))
        view.branches = ifs + tries
        return view

    def _typed(self, expression: str, name: str) -> str:
        """``expression``, cast to the alias where it is only known as ``Any`` (mypy --strict)."""
        if expression == "data" or expression.startswith("_one_of("):
            self.uses_cast = True
            return f"cast({name}, {expression})"
        return expression

    def kinds(self, t: ir.TypeExpr, seen: frozenset[str] = frozenset()) -> set[str]:
        """The JSON kinds a value of ``t`` can have."""
        if isinstance(t, ir.Primitive):
            return set(_PRIMITIVE_KINDS[t.kind])
        if isinstance(t, ir.LiteralOf):
            return {"null" if v is None else "bool" if isinstance(v, bool) else "int" if isinstance(v, int) else "str" for v in t.values}
        if isinstance(t, ir.ListOf):
            return {"list"}
        if isinstance(t, ir.MapOf):
            return {"dict"}
        if isinstance(t, ir.Ref):
            d = self.spec.definitions[t.key]
            if isinstance(d, ir.Model):
                return {"dict"}
            return set() if t.key in seen else self.kinds(d.type, seen | {t.key})
        if isinstance(t, (ir.Nullable, ir.Constrained, ir.UnionOf)):
            extra = {"null"} if isinstance(t, ir.Nullable) else set()
            return extra.union(*(self.kinds(c, seen) for c in ir.children(t)))
        return {ANY_KIND}


def tuple_literal(items: Iterable[str]) -> str:
    """A tuple display as black writes it: ``()``, ``(a,)``, ``(a, b)``."""
    parts = list(items)
    return f"({parts[0]},)" if len(parts) == 1 else "(" + ", ".join(parts) + ")"


def _condition(kinds: set[str]) -> str:
    parts = []
    if {"int", "float"} <= kinds:
        parts.append("(isinstance(data, (int, float)) and not isinstance(data, bool))")
    elif "int" in kinds:
        parts.append("(isinstance(data, int) and not isinstance(data, bool))")
    parts.extend(_CONDITIONS[k] for k in sorted(kinds - {"int", "float"}))
    if len(parts) == 1 and parts[0].startswith("("):
        return parts[0][1:-1]
    return " or ".join(parts)


def _paren(expression: str) -> str:
    return f"({expression})" if " if " in expression and not expression.startswith(("[", "{")) else expression
