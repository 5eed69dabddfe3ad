"""The one way a case changes: who changes it, a weight set made from any route's result, and the
changes themselves (each applied to a case to give the next version).

Every route that changes a case — the Case data editor, a weight set saved from sliders, a consensus,
an elicitation, a blend from the consensus path, a workshop's adoption, a rename or removal, a file
re-imported, an old version restored — builds one :class:`Change` here, and the store's case library
applies it and writes the version and its audit entry in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from appraisal.case.model import Case, Provenance, WeightSet
from appraisal.case.validation import case_problems, name_key
from appraisal.errors import CaseError, Problem, quoted

# Routes: how a version came about (stored with it; shown in the History view in these words).
ROUTES: dict[str, str] = {
    "import": "opened from a file",
    "seed": "shipped sample case",
    "case-data": "Case data edited",
    "reimport": "file re-imported",
    "restore": "old version restored",
    "save-as": "weight set saved from the sliders",
    "consensus": "consensus of weight sets",
    "elicitation": "weight set built (elicitation)",
    "consensus-path": "weight set taken from the path between the cabinets",
    "adopt": "workshop result adopted",
    "rename": "weight set renamed",
    "remove": "weight set removed",
    "snapshot": "weight sets restored from a snapshot",
}
ID_MAX = 56   # leaves room for a "_12" suffix inside the 64 characters an id may have


# Who. -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Actor:
    """Who made a change: a signed-in person (name and e-mail from the council's identity provider,
    ``verified``) or a display name typed into this session (``verified`` False, shown "not verified")."""

    name: str
    email: str | None = None
    verified: bool = False

    @property
    def label(self) -> str:
        """'Ann Smith (ann@council.gov.uk)' or 'Ann (not verified)'."""
        if self.verified:
            return f"{self.name} ({self.email})" if self.email else self.name
        return f"{self.name} (not verified)"


# A version of a case, as the store keeps it (the store writes them; reports and pages read them). ---
@dataclass(frozen=True)
class VersionInfo:
    """Who saved a version of a case, when, by which route (:data:`ROUTES`), why, and what it changed;
    ``base_version``: the version the change was made on (older than the one before when it rebased)."""

    case_id: str
    version: int
    at: datetime
    author: str
    email: str | None
    verified: bool
    route: str
    reason: str
    summary: str
    base_version: int | None

    @property
    def actor(self) -> Actor:
        """Who saved this version, as the Actor that made the change ('Ann (not verified)')."""
        return Actor(self.author, self.email, self.verified)


@dataclass(frozen=True)
class CaseVersion(VersionInfo):
    """A version with its case."""

    case: Case


# Ids from names: the one copy. -----------------------------------------------------------------
def slug(name: str, fallback: str = "weights") -> str:
    """A case-file id from a name ('Joint — mean 2' → 'joint_mean_2'): lower-case ASCII letters, digits, '_'."""
    text = re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")[:ID_MAX].strip("_")
    return text or fallback


def unique_id(name: str, taken: Iterable[str], fallback: str = "weights") -> str:
    """:func:`slug` of ``name``, with ``_2``, ``_3``… added until it is not in ``taken``."""
    used = set(taken)
    base = slug(name, fallback)
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


# A weight set from a route's result: the one copy. ---------------------------------------------
def make_weight_set(
    case: Case, name: str, weights: Mapping[str, float], *, method: str, variant: str | None = None,
    inputs: Mapping[str, Any] | None = None, by: str | None = None, council: str | None = None,
    note: str | None = None, provenance_note: str | None = None, when: date | None = None,
) -> WeightSet:
    """A new named weight set for ``case``: its id from the name (unique in the case), every criterion
    given a weight (missing ones 0), and its provenance (method, inputs, who agreed it, when).

    Raises :class:`CaseError` naming the field when the name, council or weights cannot make a set.
    """
    clean = str(name or "").strip()
    if not clean:
        raise CaseError("weight set", [Problem("name", "the weight set's name is empty: give it a name")])
    if name_key(clean) in {name_key(ws.name) for ws in case.weight_sets}:
        raise CaseError("weight set", [Problem("name", f"a weight set is already called {quoted(clean)}: "
                                                       "choose another name")])
    try:
        return WeightSet(
            id=unique_id(clean, (ws.id for ws in case.weight_sets)),
            name=clean, council=council or None,
            weights={c: float(weights.get(c, 0.0)) for c in case.criterion_ids},
            note=note or None,
            provenance=Provenance(method=method, variant=variant, inputs=dict(inputs or {}),  # type: ignore[arg-type]
                                  by=by or None, date=(when or date.today()).isoformat(), note=provenance_note),
        )
    except ValidationError as exc:
        raise _pydantic_problem(exc, "weight set") from None


# Changes. --------------------------------------------------------------------------------------
def _pydantic_problem(exc: ValidationError, default: str) -> CaseError:
    first = exc.errors()[0]
    return CaseError("change", [Problem(".".join(str(p) for p in first.get("loc", ())) or default, str(first["msg"]))])


def _rebuilt(case: Case, **updates: Any) -> Case:
    """``case`` with fields replaced and checked again as a whole, so a change can never store a case
    that would not open (the parts are already-validated models)."""
    try:
        new = case.model_copy(update=updates) if updates else case
        Case.model_validate(new.model_dump(mode="python", round_trip=True))
    except ValidationError as exc:
        raise _pydantic_problem(exc, "case") from None
    problems = case_problems(new)
    if problems:
        raise CaseError("change", problems)
    return new


@dataclass(frozen=True)
class Change:
    """One change to a case. ``apply`` gives the next version's case from the current one.

    ``rebases``: whether the change may be applied to a newer version than the one it was made on
    (adding, renaming or removing one weight set can; replacing the whole case cannot — made against
    an out-of-date version, it is refused with who changed the case since).
    """

    route: str
    rebases: bool = field(default=True, init=False)

    def apply(self, case: Case) -> Case:  # pragma: no cover - every change overrides it
        raise NotImplementedError

    def summary(self) -> str:  # pragma: no cover
        raise NotImplementedError


@dataclass(frozen=True)
class AddWeightSet(Change):
    """Add a weight set (saved from the sliders, consensus, elicitation, path, adopted)."""

    weight_set: WeightSet = field(default=None)  # type: ignore[assignment]

    def apply(self, case: Case) -> Case:
        ws = self.weight_set
        taken = [w.id for w in case.weight_sets]
        names = {name_key(w.name) for w in case.weight_sets}
        if ws.id in taken or name_key(ws.name) in names:
            # Another device added one with the same id or name meanwhile: keep both, told apart.
            name, n = ws.name, 2
            while name_key(name) in names:
                name, n = f"{ws.name} ({n})", n + 1
            ws = ws.model_copy(update={"id": unique_id(name, taken), "name": name})
        return _rebuilt(case, weight_sets=[*case.weight_sets, ws])

    def summary(self) -> str:
        return f"added weight set “{self.weight_set.name}”"


def _find(case: Case, set_id: str) -> WeightSet:
    for ws in case.weight_sets:
        if ws.id == set_id:
            return ws
    raise CaseError("change", [Problem("weight_sets", f"there is no weight set {set_id!r} in this version of the case "
                                                      "(it may have been removed on another device)")])


@dataclass(frozen=True)
class RenameWeightSet(Change):
    set_id: str = ""
    name: str = ""

    def apply(self, case: Case) -> Case:
        old = _find(case, self.set_id)
        try:
            renamed = WeightSet.model_validate({**old.model_dump(mode="python"), "name": self.name})
        except ValidationError as exc:
            raise _pydantic_problem(exc, "name") from None
        sets = [renamed if ws.id == old.id else ws for ws in case.weight_sets]
        return _rebuilt(case, weight_sets=sets)

    def summary(self) -> str:
        return f"renamed weight set {self.set_id} to “{self.name.strip()}”"


@dataclass(frozen=True)
class RemoveWeightSet(Change):
    set_id: str = ""
    name: str = ""

    def apply(self, case: Case) -> Case:
        _find(case, self.set_id)
        sets = [ws for ws in case.weight_sets if ws.id != self.set_id]
        if not sets:
            raise CaseError("change", [Problem("weight_sets", "a case needs at least one weight set, so its last one "
                                                              "cannot be removed")])
        return _rebuilt(case, weight_sets=sets)

    def summary(self) -> str:
        return f"removed weight set “{self.name or self.set_id}”"


@dataclass(frozen=True)
class ReplaceWeightSets(Change):
    """Every weight set replaced at once (a snapshot restored)."""

    weight_sets: tuple[WeightSet, ...] = ()
    what: str = "weight sets replaced"

    def __post_init__(self) -> None:
        object.__setattr__(self, "rebases", False)

    def apply(self, case: Case) -> Case:
        return _rebuilt(case, weight_sets=list(self.weight_sets))

    def summary(self) -> str:
        return self.what


@dataclass(frozen=True)
class ReplaceCase(Change):
    """The whole case replaced: edited in Case data, re-imported from a file, an old version restored."""

    case: Case = field(default=None)  # type: ignore[assignment]
    what: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "rebases", False)

    def apply(self, case: Case) -> Case:
        del case
        return _rebuilt(self.case)

    def summary(self) -> str:
        return self.what or ROUTES.get(self.route, self.route)


def weight_set_mappings(sets: Sequence[WeightSet]) -> list[dict[str, Any]]:
    """Weight sets as case-file mappings (what the audit trail compares)."""
    return [ws.model_dump(mode="json", exclude_none=True) for ws in sets]
