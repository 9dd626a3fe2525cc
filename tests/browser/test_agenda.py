"""The ketenregisseur builds the agenda in the browser, accepts the proposals and
orders them by drag and drop and by keyboard; at 320 px the page does not scroll
sideways and axe finds nothing serious."""

from __future__ import annotations

import os

import pytest

from casusoverleg.constants import ItemStatus
from casusoverleg.models import AgendaItem
from tests.browser.conftest import axe_violations, signed_in_context
from tests.casusoverleg.test_agenda import _ask, _dossier, _meeting, _ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("AGENDA_SCREENSHOTS", "")


def _order(meeting):
    return list(
        AgendaItem.objects.filter(meeting=meeting, status=ItemStatus.ACCEPTED)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )


def test_the_regisseur_builds_and_orders_the_agenda(
    live_server,
    browser,
    region,
    ketenregisseur,
    screener,
    police_officer,
    police_contact,
):
    dossiers = [
        _ready(
            _dossier(screener, police_officer, roles=("victim", "perpetrator")),
            screener,
            region,
            police_contact,
        )
        for _n in range(3)
    ]
    _ask(_dossier(screener, police_officer), screener, region)
    meeting = _meeting(ketenregisseur)
    context = signed_in_context(browser, live_server, ketenregisseur)
    page = context.new_page()
    page.set_default_timeout(10_000)
    url = f"{live_server.url}/casusoverleg/{meeting.uuid}/agenda/"
    try:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        page.get_by_role("button", name="Agenda opbouwen").click()
        page.wait_for_selector("[data-testid=proposed-list]")
        assert page.locator("[data-testid=not-ready] tbody tr").count() == 1
        for _n in dossiers:
            accept = page.locator("[data-testid=proposed-list] button").first
            with page.expect_navigation():
                accept.click()
        ids = _order(meeting)
        assert len(ids) == 3

        # Drag the last item above the first by its handle (htmx posts the order).
        handle = page.locator(f"#punt-{ids[2]} .app-agenda__handle")
        assert handle.is_visible()
        with page.expect_response(lambda r: r.url.endswith("/agenda/volgorde/")):
            handle.drag_to(page.locator(f"#punt-{ids[0]} .app-agenda__head"))
        assert _order(meeting) == [ids[2], ids[0], ids[1]]
        page.wait_for_selector(f"#agenda-items li:first-child#punt-{ids[2]}")

        # By keyboard: the first item's "Omlaag" button.
        down = page.locator(f"#punt-{ids[2]} button", has_text="Omlaag")
        down.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert _order(meeting) == [ids[0], ids[2], ids[1]]

        assert axe_violations(page) == []
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/agenda-1280.png", full_page=True)
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, width
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/agenda-320.png", full_page=True)
        page.goto(f"{url}{ids[0]}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert axe_violations(page) == []
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/agenda-item-320.png", full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.screenshot(path=f"{SHOTS}/agenda-item-1280.png", full_page=True)
    finally:
        context.close()
