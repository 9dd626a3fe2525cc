"""An organisation that is no longer active has left the chain: its users keep no
work at all, not even the chain's administration that a lapsed convenant leaves
to a functioneel beheerder (CONVENANT_FREE_APPS is for recording the renewed
convenant, not for an organisation that is gone)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.constants import Action
from audit.services import audit_record
from partners.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def gone(region, beheerder) -> User:
    region.gemeente.active = False
    region.gemeente.save()
    return User.objects.get(pk=beheerder.pk)


def test_the_beheerder_of_an_inactive_organisation_reads_no_audit_trail(
    gone, police_officer, as_user
):
    audit_record(actor=police_officer, action=Action.READ, reason="fictief")
    client = as_user(gone)
    assert client.get(reverse("audit:search")).status_code == 403
    assert client.get(reverse("partners:beheer-users")).status_code == 403
    assert not gone.has_perm("audit.view_auditevent")
    assert not gone.has_perm("partners.change_user")


def test_nor_does_she_reset_or_unlock_another_account(gone, police_officer, as_user):
    client = as_user(gone)
    for name in ("accounts:unlock", "accounts:second-factor-reset"):
        response = client.post(reverse(name, args=[police_officer.pk]))
        assert response.status_code == 403, name


def test_a_lapsed_convenant_still_leaves_the_beheerder_her_administration(
    region, beheerder, as_user
):
    from django.utils import timezone

    from partners.models import ConvenantParticipation

    ConvenantParticipation.objects.filter(organisation=region.gemeente).update(
        withdrawn_on=timezone.localdate()
    )
    fresh = User.objects.get(pk=beheerder.pk)
    assert fresh.has_perm("audit.view_auditevent")
    assert not fresh.has_perm("signals.view_indicator")
    assert as_user(fresh).get(reverse("audit:search")).status_code == 200
