"""Fictional casusoverleg work for the demo region (docs/domain.md sections 7, 8).

Every name and event here is invented. It runs after ``classification.demo``
(which gives two oranje dossiers and a rood one) and goes through the real
services as the demo's ketenregisseur (kim.regisseur, the chair) and partners:

* a closed meeting three weeks ago: two cases, attendance with an apology whose
  information came in advance, decisions, contributions (one withheld from the
  GGD), the OM's feedback, six interventions for five organisations with their
  progress since (one done, one in progress and overdue, one overdue and open,
  one marked "niet uitgevoerd" with a reason, two still to come) and its minutes,
  rendered per organisation;
* the reminders around the deadlines (notifications; the e-mails stay unsent);
* an upcoming meeting in six days whose agenda the builder made (the carried-over
  and overdue interventions bring their cases back), all items accepted, one
  with a sketch, and the school invited to one item.

Runs once: a region that already has a meeting keeps it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from casusoverleg.constants import (
    AttendanceKind,
    InterventionKind,
    InterventionStatus,
    ItemStatus,
    JobStatus,
    Prosecution,
)
from casusoverleg.models import (
    AgendaItem,
    Attendance,
    Decision,
    Intervention,
    InterventionUpdate,
    ItemContribution,
    Meeting,
    Minutes,
)
from casusoverleg.services.actions import (
    intervention_progress,
    intervention_reminders_send,
)
from casusoverleg.services.agenda import (
    agenda_build_request,
    agenda_build_run,
    agenda_item_accept,
    agenda_item_add,
    agenda_item_invite,
    agenda_item_sketch_update,
)
from casusoverleg.services.meeting import (
    attendance_record,
    contribution_record,
    decision_record,
    intervention_create,
    meeting_close,
    meeting_schedule,
    meeting_start,
    prosecution_record,
)
from casusoverleg.services.minutes import minutes_render
from classification.constants import Colour
from classification.selectors import dossier_colour
from partners.models import Organisation, User
from signals.constants import Sharing
from signals.models import Dossier

PLACE = "Stadhuis Demostad, zaal 3 (fictief)"
CLOSED_DAYS_AGO = 21
UPCOMING_IN_DAYS = 6


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime(day.year, day.month, day.day, hour, minute)
    )


def _case_dossiers() -> list[Dossier]:
    """The demo's oranje and rood dossiers, oldest first."""
    return [
        dossier
        for dossier in Dossier.objects.order_by("id")
        if dossier_colour(dossier=dossier) in (Colour.ORANJE, Colour.ROOD)
    ]


def seed_demo_casusoverleg(*, today: datetime.date) -> int:
    """Returns the number of meetings. Runs once."""
    if Meeting.objects.exists():
        return Meeting.objects.count()
    cases = _case_dossiers()
    if len(cases) < 3:
        return 0
    users = {u.username: u for u in User.objects.select_related("organisation")}
    orgs = {o.slug: o for o in Organisation.objects.all()}
    _closed_meeting(today, users, orgs, cases[0], cases[2])
    intervention_reminders_send(today=today)
    _upcoming_meeting(today, users, orgs, cases)
    return Meeting.objects.count()


def _closed_meeting(
    today: datetime.date,
    users: dict[str, User],
    orgs: dict[str, Organisation],
    first: Dossier,
    second: Dossier,
) -> Meeting:
    kim = users["kim.regisseur"]
    pieter, olga = users["pieter.agent"], users["olga.officier"]
    gijs, bo = users["gijs.ggd"], users["bo.jeugdbescherming"]
    day = today - datetime.timedelta(days=CLOSED_DAYS_AGO)
    meeting = meeting_schedule(
        actor=kim, starts_at=_at(day, 14), chair=kim, place=PLACE, allow_past=True
    )
    item_a = agenda_item_add(meeting=meeting, reference=first.reference, actor=kim)
    item_b = agenda_item_add(meeting=meeting, reference=second.reference, actor=kim)

    present = [
        attendance_record(
            meeting=meeting,
            actor=kim,
            organisation=user.organisation,
            kind=AttendanceKind.PRESENT,
            user=user,
            has_mandate=True,
        )
        for user in (kim, pieter, olga, gijs)
    ]
    attendance_record(
        meeting=meeting,
        actor=kim,
        organisation=bo.organisation,
        kind=AttendanceKind.APOLOGIES,
        user=bo,
        info_sent=True,
    )
    meeting_start(meeting=meeting, actor=kim, acknowledged=[a.pk for a in present])

    # Case A: the OM weighs prosecution first, then the police's stopping talk.
    police_says = contribution_record(
        item=item_a,
        actor=kim,
        organisation=orgs["politie"],
        text="De vermoedelijke uitbuiter is eerder aangehouden voor een "
        "geweldsdelict (fictief).",
        sharing=Sharing.EXCEPT,
        shared_with=["ggd"],
    )
    ggd_says = contribution_record(
        item=item_a,
        actor=kim,
        organisation=orgs["ggd"],
        text="De jongere is twee keer op het spreekuur geweest en wil hulp (fictief).",
    )
    decided_a = decision_record(
        item=item_a,
        actor=kim,
        text="Het OM beoordeelt of een strafrechtelijk onderzoek mogelijk is; "
        "daarna voert de politie een tegenhoudgesprek. De gemeente vraagt een "
        "bestuurlijke rapportage op over het pand.",
    )
    prosecution_record(item=item_a, actor=olga, prosecution=Prosecution.NOT_YET)
    weigh = intervention_create(
        item=item_a,
        actor=kim,
        kind=InterventionKind.OPSPORING,
        description="Beoordelen of een strafrechtelijk onderzoek mogelijk is",
        responsible=orgs["om"],
        owner=olga,
        deadline=day + datetime.timedelta(days=7),
    )
    stop_talk = intervention_create(
        item=item_a,
        actor=kim,
        kind=InterventionKind.OPSPORING,
        description="Tegenhoudgesprek met de vermoedelijke uitbuiter",
        responsible=orgs["politie"],
        owner=pieter,
        deadline=day + datetime.timedelta(days=14),
        order=2,
        depends_on=weigh,
    )
    report = intervention_create(
        item=item_a,
        actor=kim,
        kind=InterventionKind.BESTUURLIJK,
        description="Bestuurlijke rapportage opvragen over het pand aan de "
        "Verzonnenlaan",
        responsible=orgs["gemeente"],
        deadline=day + datetime.timedelta(days=24),
    )

    # Case B: youth protection first; the GGD's treatment waits for it.
    decided_b = decision_record(
        item=item_b,
        actor=kim,
        text="Jeugdbescherming meldt de jongere bij de Raad voor de "
        "Kinderbescherming; de GGD biedt traumabehandeling aan zodra er een "
        "verblijfplaats is. De politie controleert het adres.",
    )
    report_raad = intervention_create(
        item=item_b,
        actor=kim,
        kind=InterventionKind.HULPVERLENING,
        description="Melding bij de Raad voor de Kinderbescherming voor onderzoek",
        responsible=orgs["jeugdbescherming"],
        owner=bo,
        deadline=day + datetime.timedelta(days=10),
    )
    treatment = intervention_create(
        item=item_b,
        actor=kim,
        kind=InterventionKind.HULPVERLENING,
        description="Traumabehandeling aanbieden",
        responsible=orgs["ggd"],
        owner=gijs,
        deadline=day + datetime.timedelta(days=28),
        order=2,
        depends_on=report_raad,
    )
    address = intervention_create(
        item=item_b,
        actor=kim,
        kind=InterventionKind.OPSPORING,
        description="Adrescontrole en advertentiesites nalopen",
        responsible=orgs["politie"],
        owner=pieter,
        deadline=day + datetime.timedelta(days=18),
    )
    # Closing requests the minutes, rendered after commit (with eager Celery on
    # that commit). Closing and setting the record back to the meeting's day are
    # one transaction, so the minutes carry the meeting's own times ("Gesloten
    # op", decisions, contributions) whichever way they render. The numbers are
    # minutes after the meeting's start.
    with transaction.atomic():
        meeting_close(meeting=meeting, actor=kim)
        _backdate_meeting(
            meeting,
            _at(day, 14),
            {
                police_says: 8,
                ggd_says: 12,
                decided_a: 31,
                weigh: 33,
                stop_talk: 35,
                report: 38,
                decided_b: 64,
                report_raad: 66,
                treatment: 69,
                address: 72,
            },
        )
    # Without eager Celery they render here (each render runs once).
    for minutes_id in Minutes.objects.filter(
        meeting=meeting, status=JobStatus.QUEUED
    ).values_list("pk", flat=True):
        minutes_render(minutes_id=minutes_id)

    # Progress since the meeting, by the responsible organisations.
    intervention_progress(
        intervention=weigh,
        actor=olga,
        status=InterventionStatus.DONE,
        outcome="Beoordeeld; de terugkoppeling volgt in het volgende overleg.",
    )
    intervention_progress(
        intervention=report_raad,
        actor=bo,
        status=InterventionStatus.NOT_DONE,
        note="De jongere is met onbekende bestemming vertrokken; de melding "
        "wacht op een verblijfadres (fictief).",
    )
    intervention_progress(
        intervention=address,
        actor=pieter,
        status=InterventionStatus.IN_PROGRESS,
        note="Twee advertenties gevonden; het adres wordt deze week gecontroleerd.",
    )
    _backdate_progress(day, {weigh: 6, report_raad: 11, address: 9})
    return meeting


# The services stamp every record with "now" (the seed time), but the demo's
# meeting was three weeks ago. This is fictional demo data only, so its record
# is set back to the meeting's day with direct updates (no service, no audit):
# nowhere else may a recorded time be rewritten.
CLOSED_AFTER_MINUTES = 85


def _backdate_meeting(
    meeting: Meeting,
    start: datetime.datetime,
    minutes_after: dict[Decision | ItemContribution | Intervention, int],
) -> None:
    """The meeting's record as it happened: scheduled two weeks before, agenda a
    week before, attendance recorded and confidentiality acknowledged as it
    opened, each decision, contribution and intervention ``minutes_after`` its
    start, closed after ``CLOSED_AFTER_MINUTES``."""
    minute = datetime.timedelta(minutes=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        created_at=start - datetime.timedelta(days=14),
        started_at=start + 2 * minute,
        closed_at=start + CLOSED_AFTER_MINUTES * minute,
    )
    AgendaItem.objects.filter(meeting=meeting).update(
        created_at=start - datetime.timedelta(days=7)
    )
    for offset, attendance in enumerate(
        Attendance.objects.filter(meeting=meeting).order_by("id")
    ):
        Attendance.objects.filter(pk=attendance.pk).update(
            recorded_at=start - (5 - offset) * minute,
            confidentiality_acknowledged_at=(
                start + minute
                if attendance.confidentiality_acknowledged_at is not None
                else None
            ),
        )
    for row, after in minutes_after.items():
        when = start + after * minute
        if isinstance(row, Intervention):
            Intervention.objects.filter(pk=row.pk).update(created_at=when)
        else:
            type(row).objects.filter(pk=row.pk).update(recorded_at=when)


def _backdate_progress(day: datetime.date, progress: dict[Intervention, int]) -> None:
    """The progress since the meeting, ``progress`` days after it."""
    for intervention, days_after in progress.items():
        when = _at(day + datetime.timedelta(days=days_after), 10)
        InterventionUpdate.objects.filter(intervention=intervention).update(at=when)
        Intervention.objects.filter(pk=intervention.pk).update(status_changed_at=when)


def _upcoming_meeting(
    today: datetime.date,
    users: dict[str, User],
    orgs: dict[str, Organisation],
    cases: list[Dossier],
) -> Meeting:
    kim, sam = users["kim.regisseur"], users["sam.screener"]
    meeting = meeting_schedule(
        actor=kim,
        starts_at=_at(today + datetime.timedelta(days=UPCOMING_IN_DAYS), 14),
        chair=kim,
        place=PLACE,
    )
    build = agenda_build_request(meeting=meeting, actor=kim)
    # With eager Celery the build ran on commit; otherwise it runs here (a build
    # runs once: the task finds it no longer queued).
    agenda_build_run(build_id=build.pk)
    for item in AgendaItem.objects.filter(
        meeting=meeting, status=ItemStatus.PROPOSED
    ).order_by("id"):
        agenda_item_accept(item=item, actor=kim)
    on_agenda = {
        item.dossier_id: item
        for item in AgendaItem.objects.filter(
            meeting=meeting, status=ItemStatus.ACCEPTED, dossier__isnull=False
        )
    }
    # The second oranje case was not discussed before: the school, which knows
    # the pupil, is invited to that item only.
    school_case = cases[1]
    item = on_agenda.get(school_case.pk) or agenda_item_add(
        meeting=meeting, reference=school_case.reference, actor=kim
    )
    agenda_item_invite(item=item, organisation=orgs["school"], actor=kim)
    agenda_item_sketch_update(
        item=item,
        actor=sam,
        background="Leerling verzuimt sinds enkele weken en wordt na school "
        "opgehaald door een oudere jongen (fictief).",
        open_actions="Geen: de casus is nog niet eerder besproken.",
        questions="Wat weet de school van het verzuim en van de contacten van de "
        "leerling?",
        proposed_interventions="Gesprek met de leerling door de "
        "vertrouwenspersoon; melding bij Veilig Thuis overwegen.",
    )
    return meeting
