"""The verslag page: the ketenregisseur sees every version and downloads the
school's; the school worker sees and downloads only her organisation's, and the
PDF holds its one item. Axe finds nothing serious and no page is wider than
320 px. ``SCREENSHOTS=<dir>`` keeps screenshots at 1280 and 320 px."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from casusoverleg.constants import JobStatus
from casusoverleg.models import Minutes
from casusoverleg.services.minutes import minutes_request_all
from tests.browser.conftest import axe_violations, signed_in_context
from tests.casusoverleg.test_minutes import POLICE_ITEM, SCHOOL_ITEM, Scene
from tests.casusoverleg.test_minutes import scene as scene  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOTS", "")


def _look(page, name: str) -> None:
    assert axe_violations(page) == [], name
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        if width == 320:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= 320, (name, scroll)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_verslag_page_and_the_downloads(
    browser, live_server, scene: Scene, ketenregisseur, school_worker, tmp_path
):
    minutes_request_all(meeting=scene.meeting, actor=ketenregisseur)
    assert {m.status for m in Minutes.objects.filter(meeting=scene.meeting)} == {
        JobStatus.DONE
    }
    url = f"{live_server.url}/casusoverleg/{scene.meeting.uuid}/verslag/"

    page = signed_in_context(browser, live_server, ketenregisseur).new_page()
    page.goto(url)
    rows = page.locator('[data-testid="minutes-versions"] tbody tr')
    assert rows.count() == 4
    _look(page, "minutes-regisseur")

    page = signed_in_context(browser, live_server, school_worker).new_page()
    page.goto(url)
    rows = page.locator('[data-testid="minutes-versions"] tbody tr')
    assert rows.count() == 1
    assert "Volledig verslag" not in page.content()
    _look(page, "minutes-school")
    with page.expect_download() as info:
        page.get_by_role("link", name=f"PDF voor {scene.region.school.name}").click()
    path = tmp_path / "school.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        text = " ".join(text.split())
        assert SCHOOL_ITEM in text and POLICE_ITEM not in text
