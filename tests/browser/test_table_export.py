"""No table or data editor offers a CSV download or copy: a cell typed as =HYPERLINK(…) never reaches a
spreadsheet raw (issue 17). The app's own exports (YAML, Excel, the committee pack) neutralise formulas."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_for_app_run

pytestmark = pytest.mark.browser


def test_the_case_editor_has_no_download_button(page, app_url) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/case_data")
    wait_for_app_run(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=30_000)
    grid.hover()
    page.wait_for_timeout(500)
    toolbar = page.locator("[data-testid='stElementToolbar']").first
    labels = [b.get_attribute("aria-label") or b.inner_text() for b in toolbar.locator("button").all()] if toolbar.count() else []
    assert labels, "the editor's toolbar did not show on hover (the check would pass for the wrong reason)"
    assert not [label for label in labels if "download" in label.lower() or "csv" in label.lower()], labels
