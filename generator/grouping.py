"""Which module of a package each definition goes to (an ``output`` without ``.py``).

The rule, a pure function of the selected definitions, their names and the tags of the
operations that use them, so that a spec update moves a definition only when what uses it
changed:

- a definition that the operations of exactly one tag use (directly or through other
  definitions) goes to that tag's module (``pets`` for the tag ``Pets``); a webhook without tags
  counts as tagged by its event: its ``operationId`` up to the first ``/`` (GitHub's
  ``issues/opened`` → ``issues``), or else its name; a schema's write view
  (``{Name}Request``) is used by the operations that send it, its read view by those that
  return it;
- one that the operations of several tags use goes to the module ``shared``;
- one that no tagged operation uses (a spec without tags, a schema no operation names) goes to
  the module named by the first word of its class name (``PetOwner`` → ``pet``);
- a module's name is the group's words in snake_case; a keyword, a module of the standard
  library or a file of the package gets a trailing underscore (``json_``);
- modules whose definitions refer to each other in a cycle that passes through a type alias
  (evaluated when its module runs, so the other module's names must already be there) are
  merged into the first of them by name. Cycles through models alone stay across modules: their
  annotations are resolved when a model is first used.

Each definition is written exactly once.
"""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from . import ir
from .errors import Location, unescape_pointer_token
from .ir import SpecIR
from .naming import Names, snake_case
from .normalise.operations import refs_in
from .normalise.views import WRITE_KEY
from .select import Edges, strongly_connected

if TYPE_CHECKING:
    from .normalise.operations import Operation
    from .resolve import Resolver

SHARED = "shared"
WEBHOOKS = ("webhooks", "x-webhooks")  # the sections of webhooks (``x-webhooks``: OpenAPI 3.0, GitHub's)
RUNTIME = "_modelgen_runtime"  # the module of the runtime code a package's modules share
# What a group may not be called: the package's own files.
_TAKEN = frozenset({"__init__", RUNTIME})
Seeds = tuple[tuple[str, tuple[str, ...]], ...]  # (definition key, the tags of the operations that name it)


def tag_seeds(resolver: Resolver, spec: SpecIR) -> Seeds:
    """The definitions the operations of the spec name directly, each with their tags: component
    schemas that an operation refers to (through components of other kinds too), and the models
    made of an operation itself (its request, responses, parameters)."""
    from .normalise.operations import (
        operations_of,  # (here: a package from the parse cache never loads the front end)
    )

    found: dict[str, set[str]] = {}
    by_operation = {}
    components: dict[str, frozenset[str]] = {}  # what a component of another kind names, walked once
    webhooks = [(op, op.tags or (_event(op),), True) for section in WEBHOOKS for op in operations_of(resolver, section)]
    for op, tags, webhook in [*((op, op.tags, False) for op in operations_of(resolver)), *webhooks]:
        if not tags:
            continue
        by_operation[op.loc.key] = tags
        item = resolver.node(op.loc)
        parent = resolver.node(Location(op.loc.file, op.loc.pointer.rsplit("/", 1)[0]))
        asked: list[Any] = [v for k, v in item.items() if k != "responses"] if isinstance(item, dict) else [item]
        if isinstance(parent, dict) and "parameters" in parent:
            asked.append(parent["parameters"])
        answered = [item.get("responses")] if isinstance(item, dict) else []
        # what the client sends is read in the write view, where a schema has one (a webhook's
        # request the other way round): {Name}Request goes where the operations that send it go
        for nodes, sent in ((asked, not webhook), (answered, webhook)):
            for name in _schemas_named(resolver.root.data, nodes, components):
                key = spec.components.get(name)
                if key is not None:
                    view = key + WRITE_KEY if sent and key + WRITE_KEY in spec.definitions else key
                    found.setdefault(view, set()).update(tags)
    for key in spec.definitions:
        owner = _operation_of(key, by_operation)
        if owner is not None:
            found.setdefault(key, set()).update(by_operation[owner])
    return tuple((key, tuple(sorted(tags))) for key, tags in sorted(found.items()))


def _event(webhook: Operation) -> str:
    """What a webhook without tags is grouped by: the event its ``operationId`` names before a
    ``/`` (``issues/opened``), else its name."""
    if webhook.operation_id and "/" in webhook.operation_id.strip("/"):
        return webhook.operation_id.strip("/").split("/")[0]
    return webhook.path


def _operation_of(key: str, operations: dict[str, tuple[str, ...]]) -> str | None:
    """The operation (its location's key) a definition made of an operation belongs to."""
    if not any(f"#/{section}/" in key for section in ("paths", *WEBHOOKS)):
        return None
    at = key
    for _ in range(16):
        if at in operations:
            return at
        if "/" not in at.partition("#")[2]:
            return None
        at = at.rsplit("/", 1)[0]
    return None


def _schemas_named(data: Any, nodes: list[Any], components: dict[str, frozenset[str]]) -> set[str]:
    """The component schemas that ``nodes`` (of the root document ``data``) refer to, following
    the references to other components (responses, parameters, request bodies, headers): what
    each of those names is kept in ``components``."""
    names, others = refs_in(nodes)
    for ref in others:
        if ref.startswith("#/components/"):
            if ref not in components:
                components[ref] = frozenset()  # (while it is walked: a cycle of components ends here)
                components[ref] = frozenset(_schemas_named(data, [_at(data, ref[2:])], components))
            names |= components[ref]
    return names


def _at(data: Any, pointer: str) -> Any:
    for token in pointer.split("/"):
        if not isinstance(data, dict):
            return None
        data = data.get(unescape_pointer_token(token))
    return data


def modules_of(spec: SpecIR, keys: list[str], names: Names, seeds: Seeds, edges: Edges) -> dict[str, str]:
    """The module of each of ``keys`` (see the module docstring)."""
    chosen = set(keys)
    reached: dict[str, set[str]] = {k: set() for k in keys}
    by_tag: dict[str, list[str]] = {}
    for key, tags in seeds:
        if key in chosen:
            for tag in tags:
                by_tag.setdefault(tag, []).append(key)
    for tag, starts in by_tag.items():
        for key in _reachable(starts, edges):
            reached[key].add(module_name(tag))
    home = {}
    for key in keys:
        groups = reached[key]
        if len(groups) == 1:
            home[key] = next(iter(groups))
        else:
            home[key] = SHARED if groups else module_name(first_word(names.cls(key)))
    return _merged(spec, home, edges)


def _reachable(starts: Iterable[str], edges: Edges) -> Iterator[str]:
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        key = stack.pop()
        if key not in seen:
            seen.add(key)
            yield key
            stack.extend(edges.get(key, ()))


def _merged(spec: SpecIR, home: dict[str, str], edges: Edges) -> dict[str, str]:
    """``home`` with each cycle of modules that passes through an alias made one module."""
    while True:
        graph: dict[str, set[str]] = {module: set() for module in home.values()}
        eager: set[tuple[str, str]] = set()  # (module, module it needs when it runs)
        for key, module in home.items():
            for target in edges.get(key, ()):
                other = home.get(target)
                if other is not None and other != module:
                    graph[module].add(other)
                    if isinstance(spec.definitions[key], ir.Alias):
                        eager.add((module, other))
        frozen = {m: frozenset(t) for m, t in graph.items()}
        merge = None
        for component in strongly_connected(frozen, set(frozen)):
            inside = set(component)
            if len(inside) > 1 and any(a in inside and b in inside for a, b in eager):
                merge = sorted(inside)
                break
        if merge is None:
            return home
        target = merge[0]
        home = {key: target if module in merge else module for key, module in home.items()}


@cache
def first_word(class_name: str) -> str:
    """``PetOwner`` → ``pet``; ``HTTPError`` → ``http``; ``V2Thing`` → ``v2``."""
    return snake_case(class_name).split("_")[0]


@cache
def module_name(group: str) -> str:
    """A group (a tag, a word) as a module's name: lower-case words joined by ``_``, a valid
    identifier that is not a keyword, one of the package's own files, nor the name of a module of
    the standard library (``json`` → ``json_``)."""
    words = re.findall(r"[a-z0-9]+", snake_case(re.sub(r"[^A-Za-z0-9]+", " ", group)).replace(" ", "_").lower())
    name = "_".join(words) or "models"
    if name[0].isdigit():
        name = f"m{name}"
    if keyword.iskeyword(name) or name in _TAKEN or name in sys.stdlib_module_names:
        name += "_"
    return name


def module_dependencies(home: dict[str, str], edges: Edges) -> dict[str, set[str]]:
    """The modules each module of the package names."""
    found: dict[str, set[str]] = {module: set() for module in home.values()}
    for key, module in home.items():
        for target in edges.get(key, ()):
            other = home.get(target)
            if other is not None and other != module:
                found[module].add(other)
    return found


def cyclic_pairs(dependencies: dict[str, set[str]]) -> set[tuple[str, str]]:
    """The (module, module it names) pairs inside a cycle of modules: imported at the end of
    the module, once its own definitions exist."""
    frozen = {m: frozenset(t) for m, t in dependencies.items()}
    pairs: set[tuple[str, str]] = set()
    for component in strongly_connected(frozen, set(frozen)):
        inside = set(component)
        for module in inside:
            pairs.update((module, other) for other in dependencies[module] if other in inside)
    return pairs

