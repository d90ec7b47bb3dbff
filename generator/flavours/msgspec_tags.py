"""msgspec's tagged unions, with the tag read as the schema says wherever a struct is read.

msgspec tags a class: a Struct with ``tag_field``/``tag`` is told apart in a union by that key,
and the union requires it. Read on its own (``msgspec.json.decode(data, type=Cat)``, or as a
field typed ``Cat``), the same Struct takes a payload without the key; and a class has one tag,
where two unions may tag one schema by different values (their mappings), and a field typed by
the schema takes any value its schema allows. No hook of msgspec sees whether a key was there (a
``__post_init__`` sees the decoded Struct; a decode hook sees no Struct), and a Struct cannot
declare a field named like its tag. So a schema that tagged unions hold is written as classes
that share one base:

- ``_CatFields``: every property of the schema but the tags, untagged;
- ``Cat(_CatFields)``: the schema on its own, its tag properties ordinary fields (required as the
  schema requires them): what ``Cat`` means everywhere but in a tagged union;
- ``CatTagged(_CatFields, tag_field=..., tag=...)``: the schema as the tagged unions hold it, one
  class per tag (key and value) they give it (``CatTaggedFeline``... when they give several), with
  a read-only property for the tag's value. The unions are written with these, so msgspec still
  decodes them by one lookup of the tag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .. import ir
from ..naming import pascal


@dataclass(frozen=True, order=True)
class StructTag:
    """How a union tells a struct apart: the JSON key and this struct's value."""

    field: str
    value: str


@dataclass(frozen=True)
class TaggedLeaf:
    """A member of a union as msgspec reads it there: the model ``key`` tagged by ``tag``."""

    key: str
    tag: StructTag


def union_tags(t: ir.TypeExpr, definitions: Mapping[str, ir.Definition]) -> list[TaggedLeaf] | None:
    """The tagged structs that the union ``t`` (or ``t | None``) holds, one per tag value; None if
    msgspec cannot tell its members apart by a tag: a member that is not a model or that no value
    tags, a member taking what no other does (tolerant reading), or one struct in all (a union
    of one struct is that struct, read as the schema reads it, its tag required if it is)."""
    u = t.inner if isinstance(t, ir.Nullable) else t
    if not isinstance(u, ir.UnionOf) or not u.discriminated or u.tag is None or u.fallback is not None:
        return None
    found: list[TaggedLeaf] = []
    for i, member in enumerate(u.members):
        model = ir.model_of(member, definitions)
        values = u.tag_values(i)
        if model is None or not values:
            return None
        found.extend(TaggedLeaf(model.key, StructTag(u.tag, value)) for value in values)
    return found if len(found) > 1 else None


def struct_tags(aliases: Iterable[ir.Definition], definitions: Mapping[str, ir.Definition]) -> dict[str, tuple[StructTag, ...]]:
    """By model key: the tags that the tagged unions among ``aliases`` give it, sorted."""
    found: dict[str, set[StructTag]] = {}
    for d in aliases:
        leaves = union_tags(d.type, definitions) if isinstance(d, ir.Alias) else None
        for leaf in leaves or ():
            found.setdefault(leaf.key, set()).add(leaf.tag)
    return {key: tuple(sorted(tags)) for key, tags in sorted(found.items())}


def tagged_names(tags: Mapping[str, tuple[StructTag, ...]], classes: Mapping[str, str]) -> dict[TaggedLeaf, str]:
    """The class name of each tagged form: ``CatTagged`` for a struct with one tag; with several,
    each adds its value (``CatTaggedFeline``), and its key too when they differ in keys. A name
    another class has gets a trailing underscore (the names of the module's classes claim first)."""
    taken = set(classes.values())
    names: dict[TaggedLeaf, str] = {}
    for key, found in tags.items():
        keys = {tag.field for tag in found}
        for tag in found:
            suffix = "" if len(found) == 1 else pascal(tag.value) if len(keys) == 1 else pascal(tag.field) + pascal(tag.value)
            name = classes[key] + "Tagged" + suffix
            while name in taken:
                name += "_"
            taken.add(name)
            names[TaggedLeaf(key, tag)] = name
    return names


def fields_base(name: str) -> str:
    """The name of the base a tagged schema's classes share (a name no schema's class can have)."""
    return f"_{name}Fields"
