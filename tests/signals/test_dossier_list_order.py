"""The dossier list reads an organisation's own grants newest first: same scope as
the access layer, same order as the dossiers' own updated_at."""

from __future__ import annotations

import pytest
from django.utils import timezone

from signals.models import Dossier
from signals.selectors import dossier_list_newest_first, dossier_list_visible_to
from signals.services import dossier_create, dossier_invite, dossier_set_status
from tests.signals.test_dossiers import enter_signal

pytestmark = pytest.mark.django_db


def ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def by_updated_at(user) -> list[int]:
    return ids(dossier_list_visible_to(user=user).order_by("-updated_at", "-id"))


@pytest.fixture
def three_dossiers(screener, school_worker, region) -> list[Dossier]:
    dossiers = [
        dossier_create(
            actor=screener,
            signals=[
                enter_signal(school_worker, description=f"Signaal {n} (fictief).")
            ],
        )
        for n in range(3)
    ]
    for dossier in dossiers[:2]:
        dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    return dossiers


def test_a_partner_sees_its_dossiers_last_updated_first(
    three_dossiers, police_officer, screener
):
    first, second, third = three_dossiers
    assert ids(dossier_list_newest_first(user=police_officer)) == [second.pk, first.pk]
    # Any timeline event moves a dossier up, in every participant's list.
    dossier_set_status(dossier=first, status="dossiervorming", actor=screener)
    assert ids(dossier_list_newest_first(user=police_officer)) == [first.pk, second.pk]
    assert ids(dossier_list_newest_first(user=police_officer)) == by_updated_at(
        police_officer
    )


def test_scope_matches_the_access_layer_for_every_kind_of_user(
    three_dossiers, police_officer, school_worker, screener, ketenregisseur, outsider
):
    for user in (police_officer, school_worker, screener, ketenregisseur, outsider):
        assert ids(dossier_list_newest_first(user=user)) == by_updated_at(user), user
    first, second, third = three_dossiers
    # The two invitations were the latest events.
    assert ids(dossier_list_newest_first(user=ketenregisseur)) == [
        second.pk,
        first.pk,
        third.pk,
    ]
    assert ids(dossier_list_newest_first(user=outsider)) == []


def test_the_list_is_empty_without_a_valid_convenant(
    three_dossiers, police_officer, region
):
    region.convenant.participations.filter(organisation=region.politie).update(
        withdrawn_on=timezone.localdate()
    )
    police_officer.refresh_from_db()
    assert ids(dossier_list_newest_first(user=police_officer)) == []
