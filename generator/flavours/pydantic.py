"""Pydantic v2 models: strict JSON types, unknown keys kept, constraints through ``Field``,
tagged unions through pydantic's discriminators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import ir
from ..formats import PYTHON_TYPES, copied
from ..render.layout import (
    INDENT,
    Call,
    Expr,
    Pair,
    Union_,
    annotated,
    class_line,
    fits,
    flat,
    place,
)
from ..render.text import docstring, literal, string
from ..render.types import or_none
from .base import ALL_CONSTRAINTS, FieldView, Flavour, ModelView

if TYPE_CHECKING:
    from ..render.module import ModuleContext

FIELD_ARGUMENTS = {
    "minimum": "ge", "maximum": "le", "exclusive_minimum": "gt", "exclusive_maximum": "lt",
    "multiple_of": "multiple_of", "min_length": "min_length", "max_length": "max_length", "pattern": "pattern",
}  # fmt: skip
BASEMODEL_ATTRIBUTES = frozenset(
    {
        "construct", "copy", "dict", "from_orm", "json", "model_computed_fields", "model_config",
        "model_construct", "model_copy", "model_dump", "model_dump_json", "model_extra",
        "model_fields", "model_fields_set", "model_json_schema", "model_parametrized_name",
        "model_post_init", "model_rebuild", "model_validate", "model_validate_json",
        "model_validate_strings", "parse_file", "parse_obj", "parse_raw", "schema", "schema_json",
        "update_forward_refs", "validate",
    }
)  # fmt: skip


def field_arguments(c: ir.Constraints) -> tuple[str, ...]:
    """The keyword arguments of ``Field`` for the constraints it takes."""
    return tuple(f"{FIELD_ARGUMENTS[k]}={literal(v)}" for k, v in c.items() if k in FIELD_ARGUMENTS)


def predicates(c: ir.Constraints) -> list[str]:
    """``annotated_types.Predicate`` checks for the constraints ``Field`` does not take (pydantic
    and ``TypeAdapter`` both run them): an enum of non-integer numbers, unique items."""
    found = []
    if c.one_of is not None:
        values = ", ".join(literal(v) for v in c.one_of) + ("," if len(c.one_of) == 1 else "")
        found.append(f"Predicate(({values}).__contains__)")
    if c.unique_items:
        found.append("Predicate(_unique)")
    return found


def alias_statement(name: str, arguments: list[str]) -> str:
    """``name: TypeAlias = Annotated[arguments]``, laid out as black lays it out: on one line,
    else the arguments on a line of their own, else one a line (a long one would send the whole
    preamble through black)."""
    joined = ", ".join(arguments)
    statement = f"{name}: TypeAlias = Annotated[{joined}]"
    if fits(statement):
        return statement
    if fits(INDENT + joined):
        return f"{name}: TypeAlias = Annotated[\n{INDENT}{joined}\n]"
    return f"{name}: TypeAlias = Annotated[\n" + "".join(f"{INDENT}{a},\n" for a in arguments) + "]"


def literal_check(values: tuple[ir.LiteralValue, ...]) -> str | None:
    """The helper that refuses the other JSON type of a ``Literal`` of numbers (``not_bool``) or
    of booleans (``not_number``), or None: pydantic matches a ``Literal`` by equality, strict or
    not, and ``True`` equals ``1``, where JSON Schema tells them apart."""
    kinds = {bool if isinstance(v, bool) else int for v in values if v is not None and not isinstance(v, str)}
    if len(kinds) != 1:
        return None
    return "not_bool" if kinds == {int} else "not_number"


# The formats pydantic reads more spellings of than the other flavours: checked first
SPELLED = {"uuid": "_uuid_text", "date": "_date_text"}
# The formats pydantic reads after their spelling is checked (with the pattern every flavour
# reads, from ``formats.copied``), and whose digits past a microsecond it would cut off, where
# every flavour rounds them: (the validator, its pattern, what it expects)
MOMENTS = {
    "date-time": ("_datetime_text", "_DATE_TIME", "a date-time (RFC 3339, with its offset)"),
    "time": ("_time_text", "_TIME", "a time of day (RFC 3339, with its offset)"),
}
# The formats read by the readers every flavour shares, as the other flavours read them:
# pydantic's own takes fewer spellings. Each: (the validator, its reader, what it expects)
READ = {"duration": ("_duration_text", "_read_duration", "a duration of days, hours, minutes, seconds")}
# The shared code (``formats.copied``) each format needs
SHARED_CODE = {
    "date-time": ("_CLOCK",), "time": ("_CLOCK",), "date": ("_DATE",),
    "duration": ("_AMOUNT", "_read_duration", "_write_duration"),
}  # fmt: skip

# Python's `re`, for the lookarounds and backreferences JSON Schema allows
REGEX_ENGINE = 'regex_engine="python-re"'

# The configuration of the runtime module's `_Base` (the default options, descriptions read)
RUNTIME_SETTINGS = (
    "strict=True", 'extra="allow"', "validate_by_name=True", "validate_by_alias=True", "serialize_by_alias=True",
    "defer_build=True", "json_schema_extra=_describe",
)  # fmt: skip

# pyright's directive for a module whose models type their other keys
EXTRAS_DIRECTIVE = """\
# pydantic types extra keys by a `__pydantic_extra__` annotation, which pyright reads
# as an incompatible override of BaseModel's.
# pyright: reportIncompatibleVariableOverride=false"""

# The strict pydantic types of JSON scalars, for type aliases
STRICT_SCALARS = {"int": "StrictInt", "float": "StrictFloat", "str": "StrictStr", "bool": "StrictBool"}

# The `Tag` of the member that takes objects with a tag the spec does not list (tolerant reading):
# class names are capitalised, so none can be this.
UNKNOWN_TAG = "unknown"

# The named types of the strings read as Python types (`formats.PYTHON_TYPES`).
FORMAT_ALIASES = {
    "date-time": "_DateTime", "date": "_Date", "time": "_Time", "duration": "_Duration", "uuid": "_UUID",
    "decimal": "_Decimal", "byte": "_Base64Bytes",
}  # fmt: skip
# ... and the names the runtime module exports them under (pydantic's own `Base64Bytes` is taken there)
FORMAT_EXPORTS = {fmt: "Base64" if fmt == "byte" else name.removeprefix("_") for fmt, name in FORMAT_ALIASES.items()}


class Pydantic(Flavour):
    name = "pydantic"
    takes_base_class = True
    module_names = frozenset(
        {
            "BaseModel", "BeforeValidator", "WrapValidator", "ValidatorFunctionWrapHandler", "ConfigDict", "Discriminator", "Field", "Tag", "field_validator",
            "pydantic", "Callable", "TypeAliasType", "Predicate", "annotated_types", "cast", "Strict",
            "Base64Bytes", "datetime", "uuid", "decimal", "StrictInt", "StrictFloat", "StrictStr", "StrictBool",
            "pydantic_core", "ast", "inspect", "itertools", "functools", "pathlib", "re", "sys", "get_args",
        }
    )
    builtins_used = frozenset({"ValueError"})
    member_names = BASEMODEL_ATTRIBUTES
    enforced = ALL_CONSTRAINTS
    checks_extra_keys = True
    # pydantic 2.14: a cycle of 58 models fails (its first model built holds all the others; a
    # chain without a cycle has no limit: each model is built after the ones it refers to)
    decoder_depth = 57
    recursive_alias = "TypeAliasType"
    runtime_helpers = ("as_tuple", "never", "not_bool", "not_number", "unique")

    def __init__(self, module: ModuleContext) -> None:
        super().__init__(module)
        self.uses_not_null = False
        self.uses_tagged_by = False
        self.typed_extras = False  # a model types its extra keys through `__pydantic_extra__`
        self.described = False  # a field has a docstring, which its JSON schema takes as description
        self.formats: set[str] = set()  # the formats read as Python types
        self.in_alias = False  # while a type alias's value is written

    def named(self, key: str, name: Expr) -> Expr:
        if not self.is_enum_class(key):
            return name
        # strict models take only members in `model_validate`: the value as JSON has it, too
        self.m.imports.add("typing", "Annotated")
        return Call("Annotated", (name, f"{self.m.imports.add('pydantic', 'Strict')}(False)"), "[]")

    def formatted(self, fmt: str) -> Expr:
        """A named type of the preamble: the Python type, read from a JSON string only (the
        models are strict, which would refuse the string in `model_validate`)."""
        self.formats.add(fmt)
        return FORMAT_ALIASES[fmt]

    def constrain(self, inner: Expr, constraints: ir.Constraints) -> Expr:
        self.m.imports.add("typing", "Annotated")
        metadata: list[Expr] = []
        if field_arguments(constraints):
            self.m.imports.add("pydantic", "Field")
            metadata.append(Call("Field", field_arguments(constraints)))
        metadata.extend(self.predicates(constraints))
        return Call("Annotated", (inner, *metadata), "[]")

    def predicates(self, constraints: ir.Constraints) -> list[Expr]:
        found = predicates(constraints)
        if found:
            self.m.imports.add("annotated_types", "Predicate")
        if constraints.unique_items:
            self.helpers.add("unique")
        return list(found)

    def never(self) -> Expr:
        self.m.imports.add("typing", "Annotated")
        return Call("Annotated", (self.m.imports.add("typing", "Any"), self.predicate("_never")), "[]")

    def literal(self, values: tuple[ir.LiteralValue, ...], text: Expr) -> Expr:
        """A literal of numbers refuses a boolean first, and one of booleans a number
        (``literal_check``)."""
        helper = literal_check(values)
        if helper is None:
            return text
        self.helpers.add(helper)
        self.m.imports.add("typing", "Annotated")
        return Call("Annotated", (text, f"{self.m.imports.add('pydantic', 'BeforeValidator')}(_{helper})"), "[]")

    def scalar(self, t: ir.Primitive) -> Expr:
        """In a type alias, a JSON scalar is strict: the alias is used on its own through
        ``TypeAdapter``, which would read ``"7"`` as 7 (a model's fields are strict already)."""
        if self.in_alias and t.format is None and t.kind in STRICT_SCALARS:
            return self.m.imports.add("pydantic", STRICT_SCALARS[t.kind])
        return super().scalar(t)

    def tuple_of(self, items: list[Expr]) -> Expr:
        # strict pydantic takes only a tuple for a tuple; JSON has arrays
        self.m.imports.add("typing", "Annotated")
        self.helpers.add("as_tuple")
        validator = f"{self.m.imports.add('pydantic', 'BeforeValidator')}(_as_tuple)"
        return Call("Annotated", (Call("tuple", tuple(items), "[]"), validator), "[]")

    def alias_expression(self, d: ir.Alias) -> Expr:
        # strict scalars: an alias is read on its own too (``TypeAdapter``), where pydantic is lax
        self.in_alias = True
        try:
            return self._alias_expression(d)
        finally:
            self.in_alias = False

    def _alias_expression(self, d: ir.Alias) -> Expr:
        t = d.type
        inner = t.inner if isinstance(t, ir.Nullable) else t
        if not (isinstance(inner, ir.UnionOf) and inner.discriminated and inner.tag is not None):
            return self.types.expression(t)
        imports = self.m.imports
        imports.add("typing", "Annotated")
        if ir.literal_tags(inner, self.m.spec.definitions) and self.tag_named_as_sent(inner):
            # each member's tag field is a Literal of exactly its tag values: pydantic reads them
            imports.add("pydantic", "Field")
            tagged = Call("Annotated", (self.types.expression(inner), f"Field(discriminator={string(inner.tag)})"), "[]")
        else:
            # the tags come from the spec's mapping or the members' names: a callable discriminator
            imports.add("pydantic", "Tag")
            self.uses_tagged_by = True
            # each member tagged by its class name; the open member (tolerant reading) by a word
            # no class name can be
            names = [self.m.names.cls(ir.refs_in(m)[0]) for m in inner.members]
            tags = [UNKNOWN_TAG if i == inner.fallback else name for i, name in enumerate(names)]
            members = Union_(tuple(Call("Annotated", (n, f"Tag({string(t)})"), "[]") for n, t in zip(names, tags)))
            mapping = Call("", tuple(Pair(f"{string(value)}: ", string(tags[i])) for value, i in inner.tags), "{}")
            fallback = () if inner.fallback is None else (string(UNKNOWN_TAG),)
            discriminator = Call("_tagged_by", (string(inner.tag), mapping, *fallback))
            tagged = Call("Annotated", (members, discriminator), "[]")
        return or_none(tagged) if inner is not t else tagged

    def tag_named_as_sent(self, u: ir.UnionOf) -> bool:
        """Whether each member's tag field has the tag's name (``@type`` becomes an attribute
        ``type_`` with an alias, which ``Field(discriminator=...)`` cannot name)."""
        for key in (ir.refs_in(m)[0] for m in u.members):
            model = self.m.spec.definitions[key]
            if not isinstance(model, ir.Model) or u.tag is None:
                return False
            field = model.field(u.tag)
            if field is None or self.m.names.attr(model, field) != u.tag:
                return False
        return True

    def model(self, d: ir.Model) -> list[str]:
        name = self.m.names.cls(d.key)
        view = ModelView(name, docstring(d.description, INDENT), [self.field(d, f) for f in d.fields])
        config = self.model_settings(d)
        if config:
            view.config = f"{self.m.imports.add('pydantic', 'ConfigDict')}({', '.join(config)})"
        if d.extra is not None and (d.extra_keys is not None or not isinstance(d.extra, ir.AnyType)) and self.keeps_extra(d):
            key: Expr = "str"
            if d.extra_keys is not None:  # additionalProperties: false beside patternProperties
                self.m.imports.add("typing", "Annotated")
                key = Call("Annotated", ("str", Call("Field", (f"pattern={string(d.extra_keys)}",))), "[]")
            extra = Call("dict", (key, self.types.expression(d.extra)), "[]")
            view.extra_annotation = flat(self.quoted(extra, d.extra))
            self.typed_extras = True
            self.m.imports.add("pydantic", "Field")
        view.header = class_line(name, "_Base")
        return [self.m.block("pydantic/model.jinja", m=view)]

    def model_settings(self, d: ir.Model) -> list[str]:
        """The model's own configuration: closed where the base keeps other keys; in a module of
        a shared runtime, Python's ``re`` where its patterns are compiled (a single module
        sets it on its ``_Base``, when one of its definitions has a pattern)."""
        settings = ['extra="forbid"'] if d.extra is None and self.m.options.unknown_keys != "forbid" else []
        if self.shared is not None and self.compiles_pattern(d):
            settings.append(REGEX_ENGINE)
        return settings

    def compiles_pattern(self, d: ir.Model) -> bool:
        """Whether building the model compiles a pattern: one of its own types has one, or an
        alias it refers to (through aliases: a model compiles its own)."""
        seen: set[str] = set()
        todo: list[ir.Definition] = [d]
        while todo:
            found = todo.pop()
            if ir.uses_pattern(found):
                return True
            for key in ir.definition_refs(found):
                alias = self.m.spec.definitions[key]
                if key not in seen and isinstance(alias, ir.Alias):
                    seen.add(key)
                    todo.append(alias)
        return False

    def field(self, model: ir.Model, f: ir.Field) -> FieldView:
        """A field: its type, default, ``Field(...)`` settings and line, each a step below."""
        attr = self.m.names.attr(model, f)
        bare, constraints = self.field_type(f)
        annotation = self.types.expression(bare)
        default = self.field_default(f)
        if default is not None and default[0] == "None" and not self.nullable(f.type):
            annotation = or_none(annotation)
            if not f.required and f.default is None:  # may be absent, but not null
                self.uses_not_null = True
                self.m.imports.add("typing", "Annotated")
                annotation = Call("Annotated", (annotation, "_NOT_NULL"), "[]")
        value = self.field_value(f, self.field_settings(attr, f, constraints, default), default)
        annotation = self.quoted(annotation, f.type)
        doc = self.field_doc(f)
        self.described = self.described or doc is not None
        return FieldView(attr, flat(annotation), self.field_line(attr, annotation, value), doc)

    def field_type(self, f: ir.Field) -> tuple[ir.TypeExpr, ir.Constraints | None]:
        """The type a field's annotation is written from, and the constraints ``Field`` checks."""
        bare, constraints = self.split_constraints(f.type)
        if constraints is not None and predicates(constraints):
            return f.type, None  # the checks go in the annotation, next to the value's type
        return bare, constraints

    def field_default(self, f: ir.Field) -> tuple[str, bool] | None:
        """``default_of``, but a list or dict default is given as it is: pydantic copies a
        mutable default for each instance, and mypy infers the type of ``["word"]`` from the
        annotation only when it is not inside a lambda."""
        default = self.default_of(f)
        if default is not None and default[1] and f.default and isinstance(f.default.value, (list, dict)):
            return default[0].removeprefix("lambda: "), False
        return default

    def field_settings(
        self, attr: str, f: ir.Field, constraints: ir.Constraints | None, default: tuple[str, bool] | None
    ) -> list[Expr]:
        """The arguments of the field's ``Field(...)`` (none: it needs no ``Field``)."""
        settings: list[Expr] = []
        if attr != f.wire_name:  # (not alias=, which type checkers take as the parameter's name)
            wire = string(f.wire_name)
            settings.extend((f"validation_alias={wire}", f"serialization_alias={wire}"))
        if constraints is not None:
            settings.extend(field_arguments(constraints))
        if default is not None and (settings or default[1]):
            settings.insert(0, f"default_factory={default[0]}" if default[1] else f"default={default[0]}")
        return settings

    def field_value(self, f: ir.Field, settings: list[Expr], default: tuple[str, bool] | None) -> Expr | None:
        """What the field is assigned: ``Field(...)``, its default, or nothing."""
        if settings:
            self.m.imports.add("pydantic", "Field")
            return Call("Field", tuple(settings))
        if default is None:
            return None
        value = f.default.value if f.default is not None else None
        if isinstance(value, list) and default[0].startswith("[") and all(
            v is None or isinstance(v, (str, int, float, bool)) for v in value
        ):
            return Call("", tuple(literal(v) for v in value), "[]")  # a list display the layout splits as black does
        return default[0]

    def field_line(self, attr: str, annotation: Expr, value: Expr | None) -> str:
        """``attr: annotation = value``; with an annotation so long that black and ruff would each
        lay out the line their own way, the field's settings go in ``Annotated``, which both split
        the same."""
        if isinstance(value, Call) and value.func == "Field" and not fits(f"{INDENT}{attr}: {flat(annotation)} = ("):
            settings = tuple(a for a in value.args if not (isinstance(a, str) and a.startswith("default")))
            given = [a for a in value.args if isinstance(a, str) and a.startswith("default=")]
            if len(settings) + len(given) == len(value.args):
                self.m.imports.add("typing", "Annotated")
                full = Call("Annotated", (annotation, Call("Field", settings)), "[]")
                return annotated(attr, full, given[0].removeprefix("default=") if given else None, INDENT)
        return annotated(attr, annotation, value, INDENT)

    def base_doc(self) -> str:
        options = self.m.options
        unknown = {"allow": "kept", "ignore": "dropped", "forbid": "refused"}[options.unknown_keys]
        frozen = ", instances that cannot be changed" if options.frozen else ""
        return (
            f"Shared configuration: strict JSON types, unknown keys {unknown}, construction by name or alias{frozen};"
            " each model is built on its first use, after the models it refers to, so that importing the module"
            " stays fast and each schema is made once."
        )

    def preamble(self) -> list[str]:
        models = any(isinstance(d, ir.Model) for d in self.m.definitions())
        if self.shared is not None:
            return self.shared_preamble(models)
        return self.written_preamble(models)

    def written_preamble(self, models: bool, shared: bool = False) -> list[str]:
        """The preamble with its code: a single module's (only what its definitions use), or
        the runtime module's (``shared``: everything, for any module)."""
        base = self.base_class() if models else ""  # (a package's module of aliases alone has no model)
        shared_code, moments, readers = self.readers()
        text = self.m.part(
            "pydantic/preamble.jinja", not_null=self.uses_not_null, tagged_by=self.uses_tagged_by,
            spelled=self.spelled(), shared_code=shared_code, moments=moments, readers=readers,
            typed_extras=self.typed_extras, formats=self.format_aliases(), settings=self.config_settings(), base=base,
            doc=docstring(self.base_doc(), INDENT), described=self.described, models=models, shared=shared,
        ).lstrip("\n")
        return [self.m.block_text(text)] * bool(text) + self.helper_blocks()

    def shared_preamble(self, models: bool) -> list[str]:
        """The preamble of a module that imports its helpers from the runtime module: the base
        class, where the job's options change the runtime's, and the pyright directive."""
        blocks = [self.m.block_text(EXTRAS_DIRECTIVE)] if self.typed_extras else []
        if models:
            blocks += self.shared_base()
        if self.uses_not_null:
            self.from_runtime("NOT_NULL", "_NOT_NULL")
        if self.uses_tagged_by:
            self.from_runtime("tagged_by", "_tagged_by")
        for fmt in sorted(self.formats):
            self.from_runtime(FORMAT_EXPORTS[fmt], FORMAT_ALIASES[fmt])
        return blocks + self.helper_blocks()

    def shared_base(self) -> list[str]:
        """The runtime module's ``_Base``, imported as it is where the job's options are its own
        (the defaults); else a ``_Base`` of the module that derives from it (and from the option
        ``base-class``) and sets what the options change. Every model then has the configuration
        it has in a single module."""
        settings = self.config_settings(patterns=False)
        base_class = self.m.options.base_class
        if not base_class:
            settings = [s for s in settings if s not in RUNTIME_SETTINGS]
            if not settings:
                self.from_runtime("Base", "_Base")
                return []
            bases = self.from_runtime("Base", "_RuntimeBase")
        else:  # (its configuration would come before the runtime's: every setting is given again)
            module, _, name = base_class.rpartition(".")
            bases = f"{self.from_runtime('Base', '_RuntimeBase')}, {self.m.imports.add(module, name)}"
            if self.described:
                self.from_runtime("describe", "_describe")
        self.m.imports.add("pydantic", "ConfigDict")
        doc = docstring(self.base_doc(), INDENT)
        return [self.m.block("pydantic/base.jinja", bases=bases, doc=doc, settings=settings)]

    def runtime(self) -> list[str] | None:
        """Every helper a module may use (whatever its spec and options: the runtime module of a
        folder is the same for every job), and their public names."""
        self.uses_not_null = self.uses_tagged_by = self.described = True
        self.formats = set(FORMAT_ALIASES)
        self.helpers = set(self.runtime_helpers)
        blocks = self.written_preamble(True, shared=True)
        self.helpers = set()  # (written above, as a single module writes them)
        names = ["_Base", "_NOT_NULL", "_describe", "_tagged_by", *(f"_{name}" for name in self.runtime_helpers)]
        return [*blocks, self.exports(names, {FORMAT_ALIASES[fmt]: FORMAT_EXPORTS[fmt] for fmt in FORMAT_ALIASES})]

    def base_class(self) -> str:
        """The class ``_Base`` derives from (the option ``base-class``, or ``BaseModel``), with
        the imports the preamble needs."""
        imports = self.m.imports
        imports.add("pydantic", "ConfigDict")
        # (building the models a model refers to before it)
        imports.add("pydantic", "BaseModel")
        imports.add("typing", "Any")
        imports.add("typing", "get_args")
        imports.add("typing_extensions", "TypeAliasType")
        for module in ("functools", "re", "sys"):
            imports.add_module(module)
        if self.described:
            for module in ("ast", "inspect", "itertools", "pathlib"):
                imports.add_module(module)
        base = "BaseModel"
        if self.m.options.base_class:
            module, _, base = self.m.options.base_class.rpartition(".")
            imports.add(module, base)
        if self.uses_not_null:
            imports.add_module("pydantic")
            imports.add_module("pydantic_core")
            imports.add("typing", "cast")
        if self.uses_tagged_by:
            imports.add("pydantic", "Discriminator")
            imports.add("typing", "cast")
        return base

    def config_settings(self, patterns: bool = True) -> list[str]:
        """The arguments of the ``ConfigDict`` every model shares, in order (``patterns``: with
        Python's ``re`` if a definition has a pattern)."""
        options = self.m.options
        settings = ["strict=True", f"extra={string(options.unknown_keys)}", *["frozen=True"] * options.frozen]
        settings += ["validate_by_name=True", "validate_by_alias=True", "serialize_by_alias=True", "defer_build=True"]
        if self.described:
            settings.append("json_schema_extra=_describe")  # the descriptions, from the docstrings
        if patterns and any(ir.uses_pattern(d) for d in self.m.definitions()):
            settings.append(REGEX_ENGINE)  # lookarounds and backreferences, which JSON Schema allows
        return settings

    def spelled(self) -> list[str]:
        """The readers (``_uuid_text``) the module writes for formats it checks before pydantic
        reads them (pydantic takes more than the other flavours), each once."""
        found = [SPELLED[fmt] for fmt in SPELLED if fmt in self.formats]
        if found:
            self.m.imports.add_module("re")
        return found

    def readers(self) -> tuple[str, list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        """The shared code the module writes (``formats.copied``), the moments it reads after
        checking their spelling (``MOMENTS``), and the formats it reads itself (``READ``)."""
        used = [fmt for fmt in SHARED_CODE if fmt in self.formats]
        if not used:
            return "", [], []
        self.m.imports.add_module("re")
        self.m.imports.add("collections.abc", "Callable")
        code = copied(*(name for fmt in used for name in SHARED_CODE[fmt]))
        return code, [MOMENTS[f] for f in used if f in MOMENTS], [READ[f] for f in used if f in READ]

    def format_aliases(self) -> list[str]:
        """The statement naming the type of each format the module reads as a Python type, laid
        out as black lays it out (a long one would send the whole preamble through black)."""
        if not self.formats:
            return []
        imports = self.m.imports
        for name in ("Annotated", "Any", "TypeAlias"):
            imports.add("typing", name)
        imports.add("pydantic", "Strict")
        if self.formats - set(MOMENTS):
            imports.add("pydantic", "BeforeValidator")
        if "duration" in self.formats:
            imports.add("pydantic", "PlainSerializer")
        if self.formats & set(MOMENTS):
            imports.add("pydantic", "WrapValidator")
            imports.add("pydantic", "ValidatorFunctionWrapHandler")
        aliases = []
        for fmt in sorted(self.formats, key=list(FORMAT_ALIASES).index):
            module, python = PYTHON_TYPES[fmt]
            if fmt == "byte":
                python = imports.add("pydantic", "Base64Bytes")
            else:
                imports.add_module(module)
            if fmt in MOMENTS:
                validator = f"WrapValidator({MOMENTS[fmt][0]})"
            else:
                validator = f"BeforeValidator({READ[fmt][0] if fmt in READ else SPELLED.get(fmt, '_text')})"
            arguments = [python, "Strict(False)", validator]
            if fmt == "duration":  # written as the other flavours write it (msgspec's way)
                arguments.append('PlainSerializer(_write_duration, when_used="json")')
            aliases.append(alias_statement(FORMAT_ALIASES[fmt], arguments))
        return aliases
