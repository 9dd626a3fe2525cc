"""Perpetrator meldingen follow their own path (docs/domain.md section 6):
insufficient is registered for dossier building, a strong suspicion goes to
RCMP/OM and RIEC for the art. 273f Sr test, and only the OM or the RCMP answers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from classification.constants import (
    HandOffKind,
    PerpetratorOutcome,
    Phase,
    Result273f,
)
from classification.models import Classification, HandOff, PerpetratorDecision
from classification.services import (
    screening_classify,
    screening_feedback,
    screening_record_step,
    screening_take,
)
from classification.services_perpetrator import (
    perpetrator_decide,
    perpetrator_test_record,
)
from notifications.models import Notification
from partners.constants import OrganisationKind, Role
from partners.models import User
from signals.constants import DossierEventKind, Status
from signals.models import Signal
from signals.selectors.dossier import dossier_list_visible_to, dossier_participants
from tests.classification.conftest import make_signal
from tests.conftest import Region
from tests.factories import OrganisationFactory, UserFactory, sign

pytestmark = pytest.mark.django_db


def to_vaststellen(signal: Signal, screener: User, region: Region):
    screening = screening_take(signal=signal, actor=screener)
    screening_record_step(
        screening=screening,
        actor=screener,
        partners_asked=[region.politie],
        note="Politie bevraagd.",
    )
    screening_record_step(
        screening=screening, actor=screener, reporter_contacted=True, note="Melder."
    )
    screening.refresh_from_db()
    assert screening.phase == Phase.VASTSTELLEN
    return screening


def sees(user: User, dossier) -> bool:
    return dossier_list_visible_to(user=user).filter(pk=dossier.pk).exists()


def strong(dader, screener, region) -> PerpetratorDecision:
    return perpetrator_decide(
        screening=to_vaststellen(dader, screener, region),
        actor=screener,
        outcome=PerpetratorOutcome.STRONG_SUSPICION,
        rationale="Meerdere meldingen over dezelfde jongen (fictief).",
    )


def test_a_perpetrator_melding_gets_no_colour(dader, screener, region):
    screening = to_vaststellen(dader, screener, region)
    with pytest.raises(ValidationError):
        screening_classify(
            screening=screening, actor=screener, colour="oranje", rationale="Nee."
        )
    assert not Classification.objects.exists()


def test_a_victim_melding_gets_no_perpetrator_decision(melding, screener, region):
    screening = to_vaststellen(melding, screener, region)
    with pytest.raises(ValidationError):
        perpetrator_decide(
            screening=screening,
            actor=screener,
            outcome=PerpetratorOutcome.INSUFFICIENT,
            rationale="Nee.",
        )
    assert not PerpetratorDecision.objects.exists()


def test_the_decision_needs_an_outcome_and_a_rationale(dader, screener, region):
    screening = to_vaststellen(dader, screener, region)
    with pytest.raises(ValidationError) as caught:
        perpetrator_decide(
            screening=screening, actor=screener, outcome="", rationale=""
        )
    assert {"outcome", "rationale"} <= set(caught.value.message_dict)
    assert "Onderbouw het besluit." in caught.value.message_dict["rationale"]
    assert not PerpetratorDecision.objects.exists()
    assert not dader.dossiers.exists()


def test_only_the_screening_team_decides(dader, screener, region, police_officer):
    screening = to_vaststellen(dader, screener, region)
    with pytest.raises(PermissionDenied):
        perpetrator_decide(
            screening=screening,
            actor=police_officer,
            outcome=PerpetratorOutcome.INSUFFICIENT,
            rationale="Geen screener.",
        )


def test_insufficient_is_registered_for_dossier_building_and_closes(
    dader, screener, region, routing, police_officer, om_officer
):
    decision = perpetrator_decide(
        screening=to_vaststellen(dader, screener, region),
        actor=screener,
        outcome=PerpetratorOutcome.INSUFFICIENT,
        rationale="Eén vage melding, geen kritieke situatie.",
    )
    dossier = decision.dossier
    assert dader in dossier.signals.all()
    # Kept, not routed: no hand-offs, nobody joins, no colour.
    assert not HandOff.objects.exists()
    assert not set(dossier_participants(dossier=dossier)) & {
        region.om,
        region.politie,
        routing.rcmp,
    }
    assert not sees(om_officer, dossier) and not sees(police_officer, dossier)
    assert not Classification.objects.exists()
    kinds = set(dossier.events.values_list("kind", flat=True))
    assert DossierEventKind.PERPETRATOR_DECIDED in kinds
    dader.refresh_from_db()
    assert dader.status == Status.CLASSIFIED
    screening_feedback(
        screening=dader.screening, actor=screener, feedback="Dank voor uw melding."
    )
    dader.refresh_from_db()
    assert dader.status == Status.CLOSED
    assert dader.feedback == "Dank voor uw melding."
    # Decided once.
    with pytest.raises(ValidationError):
        perpetrator_decide(
            screening=dader.screening,
            actor=screener,
            outcome=PerpetratorOutcome.STRONG_SUSPICION,
            rationale="Nog eens.",
        )


def test_a_strong_suspicion_goes_to_rcmp_om_and_riec(
    dader, screener, region, routing, riec, om_officer, rcmp_worker, riec_worker
):
    decision = strong(dader, screener, region)
    dossier = decision.dossier
    assert {
        (h.to_organisation_id, h.kind, h.perpetrator_decision_id)
        for h in HandOff.objects.all()
    } == {
        (routing.rcmp.pk, HandOffKind.TEST_273F, decision.pk),
        (region.om.pk, HandOffKind.TEST_273F, decision.pk),
        (riec.pk, HandOffKind.TEST_273F, decision.pk),
    }
    for user in (om_officer, rcmp_worker, riec_worker):
        assert sees(user, dossier), user.username
    dader.refresh_from_db()
    assert dader.status == Status.CLASSIFIED
    assert dader.screening.phase == Phase.TERUGKOPPELEN


def test_only_the_om_or_the_rcmp_records_the_answer(
    dader,
    screener,
    region,
    routing,
    om_officer,
    police_officer,
    riec_worker,
    ketenregisseur,
    outsider,
):
    decision = strong(dader, screener, region)
    for user in (screener, ketenregisseur, police_officer, riec_worker, outsider):
        with pytest.raises(PermissionDenied):
            perpetrator_test_record(
                decision=decision,
                actor=user,
                result=Result273f.PROSECUTION_POSSIBLE,
            )
    decision.refresh_from_db()
    assert decision.test_result == ""
    # An OM user whose organisation the test was not put to: none exists here,
    # so an OM of a second region without a hand-off is refused as well.
    other_om = OrganisationFactory.create(
        name="OM Elders", slug="om-elders", kind=OrganisationKind.OM
    )
    sign(region.convenant, other_om)
    stranger = UserFactory.create(organisation=other_om, roles=[Role.PARTNERMEDEWERKER])
    with pytest.raises(PermissionDenied):
        perpetrator_test_record(
            decision=decision, actor=stranger, result=Result273f.NO_PROSECUTION
        )
    with pytest.raises(ValidationError) as caught:
        perpetrator_test_record(decision=decision, actor=om_officer, result="")
    assert "result" in caught.value.message_dict


def test_prosecution_possible_hands_the_case_to_rcmp_and_om(
    dader, screener, region, routing, om_officer, rcmp_worker
):
    decision = strong(dader, screener, region)
    decision = perpetrator_test_record(
        decision=decision,
        actor=om_officer,
        result=Result273f.PROSECUTION_POSSIBLE,
        note="Opsporing start.",
    )
    assert decision.test_by == om_officer and decision.test_organisation == region.om
    takeovers = HandOff.objects.filter(kind=HandOffKind.TAKEOVER)
    assert {h.to_organisation_id for h in takeovers} == {routing.rcmp.pk, region.om.pk}
    # The OM's own test hand-off is acknowledged by the answer.
    assert (
        HandOff.objects.get(
            kind=HandOffKind.TEST_273F, to_organisation=region.om
        ).acknowledged_by
        == om_officer
    )
    events = decision.dossier.events.filter(kind=DossierEventKind.TEST_273F)
    assert [e.detail for e in events] == [
        "Vervolging mogelijk: RCMP/OM nemen over, strafrechtelijke route leidend"
    ]
    with pytest.raises(ValidationError):
        perpetrator_test_record(
            decision=decision, actor=rcmp_worker, result=Result273f.NO_PROSECUTION
        )


def test_no_prosecution_puts_it_on_the_veiligheidshuis_agenda(
    dader, screener, region, routing, rcmp_worker, vh_worker
):
    decision = strong(dader, screener, region)
    assert not sees(vh_worker, decision.dossier)
    perpetrator_test_record(
        decision=decision, actor=rcmp_worker, result=Result273f.NO_PROSECUTION
    )
    agenda = HandOff.objects.get(kind=HandOffKind.SAFETY_HOUSE_AGENDA)
    assert agenda.to_organisation == routing.veiligheidshuis
    assert sees(vh_worker, decision.dossier)
    assert not HandOff.objects.filter(kind=HandOffKind.TAKEOVER).exists()


def test_the_receiving_organisations_hear_of_their_hand_offs(
    dader, screener, region, routing
):
    om_contact = UserFactory.create(
        username="otto.om", organisation=region.om, roles=[Role.CONTACTPERSOON]
    )
    rcmp_contact = UserFactory.create(
        username="rob.rcmp", organisation=routing.rcmp, roles=[Role.CONTACTPERSOON]
    )
    strong(dader, screener, region)
    notes = Notification.objects.filter(kind=Notification.Kind.HAND_OFF)
    assert {n.recipient for n in notes} == {om_contact, rcmp_contact}
    for note in notes:
        assert note.link == "/overdrachten/"
        # The reference only: no name, no description.
        assert "Fictiefsma" not in note.title and "school" not in note.title


def test_without_an_om_or_rcmp_a_strong_suspicion_is_refused(
    school_worker, screener, region
):
    import datetime

    from django.utils import timezone

    from partners.models import ConvenantParticipation

    signal = make_signal(school_worker, role="perpetrator")
    screening = to_vaststellen(signal, screener, region)
    ConvenantParticipation.objects.filter(organisation=region.om).update(
        withdrawn_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as caught:
        perpetrator_decide(
            screening=screening,
            actor=screener,
            outcome=PerpetratorOutcome.STRONG_SUSPICION,
            rationale="Sterk vermoeden.",
        )
    assert "geen OM of RCMP" in " ".join(caught.value.message_dict["outcome"])
    assert not PerpetratorDecision.objects.exists()
    assert not signal.dossiers.exists() and not HandOff.objects.exists()
