"""Python source text for values that come from the spec: strings, docstrings, comments, literals.

Whatever a spec says ends up inside a string literal or a comment, escaped so that the text reads
back exactly and nothing of it can run. The forms chosen are the ones black would produce, so the
module is black-stable as emitted.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
import unicodedata
from functools import cache
from typing import Any

_SIMPLE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(c: str) -> str:
    if c in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[c]
    if c.isprintable() or c == " ":
        return c
    code = ord(c)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escape(text: str) -> str:
    """``text`` with backslashes and unprintable characters escaped. The usual text has no
    unprintable character but line ends and tabs: those are replaced whole, and only text with
    another one goes character by character (``_escape_char``, which gives the same escapes)."""
    escaped = text.replace("\\", "\\\\")
    if escaped.isprintable():
        return escaped
    for c, replacement in _LINE_ESCAPES:
        escaped = escaped.replace(c, replacement)
    if escaped.isprintable():
        return escaped
    return "".join(_escape_char(c) for c in text)


_LINE_ESCAPES = tuple((c, e) for c, e in _SIMPLE_ESCAPES.items() if c != "\\")


def string(text: str) -> str:
    """A one-line string literal, quoted the way black quotes it (double unless that needs more escapes)."""
    if text.isprintable() and "\\" not in text and '"' not in text:
        return f'"{text}"'  # the usual name or sentence: nothing to escape, double quotes
    return _quoted(_escape(text))


def _quoted(body: str) -> str:
    """``body`` (escaped) in the quotes that need fewer escapes, double ones if a tie."""
    double = body.replace('"', '\\"')
    single = body.replace("'", "\\'")
    if single.count("\\") < double.count("\\"):
        return f"'{single}'"
    return f'"{double}"'


def clean_text(text: str) -> str:
    """A description as documentation: line ends normalised, trailing spaces and surrounding blank
    lines dropped, the common indentation of the lines after the first removed (as PEP 257 and
    black treat docstrings). Only the space counts as white space: every other such character is
    kept, and escaped where it is written out."""
    if "\n" not in text and "\r" not in text:
        return text.strip(" ")  # one line: what _clean_lines leaves of it
    return _clean_lines(text)


def _clean_lines(text: str) -> str:
    """``clean_text`` of any text, line by line."""
    lines = [line.rstrip(" ") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0].strip(" "):
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return ""
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines[1:] if line), default=0)
    return "\n".join([lines[0].lstrip(" ")] + [line[margin:] for line in lines[1:]])


@cache  # each flavour of a module writes the same descriptions
def docstring(text: str | None, indent: str) -> str | None:
    """A triple-quoted docstring for ``text`` (after ``clean_text``), as black leaves it, at ``indent``.

    Single lines stay on one line; longer text puts the closing quotes on a line of their own.
    Quotes that could end the string and every backslash or unprintable character are escaped.
    A line that cannot be wrapped (code, a table row, a long word, wide characters) gets linters
    told that it is meant: ``# noqa: E501`` after the closing quotes, where ruff reads it for
    the whole string.
    """
    if text is None:
        return None
    cleaned = clean_text(text)
    if not cleaned:
        return None
    escaped = "\n".join(_escape_quote_runs(_escape(line)) for line in cleaned.split("\n"))
    room = LINE_LENGTH - len(indent)
    opening = 3 + escaped.startswith('"')  # the quotes, and an escape for a quote right after them
    if "\n" in escaped:
        lines = wrapped(escaped, room - opening, room)
    else:  # one line: the closing quotes too, and an escape for a quote right before them
        lines = wrapped(escaped, room - opening - 3 - 3 * escaped.endswith('"'), room)
    if lines[0].startswith('"'):
        lines[0] = "\\" + lines[0]
    if len(lines) == 1:
        # black pads a docstring that ends in a quote with a space; an escape keeps the text exact
        line = lines[0]
        if line.endswith('"'):
            backslashes = len(line[:-1]) - len(line[:-1].rstrip("\\"))
            cut = 2 if backslashes % 2 else 1  # an escaped quote, or a bare one
            lines[0] = line[:-cut] + "\\x22"
        return _told(f'"""{lines[0]}"""', indent)
    body = "\n".join((indent + line) if (i and line) else line for i, line in enumerate(lines))
    return _told(f'"""{body}\n{indent}"""', indent)


NOQA_LONG = "  # noqa: E501"


def _told(value: str, indent: str) -> str:
    """``value`` with ``NOQA_LONG`` if a line of it is wider than the line length."""
    lines = value.split("\n")
    lines[0] = indent + lines[0]
    return value + NOQA_LONG if any(width(line) > LINE_LENGTH for line in lines) else value


def width(line: str) -> int:
    """The columns ``line`` takes, as black and ruff count them (East Asian wide characters
    take two)."""
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


LINE_LENGTH = 88
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+")


def wrapped(text: str, first: int, room: int) -> list[str]:
    """The lines of ``text``, each longer than its room (``first`` columns for the first line,
    ``room`` for the others) wrapped at spaces, a list item keeping its hanging indent. Code
    between ``` fences, table rows and words longer than the room are left as they are."""
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        fence = line.lstrip().startswith("```")
        fenced = fenced != fence
        limit = first if not out else room
        if fenced or fence or line.lstrip().startswith("|") or len(line) <= limit:
            out.append(line)
            continue
        marker = _LIST_ITEM.match(line)
        hang = " " * (marker.end() if marker else len(line) - len(line.lstrip(" ")))
        pieces = textwrap.wrap(line, width=limit, subsequent_indent=hang, break_long_words=False, break_on_hyphens=False)
        if len(pieces) > 1 and limit != room:  # the rest of the first line has the full room
            rest = line[len(pieces[0]) :].lstrip(" ")
            pieces = [pieces[0], *textwrap.wrap(
                rest, width=room, initial_indent=hang, subsequent_indent=hang, break_long_words=False, break_on_hyphens=False
            )]  # fmt: skip
        out.extend(pieces or [line])
    return out


def _escape_quote_runs(line: str) -> str:
    """Escape runs of three or more double quotes so they cannot close the docstring."""
    if '"""' not in line:
        return line
    out: list[str] = []
    i = 0
    while i < len(line):
        if line[i] == "\\":  # an escape we made: copy it whole
            out.append(line[i : i + 2])
            i += 2
            continue
        if line[i] == '"':
            j = i
            while j < len(line) and line[j] == '"':
                j += 1
            run = j - i
            out.append('\\"' * run if run >= 3 else '"' * run)
            i = j
            continue
        out.append(line[i])
        i += 1
    return "".join(out)


def comment(text: str | None, indent: str = "") -> list[str]:
    """``text`` as comment lines (unprintable characters escaped, so no line can end early)."""
    if not text:
        return []
    cleaned = "\n".join(_escape(line) for line in clean_text(text).split("\n"))
    room = LINE_LENGTH - len(indent) - 2
    return [(f"{indent}# " + line).rstrip() if line else f"{indent}#" for line in wrapped(cleaned, room, room)]


def literal(value: Any) -> str:
    """A Python expression for a JSON value (black's formatting of short literals)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("NaN and infinity are not JSON values")
        return repr(value).replace("e+", "e")  # black writes 1e20, not 1e+20
    if isinstance(value, str):
        return string(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{string(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    # YAML can produce dates and other types that JSON does not have: keep their text.
    return string(json.dumps(value, default=str).strip('"'))
