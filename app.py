"""Options Appraisal Studio — entry point: page navigation and the shared sidebar.

Run with ``streamlit run app.py`` (or ``bash run.sh``, which installs what it needs first).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import presentation
from ui.cases import case_picker
from ui.layout import global_styles

ROOT = Path(__file__).resolve().parent

# (file, title, icon, section). Every page is listed here once.
PAGES = [
    ("views/ranking.py", "Ranking", ":material/leaderboard:", "Appraisal"),
    ("views/weights.py", "Weights", ":material/balance:", "Appraisal"),
    ("views/scores.py", "Scores", ":material/table_chart:", "Appraisal"),
    ("views/sensitivity.py", "Sensitivity", ":material/tune:", "Scrutiny"),
    ("views/scrutiny.py", "Why this rank?", ":material/help:", "Scrutiny"),
    ("views/savings.py", "Savings", ":material/savings:", "Savings"),
    ("views/workshop.py", "Workshop (facilitator)", ":material/groups:", "Workshop"),
    ("views/join.py", "Join a workshop", ":material/how_to_vote:", "Workshop"),
    ("views/briefing.py", "Briefing", ":material/slideshow:", "Briefing"),
    ("views/case_data.py", "Case data", ":material/description:", "Case"),
]

st.set_page_config(page_title="Options Appraisal Studio", page_icon=":material/leaderboard:", layout="wide")

# A flat list, not sections: Streamlit's section headers put <div>s inside the navigation <ul>,
# which axe-core reports as a serious accessibility violation (list structure).
pages = [
    st.Page(path, title=title, icon=icon, default=path == PAGES[0][0])
    for path, title, icon, _section in PAGES
    if (ROOT / path).exists()
]
page = st.navigation(pages)
global_styles()
case_picker()
presentation.setup()
page.run()
