"""msgspec Structs: the fastest validating JSON decoder in Python.

- Optional properties without a default are ``T | UnsetType = UNSET`` (msgspec's own "absent"),
  so absent, null and a value stay three different things, and encoding (``omit_defaults``)
  leaves out what was absent. So are those whose default is a non-empty list or dict (its
  docstring names it): msgspec would write such a default, made anew for each instance, back;
  and those whose default is null, which msgspec would leave out where the payload had it.
- Tagged unions use msgspec's ``tag_field``/``tag`` on tagged forms of their members, one per tag
  value, whose tag property is a read-only ``@property`` (msgspec writes the tag itself); the
  schema's own class keeps the tag as a field, required wherever it is read (``msgspec_tags``).
- msgspec decodes a union only if its JSON kinds tell the members apart (one object-like type,
  one array-like type) or its structs are tagged, each by one value. A union it cannot decode
  is typed by what the JSON can be there (``dict[str, Any]`` for the objects, ``list[Any]`` for
  the arrays), and its docstring says so: ``msgspec.convert(value, type=Member)`` reads one.
- Unknown keys of open objects are dropped (a Struct has nowhere to keep them); closed objects
  refuse them (``forbid_unknown_fields``).
"""

from __future__ import annotations

import keyword
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import ir
from ..errors import Diagnostic, Location
from ..render.layout import (
    INDENT,
    Call,
    Expr,
    Pair,
    Text,
    Union_,
    annotated,
    class_line,
    flat,
)
from ..render.text import clean_text, docstring, literal, string
from .base import (
    ALL_CONSTRAINTS,
    FieldView,
    Flavour,
    ModelView,
    Shown,
    default_value,
    tuple_literal,
)
from .msgspec_tags import (
    StructTag,
    TaggedLeaf,
    fields_base,
    struct_tags,
    tagged_names,
    union_tags,
)

if TYPE_CHECKING:
    from ..naming import Names
    from ..render.module import ModuleContext
    from ..render.options import Options

META_ARGUMENTS = {
    "minimum": "ge", "maximum": "le", "exclusive_minimum": "gt", "exclusive_maximum": "lt",
    "multiple_of": "multiple_of", "min_length": "min_length", "max_length": "max_length", "pattern": "pattern",
}  # fmt: skip
WIDENED = (
    "msgspec cannot tell the members of this union apart, so it is read as the JSON it is "
    "(`dict[str, Any]` for an object); `msgspec.convert(value, type=Member)` reads one member."
)


RECURSIVE = (
    "msgspec has no types that contain themselves: where this one would, it holds any JSON value."
)


def without_recursion(t: ir.TypeExpr, recursive: set[str], nested: bool = False) -> ir.TypeExpr:
    """``t`` with ``Any`` for the types that contain themselves, inside lists, maps and tuples."""
    if nested and isinstance(t, ir.Ref) and t.key in recursive:
        return ir.AnyType()
    inside = nested or isinstance(t, (ir.ListOf, ir.MapOf, ir.TupleOf))
    return ir.map_type(t, lambda child: without_recursion(child, recursive, inside))


INT64 = (-(2**63), 2**63 - 1)


def expressible(name: str, value: object) -> bool:
    """Whether ``Meta`` can take the constraint as JSON Schema means it: msgspec refuses integer
    bounds outside int64, and checks a fractional ``multipleOf`` exactly on binary floats (19.99
    is not a multiple of 0.01 there). An enum of one number that is not an integer
    (``const: -2.0``) is bounds at that number; of several, it is not expressible."""
    if name == "one_of":
        return isinstance(value, tuple) and len(value) == 1
    if name not in META_ARGUMENTS:
        return False
    if name == "multiple_of" and isinstance(value, float) and not value.is_integer():
        return False
    return not (isinstance(value, int) and not isinstance(value, bool) and not INT64[0] <= value <= INT64[1])


def meta_arguments(c: ir.Constraints) -> tuple[str, ...]:
    if c.one_of is not None and expressible("one_of", c.one_of):
        # an enum of one number that is not an integer (an enum's values are its only constraint)
        return (f"ge={literal(c.one_of[0])}", f"le={literal(c.one_of[0])}")
    return tuple(f"{META_ARGUMENTS[k]}={literal(v)}" for k, v in c.items() if expressible(k, v))


def dropped_extra(d: ir.Model, options: Options) -> bool:
    """Whether the model types the keys it does not name (``additionalProperties`` beside
    properties), which a Struct drops unchecked (unless the option refuses them all)."""
    return d.extra is not None and not isinstance(d.extra, ir.AnyType) and bool(d.fields) and options.unknown_keys != "forbid"


class Msgspec(Flavour):
    name = "msgspec"
    module_names = frozenset(
        {"Struct", "Meta", "UNSET", "UnsetType", "field", "msgspec", "property", "datetime", "uuid", "decimal", "cast"}
    )
    member_names = frozenset()
    enforced = ALL_CONSTRAINTS - {"one_of", "unique_items"}
    decoder_depth = 991  # msgspec 0.23: 992 Structs nested fail
    runtime_helpers = ("finite",)

    @classmethod
    def companions(cls, spec: ir.SpecIR, keys: list[str], names: Names) -> dict[str, list[str]]:
        """The tagged forms of the structs that tagged unions hold (``msgspec_tags``)."""
        tags = struct_tags([spec.definitions[k] for k in keys], spec.definitions)
        found: dict[str, list[str]] = {}
        for leaf, name in tagged_names(tags, names.classes).items():
            found.setdefault(leaf.key, []).append(name)
        return found

    @classmethod
    def cautions(cls, spec: ir.SpecIR, keys: Sequence[str], options: Options, shown: Shown | None = None) -> list[Diagnostic]:
        """A model that types the keys it does not name (``additionalProperties`` beside
        properties): msgspec drops them unchecked, and says so."""
        found = super().cautions(spec, keys, options, shown)
        for key in keys:
            d = spec.definitions[key]
            if isinstance(d, ir.Model) and dropped_extra(d, options):
                file, _, pointer = d.source.partition("#")
                message = "msgspec neither checks nor keeps the keys beside the properties: a Struct drops keys it does not declare"
                hint = "generate pydantic, dataclasses or TypedDicts to check them and keep them"
                found.append(Diagnostic(False, message, Location(file, pointer).child("additionalProperties"), hint, key))
        if shown is not None:
            found.extend(cls.widened(spec, keys, options, shown))
        return sorted(found, key=Diagnostic.sort_key)

    @classmethod
    def widened(cls, spec: ir.SpecIR, keys: Sequence[str], options: Options, shown: Shown) -> list[Diagnostic]:
        """The unions msgspec cannot tell apart, which its modules read as the JSON they hold
        (``lowered``): said at generation time, as their docstrings say it."""
        from ..render.imports import Imports
        from ..render.module import ModuleContext
        from ..render.templates import environment

        env = environment(options.templates)
        writer = cls(ModuleContext(spec, shown.names, Imports(), env, list(keys), set(shown.recursive), options))
        found: list[Diagnostic] = []
        for key in keys:
            d = spec.definitions[key]
            file, _, pointer = d.source.partition("#")
            if isinstance(d, ir.Alias):
                places = [Location(file, pointer)] if key not in shown.recursive and writer.alias_type(key) != d.type else []
            else:
                places = [Location(*f.source.split("#", 1)) for f in d.fields if writer.lowered(f.type) != f.type]
            message = "msgspec cannot tell the members of this union apart: it is read as the JSON it holds"
            hint = "msgspec.convert(value, type=Member) reads one member; pydantic and the dataclasses tell them apart"
            found.extend(Diagnostic(False, message, place, hint, key) for place in places)
        return found

    def enforces(self, name: str, value: object) -> bool:
        return (name in self.enforced or name == "one_of") and expressible(name, value)

    def __init__(self, module: ModuleContext) -> None:
        super().__init__(module)
        # (in a package, a union's members are in other modules)
        self.tags = struct_tags(module.every_definition(), module.spec.definitions)
        self.tagged = tagged_names(self.tags, module.names.classes)
        self._lowered: dict[str, ir.TypeExpr] = {}

    # -- types ------------------------------------------------------------------------------

    def constrain(self, inner: Expr, constraints: ir.Constraints) -> Expr:
        if not meta_arguments(constraints):
            return inner
        self.m.imports.add("typing", "Annotated")
        self.m.imports.add("msgspec", "Meta")
        return with_meta(inner, meta_arguments(constraints))

    def formatted(self, fmt: str) -> Expr:
        """A date-time or a time of day must have its offset, as RFC 3339 says and every flavour
        reads it (msgspec's ``Meta(tz=True)``); the other formats are their Python types."""
        python = super().formatted(fmt)
        if fmt not in AWARE_FORMATS:
            return python
        self.m.imports.add("typing", "Annotated")
        self.m.imports.add("msgspec", "Meta")
        return Call("Annotated", (python, Call("Meta", ("tz=True",))), "[]")

    def lowered(self, t: ir.TypeExpr) -> ir.TypeExpr:
        """``t`` with every union msgspec cannot decode replaced by the JSON kinds it can hold."""
        t = ir.map_type(t, self.lowered)
        if isinstance(t, (ir.UnionOf, ir.Nullable)) and not self.decodable(t):
            leaves = self.leaves(t)
            if len({self.text_kind(leaf) for leaf in leaves} - {None}) > 1:  # all read as the JSON's str
                leaves = [ir.Primitive("str") if self.text_kind(leaf) else leaf for leaf in leaves]
            return widened(leaves)
        return t

    def alias_type(self, key: str) -> ir.TypeExpr:
        """The type an alias is declared with here (lowered; a type that contains itself holds
        ``Any`` where it would contain itself: msgspec has no recursive aliases)."""
        if key not in self._lowered:
            d = self.m.spec.definitions[key]
            assert isinstance(d, ir.Alias)
            self._lowered[key] = ir.AnyType()  # an alias that refers to itself: no more than Any
            t = without_recursion(d.type, self.m.recursive) if key in self.m.recursive else d.type
            self._lowered[key] = self.lowered(t)
        return self._lowered[key]

    def leaves(self, t: ir.TypeExpr) -> list[ir.TypeExpr | TaggedLeaf]:
        """The members of ``t`` as one flat union, looking through aliases, null and constraints;
        the members of a tagged union as its tagged structs."""
        tagged = union_tags(t, self.m.spec.definitions) if isinstance(t, ir.UnionOf) else None
        if tagged is not None:
            return list(tagged)
        match t:
            case ir.UnionOf(members):
                return [leaf for m in members for leaf in self.leaves(m)]
            case ir.Nullable(inner):
                return [*self.leaves(inner), ir.Primitive("None")]
            case ir.Constrained(inner):
                return self.leaves(inner)
            case ir.Ref(key) if isinstance(self.m.spec.definitions[key], ir.Alias) and not self.is_enum_class(key):
                return self.leaves(self.alias_type(key))
            case ir.NeverType():
                return []  # a member no value has adds nothing to a union
            case _:
                return [t]

    def decodable(self, t: ir.TypeExpr) -> bool:
        """Whether msgspec can decode the union ``t``: at most one array-like member, and at
        most one object-like member unless all of them are structs tagged on one key."""
        leaves = self.leaves(t)
        if any(isinstance(leaf, ir.AnyType) for leaf in leaves):
            return len(leaves) == 1
        if len({self.text_kind(leaf) for leaf in leaves} - {None}) > 1:
            return False  # at most one kind of string: `str` (with `Literal`s), a datetime, an Enum...
        if sum(isinstance(leaf, (ir.ListOf, ir.TupleOf)) for leaf in leaves) > 1:
            return False
        objects = [leaf for leaf in leaves if isinstance(leaf, (ir.MapOf, ir.Ref, TaggedLeaf)) and not self.text_kind(leaf)]
        if len(set(objects)) <= 1:
            return True
        tags = {leaf for leaf in objects if isinstance(leaf, TaggedLeaf)}
        if len(tags) < len(objects):
            return False  # an object that is not a tagged struct
        return len({leaf.tag.field for leaf in tags}) == 1 and len({leaf.tag.value for leaf in tags}) == len(tags)

    def text_kind(self, leaf: ir.TypeExpr | TaggedLeaf) -> str | None:
        """Which kind of JSON string a union member reads, as msgspec tells members apart: plain
        text (``str`` and string ``Literal``s), a format read as a Python type, or an ``Enum``;
        None for a member that is no string."""
        match leaf:
            case ir.Primitive("str", fmt):
                return f"format {fmt}" if fmt and self.reads_format(fmt) else "text"
            case ir.LiteralOf(values) if values and all(isinstance(v, str) for v in values):
                return "text"
            case ir.Ref(key) if self.is_enum_class(key):
                return f"enum {key}"
            case _:
                return None

    def never(self) -> Expr:
        """msgspec has no type without values: a string that no string matches (the pattern
        ``(?!)`` fails everywhere), so that every value is rejected, as the schema says."""
        self.m.imports.add("typing", "Annotated")
        self.m.imports.add("msgspec", "Meta")
        return Call("Annotated", ("str", Call("Meta", (f"pattern={string('(?!)')}",))), "[]")

    def annotation(self, t: ir.TypeExpr) -> Expr:
        return self.types.expression(self.lowered(t))

    # -- definitions ------------------------------------------------------------------------

    def alias_expression(self, d: ir.Alias) -> Expr:
        t = self.alias_type(d.key)
        tagged = union_tags(t, self.m.spec.definitions)
        if tagged is None:
            return self.types.expression(t)
        names = [self.m.variant_name(leaf.key, self.tagged[leaf]) for leaf in tagged]
        names += ["None"] * isinstance(t, ir.Nullable)
        return Union_(tuple(dict.fromkeys(names)))

    def value_type(self, t: ir.TypeExpr) -> ir.TypeExpr:
        return self.lowered(t)

    def alias(self, d: ir.Alias) -> list[str]:
        note = RECURSIVE if d.key in self.m.recursive else WIDENED if self.alias_type(d.key) != d.type else None
        if note:
            d = ir.Alias(d.key, d.hint, d.type, "\n\n".join(filter(None, [d.description, note])), d.source)
        return super().alias(d)

    def model(self, d: ir.Model) -> list[str]:
        name = self.m.names.cls(d.key)
        unnamable = [f.wire_name for f in d.fields if not nameable(f.wire_name)]
        description = d.description
        if dropped_extra(d, self.m.options):
            assert d.extra is not None
            other = flat(self.types.expression(self.lowered(d.extra)))
            note = f"Other keys must be `{other}`: msgspec neither checks nor keeps them (it drops keys a Struct does not declare)."
            description = "\n\n".join(filter(None, [description, note]))
        if unnamable:
            shown = ", ".join(repr(w) for w in unnamable)
            note = (
                f"msgspec cannot name a field {shown} (a backslash, a double quote or a control "
                "character): such keys are not fields of this Struct, and are dropped when decoding."
            )
            description = "\n\n".join(filter(None, [description, note]))
        options = ["kw_only=True"]  # not inherited: it applies to the fields a class declares
        options += ["frozen=True"] * self.m.options.frozen  # (type checkers want it on each class)
        closed = d.extra is None and self.m.options.unknown_keys != "forbid" and not unnamable
        fields = [f for f in d.fields if f.wire_name not in unnamable]
        tags = self.tags.get(d.key)
        if not tags:
            extra = ["forbid_unknown_fields=True"] * closed
            return [self.struct(name, ["_Base", *options, *extra], description, d, fields)]
        # the schema's classes share its properties but the tags (see msgspec_tags)
        tag_fields = {tag.field for tag in tags}
        shared = [f for f in fields if f.wire_name not in tag_fields]
        base = fields_base(name)
        extra = ["forbid_unknown_fields=True"] * closed  # (inherited)
        note = f"What `{name}` and its tagged forms share: every property but the tag."
        blocks = [self.struct(base, ["_Base", *options, *extra], note, d, shared)]
        own = [f for f in fields if f.wire_name in tag_fields]
        blocks.append(self.struct(name, [base, *options], description, d, own))
        for tag in tags:
            tagged = self.tagged[TaggedLeaf(d.key, tag)]
            doc = f"`{name}` as a tagged union holds it: msgspec reads and writes the tag (`{tag.field}`)."
            kept = [f for f in own if f.wire_name != tag.field]
            tag_options = [f"tag_field={string(tag.field)}", f"tag={string(tag.value)}"]
            blocks.append(self.struct(tagged, [base, *options, *tag_options], doc, d, kept, tag))
        return blocks

    def struct(
        self, name: str, options: list[str], doc: str | None, d: ir.Model, fields: list[ir.Field], tag: StructTag | None = None
    ) -> str:
        """One Struct of the model ``d``: its ``fields``, and the property of its ``tag``."""
        properties: list[str] = []
        if tag is not None:
            self.m.imports.add("typing", "Literal")
            tag_field = d.field(tag.field)
            attr = self.m.names.attr(d, tag_field) if tag_field is not None else tag.field
            tag_doc = docstring(tag_field.description, INDENT * 2) if tag_field is not None else None
            taken = {self.m.names.attr(d, f) for f in d.fields if f is not tag_field}
            if attr.isidentifier() and not keyword.iskeyword(attr) and attr not in taken | self.member_names:
                # (a tag the schema does not declare, named like `@type`, gets no property)
                value = string(tag.value)
                properties.append(
                    self.m.part("msgspec/tag.jinja", name=attr, annotation=f"Literal[{value}]", value=value, doc=tag_doc)
                )
        finite = [self.m.names.attr(d, f) for f in fields if self.holds_decimal(f.type)]
        if finite and options[0] == "_Base":  # (the classes that derive from it inherit it)
            self.helpers.add("finite")
            properties.insert(0, self.m.part("msgspec/finite.jinja", names=finite))
        view = ModelView(name, docstring(doc, INDENT), [self.field(d, f) for f in fields])
        view.header = class_line(name, ", ".join(options))
        return self.m.block("msgspec/model.jinja", m=view, properties=properties)

    def holds_decimal(self, t: ir.TypeExpr, seen: frozenset[str] = frozenset()) -> bool:
        """Whether a field typed ``t`` holds a ``Decimal`` (through aliases), which msgspec
        reads from ``NaN`` and ``Infinity`` too: its Struct checks it (other fields cost nothing)."""
        if not self.reads_format("decimal"):
            return False
        for part in ir.walk(self.lowered(t)):
            if part == ir.Primitive("str", "decimal"):
                return True
            if isinstance(part, ir.Ref) and part.key not in seen:
                alias = self.m.spec.definitions.get(part.key)
                if isinstance(alias, ir.Alias) and self.holds_decimal(alias.type, seen | {part.key}):
                    return True
        return False

    def field(self, model: ir.Model, f: ir.Field) -> FieldView:
        imports = self.m.imports
        attr = self.m.names.attr(model, f)
        t = self.lowered(f.type)
        bare, constraints = self.split_constraints(t)
        if isinstance(bare, ir.Nullable):
            bare, constraints = t, None  # Meta's bounds apply to the value, not to null: kept inside
        annotation = self.types.expression(bare)
        meta: list[Expr] = list(meta_arguments(constraints)) if constraints is not None else []
        if f.description and clean_text(f.description):
            meta.append(Pair("description=", Text(clean_text(f.description))))  # for msgspec.json.schema()
        if meta:
            imports.add("typing", "Annotated")
            imports.add("msgspec", "Meta")
            # a name declared later is quoted inside, so that Meta (its description) stays code
            annotation = with_meta(self.quoted(annotation, bare), meta)
        arguments: list[str] = []
        fixed = self.fixed_default(f) if not f.required and f.default is not None else None
        if not f.required and fixed is None:
            imports.add("msgspec", "UNSET")
            imports.add("msgspec", "UnsetType")
            annotation = union_with(annotation, "UnsetType")
            arguments.append("default=UNSET")
        elif fixed is not None:
            arguments.append(f"default={fixed}")
        if attr != f.wire_name:
            arguments.append(f"name={string(f.wire_name)}")
        default: Expr | None = None
        if len(arguments) == 1 and arguments[0].startswith("default="):
            default = arguments[0].removeprefix("default=")
        elif arguments:
            imports.add("msgspec", "field")
            default = Call("field", tuple(arguments))
        if not meta:
            annotation = self.quoted(annotation, f.type)
        doc = self.field_doc(f, default_note=not f.required and fixed is None, notes=[WIDENED] if t != f.type else [])
        return FieldView(attr, flat(annotation), annotated(attr, annotation, default, INDENT), doc)

    def fixed_default(self, f: ir.Field) -> str | None:
        """The default of an optional field as one object made when the class is, or None when
        it must be made anew for each instance (a non-empty list or dict, an enum member declared
        further down): msgspec leaves a default out when encoding only if it is that very object,
        so a made one would be written where the key was absent; such a field is ``UNSET`` when
        absent instead, and its docstring names the default. So is a default of null: ``None`` is
        one object, so an explicit null would be left out (a required key that tolerant reading
        lets be absent, as null, would be dropped from what is written)."""
        assert f.default is not None
        value = f.default.value
        if value is None:
            return None
        special = self.default_of(f)  # a Python type's value, or an Enum member
        if special is not None and special != default_value(f):
            return None if special[1] else special[0]
        if isinstance(value, list) and isinstance(ir.strip(f.type), ir.TupleOf):
            return tuple_literal(value)
        if isinstance(value, (list, dict)) and value:
            return None
        return literal(value)

    def preamble(self) -> list[str]:
        if not any(isinstance(d, ir.Model) for d in self.m.definitions()):
            return []  # (a package's module of aliases alone)
        if self.shared is None:
            return [self.base(self.m.options.frozen, self.m.options.unknown_keys == "forbid"), *self.helper_blocks()]
        # the runtime module's base of the job's options (type checkers refuse a frozen class
        # that derives from one that is not); or the module's own, closed to unknown keys
        options = self.m.options
        base = "FrozenBase" if options.frozen else "Base"
        if options.unknown_keys != "forbid":
            self.from_runtime(base, "_Base")
            return self.helper_blocks()
        header = class_line("_Base", f"{self.from_runtime(base, '_RuntimeBase')}, forbid_unknown_fields=True")  # (inherited)
        doc = docstring(self.base_doc(options.frozen, True), INDENT)
        return [self.m.block("msgspec/preamble.jinja", header=header, doc=doc), *self.helper_blocks()]

    def base(self, frozen: bool, closed: bool, name: str = "_Base") -> str:
        """The base every Struct derives from, with the configuration they share."""
        self.m.imports.add("msgspec", "Struct")
        settings = ["Struct", "omit_defaults=True"] + ["frozen=True"] * frozen + ["forbid_unknown_fields=True"] * closed
        doc = docstring(self.base_doc(frozen, closed), INDENT)
        return self.m.block("msgspec/preamble.jinja", header=class_line(name, ", ".join(settings)), doc=doc)

    def base_doc(self, frozen: bool, closed: bool) -> str:
        doc = "Shared configuration: absent values (`UNSET`) and defaults are left out when encoding"
        doc += "; instances cannot be changed" * frozen
        doc += "; keys the schema does not name are refused" if closed else ""
        return doc + "."

    def runtime(self) -> list[str] | None:
        """The bases of every Struct, with the default options and frozen (a module whose job
        refuses unknown keys derives its own from one), and the check of decimals."""
        bases = [self.base(False, False), self.base(True, False, "_FrozenBase")]
        return [*bases, *self.write_helpers(self.runtime_helpers), self.exports(["_Base", "_FrozenBase", "_finite"])]


# The formats whose values must have an offset (RFC 3339's `full-time`)
AWARE_FORMATS = frozenset({"date-time", "time"})


def with_meta(inner: Expr, meta: Sequence[Expr]) -> Expr:
    """``Annotated[inner, Meta(meta)]``: one ``Meta`` with the arguments of ``inner``'s own, if it
    has one (a date-time's ``Meta(tz=True)``), so that no ``Annotated`` holds another."""
    if isinstance(inner, Call) and inner.func == "Annotated" and isinstance(inner.args[-1], Call):
        own = inner.args[-1]
        keywords = {flat(a).split("=", 1)[0] for a in (*own.args, *meta)}
        if own.func == "Meta" and len(keywords) == len(own.args) + len(meta):  # (none twice)
            return Call("Annotated", (*inner.args[:-1], Call("Meta", (*own.args, *meta))), "[]")
    return Call("Annotated", (inner, Call("Meta", tuple(meta))), "[]")


def nameable(wire: str) -> bool:
    """Whether msgspec accepts ``wire`` as a field's name in JSON."""
    return not any(c in wire for c in '\\"') and all(ord(c) >= 0x20 for c in wire)


def union_with(annotation: Expr, name: str) -> Expr:
    parts = annotation.parts if isinstance(annotation, Union_) else (annotation,)
    return Union_((*parts, name))


def widened(leaves: list[ir.TypeExpr | TaggedLeaf]) -> ir.TypeExpr:
    """What the JSON can be where a union msgspec cannot decode stands."""
    if any(isinstance(leaf, ir.AnyType) for leaf in leaves):
        return ir.AnyType()
    members: list[ir.TypeExpr] = []
    for leaf in leaves:
        if isinstance(leaf, (ir.MapOf, ir.Ref, TaggedLeaf)):
            shape: ir.TypeExpr = ir.MapOf(ir.AnyType())
        elif isinstance(leaf, (ir.ListOf, ir.TupleOf)):
            shape = ir.ListOf(ir.AnyType())
        else:
            shape = leaf
        if shape not in members:
            members.append(shape)
    null = ir.Primitive("None")
    rest = [m for m in members if m != null]
    core = rest[0] if len(rest) == 1 else ir.UnionOf(tuple(rest))
    return ir.Nullable(core) if null in members else core
