"""Reads of the perpetrator decisions and the art. 273f Sr test.

The screening page reads a melding's decision after its own scope check
(``selectors.screening_page``); the OM or RCMP user reaches the test through a
hand-off of their organisation (``hand_off_get``), and anyone else gets a 404.
"""

from __future__ import annotations

from classification.constants import TEST_273F_ANSWER_KINDS, HandOffKind
from classification.models import HandOff, PerpetratorDecision
from classification.selectors import hand_off_get
from partners.access import not_visible, principal_for
from partners.models import User
from signals.models import Dossier, Signal

CHANGE_HANDOFF = "classification.change_handoff"


def perpetrator_test_may_record(user: User, decision: PerpetratorDecision) -> bool:
    """Only a user of the OM or the RCMP whose organisation the test was put to
    (a hand-off), under a valid convenant, records the answer."""
    principal = principal_for(user)
    if (
        principal is None
        or principal.group_id is None
        or not principal.has_permission(CHANGE_HANDOFF)
        or user.organisation is None
        or user.organisation.kind not in TEST_273F_ANSWER_KINDS
    ):
        return False
    return HandOff.objects.filter(
        perpetrator_decision=decision,
        kind=HandOffKind.TEST_273F,
        to_organisation_id=principal.organisation_id,
    ).exists()


def perpetrator_decision_of(*, signal: Signal) -> PerpetratorDecision | None:
    """The decision on a melding the caller already may read (the screening page)."""
    return (
        PerpetratorDecision.objects.select_related(
            "decided_by", "test_by", "test_organisation"
        )
        .filter(signal=signal)
        .first()
    )


def perpetrator_decisions_on(*, dossier: Dossier) -> list[PerpetratorDecision]:
    """The decisions on a dossier the caller already may read (the dossier page)."""
    return list(
        PerpetratorDecision.objects.select_related(
            "signal", "decided_by", "test_by", "test_organisation"
        ).filter(dossier=dossier)
    )


def perpetrator_test_get(*, user: User, hand_off_id: int) -> HandOff:
    """The art. 273f Sr hand-off of the user's organisation that the user may
    answer (OM or RCMP); anything else is a 404."""
    hand_off = hand_off_get(user=user, hand_off_id=hand_off_id)
    decision = hand_off.perpetrator_decision
    if (
        hand_off.kind != HandOffKind.TEST_273F
        or decision is None
        or not perpetrator_test_may_record(user, decision)
    ):
        raise not_visible(user, HandOff, hand_off_id)
    return hand_off
