"""Text from the spec written into Python (format/text.py): every hostile string reads back
exactly, as a docstring, a string literal or a comment, and nothing of it runs."""

from __future__ import annotations

import random

import black
import pytest

from modelgen.render.text import NOQA_LONG, clean_text, comment, docstring, string

HOSTILE = [
    '"""', "'''", '"', "\\", "\\N{BULLET}", "\x00", "\u2028", "\r\n", "\t", "# not a comment",
    "__import__('os').system('false')", "ends with quote\"", '"starts', "a\\\"", "é漢🎉", "\x0c", "{x}",
]


def docstring_text(value: str) -> str:
    """The text a docstring made by ``docstring`` holds, its layout taken off."""
    lines = value.removesuffix(NOQA_LONG).split("\n")
    if len(lines) == 1:
        return value
    indent = len(lines[-1])
    return "\n".join([lines[0]] + [line[indent:] for line in lines[1:-1]])


def hostile_texts(n: int = 400) -> list[str]:
    rng = random.Random(7)
    alphabet = HOSTILE + ["a", " ", "\n", "word", "  indented"]
    return HOSTILE + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(n)]


@pytest.mark.slow
def test_text_survives_docstrings_strings_and_comments_exactly() -> None:
    chunks = []
    texts = [t for t in hostile_texts() if clean_text(t)]
    for i, text in enumerate(texts):
        doc = docstring(text, "    ")
        lines = "\n".join(comment(text, "    "))
        chunks.append(f"class C{i}:\n    {doc}\n\n    value: str = {string(text)}\n{lines}\n    attr: int\n    {doc}\n")
    source = "\n\n".join(chunks)
    assert black.format_str(source, mode=black.Mode(line_length=10_000)) == source
    namespace: dict[str, object] = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    for i, text in enumerate(texts):
        cls = namespace[f"C{i}"]
        # the same text, but for line breaks where a long line is wrapped at a space
        assert docstring_text(cls.__doc__).split() == clean_text(text).split()  # type: ignore[attr-defined]
        assert cls.value == text  # type: ignore[attr-defined]
    assert set(namespace) - {f"C{i}" for i in range(len(texts))} == {"__builtins__"}, "nothing else ran"


def test_long_lines_of_docstrings_and_comments_wrap_at_the_line_length() -> None:
    words = "the run of an assistant on a thread " * 6
    text = f"{words}\n\n- a list item that goes on: {words}\n\n```\ncode = {words!r}\n```"
    doc = docstring(text, "    ")
    assert doc is not None
    lines = doc.split("\n")
    code = [line for line in lines if line.strip().startswith("code = ")]
    assert code and all(len(line) <= 88 for line in lines if line not in code)  # code is left as it is
    item = [i for i, line in enumerate(lines) if line.strip().startswith("- a list item")][0]
    assert lines[item + 1].startswith("      ")  # the item's continuation hangs under its text
    assert doc.endswith('"""  # noqa: E501')  # the code line is meant: linters are told
    assert docstring_text(doc.removesuffix("  # noqa: E501")[3:-3]).split() == clean_text(text).split()
    assert docstring(words, "    ") is not None and "noqa" not in docstring(words, "    ")  # wrapped: nothing to tell
    assert docstring("漢" * 50, "    ", ).endswith("  # noqa: E501")  # 100 columns wide
    assert all(len(line) <= 88 for line in comment(words * 2, "    "))
    assert docstring("short line", "    ") == '"""short line"""'
