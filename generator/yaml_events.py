"""YAML read as OpenAPI means it: the YAML 1.2 core schema, built straight from libyaml's events.

OpenAPI documents are YAML 1.2, where ``on``, ``OFF``, ``yes`` and ``2024-01-17T20:31:06Z`` are
strings (YAML 1.1, which PyYAML's loaders follow, reads them as booleans and a datetime). Here a
plain scalar is null (``null``, ``Null``, ``NULL``, ``~``, nothing), a boolean (``true``, ``True``,
``TRUE``, ``false``...), an integer (``12``, ``-3``, ``0o17``, ``0x1F``), a float (``1.5``,
``1e3``, ``.inf``, ``.nan``), or else a string; quoted and block scalars are strings. Mapping keys
are strings as written (a spec is JSON: ``200:`` is the key ``"200"``). An alias is the anchored
object itself, not a copy, and refers to the latest anchor of its name. Merge keys (``<<``), not
part of YAML 1.2 but widely used, are honoured. What JSON cannot hold (other tags, several
documents, a collection as a key, a node that contains itself) is an error with line and column.

libyaml parses; building objects from its events, without PyYAML's composer and constructors,
also takes half their time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

import yaml

try:  # the C parser is several times faster; fall back to the pure-Python one
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader

_CORE = "tag:yaml.org,2002:"
_WORDS: dict[str, Any] = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), -math.inf),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
}
_NUMBER_START = frozenset("0123456789-+.")
_NO_KEY: Any = object()  # no key read yet in the open mapping
_MERGE = object()  # the key `<<`


def load_yaml(text: str, aliased: set[int] | None = None, anchors: dict[str, Any] | None = None) -> Any:
    """The data of a one-document YAML text, by the YAML 1.2 core schema. ``aliased``, if given,
    receives the ids of the mappings and lists that aliases refer to (normalise bounds how often
    such a node may be expanded: an alias bomb costs nothing to read, but would to expand).
    ``anchors``, if given, holds the nodes of anchors written before the text (a part of a
    document read on its own), and receives those the text defines."""
    found: set[int] = set() if aliased is None else aliased
    try:
        return _Composer(found, anchors).build(yaml.parse(text, Loader=_Parser))
    except yaml.YAMLError as exc:
        if "maximum nesting depth" not in str(exc):
            raise
        # libyaml 0.2.6 (PyYAML 6.0.4's wheels) stops at 1,000 levels; the pure-Python parser has
        # no such limit, and building from its events does not recurse: the normaliser then says
        # where the schemas nest too deeply, with the pointer
        return _Composer(found, anchors).build(yaml.parse(text, Loader=yaml.SafeLoader))


class UndefinedAlias(yaml.MarkedYAMLError):
    """An alias to an anchor the text does not define (before it)."""

    def __init__(self, name: str, event: Any) -> None:
        super().__init__(problem=f"found undefined alias {name!r}", problem_mark=event.start_mark)
        self.name = name


def _error(problem: str, event: Any) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=problem, problem_mark=event.start_mark)


class _Composer:
    """Builds JSON values from libyaml's events: one handler for each kind of event (``HANDLERS``),
    the collections still open on a stack. Each finished value goes into the open collection
    (``_place``), or is the document's value."""

    __slots__ = ("aliased", "anchors", "documents", "keys", "merges", "open_anchors", "result", "stack")

    def __init__(self, aliased: set[int], anchors: dict[str, Any] | None = None) -> None:
        self.aliased = aliased
        self.anchors: dict[str, Any] = {} if anchors is None else anchors
        self.open_anchors: set[str] = set()  # anchors of collections not finished yet
        self.stack: list[Any] = []  # the open collections
        self.keys: list[Any] = []  # for each open mapping, the key waiting for its value (or _NO_KEY)
        self.merges: list[list[Any]] = []  # for each open mapping, the values of its `<<` keys
        self.result: Any = _NO_KEY
        self.documents = 0

    def build(self, events: Iterable[Any]) -> Any:
        handlers = self.HANDLERS
        stack, keys, scalar_event = self.stack, self.keys, yaml.ScalarEvent
        for event in events:
            # the common case first, in place: a scalar without anchor or tag in a collection
            # (a key that is not `<<`, a value, an item): what the handlers would do with it
            if type(event) is scalar_event and event.anchor is None and event.tag is None and stack:
                top = stack[-1]
                if type(top) is list:
                    top.append(_plain(event.value) if event.implicit[0] else event.value)
                    continue
                key = keys[-1]
                if key is _NO_KEY:
                    if event.value != "<<" and event.value not in top:
                        keys[-1] = event.value
                        continue
                elif key is not _MERGE:
                    top[key] = _plain(event.value) if event.implicit[0] else event.value
                    keys[-1] = _NO_KEY
                    continue
            handler = handlers.get(type(event))
            if handler is not None:  # stream start and end, document end: nothing to do
                handler(self, event)
        return None if self.result is _NO_KEY else self.result

    def _at_key(self) -> bool:
        """Whether the next node is a key: the open collection is a mapping waiting for one."""
        return bool(self.stack) and type(self.stack[-1]) is dict and self.keys[-1] is _NO_KEY

    def _place(self, value: Any, event: Any) -> None:
        """A finished value: the document's, an item of the open list, or the value of the open
        mapping's key (the sources of a merge key are kept for the mapping's end)."""
        stack = self.stack
        if not stack:
            self.result = value
        elif type(stack[-1]) is list:
            stack[-1].append(value)
        elif self.keys[-1] is _MERGE:
            if not isinstance(value, (dict, list)):
                raise _error("a merge key (<<) takes a mapping or a list of mappings", event)
            self.merges[-1].append(value)
            self.keys[-1] = _NO_KEY
        else:
            stack[-1][self.keys[-1]] = value
            self.keys[-1] = _NO_KEY

    # -- the handlers, one for each kind of event --

    def _scalar(self, event: Any) -> None:
        """A key (kept as written, or the merge key), or a value by the core schema."""
        if self._at_key():
            key = self.keys[-1] = _key(event)
            if key is not _MERGE and key in self.stack[-1]:
                raise _error(f"duplicate key {event.value!r} in a mapping (YAML 1.2 allows a key once)", event)
            if event.anchor is not None:
                self.anchors[event.anchor] = event.value
            return
        value = _scalar(event)
        if event.anchor is not None:
            self.anchors[event.anchor] = value
        self._place(value, event)

    def _alias(self, event: Any) -> None:
        """The anchored object itself (a scalar may be a key, as JSON writes it)."""
        if event.anchor not in self.anchors:
            raise UndefinedAlias(event.anchor, event)
        if event.anchor in self.open_anchors:
            raise _error(f"the alias {event.anchor!r} refers to a node that contains it", event)
        value = self.anchors[event.anchor]
        if isinstance(value, (dict, list)):
            self.aliased.add(id(value))
        if not self._at_key():
            self._place(value, event)
            return
        if isinstance(value, (dict, list)):
            raise _error("a mapping key must be a scalar", event)
        key = self.keys[-1] = _json_key(value)
        if key in self.stack[-1]:
            raise _error(f"duplicate key {key!r} in a mapping (YAML 1.2 allows a key once)", event)

    def _mapping_start(self, event: Any) -> None:
        self._open({}, event)
        self.keys.append(_NO_KEY)
        self.merges.append([])

    def _sequence_start(self, event: Any) -> None:
        self._open([], event)

    def _open(self, collection: Any, event: Any) -> None:
        """A new collection, open until its end event (an alias to it until then is a cycle)."""
        if event.tag not in (None, "!", _CORE + "map", _CORE + "seq"):
            raise _error(f"unsupported YAML tag {_shown_tag(event.tag)}: a spec holds JSON values", event)
        if self._at_key():
            raise _error("a mapping key must be a scalar", event)
        if event.anchor is not None:
            self.anchors[event.anchor] = collection
            self.open_anchors.add(event.anchor)
        self.stack.append(collection)

    def _mapping_end(self, event: Any) -> None:
        """A finished mapping, with the keys of its merge keys' mappings that it lacks."""
        mapping = self.stack.pop()
        self.keys.pop()
        sources = self.merges.pop()
        if sources:
            _merge(mapping, sources, event)
        self._close(mapping, event)

    def _sequence_end(self, event: Any) -> None:
        self._close(self.stack.pop(), event)

    def _close(self, collection: Any, event: Any) -> None:
        if self.open_anchors:
            for name in [n for n in self.open_anchors if self.anchors[n] is collection]:
                self.open_anchors.discard(name)
        self._place(collection, event)

    def _document_start(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _error("the file holds several YAML documents; a spec is one", event)

    HANDLERS: ClassVar[dict[type, Callable[[_Composer, Any], None]]] = {
        yaml.ScalarEvent: _scalar,
        yaml.AliasEvent: _alias,
        yaml.MappingStartEvent: _mapping_start,
        yaml.SequenceStartEvent: _sequence_start,
        yaml.MappingEndEvent: _mapping_end,
        yaml.SequenceEndEvent: _sequence_end,
        yaml.DocumentStartEvent: _document_start,
    }


def _merge(mapping: dict[str, Any], sources: list[Any], event: Any) -> None:
    """``<<: *a`` or ``<<: [*a, *b]``: the keys of the sources that ``mapping`` lacks, first."""
    merged: dict[str, Any] = {}
    for source in sources:
        for part in source if isinstance(source, list) else [source]:
            if not isinstance(part, dict):
                raise _error("a merge key (<<) takes a mapping or a list of mappings", event)
            for key, item in part.items():
                merged.setdefault(key, item)
    merged.update(mapping)
    mapping.clear()
    mapping.update(merged)


def _key(event: Any) -> Any:
    if event.tag is None and event.implicit[0] and event.value == "<<":
        return _MERGE
    if event.tag not in (None, "!", _CORE + "str", _CORE + "int", _CORE + "float", _CORE + "bool", _CORE + "null"):
        raise _error(f"unsupported YAML tag {_shown_tag(event.tag)} on a key", event)
    return event.value


def _json_key(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return "null" if value is None else ("true" if value else "false")
    return str(value)


def _scalar(event: Any) -> Any:
    value: str = event.value
    tag = event.tag
    if tag is None:
        return _plain(value) if event.implicit[0] else value
    if tag == "!" or tag == _CORE + "str":
        return value
    resolved = _plain(value)
    expected = {_CORE + "int": int, _CORE + "float": float, _CORE + "bool": bool, _CORE + "null": type(None)}.get(tag)
    if expected is None:
        raise _error(f"unsupported YAML tag {_shown_tag(tag)}: a spec holds JSON values", event)
    if expected is float and type(resolved) is int:
        return float(resolved)
    if type(resolved) is not expected:
        raise _error(f"{value!r} is not a valid {tag.removeprefix(_CORE)}", event)
    return resolved


def _plain(value: str) -> Any:
    """A plain scalar by the YAML 1.2 core schema."""
    if value[:1] in _NUMBER_START:
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
        if _OCT.fullmatch(value):
            return int(value, 8)
        if _HEX.fullmatch(value):
            return int(value, 16)
        return _SPECIAL_FLOATS.get(value, value)
    if value in _WORDS:
        return _WORDS[value]
    return value


def positions(text: str, pointers: set[str]) -> dict[str, tuple[int, int, str | None]]:
    """Line, column (1-based) and the scalar as written, of each JSON pointer of ``pointers``
    found in the YAML (or JSON) ``text``; for errors, so it re-reads the text only then."""
    found: dict[str, tuple[int, int, str | None]] = {}
    try:
        for pointer, event in _walk(yaml.parse(text, Loader=_Parser)):
            if pointer in pointers:
                written = event.value if type(event) is yaml.ScalarEvent else None
                found[pointer] = (event.start_mark.line + 1, event.start_mark.column + 1, written)
    except yaml.YAMLError:
        pass  # positions are a help; a text that does not parse has had its own error already
    return found


def _walk(events: Iterable[Any]) -> Iterator[tuple[str, Any]]:
    """Each node's JSON pointer with the event that starts it."""
    path: list[str] = []
    counters: list[Any] = []  # for each open collection: the next index, or the key state
    for event in events:
        kind = type(event)
        if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent):
            continue
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            counters.pop()
            if path and counters:
                path.pop()
            continue
        if counters and isinstance(counters[-1], list):  # a mapping: [key or None]
            if counters[-1][0] is None:
                counters[-1][0] = event.value if kind is yaml.ScalarEvent else ""
                continue
            step = counters[-1][0]
            counters[-1][0] = None
        elif counters:
            step = str(counters[-1])
            counters[-1] += 1
        else:
            step = None
        if step is not None:
            path.append(step.replace("~", "~0").replace("/", "~1"))
        yield "/" + "/".join(path) if path else "", event
        if kind is yaml.MappingStartEvent:
            counters.append([None])
        elif kind is yaml.SequenceStartEvent:
            counters.append(0)
        elif step is not None:
            path.pop()


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
