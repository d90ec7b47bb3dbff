"""Standard-library dataclasses with ``from_dict`` and ``to_dict``: no runtime dependency.

The classes declare their fields and nothing else: one codec (``runtime.py``, with
``checks.py``, ``compiler.py`` and ``deferred.py``) reads their annotations and compiles a
decoder and an encoder for each class on first use. A single module carries a copy of it; the
modules of a package import it from the package's ``_modelgen_runtime.py`` (``shared.py``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ... import ir
from ...render.imports import Imports
from ...render.layout import INDENT, Call, Expr, Pair, annotated, class_line, flat
from ...render.text import docstring, string
from ...render.types import or_none
from ..base import FieldView, Flavour, ModelView

if TYPE_CHECKING:
    from ...render.module import ModuleContext

RUNTIME = Path(__file__).with_name("runtime.py")
# the files of the codec, in the order of their code in a generated module (each uses only
# those before it)
CODEC = tuple(Path(__file__).with_name(f"{name}.py") for name in ("checks", "deferred", "compiler", "runtime"))
SHARED = Path(__file__).with_name("shared.py")
MARKER = "# ---- copied into generated modules from here on ----\n"
_IMPORT = re.compile(r"^(?:from ([\w.]+) import (.+)|import ([\w.]+))$", re.M)


FORMATS = Path(__file__).parents[2] / "formats.py"
HERE = "# ---- the readers and writers of formats.py come here ----"


@cache
def codec_source() -> tuple[tuple[tuple[str, str | None], ...], dict[str, str]]:
    """The codec's imports, and its top-level blocks by the name each defines: those of its
    files, with the format readers and writers of ``formats.py`` where one says."""
    imports: list[tuple[str, str | None]] = []
    blocks: dict[str, str] = {}
    for source in (*CODEC, FORMATS):
        found_imports, found = _copied(source)
        imports += found_imports
        if source == FORMATS:
            names = list(blocks)
            at = names.index(HERE)
            found = {n: blocks[n] for n in names[:at]} | found | {n: blocks[n] for n in names[at + 1 :]}
        blocks = found if source == FORMATS else blocks | found
    return tuple(dict.fromkeys(imports)), blocks


@cache
def shared_source() -> tuple[tuple[tuple[str, str | None], ...], str]:
    """The imports and the code of a package's runtime module: the codec, with the blocks of
    ``shared.py`` in place of its own of the same name, and the others of it at the end."""
    imports, blocks = codec_source()
    shared_imports, shared_blocks = _copied(SHARED)
    ordered = {name: shared_blocks.get(name, block) for name, block in blocks.items()}
    ordered |= {name: block for name, block in shared_blocks.items() if name not in blocks}
    return tuple(dict.fromkeys(imports + tuple(shared_imports))), "\n\n\n".join(ordered.values())


# The names a generated module of a package imports from its runtime module, by the name it uses.
SHARED_NAMES = {"_Model": "Model", "_Tag": "Tag", "_json": "field_json", "dataclass": "dataclass"}


def _copied(source: Path) -> tuple[list[tuple[str, str | None]], dict[str, str]]:
    """The imports of a file's head and its top-level blocks after the marker, by name."""
    head, _, body = source.read_text(encoding="utf-8").partition(MARKER)
    imports: list[tuple[str, str | None]] = []
    for match in _IMPORT.finditer(head):
        if match.group(3):
            imports.append((match.group(3), None))
        elif match.group(1) != "__future__" and not match.group(1).startswith("."):
            imports.extend((match.group(1), name.strip()) for name in match.group(2).split(","))
    blocks: dict[str, str] = {}
    for block in body.strip("\n").split("\n\n\n"):
        if block == HERE or block.startswith(("if ", "for ")):  # a statement: named by its text
            blocks[block] = block
            continue
        first = next(line for line in block.split("\n") if not line.startswith(("#", "@")))
        name = re.split(r"[\s(:=\[]", first.removeprefix("class ").removeprefix("def "), maxsplit=1)[0]
        blocks[name] = block
    return imports, blocks


class Dataclasses(Flavour):
    name = "dataclasses"
    module_names = frozenset(
        {"dataclass", "field", "dataclasses", "re", "types", "typing", "Callable", "ClassVar", "TypeVar", "Union"}
    )
    builtins_used = frozenset(
        {"ValueError", "TypeError", "isinstance", "issubclass", "type", "repr", "getattr", "any", "next", "frozenset"}
    )
    member_names = frozenset({"from_dict", "to_dict", "additional_properties"})
    checks_extra_keys = True  # other_keys=

    def __init__(self, module: ModuleContext) -> None:
        super().__init__(module)
        self.uses_json = False
        self.used: set[str] = set()  # what the module names of the codec (in a package)

    @classmethod
    def runtime_code(cls) -> tuple[tuple[tuple[str, str | None], ...], str] | None:
        return shared_source()

    def model(self, d: ir.Model) -> list[str]:
        name = self.m.names.cls(d.key)
        self.used.add("dataclass")  # the codec's: the standard one, applied on first use
        view = ModelView(name, docstring(d.description, INDENT), [self.field(d, f) for f in d.fields])
        if d.extra is not None and self.keeps_extra(d):
            self.m.imports.add("dataclasses", "field")
            view.extra_annotation = f"dict[str, {flat(self.types.expression(d.extra))}]"
        self.used.add("_Model")
        view.header = class_line(name, ", ".join(["_Model", *self.class_keywords(d)]))
        view.decorator = "@dataclass(kw_only=True, frozen=True)" if self.m.options.frozen else "@dataclass(kw_only=True)"
        return [self.m.block("dataclasses/model.jinja", m=view)]

    def class_keywords(self, d: ir.Model) -> list[str]:
        """What the codec is told of the keys the model's fields do not name: dropped
        (the option ``unknown-keys = "ignore"``), or kept where they match the pattern of
        ``additionalProperties: false`` beside ``patternProperties`` (``extra_keys``)."""
        if d.extra is not None and self.m.options.unknown_keys == "ignore":
            return ['unknown_keys="ignore"']
        if d.extra_keys is not None and self.keeps_extra(d):
            # a space after a comma would read as two keywords to class_line's layout
            return ["other_keys=" + string(d.extra_keys).replace(", ", ",\\x20")]
        return []

    def field(self, model: ir.Model, f: ir.Field) -> FieldView:
        attr = self.m.names.attr(model, f)
        annotation = self.types.expression(f.type)
        nullable = self.nullable(f.type)
        default = self.default_of(f)
        metadata = []
        if attr != f.wire_name:
            metadata.append(string(f.wire_name))
        if default is not None and default[0] == "None":
            if nullable:
                metadata.append("nullable=True")  # its None means "absent" and null alike
            else:
                annotation = or_none(annotation)  # None: "absent"; a null is refused
        arguments: list[Expr] = []
        if default is not None:
            arguments.append(f"default_factory={default[0]}" if default[1] else f"default={default[0]}")
        if metadata:
            self.uses_json = True
            arguments.append(f"metadata=_json({', '.join(metadata)})")
        value: Expr | None = None
        if default is not None and not default[1] and not metadata:
            value = default[0]
        elif arguments:
            self.m.imports.add("dataclasses", "field")
            value = Call("field", tuple(arguments))
        return FieldView(attr, flat(annotation), annotated(attr, annotation, value, INDENT), self.field_doc(f))

    def alias_expression(self, d: ir.Alias) -> Expr:
        t = d.type
        inner = t.inner if isinstance(t, ir.Nullable) else t
        if not (isinstance(inner, ir.UnionOf) and inner.discriminated and inner.tag is not None):
            return self.types.expression(t)
        self.m.imports.add("typing", "Annotated")
        names = [self.m.names.cls(ir.refs_in(m)[0]) for m in inner.members]
        arguments: list[Expr] = [string(inner.tag)]
        if not ir.literal_tags(inner, self.m.spec.definitions):
            arguments.append(Call("", tuple(Pair(f"{string(value)}: ", names[i]) for value, i in inner.tags), "{}"))
        if inner.fallback is not None:
            arguments.append(f"fallback={names[inner.fallback]}")
        self.used.add("_Tag")
        tagged = Call("Annotated", (self.types.expression(inner), Call("_Tag", tuple(arguments))), "[]")
        return or_none(tagged) if inner is not t else tagged

    def preamble(self) -> list[str]:
        runtime = self.m.placement.runtime if self.m.placement is not None else None
        if runtime is not None:  # a module of a package: the package's runtime module has the codec
            for name in sorted(self.used | ({"_json"} if self.uses_json else set())):
                shared = SHARED_NAMES[name]
                self.m.imports.add(f".{runtime}", name if shared == name else f"{shared} as {name}")
            return []
        imports, blocks = codec_source()
        for module, imported in imports:
            add_import(self.m.imports, module, imported)
        code = [text for name, text in blocks.items() if name != "_json" or self.uses_json]
        return ["\n\n\n".join(code)]


def add_import(imports: Imports, module: str, name: str | None) -> None:
    if name is None:
        imports.add_module(module)
    else:
        imports.add(module, name)
