"""The routing partners of classification next to the shared region: the
Veiligheidshuis, the CJG and the RCMP under the convenant, a second screener for
four eyes, and a melding about a child entered by the police."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from partners.constants import Domain, OrganisationKind, Ring, Role
from partners.models import Organisation, User
from signals.models import Signal
from signals.services import PersonInput, SignalInput, signal_create
from tests.conftest import Region
from tests.factories import OrganisationFactory, UserFactory, sign

CHILD = "Lotte Fictiefsma"
DESCRIPTION = "Wordt na school opgehaald door een oudere jongen (fictief)."


@dataclass
class Routing:
    veiligheidshuis: Organisation
    cjg: Organisation
    rcmp: Organisation


@pytest.fixture
def routing(region: Region) -> Routing:
    def make(name: str, slug: str, kind: str, domain: str) -> Organisation:
        return OrganisationFactory.create(
            name=name, slug=slug, kind=kind, domain=domain, ring=Ring.FLEXIBELE_SCHIL
        )

    veiligheidshuis = make(
        "Veiligheidshuis Demoland",
        "veiligheidshuis",
        OrganisationKind.VEILIGHEIDSHUIS,
        Domain.VEILIGHEID,
    )
    cjg = make("CJG Demostad", "cjg", OrganisationKind.CJG, Domain.ZORG)
    rcmp = make("RCMP Demoland", "rcmp", OrganisationKind.RCMP, Domain.VEILIGHEID)
    sign(region.convenant, veiligheidshuis, cjg, rcmp)
    return Routing(veiligheidshuis, cjg, rcmp)


@pytest.fixture
def second_screener(region: Region) -> User:
    return UserFactory.create(
        username="tess.screener",
        first_name="Tess",
        last_name="Tweede",
        organisation=region.welzijn,
        roles=[Role.SCREENER],
    )


@pytest.fixture
def vh_worker(routing: Routing) -> User:
    return UserFactory.create(
        username="vera.veiligheidshuis",
        first_name="Vera",
        last_name="Huis",
        organisation=routing.veiligheidshuis,
        roles=[Role.PARTNERMEDEWERKER],
    )


@pytest.fixture
def cjg_worker(routing: Routing) -> User:
    return UserFactory.create(
        username="cor.cjg",
        first_name="Cor",
        last_name="Gezin",
        organisation=routing.cjg,
        roles=[Role.PARTNERMEDEWERKER],
    )


def make_signal(user: User, *, role: str = "victim", kind: str = "regular") -> Signal:
    return signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=2),
            description=DESCRIPTION,
            subject_role=role,
            kind=kind,
            source="education",
            persons=[PersonInput(role=role, name=CHILD, estimated_age=15)],
        ),
    )


@pytest.fixture
def melding(school_worker: User, routing: Routing) -> Signal:
    """A melding about a child, entered by the school (flexibele schil)."""
    return make_signal(school_worker)


@pytest.fixture
def riec(region: Region, routing: Routing) -> Organisation:
    riec = OrganisationFactory.create(
        name="RIEC Demoland",
        slug="riec",
        kind=OrganisationKind.RIEC,
        domain=Domain.VEILIGHEID,
        ring=Ring.FLEXIBELE_SCHIL,
    )
    sign(region.convenant, riec)
    return riec


@pytest.fixture
def riec_worker(riec: Organisation) -> User:
    return UserFactory.create(
        username="rik.riec", organisation=riec, roles=[Role.PARTNERMEDEWERKER]
    )


@pytest.fixture
def rcmp_worker(routing: Routing) -> User:
    return UserFactory.create(
        username="rosa.rcmp", organisation=routing.rcmp, roles=[Role.PARTNERMEDEWERKER]
    )


@pytest.fixture
def dader(school_worker: User, routing: Routing, riec: Organisation) -> Signal:
    """A melding about a possible perpetrator, entered by the school."""
    return make_signal(school_worker, role="perpetrator")
