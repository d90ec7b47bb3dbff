"""Tagged unions: a pass over the IR once every definition exists.

A union of objects is tagged when one property's value tells its members apart. With a
``discriminator`` (OpenAPI), the property is its ``propertyName`` and a member is selected by:

1. the values ``discriminator.mapping`` maps to it;
2. otherwise the values its own schema allows for that property (a ``const`` or an ``enum``);
3. otherwise its component name (OpenAPI's implicit mapping: ``Cat`` for ``#/components/schemas/Cat``).

Without a discriminator, a union is tagged by a property that every object member requires with
constant string values, none shared (``type`` is tried first). Mapping values that a member's
own constant excludes are left out: no valid payload can carry them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .. import ir
from ..errors import Location, SpecError, unescape_pointer_token
from ..resolve import Resolver

COMPONENTS = "/components/schemas/"


@dataclass(frozen=True)
class Discriminator:
    """An OpenAPI ``discriminator``: the tag property and the explicit mapping (tag → definition key)."""

    property: str
    mapping: tuple[tuple[str, str], ...]
    # (member key, the schema it extends) for members merged with their union's own properties
    # (inheritance.with_shared_properties): tagged as the schema they extend would be
    extends: tuple[tuple[str, str], ...] = ()


def read_discriminator(
    disc: Any, loc: Location, resolver: Resolver, define: Callable[[Location, Any], None]
) -> Discriminator:
    """The discriminator at ``loc``; every schema its mapping names is defined with ``define``."""
    if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
        raise SpecError("discriminator must have a 'propertyName' string", location=loc)
    mapping = disc.get("mapping") or {}
    if not isinstance(mapping, dict):
        raise SpecError("discriminator mapping must be a mapping of tag values to schemas", location=loc.child("mapping"))
    found: list[tuple[str, str]] = []
    for tag, target in mapping.items():
        where = loc.child("mapping", str(tag))
        if not isinstance(target, str):
            raise SpecError("discriminator mapping values must be strings", location=where)
        bare_name = not any(c in target for c in "#/") and not target.endswith((".yaml", ".yml", ".json"))
        ref = "#" + COMPONENTS + target if bare_name else target
        target_loc, node = resolver.resolve(ref, loc, at=where)
        define(target_loc, node)
        found.append((str(tag), target_loc.key))
    return Discriminator(disc["propertyName"], tuple(found))


def tag_unions(
    definitions: dict[str, ir.Definition], discriminators: dict[str, Discriminator], root_file: str
) -> dict[str, ir.Definition]:
    """``definitions`` with every union alias tagged where its members can be told apart."""
    result = dict(definitions)
    for key, d in definitions.items():
        if not isinstance(d, ir.Alias):
            continue
        t = d.type.inner if isinstance(d.type, ir.Nullable) else d.type
        if not isinstance(t, ir.UnionOf):
            continue
        disc = discriminators.get(key)
        tagged = _by_discriminator(t, disc, definitions, root_file) if disc else _by_shared_constant(t, definitions)
        if tagged is not t:
            result[key] = replace(d, type=ir.Nullable(tagged) if isinstance(d.type, ir.Nullable) else tagged)
    return result


def _models(u: ir.UnionOf, definitions: dict[str, ir.Definition]) -> dict[int, ir.Model]:
    return {i: m for i, member in enumerate(u.members) if (m := ir.model_of(member, definitions)) is not None}


def _allowed(model: ir.Model, prop: str, definitions: dict[str, ir.Definition]) -> tuple[ir.LiteralValue, ...] | None:
    """The values ``model`` allows for ``prop`` if its schema lists them (a ``const`` or an ``enum``)."""
    f = model.field(prop)
    return None if f is None else ir.literal_values(f.type, definitions)


def _constant(model: ir.Model, prop: str, definitions: dict[str, ir.Definition]) -> tuple[str, ...] | None:
    """The string values ``model`` allows for ``prop``, if it requires it as a constant or enum."""
    f = model.field(prop)
    allowed = _allowed(model, prop, definitions)
    if f is None or not f.required or allowed is None or not all(isinstance(v, str) for v in allowed):
        return None
    return tuple(str(v) for v in allowed)


def _component_name(key: str, root_file: str) -> str | None:
    file, _, pointer = key.partition("#")
    if file != root_file or not pointer.startswith(COMPONENTS) or "/" in pointer[len(COMPONENTS) :]:
        return None
    return unescape_pointer_token(pointer[len(COMPONENTS) :])


def _tagged(u: ir.UnionOf, prop: str, tags: list[tuple[str, int]]) -> ir.UnionOf:
    values = [v for v, _ in tags]
    if not tags or len(set(values)) != len(values):
        return u  # a value that selects two members tells nothing apart
    return ir.UnionOf(u.members, prop, tuple(tags))


def _by_discriminator(
    u: ir.UnionOf, disc: Discriminator, definitions: dict[str, ir.Definition], root_file: str
) -> ir.UnionOf:
    tags: list[tuple[str, int]] = []
    extends = dict(disc.extends)
    for i, model in _models(u, definitions).items():
        allowed = _allowed(model, disc.property, definitions)
        source = extends.get(model.key, model.key)
        mapped = [tag for tag, key in disc.mapping if key == source]
        if mapped:
            values = [tag for tag in mapped if allowed is None or tag in allowed]
        elif allowed is not None:
            # the member's own values, if it requires the property (else a payload may lack it)
            values = list(_constant(model, disc.property, definitions) or ())
        else:
            name = _component_name(source, root_file)
            values = [name] if name is not None else []
        if not values:
            return u
        tags.extend((value, i) for value in values)
    return _tagged(u, disc.property, tags)


def _by_shared_constant(u: ir.UnionOf, definitions: dict[str, ir.Definition]) -> ir.UnionOf:
    models = _models(u, definitions)
    if not models:
        return u
    common = set.intersection(*({f.wire_name for f in m.fields} for m in models.values()))
    for prop in sorted(common, key=lambda n: (n != "type", n)):
        tags: list[tuple[str, int]] = []
        for i, model in models.items():
            constant = _constant(model, prop, definitions)
            if constant is None:
                break
            tags.extend((value, i) for value in constant)
        else:
            tagged = _tagged(u, prop, tags)
            if tagged is not u:
                return tagged
    return u
