"""Class names and attribute names: a pure function of the IR of what a job takes.

Names are given over the definitions a job's scope reaches (``scope.py``): a schema elsewhere in
the spec never renames anything in its module.

Class names
  * A definition's name joins its hint in PascalCase: component ``RunObject`` stays ``RunObject``;
    the inline schema of its property ``required_action`` becomes ``RunObjectRequiredAction``; array
    items add ``Item``, map values ``Value``, inline union members a label (``normalise/hints``:
    their constant tag, title, or ``With`` and a property no other member has).
  * Length: past ``MAX_NAME`` (60) letters, a name of more than two parts keeps the first (the
    schema it stands in) and as many innermost parts as fit. Longer names come from a component
    name or one field name that is long already.
  * A name that would start with a digit gets the prefix ``Schema``; a name that is a Python keyword,
    or that a module of any flavour imports, defines or calls (a fixed list each flavour declares)
    gets a trailing underscore (``Field_``, ``ValueError_``). The lists are fixed, not read from the
    running Python, and their union serves every flavour: a class has one name everywhere.
  * Collisions: component schemas claim names before inline ones; within each group the claim goes by
    the JSON pointer of the schema (sorted), so it never depends on traversal order. A later claimant
    of a shortened name that is taken puts back the parts it left out, one at a time, innermost
    first; a later claimant of a full name gets the suffix ``Inline`` (inline schemas) or
    ``Schema`` (components), repeated if need be.

Attribute names
  * A property name that is a valid identifier and not reserved is kept as it is.
  * Otherwise: characters that cannot be in an identifier become ``_``, leading and trailing ``_``
    are dropped, a leading digit gets the prefix ``field_``, and a reserved word (a keyword, a type
    used in annotations, a pydantic ``BaseModel`` attribute, ``to_dict``...) gets a trailing ``_``.
    The wire name is kept as the alias. Within one model, names that needed no change claim first,
    then the rest in property order, adding ``_`` until unique and different from every class name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from . import ir
from .dotted import is_dotted, shortened

# Fixed lists, never read from the running Python (``keyword.kwlist``, ``dir(builtins)``): a class
# must have the same name on every Python version.
KEYWORDS = frozenset(
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    }
)  # fmt: skip
# Names every flavour's annotations use: a class or attribute of that name would shadow them.
ANNOTATION_NAMES = frozenset(
    {"str", "int", "float", "bool", "list", "dict", "Annotated", "Any", "Literal", "TypeAlias"}
)
COMMON_MODULE_NAMES = frozenset({"annotations", "typing"})
# The builtins a class name can be (PascalCase: the exceptions and warnings) on Python 3.10 to
# 3.13, whichever runs. A module's own ``class Warning`` must not be one: an annotation read
# before the class is defined (Pydantic evaluates them when the class is created, deferred build
# or not) finds the builtin, and the model fails on first use. So every flavour renames them.
BUILTIN_CLASS_NAMES = frozenset(
    {
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup",
        "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
        "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
        "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning", "EnvironmentError",
        "Exception", "ExceptionGroup", "FileExistsError", "FileNotFoundError", "FloatingPointError",
        "FutureWarning", "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError",
        "IndexError", "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
        "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "NotADirectoryError",
        "NotImplemented", "NotImplementedError", "OSError", "OverflowError",
        "PendingDeprecationWarning", "PermissionError", "ProcessLookupError", "PythonFinalizationError",
        "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning",
        "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError",
        "SystemExit", "TabError", "TimeoutError", "TypeError", "UnboundLocalError",
        "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError",
        "UnicodeWarning", "UserWarning", "ValueError", "Warning", "ZeroDivisionError",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Reserved:
    """Names no class may take, and names no attribute may take. The pipeline passes the union
    over every flavour (``flavours.reserved``), so names depend on no flavour and no Python."""

    classes: frozenset[str] = KEYWORDS | ANNOTATION_NAMES | COMMON_MODULE_NAMES | BUILTIN_CLASS_NAMES
    attributes: frozenset[str] = KEYWORDS | ANNOTATION_NAMES | COMMON_MODULE_NAMES


@dataclass(frozen=True)
class Names:
    """Class name of every definition, and attribute name of every (model key, wire name)."""

    classes: dict[str, str]
    attributes: dict[tuple[str, str], str]
    reserved: Reserved = Reserved()  # what they were given under (a later pass names more alike)

    def cls(self, key: str) -> str:
        return self.classes[key]

    def attr(self, model: ir.Model, f: ir.Field) -> str:
        return self.attributes[(model.key, f.wire_name)]


def pascal(part: str) -> str:
    """``required_action`` → ``RequiredAction``; ``thread.run`` → ``ThreadRun``; keeps ``fileIds`` → ``FileIds``.
    The words are the runs of ASCII letters and digits, once accents are taken off the letters
    (``créer_commande`` → ``CreerCommande``)."""
    if not part.isascii():
        part = "".join(c for c in unicodedata.normalize("NFKD", part.translate(_LATIN)) if not unicodedata.combining(c))
    return "".join(w[0].upper() + w[1:] for w in _ASCII_WORD.findall(part))


def words(name: str) -> list[str]:
    """The words of a PascalCase name: ``ConversationIMChannel`` → ``Conversation``, ``IM``,
    ``Channel``."""
    return _PASCAL_WORD.findall(name)


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_PASCAL_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+")
# Latin letters that are not an ASCII letter with an accent
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th"})


# Longer names (an inline schema deep in another: OpenAI has one of 89 letters) keep their
# schema's name and as many of the innermost parts as fit: a line of code can still hold them.
MAX_NAME = 60


def base_class_name(hint: tuple[str, ...], reserved: Reserved = Reserved()) -> str:
    """The name a definition hinted by ``hint`` asks for first (see ``class_names``)."""
    return class_names(hint, reserved)[0]


def class_names(hint: tuple[str, ...], reserved: Reserved = Reserved()) -> list[str]:
    """The names a definition may take, in the order it claims them: the hint's parts joined,
    or, past ``MAX_NAME`` letters with more than two parts, the first part (the schema it stands
    in) and as many of the innermost parts as fit; then, for a name so shortened, the same with
    one more part each time, innermost first, up to every part. A shortened name that another
    definition took first gives way to a longer one, never to a suffix that says nothing."""
    parts = [pascal(p) for p in hint]
    start = 1
    if len("".join(parts)) > MAX_NAME and len(parts) > 2:
        start = len(parts) - 1
        while start > 1 and len(parts[0]) + sum(map(len, parts[start - 1 :])) <= MAX_NAME:
            start -= 1
    if not parts:
        return [_valid_class_name("", reserved)]
    return [_valid_class_name(parts[0] + "".join(parts[k:]), reserved) for k in range(start, 0, -1)]


def _valid_class_name(name: str, reserved: Reserved) -> str:
    name = name or "Schema"
    if name[0].isdigit():
        name = "Schema" + name
    if name in reserved.classes:
        name += "_"
    return name


def dotted_names(definitions: Mapping[str, ir.Definition]) -> dict[str, str]:
    """Dotted schema names (``io.k8s.api.core.v1.Pod``) as few of their last segments as tell
    them apart in the output (``dotted.py``)."""
    firsts = {d.hint[0] for d in definitions.values() if d.hint}
    return shortened(firsts, pascal) if any(is_dotted(f) for f in firsts) else {}


def short_hint(hint: tuple[str, ...], short: Mapping[str, str]) -> tuple[str, ...]:
    """``hint`` with its dotted first part shortened (``dotted_names``)."""
    return (short[hint[0]], *hint[1:]) if hint and hint[0] in short else hint


def _claim(candidates: list[str], taken: set[str], suffix: str) -> str:
    """The first of ``candidates`` not ``taken``; if none is free, the last (every part of the
    hint) with ``suffix`` added until it is free. The name is added to ``taken``."""
    name = next((c for c in candidates if c not in taken), None)
    if name is None:
        name = candidates[-1]
        while name in taken:
            name += suffix
    taken.add(name)
    return name


def attribute_name(wire: str, reserved: Reserved = Reserved()) -> str:
    """The Python attribute for a property, before de-duplication within its model."""
    if wire.isidentifier() and wire.isascii() and not wire.startswith("_") and wire not in reserved.attributes:
        return wire
    name = "".join(c if c.isalnum() and c.isascii() else "_" for c in wire)
    name = "_".join(p for p in name.split("_") if p) or "unnamed"
    if name[0].isdigit():
        name = "field_" + name
    if name in reserved.attributes or name.startswith("model_"):
        name += "_"
    return name


def assign_names(
    definitions: Mapping[str, ir.Definition], components: Mapping[str, str], reserved: Reserved = Reserved()
) -> Names:
    """Names for every definition of a spec (see the module docstring for the rules), none of
    them ``reserved``."""
    component_keys = set(components.values())
    order = sorted(definitions, key=lambda k: (k not in component_keys, k))
    taken: set[str] = set()
    classes: dict[str, str] = {}
    short = dotted_names(definitions)
    for key in order:
        suffix = "Schema" if key in component_keys else "Inline"
        classes[key] = _claim(class_names(short_hint(definitions[key].hint, short), reserved), taken, suffix)
    attributes: dict[tuple[str, str], str] = {}
    for key, d in definitions.items():
        if isinstance(d, ir.Model):
            attributes.update(_model_attributes(d, taken, reserved))
    return Names(classes, attributes, reserved)


def extend_names(names: Names, definitions: dict[str, ir.Definition], new: list[str]) -> Names:
    """``names`` with names for the definitions ``new`` (made by a later pass), which never take
    a name from those already given."""
    taken = set(names.classes.values())
    classes = dict(names.classes)
    short = dotted_names(definitions)
    for key in sorted(new):
        classes[key] = _claim(class_names(short_hint(definitions[key].hint, short), names.reserved), taken, "Inline")
    attributes = dict(names.attributes)
    for key in new:
        d = definitions[key]
        if isinstance(d, ir.Model):
            attributes.update(_model_attributes(d, taken, names.reserved))
    return Names(classes, attributes, names.reserved)


def title_names(names: Names, definitions: Mapping[str, ir.Definition], titles: Mapping[str, str]) -> Names:
    """``names`` with each inline schema that has a ``title`` named by it (option ``names =
    "title"``; its write view adds ``Request``). Those claim names in the order of their keys; a
    name taken by another class gets the suffix ``Inline``, repeated if need be."""
    titled = {k: d for k, d in definitions.items() if d.source in titles}
    if not titled:
        return names
    classes = dict(names.classes)
    taken = {n for k, n in classes.items() if k not in titled}
    for key in sorted(titled):
        d = titled[key]
        hint = (titles[d.source], "Request") if d.hint[-1:] == ("Request",) and key != d.source else (titles[d.source],)
        classes[key] = _claim(class_names(hint, names.reserved), taken, "Inline")
    return Names(classes, names.attributes, names.reserved)


def snake_case_names(names: Names, definitions: Mapping[str, ir.Definition]) -> Names:
    """``names`` with snake_case attributes (option ``field-names``): ``fileIds`` → ``file_ids``."""
    taken = set(names.classes.values())
    attributes: dict[tuple[str, str], str] = {}
    for d in definitions.values():
        if isinstance(d, ir.Model):
            attributes.update(_model_attributes(d, taken, names.reserved, snake=True))
    return Names(names.classes, attributes, names.reserved)


def snake_case(wire: str) -> str:
    """``fileIds`` → ``file_ids``, ``HTTPStatus`` → ``http_status``, ``ETag`` → ``e_tag``."""
    return _WORD_START.sub("_", wire).lower()


_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _model_attributes(
    model: ir.Model, class_names: set[str], reserved: Reserved, snake: bool = False
) -> dict[tuple[str, str], str]:
    """Attribute names of one model; none equals a class name, which annotations may use."""
    wanted = {
        f.wire_name: attribute_name(snake_case(f.wire_name) if snake else f.wire_name, reserved) for f in model.fields
    }
    used: set[str] = set()  # by this model's attributes (the class names are not copied: that
    # would make naming a spec quadratic in its size)
    result: dict[tuple[str, str], str] = {}
    exact = [f.wire_name for f in model.fields if wanted[f.wire_name] == f.wire_name]
    rest = [f.wire_name for f in model.fields if wanted[f.wire_name] != f.wire_name]
    for wire in exact + rest:
        name = wanted[wire]
        while name in used or name in class_names:
            name += "_"
        used.add(name)
        result[(model.key, wire)] = name
    return result
