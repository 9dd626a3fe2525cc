"""The minutes per organisation (docs/domain.md sections 7 and 9): each
organisation's PDF holds only the items it may see and, inside them, only the
contributions shared with it; the renderer fetches no URL; a failed or lost
render is swept again; downloads are scoped and audited; a correction renders
again."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from casusoverleg.constants import (
    AttendanceKind,
    InterventionKind,
    InterventionStatus,
    ItemStatus,
    JobStatus,
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
    Minutes,
)
from casusoverleg.services import minutes as minutes_services
from casusoverleg.services.minutes import (
    FAILED_FINAL,
    FAILED_RETRYING,
    MAX_RENDER_ATTEMPTS,
    minutes_after_correction,
    minutes_html,
    minutes_render,
    minutes_request_all,
    minutes_sweep,
)
from classification.pdf import static_only_fetcher_class
from partners.models import Organisation, User
from signals.constants import Sharing
from signals.models import Dossier
from signals.services import SignalInput, dossier_create, dossier_invite, signal_create
from tests.conftest import Region

pytestmark = pytest.mark.django_db

# Fictional texts; each marks one thing a version may or may not hold.
SCHOOL_ITEM = "Casus Zonnebloem (fictief)"
POLICE_ITEM = "Casus Korenbloem (fictief)"
SHARED_WITH_ALL = "Inbreng voor iedereen: oppas gezien bij station (fictief)."
WITHHELD_FROM_POLICE = "Inbreng behalve politie: hulpverlening loopt (fictief)."
ONLY_FOR_OM = "Inbreng alleen voor OM: verklaring opgenomen (fictief)."
SCHOOL_DECISION = "Besluit: mentor houdt dagelijks contact (fictief)."
POLICE_DECISION = "Besluit: tegenhoudgesprek plannen (fictief)."
OPSPORING = "Tegenhoudgesprek met vermoedelijke pooier (fictief)"
SCHOOL_ACTION = "Verzuim dagelijks melden (fictief)"
CARRIED_NOT_POSSIBLE = "Opvangplek regelen (fictief)"
CARRIED_NOT_DONE = "Huisbezoek afleggen (fictief)"


def _signal(user: User, text: str):
    return signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=3),
            description=text,
            subject_role="victim",
            kind="regular",
            source="criminal_justice",
        ),
    )


@dataclass
class Scene:
    meeting: Meeting
    school_item: AgendaItem
    police_item: AgendaItem
    region: Region


def _item(meeting: Meeting, dossier: Dossier, title: str, position: int) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting,
        dossier=dossier,
        title=title,
        status=ItemStatus.ACCEPTED,
        position=position,
    )


def _contribution(
    item: AgendaItem,
    organisation: Organisation,
    text: str,
    by: User,
    sharing: str = Sharing.PARTICIPANTS,
    named: tuple[Organisation, ...] = (),
) -> ItemContribution:
    contribution = ItemContribution.objects.create(
        item=item, organisation=organisation, text=text, recorded_by=by, sharing=sharing
    )
    contribution.shared_with.set(named)
    return contribution


def _intervention(
    item: AgendaItem,
    kind: str,
    description: str,
    responsible: Organisation,
    by: User,
    **extra: object,
) -> Intervention:
    assert item.dossier is not None
    return Intervention.objects.create(
        dossier=item.dossier,
        item=item,
        kind=kind,
        description=description,
        responsible=responsible,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        created_by=by,
        **extra,
    )


@pytest.fixture
def scene(
    region: Region,
    ketenregisseur: User,
    screener: User,
    police_officer: User,
    om_officer: User,
    school_worker: User,
) -> Scene:
    """A closed meeting with two cases: the police (kernteam) and the OM take part
    in both, the school was invited to one. Contributions shared with everyone,
    with everyone but the police (opsporingsbelang reversed: care withheld from
    the police) and with the OM alone."""
    school_case = dossier_create(
        actor=screener, signals=[_signal(police_officer, "Signaal een (fictief).")]
    )
    police_case = dossier_create(
        actor=screener, signals=[_signal(police_officer, "Signaal twee (fictief).")]
    )
    for dossier in (school_case, police_case):
        dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
        dossier_invite(dossier=dossier, organisation=region.om, actor=screener)
    dossier_invite(dossier=school_case, organisation=region.school, actor=screener)
    earlier = Meeting.objects.create(
        starts_at=timezone.now() - datetime.timedelta(days=28),
        chair=ketenregisseur,
        created_by=ketenregisseur,
        status=MeetingStatus.CLOSED,
    )
    meeting = Meeting.objects.create(
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        place="Veiligheidshuis Demostad",
        chair=ketenregisseur,
        created_by=ketenregisseur,
        status=MeetingStatus.CLOSED,
        closed_at=timezone.now(),
        closed_by=ketenregisseur,
        confidentiality_statement="Wat hier besproken wordt, blijft hier.",
    )
    school_item = _item(meeting, school_case, SCHOOL_ITEM, 1)
    police_item = _item(meeting, police_case, POLICE_ITEM, 2)
    police_item.prosecution = Prosecution.YES
    police_item.save()
    school_item.prosecution = Prosecution.NOT_YET
    school_item.save()
    Decision.objects.create(
        item=school_item, text=SCHOOL_DECISION, recorded_by=ketenregisseur
    )
    Decision.objects.create(
        item=police_item, text=POLICE_DECISION, recorded_by=ketenregisseur
    )
    _contribution(school_item, region.politie, SHARED_WITH_ALL, police_officer)
    _contribution(
        school_item,
        region.om,
        WITHHELD_FROM_POLICE,
        om_officer,
        Sharing.EXCEPT,
        (region.politie,),
    )
    _contribution(
        police_item,
        region.gemeente,
        ONLY_FOR_OM,
        ketenregisseur,
        Sharing.SELECTED,
        (region.om,),
    )
    _intervention(
        school_item,
        InterventionKind.OPSPORING,
        OPSPORING,
        region.politie,
        ketenregisseur,
        owner=police_officer,
    )
    _intervention(
        school_item,
        InterventionKind.HULPVERLENING,
        SCHOOL_ACTION,
        region.school,
        ketenregisseur,
        owner=school_worker,
    )
    old_item = _item(earlier, school_case, "Eerder besproken (fictief)", 1)
    _intervention(
        old_item,
        InterventionKind.HULPVERLENING,
        CARRIED_NOT_POSSIBLE,
        region.gemeente,
        ketenregisseur,
        status=InterventionStatus.NOT_POSSIBLE,
    )
    _intervention(
        old_item,
        InterventionKind.NAZORG,
        CARRIED_NOT_DONE,
        region.gemeente,
        ketenregisseur,
        status=InterventionStatus.NOT_DONE,
    )
    for user, organisation in (
        (ketenregisseur, region.gemeente),
        (police_officer, region.politie),
        (om_officer, region.om),
        (school_worker, region.school),
    ):
        Attendance.objects.create(
            meeting=meeting,
            organisation=organisation,
            kind=AttendanceKind.PRESENT,
            user=user,
            has_mandate=True,
            confidentiality_acknowledged_at=timezone.now(),
            recorded_by=ketenregisseur,
        )
    Attendance.objects.create(
        meeting=meeting,
        organisation=region.jeugdzorg,
        kind=AttendanceKind.APOLOGIES,
        name="Jet Jeugdzorg",
        info_sent=True,
        recorded_by=ketenregisseur,
    )
    return Scene(meeting, school_item, police_item, region)


def _version(scene: Scene, organisation: Organisation | None) -> Minutes:
    return Minutes.objects.get(meeting=scene.meeting, organisation=organisation)


def _requested(scene: Scene, ketenregisseur: User, capture) -> list[Minutes]:
    with capture(execute=True):
        return minutes_request_all(meeting=scene.meeting, actor=ketenregisseur)


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "verslag.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return " ".join(result.stdout.split())


# --- which versions ------------------------------------------------------------


def test_closing_requests_the_full_set_and_one_version_per_organisation_that_sees_an_item(
    scene, ketenregisseur, django_capture_on_commit_callbacks
):
    region = scene.region
    rows = _requested(scene, ketenregisseur, django_capture_on_commit_callbacks)
    organisations = {row.organisation_id for row in rows}
    # Police and OM joined both cases, the school was invited to one; the
    # gemeente and youth care take part in none (the screening team reads them
    # by its role, not as a participant), the outsider has no convenant.
    assert organisations == {
        None,
        region.politie.pk,
        region.om.pk,
        region.school.pk,
    }
    assert all(
        row.status == JobStatus.DONE
        for row in Minutes.objects.filter(meeting=scene.meeting)
    )
    # Idempotent: asking again queues nothing new.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        minutes_request_all(meeting=scene.meeting, actor=ketenregisseur)
    assert Minutes.objects.filter(meeting=scene.meeting).count() == 4
    assert Minutes.objects.filter(meeting=scene.meeting, version=1).count() == 4
    for callback in callbacks:
        callback()


def test_an_organisation_without_a_valid_convenant_gets_no_version(
    scene, ketenregisseur, django_capture_on_commit_callbacks
):
    from partners.models import ConvenantParticipation

    ConvenantParticipation.objects.filter(organisation=scene.region.school).update(
        withdrawn_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    rows = _requested(scene, ketenregisseur, django_capture_on_commit_callbacks)
    assert scene.region.school.pk not in {row.organisation_id for row in rows}


def test_only_the_chair_or_ketenregisseur_requests_minutes_of_a_closed_meeting(
    scene, police_officer, ketenregisseur
):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        minutes_request_all(meeting=scene.meeting, actor=police_officer)
    scene.meeting.status = MeetingStatus.IN_PROGRESS
    scene.meeting.save()
    with pytest.raises(ValidationError):
        minutes_request_all(meeting=scene.meeting, actor=ketenregisseur)


# --- what each version holds ---------------------------------------------------


def _html(scene: Scene, organisation: Organisation | None) -> str:
    minutes = Minutes.objects.create(meeting=scene.meeting, organisation=organisation)
    return minutes_html(minutes=minutes)


def test_the_school_invited_to_one_item_gets_only_that_item(scene):
    html = _html(scene, scene.region.school)
    assert SCHOOL_ITEM in html and SCHOOL_DECISION in html
    assert POLICE_ITEM not in html and POLICE_DECISION not in html
    assert ONLY_FOR_OM not in html
    assert scene.police_item.dossier is not None
    assert scene.police_item.dossier.reference not in html
    # Numbered within its own version: nothing tells there was a second item.
    assert f"1. {SCHOOL_ITEM}" in html
    # Share less: no OM feedback and no criminal-justice intervention it does not
    # carry itself (tipping off), its own action is there.
    assert "Terugkoppeling OM" not in html and "Nog niet" not in html
    assert OPSPORING not in html
    assert SCHOOL_ACTION in html
    # Contributions shared with it, not the one for the OM alone.
    assert SHARED_WITH_ALL in html and WITHHELD_FROM_POLICE in html


def test_the_police_version_holds_no_contribution_not_shared_with_it(scene):
    html = _html(scene, scene.region.politie)
    assert SCHOOL_ITEM in html and POLICE_ITEM in html
    assert SHARED_WITH_ALL in html
    assert WITHHELD_FROM_POLICE not in html
    assert ONLY_FOR_OM not in html
    # No trace: the withholding organisation's name appears nowhere as a
    # contributor, and the item that held only a withheld contribution has no
    # "Inbreng" heading at all.
    assert html.count("<h3>Inbreng</h3>") == 1
    # The kernteam reads the OM's feedback and the criminal-justice intervention.
    assert "Ja, er volgt een strafrechtelijk onderzoek" in html
    assert OPSPORING in html


def test_the_full_set_holds_everything(scene):
    html = _html(scene, None)
    for text in (
        SCHOOL_ITEM,
        POLICE_ITEM,
        SHARED_WITH_ALL,
        WITHHELD_FROM_POLICE,
        ONLY_FOR_OM,
        OPSPORING,
        SCHOOL_ACTION,
        "Pieter Agent",
        "Jet Jeugdzorg",
    ):
        assert text in html, text


def test_names_of_other_organisations_people_stay_out_of_a_partner_version(scene):
    html = _html(scene, scene.region.school)
    # Its own people and the chair by name; others by organisation only.
    assert "Sofie Mentor" in html and "Kim Regisseur" in html
    assert "Pieter Agent" not in html and "Olga Officier" not in html
    # Youth care took part in none of the school's items: not on its cover.
    assert "Jet Jeugdzorg" not in html and "Jeugdzorg De Verzonnen Linde" not in html


def test_carried_over_interventions_keep_why_they_were_not_finished(scene):
    html = _html(scene, scene.region.school)
    assert CARRIED_NOT_POSSIBLE in html and CARRIED_NOT_DONE in html
    assert "Niet mogelijk (omstandigheden gewijzigd)" in html
    assert "Niet uitgevoerd" in html


def test_the_pdfs_as_text(
    scene, ketenregisseur, django_capture_on_commit_callbacks, tmp_path
):
    _requested(scene, ketenregisseur, django_capture_on_commit_callbacks)
    school = _pdf_text(bytes(_version(scene, scene.region.school).pdf or b""), tmp_path)
    assert SCHOOL_ITEM in school and SCHOOL_DECISION in school
    assert POLICE_ITEM not in school and POLICE_DECISION not in school
    assert ONLY_FOR_OM not in school
    police = _pdf_text(
        bytes(_version(scene, scene.region.politie).pdf or b""), tmp_path
    )
    assert SHARED_WITH_ALL in police and POLICE_ITEM in police
    assert WITHHELD_FROM_POLICE not in police and ONLY_FOR_OM not in police
    full = _pdf_text(bytes(_version(scene, None).pdf or b""), tmp_path)
    assert WITHHELD_FROM_POLICE in full and ONLY_FOR_OM in full


# --- the renderer fetches no URL -----------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.css",
        "https://127.0.0.1/static/css/app.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        "/etc/passwd",
        "/static/../../etc/passwd",
        "static:///../ketenaanpak/settings/base.py",
        "//example.org/static/css/app.css",
    ],
)
def test_the_renderer_refuses_every_url_but_our_static_files(url):
    with pytest.raises(ValueError):
        static_only_fetcher_class()().fetch(url)


def test_the_renderer_serves_our_static_files():
    response = static_only_fetcher_class()().fetch("/static/css/app.css")
    assert response.read()


def test_a_url_in_the_html_is_never_fetched(monkeypatch):
    """A PDF whose HTML names outside URLs renders without fetching any: the
    fetcher refuses them (and the network is not touched)."""
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the renderer opened a URL")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    refused: list[str] = []
    fetcher_class = static_only_fetcher_class()
    original = fetcher_class.fetch

    def spy(self, url, headers=None):
        try:
            return original(self, url, headers)
        except ValueError:
            refused.append(url)
            raise

    monkeypatch.setattr(fetcher_class, "fetch", spy)
    pdf = minutes_services.minutes_pdf(
        '<img src="http://example.org/x.png"><link rel="stylesheet" '
        'href="file:///etc/passwd"><p>Tekst</p>'
    )
    assert pdf.startswith(b"%PDF")
    assert set(refused) == {"http://example.org/x.png", "file:///etc/passwd"}


# --- failure and the sweep -----------------------------------------------------


def test_a_failed_render_records_a_fixed_message_and_beat_sweeps_it_again(
    scene, ketenregisseur, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html: str) -> bytes:
        raise RuntimeError("Pieter Agent in de foutmelding")

    monkeypatch.setattr(minutes_services, "minutes_pdf", broken)
    _requested(scene, ketenregisseur, django_capture_on_commit_callbacks)
    row = _version(scene, scene.region.school)
    assert row.status == JobStatus.FAILED and row.attempts == 1
    assert row.error == FAILED_RETRYING and "Pieter" not in row.error
    # Too soon for the sweep; then it is queued and fails again, up to the limit.
    assert minutes_sweep() == []
    for attempt in range(2, MAX_RENDER_ATTEMPTS + 1):
        later = timezone.now() + datetime.timedelta(minutes=3 * attempt)
        with django_capture_on_commit_callbacks(execute=True):
            assert row.pk in minutes_sweep(now=later)
        row.refresh_from_db()
        assert row.status == JobStatus.FAILED and row.attempts == attempt
    assert row.error == FAILED_FINAL
    assert row.pk not in minutes_sweep(now=timezone.now() + datetime.timedelta(hours=1))
    # Fixed: the chair asks again and it renders.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        minutes_request_all(meeting=scene.meeting, actor=ketenregisseur)
    row.refresh_from_db()
    assert row.status == JobStatus.DONE and bytes(row.pdf or b"").startswith(b"%PDF")


def test_a_lost_render_is_swept_again(scene, django_capture_on_commit_callbacks):
    queued = Minutes.objects.create(meeting=scene.meeting, organisation=None)
    running = Minutes.objects.create(
        meeting=scene.meeting,
        organisation=scene.region.politie,
        status=JobStatus.RUNNING,
        attempts=1,
        started_at=timezone.now(),
    )
    assert minutes_sweep() == []
    later = timezone.now() + datetime.timedelta(minutes=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert set(minutes_sweep(now=later)) == {queued.pk, running.pk}
    for row in (queued, running):
        row.refresh_from_db()
        assert row.status == JobStatus.DONE


def test_a_render_of_a_superseded_version_is_thrown_away(scene):
    row = Minutes.objects.create(meeting=scene.meeting, organisation=None)
    real = minutes_services.minutes_html

    def correction_meanwhile(*, minutes: Minutes) -> str:
        Minutes.objects.filter(pk=minutes.pk).update(version=2, status=JobStatus.QUEUED)
        return real(minutes=minutes)

    minutes_services.minutes_html = correction_meanwhile
    try:
        assert minutes_render(minutes_id=row.pk) == "superseded"
    finally:
        minutes_services.minutes_html = real
    row.refresh_from_db()
    assert row.status == JobStatus.QUEUED and row.pdf is None
    assert minutes_render(minutes_id=row.pk) == JobStatus.DONE


# --- corrections ---------------------------------------------------------------


def test_a_correction_renders_the_versions_that_show_it_again(
    scene, ketenregisseur, django_capture_on_commit_callbacks, tmp_path
):
    _requested(scene, ketenregisseur, django_capture_on_commit_callbacks)
    correction = Correction.objects.create(
        meeting=scene.meeting,
        item=scene.police_item,
        text="Correctie: termijn is vier weken (fictief).",
        recorded_by=ketenregisseur,
    )
    with django_capture_on_commit_callbacks(execute=True):
        minutes_after_correction(correction=correction, actor=ketenregisseur)
    versions = {
        row.organisation_id: row.version
        for row in Minutes.objects.filter(meeting=scene.meeting)
    }
    region = scene.region
    # The school does not see the corrected item: its version stays.
    assert versions[None] == 2 and versions[region.politie.pk] == 2
    assert versions[region.school.pk] == 1
    police = _version(scene, region.politie)
    assert police.status == JobStatus.DONE
    if shutil.which("pdftotext"):
        text = _pdf_text(bytes(police.pdf or b""), tmp_path)
        assert "Correctie: termijn is vier weken (fictief)." in text
    html = minutes_html(minutes=police)
    assert "Correctie: termijn is vier weken (fictief)." in html


# --- the page and the downloads ------------------------------------------------


def test_each_user_downloads_only_its_own_organisations_version(
    scene,
    ketenregisseur,
    police_officer,
    school_worker,
    outsider,
    as_user,
    django_capture_on_commit_callbacks,
):
    _requested(scene, ketenregisseur, django_capture_on_commit_callbacks)
    region = scene.region
    police_pdf = _version(scene, region.politie)
    school_pdf = _version(scene, region.school)
    full = _version(scene, None)

    def url(row: Minutes) -> str:
        return reverse(
            "casusoverleg:minutes-download",
            kwargs={"uuid": scene.meeting.uuid, "pk": row.pk},
        )

    school = as_user(school_worker)
    response = school.get(url(school_pdf))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action="export",
        object_type="casusoverleg.minutes",
        object_id=str(school_pdf.pk),
        actor_id=school_worker.pk,
    ).exists()
    # Another organisation's version and the full set: absent, and recorded.
    for row in (police_pdf, full):
        assert school.get(url(row)).status_code == 404
    assert AuditEvent.objects.filter(
        action="denied", actor_id=school_worker.pk
    ).exists()
    police = as_user(police_officer)
    assert police.get(url(police_pdf)).status_code == 200
    assert police.get(url(school_pdf)).status_code == 404
    # The outsider (no convenant) sees not even the meeting.
    assert as_user(outsider).get(url(police_pdf)).status_code == 404
    # The ketenregisseur: the full set and every organisation's.
    regisseur = as_user(ketenregisseur)
    for row in (full, police_pdf, school_pdf):
        assert regisseur.get(url(row)).status_code == 200


def test_the_page_shows_progress_failures_and_only_the_users_downloads(
    scene, ketenregisseur, school_worker, as_user, django_capture_on_commit_callbacks
):
    page = reverse("casusoverleg:minutes", kwargs={"uuid": scene.meeting.uuid})
    regisseur = as_user(ketenregisseur)
    with django_capture_on_commit_callbacks(execute=False):
        response = regisseur.post(
            reverse("casusoverleg:minutes-request", kwargs={"uuid": scene.meeting.uuid})
        )
    assert response.status_code == 302
    body = regisseur.get(page).content.decode()
    # Queued: the table polls itself.
    assert 'hx-trigger="every' in body and "In de wachtrij" in body
    Minutes.objects.filter(meeting=scene.meeting, organisation=None).update(
        status=JobStatus.FAILED, error=FAILED_FINAL
    )
    fragment = regisseur.get(page, HTTP_HX_REQUEST="true").content.decode()
    assert FAILED_FINAL in fragment and "<html" not in fragment
    school = as_user(school_worker)
    body = school.get(page).content.decode()
    assert scene.region.school.name in body
    assert scene.region.politie.name not in body
    assert "Volledig verslag" not in body
    # Only the chair or the ketenregisseur asks for the minutes.
    assert (
        school.post(
            reverse("casusoverleg:minutes-request", kwargs={"uuid": scene.meeting.uuid})
        ).status_code
        == 403
    )


def test_closing_and_correcting_through_the_meeting_services(
    scene, ketenregisseur, django_capture_on_commit_callbacks
):
    """The chair's close requests the minutes; a correction recorded through the
    meeting's service renders the versions that show it again."""
    meeting_services = pytest.importorskip("casusoverleg.services.meeting")
    scene.meeting.status = MeetingStatus.IN_PROGRESS
    scene.meeting.closed_at = None
    scene.meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_close(meeting=scene.meeting, actor=ketenregisseur)
    rows = Minutes.objects.filter(meeting=scene.meeting)
    assert rows.count() == 4
    assert {row.status for row in rows} == {JobStatus.DONE}
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.correction_record(
            meeting=scene.meeting,
            actor=ketenregisseur,
            text="Correctie op het verslag (fictief).",
        )
    # A meeting-wide correction: every version renders again, with it.
    assert {row.version for row in rows.all()} == {2}
    assert {row.status for row in rows.all()} == {JobStatus.DONE}
    html = minutes_html(minutes=_version(scene, scene.region.school))
    assert "Correctie op het verslag (fictief)." in html
