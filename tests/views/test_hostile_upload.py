"""Hostile files through the app's upload: a readable error, no exception, and the case already open,
the weights being edited, the session's edited case and the saved snapshots all untouched.

Two layers, to keep the suite fast and to work around an AppTest limitation:

- Every corpus file goes through the real sidebar control (``ui.cases.case_picker``: the uploader
  with key ``case_upload``, its callback and its error box) in one AppTest session, one rerun per
  file. It runs in a small script rather than ``app.py`` because, under ``st.navigation``, AppTest
  1.67 drops the sidebar's elements from its tree after the first rerun, so a second upload could
  not find the control.
- A few representative files go through the whole app (``app.py``, Ranking page open, an edited
  weight on screen, a snapshot in the store), one fresh AppTest each.

Workbooks (.xlsx) go through the same control when it accepts them; an extension the control does
not accept (.xlsm) is refused by Streamlit before the app sees it — the test checks that too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, library
from tests.hostile.make_corpus import GENERATED, describe

CORPUS = describe()  # the entries only: the files are made by the hostile_corpus fixture
REFUSED = [e for e in CORPUS if e.expect == "refuse"]
# One of each kind for the whole-app check: parser attack, size, encoding, numbers, ids, spreadsheet.
WHOLE_APP = ["yaml_billion_laughs.yaml", "size_50mb.yaml", "encoding_utf16_bom.yaml", "weight_1e308.yaml",
             "names_script_negative_weight.yaml"]


@pytest.fixture
def store_env(tmp_path, monkeypatch) -> str:
    """A private SQLite store, so snapshots saved here are this test's own."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("APPRAISAL_STORE_URL", url)
    return url


def _plain(markdown: str) -> str:
    """Markdown source with its backslash escapes (and invisible word joiners) removed, as a reader sees it."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def _work(at: AppTest) -> dict[str, str | None]:
    """The parts of session state that hold the user's work, as comparable text."""
    state: dict[str, str | None] = {}
    for key in ("case_choice", "weight_edits"):
        try:
            state[key] = repr(at.session_state[key])
        except KeyError:
            state[key] = None
    # The saved cases: every case in the library, at its latest version.
    state["library"] = repr([(c.id, c.head_version) for c in library().list_cases()])
    return state


def _picker_app() -> None:
    """The sidebar case control as the app draws it, with saved work seeded on the first run."""
    import streamlit as st

    from appraisal.case.model import WeightSet
    from ui.cases import add_weight_set, case_picker, current_case

    if "_seeded" not in st.session_state:
        st.session_state["_seeded"] = True
        case = current_case()
        draft = {c: 1.0 for c in case.criterion_ids}
        add_weight_set(WeightSet(id="officer_draft", name="Officer draft", weights=draft))
    case_picker()
    st.write(f"Open: {current_case().title} ({len(current_case().weight_sets)} weight sets)")


def _seed_weight_edits(at: AppTest) -> None:
    """An edited weight, as a Ranking-page slider move leaves it in ``weight_edits``."""
    from appraisal.formats.load import load_case
    from ui.cases import DEFAULT_CASE, shipped_cases

    key = DEFAULT_CASE.removesuffix(".yaml")
    case = load_case(shipped_cases()[key])
    first = case.weight_sets[0]
    edited = {c: float(v) for c, v in first.weights.items()}
    edited[case.criterion_ids[0]] += 1.0
    at.session_state["weight_edits"] = {f"{key}|{first.id}": edited}


def test_every_hostile_file_through_the_upload_control(hostile_corpus: Path) -> None:
    at = AppTest.from_function(_picker_app, default_timeout=60)
    _seed_weight_edits(at)
    at.run()
    assert not at.exception
    opened = next(m.value for m in at.markdown if m.value.startswith("Open:"))
    assert "Officer draft" not in opened and "weight sets" in opened
    before = _work(at)
    assert "2)" in before["library"] and before["weight_edits"]  # the draft set saved as version 2
    accepted = {t.lower().lstrip(".") for t in at.file_uploader(key="case_upload").proto.type}

    failures: list[str] = []
    tried = 0
    for entry in REFUSED:
        extension = entry.file.rsplit(".", 1)[-1].lower()
        if extension not in accepted:
            # Streamlit's uploader refuses the extension itself; workbooks go through the Case data page.
            if extension in ("yaml", "yml"):
                failures.append(f"{entry.file}: the control should accept .{extension}")
            continue
        tried += 1
        data = (GENERATED / entry.file).read_bytes()
        at.file_uploader(key="case_upload").set_value((entry.file, data, "application/octet-stream")).run()
        if at.exception:
            failures.append(f"{entry.file}: exception {at.exception[0].value[:300]}")
            continue
        shown = "\n".join(_plain(e.value) for e in at.sidebar.error)
        if entry.file not in shown or entry.where not in shown or "Traceback" in shown:
            failures.append(f"{entry.file}: expected an error naming {entry.where!r}, got {shown[:300]!r}")
        if _work(at) != before:
            failures.append(f"{entry.file}: the open case, the edited case or the edited weights changed")
        if next(m.value for m in at.markdown if m.value.startswith("Open:")) != opened:
            failures.append(f"{entry.file}: the open case on screen changed")
    assert tried >= 60, f"only {tried} files went through the control"
    assert not failures, "\n".join(failures)


def test_every_hostile_file_through_the_case_data_page(store_env: str, hostile_corpus: Path) -> None:
    """The Case data page's uploader takes YAML and workbooks: every workbook, and a sample of YAML files."""
    assert (ROOT / "views" / "case_data.py").exists()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    _seed_weight_edits(at)
    at.run()
    at.switch_page("views/case_data.py").run()
    assert not at.exception
    uploaders = [u for u in at.main.get("file_uploader") if "xlsx" in {t.lower().lstrip(".") for t in u.proto.type}]
    assert uploaders, "the Case data page should take .xlsx workbooks"
    uploader_key = uploaders[0].key
    accepted = {t.lower().lstrip(".") for t in uploaders[0].proto.type}
    before = _work(at)
    title = at.title[0].value
    failures: list[str] = []
    tried = 0
    for entry in REFUSED:
        if entry.file.rsplit(".", 1)[-1].lower() not in accepted:
            continue  # .xlsm: refused by the control's file types before the app sees it
        if entry.file.endswith((".yaml", ".yml")) and entry.file not in WHOLE_APP:
            continue  # every YAML file already went through the sidebar control; a sample is enough here
        tried += 1
        data = (GENERATED / entry.file).read_bytes()
        at.file_uploader(key=uploader_key).set_value((entry.file, data, "application/octet-stream")).run()
        if at.exception:
            failures.append(f"{entry.file}: exception {at.exception[0].value[:300]}")
            continue
        shown = "\n".join(_plain(e.value) for e in at.main.get("error"))
        if entry.file not in shown or entry.where not in shown or "Traceback" in shown:
            failures.append(f"{entry.file}: expected an error naming {entry.where!r}, got {shown[:300]!r}")
        if _work(at) != before or at.title[0].value != title:
            failures.append(f"{entry.file}: the open case or the edits changed")
    assert tried >= len(WHOLE_APP) + 8, f"only {tried} files went through the page"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", WHOLE_APP)
def test_bad_upload_in_the_whole_app_keeps_every_saved_thing(name: str, store_env: str, hostile_corpus: Path) -> None:
    from appraisal.store.repository import Store

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    _seed_weight_edits(at)
    at.run()
    assert not at.exception
    case_key = at.session_state["case_choice"]
    store = Store(store_env)
    store.ensure_schema()
    store.save_snapshot(case_key, "Before the upload", "Test officer", [{"id": "x", "name": "X", "weights": {"a": 1}}])
    snapshots = [(s.id, s.name) for s in store.list_snapshots(case_key)]
    before = _work(at)
    headline = [m.value for m in at.markdown if m.value.startswith("## ")]
    sliders = {s.key: s.value for s in at.slider}

    at.file_uploader(key="case_upload").set_value((name, (GENERATED / name).read_bytes(), "application/x-yaml")).run()
    assert not at.exception
    assert name in at.session_state["_upload_error"]
    assert _work(at) == before
    assert [m.value for m in at.markdown if m.value.startswith("## ")] == headline
    assert {s.key: s.value for s in at.slider} == sliders
    assert [(s.id, s.name) for s in store.list_snapshots(case_key)] == snapshots
    store.dispose()


def test_upload_limit_is_stated_beside_every_upload_control(store_env: str) -> None:
    """.streamlit/config.toml caps uploads; each uploader's label or help says the limit in MB."""
    import tomllib

    from ui.pages import PAGES

    limit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    assert 0 < limit <= 50
    missing: list[str] = []
    seen: set[str] = set()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    for path in ["(first run, sidebar)"] + [p for p, *_ in PAGES if (ROOT / p).exists()]:
        if not path.startswith("("):
            at.switch_page(path).run()
        assert not at.exception, path
        for uploader in at.get("file_uploader"):
            if uploader.key in seen:
                continue
            seen.add(uploader.key)
            text = f"{uploader.proto.label} {uploader.proto.help}"
            stated = [int(n) for n in re.findall(r"\b(\d+)\s?MB\b", text)]
            if not stated:
                missing.append(f"{path}: {uploader.proto.label!r}")
            # The limit stated is the one that applies: no larger than what the server (or the control) accepts.
            accepted = uploader.proto.max_upload_size_mb or limit
            if stated and max(stated) > accepted:
                missing.append(f"{path}: states {max(stated)} MB but the server accepts only {accepted} MB")
    assert seen, "no upload control found"
    assert not missing, "no size limit stated beside: " + ", ".join(missing)
