"""Types of the user's own (the option ``types``): a named schema or a format written as a type the
user already has, imported in the module instead of generated.

``types = { "Money" = "myapp.types:Money", "format:uuid" = "str" }``: a key names a component
schema, or ``format:`` and a format; a value is ``module:Name`` (imported as ``from module import
Name``) or a builtin (``str``, ``int``, ``float``, ``bool``, ``bytes``, ``object``). How each flavour
validates the type is its library's affair (``docs/inputs.md``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import ir
from ..errors import Location, SpecError, UsageError
from .imports import Imports

BUILTINS = frozenset({"str", "int", "float", "bool", "bytes", "object"})
FORMAT = "format:"


@dataclass(frozen=True)
class OwnType:
    """A type to write: ``name``, imported from ``module`` (None: a builtin)."""

    module: str | None
    name: str

    def written(self, imports: Imports) -> str:
        """The annotation, its import recorded."""
        return imports.add(self.module, self.name) if self.module else self.name


def parse_target(key: str, text: object) -> OwnType:
    """``module.path:Name`` or a builtin; a clear error otherwise."""
    if isinstance(text, str) and text in BUILTINS:
        return OwnType(None, text)
    module, _, name = text.partition(":") if isinstance(text, str) else ("", "", "")
    if not (name.isidentifier() and module and all(p.isidentifier() for p in module.split("."))):
        raise UsageError(
            f"types: {key} = {text!r}: give the type as 'module.path:Name' (imported from the module) or a builtin"
            f" ({', '.join(sorted(BUILTINS))})"
        )
    return OwnType(module, name)


def parse_types(raw: object) -> tuple[tuple[str, str], ...]:
    """The option's entries, checked and in a fixed order: from a table of ``[tool.modelgen]``,
    or from the command line's ``NAME=TYPE`` words."""
    usage = 'types must be a table, { "Money" = "myapp.types:Money", "format:uuid" = "str" }, or --type NAME=TYPE'
    if isinstance(raw, list) and all(isinstance(w, str) for w in raw):
        pairs = [w.partition("=")[::2] for w in raw]
        if any(not k or not v for k, v in pairs):
            raise UsageError(usage)
        raw = dict(pairs)
    if not isinstance(raw, dict) or not all(isinstance(k, str) and k for k in raw):
        raise UsageError(usage)
    for key, value in raw.items():
        parse_target(key, value)
        if key.startswith(FORMAT) and not key.removeprefix(FORMAT):
            raise UsageError(f"types: {key!r}: name the format after 'format:'")
    return tuple(sorted((str(k), str(v)) for k, v in raw.items()))


@dataclass(frozen=True)
class OwnTypes:
    """The types of the user's own of one module: by definition key, and by format."""

    schemas: dict[str, OwnType] = field(default_factory=dict)
    formats: dict[str, OwnType] = field(default_factory=dict)

    def of_format(self, t: ir.TypeExpr) -> OwnType | None:
        """The type a scalar of a mapped format is written as."""
        return self.formats.get(t.format) if isinstance(t, ir.Primitive) and t.format is not None else None


def own_types(entries: tuple[tuple[str, str], ...], spec: ir.SpecIR) -> OwnTypes:
    """The option's entries for a spec: a schema name must be one of its components."""
    schemas, formats = {}, {}
    for key, target in entries:
        if key.startswith(FORMAT):
            formats[key.removeprefix(FORMAT)] = parse_target(key, target)
        elif key in spec.components:
            schemas[spec.components[key]] = parse_target(key, target)
        else:
            import difflib  # (errors only)

            near = difflib.get_close_matches(key, list(spec.components), n=3, cutoff=0.6)
            raise SpecError(
                f"types: no component schema named {key!r}",
                hint=f"did you mean {', '.join(near)}?" if near else "a key names a component schema, or format:NAME",
            )
    return OwnTypes(schemas, formats)


def check_unions(own: OwnTypes, spec: ir.SpecIR, keys: Iterable[str]) -> None:
    """A clear error when a schema of one's own is a member of a tagged union among the
    definitions ``keys``: the union is told apart by the tag field of each member's generated
    model, which a type of one's own does not have (map the union itself instead)."""
    if not own.schemas:
        return
    for key in keys:
        d = spec.definitions[key]
        places = [(f.source, f.type) for f in d.fields] if isinstance(d, ir.Model) else [(d.source, d.type)]
        for source, t in places:
            for union in (u for u in ir.walk(t) if isinstance(u, ir.UnionOf) and u.tag is not None):
                mine = [k for m in union.members for k in ir.direct_refs(m) if k in own.schemas]
                if mine:
                    name = next((n for n, k in spec.components.items() if k == mine[0]), mine[0])
                    file, _, pointer = source.partition("#")
                    raise SpecError(
                        f"types: {name!r} is a member of a union tagged by {union.tag!r}, which a type of your"
                        " own cannot be told apart by",
                        location=Location(file, pointer),
                        hint=f"leave {name!r} out of types, or give the union itself a type of your own",
                    )
