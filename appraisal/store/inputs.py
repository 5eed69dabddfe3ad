"""Cleaning what participants type before it is stored."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from appraisal.store.errors import InvalidInput

MAX_NAME = 60
MAX_NOTE = 10_000


# Validation of what participants send. ---------------------------------------------------------
def clean_weights(weights: Mapping[str, Any], criterion_ids: Sequence[str]) -> dict[str, float]:
    """Weights for exactly these criteria: finite, not negative, not all zero."""
    unknown = sorted(set(weights) - set(criterion_ids))
    if unknown:
        raise InvalidInput(f"These are not criteria of this workshop: {', '.join(map(str, unknown))}.")
    out: dict[str, float] = {}
    for c in criterion_ids:
        raw = weights.get(c, 0.0)
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise InvalidInput(f"The weight for {c} is not a number.") from None
        if not math.isfinite(value) or value < 0:
            raise InvalidInput(f"The weight for {c} must be a number of zero or more.")
        out[c] = value
    if sum(out.values()) <= 0:
        raise InvalidInput("Every weight is zero: give at least one criterion some weight.")
    return out


def clean_name(name: str, what: str = "display name", limit: int = MAX_NAME) -> str:
    text_ = " ".join(str(name or "").split())
    if not text_:
        raise InvalidInput(f"Please give a {what}.")
    if len(text_) > limit:
        raise InvalidInput(f"The {what} is longer than {limit} characters.")
    return text_


_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def name_key(name: str) -> str:
    """What makes two display names the same to a reader: NFKC, case, spacing and invisible characters
    ignored ("Cllr  Able", "cllr able" and "Cllr\u200bAble" are one name)."""
    text_ = _INVISIBLE.sub("", unicodedata.normalize("NFKC", str(name or "")))
    return " ".join(text_.casefold().split())
