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
from typing import TYPE_CHECKING

from generator import ir
from generator.format.layout import Call, Cond, Expr, Pair, flat, place
from generator.naming import Names
from generator.ir import SpecIR
from generator.format.text import literal, string

if TYPE_CHECKING:
    from generator.render.types import TypeWriter

ANY_KIND = "any"
_PRIMITIVE_KINDS = {"str": {"str"}, "int": {"int"}, "float": {"int", "float"}, "bool": {"bool"}, "None": {"null"}}
_CONDITIONS = {
    "str": "isinstance(data, str)",
    "bool": "isinstance(data, bool)",
    "null": "data is None",
    "list": "isinstance(data, list)",
    "dict": "isinstance(data, dict)",
}


@dataclass
class ModelCodec:
    """The text of a dataclass's from_dict and to_dict, laid out for the template."""

    signature: str
    args: list[str]
    required_entries: list[str]
    optional_entries: list[tuple[str, str]]
    fields_set: bool
    extra_annotation: str | None


@dataclass
class Branch:
    kind: str  # "if" or "try"
    condition: str
    expression: str


@dataclass
class DecoderView:
    name: str
    signature: str
    expression: str | None
    branches: list[Branch] = field(default_factory=list)
    fallback: str | None = None
    no_match: str = ""


# Where the template puts each piece of code, so that its lines can be laid out in place.
BODY = " " * 4
NESTED = " " * 8
STATEMENTS = " " * 8
ENTRIES = " " * 12
ARGS = " " * 16


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
        if self.helpers_used & {"_list", "_map", "_nullable"}:
            found += [("typing", "TypeVar"), ("collections.abc", "Callable")]
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

    def decode(self, t: ir.TypeExpr, value: Expr, where: str) -> Expr:
        """An expression converting the JSON value ``value`` of type ``t`` (``value`` itself if
        nothing is to be done)."""
        if not self.needs(t):
            return value
        if isinstance(t, ir.Constrained):
            return self.decode(t.inner, value, where)
        if isinstance(t, ir.LiteralOf):
            self.helpers_used.add("_one_of")
            values = Call("", tuple(literal(v) for v in t.values))
            return Call("_one_of", (value, values, string(where)))
        if isinstance(t, ir.Nullable) and self._includes_null(t.inner):
            return self.decode(t.inner, value, where)  # its converter already takes null
        if isinstance(t, (ir.ListOf, ir.MapOf, ir.Nullable)):
            helper = {ir.ListOf: "_list", ir.MapOf: "_map", ir.Nullable: "_nullable"}[type(t)]
            self.helpers_used.add(helper)
            return Call(helper, (self.decoder_of(ir.children(t)[0], where), value))
        return Call(self._named_decoder(t), (value,))

    def _includes_null(self, t: ir.TypeExpr) -> bool:
        """A reference to an alias whose type already includes null."""
        if not isinstance(t, ir.Ref):
            return False
        d = self.spec.definitions[t.key]
        return isinstance(d, ir.Alias) and isinstance(d.type, ir.Nullable)

    def decoder_of(self, t: ir.TypeExpr, where: str) -> Expr:
        """A callable that converts one JSON value of type ``t``."""
        while isinstance(t, ir.Constrained):
            t = t.inner
        if isinstance(t, ir.Ref):
            return self._named_decoder(t)
        assert self.needs(t), "only types that need converting get a converter"
        return Pair("lambda item: ", self.decode(t, "item", where))

    def _named_decoder(self, t: ir.TypeExpr) -> str:
        assert isinstance(t, ir.Ref), "only a definition has a decoder of its own"
        name = self.names.cls(t.key)
        d = self.spec.definitions[t.key]
        return f"{name}.from_dict" if isinstance(d, ir.Model) else decoder_name(name)

    def encode(self, t: ir.TypeExpr, value: str) -> Expr:
        if self._scalar(t):
            return value
        self.helpers_used.add("_to_json")
        return Call("_to_json", (value,))

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
        optional_entries: list[tuple[str, str]] = []
        for f in d.fields:
            attr = self.names.attr(d, f)
            wire = string(f.wire_name)
            where = f"{owner}.{f.wire_name}"
            item = Call("data", (wire,), "[]")
            if f.required:
                args.append(place(self.decode(f.type, item, where), ARGS, f"{attr}=", ","))
                required_entries.append(place(self.encode(f.type, "self." + attr), ENTRIES, f"{wire}: ", ","))
                continue
            absent = "None" if f.default is None else literal(f.default.value)
            if self.needs(f.type):
                value: Expr = Cond(self.decode(f.type, item, where), f"{wire} in data", absent)
            elif f.default is None:
                value = Call("data.get", (wire,))
            else:
                value = Call("data.get", (wire, absent))
            args.append(place(value, ARGS, f"{attr}=", ","))
            self.helpers_used.add("_keep")
            keep = Call("_keep", (f"self.{attr}", absent, f"{wire} in self._fields_set"))
            optional_entries.append(
                (place(keep, STATEMENTS, "if ", ":"), place(self.encode(f.type, "self." + attr), ENTRIES, f"data[{wire}] = "))
            )
        if optional_entries:
            args.append(place("frozenset(data)", ARGS, "_fields_set=", ","))
        extra_annotation = None
        if d.extra is not None:
            self.helpers_used.update({"_extra", "_to_json"})
            extra_annotation = f"dict[str, {flat(types.expression(d.extra))}]"
            known = Call("", tuple(string(f.wire_name) for f in d.fields))
            extra: Expr = Call("_extra", ("data", known))
            if self.needs(d.extra):
                self.helpers_used.add("_map")
                extra = Call("_map", (self.decoder_of(d.extra, f"{owner}.*"), extra))
            args.append(place(extra, ARGS, "additional_properties=", ","))
        signature = place(Call("def from_dict", ("cls", "data: Mapping[str, Any]")), BODY, "", f" -> {owner}:")
        return ModelCodec(
            signature=signature,
            args=args,
            required_entries=required_entries,
            optional_entries=optional_entries,
            fields_set=bool(optional_entries),
            extra_annotation=extra_annotation,
        )

    # -- aliases: decoder functions ----------------------------------------------------------

    def decoder(self, d: ir.Alias) -> DecoderView:
        name = self.names.cls(d.key)
        signature = place(Call(f"def {decoder_name(name)}", ("data: Any",)), "", "", f" -> {name}:")
        view = DecoderView(name, signature, None)
        t = d.type
        if not isinstance(t, ir.UnionOf):
            view.expression = self._returned(self.decode(t, "data", name), name)
            return view
        self.helpers_used.add("_no_match")
        tagged: dict[int, list[str]] = {}
        for value, i in t.tags:
            tagged.setdefault(i, []).append(value)
        kinds = [self.kinds(m) for m in t.members]
        ifs: list[Branch] = []
        tries: list[Branch] = []
        for i, member in enumerate(t.members):
            expression = self._returned(self.decode(member, "data", name), name, NESTED)
            if i in tagged:
                self.helpers_used.add("_tag")
                values = tagged[i]
                test = f"== {string(values[0])}" if len(values) == 1 else f"in {flat(Call('', tuple(string(v) for v in values)))}"
                condition = f"_tag(data, {string(t.tag or '')}) {test}"
                ifs.append(Branch("if", place(condition, BODY, "if ", ":"), expression))
            elif ANY_KIND in kinds[i]:
                view.fallback = self._returned("data", name)
            elif all(not (kinds[i] & kinds[j]) for j in range(len(t.members)) if j != i and j not in tagged):
                ifs.append(Branch("if", place(_condition(kinds[i]), BODY, "if ", ":"), expression))
            else:
                tries.append(Branch("try", "", expression))
        view.branches = ifs + tries
        view.no_match = place(Call("_no_match", (string(name), "data")), BODY, "raise ")
        return view

    def _returned(self, expression: Expr, name: str, indent: str = BODY) -> str:
        """``return expression`` laid out at ``indent``, cast to the alias where the expression
        is only known as ``Any`` (mypy --strict)."""
        if expression == "data" or (isinstance(expression, Call) and expression.func == "_one_of"):
            self.uses_cast = True
            expression = Call("cast", (name, expression))
        return place(expression, indent, "return ")

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


