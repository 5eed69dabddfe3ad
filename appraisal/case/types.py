"""Field types and limits every part of a case shares (ids, names, text; strict models)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from appraisal.errors import shorten, visible

FORMAT = "options-appraisal/1"
DEFAULT_SCALE: dict[str, float] = {"High": 3.0, "Medium": 2.0, "Low": 1.0}

# Limits that keep a hostile file from exhausting the machine; generous for any real appraisal.
MAX_OPTIONS = 500
MAX_CRITERIA = 200
MAX_WEIGHT_SETS = 100
MAX_ASSESSORS = 100
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", min_length=1, max_length=64)]
# Control characters (C0 including tab and line breaks, DEL, C1, the Unicode line and paragraph
# separators): in a name they print terminal escape sequences in the command line and can forge a line
# of a table, so a name with one is refused, the character shown escaped.
NAME_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _no_control(text: str) -> str:
    found = NAME_CONTROL.search(text)
    if found:
        raise ValueError(f"'{shorten(visible(text))}' contains a control character ({visible(found.group())}); "
                         "names are one line of plain text: delete it")
    return text


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_no_control)]
Text = Annotated[str, StringConstraints(max_length=10_000)]
# A short piece of text printed beside figures (a unit such as "£k a year"): one line, may be empty.
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_no_control)]

# A score cell or weight is kept as given (label, number or anything else) and checked by
# appraisal.case.validation, which can name the option and criterion in its message.
Cell = Any


class StrictModel(BaseModel):
    """Unknown keys are errors: a typo such as ``weigths`` is reported, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
