"""OpenAPI and JSON Schema idioms → the IR (nullability, allOf, unions, constants, maps).

Every component schema of the root document becomes a definition, and so does every inline
schema that needs a name of its own (an object, an enum of several values, a union with object
members). Definitions are keyed by the JSON pointer of their schema; their ``hint`` is the path
of names (owner, field, ...) that the naming stage turns into a class name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from generator import ir
from generator.errors import Location, SpecError, unescape_pointer_token
from generator.ir import SpecIR
from generator.resolve import Resolver

COMPONENTS = "/components/schemas/"
# Keys that describe a schema without changing which values it accepts.
ANNOTATIONS = frozenset(
    {
        "description", "title", "example", "examples", "default", "deprecated", "readOnly",
        "writeOnly", "externalDocs", "xml", "$comment", "format", "discriminator", "$schema", "$id",
    }
)  # fmt: skip
# Bounds on what a spec may make the normaliser do (OpenAI's spec: about 6,000 schema nodes,
# nested at most 10 deep). A YAML alias bomb or a runaway nesting stops with an error instead.
MAX_DEPTH = 100
MAX_NODES = 500_000
MAX_EXPANSIONS = 1_000  # one YAML anchor used in this many places is taken for an alias bomb
PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
KIND_LABELS = {
    "object": "Object", "string": "String", "integer": "Integer", "number": "Number",
    "boolean": "Boolean", "array": "Array",
}  # fmt: skip


def _structural(node: dict[str, Any]) -> set[str]:
    return {k for k in node if k not in ANNOTATIONS and not str(k).startswith("x-")}


def is_null_schema(node: Any) -> bool:
    """``{type: "null"}``, ``{enum: [null]}`` or ``{const: null}``."""
    if not isinstance(node, dict):
        return False
    keys = _structural(node)
    if node.get("type") == "null" and keys <= {"type", "nullable"}:
        return True
    if keys == {"enum"} and node["enum"] == [None]:
        return True
    return keys == {"const"} and node["const"] is None


def _json_kind(value: ir.LiteralValue) -> str:
    if isinstance(value, bool):
        return "boolean"
    return "string" if isinstance(value, str) else "integer"


def _check_value_kinds(node: dict[str, Any], keyword: str, loc: Location) -> None:
    """Enum or const values that mix JSON types, or contradict the schema's ``type``, are almost
    always a typo (``1`` for ``"1"``); say so rather than generate a surprising ``Literal``.
    Null is left out: it is how OpenAPI 3.0 and 3.1 spell "or null"."""
    values = node["enum"] if keyword == "enum" else [node["const"]]
    first: dict[str, int] = {}
    for i, v in enumerate(values):
        if v is not None:
            first.setdefault(_json_kind(v), i)

    def at(i: int) -> Location:
        return loc.child("enum", i) if keyword == "enum" else loc.child("const")

    declared = node.get("type")
    if isinstance(declared, (str, list)):
        allowed = {declared} if isinstance(declared, str) else set(declared)
        if "number" in allowed:
            allowed.add("integer")
        for kind, i in first.items():
            if kind not in allowed:
                raise SpecError(
                    f"{keyword} value {values[i]!r} is {'an' if kind == 'integer' else 'a'} {kind}, "
                    f"but the schema's type is {declared!r}",
                    location=at(i),
                    hint="make the value match the type, or the type match the values",
                )
    if len(first) > 1:
        shown = ", ".join(f"{values[i]!r} ({kind})" for kind, i in first.items())
        raise SpecError(
            f"enum mixes value types: {shown}",
            location=loc.child("enum"),
            hint="if both kinds are meant, write a oneOf with one enum per type",
        )


def _only_nullable(node: Any) -> bool:
    """``{nullable: true}`` (with annotations at most): an allOf member that only adds null."""
    return isinstance(node, dict) and _structural(node) == {"nullable"} and node["nullable"] is True


def _pascal(text: str) -> str:
    parts = [p for p in "".join(c if c.isalnum() else " " for c in text).split() if p]
    return "".join(p[0].upper() + p[1:] for p in parts)


@dataclass
class _ObjectShape:
    """An object schema with its allOf members merged: properties in order, with their locations."""

    properties: dict[str, tuple[Any, Location]] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    additional: Any = True
    additional_loc: Location | None = None
    types: dict[str, Location] = field(default_factory=dict)


class Normaliser:
    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.defs: dict[str, ir.Definition] = {}
        self._building: set[str] = set()
        self._discriminators: dict[str, tuple[str | None, dict[str, str], Location]] = {}
        self.warnings: list[str] = []
        self._depth = 0
        self._nodes = 0
        self._expansions: dict[int, int] = {}

    # -- entry point -----------------------------------------------------------------------

    def run(self) -> SpecIR:
        root = self.resolver.root
        schemas = (root.data.get("components") or {}).get("schemas") or {}
        if not isinstance(schemas, dict):
            raise SpecError("components/schemas must be a mapping", location=Location(root.name, "/components/schemas"))
        components: dict[str, str] = {}
        for name, node in schemas.items():
            loc = Location(root.name).child("components", "schemas", str(name))
            components[str(name)] = loc.key
            self._define_at(loc, node)
        self._tag_unions()
        return SpecIR(dict(self.defs), components, tuple(self.warnings))

    # -- definitions -----------------------------------------------------------------------

    def _define_at(self, loc: Location, node: Any) -> None:
        key = loc.key
        if key in self.defs or key in self._building:
            return
        self._building.add(key)
        try:
            self.defs[key] = self._definition(node, loc, _hint_from_pointer(loc))
        finally:
            self._building.discard(key)

    def _definition(self, node: Any, loc: Location, hint: tuple[str, ...]) -> ir.Definition:
        description = _description(node)
        if not isinstance(node, dict):
            return ir.Alias(loc.key, hint, self.type_of(node, loc, hint), description, loc.key)
        # A model is never nullable itself: "or null" is kept at each place that refers to it.
        # An alias of a nullable schema includes null, so the alias alone means what the schema says.
        core, core_loc, nullable = self._split_null(node, loc)
        shape = self._object_shape(core, core_loc)
        if shape is not None:
            return self._model(shape, loc, hint, description)
        t = self._core_type(core, core_loc, hint, root=True)
        if nullable and not isinstance(t, (ir.AnyType, ir.Nullable)):
            t = ir.Nullable(t)
        return ir.Alias(loc.key, hint, t, description, loc.key)

    def _ref_to(self, loc: Location, node: Any) -> ir.TypeExpr:
        self._define_at(loc, node)
        t: ir.TypeExpr = ir.Ref(loc.key)
        nullable = isinstance(node, dict) and self._split_null(node, loc)[2]
        return ir.Nullable(t) if nullable and not isinstance(self.defs.get(loc.key), ir.Alias) else t

    def _hoist(self, loc: Location, hint: tuple[str, ...], node: dict[str, Any], t: ir.TypeExpr) -> ir.Ref:
        if loc.key not in self.defs:
            self.defs[loc.key] = ir.Alias(loc.key, hint, t, _description(node), loc.key)
        return ir.Ref(loc.key)

    def _model(
        self, shape: _ObjectShape, loc: Location, hint: tuple[str, ...], description: str | None
    ) -> ir.Model:
        fields = []
        for name, (prop, ploc) in shape.properties.items():
            ftype = self.type_of(prop, ploc, hint + (name,))
            fields.append(
                ir.Field(
                    wire_name=name,
                    type=ftype,
                    required=name in shape.required,
                    default=self._default(prop, ploc, ftype),
                    description=_description(prop),
                    deprecated=isinstance(prop, dict) and prop.get("deprecated") is True,
                    source=ploc.key,
                )
            )
        for name in shape.required:
            if name not in shape.properties:
                self.warnings.append(f"{loc}: 'required' names {name!r}, which is not a property; ignored")
        extra: ir.TypeExpr | None
        if shape.additional is False:
            extra = None
        elif shape.additional is True or shape.additional == {}:
            extra = ir.AnyType()
        else:
            assert shape.additional_loc is not None
            extra = self.type_of(shape.additional, shape.additional_loc, hint + ("Value",))
        return ir.Model(loc.key, hint, tuple(fields), description, extra, loc.key)

    # -- types -----------------------------------------------------------------------------

    def type_of(self, node: Any, loc: Location, hint: tuple[str, ...], in_union: bool = False) -> ir.TypeExpr:
        """The type of the schema ``node`` found at ``loc``; ``hint`` names what gets hoisted."""
        if node is True or node == {}:
            return ir.AnyType()
        if not isinstance(node, dict):
            raise SpecError(f"expected a schema (a mapping), found {type(node).__name__}", location=loc)
        self._nodes += 1
        uses = self._expansions[id(node)] = self._expansions.get(id(node), 0) + 1
        if uses > MAX_EXPANSIONS:
            raise SpecError(
                f"one schema object is expanded in more than {MAX_EXPANSIONS:,} places",
                location=loc,
                hint="a YAML alias bomb (anchors that refer to anchors) looks like this; use $ref instead",
            )
        if self._nodes > MAX_NODES:
            raise SpecError(
                f"the spec expands to more than {MAX_NODES:,} schemas",
                location=loc,
                hint="a YAML alias bomb (anchors that refer to anchors) looks like this; use $ref instead",
            )
        if self._depth >= MAX_DEPTH:
            raise SpecError(f"schemas nest more than {MAX_DEPTH} levels deep", location=loc, hint="name inner schemas and use $ref")
        self._depth += 1
        try:
            core, core_loc, nullable = self._split_null(node, loc)
            t = self._core_type(core, core_loc, hint, in_union=in_union)
        finally:
            self._depth -= 1
        if nullable and not isinstance(t, (ir.AnyType, ir.Nullable)):
            return ir.Nullable(t)
        return t

    def _core_type(
        self, node: dict[str, Any], loc: Location, hint: tuple[str, ...], root: bool = False, in_union: bool = False
    ) -> ir.TypeExpr:
        if "$ref" in node:
            target_loc, target = self.resolver.resolve(node["$ref"], loc)
            return self._ref_to(target_loc, target)
        if "allOf" in node:
            members = self._all_of_members(node, loc)
            if len(members) == 1 and not (_structural(node) - {"allOf", "type", "nullable"}):
                member, mloc = members[0]
                return self.type_of(member, mloc, hint)
            shape = self._object_shape(node, loc)
            if shape is not None:
                return self._inline_model(shape, node, loc, hint)
            return self._core_type(self._merge_scalars(node, loc), loc, hint, root, in_union)
        for keyword in ("oneOf", "anyOf"):
            if keyword in node and "properties" not in node:
                return self._union(node, keyword, loc, hint, root)
        if "const" in node:
            literal = self._literal(node["const"], loc.child("const"))
            _check_value_kinds(node, "const", loc)
            return ir.LiteralOf((literal,))
        if "enum" in node:
            return self._enum(node, loc, hint, root or in_union)
        kind = node.get("type")
        if kind is None:
            if "properties" in node or "additionalProperties" in node:
                kind = "object"
            elif "items" in node:
                kind = "array"
            else:
                return ir.AnyType()
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            if len(kinds) == 1:
                return self._core_type({**node, "type": kinds[0]}, loc, hint, root, in_union)
            if not kinds:
                return ir.Primitive("None")
            return ir.UnionOf(tuple(self._core_type({**node, "type": k}, loc, hint, in_union=True) for k in kinds))
        if kind == "object":
            shape = self._object_shape(node, loc)
            if shape is not None:
                return self._inline_model(shape, node, loc, hint)
            extra = node.get("additionalProperties", True)
            if extra is True or extra == {}:
                return ir.MapOf(ir.AnyType())
            return ir.MapOf(self.type_of(extra, loc.child("additionalProperties"), hint + ("Value",)))
        if kind == "array":
            items = node.get("items")
            item = ir.AnyType() if items is None else self.type_of(items, loc.child("items"), hint + ("Item",))
            return _constrain(ir.ListOf(item), node, "array")
        if kind in PRIMITIVES:
            if kind == "string" and "pattern" in node:
                node = self._usable_pattern(node, loc)
            return _constrain(ir.Primitive(PRIMITIVES[kind]), node, kind)
        raise SpecError(
            f"unknown type {kind!r}",
            location=loc.child("type"),
            hint="use one of: " + ", ".join(sorted({*PRIMITIVES, "object", "array"})),
        )

    def _usable_pattern(self, node: dict[str, Any], loc: Location) -> dict[str, Any]:
        """``node`` without its ``pattern`` if Python cannot use it (checked with ``re``, which
        the Pydantic flavour is told to use), with a warning: the rest of the schema still holds."""
        pattern = node["pattern"]
        try:
            if not isinstance(pattern, str):
                raise TypeError("not a string")
            re.compile(pattern)
        except (re.error, TypeError, ValueError, OverflowError, RecursionError) as exc:
            self.warnings.append(
                f"{loc.child('pattern')}: pattern {pattern!r} is not a regular expression Python can use ({exc}); not enforced"
            )
            return {k: v for k, v in node.items() if k != "pattern"}
        return node

    def _inline_model(self, shape: _ObjectShape, node: dict[str, Any], loc: Location, hint: tuple[str, ...]) -> ir.Ref:
        key = loc.key
        if key not in self.defs and key not in self._building:
            self._building.add(key)
            try:
                self.defs[key] = self._model(shape, loc, hint, _description(node))
            finally:
                self._building.discard(key)
        return ir.Ref(key)

    def _enum(self, node: dict[str, Any], loc: Location, hint: tuple[str, ...], inline: bool) -> ir.TypeExpr:
        values = node["enum"]
        if not isinstance(values, list) or not values:
            raise SpecError("enum must be a non-empty list", location=loc.child("enum"))
        written = self._as_written(node, loc)
        kept = [(i, v) for i, v in enumerate(written["enum"]) if v is not None or None in values]
        literals = tuple(dict.fromkeys(self._literal(v, loc.child("enum", i)) for i, v in kept))
        _check_value_kinds(written, "enum", loc)
        t = ir.LiteralOf(literals)
        if len(literals) == 1 or inline:
            return t
        return self._hoist(loc, hint, node, t)

    def _as_written(self, node: dict[str, Any], loc: Location) -> dict[str, Any]:
        """The schema at ``loc`` as the file has it, if ``node`` is that schema with null taken out
        of its enum (or its type): errors must point at the values as written."""
        try:
            written = self.resolver.node(loc)
        except (SpecError, KeyError):
            return node
        if not isinstance(written, dict) or not isinstance(written.get("enum"), list):
            return node
        if [v for v in written["enum"] if v is not None] != [v for v in node["enum"] if v is not None]:
            return node
        return written

    def _literal(self, value: Any, loc: Location) -> ir.LiteralValue:
        if value is None or isinstance(value, (str, bool, int)):
            return value
        raise SpecError(
            f"enum and const values must be strings, integers, booleans or null, found {value!r}",
            location=loc,
        )

    def _union(self, node: dict[str, Any], keyword: str, loc: Location, hint: tuple[str, ...], root: bool) -> ir.TypeExpr:
        raw = node[keyword]
        if not isinstance(raw, list) or not raw:
            raise SpecError(f"{keyword} must be a non-empty list", location=loc.child(keyword))
        members: list[ir.TypeExpr] = []
        for i, member in enumerate(raw):
            label = _member_label(member)
            t = self.type_of(member, loc.child(keyword, i), hint + ((label,) if label else ()), in_union=True)
            for m in t.members if isinstance(t, ir.UnionOf) and t.tag is None else (t,):
                if m not in members:
                    members.append(m)
        disc = node.get("discriminator")
        if disc is not None:
            self._record_discriminator(disc, loc)
        if len(members) == 1:
            return members[0]
        u = ir.UnionOf(tuple(members))
        if root or not any(isinstance(m, ir.Ref) for m in ir_walk(u)):
            return u
        return self._hoist(loc, hint, node, u)

    def _record_discriminator(self, disc: Any, loc: Location) -> None:
        where = loc.child("discriminator")
        if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
            raise SpecError("discriminator must have a 'propertyName' string", location=where)
        mapping: dict[str, str] = {}
        for tag, target in (disc.get("mapping") or {}).items():
            if not isinstance(target, str):
                raise SpecError("discriminator mapping values must be strings", location=where.child("mapping", str(tag)))
            bare_name = not any(c in target for c in "#/") and not target.endswith((".yaml", ".yml", ".json"))
            ref = "#" + COMPONENTS + target if bare_name else target
            target_loc, node = self.resolver.resolve(ref, where.child("mapping", str(tag)))
            self._define_at(target_loc, node)
            mapping[str(tag)] = target_loc.key
        self._discriminators[loc.key] = (disc["propertyName"], mapping, where)

    # -- nullability and allOf ---------------------------------------------------------------

    def _split_null(self, node: dict[str, Any], loc: Location) -> tuple[dict[str, Any], Location, bool]:
        """Take every way a spec says "or null" off ``node``: return the rest, where it is, and
        whether null was allowed."""
        nullable = False
        while True:
            changed = False
            if node.get("nullable") is True:
                node, nullable, changed = {k: v for k, v in node.items() if k != "nullable"}, True, True
            kind = node.get("type")
            if isinstance(kind, list) and "null" in kind and len(kind) > 1:
                rest = [k for k in kind if k != "null"]
                node = {**node, "type": rest[0] if len(rest) == 1 else rest}
                nullable = changed = True
            if isinstance(node.get("enum"), list) and None in node["enum"] and len(node["enum"]) > 1:
                node = {**node, "enum": [v for v in node["enum"] if v is not None]}
                nullable = changed = True
            for keyword in ("anyOf", "oneOf", "allOf"):
                members = node.get(keyword)
                if not isinstance(members, list):
                    continue
                test = _only_nullable if keyword == "allOf" else is_null_schema
                kept = [(i, m) for i, m in enumerate(members) if not test(m)]
                if len(kept) == len(members) or not kept:
                    continue
                nullable = changed = True
                if len(kept) == 1 and not (_structural(node) - {keyword, "type"}):
                    i, member = kept[0]
                    if not isinstance(member, dict):
                        return node, loc, nullable
                    outer = {k: v for k, v in node.items() if k in ANNOTATIONS and k not in member}
                    node, loc = {**member, **outer}, loc.child(keyword, i)
                else:
                    node = {**node, keyword: [m for _, m in kept]}
                break
            if not changed:
                return node, loc, nullable

    def _all_of_members(self, node: dict[str, Any], loc: Location) -> list[tuple[Any, Location]]:
        members = node["allOf"]
        if not isinstance(members, list) or not members:
            raise SpecError("allOf must be a non-empty list", location=loc.child("allOf"))
        return [
            (m, loc.child("allOf", i))
            for i, m in enumerate(members)
            if not _only_nullable(m) and not (isinstance(m, dict) and not _structural(m))
        ]

    def _object_shape(self, node: dict[str, Any], loc: Location) -> _ObjectShape | None:
        """The merged properties if ``node`` is an object with properties (allOf included)."""
        if not _is_object_like(node) and "allOf" not in node:
            return None
        shape = _ObjectShape()
        self._collect(node, loc, shape, depth=0)
        kinds = set(shape.types)
        if kinds - {"object"}:
            if "object" in kinds or len(kinds) > 1:
                (a, aloc), (b, bloc) = list(shape.types.items())[:2]
                raise SpecError(
                    f"allOf members contradict: type {a!r} at {aloc.pointer} and type {b!r} at {bloc.pointer}",
                    location=loc.child("allOf"),
                    hint="no value can be both; fix the member types",
                )
            return None
        if not shape.properties and shape.additional is not False:
            return None
        return shape

    def _collect(self, node: Any, loc: Location, shape: _ObjectShape, depth: int) -> None:
        if depth > 64:
            raise SpecError("allOf nests too deeply (or refers back to itself)", location=loc)
        if not isinstance(node, dict):
            raise SpecError("an allOf member must be a schema (a mapping)", location=loc)
        if "$ref" in node:
            loc, node = self.resolver.resolve(node["$ref"], loc)
            if not isinstance(node, dict):
                raise SpecError("an allOf member must be a schema (a mapping)", location=loc)
            node, loc, _ = self._split_null(node, loc)
        kind = node.get("type")
        if isinstance(kind, str):
            shape.types.setdefault(kind, loc.child("type"))
        elif "properties" in node:
            shape.types.setdefault("object", loc)
        props = node.get("properties") or {}
        if not isinstance(props, dict):
            raise SpecError("properties must be a mapping", location=loc.child("properties"))
        for name, prop in props.items():
            shape.properties[str(name)] = (prop, loc.child("properties", str(name)))
        required = node.get("required") or []
        if not isinstance(required, list):
            raise SpecError("required must be a list of property names", location=loc.child("required"))
        for name in required:
            if str(name) not in shape.required:
                shape.required.append(str(name))
        if "additionalProperties" in node:
            extra = node["additionalProperties"]
            if extra is False or shape.additional is not False:
                shape.additional, shape.additional_loc = extra, loc.child("additionalProperties")
        for member, mloc in self._all_of_members(node, loc) if "allOf" in node else ():
            self._collect(member, mloc, shape, depth + 1)

    def _merge_scalars(self, node: dict[str, Any], loc: Location) -> dict[str, Any]:
        """allOf of non-object schemas (say a type and a constraint): one schema with all keys."""
        merged = {k: v for k, v in node.items() if k != "allOf"}
        for member, mloc in self._all_of_members(node, loc):
            if isinstance(member, dict) and "$ref" in member:
                mloc, member = self.resolver.resolve(member["$ref"], mloc)
            if not isinstance(member, dict):
                raise SpecError("an allOf member must be a schema (a mapping)", location=mloc)
            if "allOf" in member:
                member = self._merge_scalars(member, mloc)
            for k, v in member.items():
                if k == "type" and "type" in merged and merged["type"] != v:
                    raise SpecError(
                        f"allOf members contradict: type {merged['type']!r} and type {v!r}",
                        location=mloc.child("type"),
                        hint="no value can be both; fix the member types",
                    )
                merged.setdefault(k, v)
        return merged

    # -- defaults --------------------------------------------------------------------------

    def _default(self, prop: Any, loc: Location, ftype: ir.TypeExpr) -> ir.Default | None:
        if not isinstance(prop, dict):
            return None
        holder: Any = prop
        if "default" not in holder:
            core, core_loc, _ = self._split_null(prop, loc)
            holder = core
            if "default" not in holder and "$ref" in holder:
                _, holder = self.resolver.resolve(holder["$ref"], core_loc)
        if not isinstance(holder, dict) or "default" not in holder:
            return None
        value = holder["default"]
        if value is None and not isinstance(ftype, ir.Nullable):
            return None
        if isinstance(value, dict) and isinstance(_strip(ftype), ir.Ref):
            return None  # an object default for a model: left to the model's own defaults
        return ir.Default(value)

    # -- unions: tags, after every definition exists -------------------------------------------

    def _tag_unions(self) -> None:
        for key, d in list(self.defs.items()):
            if not isinstance(d, ir.Alias):
                continue
            t = d.type.inner if isinstance(d.type, ir.Nullable) else d.type
            if isinstance(t, ir.UnionOf):
                tagged = self._tag(t, self._discriminators.get(key))
                if tagged is not t:
                    new_type = ir.Nullable(tagged) if isinstance(d.type, ir.Nullable) else tagged
                    self.defs[key] = replace(d, type=new_type)

    def _tag(self, u: ir.UnionOf, disc: tuple[str | None, dict[str, str], Location] | None) -> ir.UnionOf:
        found = {i: self.defs.get(m.key) for i, m in enumerate(u.members) if isinstance(m, ir.Ref)}
        models = {i: m for i, m in found.items() if isinstance(m, ir.Model)}
        if not models:
            return u
        if disc is not None:
            candidates = [disc[0]]
        else:
            common = set.intersection(*({f.wire_name for f in m.fields} for m in models.values()))
            candidates = sorted(common, key=lambda n: (n != "type", n))
        for prop in candidates:
            tags: list[tuple[str, int]] = []
            for i, model in models.items():
                f = next((f for f in model.fields if f.wire_name == prop), None)
                if f is None or not f.required or not isinstance(f.type, ir.LiteralOf):
                    break
                if not all(isinstance(v, str) for v in f.type.values):
                    break
                tags.extend((str(v), i) for v in f.type.values)
            else:
                values = [v for v, _ in tags]
                if len(set(values)) == len(values) and prop is not None:
                    return ir.UnionOf(u.members, prop, tuple(tags))
        return u


def ir_walk(t: ir.TypeExpr) -> list[ir.TypeExpr]:
    """``t`` and every type expression inside it."""
    found = [t]
    for child in ir.children(t):
        found.extend(ir_walk(child))
    return found


def _strip(t: ir.TypeExpr) -> ir.TypeExpr:
    while isinstance(t, (ir.Nullable, ir.Constrained)):
        t = t.inner
    return t


def _is_object_like(node: dict[str, Any]) -> bool:
    if "properties" in node:
        return True
    return node.get("type") == "object" and node.get("additionalProperties") is False


def _description(node: Any) -> str | None:
    if not isinstance(node, dict):
        return None
    text = node.get("description")
    if text is None:
        for keyword in ("anyOf", "oneOf"):
            members = node.get(keyword)
            if isinstance(members, list):
                rest = [m for m in members if not is_null_schema(m)]
                if len(rest) == 1 and isinstance(rest[0], dict) and "$ref" not in rest[0]:
                    text = rest[0].get("description")
    if text is None:
        text = node.get("title")
    return str(text).strip() or None if text is not None else None


def _member_label(member: Any) -> str:
    """A name for an inline union member: its constant tag, its title, or its kind."""
    if not isinstance(member, dict) or "$ref" in member:
        return ""
    props = member.get("properties") or {}
    if isinstance(props, dict):
        for name in sorted(props, key=lambda n: (n != "type", str(n))):
            p = props[name]
            if isinstance(p, dict):
                values = p.get("enum") if "const" not in p else [p["const"]]
                if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str) and _pascal(values[0]):
                    return _pascal(values[0])
    if isinstance(member.get("title"), str) and _pascal(member["title"]):
        return _pascal(member["title"])
    kind = member.get("type")
    return KIND_LABELS.get(kind, "Option") if isinstance(kind, str) else "Option"


def _hint_from_pointer(loc: Location) -> tuple[str, ...]:
    """Name parts for a schema reached by reference: a component's name, or the path under it."""
    tokens = [unescape_pointer_token(t) for t in loc.pointer.split("/")[1:]]
    if tokens[:2] == ["components", "schemas"] and len(tokens) > 2:
        tokens = tokens[2:]
    hint: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("properties", "allOf", "anyOf", "oneOf") and i + 1 < len(tokens):
            if token == "properties":
                hint.append(tokens[i + 1])
            i += 2
            continue
        hint.append({"items": "Item", "additionalProperties": "Value"}.get(token, token))
        i += 1
    return tuple(hint) or (loc.file.rsplit("/", 1)[-1].split(".")[0],)


def _constrain(t: ir.TypeExpr, node: dict[str, Any], kind: str) -> ir.TypeExpr:
    c: dict[str, Any] = {}
    if kind in ("integer", "number"):
        c["minimum"], c["maximum"] = node.get("minimum"), node.get("maximum")
        c["multiple_of"] = node.get("multipleOf")
        for side in ("minimum", "maximum"):
            flag = node.get("exclusive" + side.capitalize())
            if flag is True:  # OpenAPI 3.0: a boolean beside minimum/maximum
                c["exclusive_" + side], c[side] = c[side], None
            elif isinstance(flag, (int, float)) and not isinstance(flag, bool):
                c["exclusive_" + side] = flag
    elif kind == "string":
        c["min_length"], c["max_length"] = node.get("minLength"), node.get("maxLength")
        c["pattern"] = node.get("pattern")
    elif kind == "array":
        c["min_length"], c["max_length"] = node.get("minItems"), node.get("maxItems")
    c = {k: v for k, v in c.items() if v is not None and not isinstance(v, bool)}
    return ir.Constrained(t, ir.Constraints(**c)) if c else t


def normalise(resolver: Resolver) -> SpecIR:
    """Every component schema of the resolver's root document, as IR definitions."""
    return Normaliser(resolver).run()
