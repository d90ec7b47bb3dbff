"""TypedDicts: the JSON itself, typed for the type checker (and ``pydantic.TypeAdapter`` at run
time). Keys that are not identifiers use the functional ``TypedDict("X", {...})`` syntax."""

from __future__ import annotations

from generator import ir
from generator.flavours.base import FieldView, Flavour, ModelView
from generator.format.layout import INDENT, Call, Expr, Pair, annotated, class_line, flat, place
from generator.format.text import comment, docstring, string
from generator.naming import reserved_names


class TypedDicts(Flavour):
    name = "typeddict"
    module_names = frozenset({"TypedDict", "Required", "NotRequired", "typing_extensions"})
    member_names = frozenset()

    def model(self, d: ir.Model) -> list[str]:
        name = self.m.names.cls(d.key)
        imports = self.m.imports
        imports.add("typing_extensions", "TypedDict")
        fields = []
        annotations: list[Expr] = []
        for f in d.fields:
            wrapper = imports.add("typing_extensions", "Required" if f.required else "NotRequired")
            annotation = Call(wrapper, (self.types.expression(f.type),), "[]")
            line = annotated(f.wire_name, annotation, None, INDENT)
            fields.append(FieldView(f.wire_name, flat(annotation), line, self.field_doc(f, default_note=True)))
            annotations.append(annotation)
        view = ModelView(name, docstring(d.description, INDENT), fields, closed=d.extra is None)
        view.header = class_line(name, "TypedDict, closed=True" if view.closed else "TypedDict")
        if not all(self.plain_key(f.wire_name) for f in d.fields):
            # the functional form evaluates its annotations at once: later names go in quotes
            annotations = [
                Call(a.func, (self.quoted(a.args[0], f.type, always=True),), "[]") if isinstance(a, Call) else a
                for a, f in zip(annotations, d.fields)
            ]
            items = Call("", tuple(Pair(f"{string(v.name)}: ", a) for v, a in zip(fields, annotations)), "{}")
            args = (string(name), items, *(("closed=True",) if view.closed else ()))
            view.functional = place(Call("TypedDict", args), "", f"{name} = ")
            docs = [d.description or ""] + [
                f"{v.name!r}: {f.description}" for v, f in zip(fields, d.fields) if f.description
            ]
            view.comments = comment("\n\n".join(p for p in docs if p))
        return [self.m.block("typeddict/model.jinja", m=view)]

    def plain_key(self, wire: str) -> bool:
        """Whether a key can be written as a class-body annotation of a TypedDict."""
        return (
            wire.isidentifier()
            and wire.isascii()
            and not wire.startswith("__")
            and wire not in reserved_names()[1]
        )


FLAVOUR = TypedDicts
