"""Shared fixtures: the named personas of docs/architecture.md in a small fictional region.

Access tests read as sentences about them: the ketenregisseur, the screener, a police
officer and an OM officer (kernteam), a school worker (flexibele schil, invited to one
case), and an outsider whose organisation never signed the convenant.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.constants import Domain, OrganisationKind, Ring, Role
from partners.models import Convenant, Organisation, User
from tests.factories import ConvenantFactory, OrganisationFactory, UserFactory, sign


@dataclass
class Region:
    gemeente: Organisation
    politie: Organisation
    om: Organisation
    welzijn: Organisation
    school: Organisation
    jeugdzorg: Organisation
    outsider_org: Organisation
    convenant: Convenant


@pytest.fixture
def region(db: None) -> Region:
    gemeente = OrganisationFactory.create(
        name="Gemeente Demostad",
        slug="gemeente",
        kind=OrganisationKind.GEMEENTE,
        domain=Domain.VEILIGHEID,
        ring=Ring.KERNTEAM,
    )
    politie = OrganisationFactory.create(
        name="Politie Eenheid Demoland",
        slug="politie",
        kind=OrganisationKind.POLITIE,
        domain=Domain.VEILIGHEID,
        ring=Ring.KERNTEAM,
    )
    om = OrganisationFactory.create(
        name="Openbaar Ministerie Demoland",
        slug="om",
        kind=OrganisationKind.OM,
        domain=Domain.VEILIGHEID,
        ring=Ring.KERNTEAM,
    )
    welzijn = OrganisationFactory.create(
        name="Welzijn Demostad",
        slug="welzijn",
        kind=OrganisationKind.WELZIJN,
        domain=Domain.ZORG,
        ring=Ring.FLEXIBELE_SCHIL,
    )
    school = OrganisationFactory.create(
        name="Fictief College",
        slug="school",
        kind=OrganisationKind.SCHOOL,
        domain=Domain.ZORG,
        ring=Ring.FLEXIBELE_SCHIL,
    )
    jeugdzorg = OrganisationFactory.create(
        name="Jeugdzorg De Verzonnen Linde",
        slug="jeugdzorg",
        kind=OrganisationKind.JEUGDZORG,
        domain=Domain.ZORG,
        ring=Ring.FLEXIBELE_SCHIL,
    )
    outsider_org = OrganisationFactory.create(
        name="Sportvereniging Nergenshuizen",
        slug="sportclub",
        kind=OrganisationKind.OVERIG,
        domain=Domain.ZORG,
        ring=Ring.FLEXIBELE_SCHIL,
    )
    convenant = ConvenantFactory.create()
    sign(convenant, gemeente, politie, om, welzijn, school, jeugdzorg)
    return Region(
        gemeente, politie, om, welzijn, school, jeugdzorg, outsider_org, convenant
    )


@pytest.fixture
def ketenregisseur(region: Region) -> User:
    return UserFactory.create(
        username="kim.regisseur",
        first_name="Kim",
        last_name="Regisseur",
        organisation=region.gemeente,
        roles=[Role.KETENREGISSEUR],
    )


@pytest.fixture
def screener(region: Region) -> User:
    return UserFactory.create(
        username="sam.screener",
        first_name="Sam",
        last_name="Screener",
        organisation=region.welzijn,
        roles=[Role.SCREENER],
    )


@pytest.fixture
def police_officer(region: Region) -> User:
    return UserFactory.create(
        username="pieter.agent",
        first_name="Pieter",
        last_name="Agent",
        organisation=region.politie,
        roles=[Role.PARTNERMEDEWERKER],
    )


@pytest.fixture
def om_officer(region: Region) -> User:
    return UserFactory.create(
        username="olga.officier",
        first_name="Olga",
        last_name="Officier",
        organisation=region.om,
        roles=[Role.PARTNERMEDEWERKER],
    )


@pytest.fixture
def school_worker(region: Region) -> User:
    return UserFactory.create(
        username="sofie.mentor",
        first_name="Sofie",
        last_name="Mentor",
        organisation=region.school,
        roles=[Role.PARTNERMEDEWERKER],
    )


@pytest.fixture
def police_contact(region: Region) -> User:
    """The police's vaste contactpersoon: answers enrichment questions."""
    return UserFactory.create(
        username="paula.contact",
        first_name="Paula",
        last_name="Contact",
        organisation=region.politie,
        roles=[Role.CONTACTPERSOON],
    )


@pytest.fixture
def youth_care_contact(region: Region) -> User:
    """Youth care's vaste contactpersoon (flexibele schil)."""
    return UserFactory.create(
        username="joost.jeugdzorg",
        first_name="Joost",
        last_name="Jeugdzorg",
        organisation=region.jeugdzorg,
        roles=[Role.CONTACTPERSOON],
    )


@pytest.fixture
def outsider(region: Region) -> User:
    return UserFactory.create(
        username="otto.buiten",
        first_name="Otto",
        last_name="Buiten",
        organisation=region.outsider_org,
        roles=[Role.PARTNERMEDEWERKER],
    )


@pytest.fixture
def beheerder(region: Region) -> User:
    return UserFactory.create(
        username="fenna.beheer",
        first_name="Fenna",
        last_name="Beheer",
        organisation=region.gemeente,
        roles=[Role.FUNCTIONEEL_BEHEERDER],
    )


def verified_client(user: User) -> Client:
    """A test client logged in as ``user`` with the second factor passed."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    assert device is not None, "persona has no authenticator"
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def as_user():
    return verified_client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and other cache entries live in the shared test Redis."""
    from django.core.cache import cache

    cache.clear()
    yield
