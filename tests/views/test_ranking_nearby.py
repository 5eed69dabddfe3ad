"""The Ranking page's "How sure, near these weights" section follows the sliders and the ± setting."""

from __future__ import annotations

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from appraisal.analysis.robustness import local_robustness
from appraisal.analysis.scoring import Appraisal
from appraisal.report.robustness import local_table
from tests.conftest import view
from tests.markdown_tables import as_shown, table_with


def nearby(at: AppTest) -> pd.DataFrame:
    return table_with(at.markdown, "Rank range")


def test_figures_are_the_engines_and_follow_the_spread_and_the_sliders(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    at = AppTest.from_file(view("ranking"), default_timeout=60).run()
    assert not at.exception
    w = a.W[0]
    assert nearby(at).equals(as_shown(local_table(a, local_robustness(a.S, w), w)))
    assert "±20 %" in nearby(at).columns[2]

    at.select_slider(key="ranking_spread").set_value(50).run()
    assert nearby(at).equals(as_shown(local_table(a, local_robustness(a.S, w, 0.5), w)))

    # Equal weights on every slider: the figures follow the weights in use, not the case's set.
    for c in a.criterion_ids:
        at.slider(key=f"w_{c}").set_value(1.0)
    at.run()
    equal = np.ones(a.n_criteria)
    assert nearby(at).equals(as_shown(local_table(a, local_robustness(a.S, equal, 0.5), equal)))
