"""The casusoverleg for page tests, on top of tests/chain.py: a meeting held a week
ago (closed, its minutes rendered, a correction, interventions for the police and
the school, one of the police's marked 'niet uitgevoerd') and one in five days whose
agenda the builder made (the carried-over case), with the police on
the attendance list. Built through the services, as people would; fictional."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from casusoverleg.constants import (
    AttendanceKind,
    InterventionKind,
    InterventionStatus,
    ItemStatus,
)
from casusoverleg.models import AgendaItem, Meeting
from casusoverleg.services.actions import intervention_progress
from casusoverleg.services.agenda import (
    agenda_build_request,
    agenda_item_accept,
    agenda_item_add,
    agenda_item_invite,
    agenda_item_sketch_update,
)
from casusoverleg.services.meeting import (
    attendance_record,
    contribution_record,
    correction_record,
    decision_record,
    intervention_create,
    meeting_close,
    meeting_schedule,
    meeting_start,
)
from partners.models import User
from signals.constants import Sharing
from signals.models import Dossier
from tests.conftest import Region

PLACE = "Stadhuis Demostad, zaal 3 (fictief)"


@dataclass
class Meetings:
    closed: Meeting
    upcoming: Meeting


def build_casusoverleg(
    *,
    region: Region,
    dossier: Dossier,
    ketenregisseur: User,
    screener: User,
    police_officer: User,
    school_worker: User,
) -> Meetings:
    """``dossier`` takes part with the school already (tests/chain.py)."""
    chair = ketenregisseur
    held = timezone.now() - datetime.timedelta(days=7)
    closed = meeting_schedule(
        actor=chair, starts_at=held, chair=chair, place=PLACE, allow_past=True
    )
    item = agenda_item_add(meeting=closed, reference=dossier.reference, actor=chair)
    agenda_item_invite(item=item, organisation=region.school, actor=chair)
    agenda_item_sketch_update(
        item=item,
        actor=screener,
        background="Leerling verzuimt en wordt na school opgehaald (fictief).",
        questions="Wat weet de school van het verzuim?",
    )
    present = [
        attendance_record(
            meeting=closed,
            actor=chair,
            organisation=user.organisation,
            kind=AttendanceKind.PRESENT,
            user=user,
            has_mandate=True,
        )
        for user in (chair, police_officer, school_worker)
    ]
    attendance_record(
        meeting=closed,
        actor=chair,
        organisation=region.jeugdzorg,
        kind=AttendanceKind.APOLOGIES,
        name="Jet Jeugdzorg",
        info_sent=True,
    )
    meeting_start(meeting=closed, actor=chair, acknowledged=[a.pk for a in present])
    decision_record(
        item=item, actor=chair, text="De school houdt dagelijks contact (fictief)."
    )
    contribution_record(
        item=item,
        actor=chair,
        organisation=region.politie,
        text="Bekend bij de politie als vermist gemeld (fictief).",
        sharing=Sharing.EXCEPT,
        shared_with=[region.school.slug],
    )
    contribution_record(
        item=item,
        actor=chair,
        organisation=region.school,
        text="Verzuim sinds drie weken (fictief).",
    )
    talk = intervention_create(
        item=item,
        actor=chair,
        kind=InterventionKind.OPSPORING,
        description="Tegenhoudgesprek (fictief)",
        responsible=region.politie,
        owner=police_officer,
        deadline=timezone.localdate(held) + datetime.timedelta(days=3),
    )
    intervention_create(
        item=item,
        actor=chair,
        kind=InterventionKind.HULPVERLENING,
        description="Verzuim dagelijks melden (fictief)",
        responsible=region.school,
        owner=school_worker,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        order=2,
        depends_on=talk,
    )
    intervention_create(
        item=item,
        actor=chair,
        kind=InterventionKind.OPSPORING,
        description="Adrescontrole (fictief)",
        responsible=region.politie,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
    # Closing renders the minutes (eager Celery, after the commit).
    meeting_close(meeting=closed, actor=chair)
    correction_record(
        meeting=closed,
        actor=chair,
        item=item,
        text="Het verzuim loopt sinds vier weken, niet drie (fictief).",
    )
    intervention_progress(
        intervention=talk,
        actor=police_officer,
        status=InterventionStatus.NOT_DONE,
        note="De jongen is niet aangetroffen (fictief).",
    )

    upcoming = meeting_schedule(
        actor=chair,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        chair=chair,
        place=PLACE,
    )
    agenda_build_request(meeting=upcoming, actor=chair)
    for proposed in AgendaItem.objects.filter(
        meeting=upcoming, status=ItemStatus.PROPOSED
    ):
        agenda_item_accept(item=proposed, actor=chair)
    attendance_record(
        meeting=upcoming,
        actor=chair,
        organisation=region.politie,
        kind=AttendanceKind.PRESENT,
        user=police_officer,
    )
    return Meetings(closed=closed, upcoming=upcoming)
