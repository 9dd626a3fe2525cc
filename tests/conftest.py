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


def make_region() -> Region:
    """The small fictional region (no fixture, so a module-scoped world can build
    it too)."""
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
def region(db: None) -> Region:
    return make_region()


# The named personas: username, first and last name, organisation, role.
PERSONAS: dict[str, tuple[str, str, str, str, str]] = {
    "ketenregisseur": (
        "kim.regisseur",
        "Kim",
        "Regisseur",
        "gemeente",
        Role.KETENREGISSEUR,
    ),
    "screener": ("sam.screener", "Sam", "Screener", "welzijn", Role.SCREENER),
    "police_officer": (
        "pieter.agent",
        "Pieter",
        "Agent",
        "politie",
        Role.PARTNERMEDEWERKER,
    ),
    "om_officer": ("olga.officier", "Olga", "Officier", "om", Role.PARTNERMEDEWERKER),
    "school_worker": (
        "sofie.mentor",
        "Sofie",
        "Mentor",
        "school",
        Role.PARTNERMEDEWERKER,
    ),
    "police_contact": (
        "paula.contact",
        "Paula",
        "Contact",
        "politie",
        Role.CONTACTPERSOON,
    ),
    "youth_care_contact": (
        "joost.jeugdzorg",
        "Joost",
        "Jeugdzorg",
        "jeugdzorg",
        Role.CONTACTPERSOON,
    ),
    "outsider": (
        "otto.buiten",
        "Otto",
        "Buiten",
        "outsider_org",
        Role.PARTNERMEDEWERKER,
    ),
    "beheerder": (
        "fenna.beheer",
        "Fenna",
        "Beheer",
        "gemeente",
        Role.FUNCTIONEEL_BEHEERDER,
    ),
}


def make_persona(name: str, region: Region) -> User:
    """A named persona of ``region`` (see PERSONAS)."""
    username, first_name, last_name, organisation, role = PERSONAS[name]
    return UserFactory.create(
        username=username,
        first_name=first_name,
        last_name=last_name,
        organisation=getattr(region, organisation),
        roles=[role],
    )


@pytest.fixture
def ketenregisseur(region: Region) -> User:
    return make_persona("ketenregisseur", region)


@pytest.fixture
def screener(region: Region) -> User:
    return make_persona("screener", region)


@pytest.fixture
def police_officer(region: Region) -> User:
    return make_persona("police_officer", region)


@pytest.fixture
def om_officer(region: Region) -> User:
    return make_persona("om_officer", region)


@pytest.fixture
def school_worker(region: Region) -> User:
    return make_persona("school_worker", region)


@pytest.fixture
def police_contact(region: Region) -> User:
    """The police's vaste contactpersoon: answers enrichment questions."""
    return make_persona("police_contact", region)


@pytest.fixture
def youth_care_contact(region: Region) -> User:
    """Youth care's vaste contactpersoon (flexibele schil)."""
    return make_persona("youth_care_contact", region)


@pytest.fixture
def outsider(region: Region) -> User:
    return make_persona("outsider", region)


@pytest.fixture
def beheerder(region: Region) -> User:
    return make_persona("beheerder", region)


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
