"""The imports of a generated module, collected while its code is written (never guessed after)."""

from __future__ import annotations

import re
import sys

from .text import LINE_LENGTH

THIRD_PARTY = frozenset({"annotated_types", "msgspec", "pydantic", "pydantic_core", "typing_extensions"})


def isort_key(name: str) -> tuple[int, list[tuple[int, str]], str]:
    """isort's order by type (ruff's default): CONSTANTS, then Classes, then functions; each in
    natural order, case aside (``Response4XX`` before ``Response200``)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    natural = [(int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", name.lower()) if part]
    return kind, natural, name


def _group(module: str) -> int:
    """The standard library (0), third-party packages (1), the user's own code (2: a base class),
    or the modules of the package (3: a relative import, in a section of its own as isort has it)."""
    top = module.split(".")[0]
    if module.startswith("."):
        return 3
    return 0 if top in sys.stdlib_module_names or top == "__future__" else 1 if top in THIRD_PARTY else 2


class Imports:
    """Names the module needs, by the module they come from."""

    def __init__(self) -> None:
        self._names: dict[str, set[str]] = {}
        self._modules: set[str] = set()

    def add(self, module: str, name: str) -> str:
        """Record ``from module import name``; return ``name`` for use in an expression."""
        self._names.setdefault(module, set()).add(name)
        return name

    def add_module(self, module: str) -> str:
        """Record ``import module``."""
        self._modules.add(module)
        return module

    def lines(self) -> list[str]:
        """The import statements: the standard library, third-party packages, the user's own, then the package's, a blank line
        apart; in each, ``import x`` lines first, then ``from x import y``, the names ordered by
        type (as isort and ruff order them)."""
        groups: list[list[str]] = [[], [], [], []]
        for module in sorted(self._modules):
            groups[_group(module)].append(f"import {module}")
        for module in sorted(self._names):
            names = sorted(self._names[module], key=isort_key)
            plain = [n for n in names if " as " not in n]
            # a name imported under another (``Model as _Model``): a statement of its own, as isort
            # writes it, in the order of the names with the statement of the others
            statements = [(n, f"from {module} import {n}") for n in names if " as " in n]
            if plain:
                line = f"from {module} import {', '.join(plain)}"
                if len(line) > LINE_LENGTH:  # as black writes it: one name a line
                    line = f"from {module} import (\n" + "".join(f"    {n},\n" for n in plain) + ")"
                statements.append((plain[0], line))
            # (a name imported under another is ordered by the name imported: ``NOT_NULL as _NOT_NULL`` is a constant)
            groups[_group(module)].extend(line for _, line in sorted(statements, key=lambda s: isort_key(s[0].partition(" as ")[0])))
        return [line for group in groups if group for line in group + [""]][:-1]
