"""The Case data page: uploads (YAML and Excel) open or explain, never disturb the open case; editors and downloads."""

from __future__ import annotations

import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from appraisal.case.changes import Actor, ReplaceCase
from appraisal.formats.excel.write import case_workbook, template_workbook
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from tests.conftest import SAMPLE_ID, library, stored_case, versions, view


def _page(edited_title: str | None = None) -> AppTest:
    """The page; with ``edited_title``, after another device saved the case with that title (version 2)."""
    at = AppTest.from_file(view("case_data"), default_timeout=60)
    at.run()
    if edited_title:
        data = case_to_mapping(stored_case())
        data["title"] = edited_title
        library().apply(SAMPLE_ID, ReplaceCase("case-data", case_from_mapping(data, "edited")), 1, Actor("Officer"))
        at.run()
    assert not at.exception
    return at


def _upload(at: AppTest, name: str, data: bytes) -> None:
    uploader = next(f for f in at.get("file_uploader") if f.key == "cd_upload")
    uploader.set_value((name, data, "application/octet-stream"))
    at.run()
    assert not at.exception


def _banner(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("*Case"))


def test_page_shows_editors_limit_and_downloads() -> None:
    at = _page()
    assert len(at.data_editor) == 4
    uploader = next(f for f in at.get("file_uploader") if f.key == "cd_upload")
    assert "up to 5 MB" in uploader.label
    assert set(uploader.allowed_type) >= {".yaml", ".xlsx"}
    keys = {b.key for b in at.get("download_button")}
    assert {"cd_dl_yaml", "cd_dl_case_xlsx", "cd_dl_template", "cd_dl_pack", "cd_dl_html"} <= keys
    assert at.button(key="cd_apply").disabled, "nothing to apply before an edit"
    assert any("Size limit: 5 MB" in m.value.replace("\\", "") for m in at.markdown)


def test_valid_workbook_upload_opens_it() -> None:
    at = _page()
    _upload(at, "template.xlsx", template_workbook())
    assert "Our options appraisal" in _banner(at)
    assert at.success and "Opened template" in at.success[0].value.replace("\\", "")


def test_bad_workbook_names_the_cell_and_leaves_the_open_case_and_edits_alone() -> None:
    at = _page(edited_title="Edited in this session")
    assert "Edited in this session" in _banner(at)
    wb = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    wb["Ratings"]["D3"] = "Hgh"
    out = io.BytesIO()
    wb.save(out)
    _upload(at, "bad.xlsx", out.getvalue())
    message = at.error[0].value.replace("\\", "")
    assert "bad.xlsx: Ratings!D3: 'Hgh' is not a rating; use High, Medium or Low" in message
    assert "Edited in this session" in _banner(at)
    assert stored_case().title == "Edited in this session" and len(versions()) == 2  # nothing saved by the bad file


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("renamed.xlsx", b"id,name\nas_is,As is\n", "a text (CSV) file renamed to .xlsx"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected (encrypted)"),
    ("broken.yaml", b"format: options-appraisal/1\ntitle: [unclosed\n", "not valid YAML"),
    ("huge.yaml", b"#" * (5 * 1024 * 1024 + 10), "case files over 5 MB are refused"),
])
def test_hostile_uploads_get_a_readable_error(name: str, data: bytes, expected: str) -> None:
    at = _page()
    before = _banner(at)
    _upload(at, name, data)
    assert expected in at.error[0].value.replace("\\", "")
    assert _banner(at) == before


def test_yaml_upload_of_a_workbook_round_trip(sample_case) -> None:
    at = _page()
    _upload(at, "sample.xlsx", case_workbook(sample_case))
    assert sample_case.title.split(" —")[0] in _banner(at).replace("\\", "")
