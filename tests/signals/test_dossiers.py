"""Dossiers: who sees them, stacking signals, invitations and veredelen."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from partners.access import principal_for
from signals.constants import DossierStatus, EnrichmentStatus
from signals.models import Dossier, Signal
from signals.selectors import (
    dossier_get_visible,
    dossier_list_visible_to,
    dossier_open_enrichment,
    dossier_ready_for_casusoverleg,
    enrichment_inbox,
    signal_list_visible_to,
)
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_add_signal,
    dossier_create,
    dossier_invite,
    dossier_set_casemanager,
    dossier_set_status,
    dossier_withdraw_invitation,
    enrichment_answer,
    enrichment_ask,
    signal_create,
)

pytestmark = pytest.mark.django_db


def enter_signal(user, **changes) -> Signal:
    data = SignalInput(
        observed_at=timezone.now() - datetime.timedelta(hours=2),
        description="Leerling wordt na school opgehaald door een oudere jongen (fictief).",
        subject_role="victim",
        kind="regular",
        source="education",
        persons=[
            PersonInput(role="victim", name="Fictief Meisje", aliases=["fm_2010"])
        ],
        indicator_codes=["gedrag.opgehaald_gebracht"],
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return signal_create(user=user, data=data)


@pytest.fixture
def school_signal(school_worker) -> Signal:
    return enter_signal(school_worker)


@pytest.fixture
def dossier(screener, school_signal) -> Dossier:
    return dossier_create(actor=screener, signals=[school_signal])


def visible(user) -> set[int]:
    return set(dossier_list_visible_to(user=user).values_list("pk", flat=True))


def test_the_screener_bundles_the_school_signal_into_a_dossier(
    screener, dossier, school_signal
):
    assert list(dossier.signals.all()) == [school_signal]
    assert dossier.organisation == screener.organisation
    assert dossier.status == DossierStatus.SIGNALERING
    assert dossier.events.get().kind == "created"
    assert AuditEvent.objects.filter(
        action="create", object_type="signals.dossier"
    ).exists()


def test_the_school_worker_sees_their_own_signal_but_not_the_dossier_until_invited(
    school_worker, screener, dossier, school_signal, region
):
    assert school_signal in signal_list_visible_to(user=school_worker)
    assert dossier.pk not in visible(school_worker)
    with pytest.raises(Http404):
        dossier_get_visible(user=school_worker, uuid=dossier.uuid)
    dossier_invite(dossier=dossier, organisation=region.school, actor=screener)
    assert dossier.pk in visible(school_worker)
    dossier_withdraw_invitation(
        dossier=dossier, organisation=region.school, actor=screener
    )
    assert dossier.pk not in visible(school_worker)


def test_the_police_sees_neither_signal_nor_dossier_until_it_takes_part(
    police_officer, screener, dossier, school_signal, region
):
    assert school_signal not in signal_list_visible_to(user=police_officer)
    assert dossier.pk not in visible(police_officer)
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    fresh = type(police_officer).objects.get(pk=police_officer.pk)
    assert dossier.pk in visible(fresh)
    # Participation brings the dossier's signals along.
    assert school_signal in signal_list_visible_to(user=fresh)


def test_screeners_and_the_ketenregisseur_see_every_dossier(
    screener, ketenregisseur, dossier
):
    assert dossier.pk in visible(screener)
    assert dossier.pk in visible(ketenregisseur)


def test_an_organisation_without_convenant_can_be_neither_invited_nor_asked(
    screener, dossier, region, outsider
):
    with pytest.raises(ValidationError, match="geen geldig convenant"):
        dossier_invite(
            dossier=dossier, organisation=region.outsider_org, actor=screener
        )
    with pytest.raises(ValidationError):
        enrichment_ask(
            dossier=dossier,
            organisations=[region.outsider_org],
            reason="r",
            question="q",
            actor=screener,
        )
    assert visible(outsider) == set()


def test_a_partner_cannot_create_or_invite(
    police_officer, school_worker, school_signal, dossier, region
):
    with pytest.raises(PermissionDenied):
        dossier_create(actor=school_worker, signals=[school_signal])
    with pytest.raises(PermissionDenied):
        dossier_invite(
            dossier=dossier, organisation=region.politie, actor=police_officer
        )


def test_a_dossier_cannot_take_in_a_signal_its_maker_cannot_see(
    ketenregisseur, police_officer, region, screener, dossier
):
    police_signal = enter_signal(police_officer, source="criminal_justice")
    other = enter_signal(police_officer, source="criminal_justice")
    # The ketenregisseur sees no regular police signals: stacking them is refused.
    with pytest.raises(PermissionDenied):
        dossier_create(actor=ketenregisseur, signals=[police_signal])
    dossier_add_signal(dossier=dossier, signal=other, actor=screener)
    assert other in dossier.signals.all()


def test_enrichment_both_answer_and_the_dossier_is_ready(
    screener, dossier, region, police_contact, youth_care_contact
):
    asked = enrichment_ask(
        dossier=dossier,
        organisations=[region.politie, region.jeugdzorg],
        reason="Meerdere signalen over ophalen na school.",
        question="Is deze jongere of een 'kingR' bij jullie bekend?",
        actor=screener,
    )
    assert not dossier_ready_for_casusoverleg(dossier=dossier)
    assert {r.organisation.slug for r in dossier_open_enrichment(dossier=dossier)} == {
        "politie",
        "jeugdzorg",
    }
    police_request = enrichment_inbox(user=police_contact).get()
    assert police_request.pk in {r.pk for r in asked}
    assert (
        not enrichment_inbox(user=youth_care_contact)
        .filter(pk=police_request.pk)
        .exists()
    )
    enrichment_answer(
        request=police_request,
        actor=police_contact,
        answer="Betrokkene is bekend van één eerder incident (fictief).",
    )
    enrichment_answer(
        request=enrichment_inbox(user=youth_care_contact).get(),
        actor=youth_care_contact,
        no_information=True,
    )
    statuses = dict(dossier.enrichments.values_list("organisation__slug", "status"))
    assert statuses == {
        "politie": EnrichmentStatus.ANSWERED,
        "jeugdzorg": EnrichmentStatus.NO_INFORMATION,
    }
    assert dossier_ready_for_casusoverleg(dossier=dossier)
    kinds = list(dossier.events.values_list("kind", flat=True))
    assert kinds.count("enrichment_answered") == 2


def test_an_answer_must_be_one_or_the_other_and_only_once(
    screener, dossier, region, police_contact, youth_care_contact
):
    (request,) = enrichment_ask(
        dossier=dossier,
        organisations=[region.politie],
        reason="r",
        question="q",
        actor=screener,
    )
    with pytest.raises(ValidationError):
        enrichment_answer(request=request, actor=police_contact)
    with pytest.raises(ValidationError):
        enrichment_answer(
            request=request, actor=police_contact, answer="x", no_information=True
        )
    with pytest.raises(PermissionDenied):
        enrichment_answer(
            request=request, actor=youth_care_contact, answer="niet onze vraag"
        )
    enrichment_answer(request=request, actor=police_contact, no_information=True)
    with pytest.raises(ValidationError, match="al beantwoord"):
        enrichment_answer(request=request, actor=police_contact, answer="toch wel")


def test_an_enrichment_question_needs_reason_question_and_partners(screener, dossier):
    with pytest.raises(ValidationError) as excinfo:
        enrichment_ask(
            dossier=dossier, organisations=[], reason=" ", question="", actor=screener
        )
    assert set(excinfo.value.message_dict) == {"organisations", "reason", "question"}
    assert not dossier.enrichments.exists()


def test_status_and_casemanager_changes_land_on_the_timeline_newest_first(
    screener, dossier, police_officer, region, school_worker
):
    dossier_set_status(
        dossier=dossier, status=DossierStatus.DOSSIERVORMING, actor=screener
    )
    with pytest.raises(ValidationError):
        dossier_set_casemanager(
            dossier=dossier, casemanager=police_officer, actor=screener
        )
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    dossier_set_casemanager(dossier=dossier, casemanager=police_officer, actor=screener)
    kinds = list(dossier.events.values_list("kind", flat=True))
    assert kinds[:3] == ["casemanager_set", "invited", "status_changed"]
    with pytest.raises(PermissionDenied):
        dossier_set_status(
            dossier=dossier, status=DossierStatus.WEGING, actor=school_worker
        )


def test_reading_a_dossier_is_audited(screener, dossier):
    before = AuditEvent.objects.filter(
        action="read", object_type="signals.dossier"
    ).count()
    dossier_get_visible(user=screener, uuid=dossier.uuid, reason="voorbereiding")
    assert (
        AuditEvent.objects.filter(action="read", object_type="signals.dossier").count()
        == before + 1
    )


def test_the_list_is_one_count_and_one_page_query_for_10_or_50_rows(
    screener, school_signal, police_officer, region
):
    for _ in range(60):
        dossier = dossier_create(actor=screener, signals=[school_signal])
        dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    fresh = type(police_officer).objects.get(pk=police_officer.pk)
    principal_for(fresh)
    list(dossier_list_visible_to(user=fresh)[:1])

    def page(size: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            qs = dossier_list_visible_to(user=fresh)
            assert qs.count() == 60
            assert len(list(qs[:size])) == size
        return len(ctx.captured_queries)

    assert page(10) == page(50) == 2


def test_the_ketenregisseur_sees_the_signals_in_every_dossier_but_not_others(
    ketenregisseur, screener, school_worker, police_officer
):
    in_dossier = enter_signal(school_worker)
    loose = enter_signal(police_officer, source="criminal_justice")
    dossier_create(actor=screener, signals=[in_dossier])
    visible_signals = set(signal_list_visible_to(user=ketenregisseur))
    assert in_dossier in visible_signals
    assert loose not in visible_signals


def test_a_person_who_turns_18_while_the_dossier_is_open_is_flagged(
    screener, school_signal
):
    from signals.models import Person
    from signals.selectors import dossier_persons
    from signals.services import dossier_add_person

    today = timezone.localdate()
    birthday = today if (today.month, today.day) != (2, 29) else today.replace(day=28)
    turned = Person.objects.create(
        name="Fictief Achttien", date_of_birth=birthday.replace(year=today.year - 18)
    )
    eighteenth = today + datetime.timedelta(days=30)
    if (eighteenth.month, eighteenth.day) == (2, 29):
        eighteenth += datetime.timedelta(days=1)
    soon = Person.objects.create(
        name="Fictief Bijna",
        date_of_birth=eighteenth.replace(year=eighteenth.year - 18),
    )
    young = Person.objects.create(
        name="Fictief Jong", estimated_age=14, estimated_on=today
    )
    dossier = dossier_create(actor=screener, signals=[school_signal])
    Dossier.objects.filter(pk=dossier.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=10)
    )
    dossier.refresh_from_db()
    for person in (turned, soon, young):
        dossier_add_person(
            dossier=dossier, person=person, role="victim", actor=screener
        )
    rows = {
        row.person.name: row
        for row in dossier_persons(dossier=dossier, user=screener, today=today)
    }
    assert rows["Fictief Achttien"].turned_18_while_open
    assert rows["Fictief Achttien"].facts.route == "young_adult"
    assert (
        rows["Fictief Bijna"].turns_18_soon
        and not rows["Fictief Bijna"].turned_18_while_open
    )
    assert rows["Fictief Jong"].facts.band == "14_17"
    assert not rows["Fictief Jong"].turns_18_soon
    dossier_set_status(dossier=dossier, status=DossierStatus.AFGESLOTEN, actor=screener)
    dossier.refresh_from_db()
    assert not any(
        r.turned_18_while_open
        for r in dossier_persons(dossier=dossier, user=screener, today=today)
    )


def test_the_timeline_does_not_count_the_signals_a_dossier_starts_with(
    screener, school_worker
):
    """A participant may not read every signal: a count would give one away."""
    dossier = dossier_create(
        actor=screener,
        signals=[enter_signal(school_worker), enter_signal(school_worker)],
    )
    assert dossier.events.get(kind="created").detail == ""
