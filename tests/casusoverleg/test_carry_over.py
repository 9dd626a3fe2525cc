"""Unfinished interventions carry over (issue: casusoverleg, "Done when").

A meeting decides interventions; afterwards each responsible organisation marks
its own: the police "niet uitgevoerd", the OM "niet mogelijk (omstandigheden
gewijzigd)", each with its reason; a third is done. The builder brings the case
back on the next meeting's agenda; the agenda and the item page show each
unfinished intervention with its own status and reason (the done one is gone),
and the next meeting's minutes keep the distinction, in the HTML row by row and
in the rendered PDF.
"""

from __future__ import annotations

import datetime
import re
import subprocess
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from casusoverleg.constants import (
    AttendanceKind,
    InterventionKind,
    InterventionStatus,
    ItemReason,
    ItemStatus,
    JobStatus,
)
from casusoverleg.models import AgendaItem, Meeting, Minutes
from casusoverleg.services.actions import intervention_progress
from casusoverleg.services.agenda import (
    agenda_build_request,
    agenda_item_accept,
    agenda_item_add,
)
from casusoverleg.services.meeting import (
    attendance_record,
    intervention_create,
    meeting_close,
    meeting_schedule,
    meeting_start,
)
from casusoverleg.services.minutes import minutes_html, minutes_render
from partners.models import User
from tests.casusoverleg.test_agenda import _dossier, _ready
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db

NOT_DONE = "Tegenhoudgesprek voeren (fictief)"
NOT_DONE_REASON = "De vermoedelijke pooier is niet aangetroffen (fictief)."
NOT_POSSIBLE = "Strafrechtelijk onderzoek starten (fictief)"
NOT_POSSIBLE_REASON = "Het slachtoffer is naar het buitenland verhuisd (fictief)."
DONE = "Bestuurlijke rapportage opvragen (fictief)"
PLACE = "Stadhuis Demostad, zaal 3 (fictief)"
NOT_DONE_LABEL = str(InterventionStatus.NOT_DONE.label)
NOT_POSSIBLE_LABEL = str(InterventionStatus.NOT_POSSIBLE.label)


def _run(meeting: Meeting, chair: User) -> None:
    present = attendance_record(
        meeting=meeting,
        actor=chair,
        organisation=chair.organisation,
        kind=AttendanceKind.PRESENT,
        user=chair,
        has_mandate=True,
    )
    meeting_start(meeting=meeting, actor=chair, acknowledged=[present.pk])


def _text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _carried_lines(html: str) -> list[str]:
    """The items of the first carried-over list on an agenda page, as text."""
    match = re.search(r'data-testid="carried-over">(.*?)</ul>', html, re.S)
    assert match, "no carried-over list on the page"
    return [
        _text(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", match.group(1), re.S)
    ]


def _pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text in the order it was laid out (-raw: a table cell wrapped
    over lines stays together), whitespace collapsed."""
    path = tmp_path / "verslag.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return " ".join(result.stdout.split())


def _minutes_rows(html: str) -> list[str]:
    """The minutes' interventions and actions, one block (what and its facts) each."""
    return [
        _text(row) for row in re.findall(r'<div class="row">(.*?)</div>', html, re.S)
    ]


@pytest.fixture
def previous(
    region,
    ketenregisseur,
    screener,
    police_officer,
    police_contact,
    om_officer,
    django_capture_on_commit_callbacks,
):
    """A closed meeting a week ago with three interventions on one case, marked
    since by their responsible organisations."""
    dossier = _ready(
        _dossier(screener, police_officer), screener, region, police_contact
    )
    day = timezone.now() - datetime.timedelta(days=7)
    meeting = meeting_schedule(
        actor=ketenregisseur,
        starts_at=day,
        chair=ketenregisseur,
        place=PLACE,
        allow_past=True,
    )
    item = agenda_item_add(
        meeting=meeting, reference=dossier.reference, actor=ketenregisseur
    )
    _run(meeting, ketenregisseur)
    deadline = timezone.localdate()
    made = {
        text: intervention_create(
            item=item,
            actor=ketenregisseur,
            kind=kind,
            description=text,
            responsible=organisation,
            deadline=deadline,
        )
        for text, kind, organisation in (
            (NOT_DONE, InterventionKind.OPSPORING, region.politie),
            (NOT_POSSIBLE, InterventionKind.OPSPORING, region.om),
            (DONE, InterventionKind.BESTUURLIJK, region.gemeente),
        )
    }
    with django_capture_on_commit_callbacks(execute=False):
        meeting_close(meeting=meeting, actor=ketenregisseur)
    intervention_progress(
        intervention=made[NOT_DONE],
        actor=police_officer,
        status=InterventionStatus.NOT_DONE,
        note=NOT_DONE_REASON,
    )
    intervention_progress(
        intervention=made[NOT_POSSIBLE],
        actor=om_officer,
        status=InterventionStatus.NOT_POSSIBLE,
        note=NOT_POSSIBLE_REASON,
    )
    intervention_progress(
        intervention=made[DONE],
        actor=ketenregisseur,
        status=InterventionStatus.DONE,
        outcome="Rapportage ontvangen (fictief).",
    )
    return dossier


def _assert_kept_apart(lines: list[str]) -> None:
    """Each unfinished intervention with its own status and reason; the done one
    not at all."""
    not_done = [line for line in lines if NOT_DONE in line]
    not_possible = [line for line in lines if NOT_POSSIBLE in line]
    assert len(not_done) == 1 and len(not_possible) == 1, lines
    assert NOT_DONE_LABEL in not_done[0] and NOT_DONE_REASON in not_done[0]
    assert NOT_POSSIBLE_LABEL not in not_done[0]
    assert NOT_POSSIBLE_LABEL in not_possible[0]
    assert NOT_POSSIBLE_REASON in not_possible[0]
    assert NOT_DONE_REASON not in not_possible[0]
    assert not any(DONE in line for line in lines)


def test_an_unfinished_intervention_returns_on_the_next_agenda_with_its_reason(
    previous, region, ketenregisseur, django_capture_on_commit_callbacks, tmp_path
):
    meeting = meeting_schedule(
        actor=ketenregisseur,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        chair=ketenregisseur,
        place=PLACE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        agenda_build_request(meeting=meeting, actor=ketenregisseur)
    item = AgendaItem.objects.get(meeting=meeting, dossier=previous)
    assert ItemReason.CARRIED_OVER in item.reasons
    assert item.is_repeat
    agenda_item_accept(item=item, actor=ketenregisseur)

    client = verified_client(ketenregisseur)
    agenda = client.get(reverse("casusoverleg:agenda", kwargs={"uuid": meeting.uuid}))
    assert agenda.status_code == 200
    _assert_kept_apart(_carried_lines(agenda.content.decode()))
    page = client.get(
        reverse(
            "casusoverleg:agenda-item",
            kwargs={"uuid": meeting.uuid, "item_id": item.pk},
        )
    )
    assert page.status_code == 200
    _assert_kept_apart(_carried_lines(page.content.decode()))

    # The next meeting's minutes keep the distinction: the full set and the
    # version of the police, which takes part in the case.
    _run(meeting, ketenregisseur)
    with django_capture_on_commit_callbacks(execute=False):
        meeting_close(meeting=meeting, actor=ketenregisseur)
    for organisation in (None, region.politie):
        minutes = Minutes.objects.get(meeting=meeting, organisation=organisation)
        _assert_kept_apart(
            [
                row
                for row in _minutes_rows(minutes_html(minutes=minutes))
                if NOT_DONE in row or NOT_POSSIBLE in row or DONE in row
            ]
        )
    police = Minutes.objects.get(meeting=meeting, organisation=region.politie)
    assert minutes_render(minutes_id=police.pk)
    police.refresh_from_db()
    assert police.status == JobStatus.DONE
    text = _pdf_text(bytes(police.pdf or b""), tmp_path)
    for needle in (
        NOT_DONE,
        NOT_DONE_LABEL,
        NOT_DONE_REASON,
        NOT_POSSIBLE,
        NOT_POSSIBLE_LABEL,
        NOT_POSSIBLE_REASON,
    ):
        assert needle in text, needle


def test_a_later_status_replaces_the_reason_on_the_next_agenda(
    previous, ketenregisseur, police_officer, django_capture_on_commit_callbacks
):
    """What the next agenda shows is the organisation's latest word: the police
    tried again and the intervention is in progress; the OM's stays apart."""
    from casusoverleg.models import Intervention

    retried = Intervention.objects.get(description=NOT_DONE)
    intervention_progress(
        intervention=retried,
        actor=police_officer,
        status=InterventionStatus.IN_PROGRESS,
        note="Nieuwe afspraak gemaakt (fictief).",
    )
    meeting = meeting_schedule(
        actor=ketenregisseur,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        chair=ketenregisseur,
        place=PLACE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        agenda_build_request(meeting=meeting, actor=ketenregisseur)
    item = AgendaItem.objects.get(meeting=meeting, dossier=previous)
    assert item.status == ItemStatus.PROPOSED
    client = verified_client(ketenregisseur)
    html = client.get(
        reverse("casusoverleg:agenda", kwargs={"uuid": meeting.uuid})
    ).content.decode()
    lines = _carried_lines(html)
    [line] = [line for line in lines if NOT_DONE in line]
    assert str(InterventionStatus.IN_PROGRESS.label) in line
    assert NOT_DONE_REASON not in line and NOT_DONE_LABEL not in line
    [other] = [line for line in lines if NOT_POSSIBLE in line]
    assert NOT_POSSIBLE_LABEL in other and NOT_POSSIBLE_REASON in other
