"""Black, for the rare block the layout rules cannot place.

The layout (``layout``) writes every statement as black would, or in a form black leaves alone,
so black is not on the hot path: ``fit_to_black`` looks for a code line longer than black allows
and, only if it finds one that black would not leave as it is, formats the statements holding it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .layout import INDENT, SKIPPED
from .text import LINE_LENGTH, width

if TYPE_CHECKING:
    import ast

# Long lines that black itself writes when a name or a string alone is too long: the head of a
# split call (``layout._overflowing_head``), a class line, a class or function line
# split at its bracket, the return annotation closing a split signature, a name or a string
# alone on its line (an argument, or a member of a union), a field annotated with a name too long
# even in parentheses, a string alone or as a keyword argument, a dict entry whose value is a name,
# and a line black is told to skip (layout.SKIPPED).
BLACK_KEEPS = re.compile(
    r"(return |[A-Za-z_]\w*=)?[\w.]+\(|(class|def) \w+\(|class \w+:|\) -> [\w.]+:|(\| )?[\w.]+,?|\w+: [\w.]+"
    r'|(?:[A-Za-z_]\w*=)?(?:"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'),?|"(?:[^"\\]|\\.)*": [\w.]+,'
    r"|.*" + re.escape(SKIPPED)
)


def fit_to_black(block: str) -> str:
    """``block`` unchanged, unless a code line (not a docstring or comment) is longer than black
    allows; then black formats the statements with such lines (or, failing that, the block)."""
    lines = block.split("\n")
    if max(map(len, lines)) <= LINE_LENGTH and block.isascii():
        return block  # the common case, checked at C speed
    long_lines = []
    inside = False  # within a multi-line docstring (they always start a line with three quotes;
    # three quotes elsewhere can only be inside a one-line string literal of code)
    for number, line in enumerate(lines, start=1):
        if '"""' not in line:  # most lines: no docstring starts or ends here
            if not inside and len(line) > LINE_LENGTH // 2 and width(line) > LINE_LENGTH:
                text = line.strip()
                if not text.startswith("#") and not BLACK_KEEPS.fullmatch(text):
                    long_lines.append(number)
            continue
        text = line.strip()
        if inside:
            inside = not text.endswith('"""')
            continue
        if text.startswith('"""'):
            inside = len(text) < 6 or not text.endswith('"""') or text.endswith('\\"""')
            continue
        if not text.startswith("#") and width(line) > LINE_LENGTH and not BLACK_KEEPS.fullmatch(text):
            long_lines.append(number)
    if not long_lines:
        return block
    return _black_statements(block, long_lines)


def _black_statements(block: str, long_lines: list[int]) -> str:
    """Black on the innermost statements holding ``long_lines``, each alone at its own depth
    (black formats a statement the same way wherever it stands at that depth)."""
    import ast

    lines = block.split("\n")
    spans: list[tuple[int, int, int]] = []
    tree = ast.parse(block)
    for number in long_lines:
        node = _innermost_statement(tree, number)
        if node is None or node.end_lineno is None:
            return _black(block)
        decorators = getattr(node, "decorator_list", None)
        start = decorators[0].lineno if decorators else node.lineno  # a decorated definition with its decorators
        span = (start, node.end_lineno, node.col_offset // 4)
        if span not in spans:
            spans.append(span)
    spans.sort()
    if any(a[1] >= b[0] for a, b in zip(spans, spans[1:])):
        return _black(block)
    for start, end, depth in reversed(spans):
        wrapper = "".join(INDENT * k + "if _:\n" for k in range(depth))
        formatted = _black(wrapper + "\n".join(lines[start - 1 : end])).split("\n")[depth:]
        while formatted and not formatted[0]:  # black's blank line before a definition opening a block
            formatted.pop(0)
        lines[start - 1 : end] = formatted
    return "\n".join(lines)


def _innermost_statement(tree: ast.AST, line: int) -> ast.stmt | None:
    import ast

    found = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or 0):
            if found is None or node.lineno >= found.lineno and (node.end_lineno or 0) <= (found.end_lineno or 0):
                if not isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.Try, ast.If)) or node.lineno == line:
                    found = node
    return found


def _black(block: str) -> str:
    import black  # imported only when needed: it costs a few hundred milliseconds

    return black.format_str(block + "\n", mode=black.Mode(line_length=LINE_LENGTH)).rstrip("\n")
