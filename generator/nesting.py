"""How deep models nest: the longest chain of models in a selection, each a field (through
aliases, lists, maps, unions) of the one before.

Pydantic and msgspec build a model's decoder by recursion through the models it holds, and
pydantic's ``TypeAdapter`` does the same for TypedDicts: a chain of thousands of models raises
``RecursionError`` at the first decode, not at import. A flavour states how deep a chain its
decoder can be built for (``Flavour.decoder_depth``); generation then refuses or warns with the
chain, rather than write a module that cannot decode.

Two walks, both without recursion and linear in the selection:

- ``deepest``: an estimate, the longest path through the models (a reference back to a model on
  the way is not followed), and where it starts; cheap, and enough to pass every usual spec;
- ``descent``: what a decoder built from one model enters, field by field and in order, each model
  once, as the libraries do: a chain longer than the limit there is a decode that fails.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import ir
from .ir import SpecIR


def deepest(spec: SpecIR, edges: dict[str, frozenset[str]]) -> tuple[int, str | None]:
    """The length (in models) of the longest chain of models the walk finds in a selection
    (``edges``: each of its definitions, and the definitions it names), and the model it starts
    from (None without models). Aliases count for nothing: they are written out where used."""
    definitions = spec.definitions
    models = {k for k in edges if isinstance(definitions[k], ir.Model)}
    depth: dict[str, int] = {}  # the longest chain from a definition (done)
    on_path: set[str] = set()
    best, start = 0, None
    for root in sorted(models):
        if root in depth:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(edges[root]))]
        on_path.add(root)
        while stack:
            key, pending = stack[-1]
            following = next((t for t in pending if t not in depth and t not in on_path), None)
            if following is not None:
                on_path.add(following)
                stack.append((following, iter(edges[following])))
                continue
            stack.pop()
            on_path.discard(key)
            depth[key] = (key in models) + max((depth[t] for t in edges[key] if t in depth), default=0)
            if depth[key] > best and key in models:
                best, start = depth[key], key
    return best, start


def descent(spec: SpecIR, start: str, limit: int) -> list[str]:
    """The chain of models a decoder built from ``start`` enters deepest (each model entered once,
    in the order of the fields), as soon as it is longer than ``limit``; else the empty list."""
    successors = _Successors(spec)
    seen = {start}
    path = [start]
    stack = [iter(successors.of(start))]
    while stack:
        following = next((t for t in stack[-1] if t not in seen), None)
        if following is None:
            stack.pop()
            path.pop()
            continue
        seen.add(following)
        path.append(following)
        if len(path) > limit:
            return path
        stack.append(iter(successors.of(following)))
    return []


class _Successors:
    """The models a model's fields hold, in order, through aliases (an alias is written out where
    it is used: it is no level of its own)."""

    def __init__(self, spec: SpecIR) -> None:
        self.spec = spec
        self._found: dict[str, list[str]] = {}

    def of(self, key: str) -> list[str]:
        if key not in self._found:
            d = self.spec.definitions[key]
            found: dict[str, None] = {}
            seen: set[str] = set()
            pending = [r for t in reversed(ir.types_of(d)) for r in reversed(ir.refs_in(t))]
            while pending:
                ref = pending.pop()
                target = self.spec.definitions[ref]
                if isinstance(target, ir.Model):
                    found[ref] = None
                elif ref not in seen:  # an alias: what it names, in its place
                    seen.add(ref)
                    pending.extend(reversed(ir.refs_in(target.type)))
            self._found[key] = list(found)
        return self._found[key]
