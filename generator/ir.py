"""The intermediate representation: a small, frozen model of the types a module declares, and
every query on it.

Every flavour renders the same IR; the flavours differ only in syntax. Definitions refer to each
other by key (the JSON pointer of the schema they come from), so cycles cost nothing.

Three facts about a field are kept apart and never merged into one flag:
``required`` (the key must be present), nullability (a ``Nullable`` type: null is a value) and
``default`` (what an absent key means).

The queries below ``match`` on the closed union ``TypeExpr`` and end in ``assert_never``: a new
kind of type that one of them forgets to handle is a mypy error, not a silent fall-through.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn, Union

from .formats import PYTHON_FORMATS, parse

if TYPE_CHECKING:
    from .errors import Diagnostic

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - Python 3.10

    def assert_never(value: NoReturn) -> NoReturn:
        raise AssertionError(f"unhandled type expression {value!r}")


JsonValue = Union[None, bool, int, float, str, list["JsonValue"], dict[str, "JsonValue"]]
# The JSON Schema keywords of each constraint of the IR (the second of a pair for arrays)
CONSTRAINT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "minimum": ("minimum",), "maximum": ("maximum",), "exclusive_minimum": ("exclusiveMinimum",),
    "exclusive_maximum": ("exclusiveMaximum",), "multiple_of": ("multipleOf",),
    "min_length": ("minLength", "minItems", "minProperties"), "max_length": ("maxLength", "maxItems", "maxProperties"),
    "pattern": ("pattern",),
    "one_of": ("enum",), "unique_items": ("uniqueItems",),
}  # fmt: skip
LiteralValue = Union[str, int, bool, None]


@dataclass(frozen=True, slots=True)
class Primitive:
    """A JSON scalar: ``str``, ``int``, ``float``, ``bool`` or ``None`` (the JSON null), and the
    schema's ``format`` (``date-time``, ``uuid``...), if it names one a flavour may map to a
    Python type or a docstring should mention; or ``bytes``, a file sent as a part of a
    ``multipart/form-data`` body (a string of ``format: binary`` there)."""

    kind: str
    format: str | None = None


@dataclass(frozen=True, slots=True)
class LiteralOf:
    """One of a fixed set of scalar values: an ``enum``, a ``const`` or ``x-stainless-const``;
    ``names``: what the spec names each value (``x-enum-varnames``, ``x-enumNames``), or none."""

    values: tuple[LiteralValue, ...]
    names: tuple[str, ...] = ()


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
    # the member that takes an object whose tag no other member lists (tolerant reading)
    fallback: int | None = None

    @property
    def discriminated(self) -> bool:
        """Every member is an object told apart by the value of ``tag`` (the fallback by its absence)."""
        told = {i for _, i in self.tags} | ({self.fallback} if self.fallback is not None else set())
        return self.tag is not None and told == set(range(len(self.members)))

    def tag_values(self, member: int) -> list[str]:
        """The tag values that select ``member``, in order."""
        return [value for value, i in self.tags if i == member]


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
class NeverType:
    """No value at all: the schema ``false`` (or ``not: {}``), as the items of an array that must
    be empty, or a property that must be absent."""


@dataclass(frozen=True, slots=True)
class TupleOf:
    """A JSON array of a fixed length whose items each have their own type (``prefixItems``)."""

    items: tuple[TypeExpr, ...]


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
    one_of: tuple[float, ...] | None = None  # an enum of numbers that are not integers
    unique_items: bool | None = None

    def items(self) -> list[tuple[str, float | int | str | bool | tuple[float, ...]]]:
        """The constraints that are set, in a fixed order, as (keyword, value) pairs."""
        return [(name, getattr(self, name)) for name in self.__slots__ if getattr(self, name) is not None]


@dataclass(frozen=True, slots=True)
class Constrained:
    """A type narrowed by constraints (``minimum``, ``maxItems``, ``pattern``...)."""

    inner: TypeExpr
    constraints: Constraints


TypeExpr = Union[
    Primitive, LiteralOf, ListOf, MapOf, TupleOf, UnionOf, Ref, Nullable, AnyType, NeverType, Constrained
]


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
    # "read" for a readOnly property (only responses carry it), "write" for a writeOnly one
    access: str | None = None


@dataclass(frozen=True, slots=True)
class Model:
    """An object with named properties. ``extra`` is the type of any other property
    (``None`` when ``additionalProperties: false``). ``extra_keys``: a regular expression (of
    Python's ``re``, searched) that any other key must match, when ``additionalProperties:
    false`` stands beside ``patternProperties`` (the keys of the patterns only are allowed)."""

    key: str
    hint: tuple[str, ...]
    fields: tuple[Field, ...]
    description: str | None
    extra: TypeExpr | None
    source: str
    extra_keys: str | None = None

    def field(self, wire_name: str) -> Field | None:
        return next((f for f in self.fields if f.wire_name == wire_name), None)


@dataclass(frozen=True, slots=True)
class Alias:
    """A named type that is not an object with properties: an enum, a union, a map, a scalar."""

    key: str
    hint: tuple[str, ...]
    type: TypeExpr
    description: str | None
    source: str


Definition = Union[Model, Alias]
Definitions = Mapping[str, Definition]


def _plain_repr(*classes: type) -> None:
    """Each class's ``repr`` without the guard against an object inside itself that dataclasses
    wrap it in (a set of the objects being shown, updated for each): the IR is made of trees, and
    a run shows a whole closure (its hash), tens of thousands of objects. The text is the same."""
    for cls in classes:
        setattr(cls, "__repr__", getattr(cls.__repr__, "__wrapped__", cls.__repr__))


_plain_repr(
    Primitive, LiteralOf, ListOf, MapOf, UnionOf, Ref, Nullable, AnyType, NeverType, TupleOf, Constraints, Constrained,
    Default, Field, Model, Alias,
)


@dataclass(frozen=True)
class SpecIR:
    """Every definition of a spec, the component names that can be asked for as roots, and the
    errors and warnings of each definition (a job reports those of the schemas it selects)."""

    definitions: dict[str, Definition]
    components: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]
    entries: tuple[str, ...]  # the keys of what the scope asked for, where a selection starts
    # the ``title`` of each inline schema that has one, by its key: its name with ``names = "title"``
    titles: dict[str, str] = field(default_factory=dict)


# -- queries on type expressions -----------------------------------------------------------------


def format_of(t: TypeExpr) -> str | None:
    """The ``format`` of a scalar type (through null and constraints)."""
    match t:
        case Primitive(_, fmt):
            return fmt
        case Nullable(inner) | Constrained(inner):
            return format_of(inner)
        case _:
            return None


def is_string_enum(d: Definition) -> bool:
    """Whether ``d`` is a named enum of two or more strings (an ``Enum`` class if asked for)."""
    return (
        isinstance(d, Alias)
        and isinstance(d.type, LiteralOf)
        and len(d.type.values) > 1
        and all(isinstance(v, str) for v in d.type.values)
    )


def children(t: TypeExpr) -> tuple[TypeExpr, ...]:
    """The type expressions directly inside ``t``."""
    match t:
        case Primitive() | LiteralOf() | Ref() | AnyType() | NeverType():  # (the most, first)
            return ()
        case ListOf(item):
            return (item,)
        case MapOf(value):
            return (value,)
        case UnionOf(members) | TupleOf(members):
            return members
        case Nullable(inner) | Constrained(inner):
            return (inner,)
        case _:
            assert_never(t)


def map_type(t: TypeExpr, f: Callable[[TypeExpr], TypeExpr]) -> TypeExpr:
    """``t`` rebuilt with ``f`` applied to each type expression directly inside it, every other
    field kept (a union's tag, tags and fallback; a constrained type's constraints). The one
    structural rewrite of the IR: a pass recurses by calling it from ``f`` (``return map_type(t, g)``
    at the end of ``g``)."""
    match t:
        case ListOf(item):
            return ListOf(f(item))
        case MapOf(value):
            return MapOf(f(value))
        case TupleOf(items):
            return TupleOf(tuple(map(f, items)))
        case UnionOf(members, tag, tags, fallback):
            return UnionOf(tuple(map(f, members)), tag, tags, fallback)
        case Nullable(inner):
            return Nullable(f(inner))
        case Constrained(inner, constraints):
            return Constrained(f(inner), constraints)
        case Primitive() | LiteralOf() | Ref() | AnyType() | NeverType():
            return t
        case _:
            assert_never(t)


def walk(t: TypeExpr) -> Iterator[TypeExpr]:
    """``t`` and every type expression inside it, depth first."""
    stack = [t]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def refs_in(t: TypeExpr) -> list[str]:
    """Keys of every definition that ``t`` refers to, in order of appearance (``walk``'s order,
    without a generator: asked of every definition several times a run)."""
    found = []
    stack = [t]
    while stack:
        current = stack.pop()
        if isinstance(current, Ref):
            found.append(current.key)
        else:
            stack.extend(reversed(children(current)))
    return found


def direct_refs(t: TypeExpr) -> list[str]:
    """The definitions ``t`` is directly (not inside a list or map) a union member of."""
    match t:
        case Ref(key):
            return [key]
        case UnionOf(members):
            return [key for m in members for key in direct_refs(m)]
        case Nullable(inner) | Constrained(inner):
            return direct_refs(inner)
        case _:
            return []


def union_members(t: TypeExpr) -> list[TypeExpr]:
    """The members of ``t`` as one flat union (``t`` itself if it is not a union)."""
    return [m for member in t.members for m in union_members(member)] if isinstance(t, UnionOf) else [t]


def types_of(d: Definition) -> list[TypeExpr]:
    """The type expressions a definition holds: an alias's type; a model's fields and extra."""
    match d:
        case Alias():
            return [d.type]
        case Model():
            return [f.type for f in d.fields] + ([d.extra] if d.extra is not None else [])
        case _:
            assert_never(d)


def definition_refs(d: Definition) -> list[str]:
    """Keys of every definition that ``d`` refers to."""
    return [key for t in types_of(d) for key in refs_in(t)]


def uses_pattern(d: Definition) -> bool:
    """Whether a ``pattern`` constraint (or a model's ``extra_keys``) appears anywhere in ``d``."""
    return (isinstance(d, Model) and d.extra_keys is not None) or any(
        isinstance(e, Constrained) and e.constraints.pattern is not None for t in types_of(d) for e in walk(t)
    )


def strip(t: TypeExpr) -> TypeExpr:
    """``t`` without the null and the constraints around it."""
    while isinstance(t, (Nullable, Constrained)):
        t = t.inner
    return t


def split_constraints(t: TypeExpr) -> tuple[TypeExpr, Constraints | None]:
    """A field's type without its outermost constraints (``T`` or ``T | None``), and those constraints."""
    if isinstance(t, Constrained):
        return t.inner, t.constraints
    if isinstance(t, Nullable) and isinstance(t.inner, Constrained):
        return Nullable(t.inner.inner), t.inner.constraints
    return t, None


def is_nullable(t: TypeExpr, definitions: Definitions, seen: frozenset[str] = frozenset()) -> bool:
    """Whether null is a value of ``t`` (looking through aliases)."""
    match t:
        case Nullable() | AnyType():
            return True
        case Primitive(kind):
            return kind == "None"
        case LiteralOf(values):
            return None in values
        case Constrained(inner):
            return is_nullable(inner, definitions, seen)
        case UnionOf(members):
            return any(is_nullable(m, definitions, seen) for m in members)
        case Ref(key):
            d = definitions[key]
            return key not in seen and isinstance(d, Alias) and is_nullable(d.type, definitions, seen | {key})
        case ListOf() | MapOf() | TupleOf() | NeverType():
            return False
        case _:
            assert_never(t)


ANY_KIND = "any"
_PRIMITIVE_KINDS = {
    "str": {"str"}, "int": {"int"}, "float": {"int", "float"}, "bool": {"bool"}, "None": {"null"}, "bytes": {"str"},
}  # fmt: skip


def literal_kind(value: LiteralValue) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    return "int" if isinstance(value, int) else "str"


def json_kinds(t: TypeExpr, definitions: Definitions, seen: frozenset[str] = frozenset()) -> set[str]:
    """The JSON kinds (``str``, ``int``, ``float``, ``bool``, ``null``, ``list``, ``dict``, or
    ``any``) that a value of ``t`` can have."""
    match t:
        case Primitive(kind):
            return set(_PRIMITIVE_KINDS[kind])
        case LiteralOf(values):
            return {literal_kind(v) for v in values}
        case ListOf() | TupleOf():
            return {"list"}
        case MapOf():
            return {"dict"}
        case NeverType():
            return set()
        case Ref(key):
            d = definitions[key]
            if isinstance(d, Model):
                return {"dict"}
            return set() if key in seen else json_kinds(d.type, definitions, seen | {key})
        case Nullable(inner):
            return {"null"} | json_kinds(inner, definitions, seen)
        case Constrained(inner):
            return json_kinds(inner, definitions, seen)
        case UnionOf(members):
            return set().union(*(json_kinds(m, definitions, seen) for m in members))
        case AnyType():
            return {ANY_KIND}
        case _:
            assert_never(t)


def fits(value: object, t: TypeExpr, definitions: Definitions, seen: frozenset[str] = frozenset()) -> bool:
    """Whether the JSON value ``value`` is a value of ``t`` (types only: constraints aside)."""
    match t:
        case Primitive(kind, fmt):
            expected = {
                "str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "None": (type(None),), "bytes": (str,),
            }  # fmt: skip
            if isinstance(value, bool) and kind != "bool":
                return False
            if isinstance(value, float) and not math.isfinite(value):
                return False
            if isinstance(value, str) and fmt in PYTHON_FORMATS:
                return parse(fmt, value) is not None
            return isinstance(value, expected[kind])
        case LiteralOf(values):
            return any(value == v and type(value) is type(v) for v in values)
        case ListOf(item):
            return isinstance(value, list) and all(fits(v, item, definitions, seen) for v in value)
        case TupleOf(items):
            return isinstance(value, list) and len(value) == len(items) and all(
                fits(v, i, definitions, seen) for v, i in zip(value, items)
            )
        case MapOf(inner):
            return isinstance(value, dict) and all(fits(v, inner, definitions, seen) for v in value.values())
        case UnionOf(members):
            return any(fits(value, m, definitions, seen) for m in members)
        case Nullable(inner):
            return value is None or fits(value, inner, definitions, seen)
        case Constrained(inner):
            return fits(value, inner, definitions, seen)
        case Ref(key):
            d = definitions.get(key)
            if d is None:
                return True  # still being built (a cycle): not known yet
            if isinstance(d, Model):
                return isinstance(value, dict)
            return key in seen or fits(value, d.type, definitions, seen | {key})
        case AnyType():
            return True
        case NeverType():
            return False
        case _:
            assert_never(t)


def model_of(t: TypeExpr, definitions: Definitions) -> Model | None:
    """The model ``t`` refers to, if it is a reference to one."""
    if isinstance(t, Ref):
        d = definitions[t.key]
        return d if isinstance(d, Model) else None
    return None


def literal_values(t: TypeExpr, definitions: Definitions) -> tuple[LiteralValue, ...] | None:
    """The values of ``t`` if it is a ``Literal`` (directly, or through aliases and constraints)."""
    seen: set[str] = set()
    while True:
        match t:
            case LiteralOf(values):
                return values
            case Constrained(inner):
                t = inner
            case Ref(key) if key not in seen and isinstance(d := definitions[key], Alias):
                seen.add(key)
                t = d.type
            case _:
                return None


def literal_tags(u: UnionOf, definitions: Definitions) -> bool:
    """Whether each member of a discriminated union declares its tag values as the ``Literal``
    type of its tag field (so a flavour can dispatch on those fields alone), rather than only
    through the spec's ``discriminator.mapping`` or the members' names."""
    if not u.discriminated or u.tag is None or u.fallback is not None:
        return False
    for i, member in enumerate(u.members):
        model = model_of(member, definitions)
        f = model.field(u.tag) if model is not None else None
        allowed = literal_values(f.type, definitions) if f is not None and f.required else None
        if allowed is None or set(allowed) != set(u.tag_values(i)):
            return False
    return True
