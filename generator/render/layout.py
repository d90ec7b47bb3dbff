"""Line layout of generated expressions, in a form black leaves as it is.

A statement that fits in black's 88 columns is written on one line. One that does not is split at
its outermost call or subscript, one argument per line with a trailing comma: black never joins
such a "magic trailing comma" back, so the layout is stable without predicting black's choices.
What cannot be split this way raises ``TooLong``; the renderer then lets black format that block.
Each way of laying a line out is a small strategy; ``lay_out`` tries them in order (``STRATEGIES``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .text import LINE_LENGTH, string, width

INDENT = "    "


# A string literal, alone or as a keyword argument: black never splits one.
STRING_ARGUMENT = re.compile(r"""(?:[A-Za-z_]\w*=)?(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""")


class computed_once:
    """``functools.cached_property`` without the lock it takes on each first read before Python
    3.12: the text of every expression of a module is computed once, tens of thousands of them."""

    def __init__(self, method: Callable[[Any], str]) -> None:
        self.method = method
        self.name = method.__name__

    def __get__(self, instance: Any, owner: type | None = None) -> str:
        value: str = self.method(instance)
        instance.__dict__[self.name] = value  # read from there from now on (not a data descriptor)
        return value


# The comment ending a line that no layout makes both black and ruff keep: they leave it as it
# is, and ruff check does not count its length.
NOQA_E501 = "  # noqa: E501"
SKIPPED = NOQA_E501 + "  # fmt: skip"


class TooLong(Exception):
    """The expression does not fit and cannot be split by this module."""


@dataclass(frozen=True)
class Call:
    """``func(args)``, or a subscript ``func[args]`` with ``brackets="[]"``, or a tuple with ``func=""``."""

    func: str
    args: tuple[Expr, ...]
    brackets: str = "()"

    @computed_once
    def text(self) -> str:
        inner = ", ".join(map(flat, self.args))
        if not self.func and len(self.args) == 1 and self.brackets == "()":
            inner += ","  # a one-element tuple
        return f"{self.func}{self.brackets[0]}{inner}{self.brackets[1]}"


@dataclass(frozen=True)
class Cond:
    """``then if test else other``."""

    then: Expr
    test: str
    other: Expr

    @computed_once
    def text(self) -> str:
        return f"{flat(self.then)} if {self.test} else {flat(self.other)}"


@dataclass(frozen=True)
class Union_:
    """``a | b | c`` (on the right of an assignment)."""

    parts: tuple[Expr, ...]

    @computed_once
    def text(self) -> str:
        return " | ".join(map(flat, self.parts))


@dataclass(frozen=True)
class Pair:
    """``head value`` as one argument: a dict item (``"key": value``) or a keyword (``key=value``)."""

    head: str
    value: Expr

    @computed_once
    def text(self) -> str:
        return self.head + flat(self.value)


@dataclass(frozen=True)
class Text:
    """A string literal that, when it does not fit, is written as an implicit concatenation of
    pieces in parentheses, each on a line of its own (a form black and ruff both keep)."""

    value: str

    @computed_once
    def text(self) -> str:
        return string(self.value)

    def pieces(self, room: int) -> list[str]:
        """Literals of consecutive parts of the value, broken after spaces and line ends, each
        at most ``room`` columns where the words allow."""
        value = self.value
        words = re.findall(r"[^ \n]*[ \n]*", value)
        plain = value.isascii() and '"' not in value and "\\" not in value and value.replace("\n", "").isprintable()
        # the columns of a part as a literal: for plain text (the usual), its length, an escape
        # for each line end, and the quotes
        measure: Callable[[str], int] = (
            (lambda part: len(part) + part.count("\n") + 2) if plain else (lambda part: width(string(part)))
        )
        pieces: list[str] = []
        current = ""
        for word in (w for w in words if w):
            if current and measure(current + word) > room:
                pieces.append(string(current))
                current = ""
            if not current and measure(word) > room:
                # a word longer than the line (a URL): a line of its own, its spaces on the next
                core = word.rstrip(" ")
                pieces.append(string(core))
                current = word[len(core) :]
                continue
            current += word
        if current:
            pieces.append(string(current))
        return pieces


Expr = str | Call | Cond | Union_ | Pair | Text


def flat(e: Expr) -> str:
    """The expression on one line (computed once for each expression: layouts ask often)."""
    return e if isinstance(e, str) else e.text


def fits(line: str) -> bool:
    return width(line) <= LINE_LENGTH


def lay_out(e: Expr, indent: str, prefix: str = "", suffix: str = "") -> list[str]:
    """Lines for ``prefix + e + suffix`` at ``indent``; the first line carries the indent too.

    The first of ``STRATEGIES`` that takes the line gives them, tried in order as black tries its
    splits; a strategy that takes the line but cannot lay it out raises ``TooLong``, and so does
    a line no strategy takes."""
    for strategy in STRATEGIES:
        lines = strategy(e, indent, prefix, suffix)
        if lines is not None:
            return lines
    raise TooLong(indent + prefix + flat(e) + suffix)


# A strategy: the lines of ``prefix + e + suffix`` at ``indent``, or None if it does not apply.
Strategy = Callable[[Expr, str, str, str], list[str] | None]


def _on_one_line(e: Expr, indent: str, prefix: str, suffix: str) -> list[str] | None:
    """The whole line, if it fits."""
    one = indent + prefix + flat(e) + suffix
    return [one] if fits(one) else None


def _subscript_element_alone(e: Expr, indent: str, prefix: str, suffix: str) -> list[str] | None:
    """A one-element subscript: black puts the element on a line of its own, with no comma."""
    if not (isinstance(e, Call) and e.brackets == "[]" and len(e.args) == 1):
        return None
    head = indent + prefix + e.func + "["
    if not fits(head) or not fits(indent + "]" + suffix):
        raise TooLong(indent + prefix + flat(e) + suffix)
    return [head, *lay_out(e.args[0], indent + INDENT), indent + "]" + suffix]


def _one_argument_a_line(e: Expr, indent: str, prefix: str, suffix: str) -> list[str] | None:
    """A call, subscript or tuple split at its bracket, one argument a line (a magic trailing
    comma); a head too long for its line is split as black splits it there."""
    if not (isinstance(e, Call) and _explodable(e)):
        return None
    head = indent + prefix + e.func + e.brackets[0]
    if not fits(head):
        return _overflowing_head(e, indent, prefix, suffix, head)
    return _exploded(e, indent, head, suffix)


def _conditional_in_parentheses(e: Expr, indent: str, prefix: str, suffix: str) -> list[str] | None:
    """A conditional expression after ``=`` or ``return``: black puts it in parentheses, on one
    line there if it fits, else split at ``if`` and ``else``."""
    if not (isinstance(e, Cond) and prefix.endswith(("=", "= ", "return "))):
        return None
    inner = indent + INDENT
    body = inner + flat(e)
    if fits(body):
        return [indent + prefix + "(", body, indent + ")" + suffix]
    test = inner + "if " + e.test
    if not fits(test):
        raise TooLong(test)
    return [
        indent + prefix + "(",
        *lay_out(e.then, inner),
        test,
        *lay_out(e.other, inner, "else "),
        indent + ")" + suffix,
    ]


def _union_member_a_line(e: Expr, indent: str, prefix: str, suffix: str) -> list[str] | None:
    """A union inside brackets: black puts each member on a line of its own, after ``| ``."""
    if not (isinstance(e, Union_) and not prefix):
        return None
    lines = lay_out(e.parts[0], indent)
    for i, part in enumerate(e.parts[1:], start=2):
        lines.extend(lay_out(part, indent, "| ", suffix if i == len(e.parts) else ""))
    return lines


def _union_in_parentheses(e: Expr, indent: str, prefix: str, suffix: str) -> list[str] | None:
    """A union after ``= ``: in parentheses, on one line there if it fits, else a member a line."""
    if not (isinstance(e, Union_) and prefix.endswith("= ") and not suffix):
        return None
    inner = indent + INDENT
    body = inner + flat(e)
    if fits(body):
        return [indent + prefix + "(", body, indent + ")"]
    lines = [indent + prefix + "("]
    for i, part in enumerate(e.parts):
        lines.extend(lay_out(part, inner, "| " if i else ""))
    lines.append(indent + ")")
    return lines


def _text_in_pieces(e: Expr, indent: str, prefix: str, suffix: str) -> list[str] | None:
    """A long string: pieces in parentheses, a line each (one piece alone there when it fits:
    black and ruff keep that too); with a word too long even there, left long, as black does."""
    if not (isinstance(e, Text) and suffix in ("", ",")):
        return None
    pieces = e.pieces(LINE_LENGTH - len(indent) - len(INDENT))
    if fits(indent + prefix + "(") and all(fits(indent + INDENT + p) or " " not in p for p in pieces):
        return [indent + prefix + "(", *(indent + INDENT + p for p in pieces), indent + ")" + suffix]
    return [indent + prefix + flat(e) + suffix]


def _dict_value_in_parentheses(e: Expr, indent: str, prefix: str, suffix: str) -> list[str] | None:
    """A dict value too long after its key: in parentheses, which black and ruff both keep (a
    value too long even there is left to the strategies after this one)."""
    if not (isinstance(e, str) and unsplittable(e) and prefix.endswith('": ') and suffix in ("", ",")):
        return None
    if fits(indent + prefix + "("):
        return [indent + prefix + "(", indent + INDENT + e, indent + ")" + suffix]
    return None


def _left_long(e: Expr, indent: str, prefix: str, suffix: str) -> list[str] | None:
    """What black cannot split either, alone on its line, and leaves long: a name (or a union
    member), a string or ``name="string"``."""
    if not (isinstance(e, str) and suffix in ("", ",")):
        return None
    if (unsplittable(e) and prefix in ("", "| ")) or STRING_ARGUMENT.fullmatch(prefix + e):
        return [indent + prefix + e + suffix]
    return None


def _value_in_parentheses(e: Expr, indent: str, prefix: str, suffix: str) -> list[str] | None:
    """A bracket-free value too long after `` = ``: black puts it in parentheses, when that
    makes it fit."""
    if not (isinstance(e, str) and unsplittable(e) and prefix.endswith(" = ") and not suffix):
        return None
    inner = indent + INDENT + e
    if fits(indent + prefix + "(") and fits(inner):
        return [indent + prefix + "(", inner, indent + ")"]
    return None


STRATEGIES: tuple[Strategy, ...] = (
    _on_one_line,
    _subscript_element_alone,
    _one_argument_a_line,
    _conditional_in_parentheses,
    _union_member_a_line,
    _union_in_parentheses,
    _text_in_pieces,
    _dict_value_in_parentheses,
    _left_long,
    _value_in_parentheses,
)


def _exploded(e: Call, indent: str, head: str, suffix: str) -> list[str]:
    """``head``, then one argument a line with a trailing comma, then the closing bracket."""
    lines = [head]
    for arg in e.args:
        if isinstance(arg, Pair):
            lines.extend(lay_out(arg.value, indent + INDENT, arg.head, ","))
        else:
            lines.extend(lay_out(arg, indent + INDENT, "", ","))
    return lines + _closing(indent, e.brackets[1], suffix)


def _closing(indent: str, bracket: str, suffix: str) -> list[str]:
    """The line closing a split call; a return annotation too long for it goes in parentheses
    on a line of its own, as black does when that makes it fit."""
    line = indent + bracket + suffix
    if fits(line) or not (suffix.startswith(" -> ") and suffix.endswith(":")):
        return [line]
    returned = indent + INDENT + suffix[len(" -> ") : -1]
    if not fits(returned):
        return [line]
    return [indent + bracket + " -> (", returned, indent + "):"]


def _overflowing_head(e: Call, indent: str, prefix: str, suffix: str, head: str) -> list[str]:
    """A call whose head alone is too long, after ``name=`` or ``return``: black still splits
    at its bracket, with the arguments on one line and no trailing comma (its own output form)."""
    if e.func.startswith("def ") and not prefix and e.brackets == "()":
        return _exploded(e, indent, head, suffix)  # black still puts one parameter a line
    args = ", ".join(flat(a) for a in e.args)
    if not unsplittable(prefix + e.func) or suffix not in ("", ","):
        raise TooLong(head)
    if prefix == "return ":
        inner = indent + INDENT
        if fits(inner + e.func + e.brackets[0]):
            # black first tries the value in parentheses, split at its bracket there
            if not fits(inner + INDENT + args):
                raise TooLong(head)
            call = [inner + e.func + e.brackets[0], inner + INDENT + args, inner + e.brackets[1]]
            return [indent + "return (", *call, indent + ")" + suffix]
    elif not (prefix.endswith("=") and prefix[:-1].isidentifier()) and (prefix or suffix):
        raise TooLong(head)  # (with neither, the call is a line of its own, as in a conditional)
    body = indent + INDENT + args
    if fits(body) and fits(indent + e.brackets[1] + suffix):
        return [head, body, indent + e.brackets[1] + suffix]
    raise TooLong(head)


def unsplittable(code: str) -> bool:
    """Code with no bracket in it: black cannot split it either, so it may run long."""
    return not any(c in code for c in "([{")


def annotated(name: str, annotation: Expr, default: Expr | None, indent: str) -> str:
    """``name: annotation = default`` (a field or a type alias), laid out at ``indent``; a line
    no layout can shorten (a name too long for it) says that it is meant (``NOQA_E501``)."""
    laid = _annotated(name, annotation, default, indent)
    if "\n" not in laid and not fits(indent + laid) and "# noqa" not in laid:
        laid += NOQA_E501
    if name in AMBIGUOUS:  # a wire name kept as it is (SendGrid's key `l`): meant too
        first, newline, rest = laid.partition("\n")
        first = first.replace(NOQA_E501, NOQA_E501 + ", E741") if NOQA_E501 in first else first + "  # noqa: E741"
        laid = first + newline + rest
    return laid


# The names pycodestyle calls ambiguous (E741): letters that look like digits
AMBIGUOUS = frozenset({"l", "I", "O"})


def _annotated(name: str, annotation: Expr, default: Expr | None, indent: str) -> str:
    ann = flat(annotation)
    rest = "" if default is None else f" = {flat(default)}"
    one = f"{indent}{name}: {ann}{rest}"
    if fits(one):
        return one[len(indent) :]
    if default is not None and isinstance(annotation, str) and unsplittable(annotation) and not fits(f"{indent}{name}: {ann} = ("):
        # a name as the annotation, too long for a default after it: black puts the name (or the
        # default) in parentheses, ruff keeps the line long; both keep a line they are told to skip
        return one[len(indent) :] + SKIPPED
    if default is None or not fits(f"{indent}{name}: {ann} = ("):
        # the annotation is what is too long: black splits it, in parentheses if it is a union
        # or a bare name, at its bracket if it is a subscript
        if isinstance(annotation, Call):
            try:
                return text(lay_out(annotation, indent, f"{name}: ", rest), indent)
            except TooLong:
                pass
            try:  # the default does not fit after the closing bracket either: black splits it too
                lines = _split_at_bracket(annotation, indent, f"{name}: ")
                closing = lines.pop().strip()
                assert default is not None
                return text(lines + lay_out(default, indent, f"{closing} = "), indent)
            except (TooLong, AssertionError):
                return one[len(indent) :]
        if default is None:
            return _wrapped_annotation(name, annotation, [indent + ")"], indent) or one[len(indent) :]
        if isinstance(default, str) and not unsplittable(default):
            return one[len(indent) :]  # a list or dict display: left to black
        try:
            if isinstance(default, Union_):
                # black keeps the parentheses it put around the value, even when they fit
                inner = indent + INDENT + flat(default)
                tail = [indent + ") = (" + flat(default) + ")"]
                if not fits(tail[0]):
                    tail = [indent + ") = (", *([inner] if fits(inner) else lay_out(default, indent + INDENT)), indent + ")"]
            else:
                tail = lay_out(default, indent, ") = ")
        except TooLong:
            return one[len(indent) :]
        return _wrapped_annotation(name, annotation, tail, indent) or one[len(indent) :]
    head = f"{indent}{name}: {ann} = "
    if isinstance(default, Union_) or (isinstance(default, Call) and fits(head + default.func + default.brackets[0])):
        return place(default, indent, f"{name}: {ann} = ")
    # black wraps in parentheses a call or a bracket-free value that does not fit after `=`
    if not (isinstance(default, Call) or (isinstance(default, str) and unsplittable(default))):
        return one[len(indent) :]
    try:
        lines = [head + "(", *lay_out(default, indent + INDENT), indent + ")"]
    except TooLong:
        return one[len(indent) :]
    return text(lines, indent)


def type_alias(name: str, e: Expr) -> tuple[str, bool]:
    """The statement of a type alias, and whether it is annotated ``TypeAlias``: it is when
    ``name: TypeAlias = (`` fits (black and ruff then agree on every layout of the value),
    else it is a bare assignment (``bare_alias``)."""
    if isinstance(e, str) and e.startswith("Literal[") and e.endswith("]"):
        e = Call("Literal", (e[len("Literal[") : -1],), "[]")  # one value (types.py writes no other)
    if fits(f"{name}: TypeAlias = (") or (isinstance(e, str) and e.startswith(("'", '"'))):
        return annotated(name, "TypeAlias", e, ""), True
    return bare_alias(name, e), False


def bare_alias(name: str, e: Expr) -> str:
    """``_bare_alias``, its first line marked as meant (``NOQA_E501``) when the name makes it
    too long: no layout can shorten it."""
    laid = _bare_alias(name, e)
    first, newline, rest = laid.partition("\n")
    if not fits(first) and "# noqa" not in first:
        return first + NOQA_E501 + newline + rest
    return laid


def _bare_alias(name: str, e: Expr) -> str:
    """``name = e``, for an alias whose name is too long for ``name: TypeAlias = (``: there black
    and ruff lay out the annotation each its own way, and both keep this. A subscript is split at
    its bracket when ``name = X[`` fits; else the value goes in parentheses when ``name = (``
    fits and the value fits in them; else the long head stays and the subscript is split at its
    bracket (as both do)."""
    prefix = f"{name} = "
    splittable = isinstance(e, Call) and bool(e.args)
    try:
        if isinstance(e, Call) and splittable and fits(prefix + e.func + e.brackets[0]):
            return text(lay_out(e, "", prefix), "")
        if fits(prefix + "(") or not isinstance(e, Call) or not splittable:
            inner = lay_out(e, INDENT)
            if all(map(fits, inner)) or not isinstance(e, Call) or not splittable:
                return text([prefix + "(", *inner, ")"], "")
        head = prefix + e.func + e.brackets[0]
        if e.brackets == "[]" and len(e.args) == 1:
            return text([head, *lay_out(e.args[0], INDENT), "]"], "")
        return text(_exploded(e, "", head, ""), "")
    except TooLong:
        return prefix + flat(e)


def _split_at_bracket(e: Call, indent: str, prefix: str) -> list[str]:
    """``prefix + e`` split at its outermost bracket, the closing bracket alone on the last line."""
    head = indent + prefix + e.func + e.brackets[0]
    if not fits(head) or not e.args:
        raise TooLong(head)
    if e.brackets == "[]" and len(e.args) == 1:
        return [head, *lay_out(e.args[0], indent + INDENT), indent + "]"]
    return _exploded(e, indent, head, "")


def _wrapped_annotation(name: str, annotation: Expr, tail: list[str], indent: str) -> str | None:
    """``name: (``, the annotation (on one line, or a union one member a line), then ``tail``
    (``)``, or ``) = `` and the default), as black writes a type hint too long for its line;
    ``None`` if that does not fit either."""
    inner = indent + INDENT
    one_line = inner + flat(annotation)
    if fits(one_line):
        middle = [one_line]
    elif isinstance(annotation, Union_):
        try:
            middle = lay_out(annotation, inner)
        except TooLong:
            return None
    else:
        return None  # a name too long even on a line of its own: black leaves the line long
    if not fits(f"{indent}{name}: (") or not fits(tail[0]):
        return None
    return text([f"{indent}{name}: (", *middle, *tail], indent)


def class_line(name: str, bases: str) -> str:
    """``class name(bases):``, split as black splits it when it is too long."""
    one = f"class {name}({bases}):"
    if fits(one):
        return one
    # a name too long for the line (a component's: Twilio's run to 107 letters) is meant
    head = f"class {name}(" + ("" if fits(f"class {name}(") else NOQA_E501)
    if fits(INDENT + bases):
        return f"{head}\n{INDENT}{bases}\n):"
    # too long even on a line of its own: one base or keyword a line, with a trailing comma
    return f"{head}\n" + "".join(f"{INDENT}{part.strip()},\n" for part in bases.split(", ")) + "):"


def _explodable(e: Call) -> bool:
    # black does not treat the trailing comma of a one-element subscript as magic
    return bool(e.args) and not (e.brackets == "[]" and len(e.args) == 1)


def text(lines: list[str], indent: str) -> str:
    """Lines from ``lay_out`` as text to put at ``indent`` in a template (first indent removed)."""
    first = lines[0]
    assert first.startswith(indent)
    return "\n".join([first[len(indent) :], *lines[1:]])


def place(e: Expr, indent: str, prefix: str = "", suffix: str = "") -> str:
    """``prefix + e + suffix`` laid out at ``indent``, ready for a template line at that indent.

    What this module cannot split stays on one long line, and black formats its block."""
    try:
        return text(lay_out(e, indent, prefix, suffix), indent)
    except TooLong:
        return prefix + flat(e) + suffix
