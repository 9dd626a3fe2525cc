"""The police officer finds an overdue action on her start page, marks it "niet
uitgevoerd" (first without a reason: the error summary takes the focus), and the
ketenregisseur's voortgangscontrole counts it; axe finds nothing serious and no
page is wider than 320 px. ``SCREENSHOTS=<dir>`` keeps screenshots at 1280 and
320 px."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casusoverleg.constants import InterventionStatus
from tests.browser.conftest import axe_violations, signed_in_context
from tests.casusoverleg.test_actions import Table
from tests.casusoverleg.test_actions import table as table  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOTS", "")


def _look(page, name: str) -> None:
    """Axe and reflow at 320 px; screenshots at both widths when asked."""
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


def test_an_overdue_action_marked_not_done_reaches_the_voortgangscontrole(
    browser, live_server, region, request, police_officer, ketenregisseur
):
    table: Table = request.getfixturevalue("table")
    first = table.add(region.om, "Vervolging beoordelen", days=3)
    late = table.add(
        region.politie, "Tegenhoudgesprek voeren", days=-2, owner=police_officer
    )
    table.add(region.politie, "Bestuurlijke rapportage opstellen", days=9)
    table.add(
        region.politie, "Adrescontrole", days=20, depends_on=first, owner=police_officer
    )
    table.add(region.jeugdzorg, "Vrijwillige jeugdhulp", days=-1)
    table.add(region.jeugdzorg, "Aanmelding CoMensha", days=-8, status="done")

    context = signed_in_context(browser, live_server, police_officer)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    section = page.locator('[data-section="actions"]')
    assert section.locator("tbody tr").first.get_attribute("data-overdue") == "true"
    _look(page, "start-partner")
    page.get_by_role("link", name="Acties", exact=True).click()
    page.wait_for_url("**/casusoverleg/acties/")
    _look(page, "actions-partner")
    page.get_by_role("link", name="Tegenhoudgesprek voeren").click()
    page.wait_for_url(f"**/casusoverleg/acties/{late.uuid}/")
    page.get_by_label("Niet uitgevoerd").check()
    page.get_by_role("button", name="Voortgang vastleggen").click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.title().startswith("Fout:")
    assert summary.evaluate("el => el === document.activeElement")
    _look(page, "action-error")
    page.get_by_label("Toelichting").fill("Betrokkene is niet verschenen.")
    page.get_by_role("button", name="Voortgang vastleggen").click()
    page.wait_for_url(f"**/casusoverleg/acties/{late.uuid}/")
    assert (
        "Betrokkene is niet verschenen."
        in page.locator('[data-testid="history"]').inner_text()
    )
    _look(page, "action-detail")
    context.close()
    late.refresh_from_db()
    assert late.status == InterventionStatus.NOT_DONE

    context = signed_in_context(browser, live_server, ketenregisseur)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert (
        "Vrijwillige jeugdhulp"
        in page.locator('[data-section="actions_overdue"]').inner_text()
    )
    _look(page, "start-regisseur")
    page.goto(f"{live_server.url}/casusoverleg/acties/")
    police = page.locator('[data-testid="overview"] tr[data-organisation="politie"]')
    assert police.locator('[data-count="unfinished"]').inner_text() == "1"
    assert police.locator('[data-count="open"]').inner_text() == "2"
    _look(page, "actions-regisseur")
    context.close()
