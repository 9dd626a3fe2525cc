"""The issue's "Done when", in the browser: the ketenregisseur schedules a
casusoverleg, builds its agenda (the Celery task runs eagerly), orders it by drag
and drop and by keyboard, invites the school to one item, starts and runs the
meeting (decisions, three interventions for three organisations, a contribution
the police shares with the OM only and one the school withholds from the police),
closes it and downloads the minutes. Read as text, the school's PDF holds its
item only and the police's PDF no contribution that was not shared with it; the
school itself downloads only its own version.

One login per persona; no sleeps beyond waiting for selectors.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from casusoverleg.constants import (
    AttendanceKind,
    InterventionKind,
    ItemStatus,
    JobStatus,
    MeetingStatus,
)
from casusoverleg.models import (
    AgendaItem,
    Decision,
    Intervention,
    ItemContribution,
    ItemInvitation,
    Meeting,
    Minutes,
)
from casusoverleg.services.meeting import attendance_record
from signals.constants import Sharing
from tests.browser.conftest import signed_in_context
from tests.casusoverleg.test_agenda import _dossier, _ready
from tests.casusoverleg.test_carry_over import _pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# Fictional texts; each marks one thing a version may or may not hold.
SCHOOL_DECISION = "De mentor houdt dagelijks contact met de leerling (fictief)."
OTHER_DECISION = "Het OM beoordeelt een strafrechtelijk onderzoek (fictief)."
POLICE_TO_OM_ONLY = "Politie aan OM: verklaring van getuige opgenomen (fictief)."
SCHOOL_NOT_POLICE = "School behalve politie: leerling vertelt over thuis (fictief)."
# One word each: a narrow table column wraps a longer description in the PDF.
SCHOOL_ACTION = "Verzuimmelding"
POLICE_ACTION = "Tegenhoudgesprek"
OM_ACTION = "Vervolgingsbeoordeling"

KEEP = os.environ.get("MINUTES_PDFS", "")
# The close renders every version in the request (eager Celery, on commit).
SLOW_MS = 90_000


def _accepted(meeting: Meeting) -> list[int]:
    return list(
        AgendaItem.objects.filter(meeting=meeting, status=ItemStatus.ACCEPTED)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )


def _download(page, name: str) -> bytes:
    """Click the version's download link and return the PDF's bytes
    (MINUTES_PDFS=<dir> keeps a copy)."""
    link = page.locator("[data-minutes] a[download]", has_text=name)
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    assert path is not None
    pdf = Path(path).read_bytes()
    if KEEP:
        (Path(KEEP) / info.value.suggested_filename).write_bytes(pdf)
    return pdf


def _contribute(page, item: int, organisation, text: str, sharing: str, named):
    section = f"#punt-{item}"
    prefix = f"punt{item}-inbreng"
    page.locator(f"{section} [data-action=contribution] summary").click()
    page.select_option(f"#id_{prefix}-organisation", str(organisation.pk))
    page.fill(f"#id_{prefix}-text", text)
    page.check(f"input[name='{prefix}-sharing'][value='{sharing}']")
    for slug in named:
        page.check(f"input[name='{prefix}-shared_with'][value='{slug}']")
    page.locator(f"{section} [data-action=contribution] button[type=submit]").click()
    page.wait_for_selector(f"{section} [data-testid=contributions] :text('{text}')")


def _intervene(page, item: int, kind: str, text: str, organisation, owner=None):
    section = f"#punt-{item}"
    prefix = f"#id_punt{item}-interventie"
    rows = page.locator(f"{section} [data-testid=interventions] tbody tr").count()
    page.locator(f"{section} [data-action=intervention] summary").click()
    page.select_option(f"{prefix}-kind", kind)
    page.fill(f"{prefix}-description", text)
    page.select_option(f"{prefix}-responsible", str(organisation.pk))
    if owner is not None:
        page.select_option(f"{prefix}-owner", str(owner.pk))
    page.fill(
        f"{prefix}-deadline",
        (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
    )
    page.locator(f"{section} [data-action=intervention] button[type=submit]").click()
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length === n",
        arg=[f"{section} [data-testid=interventions] tbody tr", rows + 1],
    )


def _decide(page, item: int, text: str) -> None:
    section = f"#punt-{item}"
    page.locator(f"{section} [data-action=decision] summary").click()
    page.fill(f"#id_punt{item}-besluit-text", text)
    page.locator(f"{section} [data-action=decision] button[type=submit]").click()
    page.wait_for_selector(f"{section} [data-testid=decisions] :text('{text}')")


def test_the_regisseur_runs_a_casusoverleg_from_agenda_to_minutes_per_organisation(
    live_server,
    browser,
    region,
    ketenregisseur,
    screener,
    police_officer,
    police_contact,
    om_officer,
    school_worker,
    tmp_path,
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
    context = signed_in_context(browser, live_server, ketenregisseur)
    page = context.new_page()
    page.set_default_timeout(20_000)
    base = live_server.url
    try:
        # Schedule the meeting (tomorrow at ten).
        page.goto(f"{base}/casusoverleg/nieuw/")
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        page.fill("#id_overleg-date", tomorrow.isoformat())
        page.fill("#id_overleg-time", "10:00")
        page.fill("#id_overleg-place", "Stadhuis Demostad, zaal 3 (fictief)")
        page.select_option("#id_overleg-chair", str(ketenregisseur.pk))
        with page.expect_navigation():
            page.get_by_role("button", name="Plannen").click()
        meeting = Meeting.objects.get()
        assert meeting.status == MeetingStatus.PLANNED
        agenda = f"{base}/casusoverleg/{meeting.uuid}/agenda/"

        # Build the agenda (the task runs on commit) and accept the proposals.
        page.goto(agenda)
        page.get_by_role("button", name="Agenda opbouwen").click()
        page.wait_for_selector("[data-testid=proposed-list]")
        for _n in dossiers:
            with page.expect_navigation():
                page.locator("[data-testid=proposed-list] button").first.click()
        ids = _accepted(meeting)
        assert len(ids) == 3

        # Drag the last item above the first by its handle (htmx posts the order).
        handle = page.locator(f"#punt-{ids[2]} .app-agenda__handle")
        with page.expect_response(lambda r: r.url.endswith("/agenda/volgorde/")):
            handle.drag_to(page.locator(f"#punt-{ids[0]} .app-agenda__head"))
        assert _accepted(meeting) == [ids[2], ids[0], ids[1]]
        page.wait_for_selector(f"#agenda-items li:first-child#punt-{ids[2]}")

        # By keyboard: focus the first item's "Omlaag" button and press Enter.
        page.locator(f"#punt-{ids[2]} button", has_text="Omlaag").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        order = _accepted(meeting)
        assert order == [ids[0], ids[2], ids[1]]

        # The school is invited to one item (the second on the agenda).
        school_item, police_item, third_item = order[1], order[0], order[2]
        page.goto(f"{agenda}{school_item}/")
        page.select_option("#id_uitnodigen-organisation", str(region.school.pk))
        with page.expect_navigation():
            page.get_by_role("button", name="Uitnodigen", exact=True).click()
        page.wait_for_selector("[data-testid=invitations]")
        invitation = ItemInvitation.objects.get()
        assert (invitation.item_id, invitation.organisation_id) == (
            school_item,
            region.school.pk,
        )

        # Attendance: the police officer by the form, the others by the service.
        detail = f"{base}/casusoverleg/{meeting.uuid}/"
        for user in (ketenregisseur, om_officer, school_worker):
            attendance_record(
                meeting=meeting,
                actor=ketenregisseur,
                organisation=user.organisation,
                kind=AttendanceKind.PRESENT,
                user=user,
                has_mandate=True,
            )
        page.goto(detail)
        page.get_by_text("Aanwezigheid vastleggen").click()
        page.select_option("#id_aanwezig-organisation", str(region.politie.pk))
        page.select_option("#id_aanwezig-user", str(police_officer.pk))
        page.check("#id_aanwezig-has_mandate")
        with page.expect_navigation():
            page.get_by_role("button", name="Op de presentielijst zetten").click()
        assert page.locator("[data-testid=attendance] tbody tr").count() == 4

        # Start: every attendee acknowledges the confidentiality statement.
        for box in page.locator("[name=start-acknowledged]").all():
            box.check()
        page.get_by_role("button", name="Overleg starten").click()
        page.wait_for_url(f"{detail}vergadering/")
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.IN_PROGRESS

        # The record at the table, by the forms (htmx swaps each item).
        _decide(page, school_item, SCHOOL_DECISION)
        _decide(page, police_item, OTHER_DECISION)
        _contribute(
            page,
            school_item,
            region.politie,
            POLICE_TO_OM_ONLY,
            Sharing.SELECTED,
            [region.om.slug],
        )
        _contribute(
            page,
            school_item,
            region.school,
            SCHOOL_NOT_POLICE,
            Sharing.EXCEPT,
            [region.politie.slug],
        )
        _intervene(
            page,
            school_item,
            InterventionKind.HULPVERLENING,
            SCHOOL_ACTION,
            region.school,
        )
        _intervene(
            page,
            school_item,
            InterventionKind.OPSPORING,
            POLICE_ACTION,
            region.politie,
            owner=police_officer,
        )
        _intervene(page, police_item, InterventionKind.OPSPORING, OM_ACTION, region.om)
        assert Decision.objects.count() == 2
        assert {
            (c.organisation_id, c.sharing, tuple(o.pk for o in c.shared_with.all()))
            for c in ItemContribution.objects.all()
        } == {
            (region.politie.pk, Sharing.SELECTED, (region.om.pk,)),
            (region.school.pk, Sharing.EXCEPT, (region.politie.pk,)),
        }
        assert set(Intervention.objects.values_list("responsible_id", flat=True)) == {
            region.school.pk,
            region.politie.pk,
            region.om.pk,
        }

        # Close; the minutes render per organisation through the task.
        page.set_default_timeout(SLOW_MS)
        page.get_by_role("button", name="Overleg sluiten").click()
        page.wait_for_url(detail)
        page.set_default_timeout(20_000)
        page.locator("[data-testid=minutes-link]").click()
        page.wait_for_selector("[data-testid=minutes-versions]")
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-minutes]')]"
            ".every(r => r.dataset.status === 'done')",
            timeout=SLOW_MS,
        )
        versions = Minutes.objects.filter(meeting=meeting)
        assert {v.status for v in versions} == {JobStatus.DONE}
        assert {region.school.pk, region.politie.pk, region.om.pk} <= {
            v.organisation_id for v in versions
        }
        school_pdf = _pdf_text(_download(page, region.school.name), tmp_path)
        police_pdf = _pdf_text(_download(page, region.politie.name), tmp_path)
    finally:
        context.close()

    references = {
        item.pk: item.dossier.reference
        for item in AgendaItem.objects.filter(pk__in=order).select_related("dossier")
        if item.dossier is not None
    }
    assert set(references) == set(order)
    # The school's version: its item only, and there no contribution kept from it.
    assert references[school_item] in school_pdf
    assert SCHOOL_DECISION in school_pdf and SCHOOL_NOT_POLICE in school_pdf
    assert SCHOOL_ACTION in school_pdf
    # The police's opsporing on the school's item is not for the school's eyes.
    assert POLICE_ACTION not in school_pdf
    for other in (police_item, third_item):
        assert references[other] not in school_pdf
    assert OTHER_DECISION not in school_pdf and OM_ACTION not in school_pdf
    assert POLICE_TO_OM_ONLY not in school_pdf
    # The police's version: every item it takes part in, its own contribution,
    # and nothing the school withheld from it.
    assert all(references[pk] in police_pdf for pk in order)
    assert POLICE_TO_OM_ONLY in police_pdf and OTHER_DECISION in police_pdf
    assert all(a in police_pdf for a in (SCHOOL_ACTION, POLICE_ACTION, OM_ACTION))
    assert SCHOOL_NOT_POLICE not in police_pdf

    # The school itself finds only its own version, and the same text in it.
    school = signed_in_context(browser, live_server, school_worker)
    page = school.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{base}/casusoverleg/{meeting.uuid}/verslag/")
        assert page.locator("[data-minutes]").count() == 1
        own = _pdf_text(_download(page, region.school.name), tmp_path)
    finally:
        school.close()
    assert own == school_pdf
