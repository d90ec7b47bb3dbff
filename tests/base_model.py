"""The user's own base class of the case's Pydantic models (the option base-class)."""

from pydantic import BaseModel


class Base(BaseModel):
    """Every model can say what it is."""

    def describe(self) -> str:
        return f"{type(self).__name__} with {len(self.model_fields_set)} field(s) set"
