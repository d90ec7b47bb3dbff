"""modelgen: typed Python models (dataclasses, Pydantic v2, TypedDict) from OpenAPI schemas."""

__version__ = "0.1.0"
