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
    ("pages/ranking.py", "Ranking", ":material/leaderboard:", "Appraisal"),
    ("pages/weights.py", "Weights", ":material/balance:", "Appraisal"),
    ("pages/scores.py", "Scores", ":material/table_chart:", "Appraisal"),
    ("pages/sensitivity.py", "Sensitivity", ":material/tune:", "Scrutiny"),
    ("pages/scrutiny.py", "Why this rank?", ":material/help:", "Scrutiny"),
    ("pages/savings.py", "Savings", ":material/savings:", "Savings"),
    ("pages/workshop.py", "Workshop (facilitator)", ":material/groups:", "Workshop"),
    ("pages/join.py", "Join a workshop", ":material/how_to_vote:", "Workshop"),
    ("pages/briefing.py", "Briefing", ":material/slideshow:", "Briefing"),
    ("pages/case_data.py", "Case data", ":material/description:", "Case"),
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
