"""What every job on one spec shares: the spec read, normalised and named (kept in the parse cache)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..ir import SpecIR
    from ..naming import Names


@dataclass(frozen=True)
class Prepared:
    """A spec read, normalised and named: what every job on that spec shares."""

    name: str
    spec_hash: str
    sources: tuple[str, ...]
    spec: SpecIR
    names: Names
    overlays: str = ""  # the hash of the overlays applied, as the bytes read ("" without any)
    # the definitions the spec's tagged operations name, with their tags (``grouping.tag_seeds``)
    seeds: tuple[tuple[str, tuple[str, ...]], ...] = ()
