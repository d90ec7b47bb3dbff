"""Which definition of the new version each definition of the old one is.

In order, each step taking only what the ones before left:

1. the same place in the spec and the same class name;
2. the same class name (an inline schema that moved: a member of a union whose index changed, an
   object whose ``nullable: true`` became ``anyOf: [..., {type: 'null'}]``);
3. the same place (the class name changed: reported as such);
4. the same body under another name (a rename, or an inline object moved to a component), by
   body alone where one body fits, else where the two stand in the same place of definitions
   already matched (a field whose type was swapped for one with the same fields);
5. in the same place of definitions already matched, a model with half its fields in common or
   an enum with half its values (an inline object moved to a component and edited on the way):
   one definition whose class name changed, its other changes said field by field.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import ir
from ..render.types import plain_text
from .changelog import Version


def pair(old: Version, new: Version) -> tuple[dict[str, str], dict[str, str]]:
    """``same`` (old key -> new key: one definition, steps 1-3 and 5) and ``renamed`` (step 4)."""
    by_place = {new.local(k): k for k in new.keys}
    by_name = {new.names.cls(k): k for k in new.keys}
    same: dict[str, str] = {}
    for k in sorted(old.keys):
        found = by_place.get(old.local(k))
        if found is not None and old.names.cls(k) == new.names.cls(found):
            same[k] = found
    taken = set(same.values())
    for by, of in ((by_name, old.names.cls), (by_place, old.local)):
        for k in sorted(old.keys - same.keys()):
            found = by.get(of(k))
            if found is not None and found not in taken:
                same[k] = found
                taken.add(found)
    shapes = (Shapes(old), Shapes(new))
    renamed = _by_body(old, new, same, shapes)
    renamed.update(_in_place(old, new, {**same, **renamed}, lambda g, c: shapes[0].of(g) == shapes[1].of(c)))
    same.update(_in_place(old, new, {**same, **renamed}, lambda g, c: _alike(old.spec.definitions[g], new.spec.definitions[c])))
    return same, renamed


def _by_body(old: Version, new: Version, same: dict[str, str], shapes: tuple[Shapes, Shapes]) -> dict[str, str]:
    """Definitions gone from ``old`` whose body is that of exactly one definition new in ``new``,
    one of the two a component (several gone may have the body of one new one)."""
    gone = [k for k in sorted(old.keys - same.keys())]
    came = sorted(new.keys - set(same.values()))
    bodies: dict[str, list[str]] = {}
    for k in came:
        bodies.setdefault(shapes[1].of(k), []).append(k)
    found = {}
    for k in gone:
        match = bodies.get(shapes[0].of(k), [])
        if len(match) == 1 and (shapes[0].component(k) or shapes[1].component(match[0])):
            found[k] = match[0]
    return found


def _in_place(old: Version, new: Version, known: dict[str, str], fits: Callable[[str, str], bool]) -> dict[str, str]:
    """Definitions left unmatched that two matched ones refer to from the same field (or the same
    place of an alias's type) and that ``fits`` pairs: the one swapped for the other."""
    found: dict[str, str] = {}
    taken = set(known.values())
    work = sorted(known.items())
    while work:
        old_key, new_key = work.pop()
        for g, c in _referred_in_place(old.spec.definitions[old_key], new.spec.definitions[new_key]):
            fresh = g in old.keys and c in new.keys and g not in known and g not in found and c not in taken
            if fresh and fits(g, c):
                found[g] = c
                taken.add(c)
                work.append((g, c))
    return found


def _alike(a: ir.Definition, b: ir.Definition) -> bool:
    """Two models with half their fields or more in common, or two enums with half their values:
    one definition that changed (an inline object moved to a component, and edited)."""
    sides: list[set[object]]
    if isinstance(a, ir.Model) and isinstance(b, ir.Model):
        sides = [{f.wire_name for f in a.fields}, {f.wire_name for f in b.fields}]
    elif isinstance(a, ir.Alias) and isinstance(b, ir.Alias):
        values = [ir.strip(a.type), ir.strip(b.type)]
        if not all(isinstance(v, ir.LiteralOf) for v in values):
            return False
        sides = [{(type(x).__name__, x) for x in v.values} for v in values if isinstance(v, ir.LiteralOf)]
    else:
        return False
    common = len(sides[0] & sides[1])
    return common > 0 and 2 * common >= max(len(sides[0]), len(sides[1]))


def _referred_in_place(a: ir.Definition, b: ir.Definition) -> list[tuple[str, str]]:
    """Pairs of keys that ``a`` and ``b`` refer to from the same place."""
    if isinstance(a, ir.Alias) and isinstance(b, ir.Alias):
        types = [(a.type, b.type)]
    elif isinstance(a, ir.Model) and isinstance(b, ir.Model):
        after = {f.wire_name: f for f in b.fields}
        types = [(f.type, after[f.wire_name].type) for f in a.fields if f.wire_name in after]
        if a.extra is not None and b.extra is not None:
            types.append((a.extra, b.extra))
    else:
        return []
    pairs: list[tuple[str, str]] = []
    for x, y in types:
        refs_a, refs_b = ir.refs_in(x), ir.refs_in(y)
        if len(refs_a) == len(refs_b):
            pairs.extend(zip(refs_a, refs_b))
    return pairs


class Shapes:
    """A definition's body, without where it is or what it is called: fields, their types, what
    is required and the defaults; a component it refers to by its class name, an inline schema by
    its own body."""

    def __init__(self, v: Version) -> None:
        self.v = v
        self.components = frozenset(v.spec.components.values())
        self._known: dict[str, str] = {}

    def component(self, key: str) -> bool:
        return key in self.components

    def of(self, key: str, inside: frozenset[str] = frozenset()) -> str:
        found = self._known.get(key)
        if found is not None:
            return found
        around = inside | {key}

        def name(k: str) -> str:
            if k in self.components:
                return self.v.names.cls(k)
            return "<cycle>" if k in around else "<" + self.of(k, around) + ">"

        d = self.v.spec.definitions[key]
        if isinstance(d, ir.Model):
            fields = [(f.wire_name, plain_text(f.type, name), f.required, f.default) for f in d.fields]
            found = repr(("model", fields, None if d.extra is None else plain_text(d.extra, name)))
        else:
            found = repr(("alias", plain_text(d.type, name)))
        if not inside:  # (one met inside a cycle is the cycle's: known only from where it starts)
            self._known[key] = found
        return found
