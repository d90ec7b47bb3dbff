"""Type annotations from IR type expressions, as layout expressions (so long ones split as black
splits them), recording what they import."""

from __future__ import annotations

from collections.abc import Callable

from generator import ir
from generator.format.layout import Call, Expr, Union_
from generator.format.text import literal
from generator.ir import assert_never
from generator.naming import Names
from generator.render.imports import Imports

# How a flavour annotates a constrained type, given the annotation of the unconstrained one.
Constrain = Callable[[Expr, ir.Constraints], Expr]


def unconstrained(inner: Expr, constraints: ir.Constraints) -> Expr:
    """The default: constraints are documented, not part of the annotation."""
    return inner


class TypeWriter:
    """Writes the annotations of one module."""

    def __init__(self, names: Names, imports: Imports, constrain: Constrain = unconstrained) -> None:
        self.names = names
        self.imports = imports
        self.constrain = constrain

    def expression(self, t: ir.TypeExpr) -> Expr:
        """The annotation of ``t``."""
        match t:
            case ir.Primitive(kind):
                return kind
            case ir.LiteralOf(values):
                self.imports.add("typing", "Literal")
                if len(values) == 1:
                    return f"Literal[{literal(values[0])}]"
                return Call("Literal", tuple(literal(v) for v in values), "[]")
            case ir.UnionOf(members) if len(members) == 1:
                return self.expression(members[0])
            case ir.UnionOf() | ir.Nullable():
                return Union_(tuple(self.expression(m) for m in union_parts(t)))
            case ir.ListOf(item):
                return Call("list", (self.expression(item),), "[]")
            case ir.MapOf(value):
                return Call("dict", ("str", self.expression(value)), "[]")
            case ir.Ref(key):
                return self.names.cls(key)
            case ir.AnyType():
                return self.imports.add("typing", "Any")
            case ir.Constrained(inner, constraints):
                return self.constrain(self.expression(inner), constraints)
            case _:
                assert_never(t)


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
