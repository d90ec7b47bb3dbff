"""The ``Flavour`` interface: what the flavour-neutral module writer asks of each flavour.

The module writer (``render.module``) walks the selected definitions in order and asks the
flavour for the blocks of each model and alias, then for its preamble and footer (which can
depend on what the definitions used). A flavour decides syntax only: every decision about what
the spec means is already in the IR.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from .. import ir
from ..errors import Diagnostic, Location
from ..formats import PYTHON_TYPES, parse
from ..render.layout import (
    INDENT,
    NOQA_E501,
    Call,
    Expr,
    fits,
    flat,
    place,
    type_alias,
)
from ..render.text import docstring, literal, string
from ..render.types import TypeWriter

if TYPE_CHECKING:
    from ..naming import Names
    from ..render.module import ModuleContext
    from ..render.options import Options

CONSTRAINT_WORDS = {
    "minimum": "minimum", "maximum": "maximum", "exclusive_minimum": "greater than",
    "exclusive_maximum": "less than", "multiple_of": "multiple of", "min_length": "min length",
    "max_length": "max length", "pattern": "pattern", "one_of": "one of", "unique_items": "unique items",
}  # fmt: skip
ALL_CONSTRAINTS = frozenset(CONSTRAINT_WORDS)


@dataclass(frozen=True)
class Shown:
    """What a module of the definitions a caution looks at is written with (``cautions``)."""

    names: Names
    recursive: frozenset[str]


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
    header: str = ""  # the `class` line
    decorator: str = ""  # the line above it, if the flavour has one (`@dataclass(...)`)


@dataclass
class EnumView:
    name: str
    doc: str | None
    members: list[tuple[str, str]]  # (member name, value as Python)


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
    # Whether its models can derive from a class of the user's (the option base-class).
    takes_base_class: ClassVar[bool] = False
    # The constraints (fields of ``ir.Constraints``) its code checks at run time; the docstring
    # states the others.
    enforced: ClassVar[frozenset[str]] = frozenset()
    # Whether the module starts with `from __future__ import annotations`. Every flavour does:
    # definitions are declared by name, so annotations often name what comes later, and a whole
    # annotation written as a string is a line black and ruff lay out differently. (Without it,
    # an annotation naming what is declared later is written as a string: ``quoted``.)
    postponed_annotations: ClassVar[bool] = True
    # Whether strings in a format of ``formats.PYTHON_TYPES`` are read as those Python types
    # (unless the option ``formats = "json"``); TypedDicts describe JSON, so theirs stay ``str``.
    python_formats: ClassVar[bool] = True
    # Whether a named string enum may be an ``Enum`` class (the option ``enums = "enum"``).
    enum_classes: ClassVar[bool] = True
    # The longest chain of models (each a field of the one before) whose decoder its library can
    # build at Python's default recursion limit: pydantic and msgspec build one by recursion
    # through the models, and a longer chain raises RecursionError at the first decode. Measured
    # on the simplest chain (a deeper one fails for sure), in models; None: no limit.
    decoder_depth: ClassVar[int | None] = None
    # Whether its modules decode JSON themselves (a deeper chain is then an error at generation);
    # TypedDicts do not (pydantic's TypeAdapter decodes them: a deeper chain is a warning).
    decodes: ClassVar[bool] = True
    # Whether a model checks that the keys beside its properties match its patterns
    # (``Model.extra_keys``: ``additionalProperties: false`` beside ``patternProperties``).
    checks_extra_keys: ClassVar[bool] = False
    # The helpers of templates/helpers/ its modules may use: its runtime module holds them all.
    runtime_helpers: ClassVar[tuple[str, ...]] = ()

    def __init__(self, module: ModuleContext) -> None:
        self.m = module
        self.types = TypeWriter(module.class_name, module.imports, self)
        self.helpers: set[str] = set()  # the module-level helpers (templates/helpers/) used

    # -- hooks ------------------------------------------------------------------------------

    def scalar(self, t: ir.Primitive) -> Expr:
        """The annotation of a JSON scalar: its Python type, or the one a string in a format is
        read as (``formatted``)."""
        own = self.m.own.of_format(t)
        if own is not None:  # the option types: a format written as the user's type
            return own.written(self.m.imports)
        return self.formatted(t.format) if t.format is not None and self.native(t) else t.kind

    def literal_value(self, value: ir.LiteralValue) -> str:
        return literal(value)

    def literal(self, values: tuple[ir.LiteralValue, ...], text: Expr) -> Expr:
        """The annotation of a ``Literal``: by default its text."""
        return text

    def constrained(self, t: ir.Constrained, inner: Expr) -> Expr:
        """The annotation of a constrained type (``constrain``); a string read as a Python type
        keeps none (a length or pattern of the text: its Python type checks more)."""
        return inner if self.native(t.inner) else self.constrain(inner, t.constraints)

    def constrain(self, inner: Expr, constraints: ir.Constraints) -> Expr:
        """The annotation of a constrained type: by default the unconstrained one."""
        return inner

    def never(self) -> Expr:
        """The annotation of a type no value has: by default ``NoReturn``."""
        return self.m.imports.add("typing", "NoReturn")

    def tuple_of(self, items: list[Expr]) -> Expr:
        """The annotation of a fixed-length array: by default ``tuple[A, B]``."""
        return Call("tuple", tuple(items), "[]")

    @classmethod
    def cautions(cls, spec: ir.SpecIR, keys: Sequence[str], options: Options, shown: Shown | None = None) -> list[Diagnostic]:
        """Warnings, at generation time, about what the flavour's modules cannot check or keep
        of the definitions ``keys`` (generated with ``options``; ``shown``: their names and the
        aliases that contain themselves, for a flavour that looks at them as it writes them):
        the keys a model allows beside its properties by patterns (``Model.extra_keys``), where
        it does not check them."""
        found = []
        for key in keys:
            d = spec.definitions[key]
            if isinstance(d, ir.Model) and d.extra_keys is not None and not (cls.checks_extra_keys and options.unknown_keys == "allow"):
                file, _, pointer = d.source.partition("#")
                message = f"{cls.name} does not check that other keys match patternProperties: additionalProperties: false is not enforced"
                found.append(Diagnostic(False, message, Location(file, pointer).child("additionalProperties"), None, key))
        return found

    def closed(self, d: ir.Model) -> bool:
        """Whether the model refuses keys it does not name: its schema says so, or the option
        ``unknown-keys = "forbid"``."""
        return d.extra is None or self.m.options.unknown_keys == "forbid"

    def keeps_extra(self, d: ir.Model) -> bool:
        """Whether the model keeps the keys it does not name (the option ``unknown-keys``)."""
        return d.extra is not None and self.m.options.unknown_keys == "allow"

    def named(self, key: str, name: Expr) -> Expr:
        return name

    def reads_format(self, fmt: str) -> bool:
        """Whether a string in ``fmt`` (``date-time``...) is read as a Python type here."""
        return self.python_formats and self.m.options.formats == "python" and fmt in PYTHON_TYPES

    def native(self, t: ir.TypeExpr) -> bool:
        """Whether ``t`` is a string this flavour reads as a Python type (a ``datetime``...), or a
        scalar of a format written as the user's own imported type (which keeps no length or bound)."""
        own = self.m.own.of_format(t) if self.m.own.formats else None
        if own is not None:
            return own.module is not None  # (a builtin keeps the constraints: ``str`` its length)
        return isinstance(t, ir.Primitive) and t.kind == "str" and t.format is not None and self.reads_format(t.format)

    def formatted(self, fmt: str) -> Expr:
        """The annotation of a string in ``fmt``: by default the type of ``formats.PYTHON_TYPES``."""
        module, annotation = PYTHON_TYPES[fmt]
        if module:
            self.m.imports.add_module(module)
        return annotation

    def model(self, d: ir.Model) -> list[str]:
        """The top-level blocks that declare a model."""
        raise NotImplementedError

    # How a type that contains itself (``JsonValue = str | list[JsonValue]``) is declared:
    # "TypeAliasType" (``typing_extensions``, its value a string evaluated when first used: what
    # pydantic needs) or "TypeAlias" (names declared later written as strings inside brackets).
    recursive_alias: ClassVar[str] = "TypeAlias"

    def is_enum_class(self, key: str) -> bool:
        """Whether the definition ``key`` is written as an ``Enum`` class."""
        return self.enum_classes and self.m.options.enums == "enum" and ir.is_string_enum(self.m.spec.definitions[key])

    def alias(self, d: ir.Alias) -> list[str]:
        """The top-level blocks that declare a named type that is not a model."""
        name = self.m.names.cls(d.key)
        if self.is_enum_class(d.key):
            assert isinstance(d.type, ir.LiteralOf)
            self.m.imports.add("enum", "Enum")
            members = list(zip(member_names(d.type.values, d.type.names), (literal(v) for v in d.type.values)))
            return [self.m.block("enum.jinja", e=EnumView(name, docstring(d.description, INDENT), members))]
        unchecked = describe_constraints(d.type, self.enforces)
        doc = docstring("\n\n".join(p for p in (d.description, unchecked) if p), "")
        if d.key in self.m.recursive and self.recursive_alias == "TypeAliasType":
            value = string(flat(self.alias_expression(d)))
            kind = self.m.imports.add("typing_extensions", "TypeAliasType")
            statement = place(Call(kind, (string(name), value)), "", f"{name} = ")
            # a type in a string is one literal (type checkers refuse pieces): a line too long
            # for it says that it is meant
            statement = "\n".join(line if fits(line) else line + NOQA_E501 for line in statement.split("\n"))
            return [self.m.block("alias.jinja", a=AliasView(name, statement, doc))]
        self.types.forward = lambda key: key not in self.m.declared  # evaluated at once
        try:
            value_expr = self.alias_expression(d)
        finally:
            self.types.forward = None
        # a name so long that black and ruff would lay out `name: TypeAlias = ...` each its own
        # way: an alias without the annotation, as both write it
        statement, typed = type_alias(name, value_expr)
        if typed:
            self.m.imports.add("typing", "TypeAlias")
        return [self.m.block("alias.jinja", a=AliasView(name, statement, doc))]

    def alias_expression(self, d: ir.Alias) -> Expr:
        return self.types.expression(d.type)

    def preamble(self) -> list[str]:
        """Blocks before the definitions (helpers, base classes), after all of them are written."""
        return self.helper_blocks()

    def helper_blocks(self) -> list[str]:
        """The helper functions the module uses, in a fixed order; imported from the runtime
        module where it has them (``shared``)."""
        if self.shared is not None:
            for name in sorted(self.helpers):
                assert name in self.runtime_helpers, f"the runtime module of {self.name} has no helper {name}"
                helper = HELPERS.get(name, f"_{name}")
                self.from_runtime(public_name(helper), helper)
            return []
        return self.write_helpers(self.helpers)

    def write_helpers(self, names: Iterable[str]) -> list[str]:
        """The code of the helpers ``names`` (of ``templates/helpers/``), with what it imports."""
        found = sorted(names)
        if found:
            self.m.imports.add("typing", "Any")
        for name in found:
            for module, imported in HELPER_IMPORTS.get(name, ()):
                self.m.imports.add(module, imported) if imported is not None else self.m.imports.add_module(module)
        return [self.m.block(f"helpers/{name}.jinja") for name in found]

    def exports(self, names: Iterable[str], aliases: dict[str, str] | None = None) -> str:
        """The block that gives the runtime module's private ``names`` the public names the
        generated modules import (``public_name``), and its type ``aliases`` theirs (by name)."""
        lines = [
            "# The names the generated modules import, each under the name it has here (a type",
            "# checker refuses to import a name that starts with an underscore from another module).",
        ]
        lines += [f"{public_name(name)} = {name}" for name in names]
        lines += [f"{public}: TypeAlias = {name}" for name, public in (aliases or {}).items()]
        if aliases:
            self.m.imports.add("typing", "TypeAlias")
        return "\n".join(lines)

    def predicate(self, helper: str) -> str:
        """``Predicate(_helper)`` (annotated-types), recording the helper."""
        self.helpers.add(helper.removeprefix("_"))
        return f"{self.m.imports.add('annotated_types', 'Predicate')}({helper})"

    def footer(self) -> list[str]:
        """Blocks after the definitions."""
        return []

    def runtime(self) -> list[str] | None:
        """The blocks of the runtime module (``_modelgen_runtime.py``) the flavour's modules
        import, when they share one (``shared``): by default the code of ``runtime_code``."""
        found = self.runtime_code()
        if found is None:
            return None
        imports, code = found
        for module, name in imports:
            self.m.imports.add(module, name) if name is not None else self.m.imports.add_module(module)
        return [code]

    @classmethod
    def runtime_code(cls) -> tuple[tuple[tuple[str, str | None], ...], str] | None:
        """The imports and code of the runtime module, as one text: by default none."""
        return None

    @property
    def shared(self) -> str | None:
        """The runtime module the module imports its helpers from (a package's, or the folder's
        with ``runtime = "shared"``); None: it writes them itself."""
        return self.m.placement.runtime if self.m.placement is not None else None

    def from_runtime(self, public: str, name: str) -> str:
        """``name`` imported from the runtime module, where it is ``public`` (a name another
        module may import: type checkers refuse to import a private one)."""
        assert self.shared is not None
        self.m.imports.add(f".{self.shared}", f"{public} as {name}" if public != name else name)
        return name

    @classmethod
    def companions(cls, spec: ir.SpecIR, keys: list[str], names: Names) -> dict[str, list[str]]:
        """The public classes written beside the definitions ``keys`` (by key), which a package
        exports with them: by default none."""
        return {}

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
        fmt = ir.format_of(f.type)
        if fmt and not self.native(ir.strip(f.type)):
            parts.append(f"Format: `{fmt}`.")
        if default_note and f.default is not None:
            parts.append(f"Default when absent: `{literal(f.default.value)}`.")
        return docstring("\n\n".join(parts), INDENT) if parts else None

    def default_of(self, f: ir.Field) -> tuple[str, bool] | None:
        """``default_value(f)``, a string default of a type read as a Python type made one."""
        bare = ir.strip(f.type)
        if f.default is not None and isinstance(f.default.value, str) and self.native(bare):
            assert isinstance(bare, ir.Primitive) and bare.format is not None
            module = PYTHON_TYPES[bare.format][0]
            if module:  # (``datetime.timedelta(...)``: where the annotation is a helper's alias too)
                self.m.imports.add_module(module)
            return python_expression(bare.format, f.default.value), False
        used: set[str] = set()
        members = self.with_members(f.default.value, self.value_type(f.type), used) if f.default is not None else None
        if members is not None and f.default is not None:
            # a list is made anew for each instance; a class declared further down is not
            # there yet when the class body runs (the module's order avoids it)
            later = not used <= self.m.declared
            return (f"lambda: {members}", True) if later or isinstance(f.default.value, list) else (members, False)
        return default_value(f)

    def value_type(self, t: ir.TypeExpr) -> ir.TypeExpr:
        """The type an annotation is written from, given the spec's (msgspec widens unions
        it cannot decode)."""
        return t

    def with_members(self, value: ir.JsonValue, t: ir.TypeExpr, used: set[str], depth: int = 0) -> str | None:
        """``value`` (a default) as Python with the ``Enum`` members it holds (``Status.OPEN``,
        ``[Mode.TEXT]``), recording the enums in ``used``; None when it holds none."""
        bare = ir.strip(t)
        if depth > 20:  # (aliases of aliases: never this deep in a spec that makes sense)
            return None
        if isinstance(bare, ir.Ref):
            d = self.m.spec.definitions[bare.key]
            if isinstance(d, ir.Alias) and isinstance(d.type, ir.LiteralOf) and self.is_enum_class(bare.key):
                names = dict(zip(d.type.values, member_names(d.type.values, d.type.names)))
                if isinstance(value, str) and value in names:
                    used.add(bare.key)
                    return f"{self.m.names.cls(bare.key)}.{names[value]}"
            if not isinstance(d, ir.Alias):
                return None
            return self.with_members(value, self.value_type(d.type), used, depth + 1)
        if isinstance(bare, ir.ListOf) and isinstance(value, list):
            items = [self.with_members(v, bare.item, used, depth + 1) for v in value]
            if all(item is None for item in items):
                return None
            return "[" + ", ".join(item or literal(v) for item, v in zip(items, value)) + "]"
        if isinstance(bare, ir.UnionOf):
            fitting = [m for m in bare.members if ir.fits(value, m, self.m.spec.definitions)]
            return self.with_members(value, fitting[0], used, depth + 1) if fitting else None
        return None

    def split_constraints(self, t: ir.TypeExpr) -> tuple[ir.TypeExpr, ir.Constraints | None]:
        """``ir.split_constraints``, but a string read as a Python type keeps none (a length
        or pattern of the text, which its Python type checks more strictly)."""
        bare, constraints = ir.split_constraints(t)
        return (bare, None) if self.native(ir.strip(bare)) else (bare, constraints)

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


# The module-level name of a helper of ``templates/helpers/`` (by default ``_`` and its name),
# and what its code imports.
HELPERS = {"before": "_Before"}
HELPER_IMPORTS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "as_tuple": (("typing", "cast"),), "before": (("collections.abc", "Callable"),),
    "finite": (("typing", "cast"), ("decimal", None)),
}  # fmt: skip


def public_name(name: str) -> str:
    """The name the runtime module exports its helper ``name`` under: without the underscore
    (``_not_bool`` → ``not_bool``)."""
    return name.removeprefix("_")


def member_names(values: Sequence[ir.LiteralValue], given: Sequence[str] = ()) -> list[str]:
    """Names of ``Enum`` members for string values: ``in_progress`` → ``IN_PROGRESS``,
    ``thread.run`` → ``THREAD_RUN``; or from the names the spec ``given`` (``x-enum-varnames``:
    ``InProgress`` → ``IN_PROGRESS``); unique, and valid identifiers."""
    from ..naming import KEYWORDS, snake_case

    names: list[str] = []
    for i, value in enumerate(values):
        source = given[i] if len(given) == len(values) else str(value)
        words = "".join(c if c.isascii() and c.isalnum() else " " for c in snake_case(source)).split()
        name = "_".join(words).upper() or "EMPTY"
        name = f"VALUE_{name}" if name[0].isdigit() or name in KEYWORDS or name.startswith("_") else name
        while name in names:
            name += "_"
        names.append(name)
    return names


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


def python_expression(fmt: str, text: str) -> str:
    """The generated code's expression for ``text``, a valid value in ``fmt`` (a default)."""
    value = parse(fmt, text)
    if isinstance(value, datetime.timedelta):
        return f"datetime.timedelta(seconds={value.total_seconds()!r})"
    if isinstance(value, bytes):
        shown = repr(value)
        return f'b"{shown[2:-1]}"'.replace("\\'", "'") if shown[1] == "'" and '"' not in shown else shown
    if isinstance(value, (datetime.date, datetime.time)):  # a datetime is a date
        return f"{PYTHON_TYPES[fmt][1]}.fromisoformat({string(value.isoformat())})"
    return f"{PYTHON_TYPES[fmt][1]}({string(text)})"
