"""Find what a ``$ref`` points at: in the same file, in a file next to it, or (when the user
allows it) in a document over http(s)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

from .errors import Location, SpecError, escape_pointer_token, unescape_pointer_token
from .inputs import dialect
from .inputs.schemas import each_schema
from .load import Document, load_document, load_remote
from .sources import Files, RefPolicy, is_remote


class Resolver:
    """Resolves references from a root document; every file is read once."""

    def __init__(self, root: Document, refs: RefPolicy = RefPolicy(), files: Files | None = None) -> None:
        assert root.path is not None, "the root spec is a file"
        self.root = root
        self.refs = refs
        self._files = files or Files()  # the run's reads: a document is read once, and parsed as hashed
        self._docs: dict[str, Document] = {root.name: root}
        # What a relative $ref in each document is relative to: a file's path, or a document's URL.
        self._bases: dict[str, Path | str] = {root.name: root.path}
        self._keyword_index: dict[tuple[str, str], list[tuple[Location, Any]]] = {}
        self._within: dict[tuple[str, Location, Location | None], tuple[Location, Any]] = {}  # see resolve
        # where each schema that is only a $ref leads in the end (chains are followed once)
        self._chain_ends: dict[str, tuple[Location, Any]] = {}
        # how a schema of another document is read in the root's dialect (a Swagger root's), and
        # the ids of the schemas so read
        self._dialect = dialect(root.kind)
        self._translated: set[int] = set()

    def aliased(self, node: Any) -> bool:
        """Whether ``node`` is the target of a YAML alias in one of the documents read."""
        for doc in self._docs.values():  # asked of every schema visited: no generator
            if doc.aliased and id(node) in doc.aliased:
                return True
        return False

    def document(self, name: str) -> Document:
        return self._docs[name]

    def loaded(self) -> list[str]:
        """Names of every document read so far, the root first."""
        return list(self._docs)

    def node(self, loc: Location) -> Any:
        """The data at ``loc`` (which must exist)."""
        return self._walk(self._docs[loc.file].data, loc.pointer, loc)

    def resolve(self, ref: object, site: Location, at: Location | None = None) -> tuple[Location, Any]:
        """Follow ``$ref`` chains from ``site`` to a schema that is not just a reference (``at``:
        where the reference is written, if not in ``site``'s ``$ref``). Where a chain that stays
        in its document leads is kept: a property's ``$ref`` is followed for its type, then for
        its default (one through another document may lead elsewhere once more documents are
        read, by an ``$id``)."""
        key = (ref, site, at) if isinstance(ref, str) else None
        found = self._within.get(key) if key is not None else None
        if found is None:
            loc, node, within = self._resolve_chain(ref, site, at)
            found = (loc, node)
            if within and key is not None:
                self._within[key] = found
        return found

    def _resolve_chain(self, ref: object, site: Location, at: Location | None) -> tuple[Location, Any, bool]:
        """Where the chain leads, and whether each of its references is within its document (``#...``)."""
        within = isinstance(ref, str) and ref.startswith("#")
        loc, node = self._resolve_one(ref, site, at)
        seen: dict[str, None] = {}  # the links followed, in order
        while isinstance(node, dict) and len(node) == 1 and "$ref" in node:
            end = self._chain_ends.get(loc.key)
            if end is not None:  # the rest of the chain was followed before (not kept by place:
                loc, node = end  # where it went is not known to stay in its document)
                within = False
                break
            if loc.key in seen:
                chain = " -> ".join([*seen, loc.key])
                raise SpecError(
                    f"$ref cycle that never reaches a schema: {chain}",
                    location=site,
                    hint="one schema of the cycle must have content of its own",
                )
            seen[loc.key] = None
            within = within and isinstance(node["$ref"], str) and node["$ref"].startswith("#")
            loc, node = self._resolve_one(node["$ref"], loc)
        for key in seen:  # where a link leads depends on the link alone: each is followed once
            self._chain_ends[key] = (loc, node)
        return loc, node, within

    def _resolve_one(self, ref: object, site: Location, at: Location | None = None) -> tuple[Location, Any]:
        where = at or site.child("$ref")
        if not isinstance(ref, str):
            raise SpecError("$ref must be a string", location=where)
        try:
            loc, node = self._follow(ref, site, where)
        except ValueError as exc:  # an address urllib or the file system cannot take (a bad IPv6 host, a NUL)
            raise SpecError(f"$ref {ref!r} is not a usable address: {exc}", location=where) from None
        if self._dialect is not None and loc.file != self.root.name:
            data = self._docs[loc.file].data
            if not (isinstance(data, dict) and "openapi" in data):  # (an OpenAPI 3 file is read as it is)
                each_schema([node], self._dialect, self._translated)
        return loc, node

    def _follow(self, ref: str, site: Location, where: Location) -> tuple[Location, Any]:
        target, _, fragment = ref.partition("#")
        name, root = site.file, ""
        resource = self._resource(site)  # the schema with an $id around the site: the base of its refs
        if target:
            base_uri = self._absolute(site.file, resource[1]) if resource else self._document_uri(site.file)
            absolute = urljoin(base_uri, target)
            by_id = self._identified(site.file).get(absolute)
            if by_id is not None:  # a schema's own $id, in a document already read
                name, root = by_id.file, by_id.pointer
            elif absolute == self._document_uri(site.file):  # the document itself ($self in OpenAPI 3.2)
                pass
            elif isinstance(base := self._bases[site.file], str) or is_remote(target):
                name = self._load_remote(urljoin(base, target) if isinstance(base, str) else target, ref, where)
            else:
                name = self._load_relative(target, base, where)
        pointer = unquote(fragment)
        if pointer and not pointer.startswith("/"):
            anchor = self._anchors(name, root).get(pointer)
            if anchor is None:
                raise SpecError(
                    f"$ref {ref!r}: no $anchor {pointer!r}",
                    location=where,
                    hint="a fragment is a JSON pointer (#/components/...) or the name of an $anchor",
                )
            return anchor, self.node(anchor)
        elif not target and resource is not None:
            # a fragment is relative to the schema resource it is in, as JSON Schema says; specs
            # also write document pointers there, so those are tried next
            try:
                return Location(name, resource[0] + pointer), self._walk(self._docs[name].data, resource[0] + pointer, where, ref)
            except SpecError:
                pass
        loc = Location(name, root + pointer)
        return loc, self._walk(self._docs[name].data, root + pointer, where, ref)

    # -- $id and $anchor ------------------------------------------------------------------------

    def _absolute(self, name: str, target: str) -> str:
        return urljoin(self._document_uri(name), target)

    def _document_uri(self, name: str) -> str:
        """The base URI of a document: its address, its ``$self`` (OpenAPI 3.2), or a file URI."""
        base = self._bases.get(name)
        if isinstance(base, str):
            return base
        own = self._docs[name].data.get("$self") if isinstance(self._docs[name].data, dict) else None
        return own if isinstance(own, str) and own else f"file:///{name}"

    def _resource(self, site: Location) -> tuple[str, str] | None:
        """The pointer and ``$id`` of the innermost schema with an ``$id`` that holds ``site``
        (the document's root aside)."""
        if not self._identified_on_path(site):
            return None  # the usual case: no index of the whole document is needed
        found = None
        for loc, node in self._schemas_with(site.file, "$id"):
            if loc.pointer and (site.pointer == loc.pointer or site.pointer.startswith(loc.pointer + "/")):
                if found is None or len(loc.pointer) > len(found[0]):
                    found = (loc.pointer, node["$id"])
        return found

    def _identified_on_path(self, site: Location) -> bool:
        """Whether a mapping on the way from the document's root to ``site`` (the root aside)
        has an ``$id``: a few lookups, where the index of every ``$id`` walks the document.

        Every schema the index finds around ``site`` is on that way (the index records a schema
        at a pointer that leads to it), so when none is, ``_resource`` finds none either; when
        one is, the index decides (a YAML alias can put a schema on several ways)."""
        node = self._docs[site.file].data
        for raw in site.pointer[1:].split("/") if site.pointer else ():
            node = _step(node, unescape_pointer_token(raw))
            if node is _MISSING:
                return False  # the rest of the way does not exist: no schema there
            if isinstance(node, dict) and isinstance(node.get("$id"), str):
                return True
        return False

    def _identified(self, name: str) -> dict[str, Location]:
        """Every schema with an ``$id`` in the documents read, by its absolute URI."""
        found: dict[str, Location] = {}
        for doc in list(self._docs):
            for loc, node in self._schemas_with(doc, "$id"):
                found.setdefault(self._absolute(doc, node["$id"]), loc)
        return found

    def _anchors(self, name: str, root: str) -> dict[str, Location]:
        """The ``$anchor`` names of the document ``name`` (under ``root``, the schema of an $id)."""
        return {
            node["$anchor"]: loc
            for loc, node in self._schemas_with(name, "$anchor")
            if loc.pointer.startswith(root)
        }

    def _schemas_with(self, name: str, keyword: str) -> list[tuple[Location, Any]]:
        """The mappings of a document that hold ``keyword`` with a string value (read once)."""
        key = (name, keyword)
        if key not in self._keyword_index:
            found = [(Location(name, pointer), node) for pointer, node in _mappings_with(self._docs[name].data, keyword)]
            self._keyword_index[key] = sorted(found, key=lambda pair: pair[0].pointer)
        return self._keyword_index[key]

    def _load_remote(self, url: str, ref: str, where: Location) -> str:
        if not is_remote(url):
            raise SpecError(
                f"$ref {ref!r} in a remote document leads to {url}, which is not an http(s) document",
                location=where,
                hint="a remote document may only refer to other http(s) documents",
            )
        if not self.refs.remote:
            raise SpecError(
                f"remote $ref {ref!r} is not followed",
                location=where,
                hint="download the file next to the spec and refer to it by a relative path, "
                "or pass --allow-remote-refs if you trust the server",
            )
        if url not in self._docs:
            self._docs[url] = load_remote(url, where, self._files)
            self._bases[url] = url
        return url

    def _load_relative(self, target: str, base: Path, where: Location) -> str:
        try:
            path = (base.parent / unquote(target)).resolve()  # symbolic links followed: where the file really is
        except (OSError, RuntimeError):  # a loop of symbolic links
            raise SpecError(f"$ref {target!r} leads into a loop of symbolic links", location=where) from None
        root_dir = self._root_dir()
        try:
            name = path.relative_to(root_dir).as_posix()
        except ValueError:
            if not self.refs.outside:
                raise SpecError(
                    f"$ref {target!r} leads outside the spec's folder (to {path})",
                    location=where,
                    hint="move the file next to the spec, or pass --allow-ref-outside if you trust it",
                ) from None
            name = path.as_posix()
        if name not in self._docs:
            if not path.is_file():
                raise SpecError(
                    f"$ref to a missing file {target!r}", location=where, hint=f"looked for {path}"
                )
            self._docs[name] = load_document(path, name, self._files)
            self._bases[name] = path
        return name

    def _root_dir(self) -> Path:
        assert self.root.path is not None
        return self.root.path.parent.resolve()

    def _walk(self, data: Any, pointer: str, where: Location, ref: str | None = None) -> Any:
        node = data
        if not pointer:
            return node
        done = ""
        for raw in pointer[1:].split("/"):
            token = unescape_pointer_token(raw)
            inner = _step(node, token)
            if inner is not _MISSING:
                node = inner
            else:
                near = []
                if isinstance(node, dict):
                    near = difflib.get_close_matches(token, [str(k) for k in node], n=3)
                hint = f"did you mean {', '.join(repr(n) for n in near)}?" if near else None
                what = f"$ref {ref!r} does not resolve" if ref else "pointer does not resolve"
                raise SpecError(
                    f"{what}: no {token!r} under {done or '/'}", location=where, hint=hint
                )
            done += "/" + raw
        return node


_MISSING: Any = object()


def _step(node: Any, token: str) -> Any:
    """What the pointer token ``token`` (unescaped) names in ``node``, or ``_MISSING``."""
    if isinstance(node, dict):
        if token in node:
            return node[token]
        if token.isdigit() and int(token) in node:
            return node[int(token)]  # YAML reads an unquoted key like 200 as a number
    elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return node[int(token)]
    return _MISSING


def _mappings_with(data: Any, keyword: str) -> list[tuple[str, Any]]:
    """The JSON pointer and the mapping of every mapping in ``data`` that holds ``keyword`` with a
    string value. A node that YAML aliases put in several places is taken once, where the walk
    (last key first) meets it first. Only mappings and lists are walked: a pointer is made for
    each of them, none for the scalars."""
    found: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = [("", data)] if isinstance(data, (dict, list)) else []
    seen: set[int] = set()
    while stack:
        pointer, node = stack.pop()
        if id(node) in seen:
            continue  # a YAML alias: its content is indexed where it was met first
        seen.add(id(node))
        if isinstance(node, dict):
            if isinstance(node.get(keyword), str):
                found.append((pointer, node))
            for k, v in node.items():
                if isinstance(v, (dict, list)):
                    stack.append((f"{pointer}/{escape_pointer_token(str(k))}", v))
        else:
            for i, v in enumerate(node):
                if isinstance(v, (dict, list)):
                    stack.append((f"{pointer}/{i}", v))
    return found
