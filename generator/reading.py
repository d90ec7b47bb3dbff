"""Tolerant reading: models that never fail on a payload a newer version of the same API could
send, and never hide that from the type checker. An IR pass, run for jobs with
``reading = "tolerant"`` (``exact``, the default, reads exactly what the spec says):

- an enum lists known values, not all values: ``Literal["queued", ...] | str``, so the reader
  must handle a value it does not know;
- a tagged union gets one more member, ``<Union>Unknown``, an open object with the tag as a plain
  string: an object with a tag the spec does not list is kept whole (every key readable, written
  back unchanged);
- a required property that may be null may also be absent, and then reads as null.

Everything else is read exactly: a wrong JSON type is still an error.
"""

from __future__ import annotations

from dataclasses import replace

from . import ir
from .ir import SpecIR
from .naming import Names, extend_names

UNKNOWN_DESCRIPTION = "An object whose tag the spec does not list: kept whole, as it came."
PRIMITIVE_OF = {str: "str", int: "int", bool: "bool"}


def tolerant(spec: SpecIR, names: Names) -> tuple[SpecIR, Names]:
    """The spec read tolerantly, and names for what the pass adds."""
    definitions: dict[str, ir.Definition] = {}
    added: dict[str, ir.Definition] = {}
    for key, d in spec.definitions.items():
        if isinstance(d, ir.Model):
            fields = tuple(_field(f, spec.definitions) for f in d.fields)
            definitions[key] = replace(d, fields=fields, extra=_open(d.extra))
        else:
            t = _with_unknown(d.type, d, added)
            definitions[key] = replace(d, type=_widen(t))
    definitions.update(added)
    return replace(spec, definitions=definitions), extend_names(names, definitions, list(added))


def _field(f: ir.Field, definitions: ir.Definitions) -> ir.Field:
    t = _widen(f.type)
    if f.required and f.default is None and ir.is_nullable(f.type, definitions):
        return replace(f, type=t, required=False, default=ir.Default(None))
    return replace(f, type=t)


def _open(extra: ir.TypeExpr | None) -> ir.TypeExpr | None:
    return None if extra is None else _widen(extra)


def _widen(t: ir.TypeExpr) -> ir.TypeExpr:
    """``t`` with every enum of several values open to values it does not list."""
    if isinstance(t, ir.LiteralOf) and len(t.values) > 1:
        kinds = [PRIMITIVE_OF[type(v)] for v in t.values if type(v) in PRIMITIVE_OF]
        return ir.UnionOf((t, *(ir.Primitive(k) for k in dict.fromkeys(kinds))))
    return ir.map_type(t, _widen)


def _with_unknown(t: ir.TypeExpr, alias: ir.Alias, added: dict[str, ir.Definition]) -> ir.TypeExpr:
    """A tagged union alias with a member for the tags it does not list."""
    inner = t.inner if isinstance(t, ir.Nullable) else t
    if not isinstance(inner, ir.UnionOf) or not inner.discriminated or inner.tag is None:
        return t
    key = alias.key + "/x-modelgen-unknown"
    tag_field = ir.Field(inner.tag, ir.Primitive("str"), True, None, "The tag, a value the spec does not list.", False, key)
    added[key] = ir.Model(key, (*alias.hint, "Unknown"), (tag_field,), UNKNOWN_DESCRIPTION, ir.AnyType(), key)
    union = ir.UnionOf((*inner.members, ir.Ref(key)), inner.tag, inner.tags, len(inner.members))
    return ir.Nullable(union) if isinstance(t, ir.Nullable) else union
