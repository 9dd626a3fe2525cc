"""Reads for the overview and the beheer lists: the right rows, in constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from partners.constants import Ring, Role
from partners.models import Organisation
from partners.selectors import (
    convenant_list,
    organisation_overview,
    user_list,
    users_with_roles,
)
from tests.factories import ConvenantFactory, OrganisationFactory, UserFactory, sign

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def add_organisations(count: int, convenant) -> None:
    """Organisations in both rings, each with a contact person, half of them signed."""
    for n in range(count):
        org = OrganisationFactory.create(kernteam=n % 3 == 0)
        org.contact_person = UserFactory.create(organisation=org, totp=False)
        org.save()
        if n % 2:
            sign(convenant, org)


def slugs(organisations: list[Organisation]) -> set[str]:
    return {o.slug for o in organisations}


def test_the_overview_puts_each_active_organisation_in_its_ring(region):
    region.welzijn.active = False
    region.welzijn.save()
    overview = organisation_overview()
    assert slugs(overview.kernteam) == {"gemeente", "politie", "om"}
    assert slugs(overview.flexibele_schil) == {"school", "jeugdzorg", "sportclub"}
    assert all(o.ring == Ring.KERNTEAM for o in overview.kernteam)


def test_the_overview_knows_who_has_a_valid_convenant(region):
    overview = organisation_overview()
    # has_valid_convenant, is_valid and participant_count below are annotations of
    # the selectors' querysets, which django-stubs cannot see.
    status = {
        o.slug: o.has_valid_convenant  # type: ignore[attr-defined]
        for o in overview.kernteam + overview.flexibele_schil
    }
    assert status["sportclub"] is False
    assert status["school"] is True and status["politie"] is True


@pytest.mark.parametrize("count", [5, 25])
def test_the_overview_is_one_query_however_many_organisations(
    region, count, django_assert_num_queries
):
    add_organisations(count, region.convenant)
    with django_assert_num_queries(1):
        overview = organisation_overview()
        # Touch what the page shows: a lazy relation would query here.
        for org in overview.kernteam + overview.flexibele_schil:
            _ = (
                org.has_valid_convenant,  # type: ignore[attr-defined]
                org.contact_person and org.contact_person.pk,
            )
            if org.contact_person is not None:
                org.contact_person.get_full_name()
    assert len(overview.kernteam) + len(overview.flexibele_schil) == 7 + count


def test_the_user_list_filters_by_organisation_and_text(
    region, police_officer, om_officer, school_worker
):
    assert {u.username for u in user_list(organisation=region.politie)} == {
        "pieter.agent"
    }
    assert {u.username for u in user_list(text="mentor")} == {"sofie.mentor"}
    assert {u.username for u in user_list(text="  OLGA ")} == {"olga.officier"}
    assert not user_list(organisation=region.om, text="pieter").exists()


def test_user_roles_come_from_the_prefetch_not_a_query_per_user(
    region, police_officer, beheerder, ketenregisseur, django_assert_num_queries
):
    with django_assert_num_queries(2):  # users, then their role groups
        users = users_with_roles(user_list())
        labels = {u.username: u.role_labels for u in users}
    assert labels["fenna.beheer"] == ["Functioneel beheerder"]
    assert labels["kim.regisseur"] == [str(Role.KETENREGISSEUR.label)]


def test_the_convenant_list_tells_validity_and_current_signatories(region):
    expired = ConvenantFactory.create(
        title="Oud convenant", valid_from=TODAY - 800 * DAY, valid_until=TODAY - DAY
    )
    sign(expired, region.gemeente, days_ago=700)
    rows = {c.title: c for c in convenant_list()}
    assert rows["Oud convenant"].is_valid is False  # type: ignore[attr-defined]
    current = rows[region.convenant.title]
    assert current.is_valid is True  # type: ignore[attr-defined]
    assert current.participant_count == 6  # type: ignore[attr-defined]
