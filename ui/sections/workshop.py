"""Workshop views shared by the facilitator page: join link and QR code, the live projector, the
facilitator's controls. Numbers come from :mod:`appraisal.store.repository` (aggregation) and the engine.
Widget keys start with ``wsf_``.
"""

from __future__ import annotations

import dataclasses
import io
import json
from urllib.parse import quote, urlsplit

import pandas as pd
import qrcode
import streamlit as st

from appraisal import fmt
from appraisal.analysis.consensus import unique_set_id
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.workshop import JOINT, JOINT_COUNCILS, Workshop, aggregate, counts_by_council
from appraisal.case.model import Case, WeightSet
from appraisal.errors import CaseError
from appraisal.formats.mapping import case_from_mapping
from appraisal.report.figures.ranking import ranking_chart
from appraisal.report.figures.weights import aggregate_chart, aggregate_ranks_table, leaders_sentence, submission_spread_chart
from appraisal.store.errors import StoreError
from ui.cases import add_weight_set, current_case, current_case_key
from ui.components.charts import report_table, show_chart
from ui.components.text import md, note
from ui.store import get_store, show_error

REFRESH_S = 2.5
JOIN_PATH = "join"
KEYS = "wsf_keys"            # {workshop code: facilitator key} held for this session only
STAT_KEY = "wsf_stat"


# Join link and QR code. --------------------------------------------------------------------------
def base_url() -> str:
    """The app's address as the browser sees it (scheme, host and any path prefix, no page)."""
    url = ""
    try:
        url = st.context.url or ""
    except Exception:  # older Streamlit or no browser session (tests)
        url = ""
    if url:
        parts = urlsplit(url)
        path = parts.path.rstrip("/")
        last = path.rsplit("/", 1)[-1] if path else ""
        if last in {"workshop", JOIN_PATH}:
            path = path[: -len(last)].rstrip("/")
        return f"{parts.scheme}://{parts.netloc}{path}"
    try:
        host = st.context.headers.get("Host")
    except Exception:
        host = None
    return f"http://{host}" if host else "http://localhost:8501"


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
    """Code, link and QR code, big enough to read from the back of a council chamber."""
    link = join_url(workshop.code)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("## Join on your phone")
        st.markdown("Scan the QR code, or type this address:")
        st.code(link, language=None, wrap_lines=True)  # plain text: no auto-link (and nothing to mis-click)
        st.markdown(f"# Code: {md(workshop.code)}")
        status = "open for submissions" if workshop.is_open else "closed: no more submissions"
        st.markdown(f"**Workshop {md(workshop.code)} is {status}.** Method: {md(_method_label(workshop.method))}.")
    with right:
        st.image(qr_png(link), caption="Scan to join", alt=f"QR code for the join address {link}", width=320)


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
    cols = st.columns(len(counts) + 1)
    cols[0].metric("Submissions", len(submissions), help=f"Submissions are {state}.")
    for col, (cid, n) in zip(cols[1:], counts.items()):
        col.metric(md(councils.get(cid, cid)), n)
    if not submissions:
        st.info("Waiting for the first submission. Scan the QR code or type the link to take part.")
        return
    spread = submission_spread_chart(submissions, criteria, names, councils, aggs)
    st.markdown(f"## {md(spread.takeaway)}")
    show_chart(spread, key="wsf_spread_chart", show_takeaway=False)

    agg_chart = aggregate_chart(aggs, criteria, names, statistic)
    st.markdown(f"## {md(agg_chart.takeaway)}")
    show_chart(dataclasses.replace(agg_chart, table=pd.DataFrame()), key="wsf_aggregate_chart", show_takeaway=False)
    report_table(agg_chart.table, caption=f"Aggregate weights ({statistic}). Each participant's weights are scaled to "
                                          "100 % first, so everyone counts the same.")

    appraisal = Appraisal(case)
    joint = aggs[JOINT]
    vector = appraisal.weights_from_mapping(joint.weights(statistic))
    chart = ranking_chart(appraisal, vector, f"joint {statistic} of {joint.n} submission{'s' if joint.n != 1 else ''}")
    st.markdown(f"## {md(chart.takeaway)}")
    show_chart(chart, key="wsf_ranking_chart", show_takeaway=False)
    st.header("Ranks under each group's weights")
    st.markdown(f"**{md(leaders_sentence(appraisal, aggs, statistic))}**")
    report_table(aggregate_ranks_table(appraisal, aggs, statistic), caption="'=2' marks a shared rank.")
    if st.session_state.get("wsf_reveal") and session_key(code):
        _names_table(code, councils)


def _names_table(code: str, councils: dict[str, str]) -> None:
    try:
        named = get_store().submissions(code, session_key(code))
    except StoreError as exc:
        show_error(exc)
        return
    st.header("Who has submitted")
    rows = [{"Council": councils.get(s.council or "", s.council or "—"), "Name": s.display_name,
             "Last saved": s.revised_at.strftime("%H:%M:%S UTC"), "Revisions": s.revision} for s in named]
    st.dataframe(rows, hide_index=True, key="wsf_names_table")


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
            ok = get_store().check_key(code, typed)
        except StoreError as exc:
            show_error(exc)
            return None
        if ok:
            st.session_state.setdefault(KEYS, {})[code] = typed
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
            mapping = get_store().adopt(workshop.code, key, group, statistic, unique_set_id(case, name), name, by=by.strip())
            ws = WeightSet.model_validate(mapping)
            add_weight_set(ws)
        except StoreError as exc:
            show_error(exc)
            return
        except CaseError as exc:
            st.error(md(exc.message))
            return
        st.session_state["_wsf_done"] = (f"Added “{ws.name}” to the case ({statistic} of "
                                          f"{ws.provenance.inputs.get('participants') if ws.provenance else '?'} submissions). "
                                          "It is now in every weight-set list, e.g. on the Ranking page.")
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
