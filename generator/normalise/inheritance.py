"""Inheritance as OpenAPI spells it, in its two shapes.

A base schema with a ``discriminator`` whose subtypes are the component schemas that extend it
through ``allOf`` (``Cat: {allOf: [$ref: Pet, {...}]}``): a value of the base is one of its
subtypes, told apart by the discriminator's property. Wherever the base is referenced, it is read
as the union of its subtypes, tagged by the discriminator's ``mapping`` (the tag values it lists)
and, for a subtype the mapping does not name, by the subtype's own name (OpenAPI's implicit
mapping). The subtypes keep the base's properties: they merge the base's schema as written, not
the union it is read as.

A schema with properties of its own beside a discriminated ``oneOf`` (or ``anyOf``) of members
(``Pet: {properties: {...}, oneOf: [$ref: Cat, $ref: Dog], discriminator: {...}}``): a value has
the properties and is one of the members. It is read as the union of the members, each merged
with the schema's properties (``{allOf: [$ref: Pet, $ref: Cat]}``, named for the member), and
tagged as the members would be: by the mapping's values for the schema a member extends, its own
constant, or that schema's name.
"""

from __future__ import annotations

from typing import Any

from ..errors import Location
from .unions import COMPONENTS

PREFIX = "#" + COMPONENTS


def _name(ref: str) -> str:
    return ref[len(PREFIX) :].replace("~1", "/").replace("~0", "~")


def _ref(name: str) -> str:
    return PREFIX + name.replace("~", "~0").replace("/", "~1")


def subtypes_at(schemas: dict[str, tuple[Location, Any]]) -> dict[str, tuple[str, list[str]]]:
    """``subtypes`` of the component schemas (each with where it is), by the place of each base
    (its key): the base's name and its subtypes' names."""
    found = subtypes({name: node for name, (_, node) in schemas.items()})
    return {schemas[base][0].key: (base, names) for base, names in found.items()}


def is_base(node: Any) -> bool:
    """A schema that names a discriminator but no union of its own: its subtypes say what it is."""
    return isinstance(node, dict) and isinstance(node.get("discriminator"), dict) and not {"oneOf", "anyOf"} & set(node)


def subtypes(schemas: dict[str, Any]) -> dict[str, list[str]]:
    """By the name of each base component schema that has any: the components that extend it
    through ``allOf`` (directly), in the spec's order."""
    found: dict[str, list[str]] = {}
    for name, node in schemas.items():
        members = node.get("allOf") if isinstance(node, dict) else None
        for member in members if isinstance(members, list) else ():
            ref = member.get("$ref") if isinstance(member, dict) else None
            if not isinstance(ref, str) or not ref.startswith(PREFIX):
                continue
            base = _name(ref)
            if base != name and is_base(schemas.get(base)) and name not in found.get(base, []):
                found.setdefault(base, []).append(name)
    return found


def as_union(node: dict[str, Any], name: str, children: list[str]) -> dict[str, Any]:
    """The base ``name`` read as the union of its subtypes ``children``: a ``oneOf`` of every
    schema its mapping names (but the base itself) and of every subtype it does not, with the
    mapping made explicit. What describes the base (its description, nullability) is kept."""
    discriminator = node["discriminator"]
    given = discriminator.get("mapping") if isinstance(discriminator.get("mapping"), dict) else {}
    mapping: dict[str, str] = {}
    for tag, target in given.items():
        full = target if not isinstance(target, str) or "#" in target or "/" in target else _ref(target)
        if full != _ref(name):  # the base itself is not one of its subtypes
            mapping[str(tag)] = full
    for child in children:
        if _ref(child) not in mapping.values():
            mapping[child] = _ref(child)
    kept = {k: v for k, v in node.items() if k in ("description", "title", "nullable", "deprecated")}
    members = list(dict.fromkeys(mapping.values()))
    return {**kept, "oneOf": [{"$ref": m} for m in members], "discriminator": {**discriminator, "mapping": mapping}}


UNION_KEYWORDS = ("oneOf", "anyOf")


def has_shared_properties(node: Any) -> bool:
    """A schema with properties of its own beside a discriminated union of members."""
    return (
        isinstance(node, dict)
        and isinstance(node.get("discriminator"), dict)
        and "properties" in node
        and any(isinstance(node.get(k), list) and node[k] for k in UNION_KEYWORDS)
    )


def with_shared_properties(node: dict[str, Any], loc: Location) -> tuple[dict[str, Any], list[Any]]:
    """The schema at ``loc`` (see ``has_shared_properties``) read as the union of its members,
    each merged with the schema itself (``allOf``: its properties, at their own place, so that a
    class they need is one for every member); and the members as written (for their names and
    tags). What describes the schema is kept on the union."""
    keyword = next(k for k in UNION_KEYWORDS if isinstance(node.get(k), list) and node[k])
    itself = {"$ref": "#" + loc.pointer}
    kept = {k: v for k, v in node.items() if k in ("description", "title", "deprecated")}
    members = [{"allOf": [itself, member]} for member in node[keyword]]
    return {**kept, keyword: members, "discriminator": node["discriminator"]}, list(node[keyword])
