"""IR → Python source text, through the Jinja templates of a flavour.

Python decides everything here (annotations, defaults, aliases, imports, order) and hands the
templates small view objects whose text is ready; the templates only lay it out. The emitted code
is already in black's style; the rare block with a code line over black's limit (a very long
name or ``Literal``) is passed through black on its own, so the hot path never runs black.
"""

from __future__ import annotations

import os
import re
import textwrap
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from generator import codec, ir
from generator.config import FLAVOURS
from generator.layout import Call, Expr, Pair, Union_, annotated, class_line, flat, place, width
from generator.ir import SpecIR
from generator.naming import RESERVED_FIELD_NAMES, Names
from generator.pysyntax import comment, docstring, literal, string
from generator.state import template_dir

if TYPE_CHECKING:
    import ast

LINE_LENGTH = 88
INDENT = "    "
PYDANTIC_CONSTRAINTS = {
    "minimum": "ge", "maximum": "le", "exclusive_minimum": "gt", "exclusive_maximum": "lt",
    "multiple_of": "multiple_of", "min_length": "min_length", "max_length": "max_length", "pattern": "pattern",
}  # fmt: skip
CONSTRAINT_WORDS = {
    "minimum": "minimum", "maximum": "maximum", "exclusive_minimum": "greater than",
    "exclusive_maximum": "less than", "multiple_of": "multiple of", "min_length": "min length",
    "max_length": "max length", "pattern": "pattern",
}  # fmt: skip
THIRD_PARTY = ("pydantic", "typing_extensions")


@dataclass(frozen=True)
class Header:
    """What the header of a generated module states (no timestamps: output is reproducible)."""

    spec_name: str
    roots: tuple[str, ...]
    generator_version: str
    command: str


class Imports:
    """Names the module needs, collected while its code is written."""

    def __init__(self) -> None:
        self._names: dict[str, set[str]] = {}

    def add(self, module: str, name: str) -> str:
        self._names.setdefault(module, set()).add(name)
        return name

    def lines(self) -> list[str]:
        groups: list[list[str]] = [[], []]
        for module in sorted(self._names):
            names = ", ".join(sorted(self._names[module], key=lambda n: (n.lower(), n)))
            groups[module in THIRD_PARTY].append(f"from {module} import {names}")
        return [line for group in groups if group for line in group + [""]][:-1]


class TypeWriter:
    """Writes type annotations for one flavour and records what they import."""

    def __init__(self, flavour: str, spec: SpecIR, names: Names, imports: Imports) -> None:
        self.flavour = flavour
        self.spec = spec
        self.names = names
        self.imports = imports

    def annotation(self, t: ir.TypeExpr) -> str:
        if isinstance(t, ir.Primitive):
            return t.kind
        if isinstance(t, ir.LiteralOf):
            self.imports.add("typing", "Literal")
            return "Literal[" + ", ".join(literal(v) for v in t.values) + "]"
        if isinstance(t, ir.ListOf):
            return f"list[{self.annotation(t.item)}]"
        if isinstance(t, ir.MapOf):
            return f"dict[str, {self.annotation(t.value)}]"
        if isinstance(t, ir.UnionOf):
            return " | ".join(self.annotation(m) for m in t.members)
        if isinstance(t, ir.Ref):
            return self.names.cls(t.key)
        if isinstance(t, ir.Nullable):
            return f"{self.annotation(t.inner)} | None"
        if isinstance(t, ir.AnyType):
            return self.imports.add("typing", "Any")
        if isinstance(t, ir.Constrained):
            inner = self.annotation(t.inner)
            if self.flavour != "pydantic":
                return inner
            self.imports.add("typing", "Annotated")
            self.imports.add("pydantic", "Field")
            return f"Annotated[{inner}, Field({', '.join(pydantic_constraints(t.constraints))})]"
        raise TypeError(f"unknown type expression {t!r}")

    def expression(self, t: ir.TypeExpr) -> Expr:
        """The annotation of ``t`` as an expression the layout can split."""
        if isinstance(t, ir.LiteralOf) and len(t.values) > 1:
            self.imports.add("typing", "Literal")
            return Call("Literal", tuple(literal(v) for v in t.values), "[]")
        if isinstance(t, ir.UnionOf) and len(t.members) > 1 or isinstance(t, ir.Nullable):
            return Union_(tuple(self.expression(m) for m in _union_parts(t)))
        if isinstance(t, ir.ListOf):
            return Call("list", (self.expression(t.item),), "[]")
        if isinstance(t, ir.MapOf):
            return Call("dict", ("str", self.expression(t.value)), "[]")
        if isinstance(t, ir.Constrained) and self.flavour == "pydantic":
            self.imports.add("typing", "Annotated")
            self.imports.add("pydantic", "Field")
            constraints = Call("Field", pydantic_constraints(t.constraints))
            return Call("Annotated", (self.expression(t.inner), constraints), "[]")
        return self.annotation(t)

    def alias_expression(self, alias: ir.Alias) -> Expr:
        """The right-hand side of a type alias; pydantic gets discriminated unions."""
        t = alias.type
        if self.flavour == "pydantic" and isinstance(t, ir.UnionOf) and t.discriminated:
            self.imports.add("typing", "Annotated")
            self.imports.add("pydantic", "Field")
            field = f"Field(discriminator={string(t.tag or '')})"
            return Call("Annotated", (self.expression(t), field), "[]")
        return self.expression(t)


def _or_none(annotation: Expr) -> Expr:
    """``annotation | None``, as one union."""
    return Union_((*annotation.parts, "None") if isinstance(annotation, Union_) else (annotation, "None"))


def _union_parts(t: ir.TypeExpr) -> list[ir.TypeExpr]:
    """The operands of ``t`` written as one flat ``a | b | None`` chain, as black sees it."""
    if isinstance(t, ir.UnionOf):
        return [part for m in t.members for part in _union_parts(m)]
    if isinstance(t, ir.Nullable):
        return [*_union_parts(t.inner), ir.Primitive("None")]
    return [t]


def pydantic_constraints(c: ir.Constraints) -> tuple[str, ...]:
    """The keyword arguments of ``Field`` for the constraints."""
    return tuple(f"{PYDANTIC_CONSTRAINTS[k]}={literal(v)}" for k, v in c.items())


def split_constraints(t: ir.TypeExpr) -> tuple[ir.TypeExpr, ir.Constraints | None]:
    """A field's type without its outermost constraints (``T`` or ``T | None``), and those constraints."""
    if isinstance(t, ir.Constrained):
        return t.inner, t.constraints
    if isinstance(t, ir.Nullable) and isinstance(t.inner, ir.Constrained):
        return ir.Nullable(t.inner.inner), t.inner.constraints
    return t, None


def describe_constraints(t: ir.TypeExpr) -> str | None:
    _, c = split_constraints(t)
    if c is None:
        return None
    parts = [f"{CONSTRAINT_WORDS[k]} {v!r}" if k == "pattern" else f"{CONSTRAINT_WORDS[k]} {v}" for k, v in c.items()]
    return "Constraints (not checked at run time): " + ", ".join(parts) + "."


def is_nullable(t: ir.TypeExpr, spec: SpecIR, seen: frozenset[str] = frozenset()) -> bool:
    """Whether null is a value of ``t`` (looking through aliases)."""
    if isinstance(t, (ir.Nullable, ir.AnyType)):
        return True
    if isinstance(t, ir.Primitive):
        return t.kind == "None"
    if isinstance(t, ir.LiteralOf):
        return None in t.values
    if isinstance(t, ir.Constrained):
        return is_nullable(t.inner, spec, seen)
    if isinstance(t, ir.UnionOf):
        return any(is_nullable(m, spec, seen) for m in t.members)
    if isinstance(t, ir.Ref) and t.key not in seen:
        d = spec.definitions[t.key]
        return isinstance(d, ir.Alias) and is_nullable(d.type, spec, seen | {t.key})
    return False


def default_value(f: ir.Field) -> tuple[str, bool] | None:
    """The default of an optional field as a Python expression, and whether it is mutable."""
    if f.required:
        return None
    if f.default is None:
        return "None", False
    value = f.default.value
    if isinstance(value, list):
        return ("list" if not value else f"lambda: {literal(value)}"), True
    if isinstance(value, dict):
        return ("dict" if not value else f"lambda: {literal(value)}"), True
    return literal(value), False


def field_doc(f: ir.Field, flavour: str) -> str | None:
    parts = [f.description] if f.description else []
    if f.deprecated:
        parts.append("Deprecated.")
    if flavour != "pydantic":
        constraints = describe_constraints(f.type)
        if constraints:
            parts.append(constraints)
    if flavour == "typeddict" and f.default is not None:
        parts.append(f"Default when absent: `{literal(f.default.value)}`.")
    return docstring("\n\n".join(parts), INDENT) if parts else None


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


class ModuleWriter:
    """Renders one module: the selected definitions of a spec, in one flavour."""

    def __init__(self, flavour: str, spec: SpecIR, names: Names, cache_dir: Path | None = None) -> None:
        self.flavour = flavour
        self.spec = spec
        self.names = names
        self.imports = Imports()
        self.types = TypeWriter(flavour, spec, names, self.imports)
        self.env = environment(cache_dir)
        self.uses_not_null = False

    def render(self, keys: list[str], cyclic: set[str], header: Header) -> tuple[list[str], str]:
        blocks: list[str] = []
        codecs = codec.CodecWriter(self.spec, self.names) if self.flavour == "dataclasses" else None
        for key in keys:
            d = self.spec.definitions[key]
            if isinstance(d, ir.Model):
                blocks.append(self.model(d, codecs))
            else:
                blocks.append(self.alias(d))
                if codecs is not None and codecs.needs_decoder(d):
                    blocks.append(self.block("dataclasses/decoder.jinja", d=codecs.decoder(d)))
        preamble = self.preamble(codecs, keys)
        footer = []
        if self.flavour == "pydantic":
            footer = [f"{self.names.cls(k)}.model_rebuild()" for k in keys if k in cyclic and isinstance(self.spec.definitions[k], ir.Model)]
        body = self.env.get_template("module.jinja").render(
            imports=self.imports.lines(),
            body=join_blocks(preamble + blocks + (["\n".join(footer)] if footer else [])),
        )
        return header_lines(header, self.flavour), body

    def preamble(self, codecs: codec.CodecWriter | None, keys: list[str]) -> list[str]:
        if self.flavour == "pydantic":
            self.imports.add("pydantic", "BaseModel")
            self.imports.add("pydantic", "ConfigDict")
            if self.uses_not_null:
                self.imports.add("typing", "Any")
            patterns = any(ir.uses_pattern(self.spec.definitions[k]) for k in keys)
            return [self.block("pydantic/preamble.jinja", not_null=self.uses_not_null, python_re=patterns)]
        if codecs is not None:
            for module, name in codecs.imports():
                self.imports.add(module, name)
            generic = bool(codecs.helpers_used & {"_list", "_map", "_nullable"})
            return [self.block("dataclasses/preamble.jinja", helpers=codecs.helpers_used, generic=generic)]
        return []

    def block(self, template: str, **context: Any) -> str:
        return fit_to_black(self.env.get_template(template).render(**context).rstrip("\n"))

    def alias(self, d: ir.Alias) -> str:
        self.imports.add("typing", "TypeAlias")
        name = self.names.cls(d.key)
        statement = annotated(name, "TypeAlias", self.types.alias_expression(d), "")
        view = AliasView(name, statement, docstring(d.description, ""))
        return self.block("alias.jinja", a=view)

    def model(self, d: ir.Model, codecs: codec.CodecWriter | None) -> str:
        name = self.names.cls(d.key)
        if self.flavour == "typeddict":
            return self.typeddict(d, name)
        fields = []
        for f in d.fields:
            fields.append(self.field(d, f))
        view = ModelView(name, docstring(d.description, INDENT), fields)
        if self.flavour == "pydantic":
            not_null = [
                string(self.names.attr(d, f))
                for f in d.fields
                if not f.required and f.default is None and not is_nullable(f.type, self.spec)
            ]
            if not_null:
                self.uses_not_null = True
                self.imports.add("pydantic", "field_validator")
                call = Call("field_validator", (*not_null, 'mode="before"'))
                view.validator = place(call, INDENT, "_check_not_null = ", "(_not_null)")
            if d.extra is None:
                view.config = 'ConfigDict(extra="forbid")'
            elif not isinstance(d.extra, ir.AnyType):
                view.extra_annotation = f"dict[str, {self.types.annotation(d.extra)}]"
                self.imports.add("pydantic", "Field")
            view.header = class_line(name, "_Base")
            return self.block("pydantic/model.jinja", m=view)
        assert codecs is not None
        self.imports.add("dataclasses", "dataclass")
        view.header = f"class {name}:"
        return self.block("dataclasses/model.jinja", m=view, c=codecs.model(d, self.types))

    def field(self, model: ir.Model, f: ir.Field) -> FieldView:
        attr = self.names.attr(model, f)
        doc = field_doc(f, self.flavour)
        default = default_value(f)
        if self.flavour == "dataclasses":
            annotation = self.types.expression(f.type)
            value: Expr | None = None
            if default is not None:
                if default[0] == "None" and not is_nullable(f.type, self.spec):
                    annotation = _or_none(annotation)
                value = default[0]
                if default[1]:
                    self.imports.add("dataclasses", "field")
                    value = Call("field", (f"default_factory={default[0]}",))
            return FieldView(attr, flat(annotation), annotated(attr, annotation, value, INDENT), doc)
        # pydantic
        bare, constraints = split_constraints(f.type)
        annotation = self.types.expression(bare)
        if default is not None and default[1] and default[0].startswith("lambda: "):
            # pydantic copies a mutable default for each instance, and mypy infers the type of
            # `["word"]` from the annotation only when it is not inside a lambda
            default = (default[0].removeprefix("lambda: "), False)
        if default is not None and default[0] == "None" and not is_nullable(f.type, self.spec):
            annotation = _or_none(annotation)
        kwargs = []
        if default is not None and (attr != f.wire_name or constraints is not None or default[1]):
            kwargs.append(f"default_factory={default[0]}" if default[1] else f"default={default[0]}")
        if attr != f.wire_name:
            kwargs.append(f"alias={string(f.wire_name)}")
        if constraints is not None:
            kwargs.extend(pydantic_constraints(constraints))
        value = None
        if kwargs:
            self.imports.add("pydantic", "Field")
            value = Call("Field", tuple(kwargs))
        elif default is not None:
            value = default[0]
            if f.default is not None and isinstance(f.default.value, list) and default[0].startswith("["):
                # a list display the layout can split, as black splits it
                if all(v is None or isinstance(v, (str, int, float, bool)) for v in f.default.value):
                    value = Call("", tuple(literal(v) for v in f.default.value), "[]")
        return FieldView(attr, flat(annotation), annotated(attr, annotation, value, INDENT), doc)

    def typeddict(self, d: ir.Model, name: str) -> str:
        self.imports.add("typing_extensions", "TypedDict")
        fields = []
        annotations: list[Expr] = []
        for f in d.fields:
            wrapper = self.imports.add("typing_extensions", "Required" if f.required else "NotRequired")
            annotation = Call(wrapper, (self.types.expression(f.type),), "[]")
            line = annotated(f.wire_name, annotation, None, INDENT)
            fields.append(FieldView(f.wire_name, flat(annotation), line, field_doc(f, self.flavour)))
            annotations.append(annotation)
        view = ModelView(name, docstring(d.description, INDENT), fields, closed=d.extra is None)
        view.header = class_line(name, "TypedDict, closed=True" if view.closed else "TypedDict")
        if not all(_plain_key(f.wire_name) for f in d.fields):
            items = Call("", tuple(Pair(f"{string(v.name)}: ", a) for v, a in zip(fields, annotations)), "{}")
            args = (string(name), items, *(("closed=True",) if view.closed else ()))
            view.functional = place(Call("TypedDict", args), "", f"{name} = ")
            docs = [d.description or ""] + [
                f"{v.name!r}: {f.description}" for v, f in zip(fields, d.fields) if f.description
            ]
            view.comments = comment("\n\n".join(p for p in docs if p))
        return self.block("typeddict/model.jinja", m=view)


def join_blocks(blocks: list[str]) -> str:
    """Top-level blocks with black's blank lines: two between blocks; after the imports, two
    before a class or function and one before anything else."""
    if not blocks:
        return ""
    first = "\n\n" if blocks[0].startswith(("class ", "def ", "@")) else "\n"
    return first + "\n\n\n".join(blocks)


def _plain_key(wire: str) -> bool:
    """Whether a key can be written as a class-body annotation of a TypedDict."""
    return wire.isidentifier() and wire.isascii() and not wire.startswith("__") and wire not in RESERVED_FIELD_NAMES


def header_lines(h: Header, flavour: str) -> list[str]:
    roots = ", ".join(h.roots) if h.roots else "every component schema"
    text = [
        f"Generated by modelgen {h.generator_version} ({flavour}) from {h.spec_name}.",
        f"Roots: {roots}.",
        f"Do not edit: regenerate with `{h.command}`.",
    ]
    lines: list[str] = []
    for paragraph in text:
        wrapped = textwrap.wrap(paragraph, LINE_LENGTH - 2, break_long_words=False, break_on_hyphens=False)
        lines.extend(comment("\n".join(wrapped)))
    return lines


@cache
def environment(cache_dir: Path | None = None) -> jinja2.Environment:
    """The templates; compiled ones are kept in ``cache_dir`` (if given and writable), which
    saves a warm run compiling them again."""
    bytecode = None
    if cache_dir is not None:
        folder = cache_dir / "templates"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        if os.access(folder, os.W_OK):  # a read-only or missing cache only costs time
            bytecode = jinja2.FileSystemBytecodeCache(str(folder))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        bytecode_cache=bytecode,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        auto_reload=False,  # templates do not change during a run: no stat for each block
    )
    env.filters["pystr"] = string
    return env


def fit_to_black(block: str) -> str:
    """``block`` unchanged, unless a code line (not a docstring or comment) is longer than black
    allows; then black formats the statements with such lines (or, failing that, the block)."""
    lines = block.split("\n")
    if max(map(len, lines)) <= LINE_LENGTH and block.isascii():
        return block  # the common case, checked at C speed
    long_lines = []
    inside = False  # within a multi-line docstring (they always start a line with three quotes;
    # three quotes elsewhere can only be inside a one-line string literal of code)
    for number, line in enumerate(lines, start=1):
        if '"""' not in line:  # most lines: no docstring starts or ends here
            if not inside and len(line) > LINE_LENGTH // 2 and width(line) > LINE_LENGTH:
                text = line.strip()
                if not text.startswith("#") and not BLACK_KEEPS.fullmatch(text):
                    long_lines.append(number)
            continue
        text = line.strip()
        if inside:
            inside = not text.endswith('"""')
            continue
        if text.startswith('"""'):
            inside = len(text) < 6 or not text.endswith('"""') or text.endswith('\\"""')
            continue
        if not text.startswith("#") and width(line) > LINE_LENGTH and not BLACK_KEEPS.fullmatch(text):
            long_lines.append(number)
    if not long_lines:
        return block
    return _black_statements(block, long_lines)


def _black_statements(block: str, long_lines: list[int]) -> str:
    """Black on the innermost statements holding ``long_lines``, each alone at its own depth
    (black formats a statement the same way wherever it stands at that depth)."""
    import ast

    lines = block.split("\n")
    spans: list[tuple[int, int, int]] = []
    tree = ast.parse(block)
    for number in long_lines:
        node = _innermost_statement(tree, number)
        if node is None or node.end_lineno is None:
            return _black(block)
        span = (node.lineno, node.end_lineno, node.col_offset // 4)
        if span not in spans:
            spans.append(span)
    spans.sort()
    if any(a[1] >= b[0] for a, b in zip(spans, spans[1:])):
        return _black(block)
    for start, end, depth in reversed(spans):
        wrapper = "".join(INDENT * k + "if _:\n" for k in range(depth))
        formatted = _black(wrapper + "\n".join(lines[start - 1 : end])).split("\n")[depth:]
        lines[start - 1 : end] = formatted
    return "\n".join(lines)


def _innermost_statement(tree: ast.AST, line: int) -> ast.stmt | None:
    import ast

    found = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or 0):
            if found is None or node.lineno >= found.lineno and (node.end_lineno or 0) <= (found.end_lineno or 0):
                if not isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.Try, ast.If)) or node.lineno == line:
                    found = node
    return found


# Long lines that black itself writes when a name or a string alone is too long: the head of a
# split call (``layout._overflowing_head``), a class line, a class or function line
# split at its bracket, the return annotation closing a split signature, a name or a string
# alone on its line (an argument, or a member of a union), a field annotated with a name too long
# even in parentheses, and a dict entry whose value is a name.
BLACK_KEEPS = re.compile(
    r"(return |[A-Za-z_]\w*=)?[\w.]+\(|(class|def) \w+\(|class \w+:|\) -> [\w.]+:|(\| )?[\w.]+,?|\w+: [\w.]+"
    r'|"[^"\\]*",?|"(?:[^"\\]|\\.)*": [\w.]+,'
)


def _black(block: str) -> str:
    import black  # imported only when needed: it costs a few hundred milliseconds

    return black.format_str(block + "\n", mode=black.Mode(line_length=LINE_LENGTH)).rstrip("\n")


def render_module(
    flavour: str,
    spec: SpecIR,
    names: Names,
    keys: list[str],
    cyclic: set[str],
    header: Header,
    cache_dir: Path | None = None,
) -> tuple[list[str], str]:
    """The header lines and the body of one module (``cache_dir`` keeps compiled templates)."""
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r}")
    return ModuleWriter(flavour, spec, names, cache_dir).render(keys, cyclic, header)
