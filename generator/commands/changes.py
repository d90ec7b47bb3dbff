"""What changed in the models between two versions of a spec (``modelgen diff``).

The two versions are compared as the generator reads them (the IR), not as text: a rewrite of the
spec that generates the same definitions (``nullable: true`` spelled ``anyOf [..., null]``, an
``allOf`` wrapper, ``x-stainless-const``) is no change. Definitions are matched by where they are
in the spec; a component that is gone while another with the same body appears is a rename.

Each change says what it does to the user's code:

- ``reads``: breaks code that reads payloads (a new value, a null, a field that may be missing);
- ``builds``: breaks code that builds objects (a new required field, a removed field, a narrower type);
- ``old-payloads``: the new models reject payloads the old ones accepted;
- none of these: compatible.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import ir
from ..formats import PYTHON_FORMATS
from ..naming import Names
from ..render.types import plain_text

IMPACTS = {"reads": "breaks code that reads", "builds": "breaks code that builds", "old-payloads": "rejects old payloads"}
READS, BUILDS, OLD = ("reads",), ("builds", "old-payloads"), ("reads", "builds", "old-payloads")


@dataclass(frozen=True)
class Version:
    """One version of a spec as the generator read it, and the definitions of interest."""

    spec: ir.SpecIR
    names: Names
    keys: frozenset[str]  # the closure of the roots (every definition without roots)
    root: str = ""  # the name of the spec's own document: its keys start with it

    def local(self, key: str) -> str:
        """A key without the name of the spec's file (two versions have different file names)."""
        return key[len(self.root) :] if self.root and key.startswith(self.root + "#") else key


@dataclass(frozen=True)
class Change:
    definition: str  # its class name (the new one; the old one if it is gone)
    kind: str  # added, removed, renamed, field added, field removed, type changed, ...
    field: str | None = None
    old: str | None = None
    new: str | None = None
    impact: tuple[str, ...] = ()  # of IMPACTS; empty: compatible
    note: str | None = None

    @property
    def breaking(self) -> bool:
        return bool(self.impact)

    def words(self) -> str:
        """The change in a few words (without the definition)."""
        what = self.kind if self.field is None else f"`{self.field}`: {self.kind}"
        if self.old is not None and self.new is not None:
            what += f": `{self.old}` → `{self.new}`"
        elif self.new is not None:
            what += f": `{self.new}`"
        elif self.old is not None:
            what += f" (was `{self.old}`)"
        return what + (f"; {self.note}" if self.note else "")

    def verdict(self) -> str:
        return ", ".join(IMPACTS[i] for i in self.impact) if self.impact else "compatible"


@dataclass
class Changelog:
    changes: list[Change] = field(default_factory=list)
    definitions: tuple[int, int] = (0, 0)  # how many were compared: old, new

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in self.changes)


def compare(old: Version, new: Version) -> Changelog:
    """The changes from ``old`` to ``new``, definition by definition, in name order."""
    by_place = {new.local(k): k for k in new.keys}
    same = {k: by_place[old.local(k)] for k in old.keys if old.local(k) in by_place}  # old key -> new key
    renamed = _renames(old, new, same)
    log = Changelog(definitions=(len(old.keys), len(new.keys)))
    differ = _Differ(old, new, {**same, **renamed})
    gone = {k for k in old.keys if k not in same and k not in renamed}
    came = new.keys - set(same.values()) - set(renamed.values())
    for key in sorted(gone, key=old.names.cls):
        if key in old.spec.components.values():
            log.changes.append(Change(old.names.cls(key), "removed", impact=("reads", "builds")))
    for key in sorted(came, key=new.names.cls):
        if key in new.spec.components.values():
            log.changes.append(Change(new.names.cls(key), "added", new=differ.kind_of(new, key)))
    # (by new name, then old name: several gone components may have the body of one new one)
    for old_key, new_key in sorted(renamed.items(), key=lambda kv: (new.names.cls(kv[1]), old.names.cls(kv[0]))):
        before, after = old.names.cls(old_key), new.names.cls(new_key)
        note = f"the same definition under a new name; `{before} = {after}` keeps old imports working"
        log.changes.append(Change(after, "renamed", old=before, new=after, impact=("reads", "builds"), note=note))
    for old_key, new_key in sorted(same.items(), key=lambda kv: new.names.cls(kv[1])):
        log.changes.extend(differ.definition(old_key, new_key))
    log.changes.sort(key=lambda c: c.definition)
    return log


def _renames(old: Version, new: Version, same: dict[str, str]) -> dict[str, str]:
    """Components gone from ``old`` whose body is that of exactly one component new in ``new``."""
    gone = [k for k in old.keys if k not in same and k in old.spec.components.values()]
    came = [k for k in new.keys - set(same.values()) if k in new.spec.components.values()]
    bodies: dict[str, list[str]] = {}
    for k in came:
        bodies.setdefault(_body(new, new.spec.definitions[k]), []).append(k)
    found = {}
    for k in gone:
        match = bodies.get(_body(old, old.spec.definitions[k]), [])
        if len(match) == 1:
            found[k] = match[0]
    return found


def _body(v: Version, d: ir.Definition) -> str:
    """A definition's shape, without where it is or what it is called."""
    if isinstance(d, ir.Model):
        fields = [(f.wire_name, show(f.type, v), f.required, f.default) for f in d.fields]
        return repr(("model", fields, None if d.extra is None else show(d.extra, v)))
    return repr(("alias", show(d.type, v)))


def show(t: ir.TypeExpr, v: Version, name: Callable[[str], str] | None = None) -> str:
    """A type as people read it (``render.types.PlainTypes``), with this version's class names (or ``name``'s)."""
    return plain_text(t, name or v.names.cls)


class _Differ:
    def __init__(self, old: Version, new: Version, to_new: dict[str, str]) -> None:
        self.old, self.new, self.renamed = old, new, to_new  # old key -> new key, renames included

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
            found.extend(self._alias(name, a, b))
        else:
            kinds = (self.kind_of(self.old, old_key), self.kind_of(self.new, new_key))
            found.append(Change(name, "kind changed", old=kinds[0], new=kinds[1], impact=OLD))
        if (a.description or "") != (b.description or ""):
            found.append(Change(name, "description changed"))
        return found

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
            found.append(Change(name, "closed to other keys", impact=("old-payloads",)))
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
            found.append(Change(name, "default changed", b.wire_name, old=old or "none", new=new or "none", impact=READS))
        if (a.description or "") != (b.description or ""):
            found.append(Change(name, "field description changed", b.wire_name))
        if a.deprecated != b.deprecated:
            found.append(Change(name, "field deprecated" if b.deprecated else "field no longer deprecated", b.wire_name))
        return found

    # -- aliases and types --

    def _alias(self, name: str, a: ir.Alias, b: ir.Alias) -> list[Change]:
        return self._type(name, None, a.type, b.type)

    def old_name(self, key: str) -> str:
        """An old definition's class name, as the new version calls it if it is still there."""
        moved = self.renamed.get(key)
        return self.new.names.cls(moved) if moved is not None else self.old.names.cls(key)

    def _type(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        """How the type at ``where`` changed from ``a`` to ``b``: said by the first of the checks
        (null, values, constant, union members) that recognises the change, else "type changed"."""
        if show(a, self.old, self.old_name) == show(b, self.new) and self._same_refs(a, b):
            return []  # the same type (a renamed definition is reported once, as a rename)
        for check in (self._nullability, self._values, self._constant, self._union_members):
            found = check(name, where, a, b)
            if found:
                return found
        return self._retyped(name, where, a, b)

    # -- the checks of a type that changed: each says the change, or nothing if not its kind --

    def _nullability(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        """Null allowed or no longer allowed, the type otherwise the same."""
        same_inner = show(_denull(a), self.old) == show(_denull(b), self.new)
        if not same_inner or ir.is_nullable(b, self.new.spec.definitions) == ir.is_nullable(a, self.old.spec.definitions):
            return []
        if isinstance(b, ir.Nullable):
            return [Change(name, "now nullable", where, impact=READS)]
        return [Change(name, "no longer nullable", where, impact=BUILDS)]

    def _values(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        """Values added to or removed from an enum (of two or more values before or after)."""
        literals_a, literals_b = _literals(_denull(a)), _literals(_denull(b))
        if literals_a is None or literals_b is None or (len(literals_a) <= 1 and len(literals_b) <= 1):
            return []
        added = [json.dumps(x) for x in literals_b if x not in literals_a]
        removed = [json.dumps(x) for x in literals_a if x not in literals_b]
        return _added_and_removed(name, where, "values", added, removed)

    def _constant(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        """A constant (an enum of one value) that is another one."""
        literals_a, literals_b = _literals(_denull(a)), _literals(_denull(b))
        if literals_a is None or literals_b is None or not len(literals_a) == len(literals_b) == 1:
            return []
        return [Change(name, "constant changed", where, old=json.dumps(literals_a[0]), new=json.dumps(literals_b[0]), impact=OLD)]

    def _union_members(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        """Members added to or removed from a union, some members kept."""
        members_a, members_b = _members(_denull(a), self.old), _members(_denull(b), self.new)
        if not (len(members_a) > 1 or len(members_b) > 1) or set(members_a) == set(members_b) or not set(members_a) & set(members_b):
            return []
        joined = [m for m in members_b if m not in members_a]
        left = [m for m in members_a if m not in members_b]
        return _added_and_removed(name, where, "union members", joined, left)

    def _retyped(self, name: str, where: str | None, a: ir.TypeExpr, b: ir.TypeExpr) -> list[Change]:
        """Any other change of type: whether it breaks readers or builders depends on whether the
        new type is wider (takes every old value), narrower, both (the same values) or neither."""
        wider = _Coverage(self.new, self.old, self._same).covers(b, a)
        narrower = _Coverage(self.old, self.new, self._same).covers(a, b)
        impact = () if wider and narrower else READS if wider else BUILDS if narrower else OLD
        return [Change(name, "type changed", where, old=show(a, self.old), new=show(b, self.new), impact=impact)]

    def _same_refs(self, a: ir.TypeExpr, b: ir.TypeExpr) -> bool:
        return [self.renamed.get(k, k) for k in ir.refs_in(a)] == ir.refs_in(b)

    def _same(self, b_key: str, vb: Version, a_key: str, va: Version) -> bool:
        """Whether two keys name the same definition across the versions (a rename included)."""
        if vb is va:
            return a_key == b_key
        old_key, new_key = (b_key, a_key) if vb is self.old else (a_key, b_key)
        return self.renamed.get(old_key, old_key) == new_key


def _added_and_removed(name: str, where: str | None, what: str, added: list[str], removed: list[str]) -> list[Change]:
    """``what added`` (new values to read) and ``what removed`` (old values no longer built)."""
    found = []
    if added:
        found.append(Change(name, f"{what} added", where, new=", ".join(added), impact=READS))
    if removed:
        found.append(Change(name, f"{what} removed", where, old=", ".join(removed), impact=BUILDS))
    return found


_MAX_DEPTH = 20  # how deep coverage looks into nested and recursive types before it says no


@dataclass(frozen=True)
class _Coverage:
    """Whether every value of a type ``b`` of version ``vb`` is a value of a type ``a`` of version
    ``va``, constraints aside (``covers``). References are followed to aliases; then a handler by
    the kind of ``b`` (a union, a nullable type), else by the kind of ``a``, decides."""

    va: Version
    vb: Version
    same: Callable[[str, Version, str, Version], bool]  # b's key in vb and a's key in va: one definition?
    depth: int = 0

    def covers(self, a: ir.TypeExpr, b: ir.TypeExpr) -> bool:
        if self.depth > _MAX_DEPTH:
            return False
        a, b = _unconstrained(a), _unconstrained(b)
        if isinstance(a, ir.AnyType) or isinstance(b, ir.NeverType):
            return True
        if isinstance(a, ir.Ref) or isinstance(b, ir.Ref):
            through = self._through_refs(a, b)
            if through is not None:
                return through
        narrower = _BY_NARROWER_KIND.get(type(b))
        if narrower is not None:
            return narrower(self, a, b)
        wider = _BY_WIDER_KIND.get(type(a))
        return wider is not None and wider(self, a, b)

    @property
    def deeper(self) -> _Coverage:
        """The same question, one level further in."""
        return replace(self, depth=self.depth + 1)

    def _through_refs(self, a: ir.TypeExpr, b: ir.TypeExpr) -> bool | None:
        """Two references to one definition; else a reference to an alias read as its type
        (``b``'s first); None if neither (a reference to a model is a kind of its own)."""
        if isinstance(b, ir.Ref) and isinstance(a, ir.Ref) and self.same(b.key, self.vb, a.key, self.va):
            return True
        if isinstance(b, ir.Ref) and isinstance(alias := self.vb.spec.definitions[b.key], ir.Alias):
            return self.deeper.covers(a, alias.type)
        if isinstance(a, ir.Ref) and isinstance(alias := self.va.spec.definitions[a.key], ir.Alias):
            return self.deeper.covers(alias.type, b)
        return None


# -- what each kind of type covers, or is covered by -------------------------------------------


def _every_member_covered(c: _Coverage, a: ir.TypeExpr, b: ir.UnionOf) -> bool:
    return all(c.deeper.covers(a, m) for m in b.members)


def _null_and_inner_covered(c: _Coverage, a: ir.TypeExpr, b: ir.Nullable) -> bool:
    return ir.is_nullable(a, c.va.spec.definitions) and c.deeper.covers(a, b.inner)


def _some_member_covers(c: _Coverage, a: ir.UnionOf, b: ir.TypeExpr) -> bool:
    return any(c.deeper.covers(m, b) for m in a.members)


def _inner_covers(c: _Coverage, a: ir.Nullable, b: ir.TypeExpr) -> bool:
    return c.deeper.covers(a.inner, b)


def _primitive_covers(c: _Coverage, a: ir.Primitive, b: ir.TypeExpr) -> bool:
    """The same kind and format (as Python types: formats read as ``str`` are one), an ``int``
    where a ``float`` was, or constants that are values of the primitive."""
    match b:
        case ir.Primitive(y, fy):
            x, fx = a.kind, a.format
            same_format = (fx if fx in PYTHON_FORMATS else None) == (fy if fy in PYTHON_FORMATS else None)
            return (x == y and same_format) or (x == "float" and y == "int")
        case ir.LiteralOf(values):
            return all(ir.fits(v, a, c.va.spec.definitions) for v in values)
    return False


def _literal_covers(c: _Coverage, a: ir.LiteralOf, b: ir.TypeExpr) -> bool:
    """Each of ``b``'s constants among ``a``'s (``1`` is not ``True``)."""
    match b:
        case ir.LiteralOf(ys):
            return all(any(y == x and type(y) is type(x) for x in a.values) for y in ys)
    return False


def _list_covers(c: _Coverage, a: ir.ListOf, b: ir.TypeExpr) -> bool:
    return isinstance(b, ir.ListOf) and c.deeper.covers(a.item, b.item)


def _map_covers(c: _Coverage, a: ir.MapOf, b: ir.TypeExpr) -> bool:
    return isinstance(b, ir.MapOf) and c.deeper.covers(a.value, b.value)


def _tuple_covers(c: _Coverage, a: ir.TupleOf, b: ir.TypeExpr) -> bool:
    if not isinstance(b, ir.TupleOf):
        return False
    return len(a.items) == len(b.items) and all(c.deeper.covers(x, y) for x, y in zip(a.items, b.items))


# By the kind of b (what is covered): taken apart first; then by the kind of a (what covers).
_BY_NARROWER_KIND: dict[type, Callable[[_Coverage, ir.TypeExpr, Any], bool]] = {
    ir.UnionOf: _every_member_covered,
    ir.Nullable: _null_and_inner_covered,
}
_BY_WIDER_KIND: dict[type, Callable[[_Coverage, Any, ir.TypeExpr], bool]] = {
    ir.UnionOf: _some_member_covers,
    ir.Nullable: _inner_covers,
    ir.Primitive: _primitive_covers,
    ir.LiteralOf: _literal_covers,
    ir.ListOf: _list_covers,
    ir.MapOf: _map_covers,
    ir.TupleOf: _tuple_covers,
}


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


def _members(t: ir.TypeExpr, v: Version) -> list[str]:
    return [show(m, v) for m in ir.union_members(_unconstrained(t))]


# -- reports ---------------------------------------------------------------------------------------


def summary_line(log: Changelog) -> str:
    counts = {i: sum(1 for c in log.changes if i in c.impact) for i in IMPACTS}
    compatible = sum(1 for c in log.changes if not c.impact)
    parts = [f"{n} {_plural(IMPACTS[i], n)}" for i, n in counts.items() if n] + ([f"{compatible} compatible"] if compatible else [])
    total = len(log.changes)
    return f"{total} change{'s' if total != 1 else ''}: " + ", ".join(parts) if total else "no model change"


def _plural(verb_phrase: str, n: int) -> str:
    """``breaks code that reads`` for one change, ``break code that reads`` for several."""
    verb, _, rest = verb_phrase.partition(" ")
    return verb_phrase if n == 1 else f"{verb[:-1]} {rest}"


def render_text(log: Changelog) -> str:
    lines = []
    current = None
    for c in log.changes:
        if c.definition != current:
            current = c.definition
            lines.append(current)
        lines.append(f"  {c.words().replace('`', '')} [{c.verdict()}]")
    lines.append(summary_line(log))
    return "\n".join(lines) + "\n"


def render_markdown(log: Changelog, title: str) -> str:
    lines = [f"### {title}", "", summary_line(log).capitalize() + ".", ""]
    if log.changes:
        lines += ["| model | change | effect |", "|---|---|---|"]
        for c in log.changes:
            lines.append(f"| `{c.definition}` | {_cell(c.words())} | {c.verdict()} |")
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def as_json(log: Changelog) -> dict[str, Any]:
    return {
        "summary": {
            "changes": len(log.changes),
            **{i: sum(1 for c in log.changes if i in c.impact) for i in IMPACTS},
            "compatible": sum(1 for c in log.changes if not c.impact),
            "breaking": log.breaking,
        },
        "changes": [
            {"definition": c.definition, "kind": c.kind, "field": c.field, "old": c.old, "new": c.new, "impact": list(c.impact), "note": c.note}
            for c in log.changes
        ],
    }


def render_all(comparisons: list[tuple[str, str, Changelog]], fmt: str) -> str:
    """Every comparison (old label, new label, changes) in one report."""
    if fmt == "json":
        data = {
            "comparisons": [{"old": old, "new": new, **as_json(log)} for old, new, log in comparisons],
            "breaking": any(log.breaking for *_, log in comparisons),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    parts = []
    for old, new, log in comparisons:
        if fmt == "markdown":
            parts.append(render_markdown(log, f"Model changes: {old} → {new}"))
        else:
            parts.append(f"{old} -> {new}\n" + render_text(log))
    return "\n".join(parts)


# -- reading the versions ----------------------------------------------------------------------


def version_of(prepared: Any, roots: tuple[str, ...]) -> Version:
    """A version's definitions of interest: the closure of the roots it has (all without roots).
    Errors in those definitions stop the comparison, as they would stop ``generate``."""
    from ..errors import SpecErrors
    from ..select import closure

    spec: ir.SpecIR = prepared.spec
    starts = [spec.components[r] for r in roots if r in spec.components] if roots else list(spec.components.values())
    keys = closure(spec, starts)
    errors = [d for d in spec.diagnostics if d.error and (d.owner is None or d.owner in keys)]
    if errors:
        raise SpecErrors(errors)
    return Version(spec, prepared.names, frozenset(keys), prepared.name)


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
