"""The casusoverleg itself: scheduling, attendance and the confidentiality
statement, the record at the table (decisions, contributions, interventions with
their order and dependency, the OM's feedback), closing and corrections, and
need to know on the meeting page and the meeting view.

The world: the police's case (dossier A; the police and the OM take part) and
the school's case (dossier B; the school invited, the police not), both on the
agenda of one meeting that the ketenregisseur chairs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from casusoverleg.constants import (
    AttendanceKind,
    InterventionKind,
    ItemStatus,
    MeetingStatus,
    Prosecution,
)
from casusoverleg.models import (
    AgendaItem,
    Attendance,
    Correction,
    Decision,
    Intervention,
    ItemContribution,
    Meeting,
)
from casusoverleg.services import meeting as services
from casusoverleg.services.meeting import (
    attendance_acknowledge,
    attendance_record,
    attendance_remove,
    contribution_record,
    correction_record,
    decision_record,
    intervention_create,
    meeting_close,
    meeting_is_open_for_preparation,
    meeting_schedule,
    meeting_start,
    prosecution_record,
)
from partners.constants import Role
from partners.models import User
from signals.constants import Sharing
from signals.models import Dossier
from signals.services import SignalInput, dossier_create, dossier_invite, signal_create
from tests.conftest import Region
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CASE_A = "Bij de poort opgehaald door een onbekende auto (fictief, casus A)."
CASE_B = "Verzuimt steeds vaker op dinsdag (fictief, casus B)."
SKETCH_A = "Achtergrond van casus A: eerder gezien bij het station (fictief)."
SKETCH_B = "Achtergrond van casus B: verzuim en dure telefoon (fictief)."


@dataclass
class World:
    region: Region
    meeting: Meeting
    dossier_a: Dossier
    dossier_b: Dossier
    item_a: AgendaItem
    item_b: AgendaItem
    chair: User


def _dossier(author: User, screener: User, description: str) -> Dossier:
    signal = signal_create(
        user=author,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=5),
            description=description,
            subject_role="victim",
            kind="regular",
            source="criminal_justice",
        ),
    )
    return dossier_create(actor=screener, signals=[signal])


@pytest.fixture(autouse=True)
def minutes_calls(monkeypatch: pytest.MonkeyPatch) -> list[Meeting]:
    """Closing and correcting ask the minutes area to render; recorded here
    instead (tests/casusoverleg/test_minutes.py renders them)."""
    from casusoverleg.services import minutes

    calls: list[Meeting] = []

    def request_all(*, meeting: Meeting, actor: User) -> None:
        calls.append(meeting)

    def after_correction(*, correction: Correction, actor: User) -> None:
        calls.append(correction.meeting)

    monkeypatch.setattr(minutes, "minutes_request_all", request_all)
    monkeypatch.setattr(minutes, "minutes_after_correction", after_correction)
    return calls


@pytest.fixture
def world(
    region: Region,
    ketenregisseur: User,
    screener: User,
    police_officer: User,
    school_worker: User,
) -> World:
    dossier_a = _dossier(police_officer, screener, CASE_A)
    dossier_invite(dossier=dossier_a, organisation=region.politie, actor=screener)
    dossier_invite(dossier=dossier_a, organisation=region.om, actor=screener)
    dossier_b = _dossier(school_worker, screener, CASE_B)
    dossier_invite(dossier=dossier_b, organisation=region.school, actor=screener)
    meeting = meeting_schedule(
        actor=ketenregisseur,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        chair=ketenregisseur,
        place="Veiligheidshuis, zaal 2",
    )
    item_a = AgendaItem.objects.create(
        meeting=meeting,
        dossier=dossier_a,
        status=ItemStatus.ACCEPTED,
        position=1,
        background=SKETCH_A,
    )
    item_b = AgendaItem.objects.create(
        meeting=meeting,
        dossier=dossier_b,
        status=ItemStatus.ACCEPTED,
        position=2,
        background=SKETCH_B,
    )
    return World(region, meeting, dossier_a, dossier_b, item_a, item_b, ketenregisseur)


def _started(world: World, police_officer: User) -> Meeting:
    attendance = attendance_record(
        meeting=world.meeting,
        actor=world.chair,
        organisation=world.region.politie,
        kind=AttendanceKind.PRESENT,
        user=police_officer,
        has_mandate=True,
    )
    return meeting_start(
        meeting=world.meeting, actor=world.chair, acknowledged=[attendance.pk]
    )


def _url(world: World, name: str = "") -> str:
    base = f"/casusoverleg/{world.meeting.uuid}/"
    return base + name


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- scheduling --------------------------------------------------------------------


def test_the_ketenregisseur_schedules_a_meeting(region, ketenregisseur, as_user):
    client = as_user(ketenregisseur)
    assert client.get("/casusoverleg/nieuw/").status_code == 200
    response = client.post(
        "/casusoverleg/nieuw/",
        {
            "overleg-date": (
                timezone.localdate() + datetime.timedelta(days=7)
            ).isoformat(),
            "overleg-time": "13:30",
            "overleg-place": "",
            "overleg-video_link": "https://vergader.example/casusoverleg",
            "overleg-chair": ketenregisseur.pk,
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/casusoverleg/{meeting.uuid}/"
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "13:30"
    assert meeting.video_link == "https://vergader.example/casusoverleg"
    assert meeting.chair == ketenregisseur
    assert meeting.status == MeetingStatus.PLANNED
    assert AuditEvent.objects.filter(
        action="create", object_type="casusoverleg.meeting", object_id=str(meeting.pk)
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert "https://vergader.example/casusoverleg" in page
    assert "Kim Regisseur" in page


def test_the_list_shows_upcoming_first_then_past(world, ketenregisseur, as_user):
    past = meeting_schedule(
        actor=ketenregisseur,
        starts_at=timezone.now() - datetime.timedelta(days=30),
        chair=ketenregisseur,
        place="Stadhuis",
        allow_past=True,
    )
    Meeting.objects.filter(pk=past.pk).update(status=MeetingStatus.CLOSED)
    later = meeting_schedule(
        actor=ketenregisseur,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        chair=ketenregisseur,
        place="Stadhuis",
    )
    page = as_user(ketenregisseur).get("/casusoverleg/").content.decode()
    upcoming = page.index('data-testid="upcoming"')
    held = page.index('data-testid="past"')
    assert (
        upcoming
        < page.index(str(world.meeting.uuid))
        < page.index(str(later.uuid))
        < held
        < page.index(str(past.uuid))
    )


def test_bad_plans_get_dutch_errors_and_store_nothing(
    region, ketenregisseur, police_officer, as_user
):
    client = as_user(ketenregisseur)
    response = client.post(
        "/casusoverleg/nieuw/",
        {"overleg-date": "", "overleg-time": "25:99", "overleg-chair": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vul de datum in." in page
    assert "Vul een geldige tijd in" in page
    assert "Kies de voorzitter." in page
    assert "<title>Fout:" in page
    # A valid form, but the service's rules: a place or a link, a chair who is a
    # ketenregisseur, a date not in the past.
    response = client.post(
        "/casusoverleg/nieuw/",
        {
            "overleg-date": (
                timezone.localdate() - datetime.timedelta(days=3)
            ).isoformat(),
            "overleg-time": "10:00",
            "overleg-place": "",
            "overleg-video_link": "",
            "overleg-chair": ketenregisseur.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "De datum ligt in het verleden." in page
    assert "Vul een plaats of een videoverbinding in." in page
    with pytest.raises(ValidationError) as exc:
        meeting_schedule(
            actor=ketenregisseur,
            starts_at=timezone.now() + datetime.timedelta(days=1),
            chair=police_officer,
            place="Zaal\u202e1",
        )
    errors = _errors(exc)
    assert errors["chair"] == ["De voorzitter is een ketenregisseur."]
    assert "niet is toegestaan" in errors["place"][0]
    assert not Meeting.objects.exists()


def test_only_the_ketenregisseur_schedules(region, police_officer, as_user):
    assert as_user(police_officer).get("/casusoverleg/nieuw/").status_code == 403
    with pytest.raises(PermissionDenied):
        meeting_schedule(
            actor=police_officer,
            starts_at=timezone.now() + datetime.timedelta(days=1),
            chair=police_officer,
            place="Bureau",
        )
    assert not Meeting.objects.exists()


def test_the_plan_changes_until_the_start(world, police_officer, as_user):
    client = as_user(world.chair)
    day = timezone.localdate() + datetime.timedelta(days=9)
    response = client.post(
        _url(world, "wijzigen/"),
        {
            "overleg-date": day.isoformat(),
            "overleg-time": "09:15",
            "overleg-place": "Stadhuis, kamer 4",
            "overleg-video_link": "",
            "overleg-chair": world.chair.pk,
        },
    )
    assert response.status_code == 302
    world.meeting.refresh_from_db()
    assert world.meeting.place == "Stadhuis, kamer 4"
    assert timezone.localtime(world.meeting.starts_at).date() == day
    event = AuditEvent.objects.filter(
        action="update", object_type="casusoverleg.meeting"
    ).latest("id")
    assert event.changed_fields == ["place", "starts_at"]
    _started(world, police_officer)
    with pytest.raises(ValidationError, match="liggen vast"):
        services.meeting_update(
            meeting=world.meeting,
            actor=world.chair,
            starts_at=world.meeting.starts_at,
            chair=world.chair,
            place="Elders",
        )
    world.meeting.refresh_from_db()
    assert world.meeting.place == "Stadhuis, kamer 4"


def test_attendance_comes_off_the_list_until_acknowledged(
    world, police_officer, om_officer
):
    region = world.region
    mistake = attendance_record(
        meeting=world.meeting,
        actor=world.chair,
        organisation=region.om,
        kind=AttendanceKind.PRESENT,
        user=om_officer,
    )
    attendance_remove(attendance=mistake, actor=world.chair)
    assert not Attendance.objects.filter(pk=mistake.pk).exists()
    assert AuditEvent.objects.filter(
        action="delete", object_type="casusoverleg.attendance"
    ).exists()
    _started(world, police_officer)
    police = Attendance.objects.get(user=police_officer)
    with pytest.raises(ValidationError, match="blijft op de presentielijst"):
        attendance_remove(attendance=police, actor=world.chair)
    assert Attendance.objects.filter(pk=police.pk).exists()


# --- attendance and the confidentiality statement --------------------------------


def test_attendance_mandate_apologies_and_confidentiality(
    world, police_officer, om_officer, as_user
):
    chair, meeting, region = world.chair, world.meeting, world.region
    client = as_user(chair)
    response = client.post(
        _url(world, "aanwezigheid/"),
        {
            "aanwezig-organisation": region.politie.pk,
            "aanwezig-kind": "present",
            "aanwezig-user": police_officer.pk,
            "aanwezig-has_mandate": "on",
        },
    )
    assert response.status_code == 302
    without_mandate = attendance_record(
        meeting=meeting,
        actor=chair,
        organisation=region.om,
        kind=AttendanceKind.PRESENT,
        user=om_officer,
    )
    apologies = attendance_record(
        meeting=meeting,
        actor=chair,
        organisation=region.school,
        kind=AttendanceKind.APOLOGIES,
        info_sent=True,
    )
    observer = attendance_record(
        meeting=meeting,
        actor=chair,
        organisation=region.gemeente,
        kind=AttendanceKind.OBSERVER,
        name="Tim Toehoorder",
    )
    page = client.get(_url(world)).content.decode()
    assert 'data-testid="no-mandate-warning"' in page
    assert page.count('data-testid="no-mandate"') == 1
    assert "Informatie vooraf aangeleverd" in page
    assert "Tim Toehoorder" in page
    assert "Toehoorder" in page

    # Everyone at the table acknowledges: one missing refuses the start.
    police = Attendance.objects.get(user=police_officer)
    response = client.post(
        _url(world, "starten/"),
        {"start-acknowledged": [police.pk, without_mandate.pk]},
    )
    assert response.status_code == 400
    assert "Iedere aanwezige bevestigt de geheimhoudingsverklaring" in (
        response.content.decode()
    )
    assert "Tim Toehoorder (Gemeente Demostad)" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert meeting.confidentiality_statement == ""
    assert not Attendance.objects.filter(
        confidentiality_acknowledged_at__isnull=False
    ).exists()

    response = client.post(
        _url(world, "starten/"),
        {"start-acknowledged": [police.pk, without_mandate.pk, observer.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == _url(world, "vergadering/")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.IN_PROGRESS
    assert meeting.started_at is not None
    assert meeting.confidentiality_statement == str(services.CONFIDENTIALITY_STATEMENT)
    acknowledged = {
        a.pk: a.confidentiality_acknowledged_at for a in Attendance.objects.all()
    }
    assert acknowledged[police.pk] == meeting.started_at
    assert acknowledged[observer.pk] == meeting.started_at
    assert acknowledged[apologies.pk] is None
    assert not meeting_is_open_for_preparation(meeting)
    run = client.get(_url(world, "vergadering/")).content.decode()
    assert "Aanwezig zonder mandaat:" in run
    assert "Openbaar Ministerie Demoland (Olga Officier)" in run

    # Someone who joins later acknowledges as they are recorded, or themselves.
    late = attendance_record(
        meeting=meeting,
        actor=chair,
        organisation=region.welzijn,
        kind=AttendanceKind.PRESENT,
        name="Lars Laat",
        acknowledged=True,
    )
    assert late.confidentiality_acknowledged_at is not None
    Attendance.objects.filter(pk=without_mandate.pk).update(
        confidentiality_acknowledged_at=None
    )
    attendance_acknowledge(attendance=without_mandate, actor=om_officer)
    without_mandate.refresh_from_db()
    assert without_mandate.confidentiality_acknowledged_at is not None
    assert AuditEvent.objects.filter(
        object_type="casusoverleg.attendance",
        object_id=str(without_mandate.pk),
        reason="geheimhouding bevestigd",
    ).exists()


def test_bad_attendance_gets_dutch_errors_and_stores_nothing(
    world, police_officer, school_worker, as_user
):
    chair, region = world.chair, world.region
    response = as_user(chair).post(
        _url(world, "aanwezigheid/"),
        {
            "aanwezig-organisation": region.politie.pk,
            "aanwezig-kind": "present",
            "aanwezig-user": school_worker.pk,
        },
    )
    assert response.status_code == 400
    assert "Sofie Mentor werkt niet bij Politie Eenheid Demoland." in (
        response.content.decode()
    )
    with pytest.raises(ValidationError) as exc:
        attendance_record(
            meeting=world.meeting,
            actor=chair,
            organisation=region.school,
            kind=AttendanceKind.APOLOGIES,
            has_mandate=True,
        )
    assert _errors(exc)["has_mandate"] == ["Alleen wie aanwezig is, heeft een mandaat."]
    with pytest.raises(ValidationError) as exc:
        attendance_record(
            meeting=world.meeting,
            actor=chair,
            organisation=region.outsider_org,
            kind=AttendanceKind.PRESENT,
            name="Otto Buiten",
        )
    assert "geen geldig convenant" in _errors(exc)["organisation"][0]
    with pytest.raises(ValidationError) as exc:
        attendance_record(
            meeting=world.meeting,
            actor=chair,
            organisation=region.politie,
            kind=AttendanceKind.PRESENT,
        )
    assert _errors(exc)["user"] == ["Kies wie er komt, of vul de naam in."]
    assert not Attendance.objects.exists()
    with pytest.raises(PermissionDenied):
        attendance_record(
            meeting=world.meeting,
            actor=police_officer,
            organisation=region.politie,
            kind=AttendanceKind.PRESENT,
            user=police_officer,
        )


# --- the record at the table -------------------------------------------------------


def test_decisions_are_recorded_by_the_chair_while_the_meeting_runs(
    world, police_officer, as_user
):
    with pytest.raises(ValidationError, match="nog niet gestart"):
        decision_record(item=world.item_a, actor=world.chair, text="Te vroeg.")
    _started(world, police_officer)
    client = as_user(world.chair)
    prefix = f"punt{world.item_a.pk}-besluit"
    response = client.post(
        _url(world, f"vergadering/{world.item_a.pk}/besluit/"),
        {f"{prefix}-text": "Politie voert een tegenhoudgesprek."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#punt-{world.item_a.pk}")
    decision = Decision.objects.get()
    assert decision.item == world.item_a
    assert decision.recorded_by == world.chair
    page = client.get(_url(world, "vergadering/")).content.decode()
    assert "Politie voert een tegenhoudgesprek." in page
    assert SKETCH_A in page  # the sketch, read-only, for the chair

    # Another ketenregisseur is not the chair.
    other = UserFactory.create(
        username="karel.regisseur",
        organisation=world.region.gemeente,
        roles=[Role.KETENREGISSEUR],
    )
    with pytest.raises(ValidationError, match="Alleen de voorzitter"):
        decision_record(item=world.item_a, actor=other, text="Niet van mij.")
    assert Decision.objects.count() == 1


def test_an_empty_decision_gets_a_dutch_error_and_stores_nothing(
    world, police_officer, as_user
):
    _started(world, police_officer)
    prefix = f"punt{world.item_a.pk}-besluit"
    response = as_user(world.chair).post(
        _url(world, f"vergadering/{world.item_a.pk}/besluit/"),
        {f"{prefix}-text": "   "},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Schrijf het besluit op." in page
    assert "<title>Fout:" in page
    assert 'data-action="decision" open' in page
    assert not Decision.objects.exists()


def test_with_htmx_a_form_answers_with_its_item_only(world, police_officer, as_user):
    _started(world, police_officer)
    client = as_user(world.chair)
    prefix = f"punt{world.item_b.pk}-besluit"
    path = _url(world, f"vergadering/{world.item_b.pk}/besluit/")
    response = client.post(path, {f"{prefix}-text": ""}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert response.status_code == 200  # htmx swaps 2xx answers only
    assert fragment.startswith(
        f'<section class="app-dossier-section app-meeting-item" id="punt-{world.item_b.pk}"'
    )
    assert "Schrijf het besluit op." in fragment
    assert "data-error-summary" in fragment
    assert "<html" not in fragment
    assert not Decision.objects.exists()
    response = client.post(
        path, {f"{prefix}-text": "School meldt bij leerplicht."}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "Het besluit is vastgelegd." in fragment
    assert "School meldt bij leerplicht." in fragment
    assert world.dossier_a.reference not in fragment
    assert Decision.objects.get().item == world.item_b


def test_interventions_with_order_and_dependency(
    world, police_officer, om_officer, school_worker, as_user
):
    _started(world, police_officer)
    region = world.region
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    first = intervention_create(
        item=world.item_a,
        actor=world.chair,
        kind=InterventionKind.OPSPORING,
        description="Tegenhoudgesprek met de vermoedelijke pooier",
        responsible=region.politie,
        owner=police_officer,
        deadline=deadline,
        order=1,
    )
    client = as_user(world.chair)
    prefix = f"punt{world.item_a.pk}-interventie"
    response = client.post(
        _url(world, f"vergadering/{world.item_a.pk}/interventie/"),
        {
            f"{prefix}-kind": InterventionKind.BESTUURLIJK,
            f"{prefix}-description": "Bestuurlijke rapportage",
            f"{prefix}-responsible": region.om.pk,
            f"{prefix}-owner": om_officer.pk,
            f"{prefix}-deadline": (deadline + datetime.timedelta(days=7)).isoformat(),
            f"{prefix}-order": "2",
            f"{prefix}-depends_on": first.pk,
        },
    )
    assert response.status_code == 302
    second = Intervention.objects.get(depends_on=first)
    assert (second.dossier, second.item, second.order) == (
        world.dossier_a,
        world.item_a,
        2,
    )
    assert second.owner == om_officer
    page = client.get(_url(world, "vergadering/")).content.decode()
    assert page.index("Tegenhoudgesprek met de vermoedelijke pooier") < page.index(
        "Bestuurlijke rapportage"
    )
    assert 'data-testid="depends-on">Tegenhoudgesprek' in page
    # Another organisation's people stay unnamed for a partner (as in its minutes).
    om_page = as_user(om_officer).get(_url(world, "vergadering/")).content.decode()
    assert "Tegenhoudgesprek met de vermoedelijke pooier" in om_page
    assert "Olga Officier" in om_page
    assert "Pieter Agent" not in om_page.split('data-testid="interventions"')[1]

    # Bad input: each rule a Dutch error on its field, nothing stored.
    response = client.post(
        _url(world, f"vergadering/{world.item_a.pk}/interventie/"),
        {
            f"{prefix}-kind": InterventionKind.NAZORG,
            f"{prefix}-description": "Maatjesproject",
            f"{prefix}-responsible": region.politie.pk,
            f"{prefix}-owner": school_worker.pk,
            f"{prefix}-deadline": (deadline - datetime.timedelta(days=1)).isoformat(),
            f"{prefix}-order": "1",
            f"{prefix}-depends_on": first.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kies een persoon uit de lijst." in page  # the school's worker
    with pytest.raises(ValidationError) as exc:
        intervention_create(
            item=world.item_a,
            actor=world.chair,
            kind=InterventionKind.NAZORG,
            description="Maatjesproject",
            responsible=region.school,
            owner=police_officer,
            deadline=deadline - datetime.timedelta(days=1),
            depends_on=first,
            order=0,
        )
    errors = _errors(exc)
    assert "neemt niet deel aan deze casus" in errors["responsible"][0]
    assert (
        "De termijn ligt vóór die van de interventie waarop deze wacht"
        in (errors["deadline"][0])
    )
    assert errors["order"] == ["De volgorde is een getal van 1 tot en met 99."]
    # Waiting for an intervention of another case in another meeting: refused.
    other_meeting = Meeting.objects.create(
        starts_at=timezone.now() - datetime.timedelta(days=60),
        chair=world.chair,
        created_by=world.chair,
        status=MeetingStatus.CLOSED,
    )
    elsewhere = Intervention.objects.create(
        dossier=world.dossier_b,
        item=AgendaItem.objects.create(
            meeting=other_meeting, dossier=world.dossier_b, status=ItemStatus.ACCEPTED
        ),
        kind=InterventionKind.HULPVERLENING,
        description="Elders",
        responsible=region.school,
        deadline=deadline,
        created_by=world.chair,
    )
    with pytest.raises(ValidationError) as exc:
        intervention_create(
            item=world.item_a,
            actor=world.chair,
            kind=InterventionKind.NAZORG,
            description="Maatjesproject",
            responsible=region.politie,
            deadline=deadline,
            depends_on=elsewhere,
        )
    assert "wacht alleen op een van dezelfde casus" in _errors(exc)["depends_on"][0]
    assert Intervention.objects.count() == 3


def test_contributions_follow_the_sharing_rule(
    world, police_officer, om_officer, as_user
):
    _started(world, police_officer)
    region = world.region
    client = as_user(world.chair)
    prefix = f"punt{world.item_a.pk}-inbreng"
    response = client.post(
        _url(world, f"vergadering/{world.item_a.pk}/inbreng/"),
        {
            f"{prefix}-organisation": region.politie.pk,
            f"{prefix}-text": "Loopt een onderzoek naar de bestuurder (fictief).",
            f"{prefix}-sharing": Sharing.EXCEPT,
            f"{prefix}-shared_with": [region.om.slug],
        },
    )
    assert response.status_code == 302
    withheld = ItemContribution.objects.get()
    assert withheld.organisation == region.politie
    assert list(withheld.shared_with.all()) == [region.om]
    contribution_record(
        item=world.item_a,
        actor=world.chair,
        organisation=region.om,
        text="Het OM beraadt zich (fictief).",
    )
    # The owner and the chair read the withheld one; the OM does not.
    police_page = as_user(police_officer).get(_url(world, "vergadering/")).content
    om_page = as_user(om_officer).get(_url(world, "vergadering/")).content
    chair_page = client.get(_url(world, "vergadering/")).content
    assert b"Loopt een onderzoek naar de bestuurder" in police_page
    assert b"Loopt een onderzoek naar de bestuurder" in chair_page
    assert b"Loopt een onderzoek naar de bestuurder" not in om_page
    assert b"Het OM beraadt zich" in om_page
    assert b"Het OM beraadt zich" in police_page
    # The owner and the chair see with whom it was not shared.
    assert b"(niet gedeeld met Openbaar Ministerie Demoland)" in police_page
    assert b"(niet gedeeld met Openbaar Ministerie Demoland)" in chair_page

    # An organisation outside the case, or "all but" nobody: Dutch errors.
    with pytest.raises(ValidationError) as exc:
        contribution_record(
            item=world.item_a,
            actor=world.chair,
            organisation=region.school,
            text="Niet aan deze casus.",
            sharing=Sharing.EXCEPT,
        )
    errors = _errors(exc)
    assert errors["organisation"] == ["Fictief College neemt niet deel aan deze casus."]
    assert errors["shared_with"] == [
        "Vink aan voor welke organisaties u het achterhoudt."
    ]
    assert ItemContribution.objects.count() == 2


def test_the_om_reports_whether_a_criminal_investigation_follows(
    world, police_officer, om_officer, school_worker, as_user
):
    _started(world, police_officer)
    prefix = f"punt{world.item_a.pk}-om"
    path = _url(world, f"vergadering/{world.item_a.pk}/om/")
    om = as_user(om_officer)
    page = om.get(_url(world, "vergadering/")).content.decode()
    assert f'action="{path}#punt-{world.item_a.pk}"' in page
    response = om.post(path, {f"{prefix}-prosecution": Prosecution.NOT_YET})
    assert response.status_code == 302
    world.item_a.refresh_from_db()
    assert world.item_a.prosecution == Prosecution.NOT_YET
    assert world.item_a.prosecution_by == om_officer

    # Only yes / no / not yet; a Dutch error for anything else.
    response = om.post(path, {f"{prefix}-prosecution": "details"})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode() or (
        "Kies ja, nee of nog niet." in response.content.decode()
    )
    # The police is not the OM and not the chair.
    assert (
        as_user(police_officer).post(path, {f"{prefix}-prosecution": "yes"}).status_code
        == 403
    )
    # The chair records it on the OM's word.
    prosecution_record(
        item=world.item_a, actor=world.chair, prosecution=Prosecution.YES
    )
    world.item_a.refresh_from_db()
    assert world.item_a.prosecution == Prosecution.YES
    assert world.item_a.prosecution_by == world.chair
    # The kernteam reads it; the school sees no OM feedback on its own item.
    assert "Ja, er volgt een strafrechtelijk onderzoek" in (
        as_user(police_officer).get(_url(world, "vergadering/")).content.decode()
    )
    prosecution_record(item=world.item_b, actor=world.chair, prosecution=Prosecution.NO)
    school_page = (
        as_user(school_worker).get(_url(world, "vergadering/")).content.decode()
    )
    assert 'data-testid="prosecution"' not in school_page


# --- closing fixes the record ------------------------------------------------------


def test_closing_fixes_the_record_and_corrections_are_appended(
    world, police_officer, om_officer, as_user, minutes_calls
):
    _started(world, police_officer)
    region = world.region
    decision = decision_record(
        item=world.item_a, actor=world.chair, text="Besluit één."
    )
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    intervention_create(
        item=world.item_a,
        actor=world.chair,
        kind=InterventionKind.HULPVERLENING,
        description="Aanmelding jeugdbescherming",
        responsible=region.politie,
        deadline=deadline,
    )
    client = as_user(world.chair)
    response = client.post(_url(world, "sluiten/"))
    assert response.status_code == 302
    world.meeting.refresh_from_db()
    assert world.meeting.status == MeetingStatus.CLOSED
    assert world.meeting.closed_by == world.chair
    assert world.meeting.closed_at is not None
    assert minutes_calls == [world.meeting]

    closed = "Dit casusoverleg is gesloten; het verslag ligt vast."
    attempts: list[Any] = [
        lambda: decision_record(item=world.item_a, actor=world.chair, text="Later."),
        lambda: contribution_record(
            item=world.item_a,
            actor=world.chair,
            organisation=region.politie,
            text="Later.",
        ),
        lambda: intervention_create(
            item=world.item_a,
            actor=world.chair,
            kind=InterventionKind.NAZORG,
            description="Later",
            responsible=region.politie,
            deadline=deadline,
        ),
        lambda: prosecution_record(
            item=world.item_a, actor=om_officer, prosecution=Prosecution.NO
        ),
        lambda: attendance_record(
            meeting=world.meeting,
            actor=world.chair,
            organisation=region.om,
            kind=AttendanceKind.PRESENT,
            user=om_officer,
        ),
        lambda: attendance_remove(
            attendance=Attendance.objects.get(user=police_officer), actor=world.chair
        ),
        lambda: meeting_close(meeting=world.meeting, actor=world.chair),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert closed in " ".join(exc.value.messages)
    # Through the page: the same refusal, nothing stored.
    prefix = f"punt{world.item_a.pk}-besluit"
    response = client.post(
        _url(world, f"vergadering/{world.item_a.pk}/besluit/"),
        {f"{prefix}-text": "Toch nog een besluit."},
    )
    assert response.status_code == 400
    assert closed in response.content.decode()
    assert list(Decision.objects.all()) == [decision]
    assert Intervention.objects.count() == 1
    assert Attendance.objects.count() == 1
    world.item_a.refresh_from_db()
    assert world.item_a.prosecution == ""

    # A correction is a new dated entry, shown with the record.
    response = client.post(
        _url(world, "correctie/"),
        {
            "correctie-item": world.item_a.pk,
            "correctie-text": "Besluit één gold voor twee weken.",
        },
    )
    assert response.status_code == 302
    correction_record(
        meeting=world.meeting, actor=world.chair, text="Tim was toehoorder."
    )
    assert Correction.objects.count() == 2
    assert minutes_calls == [world.meeting] * 3
    decision.refresh_from_db()
    assert decision.text == "Besluit één."
    run = client.get(_url(world, "vergadering/")).content.decode()
    assert "Besluit één." in run
    assert "Besluit één gold voor twee weken." in run
    detail = client.get(_url(world)).content.decode()
    assert "Tim was toehoorder." in detail
    assert "Besluit één gold voor twee weken." in detail


def test_a_correction_waits_for_the_close_and_needs_text(
    world, police_officer, as_user
):
    with pytest.raises(ValidationError, match="volgt op een gesloten overleg"):
        correction_record(meeting=world.meeting, actor=world.chair, text="Te vroeg.")
    _started(world, police_officer)
    meeting_close(meeting=world.meeting, actor=world.chair)
    response = as_user(world.chair).post(
        _url(world, "correctie/"), {"correctie-text": ""}
    )
    assert response.status_code == 400
    assert "Schrijf de correctie op." in response.content.decode()
    assert not Correction.objects.exists()
    with pytest.raises(PermissionDenied):
        correction_record(
            meeting=world.meeting, actor=police_officer, text="Niet van de politie."
        )


# --- need to know ------------------------------------------------------------------


def test_a_partner_sees_only_its_items(world, police_officer, school_worker, as_user):
    _started(world, police_officer)
    decision_record(item=world.item_a, actor=world.chair, text="Besluit over A.")
    decision_record(item=world.item_b, actor=world.chair, text="Besluit over B.")
    for user, mine, other, other_decision in (
        (police_officer, world.dossier_a, world.dossier_b, "Besluit over B."),
        (school_worker, world.dossier_b, world.dossier_a, "Besluit over A."),
    ):
        client = as_user(user)
        for path in (_url(world), _url(world, "vergadering/")):
            response = client.get(path)
            assert response.status_code == 200, (user, path)
            page = response.content.decode()
            assert mine.reference in page, (user, path)
            assert other.reference not in page, (user, path)
            assert other_decision not in page
            # No sketch for a partner: it may quote what it may not read.
            assert SKETCH_A not in page and SKETCH_B not in page
    # The agenda's own page is the regisseur's and the screening team's.
    assert 'data-testid="agenda-link"' not in (
        as_user(police_officer).get(_url(world)).content.decode()
    )
    assert 'data-testid="agenda-link"' in (
        as_user(world.chair).get(_url(world)).content.decode()
    )
    # The chair sees both, with the sketches; a proposal that was not accepted
    # is not on the meeting's agenda.
    world.item_b.status = ItemStatus.PROPOSED
    world.item_b.save()
    page = as_user(world.chair).get(_url(world, "vergadering/")).content.decode()
    assert world.dossier_b.reference not in page
    world.item_b.status = ItemStatus.ACCEPTED
    world.item_b.save()
    page = as_user(world.chair).get(_url(world, "vergadering/")).content.decode()
    assert world.dossier_a.reference in page and world.dossier_b.reference in page
    assert SKETCH_A in page and SKETCH_B in page
    # The read is audited with the persons of the dossiers shown.
    assert AuditEvent.objects.filter(
        action="read",
        object_type="casusoverleg.meeting",
        object_id=str(world.meeting.pk),
        actor_id=school_worker.pk,
    ).exists()


def test_an_organisation_without_access_gets_404(
    world, police_officer, youth_care_contact, outsider, as_user
):
    _started(world, police_officer)
    paths = [
        _url(world),
        _url(world, "vergadering/"),
    ]
    for user in (youth_care_contact, outsider):
        client = as_user(user)
        for path in paths:
            assert client.get(path).status_code == 404, (user, path)
        post = client.post(
            _url(world, f"vergadering/{world.item_a.pk}/om/"),
            {f"punt{world.item_a.pk}-om-prosecution": "yes"},
        )
        assert post.status_code == 404
    # The school is invited to item B only: item A is not there for it.
    assert AuditEvent.objects.filter(
        action="denied", object_type="casusoverleg.meeting"
    ).exists()


def test_a_partner_cannot_reach_an_item_it_may_not_see(
    world, police_officer, school_worker, as_user
):
    _started(world, police_officer)
    # A school user from an OM-like position still cannot reach item A: 404.
    response = as_user(school_worker).post(
        _url(world, f"vergadering/{world.item_a.pk}/om/"),
        {f"punt{world.item_a.pk}-om-prosecution": "yes"},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        prosecution_record(
            item=world.item_a, actor=school_worker, prosecution=Prosecution.YES
        )
    world.item_a.refresh_from_db()
    assert world.item_a.prosecution == ""


def test_a_meeting_names_itself_in_the_regions_time(ketenregisseur):
    from casusoverleg.models import Meeting

    meeting = Meeting(
        starts_at=datetime.datetime(2026, 11, 10, 13, 0, tzinfo=datetime.UTC),
        chair=ketenregisseur,
        created_by=ketenregisseur,
    )
    assert str(meeting) == "Casusoverleg 10-11-2026 14:00"
