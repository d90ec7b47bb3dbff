"""Find what a ``$ref`` points at: in the same file or in a file next to it."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.errors import Location, SpecError, unescape_pointer_token
from generator.load import Document, load_document


class Resolver:
    """Resolves references from a root document; every file is read once."""

    def __init__(self, root: Document, allow_outside: bool = False) -> None:
        self.root = root
        self.allow_outside = allow_outside
        self._docs: dict[str, Document] = {root.name: root}
        self._paths: dict[str, Path] = {root.name: root.path}

    def document(self, name: str) -> Document:
        return self._docs[name]

    def loaded(self) -> list[str]:
        """Names of every document read so far, the root first."""
        return list(self._docs)

    def node(self, loc: Location) -> Any:
        """The data at ``loc`` (which must exist)."""
        return self._walk(self._docs[loc.file].data, loc.pointer, loc)

    def resolve(self, ref: object, site: Location) -> tuple[Location, Any]:
        """Follow ``$ref`` chains from ``site`` to a schema that is not just a reference."""
        seen: list[str] = []
        loc, node = self._resolve_one(ref, site)
        while isinstance(node, dict) and set(node) == {"$ref"}:
            if loc.key in seen:
                chain = " -> ".join(seen + [loc.key])
                raise SpecError(
                    f"$ref cycle that never reaches a schema: {chain}",
                    location=site,
                    hint="one schema of the cycle must have content of its own",
                )
            seen.append(loc.key)
            loc, node = self._resolve_one(node["$ref"], loc)
        return loc, node

    def _resolve_one(self, ref: object, site: Location) -> tuple[Location, Any]:
        where = site.child("$ref")
        if not isinstance(ref, str):
            raise SpecError("$ref must be a string", location=where)
        target, _, fragment = ref.partition("#")
        if target.startswith(("http://", "https://")):
            raise SpecError(
                f"remote $ref {ref!r} is not followed",
                location=where,
                hint="download the referenced file next to the spec and refer to it by a relative path",
            )
        name = site.file
        if target:
            name = self._load_relative(target, site, where)
        pointer = unquote(fragment)
        if pointer and not pointer.startswith("/"):
            raise SpecError(f"$ref {ref!r}: the fragment must be a JSON pointer", location=where)
        loc = Location(name, pointer)
        return loc, self._walk(self._docs[name].data, pointer, where, ref)

    def _load_relative(self, target: str, site: Location, where: Location) -> str:
        base = self._paths[site.file].parent
        path = (base / unquote(target)).resolve()  # symbolic links followed: where the file really is
        root_dir = self._paths[self.root.name].parent.resolve()
        try:
            name = path.relative_to(root_dir).as_posix()
        except ValueError:
            if not self.allow_outside:
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
            self._docs[name] = load_document(path, name)
            self._paths[name] = path
        return name

    def _walk(self, data: Any, pointer: str, where: Location, ref: str | None = None) -> Any:
        node = data
        if not pointer:
            return node
        done = ""
        for raw in pointer[1:].split("/"):
            token = unescape_pointer_token(raw)
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, dict) and token.isdigit() and int(token) in node:
                node = node[int(token)]  # YAML reads an unquoted key like 200 as a number
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
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
