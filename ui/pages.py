"""The app's pages, in the order of the sidebar: a list with no side effects, so tests and tools can
read it without running ``app.py`` (which, imported outside ``streamlit run``, would draw the app)."""

from __future__ import annotations

# (file, title, icon). Every page is listed here once, in the order of the sidebar.
PAGES = [
    ("views/ranking.py", "Ranking", ":material/leaderboard:"),
    ("views/weights.py", "Weights", ":material/balance:"),
    ("views/scores.py", "Scores", ":material/table_chart:"),
    ("views/sensitivity.py", "Sensitivity", ":material/tune:"),
    ("views/scrutiny.py", "Why this rank?", ":material/help:"),
    ("views/savings.py", "Savings", ":material/savings:"),
    ("views/workshop.py", "Workshop (facilitator)", ":material/groups:"),
    ("views/join.py", "Join a workshop", ":material/how_to_vote:"),
    ("views/briefing.py", "Briefing", ":material/slideshow:"),
    ("views/case_data.py", "Case data", ":material/description:"),
    ("views/history.py", "History", ":material/history:"),
]

# Pages that redraw themselves every few seconds already (the workshop's live view; the phone's join page,
# which shows the workshop's own copy of the case): the case picker's poll for new versions stays off there,
# so a projector page is not redrawn by two timers.
SELF_REFRESHING = frozenset({"workshop", "join"})
