"""What a job takes from a spec: the scope the front end builds, selects and names.

Only what a scope reaches is normalised and named, so a job's models depend on its scope alone:
a schema added elsewhere in the spec changes none of its names, and a run pays for what it
generates, not for the whole spec.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .errors import SpecError


@dataclass(frozen=True)
class Scope:
    """Component schemas by name (``roots``), the models of operations (``operations``, and
    those of ``tags``), and everything they refer to; with none of the three, every component
    schema. With ``missing_ok``, a root the spec does not have is passed over (two versions of a
    spec compared), else it is an error."""

    roots: tuple[str, ...] = ()
    missing_ok: bool = False
    operations: tuple[str, ...] = ()  # by operationId, "METHOD /path", or "*" for every one
    tags: tuple[str, ...] = ()  # every operation with one of these tags

    @property
    def everything(self) -> bool:
        return not (self.roots or self.operations or self.tags)

    def tag(self) -> bytes:
        """The scope as bytes, for cache keys."""
        if self.everything:
            return b"\0scope:all"
        parts = [*self.roots, "\0ops", *self.operations, "\0tags", *self.tags, "\0missing-ok" if self.missing_ok else ""]
        return b"\0scope:" + "\0".join(parts).encode()

    def joined(self, other: Scope) -> Scope:
        """What either scope takes (both must name something: ``everything`` is not a union)."""
        def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys((*a, *b)))

        return Scope(union(self.roots, other.roots), self.missing_ok, union(self.operations, other.operations), union(self.tags, other.tags))

    def words(self) -> tuple[str, ...]:
        """What the scope names, as a module's header lists it (empty: every component schema)."""
        operations = ("every operation",) if "*" in self.operations else tuple(f"operation {o}" for o in self.operations)
        return (*self.roots, *operations, *(f"tag {t}" for t in self.tags))

    def roots_in(self, components: Collection[str], file: str) -> list[str]:
        """The roots, in order, that name one of ``components``; a root that names none is an
        error (with the nearest names) unless ``missing_ok``."""
        found = []
        for name in self.roots:
            if name in components:
                found.append(name)
            elif not self.missing_ok:
                raise unknown_component(name, components, file)
        return found


class UnknownName(SpecError):
    """A root, operation or tag that the spec lacks: the entry of the config that named it (``key``:
    ``roots``, ``operations``, ``tags``) can take the blame."""

    def __init__(self, name: str, message: str, hint: str, key: str = "roots") -> None:
        super().__init__(message, hint=hint, location=None)
        self.name = name
        self.key = key


def unknown_component(name: str, components: Collection[str], file: str) -> SpecError:
    """The error for a root that names no component schema, with the nearest names."""
    import difflib  # (errors only)

    near = difflib.get_close_matches(name, list(components), n=3, cutoff=0.6)
    return UnknownName(
        name,
        f"no component schema named {name!r}",
        f"did you mean {', '.join(near)}?" if near else "names are case-sensitive; see components/schemas",
    ).at_file(file, "/components/schemas")


EVERYTHING = Scope()
