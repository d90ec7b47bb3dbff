"""Text from the spec written into Python (format/text.py): every hostile string reads back
exactly, as a docstring, a string literal or a comment, and nothing of it runs."""

from __future__ import annotations

import random

import black

from modelgen.format.text import clean_text, comment, docstring, docstring_text, string

HOSTILE = [
    '"""', "'''", '"', "\\", "\\N{BULLET}", "\x00", "\u2028", "\r\n", "\t", "# not a comment",
    "__import__('os').system('false')", "ends with quote\"", '"starts', "a\\\"", "é漢🎉", "\x0c", "{x}",
]


def hostile_texts(n: int = 400) -> list[str]:
    rng = random.Random(7)
    alphabet = HOSTILE + ["a", " ", "\n", "word", "  indented"]
    return HOSTILE + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(n)]


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
        assert docstring_text(cls.__doc__) == clean_text(text)  # type: ignore[attr-defined]
        assert cls.value == text  # type: ignore[attr-defined]
    assert set(namespace) - {f"C{i}" for i in range(len(texts))} == {"__builtins__"}, "nothing else ran"
