"""A workshop's records and the pure maths of pooling participants' weights per council and jointly."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

# Methods participants can use on their phones (issue "elicitation methods" adds the others).
WORKSHOP_METHODS = ("points", "ranking", "swing", "pairwise")
DEFAULT_METHOD = "points"
OPEN, CLOSED = "open", "closed"
JOINT = "joint"
JOINT_COUNCILS = "joint_councils"


@dataclass(frozen=True)
class Workshop:
    code: str
    case_key: str
    case_title: str
    case_data: dict[str, Any]
    method: str
    status: str
    created_at: datetime
    closed_at: datetime | None
    adopted: list[dict[str, Any]]

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def criterion_ids(self) -> list[str]:
        return [c["id"] for c in self.case_data.get("criteria", [])]

    @property
    def councils(self) -> dict[str, str]:
        """Council id → name, as the case had them when the workshop started."""
        return {c["id"]: c["name"] for c in self.case_data.get("councils", [])}


@dataclass(frozen=True)
class Submission:
    participant_token: str
    council: str | None
    display_name: str
    weights: dict[str, float]
    method: str
    inputs: dict[str, Any]
    submitted_at: datetime
    revised_at: datetime
    revision: int
    #: The facilitator's view only (0 / "" on the shared screen): the ballot's number in the store, a
    #: short fingerprint of the device that cast it and the network address its place was issued to.
    ballot: int = 0
    device: str = ""
    origin: str = ""


@dataclass(frozen=True)
class GroupAggregate:
    """Mean and median of the participants' normalised weights (each sums to 1) for one group."""

    group: str  # council id, or "joint"
    label: str
    n: int
    mean: dict[str, float]
    median: dict[str, float]

    def weights(self, statistic: str) -> dict[str, float]:
        if statistic not in ("mean", "median"):
            raise ValueError(f"Unknown statistic {statistic!r}: choose mean or median.")
        return self.mean if statistic == "mean" else self.median


def normalised(weights: Mapping[str, float], criterion_ids: Sequence[str]) -> np.ndarray:
    w = np.array([float(weights.get(c, 0.0)) for c in criterion_ids], dtype=float)
    total = w.sum()
    return w / total if total > 0 else w


# Aggregation (pure). ---------------------------------------------------------------------------
def _group(label: str, group: str, rows: list[np.ndarray], criterion_ids: Sequence[str]) -> GroupAggregate:
    if not rows:
        empty = dict.fromkeys(criterion_ids, 0.0)
        return GroupAggregate(group, label, 0, empty, dict(empty))
    m = np.vstack(rows)
    mean = m.mean(axis=0)
    med = np.median(m, axis=0)
    med = med / med.sum() if med.sum() > 0 else mean  # medians need not sum to 1: rescale
    return GroupAggregate(group, label, len(rows), dict(zip(criterion_ids, mean.tolist())), dict(zip(criterion_ids, med.tolist())))


def aggregate(
    submissions: Sequence[Submission], criterion_ids: Sequence[str], councils: Mapping[str, str] | None = None
) -> dict[str, GroupAggregate]:
    """Per council (in ``councils`` order, then any other), ``"joint"`` over every participant and,
    once two or more councils have submitted, ``"joint_councils"`` in which each council counts once.

    Each participant's weights are normalised to sum to 1 first, so a person who typed 3/2/1 and
    one who allocated 100 points count alike. The mean of normalised weights sums to 1; the median
    is rescaled to sum to 1.
    """
    councils = dict(councils or {})
    vectors: dict[str | None, list[np.ndarray]] = {}
    for s in submissions:
        vectors.setdefault(s.council, []).append(normalised(s.weights, criterion_ids))
    out: dict[str, GroupAggregate] = {}
    for cid, name in councils.items():
        out[cid] = _group(name, cid, vectors.get(cid, []), criterion_ids)
    for cid, rows in vectors.items():
        if cid is not None and cid not in out:
            out[cid] = _group(cid, cid, rows, criterion_ids)
    every = [v for rows in vectors.values() for v in rows]
    out[JOINT] = _group("Joint (every participant)", JOINT, every, criterion_ids)
    voted = [g for key, g in out.items() if key != JOINT and g.n]
    if len(voted) >= 2:
        # A council that brings more members would otherwise weigh more in the joint view: here each
        # council's aggregate counts once (the mean of the councils' means, and of their medians).
        mean = np.mean([[g.mean[c] for c in criterion_ids] for g in voted], axis=0)
        med = np.mean([[g.median[c] for c in criterion_ids] for g in voted], axis=0)
        out[JOINT_COUNCILS] = GroupAggregate(
            JOINT_COUNCILS, "Joint (each council equally)", sum(g.n for g in voted),
            dict(zip(criterion_ids, (mean / mean.sum()).tolist())), dict(zip(criterion_ids, (med / med.sum()).tolist())),
        )
    return out


def counts_by_council(submissions: Sequence[Submission], councils: Mapping[str, str] | None = None) -> dict[str, int]:
    """Submissions per council id (every council listed, zero included; None → 'unstated')."""
    out = dict.fromkeys(councils or {}, 0)
    for s in submissions:
        key = s.council or "unstated"
        out[key] = out.get(key, 0) + 1
    return out
