"""Savings — "what does each council save, when, and who pays?" scenarios and apportionment.

Thin: the settings live in session state (per case), every number comes from appraisal.analysis.savings.
"""

from __future__ import annotations

import math

import streamlit as st

from appraisal import fmt
from appraisal.analysis import savings as sv
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.value_for_money import cost_spec, scenario_effect, value_for_money
from appraisal.case.model import Case
from appraisal.case.savings_schema import BASIS_NAMES, LIKELIHOODS
from appraisal.errors import CaseError
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.report import savings as savings_report
from appraisal.report import value_for_money as vfm_report
from appraisal.report.figures.savings import cumulative_chart, phase_chart, waterfall_chart
from appraisal.report.figures.value_for_money import value_for_money_chart
from appraisal.store.errors import StoreError
from ui.cases import (
    ChangeRefused,
    change_problem,
    choose_case,
    current_case,
    current_case_key,
    replace_current,
    shipped_case,
    shipped_cases,
)
from ui.components import presentation
from ui.components import weight_sliders as weights
from ui.components.charts import report_table, show_chart
from ui.components.layout import case_banner, source_note
from ui.components.text import md, note

STATE = "sav_settings"       # {case key: {scenario, key, High, Medium, Low, on_cost_on, on_cost, discount, exit}}
OWN_KEYS = "__own__"         # the key choice "each line's own key"
EDITED_ID, EDITED_NAME = "edited", "Edited in this session"
MONEY = ["Gross saving", "One-off costs", "Net saving", "Net present value", "Difference from equal shares",
         "Amount", "Delivered by these lines (full year)", "Still to find"]


def cases_with_savings() -> dict[str, str]:
    """Shipped cases that have a savings section: case key → title."""
    out = {}
    for key in shipped_cases():
        try:
            case = shipped_case(key)
        except Exception:  # noqa: BLE001 - a broken file elsewhere must not break this page
            continue
        if case.savings is not None:
            out[key] = case.title
    return out


def open_case(key: str) -> None:
    choose_case(key)


def defaults(case: Case) -> dict[str, object]:
    s = case.savings
    assert s is not None
    scenario = s.scenario(s.default_scenario_id)
    posts = [p for line in s.posts for p in (*line.current, *line.shared)]
    typical = round(sum(p.on_cost for p in posts) / len(posts)) if posts else 25
    return {"scenario": scenario.id, "key": OWN_KEYS, **{lk: float(scenario.likelihood.get(lk, 0.0)) for lk in LIKELIHOODS},
            "on_cost_on": False, "on_cost": float(typical), "discount": float(s.discount_rate), "exit": scenario.include_exit}


def state(case: Case) -> dict[str, object]:
    """Durable settings for the open case; widget keys are (re)filled from them when missing."""
    saved = st.session_state.setdefault(STATE, {}).setdefault(current_case_key(), defaults(case))
    for name, value in saved.items():
        st.session_state.setdefault(f"sav_{name}", value)
    return saved


def remember() -> None:
    saved = st.session_state.setdefault(STATE, {}).setdefault(current_case_key(), {})
    for name in list(saved):
        if f"sav_{name}" in st.session_state:
            saved[name] = st.session_state[f"sav_{name}"]


def scenario_changed(case: Case) -> None:
    """A new scenario brings its own likelihood percentages to the sliders."""
    scenario = case.savings.scenario(st.session_state["sav_scenario"])  # type: ignore[union-attr]
    for lk in LIKELIHOODS:
        st.session_state[f"sav_{lk}"] = float(scenario.likelihood.get(lk, 0.0))
    st.session_state["sav_exit"] = scenario.include_exit
    remember()


def reset(case: Case) -> None:
    st.session_state.setdefault(STATE, {})[current_case_key()] = defaults(case)
    for name, value in defaults(case).items():
        st.session_state[f"sav_{name}"] = value


def keep_scenario(case: Case) -> None:
    """The slider percentages become a named scenario of the open case: a new version, for every device."""
    data = case_to_mapping(case)
    base = case.savings.scenario(st.session_state["sav_scenario"]).name  # type: ignore[union-attr]
    scenario = {"id": EDITED_ID, "name": EDITED_NAME, "include_exit": bool(st.session_state["sav_exit"]),
                "likelihood": {lk: float(st.session_state[f"sav_{lk}"]) for lk in LIKELIHOODS},
                "note": f"Edited on the Savings page, starting from the {base} scenario."}
    data["savings"]["scenarios"] = [sc for sc in data["savings"]["scenarios"] if sc["id"] != EDITED_ID] + [scenario]
    try:
        replace_current(case_from_mapping(data, "edited case"), what="savings scenario kept from the Savings page")
    except (CaseError, StoreError, ChangeRefused) as exc:
        st.session_state["_sav_keep_error"] = change_problem(exc)
        return
    st.session_state["sav_scenario"] = EDITED_ID
    remember()


def money_table(df, caption: str) -> None:  # noqa: ANN001
    report_table(savings_report.money_columns(df, MONEY), caption)


def savings_and_ranking(case: Case, settings: sv.Settings) -> None:
    """Criteria scored from the savings model: the ranking under the page's settings (scenario, likelihood
    percentages, on-cost, discount rate, exit costs) against the default scenario, and each option's benefit
    against its net cost (value for money)."""
    s = case.savings
    assert s is not None
    if cost_spec(case) is None:
        return
    st.header("Savings and the ranking")
    set_id = weights.set_picker(case, key="sav_set_picker", label="Weights for the ranking")
    w = weights.current_vector(case, set_id)
    if w.sum() <= 0:
        st.warning("Every weight is zero, so no option can be ranked. Move at least one slider above zero on the Ranking page.")
        return
    names = {sc.id: sc.name for sc in s.scenarios}
    scenario_id, base = settings.scenario, s.default_scenario_id
    effect = scenario_effect(case, w, scenario_id, base, settings=settings)
    appraisal = Appraisal(case, savings_settings=settings)
    if effect is not None:
        st.markdown(md(vfm_report.scenario_effect_sentence(effect, appraisal.option_names, names[scenario_id], names[base])))
        report_table(vfm_report.scenario_effect_table(effect, appraisal, names[scenario_id], names[base]),
                     f"Figures from the savings model and ranks under {weights.shown_name(case, set_id)} "
                     f"({names[base]}: the case's own settings)")
    vfm = value_for_money(appraisal, w)
    if vfm is not None:
        show_chart(value_for_money_chart(vfm, appraisal), key="sav_vfm_chart")
        note(vfm_report.value_for_money_note(vfm, appraisal, names[scenario_id],
                                             adjusted=effect is not None and effect.adjusted))


case = current_case()
st.title("Savings")
case_banner(case)

if case.savings is None:
    st.info(md(f"The case '{case.title}' has no savings section, so there are no savings, one-off costs or "
               "apportionment between councils to show. Savings are entered in the case file's savings: section "
               "(see docs/savings.md)."), icon=":material/info:")
    others = {k: t for k, t in cases_with_savings().items() if k != current_case_key()}
    for key, title in others.items():
        st.button(f"Open {md(title)}", key=f"sav_open_{key}", on_click=open_case, args=(key,),
                  type="primary")
    if others:
        note("Or choose a case in the sidebar: every case in the data folder is listed there.")
    st.stop()



@st.fragment
def live_savings() -> None:
    """Every control and every figure it drives: one change redraws them all, and only them."""
    case = current_case()
    s = case.savings
    assert s is not None
    saved = state(case)
    scenario_ids = [sc.id for sc in s.scenarios]
    key_choices = [OWN_KEYS, *[k.id for k in s.all_keys]]
    key_names = {OWN_KEYS: "Each line's own key (as agreed)", **{k.id: k.name for k in s.all_keys}}
    # On the projector (presentation mode) the settings fold away; the figures stay.
    holder = st.expander("Settings", expanded=False) if presentation.is_on() else st.container(border=True)
    with holder:
        if not presentation.is_on():
            st.header("Settings")
        # The first column is the widest: apportionment keys have long names ("Equal shares (50:50)").
        a, b, c = st.columns([1.5, 1, 1], gap="large")
        with a:
            # A selectbox's options are plain text (not Markdown): names go in as typed, never md()-escaped.
            st.selectbox("Scenario", scenario_ids, format_func=lambda i: s.scenario(i).name, key="sav_scenario",
                         on_change=scenario_changed, args=(case,))
            st.selectbox("Apportionment key", key_choices, format_func=lambda i: key_names[i], key="sav_key",
                         on_change=remember, help="Apply one key to every line and one-off cost, or keep each line's own.")
        with b:
            top = max([30.0, *(float(v) for sc in s.scenarios for v in sc.likelihood.values())])
            top = min(100.0, 10.0 * math.ceil(top / 10.0))
            for lk in LIKELIHOODS:
                st.slider(f"{lk} likelihood: saving (%)", 0.0, top, step=0.5, key=f"sav_{lk}",
                          help=f"The percentage of a service's current cost saved where the likelihood is {lk}.",
                          on_change=remember, format="%.1f %%")
        with c:
            st.toggle("One on-cost rate", key="sav_on_cost_on", on_change=remember,
                      help="On: use one on-cost rate (employer's pension and National Insurance) for every post. "
                      "Off: each post's own rate from the case.")
            if st.session_state.get("sav_on_cost_on"):
                st.slider("On-cost rate for every post (%)", 0.0, 60.0, step=1.0, key="sav_on_cost", on_change=remember,
                          format="%.0f %%")
            st.number_input("Discount rate (%)", 0.0, 20.0, step=0.5, key="sav_discount", on_change=remember,
                            help="HM Treasury Green Book: 3.5 %.")
            st.checkbox("Exit costs", key="sav_exit", on_change=remember,
                        help="Include the one-off costs of one council withdrawing.")
            st.button("Reset", key="sav_reset", help="Back to the case's own figures.", on_click=reset, args=(case,))
            st.button("Keep as a scenario", key="sav_keep", on_click=keep_scenario, args=(case,),
                      help="Add these percentages to the case as the scenario "
                      f"'{EDITED_NAME}': a new version, for every device (the History page lists it).")
            problem = st.session_state.pop("_sav_keep_error", None)
            if problem:
                st.error(problem)

    key = st.session_state["sav_key"]
    settings = sv.settings_for(
        case, st.session_state["sav_scenario"], None if key == OWN_KEYS else key,
        likelihood={lk: float(st.session_state[f"sav_{lk}"]) for lk in LIKELIHOODS},
        on_cost=float(st.session_state.get("sav_on_cost", saved["on_cost"])) if st.session_state["sav_on_cost_on"] else None,
        discount_rate=float(st.session_state["sav_discount"]), include_exit=bool(st.session_state["sav_exit"]),
    )
    res = sv.compute(case, settings)
    st.markdown(f"## {md(savings_report.headline(res))}")
    summary = savings_report.summary_table(res)
    cols = st.columns(len(res.labels))
    for col, (_, row) in zip(cols, summary.iterrows()):
        col.metric(md(row["Council"]) + " — net saving", fmt.money(row["Net saving"]),
                   help=f"NPV {fmt.money(row['Net present value'])}; payback {row['Payback year']}")
    money_table(summary, savings_report.summary_caption(res))

    in_use = key_names[key]
    warnings = sv.subsidy_warnings(res, in_use)
    if warnings:
        st.warning(md(savings_report.subsidy_summary(warnings, in_use)), icon=":material/warning:")
        report_table(savings_report.subsidy_table(warnings), f"The lines concerned under {in_use}")

    show_chart(phase_chart(res), key="sav_phase_chart")
    show_chart(cumulative_chart(res), key="sav_cumulative_chart")
    who = st.radio("Waterfall for", ["both", *range(len(res.councils))], horizontal=True, key="sav_waterfall_for",
                   format_func=lambda i: sv.BOTH if i == "both" else md(res.council_names[i]))
    show_chart(waterfall_chart(res, None if who == "both" else int(who)), key="sav_waterfall_chart")

    savings_and_ranking(case, settings)

    st.header("The report's figures, regenerated")
    checks = sv.published_checks(case, settings)
    if checks:
        note(savings_report.published_summary(checks))
        report_table(savings_report.published_table(case, settings))
    else:
        note("The case records no published figures to check against.")
    budget = savings_report.budget_table(case, res)
    if not budget.empty:
        for sentence in savings_report.budget_notes(budget):
            note(sentence)
        money_table(budget, "Savings already in the budget")

    st.header("Who pays: every apportionment key side by side")
    note("Each key applied to every line and one-off cost, with the difference from equal shares. "
         f"The councils' combined saving is the same under every key; only the split changes. Rule: {savings_report.SUBSIDY_RULE}.")
    comparison = savings_report.apportionment_table(case, settings)
    money_table(comparison[["Key", "Council", "Share of shared costs", "Net saving", "Net present value",
                            "Difference from equal shares", "Warnings"]], "Totals over the period, net of one-off costs, £")
    for sentence in savings_report.tolerance_notes(case):
        note(sentence)
    with st.expander("The keys and their data"):
        report_table(savings_report.key_table(case), "Shares in use after the re-set tolerance rule "
                     f"({fmt.number(s.tolerance)} points). {BASIS_NAMES['current_cost'].capitalize()} varies by line.")

    with st.expander("Savings by line (full year)"):
        report_table(savings_report.line_money_table(case, res), "Full-year saving once each line is in place, under the settings "
                     "above; a negative saving means that council pays more than today.")
    with st.expander("Savings by year and council"):
        report_table(savings_report.by_year_money_table(res), "£; present value discounted to the first year")


live_savings()
source_note(case)
if case.savings.note:
    with st.expander("About these savings figures"):
        st.markdown(md(case.savings.note))
