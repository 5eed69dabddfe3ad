"""Weights page, "Build a weight set": four ways to arrive at weights, saved with their provenance.

Also "Does the method matter?" and :func:`participant_inputs`, the phone-sized input the workshop
join page uses. Every number comes from :mod:`appraisal.analysis.elicitation.direct` / :mod:`appraisal.analysis.elicitation.comparison`;
this module only draws widgets. Widget values vanish on a page switch, so each input is mirrored in
a durable per-case store (``elicit_store``) and restored when the widget is drawn again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from appraisal import fmt
from appraisal.analysis import elicitation as el
from appraisal.analysis.elicitation.common import ElicitationError, Elicited
from appraisal.analysis.elicitation.comparison import compare_methods
from appraisal.analysis.scoring import Appraisal
from appraisal.case.changes import make_weight_set
from appraisal.case.model import Case
from appraisal.errors import CaseError
from appraisal.report import elicitation as elicitation_text
from appraisal.report.figures.elicitation import method_weights_chart
from appraisal.report.figures.ranking import ranking_chart
from appraisal.store.errors import StoreError
from ui.cases import ChangeRefused, add_weight_set, change_problem, current_case_key, saved_message
from ui.components import weight_sliders as weights_ui
from ui.components.charts import report_table, show_chart
from ui.components.text import md, note

PREFIX = "elicit_"
STORE_KEY = "elicit_store"          # {case key: {widget key: value}} — survives page switches
OWNER_KEY = "_elicit_owner"         # {key prefix: case key} — which case the widgets now show
LAST_KEY = "elicit_last"            # {case key: {"label": str, "weights": {criterion: weight}}}
SAVED_KEY = "_elicit_saved"         # message after a save (shown once)

METHOD_TITLES = {
    "points": "Points",
    "ranking": "Ranking",
    "swing": "Swing weighting",
    "pairwise": "Pairwise comparison",
}
METHOD_HELP = {
    "points": "Share out 100 points (or any numbers) between the criteria; each weight is a criterion's share of the total.",
    "ranking": "Put the criteria in order of importance (give two the same rank for a tie). The weights follow from the "
               "order alone: rank-order centroid (Barron and Barrett, 1996) unless you choose otherwise.",
    "swing": "Think of each criterion's swing from its worst rating to its best. Pick the swing that matters most: it scores "
             "100. Score every other swing against it, from 0 to 100 (the method in the government's MCA manual).",
    "pairwise": "Compare criteria two at a time on Saaty's 1–9 scale (AHP). You need not compare every pair, but every "
                "criterion must be linked to the others by some comparison. The consistency ratio should be 0.10 or less.",
}
PAIR_OPTIONS = [""] + [str(k) for k in range(9, 1, -1)] + ["1"] + [f"1/{k}" for k in range(2, 10)]


# Durable widget state ----------------------------------------------------------------------------

def _store() -> dict[str, Any]:
    return st.session_state.setdefault(STORE_KEY, {}).setdefault(current_case_key(), {})


INPUT_KINDS = ("points_", "rank_", "swing_", "pw_")   # our widget keys: prefix + kind + criterion id(s)


def _claim(prefix: str) -> None:
    """On a case switch, drop this prefix's input widgets so they are restored from the new case's store.

    Only keys this module made (prefix + one of INPUT_KINDS) are touched: a caller's own widgets that
    share the prefix (e.g. a join page's name box) are left alone.
    """
    owners = st.session_state.setdefault(OWNER_KEY, {})
    if owners.get(prefix) != current_case_key():
        mine = [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix) and k[len(prefix):].startswith(INPUT_KINDS)]
        for key in mine:
            del st.session_state[key]
        owners[prefix] = current_case_key()


def _init(key: str, default: Any) -> None:
    if key not in st.session_state:
        st.session_state[key] = _store().get(key, default)


def _keep(key: str, value: Any) -> Any:
    _store()[key] = value
    return value


# Inputs for each method (shared by the Build tab and the workshop join page) ---------------------

def _points_inputs(case: Case, prefix: str, budget: int | None) -> tuple[dict[str, Any], Elicited | None, str | None]:
    top_status = st.empty()
    values: dict[str, int] = {}
    default = 100 // len(case.criteria) if budget else 10
    for c in case.criteria:
        key = f"{prefix}points_{c.id}"
        _init(key, default)
        values[c.id] = _keep(key, int(st.number_input(md(c.name), min_value=0, max_value=budget or 1000, step=1, key=key,
                                                      help=md(c.description) if c.description else None)))
    total = sum(values.values())
    problem = None
    if budget is not None:
        left = budget - total
        if left >= 0:
            status = f"Points left: {left} of {budget}"
            top_status.markdown(f"**{status}**")
            st.markdown(f"**{status}**")
        else:
            problem = f"You have given {total} points, {-left} more than {budget}. Take {-left} away."
            top_status.markdown(f"**{problem}**")
    raw = {"points": values}
    if problem:
        return raw, None, problem
    try:
        return raw, el.points(values, case.criterion_ids), None
    except ElicitationError as exc:
        return raw, None, exc.problems[0].message


def _ranking_inputs(case: Case, prefix: str, variant: str) -> tuple[dict[str, Any], Elicited | None, str | None]:
    positions = list(range(1, len(case.criteria) + 1))
    ranks: dict[str, int | None] = {}
    for c in case.criteria:
        key = f"{prefix}rank_{c.id}"
        _init(key, None)
        ranks[c.id] = _keep(key, st.selectbox(md(c.name), positions, key=key, format_func=fmt.ordinal, placeholder="Choose a rank",
                                              help=md(c.description) if c.description else None))
    missing = [c.name for c in case.criteria if ranks[c.id] is None]
    chosen = sorted({r for r in ranks.values() if r is not None})
    tiers = [[c for c in case.criterion_ids if ranks[c] == r] for r in chosen]
    raw = {"order": tiers}
    if missing:
        still = fmt.names_list(missing) if len(missing) <= 3 else f"{len(missing)} of the {len(positions)} criteria"
        return raw, None, f"Still to rank: {still}."
    try:
        return raw, el.ranking(tiers, variant, case.criterion_ids), None
    except ElicitationError as exc:
        return raw, None, exc.problems[0].message


def _swing_inputs(case: Case, prefix: str) -> tuple[dict[str, Any], Elicited | None, str | None]:
    names = {c.id: elicitation_text.swing_choice(case, c.id) for c in case.criteria}
    top_key = f"{prefix}swing_top"
    _init(top_key, None)
    top = _keep(top_key, st.selectbox(md(elicitation_text.swing_question(case)), case.criterion_ids,
                                      format_func=names.__getitem__, key=top_key, placeholder="Choose a criterion"))
    if top is None:
        return {}, None, "Choose the criterion whose swing from worst to best matters most; it scores 100."
    swings: dict[str, float] = {}
    for c in case.criteria:
        if c.id == top:
            st.markdown(f"**{md(c.name)}**: 100 (the swing that matters most)")
            swings[c.id] = 100.0
            continue
        key = f"{prefix}swing_{c.id}"
        _init(key, 50)
        swings[c.id] = float(_keep(key, st.slider(md(elicitation_text.swing_prompt(case, c.id, top)), 0, 100,
                                                  step=5, key=key)))
    try:
        return {"swings": swings}, el.swing(swings, case.criterion_ids), None
    except ElicitationError as exc:
        return {"swings": swings}, None, exc.problems[0].message


def _pair_label(value: str, a: str, b: str) -> str:
    if value == "":
        return "Not compared"
    if value == "1":
        return "Equally important (1)"
    k = int(value.split("/")[-1])
    winner = a if "/" not in value else b
    return f"{winner}: {el.SAATY_WORDS[k]} ({k})"


MAX_PAIRWISE_CRITERIA = 20   # 190 pairs; beyond that a page of selects is no way to weigh anything


def _pairwise_inputs(case: Case, prefix: str) -> tuple[dict[str, Any], Elicited | None, str | None]:
    if len(case.criteria) > MAX_PAIRWISE_CRITERIA:
        n = len(case.criteria)
        return {}, None, (f"Pairwise comparison of {n} criteria would mean up to {n * (n - 1) // 2} judgements. Use ranking or "
                          f"swing weighting, or the command line with a judgement file (docs/elicitation.md).")
    names = {c.id: c.name for c in case.criteria}
    status = st.container()
    judgements: list[tuple[str, str, str]] = []
    ids = case.criterion_ids
    for k, a in enumerate(ids[:-1]):
        with st.expander(f"Compare {md(names[a])} with each criterion that follows it", expanded=len(ids) <= 4):
            for b in ids[k + 1:]:
                key = f"{prefix}pw_{a}__{b}"
                _init(key, "")
                value = _keep(key, st.selectbox(f"{md(names[a])} compared with {md(names[b])}", PAIR_OPTIONS, key=key,
                                                format_func=lambda v, a=a, b=b: _pair_label(v, names[a], names[b])))
                if value:
                    judgements.append((a, b, value))
    raw = {"judgements": [list(j) for j in judgements]}
    if not judgements:
        with status:
            st.info("Make at least one comparison per criterion; the weights and consistency ratio appear here.")
        return raw, None, None
    try:
        result = el.pairwise(judgements, ids, names)
    except ElicitationError as exc:
        with status:
            st.info(md(exc.problems[0].message))
        return raw, None, None
    c = result.consistency
    if c is not None:
        with status:
            verdict = "acceptable (0.10 or less)" if c.acceptable else "too high: above 0.10"
            extra = f" — {len(judgements)} of {len(ids) * (len(ids) - 1) // 2} pairs compared" if not c.complete else ""
            st.markdown(f"**Consistency ratio: {c.cr:.2f}**, {verdict}{extra}")
            for warning in result.warnings:
                st.warning(md(warning))
    return raw, result, None


def _pair_option(value: float) -> str:
    """A judgement a_ij as the nearest choice of :data:`PAIR_OPTIONS` ('3', '1/3', '1')."""
    v = el.nearest_saaty(min(9.0, max(1 / 9, float(value))))
    return str(round(v)) if v >= 1 else f"1/{round(1 / v)}"


def prefill(case: Case, method: str, key_prefix: str, inputs: dict | None) -> None:
    """Put earlier raw inputs (as :func:`participant_inputs` returned them) back into the widgets.

    Done once per session and prefix, so a returning participant sees what they submitted and can revise it.
    """
    flag = f"_{key_prefix}prefilled"
    if not inputs or st.session_state.get(flag):
        return
    st.session_state[flag] = True
    ids = case.criterion_ids

    def put(key: str, value: Any) -> None:
        st.session_state[key] = _keep(key, value)

    number = (int, float)
    if method == "points" and isinstance(inputs.get("points"), dict):
        for c in ids:
            v = inputs["points"].get(c)
            if isinstance(v, number) and not isinstance(v, bool):
                put(f"{key_prefix}points_{c}", int(min(100, max(0, round(v)))))
    elif method == "ranking" and isinstance(inputs.get("order"), list):
        for rank, tier in enumerate(inputs["order"], start=1):
            for c in tier if isinstance(tier, list) else []:
                if c in ids:
                    put(f"{key_prefix}rank_{c}", min(rank, len(ids)))
    elif method == "swing" and isinstance(inputs.get("swings"), dict):
        swings = {c: v for c, v in inputs["swings"].items() if c in ids and isinstance(v, number) and not isinstance(v, bool)}
        top = next((c for c, v in swings.items() if v >= 100), None)
        if top is not None:
            put(f"{key_prefix}swing_top", top)
            for c, v in swings.items():
                if c != top:
                    put(f"{key_prefix}swing_{c}", int(5 * round(min(100, max(0, v)) / 5)))
    elif method == "pairwise" and isinstance(inputs.get("judgements"), list):
        for item in inputs["judgements"]:
            if not (isinstance(item, list) and len(item) == 3 and item[0] in ids and item[1] in ids):
                continue
            try:
                value = el.parse_judgement_value(item[2])
            except ElicitationError:
                continue
            a, b = item[0], item[1]
            if ids.index(a) > ids.index(b):
                a, b, value = b, a, 1 / value
            put(f"{key_prefix}pw_{a}__{b}", _pair_option(value))


def participant_inputs(case: Case, method: str, key_prefix: str, initial: dict | None = None) -> tuple[dict[str, float], dict]:
    """Phone-sized weight entry for the workshop join page.

    ``method`` is "points" (a 100-point allocation with a live count of points left) or "ranking"
    (a rank per criterion, ties allowed; rank-order centroid weights); "swing" and "pairwise" work too.
    ``initial``: the raw inputs of this participant's earlier submission, put back once per session.
    Returns (weights by criterion id summing to 1 — empty until the input is usable, raw inputs
    including ``method`` and ``variant`` for the submission's provenance).
    """
    _claim(key_prefix)
    prefill(case, method, key_prefix, initial)
    if method == "points":
        raw, result, problem = _points_inputs(case, key_prefix, budget=100)
    elif method == "ranking":
        note("Rank 1 is the most important. Give two criteria the same rank if they matter equally.")
        raw, result, problem = _ranking_inputs(case, key_prefix, "roc")
    elif method == "swing":
        raw, result, problem = _swing_inputs(case, key_prefix)
    elif method == "pairwise":
        raw, result, problem = _pairwise_inputs(case, key_prefix)
    else:
        raise ValueError(f"unknown elicitation method {method!r}")
    if problem:
        st.info(md(problem))
    inputs = {"method": method, "variant": result.variant if result else None, **(result.inputs if result else raw)}
    return (dict(result.weights) if result else {}), inputs


# The Build tab -----------------------------------------------------------------------------------

def _save(case: Case, result: Elicited) -> None:
    """Name, council, who agreed it and when; then add it to the open case."""
    st.header("Save it as a weight set")
    for key, default in (("elicit_name", ""), ("elicit_by", ""), ("elicit_note", ""), ("elicit_council", ""),
                         ("elicit_date", date.today())):
        _init(key, default)
    councils = {c.id: c.name for c in case.councils}
    example = next(iter(councils.values()), "Joint")
    left, right = st.columns(2)
    with left:
        name = _keep("elicit_name", st.text_input("Name", key="elicit_name", placeholder=f"e.g. {example} cabinet (ranked)",
                                                  max_chars=200))
        by = _keep("elicit_by", st.text_input("Agreed by", key="elicit_by", placeholder=f"e.g. {example} informal cabinet",
                                              max_chars=500))
    council = None
    if st.session_state.get("elicit_council") not in ("", *councils):   # a council of another case
        st.session_state["elicit_council"] = ""
    with right:
        if councils:
            council = _keep("elicit_council", st.selectbox("Council", ["", *councils], key="elicit_council",
                                                           format_func=lambda c: councils.get(c, "None (a joint set)"))) or None
        when = _keep("elicit_date", st.date_input("Agreed on", key="elicit_date", format="DD/MM/YYYY"))
    text = _keep("elicit_note", st.text_input("Note (optional)", key="elicit_note", max_chars=2000))
    if not st.button("Save as a weight set of this case", key="elicit_save", type="primary"):
        return
    if not name.strip():
        st.error("Give the weight set a name first.")
        return
    try:
        ws = make_weight_set(case, name, result.percentages(), method=result.method, variant=result.variant,
                             inputs=result.inputs, by=by.strip() or None, council=council,
                             provenance_note=text.strip() or None, when=when or None)
        saved = add_weight_set(ws, route="elicitation")
    except (CaseError, ValueError, StoreError, ChangeRefused) as exc:
        st.error("Not saved: " + change_problem(exc))
        return
    set_id = saved.case.weight_sets[-1].id
    st.session_state.setdefault(weights_ui.SET_KEY, {})[current_case_key()] = set_id
    st.session_state[SAVED_KEY] = (f"Saved “{name.strip()}” as a weight set of this case ({saved_message(saved)}) "
                                   "It is now the weight set in use on the Ranking page.")
    st.rerun()


@st.fragment
def _builder(case: Case) -> None:
    _claim(PREFIX + "in_")
    _init("elicit_method", "points")
    method = _keep("elicit_method", st.radio("Method", list(METHOD_TITLES), format_func=METHOD_TITLES.__getitem__,
                                             key="elicit_method", horizontal=True))
    note(METHOD_HELP[method])
    prefix = PREFIX + "in_"
    variant = "roc"
    inputs_col, result_col = st.columns([1, 1], gap="large")
    with inputs_col:
        if method == "points":
            _, result, problem = _points_inputs(case, prefix, budget=None)
        elif method == "ranking":
            _init("elicit_variant", "roc")
            variant = _keep("elicit_variant", st.radio("Weights from the order", list(el.RANKING_VARIANTS), key="elicit_variant",
                                                       format_func=lambda v: el.RANKING_VARIANTS[v].capitalize(), horizontal=True))
            _, result, problem = _ranking_inputs(case, prefix, variant)
        elif method == "swing":
            _, result, problem = _swing_inputs(case, prefix)
        else:
            _, result, problem = _pairwise_inputs(case, prefix)
    with result_col:
        if problem:
            st.info(md(problem))
        if result is None:
            st.markdown("The weights and the ranking they give appear here once the inputs are complete.")
        else:
            label = elicitation_text.method_label(result.method, result.variant)
            st.session_state.setdefault(LAST_KEY, {})[current_case_key()] = {"label": f"the {label} inputs above",
                                                                             "weights": dict(result.weights)}
            st.header("The weights")
            report_table(elicitation_text.elicited_weights_table(case, result), caption=f"Weights by {label}")
    if result is not None:
        st.header("The ranking they give")
        show_chart(ranking_chart(Appraisal(case), result.vector(case.criterion_ids), f"Weights by {label}"), key="elicit_ranking_chart")
        _save(case, result)
    st.divider()
    render_method_matters(case)


def render_method_matters(case: Case, extra_sources: dict[str, dict[str, float]] | None = None, key: str = "elicit_mm") -> None:
    """Does the method matter? One council's priorities through every method, and the ranking under each.

    ``extra_sources`` adds more priorities to choose from, by label (e.g. a workshop participant's
    weights: ``{"Participant 3 (Breckland)": {criterion id: weight}}``); ``key`` prefixes the widgets.
    """
    st.header("Does the method matter?")
    note("Points and swing weighting keep the weights as they are; a ranking keeps only their order; pairwise comparison "
         "rounds each ratio to Saaty's 1–9 scale. If the first choice changes, the way the weights were asked matters.")
    sources: dict[str, tuple[str, dict[str, float]]] = {}
    last = st.session_state.get(LAST_KEY, {}).get(current_case_key())
    if last:
        sources["__built__"] = (last["label"], dict(last["weights"]))
    for ws in case.weight_sets:
        sources[ws.id] = (ws.name, weights_ui.original(case, ws.id))
    for k, (label, values) in enumerate((extra_sources or {}).items()):
        sources[f"__extra_{k}"] = (label, {c: float(values.get(c, 0.0)) for c in case.criterion_ids})
    source_key = f"{key}_source"
    if st.session_state.get(source_key) not in sources:
        st.session_state.pop(source_key, None)
    choice = st.selectbox("Whose priorities", list(sources), key=source_key,
                          format_func=lambda k: "The weights built above" if k == "__built__" else sources[k][0])
    label, values = sources[choice]
    if sum(values.values()) <= 0:
        st.warning("Every weight in this set is zero, so there is nothing to compare.")
        return
    comparison = compare_methods(case, values, label)
    show_chart(method_weights_chart(comparison), key=f"{key}_chart")
    appraisal = Appraisal(case)
    report_table(elicitation_text.method_ranks_table(comparison, appraisal.option_names, appraisal.status_quo_index),
                 caption="Rank of each option under each method ('=2' marks a shared rank).")
    pw = next((m for m in comparison.methods if m.key == "pairwise"), None)
    if pw is not None and pw.elicited.consistency is not None:
        note(f"Rounding the ratios to Saaty's scale gives a consistency ratio of {pw.elicited.consistency.cr:.2f}.")


def render(case: Case) -> None:
    """The "Build a weight set" tab of the Weights page, then "Does the method matter?"."""
    with st.container(key="elicit_section"):   # CSS class st-key-elicit_section (browser tests, axe)
        st.header("Build a weight set")
        saved = st.session_state.pop(SAVED_KEY, None)
        if saved:
            st.success(md(saved))
        _builder(case)   # draws "Does the method matter?" too, so it follows the inputs as they change
