"""An instructor opens nbgrader's formgrader from the course's JupyterLab and sees the course's labs."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.conftest import REPO_ROOT


def test_formgrader_renders_and_lists_the_labs(lab_server, page):
    page.goto(lab_server.url("/formgrader"))
    page.get_by_role("heading", name="Manage Assignments").wait_for()
    page.locator("table th", has_text="Name").first.wait_for()
    # The header is drawn at once; the rows arrive from formgrader's API ("Loading, please wait..." until then).
    page.get_by_text("Loading, please wait").wait_for(state="hidden")
    labs = sorted(p.name for p in (REPO_ROOT / "solutions").glob("lab*") if p.is_dir())
    for lab in labs:
        page.locator("table td", has_text=lab).first.wait_for()
    screenshot(page, "formgrader")

    text = page.locator("body").inner_text()
    assert "does not exist and could not be created" not in text, "the nbgrader exchange directory is missing"
    for lab in labs:
        assert lab in text, f"formgrader does not list {lab}"
