"""The owner corrects a signal from its page: the action opens in place, a failed
submit puts focus on the error summary, and the corrected page shows the history;
at 320 px nothing scrolls sideways."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, signed_in_context
from tests.signals.test_dossiers import enter_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_owner_corrects_a_signal_after_a_failed_submit(
    live_server, browser, region, school_worker
):
    signal = enter_signal(school_worker, description="Een blauwe auto (fictief).")
    context = signed_in_context(browser, live_server, school_worker)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(f"{live_server.url}/signalen/{signal.uuid}/")
        page.locator('[data-action="correct"] > summary').click()
        page.get_by_label("Gebeurtenis").fill("Een rode auto (fictief).")
        page.locator('[data-action="correct"] button[type="submit"]').click()
        page.wait_for_load_state()
        summary = page.locator("[data-error-summary]")
        summary.wait_for()
        assert page.title().startswith("Fout: ")
        assert page.evaluate(
            "document.activeElement.hasAttribute('data-error-summary')"
        )
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 320

        summary.get_by_role("link").first.click()
        assert page.evaluate("document.activeElement.id") == "id_correctie-reason"
        page.keyboard.type("Kleur verkeerd genoteerd.")
        page.locator('[data-action="correct"] button[type="submit"]').click()
        page.get_by_test_id("corrected").wait_for()
        history = page.get_by_test_id("history")
        assert "Een blauwe auto (fictief)." in history.inner_text()
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()
