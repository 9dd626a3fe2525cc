"""The dossier page's Casusoverleg section: the meetings where the dossier was on
the agenda and its interventions, as far as the reader may see them (the meeting
page's rule: a criminal-justice intervention stays hidden from the flexibele
schil unless it carries it out itself), open and overdue first, in a fixed
number of queries; a reader who sees none of it sees no section at all.

The world: the police's case (dossier A; the police, the OM and the school take
part) on the agenda of a closed and of a planned meeting, with an overdue police
'opsporing', a school 'hulpverlening' in progress and an OM 'bestuurlijk' that
turned out not possible; the school's own case (dossier B) only proposed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casusoverleg.constants import (
    InterventionKind,
    InterventionStatus,
    ItemStatus,
    MeetingStatus,
)
from casusoverleg.models import AgendaItem, Intervention, Meeting
from casusoverleg.selectors.dossier import dossier_casusoverleg
from partners.models import Organisation, User
from signals.models import Dossier
from signals.services import SignalInput, dossier_create, dossier_invite, signal_create
from tests.conftest import Region

pytestmark = pytest.mark.django_db

OPSPORING = "Tegenhoudgesprek met de vermoedelijke pooier (fictief)"
HULP = "Gesprek met de mentor over verzuim (fictief)"
BESTUUR = "Bestuurlijke rapportage aan de burgemeester (fictief)"
REASON = "Adres bleek onjuist, betrokkene verhuisd (fictief)."


@dataclass
class World:
    region: Region
    dossier_a: Dossier
    dossier_b: Dossier
    closed: Meeting
    planned: Meeting
    item: AgendaItem
    opsporing: Intervention
    hulp: Intervention
    bestuur: Intervention


def _dossier(author: User, screener: User, description: str) -> Dossier:
    signal = signal_create(
        user=author,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=5),
            description=description,
            subject_role="victim",
            kind="regular",
            source="criminal_justice",
        ),
    )
    return dossier_create(actor=screener, signals=[signal])


def _meeting(chair: User, days: int, status: str) -> Meeting:
    return Meeting.objects.create(
        starts_at=timezone.now() + datetime.timedelta(days=days),
        chair=chair,
        status=status,
        created_by=chair,
    )


def _intervention(
    item: AgendaItem,
    chair: User,
    kind: str,
    description: str,
    responsible: Organisation,
    days: int,
    status: str = InterventionStatus.OPEN,
    reason: str = "",
) -> Intervention:
    assert item.dossier is not None
    return Intervention.objects.create(
        dossier=item.dossier,
        item=item,
        kind=kind,
        description=description,
        responsible=responsible,
        deadline=timezone.localdate() + datetime.timedelta(days=days),
        status=status,
        status_reason=reason,
        created_by=chair,
    )


@pytest.fixture
def world(
    region: Region,
    ketenregisseur: User,
    screener: User,
    police_officer: User,
    school_worker: User,
) -> World:
    dossier_a = _dossier(police_officer, screener, "Opgehaald bij de poort (fictief).")
    for organisation in (region.politie, region.om, region.school):
        dossier_invite(dossier=dossier_a, organisation=organisation, actor=screener)
    dossier_b = _dossier(school_worker, screener, "Verzuimt op dinsdag (fictief).")
    dossier_invite(dossier=dossier_b, organisation=region.school, actor=screener)
    closed = _meeting(ketenregisseur, -14, MeetingStatus.CLOSED)
    planned = _meeting(ketenregisseur, 7, MeetingStatus.PLANNED)
    item = AgendaItem.objects.create(
        meeting=closed, dossier=dossier_a, status=ItemStatus.ACCEPTED
    )
    AgendaItem.objects.create(
        meeting=planned, dossier=dossier_a, status=ItemStatus.ACCEPTED
    )
    # The school's own case is only proposed: on no agenda yet.
    AgendaItem.objects.create(
        meeting=planned, dossier=dossier_b, status=ItemStatus.PROPOSED
    )
    bestuur = _intervention(
        item,
        ketenregisseur,
        InterventionKind.BESTUURLIJK,
        BESTUUR,
        region.om,
        -20,
        InterventionStatus.NOT_POSSIBLE,
        REASON,
    )
    hulp = _intervention(
        item,
        ketenregisseur,
        InterventionKind.HULPVERLENING,
        HULP,
        region.school,
        10,
        InterventionStatus.IN_PROGRESS,
    )
    opsporing = _intervention(
        item, ketenregisseur, InterventionKind.OPSPORING, OPSPORING, region.politie, -3
    )
    return World(
        region, dossier_a, dossier_b, closed, planned, item, opsporing, hulp, bestuur
    )


def _page(client, dossier: Dossier) -> str:
    response = client.get(f"/dossiers/{dossier.uuid}/")
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str) -> str:
    match = re.search(
        r'<section class="app-dossier-section" id="casusoverleg".*?</section>',
        page,
        re.S,
    )
    assert match, "no Casusoverleg section"
    return match.group(0)


def _nav(page: str) -> list[str]:
    nav = re.search(r'data-testid="section-nav">(.*?)</nav>', page, re.S)
    assert nav is not None
    return re.findall(r'href="#([a-z]+)"', nav[1])


def test_the_ketenregisseur_sees_the_meetings_and_every_intervention(
    world, ketenregisseur, as_user
):
    page = _page(as_user(ketenregisseur), world.dossier_a)
    assert "casusoverleg" in _nav(page)
    section = _section(page)
    # Both meetings, newest first, each with its status and a link to its page.
    assert section.index(f"/casusoverleg/{world.planned.uuid}/") < section.index(
        f"/casusoverleg/{world.closed.uuid}/"
    )
    assert "(gepland)" in section
    assert "(gesloten)" in section
    # Every intervention, overdue first, then open, then finished; each linked.
    assert section.index(OPSPORING) < section.index(HULP) < section.index(BESTUUR)
    for intervention in (world.opsporing, world.hulp, world.bestuur):
        assert f'href="/casusoverleg/acties/{intervention.uuid}/"' in section
    assert 'data-overdue="true"' in section.split(HULP)[0]
    assert "Opsporing en vervolging" in section
    assert world.region.om.name in section
    # The reason given with "niet mogelijk".
    assert "Niet mogelijk" in section
    assert REASON in section


def test_a_school_sees_no_police_opsporing_and_opens_only_its_own(
    world, school_worker, as_user
):
    section = _section(_page(as_user(school_worker), world.dossier_a))
    assert f"/casusoverleg/{world.closed.uuid}/" in section
    assert f"/casusoverleg/{world.planned.uuid}/" in section
    # The meeting page's rule: a criminal-justice intervention is for the
    # kernteam and for whoever carries it out, not for the flexibele schil.
    assert OPSPORING not in section
    assert str(world.opsporing.uuid) not in section
    assert "Opsporing en vervolging" not in section
    # The school's own intervention with the way to its action page; the OM's
    # shown (with its reason) but not linked: its action page is the OM's.
    assert f'href="/casusoverleg/acties/{world.hulp.uuid}/"' in section
    assert BESTUUR in section
    assert REASON in section
    assert f"/casusoverleg/acties/{world.bestuur.uuid}/" not in section


def test_the_kernteam_reads_the_opsporing_but_opens_only_its_own(
    world, om_officer, police_officer, as_user
):
    section = _section(_page(as_user(om_officer), world.dossier_a))
    assert OPSPORING in section
    assert f"/casusoverleg/acties/{world.opsporing.uuid}/" not in section
    assert f'href="/casusoverleg/acties/{world.bestuur.uuid}/"' in section
    section = _section(_page(as_user(police_officer), world.dossier_a))
    assert f'href="/casusoverleg/acties/{world.opsporing.uuid}/"' in section


def test_a_reader_who_sees_nothing_of_it_gets_no_section(
    world, school_worker, ketenregisseur, as_user
):
    # Only proposed for the next meeting: no agenda yet, nothing to show.
    for user in (school_worker, ketenregisseur):
        page = _page(as_user(user), world.dossier_b)
        assert "casusoverleg" not in _nav(page)
        assert 'id="casusoverleg"' not in page
        assert "Casusoverleg van" not in page


def test_the_selector_follows_the_rule(world, school_worker, ketenregisseur):
    school = dossier_casusoverleg(user=school_worker, dossier=world.dossier_a)
    assert [r.intervention for r in school.interventions] == [world.hulp, world.bestuur]
    assert [r.may_open for r in school.interventions] == [True, False]
    everything = dossier_casusoverleg(user=ketenregisseur, dossier=world.dossier_a)
    assert [r.intervention for r in everything.interventions] == [
        world.opsporing,
        world.hulp,
        world.bestuur,
    ]
    assert [r.overdue for r in everything.interventions] == [True, False, False]
    assert [i.meeting for i in everything.items] == [world.planned, world.closed]
    assert dossier_casusoverleg(user=school_worker, dossier=world.dossier_b).items == []


def test_the_section_costs_the_same_queries_for_few_or_many(
    world, school_worker, ketenregisseur, as_user
):
    def queries(user: User) -> int:
        client = as_user(user)
        _page(client, world.dossier_a)
        with CaptureQueriesContext(connection) as ctx:
            _page(client, world.dossier_a)
        return len(ctx.captured_queries)

    few = {user.pk: queries(user) for user in (school_worker, ketenregisseur)}
    more = _meeting(ketenregisseur, -7, MeetingStatus.CLOSED)
    item = AgendaItem.objects.create(
        meeting=more, dossier=world.dossier_a, status=ItemStatus.ACCEPTED
    )
    for n in range(6):
        _intervention(
            item,
            ketenregisseur,
            InterventionKind.NAZORG if n % 2 else InterventionKind.VERDACHTEN,
            f"Extra interventie {n} (fictief)",
            world.region.school if n % 2 else world.region.politie,
            n,
        )
    for user in (school_worker, ketenregisseur):
        assert queries(user) == few[user.pk]
