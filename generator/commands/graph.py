"""``modelgen graph``: the selected definitions as a Mermaid class diagram, fields and references.

Models are classes with their fields (``name: type``, the type as the annotation shows it, ``?``
after an optional field); enums, unions and other named types are classes with a stereotype (a
union lists its members that are not definitions). An arrow goes from a field to each
definition its type names (``*`` when it holds many, ``0..1`` when it may be absent or null),
and from a union to its members.
"""

from __future__ import annotations

import sys

from .. import ir
from ..app.config import Config
from ..app.pipeline import prepare_source, select
from ..app.prepared import Prepared
from ..errors import EXIT_OK, SpecError
from ..scope import UnknownName
from .changes import Version, show


def run(config: Config) -> int:
    """Print the diagram of the source's roots (``modelgen graph``)."""
    (source,) = config.sources
    try:
        prepared = prepare_source(source, config.refs)
        diagram = mermaid(prepared, source.roots)
    except UnknownName as exc:  # named by the jobs of [tool.modelgen]: blamed on them
        if config.pyproject is None:
            raise
        raise SpecError(f"{config.pyproject}: [tool.modelgen] {exc.key} of the jobs: {exc.message} in {source.spec}", hint=exc.hint) from None
    sys.stdout.write(diagram)
    return EXIT_OK


def mermaid(prepared: Prepared, roots: tuple[str, ...]) -> str:
    """The class diagram of ``roots`` and what they refer to (every component without roots)."""
    chosen = select(prepared, roots)
    definitions = prepared.spec.definitions
    names = prepared.names
    version = Version(prepared.spec, names, frozenset(chosen.order))
    lines = ["classDiagram"]
    arrows: list[str] = []
    for key in chosen.order:
        d = definitions[key]
        name = names.cls(key)
        if isinstance(d, ir.Model):
            lines.append(f"    class {name} {{")
            for f in d.fields:
                optional = "" if f.required else "?"
                lines.append(f"        {_member(names.attr(d, f))}{optional}: {_member(show(_plain(f.type), version))}")
                many = any(isinstance(t, (ir.ListOf, ir.MapOf)) for t in ir.walk(f.type))
                maybe = not f.required or ir.is_nullable(f.type, definitions) or isinstance(ir.strip(f.type), ir.UnionOf)
                count = "*" if many else "0..1" if maybe else "1"
                for target in dict.fromkeys(ir.refs_in(f.type)):
                    arrows.append(f'    {name} --> "{count}" {names.cls(target)} : {_label(names.attr(d, f))}')
            lines.append("    }")
            continue
        lines.append(f"    class {name} {{")
        lines.append(f"        <<{_stereotype(d.type)}>>")
        if isinstance(d.type, ir.LiteralOf):
            lines.extend(f"        {_member(repr(v) if not isinstance(v, str) else v)}" for v in d.type.values)
        elif not isinstance(ir.strip(d.type), ir.UnionOf):
            lines.append(f"        {_member(show(_plain(d.type), version))}")
        else:  # the members that are no definition of their own (those get an arrow)
            union = ir.strip(d.type)
            assert isinstance(union, ir.UnionOf)
            others = [m for m in union.members if not isinstance(m, ir.Ref)]
            others += [ir.Primitive("None")] if isinstance(d.type, ir.Nullable) else []
            lines.extend(f"        {_member(show(_plain(m), version))}" for m in others)
        lines.append("    }")
        for target in dict.fromkeys(ir.refs_in(d.type)):
            arrows.append(f"    {name} ..> {names.cls(target)}")
    return "\n".join(lines + arrows) + "\n"


def _plain(t: ir.TypeExpr) -> ir.TypeExpr:
    """``t`` without its constraints: the picture shows types."""
    return _plain(t.inner) if isinstance(t, ir.Constrained) else ir.map_type(t, _plain)


def _stereotype(t: ir.TypeExpr) -> str:
    if isinstance(t, ir.LiteralOf):
        return "enumeration"
    return "union" if isinstance(ir.strip(t), ir.UnionOf) else "alias"


def _member(text: str) -> str:
    """Text Mermaid shows as it is in a class body: its generics use ``~``, and braces or a
    line break would end the member."""
    text = text.replace("[", "~").replace("]", "~").replace("{", "(").replace("}", ")")
    return " ".join(text.split())


def _label(text: str) -> str:
    return _member(text).replace(":", " ")

