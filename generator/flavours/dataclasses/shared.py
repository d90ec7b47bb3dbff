"""What the shared runtime module of a package (``_modelgen_runtime.py``) has in place of, and
beyond, the codec of ``runtime.py``: the generated modules import it rather than carry a copy.

- ``_named`` looks a name up in the modules of its package (outside a package, in the modules
  that import it), not in its own globals: a type that contains itself names itself by a string
  (``list["JsonValue"]``), in the module that defines it. Each definition of a package is written
  once, under a name no other takes, so the name finds one module.
- The names the generated modules import are public here (a type checker in strict mode refuses
  to import another module's private names); they import them under the codec's own names.
"""

from __future__ import annotations

import sys
import typing
from typing import Any

from .checks import _json, _Tag
from .runtime import _Model

# ---- copied into generated modules from here on ----


def _named(annotation: str | typing.ForwardRef) -> Any:
    """The type a string names in the modules beside this one (a type that contains
    itself refers to itself by name: ``JsonValue = str | list["JsonValue"]``): those
    of its package; outside a package, those that import this runtime."""
    name = annotation if isinstance(annotation, str) else annotation.__forward_arg__
    prefix = f"{__package__}." if __package__ else ""
    for module_name in sorted(sys.modules):
        module = sys.modules[module_name]
        ours = any(getattr(module, mine, None) is value for mine, value in _MINE)
        beside = module_name.startswith(prefix) and module_name != __name__
        if beside and (prefix or ours):
            found = getattr(module, name, None)
            if found is not None:
                return found
    raise NameError(f"no model or alias named {name!r} beside {__name__!r}")


# The names the generated modules import (each under the codec's own name).
Model = _Model
Tag = _Tag
field_json = _json
_MINE = (("_Model", _Model), ("_Tag", _Tag), ("_json", _json))
