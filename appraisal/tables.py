"""Report-format tables (pandas) shared by the pages, the exports and the accessible chart tables."""

from __future__ import annotations

import pandas as pd

from appraisal import fmt
from appraisal.scoring import Appraisal, OptionResult, competition_ranks, rank_label, tied_flags, totals


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
