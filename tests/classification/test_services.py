"""The screening flow and need to know that follows the colour (docs/domain.md
sections 6 and 9), through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from classification.constants import ClassificationStatus, Colour, HandOffKind, Phase
from classification.models import Classification, HandOff, Screening
from classification.selectors import dossier_colour, hand_offs_for, screening_worklist
from classification.services import (
    classification_confirm,
    classification_decline,
    dossier_classify,
    hand_off_acknowledge,
    screening_classify,
    screening_feedback,
    screening_record_step,
    screening_skip_phase,
    screening_take,
)
from signals.constants import DossierEventKind, Status
from signals.models import Dossier, DossierEvent, Signal
from signals.selectors import signal_list_visible_to
from signals.selectors.dossier import dossier_list_visible_to, dossier_participants
from tests.classification.conftest import make_signal

pytestmark = pytest.mark.django_db


def to_vaststellen(signal: Signal, screener, region) -> Screening:
    screening = screening_take(signal=signal, actor=screener)
    screening_record_step(
        screening=screening,
        actor=screener,
        partners_asked=[region.politie],
        note="Politie en school bevraagd.",
    )
    screening_record_step(
        screening=screening,
        actor=screener,
        reporter_contacted=True,
        home_contacted=True,
        note="Melder en ouders gesproken.",
    )
    screening.refresh_from_db()
    assert screening.phase == Phase.VASTSTELLEN
    return screening


def sees_dossier(user, dossier: Dossier) -> bool:
    return dossier_list_visible_to(user=user).filter(pk=dossier.pk).exists()


def sees_signal(user, signal: Signal) -> bool:
    return signal_list_visible_to(user=user).filter(pk=signal.pk).exists()


def test_a_melding_walks_the_phases_to_oranje_and_feedback(
    melding, screener, region, routing, police_officer, om_officer
):
    assert melding.status == Status.RECEIVED
    screening = screening_take(signal=melding, actor=screener)
    melding.refresh_from_db()
    assert melding.status == Status.IN_SCREENING
    assert screening.taken_by == screener and screening.phase == Phase.ONDERZOEKEN
    with pytest.raises(ValidationError):
        screening_feedback(screening=screening, actor=screener, feedback="Te vroeg.")
    screening = to_vaststellen(melding, screener, region)
    steps = list(screening.steps.all())
    assert [s.phase for s in steps] == [Phase.ONDERZOEKEN, Phase.VERIFIEREN]
    assert list(steps[0].partners_asked.all()) == [region.politie]
    assert steps[1].reporter_contacted and steps[1].home_contacted
    assert all(s.by == screener for s in steps)

    classification = screening_classify(
        screening=screening,
        actor=screener,
        colour=Colour.ORANJE,
        rationale="Sterk vermoeden van loverboyactiviteit.",
    )
    dossier = classification.dossier
    assert classification.status == ClassificationStatus.CONFIRMED
    assert dossier_colour(dossier=dossier) == Colour.ORANJE
    assert melding in dossier.signals.all()
    melding.refresh_from_db()
    assert melding.status == Status.CLASSIFIED
    screening.refresh_from_db()
    assert screening.phase == Phase.TERUGKOPPELEN
    # The kernteam joins, with the Veiligheidshuis and the RCMP, on the timeline.
    joined = set(dossier_participants(dossier=dossier))
    assert {region.gemeente, region.politie, region.om} <= joined
    assert {routing.veiligheidshuis, routing.rcmp} <= joined
    assert routing.cjg not in joined
    assert sees_dossier(police_officer, dossier) and sees_signal(om_officer, melding)
    kinds = set(dossier.events.values_list("kind", flat=True))
    assert {DossierEventKind.CLASSIFIED, DossierEventKind.INVITED} <= kinds
    assert DossierEventKind.HANDED_OFF in kinds
    assert set(
        HandOff.objects.filter(dossier=dossier).values_list("to_organisation", "kind")
    ) >= {
        (routing.veiligheidshuis.pk, HandOffKind.SAFETY_HOUSE),
        (routing.veiligheidshuis.pk, HandOffKind.OVERLEG_PROPOSAL),
        (routing.rcmp.pk, HandOffKind.RCMP),
        (region.politie.pk, HandOffKind.KERNTEAM),
    }
    # It leaves the werkvoorraad once classified.
    assert not screening_worklist(user=screener).filter(pk=melding.pk).exists()

    screening_feedback(
        screening=screening, actor=screener, feedback="Uw melding is opgepakt."
    )
    melding.refresh_from_db()
    assert melding.feedback == "Uw melding is opgepakt."
    assert melding.status == Status.CLASSIFIED
    screening.refresh_from_db()
    assert screening.phase == Phase.AFGEROND


def test_skipping_a_phase_needs_a_reason(melding, screener):
    screening = screening_take(signal=melding, actor=screener)
    with pytest.raises(ValidationError) as caught:
        screening_skip_phase(screening=screening, actor=screener, reason="  ")
    assert "reason" in caught.value.message_dict
    screening.refresh_from_db()
    assert screening.phase == Phase.ONDERZOEKEN and not screening.steps.exists()
    step = screening_skip_phase(
        screening=screening, actor=screener, reason="Alles bekend uit eerdere melding."
    )
    assert step.skipped and step.skip_reason
    screening.refresh_from_db()
    assert screening.phase == Phase.VERIFIEREN


def test_a_step_must_record_something(melding, screener):
    screening = screening_take(signal=melding, actor=screener)
    with pytest.raises(ValidationError):
        screening_record_step(screening=screening, actor=screener)


def test_the_home_situation_is_not_contacted_for_a_perpetrator(school_worker, screener):
    signal = make_signal(school_worker, role="perpetrator")
    screening = screening_take(signal=signal, actor=screener)
    with pytest.raises(ValidationError) as caught:
        screening_record_step(screening=screening, actor=screener, home_contacted=True)
    assert "home_contacted" in caught.value.message_dict


def test_only_the_screening_team_screens(melding, police_officer, school_worker):
    for user in (police_officer, school_worker):
        with pytest.raises(PermissionDenied):
            screening_take(signal=melding, actor=user)


def test_groen_goes_to_the_cjg_alone(
    melding, screener, region, routing, police_officer, vh_worker, cjg_worker
):
    screening = to_vaststellen(melding, screener, region)
    classification = screening_classify(
        screening=screening,
        actor=screener,
        colour=Colour.GROEN,
        rationale="Zorgen, geen loverboyactiviteit aangetoond.",
    )
    dossier = classification.dossier
    assert sees_dossier(cjg_worker, dossier) and sees_signal(cjg_worker, melding)
    # An organisation outside the routing never sees a groen melding.
    for user in (police_officer, vh_worker):
        assert not sees_dossier(user, dossier)
        assert not sees_signal(user, melding)
    assert list(
        HandOff.objects.filter(dossier=dossier).values_list("to_organisation", "kind")
    ) == [(routing.cjg.pk, HandOffKind.CARE)]


def test_a_routing_target_the_region_lacks_is_noted(melding, screener, region):
    # No Veiligheidshuis, CJG or RCMP in this region: only the kernteam joins.
    melding = make_signal(melding.created_by)
    from partners.models import Organisation

    Organisation.objects.filter(kind__in=["veiligheidshuis", "cjg", "rcmp"]).update(
        active=False
    )
    screening = to_vaststellen(melding, screener, region)
    classification = screening_classify(
        screening=screening, actor=screener, colour=Colour.ORANJE, rationale="Sterk."
    )
    classification.refresh_from_db()
    assert "Veiligheidshuis" in classification.routing_note
    assert "RCMP" in classification.routing_note


def test_four_eyes_on_rood(
    melding, screener, second_screener, region, routing, police_officer
):
    screening = to_vaststellen(melding, screener, region)
    proposal = screening_classify(
        screening=screening,
        actor=screener,
        colour=Colour.ROOD,
        rationale="Duidelijke loverboyactiviteit, zeer bedreigend.",
    )
    dossier = proposal.dossier
    assert proposal.status == ClassificationStatus.PENDING
    # Pending grants nothing and changes no colour.
    assert dossier_colour(dossier=dossier) == ""
    assert not sees_dossier(police_officer, dossier)
    assert not HandOff.objects.filter(dossier=dossier).exists()
    melding.refresh_from_db()
    assert melding.status == Status.IN_SCREENING
    # A second proposal waits for the first.
    with pytest.raises(ValidationError):
        dossier_classify(
            dossier=dossier, actor=second_screener, colour=Colour.ORANJE, rationale="x"
        )
    # The proposer cannot confirm.
    with pytest.raises(PermissionDenied):
        classification_confirm(classification=proposal, actor=screener)
    proposal.refresh_from_db()
    assert proposal.status == ClassificationStatus.PENDING
    classification_confirm(classification=proposal, actor=second_screener)
    proposal.refresh_from_db()
    assert proposal.status == ClassificationStatus.CONFIRMED
    assert proposal.confirmed_by == second_screener
    assert dossier_colour(dossier=dossier) == Colour.ROOD
    assert sees_dossier(police_officer, dossier)
    kinds = set(HandOff.objects.filter(dossier=dossier).values_list("kind", flat=True))
    assert {HandOffKind.RCMP, HandOffKind.PRIORITY, HandOffKind.CASEMANAGER} <= kinds
    melding.refresh_from_db()
    assert melding.status == Status.CLASSIFIED


def test_a_declined_proposal_changes_nothing(
    melding, screener, second_screener, region, police_officer
):
    screening = to_vaststellen(melding, screener, region)
    oranje = screening_classify(
        screening=screening, actor=screener, colour=Colour.ORANJE, rationale="Sterk."
    )
    proposal = dossier_classify(
        dossier=oranje.dossier, actor=screener, colour=Colour.ROOD, rationale="Erger."
    )
    with pytest.raises(PermissionDenied):
        classification_decline(classification=proposal, actor=screener)
    classification_decline(classification=proposal, actor=second_screener)
    assert dossier_colour(dossier=oranje.dossier) == Colour.ORANJE


def classify_rood(melding, screener, second_screener, region) -> Dossier:
    screening = to_vaststellen(melding, screener, region)
    proposal = screening_classify(
        screening=screening, actor=screener, colour=Colour.ROOD, rationale="Rood."
    )
    classification_confirm(classification=proposal, actor=second_screener)
    return proposal.dossier


def test_lowering_from_rood_keeps_the_grants_unless_decided(
    melding, screener, second_screener, region, routing, police_officer
):
    dossier = classify_rood(melding, screener, second_screener, region)
    lowering = dossier_classify(
        dossier=dossier, actor=screener, colour=Colour.GROEN, rationale="Afgeschaald."
    )
    assert lowering.status == ClassificationStatus.PENDING
    assert lowering.previous_colour == Colour.ROOD
    classification_confirm(classification=lowering, actor=second_screener)
    assert dossier_colour(dossier=dossier) == Colour.GROEN
    # Not decided: the police keeps what it was given.
    assert sees_dossier(police_officer, dossier)
    assert not lowering.withdraw_access
    # Decided, recorded in the classification row: the colour's organisations leave.
    raised = dossier_classify(
        dossier=dossier, actor=screener, colour=Colour.ORANJE, rationale="Weer op."
    )
    assert raised.status == ClassificationStatus.CONFIRMED
    lowered = dossier_classify(
        dossier=dossier,
        actor=screener,
        colour=Colour.BLAUW,
        rationale="Geen loverboyactiviteit.",
        withdraw_access=True,
    )
    lowered.refresh_from_db()
    assert lowered.withdraw_access
    assert not sees_dossier(police_officer, dossier)
    participants = set(dossier_participants(dossier=dossier))
    assert routing.veiligheidshuis in participants  # blauw routes there
    assert DossierEvent.objects.filter(
        dossier=dossier,
        kind=DossierEventKind.INVITATION_WITHDRAWN,
        organisation=region.politie,
    ).exists()
    # The colour history keeps who, when, why and the previous colour.
    history = list(
        Classification.objects.filter(
            dossier=dossier, status=ClassificationStatus.CONFIRMED
        ).values_list("previous_colour", "colour")
    )
    assert history == [
        (Colour.ORANJE, Colour.BLAUW),
        (Colour.GROEN, Colour.ORANJE),
        (Colour.ROOD, Colour.GROEN),
        ("", Colour.ROOD),
    ]


def test_withdrawing_is_only_for_lowering(melding, screener, region):
    screening = to_vaststellen(melding, screener, region)
    with pytest.raises(ValidationError) as caught:
        screening_classify(
            screening=screening, actor=screener, colour=Colour.GROEN, rationale=""
        )
    assert "rationale" in caught.value.message_dict
    groen = screening_classify(
        screening=screening, actor=screener, colour=Colour.GROEN, rationale="Zorg."
    )
    with pytest.raises(ValidationError) as caught:
        dossier_classify(
            dossier=groen.dossier,
            actor=screener,
            colour=Colour.ORANJE,
            rationale="Op.",
            withdraw_access=True,
        )
    assert "withdraw_access" in caught.value.message_dict


def test_the_receiving_organisation_acknowledges_its_hand_off(
    melding, screener, region, cjg_worker, vh_worker
):
    screening = to_vaststellen(melding, screener, region)
    screening_classify(
        screening=screening, actor=screener, colour=Colour.GROEN, rationale="Zorg."
    )
    (hand_off,) = hand_offs_for(user=cjg_worker)
    assert not hand_offs_for(user=vh_worker).exists()
    with pytest.raises(PermissionDenied):
        hand_off_acknowledge(hand_off=hand_off, actor=vh_worker)
    hand_off_acknowledge(hand_off=hand_off, actor=cjg_worker)
    hand_off.refresh_from_db()
    assert hand_off.acknowledged_by == cjg_worker and hand_off.acknowledged_at
