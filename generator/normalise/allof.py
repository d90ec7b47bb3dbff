"""``allOf`` merged on the schema, before conversion: the properties of every member of an object,
and the keys of every member of a scalar (a type beside a constraint, say)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Location, SpecError, shown
from ..resolve import Resolver
from .nulls import only_nullable, split_null, structural

MAX_ALLOF_DEPTH = 64


@dataclass
class ObjectShape:
    """An object schema with its allOf members merged: properties in order, with their locations."""

    properties: dict[str, tuple[Any, Location]] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    additional: Any = True
    additional_loc: Location | None = None
    types: dict[str, Location] = field(default_factory=dict)
    patterns: list[tuple[Any, Location]] = field(default_factory=list)  # patternProperties' schemas
    pattern_keys: list[str] = field(default_factory=list)  # and their patterns
    # what members say that merging their properties leaves out (the model warns about each)
    unmerged: list[tuple[str, Location]] = field(default_factory=list)

    def extra_keys(self) -> str | None:
        """With ``additionalProperties: false`` beside ``patternProperties``, the keys allowed
        besides the properties: one regular expression that matches where a pattern does; None
        otherwise, or when Python's ``re`` cannot compile a pattern (the keys are then not
        checked, as the warning about the patterns says)."""
        if self.additional is not False or not self.pattern_keys:
            return None
        joined = "|".join(f"(?:{p})" for p in dict.fromkeys(self.pattern_keys))
        try:
            re.compile(joined)
        except re.error:
            return None
        return joined


# What an allOf member may say that its merged properties do not (the schema itself is checked
# for these where it is read: only members are looked at here)
UNMERGED = ("anyOf", "oneOf", "not", "if", "dependentRequired", "dependentSchemas", "minProperties", "maxProperties", "propertyNames")


def is_object_like(node: dict[str, Any]) -> bool:
    if "properties" in node or "patternProperties" in node:
        return True
    return node.get("type") == "object" and (node.get("additionalProperties") is False or bool(node.get("required")))


def all_of_members(node: dict[str, Any], loc: Location) -> list[tuple[Any, Location]]:
    """The members of ``node``'s allOf that say something (not ``{}``, ``true`` or ``{nullable: true}``)."""
    members = node["allOf"]
    if not isinstance(members, list) or not members:
        raise SpecError("allOf must be a non-empty list", location=loc.child("allOf"))
    return [
        (m, loc.child("allOf", i))
        for i, m in enumerate(members)
        if m is not True and not only_nullable(m) and not (isinstance(m, dict) and not structural(m))
    ]


def object_shape(node: dict[str, Any], loc: Location, resolver: Resolver) -> ObjectShape | None:
    """The merged properties if ``node`` is an object with properties (allOf included)."""
    if not is_object_like(node) and "allOf" not in node:
        return None
    if excludes_everything(node, loc, resolver):
        return None  # no value at all: not a model
    shape = ObjectShape()
    _collect(node, loc, shape, 0, resolver)
    kinds = set(shape.types)
    if kinds - {"object"}:
        if "object" in kinds or len(kinds) > 1:
            (a, aloc), (b, bloc) = list(shape.types.items())[:2]
            raise SpecError(
                f"allOf members contradict: type {shown(a)} at {aloc.pointer} and type {shown(b)} at {bloc.pointer}",
                location=loc.child("allOf"),
                hint="no value can be both; fix the member types",
            )
        return None
    if not shape.properties and not shape.required and shape.additional is not False and not shape.patterns:
        return None  # a map: `required` keys make it a model, whose fields are those keys
    if not shape.properties and not shape.required and shape.patterns:
        return None  # a map whose keys follow patterns: its values are what build reads
    return shape


def _collect(node: Any, loc: Location, shape: ObjectShape, depth: int, resolver: Resolver) -> None:
    if depth > MAX_ALLOF_DEPTH:
        raise SpecError("allOf nests too deeply (or refers back to itself)", location=loc)
    if node is True:
        return  # allows anything: adds nothing
    if not isinstance(node, dict):
        raise SpecError("an allOf member must be a schema (a mapping or a boolean)", location=loc)
    if "$ref" in node:
        loc, node = resolver.resolve(node["$ref"], loc)
        if node is True:
            return
        if not isinstance(node, dict):
            raise SpecError("an allOf member must be a schema (a mapping or a boolean)", location=loc)
        node, loc, _ = split_null(node, loc)
    kind = node.get("type")
    if isinstance(kind, str):
        shape.types.setdefault(kind, loc.child("type"))
    elif "properties" in node:
        shape.types.setdefault("object", loc)
    props = node.get("properties") or {}
    if not isinstance(props, dict):
        raise SpecError("properties must be a mapping", location=loc.child("properties"))
    for name, prop in props.items():
        here = loc.child("properties", str(name))
        earlier = shape.properties.get(str(name))
        if earlier is not None and _refines(earlier[0], prop):
            shape.properties[str(name)] = ({**earlier[0], **prop}, earlier[1])  # both hold: one schema with both
        else:
            shape.properties[str(name)] = (prop, here)
    required = node.get("required") or []
    if not isinstance(required, list) or not all(isinstance(name, str) for name in required):
        raise SpecError("required must be a list of property names", location=loc.child("required"))
    for name in required:
        if str(name) not in shape.required:
            shape.required.append(str(name))
    if "additionalProperties" in node:
        extra = node["additionalProperties"]
        if extra is False or shape.additional is not False:
            shape.additional, shape.additional_loc = extra, loc.child("additionalProperties")
    elif node.get("unevaluatedProperties") is False:  # the merged properties are all that is evaluated
        shape.additional, shape.additional_loc = False, loc.child("unevaluatedProperties")
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict):
        shape.patterns.extend((schema, loc.child("patternProperties", str(p))) for p, schema in patterns.items())
        shape.pattern_keys.extend(str(p) for p in patterns)
    if depth:
        shape.unmerged.extend((keyword, loc.child(keyword)) for keyword in UNMERGED if keyword in node)
    for member, mloc in all_of_members(node, loc) if "allOf" in node else ():
        _collect(member, mloc, shape, depth + 1, resolver)


STRUCTURE = frozenset({"$ref", "properties", "items", "prefixItems", "allOf", "oneOf", "anyOf", "not", "additionalProperties"})


def _refines(earlier: Any, later: Any) -> bool:
    """Whether an allOf member's property schema only adds to the same property of an earlier
    member (a description, a bound, ``maxLength``...), so that the two merge into one schema."""
    if not isinstance(earlier, dict) or not isinstance(later, dict) or STRUCTURE & set(later):
        return False
    if "type" in later and later["type"] != earlier.get("type"):
        return False
    return not (("enum" in later or "const" in later) and ("enum" in earlier or "const" in earlier))


def merge_scalars(node: dict[str, Any], loc: Location, resolver: Resolver, depth: int = 0) -> dict[str, Any]:
    """allOf of non-object schemas (say a type and a constraint): one schema with all keys."""
    if depth > MAX_ALLOF_DEPTH:
        raise SpecError("allOf nests too deeply (or refers back to itself)", location=loc)
    merged = {k: v for k, v in node.items() if k != "allOf"}
    for member, mloc in all_of_members(node, loc):
        if isinstance(member, dict) and "$ref" in member:
            mloc, member = resolver.resolve(member["$ref"], mloc)
        if member is True:
            continue
        if not isinstance(member, dict):
            raise SpecError("an allOf member must be a schema (a mapping or a boolean)", location=mloc)
        if "allOf" in member:
            member = merge_scalars(member, mloc, resolver, depth + 1)
        for k, v in member.items():
            if k == "type" and "type" in merged and merged["type"] != v:
                raise SpecError(
                    f"allOf members contradict: type {shown(merged['type'])} and type {shown(v)}",
                    location=mloc.child("type"),
                    hint="no value can be both; fix the member types",
                )
            merged.setdefault(k, v)
    return merged


def excludes_everything(
    node: dict[str, Any], loc: Location, resolver: Resolver, depth: int = 0, seen: set[str] | None = None
) -> bool:
    """Whether a member of ``node``'s allOf is ``false`` (directly, by ``$ref``, or in a member's
    own allOf): then no value fits. Each schema is looked at once (``seen``): a schema whose allOf
    names itself twice would otherwise be looked at 2**depth times."""
    seen = set() if seen is None else seen
    if depth > MAX_ALLOF_DEPTH or "allOf" not in node or loc.key in seen:
        return False
    seen.add(loc.key)
    for member, mloc in all_of_members(node, loc):
        if isinstance(member, dict) and "$ref" in member:
            mloc, member = resolver.resolve(member["$ref"], mloc)
        if member is False or (
            isinstance(member, dict) and excludes_everything(member, mloc, resolver, depth + 1, seen)
        ):
            return True
    return False
