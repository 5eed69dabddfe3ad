"""Join a workshop — the participant's page, built for a phone (390 px wide): one column, big controls.

The code comes from the link (``?code=ABC123``) or is typed. The server issues each device session its
own participant place (an unguessable token; the store keeps only its hash). The token is kept in
session state and in the address (``&p=…``), but the address alone is worth nothing: a reload resumes the
place only on the same device (address and browser), so a copied or made-up ``p`` gets a fresh, empty
place — never someone else's name and weights. Widget keys start with ``join_``.
"""

from __future__ import annotations

import streamlit as st

from appraisal.analysis.workshop import Submission
from appraisal.fmt import uk_time
from appraisal.report.weights import shares_table
from appraisal.store.errors import StoreError, WorkshopNotFound
from appraisal.store.keys import normalise_code
from ui.components.tables import dataframe
from ui.components.text import md, note
from ui.sections import weights_build as elicitation_view
from ui.sections.workshop import workshop_case
from ui.store import attempt_subjects, device_description, get_store, show_error

MODES = {"sliders": "Sliders (0 to 10 for each)", "points": "Share out 100 points"}

st.title("Join a workshop")

PLACES = "join_places"   # {workshop code: this session's server-issued participant token}
code = normalise_code(st.query_params.get("code", "") or st.session_state.get("join_code", ""))


def participant_token(store, code: str) -> str:  # noqa: ANN001 - the Store
    """This session's place in the workshop: kept for the session; after a reload, the address's ``p``
    if the store issued it to this same device; otherwise a new place issued by the store."""
    places = st.session_state.setdefault(PLACES, {})
    if code in places:
        return places[code]
    device = device_description()
    offered = str(st.query_params.get("p", "") or "")
    if offered and store.resume_participant(code, offered, device):
        places[code] = offered
    else:
        places[code] = store.issue_participant(code, device=device, origin=device.split("|")[0])
    return places[code]


def ask_for_code() -> None:
    typed = st.text_input("Workshop code (shown on the screen)", key="join_code_input", max_chars=12)
    if st.button("Join", key="join_go", type="primary") and typed.strip():
        st.session_state["join_code"] = normalise_code(typed)
        st.query_params["code"] = normalise_code(typed)
        st.rerun()


def _prefill(case_ids: list[str], mine: Submission | None, token: str) -> None:
    """Put a returning participant's last submission back into the widgets (once per session)."""
    if mine is None or st.session_state.get("_join_prefilled") == token:
        return
    st.session_state["_join_prefilled"] = token
    st.session_state["join_name"] = mine.display_name
    if mine.council:
        st.session_state["join_council"] = mine.council
    sliders = mine.inputs.get("sliders")
    if isinstance(sliders, dict):
        st.session_state["join_mode"] = "sliders"
        for c in case_ids:
            st.session_state[f"join_s_{c}"] = int(sliders.get(c, 5))


def slider_inputs(case) -> tuple[dict[str, float], dict]:
    values: dict[str, int] = {}
    for c in case.criteria:
        key = f"join_s_{c.id}"
        if key not in st.session_state:
            st.session_state[key] = 5
        values[c.id] = int(st.slider(md(c.name), 0, 10, step=1, key=key, help=md(c.description) if c.description else None))
    if sum(values.values()) <= 0:
        st.info("Every slider is at zero: move at least one above zero.")
        return {}, {"method": "points", "variant": "sliders", "sliders": values}
    total = sum(values.values())
    return {c: v / total for c, v in values.items()}, {"method": "points", "variant": "sliders", "sliders": values}


def points_inputs(case) -> tuple[dict[str, float], dict]:
    """A 100-point allocation."""
    return elicitation_view.participant_inputs(case, "points", "joinm_")


def your_weights_table(case, weights: dict[str, float]) -> None:
    dataframe(shares_table(case, weights), hide_index=True, key="join_preview")


def main() -> None:
    if not code:
        ask_for_code()
        return
    store = get_store()
    token = st.session_state.get(PLACES, {}).get(code, "")
    try:
        workshop = store.get_workshop(code, attempt=attempt_subjects())
        token = participant_token(store, workshop.code)
        mine = store.submission(code, token)
    except WorkshopNotFound as exc:
        show_error(exc)
        st.session_state.pop("join_code", None)
        ask_for_code()
        return
    except StoreError as exc:
        show_error(exc)
        cached = st.session_state.get("_join_workshop")
        if cached is None or cached.code != code:
            return
        # Keep drawing the form from the last good copy: widget values survive only while drawn,
        # so the participant's entries are still there to submit once the store is back.
        workshop, mine = cached, st.session_state.get("_join_mine")
        if not token:
            return
        note("Your entries below are kept: press Submit again in a moment.")
    else:
        st.session_state["_join_workshop"], st.session_state["_join_mine"] = workshop, mine
    st.session_state["join_code"] = workshop.code
    st.session_state["join_token"] = token
    st.query_params["code"] = workshop.code
    st.query_params["p"] = token  # a reload keeps this device's submission editable
    case = workshop_case(workshop)
    st.markdown(f"**{md(workshop.case_title)}** — workshop {md(workshop.code)}")
    if mine:
        st.success(md(f"Your weights are in (saved {uk_time(mine.revised_at, with_date=False, seconds=True)}"
                      f"{', revision ' + str(mine.revision) if mine.revision > 1 else ''}). "
                      + ("You can change them and submit again until submissions close." if workshop.is_open else "")),
                   icon=":material/check_circle:")
    if not workshop.is_open:
        st.warning("Submissions to this workshop are closed. Thank you for taking part.")
        if mine:
            your_weights_table(case, mine.weights)
        return

    _prefill(case.criterion_ids, mine, token)
    councils = workshop.councils
    council = None
    if councils:
        council = st.radio("Your council", list(councils), format_func=lambda c: md(councils[c]), key="join_council", index=None)
    name = st.text_input("Your name (for the facilitator; not shown on the shared screen)", key="join_name",
                         max_chars=60, help="The shared screen shows no names; the facilitator can reveal them to "
                                            "check who has taken part. Two people cannot use the same name.")
    st.header("Your weights")
    if workshop.method == "points":
        mode = st.radio("How to set them", list(MODES), format_func=MODES.get, key="join_mode", horizontal=True)
        weights, inputs = slider_inputs(case) if mode == "sliders" else points_inputs(case)
    else:
        weights, inputs = elicitation_view.participant_inputs(case, workshop.method, "joinm_")
    if weights:
        with st.expander("Your weights as shares of 100 %"):
            your_weights_table(case, weights)
    label = "Submit again (replaces your earlier weights)" if mine else "Submit my weights"
    just_saved = st.session_state.pop("_join_saved", None)
    if st.button(label, key="join_submit", type="primary", width="stretch"):
        if councils and council is None:
            st.error("Please choose your council.")
            return
        if not weights:
            st.error("Your weights are not complete yet; see the note above.")
            return
        try:
            saved = store.submit(workshop.code, token, council, name, weights, method=workshop.method, inputs=inputs)
        except StoreError as exc:
            show_error(exc)
            return
        st.session_state["_join_saved"] = saved.revision
        st.rerun()
    if just_saved:  # also here, beside the button the participant just pressed (the top may be scrolled away)
        st.success("Saved." if just_saved == 1 else f"Saved (revision {just_saved}).", icon=":material/check:")
    note("Your weights are anonymous on the shared screen; only the facilitator can reveal names.")


main()
