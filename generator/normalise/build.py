"""The definition table and the dispatch from a schema to its IR type.

Every component schema a scope takes (all of them by default) becomes a definition, with the
models of its operations (``operations``) and every schema they refer to, and so does every inline
schema that needs a name of its own (an object, an enum of several values, a union with object
members). Definitions are keyed by the JSON pointer of their schema; their ``hint`` is the path
of names (owner, field, ...) that the naming stage turns into a class name. The idioms themselves
live beside this module: ``nulls`` (or null), ``allof``, ``values`` (enum, const, constraints,
defaults), ``unions`` (tags, a pass after the table is built), ``hints`` and ``limits``.

A schema's type comes from one small handler: the keyword handlers (``not``, ``$ref``, ``allOf``,
``oneOf``, ``anyOf``, ``const``, ``enum``) are tried in that order, the first that takes the
schema gives its type; else the handler of its JSON type does (``object``, ``array``, each
primitive; a list of types is a union).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from typing import Any, ClassVar

from .. import ir
from ..errors import Diagnostic, Location, SpecError, shown
from ..formats import PLAIN_FORMATS
from ..ir import SpecIR
from ..resolve import Resolver
from ..scope import EVERYTHING, Scope
from . import allof, hints, inheritance, values, views
from .components import REFERRING, component_hints, component_schemas
from .cycles import flatten_direct_cycles
from .limits import HostileSpec, Limits
from .nulls import split_null, structural
from .operations import OperationReader, multipart_bodies, operations_of, selected
from .site import Site
from .unions import Discriminator, read_discriminator, tag_unions
from .views import BOTH

PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}


# JSON Schema keywords no Python type can say: generated without them, with a warning.
NOT_EXPRESSIBLE = (
    "dependentRequired", "dependentSchemas", "dependencies", "minProperties", "maxProperties", "propertyNames",
    "if", "then", "else", "contains", "minContains", "maxContains", "unevaluatedItems",
)  # fmt: skip
_NOT_EXPRESSIBLE_SET = frozenset(NOT_EXPRESSIBLE)
MAP_LENGTH = ("minProperties", "maxProperties")  # expressible on a map: its length


# how the warning on a required key that is not a property says what its value may be
_UNDECLARED: dict[ir.TypeExpr, str] = {
    ir.AnyType(): "of any value",
    ir.NeverType(): "that no object can have (additionalProperties: false)",
}


def _access(prop: Any) -> str | None:
    """Which side a property travels on alone: "read" (``readOnly``), "write" (``writeOnly``)."""
    if not isinstance(prop, dict):
        return None
    return "read" if prop.get("readOnly") is True else "write" if prop.get("writeOnly") is True else None


@cache  # one object for each of the few kinds and formats, not one for each schema
def _primitive_type(kind: str, fmt: str | None) -> ir.Primitive:
    return ir.Primitive(kind, fmt)


class Builder:
    """Builds the definition table of one spec (``run``)."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.defs: dict[str, ir.Definition] = {}
        self._building: set[str] = set()
        self._discriminators: dict[str, Discriminator] = {}
        self._subtypes: dict[str, tuple[str, list[str]]] = {}  # bases by key: name, subtypes
        # unions whose members are merged with the union's own properties, by key: the members
        # as written (inheritance.with_shared_properties)
        self._shared: dict[str, list[Any]] = {}
        self.diagnostics: list[Diagnostic] = []
        self._owners: list[str] = []  # the definitions being built, innermost last
        # where the schemas being read are written, innermost last: what is written inside the
        # last one is named by its hint, anything else (inherited through allOf) where it is
        self._homes: list[str] = []
        # definitions referred to but not built yet: built one after the other, not one inside
        # the other, so that a long chain of $refs is not a deep recursion
        self._pending: list[tuple[Location, Any]] = []
        self.limits = Limits(resolver.aliased)
        # the schemas of multipart/form-data bodies (``run``); while one is read, a string of
        # `format: binary` is a file's bytes
        self.multipart: set[str] = set()
        self.file_parts = False
        self.titles: dict[str, str] = {}  # the titles of inline schemas, by key

    def run(self, scope: Scope = EVERYTHING) -> SpecIR:
        """The definitions of what ``scope`` takes: the component schemas it names, the models of
        its operations, and everything they refer to (every component schema when it names none);
        in read and write views where properties are read-only or write-only (``views``)."""
        root = self.resolver.root
        schemas = component_schemas(self.resolver)
        named = component_hints(schemas)
        self._subtypes = inheritance.subtypes_at(schemas)
        roots = list(schemas) if scope.everything else scope.roots_in(schemas, root.name)
        self.multipart = multipart_bodies(self.resolver)
        reader = OperationReader(self)
        sent_or_received: dict[str, set[str]] = {}  # the operations' models, by the direction they travel
        if scope.operations or scope.tags:
            for op in selected(operations_of(self.resolver), scope, root.name, self.warn):
                for key, direction in reader.read(op):
                    sent_or_received.setdefault(key, set()).add(direction)
        for name in roots:
            self.define(*schemas[name], hint=named[name] if root.kind in REFERRING else None)
            self.define_pending()
        # the components built (by name or by reference), in the spec's order: the roots a
        # selection may name, and the definitions naming serves first
        keys = {name: loc.key for name, (loc, _) in schemas.items()}
        components = {name: key for name, key in keys.items() if key in self.defs}
        definitions = tag_unions(flatten_direct_cycles(self.defs), self._discriminators, root.name)
        differing = views.differing(definitions)
        everywhere: dict[str, frozenset[str]] = {}  # the components' directions through every operation
        if differing and (scope.everything or scope.operations or scope.tags):
            used = reader.component_directions({n for n in schemas if scope.operations or scope.tags or keys[n] in differing})
            everywhere = {keys[n]: frozenset(used.get(n, BOTH)) for n in schemas if keys[n] in differing}
        # every component: as the paths use it; a root named: both views
        wanted = {keys[name]: everywhere.get(keys[name], BOTH) if scope.everything else BOTH for name in roots}
        for key, directions in sent_or_received.items():
            wanted[key] = wanted.get(key, frozenset()) | directions
        definitions, entries = views.split_views(definitions, wanted, differing, everywhere)
        entry_keys = tuple(k for ks in entries.values() for k in ks)
        titles = {k: t for k, t in self.titles.items() if k not in keys.values()}  # (a component keeps its name)
        return SpecIR(definitions, components, tuple(self.diagnostics), entry_keys, titles)

    # -- diagnostics ---------------------------------------------------------------------------

    def warn(self, loc: Location, message: str, hint: str | None = None) -> None:
        """A warning about the definition being built (shown only if it is selected)."""
        self.diagnostics.append(Diagnostic(False, message, loc, hint, self._owners[-1] if self._owners else None))

    def failed(self, exc: SpecError, loc: Location) -> None:
        """An error in the definition being built: recorded, and the work goes on, so that one
        run reports every error of the schemas a job selects, and none of the others (but an
        alias bomb stops everything at once)."""
        if isinstance(exc, HostileSpec):
            raise exc
        self.diagnostics.append(Diagnostic.of(exc.at_file(loc.file, loc.pointer), self._owners[-1] if self._owners else None))

    # -- definitions -----------------------------------------------------------------------

    def define(self, loc: Location, node: Any, hint: tuple[str, ...] | None = None) -> None:
        """Make the schema ``node`` at ``loc`` a definition (once), named by ``hint`` (else by its
        pointer). If it cannot be made, its error is recorded and it stands as ``Any``: a job
        that selects it stops with the error."""
        key = loc.key
        if key in self.defs or key in self._building:
            return
        if key in self._subtypes:  # a base with a discriminator: the union of its subtypes
            node = inheritance.as_union(node, *self._subtypes[key])
        hint = hint or hints.hint_from_pointer(loc)
        outer, self.file_parts = self.file_parts, key in self.multipart
        with self.building(key):
            try:
                self.defs[key] = self._definition(node, loc, hint)
            except SpecError as exc:
                self.failed(exc, loc)
                self.defs[key] = ir.Alias(key, hint, ir.AnyType(), None, key)
            finally:
                self.file_parts = outer

    def define_pending(self) -> None:
        """Make the definitions referred to so far, one after the other."""
        while self._pending:
            self.define(*self._pending.pop())

    @contextmanager
    def building(self, key: str) -> Iterator[None]:
        """While the definition ``key`` is built: it owns the diagnostics, and is not built again."""
        self._building.add(key)
        self._owners.append(key)
        try:
            with self.named_in(key):
                yield
        finally:
            self._building.discard(key)
            self._owners.pop()

    @contextmanager
    def named_in(self, key: str) -> Iterator[None]:
        """While schemas written under ``key`` are read: they are named by the hints given."""
        self._homes.append(key)
        try:
            yield
        finally:
            self._homes.pop()

    def _unchecked(self, node: dict[str, Any], loc: Location) -> None:
        """Warn about what the schema says that no Python type can: it is generated without it."""
        if not _NOT_EXPRESSIBLE_SET.isdisjoint(node):  # (asked of every schema: the usual one has none)
            unchecked = [k for k in NOT_EXPRESSIBLE if k in node and not (k in MAP_LENGTH and values.plain_map(node))]
            if unchecked:
                self.warn(loc.child(unchecked[0]), f"{', '.join(unchecked)} cannot be expressed as Python types; not enforced")
        for keyword in ("oneOf", "anyOf") if "properties" in node and not inheritance.has_shared_properties(node) else ():
            if keyword in node:
                self.warn(loc.child(keyword), f"{keyword} beside properties is not enforced (the properties are)")
        if "$ref" in node:
            beside = sorted(structural(node) - {"$ref", "nullable", "type", "$defs", "definitions"})
            if beside:
                self.warn(loc.child(beside[0]), f"{', '.join(beside)} beside $ref not enforced (the referenced schema is)")

    def describe(self, node: Any, loc: Location) -> str | None:
        """A schema's description; one that is not a string is left out, with a warning."""
        if isinstance(node, dict) and "description" in node and not isinstance(node["description"], str):
            self.warn(loc.child("description"), f"the description is {shown(node['description'])}, not text; left out")
        return hints.description(node)

    def _definition(self, node: Any, loc: Location, hint: tuple[str, ...]) -> ir.Definition:
        description = self.describe(node, loc)
        if not isinstance(node, dict):
            return ir.Alias(loc.key, hint, self.type_of(node, loc, hint), description, loc.key)
        # A model is never nullable itself: "or null" is kept at each place that refers to it.
        # An alias of a nullable schema includes null, so the alias alone means what the schema says.
        core, core_loc, nullable = self._split(node, loc)
        shape = allof.object_shape(core, core_loc, self.resolver)
        self._unchecked(node, loc)  # (a component is read here, not through type_of)
        if shape is not None:
            return self._model(shape, loc, hint, description)
        t = self._core_type(Site(core, core_loc, hint, root=True))
        if nullable and not isinstance(t, (ir.AnyType, ir.Nullable)):
            t = ir.Nullable(t)
        return ir.Alias(loc.key, hint, t, description, loc.key)

    def _split(self, node: dict[str, Any], loc: Location) -> tuple[dict[str, Any], Location, bool]:
        """``split_null``, and a schema with properties beside a discriminated union read as the
        union of its members merged with the properties (``inheritance``)."""
        core, core_loc, nullable = split_null(node, loc)
        if inheritance.has_shared_properties(core):
            core, self._shared[core_loc.key] = inheritance.with_shared_properties(core, core_loc)
        return core, core_loc, nullable

    def ref_to(self, loc: Location, node: Any) -> ir.TypeExpr:
        if loc.key not in self.defs and loc.key not in self._building:
            self._pending.append((loc, node))
        t: ir.TypeExpr = ir.Ref(loc.key)
        if not isinstance(node, dict):
            return t
        core, core_loc, nullable = split_null(node, loc)
        if not nullable:
            return t
        # a model is never nullable itself, so "or null" goes where it is referred to; an alias
        # includes its null (asked of the schema: the definition may not be built yet)
        built = self.defs.get(loc.key)
        return ir.Nullable(t) if isinstance(built, ir.Model) or (built is None and self._object_shaped(core, core_loc)) else t

    def _object_shaped(self, node: dict[str, Any], loc: Location) -> bool:
        """Whether the schema will be a model (its errors are reported when it is built)."""
        try:
            return allof.object_shape(node, loc, self.resolver) is not None
        except SpecError:
            return False

    def _hoist(self, loc: Location, hint: tuple[str, ...], node: dict[str, Any], t: ir.TypeExpr) -> ir.Ref:
        if loc.key not in self.defs:
            self.defs[loc.key] = ir.Alias(loc.key, hint, t, self.describe(node, loc), loc.key)
            self._titled(loc.key, node)
        return ir.Ref(loc.key)

    def _titled(self, key: str, node: dict[str, Any]) -> None:
        """Keep an inline schema's title: what names it with ``names = "title"``."""
        if isinstance(node.get("title"), str) and node["title"].strip():
            self.titles[key] = node["title"].strip()

    def _model(
        self, shape: allof.ObjectShape, loc: Location, hint: tuple[str, ...], description: str | None
    ) -> ir.Model:
        for keyword, where in shape.unmerged:
            if not loc.key.startswith(where.key + "/"):  # (a member of that very union: it is read there)
                self.warn(where, f"{keyword} in an allOf member of an object is not enforced (the members' properties are merged)")
        fields = []
        for name, (prop, ploc) in shape.properties.items():
            try:
                ftype = self.type_of(prop, ploc, hint + (name,))
                default = values.default(prop, ploc, ftype, self.resolver, self.defs, self.warn)
            except SpecError as exc:
                self.failed(exc, ploc)  # the other properties are still read, for their errors
                continue
            fields.append(
                ir.Field(
                    wire_name=name,
                    type=ftype,
                    required=name in shape.required,
                    default=default,
                    description=self.describe(prop, ploc),
                    deprecated=isinstance(prop, dict) and prop.get("deprecated") is True,
                    source=ploc.key,
                    access=_access(prop),
                )
            )
        extra: ir.TypeExpr | None = None
        if shape.additional is True or shape.additional == {}:
            extra = ir.AnyType()
        elif shape.additional is not False:
            assert shape.additional_loc is not None
            extra = self.type_of(shape.additional, shape.additional_loc, hint + ("Value",))
        keys = shape.extra_keys()  # additionalProperties: false beside patternProperties
        if shape.patterns:
            extra = self._with_patterns(extra, shape.patterns, loc, hint, keys is not None)
        fields.extend(self._undeclared(shape, loc, extra))
        return ir.Model(loc.key, hint, tuple(fields), description, extra, loc.key, keys)

    def _undeclared(self, shape: allof.ObjectShape, loc: Location, extra: ir.TypeExpr | None) -> list[ir.Field]:
        """A ``required`` entry that names no property still requires the key (JSON Schema
        does): it is kept as a required field of the type other keys have (any value when
        ``additionalProperties`` is absent; no value when it is false), after the properties."""
        kept = []
        for name in shape.required:
            if name not in shape.properties:
                ftype = extra if extra is not None else ir.NeverType()
                kind = _UNDECLARED.get(ftype, "of the type other keys have")
                self.warn(loc, f"'required' names {name!r}, which is not a property; kept as a required key {kind}")
                kept.append(ir.Field(name, ftype, True, None, None, False, loc.child("required").key))
        return kept

    def _with_patterns(
        self, extra: ir.TypeExpr | None, patterns: list[tuple[Any, Location]], loc: Location, hint: tuple[str, ...], keys: bool = False
    ) -> ir.TypeExpr:
        """Other keys with ``patternProperties``: a key may match a pattern, so its value may be of a
        pattern's type (which key has which is not checked, a warning says; ``keys``: ``Model.extra_keys``)."""
        kinds = [self.type_of(schema, ploc, hint + ("Value",)) for schema, ploc in patterns]
        if extra is not None:
            kinds.append(extra)
        members = list(dict.fromkeys(kinds))
        checked = "which pattern a key matches is not checked" if keys else "keys are not checked against the patterns"
        closed = "" if extra is not None or keys else ", so additionalProperties: false is not enforced: any key is taken"
        self.warn(loc.child("patternProperties"), f"{checked}{closed}; a value may have the type of any pattern")
        if any(isinstance(m, ir.AnyType) for m in members):
            return ir.AnyType()
        return members[0] if len(members) == 1 else ir.UnionOf(tuple(members))

    def _inline_model(self, shape: allof.ObjectShape, node: dict[str, Any], loc: Location, hint: tuple[str, ...]) -> ir.Ref:
        key = loc.key
        if key not in self.defs and key not in self._building:
            with self.building(key):
                self.defs[key] = self._model(shape, loc, hint, self.describe(node, loc))
            self._titled(key, node)
        return ir.Ref(key)

    # -- types -----------------------------------------------------------------------------

    def type_of(self, node: Any, loc: Location, hint: tuple[str, ...], in_union: bool = False) -> ir.TypeExpr:
        """The type of the schema ``node`` found at ``loc``; ``hint`` names what gets hoisted."""
        if node is True or node == {}:
            return ir.AnyType()
        if node is False:
            return ir.NeverType()
        if not isinstance(node, dict):
            raise SpecError(f"expected a schema (a mapping or a boolean), found {shown(node)}", location=loc)
        home = self._homes[-1] if self._homes else None
        if home is not None and not (loc.key + "/").startswith(home + "/"):
            # written in another schema (a property inherited through allOf): named where it is
            # written, so that its name does not depend on which schema reaches it first
            hint = hints.hint_from_pointer(loc)
        self._unchecked(node, loc)
        self.limits.enter(node, loc)
        try:
            core, core_loc, nullable = self._split(node, loc)
            t = self._core_type(Site(core, core_loc, hint, in_union=in_union))
        finally:
            self.limits.leave()
        if nullable and not isinstance(t, (ir.AnyType, ir.Nullable)):
            return ir.Nullable(t)
        return t

    def _core_type(self, site: Site) -> ir.TypeExpr:
        """The type of a schema without its "or null": given by the first keyword handler of
        ``KEYWORD_HANDLERS`` that takes the schema (in their order), else by its ``type``."""
        if not self.HANDLED_KEYWORDS.isdisjoint(site.node):  # (most schemas have none)
            for keyword, handler in self.KEYWORD_HANDLERS:
                if keyword in site.node:
                    found = handler(self, site)
                    if found is not None:
                        return found
        return self._by_type(site)

    # -- keyword handlers: each gives the type, or None to leave the schema to the next ----------

    def _not(self, site: Site) -> ir.TypeExpr:
        """``not``: not anything is no value; any other ``not`` is read without (with a warning)."""
        negated = site.node["not"]
        if negated is True or negated == {}:
            return ir.NeverType()  # not anything: no value
        if negated is not False:
            self.warn(site.loc.child("not"), "'not' cannot be expressed as a Python type; not enforced")
        return self._core_type(site.without("not"))

    def _ref(self, site: Site) -> ir.TypeExpr:
        """``$ref``: the referenced definition (the keywords beside it were warned about)."""
        target_loc, target = self.resolver.resolve(site.node["$ref"], site.loc)
        return self.ref_to(target_loc, target)

    def _all_of(self, site: Site) -> ir.TypeExpr:
        """``allOf``: no value if the members exclude each other; a lone member as itself; members
        that make an object as a model; else scalars, their constraints merged."""
        node, loc = site.node, site.loc
        members = allof.all_of_members(node, loc)
        if allof.excludes_everything(node, loc, self.resolver):
            return ir.NeverType()
        if not members:  # only `true` and `{}`: the rest of the schema says it all
            rest = site.without("allOf")
            return self._core_type(rest) if structural(rest.node) else ir.AnyType()
        if len(members) == 1 and not (structural(node) - {"allOf", "type", "nullable"}):
            member, mloc = members[0]
            return self.type_of(member, mloc, site.hint)
        shape = allof.object_shape(node, loc, self.resolver)
        if shape is not None:
            return self._inline_model(shape, node, loc, site.hint)
        return self._core_type(site.with_node(allof.merge_scalars(node, loc, self.resolver)))

    def _one_of(self, site: Site) -> ir.TypeExpr | None:
        return self._alternatives(site, "oneOf")

    def _any_of(self, site: Site) -> ir.TypeExpr | None:
        return self._alternatives(site, "anyOf")

    def _alternatives(self, site: Site, keyword: str) -> ir.TypeExpr | None:
        """``oneOf`` or ``anyOf``: a union of the members; beside ``properties``, left to the
        object (a warning says it is not enforced)."""
        if site.node[keyword] == []:
            # invalid JSON Schema (a spec generator that lost the members): read the schema
            # without it, rather than as a type no value has, and say so
            self.warn(
                site.loc.child(keyword),
                f"{keyword} is empty (JSON Schema requires at least one schema); read as if it were absent",
            )
            return self._core_type(site.without(keyword, "discriminator"))
        if "properties" in site.node:
            return None
        return self._union(site.node, keyword, site.loc, site.hint, site.root)

    def _resolved_or_none(self, site: Location) -> Callable[[str], Any]:
        """A lookup of ``$ref``s for naming only: a reference that does not resolve gives None
        (the error is reported where the reference is read)."""

        def resolve(ref: str) -> Any:
            try:
                return self.resolver.resolve(ref, site)[1]
            except SpecError:
                return None

        return resolve

    def _union(self, node: dict[str, Any], keyword: str, loc: Location, hint: tuple[str, ...], root: bool) -> ir.TypeExpr:
        raw = node[keyword]
        if not isinstance(raw, list) or not raw:
            raise SpecError(f"{keyword} must be a non-empty list", location=loc.child(keyword))
        members: list[ir.TypeExpr] = []
        written = self._shared.get(loc.key)  # (members merged with the union's properties)
        name_members = hints.member_labels if written is None else hints.merged_member_labels
        labels = name_members(raw if written is None else written, self._resolved_or_none(loc))
        extends: list[tuple[str, str]] = []  # (member, the schema it extends), for the tags
        for i, member in enumerate(raw):
            label = labels[i]
            t = self.type_of(member, loc.child(keyword, i), hint + ((label,) if label else ()), in_union=True)
            for m in t.members if isinstance(t, ir.UnionOf) and t.tag is None else (t,):
                if m not in members:
                    members.append(m)
            ref = written[i].get("$ref") if written is not None and isinstance(written[i], dict) else None
            if isinstance(ref, str) and isinstance(t, ir.Ref):
                extends.append((t.key, self.resolver.resolve(ref, loc.child(keyword, i))[0].key))
        disc = node.get("discriminator")
        if disc is not None:
            found = read_discriminator(disc, loc.child("discriminator"), self.resolver, self.define)
            self._discriminators[loc.key] = replace(found, extends=tuple(extends))
        if len(members) == 1:
            return members[0]
        u = ir.UnionOf(tuple(members))
        if root or not any(isinstance(m, ir.Ref) for m in ir.walk(u)):
            return u
        return self._hoist(loc, hint, node, u)

    def _const(self, site: Site) -> ir.TypeExpr:
        """``const``: a literal of its one value."""
        return values.const(site.node, site.loc, self.warn)

    def _enum(self, site: Site) -> ir.TypeExpr:
        """``enum``: a literal of its values; one of several values used inside a type (not as
        the whole of a definition, nor a union member) is hoisted into a definition of its own."""
        enum = values.enum(site.node, site.loc, self.resolver, self.warn)
        if (isinstance(enum, ir.LiteralOf) and len(enum.values) == 1) or site.root or site.in_union:
            return enum
        return self._hoist(site.loc, site.hint, site.node, enum)

    KEYWORD_HANDLERS: ClassVar[tuple[tuple[str, Callable[[Builder, Site], ir.TypeExpr | None]], ...]] = (
        ("not", _not),
        ("$ref", _ref),
        ("allOf", _all_of),
        ("oneOf", _one_of),
        ("anyOf", _any_of),
        ("const", _const),
        ("enum", _enum),
    )
    HANDLED_KEYWORDS: ClassVar[frozenset[str]] = frozenset(keyword for keyword, _ in KEYWORD_HANDLERS)

    # -- type handlers: by the JSON type -----------------------------------------------------

    def _by_type(self, site: Site) -> ir.TypeExpr:
        """By the schema's ``type``: one handler each in ``TYPE_HANDLERS``, a list of types as a
        union; without a type, an object or an array if its keywords say so, else any value."""
        kind = site.node.get("type")
        if kind is None:
            kind = values.implied_type(site.node)
            if kind is None:
                unchecked = values.typeless_constraints(site.node)
                if unchecked:
                    self.warn(site.loc.child(unchecked[0]), f"{', '.join(unchecked)} without a type: any value is taken; not enforced")
                return ir.AnyType()
        if isinstance(kind, list) and all(isinstance(k, str) for k in kind):
            return self._type_list(site, kind)
        if not isinstance(kind, str):
            raise SpecError("type must be a string or a list of strings", location=site.loc.child("type"))
        handler = self.TYPE_HANDLERS.get(kind)
        if handler is None:
            raise SpecError(
                f"unknown type {shown(kind)}",
                location=site.loc.child("type"),
                hint="use one of: " + ", ".join(sorted(self.TYPE_HANDLERS)),
            )
        return handler(self, site, kind)

    def _type_list(self, site: Site, kinds: list[str]) -> ir.TypeExpr:
        """``type: [a, b]``: a union of the schema read with each type ("null" was split off)."""
        kinds = [k for k in kinds if k != "null"]
        if len(kinds) == 1:
            return self._core_type(site.with_node({**site.node, "type": kinds[0]}))
        if not kinds:
            return ir.Primitive("None")
        return ir.UnionOf(
            tuple(self._core_type(Site({**site.node, "type": k}, site.loc, site.hint, in_union=True)) for k in kinds)
        )

    def _object(self, site: Site, kind: str) -> ir.TypeExpr:
        """``object``: a model if it has properties, else a dict of its other keys' values."""
        node, loc, hint = site.node, site.loc, site.hint
        shape = allof.object_shape(node, loc, self.resolver)
        if shape is not None:
            return self._inline_model(shape, node, loc, hint)
        extra = node.get("additionalProperties", True)
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict) and patterns:
            own = None if extra is False else ir.AnyType() if extra is True or extra == {} else self.type_of(
                extra, loc.child("additionalProperties"), hint + ("Value",)
            )
            pairs = [(schema, loc.child("patternProperties", str(p))) for p, schema in patterns.items()]
            return ir.MapOf(self._with_patterns(own, pairs, loc, hint))
        value = ir.AnyType() if extra is True or extra == {} else self.type_of(extra, loc.child("additionalProperties"), hint + ("Value",))
        return values.constrain(ir.MapOf(value), node, "object", loc, self.warn)

    def _array(self, site: Site, kind: str) -> ir.TypeExpr:
        """``array``: a list of its items' type; a fixed-length tuple of ``prefixItems`` (or the
        older list form of ``items``), or a list of the types the positions allow."""
        node, loc, hint = site.node, site.loc, site.hint
        items = node.get("items")
        prefix = node.get("prefixItems")
        if isinstance(items, list):  # the older tuple form: items as a list, then additionalItems
            prefix, items, loc_prefix = items, node.get("additionalItems"), loc.child("items")
        else:
            loc_prefix = loc.child("prefixItems")
        if isinstance(prefix, list) and prefix:
            kinds = [self.type_of(p, loc_prefix.child(i), hint + ("Item",)) for i, p in enumerate(prefix)]
            exact = items is False and node.get("minItems", 0) >= len(prefix)
            if exact:
                return ir.TupleOf(tuple(kinds))
            # items beyond the prefix, or fewer: a list of what the positions allow
            rest = [] if items is False else [ir.AnyType() if items is None else self.type_of(items, loc.child("items"), hint + ("Item",))]
            self.warn(loc.child("prefixItems"), "the type of each position is not checked (only fixed-length tuples are); read as a list of the types the positions allow")
            members = list(dict.fromkeys([*kinds, *rest]))
            item: ir.TypeExpr = members[0] if len(members) == 1 else ir.UnionOf(tuple(members))
            return values.constrain(ir.ListOf(item), node, "array", loc, self.warn)
        item = ir.AnyType() if items is None else self.type_of(items, loc.child("items"), hint + ("Item",))
        return values.constrain(ir.ListOf(item), node, "array", loc, self.warn)

    def _primitive(self, site: Site, kind: str) -> ir.TypeExpr:
        """``string``, ``integer``, ``number``, ``boolean``, ``null``: the Python type, with its
        format (one that changes the type) and constraints."""
        node, loc = site.node, site.loc
        if kind == "string" and "pattern" in node:
            node = values.usable_pattern(node, loc, self.warn)
        fmt = node.get("format")
        if self.file_parts and kind == "string" and fmt == "binary":
            return ir.Primitive("bytes")
        fmt = fmt if isinstance(fmt, str) and fmt and fmt not in PLAIN_FORMATS and kind != "null" else None
        return values.constrain(_primitive_type(PRIMITIVES[kind], fmt), node, kind, loc, self.warn)

    TYPE_HANDLERS: ClassVar[dict[str, Callable[[Builder, Site, str], ir.TypeExpr]]] = {
        "object": _object,
        "array": _array,
        **dict.fromkeys(PRIMITIVES, _primitive),
    }
