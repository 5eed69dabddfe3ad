"""Plain-English sentences built from the engine's numbers (never canned text)."""

from __future__ import annotations

from appraisal import fmt
from appraisal.scoring import OptionResult


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
