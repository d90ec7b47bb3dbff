"""Short class names for dotted schema names (``io.k8s.api.core.v1.Pod``, as Kubernetes and
other Swagger documents name their definitions).

A dotted name is named by its last segment when no other name of the output ends the same way
(``Pod``); else by as few trailing segments as tell it from every other (``CoreV1Status`` beside
``MetaV1Status``). It is never numbered, and it depends only on the names of the output, not on
their order. A name is dotted when it has two segments or more, each starting with a letter or
``_`` (``v1.2`` and ``file.name.json``-like titles with a segment starting with a digit are not).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

_DOTTED = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+")


def is_dotted(name: str) -> bool:
    return _DOTTED.fullmatch(name) is not None


def shortened(names: Iterable[str], spelled: Callable[[str], str]) -> dict[str, str]:
    """For each dotted name of ``names``, its fewest trailing segments (joined by ``.``) whose
    spelling as a class name (``spelled``: the naming stage's PascalCase) no other name of
    ``names`` has: neither another dotted name's as many trailing segments, nor a plain name.
    A dotted name no tail tells apart keeps every segment (the naming stage then resolves the
    clash, as for any two schemas named alike)."""
    unique = set(names)
    segments = {n: n.split(".") for n in sorted(unique) if is_dotted(n)}
    plain = {spelled(n) for n in unique if n not in segments}
    result: dict[str, str] = {}
    pending = list(segments)
    count = 0
    while pending:
        count += 1
        tails = {n: spelled(" ".join(segments[n][-count:])) for n in segments}
        seen = Counter(tails.values())
        still = []
        for name in pending:
            parts = segments[name]
            if (seen[tails[name]] == 1 and tails[name] not in plain) or count >= len(parts):
                result[name] = ".".join(parts[-count:])
            else:
                still.append(name)
        pending = still
    return result
