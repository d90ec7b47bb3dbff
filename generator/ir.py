"""The intermediate representation: a small, frozen model of the types a module declares.

Every flavour renders the same IR; the flavours differ only in syntax. Definitions refer to each
other by key (the JSON pointer of the schema they come from), so cycles cost nothing.

Three facts about a field are kept apart and never merged into one flag:
``required`` (the key must be present), nullability (a ``Nullable`` type: null is a value) and
``default`` (what an absent key means).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

JsonValue = Union[None, bool, int, float, str, list["JsonValue"], dict[str, "JsonValue"]]
LiteralValue = Union[str, int, bool, None]


@dataclass(frozen=True, slots=True)
class Primitive:
    """A JSON scalar: ``str``, ``int``, ``float``, ``bool`` or ``None`` (the JSON null)."""

    kind: str


@dataclass(frozen=True, slots=True)
class LiteralOf:
    """One of a fixed set of scalar values: an ``enum``, a ``const`` or ``x-stainless-const``."""

    values: tuple[LiteralValue, ...]


@dataclass(frozen=True, slots=True)
class ListOf:
    """A JSON array whose items all have one type."""

    item: TypeExpr


@dataclass(frozen=True, slots=True)
class MapOf:
    """A JSON object used as a map from string keys to values of one type."""

    value: TypeExpr


@dataclass(frozen=True, slots=True)
class UnionOf:
    """One of several types. ``tag`` names the property that tells object members apart, and
    ``tags`` maps each tag value to the member (an index into ``members``) it selects."""

    members: tuple[TypeExpr, ...]
    tag: str | None = None
    tags: tuple[tuple[str, int], ...] = ()

    @property
    def discriminated(self) -> bool:
        """Every member is an object told apart by the value of ``tag``."""
        return self.tag is not None and {i for _, i in self.tags} == set(range(len(self.members)))


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a named definition, by key."""

    key: str


@dataclass(frozen=True, slots=True)
class Nullable:
    """The inner type, or null."""

    inner: TypeExpr


@dataclass(frozen=True, slots=True)
class AnyType:
    """Any JSON value: the schema does not say."""


@dataclass(frozen=True, slots=True)
class Constraints:
    """Validation keywords of JSON Schema that a type carries (all optional)."""

    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None

    def items(self) -> list[tuple[str, float | int | str]]:
        """The constraints that are set, in a fixed order, as (keyword, value) pairs."""
        return [(name, getattr(self, name)) for name in self.__slots__ if getattr(self, name) is not None]


@dataclass(frozen=True, slots=True)
class Constrained:
    """A type narrowed by constraints (``minimum``, ``maxItems``, ``pattern``...)."""

    inner: TypeExpr
    constraints: Constraints


TypeExpr = Union[Primitive, LiteralOf, ListOf, MapOf, UnionOf, Ref, Nullable, AnyType, Constrained]


@dataclass(frozen=True, slots=True)
class Default:
    """The value an absent key means (a JSON value; wrapped so that ``None`` can be a default)."""

    value: JsonValue


@dataclass(frozen=True, slots=True)
class Field:
    """One property of an object schema."""

    wire_name: str
    type: TypeExpr
    required: bool
    default: Default | None
    description: str | None
    deprecated: bool
    source: str


@dataclass(frozen=True, slots=True)
class Model:
    """An object with named properties. ``extra`` is the type of any other property
    (``None`` when ``additionalProperties: false``)."""

    key: str
    hint: tuple[str, ...]
    fields: tuple[Field, ...]
    description: str | None
    extra: TypeExpr | None
    source: str


@dataclass(frozen=True, slots=True)
class Alias:
    """A named type that is not an object with properties: an enum, a union, a map, a scalar."""

    key: str
    hint: tuple[str, ...]
    type: TypeExpr
    description: str | None
    source: str


Definition = Union[Model, Alias]


def children(t: TypeExpr) -> tuple[TypeExpr, ...]:
    """The type expressions directly inside ``t``."""
    if isinstance(t, (ListOf,)):
        return (t.item,)
    if isinstance(t, MapOf):
        return (t.value,)
    if isinstance(t, UnionOf):
        return t.members
    if isinstance(t, (Nullable, Constrained)):
        return (t.inner,)
    return ()


def refs_in(t: TypeExpr) -> list[str]:
    """Keys of every definition that ``t`` refers to, in order of appearance."""
    if isinstance(t, Ref):
        return [t.key]
    found: list[str] = []
    for child in children(t):
        found.extend(refs_in(child))
    return found


def uses_pattern(d: Definition) -> bool:
    """Whether a ``pattern`` constraint appears anywhere in ``d``."""
    types = [d.type] if isinstance(d, Alias) else [f.type for f in d.fields] + ([d.extra] if d.extra else [])
    while types:
        t = types.pop()
        if isinstance(t, Constrained) and t.constraints.pattern is not None:
            return True
        types.extend(children(t))
    return False


def definition_refs(d: Definition) -> list[str]:
    """Keys of every definition that ``d`` refers to."""
    if isinstance(d, Alias):
        return refs_in(d.type)
    found: list[str] = []
    for f in d.fields:
        found.extend(refs_in(f.type))
    if d.extra is not None:
        found.extend(refs_in(d.extra))
    return found


@dataclass(frozen=True)
class SpecIR:
    """Every definition of a spec, and the component names that can be asked for as roots."""

    definitions: dict[str, Definition]
    components: dict[str, str]
    warnings: tuple[str, ...]
