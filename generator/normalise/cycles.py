"""Unions that contain themselves: a pass over the IR once every definition exists.

``NodeA: oneOf [integer, NodeB]`` with ``NodeB: oneOf [string, NodeA]`` is a finite type,
``int | str``, written as a cycle that no Python type checker accepts (an alias may refer to
itself only inside a container, like ``list[JsonValue]``). Each alias of such a cycle becomes
the union of what the cycle reaches outside itself; references inside containers stay, and are
recursive types every flavour can write.
"""

from __future__ import annotations

from dataclasses import replace

from .. import ir


def flatten_direct_cycles(definitions: dict[str, ir.Definition]) -> dict[str, ir.Definition]:
    """``definitions`` with every alias that is directly a member of itself rewritten as the
    members its cycle reaches outside itself (``Any`` if it reaches nothing)."""
    aliases = {k: d for k, d in definitions.items() if isinstance(d, ir.Alias)}
    in_cycle = {k for k in aliases if _reaches(k, k, aliases)}
    if not in_cycle:
        return definitions
    result = dict(definitions)
    for key in sorted(in_cycle):
        alias = aliases[key]
        members, nullable = _leaves(alias.type, in_cycle, aliases, {key})
        unique = list(dict.fromkeys(members))
        t: ir.TypeExpr = ir.AnyType() if not unique else unique[0] if len(unique) == 1 else ir.UnionOf(tuple(unique))
        if nullable and not isinstance(t, ir.AnyType):
            t = ir.Nullable(t)
        result[key] = replace(alias, type=t)
    return result


def _reaches(start: str, target: str, aliases: dict[str, ir.Alias]) -> bool:
    seen: set[str] = set()
    stack = [k for k in ir.direct_refs(aliases[start].type) if k in aliases]
    while stack:
        key = stack.pop()
        if key == target:
            return True
        if key not in seen:
            seen.add(key)
            stack.extend(k for k in ir.direct_refs(aliases[key].type) if k in aliases)
    return False


def _leaves(
    t: ir.TypeExpr, cycle: set[str], aliases: dict[str, ir.Alias], seen: set[str]
) -> tuple[list[ir.TypeExpr], bool]:
    """The members of ``t`` with the aliases of the cycle expanded, and whether null is one."""
    match t:
        case ir.Ref(key) if key in cycle:
            if key in seen:
                return [], False
            return _leaves(aliases[key].type, cycle, aliases, seen | {key})
        case ir.UnionOf(members):
            found: list[ir.TypeExpr] = []
            nullable = False
            for m in members:
                more, null = _leaves(m, cycle, aliases, seen)
                found.extend(more)
                nullable = nullable or null
            return found, nullable
        case ir.Nullable(inner):
            return _leaves(inner, cycle, aliases, seen)[0], True
        case _:
            return [t], False
