"""My organisation's actions: the list (overdue first), progress with its history,
who may see and change an intervention, the ketenregisseur's voortgangscontrole,
the reminders around a deadline and the start page sections."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from casusoverleg.constants import (
    REMINDER_BEFORE_DAYS,
    InterventionKind,
    InterventionStatus,
    ItemStatus,
    JobStatus,
    ReminderKind,
)
from casusoverleg.models import (
    AgendaBuild,
    AgendaItem,
    Intervention,
    InterventionReminder,
    InterventionUpdate,
    Meeting,
)
from casusoverleg.selectors.actions import (
    action_get_visible,
    actions_list,
    actions_overview,
)
from casusoverleg.services.actions import (
    intervention_progress,
    intervention_reminders_send,
)
from casusoverleg.tasks.actions import send_intervention_reminders
from notifications.models import Notification
from partners.models import Organisation, User
from signals.models import Dossier
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    dossier_invite,
    dossier_withdraw_invitation,
    signal_create,
)
from tests.conftest import Region, verified_client

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
PERSON = "Mirthe Verzonnen"


def _dossier(screener: User, police_officer: User) -> Dossier:
    signal = signal_create(
        user=police_officer,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=5),
            description="Opgehaald bij het station door een oudere man (fictief).",
            subject_role="victim",
            kind="regular",
            source="criminal_justice",
            persons=[PersonInput(role="victim", name=PERSON, estimated_age=16)],
        ),
    )
    return dossier_create(actor=screener, signals=[signal])


@dataclass
class Table:
    """A closed meeting's item on one dossier and its interventions."""

    dossier: Dossier
    item: AgendaItem
    regisseur: User

    def add(
        self,
        responsible: Organisation,
        description: str,
        *,
        days: int,
        status: str = InterventionStatus.OPEN,
        owner: User | None = None,
        depends_on: Intervention | None = None,
    ) -> Intervention:
        return Intervention.objects.create(
            dossier=self.dossier,
            item=self.item,
            kind=InterventionKind.HULPVERLENING,
            description=description,
            responsible=responsible,
            owner=owner,
            deadline=timezone.localdate() + datetime.timedelta(days=days),
            status=status,
            depends_on=depends_on,
            created_by=self.regisseur,
        )


@pytest.fixture
def table(region: Region, screener, police_officer, ketenregisseur) -> Table:
    """Police, OM and youth care take part in the dossier; the school does not."""
    dossier = _dossier(screener, police_officer)
    for organisation in (region.politie, region.om, region.jeugdzorg):
        dossier_invite(dossier=dossier, organisation=organisation, actor=screener)
    meeting = Meeting.objects.create(
        starts_at=timezone.now() - datetime.timedelta(days=14),
        chair=ketenregisseur,
        created_by=ketenregisseur,
        status="closed",
    )
    item = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier, status=ItemStatus.ACCEPTED
    )
    return Table(dossier, item, ketenregisseur)


# --- the list ---------------------------------------------------------------------


def test_a_partner_sees_its_own_actions_overdue_first_then_by_deadline(
    region, table, police_officer
):
    later = table.add(region.politie, "Tegenhoudgesprek voeren", days=20)
    soon = table.add(region.politie, "Bestuurlijke rapportage", days=2)
    late = table.add(region.politie, "Adres controleren", days=-3)
    later_late = table.add(region.politie, "Buurtonderzoek", days=-1)
    done = table.add(
        region.politie, "Proces-verbaal", days=-10, status=InterventionStatus.DONE
    )
    om = table.add(region.om, "Vervolging beoordelen", days=-5)

    rows = list(actions_list(user=police_officer, status="alle"))
    assert rows == [late, later_late, soon, later, done]
    # "overdue" is the selector's annotation, which the stubs cannot see.
    overdue = actions_list(user=police_officer, status="alle").values_list(
        "overdue",  # type: ignore[misc]
        flat=True,
    )
    assert list(overdue) == [True, True, False, False, False]
    assert om not in rows
    # The default shows what is still to do.
    assert list(actions_list(user=police_officer)) == [late, later_late, soon, later]

    response = verified_client(police_officer).get("/casusoverleg/acties/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Adres controleren") < body.index("Buurtonderzoek")
    assert body.index("Buurtonderzoek") < body.index("Bestuurlijke rapportage")
    assert "Vervolging beoordelen" not in body
    assert "Proces-verbaal" not in body
    assert body.count('data-overdue="true"') == 2
    assert AuditEvent.objects.filter(
        actor_id=police_officer.pk,
        action="list",
        object_type="casusoverleg.intervention",
    ).exists()


def test_an_action_that_waits_for_another_says_so(
    region, table, police_officer, om_officer
):
    first = table.add(region.om, "Vervolging beoordelen", days=5)
    then = table.add(
        region.politie, "Tegenhoudgesprek voeren", days=10, depends_on=first
    )
    client = verified_client(police_officer)
    listed = client.get("/casusoverleg/acties/").content.decode()
    assert "wacht op ‘Vervolging beoordelen’ (Openbaar Ministerie Demoland)" in listed
    page = client.get(f"/casusoverleg/acties/{then.uuid}/").content.decode()
    assert 'data-testid="depends-on"' in page
    assert "pas beginnen als die is uitgevoerd" in page
    # The meeting that decided it opens for the police.
    meeting_path = f"/casusoverleg/{table.item.meeting.uuid}/"
    assert meeting_path in page
    assert client.get(meeting_path).status_code == 200
    # The OM's page names what waits for it.
    om_page = verified_client(om_officer).get(f"/casusoverleg/acties/{first.uuid}/")
    assert om_page.status_code == 200
    # The OM does not see the police's action itself, so it is not named.
    assert 'data-testid="followers"' not in om_page.content.decode()


# --- who may see and change -------------------------------------------------------


def test_another_organisation_gets_a_404_for_an_action(
    region, table, police_officer, om_officer, school_worker, outsider
):
    action = table.add(region.politie, "Tegenhoudgesprek voeren", days=5)
    path = f"/casusoverleg/acties/{action.uuid}/"
    assert verified_client(police_officer).get(path).status_code == 200
    # The OM takes part in the dossier but is not responsible: as if absent.
    for user in (om_officer, school_worker):
        client = verified_client(user)
        assert client.get(path).status_code == 404
        response = client.post(
            f"{path}voortgang/",
            {"voortgang-status": "done", "voortgang-outcome": "Klaar."},
        )
        assert response.status_code == 404
        with pytest.raises(Http404):
            intervention_progress(
                intervention=action, actor=user, status=InterventionStatus.DONE
            )
        assert list(actions_list(user=user, status="alle")) == []
    action.refresh_from_db()
    assert action.status == InterventionStatus.OPEN
    assert not InterventionUpdate.objects.exists()
    # Outside the convenant there is not even the list.
    assert verified_client(outsider).get("/casusoverleg/acties/").status_code == 403
    assert AuditEvent.objects.filter(
        action="denied", object_type="casusoverleg.intervention"
    ).exists()


def test_an_organisation_that_leaves_the_dossier_no_longer_sees_its_action(
    region, table, screener, youth_care_contact
):
    action = table.add(region.jeugdzorg, "Vrijwillige jeugdhulp starten", days=5)
    assert action_get_visible(user=youth_care_contact, intervention_uuid=action.uuid)
    dossier_withdraw_invitation(
        dossier=table.dossier, organisation=region.jeugdzorg, actor=screener
    )
    with pytest.raises(Http404):
        action_get_visible(user=youth_care_contact, intervention_uuid=action.uuid)


def test_the_screening_team_has_no_action_list(screener):
    assert verified_client(screener).get("/casusoverleg/acties/").status_code == 403


# --- progress ---------------------------------------------------------------------


def test_progress_keeps_its_history_and_a_reason_is_required(
    region, table, police_officer, police_contact, ketenregisseur
):
    action = table.add(region.politie, "Tegenhoudgesprek voeren", days=5)
    client = verified_client(police_officer)
    path = f"/casusoverleg/acties/{action.uuid}/voortgang/"
    response = client.post(
        path, {"voortgang-status": "in_progress", "voortgang-note": "Afspraak gepland."}
    )
    assert response.status_code == 302
    # Niet uitgevoerd without a reason: the error summary, nothing stored.
    response = client.post(path, {"voortgang-status": "not_done", "voortgang-note": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Er is een probleem" in body
    assert "Geef een toelichting" in body
    action.refresh_from_db()
    assert action.status == InterventionStatus.IN_PROGRESS
    assert InterventionUpdate.objects.count() == 1
    # Niet mogelijk with a reason, by the contactpersoon.
    response = verified_client(police_contact).post(
        path,
        {
            "voortgang-status": "not_possible",
            "voortgang-note": "Betrokkene is verhuisd naar het buitenland.",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == InterventionStatus.NOT_POSSIBLE
    assert action.status_reason == "Betrokkene is verhuisd naar het buitenland."
    assert action.status_changed_by == police_contact
    # The ketenregisseur may record too; done clears the reason, the history keeps it.
    intervention_progress(
        intervention=action,
        actor=ketenregisseur,
        status=InterventionStatus.DONE,
        outcome="Gesprek alsnog gevoerd.",
    )
    action.refresh_from_db()
    assert (action.status, action.status_reason, action.outcome) == (
        "done",
        "",
        "Gesprek alsnog gevoerd.",
    )
    history = list(
        InterventionUpdate.objects.filter(intervention=action).values_list(
            "status", "note", "by__username"
        )
    )
    assert history == [
        ("in_progress", "Afspraak gepland.", "pieter.agent"),
        (
            "not_possible",
            "Betrokkene is verhuisd naar het buitenland.",
            "paula.contact",
        ),
        ("done", "Resultaat: Gesprek alsnog gevoerd.", "kim.regisseur"),
    ]
    page = client.get(f"/casusoverleg/acties/{action.uuid}/").content.decode()
    assert page.count("data-status=") == 3
    assert "verhuisd naar het buitenland" in page
    assert (
        AuditEvent.objects.filter(
            object_type="casusoverleg.intervention",
            object_id=str(action.pk),
            action="update",
        ).count()
        == 3
    )


@pytest.mark.parametrize("status", ["not_possible", "not_done"])
def test_the_unfinished_statuses_need_a_reason(region, table, police_officer, status):
    action = table.add(region.politie, "Tegenhoudgesprek voeren", days=5)
    with pytest.raises(ValidationError) as raised:
        intervention_progress(
            intervention=action, actor=police_officer, status=status, note="   "
        )
    assert "note" in raised.value.message_dict
    # Open is no progress; a bad character is refused.
    with pytest.raises(ValidationError) as raised:
        intervention_progress(
            intervention=action, actor=police_officer, status="open", note="x\x00"
        )
    assert set(raised.value.message_dict) == {"status", "note"}
    assert not InterventionUpdate.objects.exists()


# --- the ketenregisseur's voortgangscontrole --------------------------------------


def test_the_ketenregisseur_sees_every_organisation_with_counts(
    region, table, ketenregisseur
):
    table.add(region.politie, "Tegenhoudgesprek", days=-2)
    table.add(
        region.politie, "Rapportage", days=4, status=InterventionStatus.IN_PROGRESS
    )
    table.add(region.politie, "Pv", days=-9, status=InterventionStatus.DONE)
    table.add(region.om, "Beoordelen", days=-1)
    table.add(region.om, "Beslag", days=-1, status=InterventionStatus.NOT_DONE)
    table.add(region.jeugdzorg, "Hulp", days=3, status=InterventionStatus.DONE)

    overview = {
        line.organisation.slug: (line.open, line.overdue, line.done, line.unfinished)
        for line in actions_overview(user=ketenregisseur)
    }
    assert overview == {
        "politie": (2, 1, 1, 0),
        "om": (1, 1, 0, 1),
        "jeugdzorg": (0, 0, 1, 0),
    }
    client = verified_client(ketenregisseur)
    body = client.get("/casusoverleg/acties/").content.decode()
    assert 'data-testid="overview"' in body
    assert "Voortgang van de acties" in body
    for text in ("Tegenhoudgesprek", "Rapportage", "Beoordelen"):
        assert text in body
    # Filtered on the OM, every status.
    body = client.get(
        f"/casusoverleg/acties/?organisatie={region.om.pk}&status=alle"
    ).content.decode()
    assert "Beoordelen" in body and "Beslag" in body
    assert "Tegenhoudgesprek" not in body
    # The list's queries do not grow with its rows.
    with CaptureQueriesContext(connection) as few:
        client.get("/casusoverleg/acties/?status=alle")
    for n in range(10):
        table.add(region.om, f"Nog een actie {n}", days=n - 5)
    with CaptureQueriesContext(connection) as many:
        client.get("/casusoverleg/acties/?status=alle")
    assert len(many) == len(few)


# --- reminders --------------------------------------------------------------------


def test_reminders_go_once_before_and_once_after_and_not_for_done_ones(
    region,
    table,
    police_officer,
    police_contact,
    om_officer,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    today = timezone.localdate()
    due = table.add(
        region.politie,
        "Tegenhoudgesprek",
        days=REMINDER_BEFORE_DAYS,
        owner=police_officer,
    )
    far = table.add(region.politie, "Rapportage", days=REMINDER_BEFORE_DAYS + 1)
    done = table.add(region.politie, "Pv", days=1, status=InterventionStatus.DONE)
    late_done = table.add(region.om, "Beslag", days=-2, status=InterventionStatus.DONE)

    with django_capture_on_commit_callbacks(execute=True):
        assert intervention_reminders_send(today=today) == 1
    reminders = Notification.objects.filter(
        kind=Notification.Kind.INTERVENTION_REMINDER
    )
    # The police's vaste contactpersoon and the owner; nobody at the OM.
    assert {n.recipient for n in reminders} == {police_officer, police_contact}
    assert {n.link for n in reminders} == {f"/casusoverleg/acties/{due.uuid}/"}
    assert list(InterventionReminder.objects.values_list("intervention", "kind")) == [
        (due.pk, ReminderKind.BEFORE)
    ]
    # Run again, the same day and the next: nothing new.
    assert intervention_reminders_send(today=today) == 0
    assert intervention_reminders_send(today=today + datetime.timedelta(days=1)) == 1
    assert InterventionReminder.objects.filter(intervention=far).count() == 1
    # After the deadline: one "after" reminder each, once.
    after = far.deadline + datetime.timedelta(days=1)
    assert intervention_reminders_send(today=after) == 2
    assert intervention_reminders_send(today=after) == 0
    assert set(InterventionReminder.objects.values_list("intervention", "kind")) == {
        (due.pk, ReminderKind.BEFORE),
        (due.pk, ReminderKind.AFTER),
        (far.pk, ReminderKind.BEFORE),
        (far.pk, ReminderKind.AFTER),
    }
    assert not InterventionReminder.objects.filter(intervention__in=[done, late_done])
    # The e-mails (by the notifications task) name no person, case or action.
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        text = f"{message.subject}{message.body}"
        for secret in (
            PERSON,
            "Tegenhoudgesprek",
            "Rapportage",
            table.dossier.reference,
        ):
            assert secret not in text
        assert "/casusoverleg/acties/" in message.body


def test_an_overdue_action_gets_only_the_reminder_after(region, table, police_contact):
    late = table.add(region.politie, "Tegenhoudgesprek", days=-4)
    assert send_intervention_reminders.delay().get() == 1
    assert list(InterventionReminder.objects.values_list("intervention", "kind")) == [
        (late.pk, ReminderKind.AFTER)
    ]


def test_no_reminder_while_nobody_can_open_it(region, table, police_officer):
    """The school has no contactpersoon and does not take part in the dossier."""
    table.add(region.school, "Gesprek met mentor", days=1)
    assert intervention_reminders_send() == 0
    assert not InterventionReminder.objects.exists()


# --- start pages ------------------------------------------------------------------


def _section(body: str, key: str) -> str:
    start = body.index(f'data-section="{key}"')
    return body[start : body.index("</section>", start)]


def test_the_partners_start_page_shows_its_open_actions_overdue_first(
    region, table, police_officer
):
    table.add(region.politie, "Rapportage", days=4)
    table.add(region.politie, "Tegenhoudgesprek", days=-2)
    table.add(region.politie, "Pv", days=-9, status=InterventionStatus.DONE)
    table.add(region.om, "Beoordelen", days=-1)
    client = verified_client(police_officer)
    section = _section(client.get("/").content.decode(), "actions")
    assert section.index("Tegenhoudgesprek") < section.index("Rapportage")
    assert "Pv" not in section and "Beoordelen" not in section
    # A fixed number of queries, whatever the number of actions (beyond the
    # rows shown, which adds the capped count).
    for n in range(8):
        table.add(region.politie, f"Eerste actie {n}", days=n)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(12):
        table.add(region.politie, f"Nog een actie {n}", days=n)
    with CaptureQueriesContext(connection) as many:
        section = _section(client.get("/").content.decode(), "actions")
    assert len(many) == len(few)
    assert "in totaal" in section
    assert AuditEvent.objects.filter(
        actor_id=police_officer.pk,
        reason="startpagina: open acties van de organisatie",
    ).exists()


def test_the_ketenregisseurs_start_page_shows_the_next_meeting_and_overdue_actions(
    region, table, ketenregisseur, screener, police_officer
):
    table.add(region.om, "Beoordelen", days=-1)
    table.add(region.politie, "Rapportage", days=4)
    client = verified_client(ketenregisseur)
    body = client.get("/").content.decode()
    assert 'data-testid="no-meeting"' in _section(body, "next_meeting")
    overdue = _section(body, "actions_overdue")
    assert "Beoordelen" in overdue and "Rapportage" not in overdue
    assert "Openbaar Ministerie Demoland" in overdue

    meeting = Meeting.objects.create(
        starts_at=timezone.now() + datetime.timedelta(days=6),
        place="Stadhuis, zaal 2",
        chair=ketenregisseur,
        created_by=ketenregisseur,
    )
    later = Meeting.objects.create(
        starts_at=timezone.now() + datetime.timedelta(days=34),
        chair=ketenregisseur,
        created_by=ketenregisseur,
    )
    for status in (ItemStatus.ACCEPTED, ItemStatus.ACCEPTED, ItemStatus.PROPOSED):
        AgendaItem.objects.create(
            meeting=meeting,
            dossier=_dossier(screener, police_officer),
            status=status,
        )
    AgendaBuild.objects.create(
        meeting=meeting,
        requested_by=ketenregisseur,
        status=JobStatus.FAILED,
        error="De agenda kon niet worden opgebouwd.",
    )
    section = _section(client.get("/").content.decode(), "next_meeting")
    assert "Stadhuis, zaal 2" in section
    assert "2 punten op de agenda, 1 voorgesteld" in section
    assert "Mislukt" in section
    assert f"/casusoverleg/{meeting.uuid}/" in section
    assert str(later.uuid) not in section
    # Not for a partner.
    partner_page = verified_client(police_officer).get("/").content.decode()
    assert 'data-section="next_meeting"' not in partner_page
    # The ketenregisseur's sections run a fixed number of queries too.
    for n in range(8):
        table.add(region.om, f"Eerste actie {n}", days=-n - 2)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(12):
        table.add(region.jeugdzorg, f"Nog een actie {n}", days=-n - 2)
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)
