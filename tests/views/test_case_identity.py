"""Issue 17, "The right case, always": a case is its content, never its file name; and issue 18's
refusals that stay in view and go when the uploader itself refuses the next file."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from streamlit.testing.v1 import AppTest

from tests.conftest import MINIMAL


def _picker_app() -> None:
    import streamlit as st

    from ui.cases import case_picker, current_case, current_case_key

    case_picker()
    st.write(f"Open: {current_case().title} | key {current_case_key()}")


def _file(title: str, first_weight: int) -> bytes:
    data: dict[str, Any] = copy.deepcopy(MINIMAL)
    data["title"] = title
    data["weight_sets"][0]["weights"]["finance"] = first_weight
    return yaml.safe_dump(data, sort_keys=False).encode()


def _opened(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Open:"))


def test_two_different_files_called_case_yaml_are_two_cases(store_url: str) -> None:
    from appraisal.store.repository import open_store

    at = AppTest.from_function(_picker_app, default_timeout=60)
    at.run()
    at.file_uploader(key="case_upload").set_value(("case.yaml", _file("North council's case", 3), "text/yaml")).run()
    assert "Open: North council's case" in _opened(at)
    north_key = at.session_state["case_key"]
    at.file_uploader(key="case_upload").set_value(("case.yaml", _file("South council's case", 7), "text/yaml")).run()
    assert not at.exception
    assert "Open: South council's case" in _opened(at), "the second case.yaml must open, not the first"
    south_key = at.session_state["case_key"]
    assert south_key != north_key and (north_key, south_key) == ("north_council_s_case", "south_council_s_case")
    # What is stored belongs to one case: a snapshot of the north file is not listed with the south one.
    store = open_store()
    store.save_snapshot(north_key, "North's agreed weights", "Officer",
                        [{"id": "north_cabinet", "name": "North cabinet", "weights": {"finance": 3.0}}], note="north",
                        case_title="North council's case")
    assert [s.name for s in store.list_snapshots(north_key)] == ["North's agreed weights"]
    assert store.list_snapshots(south_key) == []
    # The same file uploaded again (in this or any session) is the same case.
    at.file_uploader(key="case_upload").set_value(("case.yaml", _file("North council's case", 3), "text/yaml")).run()
    assert at.session_state["case_key"] == north_key
    labels = at.sidebar.selectbox(key="case_key").options
    assert {label.split(" · ")[0] for label in labels} >= {"North council's case", "South council's case"}
    assert len(set(labels)) == len(labels), "two uploads of one file name must be told apart in the picker"


def _sliders_app() -> None:
    from ui.cases import case_picker, current_case
    from ui.components import weight_sliders

    case_picker()
    case = current_case()
    weight_sliders.sliders_with_reset(case, weight_sliders.selected_set_id(case), "reset")


def test_sliders_follow_the_new_case_of_the_same_name() -> None:
    """The second case.yaml's sliders start at its own weights (not the first file's, nor 0)."""
    at = AppTest.from_function(_sliders_app, default_timeout=60)
    at.run()
    for title, weight in (("First", 3), ("Second", 7)):
        at.file_uploader(key="case_upload").set_value(("case.yaml", _file(title, weight), "text/yaml")).run()
        assert not at.exception
        finance = next(s for s in at.slider if s.key and s.key.endswith("finance"))
        assert finance.value == weight, (title, finance.value)


def test_the_refusal_shows_in_the_main_area_and_goes_when_the_uploader_refuses_the_next_file() -> None:
    at = AppTest.from_function(_picker_app, default_timeout=60)
    at.run()
    bad = b"format: options-appraisal/1\ntitle: Broken\n"
    at.file_uploader(key="case_upload").set_value(("broken.yaml", bad, "text/yaml")).run()
    main_errors = [e.value.replace("\\", "") for e in at.main.error]
    assert main_errors and "broken.yaml" in main_errors[0] and "was not opened" in main_errors[0]
    assert at.sidebar.error and "Not opened" in at.sidebar.error[0].value
    # Streamlit's uploader refuses a file itself (too big, wrong type): the app then sees no file.
    at.file_uploader(key="case_upload").set_value(None).run()
    assert not at.exception
    assert not at.error, "the previous file's error must not stay on screen"
