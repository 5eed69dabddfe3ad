"""Scrutiny in words and tables: what it would take, the paragraph a scrutiny chair can read aloud, and the
Scrutiny page's tables (ranks by weight set, dominance, leave one out, other rating numbers, rating switching values)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.scrutiny import Scrutiny
from appraisal.analysis.sensitivity import Array, ScaleVariant
from appraisal.analysis.what_it_takes import WhatItTakes
from appraisal.report.measured import raw_for_value, raw_pairs, raw_text


def _target(wit: WhatItTakes, option_names: list[str]) -> str:
    n_others = len(wit.beat)
    everyone = n_others == 0 or n_others == len(option_names) - 1
    return "first" if everyone else "above " + fmt.names_list([option_names[u] for u in wit.beat])


def _changes(wit: WhatItTakes, weights: np.ndarray, criterion_names: list[str], max_listed: int) -> str:
    """'Finance up from 13 % to 20 %, Place down from … and 2 smaller changes'."""
    change = weights - wit.before
    order = [j for j in np.argsort(-np.abs(change), kind="stable") if abs(change[j]) >= 0.0005]
    # Whole per cents, unless that would print "from 33 % to 33 %".
    places = 0 if all(fmt.share(wit.before[j]) != fmt.share(weights[j]) for j in order[:max_listed]) else 1
    parts = [
        f"{criterion_names[j]} {'up' if change[j] > 0 else 'down'} from {fmt.share(wit.before[j], places)} "
        f"to {fmt.share(weights[j], places)}"
        for j in order[:max_listed]
    ]
    rest = len(order) - max_listed
    if rest > 0:
        parts.append(f"{rest} smaller changes" if rest > 1 else "one smaller change")
    return fmt.names_list(parts)


def clear_lead_words(wit: WhatItTakes) -> str:
    """'at least 1 % of the highest possible total' — the lead asked of a clear first place."""
    return f"at least {fmt.share(wit.lead_share)} of the highest possible total"


def what_it_takes_sentence(wit: WhatItTakes, option_names: list[str], criterion_names: list[str], max_listed: int = 4) -> str:
    """What it would take, in words: the switching value for the weights as a whole, or why none exists.

    Where the smallest change only draws level, it says "level first with …" naming every option tied
    at those weights, and then the smallest change that puts the option first on its own by a stated
    lead (:func:`clear_lead_words`), or why no weighting can."""
    name = option_names[wit.option]
    target = _target(wit, option_names)
    everyone = target == "first"
    rivals = "every other option" if everyone else fmt.names_list([option_names[u] for u in wit.beat])
    alone = "first on its own" if everyone else target
    tied = [option_names[u] for u in wit.tied_with]
    if wit.already and not tied:
        return f"{name} already ranks {target} under these weights; no change is needed."
    if not wit.feasible:
        blockers = [option_names[u] for u in wit.blockers]
        if not wit.mix:
            verb = "scores" if len(blockers) == 1 else "each score"
            return (f"No weighting can rank {name} {target}: {fmt.names_list(blockers)} {verb} higher than {name} "
                    "on every criterion, so whatever the weights it stays behind.")
        return (f"No weighting can rank {name} {target}: whatever the weights, at least one of "
                f"{fmt.names_list(blockers).replace(' and ', ' or ')} scores higher, because a mix of them beats {name} "
                "on every criterion.")
    assert wit.weights is not None and wit.distance is not None
    level = f"level {'first ' if everyone else ''}with {fmt.names_list(tied)}"
    if wit.already:
        sentence = f"{name} already ranks {level} under these weights."
    else:
        goal = f"bring {name} {level}" if tied else f"rank {name} {target}"
        sentence = (f"The smallest change of weights that would {goal} moves {fmt.percentage_points(wit.distance / 2)} of weight "
                    f"(a total change of {fmt.percentage_points(wit.distance)}): "
                    f"{_changes(wit, wit.weights, criterion_names, max_listed)}.")
    if wit.clear_weights is not None and wit.clear_distance is not None:
        if wit.clear_weights is not wit.weights:
            sentence += (f" To put {name} {alone}, ahead of {rivals} by {clear_lead_words(wit)}, takes "
                         f"{fmt.percentage_points(wit.clear_distance / 2)} of weight (a total change of "
                         f"{fmt.percentage_points(wit.clear_distance)}): {_changes(wit, wit.clear_weights, criterion_names, max_listed)}.")
        return sentence
    if wit.dominated_by:
        who = [option_names[u] for u in wit.dominated_by]
        sentence += (f" No weighting can put {name} {alone}: {fmt.names_list(who)} "
                     f"{'scores' if len(who) == 1 else 'each score'} at least as well on every criterion, "
                     f"so at best it would only share first place.")
    elif wit.tie_only or not wit.clear_best_lead or wit.clear_best_lead <= 0:
        who = tied or [option_names[u] for u in wit.beat]
        sentence += (f" No weighting can put {name} {alone}: whatever the weights, "
                     f"{'it' if len(who) == 1 else 'at least one of ' + fmt.names_list(who).replace(' and ', ' or ')} "
                     f"scores at least as well, so at best {name} would only share first place.")
    else:
        best = wit.clear_best_lead * wit.lead_share / wit.lead if wit.lead > 0 else 0.0
        sentence += (f" No weighting puts {name} ahead of {rivals} by {clear_lead_words(wit)}: "
                     f"the most any weighting gives it is a lead of {fmt.share(best, 1)} of the highest possible total.")
    return sentence


def _variant_rank(v: ScaleVariant, option: int) -> str:
    """The option's rank under other numbers for the labels, 'joint 3rd' where it shares it."""
    r = int(v.ranks[option])
    return fmt.rank_words(r, int((v.ranks == r).sum()) > 1)


def _loo_rank(sc: Scrutiny, j: int) -> str:
    """The option's rank with criterion ``j`` left out, 'joint 3rd' where it shares it."""
    r = sc.loo_ranks[j]
    if not np.isfinite(r):
        return "–"
    return fmt.rank_words(int(r), bool(sc.loo_tied[j]) if sc.loo_tied.size else False)


def _rating_rise(appraisal: Appraisal | None, j: int, option: int, need: float) -> str:
    """'up 0.5 points on the scale', or for a measured criterion the raw value it would need:
    'from £120k a year to £80k a year'."""
    if appraisal is not None and appraisal.scales[j].measured:
        scale = appraisal.scales[j]
        target = raw_for_value(scale, float(appraisal.S[option, j]) + float(need))
        if target is not None:
            return f"from {raw_text(scale, float(appraisal.raw[option, j]), bare=True)} to {raw_text(scale, target, bare=True)}"
    return f"up {fmt.number(need, 2)} points on the scale"


def scrutiny_sentences(sc: Scrutiny, option_names: list[str], criterion_names: list[str], status_quo: int | None = None,
                       *, appraisal: Appraisal | None = None) -> list[str]:
    """The scrutiny paragraph as a list of sentences, each from a number on the Scrutiny screen.

    ``appraisal``: the case's arrays, so a measured criterion is named with its raw values and units
    ("Cost (12.5; £120k a year against £80k)"); label criteria read the same either way."""
    i = sc.option
    name = option_names[i]
    n = len(option_names)
    label = name + (" (the business-as-usual option)" if status_quo == i else "")
    other = option_names[sc.compare_to]
    diff = float(sc.totals[i] - sc.totals[sc.compare_to])
    out = []
    rank_text = fmt.rank_words(sc.rank, sc.tied)
    if sc.compare_to == i:
        out.append(f"Under {sc.weights_name}, {label} ranks {rank_text} of {n}.")
    elif sc.rank == 1:
        lead = f"{fmt.number(diff)} points ahead of {other}" if diff > 0 else f"level with {other}"
        out.append(f"Under {sc.weights_name}, {label} ranks {rank_text} of {n} with {fmt.number(sc.totals[i])} points, {lead}.")
    else:
        out.append(f"Under {sc.weights_name}, {label} ranks {rank_text} of {n} with {fmt.number(sc.totals[i])} points, "
                   f"{fmt.number(-diff)} behind the leader, {other}.")

    ranks = {(r, t) for _, r, t in sc.set_ranks}
    if len(sc.set_ranks) > 1 and len(ranks) == 1:
        r, t = next(iter(ranks))
        out.append(f"It ranks {fmt.rank_words(r, t)} under every weight set of the case, equal weights included.")
    elif sc.set_ranks:
        out.append("By weight set it ranks " + fmt.names_list([f"{fmt.rank_words(r, t)} under {s}" for s, r, t in sc.set_ranks]) + ".")

    if sc.compare_to != i:
        behind = [j for j in np.argsort(sc.gap, kind="stable") if sc.gap[j] < 0][:3]
        ahead = [j for j in np.argsort(-sc.gap, kind="stable") if sc.gap[j] > 0][:3]
        versus = "the leader" if sc.rank != 1 else "the runner-up"
        pairs = raw_pairs(appraisal, i, sc.compare_to) if appraisal is not None else {}
        reversed_pairs = raw_pairs(appraisal, sc.compare_to, i) if appraisal is not None else {}
        parts = []
        if behind:
            parts.append(f"{other} gains most on " + fmt.names_list(
                [f"{criterion_names[j]} ({fmt.number(-sc.gap[j])}"
                 + (f"; {reversed_pairs[j]}" if j in reversed_pairs else "") + ")" for j in behind]))
        if ahead:
            parts.append(f"{name} gains most on " + fmt.names_list(
                [f"{criterion_names[j]} ({fmt.number(sc.gap[j])}" + (f"; {pairs[j]}" if j in pairs else "") + ")"
                 for j in ahead]))
        if parts:
            out.append(f"Against {versus}, weighted points per criterion: " + "; ".join(parts) + ".")
        else:
            out.append(f"{name} and {other} score the same on every criterion.")

    if sc.dominated_by:
        who = [option_names[a] for a in sc.dominated_by]
        verb = "scores" if len(who) == 1 else "each score"
        out.append(f"{fmt.names_list(who)} {verb} at least as well as {name} on every criterion and better on at least one, "
                   f"so no weighting can rank {name} above {'it' if len(who) == 1 else 'them'}.")
    elif sc.dominates:
        out.append(f"{name} scores at least as well as {fmt.names_list([option_names[b] for b in sc.dominates])} on every criterion.")
    else:
        out.append(f"No option dominates {name} (none is at least as good on every criterion), and {name} dominates none.")

    out.append(what_it_takes_sentence(sc.what_it_takes, option_names, criterion_names))

    need, room = sc.rating_switch, sc.headroom
    if sc.rank != 1 and need.size:
        enough = [j for j in np.argsort(need, kind="stable") if np.isfinite(need[j]) and need[j] <= room[j] + 1e-9]
        if enough:
            out.append("Switching values for its ratings (how far one rating must rise to draw level with the leader): "
                       "a better rating on " + fmt.names_list(
                [f"{criterion_names[j]} ({_rating_rise(appraisal, j, i, need[j])})" for j in enough[:3]])
                + f" alone would bring {name} level with the leader.")
        elif np.isfinite(need).any():
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(np.isfinite(need), room / need, -1.0)
            j = int(np.argmax(ratio))
            if appraisal is not None and appraisal.scales[j].measured:
                scale = appraisal.scales[j]
                out.append(f"No single rating change could bring {name} level with the leader: the nearest is "
                           f"{criterion_names[j]}, where its value would need to rise by {fmt.number(need[j], 2)} points "
                           f"but even the best stated value, {raw_text(scale, scale.best, bare=True)} against its "
                           f"{raw_text(scale, float(appraisal.raw[i, j]), bare=True)}, leaves room for only {fmt.number(room[j], 2)}.")
            else:
                out.append(f"No single rating change could bring {name} level with the leader: the nearest is "
                           f"{criterion_names[j]}, where its score would need to rise by {fmt.number(need[j], 2)} points "
                           f"but the scale leaves room for only {fmt.number(room[j], 2)}.")

    loo = sc.loo_ranks
    movers = [(j, int(r)) for j, r in enumerate(loo) if np.isfinite(r) and int(r) != sc.rank]
    if not np.isfinite(loo).any():
        out.append("Only one criterion carries weight, so leaving it out would leave nothing to rank.")
    elif not movers:
        out.append("Leaving out any one criterion would not change its rank.")
    else:
        shown = movers[:3]
        text = fmt.names_list([f"{criterion_names[j]} would make it {_loo_rank(sc, j)}" for j, _ in shown])
        extra = f" ({len(movers) - 3} more criteria also change it)" if len(movers) > 3 else ""
        out.append(f"Leaving out single criteria: {text}{extra}; leaving out any other keeps it {fmt.rank_words(sc.rank, sc.tied)}.")

    own = sc.scales[0] if sc.scales else None
    labels_used = appraisal is None or any(not scale.measured for scale in appraisal.scales)
    if own is not None and len(sc.scales) > 1 and labels_used:
        changed = [v for v in sc.scales[1:] if int(v.ranks[i]) != int(own.ranks[i])]
        same = [v for v in sc.scales[1:] if int(v.ranks[i]) == int(own.ranks[i]) and not v.affine]
        affine = [v for v in sc.scales[1:] if v.affine]
        bits = []
        if changed:
            bits.append("scoring the labels as " + fmt.names_list(
                [f"{v.name} would make it {_variant_rank(v, i)}" for v in changed]))
        if same:
            bits.append(f"{fmt.names_list([v.name for v in same])} would leave it {fmt.rank_words(sc.rank, sc.tied)}")
        if affine:
            bits.append(f"{fmt.names_list([v.name for v in affine])} {'is' if len(affine) == 1 else 'are'} the same scale "
                        "stretched or shifted, which cannot change any rank")
        out.append("On the numbers behind High, Medium and Low: " + "; ".join(bits) + "."
                   if list(own.values) and len(own.values) == 3 else "Other numbers for the rating labels: " + "; ".join(bits) + ".")
    return out


def scrutiny_paragraph(sc: Scrutiny, option_names: list[str], criterion_names: list[str], status_quo: int | None = None,
                       *, appraisal: Appraisal | None = None) -> str:
    """A paragraph a scrutiny chair could read aloud: rank, the sets, the gaps, dominance, what it
    would take, leave-one-out and the rating numbers — every figure from :class:`Scrutiny`
    (``appraisal``: measured criteria named with their raw values, as :func:`scrutiny_sentences`)."""
    return " ".join(scrutiny_sentences(sc, option_names, criterion_names, status_quo, appraisal=appraisal))


# The Scrutiny page's tables and sentences ---------------------------------------------------------

def set_ranks_table(sc: Scrutiny, option_label: str, current_name: str | None = None) -> pd.DataFrame:
    """The option's rank under every weight set of the case (equal weights included).

    ``current_name``: weights in use that are not one of the case's sets (edited sliders) — a first
    row with the rank under ``sc``'s own weights.
    """
    rows = [(s, fmt.rank_words(r, t)) for s, r, t in sc.set_ranks]
    if current_name is not None:
        rows.insert(0, (current_name, fmt.rank_words(sc.rank, sc.tied)))
    return pd.DataFrame(rows, columns=["Weights", f"Rank of {option_label}"])


def dominance_sentences(sc: Scrutiny, option_names: list[str]) -> list[str]:
    """Who scores at least as well as the option on every criterion, and whom it does (one or two sentences)."""
    name = option_names[sc.option]
    out = []
    if sc.dominated_by:
        one = len(sc.dominated_by) == 1
        out.append(f"{fmt.names_list([option_names[a] for a in sc.dominated_by])} {'scores' if one else 'each score'} at least "
                   f"as well as {name} on every criterion: no weighting can rank it above {'that option' if one else 'them'}.")
    else:
        out.append(f"No option scores at least as well as {name} on every criterion.")
    if sc.dominates:
        out.append(f"{name} scores at least as well as {fmt.names_list([option_names[b] for b in sc.dominates])} on every criterion.")
    return out


def leave_one_out_table(sc: Scrutiny, criterion_names: list[str]) -> pd.DataFrame:
    """The option's rank with each criterion left out in turn, and the move from its rank now."""
    def change(r: float) -> str:
        if not np.isfinite(r):
            return "no weight left"
        if int(r) == sc.rank:
            return "same"
        return f"{'up' if r < sc.rank else 'down'} {abs(int(r) - sc.rank)}"

    return pd.DataFrame({
        "Criterion left out": criterion_names,
        "Rank": [_loo_rank(sc, j) for j in range(len(sc.loo_ranks))],
        "Change": [change(r) for r in sc.loo_ranks],
    })


def leave_one_out_caption(sc: Scrutiny) -> str:
    """'Now 3rd with every criterion counted.'"""
    return f"Now {fmt.rank_words(sc.rank, sc.tied)} with every criterion counted."


def scales_table(sc: Scrutiny) -> pd.DataFrame:
    """The option's rank under other numbers for the rating labels, and whether any option's rank changes."""
    return pd.DataFrame({
        "Numbers": [v.name for v in sc.scales],
        "Rank": [_variant_rank(v, sc.option) for v in sc.scales],
        "Any option's rank changes": ["cannot (same scale stretched or shifted)" if v.affine else ("yes" if v.changes_ranks else "no")
                                      for v in sc.scales],
    })


def rating_switch_table(sc: Scrutiny, criterion_names: list[str], scores: Array, appraisal: Appraisal | None = None) -> pd.DataFrame:
    """Switching values for the option's ratings: the rise in one score that draws level with the leader,
    against the room left on the rating scale. ``scores``: the option's scores now (a row of ``Appraisal.S``);
    with ``appraisal``, a measured criterion's score shows its raw value too ("62.5 (£120k a year)")."""
    measured = {} if appraisal is None else {j: raw_text(scale, float(appraisal.raw[sc.option, j]))
                                              for j, scale in enumerate(appraisal.scales) if scale.measured}
    return pd.DataFrame({
        "Criterion": criterion_names,
        **({"Measured now": [measured.get(j, "") for j in range(len(criterion_names))]} if measured else {}),
        "Score now": [fmt.number(v, 2) for v in scores],
        "Rise needed to draw level": ["no weight" if not np.isfinite(v) else fmt.number(v, 2) for v in sc.rating_switch],
        "Room on the scale": [fmt.number(v, 2) for v in sc.headroom],
        "Enough?": ["yes" if np.isfinite(v) and v <= r + 1e-9 else "no" for v, r in zip(sc.rating_switch, sc.headroom)],
    })
