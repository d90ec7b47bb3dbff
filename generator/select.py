"""Roots → their transitive closure, in the order a module declares it.

Order: a definition comes after everything it refers to, so that type aliases (evaluated when the
module is imported) find their members defined. Mutually recursive definitions (a cycle) are kept
together, models first: their annotations are evaluated lazily, so they may refer forward. Among
definitions free to go next, the one with the smaller class name goes first; the order is a pure
function of the selected definitions.
"""

from __future__ import annotations

import difflib
import heapq

from generator import ir
from generator.errors import SpecError
from generator.naming import Names
from generator.ir import SpecIR


def resolve_roots(spec: SpecIR, roots: tuple[str, ...], spec_name: str) -> list[str]:
    """Keys of the named component schemas (every component when ``roots`` is empty)."""
    if not roots:
        return list(spec.components.values())
    keys = []
    for name in roots:
        if name not in spec.components:
            near = difflib.get_close_matches(name, list(spec.components), n=3, cutoff=0.6)
            raise SpecError(
                f"no component schema named {name!r}",
                hint=f"did you mean {', '.join(near)}?" if near else "names are case-sensitive; see components/schemas",
                location=None,
            ).at_file(spec_name, "/components/schemas")
        keys.append(spec.components[name])
    return keys


def closure(spec: SpecIR, root_keys: list[str]) -> set[str]:
    """Every definition reachable from the roots."""
    seen: set[str] = set()
    stack = list(root_keys)
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        stack.extend(ir.definition_refs(spec.definitions[key]))
    return seen


def cyclic_keys(spec: SpecIR, keys: set[str]) -> set[str]:
    """The definitions that take part in a reference cycle."""
    return {k for comp in _components(spec, keys) for k in comp if len(comp) > 1 or k in _edges(spec, k)}


def ordered(spec: SpecIR, keys: set[str], names: Names) -> list[str]:
    """``keys`` in declaration order (see the module docstring)."""
    comps = _components(spec, keys)
    comp_of = {k: i for i, comp in enumerate(comps) for k in comp}
    deps: dict[int, set[int]] = {i: set() for i in range(len(comps))}
    users: dict[int, set[int]] = {i: set() for i in range(len(comps))}
    for k in keys:
        for target in _edges(spec, k):
            a, b = comp_of[k], comp_of[target]
            if a != b:
                deps[a].add(b)
                users[b].add(a)
    sort_key = {i: min(names.cls(k) for k in comp) for i, comp in enumerate(comps)}
    ready = [(sort_key[i], i) for i in deps if not deps[i]]
    heapq.heapify(ready)
    result: list[str] = []
    while ready:
        _, i = heapq.heappop(ready)
        result.extend(_order_component(spec, comps[i], names))
        for user in users[i]:
            deps[user].discard(i)
            if not deps[user]:
                heapq.heappush(ready, (sort_key[user], user))
    return result


def recursive_aliases(spec: SpecIR, keys: set[str]) -> set[str]:
    """The aliases of cycles made of aliases alone (``JsonValue = str | list[JsonValue]``):
    types that refer to themselves, which some flavours must declare in a form of their own."""
    found: set[str] = set()
    for comp in _components(spec, keys):
        if all(isinstance(spec.definitions[k], ir.Alias) for k in comp):
            if len(comp) > 1 or comp[0] in _edges(spec, comp[0]):
                found.update(comp)
    return found


def _order_component(spec: SpecIR, comp: list[str], names: Names) -> list[str]:
    models = sorted((k for k in comp if isinstance(spec.definitions[k], ir.Model)), key=names.cls)
    aliases = sorted((k for k in comp if k not in models), key=names.cls)
    # aliases of one cycle: each after those it names directly (a union member is evaluated
    # when the module runs; a name inside a list or map can be written as a string)
    placed: list[str] = []
    pending = list(aliases)
    while pending:
        for k in pending:
            d = spec.definitions[k]
            direct = ir.direct_refs(d.type) if isinstance(d, ir.Alias) else []
            if not any(t in pending and t != k for t in direct):
                placed.append(k)
                pending.remove(k)
                break
        else:  # not after flatten_direct_cycles; kept sorted
            placed.extend(pending)
            break
    return models + placed


def _edges(spec: SpecIR, key: str) -> set[str]:
    return set(ir.definition_refs(spec.definitions[key]))


def _components(spec: SpecIR, keys: set[str]) -> list[list[str]]:
    """Strongly connected components (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    comps: list[list[str]] = []
    counter = 0
    for start in sorted(keys):
        if start in index:
            continue
        work = [(start, iter(sorted(_edges(spec, start))))]
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
                    work.append((target, iter(sorted(_edges(spec, target)))))
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
