"""Workshop (facilitator) — start a workshop for the open case, show the join code and QR code on the
projector, watch submissions arrive live, close them and adopt an aggregate as a weight set."""

from __future__ import annotations

import streamlit as st

from appraisal.analysis.workshop import DEFAULT_METHOD
from appraisal.fmt import uk_time
from appraisal.formats.mapping import case_to_mapping
from appraisal.store.errors import StoreError, WorkshopNotFound
from appraisal.store.keys import normalise_code
from ui.cases import current_case, current_case_key
from ui.components import presentation
from ui.components.layout import case_banner
from ui.components.tables import dataframe
from ui.components.text import md, note
from ui.sections import workshop as view
from ui.store import attempt_subjects, get_store, show_error

case = current_case()
# The projector in presentation mode (a running workshop) is one compact screen, with no page title
# above it: ui.sections.workshop.projector_side shows the case in one line, its warning included.
if not (presentation.is_on() and (st.session_state.get("wsf_code") or st.query_params.get("code"))):
    st.title("Workshop")
    case_banner(case)

done = st.session_state.pop("_wsf_done", None)
if done:
    st.success(md(done))

# The workshop this session is running: kept in session state and in the address (?code=…), so a
# reload keeps the projector on it (the facilitator key is then typed in again).
code = st.session_state.get("wsf_code") or normalise_code(st.query_params.get("code", "")) or None
METHODS = {
    "points": "Points — share out 100 points, or set sliders",
    "ranking": "Ranking — put the criteria in order (quickest on a phone)",
}
try:
    from ui.sections.weights_build import participant_inputs  # noqa: F401 - offered only when available

    METHODS |= {"swing": "Swing weighting — score each swing against the most important",
                "pairwise": "Pairwise comparison — two criteria at a time (slow with many criteria)"}
except ImportError:
    pass


def start() -> None:
    st.header("Start a workshop for this case")
    note("Members join on their own phones; each chooses their council, gives a display name and sets weights. "
         "The projector view below updates by itself as submissions arrive.")
    method = st.radio("How participants set their weights", list(METHODS), format_func=METHODS.get, key="wsf_method",
                      index=list(METHODS).index(DEFAULT_METHOD))
    if st.button("Start a workshop", key="wsf_start", type="primary"):
        try:
            new = get_store().create_workshop(current_case_key(), case_to_mapping(case), method=method)
        except StoreError as exc:
            show_error(exc)
            return
        st.session_state["wsf_code"] = new.workshop.code
        st.session_state.setdefault(view.KEYS, {})[new.workshop.code] = new.facilitator_key
        st.session_state.setdefault(view.MINE, {})[new.workshop.code] = new.facilitator_key
        st.session_state["wsf_key_once"] = new.facilitator_key
        st.query_params["code"] = new.workshop.code
        st.rerun()
    st.header("Or open a workshop that is already running")
    typed = st.text_input("Workshop code", key="wsf_open_code", max_chars=12)
    if st.button("Open", key="wsf_open") and typed.strip():
        st.session_state["wsf_code"] = normalise_code(typed)
        st.query_params["code"] = normalise_code(typed)
        st.rerun()
    # Codes are listed to their facilitator only: the workshops whose key this session holds.
    try:
        earlier = get_store().workshops_for_case(current_case_key(), {**st.session_state.get(view.MINE, {}),
                                                                       **st.session_state.get(view.KEYS, {})})
    except StoreError as exc:
        show_error(exc)
        return
    if earlier:
        st.header("Your earlier workshops on this case")
        dataframe(
            [{"Code": w.code, "Started": uk_time(w.created_at), "Status": w.status,
              "Method": w.method, "Adopted sets": ", ".join(a["name"] for a in w.adopted) or "—"} for w in earlier],
            hide_index=True, key="wsf_earlier",
        )


def running(code: str) -> None:
    try:
        workshop = get_store().get_workshop(code, attempt=attempt_subjects())
    except WorkshopNotFound as exc:
        show_error(exc)
        view.leave(code)
        if st.button("Back", key="wsf_back"):
            st.rerun()
        return
    except StoreError as exc:
        show_error(exc)
        workshop = st.session_state.get("_wsf_workshop")
        if workshop is None or workshop.code != code:
            return
        # Carry on from the last good copy, so the live view below keeps retrying by itself.
    else:
        st.session_state["_wsf_workshop"] = workshop
    st.session_state["wsf_code"] = workshop.code
    key_once = st.session_state.get("wsf_key_once")
    if key_once:
        st.warning(
            "**Your facilitator key is ready; it is shown only once.** You need it to close submissions, adopt "
            "results, reveal names or delete the workshop, from this or any other device. Make sure the projector "
            "is not showing this screen, then reveal the key and write it down.",
            icon=":material/key:",
        )
        if st.toggle("Reveal the facilitator key", key="wsf_key_show"):
            st.code(key_once, language=None)
        if st.button("I have written the key down", key="wsf_key_ack"):
            st.session_state.pop("wsf_key_once", None)
            st.session_state.pop("wsf_key_show", None)
            st.rerun()
    if presentation.is_on():
        projector(workshop)
        return
    if workshop.case_key != current_case_key():
        note(f"This workshop is on the case “{workshop.case_title}”.")
    view.projector_header(workshop)
    aggregate_choice()
    view.live(workshop.code)
    st.divider()
    st.header("Facilitator controls")
    view.controls(workshop)
    leave_button(workshop)


def projector(workshop) -> None:  # noqa: ANN001 - a Workshop
    """Presentation mode: one screen that fits 1280×720 without scrolling — the live view (status,
    large counts, one chart at a time in tabs) beside the QR code, the code and the join address;
    the controls fold into an expander under them."""
    _, unreachable = view.join_address()
    if unreachable:
        st.warning(md(unreachable), icon=":material/wifi_off:")
    st.html(view.PRESENT_CSS)  # the projector's styles in presentation mode (constant CSS)
    with st.container(key="wsf_projector"):
        main, side = st.columns([5, 3], gap="medium")
        with side:
            view.projector_side(workshop)
            with st.expander("Facilitator controls"):
                aggregate_choice()
                view.controls(workshop)
                leave_button(workshop)
        with main:
            view.live(workshop.code)


def aggregate_choice() -> None:
    st.radio("Aggregate", ["mean", "median"], key=view.STAT_KEY, horizontal=True,
             help="Mean or median of the participants' normalised weights, per council and jointly.")


def leave_button(workshop) -> None:  # noqa: ANN001 - a Workshop
    if st.button("Leave this workshop view", key="wsf_leave", help="The workshop carries on; you can open it again by its code."):
        view.leave(workshop.code)
        st.rerun()


if code:
    running(code)
else:
    start()
