"""What changed in the models between two versions of a spec (``modelgen diff``).

The two versions are compared as the generator reads them (the IR), not as text: a rewrite of the
spec that generates the same definitions (``nullable: true`` spelled ``anyOf [..., null]``, an
``allOf`` wrapper, ``x-stainless-const``) is no change. Definitions are matched as ``matching``
says (by place, by class name, by body).

Each change says what it could do to the user's code (its ``impact``):

- ``reads``: breaks code that reads payloads (a new value, a null, a field that may be missing);
- ``builds``: breaks code that builds objects (a new required field, a removed field, a narrower type);
- ``old-payloads``: the new models reject payloads the old ones accepted;
- none of these: compatible.

and where the definition travels (``directions``): a change breaks a client of the new API
(``breaks``) where it breaks code that reads a model the client receives, or code that builds a
model the client sends. A model used by no operation counts as both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import ir
from ..render.types import plain_text
from . import coverage, matching
from .changelog import Change, Changelog, Version
from .changes_report import render_all, summary_line
from .coverage import Coverage as _Coverage
from .directions import BOTH, Travel, no_travel

READS, BUILDS, OLD = ("reads",), ("builds", "old-payloads"), ("reads", "builds", "old-payloads")
__all__ = ["Change", "Changelog", "Travel", "Version", "_Coverage", "compare", "render_all", "summary_line", "version_of"]


def compare(old: Version, new: Version) -> Changelog:
    """The changes from ``old`` to ``new``, definition by definition, in name order."""
    same, renamed = matching.pair(old, new)
    log = Changelog(definitions=(len(old.keys), len(new.keys)))
    differ = _Differ(old, new, {**same, **renamed})
    # what a user imports by name: components, and what the scope asked for (operations' models,
    # the write views of what it named); an inline model is said through its field
    components = tuple(frozenset(v.spec.components.values()) | frozenset(v.spec.entries) for v in (old, new))
    gone = {k for k in old.keys if k not in same and k not in renamed}
    came = new.keys - set(same.values()) - set(renamed.values())
    for key in sorted(gone & components[0], key=old.names.cls):
        log.changes.append(differ.placed(Change(old.names.cls(key), "removed", impact=("reads", "builds")), key, None))
    for key in sorted(came & components[1], key=new.names.cls):
        log.changes.append(differ.placed(Change(new.names.cls(key), "added", new=differ.kind_of(new, key)), None, key))
    # (by new name, then old name: several gone components may have the body of one new one)
    for old_key, new_key in sorted(renamed.items(), key=lambda kv: (new.names.cls(kv[1]), old.names.cls(kv[0]))):
        before, after = old.names.cls(old_key), new.names.cls(new_key)
        if old_key in components[0] or new_key in components[1]:
            note = f"the same definition under a new name; `{before} = {after}` keeps old imports working"
            change = Change(after, "renamed", old=before, new=after, impact=("reads", "builds"), note=note)
            log.changes.append(differ.placed(change, old_key, new_key))
        elif before != after:
            log.changes.extend(differ.definition(old_key, new_key))  # (only its class name can differ)
    for old_key, new_key in sorted(same.items(), key=lambda kv: new.names.cls(kv[1])):
        log.changes.extend(differ.definition(old_key, new_key))
    log.changes.sort(key=lambda c: c.definition)
    return log


def show(t: ir.TypeExpr, v: Version, name: Callable[[str], str] | None = None) -> str:
    """A type as people read it (``render.types.PlainTypes``), with this version's class names (or ``name``'s)."""
    return plain_text(t, name or v.names.cls)


class _Differ:
    def __init__(self, old: Version, new: Version, to_new: dict[str, str]) -> None:
        self.old, self.new, self.renamed = old, new, to_new  # old key -> new key, renames included
        self.to_old = {n: o for o, n in to_new.items()}
        self.owners = _owners(new)

    def kind_of(self, v: Version, key: str) -> str:
        d = v.spec.definitions[key]
        return "model" if isinstance(d, ir.Model) else show(d.type, v)

    def definition(self, old_key: str, new_key: str) -> list[Change]:
        a, b = self.old.spec.definitions[old_key], self.new.spec.definitions[new_key]
        name = self.new.names.cls(new_key)
        found: list[Change] = []
        if self.old.names.cls(old_key) != name:
            found.append(Change(name, "class renamed", old=self.old.names.cls(old_key), new=name, impact=("reads", "builds")))
        if isinstance(a, ir.Model) and isinstance(b, ir.Model):
            found.extend(self._model(name, a, b))
        elif isinstance(a, ir.Alias) and isinstance(b, ir.Alias):
            found.extend(self._type(name, None, a.type, b.type))
        else:
            kinds = (self.kind_of(self.old, old_key), self.kind_of(self.new, new_key))
            found.append(Change(name, "kind changed", old=kinds[0], new=kinds[1], impact=OLD))
        found.extend(self._documentation(name, old_key, new_key))
        return [self.placed(c, old_key, new_key) for c in found]

    def _documentation(self, name: str, old_key: str, new_key: str) -> list[Change]:
        """The description and the deprecation of a definition, unless the field whose schema
        the definition is says the same (an inline enum or object: said once, by the field)."""
        a, b = self.old.spec.definitions[old_key], self.new.spec.definitions[new_key]
        was, now = self.old.travel.flags(a.source).deprecated, self.new.travel.flags(b.source).deprecated
        fields = self._owning_fields(old_key, new_key)
        texts = (a.description or "", b.description or "")
        found = []
        if texts[0] != texts[1] and (fields is None or (fields[0].description or "", fields[1].description or "") != texts):
            found.append(Change(name, "description changed"))
        if was != now and (fields is None or (fields[0].deprecated, fields[1].deprecated) != (was, now)):
            found.append(Change(name, "deprecated" if now else "no longer deprecated"))
        return found

    def _owning_fields(self, old_key: str, new_key: str) -> tuple[ir.Field, ir.Field] | None:
        """The field (old and new) whose type is the inline definition, if there is one."""
        owner = self.owners.get(new_key)
        old_model = self.to_old.get(owner[0]) if owner else None
        if owner is None or old_model is None:
            return None
        a, b = self.old.spec.definitions[old_model], self.new.spec.definitions[owner[0]]
        fa = a.field(owner[1]) if isinstance(a, ir.Model) else None
        fb = b.field(owner[1]) if isinstance(b, ir.Model) else None
        return (fa, fb) if fa is not None and fb is not None and old_key in ir.direct_refs(fa.type) else None

    def placed(self, c: Change, old_key: str | None, new_key: str | None) -> Change:
        """The change with where it travels: where the definition (the field, read-only or
        write-only) travels in the new version, and in the old one; both if in neither."""
        sides = [(v, k) for v, k in ((self.old, old_key), (self.new, new_key)) if k is not None]
        used = [(v, k, v.travel.of(k)) for v, k in sides]
        if all(d is None for *_, d in used):
            used, unused = [(v, k, BOTH) for v, k in sides], True
        else:
            unused = False
        model = frozenset().union(*(d or frozenset() for *_, d in used))
        directions: set[str] = set()
        fields = [(v, d, _field_of(v, key, c.field)) for v, key, d in used]
        for v, d, f in fields:
            if f is not None:  # (a field travels as the model does, unless read-only or write-only)
                directions |= v.travel.of_field(d or frozenset(), f)
            elif all(f is None for *_, f in fields):
                directions |= d or frozenset()
        return replace(c, used=tuple(sorted(directions)), unused=unused, model_used=tuple(sorted(model)))

    # -- models --

    def _model(self, name: str, a: ir.Model, b: ir.Model) -> list[Change]:
        found: list[Change] = []
        before = {f.wire_name: f for f in a.fields}
        after = {f.wire_name: f for f in b.fields}
        for wire, f in after.items():
            if wire not in before:
                required = f.required  # (a default does not make a required key optional: the models require it)
                kind = "required field added" if required else "field added"
                found.append(Change(name, kind, wire, new=show(f.type, self.new), impact=BUILDS if required else ()))
        for wire, f in before.items():
            if wire not in after:
                impact = ("reads", "builds", "old-payloads") if b.extra is None else ("reads", "builds")
                found.append(Change(name, "field removed", wire, old=show(f.type, self.old), impact=impact))
        for wire in (w for w in after if w in before):
            found.extend(self._field(name, before[wire], after[wire]))
        if a.extra is not None and b.extra is None:
            found.append(Change(name, "closed to other keys", impact=BUILDS))
        elif a.extra is None and b.extra is not None:
            found.append(Change(name, "open to other keys", new=show(b.extra, self.new), impact=READS))
        elif a.extra is not None and b.extra is not None:
            found.extend(self._type(name, "extra keys", a.extra, b.extra))
        return found

    def _field(self, name: str, a: ir.Field, b: ir.Field) -> list[Change]:
        found: list[Change] = []
        if a.required != b.required:
            if b.required:
                found.append(Change(name, "field now required", b.wire_name, impact=BUILDS))
            else:
                found.append(Change(name, "field now optional", b.wire_name, impact=READS))
        found.extend(self._type(name, b.wire_name, a.type, b.type))
        if a.default != b.default:
            old = None if a.default is None else json.dumps(a.default.value)
            new = None if b.default is None else json.dumps(b.default.value)
            # what an absent key reads as: only an optional field's, and no value where there was one
            # or another value; a value where there was none narrows what is read
            impact = READS if not b.required and a.default is not None else ()
            found.append(Change(name, "default changed", b.wire_name, old=old or "none", new=new or "none", impact=impact))
        if (a.description or "") != (b.description or ""):
            found.append(Change(name, "field description changed", b.wire_name))
        if a.deprecated != b.deprecated:
            found.append(Change(name, "field deprecated" if b.deprecated else "field no longer deprecated", b.wire_name))
        return found + self._direction(name, a, b)

    def _direction(self, name: str, a: ir.Field, b: ir.Field) -> list[Change]:
        """``readOnly`` and ``writeOnly`` set or unset, said for the reader of the changelog. What
        it does to the models is in the models themselves: a view that stops or starts requiring
        the field (``normalise/views.py``) is a change of that view's field, with its impact."""
        found = []
        for access, now, before in (("read", "now read-only", "no longer read-only"), ("write", "now write-only", "no longer write-only")):
            if (a.access == access) != (b.access == access):
                found.append(Change(name, now if b.access == access else before, b.wire_name))
        return found

    # -- types --

    def old_name(self, key: str) -> str:
        """An old definition's class name, as the new version calls it if it is still there."""
        moved = self.renamed.get(key)
        return self.new.names.cls(moved) if moved is not None else self.old.names.cls(key)

    def _type(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        """How the type at ``where`` changed from ``a`` to ``b``: said by the first of the checks
        (null, constant, values and union members, constraints) that recognises the change, else
        "type changed"."""
        if self._equal(a, b):
            return []  # the same type (a renamed definition is reported once, as a rename)
        for check in (self._nullability, self._constant, self._members, self._constraints):
            found = check(name, where, a, b)
            if found:
                return found
        return [Change(name, "type changed", where, old=show(a, self.old), new=show(b, self.new), impact=self.impact(a, b))]

    def _equal(self, a: ir.TypeExpr, b: ir.TypeExpr) -> bool:
        same_refs = [self.renamed.get(k, k) for k in ir.refs_in(a)] == ir.refs_in(b)
        return same_refs and show(a, self.old, self.old_name) == show(b, self.new)

    def impact(self, a: ir.TypeExpr, b: ir.TypeExpr) -> tuple[str, ...]:
        """What a change of type breaks: readers if the new type is wider (takes every old value),
        builders if narrower, nothing if both (the same values), all if neither."""
        wider = _Coverage(self.new, self.old, self._same).covers(b, a)
        narrower = _Coverage(self.old, self.new, self._same).covers(a, b)
        return () if wider and narrower else READS if wider else BUILDS if narrower else OLD

    # -- the checks of a type that changed: each says the change, or nothing if not its kind --

    def _nullability(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        """Null allowed or no longer allowed, the type otherwise the same."""
        if not self._equal(_denull(a), _denull(b)):
            return []
        return self._null_change(name, where, a, b)

    def _null_change(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        was, now = ir.is_nullable(a, self.old.spec.definitions), ir.is_nullable(b, self.new.spec.definitions)
        if was == now:
            return []
        if now:
            return [Change(name, "now nullable", where, impact=READS)]
        return [Change(name, "no longer nullable", where, impact=BUILDS)]

    def _constant(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        """A constant (an enum of one value) that is another one."""
        literals_a, literals_b = _literals(_denull(a)), _literals(_denull(b))
        if literals_a is None or literals_b is None or not len(literals_a) == len(literals_b) == 1:
            return []
        found = [Change(name, "constant changed", where, old=json.dumps(literals_a[0]), new=json.dumps(literals_b[0]), impact=OLD)]
        return found + self._null_change(name, where, a, b)

    def _members(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        """Values added to or removed from an enum, members added to or removed from a union,
        something kept: an enum that is a member of a union is its values, not one member. Each
        part added breaks readers unless the old type already took it; each part removed breaks
        builders unless the new type still takes it."""
        parts_a, parts_b = _Parts(_denull(a), self.old, self.old_name), _Parts(_denull(b), self.new)
        if parts_a.count <= 1 and parts_b.count <= 1 and not (parts_a.values and parts_b.values):
            return []  # neither a union nor two enums
        if not (parts_a.values.keys() & parts_b.values.keys() or parts_a.others.keys() & parts_b.others.keys()):
            return []  # nothing kept: another type
        values_added = [v for k, v in parts_b.values.items() if k not in parts_a.values]
        values_removed = [v for k, v in parts_a.values.items() if k not in parts_b.values]
        joined = [k for k in parts_b.others if k not in parts_a.others]
        left = [k for k in parts_a.others if k not in parts_b.others]
        found = []
        breaks: tuple[str, ...]
        for kind, parts, shown, t, v, breaks in (
            ("values added", [ir.LiteralOf(tuple(values_added))] * bool(values_added), map(json.dumps, values_added), a, self.old, READS),
            ("values removed", [ir.LiteralOf(tuple(values_removed))] * bool(values_removed), map(json.dumps, values_removed), b, self.new, BUILDS),
            ("union members added", [parts_b.others[k] for k in joined], joined, a, self.old, READS),
            ("union members removed", [parts_a.others[k] for k in left], left, b, self.new, BUILDS),
        ):
            if parts:
                text, gone = ", ".join(shown), kind.endswith("removed")
                impact = () if all(self._takes(t, p, v) for p in parts) else breaks
                found.append(Change(name, kind, where, old=text if gone else None, new=None if gone else text, impact=impact))
        found += self._null_change(name, where, a, b)
        if not found and ir.split_constraints(a)[1] == ir.split_constraints(b)[1]:  # the same parts, in another order
            return [Change(name, "values reordered" if parts_b.values else "union members reordered", where)]
        return found

    def _takes(self, t: ir.TypeExpr, part: ir.TypeExpr, v: Version) -> bool:
        """Whether ``t`` (of version ``v``) takes every value of ``part`` (of the other version)."""
        other = self.new if v is self.old else self.old
        return _Coverage(v, other, self._same).covers(t, part)

    def _constraints(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        """Constraints set, changed or dropped on a type otherwise the same (but for null)."""
        (bare_a, ca), (bare_b, cb) = ir.split_constraints(a), ir.split_constraints(b)
        if (ca is None and cb is None) or ca == cb or not self._equal(_denull(bare_a), _denull(bare_b)):
            return []
        old, new = coverage.describe(ca), coverage.describe(cb)
        found = [Change(name, "constraints changed", where, old=old, new=new, impact=self.impact(_denull(a), _denull(b)))]
        return found + self._null_change(name, where, a, b)

    def _same(self, b_key: str, vb: Version, a_key: str, va: Version) -> bool:
        """Whether two keys name the same definition across the versions (a rename included)."""
        if vb is va:
            return a_key == b_key
        old_key, new_key = (b_key, a_key) if vb is self.old else (a_key, b_key)
        return self.renamed.get(old_key, old_key) == new_key


class _Parts:
    """A type as the parts of a union: the constants of its enums (by value and kind: ``1`` is
    not ``True``) and its other members (by how they read, with ``name``'s class names)."""

    def __init__(self, t: ir.TypeExpr, v: Version, name: Callable[[str], str] | None = None) -> None:
        members = ir.union_members(_unconstrained(t))
        self.count = len(members)
        self.values: dict[tuple[str, ir.LiteralValue], ir.LiteralValue] = {}
        self.others: dict[str, ir.TypeExpr] = {}
        for m in members:
            literals = _literals(m)
            if literals is not None:
                self.values.update(((type(x).__name__, x), x) for x in literals)
            else:
                self.others[show(m, v, name)] = m


def _field_of(v: Version, key: str, wire: str | None) -> ir.Field | None:
    d = v.spec.definitions[key]
    return d.field(wire) if isinstance(d, ir.Model) and wire is not None else None


def _owners(v: Version) -> dict[str, tuple[str, str]]:
    """The inline definitions that are the type of a field (through null and constraints): the
    model's key and the field's name, by the definition's key."""
    components = frozenset(v.spec.components.values())
    found: dict[str, tuple[str, str]] = {}
    for key, d in v.spec.definitions.items():
        if isinstance(d, ir.Model):
            for f in d.fields:
                for ref in ir.direct_refs(f.type):
                    if ref not in components:
                        found.setdefault(ref, (key, f.wire_name))
    return found


def _denull(t: ir.TypeExpr) -> ir.TypeExpr:
    return t.inner if isinstance(t, ir.Nullable) else t


def _unconstrained(t: ir.TypeExpr) -> ir.TypeExpr:
    while isinstance(t, ir.Constrained):
        t = t.inner
    return t


def _literals(t: ir.TypeExpr) -> list[ir.LiteralValue] | None:
    """The values of an enum or a constant."""
    t = _unconstrained(t)
    if isinstance(t, ir.LiteralOf):
        return list(t.values)
    return None


# -- reading the versions ----------------------------------------------------------------------


def version_of(prepared: Any, roots: tuple[str, ...], travel: Travel | None = None) -> Version:
    """A version's definitions of interest: the closure of the roots it has (without roots, of
    what the scope it was prepared for took). Errors in those definitions stop the comparison, as
    they would stop ``generate``."""
    from ..errors import SpecErrors
    from ..select import closure

    spec: ir.SpecIR = prepared.spec
    starts = [spec.components[r] for r in roots if r in spec.components] if roots else list(spec.entries)
    keys = closure(spec, starts)
    errors = [d for d in spec.diagnostics if d.error and (d.owner is None or d.owner in keys)]
    if errors:
        raise SpecErrors(errors)
    return Version(spec, prepared.names, frozenset(keys), prepared.name, travel or no_travel())


def unknown_roots(roots: tuple[str, ...], *versions: Any) -> list[str]:
    """Roots that no version has (a typo: a root that one version has is added or removed)."""
    return [r for r in roots if not any(r in v.spec.components for v in versions)]


def spec_at(rev: str, spec: Path, folder: Path) -> Path:
    """The spec (and the files beside it) as git has them at ``rev``, extracted into ``folder``."""
    import io
    import subprocess
    import tarfile

    from ..errors import UsageError

    def git(*args: str, cwd: Path) -> bytes:
        try:
            done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
        except OSError as exc:
            raise UsageError(f"--since needs git: {exc.strerror}") from None
        if done.returncode:
            raise UsageError(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
        return done.stdout

    real = spec.resolve()
    top = Path(git("rev-parse", "--show-toplevel", cwd=real.parent).decode().strip())
    relative = real.relative_to(top)
    git("cat-file", "-e", f"{rev}:{relative.as_posix()}", cwd=top)  # says clearly if the file is not there
    archive = git("archive", "--format=tar", rev, "--", relative.parent.as_posix() or ".", cwd=top)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.10.12+: no links or paths out of the folder
            tar.extractall(folder, filter="data")
        else:  # pragma: no cover - older Pythons; git's own archive of its own files
            tar.extractall(folder)
    return folder / relative
