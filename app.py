"""Options Appraisal Studio — entry point: page navigation and the shared sidebar.

Run with ``streamlit run app.py`` (or ``bash run.sh``, which installs what it needs first).
"""

from __future__ import annotations

import streamlit as st

from ui.cases import case_picker
from ui.components import presentation
from ui.components.layout import global_styles
from ui.heap import freeze_after_new_imports
from ui.identity import identity_sidebar
from ui.pages import PAGES, SELF_REFRESHING

# The tab's icon is an emoji (drawn by the browser as a data: URL). A ``:material/…:`` page icon would
# make every page fetch its picture from fonts.gstatic.com (Streamlit builds the favicon's address there),
# and nothing may leave the machine; the sidebar's own ``:material/…:`` icons use the font Streamlit serves.
st.set_page_config(page_title="Options Appraisal Studio", page_icon="📊", layout="wide")

# A flat list, not sections: Streamlit's section headers put <div>s inside the navigation <ul>,
# which axe-core reports as a serious accessibility violation (list structure).
pages = [st.Page(path, title=title, icon=icon, default=path == PAGES[0][0]) for path, title, icon in PAGES]
page = st.navigation(pages)
global_styles()
case_picker(watch=page.url_path not in SELF_REFRESHING)
identity_sidebar()
presentation.setup()
page.run()
freeze_after_new_imports()  # after the imports a page's first run brings in
