"""Report-format tables (pandas) shared by the pages, the exports and the accessible chart tables."""

from __future__ import annotations

import pandas as pd

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal, OptionResult, competition_ranks, rank_label, tied_flags, totals


def ranking_table(results: list[OptionResult]) -> pd.DataFrame:
    """Rank, option, total, % of max — as a committee report prints it."""
    return pd.DataFrame(
        {
            "Rank": [r.rank_label for r in results],
            "Option": [fmt.option_display(r.name, r.status_quo) for r in results],
            "Total": [fmt.number(r.total, 2) for r in results],
            "% of max": [fmt.percent(r.percent_of_max) for r in results],
        }
    )


def ranks_by_weight_set(appraisal: Appraisal, extra: dict[str, object] | None = None) -> pd.DataFrame:
    """Each option's rank under every weight set of the case (plus any extra named weight vectors)."""
    names = [fmt.option_display(n, i == appraisal.status_quo_index) for i, n in enumerate(appraisal.option_names)]
    columns: dict[str, list[str]] = {"Option": names}
    named = list(zip(appraisal.set_names, appraisal.W))
    named += [(name, w) for name, w in (extra or {}).items()]
    for name, w in named:
        ranks = competition_ranks(totals(appraisal.S, w))
        tied = tied_flags(ranks)
        columns[name] = [rank_label(int(r), bool(t)) for r, t in zip(ranks, tied)]
    return pd.DataFrame(columns)


def ranking_headline(results: list[OptionResult], max_total: float) -> str:
    """'New local strategic partnership ranks 1st with 56 of 69 (81 %); As is ranks last.'"""
    if not results:
        return ""
    leaders = [r for r in results if r.rank == 1]
    first = results[0]
    score = f"{fmt.number(first.total)} of {fmt.number(max_total)} ({fmt.percent(first.percent_of_max)})"
    if len(leaders) > 1:
        sentence = f"{fmt.names_list([r.name for r in leaders])} share 1st place with {score}"
    else:
        sentence = f"{first.name} ranks 1st with {score}"
        if len(results) > 1:
            gap = first.total - results[1].total
            sentence += f", {fmt.number(gap)} ahead of {results[1].name}"
    worst = results[-1].rank
    lasts = [r for r in results if r.rank == worst]
    if len(results) > 1 and worst != 1:
        verb = "rank" if len(lasts) > 1 else "ranks"
        sentence += f"; {fmt.names_list([r.name for r in lasts])} {verb} last"
        if any(r.status_quo for r in lasts) and len(lasts) == 1:
            sentence += " (the business-as-usual option)"
    sq = next((r for r in results if r.status_quo), None)
    if sq is not None and sq.rank not in (1, worst):
        sentence += f"; the business-as-usual option, {sq.name}, ranks {fmt.rank_words(sq.rank, sq.tied)}"
    return sentence + "."
