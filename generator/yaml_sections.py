"""A large YAML spec read only as far as a job's roots reach (``--root RunObject``).

A spec of thousands of schemas spends most of a run that selects twenty of them building the
other thousands into data. Most large specs are written the same simple way: block mappings,
one key a line, each entry of ``paths``, ``webhooks`` and the ``components`` sections starting
on a line of its own at its section's indentation. Such a text can be cut into entries by
their first lines, and each entry read on its own, as libyaml would read it in place (its
lines are kept as they are, so block scalars and columns do not change).

``load_reaching`` does that: it reads the top-level entries that are not sections of entries,
and then only the entries that the roots reach: through ``$ref``\\s and ``discriminator`` mappings, the
schemas that extend a base with a discriminator (``allOf``), and the parts of the operations
that make a schema a ``multipart/form-data`` body (which changes how it is read). Everything
else is left out of the data, but checked to be YAML on its own (libyaml parses it without
building anything), which also proves the cut: a line that looks like an entry's key but is
inside a string of the entry above leaves that entry's text unclosed. The data is what a full
read gives for every entry it holds, in the same order.

It gives up (None: read the whole document) whenever the text is written another way or what
the roots need cannot be told from it: flow style, several documents, directives, keys it
cannot read from their line, a key twice in a section, an alias or merge key across entries
(one to an anchor of another entry is read from it), ``$id`` in a schema reached, a ``$ref`` to
another file or one that leads nowhere. Nothing is lost then but time: a full read reports
any error with its line and column.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import yaml

from .yaml_events import UndefinedAlias, load_yaml

# the top-level entries whose own entries are read one by one (the others are read whole)
SECTIONS = frozenset({"paths", "webhooks", "x-webhooks", "components"})
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")

# a key on its line: single-quoted, double-quoted without escapes, or plain; then ':'
_KEY = re.compile(
    r"""(?:'((?:[^'\n]|'')*)'|"([^"\\\n]*)"|((?:[^\s'"#&*!|>%@`\[\]{},?:-]|[?:-](?=\S))(?:[^\n:#]|:(?=\S)|(?<=\S)#)*?))"""
    r"[ \t]*:(?:[ \t\r]|$)"
)
_CONTENT = re.compile(r"^( *)[^ \n\r#]", re.M)  # a line that is neither blank nor a comment
_AT_INDENT: dict[int, re.Pattern[str]] = {}
# what a schema reached may not hold: an ``$id`` changes what the references inside it lead to
# (a reference to an ``$anchor`` is no pointer, and is refused below)
_IDENTIFIED = frozenset({"$id"})
# what a path item with a multipart body has in its text (media types are case-insensitive), or
# the way to one
_MAY_BE_MULTIPART = re.compile("[Mm][Uu][Ll][Tt][Ii][Pp][Aa][Rr][Tt]/|#/components/requestBodies/|#/components/pathItems/|#/paths/")
_SCHEMA_REF = re.compile(r"#/components/schemas/([^'\"\s,}\]]+)")


class GiveUp(Exception):
    """The text is not one this reader can cut into entries, or the roots need what it cannot tell."""


@dataclass
class _Entry:
    """One entry of a mapping: its key, where its text starts and ends, and (when it is a section
    of entries) its own entries."""

    key: str
    start: int
    end: int
    entries: dict[str, _Entry] | None = None
    value: Any = None
    read: bool = False
    anchors: dict[str, Any] = field(default_factory=dict)  # the anchors its text defines (and those it was given)


def load_reaching(text: str, roots: tuple[str, ...], aliased: set[int]) -> dict[str, Any] | None:
    """The data of the YAML ``text`` as far as the component schemas ``roots`` reach (see the
    module's docstring), or None when the whole text must be read; ``aliased`` as ``load_yaml``."""
    parser = getattr(getattr(yaml, "cyaml", None), "CParser", None)  # (PyYAML without libyaml: read it all)
    if parser is None:
        return None
    try:
        reader = _Reader(text, aliased)
        data = reader.data(roots)
        reader.check_unread(parser)
        return data
    except (GiveUp, yaml.YAMLError, RecursionError, ValueError, AttributeError):
        return None


class _Reader:
    def __init__(self, text: str, aliased: set[int]) -> None:
        self.text = text
        self.aliased = aliased
        self.top = _entries(text, 0, len(text), -1)
        for key in SECTIONS & set(self.top):
            section = self.top[key]
            section.entries = self._sections_of(section, nested=key == "components")
        self._refs_to: dict[str, set[str]] | None = None  # schemas by the schemas they name

    def _sections_of(self, section: _Entry, nested: bool) -> dict[str, _Entry] | None:
        """The entries of a section written as a block under its key (None if its value is on its line)."""
        indent, line_end = _indent(self.text, section.start), self.text.find("\n", section.start, section.end)
        if line_end < 0 or self.text[section.start : line_end].rstrip().endswith(":") is False:
            return None
        found = _entries(self.text, line_end + 1, section.end, indent)
        if nested:
            for entry in found.values():
                entry.entries = self._sections_of(entry, nested=False)
        return found

    # -- what the roots reach ----------------------------------------------------------------

    def data(self, roots: tuple[str, ...]) -> dict[str, Any]:
        schemas = self._section("components", "schemas")
        if 2 * len(set(roots)) > len(schemas):
            raise GiveUp  # (most of them: reading it whole at once is faster)
        todo: list[tuple[str, ...]] = []
        for name in roots:
            if name not in schemas:
                raise GiveUp  # (the full read names the nearest ones)
            todo.append(("components", "schemas", name))
        seen: set[tuple[str, ...]] = set()
        while todo:
            place = todo.pop()
            if place in seen:
                continue
            seen.add(place)
            value = self._read(place)
            todo.extend(self._places(value))
            if place[:2] == ("components", "schemas") and _is_base(value):
                todo.extend(("components", "schemas", child) for child in self._extending(place[2]))
        # a multipart body reads `format: binary` as a file's bytes: the operations are looked
        # into only when a schema reached may have one
        if any(self.text.find("binary", e.start, e.end) >= 0 for e in map(self._entry, seen)):
            for place in self._multipart_parts():
                self._read(place)
        return self._assembled()

    def _read(self, place: tuple[str, ...]) -> Any:
        """The value of the entry at ``place`` (read once)."""
        entry = self._entry(place)
        if not entry.read:
            entry.value, entry.read = self._parsed(entry), True
        return entry.value

    def _parsed(self, entry: _Entry) -> Any:
        """The entry's value; an alias to an anchor of an earlier entry is that entry's node
        (read for it), as in the whole document."""
        known: dict[str, Any] = {}
        while True:
            entry.anchors = dict(known)
            try:
                found = load_yaml(self.text[entry.start : entry.end], self.aliased, entry.anchors)
            except UndefinedAlias as exc:
                if exc.name in known:
                    raise GiveUp from None
                known[exc.name] = self._anchored(exc.name, entry.start)
                continue
            if not isinstance(found, dict) or list(found) != [entry.key]:
                raise GiveUp  # its first line was not the key it seemed
            return found[entry.key]

    def _anchored(self, name: str, before: int) -> Any:
        """The node of the last anchor ``name`` written before ``before``, from the entry it is
        in (a mention of it in a string is passed over)."""
        at = before
        while True:
            at = self.text.rfind("&" + name, 0, at)
            if at < 0:
                raise GiveUp
            end = at + 1 + len(name)
            if end < len(self.text) and self.text[end] not in " \t\r\n,]}":
                continue  # (a longer name)
            holder = self._holder(at)
            self._read(holder)
            anchors = self._entry(holder).anchors
            if name in anchors:
                return anchors[name]
            at = self._entry(holder).start  # (written in a string of that entry)

    def _holder(self, at: int) -> tuple[str, ...]:
        """The place of the entry whose text holds the position ``at``."""
        place: list[str] = []
        entries: dict[str, _Entry] | None = self.top
        while entries is not None:
            inside = [e for e in entries.values() if e.start <= at < e.end]
            if not inside:
                raise GiveUp
            place.append(inside[0].key)
            entries = inside[0].entries
        return tuple(place)

    def _entry(self, place: tuple[str, ...]) -> _Entry:
        entries: dict[str, _Entry] | None = self.top
        entry = None
        for step in place:
            if entries is None or step not in entries:
                raise GiveUp
            entry = entries[step]
            entries = entry.entries
        assert entry is not None
        return entry

    def _section(self, *place: str) -> dict[str, _Entry]:
        entries = self._entry(place).entries
        if entries is None:
            raise GiveUp
        return entries

    def _places(self, value: Any) -> Iterator[tuple[str, ...]]:
        """The entries that ``value`` names: by ``$ref``, and by a discriminator's mapping."""
        for ref in _refs(value):
            yield self._place_of(ref)[0]

    def _place_of(self, ref: str) -> tuple[tuple[str, ...], list[str]]:
        """The entry that holds where the local ``ref`` leads (a top-level entry read whole, or
        an entry of a section), and the steps from it to there."""
        if not ref.startswith("#/"):
            raise GiveUp
        steps = [s.replace("~1", "/").replace("~0", "~") for s in unquote(ref[2:]).split("/")]
        entries: dict[str, _Entry] | None = self.top
        place: list[str] = []
        while entries is not None:
            if len(place) == len(steps) or steps[len(place)] not in entries:
                raise GiveUp  # a whole section, or nothing: read everything
            entries = entries[steps[len(place)]].entries
            place.append(steps[len(place)])
        return tuple(place), steps[len(place) :]

    def _node(self, ref: str) -> Any:
        """Where the local ``ref`` leads (its entry read)."""
        place, rest = self._place_of(ref)
        node = self._read(place)
        for step in rest:
            if isinstance(node, dict) and step in node:
                node = node[step]
            elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
                node = node[int(step)]
            else:
                raise GiveUp
        return node

    def _extending(self, base: str) -> set[str]:
        """The schemas whose text names the schema ``base`` (those that extend it are among them)."""
        if self._refs_to is None:
            section = self._entry(("components", "schemas"))
            entries = sorted(section.entries.values(), key=lambda e: e.start) if section.entries else []
            starts = [e.start for e in entries]
            self._refs_to = {}
            for match in _SCHEMA_REF.finditer(self.text, section.start, section.end):
                named = unquote(match[1]).replace("~1", "/").replace("~0", "~")
                at = bisect_right(starts, match.start()) - 1
                if at >= 0:
                    self._refs_to.setdefault(named, set()).add(entries[at].key)
        return self._refs_to.get(base, set())

    def _multipart_parts(self) -> Iterator[tuple[str, ...]]:
        """The entries that make a schema the ``multipart/form-data`` body of an operation: the
        path items that may have one, and along their request bodies, the schemas they lead to
        (``operations.multipart_bodies`` reads the same)."""
        paths = self.top.get("paths")
        if paths is None:
            return
        if paths.entries is None:
            raise GiveUp
        entries = sorted(paths.entries.values(), key=lambda e: e.start)
        starts = [e.start for e in entries]
        marked: dict[str, _Entry] = {}
        for match in _MAY_BE_MULTIPART.finditer(self.text, paths.start, paths.end):
            entry = entries[bisect_right(starts, match.start()) - 1]
            marked[entry.key] = entry
        for entry in sorted(marked.values(), key=lambda e: e.start):
            yield ("paths", entry.key)
            yield from self._body_schemas(self._read(("paths", entry.key)))

    def _body_schemas(self, item: Any) -> Iterator[tuple[str, ...]]:
        passed, item = self._followed(item)
        yield from passed
        for method in _METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            passed, body = self._followed(op.get("requestBody") if isinstance(op, dict) else None)
            yield from passed
            content = body.get("content") if isinstance(body, dict) else None
            for media in content.values() if isinstance(content, dict) else ():
                yield from self._followed(media.get("schema") if isinstance(media, dict) else None)[0]

    def _followed(self, node: Any) -> tuple[list[tuple[str, ...]], Any]:
        """The entries a chain of ``$ref``\\s from ``node`` passes through, and where it ends
        (``node`` itself when it is no reference)."""
        passed: list[tuple[str, ...]] = []
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            if len(passed) > 100:
                raise GiveUp
            passed.append(self._place_of(node["$ref"])[0])
            node = self._node(node["$ref"])
        return passed, node

    def check_unread(self, parser: Any) -> None:
        """That every entry not read is YAML on its own (libyaml parses it, building nothing).

        Then each entry is where its first line says: libyaml lets a quoted string or a
        bracket go on over lines at any indentation, so a line that looks like an entry's key
        may be inside the entry above, whose text alone then does not parse. The entries read
        were parsed on their own already; with these, the whole text is YAML."""
        for entry in _leaves(self.top):
            if not entry.read:
                parser(self.text[entry.start : entry.end]).raw_parse()

    # -- the data ---------------------------------------------------------------------------

    def _assembled(self) -> dict[str, Any]:
        """The top-level entries, each section holding the entries read, in the text's order."""
        data: dict[str, Any] = {}
        for key, entry in self.top.items():
            if entry.entries is None:
                data[key] = self._read((key,))
            else:
                data[key] = _kept(entry.entries)
        return data


def _leaves(entries: dict[str, _Entry]) -> Iterator[_Entry]:
    for entry in entries.values():
        if entry.entries is None:
            yield entry
        else:
            yield from _leaves(entry.entries)


def _kept(entries: dict[str, _Entry]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, entry in entries.items():
        if entry.entries is not None:
            found[key] = _kept(entry.entries)
        elif entry.read:
            found[key] = entry.value
    return found


def _entries(text: str, start: int, end: int, parent: int) -> dict[str, _Entry]:
    """The entries of the block mapping written in ``text[start:end]`` (``start`` begins a
    line), more indented than ``parent``: each from its key's line to the next key's line."""
    first = _CONTENT.search(text, start, end)
    if first is None:
        return {}
    indent = len(first[1])
    if indent <= parent:
        raise GiveUp
    found: dict[str, _Entry] = {}
    previous: _Entry | None = None
    for at in _line_starts(text, first.start(), end, indent):
        line_end = text.find("\n", at, end)
        line = text[at + indent : line_end if line_end >= 0 else end]
        if indent == 0 and at == 0 and line.rstrip() == "---":
            continue  # the document's start
        if line[:2].rstrip() == "-" and previous is not None:
            continue  # an item of the list that is the entry's value (`servers:` then `- url: ...`)
        key = _key(line)
        if key in found or key == "<<" or (indent and key in _IDENTIFIED):
            raise GiveUp
        if previous is not None:
            previous.end = at
        previous = found[key] = _Entry(key, at, end)
    return found


def _line_starts(text: str, start: int, end: int, indent: int) -> Iterator[int]:
    """Where each line of ``text[start:end]`` that starts with ``indent`` spaces and then
    neither a space nor a comment begins (``start`` begins such a line)."""
    yield start
    lines = _AT_INDENT.get(indent)
    if lines is None:
        lines = _AT_INDENT[indent] = re.compile("\n" + " " * indent + r"(?=[^ \r\n#])")
    for match in lines.finditer(text, start, end):
        yield match.start() + 1


def _key(line: str) -> str:
    match = _KEY.match(line)
    if match is None:
        raise GiveUp
    single, double, plain = match.groups()
    return single.replace("''", "'") if single is not None else double if double is not None else plain


def _indent(text: str, at: int) -> int:
    count = 0
    while text.startswith(" ", at + count):
        count += 1
    return count


def _refs(value: Any) -> Iterator[str]:
    """Every ``$ref`` in ``value``, and every schema a discriminator's mapping names (a bare
    name is a component schema's); each shared node (a YAML alias) looked into once."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if id(node) in seen:
                continue
            seen.add(id(node))
            if not _IDENTIFIED.isdisjoint(node):
                raise GiveUp
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield ref
            mapping = node.get("mapping") if isinstance(node.get("propertyName"), str) else None
            for target in mapping.values() if isinstance(mapping, dict) else ():
                if isinstance(target, str):
                    yield target if "#" in target or "/" in target else "#/components/schemas/" + target.replace("~", "~0")
            stack.extend(node.values())
        elif isinstance(node, list):
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.extend(node)


def _is_base(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("discriminator"), dict) and not {"oneOf", "anyOf"} & set(node)
