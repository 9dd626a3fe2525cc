"""A failed submit is seen and heard at once: focus lands on the error summary at the
top of the form, and each of its links takes the keyboard to its field."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, signed_in_context
from tests.chain import build_chain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vraag_uitzetten_sent_empty_moves_focus_to_the_summary(
    live_server, browser, region, screener, police_officer, school_worker
):
    chain = build_chain(
        region=region,
        screener=screener,
        police_officer=police_officer,
        school_worker=school_worker,
    )
    context = signed_in_context(browser, live_server, screener)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/dossiers/{chain.dossier.uuid}/")
        # The action opens where the user is; its form is then sent empty.
        page.locator('[data-action="ask"] summary').click()
        page.locator('[data-action="ask"] button[type="submit"]').click()
        page.wait_for_load_state()

        summary = page.locator("[data-error-summary]")
        summary.wait_for()
        assert page.title().startswith("Fout: ")
        assert page.evaluate(
            "document.activeElement.hasAttribute('data-error-summary')"
        ), page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        assert summary.get_by_role("heading", name="Er is een probleem").is_visible()
        assert axe_violations(page) == []

        # A link in the summary takes focus to its field.
        summary.get_by_role("link").first.click()
        focused = page.evaluate("document.activeElement.id")
        first_href = summary.get_by_role("link").first.get_attribute("href")
        assert f"#{focused}" == first_href

        # At 1280 px the user's name and "Uitloggen" sit on one line.
        page.set_viewport_size({"width": 1280, "height": 800})
        name = page.locator(".app-user").bounding_box()
        logout = page.get_by_role("button", name="Uitloggen").bounding_box()
        assert name and logout
        assert name["height"] < 30, name  # one line
        assert (
            abs((name["y"] + name["height"] / 2) - (logout["y"] + logout["height"] / 2))
            < 10
        ), (name, logout)

        # The menu folds behind a button at 320 px, and opens by keyboard.
        page.set_viewport_size({"width": 320, "height": 640})
        toggle = page.get_by_role("button", name="Menu")
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not menu.get_by_role("link", name="Dossiers").is_visible()
        toggle.focus()
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"
        assert menu.get_by_role("link", name="Dossiers").is_visible()
    finally:
        context.close()
