"""The ``Flavour`` interface: what the flavour-neutral module writer asks of each flavour.

The module writer (``render.module``) walks the selected definitions in order and asks the
flavour for the blocks of each model and alias, then for its preamble and footer (which can
depend on what the definitions used). A flavour decides syntax only: every decision about what
the spec means is already in the IR.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from .. import ir
from ..format.layout import INDENT, Call, Expr, TooLong, annotated, fits, flat, lay_out, place, text
from ..format.text import docstring, literal, string
from ..render.types import TypeWriter

if TYPE_CHECKING:
    from ..render.module import ModuleContext

CONSTRAINT_WORDS = {
    "minimum": "minimum", "maximum": "maximum", "exclusive_minimum": "greater than",
    "exclusive_maximum": "less than", "multiple_of": "multiple of", "min_length": "min length",
    "max_length": "max length", "pattern": "pattern", "one_of": "one of", "unique_items": "unique items",
}  # fmt: skip
ALL_CONSTRAINTS = frozenset(CONSTRAINT_WORDS)


@dataclass
class FieldView:
    name: str
    annotation: str
    line: str
    doc: str | None


@dataclass
class ModelView:
    name: str
    doc: str | None
    fields: list[FieldView]
    config: str | None = None
    extra_annotation: str | None = None
    validator: str | None = None
    functional: str | None = None
    comments: list[str] = field(default_factory=list)
    closed: bool = False
    header: str = ""


@dataclass
class AliasView:
    name: str
    statement: str
    doc: str | None


class Flavour:
    """One kind of generated model. A subclass sets the class attributes and writes models."""

    name: ClassVar[str]
    # Names the flavour's modules import or define at module level (helpers, base classes), and
    # builtins its class bodies use: no class and no attribute may take them (an attribute would
    # shadow them in the class body). Naming reserves the union over every flavour, so a name is
    # the same in every flavour and on every Python version.
    module_names: ClassVar[frozenset[str]] = frozenset()
    # Builtins its module-level code calls: no class may take them.
    builtins_used: ClassVar[frozenset[str]] = frozenset()
    # Attributes the flavour's classes have (methods, configuration): no field may take them.
    member_names: ClassVar[frozenset[str]] = frozenset()
    # The constraints (fields of ``ir.Constraints``) its code checks at run time; the docstring
    # states the others.
    enforced: ClassVar[frozenset[str]] = frozenset()
    # Whether the module starts with `from __future__ import annotations`. Every flavour does:
    # definitions are declared by name, so annotations often name what comes later, and a whole
    # annotation written as a string is a line black and ruff lay out differently. (Without it,
    # an annotation naming what is declared later is written as a string: ``quoted``.)
    postponed_annotations: ClassVar[bool] = True

    def __init__(self, module: ModuleContext) -> None:
        self.m = module
        self.types = TypeWriter(module.names, module.imports, self)
        self.helpers: set[str] = set()  # the module-level helpers (templates/helpers/) used

    # -- hooks ------------------------------------------------------------------------------

    def constrain(self, inner: Expr, constraints: ir.Constraints) -> Expr:
        """The annotation of a constrained type: by default the unconstrained one."""
        return inner

    def never(self) -> Expr:
        """The annotation of a type no value has: by default ``NoReturn``."""
        return self.m.imports.add("typing", "NoReturn")

    def tuple_of(self, items: list[Expr]) -> Expr:
        """The annotation of a fixed-length array: by default ``tuple[A, B]``."""
        return Call("tuple", tuple(items), "[]")

    def model(self, d: ir.Model) -> list[str]:
        """The top-level blocks that declare a model."""
        raise NotImplementedError

    # How a type that contains itself (``JsonValue = str | list[JsonValue]``) is declared:
    # "TypeAliasType" (``typing_extensions``, its value a string evaluated when first used: what
    # pydantic needs) or "TypeAlias" (names declared later written as strings inside brackets).
    recursive_alias: ClassVar[str] = "TypeAlias"

    def alias(self, d: ir.Alias) -> list[str]:
        """The top-level blocks that declare a named type that is not a model."""
        name = self.m.names.cls(d.key)
        doc = docstring(d.description, "")
        if d.key in self.m.recursive and self.recursive_alias == "TypeAliasType":
            value = string(flat(self.alias_expression(d)))
            kind = self.m.imports.add("typing_extensions", "TypeAliasType")
            statement = place(Call(kind, (string(name), value)), "", f"{name} = ")
            return [self.m.block("alias.jinja", a=AliasView(name, statement, doc))]
        self.types.forward = lambda key: key not in self.m.declared  # evaluated at once
        try:
            value_expr = self.alias_expression(d)
        finally:
            self.types.forward = None
        if not fits(f"{name}: TypeAlias = (") and not (isinstance(value_expr, str) and value_expr.startswith(("'", '"'))):
            # a name so long that black and ruff would lay out `name: TypeAlias = ...` each its
            # own way: an alias without the annotation, as both write it
            try:
                statement = text([f"{name} = (", *lay_out(value_expr, INDENT), ")"], "")
            except TooLong:
                statement = f"{name} = {flat(value_expr)}"
        else:
            self.m.imports.add("typing", "TypeAlias")
            statement = annotated(name, "TypeAlias", value_expr, "")
        return [self.m.block("alias.jinja", a=AliasView(name, statement, doc))]

    def alias_expression(self, d: ir.Alias) -> Expr:
        return self.types.expression(d.type)

    def preamble(self) -> list[str]:
        """Blocks before the definitions (helpers, base classes), after all of them are written."""
        return self.helper_blocks()

    def helper_blocks(self) -> list[str]:
        """The helper functions the module uses, in a fixed order."""
        if self.helpers:
            self.m.imports.add("typing", "Any")
        return [self.m.block(f"helpers/{name}.jinja") for name in sorted(self.helpers)]

    def predicate(self, helper: str) -> str:
        """``Predicate(_helper)`` (annotated-types), recording the helper."""
        self.helpers.add(helper.removeprefix("_"))
        return f"{self.m.imports.add('annotated_types', 'Predicate')}({helper})"

    def footer(self) -> list[str]:
        """Blocks after the definitions."""
        return []

    # -- shared by the flavours -------------------------------------------------------------

    def field_doc(self, f: ir.Field, default_note: bool = False, notes: list[str] | None = None) -> str | None:
        """A field's docstring: its description, deprecation, what the code does not check, and
        any ``notes`` of the flavour's own."""
        parts = [f.description] if f.description else []
        parts.extend(notes or [])
        if f.deprecated:
            parts.append("Deprecated.")
        constraints = describe_constraints(f.type, self.enforces)
        if constraints:
            parts.append(constraints)
        if default_note and f.default is not None:
            parts.append(f"Default when absent: `{literal(f.default.value)}`.")
        return docstring("\n\n".join(parts), INDENT) if parts else None

    def enforces(self, name: str, value: object) -> bool:
        """Whether the code checks the constraint ``name`` (a field of ``ir.Constraints``) with this value."""
        return name in self.enforced

    def nullable(self, t: ir.TypeExpr) -> bool:
        return ir.is_nullable(t, self.m.spec.definitions)

    def forward(self, t: ir.TypeExpr) -> bool:
        """Whether ``t`` names a definition that is not declared yet where it is written."""
        return any(key not in self.m.declared for key in ir.refs_in(t))

    def quoted(self, annotation: Expr, t: ir.TypeExpr, always: bool = False) -> Expr:
        """``annotation`` as a string if it is evaluated where it is written (``always``, or
        without postponed annotations) and names what is declared later."""
        if (self.postponed_annotations and not always) or not self.forward(t):
            return annotation
        return string(flat(annotation))


def describe_constraints(t: ir.TypeExpr, enforces: Callable[[str, object], bool] = lambda k, v: False) -> str | None:
    """The constraints of a field's type that the code does not check, in words."""
    _, c = ir.split_constraints(t)
    if c is None:
        return None
    parts = []
    for k, v in c.items():
        if enforces(k, v):
            continue
        if k == "pattern":
            parts.append(f"{CONSTRAINT_WORDS[k]} {v!r}")
        elif k == "one_of" and isinstance(v, tuple):
            parts.append(f"{CONSTRAINT_WORDS[k]} {', '.join(map(str, v))}")
        elif k == "unique_items":
            parts.append(CONSTRAINT_WORDS[k])
        else:
            parts.append(f"{CONSTRAINT_WORDS[k]} {v}")
    return "Constraints (not checked at run time): " + ", ".join(parts) + "." if parts else None


def default_value(f: ir.Field) -> tuple[str, bool] | None:
    """The default of an optional field as a Python expression, and whether it is mutable."""
    if f.required:
        return None
    if f.default is None:
        return "None", False
    value = f.default.value
    if isinstance(value, list) and isinstance(ir.strip(f.type), ir.TupleOf):
        return tuple_literal(value), False
    if isinstance(value, (list, dict)):
        # a lambda, not `list`: type checkers infer `list[Unknown]` from the bare class
        return f"lambda: {literal(value)}", True
    return literal(value), False


def tuple_literal(items: Sequence[object]) -> str:
    """A JSON array as the tuple a fixed-length array is read as."""
    return "(" + ", ".join(literal(v) for v in items) + ("," if len(items) == 1 else "") + ")"

