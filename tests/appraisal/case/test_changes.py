"""The one way a case changes (appraisal.case.changes): ids from names, weight sets from any route,
and each change giving a valid next case."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal.case.changes import (
    Actor,
    AddWeightSet,
    RemoveWeightSet,
    RenameWeightSet,
    ReplaceCase,
    ReplaceWeightSets,
    make_weight_set,
    slug,
    unique_id,
)
from appraisal.errors import CaseError
from appraisal.formats.mapping import case_from_mapping

ID = re.compile(r"[a-z0-9_]{1,64}")


@given(st.text(max_size=300), st.sets(st.from_regex(ID, fullmatch=True), max_size=20))
def test_an_id_from_any_name_is_a_valid_id_not_yet_taken(name: str, taken: set[str]) -> None:
    new = unique_id(name, taken)
    assert ID.fullmatch(new) and new not in taken


def test_ids_read_like_their_names() -> None:
    assert slug("Joint — mean of 2 sets!") == "joint_mean_of_2_sets"
    assert slug("%%%", "blend") == "blend"
    assert unique_id("Joint", {"joint", "joint_2"}) == "joint_3"


def test_a_weight_set_from_a_route_has_every_criterion_and_its_provenance(minimal) -> None:
    case = case_from_mapping(minimal, "case")
    ws = make_weight_set(case, "  North cabinet (ranked) ", {"finance": 50, "place": 50}, method="ranking",
                         variant="roc", inputs={"order": ["finance"]}, by="Cabinet", council="north")
    assert ws.id == "north_cabinet_ranked" and ws.name == "North cabinet (ranked)"
    assert ws.weights == {"finance": 50.0, "place": 50.0, "risk": 0.0}
    assert ws.provenance.method == "ranking" and ws.provenance.by == "Cabinet" and ws.provenance.date
    with pytest.raises(CaseError, match="already called"):
        make_weight_set(case, "NORTH  cabinet", {}, method="manual")  # reads the same as a set it has
    with pytest.raises(CaseError, match="name is empty"):
        make_weight_set(case, "   ", {}, method="manual")
    with pytest.raises(CaseError, match="control character"):
        make_weight_set(case, "a\u2028b", {}, method="manual")


def test_two_devices_adding_the_same_name_keep_both(minimal) -> None:
    case = case_from_mapping(minimal, "case")
    ws = make_weight_set(case, "Joint", {"finance": 1}, method="manual")
    once = AddWeightSet("save-as", ws).apply(case)
    twice = AddWeightSet("consensus", ws).apply(once)   # made on the version before the first was added
    assert [(w.id, w.name) for w in twice.weight_sets[-2:]] == [("joint", "Joint"), ("joint_2", "Joint (2)")]
    assert AddWeightSet("save-as", ws).rebases and not ReplaceCase("case-data", case).rebases


def test_rename_remove_and_replace_refuse_what_would_not_open(minimal) -> None:
    case = case_from_mapping(minimal, "case")
    renamed = RenameWeightSet("rename", "north_cabinet", "North — final").apply(case)
    assert renamed.weight_set("north_cabinet").name == "North — final"
    with pytest.raises(CaseError, match="are both called 'South cabinet'"):
        RenameWeightSet("rename", "north_cabinet", "South cabinet").apply(case)
    with pytest.raises(CaseError, match="no weight set 'gone'"):
        RemoveWeightSet("remove", "gone").apply(case)
    one_left = RemoveWeightSet("remove", "south_cabinet").apply(case)
    with pytest.raises(CaseError, match="last one"):
        RemoveWeightSet("remove", "north_cabinet").apply(one_left)
    restored = ReplaceWeightSets("snapshot", tuple(case.weight_sets)).apply(one_left)
    assert [w.id for w in restored.weight_sets] == ["north_cabinet", "south_cabinet"]


def test_who_is_said_plainly() -> None:
    assert Actor("Ann Smith", "ann@council.gov.uk", verified=True).label == "Ann Smith (ann@council.gov.uk)"
    assert Actor("Ann").label == "Ann (not verified)"

