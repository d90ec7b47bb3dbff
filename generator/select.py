"""Roots → their transitive closure, in the order a module declares it.

Order: by class name, so that adding, removing or changing one definition moves no other. What
a type alias names must exist when the module runs (``A | B`` is evaluated then, and a name
written as a string inside an alias is not resolved by ``TypeAdapter`` or msgspec): an alias that
names something later in that order waits until the last of those is declared, and goes right
after it (so does a model for the type of the keys it does not name: a TypedDict's
``extra_items``). Model annotations may point forward: they are evaluated lazily or written as
strings, and the libraries resolve them in the module. Aliases that refer to themselves
(``JsonValue = str | list[JsonValue]``) are declared in a form of their own, with the rest of
their cycle, just before the first definition (by name) that uses them: type checkers do not
follow a forward reference into them. The order is a pure function of the selected definitions
and their names.
"""

from __future__ import annotations

from . import ir
from .ir import SpecIR
from .naming import Names
from .scope import unknown_component

Edges = dict[str, frozenset[str]]  # a definition -> the definitions it names


def resolve_roots(spec: SpecIR, roots: tuple[str, ...], spec_name: str) -> list[str]:
    """Keys of the named component schemas (without ``roots``, what the spec's scope asked for:
    every component, or some, and operations)."""
    if not roots:
        return list(spec.entries)
    for name in roots:
        if name not in spec.components:
            raise unknown_component(name, spec.components, spec_name)
    return [spec.components[name] for name in roots]


def closure(spec: SpecIR, root_keys: list[str]) -> set[str]:
    """Every definition reachable from the roots."""
    return set(reachable(spec, root_keys))


def reachable(spec: SpecIR, root_keys: list[str], ends: frozenset[str] = frozenset()) -> Edges:
    """Every definition reachable from the roots, with the definitions each names; what a
    definition of ``ends`` names is not followed (a schema written as the user's own type)."""
    edges: Edges = {}
    stack = list(root_keys)
    while stack:
        key = stack.pop()
        if key not in edges:
            edges[key] = frozenset() if key in ends else frozenset(ir.definition_refs(spec.definitions[key]))
            stack.extend(edges[key])
    return edges


def edges_of(spec: SpecIR, keys: set[str]) -> Edges:
    """What each of ``keys`` names, computed once for every question about the selection."""
    return {k: frozenset(ir.definition_refs(spec.definitions[k])) for k in keys}


def ordered(
    spec: SpecIR, keys: set[str], names: Names, enum_defaults: bool = False, edges: Edges | None = None
) -> list[str]:
    """``keys`` in declaration order (see the module docstring). With ``enum_defaults`` (string
    enums written as ``Enum`` classes), a model whose default is a member of one waits for it; a
    model that types the keys it does not name waits for what that type names."""
    edges = edges if edges is not None else edges_of(spec, keys)
    recursive = recursive_aliases(spec, keys, edges)
    waits: dict[str, set[str]] = {}  # an alias -> the direct members not declared yet
    for k in keys:
        d = spec.definitions[k]
        if isinstance(d, ir.Model):
            needs = set()
            if enum_defaults:
                needs = {e for f in d.fields if f.default is not None for e in _enums_in(spec, f.type) if e in keys}
            if d.extra is not None and d.fields:  # a TypedDict's `extra_items=` is evaluated at once
                needs |= {t for t in ir.refs_in(d.extra) if t in keys and t != k}
            if needs:
                waits[k] = needs
        if isinstance(d, ir.Alias):
            needs = {t for t in ir.refs_in(d.type) if t in keys and t != k}
            if k in recursive:
                needs -= recursive
            if needs:
                waits[k] = needs
    waiting_on: dict[str, list[str]] = {}
    for k, needs in waits.items():
        for t in needs:
            waiting_on.setdefault(t, []).append(k)
    result: list[str] = []
    declared: set[str] = set()

    def declare(k: str) -> None:
        ready = [k]
        while ready:
            current = ready.pop(0)
            result.append(current)
            declared.add(current)
            released = []
            for alias in waiting_on.get(current, ()):
                waits[alias].discard(current)
                if not waits[alias] and alias not in declared and alias in passed:
                    released.append(alias)
            ready[:0] = sorted(released, key=lambda a: (names.cls(a), a))  # right after, by name

    place = _places(keys, names, edges, recursive)
    passed: set[str] = set()  # reached in name order (an alias still waiting is declared when released)
    for k in sorted(keys, key=lambda k: place[k]):
        passed.add(k)
        if waits.get(k):
            continue
        if k not in declared:
            declare(k)
    for k in sorted(keys - declared, key=lambda k: place[k]):  # a cycle of direct members: cannot happen after flattening
        result.append(k)
    return result


def _places(keys: set[str], names: Names, edges: Edges, recursive: set[str]) -> dict[str, tuple[str, int, str]]:
    """Where each definition goes in name order. A type that refers to itself goes before the
    first definition that uses it (type checkers do not follow a forward reference into a
    recursive TypeAliasType), with its whole cycle."""
    place = {k: (names.cls(k), 1, k) for k in keys}
    groups = strongly_connected(edges, recursive)
    group_of = {k: i for i, group in enumerate(groups) for k in group}
    users: dict[int, set[str]] = {}  # a group -> the definitions outside it that name a member
    for u in keys:
        for target in edges[u]:
            if target in group_of and group_of.get(u) != group_of[target]:
                users.setdefault(group_of[target], set()).add(u)
    for i, group in enumerate(groups):
        anchor = min([names.cls(k) for k in group] + [names.cls(u) for u in users.get(i, ())])
        for k in group:
            place[k] = (anchor, 0, names.cls(k) + "\0" + k)
    return place


def _enums_in(spec: SpecIR, t: ir.TypeExpr) -> set[str]:
    """The string enums a value of ``t`` may be a member of, through aliases (not models)."""
    found: set[str] = set()
    seen: set[str] = set()
    stack = list(ir.refs_in(t))
    while stack:
        key = stack.pop()
        d = spec.definitions[key]
        if key in seen or not isinstance(d, ir.Alias):
            continue
        seen.add(key)
        if ir.is_string_enum(d):
            found.add(key)
        stack.extend(ir.refs_in(d.type))
    return found


def recursive_aliases(spec: SpecIR, keys: set[str], edges: Edges | None = None) -> set[str]:
    """The aliases of cycles made of aliases alone (``JsonValue = str | list[JsonValue]``):
    types that refer to themselves, which some flavours must declare in a form of their own."""
    edges = edges if edges is not None else edges_of(spec, keys)
    found: set[str] = set()
    for comp in strongly_connected(edges, keys):
        if all(isinstance(spec.definitions[k], ir.Alias) for k in comp):
            if len(comp) > 1 or comp[0] in edges[comp[0]]:
                found.update(comp)
    return found


def strongly_connected(edges: Edges, keys: set[str]) -> list[list[str]]:
    """Strongly connected components of what is reachable from ``keys`` (Tarjan's algorithm,
    iterative); ``edges`` has every definition reachable from them."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    comps: list[list[str]] = []
    counter = 0
    for start in sorted(keys):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, it = work[-1]
            advanced = False
            for target in it:
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(edges[target]))))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    k = stack.pop()
                    on_stack.discard(k)
                    comp.append(k)
                    if k == node:
                        break
                comps.append(comp)
    return comps
