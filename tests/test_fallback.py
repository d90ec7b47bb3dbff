"""Black as the fallback (format/fallback.py): only code lines black would change send a block
to black; docstrings, comments and lines black keeps long do not."""

from __future__ import annotations

from modelgen.render.fallback import fit_to_black


def test_black_fallback_only_for_long_code_lines() -> None:
    long_doc = 'X: TypeAlias = int\n"""' + "word " * 40 + '"""'
    assert fit_to_black(long_doc) == long_doc
    long_code = "X: TypeAlias = Literal[" + ", ".join(f'"value{i}"' for i in range(20)) + "]"
    formatted = fit_to_black(long_code)
    assert formatted != long_code and all(len(line) <= 88 for line in formatted.split("\n"))


def test_three_quotes_in_a_string_do_not_hide_a_long_line() -> None:
    block = "x = f('\"\"\"')\ny = g(" + ", ".join(f"argument_{i}" for i in range(12)) + ")"
    formatted = fit_to_black(block)
    assert formatted != block and all(len(line) <= 88 for line in formatted.split("\n"))
