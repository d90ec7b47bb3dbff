"""Type annotations from IR type expressions, as layout expressions (so long ones split as black
splits them), recording what they import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from .. import ir
from ..ir import assert_never
from ..naming import Names
from .imports import Imports
from .layout import Call, Expr, Union_, flat
from .text import literal, string


class TypeHooks(Protocol):
    """What a flavour decides about annotations (``flavours.base.Flavour`` has the defaults)."""

    def constrain(self, inner: Expr, constraints: ir.Constraints) -> Expr:
        """A constrained type, given the annotation of the unconstrained one."""

    def never(self) -> Expr:
        """A type no value has (the schema ``false``)."""

    def tuple_of(self, items: list[Expr]) -> Expr:
        """A fixed-length array whose items each have a type of their own."""

    def named(self, key: str, name: Expr) -> Expr:
        """The annotation that names the definition ``key`` (``name``, maybe quoted)."""

    def reads_format(self, fmt: str) -> bool:
        """Whether a string in ``fmt`` (``date-time``...) is read as a Python type here."""

    def formatted(self, fmt: str) -> Expr:
        """The annotation of a string in ``fmt``, a format ``reads_format`` accepts."""


class TypeWriter:
    """Writes the annotations of one module."""

    def __init__(self, names: Names, imports: Imports, hooks: TypeHooks) -> None:
        self.names = names
        self.imports = imports
        self.hooks = hooks
        # While set: the definitions not declared yet where the expression is evaluated (a type
        # alias's value); a name of one of them inside a list or map is written as a string.
        self.forward: Callable[[str], bool] | None = None

    def expression(self, t: ir.TypeExpr, nested: bool = False) -> Expr:
        """The annotation of ``t`` (``nested``: inside a subscript, where a name may be a string)."""
        match t:
            case ir.Primitive(kind, fmt):
                return self.hooks.formatted(fmt) if fmt is not None and self.native(t) else kind
            case ir.LiteralOf(values):
                self.imports.add("typing", "Literal")
                if len(values) == 1:
                    return f"Literal[{literal(values[0])}]"
                return Call("Literal", tuple(literal(v) for v in values), "[]")
            case ir.UnionOf(members) if len(members) == 1:
                return self.expression(members[0], nested)
            case ir.UnionOf() | ir.Nullable():
                parts = {flat(e): e for e in (self.expression(m, nested) for m in union_parts(t))}
                union = Union_(tuple(parts.values())) if len(parts) > 1 else next(iter(parts.values()))
                if nested and self.forward is not None and any(self.forward(k) for k in ir.refs_in(t)):
                    # `"Later" | None` would fail when it runs: the whole union goes in the string
                    return string(flat(Union_(tuple(self._unquoted(m) for m in union_parts(t)))))
                return union
            case ir.ListOf(item):
                return Call("list", (self.expression(item, True),), "[]")
            case ir.MapOf(value):
                return Call("dict", ("str", self.expression(value, True)), "[]")
            case ir.Ref(key):
                name = self.names.cls(key)
                return self.hooks.named(key, string(name) if nested and self.forward is not None and self.forward(key) else name)
            case ir.AnyType():
                return self.imports.add("typing", "Any")
            case ir.NeverType():
                return self.hooks.never()
            case ir.TupleOf(items):
                return self.hooks.tuple_of([self.expression(item, True) for item in items])
            case ir.Constrained(inner, constraints):
                if self.native(inner):  # a length or pattern of the text: its Python type checks more
                    return self.expression(inner, nested)
                return self.hooks.constrain(self.expression(inner, nested), constraints)
            case _:
                assert_never(t)


    def native(self, t: ir.TypeExpr) -> bool:
        """Whether ``t`` is a string this flavour reads as a Python type (a ``datetime``...)."""
        return isinstance(t, ir.Primitive) and t.kind == "str" and t.format is not None and self.hooks.reads_format(t.format)

    def _unquoted(self, t: ir.TypeExpr) -> Expr:
        forward, self.forward = self.forward, None
        try:
            return self.expression(t)
        finally:
            self.forward = forward


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
