"""Fuzzing the case model: whatever mapping or bytes arrive, the loader either gives a usable case or a
CaseError naming the file — never any other exception, and never a case the engine cannot rank."""

from __future__ import annotations

import copy
import math
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisal.analysis.scoring import Appraisal
from appraisal.errors import CaseError
from appraisal.formats.load import load_case_bytes
from appraisal.formats.mapping import case_from_mapping
from appraisal.formats.yaml_file import case_to_yaml
from tests.hostile.make_corpus import BASE, HOSTILE_NAMES

SOURCE = "fuzz.yaml"
FIELDS = ["format", "title", "councils", "rating_scale", "criteria", "options", "scores", "weight_sets",
          "id", "name", "weights", "council", "status_quo", "finance", "place", "risk", "as_is", "shared",
          "High", "Medium", "Low", "savings", "assessors", "assessments", "provenance", "method", "note"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([10**400, -(10**400), 0, -0.0, 1e308, -1e308, 5e-324]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from([*FIELDS, *HOSTILE_NAMES.values(), "", "   ", "options-appraisal/1", "Very high", "high"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), children, max_size=4),
    ),
    max_leaves=20,
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into a mapping/list tree."""
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated_cases(draw: st.DrawFn) -> Any:
    """The valid base case with a few random edits: replace, delete or add at a random place."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(FIELDS))] = draw(values)
        else:
            parent.append(draw(values))
    return data


def _check(raw: Any) -> None:
    try:
        case = case_from_mapping(raw, SOURCE)
    except CaseError as exc:
        message = exc.message
        assert message.strip()
        assert all(line.startswith(f"{SOURCE}: ") or line.startswith("… and ") for line in message.splitlines()), message
        return
    # A case that loads can be ranked under every weight set, with finite totals, and saved again.
    appraisal = Appraisal(case)
    for ws in case.weight_sets:
        results = appraisal.results(appraisal.weights_of(ws.id))
        assert all(math.isfinite(r.total) and math.isfinite(r.percent_of_max) for r in results)
    assert case_from_mapping(yaml.safe_load(case_to_yaml(case)), SOURCE) == case


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_cases())
def test_mutated_case_loads_or_gives_clear_error(raw: Any) -> None:
    _check(raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_any_mapping_loads_or_gives_clear_error(raw: Any) -> None:
    _check(raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_any_bytes_load_or_give_clear_error(data: bytes) -> None:
    try:
        load_case_bytes(data, SOURCE)
    except CaseError as exc:
        assert exc.message.startswith(f"{SOURCE}: ") or exc.message.startswith(SOURCE)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_cases())
def test_mutated_yaml_text_loads_or_gives_clear_error(raw: Any) -> None:
    """The same mutations written out as YAML and read back through the byte loader."""
    try:
        text = yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)
    except yaml.YAMLError:
        return
    try:
        load_case_bytes(text.encode("utf-8"), SOURCE)
    except CaseError as exc:
        assert all(line.startswith(f"{SOURCE}: ") or line.startswith("… and ") for line in exc.message.splitlines())
