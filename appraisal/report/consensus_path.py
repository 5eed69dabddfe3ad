"""The consensus path in words and report tables."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import pandas as pd

from appraisal import fmt
from appraisal.analysis.consensus_path import ConsensusPath, PathLocation, Swap
from appraisal.analysis.scoring import Appraisal


def weights_phrase(name: str) -> str:
    """"South Holland cabinet" → "South Holland cabinet's weights"; "Equal weights" stays as it is;
    any other name → "the Joint consensus weights"."""
    words = name.strip()
    last = words.lower().split()[-1]
    if last in {"weights", "weighting", "weightings", "set", "blend"}:
        return words
    if last in {"cabinet", "council", "panel", "committee", "group", "meeting", "board"}:
        return words + "'s weights"
    return f"the {words} weights"


def lam_text(lam: float) -> str:
    """λ as a share of the way: '85 %', or one decimal place where whole percent would read 0 or 100."""
    text = fmt.share(lam)
    if text in ("0 %", "100 %") and 0 < lam < 1:
        text = fmt.share(lam, 1) if 0.001 <= lam <= 0.999 else fmt.share(lam, 2)
    return text


def _display(appraisal: Appraisal, i: int) -> str:
    return fmt.option_display(appraisal.option_names[i], i == appraisal.status_quo_index)


def swap_sentence(appraisal: Appraisal, swap: Swap, b_name: str) -> str:
    """'Stand alone overtakes Improved existing partnership 85 % of the way towards South Holland cabinet's weights'."""
    contest = " for first place" if swap.place == 1 else ""
    return (f"{_display(appraisal, swap.rising)} overtakes {_display(appraisal, swap.falling)}{contest} "
            f"{lam_text(swap.value)} of the way towards {weights_phrase(b_name)}")


def between_phrase(a_name: str, b_name: str) -> str:
    """'the two cabinets' weightings' when both are cabinets, else "A's and B's weights"."""
    if a_name.lower().endswith("cabinet") and b_name.lower().endswith("cabinet"):
        return "the two cabinets' weightings"
    return f"{weights_phrase(a_name)} and {weights_phrase(b_name)}"


def path_takeaway(appraisal: Appraisal, path: ConsensusPath, a_name: str, b_name: str, max_swaps: int = 3) -> str:
    """One sentence: does the leader change between A and B, and where do options swap places."""
    names = lambda idx: fmt.names_list([_display(appraisal, i) for i in idx])  # noqa: E731
    if path.identical:
        lead = path.stretches[0].leaders
        if a_name == b_name:
            return (f"{weights_phrase(a_name)} compared with themselves: nothing changes along the way; "
                    f"{names(lead)} {'lead' if len(lead) > 1 else 'leads'}.")
        return (f"{weights_phrase(a_name)} and {weights_phrase(b_name)} are in the same proportions, so every blend of them "
                f"ranks the options the same way; {names(lead)} {'lead' if len(lead) > 1 else 'leads'}.")
    between = f"Between {between_phrase(a_name, b_name)}"
    if not path.swaps:
        lead = path.stretches[0].leaders
        shared = " jointly" if len(lead) > 1 else ""
        verb = "lead" if len(lead) > 1 else "leads"
        return f"{between} the order of the options never changes; {names(lead)} {verb}{shared} all the way."
    parts = [swap_sentence(appraisal, sw, b_name) for sw in path.swaps[:max_swaps]]
    more = len(path.swaps) - max_swaps
    if more > 0:
        parts.append(f"and {more} more {'swap' if more == 1 else 'swaps'} further down the order")
    body = "; ".join(parts)
    if path.leader_changes:
        return f"{between} the leader changes: {body}."
    lead = path.stretches[0].leaders
    return f"{between} the leader never changes ({names(lead)}); {body}."


def stretches_table(appraisal: Appraisal, path: ConsensusPath, a_name: str, b_name: str) -> pd.DataFrame:
    """One row per stretch: where it starts and ends (share of the way to B) and the order on it."""
    def point(lam: Fraction) -> str:
        if lam == 0:
            return f"{a_name} (0 %)"
        if lam == 1:
            return f"{b_name} (100 %)"
        return lam_text(float(lam))

    rows = []
    for st in path.stretches:
        order = ", ".join(f"{fmt.rank_words(st.ranks[i], sum(r == st.ranks[i] for r in st.ranks) > 1)} "
                          f"{_display(appraisal, i)}" for i in st.order)
        rows.append({"From": point(st.start), "To": point(st.end), "Order (best first)": order})
    return pd.DataFrame(rows)


def swaps_table(appraisal: Appraisal, path: ConsensusPath, b_name: str) -> pd.DataFrame:
    """One row per swap: how far along, who overtakes whom, for which place, and their total there."""
    return pd.DataFrame(
        [
            {
                "Swap": k,
                f"Share of the way to {weights_phrase(b_name)}": lam_text(sw.value),
                "Overtakes": _display(appraisal, sw.rising),
                "Overtaken": _display(appraisal, sw.falling),
                "For place": fmt.ordinal(sw.place),
                "Total there": fmt.number(float(sw.total), 3),
            }
            for k, sw in enumerate(path.swaps, start=1)
        ],
        columns=["Swap", f"Share of the way to {weights_phrase(b_name)}", "Overtakes", "Overtaken", "For place", "Total there"],
    )


def location_sentence(appraisal: Appraisal, location: PathLocation, c_name: str, a_name: str, b_name: str) -> str:
    """Where a third set sits: on the path at some share of the way, or how far it is from every blend."""
    if location.on_path:
        if location.lam == 0 or location.lam == 1:
            end = a_name if location.lam == 0 else b_name
            return f"{c_name} is in the same proportions as {weights_phrase(end)}."
        return (f"{c_name} is a blend of the two, {lam_text(location.lam)} of the way from {weights_phrase(a_name)} "
                f"towards {weights_phrase(b_name)}.")
    criterion = appraisal.criterion_names[location.criterion]
    return (f"{c_name} is not a blend of the two: the nearest blend ({lam_text(location.lam)} of the way) still differs from it by "
            f"{fmt.number(100 * location.deviation, 1)} percentage points on {criterion}.")


def candidate_weights_table(path: ConsensusPath, lam: float, criterion_names: Sequence[str], a_name: str, b_name: str) -> pd.DataFrame:
    """The blend ``lam`` of the way from A to B beside the two sets' own weights, as percentages of the total."""
    return pd.DataFrame({
        "Criterion": list(criterion_names),
        weights_phrase(a_name): [fmt.percent(x, 1) for x in 100 * path.a_hat],
        "Candidate": [fmt.percent(x, 1) for x in 100.0 * path.weights_at(lam)],
        weights_phrase(b_name): [fmt.percent(x, 1) for x in 100 * path.b_hat],
    })


def blend_note(pct: int, a_name: str, b_name: str) -> str:
    """The note of a weight set saved from the consensus path."""
    return (f"A blend {pct} % of the way from {weights_phrase(a_name)} towards {weights_phrase(b_name)} "
            "(consensus path), as percentages.")
