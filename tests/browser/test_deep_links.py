"""A deep link on a freshly started server runs through app.py (navigation, styles, sidebar).

Regression test: with the pages in a folder named ``pages/`` beside app.py, Streamlit started in its
legacy multipage mode, and the first visitor of a new server following a workshop join link
(``/join?code=…``) got the page file alone — file names as navigation, no shared set-up.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import free_port, start_streamlit, stop, wait_for_app_run

pytestmark = pytest.mark.browser


def test_first_request_is_a_deep_link(chromium, store_url) -> None:  # noqa: ANN001
    port = free_port()
    server = start_streamlit("app.py", port, env={"APPRAISAL_STORE_URL": store_url})
    try:
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/join?code=ZZ99ZZ")
        wait_for_app_run(page)
        assert page.get_by_role("heading", level=1).first.inner_text() == "Join a workshop"
        assert "/join?code=ZZ99ZZ" in page.url  # the server adds &case=<id>: the address says which case
        nav = page.get_by_test_id("stSidebarNav")
        nav_text = nav.inner_text() if nav.count() else ""
        assert "join" not in nav_text.split(), nav_text  # titles from app.py, not file names
        assert "Presentation mode" in page.content()  # app.py's shared sidebar ran
        context.close()
    finally:
        stop(server)
