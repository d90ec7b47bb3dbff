"""OpenAPI Overlay 1.0: fixes to a vendor's spec, kept beside it and applied on every run.

An overlay lists actions, each a JSONPath ``target`` (RFC 9535, evaluated by the
``jsonpath-rfc9535`` library) with an ``update`` or ``remove: true``. Actions apply in order to the
root document, after it is read and before any ``$ref`` is followed:

- ``update`` on an object merges into it: objects are merged key by key, anything else replaces;
  ``update`` on an array appends the value to it;
- ``remove: true`` takes each selected node out of the object or array holding it.

An action that selects nothing is a warning (after a spec update the fix is usually obsolete,
or the spec moved); a malformed overlay is an error with its file and pointer.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Diagnostic, Location, SpecError, shown
from .sources import Files

VERSIONS = ("1.0.", "1.1.")


@dataclass(frozen=True)
class Action:
    """One action: a JSONPath ``target`` with an ``update`` (merged into an object, appended to an
    array) or ``remove``; ``description`` says why (an overlay read from a file, or one that
    ``check-payloads`` writes)."""

    target: str
    update: Any = None
    remove: bool = False
    description: str | None = None

    def key(self) -> str:
        """What the action does, as text: equal for equal actions, whatever their descriptions."""
        return json.dumps([self.target, self.update, self.remove], sort_keys=True)

    def entry(self) -> dict[str, Any]:
        """The action as an Overlay document lists it."""
        entry: dict[str, Any] = {"target": self.target}
        if self.description is not None:
            entry["description"] = self.description
        if self.remove:
            entry["remove"] = True
        else:
            entry["update"] = self.update
        return entry

    def label(self, index: int) -> str:
        """How messages name the action, as the ``index``-th of its overlay."""
        what = f" ({self.description})" if self.description else ""
        return f"action {index} {self.target!r}{what}"

    def __str__(self) -> str:
        if self.remove:
            return f"remove {self.target}"
        return f"update {self.target} with {json.dumps(self.update, ensure_ascii=False)}"


@dataclass(frozen=True)
class Overlay:
    name: str  # as messages show it
    actions: tuple[Action, ...]


def load_overlay(path: Path, name: str | None = None, files: Files | None = None) -> Overlay:
    """Read and check an overlay document (YAML or JSON); ``files``: the run's reads. An error
    names the file as it was given (``fixes/api.yaml``), so that it can be found."""
    from .load import as_given, positioned, read_data

    shown_name = name or path.name
    try:
        data, _, _ = read_data(path, shown_name, files)
        return _overlay(data, shown_name)
    except SpecError as exc:
        raise as_given(positioned(exc, path, files), path, shown_name) from None


def _overlay(data: Any, shown_name: str) -> Overlay:
    where = Location(shown_name)
    if not isinstance(data, dict) or "overlay" not in data:
        raise SpecError(
            "not an Overlay document: there is no 'overlay' key",
            location=where,
            hint="an overlay starts with 'overlay: 1.0.0', then 'info' and 'actions'",
        )
    if not str(data["overlay"]).startswith(VERSIONS):
        raise SpecError(f"Overlay {shown(data['overlay'])} is not supported, only 1.0", location=where.child("overlay"))
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        raise SpecError("'actions' must be a non-empty list", location=where.child("actions"))
    found = []
    for i, raw in enumerate(actions):
        at = where.child("actions", i)
        if not isinstance(raw, dict) or not isinstance(raw.get("target"), str) or not raw["target"].startswith("$"):
            raise SpecError("an action needs a 'target': a JSONPath starting with $", location=at)
        if "update" not in raw and raw.get("remove") is not True:
            raise SpecError("an action needs an 'update' or 'remove: true'", location=at)
        _compile(raw["target"], at.child("target"))
        description = raw.get("description")
        found.append(
            Action(raw["target"], raw.get("update"), raw.get("remove") is True, description if isinstance(description, str) else None)
        )
    return Overlay(shown_name, tuple(found))


def _compile(target: str, where: Location) -> Any:
    import jsonpath_rfc9535 as jsonpath

    try:
        return jsonpath.compile(target)
    except jsonpath.JSONPathError as exc:
        raise SpecError(f"invalid JSONPath {target!r}: {exc}", location=where) from None


def apply_overlay(document: Any, overlay: Overlay) -> list[Diagnostic]:
    """Apply ``overlay``'s actions, in order, to ``document`` (changed in place); the warnings."""
    warnings = []
    for index, action in enumerate(overlay.actions):
        where = Location(overlay.name).child("actions", index)
        nodes = _compile(action.target, where.child("target")).find(document)
        if not nodes:
            warnings.append(
                Diagnostic(
                    False,
                    f"{action.label(index)} selects nothing in the spec",
                    where,
                    "after a spec update the fix may be obsolete, or the spec moved: check the target",
                )
            )
            continue
        if action.remove:
            # the deepest and last first, so that removing one does not move another
            for node in sorted(nodes, key=lambda n: n.location, reverse=True):
                if node.location:
                    parent = _at(document, node.location[:-1])
                    del parent[node.location[-1]]
                else:
                    raise SpecError("an action cannot remove the whole document", location=where.child("target"))
            continue
        for node in nodes:
            _update(node.value, action.update, where)
    return warnings


def _at(document: Any, location: tuple[Any, ...]) -> Any:
    node = document
    for step in location:
        node = node[step]
    return node


def _update(target: Any, update: Any, where: Location) -> None:
    if isinstance(target, list):
        target.append(copy.deepcopy(update))  # the document never shares a node with the overlay
    elif isinstance(target, dict) and isinstance(update, dict):
        _merge(target, update)
    else:
        raise SpecError(
            f"the update is {shown(update)}, but the target is {shown(target)}",
            location=where.child("update"),
            hint="an update merges an object into an object, or appends a value to an array",
        )


def _merge(target: dict[str, Any], update: dict[str, Any]) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
