"""Four eyes on roles: a functioneel beheerder administers, she does not read cases.

She may not change her own roles; a role that reads personal data (screener,
ketenregisseur) is only proposed by one beheerder and granted when a second one
confirms, and the organisation's vaste contactpersoon hears of both.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from notifications.models import Notification
from notifications.tasks import send_notification_email
from partners.constants import FOUR_EYES_ROLES, PERSONAL_DATA_ROLES, Role
from partners.models import RoleProposal, User
from partners.services import (
    role_permissions,
    role_proposal_confirm,
    role_proposal_decline,
    user_create,
    user_update,
)
from signals.models import Signal
from signals.services import PersonInput, SignalInput, signal_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_beheerder(region) -> User:
    """Beheer is regional: a beheerder at another organisation is the second pair."""
    return UserFactory.create(
        username="bas.beheer",
        first_name="Bas",
        last_name="Beheer",
        email="bas@example.org",
        organisation=region.politie,
        roles=[Role.FUNCTIONEEL_BEHEERDER],
    )


@pytest.fixture
def school_signal(school_worker) -> Signal:
    return signal_create(
        user=school_worker,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=2),
            description="Leerling wordt opgehaald door een oudere jongen (fictief).",
            subject_role="victim",
            kind="regular",
            source="education",
            persons=[PersonInput(role="victim", name="Fictief Meisje")],
            indicator_codes=["gedrag.opgehaald_gebracht"],
        ),
    )


def edit_url(user: User) -> str:
    return reverse("partners:beheer-user-edit", args=[user.pk])


def decide_url(proposal: RoleProposal) -> str:
    return reverse("partners:beheer-role-proposal-decide", args=[proposal.pk])


def user_data(user: User, **overrides: Any) -> dict[str, Any]:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": user.phone,
        "organisation": user.organisation_id,
        "is_active": "on",
        "roles": sorted(user.role_names),
    }
    data.update(overrides)
    return data


def roles_of(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).role_names)


def signal_url(signal: Signal) -> str:
    return reverse("signals:detail", kwargs={"uuid": signal.uuid})


# --- the set of roles that needs four eyes --------------------------------------


def test_every_role_that_reads_beyond_its_organisation_needs_four_eyes():
    """PERSONAL_DATA_ROLES follows from what the roles may do, not from a list alone."""
    across_organisations = {
        "signals.view_all_dossier",
        "signals.screen_signal",
        "signals.view_trend_signal",
    }
    reads_across = {
        str(role) for role in Role if across_organisations & set(role_permissions(role))
    }
    assert reads_across == set(PERSONAL_DATA_ROLES) == {"screener", "ketenregisseur"}
    # The role that confirms them takes four eyes as well.
    assert set(FOUR_EYES_ROLES) == {*PERSONAL_DATA_ROLES, "functioneel_beheerder"}


# --- her own roles ------------------------------------------------------------------


def test_the_beheerder_is_not_offered_her_own_roles(
    region, beheerder, police_officer, as_user
):
    client = as_user(beheerder)
    own = client.get(edit_url(beheerder)).content.decode()
    for role in Role:
        assert re.search(rf'<input[^>]*name="roles" value="{role}"[^>]*disabled', own)
    assert "U kunt uw eigen rollen niet wijzigen" in own
    # Somebody else's roles she is offered.
    other = client.get(edit_url(police_officer)).content.decode()
    assert not re.search(r'<input[^>]*name="roles"[^>]*disabled', other)


def test_a_forged_post_does_not_give_the_beheerder_the_screener_role(
    region, beheerder, school_signal, as_user
):
    client = as_user(beheerder)
    client.post(
        edit_url(beheerder),
        user_data(beheerder, roles=[Role.FUNCTIONEEL_BEHEERDER, Role.SCREENER]),
    )
    assert roles_of(beheerder) == {"functioneel_beheerder"}
    assert not RoleProposal.objects.exists()
    assert client.get(signal_url(school_signal)).status_code == 404


def test_the_service_refuses_a_change_of_her_own_roles_in_dutch(region, beheerder):
    with pytest.raises(ValidationError) as excinfo:
        user_update(
            user=beheerder,
            actor=beheerder,
            roles=[Role.FUNCTIONEEL_BEHEERDER, Role.PARTNERMEDEWERKER],
        )
    assert "U kunt uw eigen rollen niet wijzigen" in str(excinfo.value)
    with pytest.raises(ValidationError):
        user_update(user=beheerder, actor=beheerder, roles=[])
    assert roles_of(beheerder) == {"functioneel_beheerder"}


def test_she_still_edits_her_own_name(region, beheerder, as_user):
    as_user(beheerder).post(
        edit_url(beheerder), user_data(beheerder, phone="0301234567")
    )
    fresh = User.objects.get(pk=beheerder.pk)
    assert fresh.phone == "0301234567"
    assert fresh.role_names == {"functioneel_beheerder"}


# --- four eyes ------------------------------------------------------------------------


def test_a_screener_grant_waits_for_a_second_beheerder(
    region, beheerder, second_beheerder, police_officer, school_signal, as_user
):
    response = as_user(beheerder).post(
        edit_url(police_officer),
        user_data(police_officer, roles=[Role.PARTNERMEDEWERKER, Role.SCREENER]),
        follow=True,
    )
    assert "pas in als een tweede functioneel beheerder" in response.content.decode()
    proposal = RoleProposal.objects.get()
    assert (proposal.user, proposal.role, proposal.proposed_by) == (
        police_officer,
        "screener",
        beheerder,
    )
    assert proposal.outcome == RoleProposal.Outcome.PENDING
    # The pending proposal grants nothing: the officer still cannot read the signal.
    assert roles_of(police_officer) == {"partnermedewerker"}
    officer = as_user(police_officer)
    assert officer.get(signal_url(school_signal)).status_code == 404
    # Both beheerders see it: on the user page and on the list.
    second = as_user(second_beheerder)
    listed = second.get(reverse("partners:beheer-role-proposals")).content.decode()
    assert f'data-proposal="{proposal.pk}"' in listed and "pieter.agent" in listed
    assert (
        f'data-proposal="{proposal.pk}"'
        in second.get(edit_url(police_officer)).content.decode()
    )

    second.post(decide_url(proposal), {"besluit": "bevestigen"})

    proposal.refresh_from_db()
    assert proposal.outcome == RoleProposal.Outcome.GRANTED
    assert proposal.decided_by == second_beheerder and proposal.decided_at
    assert roles_of(police_officer) == {"partnermedewerker", "screener"}
    assert as_user(police_officer).get(signal_url(school_signal)).status_code == 200
    trail = AuditEvent.objects.filter(object_type="partners.roleproposal")
    assert {(e.action, e.actor_username) for e in trail} == {
        ("create", "fenna.beheer"),
        ("grant", "bas.beheer"),
    }


def test_creating_a_user_with_the_ketenregisseur_role_only_proposes_it(
    region, beheerder
):
    user = user_create(
        actor=beheerder,
        roles=[Role.KETENREGISSEUR, Role.PARTNERMEDEWERKER],
        username="nieuwe.regisseur",
        email="nr@example.org",
        organisation=region.gemeente,
    )
    assert roles_of(user) == {"partnermedewerker"}
    assert RoleProposal.objects.get().role == "ketenregisseur"


def test_a_new_beheerder_account_needs_a_second_beheerder_too(
    region, beheerder, second_beheerder, police_officer
):
    """Else Fenna makes herself a second beheerder account and confirms her own."""
    puppet = user_create(
        actor=beheerder,
        roles=[Role.FUNCTIONEEL_BEHEERDER],
        username="fenna.tweede",
        email="fenna.tweede@example.org",
        organisation=region.gemeente,
    )
    assert roles_of(puppet) == set()
    user_update(
        user=police_officer,
        actor=beheerder,
        roles=[Role.PARTNERMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER],
    )
    assert roles_of(police_officer) == {"partnermedewerker"}
    proposal = RoleProposal.objects.get(user=puppet)
    with pytest.raises(ValidationError):
        role_proposal_confirm(proposal=proposal, actor=puppet)
    role_proposal_confirm(proposal=proposal, actor=second_beheerder)
    assert roles_of(puppet) == {"functioneel_beheerder"}


def test_the_proposer_cannot_confirm_her_own_proposal(
    region, beheerder, police_officer, as_user
):
    client = as_user(beheerder)
    client.post(
        edit_url(police_officer),
        user_data(police_officer, roles=[Role.PARTNERMEDEWERKER, Role.SCREENER]),
    )
    proposal = RoleProposal.objects.get()
    page = client.get(edit_url(police_officer)).content.decode()
    assert "Wacht op een andere functioneel beheerder." in page
    assert 'value="bevestigen"' not in page

    response = client.post(decide_url(proposal), {"besluit": "bevestigen"}, follow=True)

    assert "U hebt deze rol zelf voorgesteld" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.is_pending
    assert roles_of(police_officer) == {"partnermedewerker"}
    with pytest.raises(ValidationError):
        role_proposal_confirm(proposal=proposal, actor=beheerder)


def test_the_database_refuses_a_grant_decided_by_the_proposer(
    region, beheerder, police_officer
):
    user_update(
        user=police_officer,
        actor=beheerder,
        roles=[Role.PARTNERMEDEWERKER, Role.SCREENER],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleProposal.objects.update(
            outcome="granted", decided_by=beheerder, decided_at=timezone.now()
        )


def test_only_a_beheerder_decides_and_a_decline_grants_nothing(
    region, beheerder, second_beheerder, police_officer, ketenregisseur
):
    user_update(
        user=police_officer,
        actor=beheerder,
        roles=[Role.PARTNERMEDEWERKER, Role.SCREENER],
    )
    proposal = RoleProposal.objects.get()
    with pytest.raises(ValidationError):
        role_proposal_confirm(proposal=proposal, actor=ketenregisseur)
    role_proposal_decline(proposal=proposal, actor=second_beheerder)
    proposal.refresh_from_db()
    assert proposal.outcome == RoleProposal.Outcome.DECLINED
    with pytest.raises(ValidationError):
        role_proposal_confirm(proposal=proposal, actor=second_beheerder)
    assert roles_of(police_officer) == {"partnermedewerker"}


def test_nobody_confirms_a_proposal_of_her_own_role(
    region, beheerder, second_beheerder
):
    """Bas proposes the screener role for Fenna: Fenna may not confirm it."""
    user_update(
        user=beheerder,
        actor=second_beheerder,
        roles=[Role.FUNCTIONEEL_BEHEERDER, Role.SCREENER],
    )
    proposal = RoleProposal.objects.get()
    with pytest.raises(ValidationError):
        role_proposal_confirm(proposal=proposal, actor=beheerder)
    assert roles_of(beheerder) == {"functioneel_beheerder"}


def test_removing_a_personal_data_role_needs_no_second_beheerder(
    region, beheerder, screener
):
    user_update(user=screener, actor=beheerder, roles=[Role.PARTNERMEDEWERKER])
    assert roles_of(screener) == {"partnermedewerker"}
    assert not RoleProposal.objects.exists()


def test_a_role_without_personal_data_is_granted_at_once(
    region, beheerder, police_officer
):
    user_update(
        user=police_officer,
        actor=beheerder,
        roles=[Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON],
    )
    assert roles_of(police_officer) == {"partnermedewerker", "contactpersoon"}
    assert not RoleProposal.objects.exists()


# --- the contactpersoon hears of it -------------------------------------------------


def test_the_contactpersoon_is_told_of_the_proposal_and_the_grant_without_names(
    region, beheerder, second_beheerder, police_officer, police_contact, settings
):
    police_contact.email = "paula@example.org"
    police_contact.save()
    user_update(
        user=police_officer,
        actor=beheerder,
        roles=[Role.PARTNERMEDEWERKER, Role.SCREENER],
    )
    proposed = Notification.objects.get(recipient=police_contact)
    assert proposed.kind == Notification.Kind.ROLE_CHANGE
    assert "Screener" in proposed.title and "voorgesteld" in proposed.title
    assert proposed.email_status == Notification.EmailStatus.PENDING

    role_proposal_confirm(proposal=RoleProposal.objects.get(), actor=second_beheerder)

    titles = list(
        Notification.objects.filter(recipient=police_contact).values_list(
            "title", flat=True
        )
    )
    assert len(titles) == 2 and any("toegekend" in title for title in titles)
    # Nobody outside the police organisation is told, the officer himself neither.
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        police_contact.pk
    }
    for notification in Notification.objects.all():
        send_notification_email(notification.pk)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.to == ["paula@example.org"]
        text = str(message.subject) + str(message.body)
        for personal in ("pieter", "Pieter", "Agent", police_officer.email):
            assert personal not in text


def test_the_organisations_designated_contact_person_is_told_too(
    region, beheerder, police_officer
):
    contact = UserFactory.create(
        username="ria.receptie", organisation=region.politie, roles=[], totp=False
    )
    region.politie.contact_person = contact
    region.politie.save()
    user_update(
        user=police_officer,
        actor=beheerder,
        roles=[Role.PARTNERMEDEWERKER, Role.KETENREGISSEUR],
    )
    assert Notification.objects.filter(recipient=contact).count() == 1


# --- the Django admin is no way around it -------------------------------------------


def test_a_staff_beheerder_cannot_change_roles_or_proposals_in_the_admin(
    region, beheerder, police_officer, as_user
):
    beheerder.is_staff = True
    beheerder.save()
    client = as_user(beheerder)
    user_change = reverse("admin:partners_user_change", args=[police_officer.pk])
    client.post(user_change, {"groups": [g.pk for g in police_officer.groups.all()]})
    assert roles_of(police_officer) == {"partnermedewerker"}
    assert client.get(reverse("admin:partners_roleproposal_add")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


# --- a new e-mail address is a new owner of the account --------------------------


def test_a_new_email_address_takes_the_four_eyes_roles_back_to_a_proposal(
    region, beheerder, second_beheerder, screener, school_signal, as_user
):
    """The password reset and enrolment links go to the address on the account: a
    beheerder who puts her own there, asks a password reset and resets the second
    factor would log in as the screener without a second beheerder. So a role that
    takes four eyes goes with the old address and comes back only when a second
    beheerder confirms it."""
    as_user(beheerder).post(
        edit_url(screener),
        user_data(screener, email="fenna.prive@example.org"),
    )
    fresh = User.objects.get(pk=screener.pk)
    assert fresh.email == "fenna.prive@example.org"
    assert roles_of(screener) == set()
    proposal = RoleProposal.objects.get()
    assert (proposal.user, proposal.role, proposal.proposed_by) == (
        screener,
        "screener",
        beheerder,
    )
    # She cannot confirm it herself; the second beheerder can.
    with pytest.raises(ValidationError):
        role_proposal_confirm(proposal=proposal, actor=beheerder)
    role_proposal_confirm(proposal=proposal, actor=second_beheerder)
    assert roles_of(screener) == {"screener"}


def test_other_changes_and_the_system_keep_the_roles(region, beheerder, screener):
    user_update(user=screener, actor=beheerder, phone="0301234567")
    user_update(user=screener, actor=None, email="sam.nieuw@example.org")
    assert roles_of(screener) == {"screener"}
    assert not RoleProposal.objects.exists()
    # Her own address she changes without losing her role.
    user_update(user=beheerder, actor=beheerder, email="fenna.nieuw@example.org")
    assert roles_of(beheerder) == {"functioneel_beheerder"}
