"""Standard-library dataclasses with ``from_dict`` and ``to_dict``: no runtime dependency."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import ir
from generator.flavours.base import FieldView, Flavour, ModelView, default_value
from generator.flavours.dataclasses.codec import CodecWriter
from generator.format.layout import INDENT, Call, Expr, annotated, flat
from generator.format.text import docstring
from generator.render.types import or_none

if TYPE_CHECKING:
    from generator.render.module import ModuleContext


class Dataclasses(Flavour):
    name = "dataclasses"
    module_names = frozenset(
        {"dataclass", "field", "dataclasses", "Mapping", "Callable", "TypeVar", "cast", "frozenset", "classmethod"}
    )
    builtins_used = frozenset({"ValueError", "KeyError", "isinstance", "type", "len", "repr", "callable", "getattr", "any"})
    member_names = frozenset({"from_dict", "to_dict", "additional_properties"})

    def __init__(self, module: ModuleContext) -> None:
        super().__init__(module)
        self.codecs = CodecWriter(module.spec, module.names)

    def model(self, d: ir.Model) -> list[str]:
        name = self.m.names.cls(d.key)
        view = ModelView(name, docstring(d.description, INDENT), [self.field(d, f) for f in d.fields])
        self.m.imports.add("dataclasses", "dataclass")
        view.header = f"class {name}:"
        return [self.m.block("dataclasses/model.jinja", m=view, c=self.codecs.model(d, self.types))]

    def field(self, model: ir.Model, f: ir.Field) -> FieldView:
        attr = self.m.names.attr(model, f)
        annotation = self.types.expression(f.type)
        value: Expr | None = None
        default = default_value(f)
        if default is not None:
            if default[0] == "None" and not self.nullable(f.type):
                annotation = or_none(annotation)
            value = default[0]
            if default[1]:
                self.m.imports.add("dataclasses", "field")
                value = Call("field", (f"default_factory={default[0]}",))
        return FieldView(attr, flat(annotation), annotated(attr, annotation, value, INDENT), self.field_doc(f))

    def alias(self, d: ir.Alias) -> list[str]:
        blocks = super().alias(d)
        if self.codecs.needs_decoder(d):
            blocks.append(self.m.block("dataclasses/decoder.jinja", d=self.codecs.decoder(d)))
        return blocks

    def preamble(self) -> list[str]:
        for module, name in self.codecs.imports():
            self.m.imports.add(module, name)
        generic = bool(self.codecs.helpers_used & {"_list", "_map", "_nullable"})
        return [self.m.block("dataclasses/preamble.jinja", helpers=self.codecs.helpers_used, generic=generic)]


FLAVOUR = Dataclasses
