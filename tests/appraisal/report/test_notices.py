"""The illustrative-figures warning: said once, whatever the case's note begins with (issue 18)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from appraisal.formats.load import load_case
from appraisal.report.excel_pack import committee_pack
from appraisal.report.html_briefing import briefing_html
from appraisal.report.notices import LABEL, illustrative_notice, illustrative_short
from tests.conftest import ROOT


@pytest.mark.parametrize(("note", "illustrative", "full", "short"), [
    ("ILLUSTRATIVE FIGURES: not published.", True, "ILLUSTRATIVE FIGURES: not published.", LABEL),
    ("Illustrative figures: not published.", False, "ILLUSTRATIVE FIGURES: not published.", LABEL),
    ("ILLUSTRATIVE FIGURES where marked. The rest is real.", True,
     "ILLUSTRATIVE FIGURES where marked. The rest is real.", "ILLUSTRATIVE FIGURES where marked"),
    ("Chosen to show the method.", True, "ILLUSTRATIVE FIGURES: Chosen to show the method.", LABEL),
    (None, True, "ILLUSTRATIVE FIGURES: the figures in this case are illustrative.", LABEL),
    ("From the published report.", False, None, None),
])
def test_label_once(note, illustrative, full, short) -> None:  # noqa: ANN001
    case = load_case(ROOT / "data" / "shared_management_review.yaml").model_copy(update={"note": note, "illustrative": illustrative})
    assert illustrative_notice(case) == full
    assert illustrative_short(case) == short
    if full:
        assert full.upper().count(LABEL) == 1


@pytest.mark.parametrize("name", ["shared_management_review.yaml", "strategic_partnership_2022.yaml"])
def test_html_briefing_says_it_once(name: str) -> None:
    doc = briefing_html(load_case(ROOT / "data" / name))
    assert doc.upper().count(LABEL) == 1
    assert "ILLUSTRATIVE FIGURES: ILLUSTRATIVE" not in doc.upper()


@pytest.mark.parametrize("name", ["shared_management_review.yaml", "strategic_partnership_2022.yaml"])
def test_committee_pack_says_it_once(name: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(committee_pack(load_case(ROOT / "data" / name))))
    readme = " ".join(str(c.value) for c in wb["Read me"]["A"] if c.value)
    assert readme.upper().count(LABEL) == 1
