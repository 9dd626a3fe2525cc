"""The ketenregisseur runs a casusoverleg in the browser: attendance, the start
with the confidentiality statement, a decision and an intervention at the table,
and the police officer's view of the same meeting. At 1280 and 320 px no page
scrolls sideways and axe finds nothing serious.

MEETING_SCREENSHOTS=<dir> keeps a screenshot of every page and width.
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone

from casusoverleg.constants import AttendanceKind, InterventionKind, MeetingStatus
from casusoverleg.models import Decision, Intervention
from casusoverleg.services.meeting import (
    attendance_record,
    contribution_record,
    intervention_create,
)
from signals.constants import Sharing
from tests.browser.conftest import axe_violations, signed_in_context
from tests.casusoverleg import test_meeting as meeting_tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The world of tests/casusoverleg/test_meeting.py (two cases, one meeting).
world = meeting_tests.world
minutes_calls = meeting_tests.minutes_calls

SHOTS = os.environ.get("MEETING_SCREENSHOTS", "")
WIDTHS = (1280, 320)


def _check(page, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(50)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} is {scroll} px wide at {width}"
        assert axe_violations(page) == [], name
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_chair_runs_the_meeting(
    live_server, browser, world, police_officer, om_officer, as_user
):
    region, meeting = world.region, world.meeting
    attendance_record(
        meeting=meeting,
        actor=world.chair,
        organisation=region.om,
        kind=AttendanceKind.PRESENT,
        user=om_officer,
    )
    attendance_record(
        meeting=meeting,
        actor=world.chair,
        organisation=region.school,
        kind=AttendanceKind.APOLOGIES,
        info_sent=True,
    )
    context = signed_in_context(browser, live_server, world.chair)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = f"{live_server.url}/casusoverleg/{meeting.uuid}/"
    try:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/casusoverleg/")
        _check(page, "list")
        page.get_by_text("Casusoverleg plannen").click()
        page.wait_for_url("**/casusoverleg/nieuw/")
        _check(page, "schedule")
        page.get_by_role("button", name="Plannen").click()
        page.wait_for_selector("[data-error-summary]")
        assert page.title().startswith("Fout:")
        _check(page, "schedule-error")

        # The police officer comes, with a mandate (through the form).
        page.goto(base)
        page.get_by_text("Aanwezigheid vastleggen").click()
        page.select_option("#id_aanwezig-organisation", str(region.politie.pk))
        page.select_option("#id_aanwezig-user", str(police_officer.pk))
        page.check("#id_aanwezig-has_mandate")
        page.get_by_role("button", name="Op de presentielijst zetten").click()
        page.wait_for_selector("[data-testid=attendance]")
        assert page.locator("[data-testid=no-mandate]").count() == 1
        _check(page, "detail-planned")

        # Starting without everyone's acknowledgement: the error summary.
        page.get_by_role("button", name="Overleg starten").click()
        page.wait_for_selector("[data-error-summary]")
        assert page.title().startswith("Fout:")
        _check(page, "detail-start-error")
        for box in page.locator("[name=start-acknowledged]").all():
            box.check()
        page.get_by_role("button", name="Overleg starten").click()
        page.wait_for_url(f"{base}vergadering/")
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.IN_PROGRESS

        # A decision and an intervention at the table, by the forms.
        item = f"#punt-{world.item_a.pk}"
        page.locator(f"{item} [data-action=decision] summary").click()
        page.fill(
            f"#id_punt{world.item_a.pk}-besluit-text",
            "De politie voert een tegenhoudgesprek.",
        )
        page.locator(f"{item} [data-action=decision] button[type=submit]").click()
        # htmx swaps the item's section in place, with what was recorded.
        page.wait_for_selector(f"{item} [data-testid=item-status] .utrecht-alert")
        assert page.locator(f"{item} [data-testid=decisions]").count() == 1
        assert Decision.objects.count() == 1
        first = intervention_create(
            item=world.item_a,
            actor=world.chair,
            kind=InterventionKind.OPSPORING,
            description="Tegenhoudgesprek",
            responsible=region.politie,
            owner=police_officer,
            deadline=timezone.localdate() + datetime.timedelta(days=14),
        )
        contribution_record(
            item=world.item_a,
            actor=world.chair,
            organisation=region.politie,
            text="Onderzoek loopt (fictief).",
            sharing=Sharing.EXCEPT,
            shared_with=[region.om.slug],
        )
        page.reload()
        page.locator(f"{item} [data-action=intervention] summary").click()
        prefix = f"#id_punt{world.item_a.pk}-interventie"
        page.select_option(f"{prefix}-kind", InterventionKind.BESTUURLIJK)
        page.fill(f"{prefix}-description", "Bestuurlijke rapportage")
        page.select_option(f"{prefix}-responsible", str(region.om.pk))
        page.fill(
            f"{prefix}-deadline",
            (timezone.localdate() + datetime.timedelta(days=21)).isoformat(),
        )
        page.fill(f"{prefix}-order", "2")
        page.select_option(f"{prefix}-depends_on", str(first.pk))
        page.locator(f"{item} [data-action=intervention] button[type=submit]").click()
        page.wait_for_selector(f"{item} [data-testid=item-status] .utrecht-alert")
        assert page.locator(f"{item} [data-testid=interventions] tbody tr").count() == 2
        assert Intervention.objects.filter(depends_on=first).count() == 1
        page.locator(f"{item} [data-action=contribution] summary").click()
        _check(page, "run-chair")

        # An empty decision: the error summary in the item, and it takes focus.
        other = f"#punt-{world.item_b.pk}"
        page.locator(f"{other} [data-action=decision] summary").click()
        page.locator(f"{other} [data-action=decision] button[type=submit]").click()
        page.wait_for_selector(f"{other} [data-error-summary]")
        page.wait_for_function(
            "document.activeElement && document.activeElement.matches('[data-error-summary]')"
        )
        _check(page, "run-error")
        # Without JavaScript the same form posts the whole page: "Fout:" in the title.
        plain = context.new_page()
        plain.route("**/htmx.min.js", lambda route: route.abort())
        plain.goto(f"{base}vergadering/")
        plain.locator(f"{other} [data-action=decision] summary").click()
        plain.locator(f"{other} [data-action=decision] button[type=submit]").click()
        plain.wait_for_selector(f"{other} [data-error-summary]")
        assert plain.title().startswith("Fout:")
        plain.close()
    finally:
        context.close()

    police = signed_in_context(browser, live_server, police_officer)
    page = police.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{base}vergadering/")
        assert world.dossier_b.reference not in page.content()
        _check(page, "run-police")
        page.goto(base)
        _check(page, "detail-police")
    finally:
        police.close()

    context = signed_in_context(browser, live_server, world.chair)
    page = context.new_page()
    try:
        page.goto(f"{base}vergadering/")
        page.get_by_role("button", name="Overleg sluiten").click()
        page.wait_for_url(base)
        page.get_by_text("Correctie toevoegen").first.click()
        page.fill("#id_correctie-text", "Het tegenhoudgesprek is door de wijkagent.")
        page.get_by_role("button", name="Correctie toevoegen").click()
        page.wait_for_selector("[data-testid=corrections]")
        _check(page, "detail-closed")
    finally:
        context.close()
