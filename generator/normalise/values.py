"""Values a schema holds: ``enum`` and ``const`` (checked against the schema's ``type``),
constraints (``minimum``, ``maxLength``, ``pattern``...) and ``default``."""

from __future__ import annotations

import re
from typing import Any

from generator import ir
from generator.errors import Location, SpecError, shown
from generator.normalise.limits import check_value_size
from generator.normalise.nulls import split_null
from generator.resolve import Resolver


def literal(value: Any, loc: Location) -> ir.LiteralValue:
    """An ``enum`` or ``const`` value as a ``Literal`` member."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    raise SpecError(f"enum and const values must be strings, integers, booleans or null, found {shown(value)}", location=loc)


def _json_kind(value: ir.LiteralValue) -> str:
    if isinstance(value, bool):
        return "boolean"
    return "string" if isinstance(value, str) else "integer"


def check_value_kinds(node: dict[str, Any], keyword: str, loc: Location) -> None:
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
        listed = ", ".join(f"{values[i]!r} ({kind})" for kind, i in first.items())
        raise SpecError(
            f"enum mixes value types: {listed}",
            location=loc.child("enum"),
            hint="if both kinds are meant, write a oneOf with one enum per type",
        )


def const(node: dict[str, Any], loc: Location) -> ir.LiteralOf:
    value = literal(node["const"], loc.child("const"))
    check_value_kinds(node, "const", loc)
    return ir.LiteralOf((value,))


def enum(node: dict[str, Any], loc: Location, resolver: Resolver) -> ir.LiteralOf:
    """The values of ``node``'s ``enum`` (without null if null was taken out as "or null");
    errors point at the values as the file has them."""
    values = node["enum"]
    if not isinstance(values, list) or not values:
        raise SpecError("enum must be a non-empty list", location=loc.child("enum"))
    written = _as_written(node, loc, resolver)
    kept = [(i, v) for i, v in enumerate(written["enum"]) if v is not None or None in values]
    literals = tuple(dict.fromkeys(literal(v, loc.child("enum", i)) for i, v in kept))
    check_value_kinds(written, "enum", loc)
    return ir.LiteralOf(literals)


def _as_written(node: dict[str, Any], loc: Location, resolver: Resolver) -> dict[str, Any]:
    """The schema at ``loc`` as the file has it, if ``node`` is that schema with null taken out
    of its enum (or its type): errors must point at the values as written."""
    try:
        written = resolver.node(loc)
    except (SpecError, KeyError):
        return node
    if not isinstance(written, dict) or not isinstance(written.get("enum"), list):
        return node
    if [v for v in written["enum"] if v is not None] != [v for v in node["enum"] if v is not None]:
        return node
    return written


def usable_pattern(node: dict[str, Any], loc: Location, warnings: list[str]) -> dict[str, Any]:
    """``node`` without its ``pattern`` if Python cannot use it (checked with ``re``, which
    the Pydantic flavour is told to use), with a warning: the rest of the schema still holds."""
    pattern = node["pattern"]
    try:
        if not isinstance(pattern, str):
            raise TypeError("not a string")
        re.compile(pattern)
    except (re.error, TypeError, ValueError, OverflowError, RecursionError) as exc:
        warnings.append(
            f"{loc.child('pattern')}: pattern {shown(pattern)} is not a regular expression Python can use ({exc}); not enforced"
        )
        return {k: v for k, v in node.items() if k != "pattern"}
    return node


def constrain(t: ir.TypeExpr, node: dict[str, Any], kind: str) -> ir.TypeExpr:
    """``t`` with the constraints of ``node`` that apply to a value of JSON type ``kind``."""
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


def default(prop: Any, loc: Location, ftype: ir.TypeExpr, resolver: Resolver) -> ir.Default | None:
    """What an absent property means: its ``default``, or that of the schema it refers to."""
    if not isinstance(prop, dict):
        return None
    holder: Any = prop
    where = loc
    if "default" not in holder:
        holder, where, _ = split_null(prop, loc)
        if "default" not in holder and "$ref" in holder:
            where, holder = resolver.resolve(holder["$ref"], where)
    if not isinstance(holder, dict) or "default" not in holder:
        return None
    value = holder["default"]
    check_value_size(value, where.child("default"))
    if value is None and not isinstance(ftype, ir.Nullable):
        return None
    if isinstance(value, dict) and isinstance(ir.strip(ftype), ir.Ref):
        return None  # an object default for a model: left to the model's own defaults
    return ir.Default(value)
