"""A perpetrator melding through the art. 273f Sr test to an OM takeover, in one
real Chromium: the screener takes it from the werkvoorraad, walks onderzoeken and
verifiëren (no home situation for a perpetrator), decides "sterk vermoeden"; the
OM officer answers "vervolging mogelijk" from the hand-off page; the dossier then
shows the criminal route as leading. Each page axe-clean and no wider than 320 px.
"""

from __future__ import annotations

import re

import pytest

from classification.models import PerpetratorDecision
from tests.browser.conftest import axe_violations, signed_in_context
from tests.classification.conftest import make_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page) -> None:
    assert axe_violations(page) == [], page.url
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, (page.url, width)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_perpetrator_melding_goes_to_an_om_takeover(
    browser, live_server, region, school_worker, screener, om_officer
):
    signal = make_signal(school_worker, role="perpetrator")

    context = signed_in_context(browser, live_server, screener)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    # The start page is the werkvoorraad: the melding links to its screening.
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("start-worklist").get_by_role(
        "link", name=signal.reference
    ).click()
    page.wait_for_url(f"**/screening/{signal.uuid}/")
    page.get_by_role("button", name="Ik pak deze op").click()
    page.get_by_test_id("taken-by").filter(has_text="Sam Screener").wait_for()
    # No home situation for a perpetrator melding.
    assert page.get_by_label("Thuissituatie benaderd").count() == 0
    page.get_by_label("Wat is er gedaan en gevonden").fill(
        "Politie en school bevraagd (fictief)."
    )
    page.get_by_role("button", name="Vastleggen en verder").click()
    page.get_by_test_id("phase").filter(has_text="Verifiëren").wait_for()
    page.get_by_label("Reden om deze fase over te slaan").fill("Melder anoniem.")
    page.get_by_role("button", name="Fase overslaan").click()
    page.get_by_test_id("phase").filter(has_text="Vaststellen").wait_for()
    # No colour: the perpetrator decision. Without a rationale: the error summary.
    assert page.get_by_role("button", name="Kleur vaststellen").count() == 0
    page.get_by_label(re.compile(r"^Sterk vermoeden")).check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("Er is een probleem").wait_for()
    assert page.title().startswith("Fout:")
    page.get_by_label("Onderbouwing").fill(
        "Meerdere meldingen over dezelfde jongeman (fictief)."
    )
    page.get_by_label(re.compile(r"^Sterk vermoeden")).check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_test_id("test-273f").filter(
        has_text="Wacht op het antwoord van OM of RCMP"
    ).wait_for()
    check(page)
    context.close()

    decision = PerpetratorDecision.objects.get()
    dossier = decision.dossier

    context = signed_in_context(browser, live_server, om_officer)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/overdrachten/")
    page.get_by_test_id("test-273f-link").click()
    page.wait_for_url(re.compile(r".*/overdrachten/\d+/toetsing/$"))
    check(page)
    page.get_by_label("Vervolging mogelijk").check()
    page.get_by_role("button", name="Uitkomst vastleggen").click()
    page.wait_for_url("**/overdrachten/")
    page.get_by_test_id("test-273f-result").filter(
        has_text="Vervolging mogelijk"
    ).first.wait_for()
    page.goto(f"{live_server.url}/dossiers/{dossier.uuid}/")
    page.get_by_test_id("criminal-route").filter(
        has_text="Strafrechtelijke route leidend"
    ).wait_for()
    page.get_by_role("link", name="Dadermelding").click()
    assert page.url.endswith("#dadermelding")
    check(page)
    context.close()
    decision.refresh_from_db()
    assert decision.test_result == "prosecution_possible"
    assert decision.test_by == om_officer
