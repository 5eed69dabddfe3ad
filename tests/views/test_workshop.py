"""Both workshop views through AppTest: the facilitator's projector and controls, the join page."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.store.repository import Store
from tests.conftest import APP, ROOT, SAMPLE_ID, stored_case, versions
from tests.markdown_tables import tables_on
from ui.components.text import WORD_JOINER

CASE_KEY = SAMPLE_ID


def _page(path: str, **query: str) -> AppTest:
    """Page ``path`` (views/…) on its own, with these query parameters, run once."""
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    return at


def _facilitator(method: str = "points") -> tuple[AppTest, str, str]:
    at = _page("views/workshop.py")
    at.radio(key="wsf_method").set_value(method)
    at.button(key="wsf_start").click().run()
    assert not at.exception
    code = at.session_state["wsf_code"]
    return at, code, at.session_state["wsf_keys"][code]


def _join(code: str, council: str, name: str, finance: int, token: str | None = None) -> AppTest:
    query = {"code": code} | ({"p": token} if token else {})
    at = _page("views/join.py", **query)
    at.radio(key="join_council").set_value(council)
    at.text_input(key="join_name").input(name)
    at.slider(key="join_s_finance").set_value(finance)
    at.button(key="join_submit").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def test_facilitator_starts_a_workshop_with_code_link_qr_and_key_shown_once(store_url, monkeypatch) -> None:
    monkeypatch.delenv("APPRAISAL_PUBLIC_URL", raising=False)
    monkeypatch.setattr("appraisal.public_url.lan_address", lambda: None)  # no network address known
    at, code, key = _facilitator()
    text = " ".join(m.value for m in at.markdown)
    assert f"# Code: {code}" in text
    assert any(c.value == f"http://localhost:8501/join?code={code}" for c in at.code), "the join link, from the app's address"
    warnings = [w.value.replace("\\", "").replace(WORD_JOINER, "") for w in at.warning]
    assert any("Phones cannot reach http://localhost:8501" in w for w in warnings), "flagged"
    assert at.get("image"), "the QR code is drawn"
    assert not any(c.value == key for c in at.code), "not until the facilitator reveals it (the projector may be on)"
    at.toggle(key="wsf_key_show").set_value(True).run()
    assert any(c.value == key for c in at.code), "the facilitator key is shown"
    at.button(key="wsf_key_ack").click().run()
    assert not any(c.value == key for c in at.code), "…and only until acknowledged"
    ws = Store(store_url).get_workshop(code)
    assert ws.is_open and ws.method == "points" and ws.case_key == CASE_KEY
    assert at.query_params["code"] == [code] or at.query_params["code"] == code
    assert any("Waiting for the first submission" in i.value for i in at.info)


def test_submissions_show_on_the_projector_and_a_revision_replaces(store_url) -> None:
    fac, code, _ = _facilitator()
    a = _join(code, "breckland", "Cllr Able", 10)
    assert "Your weights are in" in a.success[0].value
    token = a.session_state["join_token"]
    assert a.query_params["p"] in (token, [token])
    _join(code, "south_holland", "Cllr Baker", 0)
    # Revise from the first device: same token, so it replaces.
    a.slider(key="join_s_finance").set_value(3)
    a.button(key="join_submit").click().run()
    assert "revision 2" in a.success[0].value
    store = Store(store_url)
    assert store.count(code) == 2
    assert store.submission(code, token).inputs["sliders"]["finance"] == 3

    fac.run()  # the live fragment redraws itself every few seconds in a browser; AppTest reruns it here
    assert not fac.exception
    metrics = {m.label: m.value for m in fac.metric}
    assert metrics["Submissions"] == "2" and metrics["Breckland"] == "1" and metrics["South Holland"] == "1"
    assert any(m.value.startswith("## 2 submissions so far") for m in fac.markdown)
    specs = [json.loads(c.proto.spec) for c in fac.get("plotly_chart")]
    spread = next(s for s in specs if "participants weighted" in s["layout"]["title"]["text"])
    assert {t["name"] for t in spread["data"]} >= {"Breckland (1)", "South Holland (1)", "Joint mean (2)"}
    ranks = next(t for t in tables_on(fac.markdown) if t.columns[0] == "Option" and any("n=2" in c for c in t.columns))
    assert len(ranks) == 4
    # Names stay hidden unless the facilitator reveals them.
    assert not any("Cllr Able" in str(d.value.to_dict()) for d in fac.dataframe)


def test_a_reused_or_made_up_p_never_shows_or_overwrites_anothers_ballot(store_url) -> None:
    """Issue 17 (behaviour change): ``p`` is issued by the server and bound to the device, so a reused
    or made-up ``p`` from another session gets its own fresh place (the old test reloaded with a
    client-made token and expected to edit that ballot)."""
    _, code, _ = _facilitator()
    owner = _join(code, "breckland", "Cllr Reload", 7)
    token = owner.session_state["join_token"]
    owner.run()  # the same session keeps its place and its entries
    assert owner.text_input(key="join_name").value == "Cllr Reload" and "Your weights are in" in owner.success[0].value
    for offered in (token, "A" * 22):
        other = _page("views/join.py", code=code, p=offered)
        assert not other.success, "nobody else's ballot is shown"
        assert other.text_input(key="join_name").value != "Cllr Reload" and other.slider(key="join_s_finance").value == 5
        assert other.session_state["join_token"] not in (token, offered)
    other.radio(key="join_council").set_value("south_holland")
    other.text_input(key="join_name").input("Cllr Other")
    other.button(key="join_submit").click().run()
    store = Store(store_url)
    assert store.count(code) == 2 and store.submission(code, token).display_name == "Cllr Reload"


def test_the_same_name_twice_is_refused_and_the_label_agrees_with_anonymity(store_url) -> None:
    _, code, _ = _facilitator()
    _join(code, "breckland", "Cllr Able", 7)
    twin = _page("views/join.py", code=code)
    label = twin.text_input(key="join_name").label
    assert "as others will see it" not in label and "not shown on the shared screen" in label
    twin.radio(key="join_council").set_value("south_holland")
    twin.text_input(key="join_name").input("cllr  ABLE")
    twin.button(key="join_submit").click().run()
    assert any("already uses the name" in e.value for e in twin.error)
    assert Store(store_url).count(code) == 1


def test_earlier_workshop_codes_are_for_their_facilitator_only(store_url) -> None:
    fac, code, _ = _facilitator()
    fac.button(key="wsf_leave").click().run()
    assert any(code in str(d.value.to_dict()) for d in fac.dataframe), "the facilitator sees their own codes"
    stranger = _page("views/workshop.py")
    assert not any(code in str(d.value.to_dict()) for d in stranger.dataframe)
    assert not any(code in m.value for m in stranger.markdown)


def test_a_second_projector_follows_close_and_times_are_uk_local(store_url) -> None:
    fac, code, _ = _facilitator()
    second = _page("views/workshop.py", code=code)  # another tab on the projector, no key
    assert any("is open for submissions" in m.value for m in second.markdown)
    fac.button(key="wsf_close").click().run()
    second.run()  # what the live fragment does every few seconds
    assert any("is closed" in m.value for m in second.markdown)
    assert not any("is open for submissions" in m.value for m in second.markdown)
    fac.button(key="wsf_reopen").click().run()
    _join(code, "breckland", "Cllr Time", 4)
    fac.toggle(key="wsf_reveal").set_value(True).run()
    names = next(d.value for d in fac.dataframe if "Name" in d.value.columns)
    assert names["Last saved"][0].endswith(("GMT", "BST")) and "UTC" not in names["Last saved"][0]


def test_every_downloadable_table_is_neutralised(store_url) -> None:
    fac, code, _ = _facilitator()
    _join(code, "breckland", "=HYPERLINK(\"http://evil\",\"x\")", 4)
    _join(code, "south_holland", "@SUM(A1)", 6)
    fac.toggle(key="wsf_reveal").set_value(True).run()
    names = next(d.value for d in fac.dataframe if "Name" in d.value.columns)
    assert sorted(names["Name"]) == ["'=HYPERLINK(\"http://evil\",\"x\")", "'@SUM(A1)"]
    csv = names.to_csv(index=False)
    assert not any(line.startswith(("=", "+", "-", "@")) for cell in csv.splitlines() for line in cell.split(","))


def test_closed_workshop_refuses_and_says_so(store_url) -> None:
    fac, code, _ = _facilitator()
    participant = _page("views/join.py", code=code)
    participant.radio(key="join_council").set_value("breckland")
    participant.text_input(key="join_name").input("Late")
    fac.button(key="wsf_close").click().run()
    assert not fac.exception
    assert Store(store_url).get_workshop(code).status == "closed"
    participant.button(key="join_submit").click().run()  # the page was loaded while open
    assert not participant.exception
    assert any("closed" in w.value for w in participant.warning)
    fresh = _page("views/join.py", code=code)
    assert any("closed" in w.value for w in fresh.warning)
    assert not [b for b in fresh.button if b.key == "join_submit"]
    assert Store(store_url).count(code) == 0


def test_facilitator_controls_need_the_key(store_url) -> None:
    _, code, key = _facilitator()
    _join(code, "breckland", "<img src=x onerror=alert(1)> **Bold**", 5)
    other = _page("views/workshop.py", code=code)  # another device, code only
    assert not [b for b in other.button if b.key in ("wsf_close", "wsf_adopt", "wsf_delete")]
    other.text_input(key="wsf_key_input").input("WRONG-WRONG-WRONG")
    other.button(key="wsf_unlock").click().run()
    assert any("not the facilitator key" in e.value for e in other.error)
    assert not [b for b in other.button if b.key == "wsf_close"]
    other.text_input(key="wsf_key_input").input(key.lower())
    other.button(key="wsf_unlock").click().run()
    assert [b for b in other.button if b.key == "wsf_close"]
    other.toggle(key="wsf_reveal").set_value(True).run()
    names = next(d.value for d in other.dataframe if "Name" in d.value.columns)
    assert list(names["Name"]) == ["<img src=x onerror=alert(1)> **Bold**"]  # literal, in a dataframe


def test_adopt_an_aggregate_as_a_weight_set(store_url) -> None:
    fac, code, _ = _facilitator()
    _join(code, "breckland", "A", 10)
    _join(code, "breckland", "B", 2)
    _join(code, "south_holland", "C", 5)
    fac.run()
    fac.radio(key="wsf_stat").set_value("median").run()
    fac.selectbox(key="wsf_adopt_group").set_value("breckland").run()
    fac.text_input(key="wsf_adopt_by").input("Joint workshop")
    fac.button(key="wsf_adopt").click().run()
    assert not fac.exception
    case = stored_case()
    ws = case.weight_sets[-1]
    latest = versions()[0]
    assert (latest.version, latest.route, latest.reason) == (2, "adopt", "Joint workshop")
    assert ws.council == "breckland" and ws.provenance.method == "workshop" and ws.provenance.variant == "median"
    assert ws.provenance.inputs["participants"] == 2 and ws.provenance.by == "Joint workshop"
    assert "Added “Breckland — workshop" in fac.success[0].value
    assert Store(store_url).get_workshop(code).adopted[0]["set_id"] == ws.id


def test_ranking_method_on_the_phone(store_url, sample_case) -> None:
    _, code, _ = _facilitator("ranking")
    at = _page("views/join.py", code=code)
    at.radio(key="join_council").set_value("south_holland")
    at.text_input(key="join_name").input("Ranker")
    for rank, c in enumerate(sample_case.criterion_ids, start=1):
        at.selectbox(key=f"joinm_rank_{c}").set_value(rank)
    at.run()
    at.button(key="join_submit").click().run()
    assert not at.exception and not at.error
    sub = Store(store_url).submissions(code)[0]
    assert sub.method == "ranking"
    first, last = sample_case.criterion_ids[0], sample_case.criterion_ids[-1]
    assert sub.weights[first] > sub.weights[last]
    assert sum(sub.weights.values()) == pytest.approx(1.0)


def test_unknown_code_says_so(store_url) -> None:
    at = _page("views/join.py", code="NOPE42")
    assert any("no workshop with the code NOPE42" in e.value for e in at.error)
    assert at.text_input(key="join_code_input")


def _literal(shown: str) -> str:
    """A label as Streamlit receives it, checked to carry no link: every Markdown character is escaped
    (so no ``[text](url)``, emphasis or HTML) and a bare address is broken by an invisible word joiner
    (so GitHub-style autolinking cannot find it) — returned without the joiners, to compare with the name."""
    assert "http:" not in shown and "http\\:" not in shown, f"a bare address would become a link: {shown!r}"
    return shown.replace(WORD_JOINER, "")


def test_hostile_names_in_the_workshop_case_are_shown_literally(store_url, minimal) -> None:
    minimal["councils"][0]["name"] = "**North** [click](http://evil) <b>x</b>"
    minimal["criteria"][0]["name"] = ":red[Finance] <script>alert(1)</script>"
    new = Store(store_url).create_workshop("upload:hostile.yaml", minimal)
    at = _page("views/join.py", code=new.workshop.code)
    options = at.radio(key="join_council").options
    assert _literal(options[0]) == "\\*\\*North\\*\\* \\[click\\]\\(http\\://evil\\) \\<b\\>x\\</b\\>"
    assert at.slider(key="join_s_finance").label.startswith("\\:red\\[Finance\\]")
    at.radio(key="join_council").set_value("north")
    at.text_input(key="join_name").input("N")
    at.button(key="join_submit").click().run()
    assert not at.exception and "Your weights are in" in at.success[0].value
    fac = _page("views/workshop.py", code=new.workshop.code)
    labels = [_literal(m.label) for m in fac.metric]
    assert "\\*\\*North\\*\\* \\[click\\]\\(http\\://evil\\) \\<b\\>x\\</b\\>" in labels
    spec = json.loads(fac.get("plotly_chart")[0].proto.spec)
    assert "&lt;script&gt;" in " ".join(spec["layout"]["yaxis"]["ticktext"])


def test_presentation_mode_folds_the_controls_away(store_url) -> None:
    _, code, _ = _facilitator()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.run()
    at.switch_page("views/workshop.py")
    at.query_params["code"] = code
    at.run()
    assert not at.exception
    assert any(e.label == "Facilitator controls" for e in at.expander)
    assert any(m.value == f"# Code: {code}" for m in at.markdown)


def test_hundred_point_allocation_on_the_phone(store_url, sample_case) -> None:
    _, code, _ = _facilitator()
    at = _page("views/join.py", code=code)
    at.radio(key="join_council").set_value("breckland")
    at.text_input(key="join_name").input("Allocator")
    at.radio(key="join_mode").set_value("points").run()
    ids = sample_case.criterion_ids
    at.number_input(key=f"joinm_points_{ids[0]}").set_value(19).run()
    at.number_input(key=f"joinm_points_{ids[1]}").set_value(1).run()
    assert not at.exception
    at.button(key="join_submit").click().run()
    assert not at.exception and not at.error
    sub = Store(store_url).submissions(code)[0]
    assert sub.method == "points" and sub.inputs["points"][ids[0]] == 19
    assert sub.weights[ids[0]] == pytest.approx(0.19) and sum(sub.weights.values()) == pytest.approx(1.0)


def test_join_without_councils(store_url, minimal) -> None:
    minimal.pop("councils")
    for ws in minimal["weight_sets"]:
        ws.pop("council")
    new = Store(store_url).create_workshop("upload:plain.yaml", minimal)
    at = _page("views/join.py", code=new.workshop.code)
    assert not [r for r in at.radio if r.key == "join_council"]
    at.text_input(key="join_name").input("Solo")
    at.button(key="join_submit").click().run()
    assert not at.exception and not at.error
    fac = _page("views/workshop.py", code=new.workshop.code)
    assert {m.label: m.value for m in fac.metric} == {"Submissions": "1"}


@pytest.mark.parametrize(("setting", "headers", "lan", "expected", "warns"), [
    ("https://apps.council.gov.uk/appraisal/", {"Host": "localhost:8501"}, None, "https://apps.council.gov.uk/appraisal", False),
    (None, {"Host": "127.0.0.1:8501", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "councils.example"}, None,
     "https://councils.example", False),
    (None, {"Host": "chamber-pc:8501"}, "10.1.2.3", "http://chamber-pc:8501", False),
    (None, {"Host": "localhost:8501"}, "10.1.2.3", "http://10.1.2.3:8501", False),
    (None, {"Host": "localhost:8501"}, None, "http://localhost:8501", True),
    (None, {}, None, "http://localhost:8501", True),
])
def test_join_address_is_one_a_phone_can_reach(monkeypatch, setting, headers, lan, expected, warns) -> None:
    import types

    import ui.sections.workshop as view

    if setting:
        monkeypatch.setenv("APPRAISAL_PUBLIC_URL", setting)
    else:
        monkeypatch.delenv("APPRAISAL_PUBLIC_URL", raising=False)
    monkeypatch.setattr(view.st, "context", types.SimpleNamespace(url=None, headers=headers))
    monkeypatch.setattr("appraisal.public_url.lan_address", lambda: lan)  # never the machine's real address
    assert view.base_url() == expected
    assert view.join_url("AB12CD") == f"{expected}/join?code=AB12CD"
    assert (view.join_address()[1] is not None) == warns


def _unreachable() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"postgresql+psycopg://x:y@127.0.0.1:{port}/gone"


def test_store_outage_keeps_both_views_and_the_participants_entries(store_url, monkeypatch) -> None:
    fac, code, _ = _facilitator()
    phone = _page("views/join.py", code=code)
    phone.radio(key="join_council").set_value("south_holland")
    phone.text_input(key="join_name").input("Patient")
    phone.slider(key="join_s_finance").set_value(9).run()

    monkeypatch.setenv("APPRAISAL_STORE_URL", _unreachable())  # the database goes away
    phone.button(key="join_submit").click().run()
    assert not phone.exception
    assert any("cannot be reached" in e.value for e in phone.error)
    assert phone.slider(key="join_s_finance").value == 9 and phone.text_input(key="join_name").value == "Patient"
    fac.run()
    assert not fac.exception
    assert any("cannot be reached" in e.value for e in fac.error)
    assert any(m.value == f"# Code: {code}" for m in fac.markdown), "the projector keeps its code and QR code"

    monkeypatch.setenv("APPRAISAL_STORE_URL", store_url)  # …and comes back
    phone.button(key="join_submit").click().run()
    assert "Your weights are in" in phone.success[0].value
    assert Store(store_url).submissions(code)[0].inputs["sliders"]["finance"] == 9
    fac.run()
    assert not fac.error and {m.label: m.value for m in fac.metric}["Submissions"] == "1"
