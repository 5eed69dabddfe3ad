"""Workshop views shared by the facilitator page: join link and QR code, the live projector, the
facilitator's controls. Numbers come from :mod:`appraisal.store.repository` (aggregation) and the engine.
Widget keys start with ``wsf_``.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
import qrcode
import streamlit as st

from appraisal import fmt, public_url
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.workshop import JOINT, JOINT_COUNCILS, Workshop, aggregate, counts_by_council
from appraisal.case.model import Case
from appraisal.errors import CaseError
from appraisal.fmt import uk_time
from appraisal.formats.mapping import case_from_mapping
from appraisal.report.figures.ranking import ranking_chart
from appraisal.report.figures.weights import aggregate_chart, aggregate_ranks_table, leaders_sentence, submission_spread_chart
from appraisal.store.errors import StoreError
from ui.cases import ChangeRefused, add_weight_set, change_problem, current_case, current_case_key, saved_message
from ui.components import presentation
from ui.components.charts import report_table, show_chart
from ui.components.tables import dataframe
from ui.components.text import md, note
from ui.store import attempt_subjects, get_store, show_error

REFRESH_S = 2.5
# Presentation mode at 1280×720: the projector fits the screen without scrolling — the live view
# (status, counts, one chart in tabs) on the left, the code, QR code and join address on the right.
PRESENT_CHART_PX = 300
PRESENT_QR_PX = 250
# Constant CSS (no user text). Nothing floats over the QR code: not even the image's own
# hover toolbar (its Fullscreen button covered a finder corner and the code failed to decode).
_HEADER_CSS = """
<style>
.st-key-wsf_header [data-testid="stElementToolbar"] { display: none !important; }
</style>
"""
# In presentation mode, also the projector's counts large enough for the back of the room, and the
# page compact: presentation mode sets the root font to 26 px, so every rem-based gap and padding
# grows with it; the projector takes them back to fit 720 px.
PRESENT_CSS = """
<style>
.st-key-wsf_header [data-testid="stElementToolbar"] { display: none !important; }
[data-testid="stMain"] .st-key-wsf_counts [data-testid="stMetricValue"],
[data-testid="stMain"] .st-key-wsf_counts [data-testid="stMetricValue"] p { font-size: 64px !important; line-height: 1.05; }
[data-testid="stMain"] .st-key-wsf_counts [data-testid="stMetricLabel"] p { font-size: 26px !important; }
.st-key-wsf_projector .st-key-wsf_counts [data-testid="stMetric"] > div {
  display: flex; flex-flow: row wrap; align-items: baseline; column-gap: .6rem; }
.st-key-wsf_projector .st-key-wsf_counts [data-testid="stMetricValue"] { padding: 0; }
[data-testid="stMain"] .st-key-wsf_header h1 { font-size: 56px !important; margin: 0; padding: 0; line-height: 1.1; }
[data-testid="stMain"] .st-key-wsf_header [data-testid="stCode"] pre { font-size: 18px !important; padding: .25rem .5rem; }
[data-testid="stMain"] .st-key-wsf_header [data-testid="stImage"] { margin: 0 auto; }
[data-testid="stMainBlockContainer"]:has(.st-key-wsf_projector) { padding-bottom: .25rem !important; }
[data-testid="stMainBlockContainer"]:has(.st-key-wsf_projector) > div > [data-testid="stVerticalBlock"] { gap: .4rem; }
.st-key-wsf_projector [data-testid="stVerticalBlock"] { gap: .4rem; }
.st-key-wsf_projector [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
[data-testid="stMain"] .st-key-wsf_projector .st-key-wsf_status p { font-size: 22px !important; margin: 0; }
[data-testid="stMain"] .st-key-wsf_projector .st-key-wsf_case p { font-size: 18px !important; line-height: 1.3; margin: 0; }
[data-testid="stMain"] .st-key-wsf_projector [data-testid="stTab"] p { font-size: 22px !important; }
.st-key-wsf_projector [data-testid="stTabs"] [data-testid="stMarkdownContainer"] p {
  font-size: 20px !important; margin: 0; line-height: 1.3; }
[data-testid="stMain"] .st-key-wsf_projector [data-testid="stExpander"] summary p { font-size: 20px !important; }
[data-testid="stMain"] .st-key-wsf_projector [data-testid="stAlert"] p { font-size: 22px !important; }
</style>
"""
JOIN_PATH = "join"
KEYS = "wsf_keys"            # {workshop code: facilitator key} held for this session only
MINE = "wsf_mine"            # the same, kept after leaving a workshop: lists "your earlier workshops"
STAT_KEY = "wsf_stat"


# Join link and QR code. --------------------------------------------------------------------------
def public_url_setting() -> str | None:
    """The configured public address: the environment variable, else ``public_url`` in Streamlit secrets."""
    value = os.environ.get(public_url.ENV_VAR, "").strip()
    if value:
        return value
    try:
        secret = st.secrets.get(public_url.SECRET_KEY)
    except Exception:  # no secrets file at all: Streamlit raises rather than returning None
        return None
    return str(secret) if secret else None


def join_address() -> tuple[str, str | None]:
    """The address phones use to reach the app (no page) and a warning when phones cannot reach it;
    see :func:`appraisal.public_url.join_base`."""
    try:
        headers = dict(st.context.headers.items())
    except Exception:  # no browser session (AppTest)
        headers = {}
    port = st.get_option("server.port") or public_url.DEFAULT_PORT
    return public_url.join_base(public_url_setting(), headers, st.get_option("server.baseUrlPath"),
                                public_url.lan_address(), default_port=int(port))


def base_url() -> str:
    """The app's address as a phone should use it (scheme, host and any path prefix, no page)."""
    return join_address()[0]


def join_url(code: str) -> str:
    return f"{base_url()}/{JOIN_PATH}?code={quote(code)}"


@st.cache_data(show_spinner=False, max_entries=64)
def qr_png(url: str) -> bytes:
    """The join link as a QR code (PNG), with error correction M so a projector's glare is forgiven."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=12, border=2)
    qr.add_data(url)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


@st.cache_data(show_spinner=False, max_entries=32)
def _case_from_json(text: str) -> Case:
    return case_from_mapping(json.loads(text), "workshop case")


def workshop_case(workshop: Workshop) -> Case:
    """The case as it was when the workshop started (the same on every server)."""
    return _case_from_json(json.dumps(workshop.case_data))


def session_key(code: str) -> str | None:
    return st.session_state.get(KEYS, {}).get(code)


# The projector. ----------------------------------------------------------------------------------
def projector_header(workshop: Workshop) -> None:
    """Code, link and QR code, big enough to read from the back of a council chamber (presentation
    mode lays them out beside the live view instead: :func:`projector_side`). Whether it is open is
    part of the live view (so every projector tab follows Close and Reopen by itself)."""
    link = join_url(workshop.code)
    _, unreachable = join_address()
    if unreachable:
        st.warning(md(unreachable), icon=":material/wifi_off:")
    st.html(_HEADER_CSS)
    with st.container(key="wsf_header"):
        left, right = st.columns([3, 2], gap="large")
        with left:
            st.markdown("## Join on your phone")
            st.markdown("Scan the QR code, or type this address:")
            st.code(link, language=None, wrap_lines=True)  # plain text: no auto-link (and nothing to mis-click)
            st.markdown(f"# Code: {md(workshop.code)}")
        with right:
            st.image(qr_png(link), caption="Scan to join", alt=f"QR code for the join address {link}", width=320)



def status_sentence(workshop: Workshop, short: bool = False) -> str:
    status = "open for submissions" if workshop.is_open else "closed: no more submissions"
    if short:  # the projector in presentation mode: the code is already on the screen, large
        return f"**{status[0].upper()}{status[1:]}.** Method: {md(_method_label(workshop.method))}."
    return f"**Workshop {md(workshop.code)} is {status}.** Method: {md(_method_label(workshop.method))}."


def projector_side(workshop: Workshop) -> None:
    """The projector's right-hand column in presentation mode: QR code, code and join address, and
    the case in one line (its illustrative-figures warning included) — beside the live view, not
    above it, so the whole projector fits 1280×720 without scrolling."""
    link = join_url(workshop.code)
    with st.container(key="wsf_header"):
        st.image(qr_png(link), caption="Scan to join", alt=f"QR code for the join address {link}", width=PRESENT_QR_PX)
        st.markdown(f"# Code: {md(workshop.code)}")
        st.code(link, language=None, wrap_lines=True)  # plain text: no auto-link
    case = workshop_case(workshop)
    line = f"Case: {md(workshop.case_title)}"
    if case.illustrative or (case.note and "illustrative" in case.note.lower()):
        line += " — **illustrative figures**, not the councils' own; do not quote them."
    with st.container(key="wsf_case"):
        st.markdown(line)


def _method_label(method: str) -> str:
    return {"points": "share out points (or sliders)", "ranking": "put the criteria in order",
            "swing": "swing weighting", "pairwise": "pairwise comparison"}.get(method, method)


@st.fragment(run_every=REFRESH_S)
def live(code: str) -> None:
    """Redraws itself every few seconds: counts, spread, aggregates and the ranking they give."""
    try:
        store = get_store()
        workshop = store.get_workshop(code)
        submissions = store.submissions(code)
    except StoreError as exc:
        show_error(exc)
        note("This view keeps trying by itself; nothing already submitted is lost.")
        return
    case = workshop_case(workshop)
    councils = workshop.councils
    criteria, names = case.criterion_ids, [c.name for c in case.criteria]
    statistic = st.session_state.get(STAT_KEY, "mean")
    aggs = aggregate(submissions, criteria, councils)
    counts = counts_by_council(submissions, councils) if councils else {}  # no councils: the total says it all

    state = "open" if workshop.is_open else "closed"
    present = presentation.is_on()
    with st.container(key="wsf_status"):
        st.markdown(status_sentence(workshop, short=present))
    with st.container(key="wsf_counts"):
        cols = st.columns(len(counts) + 1)
        cols[0].metric("Submissions", len(submissions), help=None if present else f"Submissions are {state}.")
        for col, (cid, n) in zip(cols[1:], counts.items()):
            col.metric(md(councils.get(cid, cid)), n)
    if not submissions:
        st.info("Waiting for the first submission. Scan the QR code or type the link to take part.")
        return
    spread = submission_spread_chart(submissions, criteria, names, councils, aggs)
    agg_chart = aggregate_chart(aggs, criteria, names, statistic)
    appraisal = Appraisal(case)
    joint = aggs[JOINT]
    vector = appraisal.weights_from_mapping(joint.weights(statistic))
    chart = ranking_chart(appraisal, vector, f"joint {statistic} of {joint.n} submission{'s' if joint.n != 1 else ''}")
    if present:  # the projector: one chart and one sentence at a time, fitting the screen
        tabs = st.tabs(["How far apart", "Joint weights", "Ranking"])
        for tab, (c, key) in zip(tabs, [(spread, "wsf_spread_chart"), (agg_chart, "wsf_aggregate_chart"),
                                        (chart, "wsf_ranking_chart")]):
            with tab:
                st.markdown(f"**{md(c.takeaway)}**")
                show_chart(dataclasses.replace(c, figure=_projector_figure(c.figure), table=pd.DataFrame()), key=key,
                           show_takeaway=False)
        return
    st.markdown(f"## {md(spread.takeaway)}")
    show_chart(spread, key="wsf_spread_chart", show_takeaway=False)

    st.markdown(f"## {md(agg_chart.takeaway)}")
    show_chart(dataclasses.replace(agg_chart, table=pd.DataFrame()), key="wsf_aggregate_chart", show_takeaway=False)
    report_table(agg_chart.table, caption=f"Aggregate weights ({statistic}). Each participant's weights are scaled to "
                                          "100 % first, so everyone counts the same.")

    st.markdown(f"## {md(chart.takeaway)}")
    show_chart(chart, key="wsf_ranking_chart", show_takeaway=False)
    st.header("Ranks under each group's weights")
    st.markdown(f"**{md(leaders_sentence(appraisal, aggs, statistic))}**")
    report_table(aggregate_ranks_table(appraisal, aggs, statistic), caption="'=2' marks a shared rank.")
    if st.session_state.get("wsf_reveal") and session_key(code):
        _names_table(code, councils)


def _projector_figure(source: go.Figure) -> go.Figure:
    """A chart refitted to the projector's chart area in presentation mode (PRESENT_CHART_PX tall): no
    title (the tab and the bold takeaway above say what it shows), a short legend (the councils and the
    joint mean) above the plot, a longer one (the aggregates' groups, the ranking's criteria) in a column
    beside it, no figures beside the bars (the takeaway gives them), and margins just wide enough."""
    figure = go.Figure(source)
    entries = sum(1 for t in figure.data if t.showlegend is not False)
    figure.update_traces(text=None, selector={"type": "bar"})  # a figure beside each of 30 thin bars is unreadable
    figure.update_yaxes(tickfont={"size": 14})  # criterion names: room beside them for the plot and the legend
    if entries <= 3:
        legend = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom", "font": {"size": 14},
                  "title": {"text": ""}}
        margin = {"t": 36, "b": 58, "r": 16}
    else:
        legend = {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1.0, "yanchor": "top", "font": {"size": 13}}
        margin = {"t": 8, "b": 40, "r": 8}
    figure.update_layout(height=PRESENT_CHART_PX, margin=margin, title={"text": ""}, legend=legend)
    figure.update_xaxes(title_font={"size": 15})
    return figure


def _names_table(code: str, councils: dict[str, str]) -> None:
    try:
        named = get_store().submissions(code, session_key(code))
    except StoreError as exc:
        show_error(exc)
        return
    st.header("Who has submitted")
    devices: dict[str, int] = {}
    for s in named:
        devices.setdefault(s.device or f"ballot {s.ballot}", len(devices) + 1)
    rows = [{"Ballot": s.ballot, "Council": councils.get(s.council or "", s.council or "—"), "Name": s.display_name,
             "Last saved": uk_time(s.revised_at, with_date=False, seconds=True), "Revisions": s.revision,
             "Device": f"Device {devices[s.device or f'ballot {s.ballot}']}", "From": s.origin or "—"} for s in named]
    dataframe(rows, hide_index=True, key="wsf_names_table")
    _origins_and_removal(code, named)


def _origins_and_removal(code: str, named: list) -> None:  # noqa: ANN001 - Submission records
    """How many ballots came from where, and removing one (audit-logged) — the facilitator's defence
    against a stuffed ballot box."""
    key = session_key(code)
    try:
        origins = get_store().ballot_origins(code, key or "")
    except StoreError as exc:
        show_error(exc)
        return
    many = [o for o in origins if o.ballots > 1]
    st.markdown("**Where the ballots came from**" + (f" — {len(many)} device{'s' if len(many) != 1 else ''} cast more "
                                                      "than one ballot." if many else " — one ballot per device."))
    dataframe([{"Device": f"Device {i}", "From": o.origin or "—", "Places issued": o.places, "Ballots": o.ballots,
                "Submissions (with revisions)": o.submissions, "Latest": uk_time(o.last, with_date=False, seconds=True)
                if o.last else "—"} for i, o in enumerate(origins, 1)], hide_index=True, key="wsf_origins_table")
    if not named:
        return
    labels = {s.ballot: f"Ballot {s.ballot}: {s.display_name} ({s.council or 'no council'})" for s in named}
    with st.expander("Remove a ballot"):
        ballot = st.selectbox("Ballot", list(labels), format_func=labels.get, key="wsf_remove_pick")
        sure = st.checkbox("Yes, remove this ballot (it is logged in the audit trail)", key="wsf_remove_confirm")
        if st.button("Remove ballot", key="wsf_remove", disabled=not sure):
            try:
                get_store().remove_ballot(code, key or "", int(ballot), by=st.session_state.get("wsf_adopt_by", ""))
            except StoreError as exc:
                show_error(exc)
                return
            st.session_state["_wsf_done"] = f"Removed ballot {ballot}; the audit trail records it."
            st.session_state.pop("wsf_remove_confirm", None)
            st.rerun()


# Facilitator controls. ---------------------------------------------------------------------------
def unlock(code: str) -> str | None:
    """The facilitator key for this workshop: from this session, or typed in and checked."""
    key = session_key(code)
    if key:
        return key
    typed = st.text_input("Facilitator key", type="password", key="wsf_key_input",
                          help="Issued when the workshop was started; needed to close, adopt, delete or reveal names.")
    if st.button("Unlock facilitator controls", key="wsf_unlock") and typed:
        try:
            ok = get_store().check_key(code, typed, attempt=attempt_subjects())
        except StoreError as exc:
            show_error(exc)
            return None
        if ok:
            st.session_state.setdefault(KEYS, {})[code] = typed
            st.session_state.setdefault(MINE, {})[code] = typed
            st.rerun()
        st.error("That is not the facilitator key for this workshop.")
    return None


def controls(workshop: Workshop) -> None:
    code = workshop.code
    key = unlock(code)
    if not key:
        note("Without the facilitator key this view can watch the workshop but not change it.")
        return
    store = get_store()
    c1, c2 = st.columns(2)
    try:
        if workshop.is_open:
            if c1.button("Close submissions", key="wsf_close", type="primary"):
                store.close_workshop(code, key)
                st.rerun()
        elif c1.button("Reopen submissions", key="wsf_reopen"):
            store.reopen_workshop(code, key)
            st.rerun()
        c2.toggle("Reveal participants' names", key="wsf_reveal", help="Names are hidden on the projector unless you reveal them.")
    except StoreError as exc:
        show_error(exc)
    adopt_form(workshop, key)
    with st.expander("Delete this workshop"):
        sure = st.checkbox("Yes, delete the workshop and every submission to it", key="wsf_delete_confirm")
        if st.button("Delete workshop", key="wsf_delete", disabled=not sure):
            try:
                store.delete_workshop(code, key)
            except StoreError as exc:
                show_error(exc)
                return
            leave(code)
            st.session_state["_wsf_done"] = f"Workshop {code} and its submissions were deleted."
            st.rerun()


def adopt_form(workshop: Workshop, key: str) -> None:
    """Adopt a council's or the joint aggregate as a named weight set of the open case."""
    st.markdown("**Adopt an aggregate as a weight set of the case**")
    if workshop.case_key != current_case_key():
        st.info("Open this workshop's case in the sidebar to adopt its results into it.")
        return
    groups = {**dict(workshop.councils), JOINT: "Joint (every participant)"}
    if len(workshop.councils) >= 2:
        groups[JOINT_COUNCILS] = "Joint (each council equally)"
    group = st.selectbox("Whose weights", list(groups), format_func=groups.get, key="wsf_adopt_group")
    statistic = st.session_state.get(STAT_KEY, "mean")
    default = f"{groups[group]} — workshop {workshop.code} ({statistic})"
    name = st.text_input("Name of the new weight set", value=default, key=f"wsf_adopt_name_{group}_{statistic}", max_chars=120)
    by = st.text_input("Agreed by", key="wsf_adopt_by", max_chars=120, placeholder="e.g. Joint cabinet workshop")
    if st.button("Adopt as a weight set", key="wsf_adopt", type="primary"):
        case = current_case()
        try:
            ws = get_store().adopt(workshop.code, key, group, statistic, case, name, by=by.strip())
            saved = add_weight_set(ws, route="adopt", reason=by.strip())
        except StoreError as exc:
            show_error(exc)
            return
        except (CaseError, ChangeRefused) as exc:
            st.error(change_problem(exc))
            return
        st.session_state["_wsf_done"] = (f"Added “{ws.name}” to the case ({statistic} of "
                                          f"{ws.provenance.inputs.get('participants') if ws.provenance else '?'} submissions), "
                                          f"{saved_message(saved)} It is now in every weight-set list on every device, "
                                          "e.g. on the Ranking page.")
        st.rerun()


def leave(code: str) -> None:
    """Forget the workshop in this session (the workshop itself carries on)."""
    st.session_state.pop("wsf_code", None)
    st.session_state.get(KEYS, {}).pop(code, None)
    st.session_state.pop("wsf_key_once", None)
    if "code" in st.query_params:
        del st.query_params["code"]


def counts_sentence(n: int) -> str:
    return f"{fmt.number(n, 0)} submission{'s' if n != 1 else ''}"
