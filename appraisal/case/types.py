"""Field types and limits every part of a case shares (ids, names, text; strict models)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints

FORMAT = "options-appraisal/1"
DEFAULT_SCALE: dict[str, float] = {"High": 3.0, "Medium": 2.0, "Low": 1.0}

# Limits that keep a hostile file from exhausting the machine; generous for any real appraisal.
MAX_OPTIONS = 500
MAX_CRITERIA = 200
MAX_WEIGHT_SETS = 100
MAX_ASSESSORS = 100
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", min_length=1, max_length=64)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=10_000)]

# A score cell or weight is kept as given (label, number or anything else) and checked by
# appraisal.case.validation, which can name the option and criterion in its message.
Cell = Any


class StrictModel(BaseModel):
    """Unknown keys are errors: a typo such as ``weigths`` is reported, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
