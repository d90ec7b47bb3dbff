"""The operations of ``paths`` a scope takes, and the definitions of what a client sends and
receives in each: its inline request body, its inline responses and its parameters.

Names are fixed, so that users can rely on them. An operation's base name is its ``operationId``
in PascalCase, else its method and the words of its path (``post /orders`` → ``PostOrders``).

* ``{Base}Request``: the request body's schema (JSON, ``multipart/form-data`` or
  ``application/x-www-form-urlencoded``);
* ``{Base}Response`` when one response status has an inline schema, else ``{Base}Response{Status}``
  for each (``200``, ``4XX``, ``Default``);
* ``{Base}Parameters``: one model with a field per path, query, header and cookie parameter.

A body or response given by ``$ref`` to ``components/requestBodies`` or ``components/responses`` is
named after that key; a schema that is a ``$ref`` to a component schema is that component's model.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from typing import Any, Protocol
from urllib.parse import unquote

from .. import ir
from ..errors import Location, SpecError, unescape_pointer_token
from ..naming import pascal
from ..resolve import Resolver
from ..scope import Scope, UnknownName
from . import values

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")  # (query: OpenAPI 3.2)
PARAMETER_PLACES = ("path", "query", "header", "cookie")
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
REQUESTS, RESPONSES = "requests", "responses"  # the ways a message travels: sent by the client, received
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


@dataclass(frozen=True)
class Operation:
    """One operation of ``paths``: where it is, how a user names it, and its tags."""

    method: str
    path: str
    operation_id: str | None
    tags: tuple[str, ...]
    loc: Location

    @property
    def label(self) -> str:
        """``post /orders``: how it is named when it has no ``operationId``."""
        return f"{self.method} {self.path}"

    @property
    def base_name(self) -> str:
        """``createUser`` → ``CreateUser``; ``get /users/{user_id}`` → ``GetUsersUserId``."""
        if self.operation_id:
            return pascal(self.operation_id) or pascal(self.label)
        return pascal(self.method) + "".join(pascal(word) for word in self.path.split("/"))


def operations_of(resolver: Resolver, section: str = "paths") -> list[Operation]:
    """Every operation of the root document's ``paths`` (or of another section of path items:
    ``webhooks``, whose "paths" are the webhooks' names), in the document's order (a path item
    given by ``$ref`` is where it leads)."""
    file = resolver.root.name
    paths = resolver.root.data.get(section) or {}
    if not isinstance(paths, dict):
        raise SpecError(f"{section} must be a mapping", location=Location(file, f"/{section}"))
    found = []
    for path, raw in paths.items():
        item_loc, item = _followed(resolver, Location(file).child(section, str(path)), raw)
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            node = item.get(method)
            if isinstance(node, dict):
                op_id = node.get("operationId")
                tags = tuple(t for t in node.get("tags") or () if isinstance(t, str))
                found.append(Operation(method, str(path), op_id if isinstance(op_id, str) else None, tags, item_loc.child(method)))
    return found


def selected(operations: list[Operation], scope: Scope, file: str, warn: Callable[[Location, str], None]) -> list[Operation]:
    """The operations ``scope`` names (by ``operationId``, ``"METHOD /path"`` or ``"*"``) and
    those with one of its tags, in the document's order; a name or tag that matches none is an
    error with the nearest ones, and so is an ``operationId`` that several operations have (one
    chosen otherwise is warned about)."""
    by_name = {op.label: op for op in operations}
    by_name.update({op.base_name: op for op in operations})  # as the models name it: CreateOrder
    by_name.update({op.operation_id: op for op in operations if op.operation_id})
    sharing: dict[str, list[Operation]] = {}  # operationIds that several operations have
    for each in operations:
        sharing.setdefault(each.operation_id or "", []).append(each)
    sharing = {name: ops for name, ops in sharing.items() if name and len(ops) > 1}
    chosen: set[str] = set()
    for name in scope.operations:
        if name == "*":
            chosen.update(op.loc.key for op in operations)
            continue
        if name in sharing:
            labels = " and ".join(op.label for op in sharing[name])
            raise SpecError(f"operationId {name!r} is that of {labels}", hint='name one as "METHOD /path"').at_file(file, "/paths")
        method, _, path = name.partition(" ")
        op = by_name.get(name) or by_name.get(f"{method.lower()} {path.strip()}")
        if op is None and scope.missing_ok:  # (another version of the spec has it)
            continue
        if op is None:
            known = [n for op in operations for n in ((op.operation_id,) if op.operation_id else ()) + (op.label,)]
            raise _unknown("operation", name, known, file)
        chosen.add(op.loc.key)
    known_tags = list(dict.fromkeys(t for op in operations for t in op.tags))
    for tag in scope.tags:
        if tag not in known_tags and scope.missing_ok:
            continue
        if tag not in known_tags:
            raise _unknown("tag", tag, known_tags, file)
        chosen.update(op.loc.key for op in operations if tag in op.tags)
    found = [op for op in operations if op.loc.key in chosen]
    for each in found:
        if each.operation_id in sharing:
            others = ", ".join(o.label for o in sharing[each.operation_id] if o is not each)
            warn(each.loc.child("operationId"), f"operationId {each.operation_id!r} is also that of {others} (OpenAPI wants it unique): their models are named apart")
    return found


def _unknown(kind: str, name: str, known: list[str], file: str) -> SpecError:
    """An operation or tag the spec lacks, with the nearest ones (the config entry that named it
    takes the blame: ``UnknownName``)."""
    near = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(near)}?" if near else f"no {kind} of the spec is named like it"
    if not known and kind == "tag":
        hint = "no operation of the spec has a tag"
    return UnknownName(name, f"no {kind} named {name!r}", hint, key=f"{kind}s").at_file(file, "/paths")


class Builder(Protocol):
    """What an operation's definitions are made with: the definition table's builder."""

    resolver: Resolver
    defs: dict[str, ir.Definition]

    def define(self, loc: Location, node: Any, hint: tuple[str, ...] | None = None) -> None: ...
    def define_pending(self) -> None: ...
    def building(self, key: str) -> AbstractContextManager[None]: ...
    def named_in(self, key: str) -> AbstractContextManager[None]: ...
    def type_of(self, node: Any, loc: Location, hint: tuple[str, ...], in_union: bool = False) -> ir.TypeExpr: ...
    def describe(self, node: Any, loc: Location) -> str | None: ...
    def warn(self, loc: Location, message: str, hint: str | None = None) -> None: ...


class OperationReader:
    """Makes the definitions of one operation with the builder's machinery; returns their keys."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.resolver = builder.resolver
        self._named: dict[tuple[str, str], set[str]] = {}  # the component schemas named through a $ref

    def read(self, op: Operation) -> list[tuple[str, str]]:
        """The keys of the operation's definitions, each with the direction it travels in
        ("write": what the client sends; "read": what it receives)."""
        node = self.resolver.node(op.loc)
        base, label = op.base_name, f"{op.method.upper()} {op.path}"
        keys = []
        body = node.get("requestBody")
        if body is not None:
            about = f"The body of a `{label}` request."
            found = self._content_of(body, op.loc.child("requestBody"), (f"{base}Request",), about, request=True)
            keys += [(k, "write") for k in found]
        keys += [(k, "read") for k in self._responses(node.get("responses"), op.loc.child("responses"), base, label)]
        params = self._parameters(op)
        if params:
            keys.append((self._parameters_model(params, op.loc.child("parameters"), (f"{base}Parameters",), label), "write"))
        if not keys:
            self.builder.warn(op.loc, f"`{label}` has no parameter, body or response a model can be made of (JSON or a form)")
        return keys

    # -- bodies and responses ------------------------------------------------------------------

    def _content_of(self, node: Any, loc: Location, hint: tuple[str, ...], about: str, request: bool) -> list[str]:
        """The definition of a body's schema (a request body or a response), named ``hint``
        when it is inline, after its key when it is in ``components``; described by the body's
        description, else (inline) by ``about``."""
        if isinstance(node, dict) and "$ref" in node:
            loc, node = self.resolver.resolve(node["$ref"], loc)
            if _component_hint(loc):
                hint, about = _component_hint(loc) or hint, ""
        if not isinstance(node, dict):
            return []
        if request and isinstance(node.get("description"), str):
            about = node["description"]
        schema_at = _media_schema(node.get("content"), loc.child("content"), request)
        if schema_at is None:
            return []
        schema_loc, schema, _ = schema_at
        return [self._schema(schema, schema_loc, hint, about)]

    def _schema(self, schema: Any, loc: Location, hint: tuple[str, ...], about: str) -> str:
        """The key of the definition of a body's schema: a component's own, else a new one
        (described by ``about`` when the schema says nothing)."""
        builder = self.builder
        if isinstance(schema, dict) and set(schema) == {"$ref"}:
            target_loc, target = self.resolver.resolve(schema["$ref"], loc)
            builder.define(target_loc, target)
            builder.define_pending()
            return target_loc.key
        builder.define(loc, schema, hint)
        builder.define_pending()
        made = builder.defs[loc.key]
        if made.description is None and about:
            builder.defs[loc.key] = replace(made, description=about)
        return loc.key

    def _responses(self, node: Any, loc: Location, base: str, label: str) -> list[str]:
        if not isinstance(node, dict):
            return []
        inline = []  # (status, loc, schema) of the responses written in place with a schema
        keys = []
        for status, response in node.items():
            rloc = loc.child(str(status))
            if isinstance(response, dict) and "$ref" in response:
                about = f"The body of a `{label}` response ({status})."
                keys += self._content_of(response, rloc, (f"{base}Response{_status_word(str(status))}",), about, request=False)
                continue
            if not isinstance(response, dict):
                continue
            schema_at = _media_schema(response.get("content"), rloc.child("content"), request=False)
            if schema_at is not None:
                sloc, schema, _ = schema_at
                if isinstance(schema, dict) and set(schema) == {"$ref"}:  # a component's own model
                    keys.append(self._schema(schema, sloc, (), ""))
                else:
                    inline.append((str(status), sloc, schema, response.get("description")))
        for status, sloc, schema, description in inline:
            name = f"{base}Response" if len(inline) == 1 else f"{base}Response{_status_word(status)}"
            about = f"The body of a `{label}` response ({'any other status' if status == 'default' else status})"
            about += f": {description}" if isinstance(description, str) and description.strip() else "."
            keys.append(self._schema(schema, sloc, (name,), about))
        return keys

    # -- directions of component schemas -----------------------------------------------------

    def component_directions(self, among: Collection[str]) -> dict[str, set[str]]:
        """The views ("write": sent, "read": received) the component schemas ``among`` travel
        in, by name, through the messages of every operation (``messages``). ``among`` must hold
        every component schema that refers to one of them (as the schemas whose views differ
        do): no other schema is looked into."""
        data = self.resolver.root.data
        seeds: dict[str, set[str]] = {"write": set(), "read": set()}  # the schemas named in place
        for way, loc, node in messages(self.resolver):
            seeds["write" if way == frozenset({REQUESTS}) else "read"].update(self._named_in(node, loc))
        schemas = (data.get("components") or {}).get("schemas") or {}
        refs: dict[str, set[str]] = {}  # what each component schema names, found once
        found: dict[str, set[str]] = {}
        for direction, names in seeds.items():
            stack = [n for n in names if n in among]
            seen: set[str] = set()
            while stack:
                name = stack.pop()
                if name not in seen:
                    seen.add(name)
                    found.setdefault(name, set()).add(direction)
                    if name not in refs:
                        refs[name] = refs_in([schemas[name]])[0]
                    stack.extend(n for n in refs[name] if n in among)
        return found

    def _named_in(self, node: Any, loc: Location) -> set[str]:
        """The component schemas a part of a message names, through the ``$ref``s to other
        components too (each looked into once: the same for every operation that uses it)."""
        found, others = refs_in([node])
        for ref in others:
            key = (loc.file, ref)
            if key not in self._named:
                self._named[key] = set()  # (a cycle of references names nothing more)
                try:
                    target_loc, target_node = self.resolver.resolve(ref, loc)
                except SpecError:
                    continue  # reported where a model of it is made, if one is
                self._named[key] = self._named_in(target_node, target_loc)
            found |= self._named[key]
        return found

    # -- parameters ------------------------------------------------------------------------

    def _parameters(self, op: Operation) -> list[tuple[dict[str, Any], Location]]:
        """The operation's parameters with those of its path item, the operation's winning
        where both have one (by name and place), each resolved."""
        found: dict[tuple[str, str], tuple[dict[str, Any], Location]] = {}
        item_loc = Location(op.loc.file, op.loc.pointer.rsplit("/", 1)[0])
        for owner in (item_loc, op.loc):
            raw = self.resolver.node(owner).get("parameters") or []
            if not isinstance(raw, list):
                raise SpecError("parameters must be a list", location=owner.child("parameters"))
            for i, param in enumerate(raw):
                ploc = owner.child("parameters", i)
                if isinstance(param, dict) and "$ref" in param:
                    ploc, param = self.resolver.resolve(param["$ref"], ploc)
                if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                    raise SpecError("a parameter must be a mapping with a name", location=ploc)
                if param.get("in") not in PARAMETER_PLACES:
                    raise SpecError(f"a parameter's 'in' must be one of {', '.join(PARAMETER_PLACES)}", location=ploc)
                if param["in"] == "header" and param["name"].lower() in IGNORED_HEADERS:
                    continue  # OpenAPI: described by the media types and security schemes, not here
                found[param["name"], param["in"]] = (param, ploc)
        return list(found.values())

    def _parameters_model(
        self, params: list[tuple[dict[str, Any], Location]], loc: Location, hint: tuple[str, ...], label: str
    ) -> str:
        builder = self.builder
        fields = []
        seen: set[str] = set()
        with builder.building(loc.key):
            for param, ploc in params:
                schema_at = _parameter_schema(param, ploc)
                wire = param["name"]
                if wire in seen:  # the same name in two places: the later is told by its place
                    wire = f"{param['in']}_{wire}"
                    builder.warn(ploc, f"parameter {param['name']!r} is in several places; this one is the field {wire!r}")
                seen.add(wire)
                ftype: ir.TypeExpr = ir.AnyType()
                default = None
                if schema_at is not None:
                    sloc, schema = schema_at
                    # a parameter of components is named after its key there (shared by operations)
                    named = _component_hint(ploc) or hint + (wire,)
                    with builder.named_in(ploc.key):  # a parameter of the path item or of components too
                        ftype = builder.type_of(schema, sloc, named)
                    default = values.default(schema, sloc, ftype, self.resolver, builder.defs, builder.warn)
                required = param.get("required") is True or param["in"] == "path"
                deprecated = param.get("deprecated") is True
                fields.append(ir.Field(wire, ftype, required, default, builder.describe(param, ploc), deprecated, ploc.key))
            description = f"The parameters of `{label}`."
            builder.defs[loc.key] = ir.Model(loc.key, hint, tuple(fields), description, None, loc.key)
        builder.define_pending()
        return loc.key


PREFIX = "#/components/schemas/"


def refs_in(nodes: list[Any]) -> tuple[set[str], set[str]]:
    """The names of the root document's component schemas that ``nodes`` refer to directly, and
    their other ``$ref``s (to other components, other documents), in one walk."""
    schemas: set[str] = set()
    others: set[str] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if type(node) is dict:
            ref = node.get("$ref")
            if type(ref) is str:
                if ref.startswith(PREFIX):
                    schemas.add(unescape_pointer_token(ref[len(PREFIX) :].split("/")[0]))
                else:
                    others.add(ref)
            if "example" in node or "examples" in node:  # (large, and no schema in them)
                stack.extend(v for k, v in node.items() if k != "example" and k != "examples")
            else:
                stack.extend(node.values())
        elif type(node) is list:
            stack.extend(node)
    return schemas, others


def multipart_bodies(resolver: Resolver) -> set[str]:
    """The keys of the schemas that are a ``multipart/form-data`` request body of an operation
    of the spec (where a string of ``format: binary`` is a file's bytes), whatever a job takes:
    a schema is read the same way in every job."""
    found = set()
    for op in operations_of(resolver):
        loc, body = op.loc.child("requestBody"), resolver.node(op.loc).get("requestBody")
        try:
            if isinstance(body, dict) and "$ref" in body:
                loc, body = resolver.resolve(body["$ref"], loc)
            content = body.get("content") if isinstance(body, dict) else None
            for media, node in content.items() if isinstance(content, dict) else ():
                if _base_type(str(media)) == "multipart/form-data" and isinstance(node, dict) and "schema" in node:
                    where, schema = loc.child("content", str(media), "schema"), node["schema"]
                    if isinstance(schema, dict) and "$ref" in schema:
                        where, schema = resolver.resolve(schema["$ref"], where)
                    found.add(where.key)
        except SpecError:
            continue  # reported where a model of it is made, if one is
    return found


def _parameter_schema(param: dict[str, Any], loc: Location) -> tuple[Location, Any] | None:
    if "schema" in param:
        return loc.child("schema"), param["schema"]
    found = _media_schema(param.get("content"), loc.child("content"), request=True)
    return found[:2] if found is not None else None


def _media_schema(content: Any, loc: Location, request: bool) -> tuple[Location, Any, str] | None:
    """The schema of the media type a model is made for, and that media type: JSON first, then
    (in a request) a form; None when the content has neither, or no schema."""
    if not isinstance(content, dict):
        return None
    for media in _by_preference(content, request):
        media_node = content[media]
        if isinstance(media_node, dict) and "schema" in media_node:
            return loc.child(media, "schema"), media_node["schema"], media
    return None


def _by_preference(content: dict[str, Any], request: bool) -> Iterator[str]:
    names = [str(m) for m in content]
    yield from (m for m in names if _is_json(m))
    if request:
        for form in FORM_TYPES:
            yield from (m for m in names if _base_type(m) == form)


def _base_type(media: str) -> str:
    """``Application/JSON; charset=utf-8`` → ``application/json``."""
    return media.split(";")[0].strip().lower()


def _is_json(media: str) -> bool:
    kind = _base_type(media)
    return kind in ("application/json", "*/*") or kind.endswith(("+json", "/json"))


def _status_word(status: str) -> str:
    return "Default" if status.lower() == "default" else status.upper()


def _component_hint(loc: Location) -> tuple[str, ...] | None:
    """The name of a request body, response or parameter in ``components``, from its pointer."""
    tokens = [unescape_pointer_token(t) for t in loc.pointer.split("/")[1:]]
    if len(tokens) == 3 and tokens[0] == "components" and tokens[1] in ("requestBodies", "responses", "parameters"):
        return (tokens[2],)
    return None


# -- the messages of every operation, and the way each travels ------------------------------


def messages(resolver: Resolver) -> Iterator[tuple[frozenset[str], Location, Any]]:
    """Each part of each operation that holds schemas (parameters, bodies, response headers),
    with the way it travels: the operations of ``paths``, then those of ``webhooks`` (whose
    requests the client receives; ``x-webhooks`` as OpenAPI 3.0 specs such as GitHub's spell it)."""
    root = resolver.root
    data = root.data if isinstance(root.data, dict) else {}
    sections = (("paths", REQUESTS, RESPONSES), ("webhooks", RESPONSES, REQUESTS), ("x-webhooks", RESPONSES, REQUESTS))
    for section, sent, received in sections:
        items = data.get(section)
        if isinstance(items, dict):
            for name, item in items.items():
                yield from _path_item(resolver, Location(root.name, f"/{section}").child(str(name)), item, sent, received, 0)


def _path_item(resolver: Resolver, loc: Location, item: Any, sent: str, received: str, depth: int) -> Iterator[tuple[frozenset[str], Location, Any]]:
    loc, item = _followed(resolver, loc, item)
    if not isinstance(item, dict) or depth > 8:
        return
    if "parameters" in item:
        yield frozenset({sent}), loc.child("parameters"), item["parameters"]
    for method in METHODS:
        operation = item.get(method)
        if not isinstance(operation, dict):
            continue
        at = loc.child(method)
        for part in ("parameters", "requestBody"):
            if part in operation:
                yield frozenset({sent}), at.child(part), operation[part]
        if "responses" in operation:
            yield frozenset({received}), at.child("responses"), operation["responses"]
        callbacks = operation.get("callbacks")
        if isinstance(callbacks, dict):  # the server calls the client: the directions turn round
            for name, callback in callbacks.items():
                where, callback = _followed(resolver, at.child("callbacks", str(name)), callback)
                if isinstance(callback, dict):
                    for expression, inner in callback.items():
                        yield from _path_item(resolver, where.child(str(expression)), inner, received, sent, depth + 1)


def _followed(resolver: Resolver, loc: Location, node: Any) -> tuple[Location, Any]:
    """A node, or what its ``$ref`` names (a path item or callback kept in components)."""
    for _ in range(8):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            break
        try:
            loc, node = target(resolver, node["$ref"], loc)
        except SpecError:
            return loc, None
    return loc, node


def target(resolver: Resolver, ref: str, site: Location) -> tuple[Location, Any]:
    """What a ``$ref`` names, one step (a reference to a reference is not followed further)."""
    if ref.startswith("#/"):
        pointer = unquote(ref[1:])
        loc = Location(site.file, pointer)
        return loc, resolver.node(loc)
    return resolver.resolve(ref, site)
