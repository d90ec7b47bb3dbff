"""The component schemas of the root document, by name: where each is, and its schema.

A component is the schema under ``components/schemas`` of its name. A component that reading a
JSON Schema file or a folder of them added (``inputs.stands_for``) is the schema its ``$ref``
points to: a second name of the same definition (``--root person.schema.json`` names the schema of
that file), or a file of the folder.
"""

from __future__ import annotations

from typing import Any

from ..errors import Location, SpecError
from ..inputs import STANDS_FOR
from ..resolve import Resolver

# the kinds of input whose components may stand for a schema elsewhere
REFERRING = frozenset({"jsonschema", "folder"})


def component_schemas(resolver: Resolver) -> dict[str, tuple[Location, Any]]:
    """The root document's ``components/schemas``: each name with where its schema is, and the
    schema."""
    root = resolver.root
    components_node = root.data.get("components") or {}
    if not isinstance(components_node, dict):
        raise SpecError("components must be a mapping", location=Location(root.name, "/components"))
    schemas = components_node.get("schemas") or {}
    if not isinstance(schemas, dict):
        raise SpecError("components/schemas must be a mapping", location=Location(root.name, "/components/schemas"))
    at = Location(root.name).child("components", "schemas")
    found = {}
    for name, node in schemas.items():
        loc = at.child(str(name))
        if root.kind in REFERRING and isinstance(node, dict) and node.get(STANDS_FOR) is True:
            loc, node = resolver.resolve(node["$ref"], loc)
        found[str(name)] = (loc, node)
    return found


def component_hints(schemas: dict[str, tuple[Location, Any]]) -> dict[str, tuple[str, ...]]:
    """What names each component's definition: its first name (a second name, a file's, names
    the same definition)."""
    first: dict[str, str] = {}
    for name, (loc, _) in schemas.items():
        first.setdefault(loc.key, name)
    return {name: (first[loc.key],) for name, (loc, _) in schemas.items()}
