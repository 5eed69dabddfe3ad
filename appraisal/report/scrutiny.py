"""Scrutiny in words: what it would take, and the paragraph a scrutiny chair can read aloud."""

from __future__ import annotations

import numpy as np

from appraisal import fmt
from appraisal.analysis.scrutiny import Scrutiny
from appraisal.analysis.what_it_takes import WhatItTakes


def _target(wit: WhatItTakes, option_names: list[str]) -> str:
    n_others = len(wit.beat)
    everyone = n_others == 0 or n_others == len(option_names) - 1
    return "first" if everyone else "above " + fmt.names_list([option_names[u] for u in wit.beat])


def what_it_takes_sentence(wit: WhatItTakes, option_names: list[str], criterion_names: list[str], max_listed: int = 4) -> str:
    """What it would take, in words: the switching value for the weights as a whole, or why none exists."""
    name = option_names[wit.option]
    target = _target(wit, option_names)
    if wit.already:
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
    change = wit.weights - wit.before
    order = [j for j in np.argsort(-np.abs(change), kind="stable") if abs(change[j]) >= 0.0005]
    parts = [
        f"{criterion_names[j]} {'up' if change[j] > 0 else 'down'} from {fmt.share(wit.before[j])} to {fmt.share(wit.weights[j])}"
        for j in order[:max_listed]
    ]
    rest = len(order) - max_listed
    if rest > 0:
        parts.append(f"{rest} smaller change{'s' if rest > 1 else ''}" if rest > 1 else "one smaller change")
    sentence = (f"The smallest change of weights that would rank {name} {target} moves {fmt.percentage_points(wit.distance / 2)} of weight "
                f"(a total change of {fmt.percentage_points(wit.distance)}): {fmt.names_list(parts)}.")
    if wit.tie_only:
        who = [option_names[u] for u in wit.dominated_by] or ["another option"]
        sentence += (f" Even then {name} would only share first place" + (
            f", because {fmt.names_list(who)} {'scores' if len(who) == 1 else 'each score'} at least as well on every criterion."
            if wit.dominated_by else "."))
    return sentence


def scrutiny_sentences(sc: Scrutiny, option_names: list[str], criterion_names: list[str], status_quo: int | None = None) -> list[str]:
    """The scrutiny paragraph as a list of sentences, each from a number on the Scrutiny screen."""
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
        parts = []
        if behind:
            parts.append(f"{other} gains most on " + fmt.names_list(
                [f"{criterion_names[j]} ({fmt.number(-sc.gap[j])})" for j in behind]))
        if ahead:
            parts.append(f"{name} gains most on " + fmt.names_list(
                [f"{criterion_names[j]} ({fmt.number(sc.gap[j])})" for j in ahead]))
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
            out.append("Switching values for its ratings: a better rating on " + fmt.names_list(
                [f"{criterion_names[j]} (up {fmt.number(need[j], 2)} points on the scale)" for j in enough[:3]])
                + f" alone would bring {name} level with the leader.")
        elif np.isfinite(need).any():
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(np.isfinite(need), room / need, -1.0)
            j = int(np.argmax(ratio))
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
        text = fmt.names_list([f"{criterion_names[j]} would make it {fmt.ordinal(r)}" for j, r in shown])
        extra = f" ({len(movers) - 3} more criteria also change it)" if len(movers) > 3 else ""
        out.append(f"Leaving out single criteria: {text}{extra}; leaving out any other keeps it {fmt.ordinal(sc.rank)}.")

    own = sc.scales[0] if sc.scales else None
    if own is not None and len(sc.scales) > 1:
        changed = [v for v in sc.scales[1:] if int(v.ranks[i]) != int(own.ranks[i])]
        same = [v for v in sc.scales[1:] if int(v.ranks[i]) == int(own.ranks[i]) and not v.affine]
        affine = [v for v in sc.scales[1:] if v.affine]
        bits = []
        if changed:
            bits.append("scoring the labels as " + fmt.names_list(
                [f"{v.name} would make it {fmt.ordinal(int(v.ranks[i]))}" for v in changed]))
        if same:
            bits.append(f"{fmt.names_list([v.name for v in same])} would leave it {fmt.ordinal(sc.rank)}")
        if affine:
            bits.append(f"{fmt.names_list([v.name for v in affine])} {'is' if len(affine) == 1 else 'are'} the same scale "
                        "stretched or shifted, which cannot change any rank")
        out.append("On the numbers behind High, Medium and Low: " + "; ".join(bits) + "."
                   if list(own.values) and len(own.values) == 3 else "Other numbers for the rating labels: " + "; ".join(bits) + ".")
    return out


def scrutiny_paragraph(sc: Scrutiny, option_names: list[str], criterion_names: list[str], status_quo: int | None = None) -> str:
    """A paragraph a scrutiny chair could read aloud: rank, the sets, the gaps, dominance, what it
    would take, leave-one-out and the rating numbers — every figure from :class:`Scrutiny`."""
    return " ".join(scrutiny_sentences(sc, option_names, criterion_names, status_quo))
