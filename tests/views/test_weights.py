"""The Weights page through AppTest: comparison, consensus builder, snapshots, audit trail, restore."""

from __future__ import annotations

import json
import socket

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.analysis.consensus import percentages
from appraisal.analysis.scoring import Appraisal
from appraisal.store.repository import Store
from tests.conftest import SAMPLE_ID, open_view, stored_case, versions, view
from tests.markdown_tables import table_with

CASE_KEY = SAMPLE_ID


def _open(store_url: str) -> AppTest:
    return open_view("weights")


def _case(at: AppTest):
    """The case as the app saved it in the library (every device sees this one)."""
    del at
    return stored_case()


def _frame(at: AppTest, column: str):
    """The first st.dataframe with this column (AppTest does not expose a dataframe's key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_sets_side_by_side_with_differences_highlighted(store_url, sample_case) -> None:
    at = _open(store_url)
    assert [t.label for t in at.tabs] == ["Compare and agree", "Build a weight set", "Between the cabinets", "Snapshots"]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [trace["name"] for trace in spec["data"]]
    assert names == [ws.name for ws in sample_case.weight_sets]
    appraisal = Appraisal(sample_case)
    shares = percentages(appraisal, appraisal.set_ids)
    assert spec["data"][0]["x"] == pytest.approx(shares[0].tolist())
    flagged = [label for label in spec["data"][0]["y"] if label.startswith("◆")]
    assert flagged and spec["layout"]["shapes"]  # shaded rows for the criteria the councils differ on
    headline = next(m.value for m in at.markdown if "differ most on" in m.value)
    assert "Breckland cabinet and South Holland cabinet differ most on" in headline
    table = table_with(at.markdown, "Difference (points)")
    assert table["Difference (points)"].str.contains("differs").any()
    # Choosing fewer sets redraws with just those.
    at.multiselect(key="wts_sets").set_value(["breckland_cabinet"]).run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in spec["data"]] == ["Breckland cabinet"]


def test_consensus_mean_becomes_a_named_set_with_provenance(store_url, sample_case) -> None:
    at = _open(store_url)
    at.multiselect(key="wts_sets").set_value(["breckland_cabinet", "south_holland_cabinet"]).run()
    at.radio(key="wts_cons_how").set_value("mean").run()
    at.text_input(key="wts_cons_name_mean").input("Joint <b>view</b> *agreed*")
    at.text_input(key="wts_cons_by").input("Joint cabinets")
    at.button(key="wts_cons_add").click().run()
    assert not at.exception
    case = _case(at)
    ws = case.weight_sets[-1]
    assert ws.name == "Joint <b>view</b> *agreed*"
    assert ws.provenance.method == "consensus" and ws.provenance.variant == "mean"
    assert ws.provenance.inputs["from"] == ["breckland_cabinet", "south_holland_cabinet"]
    appraisal = Appraisal(sample_case)
    expected = percentages(appraisal, ["breckland_cabinet", "south_holland_cabinet"]).mean(axis=0)
    assert [ws.weights[c] for c in sample_case.criterion_ids] == pytest.approx(expected.tolist(), abs=0.01)
    message = at.success[0].value
    assert "Joint \\<b\\>view\\</b\\> \\*agreed\\*" in message  # shown literally, not as HTML or Markdown
    assert "consensus" in message and "version 2" in message
    # The new set joins the comparison, and the audit trail says who added which weights.
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "Joint &lt;b&gt;view&lt;/b&gt; *agreed*" in [t["name"] for t in spec["data"]]
    latest = versions()[0]
    assert (latest.version, latest.route, latest.reason) == (2, "consensus", "Joint cabinets")
    trail = Store(store_url).audit_trail(CASE_KEY)
    assert {e.action for e in trail} == {"consensus"} and trail[0].weight_set_name == "Joint <b>view</b> *agreed*"


def test_consensus_edited_by_hand(store_url, sample_case) -> None:
    at = _open(store_url)
    at.radio(key="wts_cons_how").set_value("edit").run()
    at.selectbox(key="wts_cons_start").set_value("south_holland_cabinet").run()
    first = sample_case.criterion_ids[0]
    at.number_input(key=f"wts_edit_{first}").set_value(40.0).run()
    at.button(key="wts_cons_add").click().run()
    assert not at.exception
    ws = _case(at).weight_sets[-1]
    assert ws.provenance.variant == "edited" and ws.provenance.inputs["from"] == ["south_holland_cabinet"]
    assert sum(ws.weights.values()) == pytest.approx(100.0, abs=0.05)
    assert ws.weights[first] == max(ws.weights.values())


def test_snapshot_save_compare_restore_and_audit(store_url, sample_case) -> None:
    at = _open(store_url)
    at.text_input(key="wts_snap_name").input("Before the meeting")
    at.text_input(key="wts_snap_author").input("Officer [A](http://x)")
    at.text_area(key="wts_snap_note").input("As circulated")
    _button(at, "Save snapshot").click().run()
    assert not at.exception
    assert "Saved snapshot “Before the meeting”" in at.success[0].value
    history = at.dataframe[0].value
    assert list(history["Name"]) == ["Before the meeting"] and list(history["Saved by"]) == ["Officer [A](http://x)"]
    # Unchanged: the comparison says so.
    assert any("Every weight is the same now" in m.value for m in at.markdown)

    # Add a consensus set, then the comparison shows it as added since the snapshot.
    at.radio(key="wts_cons_how").set_value("median").run()
    at.button(key="wts_cons_add").click().run()
    assert len(_case(at).weight_sets) == len(sample_case.weight_sets) + 1
    diff = _frame(at, "Change")
    assert list(diff["Change"]) == ["added since"]

    # Restore: needs the confirmation, then the case is back to the snapshot's sets.
    assert at.button(key="wts_snap_restore").disabled
    at.checkbox(key="wts_snap_confirm").check().run()
    at.button(key="wts_snap_restore").click().run()
    assert not at.exception
    assert [w.id for w in _case(at).weight_sets] == [w.id for w in sample_case.weight_sets]
    assert "Restored snapshot “Before the meeting”" in at.success[0].value
    audit = _frame(at, "Was → now")
    assert "snapshot (version 3: weight sets restored from snapshot “Before the meeting”)" in set(audit["How"])
    assert any(h.startswith("consensus") for h in audit["How"])
    assert any(h.startswith("snapshot") and who == "Officer [A](http://x)" for h, who in zip(audit["How"], audit["Who"]))


def test_store_unreachable_gives_a_message_not_a_traceback(monkeypatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("APPRAISAL_STORE_URL", f"postgresql+psycopg://x:y@127.0.0.1:{port}/none")
    at = AppTest.from_file(view("weights"), default_timeout=60).run()
    assert not at.exception
    assert any("cannot be reached" in e.value for e in at.error)
    # The comparison still works without the store.
    assert at.get("plotly_chart")


def test_provenance_shown_beside_the_sets(store_url) -> None:
    at = _open(store_url)
    lines = next(m.value for m in at.markdown if m.value.startswith("- Breckland cabinet"))
    assert "how these weights were arrived at is not recorded" in lines
    at.radio(key="wts_cons_how").set_value("mean").run()
    at.text_input(key="wts_cons_by").input("Both cabinets")
    at.button(key="wts_cons_add").click().run()
    lines = next(m.value for m in at.markdown if m.value.startswith("- Breckland cabinet"))
    assert "consensus" in lines and "agreed" in lines and "Both cabinets" in lines


def test_snapshot_then_and_now_chart_for_a_changed_set(store_url, sample_case) -> None:
    at = _open(store_url)
    at.text_input(key="wts_snap_name").input("Before")
    at.text_input(key="wts_snap_author").input("Officer")
    _button(at, "Save snapshot").click().run()
    store = Store(store_url)
    before = store.list_snapshots(CASE_KEY)[0]
    sets = store.get_snapshot(before.id).weight_sets
    sets[1]["weights"]["finance"] = 10
    edited = store.save_snapshot(CASE_KEY, "Edited elsewhere", "Officer", sets)
    at.run()
    at.selectbox(key="wts_snap_pick").set_value(edited.id).run()
    at.checkbox(key="wts_snap_confirm").check().run()
    at.button(key="wts_snap_restore").click().run()  # now South Holland weights finance at 10
    at.selectbox(key="wts_snap_pick").set_value(before.id).run()
    assert not at.exception
    assert at.selectbox(key="wts_snap_set").value == "south_holland_cabinet"
    spec = json.loads(next(c.proto.spec for c in at.get("plotly_chart") if "then and now" in c.proto.spec))
    assert [t["name"] for t in spec["data"]] == ["Then: Before", "Now"]
    assert any("Since “Before”, South Holland cabinet's share for Financial resilience and savings has moved most" in m.value
               .replace("\\", "") for m in at.markdown)
