"""The text of IR type expressions: annotations, as layout expressions (so long ones split as black
splits them) recording what they import, and the same types as people read them (``plain_text``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from .. import ir
from ..formats import PYTHON_FORMATS
from ..ir import assert_never
from .imports import Imports
from .layout import Call, Expr, Union_, flat
from .text import string


class TypeHooks(Protocol):
    """What a printer decides about the text of types: ``flavours.base.Flavour`` writes
    annotations, ``PlainTypes`` writes types for people to read."""

    def scalar(self, t: ir.Primitive) -> Expr:
        """A JSON scalar (``str``, ``int``...), which may name a format."""

    def literal_value(self, value: ir.LiteralValue) -> str:
        """One value of a ``Literal``."""

    def literal(self, values: tuple[ir.LiteralValue, ...], text: Expr) -> Expr:
        """A ``Literal`` of ``values``, given its text (a flavour may add a check to it)."""

    def constrained(self, t: ir.Constrained, inner: Expr) -> Expr:
        """A constrained type, given the text of the unconstrained one."""

    def never(self) -> Expr:
        """A type no value has (the schema ``false``)."""

    def tuple_of(self, items: list[Expr]) -> Expr:
        """A fixed-length array whose items each have a type of their own."""

    def named(self, key: str, name: Expr) -> Expr:
        """The text that names the definition ``key`` (``name``, maybe quoted)."""


class TypeWriter:
    """Writes type expressions as text: the one printer of types, for annotations and for people."""

    def __init__(self, name: Callable[[str], str], imports: Imports, hooks: TypeHooks) -> None:
        self.name = name  # the class name of a definition, by key
        self.imports = imports
        self.hooks = hooks
        # While set: the definitions not declared yet where the expression is evaluated (a type
        # alias's value); a name of one of them inside a list or map is written as a string.
        self.forward: Callable[[str], bool] | None = None
        # While set: the value to write instead of the name of a definition (None: its name).
        self.spelled: Callable[[str], ir.TypeExpr | None] | None = None
        self._spelling: set[str] = set()  # the definitions being spelled out (never twice nested)

    def expression(self, t: ir.TypeExpr, nested: bool = False) -> Expr:
        """The text of ``t`` (``nested``: inside a subscript, where a name may be a string)."""
        match t:
            case ir.Primitive():
                return self.hooks.scalar(t)
            case ir.LiteralOf(values):
                self.imports.add("typing", "Literal")
                if len(values) == 1:
                    return self.hooks.literal(values, f"Literal[{self.hooks.literal_value(values[0])}]")
                return self.hooks.literal(values, Call("Literal", tuple(map(self.hooks.literal_value, values)), "[]"))
            case ir.UnionOf(members) if len(members) == 1:
                return self.expression(members[0], nested)
            case ir.UnionOf() | ir.Nullable():
                return self._union(t, nested)
            case ir.ListOf(item):
                return Call("list", (self.expression(item, True),), "[]")
            case ir.MapOf(value):
                return Call("dict", ("str", self.expression(value, True)), "[]")
            case ir.Ref(key):
                spelled = self.spelled(key) if self.spelled is not None and key not in self._spelling else None
                if spelled is not None:
                    return self._spelled_out(key, spelled, nested)
                name = self.name(key)
                return self.hooks.named(key, string(name) if nested and self._later(key) else name)
            case ir.AnyType():
                return self.imports.add("typing", "Any")
            case ir.NeverType():
                return self.hooks.never()
            case ir.TupleOf(items):
                return self.hooks.tuple_of([self.expression(item, True) for item in items])
            case ir.Constrained(inner):
                return self.hooks.constrained(t, self.expression(inner, nested))
            case _:
                assert_never(t)

    def _spelled_out(self, key: str, value: ir.TypeExpr, nested: bool) -> Expr:
        self._spelling.add(key)
        try:
            return self.expression(value, nested)
        finally:
            self._spelling.discard(key)

    def _union(self, t: ir.UnionOf | ir.Nullable, nested: bool) -> Expr:
        """``a | b | None``, each member once (a member spelled out as a union adds its own)."""
        written = (self.expression(m, nested) for m in union_parts(t))
        parts = {flat(e): e for w in written for e in (w.parts if isinstance(w, Union_) else (w,))}
        if nested and self.forward is not None and any(map(self.forward, ir.refs_in(t))):
            # `"Later" | None` would fail when it runs: the whole union goes in the string
            return string(flat(Union_(tuple(self._unquoted(m) for m in union_parts(t)))))
        return Union_(tuple(parts.values())) if len(parts) > 1 else next(iter(parts.values()))

    def _later(self, key: str) -> bool:
        """Whether ``key`` is declared after the expression being written is evaluated."""
        return self.forward is not None and self.forward(key)

    def _unquoted(self, t: ir.TypeExpr) -> Expr:
        forward, self.forward = self.forward, None
        try:
            return self.expression(t)
        finally:
            self.forward = forward


class PlainTypes:
    """Types as people read them (the changelog, the class diagram): the annotation's shape,
    the format a string is read in (``str (date-time)``), constraints in brackets
    (``int (minimum=0)``), values as JSON (``Literal["a", true]``) and ``Never``."""

    def scalar(self, t: ir.Primitive) -> Expr:
        return f"{t.kind} ({t.format})" if t.format in PYTHON_FORMATS else t.kind

    def literal_value(self, value: ir.LiteralValue) -> str:
        return json.dumps(value)

    def literal(self, values: tuple[ir.LiteralValue, ...], text: Expr) -> Expr:
        return text

    def constrained(self, t: ir.Constrained, inner: Expr) -> Expr:
        limits = (f"{k}={json.dumps(list(v) if isinstance(v, tuple) else v)}" for k, v in t.constraints.items())
        return f"{flat(inner)} ({', '.join(limits)})"

    def never(self) -> Expr:
        return "Never"

    def tuple_of(self, items: list[Expr]) -> Expr:
        return Call("tuple", tuple(items), "[]")

    def named(self, key: str, name: Expr) -> Expr:
        return name


def plain_text(t: ir.TypeExpr, name: Callable[[str], str]) -> str:
    """``t`` as people read it (``PlainTypes``), each definition called by ``name``."""
    return flat(_plain_writer(name).expression(t))


@lru_cache(maxsize=8)  # a changelog prints thousands of types with the names of two versions
def _plain_writer(name: Callable[[str], str]) -> TypeWriter:
    return TypeWriter(name, Imports(), PlainTypes())  # (what the text would import is not wanted)


def or_none(annotation: Expr) -> Expr:
    """``annotation | None``, as one union."""
    return Union_((*annotation.parts, "None") if isinstance(annotation, Union_) else (annotation, "None"))


def union_parts(t: ir.TypeExpr) -> list[ir.TypeExpr]:
    """The operands of ``t`` written as one flat ``a | b | None`` chain, as black sees it."""
    if isinstance(t, ir.UnionOf):
        return [part for m in t.members for part in union_parts(m)]
    if isinstance(t, ir.Nullable):
        return [*union_parts(t.inner), ir.Primitive("None")]
    return [t]
