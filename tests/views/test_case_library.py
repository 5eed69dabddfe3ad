"""Issue 16 through the pages (AppTest): the case library, ``?case=``/``&v=`` addresses, one version and
one audit entry per route, unsaved slider edits, the History page, stale edits refused, hostile text."""

from __future__ import annotations

import yaml
from streamlit.testing.v1 import AppTest

from appraisal.case.changes import Actor, AddWeightSet, make_weight_set
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.store.repository import Store
from tests.conftest import APP, SAMPLE_ID, library, plain, stored_case, versions, view
from ui.components.text import md

HOSTILE = "<img src=x onerror=alert(1)> =HYPERLINK(\"http://x\") **bold** [link](http://evil)"


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def _audit_count(url: str, case_id: str = SAMPLE_ID) -> int:
    from sqlalchemy import func, select

    from appraisal.store.schema import CaseAuditRow

    store = Store(url)
    with store._session() as s:
        return int(s.scalar(select(func.count()).select_from(CaseAuditRow).where(CaseAuditRow.case_id == case_id)))


def _another_device_adds(name: str, base: int = 1, reason: str = "") -> None:
    case = stored_case()
    ws = make_weight_set(case, name, {c: 1.0 for c in case.criterion_ids}, method="manual")
    library().apply(SAMPLE_ID, AddWeightSet("save-as", ws), base, Actor("Chair on her laptop"), reason)


# The library and the address. ---------------------------------------------------------------------
def test_first_visit_opens_the_sample_case_and_the_address_names_it(store_url: str) -> None:
    at = _app()
    assert at.query_params["case"] in ([SAMPLE_ID], SAMPLE_ID)
    listed = {c.id for c in library(store_url).list_cases()}
    assert {SAMPLE_ID, "strategic_partnership_2022"} <= listed, "the shipped cases are in the library on first start"
    banner = next(m.value for m in at.markdown if m.value.startswith("*Case"))
    assert "version 1 (the latest)" in plain(banner)
    caption = plain(next(m.value for m in at.sidebar.markdown if "last changed" in m.value))
    assert "Version 1" in caption and "Options Appraisal Studio" in caption


def test_the_address_opens_a_case_on_any_device(store_url: str) -> None:
    at = _app(case="strategic_partnership_2022")
    assert "Harborough" in plain(next(m.value for m in at.markdown if m.value.startswith("*Case")))
    # An address naming no case in the library opens the default one, without an error.
    at = _app(case="no_such_case")
    assert at.session_state["case_choice"] == SAMPLE_ID


def test_an_older_version_opens_read_only_and_cannot_be_changed(store_url: str) -> None:
    _app()
    _another_device_adds("Chair's weights")
    at = AppTest.from_file(view("weights"), default_timeout=60)
    at.query_params["case"] = SAMPLE_ID
    at.query_params["v"] = "1"
    at.run()
    assert not at.exception
    banner = plain(next(m.value for m in at.markdown if m.value.startswith("*Case")))
    assert "version 1 of 2 (older, read-only)" in banner
    assert not any("Chair" in m.value for m in at.markdown if m.value.startswith("- "))  # version 1's sets only
    at.radio(key="wts_cons_how").set_value("mean").run()
    at.button(key="wts_cons_add").click().run()
    assert any("older version" in plain(e.value) for e in at.error), "a change on an old version is refused, in words"
    assert len(versions()) == 2


# One version and one audit entry per route. ----------------------------------------------------
def test_consensus_route_leaves_one_version_and_one_audit_entry(store_url: str) -> None:
    at = AppTest.from_file(view("weights"), default_timeout=60).run()
    at.radio(key="wts_cons_how").set_value("median").run()
    at.text_input(key="wts_cons_by").input(HOSTILE)
    at.button(key="wts_cons_add").click().run()
    assert not at.exception
    assert [v.route for v in versions()] == ["consensus", "seed"]
    assert _audit_count(store_url) == 2
    assert versions()[0].reason == HOSTILE  # kept literally


def test_rename_and_remove_routes(store_url: str) -> None:
    at = AppTest.from_file(view("weights"), default_timeout=60).run()
    at.selectbox(key="wts_manage_set").set_value("equal").run()
    at.text_input(key="wts_manage_name").input("Every criterion alike").run()
    at.button(key="wts_manage_rename").click().run()
    assert not at.exception
    assert stored_case().weight_set("equal").name == "Every criterion alike"
    at.selectbox(key="wts_manage_set").set_value("equal").run()
    at.checkbox(key="wts_manage_confirm").check().run()
    at.button(key="wts_manage_remove").click().run()
    assert not at.exception
    assert "equal" not in [w.id for w in stored_case().weight_sets]
    assert [v.route for v in versions()] == ["remove", "rename", "seed"]
    assert _audit_count(store_url) == 3
    assert any("version 3" in s.value for s in at.success)


def test_reimport_route_makes_a_new_version_of_the_open_case(store_url: str) -> None:
    at = AppTest.from_file(view("case_data"), default_timeout=60).run()
    data = case_to_mapping(stored_case())
    data["title"] = "Shared management review — stage two"
    at.radio(key="cd_upload_how").set_value("reimport").run()
    uploader = next(f for f in at.get("file_uploader") if f.key == "cd_upload")
    uploader.set_value(("stage-two.yaml", yaml.safe_dump(data, sort_keys=False).encode(), "text/yaml")).run()
    assert not at.exception
    assert stored_case().title == "Shared management review — stage two"
    assert [v.route for v in versions()] == ["reimport", "seed"] and _audit_count(store_url) == 2
    assert [c.id for c in library().list_cases()].count(SAMPLE_ID) == 1, "a re-import is not a new case"


def test_a_slider_edit_is_marked_unsaved_until_saved_as_a_weight_set(store_url: str) -> None:
    at = AppTest.from_file(view("ranking"), default_timeout=60).run()
    first = stored_case().criterion_ids[0]
    slider = at.slider(key=f"w_{first}")
    slider.set_value(slider.value + 1).run()
    assert any("(edited, not saved)" in plain(c.value) for c in at.markdown)
    at.text_input(key="reset_weights_save_name").input("Cabinet after the debate")
    at.text_input(key="reset_weights_save_reason").input("Moved finance up")
    next(b for b in at.button if b.label == "Save").click().run()
    assert not at.exception
    saved = stored_case().weight_sets[-1]
    assert saved.name == "Cabinet after the debate" and saved.provenance.method == "manual"
    latest = versions()[0]
    assert (latest.route, latest.reason, latest.version) == ("save-as", "Moved finance up", 2)
    assert _audit_count(store_url) == 2
    assert not any("(edited, not saved)" in plain(c.value) for c in at.markdown), "saved: no longer marked"


# Several devices at once. ---------------------------------------------------------------------------
def test_a_case_data_edit_on_an_out_of_date_version_is_refused_naming_who(store_url: str) -> None:
    def edit_on_version_one() -> None:
        import streamlit as st

        from appraisal.formats.mapping import case_from_mapping, case_to_mapping
        from ui.cases import ChangeRefused, case_picker, current_case, replace_current

        case_picker()
        if st.button("save", key="save"):
            data = case_to_mapping(current_case())
            data["title"] = "Edited on the projector"
            try:
                replace_current(case_from_mapping(data, "edit"), base_version=1)
            except Exception as exc:  # noqa: BLE001 - the sentence is what is tested
                st.error(str(exc) if not isinstance(exc, ChangeRefused) else f"refused: {exc}")

    at = AppTest.from_function(edit_on_version_one, default_timeout=60).run()
    _another_device_adds("Chair's weights")
    at.button(key="save").click().run()
    message = plain(at.error[0].value)
    assert "changed since you opened version 1" in message and "Chair on her laptop" in message
    assert stored_case().title != "Edited on the projector"
    assert [v.route for v in versions()] == ["save-as", "seed"], "nothing lost, nothing overwritten"


def test_two_devices_adding_sets_at_once_both_keep_them(store_url: str) -> None:
    at = AppTest.from_file(view("weights"), default_timeout=60).run()
    _another_device_adds("Chair's weights")  # made on version 1 by the other device, while this page shows 1
    at.radio(key="wts_cons_how").set_value("mean").run()
    at.button(key="wts_cons_add").click().run()
    assert not at.exception
    names = [w.name for w in stored_case().weight_sets]
    assert "Chair's weights" in names and any(n.startswith("Joint — mean") for n in names)
    assert [v.version for v in versions()] == [3, 2, 1]


# The History page. ------------------------------------------------------------------------------------
def test_history_lists_versions_diffs_and_restores(store_url: str) -> None:
    _app()
    _another_device_adds(HOSTILE, reason=HOSTILE)
    at = AppTest.from_file(view("history"), default_timeout=60).run()
    assert not at.exception
    table = next(m.value for m in at.markdown if "| Version |" in m.value)
    assert "not verified" in table and "Chair on her laptop" in table
    assert "<img" not in table.replace("\\<img", ""), "user text is escaped, never HTML"
    assert md("<img src=x onerror=alert(1)>") in table
    sentence = next(m.value for m in at.markdown if m.value.startswith("**From version"))
    assert "1 weight set added" in plain(sentence)
    diff = next(m.value for m in at.markdown if "| What |" in m.value)
    assert "Weight set" in diff and "\\<img" in diff
    # Restore version 1 as version 3.
    at.selectbox(key="hist_open").set_value(1).run()
    at.text_input(key="hist_reason").input("Back to the directors' sets")
    at.button(key="hist_restore").click().run()
    assert not at.exception
    latest = versions()[0]
    assert (latest.version, latest.route, latest.reason) == (3, "restore", "Back to the directors' sets")
    assert [w.name for w in stored_case().weight_sets] == [w.name for w in library().get(SAMPLE_ID, 1).case.weight_sets]


def test_history_opens_an_old_version_read_only_with_the_address(store_url: str) -> None:
    _app()
    _another_device_adds("Chair's weights")
    at = AppTest.from_file(view("history"), default_timeout=60).run()
    at.selectbox(key="hist_open").set_value(1).run()
    at.button(key="hist_open_btn").click().run()
    assert not at.exception
    assert at.query_params["v"] in (["1"], "1")
    assert "version 1 of 2 (older, read-only)" in plain(next(m.value for m in at.markdown if m.value.startswith("*Case")))


def test_hostile_case_title_is_shown_literally_in_the_library(store_url: str) -> None:
    _app()
    data = case_to_mapping(stored_case())
    data["title"] = HOSTILE
    library().create(case_from_mapping(data, "hostile"), Actor(HOSTILE), reason=HOSTILE)
    at = _app()
    options = at.sidebar.selectbox(key="case_key").options
    # A selectbox shows its options as plain text: the title and the name as typed, then when.
    assert any(o.startswith(f"{HOSTILE} · ") and o.endswith(f", {HOSTILE}") for o in options)
