"""The version of modelgen (a leaf: the no-op fast path and the state line read it)."""

__version__ = "0.1.0"
