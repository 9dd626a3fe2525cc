"""An independent review of the casusoverleg's access rules (docs/domain.md
section 9, docs/threat-model.md): each test names a hole that was found and must
stay closed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from casusoverleg.constants import ItemStatus, MeetingStatus
from casusoverleg.models import AgendaItem, Meeting
from casusoverleg.services.agenda import (
    agenda_item_invitation_withdraw,
    agenda_item_invite,
    agenda_item_remove,
)
from classification.models import HandOff
from classification.services import dossier_classify
from partners.constants import Domain, OrganisationKind, Ring
from partners.models import Organisation, User
from signals.models import Dossier
from signals.selectors.dossier import dossier_participants
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    person_create_from_mention,
    signal_create,
)
from tests.conftest import Region
from tests.factories import OrganisationFactory, sign

pytestmark = pytest.mark.django_db


def _dossier(screener: User, author: User) -> Dossier:
    signal = signal_create(
        user=author,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=2),
            description="Wordt opgehaald door een oudere jongen (fictief, review).",
            subject_role="victim",
            kind="regular",
            source="education",
            persons=[
                PersonInput(role="victim", name="Fictief Slachtoffer", estimated_age=15)
            ],
        ),
    )
    persons = [
        (person_create_from_mention(mention=m, actor=screener), m.role)
        for m in signal.persons.all()
    ]
    return dossier_create(actor=screener, signals=[signal], persons=persons)


def _meeting(regisseur: User, *, status: str = MeetingStatus.PLANNED) -> Meeting:
    return Meeting.objects.create(
        starts_at=timezone.now() + datetime.timedelta(days=3),
        chair=regisseur,
        created_by=regisseur,
        status=status,
    )


@pytest.fixture
def cjg(region: Region) -> Organisation:
    """The CJG: flexibele schil, where a groen melding is routed."""
    organisation = OrganisationFactory.create(
        name="CJG Demostad",
        slug="cjg",
        kind=OrganisationKind.CJG,
        domain=Domain.ZORG,
        ring=Ring.FLEXIBELE_SCHIL,
    )
    sign(region.convenant, organisation)
    return organisation


# --- finding 1: withdrawing an invitation took away a grant a later colour gave ----


@pytest.mark.parametrize("how", ["withdraw", "remove"])
def test_withdrawing_an_invitation_keeps_the_grant_a_later_colour_gave(
    how, region, cjg, ketenregisseur, screener, police_officer
):
    """The CJG is invited to an item (the invitation makes its grant); then the
    screener classifies the dossier groen, which routes it to the CJG alone (a
    hand-off, no new grant: it already took part). Withdrawing the invitation, or
    removing the item, must not take the dossier from the CJG the colour sent it to."""
    dossier = _dossier(screener, police_officer)
    meeting = _meeting(ketenregisseur)
    item = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier, status=ItemStatus.ACCEPTED
    )
    invitation = agenda_item_invite(item=item, organisation=cjg, actor=ketenregisseur)
    assert invitation.granted_access

    dossier_classify(
        dossier=dossier, actor=screener, colour="groen", rationale="Fictief."
    )
    assert HandOff.objects.filter(dossier=dossier, to_organisation=cjg).exists()

    if how == "withdraw":
        agenda_item_invitation_withdraw(invitation=invitation, actor=ketenregisseur)
    else:
        agenda_item_remove(item=item, actor=ketenregisseur)

    assert cjg in set(dossier_participants(dossier=dossier))


def test_withdrawing_still_revokes_what_only_the_invitation_granted(
    region, cjg, ketenregisseur, screener, police_officer
):
    """The other side of finding 1: without a colour sending the dossier to the
    CJG, withdrawing its invitation takes the dossier away again."""
    dossier = _dossier(screener, police_officer)
    meeting = _meeting(ketenregisseur)
    item = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier, status=ItemStatus.ACCEPTED
    )
    invitation = agenda_item_invite(item=item, organisation=cjg, actor=ketenregisseur)
    agenda_item_invitation_withdraw(invitation=invitation, actor=ketenregisseur)
    assert cjg not in set(dossier_participants(dossier=dossier))


# --- finding 2: "wacht op" named an intervention the reader may not read ------------

HIDDEN_OTHER_CASE = "Fictief: huisbezoek bij de ouders van casus A"
HIDDEN_CRIMINAL = "Fictief: observatie van de verdachte van casus B"


@pytest.fixture
def running(region, ketenregisseur, screener, police_officer, school_worker):
    """A running meeting with case A (police and OM) and case B (the school and
    the police); interventions recorded by the chair: on A one for the police, on B
    an 'opsporing' for the police and two for the school, each waiting for one
    of the police's."""
    from casusoverleg.constants import AttendanceKind, InterventionKind
    from casusoverleg.services.meeting import (
        attendance_record,
        intervention_create,
        meeting_start,
    )
    from signals.services import dossier_invite

    dossier_a = _dossier(screener, police_officer)
    dossier_invite(dossier=dossier_a, organisation=region.politie, actor=screener)
    dossier_b = _dossier(screener, school_worker)
    dossier_invite(dossier=dossier_b, organisation=region.school, actor=screener)
    dossier_invite(dossier=dossier_b, organisation=region.politie, actor=screener)
    meeting = _meeting(ketenregisseur)
    item_a = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier_a, status=ItemStatus.ACCEPTED, position=1
    )
    item_b = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier_b, status=ItemStatus.ACCEPTED, position=2
    )
    attendance = attendance_record(
        meeting=meeting,
        actor=ketenregisseur,
        organisation=region.politie,
        kind=AttendanceKind.PRESENT,
        user=police_officer,
        has_mandate=True,
    )
    meeting_start(meeting=meeting, actor=ketenregisseur, acknowledged=[attendance.pk])
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    other_case = intervention_create(
        item=item_a,
        actor=ketenregisseur,
        kind=InterventionKind.HULPVERLENING,
        description=HIDDEN_OTHER_CASE,
        responsible=region.politie,
        deadline=deadline,
    )
    criminal = intervention_create(
        item=item_b,
        actor=ketenregisseur,
        kind=InterventionKind.OPSPORING,
        description=HIDDEN_CRIMINAL,
        responsible=region.politie,
        deadline=deadline,
    )
    waits_other = intervention_create(
        item=item_b,
        actor=ketenregisseur,
        kind=InterventionKind.HULPVERLENING,
        description="Fictief: mentorgesprek",
        responsible=region.school,
        deadline=deadline,
        depends_on=other_case,
    )
    waits_criminal = intervention_create(
        item=item_b,
        actor=ketenregisseur,
        kind=InterventionKind.NAZORG,
        description="Fictief: nazorg op school",
        responsible=region.school,
        deadline=deadline,
        depends_on=criminal,
    )
    return {
        "meeting": meeting,
        "waits_other": waits_other,
        "waits_criminal": waits_criminal,
    }


def test_waiting_for_never_names_an_intervention_the_reader_may_not_read(
    running, school_worker, ketenregisseur, as_user
):
    """The school sees case B only, and of it no criminal-justice intervention of
    another organisation (threat model 5). Its own interventions wait for one on
    case A and for the police's 'opsporing': the meeting view, the action list and
    the action page say that they wait, never what for."""
    from django.urls import reverse

    client = as_user(school_worker)
    meeting = running["meeting"]
    pages = {
        "meeting": client.get(
            reverse("casusoverleg:meeting", kwargs={"uuid": meeting.uuid})
        ),
        "actions": client.get(reverse("casusoverleg:actions")),
    }
    for key in ("waits_other", "waits_criminal"):
        pages[key] = client.get(
            reverse("casusoverleg:action", kwargs={"uuid": running[key].uuid})
        )
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = response.content.decode()
        assert HIDDEN_OTHER_CASE not in page, name
        assert HIDDEN_CRIMINAL not in page, name
    # The chair, who reads everything, still sees what each one waits for.
    page = (
        as_user(ketenregisseur)
        .get(reverse("casusoverleg:meeting", kwargs={"uuid": meeting.uuid}))
        .content.decode()
    )
    assert HIDDEN_OTHER_CASE in page and HIDDEN_CRIMINAL in page


# --- finding 4: the minutes download service trusted its caller -------------------


def test_the_minutes_download_service_checks_who_asks(
    region, ketenregisseur, police_officer, school_worker
):
    """``minutes_download`` served any version to any actor: only the view's
    ``minutes_get_visible`` stood between another organisation and its minutes.
    The service checks itself (docs/architecture.md: services check permissions),
    with the access layer's 404."""
    from django.http import Http404

    from casusoverleg.constants import JobStatus
    from casusoverleg.models import Minutes
    from casusoverleg.services.minutes import minutes_download

    meeting = _meeting(ketenregisseur, status=MeetingStatus.CLOSED)
    police_version = Minutes.objects.create(
        meeting=meeting,
        organisation=region.politie,
        status=JobStatus.DONE,
        pdf=b"%PDF-1.4 politie",
    )
    full_set = Minutes.objects.create(
        meeting=meeting, status=JobStatus.DONE, pdf=b"%PDF-1.4 volledig"
    )
    with pytest.raises(Http404):
        minutes_download(minutes=police_version, actor=school_worker)
    with pytest.raises(Http404):
        minutes_download(minutes=full_set, actor=police_officer)
    assert minutes_download(minutes=police_version, actor=police_officer).startswith(
        b"%PDF"
    )
    assert minutes_download(minutes=full_set, actor=ketenregisseur).startswith(b"%PDF")


def test_the_start_page_does_not_say_an_action_waits_for_one_the_reader_may_not_read(
    running, school_worker
):
    """Finding 2 on the start page: 'wacht op een andere actie' told the school
    that its action waits for an unfinished one it may not read (the police's
    'opsporing', another case's)."""
    from casusoverleg.selectors.actions import actions_start_open

    waiting = actions_start_open(user=school_worker)
    assert waiting is not None
    rows = {a.pk: a for a in waiting.rows}
    assert running["waits_other"].pk in rows and running["waits_criminal"].pk in rows
    assert all(a.depends_on is None for a in rows.values())


# --- finding 5: removing an accepted item left the kernteam on the dossier ---------


def _accept(meeting: Meeting, dossier: Dossier, regisseur: User) -> AgendaItem:
    from casusoverleg.services.agenda import agenda_item_accept

    item = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier, status=ItemStatus.PROPOSED
    )
    return agenda_item_accept(item=item, actor=regisseur)


def test_removing_an_item_revokes_the_kernteam_grants_its_accept_made(
    region, cjg, ketenregisseur, screener, police_officer
):
    """Accepting an item brings the kernteam (police, OM) into the dossier;
    removing the item (accepted by mistake) takes them out again, audited and on
    the timeline: a groen dossier is the CJG's alone, not the police's."""
    from audit.models import AuditEvent
    from casusoverleg.models import ItemKernteamGrant
    from signals.constants import DossierEventKind

    dossier = _dossier(screener, police_officer)
    dossier_classify(
        dossier=dossier, actor=screener, colour="groen", rationale="Fictief."
    )
    before = set(dossier_participants(dossier=dossier))
    assert region.politie not in before and region.om not in before
    assert cjg in before
    item = _accept(_meeting(ketenregisseur), dossier, ketenregisseur)
    assert {region.politie, region.om} <= set(dossier_participants(dossier=dossier))
    granted = set(
        ItemKernteamGrant.objects.filter(item=item).values_list(
            "organisation_id", flat=True
        )
    )
    kernteam = set(
        Organisation.objects.filter(ring=Ring.KERNTEAM).values_list("pk", flat=True)
    )
    assert granted == kernteam - {o.pk for o in before}
    assert {region.politie.pk, region.om.pk} <= granted

    agenda_item_remove(item=item, actor=ketenregisseur)

    assert set(dossier_participants(dossier=dossier)) == before
    withdrawn = set(
        dossier.events.filter(kind=DossierEventKind.INVITATION_WITHDRAWN).values_list(
            "organisation_id", flat=True
        )
    )
    assert withdrawn == granted
    assert not ItemKernteamGrant.objects.filter(item=item).exists()
    assert AuditEvent.objects.filter(
        object_type="casusoverleg.itemkernteamgrant"
    ).exists()


def test_removing_an_item_keeps_kernteam_access_it_did_not_grant(
    region, ketenregisseur, screener, police_officer
):
    """Only what the accept granted goes: an organisation that took part already
    (the police) stays; one that has since got the dossier by a colour (OM, rood:
    a hand-off) stays."""
    from signals.services import dossier_invite

    dossier = _dossier(screener, police_officer)
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    item = _accept(_meeting(ketenregisseur), dossier, ketenregisseur)
    dossier_classify(
        dossier=dossier, actor=screener, colour="oranje", rationale="Fictief."
    )
    assert HandOff.objects.filter(dossier=dossier, to_organisation=region.om).exists()

    agenda_item_remove(item=item, actor=ketenregisseur)

    after = set(dossier_participants(dossier=dossier))
    assert region.politie in after and region.om in after


def test_removing_an_item_keeps_the_kernteam_another_meeting_needs(
    region, ketenregisseur, screener, police_officer
):
    """The dossier is accepted on two meetings: removing it from one leaves the
    kernteam on the dossier for the other; removing it there too takes the grant
    the first accept made (handed on to the second item) back."""
    dossier = _dossier(screener, police_officer)
    first = _accept(_meeting(ketenregisseur), dossier, ketenregisseur)
    second = _accept(_meeting(ketenregisseur), dossier, ketenregisseur)

    agenda_item_remove(item=first, actor=ketenregisseur)
    after = set(dossier_participants(dossier=dossier))
    assert region.politie in after and region.om in after

    agenda_item_remove(item=second, actor=ketenregisseur)
    after = set(dossier_participants(dossier=dossier))
    assert region.politie not in after and region.om not in after


# --- finding 6: lowering a colour took the dossier from the casusoverleg -----------


@pytest.mark.parametrize("closed", [False, True])
def test_lowering_with_withdrawal_keeps_the_kernteam_of_an_open_meeting(
    closed, region, ketenregisseur, screener, police_officer
):
    """Oranje brings the kernteam in; the dossier is on the agenda of a meeting.
    Lowering to blauw with ``withdraw_access`` must not take the dossier from the
    police and OM while that meeting is not closed (the routing note says why);
    once it is closed, the withdrawal goes through."""
    from classification.models import Classification

    dossier = _dossier(screener, police_officer)
    dossier_classify(
        dossier=dossier, actor=screener, colour="oranje", rationale="Fictief."
    )
    meeting = _meeting(ketenregisseur)
    item = _accept(meeting, dossier, ketenregisseur)
    if closed:
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CLOSED)

    lowered = dossier_classify(
        dossier=dossier,
        actor=screener,
        colour="blauw",
        rationale="Fictief: geen loverboyactiviteit.",
        withdraw_access=True,
    )

    lowered = Classification.objects.get(pk=lowered.pk)
    after = set(dossier_participants(dossier=dossier))
    if closed:
        assert region.politie not in after and region.om not in after
        assert "casusoverleg" not in lowered.routing_note
    else:
        assert region.politie in after and region.om in after
        assert "casusoverleg" in lowered.routing_note
        assert region.politie.name in lowered.routing_note
        lowered.full_clean()  # the note keeps to the text policy
        # The casusoverleg took the grant over: when the item leaves the agenda,
        # the decided withdrawal is carried out after all.
        agenda_item_remove(item=item, actor=ketenregisseur)
        after = set(dossier_participants(dossier=dossier))
        assert region.politie not in after and region.om not in after


def test_lowering_with_withdrawal_keeps_an_organisation_invited_to_an_item(
    region, cjg, ketenregisseur, screener, police_officer
):
    """Groen routes the dossier to the CJG; the CJG is also invited to an agenda
    item for it (no grant of its own: it took part). Lowering to blauw with
    ``withdraw_access`` keeps the CJG for the meeting; without the invitation it
    goes."""
    dossier = _dossier(screener, police_officer)
    dossier_classify(
        dossier=dossier, actor=screener, colour="groen", rationale="Fictief."
    )
    item = AgendaItem.objects.create(
        meeting=_meeting(ketenregisseur), dossier=dossier, status=ItemStatus.ACCEPTED
    )
    invitation = agenda_item_invite(item=item, organisation=cjg, actor=ketenregisseur)
    assert not invitation.granted_access

    dossier_classify(
        dossier=dossier,
        actor=screener,
        colour="blauw",
        rationale="Fictief: geen loverboyactiviteit.",
        withdraw_access=True,
    )
    assert cjg in set(dossier_participants(dossier=dossier))
    # The invitation took the grant over: withdrawing it takes the dossier away.
    agenda_item_invitation_withdraw(invitation=invitation, actor=ketenregisseur)
    assert cjg not in set(dossier_participants(dossier=dossier))

    # The other side: no invitation, no item: the withdrawal takes the CJG out.
    other = _dossier(screener, police_officer)
    dossier_classify(
        dossier=other, actor=screener, colour="groen", rationale="Fictief."
    )
    dossier_classify(
        dossier=other,
        actor=screener,
        colour="blauw",
        rationale="Fictief: geen loverboyactiviteit.",
        withdraw_access=True,
    )
    assert cjg not in set(dossier_participants(dossier=other))
