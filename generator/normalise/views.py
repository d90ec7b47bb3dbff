"""Read and write views: models that follow the direction a payload travels.

OpenAPI says ``required`` applies on the side where a property travels: a required ``readOnly``
``id`` is in every response and in no request, a required ``writeOnly`` ``password`` in every
request and no response. Where a definition (or anything it refers to) has such properties, it
gets a view for each direction it is used in:

* the read view (what responses carry): write-only properties are never required;
* the write view (what requests carry): read-only properties are never required.

(A property that is not required is the same in both: it makes no views.)

A definition used in one direction only gets that view under its own key (and name); one used in
both gets both: the read view under its own key, the write view under ``{key}/x-modelgen-request``,
named ``{Name}Request``. What a view refers to is taken in the same view. Without these keywords
nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from .. import ir

READ, WRITE = "read", "write"
BOTH = frozenset({READ, WRITE})
WRITE_KEY = "/x-modelgen-request"  # appended to the key of a definition's write view


def split_views(
    defs: dict[str, ir.Definition],
    wanted: Mapping[str, frozenset[str]],
    needing: set[str],
    everywhere: Mapping[str, frozenset[str]] | None = None,
) -> tuple[dict[str, ir.Definition], dict[str, tuple[str, ...]]]:
    """The definitions with their views, and the keys of the views of each of ``wanted`` (the
    keys a scope asked for, with the directions each is used in); ``needing``: the definitions
    whose views differ (``differing``). ``everywhere``: the directions components travel in
    through every operation of the spec, when the scope takes only some: a write view is
    ``{Name}Request`` wherever its definition also travels the other way, selected or not, so
    that a name does not depend on which operations a job takes."""
    if not needing:
        return defs, {key: (key,) for key in wanted}
    views = _reached(defs, wanted, needing)
    if everywhere:
        both = {key: wanted.get(key, frozenset()) | everywhere.get(key, frozenset()) for key in {*wanted, *everywhere}}
        named = _reached(defs, both, needing)
    else:
        named = views

    def key_of(key: str, view: str) -> str:
        return key + WRITE_KEY if view == WRITE and len(named.get(key, ())) == 2 else key

    def in_view(view: str) -> Callable[[str], str]:
        return lambda key: key_of(key, view)

    out = dict(defs)
    for key, found in views.items():
        for view in found:
            out[key_of(key, view)] = _view(defs[key], view, key_of(key, view), in_view(view))
    entries = {
        key: tuple(key_of(key, view) for view in (READ, WRITE) if view in directions) if key in views else (key,)
        for key, directions in wanted.items()
    }
    return out, entries


def _reached(defs: Mapping[str, ir.Definition], wanted: Mapping[str, frozenset[str]], needing: set[str]) -> dict[str, set[str]]:
    """The views of each definition whose views differ, from those of ``wanted``: what a view
    refers to is taken in the same view."""
    views: dict[str, set[str]] = {}
    stack = [(key, view) for key, directions in wanted.items() if key in needing for view in directions]
    while stack:
        key, view = stack.pop()
        if view not in views.setdefault(key, set()):
            views[key].add(view)
            stack.extend((ref, view) for ref in ir.definition_refs(defs[key]) if ref in needing)
    return views


def _differs(d: ir.Definition) -> bool:
    return isinstance(d, ir.Model) and any(f.access and f.required for f in d.fields)


def differing(defs: Mapping[str, ir.Definition]) -> set[str]:
    """The definitions whose views differ: those with a required read-only or write-only
    property (one that is not required is the same in both views), and those that refer to one
    of them."""
    needing = {k for k, d in defs.items() if _differs(d)}
    if not needing:
        return needing
    referrers: dict[str, list[str]] = {}
    for key, d in defs.items():
        for ref in ir.definition_refs(d):
            referrers.setdefault(ref, []).append(key)
    stack = list(needing)
    while stack:
        for referrer in referrers.get(stack.pop(), ()):
            if referrer not in needing:
                needing.add(referrer)
                stack.append(referrer)
    return needing


def _view(d: ir.Definition, view: str, key: str, key_of: Callable[[str], str]) -> ir.Definition:
    """``d`` as seen in ``view``, under ``key``; what it refers to through ``key_of``."""

    def retarget(t: ir.TypeExpr) -> ir.TypeExpr:
        return ir.Ref(key_of(t.key)) if isinstance(t, ir.Ref) else ir.map_type(t, retarget)

    hint = d.hint if key == d.key else (*d.hint, "Request")
    if isinstance(d, ir.Alias):
        return replace(d, key=key, hint=hint, type=retarget(d.type))
    other_side = WRITE if view == READ else READ
    fields = tuple(
        replace(f, type=retarget(f.type), required=f.required and f.access != other_side) for f in d.fields
    )
    extra = retarget(d.extra) if d.extra is not None else None
    return replace(d, key=key, hint=hint, fields=fields, extra=extra)
