"""Sensitivity to the measured scales, in words and a table: other value functions and ranges."""

from __future__ import annotations

import pandas as pd

from appraisal import fmt
from appraisal.analysis.scale_sensitivity import SHIFT, ScaleVariant
from appraisal.analysis.scoring import Appraisal
from appraisal.report.measured import raw_text


def variant_name(v: ScaleVariant, shift: float = SHIFT) -> str:
    """'Straight line', 'The alternative stated in the case', 'Low end 20 % lower (−£2,400k)'."""
    pct = fmt.percent(100 * shift)
    scale = v.scale
    if v.kind == "linear":
        return "Straight line between the ends"
    if v.kind == "alternative":
        return "The alternative stated in the case"
    end, value = ("Low", scale.low) if v.kind.startswith("low") else ("High", scale.high)
    way = "lower" if v.kind.endswith("minus") else "higher"
    return f"{end} end {pct} of the range {way} ({raw_text(scale, value, bare=True)})"


def _leaders(v: ScaleVariant, option_names: list[str]) -> str:
    return fmt.names_list([option_names[i] for i in v.leaders])


def scale_sensitivity_table(variants: list[ScaleVariant], appraisal: Appraisal, option: int | None = None) -> pd.DataFrame:
    """A variant a row: the criterion, the variant, the leader under it, whether the leader (and any rank)
    changes, and — with ``option`` — that option's rank."""
    data: dict[str, list[str]] = {
        "Criterion": [appraisal.criterion_names[v.criterion] for v in variants],
        "Scale tried": [variant_name(v) for v in variants],
        "Leader": [_leaders(v, appraisal.option_names) for v in variants],
        "Leader changes": ["yes" if v.leader_changes else "no" for v in variants],
        "Any rank changes": ["yes" if v.order_changes else "no" for v in variants],
    }
    if option is not None:
        data[f"Rank of {appraisal.option_names[option]}"] = [
            fmt.rank_words(int(v.ranks[option]), int((v.ranks == v.ranks[option]).sum()) > 1) for v in variants]
    return pd.DataFrame(data)


def scale_sensitivity_sentence(variants: list[ScaleVariant], appraisal: Appraisal, leaders_now: list[int], shift: float = SHIFT) -> str:
    """One sentence: whether the leader changes when the value functions or ranges are drawn otherwise."""
    if not variants:
        return "No criterion is measured on a scale of its own, so there is no value function or range to try."
    now = fmt.names_list([appraisal.option_names[i] for i in leaders_now])
    criteria = {v.criterion for v in variants}
    tried = (f"{len(variants)} other value functions and ranges for {len(criteria)} measured "
             f"criteri{'on' if len(criteria) == 1 else 'a'} (a straight line, the stated alternative, each end moved "
             f"{fmt.percent(100 * shift)} of the range)")
    changed = [v for v in variants if v.leader_changes]
    verb = "leads" if len(leaders_now) == 1 else "share the lead"
    if not changed:
        return f"{now} {verb} under all {tried}: the leader does not depend on how these scales are drawn."
    shown = [f"with {appraisal.criterion_names[v.criterion]}'s {variant_name(v, shift)[0].lower()}{variant_name(v, shift)[1:]}, "
             f"{_leaders(v, appraisal.option_names)} {'leads' if len(v.leaders) == 1 else 'share the lead'}" for v in changed[:3]]
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    return (f"The leader changes in {len(changed)} of {len(variants)} variants tried ({tried}): "
            f"{fmt.names_list(shown)}{more}; otherwise {now} {verb}.")
