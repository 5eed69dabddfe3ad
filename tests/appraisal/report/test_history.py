"""A case's versions in words and tables (appraisal.case.diff, appraisal.report.history), and the committee
pack and HTML briefing naming the version they were made from."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl

from appraisal.case.changes import AddWeightSet, RemoveWeightSet, ReplaceCase, VersionInfo, make_weight_set
from appraisal.case.diff import case_diff
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.report.excel_pack import committee_pack
from appraisal.report.history import diff_sentence, diff_table, history_table, made_from_line, version_line, who
from appraisal.report.html_briefing import briefing_html

HOSTILE = '<script>alert(1)</script> =HYPERLINK("http://x")'


def _when(at: datetime) -> str:
    return at.strftime("%d %b %Y %H:%M")


def test_every_kind_of_difference_is_found(sample_case) -> None:
    data = case_to_mapping(sample_case)
    data["title"] = "Stage two"
    first_option, first_criterion = data["options"][0], data["criteria"][0]["id"]
    first_option["name"] = "Renamed option"
    old_rating = data["scores"][first_option["id"]][first_criterion]
    data["scores"][first_option["id"]][first_criterion] = "Low" if old_rating != "Low" else "High"
    data["weight_sets"][0]["weights"][first_criterion] = 9
    edited = case_from_mapping(data, "edited")
    ws = make_weight_set(edited, HOSTILE, {c: 1 for c in edited.criterion_ids}, method="manual")
    newer = AddWeightSet("save-as", ws).apply(edited)
    newer = RemoveWeightSet("remove", "equal", "Equal weights").apply(newer)
    found = case_diff(sample_case, newer)
    kinds = [d.kind for d in found]
    assert kinds == ["title", "option", "rating", "weight set", "weight set", "weight"]
    assert found[2].item == f"Renamed option × {sample_case.criterion(first_criterion).name}"
    assert (found[2].before, found[2].after) == (str(old_rating), data["scores"][first_option["id"]][first_criterion])
    removed = next(d for d in found if d.kind == "weight set" and d.after is None)
    assert removed.item == "Equal weights"
    sentence = diff_sentence(found, 1, 4)
    assert sentence == ("From version 1 to version 4: 1 title, 1 option, 1 rating, 1 weight changed; "
                        "1 weight set added; 1 weight set removed.")
    table = diff_table(found)
    assert HOSTILE in set(table["Which"]) and "— (added)" in set(table["Before"])  # literal: the page escapes
    assert case_diff(sample_case, sample_case) == []
    assert diff_sentence([], 2, 3) == "Version 2 and version 3 are the same case: nothing differs."


def test_a_case_replaced_whole_is_validated_and_diffs(sample_case) -> None:
    data = case_to_mapping(sample_case)
    data["criteria"].append({"id": "new_one", "name": "New criterion"})
    for scores in data["scores"].values():
        scores["new_one"] = "Medium"
    for ws in data["weight_sets"]:
        ws["weights"]["new_one"] = 1
    newer = ReplaceCase("case-data", case_from_mapping(data, "edited")).apply(sample_case)
    found = case_diff(sample_case, newer)
    assert [d.kind for d in found if d.before is None][:1] == ["criterion"]
    assert sum(d.kind == "rating" for d in found) == len(sample_case.options)


def test_history_table_names_who_how_and_why() -> None:
    at = datetime(2026, 12, 1, 14, 2, tzinfo=UTC)
    rows = [
        VersionInfo("x", 3, at, "Ann Smith", "ann@council.gov.uk", True, "adopt", "", "added weight set “Joint”", 1),
        VersionInfo("x", 2, at, HOSTILE, None, False, "case-data", HOSTILE, "Case data edited", 1),
    ]
    table = history_table(rows, _when)
    assert list(table["Who"]) == ["Ann Smith (ann@council.gov.uk)", f"{HOSTILE} (not verified)"]
    assert table["How"][0] == "workshop result adopted (made on version 1, kept on top of the versions saved meanwhile)"
    assert table["How"][1] == "Case data edited" and table["Why"][1] == HOSTILE and table["Why"][0] == "—"
    assert who(rows[1]) == f"{HOSTILE} (not verified)"
    assert version_line(rows[0], 3, _when) == ("Version 3 of 3, saved 01 Dec 2026 14:02 by Ann Smith "
                                               "(ann@council.gov.uk): workshop result adopted.")


def test_the_pack_and_the_briefing_name_the_version_they_were_made_from(sample_case) -> None:
    line = made_from_line("shared_management_review", 4, 6)
    assert line == "Made from case shared_management_review, version 4 (of 6; not the latest)."
    assert made_from_line("x", 6, 6).endswith("version 6 (the latest).")
    readme = openpyxl.load_workbook(io.BytesIO(committee_pack(sample_case, made_from=line)))["Read me"]
    assert line in [c.value for c in readme["A"]]
    assert line in briefing_html(sample_case, made_from=line)
    assert "Made from case" not in briefing_html(sample_case)  # a file opened outside the library
