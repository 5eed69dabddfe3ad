"""The briefing sequence: five screens, each one chart and one takeaway sentence, built from the engine.

Ranking → the councils' weightings compared → why the status quo ranks where it does → robustness
→ savings and who pays. Pure (no Streamlit): the Briefing page draws one step at a time, the HTML
briefing (:mod:`appraisal.report.html_briefing`) draws them all, and the tests check both against the engine.
Every step reuses the figure builder of its own area, so the briefing never shows a number the
other pages would not. A step whose data the case lacks says so plainly instead of a chart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from appraisal import fmt
from appraisal.analysis.consensus import council_pair
from appraisal.analysis.savings import SavingsUnavailable, compute, settings_for
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.scrutiny import scrutinise
from appraisal.analysis.smaa import smaa
from appraisal.case.model import Case
from appraisal.report.figures.common import Chart, for_projector
from appraisal.report.figures.ranking import ranking_chart
from appraisal.report.figures.savings import cumulative_chart
from appraisal.report.figures.scrutiny import gap_to_leader_chart
from appraisal.report.figures.sensitivity import acceptability_heatmap
from appraisal.report.figures.weights import weights_comparison_chart, weights_projector_chart
from appraisal.report.savings import headline
from appraisal.report.scrutiny import scrutiny_paragraph


@dataclass
class Step:
    """One screen: its title, the chart and its takeaway — or why there is nothing to show."""

    key: str
    title: str
    chart: Chart | None = None
    takeaway: str = ""
    detail: str = ""          # a longer paragraph (read aloud on request; in the HTML briefing)
    missing: str = ""         # set when the case lacks the data for this step
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What the steps share: the case, its arrays and the weight set the briefing is about."""

    case: Case
    appraisal: Appraisal
    set_id: str
    weights: np.ndarray
    weights_name: str


def context(case: Case, set_id: str | None = None, weights: np.ndarray | None = None, weights_name: str | None = None) -> Context:
    """The briefing's weight set: the one given, else the case's joint/consensus set, else the first."""
    appraisal = Appraisal(case)
    ids = appraisal.set_ids
    if set_id is None or set_id not in ids:
        set_id = next((w.id for w in case.weight_sets if w.council is None and "equal" not in w.id), ids[0])
    w = appraisal.weights_of(set_id) if weights is None else np.asarray(weights, dtype=float)
    name = weights_name or case.weight_set(set_id).name
    return Context(case, appraisal, set_id, w, name)


def _ranking(ctx: Context, projector: bool = False) -> Step:
    chart = ranking_chart(ctx.appraisal, ctx.weights, ctx.weights_name, stacked=not projector)
    return Step("ranking", "Ranking", chart, chart.takeaway)


def _weights(ctx: Context, projector: bool = False) -> Step:
    title = "The councils' weightings compared"
    if len(ctx.appraisal.set_ids) < 2:
        return Step("weights", title, missing="This case has a single weight set, so there are no weightings to compare.")

    if projector:
        # The two councils' sets only, as a dot per set on the criteria where they differ most, with a
        # one-sentence takeaway: ten criteria of grouped bars and a three-line sentence do not fit 720 px.
        pair = council_pair(ctx.case, ctx.appraisal.set_ids)
        assert pair is not None   # two sets at least
        chart = weights_projector_chart(ctx.appraisal, *pair)
    else:
        chart = weights_comparison_chart(ctx.appraisal, ctx.appraisal.set_ids)
    return Step("weights", title, chart, chart.takeaway)


def _status_quo(ctx: Context) -> Step:
    title = "Why the status quo ranks where it does"
    sq = ctx.appraisal.status_quo_index
    if sq is None:
        return Step("status_quo", title, missing="This case marks no option as the status quo (business as usual), "
                                                 "so there is no business-as-usual option to explain.")

    chart = gap_to_leader_chart(ctx.appraisal, ctx.weights, sq)
    sc = scrutinise(ctx.appraisal, ctx.weights, sq, ctx.weights_name)
    paragraph = scrutiny_paragraph(sc, ctx.appraisal.option_names, ctx.appraisal.criterion_names, sq, appraisal=ctx.appraisal)
    return Step("status_quo", f"Why {fmt.option_display(ctx.appraisal.option_names[sq], True)} ranks {fmt.rank_words(sc.rank, sc.tied)}",
                chart, chart.takeaway, detail=paragraph)


def _robustness(ctx: Context, smaa_result: object | None = None) -> Step:
    title = "How robust is the ranking?"
    if ctx.appraisal.n_options < 2:
        return Step("robustness", title, missing="With a single option there is no ranking to test.")

    result = smaa_result if smaa_result is not None else smaa(ctx.appraisal.S)
    chart = acceptability_heatmap(ctx.appraisal, result)
    detail = (f"Based on {result.n_samples:,} weightings drawn at random (every weighting equally likely, draw number "
              f"{result.seed}); the same inputs always give the same figures.")
    return Step("robustness", title, chart, chart.takeaway, detail=detail)


def _savings(ctx: Context) -> Step:
    title = "Savings and who pays"
    if ctx.case.savings is None:
        return Step("savings", title, missing="This case has no savings section, so there are no savings or shares of cost to show.")

    try:
        result = compute(ctx.case, settings_for(ctx.case))
    except SavingsUnavailable as exc:
        return Step("savings", title, missing=f"The savings cannot be worked out: {exc}.")
    chart = cumulative_chart(result)
    return Step("savings", title, chart, chart.takeaway, detail=headline(result))


BUILDERS: list[tuple[str, str, Callable[..., Step]]] = [
    ("ranking", "Ranking", _ranking),
    ("weights", "The councils' weightings compared", _weights),
    ("status_quo", "Why the status quo ranks where it does", _status_quo),
    ("robustness", "Robustness", _robustness),
    ("savings", "Savings and who pays", _savings),
]
STEP_TITLES = [title for _, title, _ in BUILDERS]


# Where each screen's legend goes on a projector: beside the plot (many entries, one a line) or
# above it (a few, in a row), so the bars keep the height.
PROJECTOR_LEGEND = {"ranking": None, "weights": None, "status_quo": None, "robustness": None, "savings": "top"}


def build_step(ctx: Context, index: int, smaa_result: object | None = None, projector: bool = False) -> Step:
    """The ``index``-th screen (0-based) — only that one is computed.

    ``projector``: the chart sized for presentation mode (:func:`figures.common.for_projector`):
    text enlarged with the body text, and a height that fits a 1280×720 screen with the title,
    the warning and the takeaway.
    """
    key, _, builder = BUILDERS[index]
    step = builder(ctx, smaa_result) if key == "robustness" else builder(ctx, projector) if key in ("ranking", "weights") else builder(ctx)
    if projector and step.chart is not None:
        fig = step.chart.figure
        step.chart = replace(step.chart, figure=for_projector(fig, legend=PROJECTOR_LEGEND[key]))
    return step


def all_steps(ctx: Context, smaa_result: object | None = None) -> list[Step]:
    return [build_step(ctx, i, smaa_result) for i in range(len(BUILDERS))]
