"""TypedDicts: the JSON itself, typed for the type checker (and ``pydantic.TypeAdapter`` at run
time). Keys that are not identifiers use the functional ``TypedDict("X", {...})`` syntax."""

from __future__ import annotations

import keyword
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from .. import ir
from ..errors import Diagnostic, Location
from ..naming import ANNOTATION_NAMES, KEYWORDS
from ..render.layout import (
    INDENT,
    NOQA_E501,
    Call,
    Expr,
    Pair,
    Union_,
    annotated,
    class_line,
    flat,
    lay_out,
    place,
)
from ..render.text import comment, docstring, literal, string
from ..select import reachable, strongly_connected
from .base import ALL_CONSTRAINTS, HELPERS, FieldView, Flavour, ModelView
from .pydantic import literal_check, predicates

if TYPE_CHECKING:
    from ..render.options import Options
    from .base import Shown

# Constraints as ``annotated-types`` metadata, which ``pydantic.TypeAdapter`` enforces (the module
# imports no pydantic). JSON Schema's ``pattern`` has no such class: it is documented.
METADATA = {
    "minimum": "Ge", "maximum": "Le", "exclusive_minimum": "Gt", "exclusive_maximum": "Lt",
    "multiple_of": "MultipleOf", "min_length": "MinLen", "max_length": "MaxLen",
}  # fmt: skip


def with_comment(header: str, text: str) -> str:
    """A ``class`` line (or the first of its lines) with a comment; a pragma comment first,
    before ruff's ``noqa`` (mypy reads ``# type: ignore`` only at the start of a comment)."""
    first, sep, rest = header.partition("\n")
    noqa = first.endswith(NOQA_E501)
    first = first.removesuffix(NOQA_E501) + f"  {text}" + (NOQA_E501 if noqa else "")
    return first + sep + rest


class TypedDicts(Flavour):
    name = "typeddict"
    python_formats = False  # the JSON's own types: a date-time is a str (the docstring says so)
    enum_classes = False
    module_names = frozenset(
        {"TypedDict", "Required", "NotRequired", "typing_extensions", "TypeAliasType", "annotated_types", *METADATA.values(), "Predicate"}
    )
    member_names = frozenset()
    enforced = ALL_CONSTRAINTS - {"pattern"}
    decoder_depth = 140  # pydantic 2.14's TypeAdapter: 141 TypedDicts nested fail
    decodes = False
    recursive_alias = "TypeAliasType"
    runtime_helpers = ("before", "never", "not_bool", "not_number", "unique")

    # Every name a module of this flavour may import (an annotation may use it); the other
    # flavours' imports (``types``, ``field``...) are free to be keys here.
    imported: ClassVar[frozenset[str]] = module_names | {"NoReturn"}
    # Names the annotations use besides the imports and the module's classes.
    annotation_words: ClassVar[frozenset[str]] = KEYWORDS | ANNOTATION_NAMES | {"tuple", "cast"}

    @cached_property
    def unplain_keys(self) -> frozenset[str]:
        """The identifiers a key cannot be in a class body: built once a module (GitHub's spec
        asks for 35,424 keys; rebuilding the set of its 3,000 class names for each was 4 s)."""
        return self.annotation_words | self.imported | frozenset(self.m.names.classes.values())

    @cached_property
    def spelled_out(self) -> dict[str, ir.TypeExpr]:
        """The aliases on a cycle that runs through TypedDicts, by key, with their values: a
        TypedDict's key is annotated with the value, not the alias's name. mypy checks every
        alias that reaches itself by walking each path of aliases through the keys of the
        TypedDicts on the way, which grows exponentially with the aliases of a cycle: on Stripe's
        spec (444 TypedDicts and 150 such aliases in one cycle) it did not finish in 40 minutes.
        With no such name among the keys no alias reaches itself, and mypy takes seconds. The
        aliases are still declared, for the code that uses them."""
        spec = self.m.spec
        edges = reachable(spec, self.m.keys)
        found: dict[str, ir.TypeExpr] = {}
        for comp in strongly_connected(edges, set(self.m.keys)):
            if len(comp) > 1 or comp[0] in edges[comp[0]]:
                for key in comp:
                    d = spec.definitions[key]
                    if isinstance(d, ir.Alias) and key not in self.m.recursive:
                        found[key] = d.type
        return found

    def constrain(self, inner: Expr, constraints: ir.Constraints) -> Expr:
        metadata: list[Expr] = []
        for keyword, value in constraints.items():
            if keyword in METADATA:
                metadata.append(f"{self.m.imports.add('annotated_types', METADATA[keyword])}({literal(value)})")
        found = predicates(constraints)
        if found:
            self.m.imports.add("annotated_types", "Predicate")
        if constraints.unique_items:
            self.helpers.add("unique")
        metadata.extend(found)
        if not metadata:
            return inner
        self.m.imports.add("typing", "Annotated")
        return Call("Annotated", (inner, *metadata), "[]")

    def never(self) -> Expr:
        self.m.imports.add("typing", "Annotated")
        return Call("Annotated", (self.m.imports.add("typing", "Any"), self.predicate("_never")), "[]")

    def literal(self, values: tuple[ir.LiteralValue, ...], text: Expr) -> Expr:
        """``TypeAdapter`` matches a ``Literal`` by equality (``True`` is ``1``): a literal of
        numbers refuses a boolean first, and one of booleans a number, through ``_Before``, a
        mark only pydantic reads (the module imports none of it)."""
        helper = literal_check(values)
        if helper is None:
            return text
        self.helpers.update((helper, "before"))
        self.m.imports.add("typing", "Annotated")
        return Call("Annotated", (text, f"_Before(_{helper})"), "[]")

    def tuple_of(self, items: list[Expr]) -> Expr:
        """A TypedDict describes JSON as it is read (a list): of the items' types, and its length
        (the position of each type is not checked)."""
        parts = list(dict.fromkeys(flat(i) for i in items))
        self.m.imports.add("typing", "Annotated")
        length = [f"{self.m.imports.add('annotated_types', k)}({len(items)})" for k in ("MinLen", "MaxLen")]
        return Call("Annotated", (Call("list", (Union_(tuple(parts)) if len(parts) > 1 else parts[0],), "[]"), *length), "[]")

    def model(self, d: ir.Model) -> list[str]:
        name = self.m.names.cls(d.key)
        imports = self.m.imports
        imports.add("typing_extensions", "TypedDict")
        fields = []
        annotations: list[Expr] = []
        # type checkers refuse an empty key in a TypedDict: such a property is left out, and said
        left_out = [f for f in d.fields if f.wire_name == ""]
        d = replace(d, fields=tuple(f for f in d.fields if f.wire_name != ""))
        for f in d.fields:
            wrapper = imports.add("typing_extensions", "Required" if f.required else "NotRequired")
            annotation = Call(wrapper, (self.key_type(f.type),), "[]")
            line = annotated(f.wire_name, annotation, None, INDENT)
            fields.append(FieldView(f.wire_name, flat(annotation), line, self.field_doc(f, default_note=not f.required)))
            annotations.append(annotation)
        description = d.description
        notes = []
        if left_out:
            notes.append('The property named "" cannot be a TypedDict key; it is left out (reading it: `value.get("")`).')
        extra_items = self.extra_items(d)
        if extra_items is None and self.typed_extra(d):
            assert d.extra is not None
            notes.append(f"Other keys: `{flat(self.key_type(d.extra))}`, declared further down, so not checked.")
        description = "\n\n".join(p for p in (description, *notes) if p) or None
        view = ModelView(name, docstring(description, INDENT), fields, closed=self.closed(d) and not left_out)
        keywords = ("closed=True",) if view.closed else (f"extra_items={extra_items}",) if extra_items else ()
        view.header = class_line(name, ", ".join(("TypedDict", *keywords)))
        if extra_items:  # mypy does not know PEP 728 yet (pyright does, and TypeAdapter)
            view.header = with_comment(view.header, "# type: ignore[call-arg]")
        if not all(self.plain_key(f.wire_name) for f in d.fields):
            view.functional = self.functional(name, d, fields, annotations, keywords)
            docs = [description] + [
                f"{v.name!r}: {f.description}" for v, f in zip(fields, d.fields) if f.description
            ]
            view.comments = comment("\n\n".join(p for p in docs if p))
        return [self.m.block("typeddict/model.jinja", m=view)]

    def functional(
        self, name: str, d: ir.Model, fields: list[FieldView], annotations: list[Expr], keywords: tuple[str, ...]
    ) -> str:
        """``Name = TypedDict("Name", {...})``, for keys that cannot be written in a class body."""
        # the functional form evaluates its annotations at once: later names go in quotes
        annotations = [
            Call(a.func, (self.quoted(a.args[0], f.type, always=True),), "[]") if isinstance(a, Call) else a
            for a, f in zip(annotations, d.fields)
        ]
        items = Call("", tuple(Pair(f"{string(v.name)}: ", a) for v, a in zip(fields, annotations)), "{}")
        args: tuple[Expr, ...] = (string(name), items, *keywords)
        comments = ["# type: ignore[misc]"] if any(k.startswith("extra_items=") for k in keywords) else []
        if all(f.wire_name.isidentifier() and not keyword.iskeyword(f.wire_name) for f in d.fields):
            # keys ruff would write as a class body (UP013), where one would shadow a name
            # the annotations use: linters are told, on a line of its own black keeps
            comments.append("# noqa: UP013")
        if not comments:
            return place(Call("TypedDict", args), "", f"{name} = ")
        lines = [f"{name} = TypedDict(  " + "  ".join(comments)]
        for arg in args:
            lines.extend(lay_out(arg, INDENT, "", ","))
        return "\n".join([*lines, ")"])

    def runtime(self) -> list[str] | None:
        """The checks a module's annotations may use, and their public names."""
        names = [HELPERS.get(name, f"_{name}") for name in self.runtime_helpers]
        return [*self.write_helpers(self.runtime_helpers), self.exports(names)]

    @classmethod
    def cautions(cls, spec: ir.SpecIR, keys: Sequence[str], options: Options, shown: Shown | None = None) -> list[Diagnostic]:
        """Also a model whose other keys are of a type declared after it (a cycle: a ``Tree``
        whose other keys are trees): ``extra_items`` cannot name it, so they are not checked."""
        found = super().cautions(spec, keys, options, shown)
        place = {k: i for i, k in enumerate(keys)}
        for i, key in enumerate(keys):
            d = spec.definitions[key]
            if not isinstance(d, ir.Model) or d.extra is None or isinstance(d.extra, ir.AnyType) or options.unknown_keys != "allow":
                continue
            if any(place.get(t, -1) >= i for t in ir.refs_in(d.extra)):
                file, _, pointer = d.source.partition("#")
                message = "the keys beside the properties are not checked: their type is declared after this TypedDict (a cycle)"
                hint = "extra_items=... is evaluated when the class is made, and pydantic does not resolve a quoted name there"
                found.append(Diagnostic(False, message, Location(file, pointer).child("additionalProperties"), hint, key))
        return sorted(found, key=Diagnostic.sort_key)

    def typed_extra(self, d: ir.Model) -> bool:
        """Whether the model keeps the keys it does not name, and says of what type
        (``additionalProperties`` beside properties)."""
        return d.extra is not None and not isinstance(d.extra, ir.AnyType) and self.keeps_extra(d)

    def extra_items(self, d: ir.Model) -> str | None:
        """``extra_items`` (PEP 728) of a model that types the keys it does not name, which
        ``TypeAdapter`` checks and keeps; None when there is none, or when the type names a
        class declared further down (a class keyword is evaluated at once, and pydantic does
        not resolve a name in quotes there: the docstring says the keys are not checked)."""
        if not self.typed_extra(d) or d.extra is None or self.forward(d.extra):
            return None
        return flat(self.key_type(d.extra))

    def key_type(self, t: ir.TypeExpr) -> Expr:
        """The annotation of a key: the aliases of ``spelled_out`` written as their values."""
        self.types.spelled = self.spelled_out.get
        try:
            return self.types.expression(t)
        finally:
            self.types.spelled = None

    def forward(self, t: ir.TypeExpr) -> bool:
        """Whether ``t``, its aliases spelled out, names a definition not declared yet."""
        stack, seen = ir.refs_in(t), set()
        while stack:
            key = stack.pop()
            if key not in seen:
                seen.add(key)
                if key not in self.m.declared:
                    return True
                stack.extend(ir.refs_in(self.spelled_out[key]) if key in self.spelled_out else ())
        return False

    def plain_key(self, wire: str) -> bool:
        """Whether a key can be written as a class-body annotation of a TypedDict: an identifier
        that is not a keyword, and not a name the annotations use (a builtin, an import, a class
        of the module: type checkers would read a later annotation as the key)."""
        return (
            wire.isidentifier()
            and wire.isascii()
            and not wire.startswith("__")
            and wire not in self.unplain_keys
        )
