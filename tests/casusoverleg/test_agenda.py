"""The agenda of a casusoverleg: the builder's proposals, ordering, durations,
kernteam joining on accept, per-item invitations, sketches and who may open it.

Read as sentences about the personas: the ketenregisseur builds and orders the
agenda, the screener (voorbereidingsteam) writes sketches until the meeting
starts, the police officer (kernteam) never reaches the agenda page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from casusoverleg.constants import (
    InterventionKind,
    InterventionStatus,
    ItemKind,
    ItemReason,
    ItemStatus,
    JobStatus,
    MeetingStatus,
)
from casusoverleg.models import (
    AgendaBuild,
    AgendaItem,
    Intervention,
    ItemInvitation,
    Meeting,
)
from casusoverleg.services.agenda import (
    agenda_build_request,
    agenda_build_run,
    agenda_builds_sweep,
    agenda_item_accept,
    agenda_item_add,
    agenda_item_invitation_withdraw,
    agenda_item_invite,
    agenda_item_remove,
    agenda_item_sketch_update,
    agenda_reorder,
)
from classification.models import Classification
from classification.services import dossier_classify
from partners.models import User
from signals.constants import Kind, Sharing
from signals.models import Dossier, Signal
from signals.selectors.dossier import dossier_participants
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    dossier_invite,
    enrichment_answer,
    enrichment_ask,
    person_create_from_mention,
    signal_create,
)
from tests.conftest import Region

pytestmark = pytest.mark.django_db


def _signal(user: User, *, kind: str = "regular", roles=("victim",)) -> Signal:
    return signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=2),
            description="Wordt opgehaald door een oudere jongen (fictief, agenda).",
            subject_role="victim",
            kind=kind,
            source="education",
            persons=[
                PersonInput(role=role, name=f"Fictief {role}", estimated_age=16)
                for role in roles
            ],
        ),
    )


def _dossier(
    screener: User, author: User, *, roles=("victim",), colour: str = "oranje"
) -> Dossier:
    signal = _signal(author, roles=roles)
    persons = [
        (person_create_from_mention(mention=m, actor=screener), m.role)
        for m in signal.persons.all()
    ]
    dossier = dossier_create(actor=screener, signals=[signal], persons=persons)
    if colour:
        dossier_classify(
            dossier=dossier, actor=screener, colour=colour, rationale="Fictief."
        )
    return dossier


def _ask(dossier: Dossier, screener: User, region: Region):
    return enrichment_ask(
        dossier=dossier,
        organisations=[region.politie],
        reason="Agenda voorbereiden.",
        question="Is zij bij u bekend?",
        actor=screener,
    )[0]


def _ready(dossier, screener, region, police_contact):
    enrichment_answer(
        request=_ask(dossier, screener, region),
        actor=police_contact,
        no_information=True,
    )
    return dossier


def _meeting(regisseur: User, *, days: int = 3, status=MeetingStatus.PLANNED):
    return Meeting.objects.create(
        starts_at=timezone.now() + datetime.timedelta(days=days),
        chair=regisseur,
        created_by=regisseur,
        status=status,
    )


def _build(meeting: Meeting, regisseur: User, capture) -> AgendaBuild:
    with capture(execute=True):
        build = agenda_build_request(meeting=meeting, actor=regisseur)
    build.refresh_from_db()
    return build


def _item(meeting: Meeting, dossier: Dossier) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, dossier=dossier)


@pytest.fixture
def world(region, ketenregisseur, screener, police_officer, police_contact):
    return {
        "region": region,
        "regisseur": ketenregisseur,
        "screener": screener,
        "police": police_officer,
        "contact": police_contact,
    }


# --- the builder -----------------------------------------------------------------


def test_builder_proposes_a_ready_oranje_dossier_and_lists_the_unready_apart(
    world, django_capture_on_commit_callbacks
):
    w = world
    ready = _ready(
        _dossier(w["screener"], w["police"]), w["screener"], w["region"], w["contact"]
    )
    waiting = _dossier(w["screener"], w["police"])
    _ask(waiting, w["screener"], w["region"])
    never_asked = _dossier(w["screener"], w["police"])
    groen = _dossier(w["screener"], w["police"], colour="groen")
    _ready(groen, w["screener"], w["region"], w["contact"])
    meeting = _meeting(w["regisseur"])

    build = _build(meeting, w["regisseur"], django_capture_on_commit_callbacks)

    assert build.status == JobStatus.DONE
    item = _item(meeting, ready)
    assert item.status == ItemStatus.PROPOSED
    assert item.reasons == [ItemReason.COLOUR_READY]
    proposed = set(AgendaItem.objects.values_list("dossier_id", flat=True))
    assert proposed == {ready.pk}  # not the waiting, never asked or groen ones
    from casusoverleg.selectors.agenda import not_ready_dossiers

    rows, more = not_ready_dossiers(meeting=meeting)
    by_id = {r.dossier_id: r for r in rows}
    assert set(by_id) == {waiting.pk, never_asked.pk}
    assert by_id[waiting.pk].waiting_for == [w["region"].politie.name]
    assert by_id[never_asked.pk].waiting_for == []
    assert not more


def test_builder_proposes_overdue_carried_over_and_rereview(
    world, django_capture_on_commit_callbacks
):
    w = world
    regisseur = w["regisseur"]
    overdue = _dossier(w["screener"], w["police"], colour="")
    carried = _dossier(w["screener"], w["police"], colour="")
    rereview = _dossier(w["screener"], w["police"])
    recent = _dossier(w["screener"], w["police"])
    earlier = _meeting(regisseur, days=-70, status=MeetingStatus.CLOSED)
    last_week = _meeting(regisseur, days=-7, status=MeetingStatus.CLOSED)
    AgendaItem.objects.create(
        meeting=earlier, dossier=rereview, status=ItemStatus.ACCEPTED
    )
    AgendaItem.objects.create(
        meeting=last_week, dossier=recent, status=ItemStatus.ACCEPTED
    )
    for dossier, status, deadline, reason in (
        (overdue, InterventionStatus.OPEN, -2, ""),
        (carried, InterventionStatus.NOT_POSSIBLE, 20, "Slachtoffer verhuisd."),
    ):
        item = AgendaItem.objects.create(
            meeting=last_week, dossier=dossier, status=ItemStatus.ACCEPTED
        )
        Intervention.objects.create(
            dossier=dossier,
            item=item,
            kind=InterventionKind.HULPVERLENING,
            description="Aanmelding jeugdhulp",
            responsible=w["region"].jeugdzorg,
            deadline=timezone.localdate() + datetime.timedelta(days=deadline),
            status=status,
            status_reason=reason,
            created_by=regisseur,
        )
    meeting = _meeting(regisseur)

    _build(meeting, regisseur, django_capture_on_commit_callbacks)

    assert ItemReason.OVERDUE in _item(meeting, overdue).reasons
    assert ItemReason.CARRIED_OVER in _item(meeting, overdue).reasons
    assert _item(meeting, carried).reasons == [ItemReason.CARRIED_OVER]
    assert _item(meeting, rereview).reasons == [ItemReason.REREVIEW]
    # Discussed a week ago: not proposed again yet.
    assert not AgendaItem.objects.filter(meeting=meeting, dossier=recent).exists()
    # Both were discussed within twelve months: repeats.
    assert _item(meeting, rereview).is_repeat
    assert _item(meeting, carried).is_repeat

    client_page = _page(regisseur, meeting)
    assert "Niet mogelijk (omstandigheden gewijzigd)" in client_page
    assert "Slachtoffer verhuisd." in client_page


def _page(user: User, meeting: Meeting) -> str:
    from tests.conftest import verified_client

    response = verified_client(user).get(
        reverse("casusoverleg:agenda", kwargs={"uuid": meeting.uuid})
    )
    assert response.status_code == 200
    return response.content.decode()


def test_builder_proposes_trend_and_shared_bilateral_signals_since_the_last_meeting(
    world, django_capture_on_commit_callbacks
):
    w = world
    regisseur = w["regisseur"]
    _meeting(regisseur, days=-14, status=MeetingStatus.CLOSED)
    trend = _signal(w["police"], kind=Kind.TREND, roles=())
    old_trend = _signal(w["police"], kind=Kind.TREND, roles=())
    Signal.objects.filter(pk=old_trend.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=20)
    )
    shared = _signal(w["police"], kind=Kind.URGENT)
    withheld = _signal(w["police"], kind=Kind.URGENT)
    in_dossier = _dossier(w["screener"], w["police"], colour="")
    dossier_signal = in_dossier.signals.get()
    Signal.objects.filter(pk__in=[shared.pk, withheld.pk, dossier_signal.pk]).update(
        bilateral=True
    )
    Signal.objects.filter(pk=withheld.pk).update(sharing=Sharing.SELECTED)
    meeting = _meeting(regisseur)

    _build(meeting, regisseur, django_capture_on_commit_callbacks)

    trend_items = AgendaItem.objects.filter(meeting=meeting, kind=ItemKind.TREND)
    assert [i.signal_id for i in trend_items] == [trend.pk]
    bilateral = AgendaItem.objects.filter(meeting=meeting, kind=ItemKind.BILATERAL)
    # Only the signal its owner shares with every participant; none withheld.
    assert [i.signal_id for i in bilateral] == [shared.pk]
    assert _item(meeting, in_dossier).reasons == [ItemReason.BILATERAL]


def test_rebuilding_adds_nothing_twice_and_removed_items_stay_removed(
    world, django_capture_on_commit_callbacks
):
    w = world
    regisseur = w["regisseur"]
    one = _ready(
        _dossier(w["screener"], w["police"]), w["screener"], w["region"], w["contact"]
    )
    two = _ready(
        _dossier(w["screener"], w["police"]), w["screener"], w["region"], w["contact"]
    )
    meeting = _meeting(regisseur)
    _build(meeting, regisseur, django_capture_on_commit_callbacks)
    agenda_item_remove(item=_item(meeting, one), actor=regisseur)

    second = _build(meeting, regisseur, django_capture_on_commit_callbacks)

    assert second.status == JobStatus.DONE and second.proposed == 0
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2
    assert _item(meeting, one).status == ItemStatus.REMOVED
    assert _item(meeting, two).status == ItemStatus.PROPOSED


def test_an_item_stays_on_the_agenda_once_the_meeting_runs(
    world, django_capture_on_commit_callbacks
):
    w = world
    regisseur = w["regisseur"]
    one = _ready(
        _dossier(w["screener"], w["police"]), w["screener"], w["region"], w["contact"]
    )
    meeting = _meeting(regisseur)
    _build(meeting, regisseur, django_capture_on_commit_callbacks)
    item = agenda_item_accept(item=_item(meeting, one), actor=regisseur)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.IN_PROGRESS)
    item.refresh_from_db()

    with pytest.raises(ValidationError, match="begonnen"):
        agenda_item_remove(item=item, actor=regisseur)
    assert _item(meeting, one).status == ItemStatus.ACCEPTED


def test_a_failed_build_shows_a_dutch_error_on_the_page(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    regisseur = world["regisseur"]
    meeting = _meeting(regisseur)

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("casusoverleg.services.agenda.agenda_candidates", broken)
    build = _build(meeting, regisseur, django_capture_on_commit_callbacks)

    assert build.status == JobStatus.FAILED
    page = _page(regisseur, meeting)
    assert "Opbouwen mislukt." in page
    assert "De agenda kon niet worden opgebouwd" in page
    assert "database went away" not in page


def test_a_build_runs_once_and_beat_sends_lost_ones_again(world):
    regisseur = world["regisseur"]
    meeting = _meeting(regisseur)
    lost = AgendaBuild.objects.create(
        meeting=meeting,
        requested_by=regisseur,
        requested_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    assert agenda_builds_sweep() == [lost.pk]
    assert agenda_build_run(build_id=lost.pk) == JobStatus.DONE
    # Delivered twice: the second run finds it done and does nothing.
    assert agenda_build_run(build_id=lost.pk) == JobStatus.DONE
    assert AgendaBuild.objects.get(pk=lost.pk).attempts == 1


def test_the_page_polls_while_the_build_is_queued(world):
    regisseur = world["regisseur"]
    meeting = _meeting(regisseur)
    AgendaBuild.objects.create(meeting=meeting, requested_by=regisseur)
    page = _page(regisseur, meeting)
    assert 'hx-trigger="every 2s"' in page
    assert "In de wachtrij" in page


# --- ordering and durations -------------------------------------------------------


@pytest.fixture
def agenda(world):
    """A meeting with three accepted items (each a dossier of its own)."""
    w = world
    meeting = _meeting(w["regisseur"])
    items = []
    for n in range(3):
        dossier = _dossier(w["screener"], w["police"], colour="")
        items.append(
            AgendaItem.objects.create(
                meeting=meeting,
                dossier=dossier,
                status=ItemStatus.ACCEPTED,
                position=n + 1,
                planned_minutes=10 * (n + 1),
            )
        )
    return meeting, items


def _order(meeting):
    return list(
        AgendaItem.objects.filter(meeting=meeting, status=ItemStatus.ACCEPTED)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )


def test_reorder_by_htmx_post_returns_the_renumbered_list(world, agenda, as_user):
    meeting, (a, b, c) = agenda
    client = as_user(world["regisseur"])
    url = reverse("casusoverleg:agenda-order", kwargs={"uuid": meeting.uuid})

    response = client.post(url, {"item": [c.pk, a.pk, b.pk]}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert _order(meeting) == [c.pk, a.pk, b.pk]
    body = response.content.decode()
    assert body.index(f'id="punt-{c.pk}"') < body.index(f'id="punt-{a.pk}"')
    assert "3 punten, samen 60 minuten" in body


def test_reorder_refuses_a_list_that_does_not_match_the_agenda(world, agenda, as_user):
    meeting, (a, b, c) = agenda
    client = as_user(world["regisseur"])
    url = reverse("casusoverleg:agenda-order", kwargs={"uuid": meeting.uuid})
    response = client.post(url, {"item": [c.pk, a.pk]}, HTTP_HX_REQUEST="true")
    assert "De volgorde past niet meer bij de agenda" in response.content.decode()
    assert _order(meeting) == [a.pk, b.pk, c.pk]


def test_the_omhoog_and_omlaag_buttons_move_an_item(world, agenda, as_user):
    meeting, (a, b, c) = agenda
    client = as_user(world["regisseur"])

    def move(item, direction):
        return client.post(
            reverse(
                "casusoverleg:agenda-item-move",
                kwargs={"uuid": meeting.uuid, "item_id": item.pk},
            ),
            {"direction": direction},
        )

    assert move(c, "up").status_code == 302
    assert _order(meeting) == [a.pk, c.pk, b.pk]
    move(a, "down")
    assert _order(meeting) == [c.pk, a.pk, b.pk]
    move(c, "up")  # already first: stays
    assert _order(meeting) == [c.pk, a.pk, b.pk]
    page = _page(world["regisseur"], meeting)
    assert "Omhoog" in page and "Omlaag" in page


def test_durations_add_up_and_a_bad_duration_is_refused_in_dutch(
    world, agenda, as_user
):
    meeting, (a, b, c) = agenda
    client = as_user(world["regisseur"])
    url = reverse(
        "casusoverleg:agenda-item-duration",
        kwargs={"uuid": meeting.uuid, "item_id": a.pk},
    )
    assert client.post(url, {f"duur-{a.pk}-planned_minutes": "25"}).status_code == 302
    assert "3 punten, samen 75 minuten" in _page(world["regisseur"], meeting)

    response = client.post(url, {f"duur-{a.pk}-planned_minutes": "0"})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Geef een duur van 1 tot 240 minuten." in body
    assert "Er is een probleem" in body and "<title>Fout:" in body
    a.refresh_from_db()
    assert a.planned_minutes == 25


# --- accepting, adding and inviting ------------------------------------------------


def test_accepting_an_item_brings_the_kernteam_into_the_dossier(world, region):
    w = world
    dossier = _dossier(w["screener"], w["police"], colour="")
    assert region.om not in dossier_participants(dossier=dossier)
    meeting = _meeting(w["regisseur"])
    item = AgendaItem.objects.create(meeting=meeting, dossier=dossier)

    agenda_item_accept(item=item, actor=w["regisseur"])

    participants = set(dossier_participants(dossier=dossier))
    assert {region.gemeente, region.politie, region.om} <= participants
    assert region.school not in participants


def test_the_regisseur_adds_a_dossier_by_reference(world, region, as_user):
    w = world
    dossier = _dossier(w["screener"], w["police"], colour="")
    meeting = _meeting(w["regisseur"])
    client = as_user(w["regisseur"])
    url = reverse("casusoverleg:agenda-add", kwargs={"uuid": meeting.uuid})

    bad = client.post(url, {"toevoegen-reference": "DOS-1999-000001"})
    assert bad.status_code == 400
    assert "Er is geen dossier met dit kenmerk" in bad.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()

    assert (
        client.post(url, {"toevoegen-reference": dossier.reference}).status_code == 302
    )
    item = _item(meeting, dossier)
    assert item.status == ItemStatus.ACCEPTED
    assert item.reasons == [ItemReason.MANUAL]
    assert region.om in dossier_participants(dossier=dossier)


def test_an_invitation_grants_the_dossier_and_withdrawing_revokes_it(world, region):
    w = world
    dossier = _dossier(w["screener"], w["police"], colour="")
    meeting = _meeting(w["regisseur"])
    item = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier, status=ItemStatus.ACCEPTED
    )

    invitation = agenda_item_invite(
        item=item, organisation=region.school, actor=w["regisseur"]
    )

    assert invitation.granted_access
    assert region.school in dossier_participants(dossier=dossier)
    agenda_item_invitation_withdraw(invitation=invitation, actor=w["regisseur"])
    assert region.school not in dossier_participants(dossier=dossier)


def test_withdrawing_never_revokes_a_grant_the_invitation_did_not_make(world, region):
    w = world
    dossier = _dossier(w["screener"], w["police"], colour="")
    dossier_invite(dossier=dossier, organisation=region.school, actor=w["screener"])
    meeting = _meeting(w["regisseur"])
    item = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier, status=ItemStatus.ACCEPTED
    )

    invitation = agenda_item_invite(
        item=item, organisation=region.school, actor=w["regisseur"]
    )
    assert not invitation.granted_access
    agenda_item_invitation_withdraw(invitation=invitation, actor=w["regisseur"])
    # The school took part before the meeting: it keeps its place.
    assert region.school in dossier_participants(dossier=dossier)

    # Removing the item withdraws only the grants its invitations made.
    again = agenda_item_invite(
        item=item, organisation=region.jeugdzorg, actor=w["regisseur"]
    )
    assert again.granted_access
    agenda_item_remove(item=item, actor=w["regisseur"])
    participants = set(dossier_participants(dossier=dossier))
    assert region.jeugdzorg not in participants
    assert region.school in participants
    assert ItemInvitation.objects.filter(withdrawn_at__isnull=True).count() == 0


def test_inviting_the_kernteam_or_to_a_proposed_item_is_refused(world, region):
    w = world
    dossier = _dossier(w["screener"], w["police"], colour="")
    meeting = _meeting(w["regisseur"])
    item = AgendaItem.objects.create(meeting=meeting, dossier=dossier)
    with pytest.raises(ValidationError) as refused:
        agenda_item_invite(item=item, organisation=region.school, actor=w["regisseur"])
    assert "Zet het punt eerst op de agenda." in refused.value.messages
    item.status = ItemStatus.ACCEPTED
    item.save()
    with pytest.raises(ValidationError):
        agenda_item_invite(item=item, organisation=region.om, actor=w["regisseur"])
    assert not ItemInvitation.objects.exists()


# --- sketches ----------------------------------------------------------------------


def test_the_screener_writes_the_sketch_until_the_meeting_starts(
    world, agenda, as_user
):
    meeting, (a, _b, _c) = agenda
    client = as_user(world["screener"])
    url = reverse(
        "casusoverleg:agenda-item", kwargs={"uuid": meeting.uuid, "item_id": a.pk}
    )
    data = {
        "schets-background": "Meisje van 15, spijbelt sinds september (fictief).",
        "schets-questions": "Wie neemt contact op met de ouders?",
    }
    assert client.post(url, data).status_code == 302
    a.refresh_from_db()
    assert a.questions == "Wie neemt contact op met de ouders?"
    assert a.sketch_updated_by == world["screener"]

    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.IN_PROGRESS)
    response = client.post(url, {"schets-background": "Te laat."})

    assert response.status_code == 400
    assert "Het overleg is begonnen" in response.content.decode()
    a.refresh_from_db()
    assert a.background.startswith("Meisje van 15")


def test_a_sketch_with_a_forbidden_character_is_refused_and_nothing_stored(
    world, agenda
):
    meeting, (a, _b, _c) = agenda
    with pytest.raises(ValidationError) as refused:
        agenda_item_sketch_update(
            item=a, actor=world["screener"], background="Fictief\x00", questions="Ok"
        )
    assert "background" in refused.value.message_dict
    a.refresh_from_db()
    assert a.background == "" and a.questions == ""


def test_the_item_page_shows_which_roles_the_dossier_covers(world, as_user):
    w = world
    dossier = _dossier(w["screener"], w["police"], roles=("victim", "perpetrator"))
    meeting = _meeting(w["regisseur"])
    item = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier, status=ItemStatus.ACCEPTED
    )
    response = as_user(w["screener"]).get(
        reverse(
            "casusoverleg:agenda-item",
            kwargs={"uuid": meeting.uuid, "item_id": item.pk},
        )
    )
    body = response.content.decode()
    assert "Mogelijk slachtoffer: <strong>ja" in body
    assert "Mogelijke dader (loverboy): <strong>ja" in body
    assert "Faciliteerder: nee" in body


# --- who may -----------------------------------------------------------------------


def test_a_partner_cannot_reach_the_agenda(world, agenda, as_user):
    meeting, (a, _b, _c) = agenda
    client = as_user(world["police"])
    for name, kwargs in (
        ("casusoverleg:agenda", {}),
        ("casusoverleg:agenda-item", {"item_id": a.pk}),
    ):
        url = reverse(name, kwargs={"uuid": meeting.uuid, **kwargs})
        assert client.get(url).status_code == 404
    order = reverse("casusoverleg:agenda-order", kwargs={"uuid": meeting.uuid})
    assert client.post(order, {"item": [a.pk]}).status_code == 404


def test_the_screener_may_not_compose_the_agenda(world, agenda):
    meeting, (a, b, c) = agenda
    with pytest.raises(PermissionDenied):
        agenda_reorder(
            meeting=meeting, item_ids=[c.pk, b.pk, a.pk], actor=world["screener"]
        )
    with pytest.raises(PermissionDenied):
        agenda_item_add(
            meeting=meeting, reference="DOS-2026-000001", actor=world["screener"]
        )


def test_a_rood_dossier_is_proposed_before_an_oranje_one(
    world, django_capture_on_commit_callbacks
):
    w = world
    oranje = _ready(
        _dossier(w["screener"], w["police"]), w["screener"], w["region"], w["contact"]
    )
    rood = _ready(
        _dossier(w["screener"], w["police"]), w["screener"], w["region"], w["contact"]
    )
    Classification.objects.create(
        dossier=rood,
        colour="rood",
        previous_colour="oranje",
        rationale="Fictief.",
        decided_by=w["screener"],
    )
    meeting = _meeting(w["regisseur"])
    _build(meeting, w["regisseur"], django_capture_on_commit_callbacks)
    assert _item(meeting, rood).position < _item(meeting, oranje).position


def test_inviting_on_the_item_page_and_a_missing_choice_is_refused_in_dutch(
    world, region, as_user
):
    w = world
    dossier = _dossier(w["screener"], w["police"], colour="")
    meeting = _meeting(w["regisseur"])
    item = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier, status=ItemStatus.ACCEPTED
    )
    client = as_user(w["regisseur"])
    kwargs = {"uuid": meeting.uuid, "item_id": item.pk}
    url = reverse("casusoverleg:agenda-item-invite", kwargs=kwargs)

    refused = client.post(url, {"uitnodigen-organisation": ""})
    assert refused.status_code == 400
    assert "Kies de organisatie die u uitnodigt." in refused.content.decode()
    kernteam = client.post(url, {"uitnodigen-organisation": region.om.pk})
    assert "Kies een organisatie uit de lijst." in kernteam.content.decode()
    assert not ItemInvitation.objects.exists()

    assert (
        client.post(url, {"uitnodigen-organisation": region.school.pk}).status_code
        == 302
    )
    invitation = ItemInvitation.objects.get()
    assert region.school in dossier_participants(dossier=dossier)
    page = client.get(reverse("casusoverleg:agenda-item", kwargs=kwargs))
    assert "Fictief College" in page.content.decode()
    withdraw = reverse(
        "casusoverleg:agenda-item-invitation-withdraw",
        kwargs={**kwargs, "invitation_id": invitation.pk},
    )
    assert client.post(withdraw).status_code == 302
    assert region.school not in dossier_participants(dossier=dossier)
